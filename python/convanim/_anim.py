"""Animations in memory: the options of `convanim animate` as keyword
arguments, the frame writers in a table, and the Animation a notebook shows."""

import base64
import html
import json
import math
import numbers
from collections import namedtuple
from ctypes import POINTER, byref, c_int, c_size_t, c_void_p, create_string_buffer

from ._engine import integer, mode_of, samples, signal
from ._lib import (CA_GIF_MAX_COMMENT, CA_META_TEXT, CA_ANIM_DEFAULT_DURATION_S, CA_VIDEO_MP4,
                   CA_VIDEO_WEBM, Error,
                   ca_anim_options, ca_error, ca_memory, ca_meta, ca_preset, call, check,
                   doubles, lib, memory_bytes, path_text, text)

# A format: its MIME type, how to open its writer on a sink (returning a
# ca_frame_writer), and the HTML element that shows it inline. A new writer
# in the library is one more entry here.
_Format = namedtuple("_Format", "mime open element")


def _open_gif(sink, meta, palette, loop):
    """The GIF writer, carrying the description `convanim embed` reads, as
    the command line writes it."""
    gif = c_void_p()
    call("ca_gif_open", byref(sink), meta.width, meta.height, palette, loop, byref(gif))
    writer = lib.ca_gif_writer(gif)
    try:
        comment = create_string_buffer(CA_GIF_MAX_COMMENT)
        call("ca_meta_format", byref(meta), comment, len(comment))
        call("ca_gif_comment", gif, comment.value)
    except Error:
        writer.abort(writer.ctx)
        raise
    return writer


def _open_webp(sink, meta, palette, loop):
    """The lossless animated WebP writer."""
    webp = c_void_p()
    call("ca_webp_open", byref(sink), meta.width, meta.height, palette, loop, byref(webp))
    return lib.ca_webp_writer(webp)


def _video_opener(video_format):
    """The opener of a video writer (FFmpeg's libraries, loaded by the
    library when first needed); a video plays once, so loop is unused."""
    def open_video(sink, meta, palette, loop):
        video = c_void_p()
        call("ca_video_open", byref(sink), video_format, meta.width, meta.height, palette,
             byref(video))
        return lib.ca_video_writer(video)
    return open_video


_IMG = '<img src="{src}" width="{width}" height="{height}" alt="{alt}">'
_VIDEO = ('<video src="{src}" width="{width}" height="{height}" aria-label="{alt}" '
          'controls loop muted playsinline></video>')

FORMATS = {
    "gif": _Format("image/gif", _open_gif, _IMG),
    "webp": _Format("image/webp", _open_webp, _IMG),
    "webm": _Format("video/webm", _video_opener(CA_VIDEO_WEBM), _VIDEO),
    "mp4": _Format("video/mp4", _video_opener(CA_VIDEO_MP4), _VIDEO),
}


class Animation:
    """An animation rendered in memory.

    data    the file's bytes (fmt says which format)
    poster  the last frame as PNG bytes
    width, height, frames
    alt     a sentence saying what the animation shows (the HTML's alt text)

    save(path) writes the file, describe() says what every frame shows; in
    Jupyter the object shows itself."""

    def __init__(self, data, fmt, width, height, frames, alt, poster, description):
        self.data = data
        self.fmt = fmt
        self.width = width
        self.height = height
        self.frames = frames
        self.alt = alt
        self.poster = poster
        self._description = description

    def describe(self):
        """What every frame shows, as `convanim animate --describe` writes
        it: a dict with the size, title, mode and layout, and under
        "frames" each frame's delay, output sample, value, caption and
        panels (labels, limits, style). A new dict each call."""
        return json.loads(self._description)

    def save(self, path):
        """Writes the animation to path, replacing it atomically: path shows
        the old contents or the new, never a part. Raises convanim.Error
        (path left as it was) when the folder is missing or path is a
        folder or not a regular file, or the write fails."""
        name = path_text(path, "path")
        handle = c_void_p()
        call("ca_file_sink_open", name, byref(handle))
        sink = lib.ca_file_sink_get(handle)
        err = ca_error()
        status = 0
        if sink.write(sink.ctx, self.data, len(self.data)) != len(self.data):
            status = lib.ca_sink_failed(byref(sink), byref(err))
        check(lib.ca_file_sink_close(handle, status, byref(err)), err)

    def _repr_html_(self):
        src = "data:%s;base64,%s" % (FORMATS[self.fmt].mime,
                                     base64.b64encode(self.data).decode("ascii"))
        return FORMATS[self.fmt].element.format(src=src, width=self.width, height=self.height,
                                                alt=html.escape(self.alt))

    def __repr__(self):
        return "<convanim.Animation %s %dx%d, %d frames, %d bytes>" % (
            self.fmt, self.width, self.height, self.frames, len(self.data))


def _enum(parse, value, what):
    out = c_int()
    call(parse, text(value, what), byref(out))
    return out.value


def _size(size):
    if not isinstance(size, (tuple, list)) or len(size) != 2:
        raise Error("size wants (width, height) in pixels, like (960, 640) (got %r)" % (size,))
    return integer(size[0], "width"), integer(size[1], "height")


def _real(value, what):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise Error("%s wants a number (got %r)" % (what, value))
    return float(value)


def _delay_of_fps(fps):
    fps = _real(fps, "fps")
    if not 0.1 <= fps <= 100:
        raise Error("fps wants a number from 0.1 to 100 (got %g)" % fps)
    # rounded half away from zero, as the command line's lround
    return int(math.floor(1000 / fps + 0.5))


def _labels(labels, keep):
    if not isinstance(labels, (tuple, list)) or len(labels) != 3:
        raise Error("labels wants three labels (f, g, output), None for a default (got %r)"
                    % (labels,))
    return [None if label is None else keep(text(label, "labels")) for label in labels]


def _pauses(pause_at, keep):
    if isinstance(pause_at, (str, bytes)) or not hasattr(pause_at, "__len__"):
        raise Error("pause_at wants a list of output samples (got %r)" % (pause_at,))
    values = [integer(n, "pause_at", 0, 2**63 - 1) for n in pause_at]
    return keep((c_size_t * len(values))(*values)), len(values)


def _options(keep, size, delay, fps, hold, pause, pause_at, max_frames, title, xlabel, labels,
             theme, layout, style, intro, font, font_scale, threads):
    """A ca_anim_options from the keyword arguments: the library's defaults,
    changed where an argument is given. Whatever the options point to is
    handed to keep, which holds it while the animation lives."""
    opt = ca_anim_options()
    lib.ca_anim_options_default(byref(opt))
    scene, timeline = opt.scene, opt.timeline
    if size is not None:
        scene.width, scene.height = _size(size)
    if delay is not None and fps is not None:
        raise Error("give delay or fps, not both")
    if delay is not None:
        timeline.delay_ms = integer(delay, "delay")
    if fps is not None:
        timeline.delay_ms = _delay_of_fps(fps)
    if hold is not None:
        timeline.hold_ms = integer(hold, "hold")
    if pause is not None:
        timeline.pause_ms = integer(pause, "pause")
    if pause_at is not None:
        points, timeline.npause = _pauses(pause_at, keep)
        timeline.pause_at = points
    if max_frames is not None:
        timeline.max_frames = integer(max_frames, "max_frames", 1)
    if title is not None:
        scene.title = keep(text(title, "title"))
    if xlabel is not None:
        scene.xlabel = keep(text(xlabel, "xlabel"))
    if labels is not None:
        scene.labels[:] = _labels(labels, keep)
    if theme is not None:
        scene.theme = _enum("ca_theme_parse", theme, "theme")
    if layout is not None:
        scene.layout = _enum("ca_layout_parse", layout, "layout")
    if style is not None:
        scene.style = _enum("ca_style_parse", style, "style")
    scene.intro = bool(intro)
    if font is not None:
        scene.font = keep(path_text(font, "font"))
    if font_scale is not None:
        scene.font_scale = _real(font_scale, "font_scale")
    opt.threads = integer(threads, "threads", 0, 64)
    call("ca_anim_check", byref(opt))
    return opt


def _name(x, what):
    """What the description calls a signal: its spec, or "array"."""
    return text(x, what) if isinstance(x, str) else b"array"


def _render(anim, meta, fmt, loop):
    """Hands every frame to the format's writer on a memory sink: the
    file's bytes, the last frame as a PNG and the description (JSON)."""
    palette = lib.ca_anim_palette(anim)
    memory, png, description = ca_memory(), ca_memory(), ca_memory()
    try:
        sink = lib.ca_memory_sink(byref(memory))
        writer = FORMATS[fmt].open(sink, meta, palette, loop)
        err = ca_error()
        status = 0
        try:
            for _ in range(meta.frames):
                status = lib.ca_anim_next(anim, byref(writer), 1, byref(err))
                if status:
                    break
        except BaseException:
            writer.abort(writer.ctx)
            raise
        if status:
            writer.abort(writer.ctx)
            check(status, err)
        check(writer.finish(writer.ctx, byref(err)), err)
        last = lib.ca_anim_last_frame(anim).contents
        png_sink = lib.ca_memory_sink(byref(png))
        call("ca_png_write_indexed_to", byref(png_sink), last.pixels, last.width, last.height,
             last.stride, last.pal)
        call("ca_anim_describe", anim, byref(lib.ca_memory_sink(byref(description))))
        return memory_bytes(memory), memory_bytes(png), memory_bytes(description)
    finally:
        for m in (memory, png, description):
            lib.ca_memory_free(byref(m))


def _csignal(spec, what):
    if not isinstance(spec, str):
        raise Error("continuous time takes %s as a spec, like \"rect:width=1\" (got %s)"
                    % (what, type(spec).__name__))
    out = c_void_p()
    call("ca_csignal_from_spec", text(spec, what), None, None, byref(out))
    return out


def _new_discrete(f, g, mode, correlate, opt, meta, anim):
    a = signal(f) if isinstance(f, str) else samples(f, "f")
    b = signal(g) if isinstance(g, str) else samples(g, "g")
    m = mode_of(mode)
    call("ca_anim_new", doubles(a), a.size, doubles(b), b.size, m, bool(correlate), byref(opt),
         byref(anim))
    meta.nf, meta.ng, meta.mode, meta.correlate = a.size, b.size, m, bool(correlate)


def animate(f, g, *, mode="full", correlate=False, layout=None, size=None, delay=None,
            fps=None, hold=None, loop=0, max_frames=None, title=None, xlabel=None, labels=None,
            theme=None, style=None, intro=False, pause_at=None, pause=None, font=None,
            font_scale=None, threads=0, continuous=False, duration=None, fmt="gif"):
    """The animation `convanim animate -f F -g G` writes, in memory: the
    same frames, the same bytes. f and g are arrays of samples or signal
    specs ("sawtooth:pad=5"); with continuous=True, continuous-time specs
    ("rect:width=1").

    The keyword arguments are the command's options: mode ("full", "same",
    "valid"), correlate, layout ("seed", "product", "overlay"), size
    (width, height), delay (ms per frame) or fps, hold and pause (ms),
    pause_at (output samples), loop (0 forever), max_frames, title, xlabel,
    labels (f, g, output; None keeps a default), theme ("light", "dark"),
    style ("auto", "line", "stem"), intro, font (a file), font_scale,
    threads, duration (seconds, continuous time), fmt ("gif"). Text takes
    $...$ math as `convanim animate --help` describes.

    Returns an Animation. Raises convanim.Error, in the library's words, for
    a bad signal or option; nothing is printed and no file is written."""
    if fmt not in FORMATS:
        raise Error("fmt '%s' is not a format convanim writes here; it writes %s"
                    % (fmt, ", ".join(sorted(FORMATS))))
    loop = integer(loop, "loop", 0, 65535)
    held = []

    def keep(obj):
        held.append(obj)
        return obj

    opt = _options(keep, size, delay, fps, hold, pause, pause_at, max_frames, title, xlabel,
                   labels, theme, layout, style, intro, font, font_scale, threads)
    meta = ca_meta(width=opt.scene.width, height=opt.scene.height, layout=opt.scene.layout)
    meta.f, meta.g = _name(f, "f")[:CA_META_TEXT - 1], _name(g, "g")[:CA_META_TEXT - 1]
    anim = c_void_p()
    x = h = None
    try:
        if continuous:
            if mode != "full" or correlate:
                raise Error("%s is for discrete signals: a continuous convolution covers its "
                            "whole support" % ("correlate" if correlate else "mode"))
            seconds = CA_ANIM_DEFAULT_DURATION_S if duration is None else _real(duration,
                                                                               "duration")
            x, h = _csignal(f, "f"), _csignal(g, "g")
            call("ca_anim_new_continuous", x, h, seconds, byref(opt), byref(anim))
            meta.mode = mode_of("full")
        else:
            if duration is not None:
                raise Error("duration is for continuous time; discrete frames are samples "
                            "(use max_frames)")
            _new_discrete(f, g, mode, correlate, opt, meta, anim)
        timeline = lib.ca_anim_timeline(anim).contents
        meta.outputs, meta.frames = timeline.steps, timeline.frames
        data, poster, description = _render(anim, meta, fmt, loop)
        alt = create_string_buffer(1024)
        lib.ca_meta_alt(byref(meta), alt, len(alt))
        return Animation(data, fmt, meta.width, meta.height, meta.frames,
                         alt.value.decode("utf-8", "replace"), poster, description)
    finally:
        lib.ca_anim_free(anim)
        lib.ca_csignal_free(x)
        lib.ca_csignal_free(h)


def presets():
    """The named examples, as `convanim preset --list` shows them: a list of
    dicts with name, f, g (specs), about and continuous."""
    count = c_size_t()
    table = lib.ca_presets(byref(count))
    return [{"name": p.name.decode(), "f": p.f.decode(), "g": p.g.decode(),
             "about": p.about.decode(), "continuous": p.continuous}
            for p in table[:count.value]]


def preset(name, **options):
    """The animation of a named example (see presets()), as `convanim preset
    NAME` writes it; options as animate() takes them."""
    if "f" in options or "g" in options:
        raise Error("a preset brings its own signals; use convanim.animate(f, g) for others")
    found = POINTER(ca_preset)()
    call("ca_preset_find", None if name is None else text(name, "name"), byref(found))
    p = found.contents
    if options.get("continuous") and not p.continuous:
        raise Error("preset '%s' is of discrete signals; continuous does not apply"
                    % p.name.decode())
    options["continuous"] = p.continuous
    return animate(p.f.decode(), p.g.decode(), **options)

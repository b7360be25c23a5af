"""Animations in memory: the options of `convanim animate` as keyword
arguments, the frame writers in a table, and the Animation a notebook shows."""

import base64
import html
import inspect
import json
import math
import numbers
from collections import namedtuple
from ctypes import POINTER, byref, c_double, c_int, c_size_t, c_void_p, create_string_buffer
from types import SimpleNamespace

from ._engine import integer, load, mode_of, samples
from ._lib import (CA_GIF_MAX_COMMENT, CA_LAYOUT_STACKED, CA_META_TEXT,
                   CA_ANIM_DEFAULT_DURATION_S, CA_STYLE_DEFAULT, CA_VIDEO_MP4, CA_VIDEO_WEBM,
                   Error,
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


def _labels(labels, one, keep):
    """labels (f, g, output), then f_label, g_label, out_label over them, as
    --f-label and the others go over --labels; "" or None is the default."""
    if labels is None:
        labels = (None, None, None)
    elif not isinstance(labels, (tuple, list)) or len(labels) != 3:
        raise Error("labels wants three labels (f, g, output), None for a default (got %r)"
                    % (labels,))
    out = []
    for label, given, what in zip(labels, one, ("f_label", "g_label", "out_label")):
        chosen = text(given, what) if given is not None else (
            None if label is None else text(label, "labels"))
        out.append(keep(chosen) if chosen else None)
    return out


def _pauses(pause_at, continuous, keep):
    """Output samples to pause at, or in continuous time times in seconds:
    the pointer and the count."""
    if isinstance(pause_at, (str, bytes)) or not hasattr(pause_at, "__len__"):
        raise Error("pause_at wants a list of %s (got %r)"
                    % ("times in seconds" if continuous else "output samples", pause_at))
    if continuous:
        values = [_real(t, "pause_at") for t in pause_at]
        return keep((c_double * len(values))(*values)), len(values)
    values = [integer(n, "pause_at", 0, 2**63 - 1) for n in pause_at]
    return keep((c_size_t * len(values))(*values)), len(values)


def _steps(steps, continuous):
    """(a, b): output samples a to b, both included."""
    if continuous:
        raise Error("steps is for discrete signals: continuous frames are times (use duration)")
    if not isinstance(steps, (tuple, list)) or len(steps) != 2:
        raise Error("steps wants output samples (a, b), like (10, 30) (got %r)" % (steps,))
    return [integer(n, "steps", 0, 2**63 - 1) for n in steps]


def _options(a, preset_style, keep):
    """A ca_anim_options from animate()'s arguments a: the library's
    defaults, changed where an argument is given; preset_style is a
    preset's style for the seed layout, as `convanim preset` applies it.
    Whatever the options point to is handed to keep, which holds it while
    the animation lives."""
    opt = ca_anim_options()
    lib.ca_anim_options_default(byref(opt))
    scene, timeline = opt.scene, opt.timeline
    if a.size is not None:
        scene.width, scene.height = _size(a.size)
    if a.delay is not None and a.fps is not None:
        raise Error("give delay or fps, not both")
    if a.delay is not None:
        timeline.delay_ms = integer(a.delay, "delay")
    if a.fps is not None:
        timeline.delay_ms = _delay_of_fps(a.fps)
    if a.hold is not None:
        timeline.hold_ms = integer(a.hold, "hold")
    if a.pause is not None:
        timeline.pause_ms = integer(a.pause, "pause")
    if a.pause_at is not None and a.continuous:
        timeline.pause_at_s, timeline.npause_s = _pauses(a.pause_at, True, keep)
    elif a.pause_at is not None:
        timeline.pause_at, timeline.npause = _pauses(a.pause_at, False, keep)
    if a.max_frames is not None:
        timeline.max_frames = integer(a.max_frames, "max_frames", 1)
    if a.steps is not None:
        timeline.first_step, timeline.last_step = _steps(a.steps, a.continuous)
        timeline.range = True
    if a.title is not None:
        scene.title = keep(text(a.title, "title"))
    if a.xlabel is not None:
        scene.xlabel = keep(text(a.xlabel, "xlabel"))
    scene.labels[:] = _labels(a.labels, (a.f_label, a.g_label, a.out_label), keep)
    if a.theme is not None:
        scene.theme = _enum("ca_theme_parse", a.theme, "theme")
    if a.layout is not None:
        scene.layout = _enum("ca_layout_parse", a.layout, "layout")
    if a.style is not None:
        scene.style = _enum("ca_style_parse", a.style, "style")
    elif (preset_style is not None and scene.style == CA_STYLE_DEFAULT
          and scene.layout == CA_LAYOUT_STACKED):
        scene.style = preset_style
    scene.intro = bool(a.intro)
    if a.font is not None:
        scene.font = keep(path_text(a.font, "font"))
    if a.font_scale is not None:
        scene.font_scale = _real(a.font_scale, "font_scale")
    opt.threads = integer(a.threads, "threads", 0, 64)
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


def _discrete(x, origin, what):
    """f or g as ca_anim_new takes it: its samples, the index of its first
    sample and how many at each end are padding, from the spec as the
    command line reads it, or for an array from origins."""
    if isinstance(x, str):
        if origin is not None:
            raise Error("%s is a spec: its origin goes in it (origin=N), not in origins" % what)
        return load(x, what)
    return samples(x, what), 0 if origin is None else integer(origin, "origins", -2**63,
                                                             2**63 - 1), 0


def _new_discrete(a, opt, meta, anim):
    origins = (None, None) if a.origins is None else a.origins
    if not isinstance(origins, (tuple, list)) or len(origins) != 2:
        raise Error("origins wants the indices of f[0] and g[0], (f0, g0), None for a spec's "
                    "own (got %r)" % (origins,))
    (x, fo, fp), (y, go, gp) = _discrete(a.f, origins[0], "f"), _discrete(a.g, origins[1], "g")
    opt.scene.origin[:] = fo, go
    opt.scene.pad[:] = fp, gp
    m = mode_of(a.mode)
    call("ca_anim_new", doubles(x), x.size, doubles(y), y.size, m, bool(a.correlate),
         byref(opt), byref(anim))
    meta.nf, meta.ng, meta.mode, meta.correlate = x.size, y.size, m, bool(a.correlate)


def animate(f, g, *, mode="full", correlate=False, layout=None, size=None, delay=None,
            fps=None, hold=None, loop=0, max_frames=None, steps=None, title=None, xlabel=None,
            labels=None, f_label=None, g_label=None, out_label=None, origins=None, theme=None,
            style=None, intro=False, pause_at=None, pause=None, font=None, font_scale=None,
            threads=0, continuous=False, duration=None, fmt="gif"):
    """The animation `convanim animate -f F -g G` writes, in memory: the
    same frames, the same bytes. f and g are arrays of samples or signal
    specs ("sawtooth:pad=5", "values:1;2;3,origin=-1"); with
    continuous=True, continuous-time specs ("rect:width=1").

    The keyword arguments are the command's options: mode ("full", "same",
    "valid"), correlate, layout ("seed", "product", "overlay"), size
    (width, height), delay (ms per frame) or fps, hold and pause (ms),
    pause_at (output samples; in continuous time, times in seconds), loop
    (0 forever), max_frames, steps ((a, b): animate output samples a to b
    only, the rest drawn grey), title, xlabel, labels (f, g, output; None
    keeps a default), f_label, g_label, out_label (one label, over labels),
    theme ("light", "dark"), style ("auto", "line", "stem"), intro, font (a
    file), font_scale, threads, duration (seconds, continuous time), fmt
    ("gif", "webp", "webm", "mp4"). Text takes $...$ math as `convanim
    animate --help` describes. A spec's origin=N and pad=N show on the axes
    as the command draws them; origins=(f0, g0) gives the index of f[0] and
    g[0] for arrays (None for a spec, which carries its own).

    Returns an Animation. Raises convanim.Error, in the library's words, for
    a bad signal or option; nothing is printed and no file is written."""
    return _animate(SimpleNamespace(**locals()), None)


def _animate(a, preset_style):
    """animate() with its arguments a, and a preset's style (or None)."""
    if a.fmt not in FORMATS:
        raise Error("fmt '%s' is not a format convanim writes here; it writes %s"
                    % (a.fmt, ", ".join(sorted(FORMATS))))
    loop = integer(a.loop, "loop", 0, 65535)
    held = []

    def keep(obj):
        held.append(obj)
        return obj

    opt = _options(a, preset_style, keep)
    meta = ca_meta(width=opt.scene.width, height=opt.scene.height, layout=opt.scene.layout)
    meta.f, meta.g = _name(a.f, "f")[:CA_META_TEXT - 1], _name(a.g, "g")[:CA_META_TEXT - 1]
    # the title, for the pages' captions, and the kind of signals, as the
    # command line records them
    meta.title = (opt.scene.title or b"")[:CA_META_TEXT - 1]
    meta.continuous = bool(a.continuous)
    anim = c_void_p()
    x = h = None
    try:
        if a.continuous:
            if a.mode != "full" or a.correlate:
                raise Error("%s is for discrete signals: a continuous convolution covers its "
                            "whole support" % ("correlate" if a.correlate else "mode"))
            if a.origins is not None:
                raise Error("origins is for arrays of samples; continuous time takes specs")
            seconds = CA_ANIM_DEFAULT_DURATION_S if a.duration is None else _real(a.duration,
                                                                                 "duration")
            x, h = _csignal(a.f, "f"), _csignal(a.g, "g")
            call("ca_anim_new_continuous", x, h, seconds, byref(opt), byref(anim))
            meta.mode = mode_of("full")
        else:
            if a.duration is not None:
                raise Error("duration is for continuous time; discrete frames are samples "
                            "(use max_frames)")
            _new_discrete(a, opt, meta, anim)
        for i, label in enumerate(opt.scene.labels):
            # only names given are written, as the command line writes them
            if label:
                meta.name[i].value = lib.ca_anim_name(anim, i)[:CA_META_TEXT - 1]
        timeline = lib.ca_anim_timeline(anim).contents
        meta.outputs, meta.frames = timeline.steps, timeline.frames
        data, poster, description = _render(anim, meta, a.fmt, loop)
        alt = create_string_buffer(1024)
        lib.ca_meta_alt(byref(meta), alt, len(alt))
        return Animation(data, a.fmt, meta.width, meta.height, meta.frames,
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
    bound = inspect.signature(animate).bind(p.f.decode(), p.g.decode(), **options)
    bound.apply_defaults()
    return _animate(SimpleNamespace(**bound.arguments), p.style)

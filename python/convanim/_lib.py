"""The shared library through ctypes: finding it, the structures the module
hands it (mirrors of the C headers, checked against them by
python/tests/test_layout.py), the prototypes, and the one error type."""

import ctypes
import os
from ctypes import (CFUNCTYPE, POINTER, Structure, byref, c_bool, c_char, c_char_p,
                    c_double, c_int, c_int16, c_long, c_size_t, c_ssize_t, c_uint8, c_void_p)
from pathlib import Path

SONAME = "libconvanim.so.0"


class Error(ValueError):
    """What convanim refused or could not do, in the library's own sentence.

    status says which kind of failure it was, as ca_strerror names it:
    "bad input", "input over the limits", "out of memory" or "input/output
    error"."""

    def __init__(self, message, status="bad input"):
        super().__init__(message)
        self.status = status


def _candidates():
    """Where the library may be: CONVANIM_LIB alone when it is set; else the
    tree's build/ beside python/; else PREFIX/lib for a package installed in
    PREFIX/lib/pythonX.Y/dist-packages; else the dynamic linker's search."""
    chosen = os.environ.get("CONVANIM_LIB")
    if chosen:
        return [chosen]
    package = Path(__file__).resolve().parent
    return [str(package.parents[1] / "build" / SONAME),
            str(package.parents[2] / SONAME),
            SONAME]


def _load():
    tried = []
    for candidate in _candidates():
        if os.sep in candidate and not os.path.exists(candidate):
            tried.append(candidate)
            continue
        try:
            return ctypes.CDLL(candidate), candidate
        except OSError as e:
            tried.append("%s (%s)" % (candidate, e))
    raise ImportError("convanim: cannot load %s; tried %s. Build it with make, or set "
                      "CONVANIM_LIB to its path" % (SONAME, ", ".join(tried)))


lib, path = _load()

# Mirrors of include/convanim/*.h: each class bears its C name, and
# test_layout.py compiles the headers to check every field's offset.
CA_ERROR_MAX = 320
CA_META_TEXT = 256
CA_PALETTE_SIZE = 256
CA_PALETTE_MAX_COLOURS = 16
CA_GIF_MAX_COMMENT = 4096
CA_ANIM_DEFAULT_DURATION_S = 4.0
CA_VIDEO_WEBM = 0
CA_VIDEO_MP4 = 1
CA_LAYOUT_STACKED = 0
CA_STYLE_DEFAULT = 0
CONSTANTS = ("CA_ERROR_MAX", "CA_META_TEXT", "CA_PALETTE_SIZE", "CA_PALETTE_MAX_COLOURS",
             "CA_GIF_MAX_COMMENT", "CA_ANIM_DEFAULT_DURATION_S", "CA_VIDEO_WEBM",
             "CA_VIDEO_MP4", "CA_LAYOUT_STACKED", "CA_STYLE_DEFAULT")


class ca_error(Structure):
    _fields_ = [("status", c_int), ("msg", c_char * CA_ERROR_MAX)]


class ca_signal(Structure):
    _fields_ = [("v", POINTER(c_double)), ("n", c_size_t), ("origin", c_long),
                ("pad", c_size_t)]


class ca_image(Structure):
    _fields_ = [("v", POINTER(c_double)), ("width", c_int), ("height", c_int)]


class ca_conv2d_options(Structure):
    _fields_ = [("mode", c_int), ("padded", c_bool), ("py", c_int), ("px", c_int),
                ("sy", c_int), ("sx", c_int), ("dy", c_int), ("dx", c_int), ("ay", c_int),
                ("ax", c_int), ("transposed", c_bool), ("correlate", c_bool)]


class ca_memory(Structure):
    _fields_ = [("data", POINTER(c_uint8)), ("size", c_size_t), ("capacity", c_size_t),
                ("out_of_memory", c_int)]


WRITE_FN = CFUNCTYPE(c_size_t, c_void_p, c_void_p, c_size_t)
FAILED_FN = CFUNCTYPE(c_int, c_void_p, POINTER(ca_error))


class ca_sink(Structure):
    _fields_ = [("write", WRITE_FN), ("failed", FAILED_FN), ("ctx", c_void_p),
                ("name", c_char_p)]


class ca_scene_options(Structure):
    _fields_ = [("width", c_int), ("height", c_int), ("theme", c_int), ("layout", c_int),
                ("style", c_int), ("intro", c_bool), ("title", c_char_p),
                ("xlabel", c_char_p), ("labels", c_char_p * 3), ("font", c_char_p),
                ("font_scale", c_double), ("range", c_bool), ("first_step", c_size_t),
                ("last_step", c_size_t), ("origin", c_long * 2), ("pad", c_size_t * 2)]


class ca_timeline_options(Structure):
    _fields_ = [("delay_ms", c_int), ("hold_ms", c_int), ("pause_ms", c_int),
                ("pause_at", POINTER(c_size_t)), ("npause", c_size_t),
                ("max_frames", c_size_t), ("range", c_bool), ("first_step", c_size_t),
                ("last_step", c_size_t), ("pause_at_s", POINTER(c_double)),
                ("npause_s", c_size_t)]


class ca_anim_options(Structure):
    _fields_ = [("scene", ca_scene_options), ("timeline", ca_timeline_options),
                ("threads", c_int)]


class ca_timeline(Structure):
    _fields_ = [("intro", c_size_t), ("steps", c_size_t), ("frames", c_size_t),
                ("delay_ms", c_int), ("hold_ms", c_int), ("pause_ms", c_int),
                ("paused", POINTER(c_bool)), ("first", c_size_t), ("shown", c_size_t)]


class ca_rgb(Structure):
    _fields_ = [("r", c_uint8), ("g", c_uint8), ("b", c_uint8)]


class ca_palette(Structure):
    _fields_ = [("rgb", ca_rgb * CA_PALETTE_SIZE), ("count", c_int), ("ncolours", c_int),
                ("solid", c_uint8 * CA_PALETTE_MAX_COLOURS),
                ("ramp", (c_int16 * CA_PALETTE_MAX_COLOURS) * CA_PALETTE_MAX_COLOURS),
                ("top", c_uint8 * CA_PALETTE_SIZE), ("under", c_uint8 * CA_PALETTE_SIZE),
                ("level", c_uint8 * CA_PALETTE_SIZE)]


class ca_canvas(Structure):
    _fields_ = [("pixels", POINTER(c_uint8)), ("width", c_int), ("height", c_int),
                ("stride", c_ssize_t), ("x0", c_int), ("y0", c_int),
                ("pal", POINTER(ca_palette)), ("damage", c_void_p)]


ADD_FN = CFUNCTYPE(c_int, c_void_p, POINTER(ca_canvas), c_int, c_void_p, POINTER(ca_error))
FINISH_FN = CFUNCTYPE(c_int, c_void_p, POINTER(ca_error))
ABORT_FN = CFUNCTYPE(None, c_void_p)


class ca_frame_writer(Structure):
    _fields_ = [("ctx", c_void_p), ("add", ADD_FN), ("finish", FINISH_FN),
                ("abort", ABORT_FN)]


class ca_meta(Structure):
    _fields_ = [("f", c_char * CA_META_TEXT), ("g", c_char * CA_META_TEXT),
                ("nf", c_size_t), ("ng", c_size_t), ("outputs", c_size_t),
                ("frames", c_size_t), ("width", c_int), ("height", c_int), ("mode", c_int),
                ("correlate", c_bool), ("layout", c_int), ("poster", c_char * CA_META_TEXT),
                ("name", (c_char * CA_META_TEXT) * 3), ("title", c_char * CA_META_TEXT),
                ("continuous", c_bool), ("narrow", c_char * CA_META_TEXT),
                ("describe", c_char * CA_META_TEXT), ("grid", c_char * CA_META_TEXT)]


class ca_preset(Structure):
    _fields_ = [("name", c_char_p), ("f", c_char_p), ("g", c_char_p), ("about", c_char_p),
                ("continuous", c_bool), ("style", c_int)]


STRUCTS = (ca_error, ca_signal, ca_image, ca_conv2d_options, ca_memory, ca_sink,
           ca_scene_options, ca_timeline_options, ca_anim_options, ca_timeline, ca_rgb,
           ca_palette, ca_canvas, ca_frame_writer, ca_meta, ca_preset)

ERR = POINTER(ca_error)
DOUBLES = POINTER(c_double)
STATUS = c_int

_PROTOTYPES = {
    "ca_strerror": (c_char_p, [c_int]),
    "ca_signal_from_spec": (STATUS, [c_char_p, c_void_p, c_void_p, POINTER(ca_signal), ERR]),
    "ca_signal_free": (None, [POINTER(ca_signal)]),
    "ca_conv_mode_parse": (STATUS, [c_char_p, POINTER(c_int), ERR]),
    "ca_conv_length": (c_size_t, [c_size_t, c_size_t, c_int]),
    "ca_conv": (STATUS, [DOUBLES, c_size_t, DOUBLES, c_size_t, c_int, c_bool, DOUBLES, ERR]),
    "ca_image_check_size": (STATUS, [c_char_p, c_int, c_int, c_void_p, ERR]),
    "ca_image_free": (None, [POINTER(ca_image)]),
    "ca_kernel_from_spec": (STATUS, [c_char_p, POINTER(ca_image), c_void_p, ERR]),
    "ca_conv2d_options_default": (None, [POINTER(ca_conv2d_options)]),
    "ca_conv2d": (STATUS, [POINTER(ca_image), POINTER(ca_image), POINTER(ca_conv2d_options),
                           POINTER(ca_image), ERR]),
    "ca_theme_parse": (STATUS, [c_char_p, POINTER(c_int), ERR]),
    "ca_layout_parse": (STATUS, [c_char_p, POINTER(c_int), ERR]),
    "ca_style_parse": (STATUS, [c_char_p, POINTER(c_int), ERR]),
    "ca_anim_options_default": (None, [POINTER(ca_anim_options)]),
    "ca_anim_check": (STATUS, [POINTER(ca_anim_options), ERR]),
    "ca_anim_new": (STATUS, [DOUBLES, c_size_t, DOUBLES, c_size_t, c_int, c_bool,
                             POINTER(ca_anim_options), POINTER(c_void_p), ERR]),
    "ca_anim_new_continuous": (STATUS, [c_void_p, c_void_p, c_double,
                                        POINTER(ca_anim_options), POINTER(c_void_p), ERR]),
    "ca_anim_palette": (POINTER(ca_palette), [c_void_p]),
    "ca_anim_timeline": (POINTER(ca_timeline), [c_void_p]),
    "ca_anim_next": (STATUS, [c_void_p, POINTER(ca_frame_writer), c_size_t, ERR]),
    "ca_anim_name": (c_char_p, [c_void_p, c_int]),
    "ca_anim_last_frame": (POINTER(ca_canvas), [c_void_p]),
    "ca_anim_describe": (STATUS, [c_void_p, POINTER(ca_sink), ERR]),
    "ca_anim_free": (None, [c_void_p]),
    "ca_csignal_from_spec": (STATUS, [c_char_p, c_void_p, c_void_p, POINTER(c_void_p), ERR]),
    "ca_csignal_free": (None, [c_void_p]),
    "ca_presets": (POINTER(ca_preset), [POINTER(c_size_t)]),
    "ca_preset_find": (STATUS, [c_char_p, POINTER(POINTER(ca_preset)), ERR]),
    "ca_memory_sink": (ca_sink, [POINTER(ca_memory)]),
    "ca_memory_free": (None, [POINTER(ca_memory)]),
    "ca_file_sink_open": (STATUS, [c_char_p, POINTER(c_void_p), ERR]),
    "ca_file_sink_get": (ca_sink, [c_void_p]),
    "ca_file_sink_close": (STATUS, [c_void_p, c_int, ERR]),
    "ca_sink_failed": (STATUS, [POINTER(ca_sink), ERR]),
    "ca_gif_open": (STATUS, [POINTER(ca_sink), c_int, c_int, POINTER(ca_palette), c_int,
                             POINTER(c_void_p), ERR]),
    "ca_gif_comment": (STATUS, [c_void_p, c_char_p, ERR]),
    "ca_gif_writer": (ca_frame_writer, [c_void_p]),
    "ca_webp_open": (STATUS, [POINTER(ca_sink), c_int, c_int, POINTER(ca_palette), c_int,
                              POINTER(c_void_p), ERR]),
    "ca_webp_writer": (ca_frame_writer, [c_void_p]),
    "ca_video_open": (STATUS, [POINTER(ca_sink), c_int, c_int, c_int, POINTER(ca_palette),
                               POINTER(c_void_p), ERR]),
    "ca_video_writer": (ca_frame_writer, [c_void_p]),
    "ca_meta_format": (STATUS, [POINTER(ca_meta), c_char_p, c_size_t, ERR]),
    "ca_meta_alt": (None, [POINTER(ca_meta), c_char_p, c_size_t]),
    "ca_png_write_indexed_to": (STATUS, [POINTER(ca_sink), POINTER(c_uint8), c_int, c_int,
                                         c_ssize_t, POINTER(ca_palette), ERR]),
}

for _name, (_restype, _argtypes) in _PROTOTYPES.items():
    _fn = getattr(lib, _name)
    _fn.restype = _restype
    _fn.argtypes = _argtypes


def check(status, err):
    """Raises the library's sentence when a call did not return CA_OK."""
    if status != 0:
        raise Error(err.msg.decode("utf-8", "replace"), lib.ca_strerror(status).decode())


def call(name, *args):
    """Calls a function whose last argument is the ca_error, raising Error
    on failure."""
    err = ca_error()
    check(getattr(lib, name)(*args, byref(err)), err)


def doubles(array):
    """A pointer to a contiguous float64 array's first element."""
    return array.ctypes.data_as(DOUBLES)


def text(value, what):
    """value as the UTF-8 bytes a C string needs, refusing what C cannot
    hold."""
    if not isinstance(value, str):
        raise Error("%s wants a string (got %r)" % (what, value))
    if "\0" in value:
        raise Error("%s has a NUL character, which C strings cannot hold" % what)
    return value.encode("utf-8")


def path_text(value, what):
    """A path (str or os.PathLike) as text() gives it."""
    return text(os.fspath(value) if isinstance(value, os.PathLike) else value, what)


def memory_bytes(memory):
    """The bytes a memory sink gathered."""
    return ctypes.string_at(memory.data, memory.size) if memory.size else b""

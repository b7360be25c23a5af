"""Signals and the convolution engine: numpy arrays in, numpy arrays out."""

import numbers
from ctypes import byref, c_int

import numpy as np

from ._lib import Error, call, ca_conv2d_options, ca_image, ca_signal, doubles, lib, text

INT_MIN, INT_MAX = -2**31, 2**31 - 1


def integer(value, what, lo=INT_MIN, hi=INT_MAX):
    """value as a Python int in [lo, hi]; the library checks the narrower
    ranges it knows, in its own words."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise Error("%s wants a whole number (got %r)" % (what, value))
    if not lo <= value <= hi:
        raise Error("%s wants a whole number from %d to %d (got %d)" % (what, lo, hi, value))
    return int(value)


def _array(x, what, ndim):
    """x as a C-contiguous float64 array of ndim dimensions with finite
    values (a scalar counts as one sample, as numpy.convolve takes it)."""
    try:
        a = np.array(x, ndmin=1, copy=False)
    except (TypeError, ValueError) as e:
        raise Error("%s is not an array of numbers (%s)" % (what, e)) from None
    if a.dtype.kind not in "biuf":
        raise Error("%s holds %s values; convanim takes real numbers" % (what, a.dtype))
    if a.ndim != ndim:
        raise Error("%s is %d-D; it wants a %d-D array" % (what, a.ndim, ndim))
    a = np.ascontiguousarray(a, dtype=np.float64)
    bad = np.flatnonzero(~np.isfinite(a))
    if bad.size:
        at = np.unravel_index(bad[0], a.shape)
        raise Error("%s%s is %s: samples must be finite numbers"
                    % (what, list(int(i) for i in at), a.flat[bad[0]]))
    return a


def samples(x, what):
    return _array(x, what, 1)


def mode_of(mode):
    """A mode name ("full", "same", "valid") as the engine's number."""
    m = c_int()
    call("ca_conv_mode_parse", text(mode, "mode"), byref(m))
    return m.value


def signal(spec):
    """The samples of a signal spec, as `convanim signal SPEC` prints them:
    signal("sawtooth:pad=5"), signal("values:0;0.5;1"), signal("data.csv").

    Raises convanim.Error naming the culprit for a bad spec."""
    s = ca_signal()
    call("ca_signal_from_spec", text(spec, "spec"), None, None, byref(s))
    try:
        return np.ctypeslib.as_array(s.v, (s.n,)).copy()
    finally:
        lib.ca_signal_free(byref(s))


def conv(f, g, mode="full", correlate=False):
    """numpy.convolve(f, g, mode), or with correlate=True
    numpy.correlate(f, g, mode): the same lengths, alignment and values,
    computed by convanim's engine, as a float64 array.

    Raises convanim.Error for an empty input, a value that is not a finite
    real number, an unknown mode, or an output that overflows (where numpy
    would give inf)."""
    a, b = samples(f, "f"), samples(g, "g")
    m = mode_of(mode)
    y = np.empty(lib.ca_conv_length(a.size, b.size, m))
    call("ca_conv", doubles(a), a.size, doubles(b), b.size, m, bool(correlate), doubles(y))
    return y


def _image(matrix):
    """A ca_image viewing a 2D float64 array's memory."""
    return ca_image(doubles(matrix), matrix.shape[1], matrix.shape[0])


def _matrix(x, what):
    a = _array(x, what, 2)
    h, w = a.shape
    call("ca_image_check_size", what.encode(), min(w, INT_MAX), min(h, INT_MAX), None)
    return a


def _stride(stride):
    if isinstance(stride, (tuple, list)):
        if len(stride) != 2:
            raise Error("stride wants a whole number or a pair (rows, columns) (got %r)"
                        % (stride,))
        return integer(stride[0], "stride"), integer(stride[1], "stride")
    s = integer(stride, "stride")
    return s, s


def conv2d(image, kernel, mode="full", stride=1):
    """scipy.signal.convolve2d(image, kernel, mode), keeping every stride-th
    row and column (stride is one number or a pair (rows, columns)), as
    `convanim conv2d` computes it. image is a 2D array; kernel a 2D array or
    a KERNEL spec ("sobel:vert", "gaussian:size=5,sigma=1", see
    `convanim filters`). Returns a float64 array.

    Raises convanim.Error for an empty or non-finite input, a bad kernel
    spec, an unknown mode, a stride below 1, or a kernel larger than the
    image in valid mode."""
    img = _matrix(image, "image")
    m = mode_of(mode)
    sy, sx = _stride(stride)
    spec_kernel = ca_image()
    out = ca_image()
    try:
        if isinstance(kernel, str):
            call("ca_kernel_from_spec", text(kernel, "kernel"), byref(spec_kernel), None)
            k = spec_kernel
        else:
            # held here: the ca_image only points into it
            kmatrix = _matrix(kernel, "kernel")
            k = _image(kmatrix)
        opt = ca_conv2d_options()
        lib.ca_conv2d_options_default(byref(opt))
        opt.mode, opt.sy, opt.sx = m, sy, sx
        call("ca_conv2d", byref(_image(img)), byref(k), byref(opt), byref(out))
    finally:
        lib.ca_image_free(byref(spec_kernel))
    try:
        return np.ctypeslib.as_array(out.v, (out.height, out.width)).copy()
    finally:
        lib.ca_image_free(byref(out))

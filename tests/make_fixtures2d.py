#!/usr/bin/env python3
"""Writes the SciPy fixtures the 2D Check suites compare against.

Run with python3-scipy, python3-numpy and python3-pil installed (`make
fixtures2d`); `make test` only reads the files. Matrices are text: a line
"ROWS COLS", then the values row by row with %.17g.

  conv2d/       images, kernels and scipy.signal.convolve2d outputs, with
                the strides (1,1), (2,3), (3,1); conv2d.txt lists the cases
  arith2d.txt   padding, stride, dilation, transposed and correlate cases on
                those images and kernels, each a line of settings and the
                output matrix, from a reference written here from PyTorch's
                formulas (and checked against SciPy where the two meet)
  filters/      every named filter's matrix, from the formulas below
  png2d/        PNGs of every colour type and bit depth, and the gray values
                each must read as (ITU-R 601 luma before rounding)
"""
import os
import struct
import sys
import zlib

import numpy as np
from PIL import Image
from scipy.signal import convolve2d, correlate2d

OUT = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures"
rng = np.random.default_rng(2024)


def write_matrix(path, m):
    m = np.atleast_2d(np.asarray(m, dtype=float))
    with open(path, "w") as fp:
        fp.write("%d %d\n" % m.shape)
        for row in m:
            fp.write(" ".join("%.17g" % v for v in row) + "\n")


def conv2d_fixtures():
    images = {"img7x9": rng.random((7, 9)), "img1x6": rng.random((1, 6)),
              "img12x10": rng.normal(size=(12, 10))}
    kernels = {"k3x3": rng.normal(size=(3, 3)), "k2x4": rng.normal(size=(2, 4)),
               "k4x4": rng.normal(size=(4, 4)), "k1x1": np.array([[2.5]]),
               "k5x3": rng.normal(size=(5, 3)), "k1x2": rng.normal(size=(1, 2))}
    for name, m in {**images, **kernels}.items():
        write_matrix(os.path.join(OUT, "conv2d", name + ".txt"), m)
    with open(os.path.join(OUT, "conv2d.txt"), "w") as manifest:
        for iname, img in images.items():
            for kname, k in kernels.items():
                for mode in ("full", "same", "valid"):
                    if mode == "valid" and (k.shape[0] > img.shape[0] or k.shape[1] > img.shape[1]):
                        continue
                    full = convolve2d(img, k, mode)
                    for sy, sx in ((1, 1), (2, 3), (3, 1)):
                        out = full[::sy, ::sx]
                        fname = "conv2d/%s_%s_%s_%dx%d.txt" % (iname, kname, mode, sy, sx)
                        write_matrix(os.path.join(OUT, fname), out)
                        manifest.write("%s %s %s %d %d %s\n" % (iname, kname, mode, sy, sx, fname))


def mode_padding(mode, e, correlate):
    """The zeros before and after an axis that a mode name stands for:
    scipy's full, valid and same; same keeps the middle of full, its extra
    zero after the input for a correlation, before it for a convolution."""
    half = ((e - 1) // 2, e - 1 - (e - 1) // 2)
    return {"full": (e - 1, e - 1), "valid": (0, 0),
            "same": half if correlate else half[::-1]}[mode]


def direct_ref(x, w, pads, stride, dil, correlate):
    """PyTorch's conv2d (cross-correlation) from its formula, the kernel
    flipped first for a true convolution."""
    if not correlate:
        w = w[::-1, ::-1]
    (py0, py1), (px0, px1) = pads
    xp = np.pad(x, ((py0, py1), (px0, px1)))
    ey, ex = dil[0] * (w.shape[0] - 1) + 1, dil[1] * (w.shape[1] - 1) + 1
    oh = (xp.shape[0] - ey) // stride[0] + 1
    ow = (xp.shape[1] - ex) // stride[1] + 1
    out = np.zeros((oh, ow))
    for i in range(oh):
        for j in range(ow):
            y0, x0 = i * stride[0], j * stride[1]
            out[i, j] = np.sum(w * xp[y0:y0 + ey:dil[0], x0:x0 + ex:dil[1]])
    return out


def transposed_ref(x, w, pads, stride, dil, outpad, correlate):
    """PyTorch's conv_transpose2d from its definition: every input cell
    adds itself times the kernel at stride * position - padding."""
    if not correlate:
        w = w[::-1, ::-1]
    (py0, py1), (px0, px1) = pads
    kh, kw = w.shape
    oh = (x.shape[0] - 1) * stride[0] - py0 - py1 + dil[0] * (kh - 1) + outpad[0] + 1
    ow = (x.shape[1] - 1) * stride[1] - px0 - px1 + dil[1] * (kw - 1) + outpad[1] + 1
    out = np.zeros((max(oh, 0), max(ow, 0)))
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            for a in range(kh):
                for b in range(kw):
                    r, c = i * stride[0] - py0 + a * dil[0], j * stride[1] - px0 + b * dil[1]
                    if 0 <= r < oh and 0 <= c < ow:
                        out[r, c] += x[i, j] * w[a, b]
    return out


def arith_fixtures():
    images = {n: np.loadtxt(os.path.join(OUT, "conv2d", n + ".txt"), skiprows=1, ndmin=2)
              for n in ("img7x9", "img1x6", "img12x10")}
    kernels = {n: np.loadtxt(os.path.join(OUT, "conv2d", n + ".txt"), skiprows=1, ndmin=2)
               for n in ("k3x3", "k2x4", "k1x1", "k5x3", "k1x2")}
    # where the reference meets SciPy: stride 1, no dilation, the mode names
    for img in images.values():
        for k in kernels.values():
            for mode in ("full", "same", "valid"):
                if mode == "valid" and (k.shape[0] > img.shape[0] or k.shape[1] > img.shape[1]):
                    continue
                for correlate, scipy in ((False, convolve2d), (True, correlate2d)):
                    pads = (mode_padding(mode, k.shape[0], correlate),
                            mode_padding(mode, k.shape[1], correlate))
                    assert np.allclose(direct_ref(img, k, pads, (1, 1), (1, 1), correlate),
                                       scipy(img, k, mode)), mode
    cases = []
    pick = np.random.default_rng(14)
    for iname, img in images.items():
        for kname, k in kernels.items():
            for transposed in (False, True):
                for correlate in (False, True):
                    for _ in range(6):
                        stride = tuple(int(v) for v in pick.integers(1, 4, 2))
                        dil = tuple(int(v) for v in pick.integers(1, 4, 2))
                        if pick.random() < 0.25:
                            mode = ("full", "same", "valid")[pick.integers(0, 3)]
                            pad = None
                            e = (dil[0] * (k.shape[0] - 1) + 1, dil[1] * (k.shape[1] - 1) + 1)
                            pads = (mode_padding(mode, e[0], correlate),
                                    mode_padding(mode, e[1], correlate))
                        else:
                            mode = "-"
                            pad = tuple(int(v) for v in pick.integers(0, 3, 2))
                            pads = ((pad[0], pad[0]), (pad[1], pad[1]))
                        outpad = (0, 0)
                        if transposed:
                            outpad = tuple(int(pick.integers(0, max(s, d)))
                                           for s, d in zip(stride, dil))
                            out = transposed_ref(img, k, pads, stride, dil, outpad, correlate)
                        else:
                            ey = dil[0] * (k.shape[0] - 1) + 1
                            ex = dil[1] * (k.shape[1] - 1) + 1
                            if ey > img.shape[0] + sum(pads[0]) or ex > img.shape[1] + sum(pads[1]):
                                continue
                            out = direct_ref(img, k, pads, stride, dil, correlate)
                            # PyTorch's size formula, for a symmetric padding
                            if pad is not None:
                                assert out.shape == tuple(
                                    (n + 2 * p - d * (m - 1) - 1) // s + 1 for n, p, d, m, s in
                                    zip(img.shape, pad, dil, k.shape, stride))
                        if out.size == 0:
                            continue
                        cases.append((iname, kname, mode, pad or (0, 0), stride, dil, outpad,
                                      transposed, correlate, out))
    with open(os.path.join(OUT, "arith2d.txt"), "w") as fp:
        for iname, kname, mode, pad, stride, dil, outpad, transposed, correlate, out in cases:
            fp.write("%s %s %s %d %d %d %d %d %d %d %d %d %d\n" % (
                iname, kname, mode, *pad, *stride, *dil, *outpad, transposed, correlate))
            fp.write("%d %d\n" % out.shape)
            for row in out:
                fp.write(" ".join("%.17g" % v for v in row) + "\n")


def identity(size=3):
    k = np.zeros((size, size))
    k[(size - 1) // 2, (size - 1) // 2] = 1
    return k


def gaussian(size=5, sigma=1.0):
    x = np.arange(size) - (size - 1) / 2
    xx, yy = np.meshgrid(x, x)
    k = np.exp(-(xx**2 + yy**2) / (2 * sigma**2))
    return k / k.sum()


HIGHPASS = np.array([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]], float)
PREWITT = {"vert": np.outer([1, 1, 1], [1, 0, -1]), "horiz": np.outer([1, 0, -1], [1, 1, 1]),
           "ldiag": np.array([[0, 1, 1], [-1, 0, 1], [-1, -1, 0]]),
           "rdiag": np.array([[1, 1, 0], [1, 0, -1], [0, -1, -1]])}
SOBEL = {"vert": np.outer([1, 2, 1], [1, 0, -1]), "horiz": np.outer([1, 0, -1], [1, 2, 1]),
         "ldiag": np.array([[0, 1, 2], [-1, 0, 1], [-2, -1, 0]]),
         "rdiag": np.array([[2, 1, 0], [1, 0, -1], [0, -1, -2]])}


def splitmix64_grid(rows, cols, seed, top):
    """grid: cells, whole numbers 0..top from SplitMix64 (Steele, Lea and
    Flood), the top 53 bits of each draw scaled into [0, 1)."""
    mask, state, cells = (1 << 64) - 1, seed, []
    for _ in range(rows * cols):
        state = (state + 0x9E3779B97F4A7C15) & mask
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        z ^= z >> 31
        cells.append(np.floor((z >> 11) * 2.0**-53 * (top + 1)))
    return np.array(cells).reshape(rows, cols)


def filter_fixtures():
    cases = {
        "identity": identity(), "identity:size=4": identity(4), "identity:size=1": identity(1),
        "box": np.full((3, 3), 1 / 9), "box:size=4": np.full((4, 4), 1 / 16),
        "gaussian": gaussian(), "gaussian:size=4,sigma=0.7": gaussian(4, 0.7),
        "gaussian:sigma=2,size=7": gaussian(7, 2),
        "highpass": HIGHPASS,
        "laplacian": np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]], float),
        "sharpen": identity() + 0.25 * HIGHPASS, "sharpen:alpha=1": identity() + HIGHPASS,
    }
    for d in ("vert", "horiz", "ldiag", "rdiag"):
        cases["prewitt:" + d] = PREWITT[d]
        cases["sobel:" + d] = SOBEL[d]
    cases.update({"ones": np.ones((3, 3)), "ones:size=2": np.ones((2, 2)),
                  "grid": splitmix64_grid(3, 3, 2, 2),
                  "grid:size=4,seed=7,max=5": splitmix64_grid(4, 4, 7, 5)})
    with open(os.path.join(OUT, "filters.txt"), "w") as manifest:
        for i, (spec, k) in enumerate(cases.items()):
            fname = "filters/%02d.txt" % i
            write_matrix(os.path.join(OUT, fname), k)
            manifest.write("%s %s\n" % (spec, fname))


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def raw_png(path, pixels, colour_type, depth, interlace=False):
    """A PNG written by hand, for what Pillow cannot write: 16-bit colour
    and Adam7 interlacing. pixels: rows x cols x channels of ints."""
    h, w, _ = pixels.shape
    dtype = ">u2" if depth == 16 else "u1"

    def scanlines(block):
        return b"".join(b"\0" + row.astype(dtype).tobytes() for row in block)

    if interlace:
        passes = ((0, 0, 8, 8), (0, 4, 8, 8), (4, 0, 8, 4), (0, 2, 4, 4), (2, 0, 4, 2),
                  (0, 1, 2, 2), (1, 0, 2, 1))
        data = b"".join(scanlines(pixels[y0::dy, x0::dx]) for y0, x0, dy, dx in passes
                        if pixels[y0::dy, x0::dx].size)
    else:
        data = scanlines(pixels)
    ihdr = struct.pack(">IIBBBBB", w, h, depth, colour_type, 0, 0, 1 if interlace else 0)
    with open(path, "wb") as fp:
        fp.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) +
                 chunk(b"IDAT", zlib.compress(data)) + chunk(b"IEND", b""))


def luma(rgb, full):
    rgb = rgb.astype(float)
    return (0.299 * rgb[..., 0] + 0.587 * rgb[..., 1] + 0.114 * rgb[..., 2]) / full


def png_fixtures():
    h, w = 5, 7
    rgb8 = rng.integers(0, 256, size=(h, w, 3))
    alpha8 = rng.integers(0, 256, size=(h, w, 1))
    rgb16 = rng.integers(0, 65536, size=(h, w, 3))
    alpha16 = rng.integers(0, 65536, size=(h, w, 1))
    gray8 = rgb8[..., :1]
    gray16 = rgb16[..., :1]
    cases = []
    d = os.path.join(OUT, "png2d")
    Image.fromarray(gray8[..., 0].astype(np.uint8), "L").save(os.path.join(d, "gray8.png"))
    cases.append(("gray8", gray8[..., 0] / 255))
    Image.fromarray(np.concatenate([gray8, alpha8], 2).astype(np.uint8), "LA").save(
        os.path.join(d, "graya8.png"))
    cases.append(("graya8", gray8[..., 0] / 255))
    Image.fromarray(rgb8.astype(np.uint8), "RGB").save(os.path.join(d, "rgb8.png"))
    cases.append(("rgb8", luma(rgb8, 255)))
    Image.fromarray(np.concatenate([rgb8, alpha8], 2).astype(np.uint8), "RGBA").save(
        os.path.join(d, "rgba8.png"))
    cases.append(("rgba8", luma(rgb8, 255)))
    pal = Image.fromarray(rgb8.astype(np.uint8), "RGB").quantize(16, dither=Image.Dither.NONE)
    pal.save(os.path.join(d, "palette.png"))
    cases.append(("palette", luma(np.array(pal.convert("RGB")), 255)))
    bits = rng.integers(0, 2, size=(h, w)).astype(bool)
    Image.fromarray(bits).save(os.path.join(d, "gray1.png"))
    cases.append(("gray1", bits.astype(float)))
    raw_png(os.path.join(d, "gray16.png"), gray16, 0, 16)
    cases.append(("gray16", gray16[..., 0] / 65535))
    raw_png(os.path.join(d, "graya16.png"), np.concatenate([gray16, alpha16], 2), 4, 16)
    cases.append(("graya16", gray16[..., 0] / 65535))
    raw_png(os.path.join(d, "rgb16.png"), rgb16, 2, 16)
    cases.append(("rgb16", luma(rgb16, 65535)))
    raw_png(os.path.join(d, "rgba16.png"), np.concatenate([rgb16, alpha16], 2), 6, 16)
    cases.append(("rgba16", luma(rgb16, 65535)))
    big = rng.integers(0, 256, size=(11, 13, 3))
    raw_png(os.path.join(d, "interlaced.png"), big, 2, 8, interlace=True)
    cases.append(("interlaced", luma(big, 255)))
    with open(os.path.join(OUT, "png2d.txt"), "w") as manifest:
        for name, want in cases:
            # Pillow's own conversion agrees up to its rounding
            got = np.array(Image.open(os.path.join(d, name + ".png")).convert("L"), float)
            assert np.abs(got - want * 255).max() <= 0.5 + 1e-9 or name.endswith("16"), name
            write_matrix(os.path.join(d, name + ".txt"), want)
            manifest.write("%s png2d/%s.png png2d/%s.txt\n" % (name, name, name))


for sub in ("conv2d", "filters", "png2d"):
    os.makedirs(os.path.join(OUT, sub), exist_ok=True)
conv2d_fixtures()
arith_fixtures()
filter_fixtures()
png_fixtures()

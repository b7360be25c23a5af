#!/usr/bin/env python3
"""Draws the test images convanim ships under assets/ (`make images`; needs
python3-numpy and python3-pil, which `make test` does not). Every picture is
computed here, none is downloaded, and the same code gives the same files.

  moon.png      128x128 a lit disc with craters, like the notebook's moon
  checker.png   64x64 8-pixel squares: edges in both directions
  gradient.png  64x64 dark to light, left to right, with a bright band
  text.png      128x48 the word "conv" in large letters
"""
import os
import sys

import numpy as np
from PIL import Image, ImageDraw, ImageFont

OUT = sys.argv[1] if len(sys.argv) > 1 else "assets"


def moon(n=128):
    y, x = np.mgrid[0:n, 0:n] + 0.5
    cx = cy = n / 2
    r = n * 0.42
    d = np.hypot(x - cx, y - cy)
    inside = np.clip(r - d + 0.5, 0, 1)                 # anti-aliased rim
    z = np.sqrt(np.clip(1 - (d / r) ** 2, 0, 1))        # a sphere lit from the upper left
    light = np.clip(0.25 + 0.75 * ((-(x - cx) - (y - cy)) / r * 0.45 + z * 0.8), 0, 1)
    surface = 0.55 + 0.25 * light
    rng = np.random.default_rng(7)
    for _ in range(14):
        a, rr = rng.uniform(0, 2 * np.pi), rng.uniform(0, 0.8) * r
        px, py = cx + rr * np.cos(a), cy + rr * np.sin(a)
        size = rng.uniform(3, 12)
        dc = np.hypot(x - px, y - py)
        floor = dc < size
        rim = (dc >= size) & (dc < size * 1.3)
        surface = np.where(floor, surface - 0.22 * (1 - dc / size) - 0.08, surface)
        surface = np.where(rim, surface + 0.08, surface)
    img = 0.04 + inside * (surface * light - 0.04)
    return np.clip(img, 0, 1)


def checker(n=64, square=8):
    y, x = np.mgrid[0:n, 0:n]
    return ((x // square + y // square) % 2).astype(float) * 0.8 + 0.1


def gradient(n=64):
    x = np.linspace(0, 1, n)
    img = np.tile(x, (n, 1))
    img[n // 2 - 4:n // 2 + 4, :] = 1 - img[n // 2 - 4:n // 2 + 4, :]
    return img


def text(w=128, h=48):
    # Pillow's built-in bitmap font, drawn small and scaled up: the same
    # pixels on every machine
    small = Image.new("L", (32, 12), 235)
    ImageDraw.Draw(small).text((2, 0), "conv", fill=20, font=ImageFont.load_default())
    big = small.resize((w, h), Image.Resampling.NEAREST)
    return np.array(big, float) / 255


os.makedirs(OUT, exist_ok=True)
for name, img in (("moon", moon()), ("checker", checker()), ("gradient", gradient()),
                  ("text", text())):
    Image.fromarray(np.round(img * 255).astype(np.uint8), "L").save(
        os.path.join(OUT, name + ".png"), optimize=True)

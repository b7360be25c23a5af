#!/usr/bin/env python3
"""The sliding animation drawn the way the notebook's visualize_conv1d_gif
draws it (matplotlib, three stacked panels, FuncAnimation at 40 ms), written
with Pillow. It is the yardstick for `make bench` and for looking at our
frames side by side; convanim never runs it.

usage: matplotlib_sliding.py PRESET OUT.gif [WIDTHxHEIGHT] [POSTER.png]
"""
import sys
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.animation import FuncAnimation, PillowWriter  # noqa: E402

MASK = (1 << 64) - 1


def splitmix64(n, seed):
    out, state = [], seed
    for _ in range(n):
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        out.append(((z ^ (z >> 31)) >> 11) * 2.0**-53)
    return np.array(out)


def preset(name):
    if name == "sliding_block":
        f = np.pad(np.tile(np.arange(0, 1, 0.1), 6), 5)
        g = np.exp(-20 * np.linspace(0, 1, 40))
    else:
        f = np.pad(splitmix64(50, 1), 5)
        x = np.linspace(-0.5, 0.5, 30)
        g = np.exp(-0.5 * (x / 0.1) ** 2) / np.sqrt(2 * np.pi * 0.1**2)
    return f, g


def main():
    name, out = sys.argv[1], sys.argv[2]
    w, h = (int(v) for v in (sys.argv[3] if len(sys.argv) > 3 else "960x640").split("x"))
    poster = sys.argv[4] if len(sys.argv) > 4 else None
    t0 = time.perf_counter()
    f, g = preset(name)
    y = np.convolve(f, g)
    n_out = len(y)
    dpi = 100
    fig, axes = plt.subplots(3, 1, figsize=(w / dpi, h / dpi), dpi=dpi, sharex=True)
    fig.suptitle("Convolution of $f$ and $g$")
    axes[0].plot(f)
    axes[0].set_ylabel("$f$")
    (g_line,) = axes[1].plot([], [], color="C1")
    axes[1].set_ylim(g.min() - 0.05 * np.ptp(g), g.max() + 0.05 * np.ptp(g))
    axes[1].set_ylabel("$g$")
    (y_line,) = axes[2].plot([], [], color="C2")
    axes[2].set_ylim(y.min() - 0.05 * np.ptp(y), y.max() + 0.05 * np.ptp(y))
    axes[2].set_ylabel("$f*g$")
    axes[2].set_xlim(0, n_out)
    axes[2].set_xlabel("$n$")

    def draw(n):
        g_line.set_data(n - np.arange(len(g)), g)
        y_line.set_data(np.arange(n + 1), y[: n + 1])
        return g_line, y_line

    anim = FuncAnimation(fig, draw, frames=n_out, interval=40, blit=False)
    anim.save(out, writer=PillowWriter(fps=25))
    if poster:
        draw(n_out - 1)
        fig.savefig(poster, dpi=dpi)
    print("%.3f" % (time.perf_counter() - t0))


if __name__ == "__main__":
    main()

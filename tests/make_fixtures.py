#!/usr/bin/env python3
"""Writes the NumPy fixtures the Check suites compare against.

Run once with NumPy installed (`make fixtures`); `make test` only reads the
files. Generators follow the notebook's formulas; convolution and correlation
outputs come straight from numpy.convolve and numpy.correlate.
"""
import os
import sys

import numpy as np

OUT = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures"
MASK = (1 << 64) - 1


def force(cycles, amplitude=1, period=1):
    tooth = np.arange(0, amplitude, amplitude / period)
    return np.tile(tooth, cycles)


def impulse_response(n, end_time=1, scale=1):
    x = np.linspace(0, end_time, n)
    return np.exp(-scale * x)


def gaussian_signal(n, dmin=-1, dmax=1, mean=0, std=1):
    x = np.linspace(dmin, dmax, n)
    return np.exp(-0.5 * ((x - mean) / std) ** 2) / np.sqrt(2 * np.pi * std**2)


def splitmix64(n, seed):
    """An independent implementation of the generator behind random:."""
    out, state = [], seed
    for _ in range(n):
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        z ^= z >> 31
        out.append((z >> 11) * 2.0**-53)
    return np.array(out)


def delta(n, at, height=1.0):
    x = np.zeros(n)
    x[at] = height
    return x


def step(n, at, height=1.0):
    x = np.zeros(n)
    x[at:] = height
    return x


def sine(n, cycles, amplitude, phase):
    return amplitude * np.sin(2 * np.pi * cycles * np.arange(n) / n + phase)


SIGNALS = [
    ("sawtooth", force(6, 1, 10)),
    ("force:cycles=3,amplitude=2.5,period=7", force(3, 2.5, 7)),
    ("sawtooth:cycles=6,amplitude=1,period=10,pad=5", np.pad(force(6, 1, 10), 5)),
    ("decay", impulse_response(40, 1, 20)),
    ("decay:n=10,end=2,scale=1.5", impulse_response(10, 2, 1.5)),
    ("impulse_response:n=5,end_time=3,scale=0.5", impulse_response(5, 3, 0.5)),
    ("decay:n=1", impulse_response(1, 1, 20)),
    ("gaussian", gaussian_signal(30, -0.5, 0.5, 0, 0.1)),
    ("gaussian:n=31,min=-1,max=1,mean=0.2,std=0.3", gaussian_signal(31, -1, 1, 0.2, 0.3)),
    ("gaussian_signal:n=7,dmin=-2,dmax=2,std=1", gaussian_signal(7, -2, 2, 0, 1)),
    ("random", splitmix64(50, 1)),
    ("random:n=20,seed=0", splitmix64(20, 0)),
    ("random:n=5,seed=18446744073709551615", splitmix64(5, MASK)),
    ("random:n=50,pad=5", np.pad(splitmix64(50, 1), 5)),
    ("delta", delta(5, 0)),
    ("delta:n=7,at=3,height=-2", delta(7, 3, -2)),
    ("box", np.ones(5)),
    ("box:n=4,height=0.25,pad=2", np.pad(np.full(4, 0.25), 2)),
    ("step", step(20, 5)),
    ("step:n=6,at=0", step(6, 0)),
    ("sine", sine(50, 2, 1, 0)),
    ("sine:n=16,cycles=1.5,amplitude=2,phase=0.3", sine(16, 1.5, 2, 0.3)),
    ("values:0;0.5;1;-2e-3", np.array([0, 0.5, 1, -2e-3])),
    ("values:3,pad=2", np.pad(np.array([3.0]), 2)),
]

rng = np.random.default_rng(20261125)
CONV_CASES = [
    ("1x1", rng.normal(size=1), rng.normal(size=1)),
    ("5x3", rng.normal(size=5), rng.normal(size=3)),
    ("3x5", rng.normal(size=3), rng.normal(size=5)),
    ("4x6", rng.normal(size=4), rng.normal(size=6)),
    ("6x4", rng.normal(size=6), rng.normal(size=4)),
    ("4x4", rng.normal(size=4), rng.normal(size=4)),
    ("7x2", rng.normal(size=7), rng.normal(size=2)),
    ("2x7", rng.normal(size=2), rng.normal(size=7)),
    ("1x5", rng.normal(size=1), rng.normal(size=5)),
    ("5x1", rng.normal(size=5), rng.normal(size=1)),
    ("9x8", rng.normal(size=9), rng.normal(size=8)),
    ("sliding_block", np.pad(force(6, 1, 10), 5), impulse_response(40, 1, 20)),
    ("gaussian_smoothing", np.pad(splitmix64(50, 1), 5), gaussian_signal(30, -0.5, 0.5, 0, 0.1)),
    ("300x37", rng.uniform(-1, 1, size=300), rng.uniform(-1, 1, size=37)),
    ("37x300", rng.uniform(-1, 1, size=37), rng.uniform(-1, 1, size=300)),
]


def save(path, values):
    with open(path, "w") as fp:
        for v in values:
            fp.write("%.17g\n" % v)


def main():
    os.makedirs(os.path.join(OUT, "signal"), exist_ok=True)
    os.makedirs(os.path.join(OUT, "conv"), exist_ok=True)
    with open(os.path.join(OUT, "signals.txt"), "w") as manifest:
        for i, (spec, values) in enumerate(SIGNALS):
            name = "signal/%02d.txt" % i
            save(os.path.join(OUT, name), values)
            manifest.write("%s %s\n" % (spec, name))
    with open(os.path.join(OUT, "conv.txt"), "w") as manifest:
        for case, f, g in CONV_CASES:
            save(os.path.join(OUT, "conv/%s_f.txt" % case), f)
            save(os.path.join(OUT, "conv/%s_g.txt" % case), g)
            for op, fn in (("convolve", np.convolve), ("correlate", np.correlate)):
                for mode in ("full", "same", "valid"):
                    name = "conv/%s_%s_%s.txt" % (case, op, mode)
                    save(os.path.join(OUT, name), fn(f, g, mode))
                    manifest.write("%s %s %s %s\n" % (case, op, mode, name))


if __name__ == "__main__":
    main()

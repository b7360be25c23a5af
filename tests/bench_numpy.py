#!/usr/bin/env python3
"""Medians of numpy.convolve for the sizes bench_conv measures, printed as
NxM=ms arguments for it. Exits non-zero when numpy is missing."""
import time

import numpy as np

RUNS = 5
for nf, ng in ((1000000, 1000), (100000, 100)):
    rng = np.random.default_rng(1)
    f, g = rng.random(nf), rng.random(ng)
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        np.convolve(f, g)
        times.append((time.perf_counter() - t0) * 1e3)
    print("%dx%d=%.3f" % (nf, ng, sorted(times)[RUNS // 2]), end=" ")
print()

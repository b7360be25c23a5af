#ifndef CONVANIM_BENCHUTIL_H
#define CONVANIM_BENCHUTIL_H

/* Timing helpers for the benchmarks `make bench` runs: medians of a few
 * runs, measured in one process, never in a unit test. */

#include <stdlib.h>
#include <time.h>

enum { RUNS = 5 };

static inline double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static inline int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static inline double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return v[n / 2];
}

#endif

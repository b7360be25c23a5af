#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "convanim/signal.h"
#include "base/util.h"

void ca_signal_limits_default(ca_signal_limits *lim)
{
    lim->max_samples = CA_SIGNAL_DEFAULT_MAX_SAMPLES;
}

void ca_signal_free(ca_signal *s)
{
    if (!s)
        return;
    free(s->v);
    *s = (ca_signal){ 0 };
}

ca_status ca_signal_alloc(const char *what, size_t n, const ca_signal_limits *lim,
                               ca_signal *out, ca_error *err)
{
    size_t max = lim ? lim->max_samples : CA_SIGNAL_DEFAULT_MAX_SAMPLES;
    *out = (ca_signal){ 0 };
    if (n == 0)
        return ca_fail(err, CA_EINPUT, "%s: a signal needs at least one sample", what);
    if (n > max)
        return ca_fail(err, CA_ELIMIT, "%s: %zu samples is over the limit of %zu", what, n, max);
    out->v = calloc(n, sizeof *out->v);
    if (!out->v)
        return ca_fail(err, CA_ENOMEM, "%s: out of memory for %zu samples", what, n);
    out->n = n;
    return CA_OK;
}

/* np.linspace(start, stop, n)[i]: i * step + start, with the last sample
 * exactly stop. */
static double linspace_at(double start, double stop, size_t n, size_t i)
{
    if (n == 1)
        return start;
    if (i == n - 1)
        return stop;
    return (double)i * ((stop - start) / (double)(n - 1)) + start;
}

ca_status ca_signal_sawtooth(size_t cycles, double amplitude, size_t period,
                             const ca_signal_limits *lim, ca_signal *out, ca_error *err)
{
    size_t n;
    if (cycles == 0 || period == 0)
        return ca_fail(err, CA_EINPUT, "sawtooth: cycles and period must be >= 1");
    if (!ca_mul_size(cycles, period, &n))
        return ca_fail(err, CA_ELIMIT, "sawtooth: cycles x period does not fit in memory");
    ca_status s = ca_signal_alloc("sawtooth", n, lim, out, err);
    if (s != CA_OK)
        return s;
    double step = amplitude / (double)period;
    for (size_t i = 0; i < n; i++)
        out->v[i] = (double)(i % period) * step;
    return CA_OK;
}

/* Settings that overflow a double (decay:scale=-1000, a gaussian's tiny
 * std) are refused: a generator's samples are finite numbers, as a file's
 * must be. Frees out on failure. */
static ca_status check_finite(const char *what, ca_signal *out, ca_error *err)
{
    for (size_t i = 0; i < out->n; i++)
        if (!isfinite(out->v[i])) {
            ca_status s = ca_fail(err, CA_EINPUT, "%s: these settings make sample %zu %g, "
                                  "which is not a finite number", what, i, fabs(out->v[i]));
            ca_signal_free(out);
            return s;
        }
    return CA_OK;
}

ca_status ca_signal_decay(size_t n, double end, double scale,
                          const ca_signal_limits *lim, ca_signal *out, ca_error *err)
{
    ca_status s = ca_signal_alloc("decay", n, lim, out, err);
    if (s != CA_OK)
        return s;
    for (size_t i = 0; i < n; i++)
        out->v[i] = exp(-scale * linspace_at(0, end, n, i));
    return check_finite("decay", out, err);
}

ca_status ca_signal_gaussian(size_t n, double min, double max, double mean, double std,
                             const ca_signal_limits *lim, ca_signal *out, ca_error *err)
{
    if (!(std > 0))
        return ca_fail(err, CA_EINPUT, "gaussian: std must be > 0 (got %g)", std);
    ca_status s = ca_signal_alloc("gaussian", n, lim, out, err);
    if (s != CA_OK)
        return s;
    double norm = sqrt(2 * M_PI * (std * std));
    for (size_t i = 0; i < n; i++) {
        double z = (linspace_at(min, max, n, i) - mean) / std;
        out->v[i] = exp(-0.5 * (z * z)) / norm;
    }
    return check_finite("gaussian", out, err);
}

/* SplitMix64 (Steele, Lea and Flood, 2014): tiny, fast, and fully defined by
 * its integer arithmetic, so a seed means the same samples everywhere. */
static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

ca_status ca_signal_random(size_t n, uint64_t seed,
                           const ca_signal_limits *lim, ca_signal *out, ca_error *err)
{
    ca_status s = ca_signal_alloc("random", n, lim, out, err);
    if (s != CA_OK)
        return s;
    uint64_t state = seed;
    /* the top 53 bits, scaled into [0, 1) */
    for (size_t i = 0; i < n; i++)
        out->v[i] = (double)(splitmix64(&state) >> 11) * 0x1.0p-53;
    return CA_OK;
}

ca_status ca_signal_delta(size_t n, size_t at, double height,
                          const ca_signal_limits *lim, ca_signal *out, ca_error *err)
{
    if (at >= n)
        return ca_fail(err, CA_EINPUT, "delta: at=%zu must be below n=%zu", at, n);
    ca_status s = ca_signal_alloc("delta", n, lim, out, err);
    if (s == CA_OK)
        out->v[at] = height;
    return s;
}

ca_status ca_signal_step(size_t n, size_t at, double height,
                         const ca_signal_limits *lim, ca_signal *out, ca_error *err)
{
    if (at >= n)
        return ca_fail(err, CA_EINPUT, "step: at=%zu must be below n=%zu", at, n);
    ca_status s = ca_signal_alloc("step", n, lim, out, err);
    for (size_t i = at; s == CA_OK && i < n; i++)
        out->v[i] = height;
    return s;
}

ca_status ca_signal_sine(size_t n, double cycles, double amplitude, double phase,
                         const ca_signal_limits *lim, ca_signal *out, ca_error *err)
{
    ca_status s = ca_signal_alloc("sine", n, lim, out, err);
    for (size_t i = 0; s == CA_OK && i < n; i++)
        out->v[i] = amplitude * sin(2 * M_PI * cycles * (double)i / (double)n + phase);
    return s;
}

ca_status ca_signal_pad(const ca_signal *s, size_t pad, const ca_signal_limits *lim,
                        ca_signal *out, ca_error *err)
{
    size_t max = lim ? lim->max_samples : CA_SIGNAL_DEFAULT_MAX_SAMPLES;
    if (s->n > max || pad > (max - s->n) / 2)
        return ca_fail(err, CA_ELIMIT, "pad=%zu makes more samples than the limit of %zu",
                       pad, max);
    ca_status st = ca_signal_alloc("pad", s->n + 2 * pad, lim, out, err);
    if (st != CA_OK)
        return st;
    memcpy(out->v + pad, s->v, s->n * sizeof *s->v);
    out->origin = s->origin - (long)pad;
    out->pad = s->pad + pad;
    return CA_OK;
}

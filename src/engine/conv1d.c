#include <math.h>
#include <stdlib.h>

#include "convanim/conv.h"
#include "base/util.h"

static const char *const mode_names[] = { "full", "same", "valid" };

ca_status ca_conv_mode_parse(const char *name, ca_conv_mode *mode, ca_error *err)
{
    size_t i;
    ca_status s = ca_find_name("mode", name, mode_names, sizeof mode_names / sizeof mode_names[0],
                               &i, err);
    if (s == CA_OK)
        *mode = (ca_conv_mode)i;
    return s;
}

const char *ca_conv_mode_name(ca_conv_mode mode)
{
    return mode_names[mode];
}

size_t ca_conv_length(size_t nf, size_t ng, ca_conv_mode mode)
{
    if (nf == 0 || ng == 0)
        return 0;
    size_t lo = nf < ng ? nf : ng, hi = nf < ng ? ng : nf;
    switch (mode) {
    case CA_CONV_FULL:  return nf + ng - 1;
    case CA_CONV_SAME:  return hi;
    case CA_CONV_VALID: return hi - lo + 1;
    }
    return 0;
}

size_t ca_conv_offset(size_t nf, size_t ng, ca_conv_mode mode, bool correlate)
{
    size_t s = nf < ng ? nf : ng;
    if (s == 0)
        return 0;
    switch (mode) {
    case CA_CONV_FULL:
        return 0;
    case CA_CONV_SAME:
        /* numpy centres `same` on the shorter input, rounding the left margin
         * down. Its correlate computes a longer g by swapping the inputs and
         * reversing the result, which moves the window one sample to the
         * right when the shorter length is even. */
        return correlate && nf < ng ? s / 2 : s - 1 - s / 2;
    case CA_CONV_VALID:
        return s - 1;
    }
    return 0;
}

long ca_conv_origin(size_t nf, size_t ng, long f_origin, long g_origin, ca_conv_mode mode,
                    bool correlate)
{
    if (!correlate)
        return f_origin + g_origin;
    return (long)ca_conv_offset(nf, ng, mode, true) - (long)(ng - 1) + f_origin - g_origin;
}

/* Four independent sums let the compiler keep several multiply-adds in
 * flight (and vectorise them) without reassociating a single sum. */
static double dot(const double *a, const double *b, size_t n)
{
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        s0 += a[i] * b[i];
        s1 += a[i + 1] * b[i + 1];
        s2 += a[i + 2] * b[i + 2];
        s3 += a[i + 3] * b[i + 3];
    }
    for (; i < n; i++)
        s0 += a[i] * b[i];
    return (s0 + s2) + (s1 + s3);
}

/* y[i] = full output (offset + i) of the correlation of a with b: the sum of
 * a[k] * b[k - t + nb - 1] over the overlap, for t = offset + i. */
static void correlate_range(const double *a, size_t na, const double *b, size_t nb,
                            size_t offset, size_t len, double *y)
{
    for (size_t i = 0; i < len; i++) {
        size_t t = offset + i;
        size_t lo = t + 1 > nb ? t + 1 - nb : 0;
        size_t hi = t + 1 < na ? t + 1 : na;
        y[i] = dot(a + lo, b + (lo + nb - 1 - t), hi - lo);
    }
}

/* Finite samples can still overflow when multiplied and summed. */
static ca_status check_finite(const double *y, size_t len, ca_error *err)
{
    for (size_t n = 0; n < len; n++)
        if (!isfinite(y[n]))
            return ca_fail(err, CA_EINPUT, "the output overflows: sample %zu is %g; scale f or "
                           "g down", n, y[n]);
    return CA_OK;
}

ca_status ca_conv_check(size_t nf, size_t ng, ca_error *err)
{
    if (nf == 0 || ng == 0)
        return ca_fail(err, CA_EINPUT, "cannot convolve an empty signal");
    if ((double)nf * (double)ng > CA_CONV_MAX_PRODUCTS)
        return ca_fail(err, CA_ELIMIT, "f and g have %zu and %zu samples: their %.3g products "
                       "are over the limit of %.0f (2^36); shorten one of them", nf, ng,
                       (double)nf * (double)ng, CA_CONV_MAX_PRODUCTS);
    return CA_OK;
}

ca_status ca_conv(const double *f, size_t nf, const double *g, size_t ng,
                  ca_conv_mode mode, bool correlate, double *y, ca_error *err)
{
    ca_status s = ca_conv_check(nf, ng, err);
    if (s != CA_OK)
        return s;
    size_t len = ca_conv_length(nf, ng, mode);
    size_t offset = ca_conv_offset(nf, ng, mode, correlate);
    if (correlate) {
        correlate_range(f, nf, g, ng, offset, len, y);
        return check_finite(y, len, err);
    }
    /* A convolution is the correlation with one input reversed; convolution
     * commutes, so reverse the shorter input and keep the buffer small. */
    const double *a = f, *b = g;
    size_t na = nf, nb = ng;
    if (nf < ng) {
        a = g, na = ng;
        b = f, nb = nf;
    }
    double *rev = malloc(nb * sizeof *rev);
    if (!rev)
        return ca_fail(err, CA_ENOMEM, "out of memory for a %zu-sample kernel", nb);
    for (size_t j = 0; j < nb; j++)
        rev[j] = b[nb - 1 - j];
    correlate_range(a, na, rev, nb, offset, len, y);
    free(rev);
    return check_finite(y, len, err);
}

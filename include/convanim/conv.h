#ifndef CONVANIM_CONV_H
#define CONVANIM_CONV_H

#ifdef __cplusplus
extern "C" {
#endif

/* The 1D convolution engine: numpy's convolve and correlate, and a stepper
 * that explains each output sample.
 *
 * Lengths follow numpy: with N = len(f), M = len(g),
 *   full  N + M - 1
 *   same  max(N, M)
 *   valid max(N, M) - min(N, M) + 1
 * and the values are those of numpy.convolve(f, g, mode) or, with
 * correlate, numpy.correlate(f, g, mode). */

#include <stdbool.h>
#include <stddef.h>

#include "convanim/error.h"

typedef enum ca_conv_mode {
    CA_CONV_FULL,
    CA_CONV_SAME,
    CA_CONV_VALID
} ca_conv_mode;

/* Parses "full", "same" or "valid"; CA_EINPUT with the valid names otherwise. */
ca_status ca_conv_mode_parse(const char *name, ca_conv_mode *mode, ca_error *err);
const char *ca_conv_mode_name(ca_conv_mode mode);

/* Number of output samples; 0 when nf or ng is 0. */
size_t ca_conv_length(size_t nf, size_t ng, ca_conv_mode mode);

/* Where output 0 of this mode sits in the full output (full output t pairs
 * f[k] with g[t - k], or with g[k - t + ng - 1] for a correlation). */
size_t ca_conv_offset(size_t nf, size_t ng, ca_conv_mode mode, bool correlate);

/* The index output sample 0 stands at when f's first sample stands at
 * index f_origin and g's at g_origin. A convolution's output starts at
 * f_origin + g_origin in every mode: same and valid number their samples
 * from there, so that they line up under the input they came from. A
 * correlation's output is indexed by lag (f[k] against g[k - lag], true
 * indices): numpy's full index minus ng - 1, plus f_origin - g_origin, so
 * that a template cut from f at index p peaks at lag p. */
long ca_conv_origin(size_t nf, size_t ng, long f_origin, long g_origin, ca_conv_mode mode,
                    bool correlate);

/* The most products f[k]·g[j] one convolution may cost, nf x ng: 2^36,
 * some 69 billion, about a quarter of a minute on one core. Two signals
 * within the sample limit but long enough to keep a build busy for days
 * are refused instead. */
#define CA_CONV_MAX_PRODUCTS 68719476736.0

/* CA_EINPUT when nf or ng is 0, CA_ELIMIT (saying by how much) when
 * nf x ng is over CA_CONV_MAX_PRODUCTS; ca_conv and ca_stepper_new check
 * this before they allocate anything. */
ca_status ca_conv_check(size_t nf, size_t ng, ca_error *err);

/* Computes the convolution (or correlation) of f and g into y, which must
 * hold ca_conv_length(nf, ng, mode) samples. It allocates one buffer of
 * min(nf, ng) doubles per call, never per sample. */
ca_status ca_conv(const double *f, size_t nf, const double *g, size_t ng,
                  ca_conv_mode mode, bool correlate, double *y, ca_error *err);

/* What output sample n is made of: the sum of f[k] * g[j] over the overlap,
 * k in [f_lo, f_hi). The signal g sits under f with g[j] under
 * f[g_origin + g_dir * j]: flipped (g_dir = -1) for a convolution, as it is
 * (g_dir = +1) for a correlation. products[i] is the term for k = f_lo + i. */
typedef struct ca_step {
    size_t n;                 /* index in the output */
    long index;               /* the index (or lag) output n stands at, with the origins */
    size_t f_lo, f_hi;        /* the overlap in f */
    size_t g_lo, g_hi;        /* the same overlap as an index range of g */
    long g_origin;            /* the f index under g[0]; may lie outside f */
    int g_dir;                /* -1 or +1, see above */
    const double *products;   /* f_hi - f_lo terms, valid until the next call */
    double y;                 /* output n, exactly as ca_conv computes it */
} ca_step;

typedef struct ca_stepper ca_stepper;

/* Computes the whole output once and prepares to explain it sample by
 * sample. f and g are copied. Free with ca_stepper_free. */
ca_status ca_stepper_new(const double *f, size_t nf, const double *g, size_t ng,
                         ca_conv_mode mode, bool correlate, ca_stepper **out, ca_error *err);
void ca_stepper_free(ca_stepper *st);

size_t ca_stepper_length(const ca_stepper *st);   /* number of output samples */
const double *ca_stepper_output(const ca_stepper *st);

/* Stands f's first sample at index f_origin and g's at g_origin (both 0
 * until this is called): what ca_stepper_origin and ca_step's index
 * report; the values do not change. */
void ca_stepper_set_origins(ca_stepper *st, long f_origin, long g_origin);
/* The index output sample 0 stands at, as ca_conv_origin gives it. */
long ca_stepper_origin(const ca_stepper *st);

/* Fills *step for output index n (< ca_stepper_length). */
void ca_stepper_step(ca_stepper *st, size_t n, ca_step *step);

#ifdef __cplusplus
}
#endif

#endif

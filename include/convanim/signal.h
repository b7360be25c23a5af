#ifndef CONVANIM_SIGNAL_H
#define CONVANIM_SIGNAL_H

#ifdef __cplusplus
extern "C" {
#endif

/* Signals: generators, loaders and the spec parser.
 *
 * A signal is a plain array of doubles with its length, the index its first
 * sample stands at (x[n] for n >= origin) and how many samples at each end
 * are padding rather than the signal itself. Whoever gets a signal from a
 * ca_signal_* call owns it and releases it with ca_signal_free. */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "convanim/error.h"

typedef struct ca_signal {
    double *v;
    size_t n;
    long origin;   /* the index of v[0]: 0 unless a spec says origin=N or pads */
    size_t pad;    /* v[0 .. pad) and v[n - pad .. n) are padding zeros */
} ca_signal;

/* How much an untrusted spec or file may cost: requests for more samples are
 * refused with CA_ELIMIT before anything is allocated. */
typedef struct ca_signal_limits {
    size_t max_samples;
} ca_signal_limits;

/* 2^26 samples (512 MiB of doubles): far beyond any animation, and small
 * enough that a typo such as n=1e12 is refused instead of swapping. */
#define CA_SIGNAL_DEFAULT_MAX_SAMPLES ((size_t)1 << 26)

/* Fills lim with the defaults above. */
void ca_signal_limits_default(ca_signal_limits *lim);

/* Releases s->v and leaves s empty (origin 0, no padding); s may be NULL or
 * already empty. */
void ca_signal_free(ca_signal *s);

/* Parses a spec and builds its signal (see DESIGN.md's table):
 *   NAME[:key=value,...]   a generator, e.g. "sawtooth:cycles=6,period=10"
 *   values:0;0.5;1         literal samples
 *   PATH[:pad=N]           a .csv/.txt file (numbers separated by commas, blanks
 *                          or newlines; '#' starts a comment) or a 1-D .npy file
 *   -[:pad=N]              the same, read from the stream `in`
 * Every spec takes pad=N (N zeros on both sides) and origin=N (the index of
 * its first sample, a whole number, negative allowed, at most the sample
 * limit in size; padding goes before it). lim may be NULL for the
 * defaults; in may be NULL when "-" is not allowed. */
ca_status ca_signal_from_spec(const char *spec, const ca_signal_limits *lim, FILE *in,
                              ca_signal *out, ca_error *err);

/* The number of samples ca_signal_from_spec would make of a discrete-time
 * generator's spec, padding included, into *n, worked out from its
 * settings alone: nothing is generated, so a caller can weigh a request
 * before paying for it. *n is 0, with CA_OK, when the length is not known
 * that way: samples to be read (values:, a file, standard input), a name
 * that is no discrete-time generator, or a length over lim, all of which
 * ca_signal_from_spec reports. Fails as ca_signal_from_spec does on a
 * generator's settings it cannot parse. */
ca_status ca_signal_spec_length(const char *spec, const ca_signal_limits *lim, size_t *n,
                                ca_error *err);

/* The generator names, comma separated, for help texts and messages. */
const char *ca_signal_generator_names(void);

/* Generators, with the notebook's formulas. Each fails with CA_EINPUT on a
 * value outside its domain and CA_ELIMIT when n exceeds lim. */

/* `cycles` teeth of `period` samples each; sample k of a tooth is
 * k * (amplitude / period), as np.arange(0, amplitude, amplitude / period). */
ca_status ca_signal_sawtooth(size_t cycles, double amplitude, size_t period,
                             const ca_signal_limits *lim, ca_signal *out, ca_error *err);
/* exp(-scale * x) for x = linspace(0, end, n). */
ca_status ca_signal_decay(size_t n, double end, double scale,
                          const ca_signal_limits *lim, ca_signal *out, ca_error *err);
/* The normal pdf with `mean` and `std` over linspace(min, max, n). */
ca_status ca_signal_gaussian(size_t n, double min, double max, double mean, double std,
                             const ca_signal_limits *lim, ca_signal *out, ca_error *err);
/* n samples uniform in [0, 1) from SplitMix64 seeded with `seed`: the same
 * samples for the same seed on every machine. */
ca_status ca_signal_random(size_t n, uint64_t seed,
                           const ca_signal_limits *lim, ca_signal *out, ca_error *err);

/* height at index `at`, zeros elsewhere. */
ca_status ca_signal_delta(size_t n, size_t at, double height,
                          const ca_signal_limits *lim, ca_signal *out, ca_error *err);
/* zeros before index `at`, height from there on (at = 0: a box). */
ca_status ca_signal_step(size_t n, size_t at, double height,
                         const ca_signal_limits *lim, ca_signal *out, ca_error *err);
/* amplitude * sin(2 pi cycles i / n + phase), phase in radians. */
ca_status ca_signal_sine(size_t n, double cycles, double amplitude, double phase,
                         const ca_signal_limits *lim, ca_signal *out, ca_error *err);

/* Loads one column of numbers (text) or a 1-D .npy array from a stream;
 * `name` is used in messages ("data.csv:3: ..."). */
ca_status ca_signal_read(FILE *fp, const char *name, const ca_signal_limits *lim,
                         ca_signal *out, ca_error *err);
/* Opens path and calls ca_signal_read. */
ca_status ca_signal_load(const char *path, const ca_signal_limits *lim,
                         ca_signal *out, ca_error *err);

/* Returns a copy of s with `pad` zeros on both sides, like np.pad(s, pad):
 * its origin `pad` lower, its padding `pad` more. */
ca_status ca_signal_pad(const ca_signal *s, size_t pad, const ca_signal_limits *lim,
                        ca_signal *out, ca_error *err);

#ifdef __cplusplus
}
#endif

#endif

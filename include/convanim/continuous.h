#ifndef CONVANIM_CONTINUOUS_H
#define CONVANIM_CONTINUOUS_H

/* Continuous-time signals: functions of t in seconds, not sample vectors.
 *
 * A ca_csignal is zero outside its support [lo, hi) and continuous inside
 * it; it may jump only at lo and hi. Between two consecutive breakpoints
 * (ca_csignal_breaks) it is smooth, so whoever samples or integrates it
 * splits its work there. The value at a jump is the one on the right
 * (ca_csignal_eval); ca_csignal_eval_left gives the one on the left, so a
 * plot can draw the edge as a vertical line.
 *
 * Whoever gets a ca_csignal from a ca_csignal_* call owns it and releases it
 * with ca_csignal_free. */

#include <stddef.h>
#include <stdio.h>

#include "convanim/error.h"
#include "convanim/signal.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ca_csignal ca_csignal;

/* Parses a continuous-time spec (README's table) and builds its signal:
 *   NAME[:key=value,...]        rect, tri, exp, step, gauss, sine, sinc, ramp
 *   values:0;1;0.5[,dt=1,t0=0]  samples at t0 + i dt, linearly interpolated
 *   PATH[:dt=1,t0=0], -[:...]   the same from a file or the stream `in`
 * lim bounds the samples of values and files (NULL: the defaults); in may
 * be NULL when "-" is not allowed. A discrete-time generator's name is
 * refused with CA_EINPUT. */
ca_status ca_csignal_from_spec(const char *spec, const ca_signal_limits *lim, FILE *in,
                               ca_csignal **out, ca_error *err);

/* The continuous-time generator names, comma separated. */
const char *ca_csignal_generator_names(void);

/* The generators. Each fails with CA_EINPUT, naming the value, on a width,
 * sigma, rate or frequency <= 0 or an empty interval. */

/* height on [center - width/2, center + width/2). */
ca_status ca_csignal_rect(double width, double center, double height, ca_csignal **out,
                          ca_error *err);
/* A triangle of base `width`, `height` at center, 0 at both ends. */
ca_status ca_csignal_tri(double width, double center, double height, ca_csignal **out,
                         ca_error *err);
/* height e^(-rate (t - start)) on [start, until); until NAN: where it falls
 * below 1e-4 of height, start + ln(1e4) / rate. */
ca_status ca_csignal_exp(double rate, double start, double height, double until,
                         ca_csignal **out, ca_error *err);
/* height on [at, until). */
ca_status ca_csignal_step(double at, double until, double height, ca_csignal **out,
                          ca_error *err);
/* The normal density of mean `center` and deviation sigma (unit area),
 * truncated to center +- 8 sigma, where it is 1.3e-14 of its peak. */
ca_status ca_csignal_gauss(double sigma, double center, ca_csignal **out, ca_error *err);
/* amplitude sin(2 pi freq t + phase) on [from, to); phase in radians. */
ca_status ca_csignal_sine(double freq, double phase, double amplitude, double from, double to,
                          ca_csignal **out, ca_error *err);
/* sin(pi u) / (pi u) with u = (t - center) / width, on center +- 8 width (where
 * it is 0, so the truncation leaves no jump). */
ca_status ca_csignal_sinc(double width, double center, ca_csignal **out, ca_error *err);
/* t - from on [from, to): the ramp r(t - from), cut off at `to`. */
ca_status ca_csignal_ramp(double from, double to, ca_csignal **out, ca_error *err);
/* v[i] at t0 + i dt (n >= 2), linearly interpolated between, on
 * [t0, t0 + (n - 1) dt). v is copied; `what` names the samples in messages
 * (a file, "values"). */
ca_status ca_csignal_samples(const char *what, const double *v, size_t n, double t0, double dt,
                             ca_csignal **out, ca_error *err);

/* Releases s; s may be NULL. */
void ca_csignal_free(ca_csignal *s);

/* x(t), the value on the right at a jump; 0 outside the support. */
double ca_csignal_eval(const ca_csignal *s, double t);
/* The limit of x from the left at t (equal to x(t) except at a jump). */
double ca_csignal_eval_left(const ca_csignal *s, double t);

/* The support [*lo, *hi). */
void ca_csignal_support(const ca_csignal *s, double *lo, double *hi);

/* The sorted times where x or its slope may change abruptly: the ends of
 * the support, a triangle's peak, every sample of a sampled signal. *n gets
 * their count (at least 2); the array lives as long as s. */
const double *ca_csignal_breaks(const ca_csignal *s, size_t *n);

/* The width of x's narrowest feature in seconds: the smallest of the gaps
 * between its breakpoints and, for a curved signal, the length over which
 * it changes shape (1/rate, sigma, one period, the sinc's width). */
double ca_csignal_scale(const ca_csignal *s);

/* The length within which x is well described by a polynomial of low
 * degree, for quadrature: 0 when x is linear between its breakpoints
 * (rect, tri, step, ramp, samples), else a quarter period for a sine or
 * a sinc and half the scale for the others. */
double ca_csignal_smooth_length(const ca_csignal *s);

/* The default sampling step of x: scale / 50, or wider when that would
 * take more than CA_CSIGNAL_DEFAULT_POINTS steps across the support. */
double ca_csignal_default_dt(const ca_csignal *s);
enum { CA_CSIGNAL_STEPS_PER_SCALE = 50, CA_CSIGNAL_DEFAULT_POINTS = 100000 };

/* Points (t, v) of a curve, in order of t; a time may appear twice, with
 * the value on the left first, where the curve jumps. */
typedef struct ca_trace {
    double *t, *v;
    size_t n;
} ca_trace;

/* Releases tr's arrays and leaves it empty; tr may be NULL. */
void ca_trace_free(ca_trace *tr);

/* Samples x over [lo, hi]: at lo + i dt, and at every breakpoint inside,
 * both sides of each jump, so that joining the points draws x exactly
 * where it is linear and its edges as vertical lines. CA_EINPUT when dt
 * <= 0 or lo > hi; CA_ELIMIT when the points would pass lim's sample
 * limit (NULL: the default). */
ca_status ca_csignal_trace(const ca_csignal *s, double lo, double hi, double dt,
                           const ca_signal_limits *lim, ca_trace *out, ca_error *err);

/* The same for h(t - tau) over tau in [lo, hi]: h flipped and shifted to
 * t, as it slides under x in an animation of x * h. */
ca_status ca_csignal_trace_flipped(const ca_csignal *h, double t, double lo, double hi,
                                   double dt, const ca_signal_limits *lim, ca_trace *out,
                                   ca_error *err);

/* The same for the product x(tau) h(t - tau) over tau in [lo, hi], whose
 * area is y(t): at the grid and the breakpoints of both factors. */
ca_status ca_csignal_trace_product(const ca_csignal *x, const ca_csignal *h, double t,
                                   double lo, double hi, double dt,
                                   const ca_signal_limits *lim, ca_trace *out, ca_error *err);

#ifdef __cplusplus
}
#endif

#endif

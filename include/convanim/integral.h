#ifndef CONVANIM_INTEGRAL_H
#define CONVANIM_INTEGRAL_H

/* The continuous-time convolution y(t) = ∫ x(τ) h(t − τ) dτ of two
 * ca_csignals.
 *
 * For each t the overlap of x(τ) and h(t − τ) is cut at the breakpoints of
 * both, so every piece is smooth, and each piece is integrated by
 * Gauss–Legendre quadrature: 2 nodes where both factors are linear (rect,
 * tri, step, ramp, samples), which is exact, and 5 nodes per panel of at
 * most the smooth length (ca_csignal_smooth_length) where one is curved
 * (exp, gauss, sine, sinc), within about 1e-10 of the peak. The result does
 * not depend on the step at which y is sampled. */

#include <stddef.h>

#include "convanim/continuous.h"
#include "convanim/error.h"
#include "convanim/signal.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The support of y: [x's lo + h's lo, x's hi + h's hi]. */
void ca_integral_support(const ca_csignal *x, const ca_csignal *h, double *lo, double *hi);

/* y(t). */
double ca_integral_at(const ca_csignal *x, const ca_csignal *h, double t);

/* The most quadrature panels one y(t) can take: the cost of one value. */
double ca_integral_panels(const ca_csignal *x, const ca_csignal *h);

/* The most panels one call may cost in all, 2^27: a few seconds on one
 * core. A step fine enough to ask for more is refused with CA_ELIMIT. */
#define CA_INTEGRAL_MAX_PANELS 134217728.0

/* The default step at which to sample y: the narrower of the two signals'
 * scales (ca_csignal_scale) / CA_CSIGNAL_STEPS_PER_SCALE, so that every
 * feature of x, h and y (a rect's width, an exponential's time constant,
 * a Gaussian's sigma, the gap between two breakpoints) spans 50 steps;
 * wider when that would make more than CA_CSIGNAL_DEFAULT_POINTS steps
 * across y's support or cost more than CA_INTEGRAL_MAX_PANELS / 8. */
double ca_integral_default_dt(const ca_csignal *x, const ca_csignal *h);

/* y(t0 + i dt) into y[i] for i < n. CA_ELIMIT (nothing computed) when n
 * values cost more than CA_INTEGRAL_MAX_PANELS. */
ca_status ca_integral_grid(const ca_csignal *x, const ca_csignal *h, double t0, double dt,
                           size_t n, double *y, ca_error *err);

/* y over its whole support: at lo + i dt while that is below hi, then at hi.
 * CA_EINPUT when dt is not a number > 0; CA_ELIMIT when the values would
 * pass lim's sample limit (NULL: the default) or the panel limit. */
ca_status ca_integral_trace(const ca_csignal *x, const ca_csignal *h, double dt,
                            const ca_signal_limits *lim, ca_trace *out, ca_error *err);

#ifdef __cplusplus
}
#endif

#endif

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "convanim/continuous.h"
#include "base/util.h"

/* Continuous-time generators: each is a formula inside its support and
 * zero outside; the jumps sit only at the support's ends, so one pair of
 * comparisons decides both the value and the side of a jump for every
 * kind. */

struct ca_csignal {
    double (*inside)(const ca_csignal *s, double t);   /* the formula on [lo, hi] */
    double lo, hi;
    double p[3];        /* the formula's parameters, as each kind names them */
    double *v;          /* a sampled signal's samples (n of them) */
    size_t n;
    double *breaks;
    size_t nbreaks;
    double scale, smooth;
};

static double inside_const(const ca_csignal *s, double t)
{
    (void)t;
    return s->p[0];
}

/* p: height, center, half width */
static double inside_tri(const ca_csignal *s, double t)
{
    return s->p[0] * (1 - fabs(t - s->p[1]) / s->p[2]);
}

/* p: height, rate; the decay starts at lo */
static double inside_exp(const ca_csignal *s, double t)
{
    return s->p[0] * exp(-s->p[1] * (t - s->lo));
}

/* p: center, sigma */
static double inside_gauss(const ca_csignal *s, double t)
{
    double z = (t - s->p[0]) / s->p[1];
    return exp(-0.5 * z * z) / (s->p[1] * sqrt(2 * M_PI));
}

/* p: amplitude, freq, phase */
static double inside_sine(const ca_csignal *s, double t)
{
    return s->p[0] * sin(2 * M_PI * s->p[1] * t + s->p[2]);
}

/* p: center, width */
static double inside_sinc(const ca_csignal *s, double t)
{
    double u = M_PI * (t - s->p[0]) / s->p[1];
    return u == 0 ? 1 : sin(u) / u;
}

static double inside_ramp(const ca_csignal *s, double t)
{
    return t - s->lo;
}

/* p: t0, dt. The index is clamped so that t = hi, the last sample, reads
 * the last segment's far end. */
static double inside_samples(const ca_csignal *s, double t)
{
    double x = (t - s->p[0]) / s->p[1];
    double i = floor(x);
    if (i < 0)
        i = 0;
    if (i > (double)(s->n - 2))
        i = (double)(s->n - 2);
    size_t k = (size_t)i;
    double frac = x - i;
    return s->v[k] + frac * (s->v[k + 1] - s->v[k]);
}

/* A new signal with the formula, the support and room for nbreaks
 * breakpoints, whose first and last are the support's ends; the scale is
 * the smaller of `shape` (0: none) and the narrowest gap, which the caller
 * computes after filling the inner breakpoints. */
static ca_status new_signal(const char *what, double (*inside)(const ca_csignal *, double),
                            double lo, double hi, size_t nbreaks, ca_csignal **out,
                            ca_error *err)
{
    *out = NULL;
    if (!(lo < hi) || !isfinite(lo) || !isfinite(hi))
        return ca_fail(err, CA_EINPUT, "%s: the support [%g, %g) is empty", what, lo, hi);
    ca_csignal *s = calloc(1, sizeof *s);
    if (!s || !(s->breaks = malloc(nbreaks * sizeof *s->breaks))) {
        free(s);
        return ca_fail(err, CA_ENOMEM, "%s: out of memory", what);
    }
    s->inside = inside;
    s->lo = lo;
    s->hi = hi;
    s->nbreaks = nbreaks;
    s->breaks[0] = lo;
    s->breaks[nbreaks - 1] = hi;
    *out = s;
    return CA_OK;
}

/* Sets the scale from the breakpoints and the shape length, and the smooth
 * length for quadrature (0: a signal linear between its breakpoints, which
 * need not be subdivided). */
static void set_scale(ca_csignal *s, double shape, double smooth)
{
    double gap = INFINITY;
    for (size_t i = 1; i < s->nbreaks; i++)
        if (s->breaks[i] - s->breaks[i - 1] < gap)
            gap = s->breaks[i] - s->breaks[i - 1];
    s->scale = shape > 0 && shape < gap ? shape : gap;
    s->smooth = smooth;
}

static ca_status positive(const char *what, const char *key, double value, ca_error *err)
{
    if (value > 0)
        return CA_OK;
    return ca_fail(err, CA_EINPUT, "%s: %s must be > 0 (got %g)", what, key, value);
}

ca_status ca_csignal_rect(double width, double center, double height, ca_csignal **out,
                          ca_error *err)
{
    ca_status st = positive("rect", "width", width, err);
    if (st == CA_OK &&
        (st = new_signal("rect", inside_const, center - width / 2, center + width / 2, 2, out,
                         err)) == CA_OK) {
        (*out)->p[0] = height;
        set_scale(*out, 0, 0);
    }
    return st;
}

ca_status ca_csignal_tri(double width, double center, double height, ca_csignal **out,
                         ca_error *err)
{
    ca_status st = positive("tri", "width", width, err);
    if (st == CA_OK &&
        (st = new_signal("tri", inside_tri, center - width / 2, center + width / 2, 3, out,
                         err)) == CA_OK) {
        ca_csignal *s = *out;
        s->p[0] = height;
        s->p[1] = center;
        s->p[2] = width / 2;
        s->breaks[1] = center;
        set_scale(s, 0, 0);
    }
    return st;
}

ca_status ca_csignal_exp(double rate, double start, double height, double until,
                         ca_csignal **out, ca_error *err)
{
    ca_status st = positive("exp", "rate", rate, err);
    if (st != CA_OK)
        return st;
    if (isnan(until))
        until = start + log(1e4) / rate;
    else if (!(until > start))
        return ca_fail(err, CA_EINPUT, "exp: until=%g must be after start=%g", until, start);
    if ((st = new_signal("exp", inside_exp, start, until, 2, out, err)) == CA_OK) {
        (*out)->p[0] = height;
        (*out)->p[1] = rate;
        set_scale(*out, 1 / rate, 0.5 / rate);
    }
    return st;
}

ca_status ca_csignal_step(double at, double until, double height, ca_csignal **out,
                          ca_error *err)
{
    if (!(until > at))
        return ca_fail(err, CA_EINPUT, "step: until=%g must be after at=%g", until, at);
    ca_status st = new_signal("step", inside_const, at, until, 2, out, err);
    if (st == CA_OK) {
        (*out)->p[0] = height;
        set_scale(*out, 0, 0);
    }
    return st;
}

ca_status ca_csignal_gauss(double sigma, double center, ca_csignal **out, ca_error *err)
{
    ca_status st = positive("gauss", "sigma", sigma, err);
    if (st == CA_OK && !isfinite(1 / (sigma * sqrt(2 * M_PI))))
        st = ca_fail(err, CA_EINPUT, "gauss: sigma=%g makes the peak infinite", sigma);
    if (st == CA_OK &&
        (st = new_signal("gauss", inside_gauss, center - 8 * sigma, center + 8 * sigma, 2, out,
                         err)) == CA_OK) {
        (*out)->p[0] = center;
        (*out)->p[1] = sigma;
        set_scale(*out, sigma, sigma / 2);
    }
    return st;
}

ca_status ca_csignal_sine(double freq, double phase, double amplitude, double from, double to,
                          ca_csignal **out, ca_error *err)
{
    ca_status st = positive("sine", "freq", freq, err);
    if (st == CA_OK && !(to > from))
        st = ca_fail(err, CA_EINPUT, "sine: to=%g must be after from=%g", to, from);
    if (st == CA_OK && (st = new_signal("sine", inside_sine, from, to, 2, out, err)) == CA_OK) {
        (*out)->p[0] = amplitude;
        (*out)->p[1] = freq;
        (*out)->p[2] = phase;
        /* one period is the feature to sample; a quarter of one is what
         * five Gauss-Legendre nodes integrate to 1e-12 */
        set_scale(*out, 1 / freq, 0.25 / freq);
    }
    return st;
}

ca_status ca_csignal_sinc(double width, double center, ca_csignal **out, ca_error *err)
{
    ca_status st = positive("sinc", "width", width, err);
    if (st == CA_OK &&
        (st = new_signal("sinc", inside_sinc, center - 8 * width, center + 8 * width, 2, out,
                         err)) == CA_OK) {
        (*out)->p[0] = center;
        (*out)->p[1] = width;
        set_scale(*out, width, width / 2);
    }
    return st;
}

ca_status ca_csignal_ramp(double from, double to, ca_csignal **out, ca_error *err)
{
    if (!(to > from))
        return ca_fail(err, CA_EINPUT, "ramp: to=%g must be after from=%g", to, from);
    ca_status st = new_signal("ramp", inside_ramp, from, to, 2, out, err);
    if (st == CA_OK)
        set_scale(*out, 0, 0);
    return st;
}

ca_status ca_csignal_samples(const char *what, const double *v, size_t n, double t0,
                             double dt, ca_csignal **out, ca_error *err)
{
    *out = NULL;
    ca_status st = positive(what, "dt", dt, err);
    if (st != CA_OK)
        return st;
    if (n < 2)
        return ca_fail(err, CA_EINPUT,
                       "%s: a continuous-time signal needs at least 2 samples (got %zu)", what,
                       n);
    double hi = t0 + (double)(n - 1) * dt;
    if ((st = new_signal(what, inside_samples, t0, hi, n, out, err)) != CA_OK)
        return st;
    ca_csignal *s = *out;
    if (!(s->v = malloc(n * sizeof *s->v))) {
        ca_csignal_free(s);
        *out = NULL;
        return ca_fail(err, CA_ENOMEM, "%s: out of memory for %zu samples", what, n);
    }
    memcpy(s->v, v, n * sizeof *v);
    s->n = n;
    s->p[0] = t0;
    s->p[1] = dt;
    for (size_t i = 1; i + 1 < n; i++)
        s->breaks[i] = t0 + (double)i * dt;
    /* Samples so close that their times round to the same double leave no
     * room between them to interpolate. */
    for (size_t i = 1; i < n; i++)
        if (!(s->breaks[i] > s->breaks[i - 1])) {
            ca_csignal_free(s);
            *out = NULL;
            return ca_fail(err, CA_EINPUT, "%s: dt=%g is too small for t0=%g", what,
                           dt, t0);
        }
    set_scale(s, 0, 0);
    return CA_OK;
}

void ca_csignal_free(ca_csignal *s)
{
    if (!s)
        return;
    free(s->v);
    free(s->breaks);
    free(s);
}

double ca_csignal_eval(const ca_csignal *s, double t)
{
    return t >= s->lo && t < s->hi ? s->inside(s, t) : 0;
}

double ca_csignal_eval_left(const ca_csignal *s, double t)
{
    return t > s->lo && t <= s->hi ? s->inside(s, t) : 0;
}

void ca_csignal_support(const ca_csignal *s, double *lo, double *hi)
{
    *lo = s->lo;
    *hi = s->hi;
}

const double *ca_csignal_breaks(const ca_csignal *s, size_t *n)
{
    *n = s->nbreaks;
    return s->breaks;
}

double ca_csignal_scale(const ca_csignal *s)
{
    return s->scale;
}

double ca_csignal_smooth_length(const ca_csignal *s)
{
    return s->smooth;
}

double ca_csignal_default_dt(const ca_csignal *s)
{
    double dt = s->scale / CA_CSIGNAL_STEPS_PER_SCALE;
    double widest = (s->hi - s->lo) / CA_CSIGNAL_DEFAULT_POINTS;
    return dt > widest ? dt : widest;
}

void ca_trace_free(ca_trace *tr)
{
    if (!tr)
        return;
    free(tr->t);
    free(tr->v);
    tr->t = tr->v = NULL;
    tr->n = 0;
}

/* One factor of a traced curve: s(tau) or, flipped, s(t - tau), with a
 * cursor on its breakpoints in increasing tau. */
typedef struct factor {
    const ca_csignal *s;
    int flip;
    double t;
    size_t k;   /* breakpoints passed */
} factor;

/* The factor's value just left (left = 1) or right of tau: flipping turns
 * one side into the other. */
static double factor_at(const factor *f, double tau, int left)
{
    if (f->flip)
        tau = f->t - tau;
    return left != f->flip ? ca_csignal_eval_left(f->s, tau) : ca_csignal_eval(f->s, tau);
}

/* The factor's next breakpoint in tau, or INFINITY. */
static double factor_break(const factor *f)
{
    if (f->k >= f->s->nbreaks)
        return INFINITY;
    return f->flip ? f->t - f->s->breaks[f->s->nbreaks - 1 - f->k] : f->s->breaks[f->k];
}

static double next_break(factor *fs, size_t nf)
{
    double b = INFINITY;
    for (size_t i = 0; i < nf; i++)
        b = fmin(b, factor_break(&fs[i]));
    return b;
}

/* Moves every cursor past tau + tol. */
static void pass_breaks(factor *fs, size_t nf, double tau, double tol)
{
    for (size_t i = 0; i < nf; i++)
        while (factor_break(&fs[i]) <= tau + tol)
            fs[i].k++;
}

/* Appends (tau, product) of the factors, twice when the product jumps at
 * tau (the value on the left first), unless tau is the last point. */
static void put_point(const factor *fs, size_t nf, double tau, double tol, ca_trace *tr)
{
    if (tr->n > 0 && tau <= tr->t[tr->n - 1] + tol)
        return;
    double left = 1, right = 1;
    for (size_t i = 0; i < nf; i++) {
        left *= factor_at(&fs[i], tau, 1);
        right *= factor_at(&fs[i], tau, 0);
    }
    if (left != right) {
        tr->t[tr->n] = tau;
        tr->v[tr->n++] = left;
    }
    tr->t[tr->n] = tau;
    tr->v[tr->n++] = right;
}

/* The product of the factors over [lo, hi]: at lo + i dt, at hi, and at
 * every breakpoint of a factor. */
static ca_status trace(factor *fs, size_t nf, double lo, double hi, double dt,
                       const ca_signal_limits *lim, ca_trace *out, ca_error *err)
{
    out->t = out->v = NULL;
    out->n = 0;
    if (!(dt > 0) || !isfinite(dt))
        return ca_fail(err, CA_EINPUT, "dt must be a number > 0 (got %g)", dt);
    if (!(lo <= hi) || !isfinite(lo) || !isfinite(hi))
        return ca_fail(err, CA_EINPUT, "the interval [%g, %g] is empty", lo, hi);
    size_t max = lim ? lim->max_samples : CA_SIGNAL_DEFAULT_MAX_SAMPLES;
    double steps = floor((hi - lo) / dt * (1 + 1e-12));
    /* The grid and hi, then up to two points per breakpoint. */
    double count = steps + 2;
    for (size_t i = 0; i < nf; i++)
        count += 2 * (double)fs[i].s->nbreaks;
    if (count > (double)max)
        return ca_fail(err, CA_ELIMIT,
                       "dt=%g makes %.0f points over [%g, %g], over the limit of %zu", dt,
                       count, lo, hi, max);
    size_t cap = (size_t)count;
    out->t = malloc(cap * sizeof *out->t);
    out->v = malloc(cap * sizeof *out->v);
    if (!out->t || !out->v) {
        ca_trace_free(out);
        return ca_fail(err, CA_ENOMEM, "out of memory for %zu points", cap);
    }
    /* Merges the grid with the breakpoints; a grid point within a
     * millionth of a step of a breakpoint is that breakpoint, so a sampled
     * signal's samples are not listed twice. */
    double tol = dt * 1e-6, b;
    pass_breaks(fs, nf, lo - tol, 0);
    size_t nsteps = (size_t)steps;
    for (size_t i = 0; i <= nsteps + 1; i++) {
        double tau = i <= nsteps ? fmin(lo + (double)i * dt, hi) : hi;
        while ((b = next_break(fs, nf)) < tau - tol) {
            put_point(fs, nf, b, tol, out);
            pass_breaks(fs, nf, b, tol);
        }
        if (b <= tau + tol) {
            tau = b;
            pass_breaks(fs, nf, b, tol);
        }
        put_point(fs, nf, tau, tol, out);
    }
    return CA_OK;
}

ca_status ca_csignal_trace(const ca_csignal *s, double lo, double hi, double dt,
                           const ca_signal_limits *lim, ca_trace *out, ca_error *err)
{
    factor f = { s, 0, 0, 0 };
    return trace(&f, 1, lo, hi, dt, lim, out, err);
}

ca_status ca_csignal_trace_flipped(const ca_csignal *h, double t, double lo, double hi,
                                   double dt, const ca_signal_limits *lim, ca_trace *out,
                                   ca_error *err)
{
    factor f = { h, 1, t, 0 };
    return trace(&f, 1, lo, hi, dt, lim, out, err);
}

ca_status ca_csignal_trace_product(const ca_csignal *x, const ca_csignal *h, double t,
                                   double lo, double hi, double dt,
                                   const ca_signal_limits *lim, ca_trace *out, ca_error *err)
{
    factor fs[2] = { { x, 0, 0, 0 }, { h, 1, t, 0 } };
    return trace(fs, 2, lo, hi, dt, lim, out, err);
}

#include <math.h>
#include <stdlib.h>

#include "convanim/integral.h"
#include "base/util.h"

/* Gauss–Legendre nodes and weights on [-1, 1]. Two nodes integrate a cubic
 * exactly, so a product of two linear pieces; five nodes a polynomial of
 * degree 9, which on a panel of a signal's smooth length (half a sigma,
 * half a time constant, a quarter period) leaves a relative error near
 * 1e-11. */
static const double gl2_node = 0.5773502691896258;   /* 1 / sqrt(3) */
static const double gl5_node[3] = { 0, 0.5384693101056831, 0.906179845938664 };
static const double gl5_weight[3] = { 0.5688888888888889, 0.47862867049936647,
                                      0.23692688505618908 };

/* The panel width for pieces where x or h is curved: the smaller smooth
 * length, 0 when both are linear between their breakpoints. */
static double panel_width(const ca_csignal *x, const ca_csignal *h)
{
    double a = ca_csignal_smooth_length(x), b = ca_csignal_smooth_length(h);
    if (a > 0 && b > 0)
        return a < b ? a : b;
    return a > 0 ? a : b;
}

/* ∫ x(τ) h(t − τ) dτ over [a, b], inside which neither has a breakpoint. */
static double piece(const ca_csignal *x, const ca_csignal *h, double t, double a, double b,
                    double pw)
{
    if (!(b > a))
        return 0;
    if (pw == 0) {
        double mid = (a + b) / 2, half = (b - a) / 2;
        double u = mid - half * gl2_node, v = mid + half * gl2_node;
        return half * (ca_csignal_eval(x, u) * ca_csignal_eval(h, t - u) +
                       ca_csignal_eval(x, v) * ca_csignal_eval(h, t - v));
    }
    double panels = ceil((b - a) / pw), sum = 0;
    double width = (b - a) / panels, half = width / 2;
    for (double p = 0; p < panels; p++) {
        double mid = a + (p + 0.5) * width;
        double s = gl5_weight[0] * ca_csignal_eval(x, mid) * ca_csignal_eval(h, t - mid);
        for (int k = 1; k < 3; k++) {
            double u = mid - half * gl5_node[k], v = mid + half * gl5_node[k];
            s += gl5_weight[k] * (ca_csignal_eval(x, u) * ca_csignal_eval(h, t - u) +
                                  ca_csignal_eval(x, v) * ca_csignal_eval(h, t - v));
        }
        sum += half * s;
    }
    return sum;
}

/* The index of the first of the n sorted values above v. */
static size_t first_above(const double *b, size_t n, double v)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (b[mid] > v)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

void ca_integral_support(const ca_csignal *x, const ca_csignal *h, double *lo, double *hi)
{
    double xl, xh, hl, hh;
    ca_csignal_support(x, &xl, &xh);
    ca_csignal_support(h, &hl, &hh);
    *lo = xl + hl;
    *hi = xh + hh;
}

double ca_integral_at(const ca_csignal *x, const ca_csignal *h, double t)
{
    double xl, xh, hl, hh;
    ca_csignal_support(x, &xl, &xh);
    ca_csignal_support(h, &hl, &hh);
    double lo = fmax(xl, t - hh), hi = fmin(xh, t - hl);
    if (!(lo < hi))
        return 0;
    size_t nx, nh;
    const double *bx = ca_csignal_breaks(x, &nx), *bh = ca_csignal_breaks(h, &nh);
    /* x's breakpoints inside (lo, hi) rise with i; h's, seen as t − b,
     * rise as j falls from the last below t − lo. */
    size_t i = first_above(bx, nx, lo), j = first_above(bh, nh, t - hi);
    size_t jend = first_above(bh, nh, t - lo);
    while (jend > j && t - bh[jend - 1] <= lo)
        jend--;
    double pw = panel_width(x, h), a = lo, sum = 0;
    for (;;) {
        double next = hi;
        if (i < nx && bx[i] < next)
            next = bx[i];
        if (jend > j && t - bh[jend - 1] < next)
            next = t - bh[jend - 1];
        if (!(next < hi))
            break;
        sum += piece(x, h, t, a, next, pw);
        a = next;
        while (i < nx && bx[i] <= a)
            i++;
        while (jend > j && t - bh[jend - 1] <= a)
            jend--;
    }
    return sum + piece(x, h, t, a, hi, pw);
}

double ca_integral_panels(const ca_csignal *x, const ca_csignal *h)
{
    size_t nx, nh;
    ca_csignal_breaks(x, &nx);
    ca_csignal_breaks(h, &nh);
    double pieces = (double)nx + (double)nh + 1, pw = panel_width(x, h);
    if (pw == 0)
        return pieces;
    double xl, xh, hl, hh;
    ca_csignal_support(x, &xl, &xh);
    ca_csignal_support(h, &hl, &hh);
    return pieces + ceil(fmin(xh - xl, hh - hl) / pw);
}

double ca_integral_default_dt(const ca_csignal *x, const ca_csignal *h)
{
    double a = ca_csignal_scale(x), b = ca_csignal_scale(h), lo, hi;
    double dt = (a < b ? a : b) / CA_CSIGNAL_STEPS_PER_SCALE;
    ca_integral_support(x, h, &lo, &hi);
    double most = fmin(CA_CSIGNAL_DEFAULT_POINTS,
                       CA_INTEGRAL_MAX_PANELS / 8 / ca_integral_panels(x, h));
    return fmax(dt, (hi - lo) / most);
}

/* CA_ELIMIT when n values of y cost more than the panel limit. */
static ca_status check_cost(const ca_csignal *x, const ca_csignal *h, double dt, double n,
                            ca_error *err)
{
    double panels = ca_integral_panels(x, h);
    if (n * panels <= CA_INTEGRAL_MAX_PANELS)
        return CA_OK;
    return ca_fail(err, CA_ELIMIT,
                   "dt=%g: %.0f values of y(t) at up to %.0f quadrature panels each are over "
                   "the limit of %.0f panels", dt, n, panels, CA_INTEGRAL_MAX_PANELS);
}

ca_status ca_integral_grid(const ca_csignal *x, const ca_csignal *h, double t0, double dt,
                           size_t n, double *y, ca_error *err)
{
    ca_status s = check_cost(x, h, dt, (double)n, err);
    for (size_t i = 0; s == CA_OK && i < n; i++)
        y[i] = ca_integral_at(x, h, t0 + (double)i * dt);
    return s;
}

ca_status ca_integral_trace(const ca_csignal *x, const ca_csignal *h, double dt,
                            const ca_signal_limits *lim, ca_trace *out, ca_error *err)
{
    out->t = out->v = NULL;
    out->n = 0;
    if (!(dt > 0) || !isfinite(dt))
        return ca_fail(err, CA_EINPUT, "dt must be a number > 0 (got %g)", dt);
    double lo, hi;
    ca_integral_support(x, h, &lo, &hi);
    /* hi joins the grid unless the last grid point is hi already, to
     * within a millionth of a step. */
    double steps = floor((hi - lo) / dt * (1 + 1e-12));
    int add_hi = hi - (lo + steps * dt) > dt * 1e-6;
    double count = steps + 1 + add_hi;
    size_t max = lim ? lim->max_samples : CA_SIGNAL_DEFAULT_MAX_SAMPLES;
    if (count > (double)max)
        return ca_fail(err, CA_ELIMIT,
                       "dt=%g makes %.0f values of y(t) over [%g, %g], over the limit of %zu",
                       dt, count, lo, hi, max);
    ca_status s = check_cost(x, h, dt, count, err);
    if (s != CA_OK)
        return s;
    size_t n = (size_t)count;
    out->t = malloc(n * sizeof *out->t);
    out->v = malloc(n * sizeof *out->v);
    if (!out->t || !out->v) {
        ca_trace_free(out);
        return ca_fail(err, CA_ENOMEM, "out of memory for %zu values of y(t)", n);
    }
    for (size_t i = 0; i < n; i++) {
        double t = add_hi && i == n - 1 ? hi : fmin(lo + (double)i * dt, hi);
        out->t[i] = t;
        out->v[i] = ca_integral_at(x, h, t);
    }
    out->n = n;
    return CA_OK;
}

#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "convanim/plot.h"

/* x times 10^e, and x divided by 10^e, without the power overflowing or
 * underflowing for exponents past 300 (two halves); within them as one
 * power, the way every ordinary range has always been computed. */
static double times_pow10(double x, int e)
{
    if (e >= -300 && e <= 300)
        return x * pow(10, e);
    return x * pow(10, e / 2) * pow(10, e - e / 2);
}

static double over_pow10(double x, int e)
{
    if (e >= -300 && e <= 300)
        return x / pow(10, e);
    return x / pow(10, e / 2) / pow(10, e - e / 2);
}

void ca_ticks_nice(double lo, double hi, int max_intervals, ca_ticks *t)
{
    /* 0.5 only as a fallback: it always shows at least two ticks */
    static const double steps[] = { 0.5, 1, 2, 2.5, 5, 10 };
    memset(t, 0, sizeof *t);
    if (!(hi > lo) || !isfinite(lo) || !isfinite(hi) || max_intervals < 1)
        return;
    if (max_intervals > CA_TICKS_MAX - 1)
        max_intervals = CA_TICKS_MAX - 1;
    /* Ranges near the ends of double (hi - lo overflowing, steps that
     * underflow) are worked out in units of 10^unit, near 1; every other
     * range in its own units, unit 0. */
    double big = fmax(fabs(lo), fabs(hi));
    int unit = big > 1e300 || big < 1e-300 ? (int)floor(log10(big)) : 0;
    lo = over_pow10(lo, unit);
    hi = over_pow10(hi, unit);
    double raw = (hi - lo) / max_intervals;
    int e = (int)floor(log10(raw));
    double scale = pow(10, e);
    int step_exp = e, quarter = 0;
    /* the smallest step >= raw, so the whole range spans at most
     * max_intervals steps; a smaller one only while fewer than two ticks
     * would show (MaxNLocator's min_n_ticks) */
    int i = 1;
    while (i < 5 && steps[i] * scale < raw)
        i++;
    for (; i >= 0; i--) {
        double step = steps[i] * scale;
        /* a hair of tolerance so that a limit sitting on a tick keeps it */
        double first = ceil(lo / step - 1e-9), last = floor(hi / step + 1e-9);
        if (last - first < 1 && i > 0)
            continue;
        for (double k = first; k <= last && t->n < CA_TICKS_MAX; k++)
            t->v[t->n++] = k * step;
        step_exp = steps[i] == 10 ? e + 1 : steps[i] == 0.5 ? e - 1 : e;
        quarter = steps[i] == 2.5;
        break;
    }
    if (t->n == 0)
        return;
    /* matplotlib switches to a multiplier outside 1e-5 .. 1e6 */
    double top = fmax(fabs(t->v[0]), fabs(t->v[t->n - 1]));
    int oom = top > 0 ? (int)floor(log10(top)) + unit : 0;
    if (oom <= -5 || oom >= 6)
        t->exponent = oom;
    for (int k = 0; k < t->n; k++)
        t->v[k] = times_pow10(t->v[k], unit);
    /* as many decimals as the step needs, 2.5 x 10^k one more */
    int d = t->exponent - (step_exp + unit) + quarter;
    t->decimals = d > 0 ? d : 0;
}

/* num as printed by printf, with U+2212 for its minus; "-0" and the like
 * are rounding artefacts and lose the sign. */
static void true_minus(const char *num, char *buf, size_t size)
{
    int zero = strspn(num, "-0.") == strlen(num);
    if (num[0] == '-' && !zero)
        snprintf(buf, size, "\u2212%s", num + 1);
    else
        snprintf(buf, size, "%s", num[0] == '-' ? num + 1 : num);
}

void ca_ticks_label(const ca_ticks *t, int i, char *buf, size_t size)
{
    char num[64];
    snprintf(num, sizeof num, "%.*f", t->decimals, over_pow10(t->v[i], t->exponent));
    true_minus(num, buf, size);
}

void ca_plot_number_digits(double v, int digits, char *buf, size_t size)
{
    char num[64];
    snprintf(num, sizeof num, "%.*g", digits < 1 ? 1 : digits > 17 ? 17 : digits, v);
    true_minus(num, buf, size);
}

void ca_plot_number(double v, char *buf, size_t size)
{
    ca_plot_number_digits(v, 4, buf, size);
}

void ca_ticks_offset_label(const ca_ticks *t, char *buf, size_t size)
{
    if (t->exponent == 0)
        snprintf(buf, size, "%s", "");
    else if (t->exponent < 0)
        snprintf(buf, size, "1e\u2212%d", -t->exponent);
    else
        snprintf(buf, size, "1e%d", t->exponent);
}

/* Whether a magnitude is near the ends of double, where a range's margins
 * and a tick step would overflow or underflow unless scaled first. */
static bool extreme(double big)
{
    return big > 1e300 || (big > 0 && big < 1e-300);
}

void ca_plot_range(const double *v, size_t n, double *lo, double *hi)
{
    /* the narrowest range drawn: 1024 steps of the smallest subnormal, so
     * that its ticks stay apart */
    static const double min_span = 0x1p-1064;
    double a = INFINITY, b = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        a = fmin(a, v[i]);
        b = fmax(b, v[i]);
    }
    /* extreme values are worked out in units of 2^unit, which scales
     * exactly, so the margins neither overflow nor vanish */
    int unit = 0;
    if (n > 0 && isfinite(a) && isfinite(b) && extreme(fmax(fabs(a), fabs(b)))) {
        frexp(fmax(fabs(a), fabs(b)), &unit);
        a = ldexp(a, -unit);
        b = ldexp(b, -unit);
    }
    /* flat but for rounding counts as flat, as in matplotlib's nonsingular() */
    if (n == 0 || !(b - a > 1e-15 * fmax(fabs(a), fabs(b)))) {
        double c = n ? a : 0;
        /* a flat signal still gets an axis: +-5% around it, or +-1 at zero */
        double d = c != 0 ? 0.05 * fabs(c) : 1;
        a = c - d;
        b = c + d;
    }
    double m = 0.05 * (b - a);
    *lo = fmax(ldexp(a - m, unit), -DBL_MAX);
    *hi = fmin(ldexp(b + m, unit), DBL_MAX);
    /* subnormals too close to tell apart get the narrowest range around them */
    if (!(*hi - *lo >= min_span)) {
        double c = *lo / 2 + *hi / 2;
        *lo = c - min_span / 2;
        *hi = c + min_span / 2;
    }
}

/* A span past the largest double is measured in halves. */
double ca_axes_px(const ca_axes *ax, double x)
{
    double span = ax->x1 - ax->x0;
    if (isinf(span))
        return (x / 2 - ax->x0 / 2) / (ax->x1 / 2 - ax->x0 / 2) * ax->area.width;
    return (x - ax->x0) / span * ax->area.width;
}

double ca_axes_py(const ca_axes *ax, double y)
{
    double span = ax->y1 - ax->y0;
    if (isinf(span))
        return (ax->y1 / 2 - y / 2) / (ax->y1 / 2 - ax->y0 / 2) * ax->area.height;
    return (ax->y1 - y) / span * ax->area.height;
}

/* One point of xy: sample k of y, in pixels of ax's area. */
static void put(const ca_axes *ax, const double *y, size_t k, double x_start, double x_step,
                double *xy, size_t *m)
{
    xy[2 * *m] = ca_axes_px(ax, x_start + (double)k * x_step);
    xy[2 * *m + 1] = ca_axes_py(ax, y[k]);
    (*m)++;
}

size_t ca_plot_points(const ca_axes *ax, const double *y, size_t n, double x_start,
                      double x_step, bool simplify, double *xy)
{
    size_t m = 0;
    for (size_t i = 0; i < n;) {
        /* the run of finite samples from i in i's pixel column, and where
         * its lowest and highest sample are (the first of equals) */
        size_t end = i + 1, lo = i, hi = i;
        if (simplify && isfinite(y[i])) {
            double col = floor(ca_axes_px(ax, x_start + (double)i * x_step));
            while (end < n && isfinite(y[end]) &&
                   floor(ca_axes_px(ax, x_start + (double)end * x_step)) == col) {
                if (y[end] < y[lo])
                    lo = end;
                if (y[end] > y[hi])
                    hi = end;
                end++;
            }
        }
        /* first, lowest and highest in their order, last: each once */
        size_t keep[4] = { i, lo < hi ? lo : hi, lo < hi ? hi : lo, end - 1 };
        put(ax, y, i, x_start, x_step, xy, &m);
        for (int k = 1; k < 4; k++)
            if (keep[k] != keep[k - 1])
                put(ax, y, keep[k], x_start, x_step, xy, &m);
        i = end;
    }
    return m;
}

void ca_plot_line(const ca_canvas *c, const double *xy, size_t m, double width, int colour)
{
    if (m == 1)
        ca_canvas_fill_circle(c, xy[0], xy[1], width / 2, colour);
    else
        ca_canvas_polyline(c, xy, m, width, colour);
}

void ca_plot_stem_tops(const ca_canvas *c, const double *xy, size_t m, double base,
                       double width, double radius, int colour)
{
    for (size_t k = 0; k < m; k++) {
        ca_canvas_line(c, xy[2 * k], base, xy[2 * k], xy[2 * k + 1], width, colour);
        ca_canvas_fill_circle(c, xy[2 * k], xy[2 * k + 1], radius, colour);
    }
}

void ca_plot_stem_area(const ca_canvas *c, double *xy, size_t m, double base, double radius,
                       int colour)
{
    if (m >= 2) {
        xy[2 * m] = xy[2 * m - 2];
        xy[2 * m + 1] = base;
        xy[2 * m + 2] = xy[0];
        xy[2 * m + 3] = base;
        ca_canvas_fill_polygon(c, xy, m + 2, colour);
    }
    ca_plot_line(c, xy, m, 2 * radius, colour);
}

/* The samples [*i0, *i1) that can show in ax's area: those less than
 * margin pixels outside it, and two more each side, so that a line from
 * the last of them still reaches in, whatever the rounding. Everything
 * when the step gives no usable inverse. */
static void visible(const ca_axes *ax, size_t n, double x_start, double x_step, double margin,
                    size_t *i0, size_t *i1)
{
    double per_px = (ax->x1 - ax->x0) / ax->area.width;
    double a = (ax->x0 - margin * per_px - x_start) / x_step;
    double b = (ax->x1 + margin * per_px - x_start) / x_step;
    double lo = floor(fmin(a, b)) - 2, hi = ceil(fmax(a, b)) + 3;
    *i0 = 0;
    *i1 = n;
    if (!isfinite(lo) || !isfinite(hi))
        return;
    if (lo > 0)
        *i0 = lo < (double)n ? (size_t)lo : n;
    if (hi < (double)n)
        *i1 = hi > (double)*i0 ? (size_t)hi : *i0;
}

/* The points of the samples that can show, simplified when they outnumber
 * the area's columns (*simplified then); returns how many. */
static size_t shown_points(const ca_axes *ax, const double *y, size_t n, double x_start,
                           double x_step, double margin, double *xy, bool *simplified)
{
    size_t i0, i1;
    visible(ax, n, x_start, x_step, margin, &i0, &i1);
    *simplified = i1 - i0 > (size_t)ax->area.width;
    return ca_plot_points(ax, y + i0, i1 - i0, x_start + (double)i0 * x_step, x_step,
                          *simplified, xy);
}

void ca_plot_series(const ca_axes *ax, const double *y, size_t n, double x_start,
                    double x_step, double width, int colour, double *xy)
{
    bool simplified;
    size_t m = shown_points(ax, y, n, x_start, x_step, width / 2 + 1.5, xy, &simplified);
    ca_plot_line(&ax->area, xy, m, width, colour);
}

void ca_plot_stems(const ca_axes *ax, const double *y, size_t n, double x_start, double x_step,
                   double width, double radius, int colour, double *xy)
{
    bool simplified;
    size_t m = shown_points(ax, y, n, x_start, x_step, fmax(width / 2, radius) + 1.5, xy,
                            &simplified);
    double base = ca_axes_py(ax, 0);
    /* where simplifying drops stems, they stand so close (stems at least a
     * pixel wide, under half a pixel apart) that they are one area */
    double apart = fabs(ca_axes_px(ax, x_start + x_step) - ca_axes_px(ax, x_start));
    if (simplified && apart < 0.5)
        ca_plot_stem_area(&ax->area, xy, m, base, radius, colour);
    else
        ca_plot_stem_tops(&ax->area, xy, m, base, width, radius, colour);
}

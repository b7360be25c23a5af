#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scene/ctime.h"
#include "convanim/integral.h"
#include "base/util.h"

/* Curves are traced at a point per pixel column of the frame, plus
 * every breakpoint (both sides of a jump), so a frame costs O(pixels)
 * however finely x and h are described, and an edge is drawn upright. */
enum { POINTS_PER_COLUMN = 1 };

double ctime_t(const ctime *ct, size_t frame)
{
    return ct->t0 + (double)frame * ((ct->t1 - ct->t0) / (double)(ct->frames - 1));
}

/* Room in ct->xy for n points and the two that close an area. */
static ca_status reserve(ctime *ct, size_t n, ca_error *err)
{
    if (n + 2 <= ct->cap)
        return CA_OK;
    double *xy = realloc(ct->xy, 2 * (n + 2) * sizeof *xy);
    if (!xy)
        return ca_fail(err, CA_ENOMEM, "out of memory for a curve of %zu points", n);
    ct->xy = xy;
    ct->cap = n + 2;
    return CA_OK;
}

static void extremes(const double *v, size_t n, double ends[2])
{
    ends[0] = ends[1] = 0;
    for (size_t i = 0; i < n; i++) {
        ends[0] = fmin(ends[0], v[i]);
        ends[1] = fmax(ends[1], v[i]);
    }
}

/* Where a curve is visibly non-zero: from the point before the first
 * value over TAIL of its peak's magnitude to the point after the last
 * (t[i], or t0 + i step when t is NULL). A tail is cut only when that
 * gains more than CUT of the width: an exponential's or a Gaussian's
 * support runs to 1e-4 or 1e-14 of its peak, far past what a pixel shows,
 * while a triangle keeps its own ends. */
#define TAIL 1e-3
#define CUT 0.02
static void visible(const double *t, const double *v, size_t n, double t0, double step,
                    double *lo, double *hi)
{
    double peak = 0;
    for (size_t i = 0; i < n; i++)
        peak = fmax(peak, fabs(v[i]));
    double first = t ? t[0] : t0, last = t ? t[n - 1] : t0 + (double)(n - 1) * step;
    if (!(peak > 0)) {
        /* all zero: nothing to cut towards */
        *lo = first;
        *hi = last;
        return;
    }
    size_t a = 0, b = n - 1;
    while (a + 1 < n && !(fabs(v[a + 1]) > TAIL * peak))
        a++;
    while (b > a && !(fabs(v[b - 1]) > TAIL * peak))
        b--;
    double ta = t ? t[a] : t0 + (double)a * step, tb = t ? t[b] : t0 + (double)b * step;
    double cut = CUT * (last - first);
    *lo = ta - first > cut ? ta : first;
    *hi = last - tb > cut ? tb : last;
}

/* The extremes of s (and 0) over its support and where it is visible, at
 * step dt. */
static ca_status signal_view(const ca_csignal *s, double dt, double ends[2], double *lo,
                             double *hi, ca_error *err)
{
    double a, b;
    ca_csignal_support(s, &a, &b);
    ca_trace tr = { 0 };
    ca_status st = ca_csignal_trace(s, a, b, fmin(dt, (b - a) / 4), NULL, &tr, err);
    if (st == CA_OK) {
        extremes(tr.v, tr.n, ends);
        visible(tr.t, tr.v, tr.n, 0, 0, lo, hi);
    }
    ca_trace_free(&tr);
    return st;
}

static void names(ctime *ct, const ca_scene_options *opt)
{
    static const char *const defaults[3] = { "$x$", "$h$", "$y$" };
    for (int i = 0; i < 3; i++)
        snprintf(ct->name[i], sizeof ct->name[i], "%s",
                 opt->labels[i] ? opt->labels[i] : defaults[i]);
    snprintf(ct->label[0], sizeof ct->label[0], "%s($\\tau$)", ct->name[0]);
    snprintf(ct->label[1], sizeof ct->label[1], "%s($t$ \u2212 $\\tau$)", ct->name[1]);
    snprintf(ct->label[2], sizeof ct->label[2], "%s($t$)", ct->name[2]);
}

ca_status ctime_init(ctime *ct, panels *p, const scene_times *in, const ca_scene_options *opt,
                     ca_error *err)
{
    ct->x = in->x;
    ct->h = in->h;
    ct->frames = in->frames;
    names(ct, opt);
    for (int i = 0; i < CA_PANELS; i++)
        p->name[i] = ct->name[i];
    double xlo, xhi, ylo, yhi;
    ca_csignal_support(in->x, &xlo, &xhi);
    ca_integral_support(in->x, in->h, &ylo, &yhi);
    ct->ncurve = POINTS_PER_COLUMN * (size_t)p->width + 1;
    ct->y = malloc(ct->frames * sizeof *ct->y);
    p->frame_y = ct->y;
    ct->curve = malloc(ct->ncurve * sizeof *ct->curve);
    if (!ct->y || !ct->curve)
        return ca_fail(err, CA_ENOMEM, "out of memory for y(t) at %zu frames", ct->frames);
    /* first at the supports' scale, to find where x and y are visible */
    double dt = (fmax(xhi, yhi) - fmin(xlo, ylo)) / (POINTS_PER_COLUMN * (double)p->width);
    double step = (yhi - ylo) / (double)(ct->ncurve - 1);
    ca_status s;
    if ((s = signal_view(in->x, dt, ct->xext, &ct->xvis[0], &ct->xvis[1], err)) != CA_OK ||
        (s = signal_view(in->h, dt, ct->hext, &ct->hvis[0], &ct->hvis[1], err)) != CA_OK ||
        (s = ca_integral_grid(in->x, in->h, ylo, step, ct->ncurve, ct->curve, err)) != CA_OK)
        return s;
    extremes(ct->curve, ct->ncurve, ct->yext);
    visible(NULL, ct->curve, ct->ncurve, ylo, step, &ct->t0, &ct->t1);

    /* the frames run over where y is visible; the axis holds x and y:
     * every τ where the product is visibly non-zero, and every t. h(t − τ)
     * slides in from the left and out to the right, as on a blackboard;
     * reaching as far as h does on either side would leave x a sliver of
     * the width when h is long. */
    double ends[2] = { fmin(ct->xvis[0], ct->t0), fmax(ct->xvis[1], ct->t1) };
    ca_plot_range(ends, 2, &p->x0, &p->x1);
    ct->dt = (p->x1 - p->x0) / (POINTS_PER_COLUMN * (double)p->width);
    step = (ct->t1 - ct->t0) / (double)(ct->frames - 1);
    ct->decimals = (int)fmin(9, fmax(0, ceil(-log10(step / 2))));
    ct->cstep = (ct->t1 - ct->t0) / (double)(ct->ncurve - 1);
    if ((s = ca_integral_grid(in->x, in->h, ct->t0, step, ct->frames, ct->y, err)) != CA_OK ||
        (s = ca_integral_grid(in->x, in->h, ct->t0, ct->cstep, ct->ncurve, ct->curve, err)) !=
            CA_OK)
        return s;
    double ye[2];
    extremes(ct->y, ct->frames, ye);
    ct->yext[0] = fmin(ct->yext[0], ye[0]);
    ct->yext[1] = fmax(ct->yext[1], ye[1]);
    for (int i = 0; i < 2; i++)
        if (!isfinite(ct->yext[i]))
            return ca_fail(err, CA_EINPUT, "y(t) overflows; scale x or h down");
    /* x over the whole τ axis, for the background, which cannot fail */
    if ((s = ca_csignal_trace(in->x, p->x0, p->x1, ct->dt, NULL, &ct->xtr, err)) != CA_OK)
        return s;
    return reserve(ct, ct->xtr.n > ct->ncurve ? ct->xtr.n : ct->ncurve, err);
}

void ctime_free(ctime *ct)
{
    ca_trace_free(&ct->xtr);
    free(ct->y);
    free(ct->curve);
    free(ct->xy);
}

void ctime_state_free(void *state)
{
    if (state)
        ctime_free(state);
    free(state);
}

double ctime_state_time(void *state, size_t frame)
{
    return ctime_t(state, frame);
}

void ctime_state_caption(panels *p, void *state, size_t frame, char *buf, size_t size)
{
    (void)p;
    ctime_caption(state, frame, buf, size);
}

/* Of the points in [i, j) whose value is v[like]'s, the one nearest to. */
static size_t nearest(const double *v, size_t i, size_t j, size_t like, size_t to)
{
    size_t best = like;
    for (size_t k = i; k < j; k++)
        if (v[k] == v[like] && (k > to ? k - to : to - k) < (best > to ? best - to : to - best))
            best = k;
    return best;
}

/* tr's points in pixels of ax, into ct->xy from point `at` on (room
 * reserved), those in one pixel column reduced to its first, lowest,
 * highest and last, in their order, as ca_plot_points reduces samples: the
 * line through them covers the same rows of every column, and a signal of
 * many samples costs a few points a column. */
static size_t points(ctime *ct, const ca_axes *ax, const ca_trace *tr, size_t at)
{
    double *xy = ct->xy + 2 * at;
    size_t m = 0;
    for (size_t i = 0; i < tr->n;) {
        double col = floor(ca_axes_px(ax, tr->t[i]));
        size_t j = i + 1, lo = i, hi = i;
        for (; j < tr->n && floor(ca_axes_px(ax, tr->t[j])) == col; j++) {
            lo = tr->v[j] < tr->v[lo] ? j : lo;
            hi = tr->v[j] > tr->v[hi] ? j : hi;
        }
        /* of equal lowest (highest) points the one nearest the other: an
         * edge's foot and top, so an edge stays upright where it is */
        lo = nearest(tr->v, i, j, lo, hi);
        hi = nearest(tr->v, i, j, hi, lo);
        size_t keep[4] = { i, lo < hi ? lo : hi, lo < hi ? hi : lo, j - 1 };
        for (int k = 0; k < 4; k++) {
            if (k > 0 && keep[k] == keep[k - 1])
                continue;
            xy[2 * m] = ca_axes_px(ax, tr->t[keep[k]]);
            xy[2 * m + 1] = ca_axes_py(ax, tr->v[keep[k]]);
            m++;
        }
        i = j;
    }
    return m;
}

void ctime_x(ctime *ct, const panels *p, const ca_axes *ax)
{
    ca_plot_line(&ax->area, ct->xy, points(ct, ax, &ct->xtr, 0), panels_px(p, PANELS_LINE_PX),
                 CA_SCENE_F);
}

ca_status ctime_h(ctime *ct, const panels *p, const ca_axes *ax, double t, ca_error *err)
{
    /* traced where it is visible and a step beyond, and joined along zero
     * to the ends of the axis it does not reach: the zeros (and tails
     * under a pixel) cost two points, not a point a column */
    double lo = fmax(t - ct->hvis[1] - ct->dt, ax->x0);
    double hi = fmin(t - ct->hvis[0] + ct->dt, ax->x1);
    double y0 = ca_axes_py(ax, 0);
    bool before = lo > ax->x0, after = hi < ax->x1;
    ca_trace tr = { 0 };
    ca_status s = CA_OK;
    if (lo < hi)
        s = ca_csignal_trace_flipped(ct->h, t, lo, hi, ct->dt, NULL, &tr, err);
    if (s == CA_OK && (s = reserve(ct, tr.n + 2, err)) == CA_OK) {
        ct->xy[0] = ca_axes_px(ax, ax->x0);
        ct->xy[1] = y0;
        size_t m = before + points(ct, ax, &tr, before);
        ct->xy[2 * m] = ca_axes_px(ax, ax->x1);
        ct->xy[2 * m + 1] = y0;
        ca_plot_line(&ax->area, ct->xy, m + after, panels_px(p, PANELS_LINE_PX), CA_SCENE_G);
    }
    ca_trace_free(&tr);
    return s;
}

/* Fills, between zero and the curve, the parts where the sign (of v times
 * the weight) is sign: the curve held at zero elsewhere. */
static void fill_sign(ctime *ct, const ca_axes *ax, const ca_trace *tr, const double *weight,
                      double sign, int colour)
{
    size_t m = 0;
    bool any = false;
    double base = ca_axes_py(ax, 0);
    for (size_t i = 0; i < tr->n; i++) {
        bool in = tr->v[i] * weight[i] * sign > 0;
        any |= in;
        ct->xy[2 * m] = ca_axes_px(ax, tr->t[i]);
        ct->xy[2 * m + 1] = in ? ca_axes_py(ax, tr->v[i]) : base;
        m++;
    }
    if (!any)
        return;
    ct->xy[2 * m] = ct->xy[2 * m - 2];
    ct->xy[2 * m + 1] = base;
    ct->xy[2 * m + 2] = ct->xy[0];
    ct->xy[2 * m + 3] = base;
    ca_canvas_fill_polygon(&ax->area, ct->xy, m + 2, colour);
}

ca_status ctime_area(ctime *ct, const panels *p, const ca_axes *ax, double t, bool under_x,
                     int line, ca_error *err)
{
    /* where both are visible: beyond, the area is under a pixel high */
    double lo = fmax(fmax(ct->xvis[0], t - ct->hvis[1]), ax->x0);
    double hi = fmin(fmin(ct->xvis[1], t - ct->hvis[0]), ax->x1);
    if (!(lo < hi))
        return CA_OK;
    ca_trace tr = { 0 };
    double *weight = NULL;
    ca_status s = under_x ? ca_csignal_trace(ct->x, lo, hi, ct->dt, NULL, &tr, err)
                          : ca_csignal_trace_product(ct->x, ct->h, t, lo, hi, ct->dt, NULL, &tr,
                                                     err);
    if (s == CA_OK && (s = reserve(ct, tr.n, err)) == CA_OK &&
        !(weight = malloc(tr.n * sizeof *weight)))
        s = ca_fail(err, CA_ENOMEM, "out of memory for a curve of %zu points", tr.n);
    if (s == CA_OK) {
        /* under x the sign is the product's, h(t − τ)'s times x's: h is
         * read just inside the overlap, so its edges do not zero the ends */
        double in = (hi - lo) * 1e-9;
        for (size_t i = 0; i < tr.n; i++)
            weight[i] = under_x ? ca_csignal_eval(ct->h, t - fmin(fmax(tr.t[i], lo + in),
                                                                 hi - in))
                                : 1;
        fill_sign(ct, ax, &tr, weight, 1, CA_SCENE_AREA_POS);
        fill_sign(ct, ax, &tr, weight, -1, CA_SCENE_AREA_NEG);
        if (line >= 0)
            ca_plot_line(&ax->area, ct->xy, points(ct, ax, &tr, 0), panels_px(p, PANELS_LINE_PX),
                         line);
    }
    free(weight);
    ca_trace_free(&tr);
    return s;
}

void ctime_marker(const panels *p, const ca_axes *ax, double t)
{
    double x = ca_axes_px(ax, t), r = panels_px(p, 6), y = ax->area.height;
    ca_canvas_vline(&ax->area, (int)floor(x), 0, ax->area.height - 1, CA_SCENE_CURSOR);
    double tri[6] = { x - r, y, x + r, y, x, y - 1.5 * r };
    ca_canvas_fill_polygon(&ax->area, tri, 3, CA_SCENE_CURSOR);
}

void ctime_output(ctime *ct, const panels *p, const ca_axes *ax, size_t frame)
{
    double t = ctime_t(ct, frame), lw = panels_px(p, PANELS_LINE_PX);
    size_t m = 0;
    for (size_t k = 0; k < ct->ncurve && ct->t0 + (double)k * ct->cstep < t; k++, m++) {
        ct->xy[2 * m] = ca_axes_px(ax, ct->t0 + (double)k * ct->cstep);
        ct->xy[2 * m + 1] = ca_axes_py(ax, ct->curve[k]);
    }
    double px = ca_axes_px(ax, t), py = ca_axes_py(ax, ct->y[frame]);
    ct->xy[2 * m] = px;
    ct->xy[2 * m + 1] = py;
    ca_plot_line(&ax->area, ct->xy, m + 1, lw, CA_SCENE_OUT);
    ca_canvas_fill_circle(&ax->area, px, py, 2.2 * lw, CA_SCENE_OUT);
}

void ctime_caption(const ctime *ct, size_t frame, char *buf, size_t size)
{
    if (size == 0)
        return;
    char t[48], y[48];
    double tv = ctime_t(ct, frame);
    /* U+2212 for minus, as every other number drawn; and no "−0.00" */
    double shown = fabs(tv) < 0.5 * pow(10, -ct->decimals) ? 0 : tv;
    snprintf(t, sizeof t, "%s%.*f", shown < 0 ? "\u2212" : "", ct->decimals, fabs(shown));
    ca_plot_number(ct->y[frame], y, sizeof y);
    snprintf(buf, size, "$t$ = %s s     %s($t$) = \u222b %s($\\tau$) %s($t$ \u2212 $\\tau$) "
             "d$\\tau$ = %s", t, ct->name[2], ct->name[0], ct->name[1], y);
}

ca_status ctime_draw_caption(const ctime *ct, panels *p, size_t frame, const ca_canvas *c,
                             ca_error *err)
{
    char text[512];
    ctime_caption(ct, frame, text, sizeof text);
    return panels_text_fitted(p, c, (p->panel[0].x0 + p->panel[0].x1) / 2.0, p->caption_y,
                              text, PANELS_CAPTION_PX, CA_SCENE_INK, err);
}

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scene/ctime.h"
#include "base/util.h"

/* The overlay layout, Wikipedia's picture of convolution: everything on
 * one pair of axes.
 *
 *   t = 0.50 s     y(t) = ∫ x(τ) h(t − τ) dτ = 0.6321
 *   x(τ), h(t − τ) sliding over it, the area under their product shaded
 *   (one shade where it is positive, another where negative), and y(t)
 *   traced up to t as it grows, a marker at t
 *
 * In discrete time the same with f[k], g[n − k], the products f[k]g[n − k]
 * and y[n] up to n on the k, n axis. They share one y range, so their
 * heights compare directly, as on a blackboard, unless one would flatten
 * another: then those too small or too large for f's scale on the left
 * take a second one, on the right, with zero at the same height. */

/* Which colour is anti-aliased over which: at most 16 fit the palette, so
 * h, which meets the shading only at its edges, goes without one over the
 * negative shade. */
static const int ramps[][2] = {
    { CA_SCENE_INK, CA_SCENE_BG },        { CA_SCENE_F, CA_SCENE_BG },
    { CA_SCENE_G, CA_SCENE_BG },          { CA_SCENE_OUT, CA_SCENE_BG },
    { CA_SCENE_PROD, CA_SCENE_BG },       { CA_SCENE_F, CA_SCENE_GRID },
    { CA_SCENE_G, CA_SCENE_GRID },        { CA_SCENE_OUT, CA_SCENE_GRID },
    { CA_SCENE_PROD, CA_SCENE_GRID },     { CA_SCENE_F, CA_SCENE_AREA_POS },
    { CA_SCENE_F, CA_SCENE_AREA_NEG },    { CA_SCENE_G, CA_SCENE_AREA_POS },
    { CA_SCENE_OUT, CA_SCENE_AREA_NEG },  { CA_SCENE_PROD, CA_SCENE_AREA_POS },
    { CA_SCENE_PROD, CA_SCENE_AREA_NEG }, { CA_SCENE_OUT, CA_SCENE_AREA_POS },
};

enum { SIG_F, SIG_G, SIG_PROD, SIG_OUT, SIGNALS };

typedef struct overlay {
    bool continuous;
    ctime ct;                    /* continuous time only */
    char title[256], prod[200];
    char shift[64];              /* g's index against k and n, in discrete time */
    const char *legend[SIGNALS]; /* x, h, their product, y, in their colours */
    bool right[SIGNALS];         /* which signals are measured on the second scale */
    char scale_label[2][256];    /* the names on each scale, when there are two */
} overlay;

static const int legend_colour[SIGNALS] = { CA_SCENE_F, CA_SCENE_G, CA_SCENE_PROD, CA_SCENE_OUT };

static void free_overlay(void *state)
{
    overlay *ov = state;
    if (ov && ov->continuous)
        ctime_free(&ov->ct);
    free(ov);
}

/* Each signal's extremes (its y range or the points that bound it), and
 * where f and g stand together when they share a scale. */
typedef struct extents {
    double v[SIGNALS][4];
    size_t n[SIGNALS];
    double fg[2];
} extents;

/* Whether signal i may join those already on scale `right` without one of
 * them flattening another. */
static bool fits(const overlay *ov, const extents *e, int i, bool right)
{
    for (int j = 0; j < i; j++)
        if (ov->right[j] == right && panels_apart(e->v[i], e->n[i], e->v[j], e->n[j]))
            return false;
    return true;
}

/* How many times the larger of signal i and a signal on scale `right`
 * outsizes the smaller, at the most: 1 when the scale is empty. */
static double worst_ratio(const overlay *ov, const extents *e, int i, bool right)
{
    double r = 1, a = panels_largest(e->v[i], e->n[i]);
    for (int j = 0; j < i; j++) {
        double b = panels_largest(e->v[j], e->n[j]);
        if (ov->right[j] == right && a > 0 && b > 0)
            r = fmax(r, fmax(a, b) / fmin(a, b));
    }
    return r;
}

/* One scale's y range: everything measured on it. */
static void scale_range(const overlay *ov, const extents *e, bool right, double *lo,
                        double *hi)
{
    double v[4 * SIGNALS];
    size_t n = 0;
    bool together = ov->right[SIG_F] == ov->right[SIG_G];
    for (int i = 0; i < SIGNALS; i++) {
        if (ov->right[i] != right)
            continue;
        /* f brings g's extremes too, as one range, when they share it */
        if (together && i == SIG_G)
            continue;
        const double *src = together && i == SIG_F ? e->fg : e->v[i];
        size_t m = together && i == SIG_F ? 2 : e->n[i];
        for (size_t k = 0; k < m; k++)
            v[n++] = src[k];
    }
    panels_range(v, n, NULL, 0, lo, hi);
}

/* The names measured on one scale, a line each, in their colour when one. */
static const char *scale_label(overlay *ov, bool right, int *colour)
{
    char *buf = ov->scale_label[right];
    size_t len = 0;
    int count = 0;
    buf[0] = '\0';
    for (int i = 0; i < SIGNALS; i++) {
        if (ov->right[i] != right)
            continue;
        snprintf(buf + len, sizeof ov->scale_label[0] - len, "%s%s", count ? "\n" : "",
                 ov->legend[i]);
        len += strlen(buf + len);
        *colour = count++ ? CA_SCENE_INK : legend_colour[i];
    }
    return buf;
}

/* f on the left scale; each other signal there too unless it would flatten
 * one there or be flattened by one, else on a second scale, on the right
 * (g first, so g's when it is apart from f).
 * p's top range is the left scale, its output range the output's. */
static void scales(overlay *ov, panels *p, const extents *e, panel_text *text)
{
    const int top = CA_PANEL_TOP;
    bool two = false;
    for (int i = SIG_G; i < SIGNALS; i++) {
        /* one that fits neither goes where it is flattened, or flattens,
         * the least */
        ov->right[i] = !fits(ov, e, i, false) &&
                       (fits(ov, e, i, true) ||
                        worst_ratio(ov, e, i, true) < worst_ratio(ov, e, i, false));
        two = two || ov->right[i];
    }
    scale_range(ov, e, false, &p->ylo[top], &p->yhi[top]);
    p->right[top] = two;
    if (two) {
        scale_range(ov, e, true, &p->y2lo[top], &p->y2hi[top]);
        panels_align_zero(p, top);
        text->label[top] = scale_label(ov, false, &text->label_colour[top]);
        text->label_right[top] = scale_label(ov, true, &text->label_right_colour[top]);
    }
    for (int i = 1; i < CA_PANELS; i++) {
        p->ylo[i] = p->ylo[top];
        p->yhi[i] = p->yhi[top];
    }
    if (ov->right[SIG_OUT]) {
        p->ylo[CA_PANEL_OUT] = p->y2lo[top];
        p->yhi[CA_PANEL_OUT] = p->y2hi[top];
    }
}

/* The axes signal i is drawn on. */
static ca_axes axes_of(const overlay *ov, const panels *p, const ca_canvas *c, int i)
{
    return ov->right[i] ? panels_axes_right(p, c, CA_PANEL_TOP)
                        : panels_axes(p, c, CA_PANEL_TOP);
}

static void one_panel(panel_text *text)
{
    text->panels = 1;
    text->label[0] = "";
    text->label_colour[0] = CA_SCENE_INK;
    text->caption = true;
}

/* g's index where it meets f[k] at output n, on true indices as the
 * product layout writes it: n is the lag of a correlation, so f[k] meets
 * g[k − n]; same and valid number their output from the full output's
 * sample `offset`, so g[n + offset − k] meets f[k]. */
static const char *g_index(const panels *p, char *buf, size_t size)
{
    if (p->correlate)
        snprintf(buf, size, "$k$ \u2212 $n$");
    else if (p->offset)
        snprintf(buf, size, "$n$ + %zu \u2212 $k$", p->offset);
    else
        snprintf(buf, size, "$n$ \u2212 $k$");
    return buf;
}

static ca_status setup(panels *p, const ca_scene_options *opt, panel_text *text, void **state,
                       ca_error *err)
{
    overlay *ov = calloc(1, sizeof *ov);
    *state = ov;
    if (!ov)
        return ca_fail(err, CA_ENOMEM, "out of memory for the scene");
    /* k over f, the full output and every place g slides to */
    double lo, hi;
    panels_g_visits(p, &lo, &hi);
    panels_x_range(p, lo, hi);
    extents e = { .n = { 2, 2, 4, 2 } };
    double *f = e.v[SIG_F], *g = e.v[SIG_G];
    panels_range(p->f, p->nf, NULL, 0, &f[0], &f[1]);
    panels_range(p->g, p->ng, NULL, 0, &g[0], &g[1]);
    panels_range(p->f, p->nf, p->g, p->ng, &e.fg[0], &e.fg[1]);
    panels_range(panels_full_output(p), p->full, NULL, 0, &e.v[SIG_OUT][0],
                 &e.v[SIG_OUT][1]);
    /* the products lie within the factors' extremes' products */
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++)
            e.v[SIG_PROD][2 * a + b] = f[a] * g[b];
    const char *const *name = p->name;
    const char *shift = g_index(p, ov->shift, sizeof ov->shift);
    text->title = opt->title ? opt->title
                  : panels_make(p, 0, "%s of %s and %s",
                                p->correlate ? "Correlation" : "Convolution", name[0], name[1]);
    text->xlabel = opt->xlabel ? opt->xlabel : "$k$, $n$";
    ov->legend[0] = panels_label(p, opt->labels[0], 1, "%s[$k$]", name[0]);
    ov->legend[1] = panels_label(p, opt->labels[1], 2, "%s[%s]", name[1], shift);
    ov->legend[2] = panels_make(p, 3, "%s[$k$]%s[%s]", name[0], name[1], shift);
    ov->legend[3] = panels_label(p, opt->labels[2], 4, "%s[$n$]", name[2]);
    one_panel(text);
    scales(ov, p, &e, text);
    return CA_OK;
}

static ca_status setup_continuous(panels *p, const scene_times *in, const ca_scene_options *opt,
                                  panel_text *text, void **state, ca_error *err)
{
    overlay *ov = calloc(1, sizeof *ov);
    *state = ov;
    if (!ov)
        return ca_fail(err, CA_ENOMEM, "out of memory for the scene");
    ov->continuous = true;
    ctime *ct = &ov->ct;
    ca_status s = ctime_init(ct, p, in, opt, err);
    if (s != CA_OK)
        return s;
    extents e = { .v = { { ct->xext[0], ct->xext[1] }, { ct->hext[0], ct->hext[1] }, { 0 },
                         { ct->yext[0], ct->yext[1] } },
                  .n = { 2, 2, 4, 2 },
                  .fg = { fmin(ct->xext[0], ct->hext[0]), fmax(ct->xext[1], ct->hext[1]) } };
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++)
            e.v[SIG_PROD][2 * a + b] = ct->xext[a] * ct->hext[b];
    snprintf(ov->title, sizeof ov->title, "Convolution of %s and %s", ct->name[0],
             ct->name[1]);
    snprintf(ov->prod, sizeof ov->prod, "%s($\\tau$)%s($t$ \u2212 $\\tau$)", ct->name[0],
             ct->name[1]);
    text->title = opt->title ? opt->title : ov->title;
    text->xlabel = opt->xlabel ? opt->xlabel : "$\\tau$, $t$ (s)";
    ov->legend[0] = ct->label[0];
    ov->legend[1] = ct->label[1];
    ov->legend[2] = ov->prod;
    ov->legend[3] = ct->label[2];
    one_panel(text);
    scales(ov, p, &e, text);
    text->seconds = true;
    return CA_OK;
}

static void background(panels *p, void *state)
{
    overlay *ov = state;
    ca_axes ax = panels_axes(p, &p->background, CA_PANEL_TOP);
    if (ov->continuous)
        ctime_x(&ov->ct, p, &ax);
    else
        panels_signal(p, &ax, p->f, p->nf, p->f_pad, (double)p->f_origin, 1, p->stems_f,
                      CA_SCENE_F);
    if (!ov->continuous) {
        ca_axes out = panels_axes(p, &p->background, CA_PANEL_OUT);
        panels_discarded(p, &out);
    }
}

/* The four names in their colours along the panel's top, inside it. */
static ca_status legend(const overlay *ov, panels *p, const ca_canvas *c, ca_error *err)
{
    ca_rect r = p->panel[CA_PANEL_TOP];
    double pad = panels_px(p, PANELS_PAD_PX), x = r.x0 + pad;
    for (int i = 0; i < 4; i++) {
        ca_text_metrics m;
        ca_status s = ca_text_measure(p->font, ov->legend[i], panels_px(p, PANELS_TICK_PX), &m,
                                      err);
        if (s == CA_OK)
            s = panels_text(p, c, x, r.y0 + pad * 0.5, ov->legend[i], PANELS_TICK_PX,
                            CA_TEXT_LEFT | CA_TEXT_TOP, legend_colour[i], err);
        if (s != CA_OK)
            return s;
        x += m.width + 2 * pad;
    }
    return CA_OK;
}

static ca_status draw_continuous(overlay *ov, panels *p, size_t frame, const ca_canvas *c,
                                 ca_error *err)
{
    ctime *ct = &ov->ct;
    double t = ctime_t(ct, frame);
    ca_axes prod = axes_of(ov, p, c, SIG_PROD), h = axes_of(ov, p, c, SIG_G);
    ca_axes out = panels_axes(p, c, CA_PANEL_OUT);
    /* the marker over the shading, the curves over the marker */
    ca_status s = ctime_area(ct, p, &prod, t, false, CA_SCENE_PROD, err);
    if (s != CA_OK)
        return s;
    ctime_marker(p, &prod, t);
    if ((s = ctime_h(ct, p, &h, t, err)) != CA_OK)
        return s;
    ctime_output(ct, p, &out, frame);
    return ctime_draw_caption(ct, p, frame, c, err);
}

/* "n = 2     y[2] = Σ f[k]g[n − k] = 1.15", n the true index (a lag, for a
 * correlation), with the output sample it is when the two differ. */
static void discrete_caption(const overlay *ov, const panels *p, size_t n, char *buf,
                             size_t size)
{
    char head[256], value[48];
    ca_step step;
    ca_stepper_step(p->st, n, &step);
    ca_plot_number(step.y, value, sizeof value);
    panels_caption_head(p, step.index, n, head, sizeof head);
    snprintf(buf, size, "%s\u03a3 %s[$k$]%s[%s] = %s", head, p->name[0], p->name[1], ov->shift,
             value);
}

static ca_status draw_discrete(const overlay *ov, panels *p, size_t n, const ca_canvas *c,
                               ca_error *err)
{
    ca_step step;
    ca_stepper_step(p->st, n, &step);
    ca_axes prod = axes_of(ov, p, c, SIG_PROD), g = axes_of(ov, p, c, SIG_G);
    /* the output first: its columns come from a copy of the background */
    panels_output_curve(p, c, n);
    panels_samples(p, &prod, step.products, step.f_hi - step.f_lo,
                   (double)p->f_origin + (double)step.f_lo, 1, p->stems_prod, CA_SCENE_PROD);
    panels_signal(p, &g, p->g, p->ng, p->g_pad, (double)(p->f_origin + step.g_origin),
                  step.g_dir, p->stems_g, CA_SCENE_G);
    panels_output_point(p, c, n, step.y);
    char text[256];
    discrete_caption(ov, p, n, text, sizeof text);
    return panels_text_fitted(p, c, (p->panel[0].x0 + p->panel[0].x1) / 2.0, p->caption_y,
                              text, PANELS_CAPTION_PX, CA_SCENE_INK, err);
}

static ca_status draw(panels *p, void *state, size_t frame, const ca_canvas *c, ca_error *err)
{
    overlay *ov = state;
    ca_status s = ov->continuous ? draw_continuous(ov, p, frame, c, err)
                                 : draw_discrete(ov, p, frame, c, err);
    return s == CA_OK ? legend(ov, p, c, err) : s;
}

static double time_of(void *state, size_t frame)
{
    overlay *ov = state;
    return ov->continuous ? ctime_t(&ov->ct, frame) : NAN;
}

static void caption(panels *p, void *state, size_t frame, char *buf, size_t size)
{
    overlay *ov = state;
    if (ov->continuous) {
        ctime_caption(&ov->ct, frame, buf, size);
        return;
    }
    discrete_caption(ov, p, frame, buf, size);
}

const scene_layout scene_overlay = {
    .name = "overlay",
    .colours = CA_SCENE_ALL_COLOURS,
    .ramps = ramps,
    .nramps = sizeof ramps / sizeof ramps[0],
    .style = CA_STYLE_AUTO,
    .shows = { CA_SCENE_F },
    .setup = setup,
    .setup_continuous = setup_continuous,
    .background = background,
    .draw = draw,
    .caption = caption,
    .time = time_of,
    .free = free_overlay,
};

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

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
 * and y[n] up to n on the k, n axis. All four share one y range, so their
 * heights compare directly, as on a blackboard. */

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

typedef struct overlay {
    bool continuous;
    ctime ct;                    /* continuous time only */
    char title[256], prod[200];
    const char *legend[4];       /* x, h, their product, y, in their colours */
} overlay;

static const int legend_colour[4] = { CA_SCENE_F, CA_SCENE_G, CA_SCENE_PROD, CA_SCENE_OUT };

static void free_overlay(void *state)
{
    overlay *ov = state;
    if (ov && ov->continuous)
        ctime_free(&ov->ct);
    free(ov);
}

/* One y range for everything the panel shows. */
static void share_range(panels *p, const double *v, size_t n)
{
    panels_range(v, n, NULL, 0, true, &p->ylo[0], &p->yhi[0]);
    for (int i = 1; i < CA_PANELS; i++) {
        p->ylo[i] = p->ylo[0];
        p->yhi[i] = p->yhi[0];
    }
}

static void one_panel(panel_text *text)
{
    text->panels = 1;
    text->label[0] = "";
    text->label_colour[0] = CA_SCENE_INK;
    text->caption = true;
}

static ca_status setup(panels *p, const ca_scene_options *opt, panel_text *text, void **state,
                       ca_error *err)
{
    overlay *ov = calloc(1, sizeof *ov);
    *state = ov;
    if (!ov)
        return ca_fail(err, CA_ENOMEM, "out of memory for the scene");
    /* the stacked layout's axis: the full output's index, f[k] at k */
    p->x0 = -1;
    p->x1 = (double)p->full;
    const double *y = ca_stepper_output(p->st);
    double ends[8];
    size_t n = 0;
    double lo, hi;
    panels_range(p->f, p->nf, p->g, p->ng, true, &lo, &hi);
    ends[n++] = lo;
    ends[n++] = hi;
    panels_range(y, p->steps, NULL, 0, true, &lo, &hi);
    ends[n++] = lo;
    ends[n++] = hi;
    /* the products lie within the factors' extremes' products */
    double f[2], g[2];
    panels_range(p->f, p->nf, NULL, 0, true, &f[0], &f[1]);
    panels_range(p->g, p->ng, NULL, 0, true, &g[0], &g[1]);
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++)
            ends[n++] = f[a] * g[b];
    share_range(p, ends, n);
    text->title = opt->title ? opt->title
                  : p->correlate ? "Correlation of $f$ and $g$"
                                 : "Convolution of $f$ and $g$";
    text->xlabel = opt->xlabel ? opt->xlabel : "$k$, $n$";
    ov->legend[0] = opt->labels[0] ? opt->labels[0] : "$f$[$k$]";
    ov->legend[1] = opt->labels[1] ? opt->labels[1]
                    : p->correlate ? "$g$[$k$ \u2212 $n$]" : "$g$[$n$ \u2212 $k$]";
    ov->legend[2] = p->correlate ? "$f$[$k$]$g$[$k$ \u2212 $n$]" : "$f$[$k$]$g$[$n$ \u2212 $k$]";
    ov->legend[3] = opt->labels[2] ? opt->labels[2] : "$y$[$n$]";
    one_panel(text);
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
    double ends[10] = { ct->xext[0], ct->xext[1], ct->hext[0], ct->hext[1], ct->yext[0],
                        ct->yext[1] };
    size_t n = 6;
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++)
            ends[n++] = ct->xext[a] * ct->hext[b];
    share_range(p, ends, n);
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
        panels_samples(p, &ax, p->f, p->nf, 0, 1, p->stems_f, CA_SCENE_F);
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
    ca_axes ax = panels_axes(p, c, CA_PANEL_TOP);
    /* the marker over the shading, the curves over the marker */
    ca_status s = ctime_area(ct, p, &ax, t, false, CA_SCENE_PROD, err);
    if (s != CA_OK)
        return s;
    ctime_marker(p, &ax, t);
    if ((s = ctime_h(ct, p, &ax, t, err)) != CA_OK)
        return s;
    ctime_output(ct, p, &ax, frame);
    return ctime_draw_caption(ct, p, frame, c, err);
}

/* "n = 2     y[2] = Σ f[k]g[n − k] = 1.15", n counted in the full output. */
static void discrete_caption(const panels *p, size_t n, char *buf, size_t size)
{
    char value[48];
    ca_step step;
    ca_stepper_step(p->st, n, &step);
    ca_plot_number(step.y, value, sizeof value);
    size_t t = n + p->offset;
    snprintf(buf, size, "$n$ = %zu     $y$[%zu] = \u03a3 $f$[$k$]$g$[%s] = %s", t, t,
             p->correlate ? "$k$ \u2212 $n$" : "$n$ \u2212 $k$", value);
}

static ca_status draw_discrete(panels *p, size_t n, const ca_canvas *c, ca_error *err)
{
    ca_step step;
    ca_stepper_step(p->st, n, &step);
    ca_axes ax = panels_axes(p, c, CA_PANEL_TOP);
    /* the output first: its columns come from a copy of the background */
    panels_output_curve(p, c, n);
    panels_samples(p, &ax, step.products, step.f_hi - step.f_lo, (double)step.f_lo, 1,
                   p->stems_prod, CA_SCENE_PROD);
    panels_samples(p, &ax, p->g, p->ng, (double)step.g_origin, step.g_dir, p->stems_g,
                   CA_SCENE_G);
    panels_output_point(p, c, n, step.y);
    char text[256];
    discrete_caption(p, n, text, sizeof text);
    return panels_text(p, c, (p->panel[0].x0 + p->panel[0].x1) / 2.0, p->caption_y, text,
                       PANELS_CAPTION_PX, CA_TEXT_CENTRE | CA_TEXT_BASELINE, CA_SCENE_INK, err);
}

static ca_status draw(panels *p, void *state, size_t frame, const ca_canvas *c, ca_error *err)
{
    overlay *ov = state;
    ca_status s = ov->continuous ? draw_continuous(ov, p, frame, c, err)
                                 : draw_discrete(p, frame, c, err);
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
    discrete_caption(p, frame, buf, size);
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

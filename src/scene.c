#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convanim/plot.h"
#include "convanim/scene.h"
#include "convanim/text.h"
#include "util.h"

/* The seed layout: three panels stacked on one x axis, the output index t
 * of the full convolution (f[k] and the output sample t share x = k = t).
 *
 *   title
 *   f      f, the area under the samples g overlaps shaded
 *   g      g flipped and slid so that its leading sample sits at t
 *   f∗g    the output up to t, the current sample marked
 *   x label
 *
 * A GIF frame costs bytes for every pixel that changes, and text or tall
 * edges that move change many: so the overlap is shaded as the area under
 * f (its edges only as tall as f there), not as a full-height band, and the
 * value of y[n] is read off the marker and the axis rather than from a
 * caption that would redraw its digits every frame.
 *
 * What never moves (title, labels, ticks, grid, spines) is drawn once into
 * a background; a frame starts as a copy of it and draws what moves. */

/* The curves' colours are from Okabe and Ito's colour-blind-safe set. */
static const ca_rgb themes[][CA_SCENE_COLOURS] = {
    [CA_THEME_LIGHT] = {
        [CA_SCENE_BG] = { 255, 255, 255 },
        [CA_SCENE_INK] = { 34, 34, 34 },
        [CA_SCENE_GRID] = { 228, 228, 228 },
        [CA_SCENE_F] = { 0, 114, 178 },       /* blue */
        [CA_SCENE_G] = { 213, 94, 0 },        /* vermillion */
        [CA_SCENE_OUT] = { 0, 158, 115 },     /* bluish green */
        [CA_SCENE_SHADE] = { 253, 240, 196 },
    },
    [CA_THEME_DARK] = {
        [CA_SCENE_BG] = { 22, 24, 29 },
        [CA_SCENE_INK] = { 226, 226, 226 },
        [CA_SCENE_GRID] = { 54, 57, 66 },
        [CA_SCENE_F] = { 86, 180, 233 },      /* sky blue */
        [CA_SCENE_G] = { 230, 159, 0 },       /* orange */
        [CA_SCENE_OUT] = { 0, 190, 140 },     /* bluish green, lighter */
        [CA_SCENE_SHADE] = { 66, 60, 34 },
    },
};

/* Which colour is anti-aliased over which: text and curves over the
 * background, curves over the grid, f over its shading. */
static const int ramps[][2] = {
    { CA_SCENE_INK, CA_SCENE_BG },  { CA_SCENE_F, CA_SCENE_BG },
    { CA_SCENE_G, CA_SCENE_BG },    { CA_SCENE_OUT, CA_SCENE_BG },
    { CA_SCENE_F, CA_SCENE_GRID },  { CA_SCENE_G, CA_SCENE_GRID },
    { CA_SCENE_OUT, CA_SCENE_GRID }, { CA_SCENE_F, CA_SCENE_SHADE },
};

/* Sizes at the reference frame of 960x640, scaled with the frame. */
static const double REF_W = 960, REF_H = 640;
static const double TITLE_PX = 21, LABEL_PX = 18, TICK_PX = 14;
static const double LINE_PX = 2.2, PAD_PX = 10, TICK_LEN_PX = 5;

struct ca_scene {
    ca_stepper *st;
    double *f, *g;
    size_t nf, ng, frames, offset, full;
    bool correlate;
    ca_font *font;
    ca_palette pal;
    int width, height;
    double scale;
    ca_rect panel[CA_PANELS];       /* the data areas, inside the spines */
    double x0, x1, ylo[CA_PANELS], yhi[CA_PANELS];
    ca_canvas background;
    /* The output panel with the curve drawn up to sample sofar_n (SIZE_MAX:
     * none yet): a frame copies the curve from here, so drawing it costs a
     * segment per frame instead of the whole curve. */
    ca_canvas sofar;
    size_t sofar_n;
    double *xy;                  /* polyline scratch */
};

ca_status ca_theme_parse(const char *name, ca_theme *theme, ca_error *err)
{
    if (strcmp(name, "light") == 0)
        *theme = CA_THEME_LIGHT;
    else if (strcmp(name, "dark") == 0)
        *theme = CA_THEME_DARK;
    else
        return ca_fail(err, CA_EINPUT, "unknown theme '%s' (themes: light, dark)", name);
    return CA_OK;
}

ca_status ca_layout_parse(const char *name, ca_layout *layout, ca_error *err)
{
    if (strcmp(name, "seed") != 0)
        return ca_fail(err, CA_EINPUT, "unknown layout '%s' (layouts: seed)", name);
    *layout = CA_LAYOUT_SEED;
    return CA_OK;
}

ca_status ca_scene_check_size(int width, int height, ca_error *err)
{
    if (width < CA_SCENE_MIN_WIDTH || height < CA_SCENE_MIN_HEIGHT)
        return ca_fail(err, CA_EINPUT,
                       "size %dx%d is too small: the panels and their labels need at least %dx%d",
                       width, height, CA_SCENE_MIN_WIDTH, CA_SCENE_MIN_HEIGHT);
    if (width > CA_SCENE_MAX_SIDE || height > CA_SCENE_MAX_SIDE)
        return ca_fail(err, CA_ELIMIT, "size %dx%d is too large: at most %d pixels per side",
                       width, height, CA_SCENE_MAX_SIDE);
    if ((double)width * height > CA_SCENE_MAX_PIXELS)
        return ca_fail(err, CA_ELIMIT, "size %dx%d is too large: at most %.0f megapixels",
                       width, height, CA_SCENE_MAX_PIXELS / (1024.0 * 1024.0));
    return CA_OK;
}

void ca_scene_free(ca_scene *sc)
{
    if (!sc)
        return;
    ca_stepper_free(sc->st);
    ca_font_free(sc->font);
    ca_canvas_free(&sc->background);
    ca_canvas_free(&sc->sofar);
    free(sc->f);
    free(sc->g);
    free(sc->xy);
    free(sc);
}

size_t ca_scene_frames(const ca_scene *sc)
{
    return sc->frames;
}

const ca_palette *ca_scene_palette(const ca_scene *sc)
{
    return &sc->pal;
}

ca_scene_panel ca_scene_panel_of(const ca_scene *sc, int p)
{
    return (ca_scene_panel){ sc->panel[p], sc->x0, sc->x1, sc->ylo[p], sc->yhi[p] };
}

double ca_scene_x_of(const ca_scene *sc, size_t n)
{
    return (double)(n + sc->offset);
}

static ca_status build_palette(ca_scene *sc, ca_theme theme, ca_error *err)
{
    ca_palette_init(&sc->pal, themes[theme][CA_SCENE_BG]);
    for (int c = 1; c < CA_SCENE_COLOURS; c++) {
        int id;
        ca_status s = ca_palette_add_colour(&sc->pal, themes[theme][c], &id, err);
        if (s != CA_OK)
            return s;
    }
    for (size_t i = 0; i < sizeof ramps / sizeof ramps[0]; i++) {
        ca_status s = ca_palette_add_ramp(&sc->pal, ramps[i][0], ramps[i][1], err);
        if (s != CA_OK)
            return s;
    }
    return CA_OK;
}

static double *dup_samples(const double *v, size_t n)
{
    double *p = malloc(n * sizeof *p);
    if (p)
        memcpy(p, v, n * sizeof *p);
    return p;
}

static ca_axes panel_axes(const ca_scene *sc, const ca_canvas *frame, int p)
{
    ca_rect r = sc->panel[p];
    return (ca_axes){ ca_canvas_sub(frame, r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0),
                      sc->x0, sc->x1, sc->ylo[p], sc->yhi[p] };
}

static double px(const ca_scene *sc, double ref)
{
    return ref * sc->scale;
}

static const char *title_of(const ca_scene *sc, const ca_scene_options *opt)
{
    if (opt->title)
        return opt->title;
    return sc->correlate ? "Correlation of $f$ and $g$" : "Convolution of $f$ and $g$";
}

static ca_status measure(ca_scene *sc, const char *text, double ref_px, ca_text_metrics *m,
                         ca_error *err)
{
    return ca_text_measure(sc->font, text, px(sc, ref_px), m, err);
}

/* Lays out the panels: the left margin fits the widest y label and tick
 * label, the bottom the x tick labels and the x label. */
static ca_status layout(ca_scene *sc, const ca_scene_options *opt, const char *const labels[3],
                        ca_ticks yt[CA_PANELS], ca_error *err)
{
    ca_text_metrics m;
    ca_status s;
    double pad = px(sc, PAD_PX), tick = px(sc, TICK_LEN_PX);
    double label_w = 0, tick_w = 0;
    char buf[64];

    for (int p = 0; p < CA_PANELS; p++) {
        if ((s = measure(sc, labels[p], LABEL_PX, &m, err)) != CA_OK)
            return s;
        label_w = fmax(label_w, m.width);
        for (int i = 0; i < yt[p].n; i++) {
            ca_ticks_label(&yt[p], i, buf, sizeof buf);
            if ((s = measure(sc, buf, TICK_PX, &m, err)) != CA_OK)
                return s;
            tick_w = fmax(tick_w, m.width);
        }
    }
    ca_text_metrics tm, lm, km;
    if ((s = measure(sc, title_of(sc, opt), TITLE_PX, &tm, err)) != CA_OK ||
        (s = measure(sc, "0", TICK_PX, &km, err)) != CA_OK ||
        (s = measure(sc, "n", LABEL_PX, &lm, err)) != CA_OK)
        return s;

    double left = pad + label_w + pad + tick_w + tick + pad * 0.5;
    double right = sc->width - 2 * pad;
    double top = pad + tm.ascent + tm.descent + pad;
    double tick_h = km.ascent + km.descent;
    double bottom = sc->height - (pad * 0.5 + lm.ascent + lm.descent + tick_h + tick + pad);
    /* room above each panel for an exponent multiplier like "1e−5" */
    double gap = tick_h + pad;
    double h = (bottom - top - 2 * gap) / CA_PANELS;
    if (right - left < 40 || h < 30)
        return ca_fail(err, CA_EINPUT,
                       "size %dx%d leaves no room for the panels: make the frame larger or the "
                       "labels shorter", sc->width, sc->height);
    for (int p = 0; p < CA_PANELS; p++) {
        double y0 = top + p * (h + gap);
        sc->panel[p] = (ca_rect){ (int)lround(left), (int)lround(y0), (int)lround(right),
                                  (int)lround(y0 + h) };
    }
    return CA_OK;
}

static ca_status draw_text(ca_scene *sc, const ca_canvas *c, double x, double y,
                           const char *text, double ref_px, int anchor, ca_error *err)
{
    return ca_text_draw(sc->font, c, x, y, text, px(sc, ref_px), anchor, CA_SCENE_INK, err);
}

/* Spines, grid, ticks and tick labels of panel p; x tick labels only under
 * the last panel, since the panels share the x axis. */
static ca_status draw_panel_frame(ca_scene *sc, int p, const char *label, const ca_ticks *xt,
                                  const ca_ticks *yt, ca_error *err)
{
    const ca_canvas *c = &sc->background;
    ca_axes ax = panel_axes(sc, c, p);
    ca_rect r = sc->panel[p];
    int tick = (int)lround(px(sc, TICK_LEN_PX));
    double pad = px(sc, PAD_PX);
    char buf[64];
    ca_status s;

    for (int i = 0; i < xt->n; i++) {
        int x = r.x0 + (int)floor(ca_axes_px(&ax, xt->v[i]));
        ca_canvas_vline(c, x, r.y0, r.y1 - 1, CA_SCENE_GRID);
        ca_canvas_vline(c, x, r.y1, r.y1 + tick - 1, CA_SCENE_INK);
        if (p == CA_PANELS - 1) {
            ca_ticks_label(xt, i, buf, sizeof buf);
            if ((s = draw_text(sc, c, x + 0.5, r.y1 + tick + pad * 0.3, buf, TICK_PX,
                               CA_TEXT_CENTRE | CA_TEXT_TOP, err)) != CA_OK)
                return s;
        }
    }
    for (int i = 0; i < yt->n; i++) {
        int y = r.y0 + (int)floor(ca_axes_py(&ax, yt->v[i]));
        ca_canvas_hline(c, r.x0, r.x1 - 1, y, CA_SCENE_GRID);
        ca_canvas_hline(c, r.x0 - tick, r.x0 - 1, y, CA_SCENE_INK);
        ca_ticks_label(yt, i, buf, sizeof buf);
        if ((s = draw_text(sc, c, r.x0 - tick - pad * 0.4, y + 0.5, buf, TICK_PX,
                           CA_TEXT_RIGHT | CA_TEXT_MIDDLE, err)) != CA_OK)
            return s;
    }
    ca_ticks_offset_label(yt, buf, sizeof buf);
    if (buf[0] && (s = draw_text(sc, c, r.x0, r.y0 - pad * 0.3, buf, TICK_PX,
                                 CA_TEXT_LEFT | CA_TEXT_BOTTOM, err)) != CA_OK)
        return s;
    /* the spines sit just outside the data area, so data never covers them */
    ca_canvas_hline(c, r.x0 - 1, r.x1, r.y0 - 1, CA_SCENE_INK);
    ca_canvas_hline(c, r.x0 - 1, r.x1, r.y1, CA_SCENE_INK);
    ca_canvas_vline(c, r.x0 - 1, r.y0 - 1, r.y1, CA_SCENE_INK);
    ca_canvas_vline(c, r.x1, r.y0 - 1, r.y1, CA_SCENE_INK);
    return draw_text(sc, c, pad, (r.y0 + r.y1) / 2.0, label, LABEL_PX,
                     CA_TEXT_LEFT | CA_TEXT_MIDDLE, err);
}

static int max_intervals(double length_px, double spacing_px, int lo, int hi)
{
    int n = (int)(length_px / spacing_px);
    return n < lo ? lo : n > hi ? hi : n;
}

static ca_status draw_background(ca_scene *sc, const ca_scene_options *opt,
                                 const char *const labels[3], const ca_ticks *xt,
                                 const ca_ticks yt[CA_PANELS], ca_error *err)
{
    const ca_canvas *c = &sc->background;
    const char *xlabel = opt->xlabel ? opt->xlabel : "$n$";
    double pad = px(sc, PAD_PX);
    double mid = (sc->panel[0].x0 + sc->panel[0].x1) / 2.0;
    ca_status s;

    ca_canvas_fill(c, CA_SCENE_BG);
    if ((s = draw_text(sc, c, mid, pad, title_of(sc, opt), TITLE_PX, CA_TEXT_CENTRE | CA_TEXT_TOP, err)) !=
        CA_OK)
        return s;
    for (int p = 0; p < CA_PANELS; p++)
        if ((s = draw_panel_frame(sc, p, labels[p], xt, &yt[p], err)) != CA_OK)
            return s;
    ca_axes fa = panel_axes(sc, c, CA_PANEL_F);
    ca_plot_series(&fa, sc->f, sc->nf, 0, 1, px(sc, LINE_PX), CA_SCENE_F, sc->xy);
    return draw_text(sc, c, mid, sc->height - pad * 0.5, xlabel, LABEL_PX,
                     CA_TEXT_CENTRE | CA_TEXT_BOTTOM, err);
}

ca_status ca_scene_new(const double *f, size_t nf, const double *g, size_t ng,
                       ca_conv_mode mode, bool correlate, const ca_scene_options *opt,
                       ca_scene **out, ca_error *err)
{
    *out = NULL;
    ca_status s = ca_scene_check_size(opt->width, opt->height, err);
    if (s != CA_OK)
        return s;
    ca_scene *sc = calloc(1, sizeof *sc);
    if (!sc)
        return ca_fail(err, CA_ENOMEM, "out of memory for the scene");
    sc->nf = nf;
    sc->ng = ng;
    sc->correlate = correlate;
    sc->width = opt->width;
    sc->height = opt->height;
    sc->scale = fmin(opt->width / REF_W, opt->height / REF_H);
    sc->full = ca_conv_length(nf, ng, CA_CONV_FULL);
    sc->offset = ca_conv_offset(nf, ng, mode, correlate);
    /* the longest polyline: the output; or the shaded area's outline */
    size_t most = (sc->full > nf ? sc->full : nf) + 2;
    sc->f = dup_samples(f, nf);
    sc->g = dup_samples(g, ng);
    sc->xy = malloc(2 * most * sizeof *sc->xy);
    if (!sc->f || !sc->g || !sc->xy) {
        ca_scene_free(sc);
        return ca_fail(err, CA_ENOMEM, "out of memory for the scene");
    }
    if ((s = ca_stepper_new(f, nf, g, ng, mode, correlate, &sc->st, err)) != CA_OK ||
        (s = build_palette(sc, opt->theme, err)) != CA_OK ||
        (s = ca_font_open(opt->font, &sc->font, err)) != CA_OK) {
        ca_scene_free(sc);
        return s;
    }
    sc->frames = ca_stepper_length(sc->st);

    const double *y = ca_stepper_output(sc->st);
    const char *labels[3] = {
        opt->labels[0] ? opt->labels[0] : "$f$",
        opt->labels[1] ? opt->labels[1] : "$g$",
        opt->labels[2] ? opt->labels[2] : correlate ? "$f$\u22c6$g$" : "$f$\u2217$g$",
    };
    /* x spans the full output with a sample's margin each side */
    sc->x0 = -1;
    sc->x1 = (double)sc->full;
    ca_plot_range(f, nf, &sc->ylo[CA_PANEL_F], &sc->yhi[CA_PANEL_F]);
    ca_plot_range(g, ng, &sc->ylo[CA_PANEL_G], &sc->yhi[CA_PANEL_G]);
    ca_plot_range(y, sc->frames, &sc->ylo[CA_PANEL_OUT], &sc->yhi[CA_PANEL_OUT]);

    /* tick counts depend on the panel size, the panel size on the tick
     * labels' width: a first guess at the height is close enough */
    ca_ticks yt[CA_PANELS], xt;
    double panel_h = sc->height * 0.22;
    for (int p = 0; p < CA_PANELS; p++)
        ca_ticks_nice(sc->ylo[p], sc->yhi[p], max_intervals(panel_h, px(sc, 28), 2, 6), &yt[p]);
    if ((s = layout(sc, opt, labels, yt, err)) != CA_OK) {
        ca_scene_free(sc);
        return s;
    }
    double width = sc->panel[0].x1 - sc->panel[0].x0;
    ca_ticks_nice(0, (double)sc->full - 1, max_intervals(width, px(sc, 90), 1, 10), &xt);
    if ((s = ca_canvas_new(sc->width, sc->height, &sc->pal, sc->pal.solid[CA_SCENE_BG], &sc->background,
                           err)) != CA_OK ||
        (s = draw_background(sc, opt, labels, &xt, yt, err)) != CA_OK ||
        (s = ca_canvas_new(sc->panel[CA_PANEL_OUT].x1 - sc->panel[CA_PANEL_OUT].x0,
                           sc->panel[CA_PANEL_OUT].y1 - sc->panel[CA_PANEL_OUT].y0, &sc->pal,
                           0, &sc->sofar, err)) != CA_OK) {
        ca_scene_free(sc);
        return s;
    }
    sc->sofar_n = SIZE_MAX;
    *out = sc;
    return CA_OK;
}

/* Restores r of frame from the background. */
static void restore(const ca_scene *sc, const ca_canvas *frame, ca_rect r)
{
    ca_canvas dst = ca_canvas_sub(frame, r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0);
    ca_canvas src = ca_canvas_sub(&sc->background, r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0);
    ca_canvas_copy(&dst, &src);
}

/* Brings the curve in sc->sofar to output sample n: on from where it is,
 * or from the start when n is behind it. Lines are unions of capsules, so
 * the curve drawn a segment at a time is the curve drawn at once. */
static void extend_curve(ca_scene *sc, size_t n, double lw)
{
    ca_rect r = sc->panel[CA_PANEL_OUT];
    if (sc->sofar_n == SIZE_MAX || n < sc->sofar_n) {
        ca_canvas src = ca_canvas_sub(&sc->background, r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0);
        ca_canvas_copy(&sc->sofar, &src);
        sc->sofar_n = SIZE_MAX;
    }
    if (sc->sofar_n == n)
        return;
    size_t from = sc->sofar_n == SIZE_MAX ? 0 : sc->sofar_n;
    ca_axes ax = { sc->sofar, sc->x0, sc->x1, sc->ylo[CA_PANEL_OUT], sc->yhi[CA_PANEL_OUT] };
    ca_plot_series(&ax, ca_stepper_output(sc->st) + from, n - from + 1,
                   (double)(sc->offset + from), 1, lw, CA_SCENE_OUT, sc->xy);
    sc->sofar_n = n;
}

/* Shades the area between f and zero over the samples g overlaps. f is in
 * the background; only its part over the shading is drawn again, in a view
 * cut to the shaded columns. */
static void shade_overlap(ca_scene *sc, const ca_axes *fa, const ca_step *step, double lw)
{
    int c0 = (int)floor(ca_axes_px(fa, (double)step->f_lo)) - 1;
    int c1 = (int)ceil(ca_axes_px(fa, (double)(step->f_hi - 1))) + 1;
    ca_axes cut = *fa;
    cut.area = ca_canvas_sub(&fa->area, c0, 0, c1 - c0, fa->area.height);
    double per_px = (fa->x1 - fa->x0) / fa->area.width;
    int dx = cut.area.x0 - fa->area.x0;
    cut.x0 = fa->x0 + per_px * dx;
    cut.x1 = fa->x0 + per_px * (dx + cut.area.width);

    double *xy = sc->xy;
    size_t m = 0;
    for (size_t k = step->f_lo; k < step->f_hi; k++) {
        xy[m++] = ca_axes_px(&cut, (double)k);
        xy[m++] = ca_axes_py(&cut, sc->f[k]);
    }
    xy[m++] = ca_axes_px(&cut, (double)(step->f_hi - 1));
    xy[m++] = ca_axes_py(&cut, 0);
    xy[m++] = ca_axes_px(&cut, (double)step->f_lo);
    xy[m++] = ca_axes_py(&cut, 0);
    ca_canvas_fill_polygon(&cut.area, xy, m / 2, CA_SCENE_SHADE);
    ca_plot_series(&cut, sc->f, sc->nf, 0, 1, lw, CA_SCENE_F, sc->xy);
}

ca_status ca_scene_draw(ca_scene *sc, size_t n, const ca_canvas *frame, ca_rect *dirty,
                        ca_error *err)
{
    if (n >= sc->frames)
        return ca_fail(err, CA_EINPUT, "frame %zu of an animation of %zu frames", n, sc->frames);
    if (frame->width != sc->width || frame->height != sc->height || frame->pal != &sc->pal ||
        frame->x0 != 0 || frame->y0 != 0)
        return ca_fail(err, CA_EINPUT, "frame canvas is not %dx%d with the scene's palette",
                       sc->width, sc->height);
    ca_step step;
    ca_stepper_step(sc->st, n, &step);
    double t = ca_scene_x_of(sc, n);
    double lw = px(sc, LINE_PX);

    restore(sc, frame, *dirty);
    /* draw through a view that records what it covers */
    ca_rect drawn = { 0, 0, 0, 0 };
    ca_canvas c = *frame;
    c.damage = &drawn;
    ca_axes ax[CA_PANELS];
    for (int p = 0; p < CA_PANELS; p++)
        ax[p] = panel_axes(sc, &c, p);

    shade_overlap(sc, &ax[CA_PANEL_F], &step, lw);
    ca_plot_series(&ax[CA_PANEL_G], sc->g, sc->ng, (double)step.g_origin, step.g_dir, lw,
                   CA_SCENE_G, sc->xy);
    /* the output so far: the columns the curve reaches, from sofar */
    ca_axes *oa = &ax[CA_PANEL_OUT];
    extend_curve(sc, n, lw);
    int x0 = (int)floor(ca_axes_px(oa, (double)sc->offset) - lw);
    int x1 = (int)ceil(ca_axes_px(oa, t) + lw);
    ca_canvas dst = ca_canvas_sub(&oa->area, x0, 0, x1 - x0, oa->area.height);
    ca_canvas src = ca_canvas_sub(&sc->sofar, x0, 0, x1 - x0, oa->area.height);
    ca_canvas_copy(&dst, &src);
    ca_canvas_fill_circle(&oa->area, ca_axes_px(oa, t), ca_axes_py(oa, step.y), 2.2 * lw,
                          CA_SCENE_OUT);
    *dirty = drawn;
    return CA_OK;
}

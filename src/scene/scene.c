#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scene/layout.h"
#include "base/testhooks.h"
#include "base/util.h"

/* Every layout stacks three panels on one x axis under a title:
 *
 *   title
 *   (caption)       the product layout's sum, written out
 *   top panel
 *   middle panel
 *   output panel    the output up to the current sample, which is marked
 *   x label
 *
 * What never moves (title, labels, ticks, grid, spines, still signals) is
 * drawn once into a background; a frame restores from it what the frame
 * before drew, and draws what moves. */

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
        [CA_SCENE_PROD] = { 204, 121, 167 },  /* reddish purple */
        [CA_SCENE_MUTED] = { 170, 170, 170 },
        [CA_SCENE_CURSOR] = { 120, 120, 120 },
    },
    [CA_THEME_DARK] = {
        [CA_SCENE_BG] = { 22, 24, 29 },
        [CA_SCENE_INK] = { 226, 226, 226 },
        [CA_SCENE_GRID] = { 54, 57, 66 },
        [CA_SCENE_F] = { 86, 180, 233 },      /* sky blue */
        [CA_SCENE_G] = { 230, 159, 0 },       /* orange */
        [CA_SCENE_OUT] = { 0, 190, 140 },     /* bluish green, lighter */
        [CA_SCENE_SHADE] = { 66, 60, 34 },
        [CA_SCENE_PROD] = { 224, 141, 187 },  /* reddish purple, lighter */
        [CA_SCENE_MUTED] = { 110, 112, 118 },
        [CA_SCENE_CURSOR] = { 150, 150, 150 },
    },
};

/* Which colour is anti-aliased over which. A layout's ramps are all the
 * palette holds besides its colours: the seed layout's few keep its GIF's
 * colour table at 128 entries, and its codes a bit shorter. */
static const int seed_ramps[][2] = {
    { CA_SCENE_INK, CA_SCENE_BG },  { CA_SCENE_F, CA_SCENE_BG },
    { CA_SCENE_G, CA_SCENE_BG },    { CA_SCENE_OUT, CA_SCENE_BG },
    { CA_SCENE_F, CA_SCENE_GRID },  { CA_SCENE_G, CA_SCENE_GRID },
    { CA_SCENE_OUT, CA_SCENE_GRID }, { CA_SCENE_F, CA_SCENE_SHADE },
};
static const int product_ramps[][2] = {
    { CA_SCENE_INK, CA_SCENE_BG },    { CA_SCENE_F, CA_SCENE_BG },
    { CA_SCENE_G, CA_SCENE_BG },      { CA_SCENE_OUT, CA_SCENE_BG },
    { CA_SCENE_PROD, CA_SCENE_BG },   { CA_SCENE_MUTED, CA_SCENE_BG },
    { CA_SCENE_F, CA_SCENE_GRID },    { CA_SCENE_G, CA_SCENE_GRID },
    { CA_SCENE_OUT, CA_SCENE_GRID },  { CA_SCENE_PROD, CA_SCENE_GRID },
    { CA_SCENE_MUTED, CA_SCENE_GRID }, { CA_SCENE_F, CA_SCENE_SHADE },
    { CA_SCENE_G, CA_SCENE_SHADE },   { CA_SCENE_MUTED, CA_SCENE_SHADE },
    { CA_SCENE_INK, CA_SCENE_GRID },
};

/* The names, in the order of their enums (styles from CA_STYLE_AUTO). */
static const char *const theme_names[] = { "light", "dark" };
static const char *const layout_names[] = { "seed", "product" };
static const char *const style_names[] = { "auto", "line", "stem" };
#define COUNT(a) (sizeof (a) / sizeof (a)[0])

ca_status ca_theme_parse(const char *name, ca_theme *theme, ca_error *err)
{
    size_t i;
    ca_status s = ca_find_name("theme", name, theme_names, COUNT(theme_names), &i, err);
    if (s == CA_OK)
        *theme = (ca_theme)i;
    return s;
}

ca_status ca_layout_parse(const char *name, ca_layout *layout, ca_error *err)
{
    size_t i;
    ca_status s = ca_find_name("layout", name, layout_names, COUNT(layout_names), &i, err);
    if (s == CA_OK)
        *layout = (ca_layout)i;
    return s;
}

const char *ca_layout_name(ca_layout layout)
{
    return layout_names[layout];
}

ca_status ca_style_parse(const char *name, ca_style *style, ca_error *err)
{
    size_t i;
    ca_status s = ca_find_name("style", name, style_names, COUNT(style_names), &i, err);
    if (s == CA_OK)
        *style = (ca_style)(CA_STYLE_AUTO + (int)i);
    return s;
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
    free(sc->full_out);
    free(sc->xy);
    free(sc);
}

size_t ca_scene_frames(const ca_scene *sc)
{
    return sc->intro + sc->steps;
}

size_t ca_scene_intro(const ca_scene *sc)
{
    return sc->intro;
}

const ca_palette *ca_scene_palette(const ca_scene *sc)
{
    return &sc->pal;
}

ca_scene_panel ca_scene_panel_of(const ca_scene *sc, int p)
{
    return (ca_scene_panel){ sc->panel[p], sc->x0, sc->x1, sc->ylo[p], sc->yhi[p] };
}

uint32_t ca_scene_missing_char(const ca_scene *sc)
{
    return ca_font_missing(sc->font);
}

double ca_scene_x_of(const ca_scene *sc, size_t n)
{
    return (double)(n + sc->offset);
}

void ca_scene_caption(ca_scene *sc, size_t frame, char *buf, size_t size)
{
    if (sc->layout == CA_LAYOUT_PRODUCT && frame < ca_scene_frames(sc))
        product_caption(sc, frame, buf, size);
    else if (size)
        buf[0] = '\0';
}

double scene_px(const ca_scene *sc, double ref)
{
    return ref * sc->scale;
}

ca_axes scene_axes(const ca_scene *sc, const ca_canvas *c, int p)
{
    ca_rect r = sc->panel[p];
    return (ca_axes){ ca_canvas_sub(c, r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0), sc->x0, sc->x1,
                      sc->ylo[p], sc->yhi[p] };
}

ca_status scene_text_draw(ca_scene *sc, const ca_canvas *c, double x, double y, const char *text,
                          double ref_px, int anchor, int colour, ca_error *err)
{
    return ca_text_draw(sc->font, c, x, y, text, scene_px(sc, ref_px), anchor, colour, err);
}

static ca_status measure(ca_scene *sc, const char *text, double ref_px, ca_text_metrics *m,
                         ca_error *err)
{
    return ca_text_measure(sc->font, text, scene_px(sc, ref_px), m, err);
}

void scene_samples(const ca_scene *sc, const ca_axes *ax, const double *v, size_t n,
                   double x_start, double x_step, bool stems, int colour)
{
    double lw = scene_px(sc, SCENE_LINE_PX);
    if (stems)
        /* at least a pixel wide, so a thin stem cannot vanish into what it crosses */
        ca_plot_stems(ax, v, n, x_start, x_step, fmax(1, 0.6 * lw), 1.7 * lw, colour);
    else
        ca_plot_series(ax, v, n, x_start, x_step, lw, colour, sc->xy);
}

void scene_range(const double *a, size_t na, const double *b, size_t nb, bool zero, double *lo,
                 double *hi)
{
    double ends[2] = { zero ? 0 : INFINITY, zero ? 0 : -INFINITY };
    for (size_t i = 0; i < na + nb; i++) {
        double v = i < na ? a[i] : b[i - na];
        ends[0] = fmin(ends[0], v);
        ends[1] = fmax(ends[1], v);
    }
    ca_plot_range(ends, 2, lo, hi);
}

static ca_status build_palette(ca_scene *sc, ca_theme theme, ca_error *err)
{
    bool seed = sc->layout == CA_LAYOUT_SEED;
    int colours = seed ? CA_SCENE_SEED_COLOURS : CA_SCENE_COLOURS;
    const int(*ramps)[2] = seed ? seed_ramps : product_ramps;
    size_t nramps = seed ? sizeof seed_ramps / sizeof seed_ramps[0]
                         : sizeof product_ramps / sizeof product_ramps[0];
    ca_palette_init(&sc->pal, themes[theme][CA_SCENE_BG]);
    for (int c = 1; c < colours; c++) {
        ca_status s = ca_palette_add_colour(&sc->pal, themes[theme][c], NULL, err);
        if (s != CA_OK)
            return s;
    }
    for (size_t i = 0; i < nramps; i++) {
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

static int max_intervals(double length_px, double spacing_px, int lo, int hi)
{
    int n = (int)(length_px / spacing_px);
    return n < lo ? lo : n > hi ? hi : n;
}

/* Lays out the panels: the left margin fits the widest y label and tick
 * label, the bottom the x tick labels and the x label, the top the title
 * and the caption. */
static ca_status layout(ca_scene *sc, const scene_text *text, const ca_ticks yt[CA_PANELS],
                        ca_error *err)
{
    ca_text_metrics m;
    ca_status s;
    double pad = scene_px(sc, SCENE_PAD_PX), tick = scene_px(sc, SCENE_TICK_LEN_PX);
    double label_w = 0, tick_w = 0;
    char buf[64];

    for (int p = 0; p < CA_PANELS; p++) {
        for (int line = 0; line < 2; line++) {
            const char *label = line ? text->label2[p] : text->label[p];
            if (!label)
                continue;
            if ((s = measure(sc, label, SCENE_LABEL_PX, &m, err)) != CA_OK)
                return s;
            label_w = fmax(label_w, m.width);
        }
        for (int i = 0; i < yt[p].n; i++) {
            ca_ticks_label(&yt[p], i, buf, sizeof buf);
            if ((s = measure(sc, buf, SCENE_TICK_PX, &m, err)) != CA_OK)
                return s;
            tick_w = fmax(tick_w, m.width);
        }
    }
    ca_text_metrics tm, lm, km, cm;
    if ((s = measure(sc, text->title, SCENE_TITLE_PX, &tm, err)) != CA_OK ||
        (s = measure(sc, "0", SCENE_TICK_PX, &km, err)) != CA_OK ||
        (s = measure(sc, "n", SCENE_LABEL_PX, &lm, err)) != CA_OK ||
        (s = measure(sc, "0", SCENE_CAPTION_PX, &cm, err)) != CA_OK)
        return s;

    double left = pad + label_w + pad + tick_w + tick + pad * 0.5;
    double right = sc->width - 2 * pad;
    double top = pad + tm.ascent + tm.descent + pad;
    if (text->caption) {
        sc->caption_y = round(top + cm.ascent);
        top += cm.ascent + cm.descent + pad;
    }
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

/* The panel's y label, with its second line under it. */
static ca_status draw_label(ca_scene *sc, const scene_text *text, int p, ca_error *err)
{
    const ca_canvas *c = &sc->background;
    ca_rect r = sc->panel[p];
    double pad = scene_px(sc, SCENE_PAD_PX), mid = (r.y0 + r.y1) / 2.0;
    ca_status s;
    if (!text->label2[p])
        return scene_text_draw(sc, c, pad, mid, text->label[p], SCENE_LABEL_PX,
                               CA_TEXT_LEFT | CA_TEXT_MIDDLE, text->label_colour[p], err);
    if ((s = scene_text_draw(sc, c, pad, mid, text->label[p], SCENE_LABEL_PX,
                             CA_TEXT_LEFT | CA_TEXT_BOTTOM, text->label_colour[p], err)) != CA_OK)
        return s;
    return scene_text_draw(sc, c, pad, mid, text->label2[p], SCENE_LABEL_PX,
                           CA_TEXT_LEFT | CA_TEXT_TOP, text->label2_colour[p], err);
}

/* Spines, grid, ticks and tick labels of panel p; x tick labels only under
 * the last panel, since the panels share the x axis. */
static ca_status draw_panel_frame(ca_scene *sc, const scene_text *text, int p,
                                  const ca_ticks *xt, const ca_ticks *yt, ca_error *err)
{
    const ca_canvas *c = &sc->background;
    ca_axes ax = scene_axes(sc, c, p);
    ca_rect r = sc->panel[p];
    int tick = (int)lround(scene_px(sc, SCENE_TICK_LEN_PX));
    double pad = scene_px(sc, SCENE_PAD_PX);
    char buf[64];
    ca_status s;

    for (int i = 0; i < xt->n; i++) {
        int x = r.x0 + (int)floor(ca_axes_px(&ax, xt->v[i]));
        ca_canvas_vline(c, x, r.y0, r.y1 - 1, CA_SCENE_GRID);
        ca_canvas_vline(c, x, r.y1, r.y1 + tick - 1, CA_SCENE_INK);
        if (p == CA_PANELS - 1) {
            ca_ticks_label(xt, i, buf, sizeof buf);
            if ((s = scene_text_draw(sc, c, x + 0.5, r.y1 + tick + pad * 0.3, buf,
                                     SCENE_TICK_PX, CA_TEXT_CENTRE | CA_TEXT_TOP, CA_SCENE_INK,
                                     err)) != CA_OK)
                return s;
        }
    }
    for (int i = 0; i < yt->n; i++) {
        int y = r.y0 + (int)floor(ca_axes_py(&ax, yt->v[i]));
        ca_canvas_hline(c, r.x0, r.x1 - 1, y, CA_SCENE_GRID);
        ca_canvas_hline(c, r.x0 - tick, r.x0 - 1, y, CA_SCENE_INK);
        ca_ticks_label(yt, i, buf, sizeof buf);
        if ((s = scene_text_draw(sc, c, r.x0 - tick - pad * 0.4, y + 0.5, buf, SCENE_TICK_PX,
                                 CA_TEXT_RIGHT | CA_TEXT_MIDDLE, CA_SCENE_INK, err)) != CA_OK)
            return s;
    }
    ca_ticks_offset_label(yt, buf, sizeof buf);
    if (buf[0] && (s = scene_text_draw(sc, c, r.x0, r.y0 - pad * 0.3, buf, SCENE_TICK_PX,
                                       CA_TEXT_LEFT | CA_TEXT_BOTTOM, CA_SCENE_INK, err)) != CA_OK)
        return s;
    /* the spines sit just outside the data area, so data never covers them */
    ca_canvas_hline(c, r.x0 - 1, r.x1, r.y0 - 1, CA_SCENE_INK);
    ca_canvas_hline(c, r.x0 - 1, r.x1, r.y1, CA_SCENE_INK);
    ca_canvas_vline(c, r.x0 - 1, r.y0 - 1, r.y1, CA_SCENE_INK);
    ca_canvas_vline(c, r.x1, r.y0 - 1, r.y1, CA_SCENE_INK);
    return draw_label(sc, text, p, err);
}

static ca_status draw_background(ca_scene *sc, const scene_text *text, const ca_ticks *xt,
                                 const ca_ticks yt[CA_PANELS], ca_error *err)
{
    const ca_canvas *c = &sc->background;
    double pad = scene_px(sc, SCENE_PAD_PX);
    double mid = (sc->panel[0].x0 + sc->panel[0].x1) / 2.0;
    ca_status s;

    ca_canvas_fill(c, CA_SCENE_BG);
    if ((s = scene_text_draw(sc, c, mid, pad, text->title, SCENE_TITLE_PX,
                             CA_TEXT_CENTRE | CA_TEXT_TOP, CA_SCENE_INK, err)) != CA_OK)
        return s;
    for (int p = 0; p < CA_PANELS; p++)
        if ((s = draw_panel_frame(sc, text, p, xt, &yt[p], err)) != CA_OK)
            return s;
    if (sc->layout == CA_LAYOUT_SEED)
        seed_background(sc);
    else
        product_background(sc);
    return scene_text_draw(sc, c, mid, sc->height - pad * 0.5, text->xlabel, SCENE_LABEL_PX,
                           CA_TEXT_CENTRE | CA_TEXT_BOTTOM, CA_SCENE_INK, err);
}

static bool stems_for(ca_layout layout, ca_style style, size_t n)
{
    if (style == CA_STYLE_DEFAULT)
        style = layout == CA_LAYOUT_SEED ? CA_STYLE_LINE : CA_STYLE_AUTO;
    return style == CA_STYLE_STEM || (style == CA_STYLE_AUTO && n <= CA_STYLE_AUTO_STEMS);
}

/* Everything but the layout's own ranges and pictures. */
static ca_status scene_init(ca_scene *sc, const double *f, size_t nf, const double *g,
                            size_t ng, ca_conv_mode mode, bool correlate,
                            const ca_scene_options *opt, ca_error *err)
{
    sc->layout = opt->layout;
    sc->nf = nf;
    sc->ng = ng;
    sc->correlate = correlate;
    sc->width = opt->width;
    sc->height = opt->height;
    sc->scale = fmin(opt->width / SCENE_REF_W, opt->height / SCENE_REF_H);
    sc->full = ca_conv_length(nf, ng, CA_CONV_FULL);
    sc->offset = ca_conv_offset(nf, ng, mode, correlate);
    sc->stems_f = stems_for(opt->layout, opt->style, nf);
    sc->stems_g = stems_for(opt->layout, opt->style, ng);
    sc->stems_prod = stems_for(opt->layout, opt->style, nf < ng ? nf : ng);
    sc->sofar_n = SIZE_MAX;
    /* the longest polyline: the full output; or an outline around n samples */
    size_t most = (sc->full > nf ? sc->full : nf) + 2;
    sc->f = dup_samples(f, nf);
    sc->g = dup_samples(g, ng);
    sc->xy = malloc(2 * most * sizeof *sc->xy);
    if (!sc->f || !sc->g || !sc->xy)
        return ca_fail(err, CA_ENOMEM, "out of memory for the scene");
    ca_status s;
    if ((s = ca_stepper_new(f, nf, g, ng, mode, correlate, &sc->st, err)) != CA_OK ||
        (s = build_palette(sc, opt->theme, err)) != CA_OK ||
        (s = ca_font_open(opt->font, &sc->font, err)) != CA_OK)
        return s;
    sc->steps = ca_stepper_length(sc->st);
    sc->stems_out = stems_for(opt->layout, opt->style, sc->steps);
    /* finite samples can still overflow when multiplied and summed */
    const double *y = ca_stepper_output(sc->st);
    for (size_t n = 0; n < sc->steps; n++)
        if (!isfinite(y[n]))
            return ca_fail(err, CA_EINPUT, "the output overflows: sample %zu is %g; scale f or "
                           "g down", n, y[n]);
    return CA_OK;
}

ca_status ca_scene_new(const double *f, size_t nf, const double *g, size_t ng,
                       ca_conv_mode mode, bool correlate, const ca_scene_options *opt,
                       ca_scene **out, ca_error *err)
{
    *out = NULL;
    ca_status s = ca_scene_check_size(opt->width, opt->height, err);
    if (s != CA_OK)
        return s;
    if (opt->intro && opt->layout != CA_LAYOUT_PRODUCT)
        return ca_fail(err, CA_EINPUT, "the intro shows g flipping on the product layout's k "
                                       "axis: use it with the product layout");
    ca_scene *sc = calloc(1, sizeof *sc);
    if (!sc)
        return ca_fail(err, CA_ENOMEM, "out of memory for the scene");
    scene_text text = { 0 };
    if ((s = scene_init(sc, f, nf, g, ng, mode, correlate, opt, err)) == CA_OK) {
        if (sc->layout == CA_LAYOUT_SEED)
            seed_setup(sc, opt, &text);
        else
            s = product_setup(sc, opt, &text, err);
    }
    /* tick counts depend on the panel size, the panel size on the tick
     * labels' width: a first guess at the height is close enough */
    ca_ticks yt[CA_PANELS], xt;
    double panel_h = sc->height * 0.22;
    for (int p = 0; p < CA_PANELS; p++)
        ca_ticks_nice(sc->ylo[p], sc->yhi[p], max_intervals(panel_h, scene_px(sc, 28), 2, 6),
                      &yt[p]);
    if (s == CA_OK)
        s = layout(sc, &text, yt, err);
    if (s == CA_OK) {
        double width = sc->panel[0].x1 - sc->panel[0].x0;
        /* half a sample inside the margins: a single sample still gets its tick */
        ca_ticks_nice(sc->x0 + 0.5, sc->x1 - 0.5, max_intervals(width, scene_px(sc, 90), 1, 10),
                      &xt);
        ca_rect o = sc->panel[CA_PANEL_OUT];
        if ((s = ca_canvas_new(sc->width, sc->height, &sc->pal, sc->pal.solid[CA_SCENE_BG],
                               &sc->background, err)) == CA_OK &&
            (s = draw_background(sc, &text, &xt, yt, err)) == CA_OK)
            s = ca_canvas_new(o.x1 - o.x0, o.y1 - o.y0, &sc->pal, 0, &sc->sofar, err);
    }
    if (s != CA_OK) {
        ca_scene_free(sc);
        return s;
    }
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

/* Brings the output in sc->sofar to sample n: on from where it is, or
 * from the start when n is behind it. Lines are unions of capsules, so a
 * curve drawn a segment at a time is the curve drawn at once. */
static void extend_output(ca_scene *sc, size_t n)
{
    ca_rect r = sc->panel[CA_PANEL_OUT];
    if (sc->sofar_n == SIZE_MAX || n < sc->sofar_n) {
        ca_canvas src = ca_canvas_sub(&sc->background, r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0);
        ca_canvas_copy(&sc->sofar, &src);
        sc->sofar_n = SIZE_MAX;
    }
    if (sc->sofar_n == n)
        return;
    /* a line goes on from the last sample drawn, stems from the next one */
    size_t from = sc->sofar_n == SIZE_MAX ? 0 : sc->sofar_n + sc->stems_out;
    ca_axes ax = { sc->sofar, sc->x0, sc->x1, sc->ylo[CA_PANEL_OUT], sc->yhi[CA_PANEL_OUT] };
    scene_samples(sc, &ax, ca_stepper_output(sc->st) + from, n - from + 1,
                  ca_scene_x_of(sc, from), 1, sc->stems_out, CA_SCENE_OUT);
    sc->sofar_n = n;
}

void scene_output_curve(ca_scene *sc, const ca_canvas *c, size_t n)
{
    ca_axes oa = scene_axes(sc, c, CA_PANEL_OUT);
    double lw = scene_px(sc, SCENE_LINE_PX);
    extend_output(sc, n);
    /* the columns the output reaches, from sofar */
    int x0 = (int)floor(ca_axes_px(&oa, ca_scene_x_of(sc, 0)) - 2 * lw);
    int x1 = (int)ceil(ca_axes_px(&oa, ca_scene_x_of(sc, n)) + 2 * lw);
    ca_canvas dst = ca_canvas_sub(&oa.area, x0, 0, x1 - x0, oa.area.height);
    ca_canvas src = ca_canvas_sub(&sc->sofar, x0, 0, x1 - x0, oa.area.height);
    ca_canvas_copy(&dst, &src);
}

void scene_output_point(ca_scene *sc, const ca_canvas *c, size_t n, double y)
{
    ca_axes oa = scene_axes(sc, c, CA_PANEL_OUT);
    double lw = scene_px(sc, SCENE_LINE_PX);
    ca_canvas_fill_circle(&oa.area, ca_axes_px(&oa, ca_scene_x_of(sc, n)), ca_axes_py(&oa, y),
                          2.2 * lw, CA_SCENE_OUT);
}

ca_status ca_scene_draw(ca_scene *sc, size_t i, const ca_canvas *frame, ca_rect *dirty,
                        ca_error *err)
{
    if (i >= ca_scene_frames(sc))
        return ca_fail(err, CA_EINPUT, "frame %zu of an animation of %zu frames", i,
                       ca_scene_frames(sc));
    if (frame->width != sc->width || frame->height != sc->height || frame->pal != &sc->pal ||
        frame->x0 != 0 || frame->y0 != 0)
        return ca_fail(err, CA_EINPUT, "frame canvas is not %dx%d with the scene's palette",
                       sc->width, sc->height);
    restore(sc, frame, *dirty);
    /* draw through a view that records what it covers */
    ca_rect drawn = { 0, 0, 0, 0 };
    ca_canvas c = *frame;
    c.damage = &drawn;
    ca_status s = CA_OK;
    if (sc->layout == CA_LAYOUT_SEED)
        seed_draw(sc, i, &c);
    else
        s = product_draw(sc, i, &c, err);
    *dirty = drawn;
    return s;
}

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scene/layout.h"
#include "base/util.h"

/* The product layout: why y[n] has its value.
 *
 *   n = 2    y[2] = 0.5·0.2 + 1·0.8 + 0.25·1 = 1.15
 *   f[k], g[n−k]   f and g flipped and shifted to n on one k axis, the
 *                  overlap shaded (it ends at k = n)
 *   f·g            the products f[k]g[n−k] over the overlap, a cursor at n
 *   y[n]           the output up to n; what the mode discards in grey
 *
 * Samples outside a signal's support (its leading and trailing zeros, the
 * padding) are drawn in grey. With an intro, g first turns about k = 0 to
 * show the flip that the sliding assumes. */

/* Terms written out in the caption when at most this many are non-zero. */
enum { TERMS_SHOWN = 6 };

/* The first and one past the last non-zero sample; lo == hi when none. */
static void support(const double *v, size_t n, size_t *lo, size_t *hi)
{
    *lo = 0;
    while (*lo < n && v[*lo] == 0)
        (*lo)++;
    *hi = n;
    while (*hi > *lo && v[*hi - 1] == 0)
        (*hi)--;
}

/* v drawn as scene_samples does, its support in colour and the rest grey.
 * A line's grey parts reach the first and last supported sample, so the
 * curve stays whole. */
static void supported_samples(const ca_scene *sc, const ca_axes *ax, const double *v, size_t n,
                              double x_start, double x_step, bool stems, int colour)
{
    size_t lo, hi;
    support(v, n, &lo, &hi);
    size_t join = stems ? 0 : 1;
    if (lo > 0)
        scene_samples(sc, ax, v, lo + (lo < n ? join : 0), x_start, x_step, stems,
                      CA_SCENE_MUTED);
    if (hi < n) {
        size_t from = hi > 0 ? hi - join : 0;
        scene_samples(sc, ax, v + from, n - from, x_start + (double)from * x_step, x_step, stems,
                      CA_SCENE_MUTED);
    }
    if (hi > lo)
        scene_samples(sc, ax, v + lo, hi - lo, x_start + (double)lo * x_step, x_step, stems,
                      colour);
}

/* The products' extremes (and 0, where stems stand): exact from every
 * step when that is cheap, else the bound the signals' extremes give, so
 * long signals cost O(nf + ng) here and not nf x ng. */
enum { EXACT_PRODUCTS = 1 << 24 };

static void product_range(ca_scene *sc, double ends[2])
{
    ends[0] = ends[1] = 0;
    if ((double)sc->nf * (double)sc->ng <= EXACT_PRODUCTS) {
        for (size_t n = 0; n < sc->steps; n++) {
            ca_step step;
            ca_stepper_step(sc->st, n, &step);
            for (size_t i = 0; i < step.f_hi - step.f_lo; i++) {
                ends[0] = fmin(ends[0], step.products[i]);
                ends[1] = fmax(ends[1], step.products[i]);
            }
        }
        return;
    }
    double f[2] = { INFINITY, -INFINITY }, g[2] = { INFINITY, -INFINITY };
    for (size_t k = 0; k < sc->nf; k++) {
        f[0] = fmin(f[0], sc->f[k]);
        f[1] = fmax(f[1], sc->f[k]);
    }
    for (size_t j = 0; j < sc->ng; j++) {
        g[0] = fmin(g[0], sc->g[j]);
        g[1] = fmax(g[1], sc->g[j]);
    }
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++) {
            ends[0] = fmin(ends[0], f[a] * g[b]);
            ends[1] = fmax(ends[1], f[a] * g[b]);
        }
}

ca_status product_setup(ca_scene *sc, const ca_scene_options *opt, scene_text *text,
                        ca_error *err)
{
    sc->intro = opt->intro && !sc->correlate ? CA_SCENE_INTRO_FRAMES : 0;
    sc->full_out = malloc(sc->full * sizeof *sc->full_out);
    if (!sc->full_out)
        return ca_fail(err, CA_ENOMEM, "out of memory for the scene");
    ca_status s = ca_conv(sc->f, sc->nf, sc->g, sc->ng, CA_CONV_FULL, sc->correlate,
                          sc->full_out, err);
    if (s != CA_OK)
        return s;

    /* k runs over f, over every place g visits and over the intro's flip;
     * n over the full output, whose discarded part shows in grey */
    double lo = fmin(0, (double)sc->offset - (double)(sc->ng - 1));
    double hi = fmax((double)sc->nf - 1, (double)sc->full - 1);
    if (sc->intro) {
        lo = fmin(lo, -(double)(sc->ng - 1));
        hi = fmax(hi, (double)sc->ng - 1);
    }
    sc->x0 = lo - 1;
    sc->x1 = hi + 1;
    scene_range(sc->f, sc->nf, sc->g, sc->ng, sc->stems_f || sc->stems_g,
                &sc->ylo[CA_PANEL_TOP], &sc->yhi[CA_PANEL_TOP]);
    double ends[2];
    product_range(sc, ends);
    scene_range(ends, 2, NULL, 0, true, &sc->ylo[CA_PANEL_MIDDLE], &sc->yhi[CA_PANEL_MIDDLE]);
    scene_range(sc->full_out, sc->full, NULL, 0, sc->stems_out, &sc->ylo[CA_PANEL_OUT],
                &sc->yhi[CA_PANEL_OUT]);

    text->title = opt->title ? opt->title
                  : sc->correlate ? "Correlation of $f$ and $g$: $f$\u22c6$g$"
                                  : "Convolution of $f$ and $g$: $f$\u2217$g$";
    text->xlabel = opt->xlabel ? opt->xlabel : "$k$, $n$";
    text->label[0] = opt->labels[0] ? opt->labels[0] : "$f$[$k$]";
    text->label_colour[0] = CA_SCENE_F;
    /* a correlation pairs f[k] with g[k - t + ng - 1] (numpy's indexing) */
    snprintf(sc->g_label, sizeof sc->g_label, "$g$[$k$\u2212$n$+%zu]", sc->ng - 1);
    text->label2[0] = opt->labels[1] ? opt->labels[1]
                      : sc->correlate ? sc->g_label
                                      : "$g$[$n$\u2212$k$]";
    text->label2_colour[0] = CA_SCENE_G;
    text->label[1] = "$f$\u00b7$g$";
    text->label_colour[1] = CA_SCENE_PROD;
    text->label[2] = opt->labels[2] ? opt->labels[2] : "$y$[$n$]";
    text->label_colour[2] = CA_SCENE_OUT;
    text->caption = true;
    return CA_OK;
}

void product_background(ca_scene *sc)
{
    ca_axes top = scene_axes(sc, &sc->background, CA_PANEL_TOP);
    supported_samples(sc, &top, sc->f, sc->nf, 0, 1, sc->stems_f, CA_SCENE_F);
    /* what the mode discards of the full output, in grey; a line reaches
     * the kept samples so the curve stays whole */
    ca_axes out = scene_axes(sc, &sc->background, CA_PANEL_OUT);
    size_t keep0 = sc->offset, keep1 = sc->offset + sc->steps, join = !sc->stems_out;
    if (keep0 > 0)
        scene_samples(sc, &out, sc->full_out, keep0 + join, 0, 1, sc->stems_out,
                      CA_SCENE_MUTED);
    if (keep1 < sc->full)
        scene_samples(sc, &out, sc->full_out + keep1 - join, sc->full - keep1 + join,
                      (double)(keep1 - join), 1, sc->stems_out, CA_SCENE_MUTED);
}

/* The caption's numbers: four digits, negative factors in brackets. */
static void factor(double v, char *buf, size_t size)
{
    char num[40];
    ca_plot_number(v, num, sizeof num);
    if (v < 0)
        snprintf(buf, size, "(%s)", num);
    else
        snprintf(buf, size, "%s", num);
}

/* Appends text to buf, which holds len bytes; a full buffer keeps what fits. */
static void append(char *buf, size_t size, size_t *len, const char *text)
{
    if (*len + 1 >= size)
        return;
    snprintf(buf + *len, size - *len, "%s", text);
    *len += strlen(buf + *len);
}

void product_caption(ca_scene *sc, size_t frame, char *buf, size_t size)
{
    if (size == 0)
        return;
    if (frame < sc->intro) {
        snprintf(buf, size, "first, $g$ is flipped about $k$ = 0: $g$[$k$] becomes $g$[\u2212$k$]");
        return;
    }
    size_t n = frame - sc->intro, len = 0, terms = 0;
    ca_step step;
    ca_stepper_step(sc->st, n, &step);
    for (size_t i = 0; i < step.f_hi - step.f_lo; i++)
        terms += step.products[i] != 0;
    char part[160], a[48], b[48];
    buf[0] = '\0';
    /* n counts on the axis, in the full output; same and valid number
     * their samples from where they start keeping */
    size_t t = n + sc->offset;
    if (sc->offset)
        snprintf(part, sizeof part, "$n$ = %zu (output %zu)     $y$[%zu] = ", t, n, t);
    else
        snprintf(part, sizeof part, "$n$ = %zu     $y$[%zu] = ", t, t);
    append(buf, size, &len, part);
    if (terms > TERMS_SHOWN) {
        /* g's index as a function of k: g_origin - k, or k - g_origin */
        long o = step.g_origin;
        if (sc->correlate)
            snprintf(part, sizeof part, "\u03a3 $f$[$k$]\u00b7$g$[$k$%s%ld] = ",
                     o > 0 ? "\u2212" : "+", o > 0 ? o : -o);
        else
            snprintf(part, sizeof part, "\u03a3 $f$[$k$]\u00b7$g$[%s%ld\u2212$k$] = ",
                     o < 0 ? "\u2212" : "", o < 0 ? -o : o);
        append(buf, size, &len, part);
    } else if (terms > 0) {
        const char *plus = "";
        for (size_t i = 0; i < step.f_hi - step.f_lo; i++) {
            if (step.products[i] == 0)
                continue;
            size_t k = step.f_lo + i;
            long j = step.g_dir * ((long)k - step.g_origin);
            factor(sc->f[k], a, sizeof a);
            factor(sc->g[j], b, sizeof b);
            snprintf(part, sizeof part, "%s%s\u00b7%s", plus, a, b);
            append(buf, size, &len, part);
            plus = " + ";
        }
        append(buf, size, &len, " = ");
    }
    ca_plot_number(step.y, part, sizeof part);
    append(buf, size, &len, part);
}

/* g turning about k = 0: at s = 0 as it is, at s = 1 mirrored. */
static ca_status draw_intro(ca_scene *sc, size_t frame, const ca_canvas *c, ca_error *err)
{
    double s = sc->intro > 1 ? (double)frame / (double)(sc->intro - 1) : 1;
    ca_axes top = scene_axes(sc, c, CA_PANEL_TOP);
    supported_samples(sc, &top, sc->g, sc->ng, 0, 1 - 2 * s, sc->stems_g, CA_SCENE_G);
    char caption[256];
    product_caption(sc, frame, caption, sizeof caption);
    return scene_text_draw(sc, c, (sc->panel[0].x0 + sc->panel[0].x1) / 2.0, sc->caption_y,
                           caption, SCENE_CAPTION_PX, CA_TEXT_CENTRE | CA_TEXT_BASELINE,
                           CA_SCENE_INK, err);
}

/* The vertical line at x = t that ties n across the panels. */
static void cursor(const ca_axes *ax, double t)
{
    ca_canvas_vline(&ax->area, (int)floor(ca_axes_px(ax, t)), 0, ax->area.height - 1,
                    CA_SCENE_CURSOR);
}

/* The overlap shaded under f and g, f drawn again over it: f is in the
 * background, so only the shaded columns need it. */
static void shade_overlap(ca_scene *sc, const ca_axes *top, const ca_step *step)
{
    int b0 = (int)lround(ca_axes_px(top, (double)step->f_lo - 0.5));
    int b1 = (int)lround(ca_axes_px(top, (double)step->f_hi - 0.5));
    ca_canvas_fill_rect(&top->area, b0, 0, b1 > b0 ? b1 : b0 + 1, top->area.height,
                        CA_SCENE_SHADE);
    double reach = 2 * scene_px(sc, SCENE_LINE_PX);
    ca_axes cut = *top;
    cut.area = ca_canvas_sub(&top->area, (int)floor(b0 - reach), 0,
                             (int)ceil(b1 - b0 + 2 * reach), top->area.height);
    double per_px = (top->x1 - top->x0) / top->area.width;
    int dx = cut.area.x0 - top->area.x0;
    cut.x0 = top->x0 + per_px * dx;
    cut.x1 = top->x0 + per_px * (dx + cut.area.width);
    supported_samples(sc, &cut, sc->f, sc->nf, 0, 1, sc->stems_f, CA_SCENE_F);
}

/* The products over the overlap: stems, or the area they enclose. */
static void draw_products(ca_scene *sc, const ca_axes *ax, const ca_step *step)
{
    size_t m = step->f_hi - step->f_lo;
    if (sc->stems_prod) {
        scene_samples(sc, ax, step->products, m, (double)step->f_lo, 1, true, CA_SCENE_PROD);
        return;
    }
    double *xy = sc->xy;
    for (size_t i = 0; i < m; i++) {
        xy[2 * i] = ca_axes_px(ax, (double)(step->f_lo + i));
        xy[2 * i + 1] = ca_axes_py(ax, step->products[i]);
    }
    xy[2 * m] = ca_axes_px(ax, (double)(step->f_hi - 1));
    xy[2 * m + 1] = ca_axes_py(ax, 0);
    xy[2 * m + 2] = ca_axes_px(ax, (double)step->f_lo);
    xy[2 * m + 3] = ca_axes_py(ax, 0);
    ca_canvas_fill_polygon(&ax->area, xy, m + 2, CA_SCENE_PROD);
}

ca_status product_draw(ca_scene *sc, size_t frame, const ca_canvas *c, ca_error *err)
{
    if (frame < sc->intro)
        return draw_intro(sc, frame, c, err);
    size_t n = frame - sc->intro;
    ca_step step;
    ca_stepper_step(sc->st, n, &step);
    double t = ca_scene_x_of(sc, n);
    ca_axes top = scene_axes(sc, c, CA_PANEL_TOP), mid = scene_axes(sc, c, CA_PANEL_MIDDLE);
    ca_axes out = scene_axes(sc, c, CA_PANEL_OUT);

    shade_overlap(sc, &top, &step);
    supported_samples(sc, &top, sc->g, sc->ng, (double)step.g_origin, step.g_dir, sc->stems_g,
                      CA_SCENE_G);
    cursor(&mid, t);
    draw_products(sc, &mid, &step);
    scene_output_curve(sc, c, n);
    cursor(&out, t);
    /* the cursor crossed the current sample: it goes back on top */
    const double *y = ca_stepper_output(sc->st);
    size_t from = sc->stems_out || n == 0 ? n : n - 1;
    scene_samples(sc, &out, y + from, n - from + 1, ca_scene_x_of(sc, from), 1, sc->stems_out,
                  CA_SCENE_OUT);
    scene_output_point(sc, c, n, step.y);

    char caption[512], sum[80], value[48];
    ca_plot_number(step.y, value, sizeof value);
    snprintf(sum, sizeof sum, "\u03a3 = %s", value);
    product_caption(sc, frame, caption, sizeof caption);
    ca_rect r = sc->panel[CA_PANEL_MIDDLE];
    double pad = scene_px(sc, SCENE_PAD_PX);
    ca_status s = scene_text_draw(sc, c, r.x1, r.y0 - pad * 0.3, sum, SCENE_TICK_PX,
                                  CA_TEXT_RIGHT | CA_TEXT_BOTTOM, CA_SCENE_PROD, err);
    if (s != CA_OK)
        return s;
    return scene_text_draw(sc, c, (sc->panel[0].x0 + sc->panel[0].x1) / 2.0, sc->caption_y,
                           caption, SCENE_CAPTION_PX, CA_TEXT_CENTRE | CA_TEXT_BASELINE,
                           CA_SCENE_INK, err);
}

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
 * A signal's padding is drawn in grey; its own zeros are not. The k axis
 * holds true indices (the signals' origins), the output its own (a lag, for
 * a correlation). With an intro, g first turns about k = 0 to show the flip
 * that the sliding assumes. */

/* Which colour is anti-aliased over which. */
static const int ramps[][2] = {
    { CA_SCENE_INK, CA_SCENE_BG },    { CA_SCENE_F, CA_SCENE_BG },
    { CA_SCENE_G, CA_SCENE_BG },      { CA_SCENE_OUT, CA_SCENE_BG },
    { CA_SCENE_PROD, CA_SCENE_BG },   { CA_SCENE_MUTED, CA_SCENE_BG },
    { CA_SCENE_F, CA_SCENE_GRID },    { CA_SCENE_G, CA_SCENE_GRID },
    { CA_SCENE_OUT, CA_SCENE_GRID },  { CA_SCENE_PROD, CA_SCENE_GRID },
    { CA_SCENE_MUTED, CA_SCENE_GRID }, { CA_SCENE_F, CA_SCENE_SHADE },
    { CA_SCENE_G, CA_SCENE_SHADE },   { CA_SCENE_MUTED, CA_SCENE_SHADE },
    { CA_SCENE_INK, CA_SCENE_GRID },
};

/* Terms written out in the caption when at most this many are non-zero. */
enum { TERMS_SHOWN = 6 };


/* The products' extremes (and 0, where stems stand): exact from every
 * step when that is cheap, else the bound the signals' extremes give, so
 * long signals cost O(nf + ng) here and not nf x ng. */
enum { EXACT_PRODUCTS = 1 << 24 };

static void product_range(panels *p, double ends[2])
{
    ends[0] = ends[1] = 0;
    if ((double)p->nf * (double)p->ng <= EXACT_PRODUCTS) {
        for (size_t n = 0; n < p->steps; n++) {
            ca_step step;
            ca_stepper_step(p->st, n, &step);
            for (size_t i = 0; i < step.f_hi - step.f_lo; i++) {
                ends[0] = fmin(ends[0], step.products[i]);
                ends[1] = fmax(ends[1], step.products[i]);
            }
        }
        return;
    }
    double f[2] = { INFINITY, -INFINITY }, g[2] = { INFINITY, -INFINITY };
    for (size_t k = 0; k < p->nf; k++) {
        f[0] = fmin(f[0], p->f[k]);
        f[1] = fmax(f[1], p->f[k]);
    }
    for (size_t j = 0; j < p->ng; j++) {
        g[0] = fmin(g[0], p->g[j]);
        g[1] = fmax(g[1], p->g[j]);
    }
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++) {
            ends[0] = fmin(ends[0], f[a] * g[b]);
            ends[1] = fmax(ends[1], f[a] * g[b]);
        }
}

typedef struct product {
    const char *intro_caption;
} product;

static void free_product(void *state)
{
    free(state);
}

static ca_status setup(panels *p, const ca_scene_options *opt, panel_text *text, void **state,
                       ca_error *err)
{
    product *pr = calloc(1, sizeof *pr);
    *state = pr;
    if (!pr)
        return ca_fail(err, CA_ENOMEM, "out of memory for the scene");
    p->intro = opt->intro && !p->correlate ? CA_SCENE_INTRO_FRAMES : 0;

    /* k runs over f, over every place g visits and over the intro's flip;
     * n over the full output, whose discarded part shows in grey */
    double lo, hi;
    panels_g_visits(p, &lo, &hi);
    if (p->intro) {
        double g0 = (double)p->g_origin, g1 = g0 + (double)(p->ng - 1);
        lo = fmin(lo, fmin(g0, -g1));
        hi = fmax(hi, fmax(g1, -g0));
    }
    panels_x_range(p, lo, hi);
    /* f and g share the k axis, and a scale unless one would flatten the
     * other: then g has its own, on the right */
    p->right[CA_PANEL_TOP] = panels_apart(p->f, p->nf, p->g, p->ng);
    if (p->right[CA_PANEL_TOP]) {
        panels_range(p->f, p->nf, NULL, 0, &p->ylo[CA_PANEL_TOP], &p->yhi[CA_PANEL_TOP]);
        panels_range(p->g, p->ng, NULL, 0, &p->y2lo[CA_PANEL_TOP],
                     &p->y2hi[CA_PANEL_TOP]);
        panels_align_zero(p, CA_PANEL_TOP);
    } else {
        panels_range(p->f, p->nf, p->g, p->ng, &p->ylo[CA_PANEL_TOP],
                     &p->yhi[CA_PANEL_TOP]);
    }
    double ends[2];
    product_range(p, ends);
    panels_range(ends, 2, NULL, 0, &p->ylo[CA_PANEL_MIDDLE], &p->yhi[CA_PANEL_MIDDLE]);
    panels_range(panels_full_output(p), p->full, NULL, 0, &p->ylo[CA_PANEL_OUT],
                 &p->yhi[CA_PANEL_OUT]);

    const char *const *name = p->name;
    const char *op = p->correlate ? "\u22c6" : "\u2217";
    text->title = opt->title ? opt->title
                  : panels_make(p, 0, "%s of %s and %s: %s%s%s",
                                p->correlate ? "Correlation" : "Convolution", name[0], name[1],
                                name[0], op, name[1]);
    text->xlabel = opt->xlabel ? opt->xlabel : "$k$, $n$";
    text->label[0] = panels_label(p, opt->labels[0], 1, "%s[$k$]", name[0]);
    text->label_colour[0] = CA_SCENE_F;
    /* n is the lag of a correlation: f[k] meets g[k − n]; same and valid
     * number their output from where the full output's sample `offset`
     * stands, so that g[n + offset − k] meets f[k] */
    text->label2[0] =
        p->correlate ? panels_label(p, opt->labels[1], 2, "%s[$k$\u2212$n$]", name[1])
        : p->offset  ? panels_label(p, opt->labels[1], 2, "%s[$n$+%zu\u2212$k$]", name[1],
                                    p->offset)
                     : panels_label(p, opt->labels[1], 2, "%s[$n$\u2212$k$]", name[1]);
    text->label2_colour[0] = CA_SCENE_G;
    if (p->right[CA_PANEL_TOP]) {
        text->label_right[0] = text->label2[0];
        text->label_right_colour[0] = CA_SCENE_G;
        text->label2[0] = NULL;
    }
    text->label[1] = panels_make(p, 3, "%s\u00b7%s", name[0], name[1]);
    text->label_colour[1] = CA_SCENE_PROD;
    text->label[2] = panels_label(p, opt->labels[2], 4, "%s[$n$]", name[2]);
    pr->intro_caption = panels_make(p, 5, "first, %s is flipped about $k$ = 0: %s[$k$] becomes "
                                    "%s[\u2212$k$]", name[1], name[1], name[1]);
    text->label_colour[2] = CA_SCENE_OUT;
    text->caption = true;
    return CA_OK;
}

static void background(panels *p, void *state)
{
    (void)state;
    ca_axes top = panels_axes(p, &p->background, CA_PANEL_TOP);
    panels_signal(p, &top, p->f, p->nf, p->f_pad, (double)p->f_origin, 1, p->stems_f,
                  CA_SCENE_F);
    ca_axes out = panels_axes(p, &p->background, CA_PANEL_OUT);
    panels_discarded(p, &out);
}

/* A product under this fraction of the largest is round-off, not a
 * term: sin 0 computed as 1.2e−16 would be written (1.2e−16)·(−1). */
#define NEGLIGIBLE 1e-12

/* A caption's factor: to digits significant digits, negative in brackets. */
static void factor(double v, int digits, char *buf, size_t size)
{
    char num[40];
    ca_plot_number_digits(v, digits, num, sizeof num);
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

/* Whether the product v is a term worth writing, next to the largest. */
static bool is_term(double v, double largest)
{
    return v != 0 && fabs(v) >= NEGLIGIBLE * largest;
}

static double largest_product(const ca_step *step)
{
    double m = 0;
    for (size_t i = 0; i < step->f_hi - step->f_lo; i++)
        m = fmax(m, fabs(step->products[i]));
    return m;
}

/* The caption of output sample n, whose step is step with terms terms
 * worth writing: written out to digits significant digits, or with
 * digits 0 as a formula with their count. Always ends in "= y[n]". */
static void write_caption(const panels *p, size_t n, const ca_step *step, size_t terms,
                          int digits, char *buf, size_t size)
{
    size_t len = 0;
    double largest = largest_product(step);
    char part[512], a[48], b[48];
    buf[0] = '\0';
    panels_caption_head(p, step->index, n, part, sizeof part);
    append(buf, size, &len, part);
    if (terms > 0 && digits == 0) {
        /* on true indices: g[k − lag] for a correlation, g[o − k] with o the
         * f index under g's origin plus g's origin for a convolution */
        long o = p->correlate ? step->index : p->f_origin + step->g_origin + p->g_origin;
        char count[32];
        snprintf(count, sizeof count, "%zu term%s", terms, terms > 1 ? "s" : "");
        if (p->correlate)
            snprintf(part, sizeof part, "\u03a3 %s[$k$]\u00b7%s[$k$%s%ld] (%s) = ", p->name[0],
                     p->name[1], o > 0 ? "\u2212" : "+", o > 0 ? o : -o, count);
        else
            snprintf(part, sizeof part, "\u03a3 %s[$k$]\u00b7%s[%s%ld\u2212$k$] (%s) = ",
                     p->name[0], p->name[1], o < 0 ? "\u2212" : "", o < 0 ? -o : o, count);
        append(buf, size, &len, part);
    } else if (terms > 0) {
        const char *plus = "";
        for (size_t i = 0; i < step->f_hi - step->f_lo; i++) {
            if (!is_term(step->products[i], largest))
                continue;
            size_t k = step->f_lo + i;
            long j = step->g_dir * ((long)k - step->g_origin);
            factor(p->f[k], digits, a, sizeof a);
            factor(p->g[j], digits, b, sizeof b);
            snprintf(part, sizeof part, "%s%s\u00b7%s", plus, a, b);
            append(buf, size, &len, part);
            plus = " + ";
        }
        append(buf, size, &len, " = ");
    }
    /* a sum that cancels to round-off is 0, as the terms below it are */
    ca_plot_number(fabs(step->y) < NEGLIGIBLE * largest ? 0 : step->y, part, sizeof part);
    /* room for the value is kept: a caption always ends in it */
    if (len + strlen(part) + 1 > size)
        len = size - strlen(part) - 1;
    snprintf(buf + len, size - len, "%s", part);
}

/* The caption of output sample n: its terms written out when there are a
 * few, with fewer digits when four do not fit across the frame; else the
 * sum as a formula with its count of terms. What still does not fit is
 * set smaller when drawn, never cut. */
static void sum_caption(panels *p, size_t n, const ca_step *step, char *buf, size_t size)
{
    double largest = largest_product(step);
    size_t terms = 0;
    for (size_t i = 0; i < step->f_hi - step->f_lo; i++)
        terms += is_term(step->products[i], largest);
    for (int digits = 4; terms > 0 && terms <= TERMS_SHOWN && digits >= 2; digits--) {
        write_caption(p, n, step, terms, digits, buf, size);
        if (panels_fits(p, buf, PANELS_CAPTION_PX))
            return;
    }
    write_caption(p, n, step, terms, 0, buf, size);
}

static void caption(panels *p, void *state, size_t frame, char *buf, size_t size)
{
    const product *pr = state;
    if (size == 0)
        return;
    if (frame < p->intro) {
        snprintf(buf, size, "%s", pr->intro_caption);
        return;
    }
    ca_step step;
    ca_stepper_step(p->st, frame - p->intro, &step);
    sum_caption(p, frame - p->intro, &step, buf, size);
}

/* The caption text over the panels. */
static ca_status draw_caption(panels *p, const char *text, const ca_canvas *c, ca_error *err)
{
    return panels_text_fitted(p, c, (p->panel[0].x0 + p->panel[0].x1) / 2.0, p->caption_y,
                              text, PANELS_CAPTION_PX, CA_SCENE_INK, err);
}

/* g turning about k = 0: at s = 0 as it is, at s = 1 mirrored. */
static ca_status draw_intro(panels *p, const product *pr, size_t frame, const ca_canvas *c,
                            ca_error *err)
{
    double s = p->intro > 1 ? (double)frame / (double)(p->intro - 1) : 1;
    ca_axes top = panels_axes_right(p, c, CA_PANEL_TOP);
    panels_signal(p, &top, p->g, p->ng, p->g_pad, (double)p->g_origin * (1 - 2 * s), 1 - 2 * s,
                  p->stems_g, CA_SCENE_G);
    return draw_caption(p, pr->intro_caption, c, err);
}

/* The vertical line at x = t that ties n across the panels. */
static void cursor(const ca_axes *ax, double t)
{
    ca_canvas_vline(&ax->area, (int)floor(ca_axes_px(ax, t)), 0, ax->area.height - 1,
                    CA_SCENE_CURSOR);
}

/* The overlap shaded under f and g, f drawn again over it: f is in the
 * background, so only the shaded columns need it. */
static void shade_overlap(panels *p, const ca_axes *top, const ca_step *step)
{
    double k0 = (double)p->f_origin;
    int b0 = (int)lround(ca_axes_px(top, k0 + (double)step->f_lo - 0.5));
    int b1 = (int)lround(ca_axes_px(top, k0 + (double)step->f_hi - 0.5));
    ca_canvas_fill_rect(&top->area, b0, 0, b1 > b0 ? b1 : b0 + 1, top->area.height,
                        CA_SCENE_SHADE);
    double reach = 2 * panels_px(p, PANELS_LINE_PX);
    ca_axes cut = panels_cut(top, (int)floor(b0 - reach), (int)ceil(b1 - b0 + 2 * reach));
    panels_signal(p, &cut, p->f, p->nf, p->f_pad, k0, 1, p->stems_f, CA_SCENE_F);
}

/* The products over the overlap: stems, or the area they enclose. */
static void draw_products(panels *p, const ca_axes *ax, const ca_step *step)
{
    size_t n = step->f_hi - step->f_lo;
    double k = (double)p->f_origin + (double)step->f_lo;
    if (p->stems_prod) {
        panels_samples(p, ax, step->products, n, k, 1, true, CA_SCENE_PROD);
        return;
    }
    size_t m = ca_plot_points(ax, step->products, n, k, 1,
                              n > (size_t)ax->area.width, p->xy);
    /* down to zero under the last point, back under the first */
    double *xy = p->xy;
    xy[2 * m] = xy[2 * m - 2];
    xy[2 * m + 1] = ca_axes_py(ax, 0);
    xy[2 * m + 2] = xy[0];
    xy[2 * m + 3] = ca_axes_py(ax, 0);
    ca_canvas_fill_polygon(&ax->area, xy, m + 2, CA_SCENE_PROD);
}

static ca_status draw(panels *p, void *state, size_t frame, const ca_canvas *c, ca_error *err)
{
    const product *pr = state;
    if (frame < p->intro)
        return draw_intro(p, pr, frame, c, err);
    size_t n = frame - p->intro;
    ca_step step;
    ca_stepper_step(p->st, n, &step);
    double t = panels_x_of(p, n);
    ca_axes top = panels_axes(p, c, CA_PANEL_TOP), mid = panels_axes(p, c, CA_PANEL_MIDDLE);
    ca_axes out = panels_axes(p, c, CA_PANEL_OUT);

    shade_overlap(p, &top, &step);
    ca_axes gax = panels_axes_right(p, c, CA_PANEL_TOP);
    panels_signal(p, &gax, p->g, p->ng, p->g_pad, (double)(p->f_origin + step.g_origin),
                  step.g_dir, p->stems_g, CA_SCENE_G);
    cursor(&mid, t);
    draw_products(p, &mid, &step);
    panels_output_curve(p, c, n);
    cursor(&out, t);
    /* the cursor crossed the current sample: it goes back on top */
    panels_output_column(p, c, n);
    panels_output_point(p, c, n, step.y);

    char sum[80], value[48], text[512];
    ca_plot_number(step.y, value, sizeof value);
    snprintf(sum, sizeof sum, "\u03a3 = %s", value);
    ca_rect r = p->panel[CA_PANEL_MIDDLE];
    double pad = panels_px(p, PANELS_PAD_PX);
    ca_status s = panels_text(p, c, r.x1, r.y0 - pad * 0.3, sum, PANELS_TICK_PX,
                              CA_TEXT_RIGHT | CA_TEXT_BOTTOM, CA_SCENE_PROD, err);
    if (s != CA_OK)
        return s;
    sum_caption(p, n, &step, text, sizeof text);
    return draw_caption(p, text, c, err);
}

const scene_layout scene_product = {
    .name = "product",
    .colours = CA_SCENE_COLOURS,
    .ramps = ramps,
    .nramps = sizeof ramps / sizeof ramps[0],
    .style = CA_STYLE_AUTO,
    .intro = true,
    .shows = { CA_SCENE_F, CA_SCENE_PROD, CA_SCENE_OUT },
    .setup = setup,
    .background = background,
    .draw = draw,
    .caption = caption,
    .free = free_product,
};

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

/* A signal's first and one past its last non-zero sample; lo == hi when
 * none. */
typedef struct support {
    size_t lo, hi;
} support;

typedef struct product {
    double *full_out;          /* the full output, for what a mode discards */
    support f, g;              /* found once: a frame must not scan a signal */
    char g_label[64];          /* "g[k−n+M−1]" for a correlation */
} product;

static support support_of(const double *v, size_t n)
{
    support s = { 0, n };
    while (s.lo < n && v[s.lo] == 0)
        s.lo++;
    while (s.hi > s.lo && v[s.hi - 1] == 0)
        s.hi--;
    return s;
}

/* v drawn as panels_samples does, its support s in colour and the rest
 * grey. A line's grey parts reach the first and last supported sample, so
 * the curve stays whole. */
static void supported_samples(const panels *p, const ca_axes *ax, const double *v, size_t n,
                              support s, double x_start, double x_step, bool stems, int colour)
{
    size_t join = stems ? 0 : 1;
    if (s.lo > 0)
        panels_samples(p, ax, v, s.lo + (s.lo < n ? join : 0), x_start, x_step, stems,
                       CA_SCENE_MUTED);
    if (s.hi < n) {
        size_t from = s.hi > 0 ? s.hi - join : 0;
        panels_samples(p, ax, v + from, n - from, x_start + (double)from * x_step, x_step, stems,
                       CA_SCENE_MUTED);
    }
    if (s.hi > s.lo)
        panels_samples(p, ax, v + s.lo, s.hi - s.lo, x_start + (double)s.lo * x_step, x_step,
                       stems, colour);
}

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

static void free_product(void *state)
{
    product *pr = state;
    if (pr)
        free(pr->full_out);
    free(pr);
}

static ca_status setup(panels *p, const ca_scene_options *opt, panel_text *text, void **state,
                       ca_error *err)
{
    product *pr = calloc(1, sizeof *pr);
    *state = pr;
    if (!pr || !(pr->full_out = malloc(p->full * sizeof *pr->full_out)))
        return ca_fail(err, CA_ENOMEM, "out of memory for the scene");
    ca_status s = ca_conv(p->f, p->nf, p->g, p->ng, CA_CONV_FULL, p->correlate, pr->full_out,
                          err);
    if (s != CA_OK)
        return s;
    pr->f = support_of(p->f, p->nf);
    pr->g = support_of(p->g, p->ng);
    p->intro = opt->intro && !p->correlate ? CA_SCENE_INTRO_FRAMES : 0;

    /* k runs over f, over every place g visits and over the intro's flip;
     * n over the full output, whose discarded part shows in grey */
    double lo = fmin(0, (double)p->offset - (double)(p->ng - 1));
    double hi = fmax((double)p->nf - 1, (double)p->full - 1);
    if (p->intro) {
        lo = fmin(lo, -(double)(p->ng - 1));
        hi = fmax(hi, (double)p->ng - 1);
    }
    p->x0 = lo - 1;
    p->x1 = hi + 1;
    panels_range(p->f, p->nf, p->g, p->ng, p->stems_f || p->stems_g, &p->ylo[CA_PANEL_TOP],
                 &p->yhi[CA_PANEL_TOP]);
    double ends[2];
    product_range(p, ends);
    panels_range(ends, 2, NULL, 0, true, &p->ylo[CA_PANEL_MIDDLE], &p->yhi[CA_PANEL_MIDDLE]);
    panels_range(pr->full_out, p->full, NULL, 0, p->stems_out, &p->ylo[CA_PANEL_OUT],
                 &p->yhi[CA_PANEL_OUT]);

    text->title = opt->title ? opt->title
                  : p->correlate ? "Correlation of $f$ and $g$: $f$\u22c6$g$"
                                 : "Convolution of $f$ and $g$: $f$\u2217$g$";
    text->xlabel = opt->xlabel ? opt->xlabel : "$k$, $n$";
    text->label[0] = opt->labels[0] ? opt->labels[0] : "$f$[$k$]";
    text->label_colour[0] = CA_SCENE_F;
    /* a correlation pairs f[k] with g[k - t + ng - 1] (numpy's indexing) */
    snprintf(pr->g_label, sizeof pr->g_label, "$g$[$k$\u2212$n$+%zu]", p->ng - 1);
    text->label2[0] = opt->labels[1] ? opt->labels[1]
                      : p->correlate ? pr->g_label
                                     : "$g$[$n$\u2212$k$]";
    text->label2_colour[0] = CA_SCENE_G;
    text->label[1] = "$f$\u00b7$g$";
    text->label_colour[1] = CA_SCENE_PROD;
    text->label[2] = opt->labels[2] ? opt->labels[2] : "$y$[$n$]";
    text->label_colour[2] = CA_SCENE_OUT;
    text->caption = true;
    return CA_OK;
}

static void background(panels *p, void *state)
{
    product *pr = state;
    ca_axes top = panels_axes(p, &p->background, CA_PANEL_TOP);
    supported_samples(p, &top, p->f, p->nf, pr->f, 0, 1, p->stems_f, CA_SCENE_F);
    /* what the mode discards of the full output, in grey; a line reaches
     * the kept samples so the curve stays whole */
    ca_axes out = panels_axes(p, &p->background, CA_PANEL_OUT);
    size_t keep0 = p->offset, keep1 = p->offset + p->steps, join = !p->stems_out;
    if (keep0 > 0)
        panels_samples(p, &out, pr->full_out, keep0 + join, 0, 1, p->stems_out, CA_SCENE_MUTED);
    if (keep1 < p->full)
        panels_samples(p, &out, pr->full_out + keep1 - join, p->full - keep1 + join,
                       (double)(keep1 - join), 1, p->stems_out, CA_SCENE_MUTED);
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

/* The caption of output sample n, whose step is step, with the terms
 * written out or (sigma) the sum as a formula. */
static void write_caption(const panels *p, size_t n, const ca_step *step, bool sigma, char *buf,
                          size_t size)
{
    size_t len = 0;
    bool terms = false;
    for (size_t i = 0; i < step->f_hi - step->f_lo && !terms; i++)
        terms = step->products[i] != 0;
    char part[160], a[48], b[48];
    buf[0] = '\0';
    /* n counts on the axis, in the full output; same and valid number
     * their samples from where they start keeping */
    size_t t = n + p->offset;
    if (p->offset)
        snprintf(part, sizeof part, "$n$ = %zu (output %zu)     $y$[%zu] = ", t, n, t);
    else
        snprintf(part, sizeof part, "$n$ = %zu     $y$[%zu] = ", t, t);
    append(buf, size, &len, part);
    if (sigma) {
        /* g's index as a function of k: g_origin - k, or k - g_origin */
        long o = step->g_origin;
        if (p->correlate)
            snprintf(part, sizeof part, "\u03a3 $f$[$k$]\u00b7$g$[$k$%s%ld] = ",
                     o > 0 ? "\u2212" : "+", o > 0 ? o : -o);
        else
            snprintf(part, sizeof part, "\u03a3 $f$[$k$]\u00b7$g$[%s%ld\u2212$k$] = ",
                     o < 0 ? "\u2212" : "", o < 0 ? -o : o);
        append(buf, size, &len, part);
    } else if (terms) {
        const char *plus = "";
        for (size_t i = 0; i < step->f_hi - step->f_lo; i++) {
            if (step->products[i] == 0)
                continue;
            size_t k = step->f_lo + i;
            long j = step->g_dir * ((long)k - step->g_origin);
            factor(p->f[k], a, sizeof a);
            factor(p->g[j], b, sizeof b);
            snprintf(part, sizeof part, "%s%s\u00b7%s", plus, a, b);
            append(buf, size, &len, part);
            plus = " + ";
        }
        append(buf, size, &len, " = ");
    }
    ca_plot_number(step->y, part, sizeof part);
    append(buf, size, &len, part);
}

/* The caption of output sample n: its terms written out when there are a
 * few and they fit across the frame, else the sum as a formula. */
static void sum_caption(panels *p, size_t n, const ca_step *step, char *buf, size_t size)
{
    /* counted only as far as the caption's choice needs */
    size_t terms = 0;
    for (size_t i = 0; i < step->f_hi - step->f_lo && terms <= TERMS_SHOWN; i++)
        terms += step->products[i] != 0;
    write_caption(p, n, step, terms > TERMS_SHOWN, buf, size);
    if (terms > 0 && terms <= TERMS_SHOWN && !panels_fits(p, buf, PANELS_CAPTION_PX))
        write_caption(p, n, step, true, buf, size);
}

static const char intro_caption[] =
    "first, $g$ is flipped about $k$ = 0: $g$[$k$] becomes $g$[\u2212$k$]";

static void caption(panels *p, void *state, size_t frame, char *buf, size_t size)
{
    (void)state;
    if (size == 0)
        return;
    if (frame < p->intro) {
        snprintf(buf, size, "%s", intro_caption);
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
    ca_axes top = panels_axes(p, c, CA_PANEL_TOP);
    supported_samples(p, &top, p->g, p->ng, pr->g, 0, 1 - 2 * s, p->stems_g, CA_SCENE_G);
    return draw_caption(p, intro_caption, c, err);
}

/* The vertical line at x = t that ties n across the panels. */
static void cursor(const ca_axes *ax, double t)
{
    ca_canvas_vline(&ax->area, (int)floor(ca_axes_px(ax, t)), 0, ax->area.height - 1,
                    CA_SCENE_CURSOR);
}

/* The overlap shaded under f and g, f drawn again over it: f is in the
 * background, so only the shaded columns need it. */
static void shade_overlap(panels *p, const product *pr, const ca_axes *top, const ca_step *step)
{
    int b0 = (int)lround(ca_axes_px(top, (double)step->f_lo - 0.5));
    int b1 = (int)lround(ca_axes_px(top, (double)step->f_hi - 0.5));
    ca_canvas_fill_rect(&top->area, b0, 0, b1 > b0 ? b1 : b0 + 1, top->area.height,
                        CA_SCENE_SHADE);
    double reach = 2 * panels_px(p, PANELS_LINE_PX);
    ca_axes cut = panels_cut(top, (int)floor(b0 - reach), (int)ceil(b1 - b0 + 2 * reach));
    supported_samples(p, &cut, p->f, p->nf, pr->f, 0, 1, p->stems_f, CA_SCENE_F);
}

/* The products over the overlap: stems, or the area they enclose. */
static void draw_products(panels *p, const ca_axes *ax, const ca_step *step)
{
    size_t n = step->f_hi - step->f_lo;
    if (p->stems_prod) {
        panels_samples(p, ax, step->products, n, (double)step->f_lo, 1, true, CA_SCENE_PROD);
        return;
    }
    size_t m = ca_plot_points(ax, step->products, n, (double)step->f_lo, 1,
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

    shade_overlap(p, pr, &top, &step);
    supported_samples(p, &top, p->g, p->ng, pr->g, (double)step.g_origin, step.g_dir,
                      p->stems_g, CA_SCENE_G);
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

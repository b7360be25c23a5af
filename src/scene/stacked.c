#include <math.h>

#include "scene/layout.h"

/* The stacked panels, which users name "seed": the notebook's picture.
 *
 *   f      f, the area under the samples g overlaps shaded
 *   g      g flipped and slid so that its leading sample sits at t
 *   f∗g    the output up to t, the current sample marked
 *
 * The x axis holds true indices: f[k] at its index, the output at its own
 * (a lag, for a correlation), what the mode discards in grey. A GIF frame
 * costs bytes for every pixel that changes, and text or tall edges that
 * move change many: so the overlap is shaded as the area under f (its
 * edges only as tall as f there), not as a full-height band, and y[n] is
 * read off the marker and the axis rather than from a caption that would
 * redraw its digits every frame. */

/* Which colour is anti-aliased over which: these few keep the GIF's colour
 * table at 128 entries, and its codes a bit shorter. */
static const int ramps[][2] = {
    { CA_SCENE_INK, CA_SCENE_BG },  { CA_SCENE_F, CA_SCENE_BG },
    { CA_SCENE_G, CA_SCENE_BG },    { CA_SCENE_OUT, CA_SCENE_BG },
    { CA_SCENE_F, CA_SCENE_GRID },  { CA_SCENE_G, CA_SCENE_GRID },
    { CA_SCENE_OUT, CA_SCENE_GRID }, { CA_SCENE_F, CA_SCENE_SHADE },
};

static ca_status setup(panels *p, const ca_scene_options *opt, panel_text *text, void **state,
                       ca_error *err)
{
    (void)err;
    *state = NULL;
    /* x spans f, the full output and every place g slides to, with a
     * sample's margin each side */
    double lo, hi;
    panels_g_visits(p, &lo, &hi);
    panels_x_range(p, lo, hi);
    panels_range(p->f, p->nf, NULL, 0, &p->ylo[CA_PANEL_TOP], &p->yhi[CA_PANEL_TOP]);
    panels_range(p->g, p->ng, NULL, 0, &p->ylo[CA_PANEL_MIDDLE],
                 &p->yhi[CA_PANEL_MIDDLE]);
    panels_range(panels_full_output(p), p->full, NULL, 0, &p->ylo[CA_PANEL_OUT],
                 &p->yhi[CA_PANEL_OUT]);
    const char *const *name = p->name;
    text->title = opt->title ? opt->title
                  : panels_make(p, 0, "%s of %s and %s",
                                p->correlate ? "Correlation" : "Convolution", name[0], name[1]);
    text->xlabel = opt->xlabel ? opt->xlabel : "$n$";
    text->label[0] = opt->labels[0] ? opt->labels[0] : name[0];
    text->label[1] = opt->labels[1] ? opt->labels[1] : name[1];
    text->label[2] = opt->labels[2] ? opt->labels[2]
                                    : panels_make(p, 1, "%s%s%s", name[0],
                                                  p->correlate ? "\u22c6" : "\u2217", name[1]);
    for (int i = 0; i < CA_PANELS; i++)
        text->label_colour[i] = CA_SCENE_INK;
    return CA_OK;
}

static void background(panels *p, void *state)
{
    (void)state;
    ca_axes fa = panels_axes(p, &p->background, CA_PANEL_TOP);
    panels_signal(p, &fa, p->f, p->nf, p->f_pad, (double)p->f_origin, 1, p->stems_f,
                  CA_SCENE_F);
    ca_axes out = panels_axes(p, &p->background, CA_PANEL_OUT);
    panels_discarded(p, &out);
}

/* Half a shading bar's width: a quarter of a sample, at least 1.5 px. */
static double bar_half(const ca_axes *ax)
{
    return fmax(1.5, 0.25 * ax->area.width / (ax->x1 - ax->x0));
}

/* A bar from zero to f[k] under each stem g overlaps, half a sample wide:
 * the products' factors one by one, not an area between samples that a
 * discrete signal does not have. */
static void shade_bars(const panels *p, const ca_axes *cut, double half, const ca_step *step)
{
    double zero = ca_axes_py(cut, 0);
    for (size_t k = step->f_lo; k < step->f_hi; k++) {
        double x = ca_axes_px(cut, (double)p->f_origin + (double)k);
        double y = ca_axes_py(cut, p->f[k]);
        ca_canvas_fill_rect(&cut->area, (int)lround(x - half), (int)lround(fmin(y, zero)),
                            (int)lround(x + half), (int)lround(fmax(y, zero)), CA_SCENE_SHADE);
    }
}

/* Shades the area between f and zero over the samples g overlaps: bars
 * under stems, the area under a line. f is in the background; only its
 * part over the shading is drawn again, in a view cut to the shaded
 * columns. */
static void shade_overlap(panels *p, const ca_axes *fa, const ca_step *step)
{
    double reach = 2 * panels_px(p, PANELS_LINE_PX), k0 = (double)p->f_origin;
    double half = bar_half(fa);
    if (p->stems_f)
        reach = fmax(reach, half + 1);
    int c0 = (int)floor(ca_axes_px(fa, k0 + (double)step->f_lo) - reach);
    int c1 = (int)ceil(ca_axes_px(fa, k0 + (double)(step->f_hi - 1)) + reach);
    ca_axes cut = panels_cut(fa, c0, c1 - c0);

    size_t n = step->f_hi - step->f_lo;
    if (p->stems_f) {
        shade_bars(p, &cut, half, step);
    } else {
        size_t m = ca_plot_points(&cut, p->f + step->f_lo, n, k0 + (double)step->f_lo, 1,
                                  n > (size_t)cut.area.width, p->xy);
        /* down to zero under the last point, back under the first */
        double *xy = p->xy;
        xy[2 * m] = xy[2 * m - 2];
        xy[2 * m + 1] = ca_axes_py(&cut, 0);
        xy[2 * m + 2] = xy[0];
        xy[2 * m + 3] = ca_axes_py(&cut, 0);
        ca_canvas_fill_polygon(&cut.area, xy, m + 2, CA_SCENE_SHADE);
    }
    panels_signal(p, &cut, p->f, p->nf, p->f_pad, k0, 1, p->stems_f, CA_SCENE_F);
}

static ca_status draw(panels *p, void *state, size_t n, const ca_canvas *c, ca_error *err)
{
    (void)state;
    (void)err;
    ca_step step;
    ca_stepper_step(p->st, n, &step);
    ca_axes fa = panels_axes(p, c, CA_PANEL_TOP), ga = panels_axes(p, c, CA_PANEL_MIDDLE);
    shade_overlap(p, &fa, &step);
    panels_signal(p, &ga, p->g, p->ng, p->g_pad, (double)(p->f_origin + step.g_origin),
                  step.g_dir, p->stems_g, CA_SCENE_G);
    panels_output_curve(p, c, n);
    panels_output_point(p, c, n, step.y);
    return CA_OK;
}

const scene_layout scene_stacked = {
    .name = "seed",
    .colours = CA_SCENE_STACKED_COLOURS,
    .ramps = ramps,
    .nramps = sizeof ramps / sizeof ramps[0],
    .style = CA_STYLE_AUTO,
    .intro = false,
    .shows = { CA_SCENE_F, CA_SCENE_G, CA_SCENE_OUT },
    .setup = setup,
    .background = background,
    .draw = draw,
};

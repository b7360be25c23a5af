#include <math.h>

#include "scene/layout.h"

/* The stacked panels, which users name "seed": the notebook's picture.
 *
 *   f      f, the area under the samples g overlaps shaded
 *   g      g flipped and slid so that its leading sample sits at t
 *   f∗g    the output up to t, the current sample marked
 *
 * The x axis is the full output's index t (f[k] sits at x = k). A GIF frame
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
    const double *y = ca_stepper_output(p->st);
    /* x spans the full output with a sample's margin each side */
    p->x0 = -1;
    p->x1 = (double)p->full;
    panels_range(p->f, p->nf, NULL, 0, p->stems_f, &p->ylo[CA_PANEL_TOP],
                 &p->yhi[CA_PANEL_TOP]);
    panels_range(p->g, p->ng, NULL, 0, p->stems_g, &p->ylo[CA_PANEL_MIDDLE],
                 &p->yhi[CA_PANEL_MIDDLE]);
    panels_range(y, p->steps, NULL, 0, p->stems_out, &p->ylo[CA_PANEL_OUT],
                 &p->yhi[CA_PANEL_OUT]);
    text->title = opt->title ? opt->title
                  : p->correlate ? "Correlation of $f$ and $g$"
                                 : "Convolution of $f$ and $g$";
    text->xlabel = opt->xlabel ? opt->xlabel : "$n$";
    text->label[0] = opt->labels[0] ? opt->labels[0] : "$f$";
    text->label[1] = opt->labels[1] ? opt->labels[1] : "$g$";
    text->label[2] = opt->labels[2] ? opt->labels[2]
                     : p->correlate ? "$f$\u22c6$g$"
                                    : "$f$\u2217$g$";
    for (int i = 0; i < CA_PANELS; i++)
        text->label_colour[i] = CA_SCENE_INK;
    return CA_OK;
}

static void background(panels *p, void *state)
{
    (void)state;
    ca_axes fa = panels_axes(p, &p->background, CA_PANEL_TOP);
    panels_samples(p, &fa, p->f, p->nf, 0, 1, p->stems_f, CA_SCENE_F);
}

/* Shades the area between f and zero over the samples g overlaps. f is in
 * the background; only its part over the shading is drawn again, in a view
 * cut to the shaded columns. */
static void shade_overlap(panels *p, const ca_axes *fa, const ca_step *step)
{
    double reach = 2 * panels_px(p, PANELS_LINE_PX);
    int c0 = (int)floor(ca_axes_px(fa, (double)step->f_lo) - reach);
    int c1 = (int)ceil(ca_axes_px(fa, (double)(step->f_hi - 1)) + reach);
    ca_axes cut = panels_cut(fa, c0, c1 - c0);

    size_t n = step->f_hi - step->f_lo;
    size_t m = ca_plot_points(&cut, p->f + step->f_lo, n, (double)step->f_lo, 1,
                              n > (size_t)cut.area.width, p->xy);
    /* down to zero under the last point, back under the first */
    double *xy = p->xy;
    xy[2 * m] = xy[2 * m - 2];
    xy[2 * m + 1] = ca_axes_py(&cut, 0);
    xy[2 * m + 2] = xy[0];
    xy[2 * m + 3] = ca_axes_py(&cut, 0);
    ca_canvas_fill_polygon(&cut.area, xy, m + 2, CA_SCENE_SHADE);
    panels_samples(p, &cut, p->f, p->nf, 0, 1, p->stems_f, CA_SCENE_F);
}

static ca_status draw(panels *p, void *state, size_t n, const ca_canvas *c, ca_error *err)
{
    (void)state;
    (void)err;
    ca_step step;
    ca_stepper_step(p->st, n, &step);
    ca_axes fa = panels_axes(p, c, CA_PANEL_TOP), ga = panels_axes(p, c, CA_PANEL_MIDDLE);
    shade_overlap(p, &fa, &step);
    panels_samples(p, &ga, p->g, p->ng, (double)step.g_origin, step.g_dir, p->stems_g,
                   CA_SCENE_G);
    panels_output_curve(p, c, n);
    panels_output_point(p, c, n, step.y);
    return CA_OK;
}

const scene_layout scene_stacked = {
    .name = "seed",
    .colours = CA_SCENE_STACKED_COLOURS,
    .ramps = ramps,
    .nramps = sizeof ramps / sizeof ramps[0],
    .style = CA_STYLE_LINE,
    .intro = false,
    .shows = { CA_SCENE_F, CA_SCENE_G, CA_SCENE_OUT },
    .setup = setup,
    .background = background,
    .draw = draw,
};

#include <math.h>

#include "scene/layout.h"

/* The seed layout: the notebook's picture.
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

void seed_setup(ca_scene *sc, const ca_scene_options *opt, scene_text *text)
{
    const double *y = ca_stepper_output(sc->st);
    /* x spans the full output with a sample's margin each side */
    sc->x0 = -1;
    sc->x1 = (double)sc->full;
    scene_range(sc->f, sc->nf, NULL, 0, sc->stems_f, &sc->ylo[CA_PANEL_TOP],
                &sc->yhi[CA_PANEL_TOP]);
    scene_range(sc->g, sc->ng, NULL, 0, sc->stems_g, &sc->ylo[CA_PANEL_MIDDLE],
                &sc->yhi[CA_PANEL_MIDDLE]);
    scene_range(y, sc->steps, NULL, 0, sc->stems_out, &sc->ylo[CA_PANEL_OUT],
                &sc->yhi[CA_PANEL_OUT]);
    text->title = opt->title ? opt->title
                  : sc->correlate ? "Correlation of $f$ and $g$"
                                  : "Convolution of $f$ and $g$";
    text->xlabel = opt->xlabel ? opt->xlabel : "$n$";
    text->label[0] = opt->labels[0] ? opt->labels[0] : "$f$";
    text->label[1] = opt->labels[1] ? opt->labels[1] : "$g$";
    text->label[2] = opt->labels[2] ? opt->labels[2]
                     : sc->correlate ? "$f$\u22c6$g$"
                                     : "$f$\u2217$g$";
    for (int p = 0; p < CA_PANELS; p++)
        text->label_colour[p] = CA_SCENE_INK;
}

void seed_background(ca_scene *sc)
{
    ca_axes fa = scene_axes(sc, &sc->background, CA_PANEL_TOP);
    scene_samples(sc, &fa, sc->f, sc->nf, 0, 1, sc->stems_f, CA_SCENE_F);
}

/* Shades the area between f and zero over the samples g overlaps. f is in
 * the background; only its part over the shading is drawn again, in a view
 * cut to the shaded columns. */
static void shade_overlap(ca_scene *sc, const ca_axes *fa, const ca_step *step)
{
    double reach = 2 * scene_px(sc, SCENE_LINE_PX);
    int c0 = (int)floor(ca_axes_px(fa, (double)step->f_lo) - reach);
    int c1 = (int)ceil(ca_axes_px(fa, (double)(step->f_hi - 1)) + reach);
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
    scene_samples(sc, &cut, sc->f, sc->nf, 0, 1, sc->stems_f, CA_SCENE_F);
}

void seed_draw(ca_scene *sc, size_t n, const ca_canvas *c)
{
    ca_step step;
    ca_stepper_step(sc->st, n, &step);
    ca_axes fa = scene_axes(sc, c, CA_PANEL_TOP), ga = scene_axes(sc, c, CA_PANEL_MIDDLE);
    shade_overlap(sc, &fa, &step);
    scene_samples(sc, &ga, sc->g, sc->ng, (double)step.g_origin, step.g_dir, sc->stems_g,
                  CA_SCENE_G);
    scene_output_curve(sc, c, n);
    scene_output_point(sc, c, n, step.y);
}

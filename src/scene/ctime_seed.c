#include <stdio.h>
#include <stdlib.h>

#include "scene/ctime.h"
#include "base/util.h"

/* The seed view in continuous time:
 *
 *   t = 0.50 s     y(t) = ∫ x(τ) h(t − τ) dτ = 0.6321
 *   x(τ)       x, the area under it where h(t − τ) overlaps shaded, in
 *              two shades by the sign of the product x(τ) h(t − τ)
 *   h(t − τ)   h flipped and slid to t, a marker at τ = t
 *   y(t)       y up to t
 *
 * τ and t share one axis in seconds. */

/* Which colour is anti-aliased over which: the curves over the shades. */
static const int ramps[][2] = {
    { CA_SCENE_INK, CA_SCENE_BG },       { CA_SCENE_F, CA_SCENE_BG },
    { CA_SCENE_G, CA_SCENE_BG },         { CA_SCENE_OUT, CA_SCENE_BG },
    { CA_SCENE_F, CA_SCENE_GRID },       { CA_SCENE_G, CA_SCENE_GRID },
    { CA_SCENE_OUT, CA_SCENE_GRID },     { CA_SCENE_INK, CA_SCENE_GRID },
    { CA_SCENE_F, CA_SCENE_AREA_POS },   { CA_SCENE_F, CA_SCENE_AREA_NEG },
};

/* ct first: the ctime_state_ calls take the state as its ctime */
typedef struct seed {
    ctime ct;
    char title[256];
} seed;

static ca_status setup(panels *p, const scene_times *in, const ca_scene_options *opt,
                       panel_text *text, void **state, ca_error *err)
{
    seed *sd = calloc(1, sizeof *sd);
    *state = sd;
    if (!sd)
        return ca_fail(err, CA_ENOMEM, "out of memory for the scene");
    ctime *ct = &sd->ct;
    ca_status s = ctime_init(ct, p, in, opt, err);
    if (s != CA_OK)
        return s;
    panels_range(ct->xext, 2, NULL, 0, &p->ylo[CA_PANEL_TOP], &p->yhi[CA_PANEL_TOP]);
    panels_range(ct->hext, 2, NULL, 0, &p->ylo[CA_PANEL_MIDDLE],
                 &p->yhi[CA_PANEL_MIDDLE]);
    panels_range(ct->yext, 2, NULL, 0, &p->ylo[CA_PANEL_OUT], &p->yhi[CA_PANEL_OUT]);
    snprintf(sd->title, sizeof sd->title, "Convolution of %s and %s", ct->name[0], ct->name[1]);
    text->title = opt->title ? opt->title : sd->title;
    text->xlabel = opt->xlabel ? opt->xlabel : "$\\tau$, $t$ (s)";
    static const int colour[CA_PANELS] = { CA_SCENE_F, CA_SCENE_G, CA_SCENE_OUT };
    for (int i = 0; i < CA_PANELS; i++) {
        text->label[i] = ct->label[i];
        text->label_colour[i] = colour[i];
    }
    text->caption = true;
    text->seconds = true;
    return CA_OK;
}

static void background(panels *p, void *state)
{
    seed *sd = state;
    ca_axes top = panels_axes(p, &p->background, CA_PANEL_TOP);
    ctime_x(&sd->ct, p, &top);
}

static ca_status draw(panels *p, void *state, size_t frame, const ca_canvas *c, ca_error *err)
{
    seed *sd = state;
    double t = ctime_t(&sd->ct, frame);
    ca_axes top = panels_axes(p, c, CA_PANEL_TOP), mid = panels_axes(p, c, CA_PANEL_MIDDLE);
    ca_axes out = panels_axes(p, c, CA_PANEL_OUT);
    ca_status s;
    if ((s = ctime_area(&sd->ct, p, &top, t, true, CA_SCENE_F, err)) != CA_OK)
        return s;
    ctime_marker(p, &mid, t);
    if ((s = ctime_h(&sd->ct, p, &mid, t, err)) != CA_OK)
        return s;
    ctime_output(&sd->ct, p, &out, frame);
    return ctime_draw_caption(&sd->ct, p, frame, c, err);
}

const scene_layout scene_ctime_seed = {
    .name = "seed",
    .colours = CA_SCENE_ALL_COLOURS,
    .ramps = ramps,
    .nramps = sizeof ramps / sizeof ramps[0],
    .style = CA_STYLE_LINE,
    .setup_continuous = setup,
    .background = background,
    .draw = draw,
    .caption = ctime_state_caption,
    .time = ctime_state_time,
    .free = ctime_state_free,
};

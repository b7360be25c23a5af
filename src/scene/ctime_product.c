#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "scene/ctime.h"
#include "base/util.h"

/* The product view in continuous time: why y(t) has its value.
 *
 *   t = 0.50 s     y(t) = ∫ x(τ) h(t − τ) dτ = 0.6321
 *   x(τ), h(t − τ)   both on one τ axis, a marker at τ = t
 *   x·h              their product, its area shaded: positive in one
 *                    shade, negative in another; the area is y(t)
 *   y(t)             y up to t, a cursor at t
 *
 * τ and t share one axis in seconds. */

static const int ramps[][2] = {
    { CA_SCENE_INK, CA_SCENE_BG },          { CA_SCENE_F, CA_SCENE_BG },
    { CA_SCENE_G, CA_SCENE_BG },            { CA_SCENE_OUT, CA_SCENE_BG },
    { CA_SCENE_PROD, CA_SCENE_BG },         { CA_SCENE_F, CA_SCENE_GRID },
    { CA_SCENE_G, CA_SCENE_GRID },          { CA_SCENE_OUT, CA_SCENE_GRID },
    { CA_SCENE_PROD, CA_SCENE_GRID },       { CA_SCENE_INK, CA_SCENE_GRID },
    { CA_SCENE_G, CA_SCENE_F },             { CA_SCENE_PROD, CA_SCENE_AREA_POS },
    { CA_SCENE_PROD, CA_SCENE_AREA_NEG },
};

/* ct first: the ctime_state_ calls take the state as its ctime */
typedef struct product {
    ctime ct;
    char title[256], prod[160];
} product;

static ca_status setup(panels *p, const scene_times *in, const ca_scene_options *opt,
                       panel_text *text, void **state, ca_error *err)
{
    product *pr = calloc(1, sizeof *pr);
    *state = pr;
    if (!pr)
        return ca_fail(err, CA_ENOMEM, "out of memory for the scene");
    ctime *ct = &pr->ct;
    ca_status s = ctime_init(ct, p, in, opt, err);
    if (s != CA_OK)
        return s;
    panels_range(ct->xext, 2, ct->hext, 2, &p->ylo[CA_PANEL_TOP], &p->yhi[CA_PANEL_TOP]);
    /* the product's extremes are among those of the factors' extremes */
    double ends[2] = { 0, 0 };
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++) {
            ends[0] = fmin(ends[0], ct->xext[a] * ct->hext[b]);
            ends[1] = fmax(ends[1], ct->xext[a] * ct->hext[b]);
        }
    panels_range(ends, 2, NULL, 0, &p->ylo[CA_PANEL_MIDDLE], &p->yhi[CA_PANEL_MIDDLE]);
    panels_range(ct->yext, 2, NULL, 0, &p->ylo[CA_PANEL_OUT], &p->yhi[CA_PANEL_OUT]);
    snprintf(pr->title, sizeof pr->title, "Convolution of %s and %s", ct->name[0],
             ct->name[1]);
    snprintf(pr->prod, sizeof pr->prod, "%s\u00b7%s", ct->name[0], ct->name[1]);
    text->title = opt->title ? opt->title : pr->title;
    text->xlabel = opt->xlabel ? opt->xlabel : "$\\tau$, $t$ (s)";
    text->label[0] = ct->label[0];
    text->label_colour[0] = CA_SCENE_F;
    text->label2[0] = ct->label[1];
    text->label2_colour[0] = CA_SCENE_G;
    text->label[1] = pr->prod;
    text->label_colour[1] = CA_SCENE_PROD;
    text->label[2] = ct->label[2];
    text->label_colour[2] = CA_SCENE_OUT;
    text->caption = true;
    text->seconds = true;
    return CA_OK;
}

static void background(panels *p, void *state)
{
    product *pr = state;
    ca_axes top = panels_axes(p, &p->background, CA_PANEL_TOP);
    ctime_x(&pr->ct, p, &top);
}

static ca_status draw(panels *p, void *state, size_t frame, const ca_canvas *c, ca_error *err)
{
    product *pr = state;
    ctime *ct = &pr->ct;
    double t = ctime_t(ct, frame);
    ca_axes top = panels_axes(p, c, CA_PANEL_TOP), mid = panels_axes(p, c, CA_PANEL_MIDDLE);
    ca_axes out = panels_axes(p, c, CA_PANEL_OUT);
    ca_status s;
    ctime_marker(p, &top, t);
    if ((s = ctime_h(ct, p, &top, t, err)) != CA_OK ||
        (s = ctime_area(ct, p, &mid, t, false, CA_SCENE_PROD, err)) != CA_OK)
        return s;
    ctime_marker(p, &out, t);
    ctime_output(ct, p, &out, frame);

    char area[80], value[48];
    ca_plot_number(ct->y[frame], value, sizeof value);
    snprintf(area, sizeof area, "area = %s", value);
    ca_rect r = p->panel[CA_PANEL_MIDDLE];
    double pad = panels_px(p, PANELS_PAD_PX);
    if ((s = panels_text(p, c, r.x1, r.y0 - pad * 0.3, area, PANELS_TICK_PX,
                         CA_TEXT_RIGHT | CA_TEXT_BOTTOM, CA_SCENE_PROD, err)) != CA_OK)
        return s;
    return ctime_draw_caption(ct, p, frame, c, err);
}

const scene_layout scene_ctime_product = {
    .name = "product",
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

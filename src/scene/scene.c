#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "scene/layout.h"
#include "base/testhooks.h"
#include "base/util.h"

/* The scene: what every layout shares (panels.h), built here, and the
 * layout that draws in it, called through its table entry (layout.h). */

struct ca_scene {
    const scene_layout *layout;
    void *state;                 /* the layout's own */
    panels p;
    panel_text text;             /* what panels_build placed: the title, the labels */
};

/* The curves' colours are from Okabe and Ito's colour-blind-safe set. */
static const ca_rgb themes[][CA_SCENE_ALL_COLOURS] = {
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
        [CA_SCENE_AREA_POS] = { 246, 212, 230 },  /* reddish purple, pale */
        [CA_SCENE_AREA_NEG] = { 204, 226, 242 },  /* blue, pale */
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
        [CA_SCENE_AREA_POS] = { 88, 50, 74 },
        [CA_SCENE_AREA_NEG] = { 34, 64, 88 },
    },
};

/* The names, in the order of their enums (styles from CA_STYLE_AUTO). */
static const char *const theme_names[] = { "light", "dark" };
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

ca_status ca_scene_check_font_scale(double scale, ca_error *err)
{
    if (scale == 0 || (scale >= CA_SCENE_MIN_FONT_SCALE && scale <= CA_SCENE_MAX_FONT_SCALE))
        return CA_OK;
    return ca_fail(err, CA_EINPUT, "font scale %g is outside %g to %g", scale,
                   CA_SCENE_MIN_FONT_SCALE, CA_SCENE_MAX_FONT_SCALE);
}

void ca_scene_free(ca_scene *sc)
{
    if (!sc)
        return;
    if (sc->layout && sc->layout->free)
        sc->layout->free(sc->state);
    panels_free(&sc->p);
    free(sc);
}

size_t ca_scene_frames(const ca_scene *sc)
{
    return sc->p.intro + sc->p.steps;
}

size_t ca_scene_intro(const ca_scene *sc)
{
    return sc->p.intro;
}

const ca_palette *ca_scene_palette(const ca_scene *sc)
{
    return &sc->p.pal;
}

/* Whether the signal drawn in colour id is drawn as stems. */
static bool stems_of(const panels *p, int id)
{
    switch (id) {
    case CA_SCENE_F: return p->stems_f;
    case CA_SCENE_G: return p->stems_g;
    case CA_SCENE_PROD: return p->stems_prod;
    case CA_SCENE_OUT: return p->stems_out;
    default: return false;
    }
}

int ca_scene_panel_count(const ca_scene *sc)
{
    return panels_count(&sc->text);
}

ca_scene_panel ca_scene_panel_of(const ca_scene *sc, int p)
{
    return (ca_scene_panel){ sc->p.panel[p], sc->p.x0, sc->p.x1, sc->p.ylo[p], sc->p.yhi[p],
                             sc->text.label[p], sc->text.label2[p],
                             stems_of(&sc->p, sc->layout->shows[p]) };
}

const char *ca_scene_title(const ca_scene *sc)
{
    return sc->text.title;
}

double ca_scene_value(const ca_scene *sc, size_t frame)
{
    if (frame < sc->p.intro || frame >= ca_scene_frames(sc))
        return NAN;
    return sc->p.frame_y ? sc->p.frame_y[frame]
                         : ca_stepper_output(sc->p.st)[frame - sc->p.intro];
}

uint32_t ca_scene_missing_char(const ca_scene *sc)
{
    return ca_font_missing(sc->p.font);
}

size_t scene_text_boxes(const ca_scene *sc, const ca_rect **boxes)
{
    *boxes = sc->p.text_box;
    return sc->p.ntext;
}

double ca_scene_x_of(const ca_scene *sc, size_t n)
{
    return panels_x_of(&sc->p, n);
}

double ca_scene_time(const ca_scene *sc, size_t frame)
{
    return sc->layout->time && frame < ca_scene_frames(sc) ? sc->layout->time(sc->state, frame)
                                                            : NAN;
}

void ca_scene_caption(ca_scene *sc, size_t frame, char *buf, size_t size)
{
    if (sc->layout->caption && frame < ca_scene_frames(sc))
        sc->layout->caption(&sc->p, sc->state, frame, buf, size);
    else if (size)
        buf[0] = '\0';
}

/* The theme's colours the layout uses, then the ramps it asks for. */
static ca_status build_palette(ca_palette *pal, const scene_layout *layout, ca_theme theme,
                               ca_error *err)
{
    ca_palette_init(pal, themes[theme][CA_SCENE_BG]);
    for (int c = 1; c < layout->colours; c++) {
        ca_status s = ca_palette_add_colour(pal, themes[theme][c], NULL, err);
        if (s != CA_OK)
            return s;
    }
    for (size_t i = 0; i < layout->nramps; i++) {
        ca_status s = ca_palette_add_ramp(pal, layout->ramps[i][0], layout->ramps[i][1], err);
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

static bool stems_for(const scene_layout *layout, ca_style style, size_t n)
{
    if (style == CA_STYLE_DEFAULT)
        style = layout->style;
    return style == CA_STYLE_STEM || (style == CA_STYLE_AUTO && n <= CA_STYLE_AUTO_STEMS);
}

/* What panels need in discrete and continuous time alike: the size, the
 * palette, the font. */
static ca_status init_frame(panels *p, const scene_layout *layout, const ca_scene_options *opt,
                            ca_error *err)
{
    p->width = opt->width;
    p->height = opt->height;
    p->scale = fmin(opt->width / PANELS_REF_W, opt->height / PANELS_REF_H);
    p->font_scale = opt->font_scale == 0 ? 1 : opt->font_scale;
    ca_status s = build_palette(&p->pal, layout, opt->theme, err);
    return s == CA_OK ? ca_font_open(opt->font, &p->font, err) : s;
}

/* Everything but the layout's own ranges and pictures. */
static ca_status init_panels(panels *p, const scene_layout *layout, const double *f, size_t nf,
                             const double *g, size_t ng, ca_conv_mode mode, bool correlate,
                             const ca_scene_options *opt, ca_error *err)
{
    p->nf = nf;
    p->ng = ng;
    p->correlate = correlate;
    p->full = ca_conv_length(nf, ng, CA_CONV_FULL);
    p->offset = ca_conv_offset(nf, ng, mode, correlate);
    p->stems_f = stems_for(layout, opt->style, nf);
    p->stems_g = stems_for(layout, opt->style, ng);
    p->stems_prod = stems_for(layout, opt->style, nf < ng ? nf : ng);
    /* the longest polyline: the full output; or an outline around n samples */
    size_t most = (p->full > nf ? p->full : nf) + 2;
    p->f = dup_samples(f, nf);
    p->g = dup_samples(g, ng);
    p->xy = malloc(2 * most * sizeof *p->xy);
    if (!p->f || !p->g || !p->xy)
        return ca_fail(err, CA_ENOMEM, "out of memory for the scene");
    ca_status s;
    if ((s = ca_stepper_new(f, nf, g, ng, mode, correlate, &p->st, err)) != CA_OK ||
        (s = init_frame(p, layout, opt, err)) != CA_OK)
        return s;
    p->steps = ca_stepper_length(p->st);
    p->stems_out = stems_for(layout, opt->style, p->steps);
    return CA_OK;
}

ca_status ca_scene_new(const double *f, size_t nf, const double *g, size_t ng,
                       ca_conv_mode mode, bool correlate, const ca_scene_options *opt,
                       ca_scene **out, ca_error *err)
{
    *out = NULL;
    ca_status s = ca_scene_check_size(opt->width, opt->height, err);
    if (s == CA_OK)
        s = ca_scene_check_font_scale(opt->font_scale, err);
    if (s != CA_OK)
        return s;
    const scene_layout *layout = scene_layout_of(opt->layout);
    if (opt->intro && !layout->intro)
        return ca_fail(err, CA_EINPUT, "the intro shows g flipping on the product layout's k "
                                       "axis: use it with the product layout");
    ca_scene *sc = calloc(1, sizeof *sc);
    if (!sc)
        return ca_fail(err, CA_ENOMEM, "out of memory for the scene");
    sc->layout = layout;
    panel_text text = { 0 };
    if ((s = init_panels(&sc->p, layout, f, nf, g, ng, mode, correlate, opt, err)) != CA_OK ||
        (s = layout->setup(&sc->p, opt, &text, &sc->state, err)) != CA_OK ||
        (s = panels_build(&sc->p, &text, err)) != CA_OK) {
        ca_scene_free(sc);
        return s;
    }
    sc->text = text;
    layout->background(&sc->p, sc->state);
    *out = sc;
    return CA_OK;
}

ca_status ca_scene_new_continuous(const ca_csignal *x, const ca_csignal *h, size_t frames,
                                  const ca_scene_options *opt, ca_scene **out, ca_error *err)
{
    *out = NULL;
    ca_status s = ca_scene_check_size(opt->width, opt->height, err);
    if (s == CA_OK)
        s = ca_scene_check_font_scale(opt->font_scale, err);
    if (s != CA_OK)
        return s;
    if (frames < 2)
        return ca_fail(err, CA_EINPUT, "%zu frames: continuous time needs at least two, one at "
                       "each end of the output's support", frames);
    if (opt->intro)
        return ca_fail(err, CA_EINPUT, "the intro flips a discrete g about k = 0; continuous "
                                       "time has none");
    ca_scene *sc = calloc(1, sizeof *sc);
    if (!sc)
        return ca_fail(err, CA_ENOMEM, "out of memory for the scene");
    sc->layout = scene_continuous_layout_of(opt->layout);
    sc->p.steps = frames;
    scene_times in = { x, h, frames };
    panel_text text = { 0 };
    if ((s = init_frame(&sc->p, sc->layout, opt, err)) != CA_OK ||
        (s = sc->layout->setup_continuous(&sc->p, &in, opt, &text, &sc->state, err)) != CA_OK ||
        (s = panels_build(&sc->p, &text, err)) != CA_OK) {
        ca_scene_free(sc);
        return s;
    }
    sc->text = text;
    sc->layout->background(&sc->p, sc->state);
    *out = sc;
    return CA_OK;
}

/* Restores r of frame from the background. */
static void restore(const ca_scene *sc, const ca_canvas *frame, ca_rect r)
{
    ca_canvas dst = ca_canvas_sub(frame, r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0);
    ca_canvas src = ca_canvas_sub(&sc->p.background, r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0);
    ca_canvas_copy(&dst, &src);
}

ca_status ca_scene_draw(ca_scene *sc, size_t i, const ca_canvas *frame, ca_rect *dirty,
                        ca_error *err)
{
    if (i >= ca_scene_frames(sc))
        return ca_fail(err, CA_EINPUT, "frame %zu of an animation of %zu frames", i,
                       ca_scene_frames(sc));
    if (frame->width != sc->p.width || frame->height != sc->p.height ||
        frame->pal != &sc->p.pal || frame->x0 != 0 || frame->y0 != 0)
        return ca_fail(err, CA_EINPUT, "frame canvas is not %dx%d with the scene's palette",
                       sc->p.width, sc->p.height);
    restore(sc, frame, *dirty);
    /* draw through a view that records what it covers */
    ca_rect drawn = { 0, 0, 0, 0 };
    ca_canvas c = *frame;
    c.damage = &drawn;
    sc->p.ntext = sc->p.ntext_background;
    ca_status s = sc->layout->draw(&sc->p, sc->state, i, &c, err);
    *dirty = drawn;
    return s;
}

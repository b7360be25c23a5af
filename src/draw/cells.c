#include <math.h>
#include <string.h>

#include "draw/cells.h"
#include "convanim/plot.h"
#include "base/util.h"

enum { LEVELS = CA_PALETTE_LEVELS, BONE_FIRST = BONE_COLOURS + 5 * (LEVELS - 1) };

/* The palette's bone levels: its entries after the colours and ramps. */
static int levels_of(const ca_palette *pal)
{
    return pal->count - BONE_FIRST;
}

/* Smaller text than this is not worth writing into a cell. */
#define BONE_MIN_TEXT_PX 8.0

/* Light and dark, as the 1D scenes' themes: the same background, ink and
 * accent (the 1D g's colour). */
static const ca_rgb colours[2][BONE_COLOURS] = {
    {
        [BONE_BG] = { 255, 255, 255 },
        [BONE_INK] = { 34, 34, 34 },
        [BONE_ACCENT] = { 213, 94, 0 },       /* Okabe and Ito's vermillion */
        [BONE_EMPTY] = { 236, 236, 236 },
    },
    {
        [BONE_BG] = { 22, 24, 29 },
        [BONE_INK] = { 226, 226, 226 },
        [BONE_ACCENT] = { 230, 159, 0 },      /* Okabe and Ito's orange */
        [BONE_EMPTY] = { 54, 57, 66 },
    },
};

/* Which of the background and the ink is the lighter: text on the two
 * dark anchors is in it, on the two light ones in the other. */
static int light_text(const ca_palette *pal)
{
    ca_rgb bg = pal->rgb[pal->solid[BONE_BG]], ink = pal->rgb[pal->solid[BONE_INK]];
    return bg.r + bg.g + bg.b > ink.r + ink.g + ink.b ? BONE_BG : BONE_INK;
}

/* matplotlib's _bone_data: piecewise linear in each channel. */
static double channel(const double (*pts)[2], int n, double t)
{
    for (int i = 1; i < n; i++)
        if (t <= pts[i][0])
            return pts[i - 1][1] + (t - pts[i - 1][0]) / (pts[i][0] - pts[i - 1][0]) *
                                   (pts[i][1] - pts[i - 1][1]);
    return pts[n - 1][1];
}

ca_rgb bone_rgb(double t)
{
    static const double red[][2] = { { 0, 0 }, { 0.746032, 0.652778 }, { 1, 1 } };
    static const double green[][2] = { { 0, 0 }, { 0.365079, 0.319444 },
                                       { 0.746032, 0.777778 }, { 1, 1 } };
    static const double blue[][2] = { { 0, 0 }, { 0.365079, 0.444444 }, { 1, 1 } };
    return (ca_rgb){ (uint8_t)lround(255 * channel(red, 3, t)),
                     (uint8_t)lround(255 * channel(green, 4, t)),
                     (uint8_t)lround(255 * channel(blue, 3, t)) };
}

static int level_of(int levels, double t)
{
    return (int)lround((t > 0 ? (t < 1 ? t : 1) : 0) * (levels - 1));
}

static int anchor_of(int levels, int level)
{
    return level * BONE_ANCHORS / levels;
}

ca_status bone_palette(ca_palette *pal, bool dark, ca_error *err)
{
    return bone_palette_levels(pal, BONE_LEVELS, dark, err);
}

ca_status bone_palette_levels(ca_palette *pal, int levels, bool dark, ca_error *err)
{
    ca_palette_init(pal, colours[dark][BONE_BG]);
    for (int c = 1; c < BONE_COLOURS; c++) {
        ca_rgb rgb = colours[dark][c];
        if (c >= BONE_ANCHOR0 && c < BONE_ANCHOR0 + BONE_ANCHORS)
            rgb = bone_rgb((2.0 * (c - BONE_ANCHOR0) + 1) / (2 * BONE_ANCHORS));
        ca_status s = ca_palette_add_colour(pal, rgb, NULL, err);
        if (s != CA_OK)
            return s;
    }
    int light = light_text(pal), other = light == BONE_BG ? BONE_INK : BONE_BG;
    const int ramps[][2] = {
        { BONE_INK, BONE_BG },
        { light, BONE_ANCHOR0 }, { light, BONE_ANCHOR0 + 1 },
        { other, BONE_ANCHOR0 + 2 }, { other, BONE_ANCHOR0 + 3 },
    };
    for (size_t i = 0; i < sizeof ramps / sizeof ramps[0]; i++) {
        ca_status s = ca_palette_add_ramp(pal, ramps[i][0], ramps[i][1], err);
        if (s != CA_OK)
            return s;
    }
    if (levels < 2 || pal->count != BONE_FIRST || BONE_FIRST + levels > CA_PALETTE_MAX_USED)
        return ca_fail(err, CA_ELIMIT, "palette: no room for %d bone levels", levels);
    for (int i = 0; i < levels; i++) {
        int index = pal->count++, anchor = BONE_ANCHOR0 + anchor_of(levels, i);
        pal->rgb[index] = bone_rgb((double)i / (levels - 1));
        pal->top[index] = pal->under[index] = (uint8_t)anchor;
        pal->level[index] = LEVELS;
    }
    return CA_OK;
}

uint8_t bone_index(const ca_palette *pal, double t)
{
    return (uint8_t)(BONE_FIRST + level_of(levels_of(pal), t));
}

ca_status bone_image(const ca_canvas *c, const ca_image *img, const ca_tone *tone,
                     ca_error *err)
{
    ca_image scaled;
    if (c->width < 1 || c->height < 1)
        return CA_OK;
    ca_status s = ca_image_resize(img, c->width, c->height, &scaled, err);
    if (s != CA_OK)
        return s;
    for (int y = 0; y < c->height; y++)
        for (int x = 0; x < c->width; x++)
            c->pixels[y * c->stride + x] =
                bone_index(c->pal, ca_tone_apply(tone, scaled.v[(size_t)y * c->width + x]));
    ca_image_free(&scaled);
    return CA_OK;
}

ca_status bone_cell(const ca_canvas *c, int x0, int y0, int x1, int y1, double t,
                    ca_font *font, const char *text, double size_px, ca_error *err)
{
    ca_canvas cell = ca_canvas_sub(c, x0, y0, x1 - x0, y1 - y0);
    if (cell.width < 1 || cell.height < 1)
        return CA_OK;
    uint8_t index = bone_index(c->pal, t);
    for (int y = 0; y < cell.height; y++)
        memset(cell.pixels + y * cell.stride, index, (size_t)cell.width);
    if (!font || !text || size_px <= 0)
        return CA_OK;
    int levels = levels_of(c->pal), light = light_text(c->pal);
    int ink = anchor_of(levels, level_of(levels, t)) < BONE_ANCHORS / 2
              ? light : (light == BONE_BG ? BONE_INK : BONE_BG);
    return ca_text_draw(font, &cell, cell.width / 2.0, cell.height / 2.0, text, size_px,
                        CA_TEXT_CENTRE | CA_TEXT_MIDDLE, ink, err);
}

ca_status bone_value_size(ca_font *font, const ca_image *m, double width, double max_px,
                          double *size_px, ca_error *err)
{
    double widest = 0;
    /* cells too small for any legible text show their colours alone */
    *size_px = 0;
    if (max_px < BONE_MIN_TEXT_PX)
        return CA_OK;
    for (size_t i = 0; i < (size_t)m->width * (size_t)m->height; i++) {
        char buf[32];
        ca_text_metrics tm;
        ca_plot_number(m->v[i], buf, sizeof buf);
        ca_status s = ca_text_measure(font, buf, max_px, &tm, err);
        if (s != CA_OK)
            return s;
        widest = fmax(widest, tm.width);
    }
    /* text width grows with its size, so one measure at max_px scales */
    double size = widest > 0 ? fmin(max_px, max_px * 0.85 * width / widest) : max_px;
    *size_px = size >= BONE_MIN_TEXT_PX ? size : 0;
    return CA_OK;
}

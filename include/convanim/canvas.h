#ifndef CONVANIM_CANVAS_H
#define CONVANIM_CANVAS_H

#ifdef __cplusplus
extern "C" {
#endif

/* A software rasterizer on indexed pixels.
 *
 * Every pixel is an index into a fixed palette. The palette knows, for each
 * index, which solid colour ("top") covers which other solid colour ("under")
 * and by how much ("level", 0..CA_PALETTE_LEVELS). Anti-aliasing therefore
 * needs no per-frame quantisation: drawing colour c with coverage a over a
 * pixel picks the palette entry of the ramp "c over what is there" whose level
 * is nearest to the composited coverage. Same palette, same drawing calls,
 * same bytes, on every machine.
 *
 * A canvas is a plain view {pixels, width, height, stride}: ca_canvas_sub()
 * returns a smaller canvas on the same pixels, and every primitive clips to
 * the canvas it is given. Coordinates are in pixels of that canvas; for the
 * anti-aliased primitives, pixel (i, j) covers [i, i+1) x [j, j+1), so its
 * centre is (i + 0.5, j + 0.5). */

#include <stddef.h>
#include <stdint.h>

#include "convanim/error.h"

enum {
    CA_PALETTE_SIZE = 256,
    CA_PALETTE_MAX_COLOURS = 16,
    /* A ramp from one solid colour to another has LEVELS - 1 entries in
     * between; level 0 is the under colour, LEVELS the top colour. */
    CA_PALETTE_LEVELS = 16,
    /* The builder stops at 255 entries: the GIF writer needs a free index
     * for its transparent pixels. */
    CA_PALETTE_MAX_USED = CA_PALETTE_SIZE - 1
};

typedef struct ca_rgb {
    uint8_t r, g, b;
} ca_rgb;

/* Index i shows colour top[i] at level[i] / LEVELS over colour under[i]. A
 * solid colour s is top = under = s, level = LEVELS; a ramp entry has
 * top != under and level 1..LEVELS-1. Colours are numbered by id (0 for the
 * background, then in the order they were added); the drawing calls take
 * ids, the pixels hold palette indices (solid[id] for a solid colour). */
typedef struct ca_palette {
    ca_rgb rgb[CA_PALETTE_SIZE];
    int count;                                  /* entries in use */
    int ncolours;                               /* solid colours; colour 0 is the background */
    uint8_t solid[CA_PALETTE_MAX_COLOURS];      /* palette index of each solid colour */
    /* first palette index of the ramp "colour fg over colour under", or -1 */
    int16_t ramp[CA_PALETTE_MAX_COLOURS][CA_PALETTE_MAX_COLOURS];
    uint8_t top[CA_PALETTE_SIZE];               /* per index: colour on top */
    uint8_t under[CA_PALETTE_SIZE];             /* per index: colour beneath */
    uint8_t level[CA_PALETTE_SIZE];             /* per index: coverage of top, 0..LEVELS */
} ca_palette;

/* Starts a palette whose colour 0 (index 0) is the background. */
void ca_palette_init(ca_palette *pal, ca_rgb background);

/* Adds a solid colour and stores its colour id in *id (may be NULL).
 * CA_ELIMIT past CA_PALETTE_MAX_COLOURS colours or CA_PALETTE_MAX_USED entries. */
ca_status ca_palette_add_colour(ca_palette *pal, ca_rgb rgb, int *id, ca_error *err);

/* Adds the LEVELS - 1 blends of colour fg over colour under, interpolated in
 * sRGB as matplotlib's Agg does. Without a ramp, drawing fg over under is not
 * anti-aliased (coverage >= 1/2 paints fg). Adding a ramp again is a no-op;
 * CA_EINPUT for unknown or equal colours, CA_ELIMIT past CA_PALETTE_MAX_USED
 * entries. */
ca_status ca_palette_add_ramp(ca_palette *pal, int fg, int under, ca_error *err);

/* Half-open pixel rectangle [x0, x1) x [y0, y1); empty when x0 >= x1 or y0 >= y1. */
typedef struct ca_rect {
    int x0, y0, x1, y1;
} ca_rect;

void ca_rect_union(ca_rect *r, ca_rect add);   /* grows r to hold add; empty add is a no-op */

typedef struct ca_canvas {
    uint8_t *pixels;
    int width, height;
    ptrdiff_t stride;           /* bytes from one row to the next */
    int x0, y0;                 /* where this view sits in the canvas it was cut from */
    const ca_palette *pal;
    /* When not NULL, every primitive grows *damage by the rectangle it may
     * have changed, in the coordinates of the outermost canvas. */
    ca_rect *damage;
} ca_canvas;

/* Allocates width x height pixels, all palette index `fill`, with no damage
 * rectangle. Free with ca_canvas_free. The drawing calls need a palette. */
ca_status ca_canvas_new(int width, int height, const ca_palette *pal, uint8_t fill,
                        ca_canvas *out, ca_error *err);
void ca_canvas_free(ca_canvas *c);            /* frees pixels of a canvas from _new; NULL ok */

/* A view on the part of c at (x, y), clipped to c; it shares c's pixels,
 * palette and damage rectangle. Never free a view. */
ca_canvas ca_canvas_sub(const ca_canvas *c, int x, int y, int width, int height);

void ca_canvas_fill(const ca_canvas *c, int colour);
/* Copies the pixels of the common size; dst and src must not overlap. */
void ca_canvas_copy(const ca_canvas *dst, const ca_canvas *src);

/* Every drawing call clips to the canvas, draws nothing for a colour id the
 * palette does not have or a non-finite coordinate, and grows the damage
 * rectangle by the clipped area it may have touched. */

/* Crisp primitives on whole pixels, no anti-aliasing. fill_rect fills
 * [x0, x1) x [y0, y1); the lines include both ends, given in either order. */
void ca_canvas_fill_rect(const ca_canvas *c, int x0, int y0, int x1, int y1, int colour);
void ca_canvas_hline(const ca_canvas *c, int x0, int x1, int y, int colour);   /* [x0, x1] */
void ca_canvas_vline(const ca_canvas *c, int x, int y0, int y1, int colour);   /* [y0, y1] */

/* Anti-aliased primitives. A pixel's coverage a in [0, 1] picks the ramp
 * entry of the nearest level; where the pixel already shows the colour, the
 * larger coverage wins (no "over": overlapping strokes do not darken).
 * Lines have round caps and the same thickness at every slope: coverage is
 * clamp(width/2 + 0.5 - d, 0, 1) for a pixel centre at distance d from the
 * segment. A polyline is the union of its segments, so joins have neither
 * gaps nor darker blobs; a segment with a non-finite end is left out. */
void ca_canvas_line(const ca_canvas *c, double x0, double y0, double x1, double y1,
                    double width, int colour);
void ca_canvas_polyline(const ca_canvas *c, const double *xy, size_t npoints,
                        double width, int colour);
/* Fills a simple or self-intersecting polygon (non-zero winding) with exact
 * area coverage at the edges. Needs no allocation: it works in tiles. */
void ca_canvas_fill_polygon(const ca_canvas *c, const double *xy, size_t npoints, int colour);
/* A disc: coverage clamp(r + 0.5 - d, 0, 1) at distance d from the centre. */
void ca_canvas_fill_circle(const ca_canvas *c, double cx, double cy, double r, int colour);

/* Paints colour through an 8-bit coverage mask (255 = fully covered) whose
 * top-left pixel lands on (x, y): this is how glyphs reach the canvas. */
void ca_canvas_mask(const ca_canvas *c, int x, int y, const uint8_t *alpha,
                    int width, int height, ptrdiff_t stride, int colour);

#ifdef __cplusplus
}
#endif

#endif

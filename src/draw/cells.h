#ifndef CONVANIM_CELLS_H
#define CONVANIM_CELLS_H

/* What the 2D pictures share: one palette with matplotlib's bone colormap
 * in BONE_LEVELS entries (or fewer), and drawing a matrix as an image or as cells
 * with their values written in. Internal, not public. */

#include <stdbool.h>

#include "convanim/canvas.h"
#include "convanim/image.h"
#include "convanim/text.h"

/* Colour ids. The anchors are four solid bone colours: every bone entry
 * counts as its nearest anchor, so text drawn on a cell blends into the
 * anchor's ramp, a colour close to the cell's own. */
enum {
    BONE_BG, BONE_INK, BONE_ANCHOR0, BONE_ANCHORS = 4,
    BONE_ACCENT = BONE_ANCHOR0 + BONE_ANCHORS,  /* the kernel window, the current cell */
    BONE_EMPTY,                                 /* cells not computed yet, zero padding */
    BONE_COLOURS
};

/* 128 levels: a step of 1/127 is below what the eye tells apart in a
 * gray-blue ramp, and the palette keeps room for the text ramps. */
enum { BONE_LEVELS = 128 };

/* Builds the palette, on a dark background when dark: colours, ramps,
 * then the levels. */
ca_status bone_palette(ca_palette *pal, bool dark, ca_error *err);

/* The same with `levels` bone levels (2 to what the palette has room for):
 * fewer colours, for pictures of cells rather than images, make a smaller
 * GIF. */
ca_status bone_palette_levels(ca_palette *pal, int levels, bool dark, ca_error *err);

/* The palette index of bone(t), t in [0, 1], in pal, made by either of
 * the above. */
uint8_t bone_index(const ca_palette *pal, double t);

/* matplotlib's bone colormap at t in [0, 1], rounded to 8 bits. */
ca_rgb bone_rgb(double t);

/* Draws img over the whole of c, resampled with ca_image_resize and mapped
 * through tone. */
ca_status bone_image(const ca_canvas *c, const ca_image *img, const ca_tone *tone,
                     ca_error *err);

/* Fills [x0, x1) x [y0, y1) of c with bone(t) and, when font is not NULL,
 * writes text in its middle in the background's colour or the ink,
 * whichever stands out, at
 * size_px. */
ca_status bone_cell(const ca_canvas *c, int x0, int y0, int x1, int y1, double t,
                    ca_font *font, const char *text, double size_px, ca_error *err);

/* The largest text size, at most max_px, at which every value of m (as
 * ca_plot_number writes it) fits in a cell width px wide; 0 when that
 * would be below a legible size. */
ca_status bone_value_size(ca_font *font, const ca_image *m, double width, double max_px,
                          double *size_px, ca_error *err);

#endif

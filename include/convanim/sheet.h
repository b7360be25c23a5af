#ifndef CONVANIM_SHEET_H
#define CONVANIM_SHEET_H

/* A contact sheet for handouts: a few evenly spaced frames of an
 * animation side by side in a grid, each above a line that says which
 * step it shows, as one indexed PNG on a sink.
 *
 * The cells are the frames themselves, pixel for pixel in the animation's
 * palette (no scaling: a sheet is printed, and a 960x640 frame across
 * half an A4 page is about 270 dpi). The default of 8 cells in 2 columns
 * and 4 rows fills a portrait page. Frame c of n cells is frame
 * round(c * (frames - 1) / (n - 1)): the first and the last always, the
 * others evenly between. The sheet is a frame writer: it keeps the frames
 * it needs as they pass and writes the PNG at finish. */

#include <stddef.h>

#include "convanim/anim.h"
#include "convanim/canvas.h"
#include "convanim/error.h"
#include "convanim/sink.h"
#include "convanim/text.h"
#include "convanim/writer.h"

#ifdef __cplusplus
extern "C" {
#endif

enum { CA_SHEET_DEFAULT_CELLS = 8, CA_SHEET_MAX_CELLS = 48 };

/* Where everything goes on a sheet of cells frames of width x height. */
typedef struct ca_sheet_layout {
    int width, height;          /* the sheet's */
    size_t cells;               /* at most the animation's frames */
    int columns, rows;
    int gap;                    /* background between and around the cells */
    int label;                  /* the height of the line under each frame */
    double text_px;             /* the labels' size */
} ca_sheet_layout;

/* The layout of a sheet of `cells` frames (fewer when the animation has
 * fewer) of width x height out of `frames`. CA_EINPUT for cells outside
 * 1..CA_SHEET_MAX_CELLS or no frames; CA_ELIMIT for a sheet of more than
 * CA_SHEET_MAX_PIXELS pixels. */
#define CA_SHEET_MAX_PIXELS (64.0 * 1024 * 1024)
ca_status ca_sheet_layout_of(int width, int height, size_t frames, size_t cells,
                             ca_sheet_layout *out, ca_error *err);

/* The frame cell c (< l->cells) shows, of frames, and where its top-left
 * corner lies on the sheet. */
size_t ca_sheet_frame(const ca_sheet_layout *l, size_t frames, size_t c);
void ca_sheet_cell_origin(const ca_sheet_layout *l, size_t c, int *x, int *y);

typedef struct ca_sheet ca_sheet;

/* Starts a sheet of `cells` frames of the animation whose timeline is t
 * (its frames width x height in pal, a scene's palette: the labels are
 * drawn in CA_SCENE_INK and a hairline around each frame in
 * CA_SCENE_GRID, over CA_SCENE_BG), the labels set in font (only during
 * this call). The bytes go to *sink at finish (the
 * sink is copied). Fails as ca_sheet_layout_of and ca_text_draw do;
 * CA_ENOMEM. */
ca_status ca_sheet_open(const ca_sink *sink, int width, int height, const ca_palette *pal,
                        const ca_timeline *t, size_t cells, ca_font *font, ca_sheet **out,
                        ca_error *err);

/* s as a frame writer: add keeps the frames the cells show (`changed` is
 * not needed); finish, once every frame of the timeline was added, writes
 * the PNG to the sink and frees s; abort frees s. */
ca_frame_writer ca_sheet_writer(ca_sheet *s);

#ifdef __cplusplus
}
#endif

#endif

#ifndef CONVANIM_FIGURE_H
#define CONVANIM_FIGURE_H

#ifdef __cplusplus
extern "C" {
#endif

/* The notebook's visualize_conv2d: one picture with three panels side by
 * side, "Original Image", "Filter" and "Filtered Image", in widths 4:1:4,
 * drawn with matplotlib's bone colormap. The images keep their aspect; the
 * filter shows its cells with each value written in. */

#include "convanim/canvas.h"
#include "convanim/error.h"
#include "convanim/image.h"
#include "convanim/sink.h"

enum { CA_FIGURE_ORIGINAL, CA_FIGURE_FILTER, CA_FIGURE_FILTERED, CA_FIGURE_PANELS };

/* The figure's width; its height follows the images' aspect. */
enum { CA_FIGURE_WIDTH = 1500 };

typedef struct ca_figure_layout {
    int width, height;
    ca_rect slot[CA_FIGURE_PANELS];     /* the 4:1:4 columns under the titles */
    ca_rect panel[CA_FIGURE_PANELS];    /* where each picture is drawn, inside its slot */
    int title_y;                        /* the titles' middle */
} ca_figure_layout;

/* Where everything goes for these sizes. */
void ca_figure_layout_of(const ca_image *original, const ca_image *kernel,
                         const ca_image *filtered, ca_figure_layout *out);

/* Draws the figure into a new canvas *out of layout's size (free with
 * ca_canvas_free) with the palette *pal, which must outlive it. The
 * original is shown as its values are ([0, 1], clipped), the kernel from
 * its smallest value (black) to its largest (white), as matplotlib's
 * imshow does, and the filtered image as `normalize` says. */
ca_status ca_figure_draw(const ca_image *original, const ca_image *kernel,
                         const ca_image *filtered, ca_normalize normalize, ca_palette *pal,
                         ca_canvas *out, ca_error *err);

/* Draws the figure and writes it to sink as a palette PNG. */
ca_status ca_figure_write_to(const ca_sink *sink, const ca_image *original,
                             const ca_image *kernel, const ca_image *filtered,
                             ca_normalize normalize, ca_error *err);

/* The same into a file at path, atomically. */
ca_status ca_figure_write(const char *path, const ca_image *original, const ca_image *kernel,
                          const ca_image *filtered, ca_normalize normalize, ca_error *err);

#ifdef __cplusplus
}
#endif

#endif

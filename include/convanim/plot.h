#ifndef CONVANIM_PLOT_H
#define CONVANIM_PLOT_H

#ifdef __cplusplus
extern "C" {
#endif

/* Plots on a canvas: data-to-pixel transforms, "nice" ticks labelled the way
 * matplotlib labels them, axes, and series drawn as lines or stems. */

#include <stdbool.h>
#include <stddef.h>

#include "convanim/canvas.h"
#include "convanim/error.h"

enum { CA_TICKS_MAX = 16 };

typedef struct ca_ticks {
    double v[CA_TICKS_MAX];   /* tick values inside the range, ascending */
    int n;
    int decimals;             /* digits after the point in every label */
    int exponent;             /* labels show v / 10^exponent; 0 for plain labels */
} ca_ticks;

/* Ticks at multiples of 1, 2, 2.5 or 5 x 10^k inside [lo, hi]: the smallest
 * such step that makes at most max_intervals intervals, as matplotlib's
 * MaxNLocator picks them. */
void ca_ticks_nice(double lo, double hi, int max_intervals, ca_ticks *t);

/* Tick i's label: the same number of decimals for every tick, U+2212 for
 * minus ("−0.5", "0.0", "2.5"), scaled by 10^-exponent. */
void ca_ticks_label(const ca_ticks *t, int i, char *buf, size_t size);

/* A value for a caption: four significant digits, U+2212 for minus. */
void ca_plot_number(double v, char *buf, size_t size);

/* The same to at most digits (1 to 17) significant digits: "%.*g", so no
 * trailing zeros (0.5, not 0.5000). */
void ca_plot_number_digits(double v, int digits, char *buf, size_t size);

/* The multiplier shown at the axis end when exponent != 0 ("1e−5"), else "". */
void ca_ticks_offset_label(const ca_ticks *t, char *buf, size_t size);

/* A view range for n values: their span plus a 5% margin each side, as
 * matplotlib's autoscale does; a constant signal gets a range around it. */
void ca_plot_range(const double *v, size_t n, double *lo, double *hi);

/* A data area: the canvas the data is drawn in and the limits it shows. */
typedef struct ca_axes {
    ca_canvas area;
    double x0, x1, y0, y1;
} ca_axes;

/* Data to canvas coordinates of ax->area (pixel centres at .5). */
double ca_axes_px(const ca_axes *ax, double x);
double ca_axes_py(const ca_axes *ax, double y);

/* The points of y[i] at x = x_start + i * x_step, in pixels of ax->area,
 * into xy (room for 2 * n doubles); returns how many. With simplify, the
 * samples that fall in one pixel column keep only the column's first,
 * lowest, highest and last (in their order), as matplotlib's path
 * simplification does: the line through them covers the same rows in every
 * column as the line through all, and costs O(columns) to draw. A column
 * holding at most two samples keeps both, so simplifying changes nothing
 * when no two samples are less than half a pixel apart. A non-finite
 * sample stays, alone in its column. */
size_t ca_plot_points(const ca_axes *ax, const double *y, size_t n, double x_start,
                      double x_step, bool simplify, double *xy);

/* Draws m points of xy (canvas pixels) as a joined anti-aliased line, one
 * point as a disc of the line's width. */
void ca_plot_line(const ca_canvas *c, const double *xy, size_t m, double width, int colour);

/* Draws a stem from row base to each of m points of xy, width wide, topped
 * by a disc of the given radius, as matplotlib's stem plot. */
void ca_plot_stem_tops(const ca_canvas *c, const double *xy, size_t m, double base,
                       double width, double radius, int colour);

/* What stems at m points of xy become when they stand well under a pixel
 * apart: the area between the points' line and row base, and the discs
 * merged into a band as wide as a disc along the line. xy needs room for
 * two more points. */
void ca_plot_stem_area(const ca_canvas *c, double *xy, size_t m, double base, double radius,
                       int colour);

/* Draws y[i] at x = x_start + i * x_step as a joined line (ca_plot_series)
 * or as stems from zero (ca_plot_stems). Only the samples that can show in
 * ax->area are drawn, simplified as ca_plot_points does when there are more
 * of them than the area has pixel columns, so a frame costs O(pixels),
 * however long the signal; stems then less than half a pixel apart are
 * drawn as ca_plot_stem_area draws them. xy is scratch space for 2 * (n + 2) doubles
 * (no allocation per frame); after the call it holds the points drawn. */
void ca_plot_series(const ca_axes *ax, const double *y, size_t n, double x_start,
                    double x_step, double width, int colour, double *xy);
void ca_plot_stems(const ca_axes *ax, const double *y, size_t n, double x_start, double x_step,
                   double width, double radius, int colour, double *xy);

#ifdef __cplusplus
}
#endif

#endif

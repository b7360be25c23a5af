#ifndef CONVANIM_PLOT_H
#define CONVANIM_PLOT_H

#ifdef __cplusplus
extern "C" {
#endif

/* Plots on a canvas: data-to-pixel transforms, "nice" ticks labelled the way
 * matplotlib labels them, axes, and series drawn as lines. */

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

/* Draws y[i] at x = x_start + i * x_step as a joined anti-aliased line.
 * xy is scratch space for 2 * n doubles (no allocation per frame). */
void ca_plot_series(const ca_axes *ax, const double *y, size_t n, double x_start,
                    double x_step, double width, int colour, double *xy);

/* Draws y[i] at x = x_start + i * x_step as a stem from zero, width wide,
 * topped by a disc of the given radius, as matplotlib's stem plot. */
void ca_plot_stems(const ca_axes *ax, const double *y, size_t n, double x_start, double x_step,
                   double width, double radius, int colour);

#ifdef __cplusplus
}
#endif

#endif

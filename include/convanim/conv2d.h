#ifndef CONVANIM_CONV2D_H
#define CONVANIM_CONV2D_H

#ifdef __cplusplus
extern "C" {
#endif

/* The 2D convolution engine, with the deep-learning arithmetic: zero
 * padding, stride, dilation and the transposed convolution.
 *
 * Along each axis an input of i cells meets a kernel of k cells dilated by
 * d, whose window spans e = d (k - 1) + 1 cells. With padding p0 zeros
 * before the input and p1 after it and a stride s the direct convolution
 * has
 *   o = floor((i + p0 + p1 - e) / s) + 1
 * cells, and output cell n sums kernel tap a (0 <= a < k) times padded
 * input cell n s + a d. With correlate the taps are the kernel as given:
 * exactly PyTorch's conv2d (p0 = p1 = p). Without it the kernel is
 * flipped, a true convolution: scipy.signal.convolve2d for stride 1 and
 * no dilation. The mode names are paddings: full p0 = p1 = e - 1, valid 0,
 * same the middle of full as scipy keeps it, so that o = ceil(i / s):
 * p0 = (e - 1) / 2 and p1 = e - 1 - p0 with correlate (correlate2d,
 * PyTorch's padding="same"), the two swapped without (convolve2d).
 *
 * The transposed convolution is the adjoint of the direct one with the same
 * settings (<conv(x), y> = <x, convT(y)>): PyTorch's conv_transpose2d with
 * correlate, with
 *   o = (i - 1) s - p0 - p1 + e + a
 * cells, a being the output padding (< max(s, d)), added after the last
 * cell. It is drawn as what it equals: a stride-1 convolution over the
 * input spread s cells apart, zeros between, with e - 1 - p0 zeros before
 * and e - 1 - p1 + a after; that spread, padded input is the axis's grid
 * below, for the direct convolution too (spread 1). */

#include <stdbool.h>

#include "convanim/conv.h"
#include "convanim/error.h"
#include "convanim/image.h"

/* The largest padding, stride, dilation or output padding taken: far
 * beyond a lecture's, small enough that no size computed overflows. */
enum { CA_CONV2D_MAX_PARAM = 1 << 20 };

typedef struct ca_conv2d_options {
    ca_conv_mode mode;      /* the padding by name, unless padded */
    bool padded;            /* py, px give the padding */
    int py, px;             /* zeros above and below, left and right */
    int sy, sx;             /* the stride */
    int dy, dx;             /* the dilation */
    int ay, ax;             /* the output padding, transposed only */
    bool transposed, correlate;
} ca_conv2d_options;

/* same mode, stride 1, dilation 1, no output padding, a true convolution. */
void ca_conv2d_options_default(ca_conv2d_options *opt);

/* One axis of a convolution, as drawn. Input cell n sits on grid cell
 * lead + n spread; the window of output cell m starts at grid cell m step
 * and takes every dil-th cell. */
typedef struct ca_conv2d_axis {
    int in, k, out;         /* input, kernel and output cells */
    int pad0, pad1;         /* the zeros before and after the input */
    int stride, dil, outpad;
    int lead, spread, step; /* the grid (see above) */
    int grid;               /* grid cells from 0 to the end of the padding */
} ca_conv2d_axis;

typedef struct ca_conv2d_plan {
    ca_conv2d_axis y, x;
    bool transposed, correlate;
    bool flip;              /* window tap a is kernel cell k - 1 - a */
} ca_conv2d_plan;

/* Works out the plan of an ih x iw input and a kh x kw kernel. CA_EINPUT
 * naming the value for a padding or output padding below 0, a stride or
 * dilation below 1, any of them over CA_CONV2D_MAX_PARAM, an output padding
 * not below max(stride, dilation), a kernel whose window is wider than the
 * padded input or a transposed output with no cells; CA_ELIMIT for a
 * dilated kernel or an output over twice the image limits per side, or an
 * output over four times in pixels. */
ca_status ca_conv2d_plan_make(int ih, int iw, int kh, int kw, const ca_conv2d_options *opt,
                              ca_conv2d_plan *plan, ca_error *err);

/* The input cell on grid cell g of an axis, or -1 for a zero of the
 * padding or between spread cells. */
int ca_conv2d_input_at(const ca_conv2d_axis *ax, int g);

/* One product of an output cell: kernel cell (ky, kx) times input cell
 * (iy, ix); a tap over a padding zero has iy or ix -1. (wy, wx) is the tap's
 * place in the window, from its top left corner. */
typedef struct ca_conv2d_term {
    int wy, wx, ky, kx, iy, ix;
} ca_conv2d_term;

/* Fills terms (room for kh * kw) with the products of output cell (oy, ox),
 * the window's rows then columns in order; returns how many. */
int ca_conv2d_terms(const ca_conv2d_plan *plan, int oy, int ox, ca_conv2d_term *terms);

/* Convolves image with kernel as opt says into a new *out (free with
 * ca_image_free). CA_EINPUT as ca_conv2d_plan_make, or when a value
 * overflows to infinity. */
ca_status ca_conv2d(const ca_image *image, const ca_image *kernel, const ca_conv2d_options *opt,
                    ca_image *out, ca_error *err);

#ifdef __cplusplus
}
#endif

#endif

#ifndef CONVANIM_KERNEL_H
#define CONVANIM_KERNEL_H

#ifdef __cplusplus
extern "C" {
#endif

/* Kernels for 2D convolution: the notebook's named filters and kernels read
 * from a file of rows. A kernel is a ca_image; row 0 is its top row, as
 * printed, and ca_conv2d flips it as a convolution does.
 *
 * A KERNEL spec is NAME[:settings] or a file:
 *   identity:size=3          1 at row and column (size - 1) / 2, so that
 *                            same mode gives the image back (UnitImpulse)
 *   box:size=3               every cell 1 / size^2 (BoxBlur)
 *   gaussian:size=5,sigma=1  exp(-(x^2 + y^2) / (2 sigma^2)) around the
 *                            centre, scaled to sum to 1 (GaussianBlur)
 *   prewitt:DIR, sobel:DIR   DIR is vert, horiz, ldiag or rdiag
 *   highpass, laplacian      3x3 high-pass filters that sum to 0
 *   sharpen:alpha=0.25       identity + alpha * highpass
 *   ones:size=3              every cell 1
 *   grid:size=3,seed=2,max=2 whole numbers uniform in 0..max (ca_image_grid)
 *   PATH                     rows of numbers separated by commas,
 *                            semicolons or blanks; '#' starts a comment */

#include <stddef.h>

#include "convanim/error.h"
#include "convanim/image.h"

/* The largest side a named filter may have (a file's kernel is held to the
 * image limits instead). */
enum { CA_KERNEL_MAX_SIZE = 255 };

typedef struct ca_kernel_info {
    const char *name;
    const char *spec;       /* the name with its settings at their defaults */
    const char *about;      /* one line */
} ca_kernel_info;

/* How many named filters there are, and filter i (< the count). */
size_t ca_kernel_count(void);
ca_kernel_info ca_kernel_at(size_t i);

/* Builds the kernel of spec into *out (free with ca_image_free). When about
 * is not NULL it gets a few lines that say what the matrix is and which
 * way it points (NULL for a file). CA_EINPUT naming the culprit for an
 * unknown filter, key or direction, a bad value, or a file that is
 * missing, empty, ragged or holds something that is not a number (with
 * file:line); CA_ELIMIT for a file over the image limits. */
ca_status ca_kernel_from_spec(const char *spec, ca_image *out, const char **about,
                              ca_error *err);

/* Reads a kernel from a file of rows. */
ca_status ca_kernel_load(const char *path, ca_image *out, ca_error *err);

/* The normalization an output is written with unless told otherwise: minmax
 * for a kernel that sums to 0 (an edge detector or a high-pass filter,
 * whose output is centred on 0), clip for any other. */
ca_normalize ca_kernel_normalize(const ca_image *kernel);

#ifdef __cplusplus
}
#endif

#endif

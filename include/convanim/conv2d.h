#ifndef CONVANIM_CONV2D_H
#define CONVANIM_CONV2D_H

#ifdef __cplusplus
extern "C" {
#endif

/* The 2D convolution engine: scipy.signal.convolve2d(image, kernel, mode),
 * sampled with a stride.
 *
 * With an H x W image and a KH x KW kernel the stride-1 output is
 *   full  (H + KH - 1) x (W + KW - 1)
 *   same  H x W, rows and columns (KH - 1) / 2 and (KW - 1) / 2 onwards of
 *         the full output (integer division), as scipy centres it, even
 *         kernels included
 *   valid (H - KH + 1) x (W - KW + 1); the kernel must fit in the image
 * A stride (SY, SX) keeps the stride-1 output's rows 0, SY, 2 SY, ... and
 * columns 0, SX, 2 SX, ...: ceil(n / s) of each side of n, which is the
 * notebook's floor((i + 2p - k) / s) + 1 for full and valid and ceil(i / s)
 * for same. */

#include "convanim/conv.h"
#include "convanim/error.h"
#include "convanim/image.h"

/* The output size of a mode and stride; CA_EINPUT for a stride below 1 or a
 * kernel that does not fit in the image in valid mode, naming both sizes. */
ca_status ca_conv2d_size(int ih, int iw, int kh, int kw, ca_conv_mode mode, int sy, int sx,
                         int *oh, int *ow, ca_error *err);

/* Where output (0, 0) sits in the full output: (0, 0) for full,
 * ((KH - 1) / 2, (KW - 1) / 2) for same, (KH - 1, KW - 1) for valid.
 * Output (i, j) is full output (row0 + i * sy, col0 + j * sx). */
void ca_conv2d_origin(int kh, int kw, ca_conv_mode mode, int *row0, int *col0);

/* Full output (r, c): the sum of image[y][x] * kernel[r - y][c - x] over
 * the overlap, added in the order of the kernel's rows and columns. */
double ca_conv2d_at(const ca_image *image, const ca_image *kernel, int r, int c);

/* Convolves image with kernel into a new *out (free with ca_image_free). */
ca_status ca_conv2d(const ca_image *image, const ca_image *kernel, ca_conv_mode mode, int sy,
                    int sx, ca_image *out, ca_error *err);

#ifdef __cplusplus
}
#endif

#endif

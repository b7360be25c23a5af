#ifndef CONVANIM_PNG_H
#define CONVANIM_PNG_H

#ifdef __cplusplus
extern "C" {
#endif

/* PNG through libpng: an indexed frame written as a palette PNG, a gray
 * image written as an 8-bit gray PNG, both to a sink (sink.h) or to a file
 * atomically (a temporary in the target's folder, renamed when complete);
 * and any PNG read as gray. */

#include <stddef.h>
#include <stdint.h>

#include "convanim/canvas.h"
#include "convanim/error.h"
#include "convanim/image.h"
#include "convanim/sink.h"

/* Writes width x height indexed pixels with pal's colours to sink, whose
 * name messages use. CA_EINPUT for an index outside the palette, before
 * any byte is written. The sink's owner keeps what was written, whatever
 * this returns. */
ca_status ca_png_write_indexed_to(const ca_sink *sink, const uint8_t *pixels, int width,
                                  int height, ptrdiff_t stride, const ca_palette *pal,
                                  ca_error *err);

/* The same into a file sink on path. CA_EINPUT when the folder does not
 * exist or cannot be written; on any failure the target keeps what it had
 * and nothing is left behind. */
ca_status ca_png_write_indexed(const char *path, const uint8_t *pixels, int width, int height,
                               ptrdiff_t stride, const ca_palette *pal, ca_error *err);

/* Writes img as 8-bit gray to sink, each value mapped to [0, 1] as
 * `normalize` says and rounded to the nearest of 256 levels. */
ca_status ca_png_write_gray_to(const ca_sink *sink, const ca_image *img, ca_normalize normalize,
                               ca_error *err);

/* The same into a file sink on path. Fails as ca_png_write_indexed does. */
ca_status ca_png_write_gray(const char *path, const ca_image *img, ca_normalize normalize,
                            ca_error *err);

/* Fails as the writers above would for each of the n paths (NULL ones are
 * skipped), and with CA_EINPUT when two of them name one file, creating
 * nothing: lets a caller refuse bad outputs before doing the work. */
ca_status ca_png_check_outputs(const char *const *paths, size_t n, ca_error *err);

/* Reads a PNG of any colour type (gray, gray+alpha, RGB, RGBA, palette) and
 * bit depth as gray values in [0, 1]: ITU-R 601 luma, 0.299 R + 0.587 G +
 * 0.114 B, what Pillow's convert("L") computes before it rounds; alpha is
 * ignored, as convert("L") ignores it. CA_EINPUT naming path for a missing
 * file, one that is not a PNG, or a truncated or damaged one; CA_ELIMIT
 * when its size is over lim (NULL: the defaults), before the pixels are
 * allocated; CA_EIO when reading fails. */
ca_status ca_png_read_gray(const char *path, const ca_image_limits *lim, ca_image *out,
                           ca_error *err);

#ifdef __cplusplus
}
#endif

#endif

#ifndef CONVANIM_IMAGE_H
#define CONVANIM_IMAGE_H

#ifdef __cplusplus
extern "C" {
#endif

/* Gray images and small matrices (kernels): width x height doubles, row by
 * row, v[y * width + x]. Whoever gets one from a ca_image_* call (or
 * ca_png_read_gray, ca_conv2d, ca_kernel_*) owns it and releases it with
 * ca_image_free. */

#include <stdint.h>

#include "convanim/error.h"

typedef struct ca_image {
    double *v;
    int width, height;
} ca_image;

/* How large an untrusted image may be: bigger requests are refused with
 * CA_ELIMIT before anything is allocated. */
typedef struct ca_image_limits {
    int max_side;          /* pixels per side */
    double max_pixels;     /* width * height */
} ca_image_limits;

/* 16384 per side and 64 megapixels (512 MiB of doubles): more than any
 * lecture needs, and a typo or a hostile header is refused instead of
 * swapping. */
#define CA_IMAGE_DEFAULT_MAX_SIDE 16384
#define CA_IMAGE_DEFAULT_MAX_PIXELS (64.0 * 1024 * 1024)

void ca_image_limits_default(ca_image_limits *lim);

/* CA_ELIMIT (naming `what`) when width x height is over lim (NULL: the
 * defaults), CA_EINPUT when a side is below 1. */
ca_status ca_image_check_size(const char *what, int width, int height,
                              const ca_image_limits *lim, ca_error *err);

/* Allocates a zeroed width x height image after ca_image_check_size. */
ca_status ca_image_new(const char *what, int width, int height, const ca_image_limits *lim,
                       ca_image *out, ca_error *err);

/* Releases img->v and leaves img empty; img may be NULL or already empty. */
void ca_image_free(ca_image *img);

/* Resamples src to width x height: each output pixel is the mean of the
 * source pixels its area covers (exact for a downscale by a whole factor),
 * and an upscale repeats pixels, so small images stay crisp. */
ca_status ca_image_resize(const ca_image *src, int width, int height, ca_image *out,
                          ca_error *err);

/* The largest value of a grid: two digits fit in a cell. */
enum { CA_GRID_MAX_VALUE = 99 };

/* A width x height grid of whole numbers uniform in 0..max, from
 * SplitMix64 seeded with seed as ca_signal_random draws (the same grid for
 * a seed everywhere), row by row. CA_EINPUT for a max outside 1 to
 * CA_GRID_MAX_VALUE; the size is checked as ca_image_new checks it. */
ca_status ca_image_grid(int width, int height, uint64_t seed, int max, ca_image *out,
                        ca_error *err);

/* True for "grid" and "grid:..." (an input that is a grid, not a file). */
int ca_image_is_grid_spec(const char *spec);

/* Builds the grid of "grid:size=N|HxW,seed=S,max=M" (5, 1 and 3 by
 * default). CA_EINPUT naming the key for an unknown or repeated key or a
 * bad value. */
ca_status ca_image_grid_from_spec(const char *spec, ca_image *out, ca_error *err);

/* The input image of spec: a grid: spec as above, else a PNG file read as
 * ca_png_read_gray reads it (lim applies to the file). */
ca_status ca_image_load(const char *spec, const ca_image_limits *lim, ca_image *out,
                        ca_error *err);

/* How values outside [0, 1] become gray levels:
 *   clip    below 0 is black, above 1 white;
 *   minmax  the smallest value is black, the largest white;
 *   abs     |v|, the largest magnitude white (0 stays black).
 * A constant image maps as clip would under minmax, and a zero image is
 * black under abs. */
typedef enum ca_normalize {
    CA_NORMALIZE_CLIP,
    CA_NORMALIZE_MINMAX,
    CA_NORMALIZE_ABS
} ca_normalize;

/* Parses "clip", "minmax" or "abs"; CA_EINPUT naming the valid ones. */
ca_status ca_normalize_parse(const char *name, ca_normalize *out, ca_error *err);
const char *ca_normalize_name(ca_normalize n);

/* The affine map v -> v * scale + offset that `n` applies to img before
 * clipping to [0, 1] (for abs, to |v|), v taken in units of 2^unit: values
 * near the ends of double (a span that overflows, or one so small that
 * 1 / span does) are scaled first, every other image has unit 0. */
typedef struct ca_tone {
    ca_normalize mode;
    double scale, offset;
    int unit;
} ca_tone;

ca_tone ca_tone_of(const ca_image *img, ca_normalize n);

/* v's gray level under t, in [0, 1]. */
double ca_tone_apply(const ca_tone *t, double v);

#ifdef __cplusplus
}
#endif

#endif

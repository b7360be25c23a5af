#ifndef CONVANIM_PNG_H
#define CONVANIM_PNG_H

/* PNG output through libpng: an indexed frame written as a palette PNG,
 * atomically (a temporary in the target's folder, renamed when complete). */

#include <stddef.h>
#include <stdint.h>

#include "convanim/canvas.h"
#include "convanim/error.h"

/* Writes width x height indexed pixels with pal's colours. CA_EINPUT when
 * the folder does not exist or cannot be written; on any failure the target
 * keeps what it had and nothing is left behind. */
ca_status ca_png_write_indexed(const char *path, const uint8_t *pixels, int width, int height,
                               ptrdiff_t stride, const ca_palette *pal, ca_error *err);

#endif

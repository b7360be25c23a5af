#ifndef CONVANIM_PNG_INTERNAL_H
#define CONVANIM_PNG_INTERNAL_H

/* The PNG writer's step for callers inside the library that decide
 * themselves when the file is put in place (the animation commits its
 * poster only after the GIF). Internal, not public. */

#include "out/atomic.h"
#include "convanim/png.h"

/* Writes the PNG into file, opened with ca_atomic_open and neither
 * committed nor aborted: that stays the caller's job, whatever this
 * returns. Checks and errors as ca_png_write_indexed's, naming
 * file->path. */
ca_status ca_png_write_indexed_to(ca_atomic *file, const uint8_t *pixels, int width,
                                  int height, ptrdiff_t stride, const ca_palette *pal,
                                  ca_error *err);

#endif

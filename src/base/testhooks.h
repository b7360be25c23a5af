#ifndef CONVANIM_TESTHOOKS_H
#define CONVANIM_TESTHOOKS_H

/* What the tests and benchmarks look at inside the library's objects: not
 * part of the API, so not in include/ and not exported from the shared
 * library; programs that link the archive (the tests) can call them. */

#include <stddef.h>

#include "convanim/canvas.h"
#include "convanim/scene.h"
#include "convanim/text.h"

/* How many glyph masks f has rasterised since it was opened: the cache's
 * misses. */
size_t ca_font_glyphs_rendered(const ca_font *f);

/* Opens DejaVu Sans as ca_font_open(NULL, ...) does, looking for it in the
 * folders homes names (NULL-terminated; NULL: the usual ones, as
 * ca_font_open) before asking fontconfig. */
ca_status ca_font_open_dejavu(const char *const *homes, ca_font **out, ca_error *err);

/* Where the scene's texts went: the background's, then those of the frame
 * drawn last; each box holds its text's advance box and its ink. */
size_t scene_text_boxes(const ca_scene *sc, const ca_rect **boxes);

#endif

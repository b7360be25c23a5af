#ifndef CONVANIM_TEXT_H
#define CONVANIM_TEXT_H

/* Text: anti-aliased glyphs from FreeType, laid out with kerning and drawn
 * through ca_canvas_mask.
 *
 * Text is one line of UTF-8 with a little of matplotlib's markup: the text
 * between two dollar signs is set in italics ("Convolution of $f$ and $g$"),
 * and "\$" is a literal dollar sign. As in matplotlib, a string whose
 * unescaped dollar signs are odd in number has no markup at all: every dollar
 * sign in it is drawn as written. Invalid UTF-8 is drawn as U+FFFD and a
 * character the font lacks as the font's .notdef box.
 *
 * A font rasterises each glyph once per size, style and quarter-pixel
 * horizontal phase, and keeps the coverage masks in a bounded cache it owns.
 * Rasterising is deterministic, so the same text at the same position gives
 * the same pixels whatever the cache holds. A font is not thread-safe: use
 * one per thread. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "convanim/canvas.h"
#include "convanim/error.h"

typedef struct ca_font ca_font;

/* Text sizes (the em, in pixels) a font accepts. */
#define CA_TEXT_MIN_SIZE 1.0
#define CA_TEXT_MAX_SIZE 1024.0

/* Where (x, y) sits on the text: one horizontal flag | one vertical flag.
 * TOP and BOTTOM are the font's ascent and descent, not the ink of this
 * string, so labels of one size placed at one y share a baseline. */
enum {
    CA_TEXT_LEFT = 0x0,
    CA_TEXT_CENTRE = 0x1,
    CA_TEXT_RIGHT = 0x2,
    CA_TEXT_BASELINE = 0x0,
    CA_TEXT_TOP = 0x4,
    CA_TEXT_MIDDLE = 0x8,
    CA_TEXT_BOTTOM = 0xC
};

/* Opens a font. path NULL: DejaVu Sans and DejaVu Sans Oblique, found through
 * fontconfig; anything else is refused rather than silently substituted.
 * With a path: that font file for upright text, sheared for italics.
 * Free with ca_font_free. */
ca_status ca_font_open(const char *path, ca_font **out, ca_error *err);
void ca_font_free(ca_font *f);   /* NULL ok */

/* The file upright text comes from. */
const char *ca_font_file(const ca_font *f);

typedef struct ca_text_metrics {
    double width;     /* advance width: where the next text would start */
    double ascent;    /* the font's ascent above the baseline (positive) */
    double descent;   /* the font's descent below the baseline (positive) */
    /* The inked pixels, relative to the pen start on the baseline, y down,
     * for text drawn at a whole-pixel x (other x may move them by a pixel).
     * All zero when nothing is inked. */
    double ink_x0, ink_y0, ink_x1, ink_y1;
} ca_text_metrics;

/* Measures text at size_px (the em in pixels). Fills the glyph cache. */
ca_status ca_text_measure(ca_font *f, const char *text, double size_px, ca_text_metrics *m,
                          ca_error *err);

/* Draws text in colour with (x, y) at the point of it that anchor names.
 * The baseline lands on a whole pixel, so its horizontal strokes stay
 * crisp; horizontal positions keep a quarter of a pixel. Clipped to c. */
ca_status ca_text_draw(ca_font *f, const ca_canvas *c, double x, double y, const char *text,
                       double size_px, int anchor, int colour, ca_error *err);

/* One glyph's coverage mask as drawn at a whole-pixel pen position: its
 * top-left pixel is (pen x + left, baseline - top). */
typedef struct ca_glyph {
    const uint8_t *alpha;   /* width x height, 255 = covered; owned by the font */
    int width, height;
    ptrdiff_t stride;
    int left, top;
    double advance;         /* pixels */
} ca_glyph;

/* Looks up (rasterising on a miss) the glyph of code point cp. The mask stays
 * valid until the next call that takes f. */
ca_status ca_font_glyph(ca_font *f, uint32_t cp, bool italic, double size_px, ca_glyph *out,
                        ca_error *err);

/* How many glyph masks f has rasterised since it was opened: the cache's
 * misses, for tests and benchmarks. */
size_t ca_font_glyphs_rendered(const ca_font *f);

#endif

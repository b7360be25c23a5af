#ifndef CONVANIM_TEXTLAYOUT_H
#define CONVANIM_TEXTLAYOUT_H

/* Between the text layout (mathtext.c: the markup parser and the placing of
 * glyphs) and the font (text.c: faces, fallback, rasterising). Internal:
 * the public calls are in convanim/text.h. */

#include <stddef.h>
#include <stdint.h>

#include "convanim/error.h"
#include "convanim/text.h"

/* How a character is set: the layout asks for a style, the font answers
 * with the face that has the character. */
enum { TEXT_UPRIGHT = 0, TEXT_ITALIC = 1, TEXT_BOLD = 2 };

/* One glyph placed by the layout. (x26, dy) is its pen on its line: x in
 * 26.6 pixels from the line's start, dy whole pixels below the line's
 * baseline (negative: raised), so every baseline, shifted or not, stays on
 * a whole pixel. */
typedef struct text_glyph {
    uint32_t cp;        /* the character it draws */
    int style;          /* TEXT_ asked for */
    int face;           /* which of the font's faces draws it */
    int synth;          /* TEXT_SHEAR | TEXT_EMBOLDEN: what that face lacks */
    unsigned gid;       /* its glyph in that face */
    long size26;        /* its em, 26.6 pixels */
    int64_t x26;
    int dy;
    int line;
} text_glyph;

enum { TEXT_SHEAR = 1, TEXT_EMBOLDEN = 2 };

/* Text laid out: its glyphs in order, line by line, and each line's
 * advance width. */
typedef struct text_layout {
    text_glyph *glyph;
    size_t n, cap;
    int64_t *width26;   /* per line */
    int lines;
    int lines_cap;
} text_layout;

/* Parses text (see convanim/text.h for the markup) and places its glyphs
 * at size26. CA_EINPUT for bad markup or a control character, naming what
 * and where. Free with text_layout_free, also after a failure. */
ca_status text_layout_build(ca_font *f, const char *text, long size26, text_layout *out,
                            ca_error *err);
void text_layout_free(text_layout *l);

/* The face, synthesis and glyph id that draw cp in style (falling back to
 * another installed font when the font lacks it) into g. A character no
 * font has becomes the font's .notdef box, and the font remembers it. */
ca_status text_font_pick(ca_font *f, uint32_t cp, int style, text_glyph *g, ca_error *err);

/* g's advance, and the kerning between a and b (same face and size), in
 * 26.6 pixels at their size26. */
ca_status text_font_advance(ca_font *f, const text_glyph *g, int64_t *adv26, ca_error *err);
ca_status text_font_kern(ca_font *f, const text_glyph *a, const text_glyph *b, int64_t *k26,
                         ca_error *err);

/* The inked box of g drawn at a whole-pixel pen on the baseline, in pixels,
 * y down; x0 == x1 when g inks nothing. */
typedef struct text_ink {
    int x0, y0, x1, y1;
} text_ink;
ca_status text_font_ink(ca_font *f, const text_glyph *g, text_ink *ink, ca_error *err);

#endif

#ifndef CONVANIM_TEXT_H
#define CONVANIM_TEXT_H

#ifdef __cplusplus
extern "C" {
#endif

/* Text: anti-aliased glyphs from FreeType, laid out with kerning and drawn
 * through ca_canvas_mask.
 *
 * Text is UTF-8 with matplotlib's markup: between two dollar signs is math,
 * a subset of TeX ("Convolution of $f$ and $g$", "$y(t)=\int x(\tau)h(t-\tau)
 * d\tau$"), and "\$" is a literal dollar sign. In math:
 * - letters are italic (capital Greek upright), digits and symbols upright,
 *   spaces are ignored and TeX's spaces go around operators and relations;
 *   "-" is a minus sign;
 * - \alpha ... \omega, \Gamma ... \Omega (and \varepsilon, \vartheta, \varphi)
 *   and \int \sum \prod \cdot \times \ast \star \circledast \infty \partial
 *   \nabla \pm \mp \leq \geq \neq \approx \equiv \to \rightarrow
 *   \leftarrow \Rightarrow \ldots \cdots \{ \} \$ each draw what their
 *   Unicode character draws;
 * - \, \; \quad are spaces of 3/18, 5/18 and 1 em;
 * - x_a and x^b (x_{...}, x^{...}) set a subscript or superscript at 70 %
 *   of the size, and a script of a script at 50 %;
 * - \hat \bar \tilde \dot put an accent over their argument, \mathrm sets
 *   it upright and \mathbf bold; {...} groups.
 * An unknown macro, an unclosed '$' or '{', a stray '}' or a script without
 * an argument is refused (CA_EINPUT) with its place in the text. Outside
 * math, text is drawn as written; a backslash is a backslash.
 *
 * "\n" starts a new line; other control characters are refused. Invalid
 * UTF-8 is drawn as U+FFFD. A character the font lacks is drawn from a
 * font fontconfig finds that has it; one that no installed font has is
 * drawn as the font's .notdef box, and ca_font_missing says which.
 *
 * A font rasterises each glyph once per face, size and quarter-pixel
 * horizontal phase, and keeps the coverage masks in a bounded cache it
 * owns. Rasterising is deterministic, so the same text at the same position
 * gives the same pixels whatever the cache holds. A font is not
 * thread-safe: use one per thread. */

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
 * TOP and BOTTOM are the font's ascent over the first line and descent under
 * the last, not the ink of this string, so labels of one size placed at one
 * y share a baseline. Each line is aligned on its own. */
enum {
    CA_TEXT_LEFT = 0x0,
    CA_TEXT_CENTRE = 0x1,
    CA_TEXT_RIGHT = 0x2,
    CA_TEXT_BASELINE = 0x0,
    CA_TEXT_TOP = 0x4,
    CA_TEXT_MIDDLE = 0x8,
    CA_TEXT_BOTTOM = 0xC
};

/* Opens a font. path NULL: DejaVu Sans, DejaVu Sans Oblique and Bold, from
 * the folder where the system's packages install them (all three there),
 * else found through fontconfig; a user's fontconfig settings apply only
 * then, or when FONTCONFIG_FILE, FONTCONFIG_PATH or FONTCONFIG_SYSROOT is
 * set, which has fontconfig find them always. A missing DejaVu Sans is
 * refused rather than silently substituted. With a path: that font file
 * for upright text, sheared for italics and emboldened for bold. Free with
 * ca_font_free. */
ca_status ca_font_open(const char *path, ca_font **out, ca_error *err);
void ca_font_free(ca_font *f);   /* NULL ok */

/* The file upright text comes from. */
const char *ca_font_file(const ca_font *f);

/* The first character, since f was opened, that neither f nor any
 * installed font could draw (it was drawn as a box), or 0: for a warning. */
uint32_t ca_font_missing(const ca_font *f);

typedef struct ca_text_metrics {
    double width;     /* advance width of the widest line: where the next
                       * text would start */
    double ascent;    /* the font's ascent above the baseline (positive) */
    double descent;   /* the font's descent below the baseline (positive) */
    /* The inked pixels, relative to the first line's pen start on its
     * baseline, y down, for text drawn at a whole-pixel x (other x may move
     * them by a pixel). All zero when nothing is inked. */
    double ink_x0, ink_y0, ink_x1, ink_y1;
    double height;    /* from the first line's ascent to the last line's
                       * descent: ascent + descent + 1.2 em (rounded to a
                       * pixel) per line after the first */
    int lines;
} ca_text_metrics;

/* The text as a reader hears it: the markup's characters in Unicode with
 * no markup, for alt text, captions in a page and descriptions ("$y[3]
 * = 2\cdot x_1^2$" is "y[3] = 2⋅x₁²"). Scripts made only of characters
 * Unicode has as scripts (digits, + − = ( ) and, for subscripts, most
 * lowercase letters) become those; others are written _(...) and ^(...) (one
 * character needs no parentheses). Relations in math get a space on each
 * side, accents become combining marks, TeX's spaces one space (none for
 * \,). CA_EINPUT for bad markup, as
 * ca_text_draw. *out is the caller's, to free(). */
ca_status ca_text_plain(const char *text, char **out, ca_error *err);

/* Measures text at size_px (the em in pixels; any scale factor is the
 * caller's to multiply in: every space, shift and script follows it).
 * Fills the glyph cache. CA_EINPUT for bad markup, as ca_text_draw. */
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

#ifdef __cplusplus
}
#endif

#endif

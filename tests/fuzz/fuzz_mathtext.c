/* libFuzzer target: the text markup, matplotlib's mathtext subset, through
 * ca_text_measure and ca_text_draw.
 *
 * The input is the text. Measuring must succeed or fail with a sentence,
 * and give the same metrics twice; drawing must fail as measuring did, and
 * ink only the pixels the measured ink box holds, since both walk the same
 * glyphs. Inputs with a NUL, or longer than a title could be, are
 * skipped. */

#include <math.h>

#include "convanim/text.h"
#include "fuzzutil.h"

enum { MT_MAX_TEXT = 2048, MT_W = 256, MT_H = 128, MT_AT = 4 };
#define MT_SIZE_PX 16.0

/* One font and canvas for every input: opening a font asks fontconfig,
 * which is slow. */
static ca_font *mt_font;
static ca_palette mt_pal;
static ca_canvas mt_canvas;
static int mt_ink;

/* Freed at exit: fontconfig keeps some of its state behind offsets rather
 * than pointers, so the leak checker would count a font still open as
 * leaked. */
static void mt_close(void)
{
    ca_font_free(mt_font);
    ca_canvas_free(&mt_canvas);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > MT_MAX_TEXT || memchr(data, '\0', size))
        return 0;
    if (!mt_font) {
        ca_palette_init(&mt_pal, (ca_rgb){ 255, 255, 255 });
        FUZZ_REQUIRE(ca_palette_add_colour(&mt_pal, (ca_rgb){ 0, 0, 0 }, &mt_ink, NULL) ==
                     CA_OK);
        FUZZ_REQUIRE(ca_palette_add_ramp(&mt_pal, mt_ink, 0, NULL) == CA_OK);
        FUZZ_REQUIRE(ca_canvas_new(MT_W, MT_H, &mt_pal, mt_pal.solid[0], &mt_canvas, NULL) ==
                     CA_OK);
        FUZZ_REQUIRE(ca_font_open(NULL, &mt_font, NULL) == CA_OK);
        atexit(mt_close);
    }
    ca_font *font = mt_font;
    const ca_canvas *c = &mt_canvas;
    char *text = malloc(size + 1);
    FUZZ_REQUIRE(text != NULL);
    memcpy(text, data, size);
    text[size] = '\0';

    ca_text_metrics m, again;
    ca_error err = { CA_OK, "" };
    ca_status s = ca_text_measure(font, text, MT_SIZE_PX, &m, &err);
    fuzz_check_status(s, &err);
    if (s == CA_OK) {
        FUZZ_REQUIRE(ca_text_measure(font, text, MT_SIZE_PX, &again, NULL) == CA_OK);
        FUZZ_REQUIRE(memcmp(&m, &again, sizeof m) == 0);
        FUZZ_REQUIRE(m.lines >= 1 && isfinite(m.width) && m.width >= 0);
        FUZZ_REQUIRE(m.height >= m.ascent + m.descent);
        FUZZ_REQUIRE(m.ink_x0 <= m.ink_x1 && m.ink_y0 <= m.ink_y1);
    }

    ca_canvas_fill(c, 0);
    ca_error derr = { CA_OK, "" };
    ca_status d = ca_text_draw(font, c, MT_AT, MT_AT, text, MT_SIZE_PX,
                               CA_TEXT_LEFT | CA_TEXT_TOP, mt_ink, &derr);
    FUZZ_REQUIRE(d == s);
    if (s == CA_OK) {
        /* the first baseline, as ca_text_draw rounds it */
        double base = round(MT_AT + m.ascent);
        for (int y = 0; y < MT_H; y++)
            for (int x = 0; x < MT_W; x++)
                if (c->pixels[(ptrdiff_t)y * c->stride + x] != mt_pal.solid[0])
                    FUZZ_REQUIRE(x >= MT_AT + m.ink_x0 && x < MT_AT + m.ink_x1 &&
                                 y >= base + m.ink_y0 && y < base + m.ink_y1);
    } else {
        FUZZ_REQUIRE(strcmp(err.msg, derr.msg) == 0);
    }
    free(text);
    return 0;
}

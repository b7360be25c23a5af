#include <math.h>

#include "convanim/text.h"
#include "base/testhooks.h"
#include "draw/textlayout.h"
#include "goldenutil.h"

static ca_font *open_default(void)
{
    ca_font *f = NULL;
    ca_error err = { 0 };
    ck_assert_msg(ca_font_open(NULL, &f, &err) == CA_OK, "%s", err.msg);
    return f;
}

static double width_of(ca_font *f, const char *text, double size)
{
    ca_text_metrics m;
    ca_error err = { 0 };
    ck_assert_msg(ca_text_measure(f, text, size, &m, &err) == CA_OK, "%s", err.msg);
    return m.width;
}

static double advance_of(ca_font *f, uint32_t cp, bool italic, double size)
{
    ca_glyph g;
    ck_assert_int_eq(ca_font_glyph(f, cp, italic, size, &g, NULL), CA_OK);
    return g.advance;
}

/* A copy of a glyph's mask, to compare after the cache has moved on. */
static uint8_t *glyph_copy(ca_font *f, uint32_t cp, bool italic, double size, ca_glyph *g)
{
    ck_assert_int_eq(ca_font_glyph(f, cp, italic, size, g, NULL), CA_OK);
    size_t n = (size_t)g->width * (size_t)g->height;
    uint8_t *copy = malloc(n ? n : 1);
    ck_assert_ptr_nonnull(copy);
    for (int r = 0; r < g->height; r++)
        memcpy(copy + (size_t)r * (size_t)g->width, g->alpha + r * g->stride, (size_t)g->width);
    g->alpha = copy;
    g->stride = g->width;
    return copy;
}

static int same_glyph(const ca_glyph *a, const ca_glyph *b)
{
    if (a->width != b->width || a->height != b->height || a->left != b->left ||
        a->top != b->top)
        return 0;
    for (int r = 0; r < a->height; r++)
        if (memcmp(a->alpha + r * a->stride, b->alpha + r * b->stride, (size_t)a->width))
            return 0;
    return 1;
}

START_TEST(default_font_is_dejavu_sans)
{
    ca_font *f = open_default();
    const char *file = ca_font_file(f);
    ck_assert_msg(strstr(file, "DejaVuSans.ttf") != NULL, "the default font is %s", file);
    ck_assert_double_gt(width_of(f, "Convolution of $f$ and $g$", 20), 0);
    ca_font_free(f);
    ca_font_free(NULL);
}
END_TEST

/* Points fontconfig at a configuration of its own whose only font folder is
 * dir/fonts, holding a copy of `font` (or nothing when font is NULL). */
static void private_fontconfig(const char *dir, const char *font)
{
    char path[4200], conf[9000];
    snprintf(path, sizeof path, "%s/fonts", dir);
    ck_assert_int_eq(mkdir(path, 0700), 0);
    if (font) {
        snprintf(path, sizeof path, "%s/fonts/copy.ttf", dir);
        tu_copy_file(font, path);
    }
    snprintf(conf, sizeof conf,
             "<?xml version=\"1.0\"?>\n<fontconfig><dir>%s/fonts</dir>"
             "<cachedir>%s/fonts</cachedir></fontconfig>\n", dir, dir);
    snprintf(path, sizeof path, "%s/fonts.conf", dir);
    tu_write_file(path, conf, strlen(conf));
    ck_assert_int_eq(setenv("FONTCONFIG_FILE", path, 1), 0);
}

START_TEST(a_missing_dejavu_sans_is_not_substituted)
{
    char dir[4096];
    tu_mkdtemp(dir, sizeof dir);
    private_fontconfig(dir, NULL);
    ca_font *f = (ca_font *)&f;
    ca_error err = { 0 };
    ca_status s = ca_font_open(NULL, &f, &err);
    unsetenv("FONTCONFIG_FILE");
    ck_assert_int_eq(s, CA_EINPUT);
    ck_assert_ptr_null(f);
    ck_assert_str_eq(err.msg, "font 'DejaVu Sans' not found "
                     "(install fonts-dejavu-core or pass --font FILE)");
    tu_rmtree(dir);
}
END_TEST

START_TEST(without_the_oblique_face_italics_are_sheared)
{
    ca_font *def = open_default();
    char dir[4096];
    tu_mkdtemp(dir, sizeof dir);
    private_fontconfig(dir, ca_font_file(def));
    ca_font *f = NULL;
    ca_error err = { 0 };
    ca_status s = ca_font_open(NULL, &f, &err);
    unsetenv("FONTCONFIG_FILE");
    ck_assert_msg(s == CA_OK, "%s", err.msg);
    ck_assert_ptr_nonnull(strstr(ca_font_file(f), dir));
    ca_glyph up, it;
    uint8_t *a = glyph_copy(f, 'l', false, 20, &up);
    uint8_t *b = glyph_copy(f, 'l', true, 20, &it);
    ck_assert_int_gt(it.width, up.width);
    free(a);
    free(b);
    ca_font_free(f);
    ca_font_free(def);
    tu_rmtree(dir);
}
END_TEST

START_TEST(missing_font_file_is_refused_by_name)
{
    char dir[4096], path[4200];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/no-such-font.ttf", dir);
    ca_font *f = (ca_font *)&f;
    ca_error err = { 0 };
    ck_assert_int_eq(ca_font_open(path, &f, &err), CA_EINPUT);
    ck_assert_ptr_null(f);
    ck_assert_int_eq(err.status, CA_EINPUT);
    ck_assert_msg(strstr(err.msg, path) != NULL, "message: %s", err.msg);
    tu_rmtree(dir);
}
END_TEST

START_TEST(non_font_files_are_refused_cleanly)
{
    char dir[4096], path[4200];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/garbage.ttf", dir);
    static const char junk[] = "\0\1\0\0 this is not a font, only bytes that start like one";
    tu_write_file(path, junk, sizeof junk);
    const char *bad[] = { path, dir };
    for (int i = 0; i < 2; i++) {
        ca_font *f = NULL;
        ca_error err = { 0 };
        ck_assert_int_eq(ca_font_open(bad[i], &f, &err), CA_EINPUT);
        ck_assert_ptr_null(f);
        ck_assert_msg(strstr(err.msg, bad[i]) != NULL, "message: %s", err.msg);
    }
    snprintf(path, sizeof path, "%s/empty.ttf", dir);
    tu_write_file(path, "", 0);
    ca_font *f = NULL;
    ck_assert_int_eq(ca_font_open(path, &f, NULL), CA_EINPUT);
    ck_assert_ptr_null(f);
    tu_rmtree(dir);
}
END_TEST

START_TEST(dollars_set_italics)
{
    ca_font *f = open_default();
    ca_glyph up, it;
    uint8_t *a = glyph_copy(f, 'f', false, 20, &up);
    uint8_t *b = glyph_copy(f, 'f', true, 20, &it);
    ck_assert_msg(!same_glyph(&up, &it), "italic f has the upright mask");
    free(a);
    free(b);

    ca_text_metrics mu, mi;
    ck_assert_int_eq(ca_text_measure(f, "f", 20, &mu, NULL), CA_OK);
    ck_assert_int_eq(ca_text_measure(f, "$f$", 20, &mi, NULL), CA_OK);
    ck_assert_double_eq(mi.width, advance_of(f, 'f', true, 20));
    ck_assert_msg(mi.ink_x1 > mu.ink_x1, "italic f does not lean right (%g vs %g)", mi.ink_x1,
                  mu.ink_x1);
    /* The dollars draw nothing: "$f$∗$g$" is three glyphs wide. */
    double want = advance_of(f, 'f', true, 20) + advance_of(f, 0x2217, false, 20) +
                  advance_of(f, 'g', true, 20);
    ck_assert_double_eq_tol(width_of(f, "$f$\xe2\x88\x97$g$", 20), want, 0.05);
    ca_font_free(f);
}
END_TEST

START_TEST(font_file_italics_are_sheared)
{
    ca_font *def = open_default();
    ca_font *f = NULL;
    ca_error err = { 0 };
    ck_assert_msg(ca_font_open(ca_font_file(def), &f, &err) == CA_OK, "%s", err.msg);
    ck_assert_str_eq(ca_font_file(f), ca_font_file(def));
    ca_glyph up, it;
    uint8_t *a = glyph_copy(f, 'l', false, 32, &up);
    uint8_t *b = glyph_copy(f, 'l', true, 32, &it);
    /* An upright l is one column-aligned stem; sheared, its top row starts
     * to the right of its bottom row. */
    int top_first = -1, bottom_first = -1;
    for (int x = 0; x < it.width; x++) {
        if (top_first < 0 && it.alpha[x] > 128)
            top_first = x;
        if (bottom_first < 0 && it.alpha[(it.height - 1) * it.stride + x] > 128)
            bottom_first = x;
    }
    ck_assert_int_ge(top_first - bottom_first, 3);
    ck_assert_int_gt(it.width, up.width);
    ck_assert_double_eq(advance_of(f, 'l', true, 32), advance_of(f, 'l', false, 32));
    free(a);
    free(b);
    ca_font_free(f);
    ca_font_free(def);
}
END_TEST

START_TEST(width_grows_with_the_string)
{
    ca_font *f = open_default();
    ca_text_metrics m;
    ck_assert_int_eq(ca_text_measure(f, "", 20, &m, NULL), CA_OK);
    ck_assert_double_eq(m.width, 0);
    ck_assert_double_eq(m.ink_x1 - m.ink_x0, 0);
    ck_assert_double_gt(m.ascent, 0);
    ck_assert_double_gt(m.descent, 0);
    const char *s[] = { "1", "1.", "1.2", "1.25", "1.25 x", "1.25 x 10" };
    double last = 0;
    for (int i = 0; i < 6; i++) {
        double w = width_of(f, s[i], 20);
        ck_assert_msg(w > last, "'%s' is %g wide, not more than %g", s[i], w, last);
        last = w;
    }
    /* A space has an advance but no ink. */
    ck_assert_int_eq(ca_text_measure(f, " ", 20, &m, NULL), CA_OK);
    ck_assert_double_gt(m.width, 0);
    ck_assert_double_eq(m.ink_x1 - m.ink_x0, 0);
    ca_font_free(f);
}
END_TEST

START_TEST(kerning_tightens_pairs)
{
    ca_font *f = open_default();
    double apart = advance_of(f, 'A', false, 40) + advance_of(f, 'V', false, 40);
    double kerned = width_of(f, "AV", 40);
    ck_assert_msg(kerned < apart - 1, "AV is %g wide, A + V %g", kerned, apart);
    /* No kerning across a style change. */
    ck_assert_double_eq_tol(width_of(f, "A$V$", 40),
                            apart - advance_of(f, 'V', false, 40) +
                                advance_of(f, 'V', true, 40), 0.05);
    ca_font_free(f);
}
END_TEST

START_TEST(metrics_scale_with_size)
{
    ca_font *f = open_default();
    const char *text = "Convolution of $f$ and $g$";
    ca_text_metrics m10, m40;
    ck_assert_int_eq(ca_text_measure(f, text, 10, &m10, NULL), CA_OK);
    ck_assert_int_eq(ca_text_measure(f, text, 40, &m40, NULL), CA_OK);
    ck_assert_double_eq_tol(m40.width / m10.width, 4, 0.05);
    ck_assert_double_eq_tol(m40.ascent / m10.ascent, 4, 1e-9);
    ck_assert_double_eq_tol(m40.descent / m10.descent, 4, 1e-9);
    /* DejaVu Sans's ascent and descent, in ems. */
    ck_assert_double_eq_tol(m40.ascent / 40, 0.928, 0.002);
    ck_assert_double_eq_tol(m40.descent / 40, 0.236, 0.002);
    ck_assert_double_eq_tol((m40.ink_y1 - m40.ink_y0) / (m10.ink_y1 - m10.ink_y0), 4, 0.6);
    ca_font_free(f);
}
END_TEST

START_TEST(glyphs_are_rasterised_once)
{
    ca_font *f = open_default();
    ck_assert_uint_eq(ca_font_glyphs_rendered(f), 0);
    ca_text_metrics m1, m2;
    ck_assert_int_eq(ca_text_measure(f, "y[n]=0.25", 16, &m1, NULL), CA_OK);
    size_t n = ca_font_glyphs_rendered(f);
    ck_assert_uint_eq(n, 9);   /* nine characters, none repeated */
    ck_assert_int_eq(ca_text_measure(f, "y[n]=0.25", 16, &m2, NULL), CA_OK);
    ck_assert_uint_eq(ca_font_glyphs_rendered(f), n);
    ck_assert_mem_eq(&m1, &m2, sizeof m1);
    ca_glyph a, b;
    ck_assert_int_eq(ca_font_glyph(f, 'y', false, 16, &a, NULL), CA_OK);
    ck_assert_int_eq(ca_font_glyph(f, 'y', false, 16, &b, NULL), CA_OK);
    ck_assert_ptr_eq(a.alpha, b.alpha);
    ck_assert_uint_eq(ca_font_glyphs_rendered(f), n);
    /* Another size or style is another glyph. */
    ck_assert_int_eq(ca_font_glyph(f, 'y', true, 16, &a, NULL), CA_OK);
    ck_assert_int_eq(ca_font_glyph(f, 'y', false, 17, &a, NULL), CA_OK);
    ck_assert_uint_eq(ca_font_glyphs_rendered(f), n + 2);
    ca_font_free(f);
}
END_TEST

START_TEST(a_full_cache_empties_without_changing_glyphs)
{
    ca_font *f = open_default();
    ca_glyph before, after;
    uint8_t *a = glyph_copy(f, 'A', false, 20, &before);
    /* Thousands of glyphs: more than the cache holds, so it empties at least once. */
    for (uint32_t cp = 0x21; cp < 0x7f; cp++)
        for (int size = 10; size < 40; size++)
            ck_assert_int_eq(ca_font_glyph(f, cp, size % 2, size, &after, NULL), CA_OK);
    size_t n = ca_font_glyphs_rendered(f);
    ck_assert_uint_eq(n, 1 + 94 * 30);
    uint8_t *b = glyph_copy(f, 'A', false, 20, &after);
    ck_assert_uint_eq(ca_font_glyphs_rendered(f), n + 1);   /* it was evicted */
    ck_assert_msg(same_glyph(&before, &after), "A changed after the cache emptied");
    free(a);
    free(b);
    ca_font_free(f);
}
END_TEST

START_TEST(escaped_dollars_are_literal_and_unpaired_ones_refused)
{
    ca_font *f = open_default();
    double dollar = advance_of(f, '$', false, 20);
    ck_assert_double_eq_tol(width_of(f, "\\$", 20), dollar, 0.05);
    ck_assert_double_eq(width_of(f, "$$", 20), 0);   /* an empty math run */
    /* An unpaired dollar is an unclosed math run, named where it opens. */
    ca_text_metrics m;
    ca_error err = { 0 };
    ck_assert_int_eq(ca_text_measure(f, "$", 20, &m, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "unbalanced '$' at character 1 of '$'");
    ck_assert_int_eq(ca_text_measure(f, "$f$ costs $5", 20, &m, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "unbalanced '$' at character 11 of '$f$ costs $5'");
    ck_assert_double_gt(width_of(f, "\\$f\\$ costs \\$5", 20), 0);
    /* Escaped dollars after markup stay upright and literal. */
    ck_assert_double_eq_tol(width_of(f, "$f$\\$", 20),
                            advance_of(f, 'f', true, 20) + dollar, 0.05);
    /* Outside math, a backslash before anything else is just a backslash. */
    ck_assert_double_eq_tol(width_of(f, "\\n", 20),
                            advance_of(f, '\\', false, 20) + advance_of(f, 'n', false, 20), 0.05);
    ca_font_free(f);
}
END_TEST

START_TEST(invalid_utf8_becomes_replacement_characters)
{
    ca_font *f = open_default();
    double fffd = advance_of(f, 0xFFFD, false, 20);
    ck_assert_double_gt(fffd, 0);
    ck_assert_double_eq_tol(width_of(f, "\xe2\x88\x97", 20), advance_of(f, 0x2217, false, 20),
                            0.05);
    static const struct {
        const char *text;
        int replacements;
    } cases[] = {
        { "\xff", 1 },
        { "\x80", 1 },
        { "\xe2\x88", 1 },           /* cut short: one for the whole start */
        { "\xc0\xaf", 2 },           /* overlong '/' */
        { "\xed\xa0\x80", 3 },       /* a surrogate */
        { "\xf4\x90\x80\x80", 4 },   /* beyond U+10FFFF */
        { "\xf0\x9f", 1 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_msg(fabs(width_of(f, cases[i].text, 20) - cases[i].replacements * fffd) < 0.05,
                      "case %zu", i);
    double x = advance_of(f, 'x', false, 20);
    ck_assert_double_eq_tol(width_of(f, "x\xe2\x88x", 20), 2 * x + fffd, 0.05);
    ca_font_free(f);
}
END_TEST

START_TEST(missing_glyphs_draw_the_notdef_box)
{
    ca_font *f = open_default();
    ca_text_metrics m;
    ck_assert_int_eq(ca_text_measure(f, "\xf3\xbf\xbf\xbd", 20, &m, NULL), CA_OK);   /* U+FFFFD */
    ck_assert_double_gt(m.width, 0);
    ck_assert_double_gt(m.ink_x1 - m.ink_x0, 0);
    ca_font_free(f);
}
END_TEST

START_TEST(bad_sizes_are_refused)
{
    ca_font *f = open_default();
    ca_text_metrics m;
    ca_error err = { 0 };
    const double sizes[] = { 0, -5, 0.5, 5000, NAN, INFINITY };
    for (int i = 0; i < 6; i++)
        ck_assert_int_eq(ca_text_measure(f, "x", sizes[i], &m, &err), CA_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "text size"));
    ca_glyph g;
    ck_assert_int_eq(ca_font_glyph(f, 'x', false, 0, &g, NULL), CA_EINPUT);
    ck_assert_int_eq(ca_text_measure(f, NULL, 12, &m, NULL), CA_EINPUT);
    ck_assert_uint_eq(ca_font_glyphs_rendered(f), 0);
    ca_font_free(f);
}
END_TEST

typedef struct drawing {
    ca_palette pal;
    ca_canvas c;
    int ink;
} drawing;

static void drawing_new(drawing *d, int w, int h)
{
    ca_palette_init(&d->pal, (ca_rgb){ 255, 255, 255 });
    ck_assert_int_eq(ca_palette_add_colour(&d->pal, (ca_rgb){ 0, 0, 0 }, &d->ink, NULL), CA_OK);
    ck_assert_int_eq(ca_palette_add_ramp(&d->pal, d->ink, 0, NULL), CA_OK);
    ck_assert_int_eq(ca_canvas_new(w, h, &d->pal, d->pal.solid[0], &d->c, NULL), CA_OK);
}

/* The bounding box of the pixels that are not background; empty if none. */
static ca_rect inked(const ca_canvas *c, uint8_t background)
{
    ca_rect r = { c->width, c->height, 0, 0 };
    for (int y = 0; y < c->height; y++)
        for (int x = 0; x < c->width; x++)
            if (c->pixels[y * c->stride + x] != background) {
                r.x0 = x < r.x0 ? x : r.x0;
                r.y0 = y < r.y0 ? y : r.y0;
                r.x1 = x + 1 > r.x1 ? x + 1 : r.x1;
                r.y1 = y + 1 > r.y1 ? y + 1 : r.y1;
            }
    return r;
}

START_TEST(drawing_twice_gives_the_same_pixels_from_the_cache)
{
    ca_font *f = open_default();
    drawing d;
    drawing_new(&d, 300, 60);
    const char *text = "Convolution of $f$ and $g$";
    ck_assert_int_eq(ca_text_draw(f, &d.c, 150.3, 30, text, 18, CA_TEXT_CENTRE | CA_TEXT_MIDDLE,
                                  d.ink, NULL), CA_OK);
    size_t n = ca_font_glyphs_rendered(f);
    size_t bytes = (size_t)d.c.stride * (size_t)d.c.height;
    uint8_t *first = malloc(bytes);
    ck_assert_ptr_nonnull(first);
    memcpy(first, d.c.pixels, bytes);
    ck_assert_int_gt(inked(&d.c, d.pal.solid[0]).x1, 0);
    ca_canvas_fill(&d.c, 0);
    ck_assert_int_eq(ca_text_draw(f, &d.c, 150.3, 30, text, 18, CA_TEXT_CENTRE | CA_TEXT_MIDDLE,
                                  d.ink, NULL), CA_OK);
    ck_assert_uint_eq(ca_font_glyphs_rendered(f), n);
    ck_assert_mem_eq(first, d.c.pixels, bytes);
    free(first);
    ca_canvas_free(&d.c);
    ca_font_free(f);
}
END_TEST

START_TEST(each_anchor_puts_the_text_in_its_box)
{
    ca_font *f = open_default();
    drawing d;
    drawing_new(&d, 400, 200);
    const char *text = "Hxg $f$\xe2\x88\x97$g$";
    const double size = 20, x = 200.4, y = 100.2;
    ca_text_metrics m;
    ck_assert_int_eq(ca_text_measure(f, text, size, &m, NULL), CA_OK);
    const int hs[] = { CA_TEXT_LEFT, CA_TEXT_CENTRE, CA_TEXT_RIGHT };
    const int vs[] = { CA_TEXT_BASELINE, CA_TEXT_TOP, CA_TEXT_MIDDLE, CA_TEXT_BOTTOM };
    for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 4; j++) {
            ca_canvas_fill(&d.c, 0);
            ca_error err = { 0 };
            ck_assert_msg(ca_text_draw(f, &d.c, x, y, text, size, hs[i] | vs[j], d.ink,
                                       &err) == CA_OK, "%s", err.msg);
            double left = x - m.width * i / 2.0;
            double base = j == 0 ? y : j == 1 ? y + m.ascent
                        : j == 2 ? y + (m.ascent - m.descent) / 2 : y - m.descent;
            base = round(base);
            ca_rect r = inked(&d.c, d.pal.solid[0]);
            /* The ink box is measured at a whole-pixel x; elsewhere it may
             * move by a pixel. Vertically the baseline is whole, so exact. */
            ck_assert_msg(fabs(r.x0 - (left + m.ink_x0)) <= 1.5 &&
                          fabs(r.x1 - (left + m.ink_x1)) <= 1.5,
                          "anchor %d|%d: x %d..%d, want %g..%g", hs[i], vs[j], r.x0, r.x1,
                          left + m.ink_x0, left + m.ink_x1);
            ck_assert_msg(r.y0 == base + m.ink_y0 && r.y1 == base + m.ink_y1,
                          "anchor %d|%d: y %d..%d, want %g..%g", hs[i], vs[j], r.y0, r.y1,
                          base + m.ink_y0, base + m.ink_y1);
            /* And within the font's own box around the anchor. */
            ck_assert_double_ge(r.y0, base - m.ascent - 1);
            ck_assert_double_le(r.y1, base + m.descent + 1);
        }
    }
    ca_canvas_free(&d.c);
    ca_font_free(f);
}
END_TEST

START_TEST(drawing_clips_and_refuses_bad_arguments)
{
    ca_font *f = open_default();
    drawing d;
    drawing_new(&d, 60, 30);
    /* Mostly off the canvas on every side: clipped, never out of bounds. */
    ck_assert_int_eq(ca_text_draw(f, &d.c, -30, 5, "Wide text here", 40, CA_TEXT_MIDDLE, d.ink,
                                  NULL), CA_OK);
    ck_assert_int_gt(inked(&d.c, d.pal.solid[0]).x1, 0);
    ca_canvas_fill(&d.c, 0);
    ck_assert_int_eq(ca_text_draw(f, &d.c, -1e6, 1e6, "far away", 12, 0, d.ink, NULL), CA_OK);
    ck_assert_int_eq(inked(&d.c, d.pal.solid[0]).x1, 0);
    ca_error err = { 0 };
    ck_assert_int_eq(ca_text_draw(f, &d.c, 0, 0, "x", 12, 0x3, d.ink, &err), CA_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "anchor"));
    ck_assert_int_eq(ca_text_draw(f, &d.c, 0, 0, "x", 12, 0x10, d.ink, NULL), CA_EINPUT);
    ck_assert_int_eq(ca_text_draw(f, &d.c, NAN, 0, "x", 12, 0, d.ink, NULL), CA_EINPUT);
    ck_assert_int_eq(ca_text_draw(f, &d.c, 0, 1e300, "x", 12, 0, d.ink, NULL), CA_EINPUT);
    ck_assert_int_eq(ca_text_draw(f, &d.c, 0, 0, "x", 0, 0, d.ink, NULL), CA_EINPUT);
    ck_assert_int_eq(ca_text_draw(f, &d.c, 0, 0, NULL, 12, 0, d.ink, NULL), CA_EINPUT);
    ca_canvas_free(&d.c);
    ca_font_free(f);
}
END_TEST

/* The glyphs text lays out into at size px. */
static void layout_of(ca_font *f, const char *text, double size, text_layout *l)
{
    ca_error err = { 0 };
    ck_assert_msg(text_layout_build(f, text, lround(size * 64), l, &err) == CA_OK, "%s: %s",
                  text, err.msg);
}

static void assert_same_layout(const text_layout *a, const text_layout *b, const char *what)
{
    ck_assert_msg(a->n == b->n && a->lines == b->lines, "%s: %zu and %zu glyphs", what, a->n,
                  b->n);
    for (size_t i = 0; i < a->n; i++) {
        const text_glyph *x = &a->glyph[i], *y = &b->glyph[i];
        ck_assert_msg(x->cp == y->cp && x->style == y->style && x->face == y->face &&
                      x->synth == y->synth && x->gid == y->gid && x->size26 == y->size26 &&
                      x->x26 == y->x26 && x->dy == y->dy && x->line == y->line,
                      "%s: glyph %zu differs", what, i);
    }
    for (int i = 0; i < a->lines; i++)
        ck_assert_msg(a->width26[i] == b->width26[i], "%s: line %d's width differs", what, i);
}

/* Every symbol macro, and the character it must draw. */
static const struct {
    const char *macro, *utf8;
    uint32_t cp;
} symbols[] = {
    { "alpha", "\u03b1", 0x3b1 }, { "beta", "\u03b2", 0x3b2 }, { "gamma", "\u03b3", 0x3b3 },
    { "delta", "\u03b4", 0x3b4 }, { "epsilon", "\u03f5", 0x3f5 },
    { "varepsilon", "\u03b5", 0x3b5 }, { "zeta", "\u03b6", 0x3b6 }, { "eta", "\u03b7", 0x3b7 },
    { "theta", "\u03b8", 0x3b8 }, { "vartheta", "\u03d1", 0x3d1 }, { "iota", "\u03b9", 0x3b9 },
    { "kappa", "\u03ba", 0x3ba }, { "lambda", "\u03bb", 0x3bb }, { "mu", "\u03bc", 0x3bc },
    { "nu", "\u03bd", 0x3bd }, { "xi", "\u03be", 0x3be }, { "pi", "\u03c0", 0x3c0 },
    { "rho", "\u03c1", 0x3c1 }, { "sigma", "\u03c3", 0x3c3 }, { "tau", "\u03c4", 0x3c4 },
    { "upsilon", "\u03c5", 0x3c5 }, { "phi", "\u03d5", 0x3d5 }, { "varphi", "\u03c6", 0x3c6 },
    { "chi", "\u03c7", 0x3c7 }, { "psi", "\u03c8", 0x3c8 }, { "omega", "\u03c9", 0x3c9 },
    { "Gamma", "\u0393", 0x393 }, { "Delta", "\u0394", 0x394 }, { "Theta", "\u0398", 0x398 },
    { "Lambda", "\u039b", 0x39b }, { "Xi", "\u039e", 0x39e }, { "Pi", "\u03a0", 0x3a0 },
    { "Sigma", "\u03a3", 0x3a3 }, { "Upsilon", "\u03a5", 0x3a5 }, { "Phi", "\u03a6", 0x3a6 },
    { "Psi", "\u03a8", 0x3a8 }, { "Omega", "\u03a9", 0x3a9 },
    { "int", "\u222b", 0x222b }, { "sum", "\u2211", 0x2211 }, { "prod", "\u220f", 0x220f },
    { "cdot", "\u22c5", 0x22c5 }, { "times", "\u00d7", 0xd7 }, { "ast", "\u2217", 0x2217 },
    { "star", "\u22c6", 0x22c6 }, { "circledast", "\u229b", 0x229b },
    { "infty", "\u221e", 0x221e }, { "partial", "\u2202", 0x2202 },
    { "nabla", "\u2207", 0x2207 }, { "pm", "\u00b1", 0xb1 }, { "mp", "\u2213", 0x2213 },
    { "leq", "\u2264", 0x2264 }, { "geq", "\u2265", 0x2265 }, { "neq", "\u2260", 0x2260 },
    { "approx", "\u2248", 0x2248 }, { "equiv", "\u2261", 0x2261 }, { "to", "\u2192", 0x2192 },
    { "rightarrow", "\u2192", 0x2192 }, { "leftarrow", "\u2190", 0x2190 },
    { "Rightarrow", "\u21d2", 0x21d2 }, { "ldots", "\u2026", 0x2026 },
    { "cdots", "\u22ef", 0x22ef },
};

START_TEST(every_symbol_macro_lays_out_as_its_character)
{
    ca_font *f = open_default();
    for (size_t i = 0; i < sizeof symbols / sizeof symbols[0]; i++) {
        /* alone, and between two letters, where the space around an
         * operator or a relation shows */
        for (int between = 0; between < 2; between++) {
            char by_macro[64], by_char[64];
            snprintf(by_macro, sizeof by_macro, between ? "$a\\%s b$" : "$\\%s$",
                     symbols[i].macro);
            snprintf(by_char, sizeof by_char, between ? "$a%sb$" : "$%s$", symbols[i].utf8);
            text_layout a, b;
            layout_of(f, by_macro, 20, &a);
            layout_of(f, by_char, 20, &b);
            ck_assert_uint_eq(a.n, between ? 3 : 1);
            ck_assert_msg(a.glyph[between].cp == symbols[i].cp, "\\%s is U+%04X",
                          symbols[i].macro, (unsigned)a.glyph[between].cp);
            assert_same_layout(&a, &b, by_macro);
            text_layout_free(&a);
            text_layout_free(&b);
        }
    }
    /* braces group in math, \{ and \} draw them; \$ is a dollar in math too */
    text_layout l;
    layout_of(f, "${x}\\{x\\}\\$$", 20, &l);
    const uint32_t cps[] = { 'x', '{', 'x', '}', '$' };
    ck_assert_uint_eq(l.n, 5);
    for (int i = 0; i < 5; i++)
        ck_assert_uint_eq(l.glyph[i].cp, cps[i]);
    text_layout_free(&l);
    ca_font_free(f);
}
END_TEST

START_TEST(math_sets_letters_italic_and_the_rest_upright)
{
    ca_font *f = open_default();
    text_layout l;
    layout_of(f, "$x1\\Gamma\\gamma+-$ -", 20, &l);
    ck_assert_uint_eq(l.n, 8);
    const uint32_t cps[] = { 'x', '1', 0x393, 0x3b3, '+', 0x2212, ' ', '-' };
    const int styles[] = { TEXT_ITALIC, TEXT_UPRIGHT, TEXT_UPRIGHT, TEXT_ITALIC,
                           TEXT_UPRIGHT, TEXT_UPRIGHT, TEXT_UPRIGHT, TEXT_UPRIGHT };
    for (int i = 0; i < 8; i++) {
        ck_assert_msg(l.glyph[i].cp == cps[i], "glyph %d is U+%04X", i,
                      (unsigned)l.glyph[i].cp);
        ck_assert_int_eq(l.glyph[i].style, styles[i]);
    }
    text_layout_free(&l);
    /* \mathrm sets letters upright, \mathbf bold; both only their argument */
    layout_of(f, "$\\mathrm{dx}\\mathbf{v}1 \\mathbf x y$", 20, &l);
    ck_assert_uint_eq(l.n, 6);
    const int fonts[] = { TEXT_UPRIGHT, TEXT_UPRIGHT, TEXT_BOLD, TEXT_UPRIGHT, TEXT_BOLD,
                          TEXT_ITALIC };
    for (int i = 0; i < 6; i++)
        ck_assert_msg(l.glyph[i].style == fonts[i], "glyph %d has style %d", i,
                      l.glyph[i].style);
    ck_assert_int_ne(l.glyph[2].face, l.glyph[0].face);   /* DejaVu Sans Bold */
    text_layout_free(&l);
    /* spaces in math are ignored, as TeX ignores them */
    text_layout a, b;
    layout_of(f, "$a + b$", 20, &a);
    layout_of(f, "$a+b$", 20, &b);
    assert_same_layout(&a, &b, "$a + b$");
    text_layout_free(&a);
    text_layout_free(&b);
    ca_font_free(f);
}
END_TEST

/* The pen after glyph i: where it starts plus its advance. */
static int64_t end_of(ca_font *f, const text_glyph *g)
{
    int64_t adv;
    ck_assert_int_eq(text_font_advance(f, g, &adv, NULL), CA_OK);
    return g->x26 + adv;
}

START_TEST(space_macros_and_operators_space_as_tex)
{
    ca_font *f = open_default();
    const long size26 = 20 * 64;
    const struct {
        const char *text;
        int mu;
    } cases[] = {
        { "$a\\,b$", 3 }, { "$a\\;b$", 5 }, { "$a\\quad b$", 18 },
        { "$a+b$", 4 },   /* a binary operator: a medium space each side */
        { "$a=b$", 5 },   /* a relation: a thick space */
        { "$-b$", 0 },    /* a unary minus: none */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        text_layout l;
        layout_of(f, cases[i].text, 20, &l);
        int64_t want = llround(cases[i].mu / 18.0 * size26);
        const text_glyph *last = &l.glyph[l.n - 1], *before = &l.glyph[l.n - 2];
        ck_assert_msg(last->x26 - end_of(f, before) == want, "%s: %lld, want %lld",
                      cases[i].text, (long long)(last->x26 - end_of(f, before)),
                      (long long)want);
        text_layout_free(&l);
    }
    /* in a script, TeX leaves the medium and thick spaces out */
    text_layout l;
    layout_of(f, "$x^{a+b}$", 20, &l);
    ck_assert_uint_eq(l.n, 4);
    ck_assert_int_eq(l.glyph[2].x26, end_of(f, &l.glyph[1]));
    text_layout_free(&l);
    ca_font_free(f);
}
END_TEST

START_TEST(scripts_are_smaller_shifted_and_nest)
{
    ca_font *f = open_default();
    text_layout l;
    layout_of(f, "$e^{-t^2}$", 20, &l);
    ck_assert_uint_eq(l.n, 4);
    const text_glyph *e = &l.glyph[0], *minus = &l.glyph[1], *t = &l.glyph[2],
                     *two = &l.glyph[3];
    ck_assert_int_eq(minus->cp, 0x2212);
    ck_assert_int_eq(e->dy, 0);
    ck_assert_int_lt(minus->dy, 0);
    ck_assert_int_eq(t->dy, minus->dy);
    ck_assert_int_lt(two->dy, t->dy);                       /* raised again */
    ck_assert_int_lt(minus->size26, e->size26);
    ck_assert_int_eq(t->size26, minus->size26);
    ck_assert_int_lt(two->size26, t->size26);
    ck_assert_int_ge(minus->x26, end_of(f, e));             /* after the base */
    text_layout_free(&l);

    /* a subscript and a superscript stack over one another, in either order */
    text_layout a, b;
    layout_of(f, "$x_1^2$", 20, &a);
    layout_of(f, "$x^2_1$", 20, &b);
    assert_same_layout(&a, &b, "$x^2_1$");
    ck_assert_uint_eq(a.n, 3);
    const text_glyph *sup = &a.glyph[1], *sub = &a.glyph[2];
    ck_assert_int_eq(sup->cp, '2');
    ck_assert_int_eq(sub->cp, '1');
    ck_assert_int_lt(sup->dy, 0);
    ck_assert_int_gt(sub->dy, 0);
    ck_assert_int_eq(sub->x26, end_of(f, &a.glyph[0]));
    text_layout_free(&a);
    text_layout_free(&b);

    /* and $x_1$ is narrower than $x1$ */
    ck_assert_double_lt(width_of(f, "$x_1$", 20), width_of(f, "$x1$", 20));
    ca_font_free(f);
}
END_TEST

START_TEST(accents_sit_centred_over_their_argument)
{
    ca_font *f = open_default();
    const struct {
        const char *text;
        uint32_t accent;
    } cases[] = {
        { "$\\hat{x}$", 0x2c6 }, { "$\\bar{X}$", 0xaf }, { "$\\tilde h$", 0x2dc },
        { "$\\dot{y}$", 0x2d9 }, { "$\\hat{\\mathrm{H}}$", 0x2c6 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        text_layout l;
        layout_of(f, cases[i].text, 40, &l);
        ck_assert_uint_eq(l.n, 2);
        const text_glyph *body = &l.glyph[0], *acc = &l.glyph[1];
        ck_assert_msg(acc->cp == cases[i].accent, "%s: U+%04X", cases[i].text,
                      (unsigned)acc->cp);
        text_ink bi, ai;
        ck_assert_int_eq(text_font_ink(f, body, &bi, NULL), CA_OK);
        ck_assert_int_eq(text_font_ink(f, acc, &ai, NULL), CA_OK);
        ck_assert_msg(acc->dy + ai.y1 < body->dy + bi.y0, "%s: the accent is not above",
                      cases[i].text);
        double bc = body->x26 / 64.0 + (bi.x0 + bi.x1) / 2.0;
        double ac = acc->x26 / 64.0 + (ai.x0 + ai.x1) / 2.0;
        /* an italic body's top leans right, so its accent does too */
        double lean = body->style == TEXT_ITALIC ? 0.2126 * (bi.y1 - bi.y0) / 2 : 0;
        ck_assert_msg(fabs(ac - bc - lean) < 1.5, "%s: accent centre %g, body %g",
                      cases[i].text, ac, bc);
        /* the accent takes no room of its own */
        ck_assert_int_eq(l.width26[0], end_of(f, body));
        text_layout_free(&l);
    }
    ca_font_free(f);
}
END_TEST

START_TEST(bad_markup_is_refused_naming_what_and_where)
{
    ca_font *f = open_default();
    static const struct {
        const char *text, *msg;
    } cases[] = {
        { "$\\foo$", "unknown macro '\\foo' at character 2 of '$\\foo$'" },
        { "$x + \\alpah$",
          "unknown macro '\\alpah' at character 6 of '$x + \\alpah$': did you mean '\\alpha'?" },
        { "\u5377\u79ef $\\foo$", "unknown macro '\\foo' at character 5 of '\u5377\u79ef $\\foo$'" },
        { "$x^{2$", "unbalanced '{' at character 4 of '$x^{2$'" },
        { "$x^{2}}$", "unbalanced '}' at character 7 of '$x^{2}}$'" },
        { "a $x$ b $y", "unbalanced '$' at character 9 of 'a $x$ b $y'" },
        { "$x^$", "'^' without an argument at character 3 of '$x^$'" },
        { "$x_}$", "'_' without an argument at character 3 of '$x_}$'" },
        { "$x_1_2$", "double subscript at character 5 of '$x_1_2$'" },
        { "$x^1_0^2$", "double superscript at character 7 of '$x^1_0^2$'" },
        { "$\\hat$", "'\\hat' without an argument at character 2 of '$\\hat$'" },
        { "$\\mathbf $", "'\\mathbf' without an argument at character 2 of '$\\mathbf $'" },
        { "$a\\", "a lone '\\' at character 3 of '$a\\'" },
        { "$a\nb$", "a line break inside $...$ at character 3 of '$a?b$'" },
        { "a\tb", "control character U+0009 at character 2 of 'a?b'" },
        { "\x1b[1m", "control character U+001B at character 1 of '?[1m'" },
        { "$x\x7f$", "control character U+007F at character 3 of '$x?$'" },
        { "x\xc2\x85", "control character U+0085 at character 2 of 'x?'" },
        { "${{{{{{{{{{{{{{{{{{{{{{{{{{{{{{x}}}}}}}}}}}}}}}}}}}}}}}}}}}}}$",
          "markup nested more than 24 deep at character 26 of "
          "'${{{{{{{{{{{{{{{{{{{{{{{{{{{{{{x}}}}}}}}\u2026'" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ca_error err = { 0 };
        ca_text_metrics m;
        ck_assert_int_eq(ca_text_measure(f, cases[i].text, 20, &m, &err), CA_EINPUT);
        ck_assert_str_eq(err.msg, cases[i].msg);
    }
    ca_font_free(f);
}
END_TEST

/* text drawn in black on white at (x, y) with anchor, as a new canvas's
 * pixels (the caller frees them and the canvas). */
static void draw_on(drawing *d, int w, int h, ca_font *f, const char *text, double size,
                    double x, double y, int anchor)
{
    drawing_new(d, w, h);
    ca_error err = { 0 };
    ck_assert_msg(ca_text_draw(f, &d->c, x, y, text, size, anchor, d->ink, &err) == CA_OK,
                  "%s: %s", text, err.msg);
}

static int same_pixels(const drawing *a, const drawing *b)
{
    for (int y = 0; y < a->c.height; y++)
        if (memcmp(a->c.pixels + y * a->c.stride, b->c.pixels + y * b->c.stride,
                   (size_t)a->c.width))
            return 0;
    return 1;
}

START_TEST(a_macro_draws_the_pixels_of_its_character)
{
    ca_font *f = open_default();
    static const char *const pairs[][2] = {
        { "$\\tau$", "$\u03c4$" },
        { "$\\ast$", "$\u2217$" },
        { "$f\\ast g$", "$f\u2217g$" },
        { "$y(t)=\\int x(\\tau)h(t-\\tau)d\\tau$", "$y(t)=\u222bx(\u03c4)h(t\u2212\u03c4)d\u03c4$" },
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        drawing a, b;
        draw_on(&a, 320, 60, f, pairs[i][0], 24, 160.25, 30, CA_TEXT_CENTRE | CA_TEXT_MIDDLE);
        draw_on(&b, 320, 60, f, pairs[i][1], 24, 160.25, 30, CA_TEXT_CENTRE | CA_TEXT_MIDDLE);
        ck_assert_int_gt(inked(&a.c, a.pal.solid[0]).x1, 0);
        ck_assert_msg(same_pixels(&a, &b), "%s and %s draw differently", pairs[i][0],
                      pairs[i][1]);
        ca_canvas_free(&a.c);
        ca_canvas_free(&b.c);
    }
    ca_font_free(f);
}
END_TEST

START_TEST(scripts_draw_smaller_and_shifted)
{
    ca_font *f = open_default();
    drawing plain, sub, sup;
    draw_on(&plain, 120, 80, f, "$x1$", 32, 10, 50, CA_TEXT_LEFT);
    draw_on(&sub, 120, 80, f, "$x_1$", 32, 10, 50, CA_TEXT_LEFT);
    draw_on(&sup, 120, 80, f, "$x^1$", 32, 10, 50, CA_TEXT_LEFT);
    ca_rect p = inked(&plain.c, 0), b = inked(&sub.c, 0), t = inked(&sup.c, 0);
    /* the same x, then a smaller 1: narrower, reaching below the baseline
     * or above the plain 1 */
    ck_assert_int_lt(b.x1, p.x1);
    ck_assert_int_lt(t.x1, p.x1);
    ck_assert_int_gt(b.y1, 50);
    ck_assert_int_eq(p.y1, 50);
    ck_assert_int_lt(t.y0, p.y0);
    ca_canvas_free(&plain.c);
    ca_canvas_free(&sub.c);
    ca_canvas_free(&sup.c);
    /* a script alone: a 1 at 70 % of the height */
    draw_on(&plain, 120, 80, f, "$1$", 32, 10, 50, CA_TEXT_LEFT);
    draw_on(&sub, 120, 80, f, "$_1$", 32, 10, 50, CA_TEXT_LEFT);
    p = inked(&plain.c, 0);
    b = inked(&sub.c, 0);
    ck_assert_double_eq_tol((double)(b.y1 - b.y0) / (p.y1 - p.y0), 0.7, 0.1);
    ca_canvas_free(&plain.c);
    ca_canvas_free(&sub.c);
    ck_assert_double_lt(width_of(f, "$x_1$", 20), width_of(f, "$x1$", 20));
    ca_font_free(f);
}
END_TEST

START_TEST(other_scripts_come_from_a_fallback_font)
{
    ca_font *f = open_default();
    /* two titles in Chinese: DejaVu Sans has neither, WenQuanYi Micro Hei
     * both; were they boxes, they would draw the same pixels */
    const char *a = "\u5377\u79ef", *b = "\u4fe1\u53f7";
    drawing da, db;
    draw_on(&da, 120, 50, f, a, 24, 60, 25, CA_TEXT_CENTRE | CA_TEXT_MIDDLE);
    draw_on(&db, 120, 50, f, b, 24, 60, 25, CA_TEXT_CENTRE | CA_TEXT_MIDDLE);
    ck_assert_int_gt(inked(&da.c, 0).x1, 0);
    ck_assert_msg(!same_pixels(&da, &db), "two Chinese titles draw the same pixels");
    ck_assert_uint_eq(ca_font_missing(f), 0);
    text_layout l;
    layout_of(f, "x\u5377", 24, &l);
    ck_assert_int_ne(l.glyph[1].face, l.glyph[0].face);
    text_layout_free(&l);
    ca_canvas_free(&da.c);
    ca_canvas_free(&db.c);

    /* characters no font has are boxes, all alike; the first is remembered */
    drawing ma, mb;
    draw_on(&ma, 120, 50, f, "\xf3\xbf\xbf\xbd", 24, 60, 25, CA_TEXT_CENTRE | CA_TEXT_MIDDLE);
    draw_on(&mb, 120, 50, f, "\xf3\xbf\xbf\xbc", 24, 60, 25, CA_TEXT_CENTRE | CA_TEXT_MIDDLE);
    ck_assert(same_pixels(&ma, &mb));
    ck_assert_uint_eq(ca_font_missing(f), 0xFFFFD);
    ca_canvas_free(&ma.c);
    ca_canvas_free(&mb.c);
    ca_font_free(f);
}
END_TEST

START_TEST(a_line_feed_starts_a_new_line)
{
    ca_font *f = open_default();
    ca_text_metrics one, two;
    ck_assert_int_eq(ca_text_measure(f, "WWW", 20, &one, NULL), CA_OK);
    ck_assert_int_eq(ca_text_measure(f, "WWW\n$i_1$", 20, &two, NULL), CA_OK);
    ck_assert_int_eq(one.lines, 1);
    ck_assert_double_eq(one.height, one.ascent + one.descent);
    ck_assert_int_eq(two.lines, 2);
    ck_assert_double_eq(two.width, one.width);   /* the widest line */
    ck_assert_double_eq(two.height, one.ascent + one.descent + 24);   /* 1.2 em */
    ck_assert_double_gt(two.ink_y1, 24);   /* the second line's subscript */
    /* each line is anchored on its own: centred, and the last line's
     * descent on y for BOTTOM */
    drawing both, apart;
    draw_on(&both, 200, 100, f, "WWW\n$i_1$", 20, 100.5, 90, CA_TEXT_CENTRE | CA_TEXT_BOTTOM);
    draw_on(&apart, 200, 100, f, "$i_1$", 20, 100.5, 90, CA_TEXT_CENTRE | CA_TEXT_BOTTOM);
    ck_assert_int_eq(ca_text_draw(f, &apart.c, 100.5, 90 - 24, "WWW", 20,
                                  CA_TEXT_CENTRE | CA_TEXT_BOTTOM, apart.ink, NULL), CA_OK);
    ck_assert(same_pixels(&both, &apart));
    ca_canvas_free(&both.c);
    ca_canvas_free(&apart.c);
    /* other control characters are refused when drawing too */
    drawing d;
    drawing_new(&d, 40, 20);
    ca_error err = { 0 };
    ck_assert_int_eq(ca_text_draw(f, &d.c, 0, 10, "a\rb", 12, 0, d.ink, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "control character U+000D at character 2 of 'a?b'");
    ck_assert_int_eq(inked(&d.c, 0).x1, 0);
    ca_canvas_free(&d.c);
    ca_font_free(f);
}
END_TEST

START_TEST(math_scales_with_the_size)
{
    ca_font *f = open_default();
    const char *text = "$y(t)=\\int x(\\tau)\\,h(t-\\tau)\\,d\\tau$ and $e^{-t^2}$";
    ca_text_metrics m1, m2;
    ck_assert_int_eq(ca_text_measure(f, text, 15, &m1, NULL), CA_OK);
    ck_assert_int_eq(ca_text_measure(f, text, 30, &m2, NULL), CA_OK);
    ck_assert_double_eq_tol(m2.width / m1.width, 2, 0.03);
    /* ink rounds to whole pixels at each end */
    ck_assert_double_eq_tol((m2.ink_y1 - m2.ink_y0) / (m1.ink_y1 - m1.ink_y0), 2, 0.2);
    ck_assert_double_eq_tol(m2.height / m1.height, 2, 1e-9);
    ca_font_free(f);
}
END_TEST

START_TEST(bold_without_dejavu_sans_bold_is_emboldened)
{
    ca_font *def = open_default();
    ca_font *f = NULL;
    ca_error err = { 0 };
    ck_assert_msg(ca_font_open(ca_font_file(def), &f, &err) == CA_OK, "%s", err.msg);
    text_layout l;
    layout_of(f, "$\\mathbf{l}\\mathrm{l}$", 32, &l);
    ck_assert_int_eq(l.glyph[0].face, l.glyph[1].face);
    ck_assert_int_eq(l.glyph[0].synth, TEXT_EMBOLDEN);
    text_ink bold, plain;
    ck_assert_int_eq(text_font_ink(f, &l.glyph[0], &bold, NULL), CA_OK);
    ck_assert_int_eq(text_font_ink(f, &l.glyph[1], &plain, NULL), CA_OK);
    ck_assert_int_gt(bold.x1 - bold.x0, plain.x1 - plain.x0);
    ck_assert_int_gt(l.glyph[1].x26 - l.glyph[0].x26, end_of(f, &l.glyph[1]) - l.glyph[1].x26);
    text_layout_free(&l);
    ca_font_free(f);
    ca_font_free(def);
}
END_TEST

/* The default font's files are the ones fontconfig finds, and draw the
 * same pixels; italics and bold come from faces of their own, not from the
 * upright sheared or emboldened. They are read from their folder, not
 * through fontconfig: a user's fontconfig settings that refuse DejaVu Sans
 * Oblique shear the italics only when fontconfig is asked. */
START_TEST(dejavu_comes_from_its_folder_as_fontconfig_finds_it)
{
    static const char *const nowhere[] = { NULL };
    ca_font *def = open_default(), *fc = NULL;
    ca_error err = { 0 };
    ck_assert_msg(ca_font_open_dejavu(nowhere, &fc, &err) == CA_OK, "%s", err.msg);
    ck_assert_str_eq(ca_font_file(def), ca_font_file(fc));
    const char *text = "Fy $x[n] \\mathbf{W}$, $\\mathbf{l}l$";
    drawing a, b;
    draw_on(&a, 400, 60, def, text, 24, 10, 40, CA_TEXT_LEFT);
    draw_on(&b, 400, 60, fc, text, 24, 10, 40, CA_TEXT_LEFT);
    ck_assert_int_gt(inked(&a.c, a.pal.solid[0]).x1, 0);
    ck_assert_msg(same_pixels(&a, &b), "the default font draws unlike fontconfig's DejaVu Sans");
    text_layout l;
    layout_of(def, "$\\mathbf{l}l\\mathrm{l}$", 24, &l);
    ck_assert_int_eq(l.glyph[0].synth, 0);
    ck_assert_int_eq(l.glyph[1].synth, 0);
    ck_assert(l.glyph[0].face != l.glyph[2].face && l.glyph[1].face != l.glyph[2].face);
    text_layout_free(&l);
    ca_canvas_free(&a.c);
    ca_canvas_free(&b.c);
    ca_font_free(fc);
    ca_font_free(def);

    char dir[4096], path[4200];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/fontconfig", dir);
    ck_assert_int_eq(mkdir(path, 0700), 0);
    static const char refuse[] =
        "<?xml version=\"1.0\"?>\n<fontconfig><selectfont><rejectfont><pattern>"
        "<patelt name=\"family\"><string>DejaVu Sans</string></patelt>"
        "<patelt name=\"style\"><string>Oblique</string></patelt>"
        "</pattern></rejectfont></selectfont></fontconfig>\n";
    snprintf(path, sizeof path, "%s/fontconfig/fonts.conf", dir);
    tu_write_file(path, refuse, strlen(refuse));
    ck_assert_int_eq(setenv("XDG_CONFIG_HOME", dir, 1), 0);
    ca_font *user = NULL, *folder = NULL;
    ca_status asked = ca_font_open_dejavu(nowhere, &user, &err);
    ca_status read = ca_font_open(NULL, &folder, &err);
    unsetenv("XDG_CONFIG_HOME");
    ck_assert_msg(asked == CA_OK && read == CA_OK, "%s", err.msg);
    layout_of(user, "$l$", 24, &l);
    ck_assert_int_eq(l.glyph[0].synth, TEXT_SHEAR);
    text_layout_free(&l);
    layout_of(folder, "$l$", 24, &l);
    ck_assert_int_eq(l.glyph[0].synth, 0);
    text_layout_free(&l);
    ca_font_free(user);
    ca_font_free(folder);
    tu_rmtree(dir);
}
END_TEST

/* Makes folder dir/name (its path in out) holding, as DejaVu Sans's upright,
 * oblique and bold files, copies of the files from folder sys that from
 * names (NULL: none). */
static void dejavu_folder(char out[4200], const char *dir, const char *name, const char *sys,
                          const char *const from[3])
{
    static const char *const faces[] = { "DejaVuSans.ttf", "DejaVuSans-Oblique.ttf",
                                         "DejaVuSans-Bold.ttf" };
    char src[4200], dst[4300];
    snprintf(out, 4200, "%s/%s", dir, name);
    ck_assert_int_eq(mkdir(out, 0700), 0);
    for (int i = 0; i < 3; i++)
        if (from[i]) {
            snprintf(src, sizeof src, "%s/%s", sys, from[i]);
            snprintf(dst, sizeof dst, "%s/%s", out, faces[i]);
            tu_copy_file(src, dst);
        }
}

/* A folder of DejaVu Sans is taken only with all three faces in it, each
 * the face its name says; any other is passed over for the next folder,
 * then for fontconfig. With a configuration named in the environment, by
 * any of fontconfig's three variables, no folder is looked in. */
START_TEST(dejavu_is_taken_from_a_folder_only_whole_and_true)
{
    ca_font *def = open_default();
    char sys[4096], dir[4096], path[4300];
    snprintf(sys, sizeof sys, "%s", ca_font_file(def));
    *strrchr(sys, '/') = '\0';
    tu_mkdtemp(dir, sizeof dir);
    /* whole, then folders that differ from it in one way each: the upright
     * is DejaVu Serif, the oblique is the bold oblique, only the upright is
     * there, the upright is a fifo (which FreeType would wait on) */
    char whole[4200], serif[4200], style[4200], alone[4200], hollow[4200];
    dejavu_folder(whole, dir, "whole", sys,
                  (const char *const[]){ "DejaVuSans.ttf", "DejaVuSans-Oblique.ttf",
                                         "DejaVuSans-Bold.ttf" });
    dejavu_folder(serif, dir, "serif", sys,
                  (const char *const[]){ "DejaVuSerif.ttf", "DejaVuSans-Oblique.ttf",
                                         "DejaVuSans-Bold.ttf" });
    dejavu_folder(style, dir, "style", sys,
                  (const char *const[]){ "DejaVuSans.ttf", "DejaVuSans-BoldOblique.ttf",
                                         "DejaVuSans-Bold.ttf" });
    dejavu_folder(alone, dir, "alone", sys, (const char *const[]){ "DejaVuSans.ttf", NULL, NULL });
    dejavu_folder(hollow, dir, "hollow", sys,
                  (const char *const[]){ NULL, "DejaVuSans-Oblique.ttf", "DejaVuSans-Bold.ttf" });
    snprintf(path, sizeof path, "%s/DejaVuSans.ttf", hollow);
    ck_assert_int_eq(mkfifo(path, 0600), 0);

    const char *const wrong[] = { serif, style, alone, hollow, "/no/such/folder", NULL };
    ca_font *f = NULL;
    ca_error err = { 0 };
    ck_assert_msg(ca_font_open_dejavu(wrong, &f, &err) == CA_OK, "%s", err.msg);
    ck_assert_str_eq(ca_font_file(f), ca_font_file(def));
    ca_font_free(f);

    const char *const homes[] = { serif, style, alone, hollow, whole, NULL };
    ck_assert_msg(ca_font_open_dejavu(homes, &f, &err) == CA_OK, "%s", err.msg);
    snprintf(path, sizeof path, "%s/DejaVuSans.ttf", whole);
    ck_assert_str_eq(ca_font_file(f), path);
    drawing a, b;
    const char *text = "Fy $x[n] \\mathbf{W}$";
    draw_on(&a, 300, 60, def, text, 24, 10, 40, CA_TEXT_LEFT);
    draw_on(&b, 300, 60, f, text, 24, 10, 40, CA_TEXT_LEFT);
    ck_assert(same_pixels(&a, &b));
    ca_canvas_free(&a.c);
    ca_canvas_free(&b.c);
    ca_font_free(f);

    char conf[4096], file[4200];
    tu_mkdtemp(conf, sizeof conf);
    private_fontconfig(conf, NULL);
    unsetenv("FONTCONFIG_FILE");
    snprintf(file, sizeof file, "%s/fonts.conf", conf);
    /* the same configuration where FONTCONFIG_SYSROOT=conf has it looked for */
    snprintf(path, sizeof path, "%s/etc", conf);
    ck_assert_int_eq(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/etc/fonts", conf);
    ck_assert_int_eq(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/etc/fonts/fonts.conf", conf);
    tu_copy_file(file, path);
    snprintf(path, sizeof path, "%s/DejaVuSans.ttf", whole);
    static const char *const vars[] = { "FONTCONFIG_FILE", "FONTCONFIG_PATH",
                                        "FONTCONFIG_SYSROOT" };
    const char *const values[] = { file, conf, conf };
    for (int i = 0; i < 3; i++) {
        ck_assert_int_eq(setenv(vars[i], values[i], 1), 0);
        f = NULL;
        ca_status s = ca_font_open_dejavu(homes + 4, &f, &err);
        unsetenv(vars[i]);
        ck_assert_msg(s != CA_OK || strcmp(ca_font_file(f), path) != 0,
                      "with %s set, DejaVu Sans came from a folder", vars[i]);
        ca_font_free(f);
    }
    ca_font_free(def);
    tu_rmtree(conf);
    tu_rmtree(dir);
}
END_TEST

START_TEST(math_heavy_title_and_caption_match_their_golden_images)
{
    ca_font *f = open_default();
    static const struct {
        const char *name, *text;
        int width, height;
        double size;
    } cases[] = {
        { "math-title",
          "$y(t)=\\int_{-\\infty}^{\\infty} x(\\tau)\\,h(t-\\tau)\\,d\\tau$ and "
          "$\\hat{X}(\\omega)=\\sum_{n} x[n]\\,e^{-j\\omega n}$, \u5377\u79ef",
          760, 48, 24 },
        { "math-caption",
          "$n$ = 3     $y$[3] = $\\sum_{k=0}^{N-1} f_k\\cdot g_{n-k}$ = 0.25  "
          "($\\mathbf{x}_1^2 \\leq \\bar{y}$, $\\alpha\\beta\\gamma \\approx \\tilde{h}$, "
          "$\\dot{\\theta} \\to \\Omega$, $a \\pm b \\neq c\\star d\\circledast e$)\n"
          "a second line: $\\mathrm{d}x/\\mathrm{d}t \\geq \\epsilon\\,\\varepsilon\\;\\varphi"
          "\\quad\\partial\\nabla\\cdots\\ldots \\equiv \\Rightarrow$ \\$5",
          760, 48, 15 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        drawing d;
        draw_on(&d, cases[i].width, cases[i].height, f, cases[i].text, cases[i].size,
                cases[i].width / 2.0, 4, CA_TEXT_CENTRE | CA_TEXT_TOP);
        ca_rect r = inked(&d.c, 0);
        /* nothing clipped: a margin on every side */
        ck_assert_msg(r.x0 > 0 && r.y0 > 0 && r.x1 < d.c.width && r.y1 < d.c.height,
                      "%s is clipped: ink %d,%d..%d,%d", cases[i].name, r.x0, r.y0, r.x1, r.y1);
        tu_assert_golden(cases[i].name, &d.c, &d.pal);
        ca_canvas_free(&d.c);
    }
    ca_font_free(f);
}
END_TEST

/* Plain text reads as the markup draws: symbols as their characters,
 * scripts as Unicode scripts where every character has one, else _(...)
 * and ^(...), accents as combining marks; bad markup is refused as when
 * drawing. */
START_TEST(plain_text_reads_as_drawn)
{
    static const struct {
        const char *markup, *plain;
    } cases[] = {
        { "Convolution of $f$ and $g$: $f\\ast g$", "Convolution of f and g: f∗g" },
        { "$y[3] = 2\\cdot x_1^2$", "y[3] = 2\u22C5x₁²" },
        { "$h[n-k]$", "h[n−k]" },
        { "$e^{-at}$, $x_{k+1}$, $t_{max}$", "e^(−at), xₖ₊₁, tₘₐₓ" },
        { "$x^{n+1}_{ij}$ \\$5", "xᵢⱼⁿ⁺¹ $5" },
        { "$\\int x(\\tau)\\,d\\tau \\quad \\hat{y}$", "∫x(τ)dτ y\u0302" },
        { "$\\mathrm{SNR}_{dB}$\nline two", "SNR_(dB)\nline two" },
        { "", "" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got;
        ca_error err;
        ck_assert_int_eq(ca_text_plain(cases[i].markup, &got, &err), CA_OK);
        ck_assert_msg(strcmp(got, cases[i].plain) == 0, "'%s' reads '%s', not '%s'",
                      cases[i].markup, got, cases[i].plain);
        free(got);
    }
    char *got = (char *)&got;
    ca_error err;
    ck_assert_int_eq(ca_text_plain("$\\alpah$", &got, &err), CA_EINPUT);
    ck_assert_ptr_null(got);
    ck_assert_msg(strstr(err.msg, "did you mean '\\alpha'") != NULL, "%s", err.msg);
}
END_TEST

static const tu_suite suite = { .name = "text", .timeout = 60 };
TU_MAIN(suite, default_font_is_dejavu_sans, plain_text_reads_as_drawn,
        a_missing_dejavu_sans_is_not_substituted,
        dejavu_comes_from_its_folder_as_fontconfig_finds_it,
        dejavu_is_taken_from_a_folder_only_whole_and_true,
        without_the_oblique_face_italics_are_sheared, missing_font_file_is_refused_by_name,
        non_font_files_are_refused_cleanly, dollars_set_italics, font_file_italics_are_sheared,
        width_grows_with_the_string, kerning_tightens_pairs, metrics_scale_with_size,
        glyphs_are_rasterised_once, a_full_cache_empties_without_changing_glyphs,
        escaped_dollars_are_literal_and_unpaired_ones_refused,
        invalid_utf8_becomes_replacement_characters, missing_glyphs_draw_the_notdef_box,
        bad_sizes_are_refused, drawing_twice_gives_the_same_pixels_from_the_cache,
        each_anchor_puts_the_text_in_its_box, drawing_clips_and_refuses_bad_arguments,
        every_symbol_macro_lays_out_as_its_character,
        math_sets_letters_italic_and_the_rest_upright, space_macros_and_operators_space_as_tex,
        scripts_are_smaller_shifted_and_nest, accents_sit_centred_over_their_argument,
        bad_markup_is_refused_naming_what_and_where, a_macro_draws_the_pixels_of_its_character,
        scripts_draw_smaller_and_shifted, other_scripts_come_from_a_fallback_font,
        a_line_feed_starts_a_new_line, math_scales_with_the_size,
        bold_without_dejavu_sans_bold_is_emboldened,
        math_heavy_title_and_caption_match_their_golden_images)

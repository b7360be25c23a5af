#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "convanim/plot.h"
#include "convanim/scene.h"
#include "base/testhooks.h"
#include "testutil.h"

/* delta at 2 convolved with a box of 3: the output is the box, moved. */
static const double delta[] = { 0, 0, 1, 0, 0 };
static const double box[] = { 1, 1, 1 };
static const double full[] = { 0, 0, 1, 1, 1, 0, 0 };

static ca_scene *new_scene(const double *f, size_t nf, const double *g, size_t ng,
                           ca_conv_mode mode, bool correlate, const ca_scene_options *opt)
{
    ca_scene *sc;
    ca_error err = { 0 };
    ck_assert_msg(ca_scene_new(f, nf, g, ng, mode, correlate, opt, &sc, &err) == CA_OK, "%s",
                  err.msg);
    return sc;
}

/* The seed layout of delta * box, drawn with lines. */
static ca_scene *make_scene(ca_conv_mode mode)
{
    ca_scene_options opt = { .width = 480, .height = 360, .style = CA_STYLE_LINE };
    return new_scene(delta, 5, box, 3, mode, false, &opt);
}

/* The product layout, stems for these short signals. */
static ca_scene *product(const double *f, size_t nf, const double *g, size_t ng,
                         ca_conv_mode mode, bool correlate, bool intro)
{
    ca_scene_options opt = { .width = 480, .height = 360, .layout = CA_LAYOUT_PRODUCT,
                             .intro = intro };
    return new_scene(f, nf, g, ng, mode, correlate, &opt);
}

static ca_canvas draw(ca_scene *sc, size_t n)
{
    ca_canvas c;
    ca_error err = { 0 };
    ck_assert_int_eq(ca_canvas_new(480, 360, ca_scene_palette(sc), 0, &c, &err), CA_OK);
    ca_rect dirty = { 0, 0, 480, 360 };
    ck_assert_msg(ca_scene_draw(sc, n, &c, &dirty, &err) == CA_OK, "%s", err.msg);
    return c;
}

/* The pixel column of data x in panel p, and the row of data y. */
static int column(const ca_scene_panel *p, double x)
{
    ca_axes ax = { .area = { .width = p->area.x1 - p->area.x0, .height = p->area.y1 - p->area.y0 },
                   .x0 = p->x0, .x1 = p->x1, .y0 = p->y0, .y1 = p->y1 };
    return p->area.x0 + (int)floor(ca_axes_px(&ax, x));
}

static int row(const ca_scene_panel *p, double y)
{
    ca_axes ax = { .area = { .width = p->area.x1 - p->area.x0, .height = p->area.y1 - p->area.y0 },
                   .x0 = p->x0, .x1 = p->x1, .y0 = p->y0, .y1 = p->y1 };
    return p->area.y0 + (int)floor(ca_axes_py(&ax, y));
}

/* How strongly colour shows at (x, y): its level, 0 when it is not there. */
static int coverage(const ca_canvas *c, int x, int y, int colour)
{
    uint8_t p = c->pixels[(ptrdiff_t)y * c->stride + x];
    return c->pal->top[p] == colour ? c->pal->level[p] : 0;
}

/* Whether colour shows anywhere in column x of panel p. */
static int in_column(const ca_canvas *c, const ca_scene_panel *p, int x, int colour)
{
    for (int y = p->area.y0; y < p->area.y1; y++)
        if (coverage(c, x, y, colour))
            return 1;
    return 0;
}

START_TEST(one_frame_per_output_sample)
{
    ca_scene *sc = make_scene(CA_CONV_FULL);
    ck_assert_uint_eq(ca_scene_frames(sc), 7);
    ca_scene_free(sc);
    sc = make_scene(CA_CONV_SAME);
    ck_assert_uint_eq(ca_scene_frames(sc), 5);
    /* same and valid stand at their own indices, under the input they came
     * from: from the sum of the origins, 0 */
    ck_assert_double_eq(ca_scene_x_of(sc, 0), 0);
    ca_scene_free(sc);
    sc = make_scene(CA_CONV_VALID);
    ck_assert_uint_eq(ca_scene_frames(sc), 3);
    ck_assert_double_eq(ca_scene_x_of(sc, 0), 0);
    ca_scene_free(sc);
    /* a correlation's output stands at its lag, numpy's full index minus ng - 1 */
    ca_scene_options opt = { .width = 480, .height = 360, .style = CA_STYLE_LINE };
    sc = new_scene(delta, 5, box, 3, CA_CONV_FULL, true, &opt);
    ck_assert_double_eq(ca_scene_x_of(sc, 0), -2);
    ca_scene_free(sc);
    /* and origins move both */
    opt.origin[0] = -3;
    opt.origin[1] = 1;
    sc = new_scene(delta, 5, box, 3, CA_CONV_SAME, false, &opt);
    ck_assert_double_eq(ca_scene_x_of(sc, 0), -2);
    ca_scene_free(sc);
    sc = new_scene(delta, 5, box, 3, CA_CONV_FULL, true, &opt);
    ck_assert_double_eq(ca_scene_x_of(sc, 0), -6);
    ca_scene_free(sc);
}
END_TEST

/* Every output sample up to n sits where the engine's value puts it, and
 * nothing is drawn past n: no tail of zeros the engine has not reached. */
START_TEST(output_curve_follows_the_engine_up_to_n)
{
    ca_scene *sc = make_scene(CA_CONV_FULL);
    ca_scene_panel out = ca_scene_panel_of(sc, CA_PANEL_OUT);
    for (size_t n = 0; n < 7; n++) {
        ca_canvas c = draw(sc, n);
        for (size_t t = 0; t < 7; t++) {
            int x = column(&out, (double)t);
            if (t <= n) {
                int y = row(&out, full[t]);
                ck_assert_msg(coverage(&c, x, y, CA_SCENE_OUT) >= CA_PALETTE_LEVELS / 2,
                              "frame %zu: y[%zu] = %g not at row %d", n, t, full[t], y);
                int away = row(&out, full[t] ? 0 : 1);
                ck_assert_msg(!coverage(&c, x, away, CA_SCENE_OUT), "frame %zu: y[%zu] also at %d",
                              n, t, away);
            } else {
                ck_assert_msg(!in_column(&c, &out, x, CA_SCENE_OUT),
                              "frame %zu draws the output at t = %zu", n, t);
            }
        }
        ca_canvas_free(&c);
    }
    ca_scene_free(sc);
}
END_TEST

/* At frame n the flipped box covers x = n-2 .. n; f stays where it is. */
START_TEST(g_slides_flipped_under_a_still_f)
{
    ca_scene *sc = make_scene(CA_CONV_FULL);
    ca_scene_panel fp = ca_scene_panel_of(sc, CA_PANEL_TOP), gp = ca_scene_panel_of(sc, CA_PANEL_MIDDLE);
    for (size_t n = 0; n < 7; n++) {
        ca_canvas c = draw(sc, n);
        for (int k = 0; k < 5; k++)
            ck_assert_msg(coverage(&c, column(&fp, k), row(&fp, delta[k]), CA_SCENE_F) > 0,
                          "frame %zu: f[%d] missing", n, k);
        for (int x = 0; x < 7; x++) {
            int under = x <= (int)n && x >= (int)n - 2;
            int shown = coverage(&c, column(&gp, x), row(&gp, 1), CA_SCENE_G) > 0;
            /* the segments between samples reach half a pixel beyond */
            if (x != (int)n + 1 && x != (int)n - 3)
                ck_assert_msg(shown == under, "frame %zu: g at x = %d is %s", n, x,
                              shown ? "drawn" : "missing");
        }
        ca_canvas_free(&c);
    }
    ca_scene_free(sc);
}
END_TEST

/* The area under f is shaded where g overlaps it, nowhere else. */
START_TEST(overlap_is_shaded)
{
    ca_scene *sc = make_scene(CA_CONV_FULL);
    ca_scene_panel fp = ca_scene_panel_of(sc, CA_PANEL_TOP);
    int x = column(&fp, 2), y = row(&fp, 0.3);   /* inside the triangle under the delta */
    static const int shaded[7] = { 0, 0, 1, 1, 1, 0, 0 };   /* g covers k = n-2 .. n */
    for (size_t n = 0; n < 7; n++) {
        ca_canvas c = draw(sc, n);
        /* at n = 2 and 4 the shading ends at the peak: look just inside it */
        int got = coverage(&c, n == 2 ? x - 2 : n == 4 ? x + 2 : x, y, CA_SCENE_SHADE) > 0;
        ck_assert_msg(got == shaded[n], "frame %zu: shaded %d", n, got);
        ca_canvas_free(&c);
    }
    ca_scene_free(sc);
}
END_TEST

/* Frames can be drawn in any order, each over the one before, with the
 * same bytes as on a new canvas; and two frames differ only inside their
 * dirty rectangles. */
START_TEST(frames_do_not_depend_on_what_came_before)
{
    ca_scene *sc = make_scene(CA_CONV_FULL);
    ca_canvas fresh[7];
    for (size_t n = 0; n < 7; n++)
        fresh[n] = draw(sc, n);
    ca_canvas c;
    ca_error err = { 0 };
    ck_assert_int_eq(ca_canvas_new(480, 360, ca_scene_palette(sc), 0, &c, &err), CA_OK);
    ca_rect dirty = { 0, 0, 480, 360 };
    static const size_t order[] = { 6, 2, 3, 0, 5, 1, 4, 4 };
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        ca_rect before = dirty;
        ck_assert_int_eq(ca_scene_draw(sc, order[i], &c, &dirty, &err), CA_OK);
        ck_assert_mem_eq(c.pixels, fresh[order[i]].pixels, (size_t)480 * 360);
        if (i == 0)
            continue;
        ca_rect both = before;
        ca_rect_union(&both, dirty);
        const ca_canvas *prev = &fresh[order[i - 1]];
        /* one assertion per frame: Check records every passing one */
        int bad_x = -1, bad_y = -1;
        for (int y = 0; y < 360 && bad_x < 0; y++)
            for (int x = 0; x < 480 && bad_x < 0; x++)
                if ((x < both.x0 || x >= both.x1 || y < both.y0 || y >= both.y1) &&
                    c.pixels[y * 480 + x] != prev->pixels[y * 480 + x]) {
                    bad_x = x;
                    bad_y = y;
                }
        ck_assert_msg(bad_x < 0, "frames %zu and %zu differ at (%d, %d), outside the dirty rects",
                      order[i - 1], order[i], bad_x, bad_y);
    }
    ca_canvas_free(&c);
    for (size_t n = 0; n < 7; n++)
        ca_canvas_free(&fresh[n]);
    ca_scene_free(sc);
}
END_TEST

/* An f much longer than the panels are wide: the output is simplified per
 * pixel column and kept a column at a time, yet a frame is the same after
 * any frames, in the same column or not, as drawn by a new scene. f stays
 * positive, so that stems merged into an area cover whole pixels under it,
 * which a seam between pieces would show. */
static const struct {
    ca_layout layout;
    ca_style style;
} LONG_SCENES[] = {
    { CA_LAYOUT_STACKED, CA_STYLE_LINE },
    { CA_LAYOUT_PRODUCT, CA_STYLE_LINE },
    { CA_LAYOUT_STACKED, CA_STYLE_STEM },
};

static ca_scene *long_scene(int i)
{
    enum { NF = 3000 };
    static double f[NF];
    for (size_t k = 0; k < NF; k++)
        f[k] = 1 + sin(0.7 * (double)k) * cos(0.013 * (double)k);
    ca_scene_options opt = { .width = 480, .height = 360, .layout = LONG_SCENES[i].layout,
                             .style = LONG_SCENES[i].style };
    return new_scene(f, NF, box, 3, CA_CONV_FULL, false, &opt);
}

START_TEST(long_output_frames_do_not_depend_on_what_came_before)
{
    static const size_t order[] = { 1500, 1501, 1502, 1503, 1504, 1505, 1506, 1507, 1508, 1509,
                                    1510, 1511, 1512, 1513, 40, 3001, 1507, 0, 1508, 2999 };
    ca_scene *sc = long_scene(_i);
    ca_scene_panel out = ca_scene_panel_of(sc, CA_PANEL_OUT);
    ck_assert_uint_gt(ca_scene_frames(sc), 2 * (size_t)(out.area.x1 - out.area.x0));
    ca_canvas c;
    ca_error err = { 0 };
    ck_assert_int_eq(ca_canvas_new(480, 360, ca_scene_palette(sc), 0, &c, &err), CA_OK);
    ca_rect dirty = { 0, 0, 480, 360 };
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        ca_scene *alone = long_scene(_i);
        ca_canvas want = draw(alone, order[i]);
        ck_assert_int_eq(ca_scene_draw(sc, order[i], &c, &dirty, &err), CA_OK);
        ck_assert_msg(memcmp(c.pixels, want.pixels, (size_t)480 * 360) == 0,
                      "frame %zu after frame %zu is not the frame alone", order[i],
                      i ? order[i - 1] : 0);
        ca_canvas_free(&want);
        ca_scene_free(alone);
    }
    ca_canvas_free(&c);
    ca_scene_free(sc);
}
END_TEST

START_TEST(bad_requests_are_refused)
{
    ca_scene_options opt = { .width = 300, .height = 240 };
    ca_scene *sc;
    ca_error err = { 0 };
    ck_assert_int_eq(ca_scene_new(delta, 5, box, 3, CA_CONV_FULL, false, &opt, &sc, &err),
                     CA_EINPUT);
    ck_assert_str_eq(err.msg,
                     "size 300x240 is too small: the panels and their labels need at least 320x240");
    ck_assert_int_eq(ca_scene_check_size(16385, 400, &err), CA_ELIMIT);
    ck_assert_int_eq(ca_scene_check_size(8192, 8193, &err), CA_ELIMIT);
    ck_assert_int_eq(ca_scene_check_size(8192, 8192, &err), CA_OK);
    opt = (ca_scene_options){ .width = 480, .height = 360, .font = "/no/such/font.ttf" };
    ck_assert_int_eq(ca_scene_new(delta, 5, box, 3, CA_CONV_FULL, false, &opt, &sc, &err),
                     CA_EINPUT);

    sc = make_scene(CA_CONV_FULL);
    ca_canvas c = draw(sc, 0);
    ca_rect dirty = { 0, 0, 480, 360 };
    ck_assert_int_eq(ca_scene_draw(sc, 7, &c, &dirty, &err), CA_EINPUT);
    ca_canvas small;
    ck_assert_int_eq(ca_canvas_new(320, 240, ca_scene_palette(sc), 0, &small, &err), CA_OK);
    ck_assert_int_eq(ca_scene_draw(sc, 0, &small, &dirty, &err), CA_EINPUT);
    ca_canvas_free(&small);
    ca_canvas_free(&c);
    ca_scene_free(sc);

    ca_theme theme;
    ck_assert_int_eq(ca_theme_parse("dark", &theme, &err), CA_OK);
    ck_assert_int_eq(theme, CA_THEME_DARK);
    ck_assert_int_eq(ca_theme_parse("pink", &theme, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "unknown theme 'pink' (themes: light, dark)");
    ca_layout layout;
    ck_assert_int_eq(ca_layout_parse("grid", &layout, &err), CA_EINPUT);
}
END_TEST

/* The caption writes out up to six non-zero terms, f's factor first. */
START_TEST(caption_writes_the_terms_out)
{
    static const double f[] = { 0.5, 1, 0.25 }, g[] = { 1, 0.8, 0.2 };
    ca_scene *sc = product(f, 3, g, 3, CA_CONV_FULL, false, false);
    char buf[512];
    ca_scene_caption(sc, 2, buf, sizeof buf);
    ck_assert_str_eq(buf, "$n$ = 2     $y$[2] = 0.5\u00b70.2 + 1\u00b70.8 + 0.25\u00b71 = 1.15");
    ca_scene_caption(sc, 0, buf, sizeof buf);
    ck_assert_str_eq(buf, "$n$ = 0     $y$[0] = 0.5\u00b71 = 0.5");
    ca_scene_free(sc);

    /* zero terms are left out, negative factors bracketed */
    static const double f2[] = { -2, 0, 3 }, g2[] = { 1, 1, 1 };
    sc = product(f2, 3, g2, 3, CA_CONV_FULL, false, false);
    ca_scene_caption(sc, 2, buf, sizeof buf);
    ck_assert_str_eq(buf, "$n$ = 2     $y$[2] = (\u22122)\u00b71 + 3\u00b71 = 1");
    ca_scene_free(sc);

    static const double zeros[] = { 0, 0 };
    sc = product(zeros, 2, g2, 3, CA_CONV_FULL, false, false);
    ca_scene_caption(sc, 1, buf, sizeof buf);
    ck_assert_str_eq(buf, "$n$ = 1     $y$[1] = 0");
    ca_scene_free(sc);
}
END_TEST

/* The value a caption ends with is what the engine (and `convanim conv`)
 * gives for that n, to the four digits shown, in every mode; past six
 * terms the sum is written as a formula. */
START_TEST(caption_value_is_the_engines)
{
    enum { NF = 40, NG = 9 };
    double f[NF], g[NG];
    for (int i = 0; i < NF; i++)
        f[i] = sin(i * 0.7) * 3;
    for (int i = 0; i < NG; i++)
        g[i] = 1.0 / (i + 1);
    static const ca_conv_mode modes[] = { CA_CONV_FULL, CA_CONV_SAME, CA_CONV_VALID };
    for (int m = 0; m < 3; m++)
        for (int corr = 0; corr < 2; corr++) {
            ca_scene *sc = product(f, NF, g, NG, modes[m], corr, false);
            size_t len = ca_conv_length(NF, NG, modes[m]);
            double y[NF + NG];
            ca_error err;
            ck_assert_int_eq(ca_conv(f, NF, g, NG, modes[m], corr, y, &err), CA_OK);
            ck_assert_uint_eq(ca_scene_frames(sc), len);
            for (size_t n = 0; n < len; n++) {
                char buf[512];
                ca_scene_caption(sc, n, buf, sizeof buf);
                const char *eq = strrchr(buf, '=');
                ck_assert_ptr_nonnull(eq);
                /* the caption's minus is U+2212 */
                const char *num = eq + 2;
                double sign = 1;
                if (strncmp(num, "\u2212", 3) == 0) {
                    sign = -1;
                    num += 3;
                }
                double shown = sign * strtod(num, NULL);
                ck_assert_msg(fabs(shown - y[n]) <= 5e-4 * fabs(y[n]) + 1e-12,
                              "mode %d corr %d n %zu: caption '%s', engine %.17g", m, corr, n,
                              buf, y[n]);
                long t = ca_conv_origin(NF, NG, 0, 0, modes[m], corr) + (long)n;
                char head[64];
                snprintf(head, sizeof head, "$n$ = %ld", t);
                ck_assert_msg(strncmp(buf, head, strlen(head)) == 0, "'%s'", buf);
            }
            ca_scene_free(sc);
        }
    ca_scene *sc = product(f, NF, g, NG, CA_CONV_FULL, false, false);
    char buf[512];
    ca_scene_caption(sc, 20, buf, sizeof buf);
    ck_assert_msg(strstr(buf, "$y$[20] = \u03a3 $f$[$k$]\u00b7$g$[20\u2212$k$] (9 terms) = ") !=
                  NULL, "'%s'", buf);
    ca_scene_free(sc);
}
END_TEST

/* With the intro, CA_SCENE_INTRO_FRAMES frames come first; not for a
 * correlation, where nothing flips. */
START_TEST(intro_adds_its_frames)
{
    ca_scene *sc = product(delta, 5, box, 3, CA_CONV_FULL, false, true);
    ck_assert_uint_eq(ca_scene_intro(sc), CA_SCENE_INTRO_FRAMES);
    ck_assert_uint_eq(ca_scene_frames(sc), CA_SCENE_INTRO_FRAMES + 7);
    char buf[256];
    ca_scene_caption(sc, 0, buf, sizeof buf);
    ck_assert_ptr_nonnull(strstr(buf, "flipped"));
    ca_scene_caption(sc, CA_SCENE_INTRO_FRAMES, buf, sizeof buf);
    ck_assert_str_eq(buf, "$n$ = 0     $y$[0] = 0");
    /* the intro's last frame shows g mirrored: g[j] at k = -j */
    ca_scene_panel top = ca_scene_panel_of(sc, CA_PANEL_TOP);
    ca_canvas c = draw(sc, CA_SCENE_INTRO_FRAMES - 1);
    for (int j = 0; j < 3; j++)
        ck_assert_msg(coverage(&c, column(&top, -j), row(&top, 1), CA_SCENE_G) > 0, "g[%d]", j);
    ca_canvas_free(&c);
    ca_scene_free(sc);
    sc = product(delta, 5, box, 3, CA_CONV_FULL, true, true);
    ck_assert_uint_eq(ca_scene_frames(sc), 7);
    ca_scene_free(sc);

    ca_scene_options seed = { .width = 480, .height = 360, .intro = true };
    ca_error err;
    ck_assert_int_eq(ca_scene_new(delta, 5, box, 3, CA_CONV_FULL, false, &seed, &sc, &err),
                     CA_EINPUT);
}
END_TEST

/* g[n-k] stands at k = n - j with height g[j]; f's padding is grey, the
 * rest in colour, its own zeros too; the products stand over the
 * overlap. */
START_TEST(product_frames_put_samples_where_they_belong)
{
    static const double f[] = { 0, 0, 1, 0.5, 0 }, g[] = { 1, 0.5 };
    ca_scene_options opt = { .width = 480, .height = 360, .layout = CA_LAYOUT_PRODUCT,
                             .pad = { 1, 0 } };
    ca_scene *sc = new_scene(f, 5, g, 2, CA_CONV_FULL, false, &opt);
    ca_scene_panel top = ca_scene_panel_of(sc, CA_PANEL_TOP);
    ca_scene_panel mid = ca_scene_panel_of(sc, CA_PANEL_MIDDLE);
    ca_canvas c = draw(sc, 3);   /* n = 3: g[0] at k = 3, g[1] at k = 2 */
    ck_assert_int_gt(coverage(&c, column(&top, 3), row(&top, 1), CA_SCENE_G), 0);
    ck_assert_int_gt(coverage(&c, column(&top, 2), row(&top, 0.5), CA_SCENE_G), 0);
    /* above g[1]'s dot, f[2] = 1's stem goes on */
    ck_assert_int_gt(coverage(&c, column(&top, 2), row(&top, 0.75), CA_SCENE_F), 0);
    ck_assert(!in_column(&c, &top, column(&top, 4), CA_SCENE_G));
    ck_assert_int_gt(coverage(&c, column(&top, 0), row(&top, 0), CA_SCENE_MUTED), 0);
    ck_assert_int_gt(coverage(&c, column(&top, 4), row(&top, 0), CA_SCENE_MUTED), 0);
    ck_assert_int_eq(coverage(&c, column(&top, 0), row(&top, 0), CA_SCENE_F), 0);
    /* f[1] = 0 is the signal's own zero, not padding */
    ck_assert_int_gt(coverage(&c, column(&top, 1), row(&top, 0), CA_SCENE_F), 0);
    ck_assert_int_eq(coverage(&c, column(&top, 1), row(&top, 0), CA_SCENE_MUTED), 0);
    /* f[3] = 0.5 is blue half way up; above it, at 0.9, is g[0] = 1's stem */
    ck_assert_int_gt(coverage(&c, column(&top, 3), row(&top, 0.25), CA_SCENE_F) +
                         coverage(&c, column(&top, 3), row(&top, 0.25), CA_SCENE_G), 0);
    /* products: f[2]g[1] = 0.5 at k = 2, f[3]g[0] = 0.5 at k = 3 */
    for (int k = 2; k <= 3; k++)
        ck_assert_int_gt(coverage(&c, column(&mid, k), row(&mid, 0.5), CA_SCENE_PROD), 0);
    ck_assert(!in_column(&c, &mid, column(&mid, 1), CA_SCENE_PROD));
    ck_assert(!in_column(&c, &mid, column(&mid, 4), CA_SCENE_PROD));
    ca_canvas_free(&c);
    ca_scene_free(sc);
}
END_TEST

/* same and valid walk only what they keep; the rest of the full output
 * is there, in grey. */
START_TEST(discarded_output_is_grey)
{
    ca_scene *sc = product(delta, 5, box, 3, CA_CONV_VALID, false, false);
    ck_assert_uint_eq(ca_scene_frames(sc), 3);
    ca_scene_panel out = ca_scene_panel_of(sc, CA_PANEL_OUT);
    ca_canvas c = draw(sc, 0);
    /* valid keeps the full output's t = 2..4, drawn at its own n = 0..2:
     * t = 0, 1, 5, 6 are grey, at n = -2, -1, 3, 4 (all zero there) */
    for (int n = -2; n < 5; n++) {
        int grey = coverage(&c, column(&out, n), row(&out, 0), CA_SCENE_MUTED) > 0;
        ck_assert_msg(grey == (n < 0 || n > 2), "n = %d grey %d", n, grey);
    }
    ck_assert_int_gt(coverage(&c, column(&out, 0), row(&out, 1), CA_SCENE_OUT), 0);
    ca_canvas_free(&c);
    ca_scene_free(sc);
}
END_TEST


/* Terms that would not fit across the frame are written with fewer
 * digits, then give way to the sum as a formula with its count of terms;
 * a few short ones are written out in full. The value stays as it is. */
START_TEST(caption_too_wide_for_the_frame_is_a_formula)
{
    static const double f[] = { -0.1234, 0.5678, -1.25, 2.5, 3.75, -4.125 };
    static const double g[] = { 0.3333, -0.6667, 1.125, -2.25, 3.5, -0.875 };
    ca_scene *sc = product(f, 6, g, 6, CA_CONV_FULL, false, false);
    char buf[512];
    ca_scene_caption(sc, 5, buf, sizeof buf);
    ck_assert_str_eq(buf, "$n$ = 5     $y$[5] = (\u22120.12)\u00b7(\u22120.88) + 0.57\u00b73.5 + "
                          "(\u22121.2)\u00b7(\u22122.2) + 2.5\u00b71.1 + 3.8\u00b7(\u22120.67) + "
                          "(\u22124.1)\u00b70.33 = 3.845");
    ca_scene_caption(sc, 1, buf, sizeof buf);
    ck_assert_str_eq(buf, "$n$ = 1     $y$[1] = (\u22120.1234)\u00b7(\u22120.6667) + "
                          "0.5678\u00b70.3333 = 0.2715");
    ca_scene_free(sc);
    ca_scene_options opt = { .width = 480, .height = 360, .layout = CA_LAYOUT_PRODUCT,
                             .font_scale = 1.5 };
    sc = new_scene(f, 6, g, 6, CA_CONV_FULL, false, &opt);
    ca_scene_caption(sc, 5, buf, sizeof buf);
    ck_assert_str_eq(buf, "$n$ = 5     $y$[5] = \u03a3 $f$[$k$]\u00b7$g$[5\u2212$k$] (6 terms) = "
                          "3.845");
    ca_scene_free(sc);
}
END_TEST

/* Round-off is not a term: sin(2 pi) computed as -3.7e-16 drops out of the
 * sum written out, and a sum that cancels to round-off reads 0. */
START_TEST(caption_drops_round_off)
{
    double f[20];
    for (int k = 0; k < 20; k++)
        f[k] = 1.5 * sin(2 * M_PI * k / 10);
    static const double g[] = { -1, 2, -1, 1, -2, 1 };
    ca_scene *sc = product(f, 20, g, 6, CA_CONV_FULL, false, false);
    char buf[512];
    ca_scene_caption(sc, 12, buf, sizeof buf);
    ck_assert_msg(strstr(buf, "e-") == NULL && strstr(buf, "e\u2212") == NULL, "'%s'", buf);
    /* k = 7..12 overlap g, and f[10] is round-off: five terms */
    int plus = 0;
    for (const char *c = buf; (c = strstr(c, " + ")) != NULL; c++)
        plus++;
    ck_assert_int_eq(plus, 4);
    ck_assert_msg(strstr(buf, "= 0.8817") != NULL, "'%s'", buf);
    ca_scene_caption(sc, 15, buf, sizeof buf);
    const char *end = buf + strlen(buf) - strlen(" = 0");
    ck_assert_msg(strcmp(end, " = 0") == 0, "'%s'", buf);
    ca_scene_free(sc);
}
END_TEST

/* Text at three font scales, in both layouts, with a two-line math title,
 * long labels and tick labels with minus signs and decimals. */
static const double text_scales[] = { 0.75, 1, 2 };
static const ca_layout text_layouts[] = { CA_LAYOUT_STACKED, CA_LAYOUT_PRODUCT };
enum { TEXT_W = 960, TEXT_H = 640, TEXT_TICK = 5 /* tick marks' length at 960x640 */ };
static const double text_f[] = { -1.5, 2.25, 0.75, -0.5, 1, 3.5, -2 };
static const double text_g[] = { 0.5, 1, 0.25, -0.75 };

static ca_scene *text_scene(int i, const char *title)
{
    ca_scene_options opt = {
        .width = TEXT_W, .height = TEXT_H, .layout = text_layouts[i / 3],
        .font_scale = text_scales[i % 3], .title = title,
        .xlabel = "$k$, the index of every sample",
        .labels = { "$x[n]$, the input", "$h[n-k]$ slid", "$y[n]=\\sum_k x[k]h[n-k]$" },
    };
    return new_scene(text_f, 7, text_g, 4, CA_CONV_FULL, false, &opt);
}

static const char two_lines[] =
    "Convolution $y[n]=\\sum_k x[k]\\,h[n-k]$\nof a box with $e^{-\\alpha n}$, $\\tau_1$";

/* Panel p with its spines, and the tick marks left of it and under it. */
static ca_rect panel_zone(const ca_scene *sc, int p)
{
    ca_rect r = ca_scene_panel_of(sc, p).area;
    return (ca_rect){ r.x0 - 1 - TEXT_TICK, r.y0 - 1, r.x1 + 1, r.y1 + 1 + TEXT_TICK };
}

static bool meet(ca_rect a, ca_rect b)
{
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

static bool holds(ca_rect r, int x, int y)
{
    return x >= r.x0 && x < r.x1 && y >= r.y0 && y < r.y1;
}

START_TEST(text_meets_no_other_text_nor_a_panel)
{
    ca_scene *sc = text_scene(_i, two_lines);
    ca_error err = { 0 };
    ca_canvas c;
    ck_assert_int_eq(ca_canvas_new(TEXT_W, TEXT_H, ca_scene_palette(sc), 0, &c, &err), CA_OK);
    uint8_t bg = ca_scene_palette(sc)->solid[CA_SCENE_BG];
    ca_rect zone[CA_PANELS];
    for (int p = 0; p < CA_PANELS; p++)
        zone[p] = panel_zone(sc, p);
    size_t frames = ca_scene_frames(sc), shown[] = { 0, frames / 2, frames - 1 };
    for (int k = 0; k < 3; k++) {
        ca_rect dirty = { 0, 0, TEXT_W, TEXT_H };
        ck_assert_msg(ca_scene_draw(sc, shown[k], &c, &dirty, &err) == CA_OK, "%s", err.msg);
        const ca_rect *box;
        size_t n = scene_text_boxes(sc, &box);
        /* title, x label, three labels, and ticks on every panel */
        ck_assert_uint_ge(n, 5 + 3 * 2 + 2);
        for (size_t a = 0; a < n; a++) {
            ck_assert_msg(box[a].x0 >= 3 && box[a].y0 >= 3 && box[a].x1 <= TEXT_W - 3 &&
                          box[a].y1 <= TEXT_H - 3, "scale %g frame %zu: text %zu at "
                          "(%d,%d)-(%d,%d) reaches the frame's edge", text_scales[_i % 3],
                          shown[k], a, box[a].x0, box[a].y0, box[a].x1, box[a].y1);
            for (int p = 0; p < CA_PANELS; p++)
                ck_assert_msg(!meet(box[a], zone[p]), "scale %g frame %zu: text %zu meets "
                              "panel %d", text_scales[_i % 3], shown[k], a, p);
            for (size_t b = a + 1; b < n; b++)
                ck_assert_msg(!meet(box[a], box[b]), "scale %g frame %zu: texts %zu "
                              "(%d,%d)-(%d,%d) and %zu (%d,%d)-(%d,%d) meet",
                              text_scales[_i % 3], shown[k], a, box[a].x0, box[a].y0,
                              box[a].x1, box[a].y1, b, box[b].x0, box[b].y0, box[b].x1,
                              box[b].y1);
        }
        /* and what is drawn is in those places: every pixel off the
         * background lies in a panel or in a text's box */
        int stray = 0, sx = 0, sy = 0;
        for (int y = 0; y < TEXT_H; y++)
            for (int x = 0; x < TEXT_W; x++) {
                if (c.pixels[(ptrdiff_t)y * c.stride + x] == bg)
                    continue;
                bool placed = false;
                for (int p = 0; p < CA_PANELS && !placed; p++)
                    placed = holds(zone[p], x, y);
                for (size_t a = 0; a < n && !placed; a++)
                    placed = holds(box[a], x, y);
                if (!placed && !stray++) {
                    sx = x;
                    sy = y;
                }
            }
        ck_assert_msg(stray == 0, "scale %g frame %zu: %d pixels drawn outside every panel "
                      "and text, the first at (%d, %d)", text_scales[_i % 3], shown[k], stray,
                      sx, sy);
    }
    ca_canvas_free(&c);
    ca_scene_free(sc);
}
END_TEST

/* A second line of title takes its own room: the panels move down by the
 * line step, 1.2 em, and keep clear of it. */
START_TEST(two_line_title_moves_the_panels_down)
{
    ca_scene *one = text_scene(_i, "Convolution $y[n]=\\sum_k x[k]\\,h[n-k]$");
    ca_scene *two = text_scene(_i, two_lines);
    double em = 21 * text_scales[_i % 3];
    int y_one = ca_scene_panel_of(one, CA_PANEL_TOP).area.y0;
    int y_two = ca_scene_panel_of(two, CA_PANEL_TOP).area.y0;
    ck_assert_int_ge(y_two - y_one, (int)floor(1.2 * em) - 1);
    ck_assert_int_le(y_two - y_one, (int)ceil(1.2 * em) + 1);
    /* and the bottom panel stays where it was: the others give up the room */
    ck_assert_int_eq(ca_scene_panel_of(one, CA_PANEL_OUT).area.y1,
                     ca_scene_panel_of(two, CA_PANEL_OUT).area.y1);
    ca_scene_free(one);
    ca_scene_free(two);
}
END_TEST

/* Larger text takes more room: wider margins, and no more ticks. */
START_TEST(larger_text_takes_more_room)
{
    ca_scene *small = text_scene(0 + _i * 3, two_lines), *large = text_scene(2 + _i * 3, two_lines);
    for (int p = 0; p < CA_PANELS; p++) {
        ca_rect s = ca_scene_panel_of(small, p).area, l = ca_scene_panel_of(large, p).area;
        ck_assert_int_gt(l.x0, s.x0);
        ck_assert_int_lt(l.y1 - l.y0, s.y1 - s.y0);
    }
    ck_assert_int_gt(ca_scene_panel_of(large, CA_PANEL_TOP).area.y0,
                     ca_scene_panel_of(small, CA_PANEL_TOP).area.y0);
    ca_scene_free(small);
    ca_scene_free(large);
}
END_TEST

START_TEST(font_scale_out_of_range_is_refused)
{
    static const double bad[] = { 0.49, 3.01, -1, NAN, INFINITY };
    ca_error err = { 0 };
    ca_scene *sc;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ca_scene_options opt = { .width = 480, .height = 360, .font_scale = bad[i] };
        ck_assert_int_eq(ca_scene_new(delta, 5, box, 3, CA_CONV_FULL, false, &opt, &sc, &err),
                         CA_EINPUT);
        ck_assert_ptr_null(sc);
        ck_assert_ptr_nonnull(strstr(err.msg, "font scale"));
    }
    ck_assert_str_eq(err.msg, "font scale inf is outside 0.5 to 3");
    ck_assert_int_eq(ca_scene_check_font_scale(0, &err), CA_OK);
    ck_assert_int_eq(ca_scene_check_font_scale(0.5, &err), CA_OK);
    ck_assert_int_eq(ca_scene_check_font_scale(3, &err), CA_OK);
}
END_TEST

/* With a range of steps, the output outside it is grey context from the
 * first frame on, and the output is drawn in colour only from the range's
 * first sample to n. */
START_TEST(a_range_of_steps_keeps_the_rest_of_the_output_in_grey)
{
    static const double f[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    ca_scene_options opt = { .width = 480, .height = 360, .style = CA_STYLE_STEM,
                             .range = true, .first_step = 3, .last_step = 6 };
    ca_scene *sc = new_scene(f, 8, box, 3, CA_CONV_FULL, false, &opt);
    ca_scene_panel out = ca_scene_panel_of(sc, CA_PANEL_OUT);
    ca_canvas c = draw(sc, 4);
    double y[10];
    ca_error err;
    ck_assert_int_eq(ca_conv(f, 8, box, 3, CA_CONV_FULL, false, y, &err), CA_OK);
    for (int n = 0; n < 10; n++) {
        int x = column(&out, n), top = row(&out, y[n]);
        bool grey = n < 3 || n > 6, colour = n >= 3 && n <= 4;
        ck_assert_msg((coverage(&c, x, top, CA_SCENE_MUTED) > 0) == grey, "n = %d", n);
        ck_assert_msg((coverage(&c, x, top, CA_SCENE_OUT) > 0) == colour, "n = %d", n);
    }
    ca_canvas_free(&c);
    ca_scene_free(sc);
}
END_TEST

/* A title too wide for one line goes on two, broken at a space outside
 * $...$ near its middle, then is set smaller; no text, whatever the
 * size, comes within PANELS_EDGE_PX (3) pixels of the frame's edge. */
START_TEST(long_titles_wrap_and_no_text_reaches_the_edge)
{
    static const char title[] = "Convolution of a rectangular pulse $x[n] = u[n] - u[n-5]$ "
                                "with itself gives a triangle of twice the width";
    static const int sizes[][2] = { { 960, 640 }, { 480, 320 }, { 320, 240 } };
    static const double sine[] = { 0.3, -1.7, 2.25, 0.125, -3.5, 1, 0.75, -0.5 };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        int w = sizes[i][0], h = sizes[i][1];
        ca_scene_options opt = { .width = w, .height = h, .layout = CA_LAYOUT_PRODUCT,
                                 .title = title, .font_scale = i == 0 ? 1.5 : 1 };
        ca_scene *sc = new_scene(sine, 8, sine, 8, CA_CONV_FULL, false, &opt);
        const char *drawn = ca_scene_title(sc), *nl = strchr(drawn, '\n');
        ck_assert_msg(nl != NULL && strchr(nl + 1, '\n') == NULL, "'%s'", drawn);
        /* the break is a space of the title's, outside $...$ */
        ck_assert_uint_eq(strlen(drawn), strlen(title));
        ck_assert_int_eq(title[nl - drawn], ' ');
        ck_assert(strncmp(drawn, title, (size_t)(nl - drawn)) == 0 &&
                  strcmp(nl + 1, title + (nl - drawn) + 1) == 0);
        for (size_t n = 0; n < ca_scene_frames(sc); n += 3) {
            ca_canvas c;
            ca_error err = { 0 };
            ck_assert_int_eq(ca_canvas_new(w, h, ca_scene_palette(sc), 0, &c, &err), CA_OK);
            ca_rect dirty = { 0, 0, w, h };
            ck_assert_msg(ca_scene_draw(sc, n, &c, &dirty, &err) == CA_OK, "%s", err.msg);
            const ca_rect *box;
            size_t nb = scene_text_boxes(sc, &box);
            /* a box holds a pixel more than the ink each side */
            for (size_t b = 0; b < nb; b++)
                ck_assert_msg(box[b].x0 >= 2 && box[b].y0 >= 2 && box[b].x1 <= w - 2 &&
                              box[b].y1 <= h - 2, "%dx%d frame %zu: text %zu at %d,%d-%d,%d",
                              w, h, n, b, box[b].x0, box[b].y0, box[b].x1, box[b].y1);
            ca_canvas_free(&c);
        }
        ca_scene_free(sc);
    }
}
END_TEST

/* Text that cannot fit is refused with what and why: a title wider than
 * the frame even on two lines and at half its size, labels taller than
 * the panels. */
START_TEST(text_that_cannot_fit_is_refused)
{
    ca_error err = { 0 };
    ca_scene *sc;
    ca_scene_options opt = { .width = 960, .height = 640, .font_scale = 2,
                             .title = "Convolution_of_a_box_with_a_decaying_exponential_then_"
                                      "again_with_the_box_for_good_measure_twice" };
    ck_assert_int_eq(ca_scene_new(delta, 5, box, 3, CA_CONV_FULL, false, &opt, &sc, &err),
                     CA_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "the title is "));
    ck_assert_ptr_nonnull(strstr(err.msg, "room for 950"));
    opt = (ca_scene_options){ .width = 960, .height = 640, .font_scale = 2,
                              .layout = CA_LAYOUT_PRODUCT,
                              .labels = { "$x[n]$\ninput", "$h[n-k]$\nshifted", NULL } };
    ck_assert_int_eq(ca_scene_new(delta, 5, box, 3, CA_CONV_FULL, false, &opt, &sc, &err),
                     CA_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "a y label needs"));
    /* at the default size the same labels fit */
    opt.font_scale = 1;
    sc = new_scene(delta, 5, box, 3, CA_CONV_FULL, false, &opt);
    ca_scene_free(sc);
}
END_TEST

/* box*box in every layout: each panel shows its zero (a constant signal
 * is its height above it), and --style auto, the default, draws the five
 * samples as stems: nothing between k = 1 and k = 2 at their height. */
START_TEST(every_layout_shows_zero_and_stems_short_signals)
{
    static const double b[] = { 1, 1, 1, 1, 1 };
    static const ca_layout layouts[] = { CA_LAYOUT_STACKED, CA_LAYOUT_PRODUCT,
                                         CA_LAYOUT_OVERLAY };
    for (size_t l = 0; l < sizeof layouts / sizeof layouts[0]; l++) {
        ca_scene_options opt = { .width = 480, .height = 360, .layout = layouts[l] };
        ca_scene *sc = new_scene(b, 5, b, 5, CA_CONV_FULL, false, &opt);
        for (int i = 0; i < CA_PANELS; i++) {
            ca_scene_panel p = ca_scene_panel_of(sc, i);
            ck_assert_msg(p.y0 < 0 && p.y1 > 0, "layout %zu panel %d: y from %g to %g", l, i,
                          p.y0, p.y1);
        }
        ca_scene_panel top = ca_scene_panel_of(sc, CA_PANEL_TOP);
        ca_canvas c = draw(sc, 0);
        ck_assert_int_gt(coverage(&c, column(&top, 1), row(&top, 0.5), CA_SCENE_F), 0);
        ck_assert_msg(!coverage(&c, column(&top, 1.5), row(&top, 1), CA_SCENE_F),
                      "layout %zu joins f's samples", l);
        ca_canvas_free(&c);
        ca_scene_free(sc);
    }
}
END_TEST

/* Amplitudes 1e-6 and 1 in the product layout: f keeps a scale of its own
 * and g gets a second one, so neither is a flat line. */
START_TEST(signals_of_very_different_size_get_their_own_scales)
{
    static const double f[] = { 1e-6, 2e-6, 1e-6 }, g[] = { 1, 1, 1 };
    ca_scene *sc = product(f, 3, g, 3, CA_CONV_FULL, false, false);
    ca_scene_panel top = ca_scene_panel_of(sc, CA_PANEL_TOP);
    ck_assert_double_lt(top.y1, 1e-5);
    ca_canvas c = draw(sc, 4);   /* g[j] at k = 4 - j */
    ck_assert_int_gt(coverage(&c, column(&top, 1), row(&top, 1.5e-6), CA_SCENE_F), 0);
    /* g's stems reach above the middle of the panel on their own scale */
    ck_assert_int_gt(coverage(&c, column(&top, 3), row(&top, (top.y0 + top.y1) / 2),
                              CA_SCENE_G), 0);
    ca_canvas_free(&c);
    ca_scene_free(sc);
    /* signals of a size share the scale */
    static const double h[] = { 0.5, 1, 0.5 };
    sc = product(h, 3, g, 3, CA_CONV_FULL, false, false);
    ck_assert_double_gt(ca_scene_panel_of(sc, CA_PANEL_TOP).y1, 1);
    ca_scene_free(sc);
}
END_TEST

static ca_scene *overlay(const double *f, size_t nf, const double *g, size_t ng,
                         ca_conv_mode mode)
{
    ca_scene_options opt = { .width = 480, .height = 360, .layout = CA_LAYOUT_OVERLAY };
    return new_scene(f, nf, g, ng, mode, false, &opt);
}

/* Amplitudes 1e-6 and 1 in the overlay: f, the products and the output
 * keep f's scale, on the left and labelled with their names; g takes a
 * second one, so neither is a flat line. */
START_TEST(overlay_gives_a_signal_apart_its_own_scale)
{
    static const double f[] = { 1e-6, 2e-6, 1e-6 }, g[] = { 1, 1, 1 };
    ca_scene *sc = overlay(f, 3, g, 3, CA_CONV_FULL);
    ca_scene_panel top = ca_scene_panel_of(sc, CA_PANEL_TOP);
    ca_scene_panel out = ca_scene_panel_of(sc, CA_PANEL_OUT);
    ck_assert_double_lt(top.y1, 1e-5);
    ck_assert_double_eq(out.y1, top.y1);
    ck_assert_str_eq(top.label, "$f$[$k$]\n$f$[$k$]$g$[$n$ \u2212 $k$]\n$y$[$n$]");
    ca_canvas c = draw(sc, 4);   /* g[j] at k = 4 - j; y[4] = 1e-6 */
    /* g's stems reach above the middle of the panel on their own scale */
    ck_assert_int_gt(coverage(&c, column(&top, 4), row(&top, (top.y0 + top.y1) / 2),
                              CA_SCENE_G), 0);
    /* y[1] = 3e-6 on f's scale, above f[1] */
    ck_assert_int_gt(coverage(&c, column(&top, 1), row(&top, 3e-6), CA_SCENE_OUT), 0);
    ca_canvas_free(&c);
    ca_scene_free(sc);
    /* signals of a size share one scale, with no label */
    static const double h[] = { 0.5, 1, 0.5 };
    sc = overlay(h, 3, g, 3, CA_CONV_FULL);
    top = ca_scene_panel_of(sc, CA_PANEL_TOP);
    ck_assert_double_gt(top.y1, 2);   /* y[2] = 2 */
    ck_assert_double_eq(ca_scene_panel_of(sc, CA_PANEL_OUT).y1, top.y1);
    ck_assert_str_eq(top.label, "");
    ca_scene_free(sc);
}
END_TEST

/* A box of 30 (its first sample -1) with a box of 30 in the overlay: the
 * output, some 28 times its inputs, takes the second scale, with its zero
 * at the height of the first's, which sits mid-panel for f's -1. */
START_TEST(overlay_output_apart_takes_the_second_scale_zero_aligned)
{
    double f[30], box30[30];
    for (size_t i = 0; i < 30; i++)
        f[i] = box30[i] = 1;
    f[0] = -1;
    ca_scene *sc = overlay(f, 30, box30, 30, CA_CONV_FULL);
    ca_scene_panel top = ca_scene_panel_of(sc, CA_PANEL_TOP);
    ca_scene_panel out = ca_scene_panel_of(sc, CA_PANEL_OUT);
    ck_assert_double_lt(top.y1, 2);
    ck_assert_double_gt(out.y1, 30);
    ck_assert_double_eq_tol(top.y0 / top.y1, out.y0 / out.y1, 1e-12);
    ck_assert_int_eq(row(&top, 0), row(&out, 0));
    ck_assert_str_eq(top.label, "$f$[$k$]\n$g$[$n$ \u2212 $k$]\n$f$[$k$]$g$[$n$ \u2212 $k$]");
    ca_scene_free(sc);
}
END_TEST

/* Same mode: the overlay names g by the true index, as the product layout
 * does, n + offset − k, in its caption (and its legend). */
START_TEST(overlay_caption_uses_the_true_index_of_g)
{
    static const double f[] = { 1, 2, 3, 4, 5, 6 }, g[] = { 1, 1, 1, 1, 1 };
    ca_scene *sc = overlay(f, 6, g, 5, CA_CONV_SAME);
    char buf[256];
    ca_scene_caption(sc, 1, buf, sizeof buf);
    /* y_same[1] = y_full[3] = 1 + 2 + 3 + 4 */
    ck_assert_str_eq(buf, "$n$ = 1     $y$[1] = \u03a3 $f$[$k$]$g$[$n$ + 2 \u2212 $k$] = 10");
    ca_scene_free(sc);
    /* an origin moves n off the output's array index, which it names, as
     * the product layout does */
    ca_scene_options opt = { .width = 480, .height = 360, .layout = CA_LAYOUT_OVERLAY,
                             .origin = { -1, 0 } };
    sc = new_scene(f, 3, g, 2, CA_CONV_FULL, false, &opt);
    ca_scene_caption(sc, 1, buf, sizeof buf);
    ck_assert_str_eq(buf, "$n$ = 0 (output 1)     $y$[0] = "
                          "\u03a3 $f$[$k$]$g$[$n$ \u2212 $k$] = 3");
    ca_scene_free(sc);
}
END_TEST

/* g slides from k = -(ng - 1) at the first step: the seed and overlay
 * layouts' x range holds it there, and it is drawn there. */
START_TEST(sliding_g_stays_inside_the_x_range)
{
    static const double f[] = { 1, 1, 1 }, g[] = { 1, 0.8, 0.6, 0.4, 0.2 };
    static const ca_layout layouts[] = { CA_LAYOUT_STACKED, CA_LAYOUT_OVERLAY };
    for (size_t l = 0; l < sizeof layouts / sizeof layouts[0]; l++) {
        ca_scene_options opt = { .width = 480, .height = 360, .layout = layouts[l] };
        ca_scene *sc = new_scene(f, 3, g, 5, CA_CONV_FULL, false, &opt);
        ca_scene_panel mid = ca_scene_panel_of(sc, CA_PANEL_MIDDLE);
        ck_assert_msg(mid.x0 < -4 && mid.x1 > 6, "layout %zu: x from %g to %g", l, mid.x0,
                      mid.x1);
        ca_canvas c = draw(sc, 0);   /* g[4] = 0.2 at k = -4 */
        ck_assert_msg(coverage(&c, column(&mid, -4), row(&mid, 0.1), CA_SCENE_G) > 0,
                      "layout %zu: g[4] not drawn at k = -4", l);
        ca_canvas_free(&c);
        ca_scene_free(sc);
    }
}
END_TEST

/* origin=-2: f's first sample stands at k = -2, and the output at the sum
 * of the origins. */
START_TEST(origins_place_the_samples)
{
    static const double f[] = { 1, 0.5, 0.25 }, g[] = { 1, 1 };
    ca_scene_options opt = { .width = 480, .height = 360, .layout = CA_LAYOUT_PRODUCT,
                             .origin = { -2, 1 } };
    ca_scene *sc = new_scene(f, 3, g, 2, CA_CONV_FULL, false, &opt);
    ck_assert_double_eq(ca_scene_x_of(sc, 0), -1);
    ca_scene_panel top = ca_scene_panel_of(sc, CA_PANEL_TOP);
    ck_assert_double_lt(top.x0, -2);
    ca_canvas c = draw(sc, 0);
    ck_assert_int_gt(coverage(&c, column(&top, -2), row(&top, 0.75), CA_SCENE_F), 0);
    ck_assert(!in_column(&c, &top, column(&top, 1), CA_SCENE_F));
    ca_canvas_free(&c);
    char buf[256];
    ca_scene_caption(sc, 0, buf, sizeof buf);
    ck_assert_msg(strncmp(buf, "$n$ = -1 ", 9) == 0, "'%s'", buf);
    ca_scene_free(sc);
}
END_TEST

/* An axis of sample indices has ticks, and grid lines, at whole numbers
 * only, even when its few samples would make a step of 0.5 "nice". */
START_TEST(index_axes_tick_whole_numbers)
{
    static const double f[] = { 1, 2 }, g[] = { 1, 1 };
    static const ca_layout layouts[] = { CA_LAYOUT_STACKED, CA_LAYOUT_PRODUCT,
                                         CA_LAYOUT_OVERLAY };
    for (size_t l = 0; l < sizeof layouts / sizeof layouts[0]; l++) {
        ca_scene_options opt = { .width = 480, .height = 360, .layout = layouts[l] };
        ca_scene *sc = new_scene(f, 2, g, 2, CA_CONV_FULL, false, &opt);
        ca_scene_panel p = ca_scene_panel_of(sc, ca_scene_panel_count(sc) - 1);
        ca_canvas c = draw(sc, 1);
        int width = p.area.x1 - p.area.x0, height = p.area.y1 - p.area.y0, lines = 0;
        double per_px = (p.x1 - p.x0) / width;
        for (int x = p.area.x0; x < p.area.x1; x++) {
            int rows = 0;
            for (int y = p.area.y0; y < p.area.y1; y++)
                rows += coverage(&c, x, y, CA_SCENE_GRID) > 0;
            if (rows < height / 2)
                continue;
            double at = p.x0 + (x - p.area.x0 + 0.5) * per_px;
            ck_assert_msg(fabs(at - round(at)) <= 1.5 * per_px,
                          "layout %zu: a grid line at x = %g", l, at);
            lines++;
        }
        ck_assert_int_ge(lines, 2);
        ca_canvas_free(&c);
        ca_scene_free(sc);
    }
}
END_TEST

static const tu_suite suite = { .name = "scene", .timeout = 30,
    .loops = {
        { "long_output_frames_do_not_depend_on_what_came_before",
          (int)(sizeof LONG_SCENES / sizeof LONG_SCENES[0]) },
        { "text_meets_no_other_text_nor_a_panel", 6 },
        { "two_line_title_moves_the_panels_down", 6 },
        { "larger_text_takes_more_room", 2 },
    },
};
TU_MAIN(suite, one_frame_per_output_sample, output_curve_follows_the_engine_up_to_n,
        g_slides_flipped_under_a_still_f, overlap_is_shaded,
        frames_do_not_depend_on_what_came_before,
        long_output_frames_do_not_depend_on_what_came_before, bad_requests_are_refused,
        caption_writes_the_terms_out, caption_value_is_the_engines, intro_adds_its_frames,
        product_frames_put_samples_where_they_belong, discarded_output_is_grey,
        caption_too_wide_for_the_frame_is_a_formula, caption_drops_round_off,
        long_titles_wrap_and_no_text_reaches_the_edge,
        a_range_of_steps_keeps_the_rest_of_the_output_in_grey, text_meets_no_other_text_nor_a_panel,
        two_line_title_moves_the_panels_down, larger_text_takes_more_room,
        font_scale_out_of_range_is_refused, text_that_cannot_fit_is_refused,
        every_layout_shows_zero_and_stems_short_signals,
        signals_of_very_different_size_get_their_own_scales, origins_place_the_samples,
        overlay_gives_a_signal_apart_its_own_scale,
        overlay_output_apart_takes_the_second_scale_zero_aligned,
        overlay_caption_uses_the_true_index_of_g, sliding_g_stays_inside_the_x_range,
        index_axes_tick_whole_numbers)

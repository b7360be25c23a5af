#include <math.h>

#include "convanim/plot.h"
#include "convanim/scene.h"
#include "testutil.h"

/* delta at 2 convolved with a box of 3: the output is the box, moved. */
static const double delta[] = { 0, 0, 1, 0, 0 };
static const double box[] = { 1, 1, 1 };
static const double full[] = { 0, 0, 1, 1, 1, 0, 0 };

static ca_scene *make_scene(ca_conv_mode mode)
{
    ca_scene_options opt = { .width = 480, .height = 360 };
    ca_scene *sc;
    ca_error err = { 0 };
    ck_assert_msg(ca_scene_new(delta, 5, box, 3, mode, false, &opt, &sc, &err) == CA_OK, "%s",
                  err.msg);
    return sc;
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
    /* same keeps the full output from index 1: numpy's centring */
    ck_assert_double_eq(ca_scene_x_of(sc, 0), 1);
    ca_scene_free(sc);
    sc = make_scene(CA_CONV_VALID);
    ck_assert_uint_eq(ca_scene_frames(sc), 3);
    ck_assert_double_eq(ca_scene_x_of(sc, 0), 2);
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
    ca_scene_panel fp = ca_scene_panel_of(sc, CA_PANEL_F), gp = ca_scene_panel_of(sc, CA_PANEL_G);
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
    ca_scene_panel fp = ca_scene_panel_of(sc, CA_PANEL_F);
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
        for (int y = 0; y < 360; y++)
            for (int x = 0; x < 480; x++)
                if (x < both.x0 || x >= both.x1 || y < both.y0 || y >= both.y1)
                    ck_assert_msg(c.pixels[y * 480 + x] == prev->pixels[y * 480 + x],
                                  "frames %zu and %zu differ at (%d, %d), outside the dirty rects",
                                  order[i - 1], order[i], x, y);
    }
    ca_canvas_free(&c);
    for (size_t n = 0; n < 7; n++)
        ca_canvas_free(&fresh[n]);
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

int main(void)
{
    Suite *s = suite_create("scene");
    TCase *tc = tcase_create("scene");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, one_frame_per_output_sample);
    tcase_add_test(tc, output_curve_follows_the_engine_up_to_n);
    tcase_add_test(tc, g_slides_flipped_under_a_still_f);
    tcase_add_test(tc, overlap_is_shaded);
    tcase_add_test(tc, frames_do_not_depend_on_what_came_before);
    tcase_add_test(tc, bad_requests_are_refused);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}

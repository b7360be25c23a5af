#include <limits.h>
#include <math.h>
#include <stdbool.h>

#include "convanim/canvas.h"
#include "testutil.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

enum { L = CA_PALETTE_LEVELS };

static const ca_rgb WHITE = { 255, 255, 255 };

/* A white background (0), ink (1) and blue (2) with ramps over the
 * background, red (3) with a ramp over the background and over blue, and
 * green (4) with no ramp at all. */
static ca_palette pal;

static void setup(void)
{
    static const ca_rgb colours[] = { { 0, 0, 0 }, { 31, 119, 180 }, { 214, 39, 40 },
                                      { 44, 160, 44 } };
    ca_palette_init(&pal, WHITE);
    for (int k = 0; k < 4; k++) {
        int id;
        ck_assert_int_eq(ca_palette_add_colour(&pal, colours[k], &id, NULL), CA_OK);
        ck_assert_int_eq(id, k + 1);
    }
    for (int fg = 1; fg <= 3; fg++)
        ck_assert_int_eq(ca_palette_add_ramp(&pal, fg, 0, NULL), CA_OK);
    ck_assert_int_eq(ca_palette_add_ramp(&pal, 3, 2, NULL), CA_OK);
}

static ca_canvas new_canvas(int w, int h)
{
    ca_canvas c;
    ck_assert_int_eq(ca_canvas_new(w, h, &pal, 0, &c, NULL), CA_OK);
    return c;
}

static uint8_t *px(const ca_canvas *c, int x, int y)
{
    return c->pixels + y * c->stride + x;
}

/* How much of a pixel colour covers, from its palette entry. */
static double coverage(const ca_canvas *c, int x, int y, int colour)
{
    uint8_t p = *px(c, x, y);
    return pal.top[p] == colour ? (double)pal.level[p] / L : 0;
}

static double coverage_sum(const ca_canvas *c, int colour)
{
    double sum = 0;
    for (int y = 0; y < c->height; y++)
        for (int x = 0; x < c->width; x++)
            sum += coverage(c, x, y, colour);
    return sum;
}

static int count_not(const ca_canvas *c, uint8_t index)
{
    int n = 0;
    for (int y = 0; y < c->height; y++)
        for (int x = 0; x < c->width; x++)
            n += *px(c, x, y) != index;
    return n;
}

static double shoelace(const double *xy, size_t n)
{
    double a = 0;
    for (size_t k = 0; k < n; k++) {
        size_t j = (k + 1) % n;
        a += xy[2 * k] * xy[2 * j + 1] - xy[2 * j] * xy[2 * k + 1];
    }
    return fabs(a) / 2;
}

static double segment_distance(double x, double y, double ax, double ay, double bx, double by)
{
    double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((x - ax) * dx + (y - ay) * dy) / len2 : 0;
    t = fmin(fmax(t, 0), 1);
    return hypot(x - ax - t * dx, y - ay - t * dy);
}

START_TEST(palette_starts_with_the_background)
{
    ca_palette p;
    ca_palette_init(&p, (ca_rgb){ 1, 2, 3 });
    ck_assert_int_eq(p.count, 1);
    ck_assert_int_eq(p.ncolours, 1);
    ck_assert_int_eq(p.solid[0], 0);
    ck_assert_int_eq(p.rgb[0].b, 3);
    ck_assert_int_eq(p.top[0], 0);
    ck_assert_int_eq(p.under[0], 0);
    ck_assert_int_eq(p.level[0], L);
    ck_assert_int_eq(p.ramp[0][1], -1);
}
END_TEST

START_TEST(palette_ramp_interpolates_srgb_values)
{
    ca_rgb blue = pal.rgb[pal.solid[2]];
    int first = pal.ramp[2][0];
    ck_assert_int_ge(first, 0);
    for (int k = 1; k < L; k++) {
        int i = first + k - 1;
        ck_assert_int_eq(pal.top[i], 2);
        ck_assert_int_eq(pal.under[i], 0);
        ck_assert_int_eq(pal.level[i], k);
        ck_assert_int_eq(pal.rgb[i].r, lround(255 + (blue.r - 255) * k / (double)L));
        ck_assert_int_eq(pal.rgb[i].g, lround(255 + (blue.g - 255) * k / (double)L));
        ck_assert_int_eq(pal.rgb[i].b, lround(255 + (blue.b - 255) * k / (double)L));
    }
    /* every solid colour is its own top and under, fully covered */
    for (int id = 0; id < pal.ncolours; id++) {
        int s = pal.solid[id];
        ck_assert_int_eq(pal.top[s], id);
        ck_assert_int_eq(pal.under[s], id);
        ck_assert_int_eq(pal.level[s], L);
    }
}
END_TEST

START_TEST(palette_adding_a_ramp_twice_changes_nothing)
{
    int count = pal.count, first = pal.ramp[1][0];
    ck_assert_int_eq(ca_palette_add_ramp(&pal, 1, 0, NULL), CA_OK);
    ck_assert_int_eq(pal.count, count);
    ck_assert_int_eq(pal.ramp[1][0], first);
}
END_TEST

START_TEST(palette_rejects_unknown_or_equal_colours)
{
    ca_error err;
    ck_assert_int_eq(ca_palette_add_ramp(&pal, 1, 1, &err), CA_EINPUT);
    ck_assert_int_eq(ca_palette_add_ramp(&pal, 9, 0, &err), CA_EINPUT);
    ck_assert_int_eq(ca_palette_add_ramp(&pal, 1, -1, &err), CA_EINPUT);
    ck_assert_int_eq(err.status, CA_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "palette"));
}
END_TEST

START_TEST(palette_stops_at_the_colour_limit)
{
    ca_palette p;
    ca_error err;
    ca_palette_init(&p, WHITE);
    for (int k = 1; k < CA_PALETTE_MAX_COLOURS; k++)
        ck_assert_int_eq(ca_palette_add_colour(&p, (ca_rgb){ (uint8_t)k, 0, 0 }, NULL, NULL),
                         CA_OK);
    int id = -7;
    ck_assert_int_eq(ca_palette_add_colour(&p, WHITE, &id, &err), CA_ELIMIT);
    ck_assert_int_eq(id, -7);
    ck_assert_int_eq(p.ncolours, CA_PALETTE_MAX_COLOURS);
    ck_assert_ptr_nonnull(strstr(err.msg, "at most 16"));
}
END_TEST

START_TEST(palette_keeps_one_index_free_for_transparency)
{
    ca_palette p;
    ca_error err;
    ca_palette_init(&p, WHITE);
    for (int k = 1; k < CA_PALETTE_MAX_COLOURS; k++)
        ca_palette_add_colour(&p, (ca_rgb){ (uint8_t)k, 0, 0 }, NULL, NULL);
    /* 16 solid colours and 15 ramps of 15 entries: 241 in use, no room for a 16th */
    for (int fg = 1; fg < CA_PALETTE_MAX_COLOURS; fg++)
        ck_assert_int_eq(ca_palette_add_ramp(&p, fg, 0, NULL), CA_OK);
    ck_assert_int_eq(p.count, 241);
    ck_assert_int_eq(ca_palette_add_ramp(&p, 1, 2, &err), CA_ELIMIT);
    ck_assert_int_eq(p.count, 241);
    ck_assert_int_eq(p.ramp[1][2], -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "255"));

    /* 15 solid colours and 16 ramps fill exactly 255 entries */
    ca_palette_init(&p, WHITE);
    for (int k = 1; k < 15; k++)
        ca_palette_add_colour(&p, (ca_rgb){ (uint8_t)k, 0, 0 }, NULL, NULL);
    for (int fg = 1; fg < 15 && p.count < CA_PALETTE_MAX_USED; fg++)
        for (int under = 0; under < 15 && p.count < CA_PALETTE_MAX_USED; under++)
            if (under != fg)
                ck_assert_int_eq(ca_palette_add_ramp(&p, fg, under, NULL), CA_OK);
    ck_assert_int_eq(p.count, CA_PALETTE_MAX_USED);
    ck_assert_int_eq(ca_palette_add_colour(&p, WHITE, NULL, &err), CA_ELIMIT);
    ck_assert_int_eq(p.count, CA_PALETTE_MAX_USED);
}
END_TEST

START_TEST(canvas_new_checks_its_arguments)
{
    ca_canvas c;
    ca_error err;
    ck_assert_int_eq(ca_canvas_new(0, 10, &pal, 0, &c, &err), CA_EINPUT);
    ck_assert_ptr_null(c.pixels);
    ck_assert_int_eq(ca_canvas_new(10, -1, &pal, 0, &c, &err), CA_EINPUT);
    ck_assert_int_eq(ca_canvas_new(10, 10, &pal, (uint8_t)pal.count, &c, &err), CA_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "fill index"));
    ck_assert_int_eq(ca_canvas_new(7, 3, &pal, 2, &c, &err), CA_OK);
    ck_assert_int_eq(c.stride, 7);
    ck_assert_ptr_null(c.damage);
    ck_assert_int_eq(count_not(&c, 2), 0);
    ca_canvas_free(&c);
    ca_canvas_free(&c);
    ca_canvas_free(NULL);
}
END_TEST

START_TEST(hline_and_vline_include_both_ends_in_either_order)
{
    ca_canvas c = new_canvas(20, 20);
    ca_canvas_hline(&c, 12, 3, 5, 1);
    ca_canvas_vline(&c, 7, 9, 15, 2);
    for (int y = 0; y < 20; y++)
        for (int x = 0; x < 20; x++) {
            int want = y == 5 && x >= 3 && x <= 12 ? 1 : x == 7 && y >= 9 && y <= 15 ? 2 : 0;
            ck_assert_int_eq(*px(&c, x, y), pal.solid[want]);
        }
    ca_canvas_free(&c);
}
END_TEST

START_TEST(fill_rect_is_half_open_and_clipped)
{
    ca_canvas c = new_canvas(20, 20);
    ca_canvas_fill_rect(&c, 2, 3, 6, 5, 1);
    ca_canvas_fill_rect(&c, 15, -100, 1000, 2, 2);
    ca_canvas_fill_rect(&c, 8, 8, 8, 12, 1);
    for (int y = 0; y < 20; y++)
        for (int x = 0; x < 20; x++) {
            int want = x >= 2 && x < 6 && y >= 3 && y < 5 ? 1 : x >= 15 && y < 2 ? 2 : 0;
            ck_assert_int_eq(*px(&c, x, y), pal.solid[want]);
        }
    ca_canvas_fill(&c, 3);
    ck_assert_int_eq(count_not(&c, pal.solid[3]), 0);
    ca_canvas_free(&c);
}
END_TEST

START_TEST(primitives_far_outside_write_nothing)
{
    ca_rect damage = { 0, 0, 0, 0 };
    ca_canvas c = new_canvas(20, 20);
    c.damage = &damage;
    static const double tri[] = { -50, -50, -10, -40, -30, -1 };
    static const uint8_t alpha[4] = { 255, 255, 255, 255 };
    ca_canvas_fill_rect(&c, INT_MIN, INT_MIN, -1, 5, 1);
    ca_canvas_hline(&c, 30, INT_MAX, 3, 1);
    ca_canvas_vline(&c, -1, INT_MIN, INT_MAX, 1);
    ca_canvas_line(&c, -100, 25, 100, 25, 8, 1);
    ca_canvas_line(&c, 1e300, 0, 1e300, 5, 3, 1);
    ca_canvas_fill_circle(&c, 30, 10, 9, 1);
    ca_canvas_fill_polygon(&c, tri, 3, 1);
    ca_canvas_mask(&c, 20, 0, alpha, 2, 2, 2, 1);
    ca_canvas_mask(&c, INT_MAX, INT_MAX, alpha, 2, 2, 2, 1);
    ck_assert_int_eq(count_not(&c, 0), 0);
    ck_assert_int_ge(damage.x0, damage.x1);
    ca_canvas_free(&c);
}
END_TEST

START_TEST(bad_colours_and_coordinates_draw_nothing)
{
    ca_rect damage = { 0, 0, 0, 0 };
    ca_canvas c = new_canvas(20, 20);
    c.damage = &damage;
    double nan_tri[] = { 1, 1, 15, 2, NAN, 12 };
    ca_canvas_fill_rect(&c, 0, 0, 10, 10, 5);
    ca_canvas_line(&c, 0, 0, 10, 10, 2, -1);
    ca_canvas_line(&c, 0, 0, INFINITY, 10, 2, 1);
    ca_canvas_line(&c, 0, 0, 10, 10, NAN, 1);
    ca_canvas_line(&c, 0, 0, 10, 10, 0, 1);
    ca_canvas_fill_circle(&c, 10, 10, -3, 1);
    ca_canvas_fill_polygon(&c, nan_tri, 3, 1);
    ca_canvas_fill_polygon(&c, nan_tri, 2, 1);
    ck_assert_int_eq(count_not(&c, 0), 0);
    ck_assert_int_ge(damage.x0, damage.x1);
    ca_canvas_free(&c);
}
END_TEST

START_TEST(sub_canvas_draws_at_its_place_in_the_parent)
{
    ca_canvas c = new_canvas(30, 30);
    ca_canvas sub = ca_canvas_sub(&c, 5, 7, 10, 10);
    ck_assert_int_eq(sub.x0, 5);
    ck_assert_int_eq(sub.y0, 7);
    ck_assert_int_eq(sub.stride, 30);
    ck_assert_ptr_eq(sub.pal, &pal);
    ca_canvas inner = ca_canvas_sub(&sub, 2, 3, 4, 4);
    ck_assert_int_eq(inner.x0, 7);
    ck_assert_int_eq(inner.y0, 10);
    ca_canvas_fill_rect(&sub, 0, 0, 2, 1, 1);
    ca_canvas_hline(&inner, 0, 0, 0, 2);
    for (int y = 0; y < 30; y++)
        for (int x = 0; x < 30; x++) {
            int want = y == 7 && (x == 5 || x == 6) ? 1 : y == 10 && x == 7 ? 2 : 0;
            ck_assert_int_eq(*px(&c, x, y), pal.solid[want]);
        }
    ca_canvas_free(&c);
}
END_TEST

START_TEST(sub_canvas_is_clipped_to_its_parent)
{
    ca_canvas c = new_canvas(40, 30);
    ca_canvas sub = ca_canvas_sub(&c, 35, -5, 20, 20);
    ck_assert_int_eq(sub.width, 5);
    ck_assert_int_eq(sub.height, 15);
    ck_assert_int_eq(sub.x0, 35);
    ck_assert_int_eq(sub.y0, 0);
    ck_assert_ptr_eq(sub.pixels, c.pixels + 35);
    ca_canvas none = ca_canvas_sub(&c, 50, 0, 10, 10);
    ck_assert_int_eq(none.width, 0);
    ca_canvas_fill(&none, 1);
    ca_canvas_line(&none, 0, 0, 10, 10, 3, 1);
    none = ca_canvas_sub(&c, INT_MAX, INT_MAX, INT_MAX, INT_MAX);
    ck_assert_int_eq(none.height, 0);
    ck_assert_int_eq(count_not(&c, 0), 0);
    ca_canvas_free(&c);
}
END_TEST

/* The parent has pixels all around the view: none of them may change. */
START_TEST(sub_canvas_clips_every_primitive_to_its_own_bounds)
{
    ca_canvas c = new_canvas(40, 40);
    ca_canvas sub = ca_canvas_sub(&c, 10, 10, 20, 20);
    static const double poly[] = { -15, 5, 35, -12, 40, 38, 3, 45 };
    static const double zigzag[] = { -10, -10, 30, 5, -10, 12, 30, 30 };
    uint8_t alpha[30 * 30];
    memset(alpha, 200, sizeof alpha);
    ca_canvas_fill_rect(&sub, -5, -5, 25, 25, 1);
    ca_canvas_fill(&sub, 0);
    ca_canvas_hline(&sub, -5, 25, 3, 1);
    ca_canvas_vline(&sub, 4, -5, 25, 1);
    ca_canvas_line(&sub, -20, 10, 45, 12, 6, 2);
    ca_canvas_polyline(&sub, zigzag, 4, 3, 3);
    ca_canvas_fill_circle(&sub, 0, 20, 8, 1);
    ca_canvas_fill_polygon(&sub, poly, 4, 2);
    ca_canvas_mask(&sub, -5, -5, alpha, 30, 30, 30, 1);
    int inside = 0;
    for (int y = 0; y < 40; y++)
        for (int x = 0; x < 40; x++) {
            if (x >= 10 && x < 30 && y >= 10 && y < 30)
                inside += *px(&c, x, y) != 0;
            else
                ck_assert_msg(*px(&c, x, y) == 0, "pixel (%d, %d) outside the view changed",
                              x, y);
        }
    ck_assert_int_eq(inside, 400);
    ca_canvas_free(&c);
}
END_TEST

START_TEST(horizontal_line_on_a_row_centre_is_one_solid_row)
{
    ca_canvas c = new_canvas(40, 40);
    ca_canvas_line(&c, 10.5, 20.5, 30.5, 20.5, 1, 1);
    for (int y = 0; y < 40; y++)
        for (int x = 0; x < 40; x++) {
            int want = y == 20 && x >= 10 && x <= 30 ? 1 : 0;
            ck_assert_msg(*px(&c, x, y) == pal.solid[want], "pixel (%d, %d) is %d", x, y,
                          *px(&c, x, y));
        }
    ca_canvas_free(&c);
}
END_TEST

START_TEST(line_coverage_is_its_capsule_area)
{
    const double w = 3, len = 100, h = w / 2;
    for (int deg = 0; deg < 180; deg += 7) {
        double a = deg * M_PI / 180, cx = 80.3, cy = 79.6;
        double dx = cos(a) * len / 2, dy = sin(a) * len / 2;
        ca_canvas c = new_canvas(160, 160);
        ca_canvas_line(&c, cx - dx, cy - dy, cx + dx, cy + dy, w, 1);
        double want = w * len + M_PI * h * h, got = coverage_sum(&c, 1);
        ck_assert_msg(fabs(got - want) < 0.02 * want, "%d degrees: coverage %g, area %g", deg,
                      got, want);
        ca_canvas_free(&c);
    }
}
END_TEST

/* Across the middle of the line, the coverage of a column (a row for steep
 * lines) times the cosine of the slope is the perpendicular thickness. One
 * column samples the profile at one phase of the pixel grid (at 45 degrees
 * every column has the same phase), so the line is also shifted across
 * itself by eighths of a pixel and the cross-sections averaged. */
START_TEST(line_thickness_is_the_same_at_every_slope)
{
    static const int angles[] = { 0, 15, 30, 45, 60, 90 };
    const double w = 2.5;
    for (size_t k = 0; k < sizeof angles / sizeof angles[0]; k++) {
        double a = angles[k] * M_PI / 180, ux = cos(a), uy = sin(a);
        bool steep = angles[k] > 45;
        double sum = 0, along = 0;
        for (int shift = 0; shift < 8; shift++) {
            double cx = 100.2 - uy * shift / 8, cy = 99.7 + ux * shift / 8;
            ca_canvas c = new_canvas(200, 200);
            ca_canvas_line(&c, cx - 80 * ux, cy - 80 * uy, cx + 80 * ux, cy + 80 * uy, w, 1);
            for (int s = 80; s < 120; s++)
                for (int t = 0; t < 200; t++)
                    sum += steep ? coverage(&c, t, s, 1) : coverage(&c, s, t, 1);
            along += (coverage_sum(&c, 1) - M_PI * w * w / 4) / 160;
            ca_canvas_free(&c);
        }
        double across = sum / (8 * 40) * (steep ? uy : ux);
        ck_assert_msg(fabs(across - w) < 0.02 * w, "%d degrees: thickness across %g",
                      angles[k], across);
        ck_assert_msg(fabs(along / 8 - w) < 0.02 * w, "%d degrees: mean thickness %g",
                      angles[k], along / 8);
    }
}
END_TEST

START_TEST(circle_coverage_is_pi_r_squared)
{
    ca_canvas c = new_canvas(60, 60);
    const double r = 17.3;
    ca_canvas_fill_circle(&c, 30.4, 28.7, r, 2);
    double want = M_PI * r * r, got = coverage_sum(&c, 2);
    ck_assert_msg(fabs(got - want) < 0.01 * want, "coverage %g, area %g", got, want);
    ck_assert_int_eq(*px(&c, 30, 28), pal.solid[2]);
    ck_assert_int_eq(*px(&c, 30, 28 - 19), 0);
    ca_canvas_free(&c);
}
END_TEST

static void check_polygon_area(const double *xy, size_t n, double want, const char *what)
{
    ca_canvas c = new_canvas(100, 100);
    ca_canvas_fill_polygon(&c, xy, n, 1);
    double got = coverage_sum(&c, 1);
    ck_assert_msg(fabs(got - want) < 0.01 * want, "%s: coverage %g, area %g", what, got, want);
    ca_canvas_free(&c);
}

START_TEST(polygon_coverage_is_its_area)
{
    static const double triangle[] = { 5.3, 4.1, 90.7, 20.2, 30.2, 95.9 };
    check_polygon_area(triangle, 3, shoelace(triangle, 3), "triangle");
    static const double reversed[] = { 30.2, 95.9, 90.7, 20.2, 5.3, 4.1 };
    check_polygon_area(reversed, 3, shoelace(reversed, 3), "clockwise triangle");
    static const double concave[] = { 10.5, 10.2, 80.1, 12.7, 50.3, 40.4, 88.8, 85.1,
                                      40.6, 70.9, 12.2, 90.3, 30.7, 50.5 };
    check_polygon_area(concave, 7, shoelace(concave, 7), "concave 7-gon");
    static const double thin[] = { 3.2, 50.1, 97.1, 50.6, 97.3, 51.0 };
    check_polygon_area(thin, 3, shoelace(thin, 3), "sliver");
}
END_TEST

/* A pentagram's centre winds twice: non-zero fills it, so the area is that
 * of the ten-pointed outline, not the five points alone (even-odd). */
START_TEST(self_intersecting_star_fills_by_nonzero_winding)
{
    double star[10], outline[20];
    const double cx = 50.3, cy = 49.6, r = 45, inner = r * cos(0.4 * M_PI) / cos(0.2 * M_PI);
    for (int k = 0; k < 5; k++) {
        double a = -M_PI / 2 + k * 4 * M_PI / 5;
        star[2 * k] = cx + r * cos(a);
        star[2 * k + 1] = cy + r * sin(a);
    }
    for (int k = 0; k < 10; k++) {
        double a = -M_PI / 2 + k * M_PI / 5, rk = k % 2 ? inner : r;
        outline[2 * k] = cx + rk * cos(a);
        outline[2 * k + 1] = cy + rk * sin(a);
    }
    check_polygon_area(star, 5, shoelace(outline, 10), "pentagram");
    ca_canvas c = new_canvas(100, 100);
    ca_canvas_fill_polygon(&c, star, 5, 1);
    ck_assert_int_eq(*px(&c, 50, 50), pal.solid[1]);
    ca_canvas_free(&c);
}
END_TEST

START_TEST(polygon_on_whole_pixels_is_crisp)
{
    static const double rect[] = { 3, 4, 17, 4, 17, 9, 3, 9 };
    ca_canvas c = new_canvas(20, 20);
    ca_canvas_fill_polygon(&c, rect, 4, 2);
    for (int y = 0; y < 20; y++)
        for (int x = 0; x < 20; x++)
            ck_assert_int_eq(*px(&c, x, y), pal.solid[x >= 3 && x < 17 && y >= 4 && y < 9 ? 2 : 0]);
    ca_canvas_free(&c);
}
END_TEST

START_TEST(polygon_partly_outside_covers_what_is_inside)
{
    /* a triangle whose left part is beyond the canvas: the visible part is a
     * trapezoid between x = 0 and x = 30 under the hypotenuse */
    static const double tri[] = { -30, 10, 30, 10, -30, 70 };
    ca_canvas c = new_canvas(50, 50);
    ca_canvas_fill_polygon(&c, tri, 3, 1);
    /* inside the canvas (y < 50): y runs from 10 to 40 - x for x in [0, 30] */
    double want = 0;
    for (int k = 0; k < 30000; k++) {
        double x = (k + 0.5) / 1000;
        want += fmin(40 - x, 50) - 10;
    }
    want /= 1000;
    double got = coverage_sum(&c, 1);
    ck_assert_msg(fabs(got - want) < 0.005 * want, "coverage %g, area %g", got, want);
    ca_canvas_free(&c);
}
END_TEST

/* Cutting an edge at the tile's sides leaves pieces that may lie far above
 * or below the tile: they must be dropped, not walked. */
START_TEST(polygon_with_far_vertices_stays_in_its_canvas)
{
    static const double poly[] = { 2.47, 24.9, -0.32, 12.7, 4084846.5, 336827764677269.25,
                                   -3925579834694.77, 17.6, 32.6, -10, -3921517.2, 15.45,
                                   -1.7e-301, 19.9 };
    ca_canvas c = new_canvas(15, 47);
    ca_canvas sub = ca_canvas_sub(&c, 2, 2, 11, 43);
    ca_canvas_fill_polygon(&sub, poly, 7, 1);
    for (int y = 0; y < 47; y++)
        for (int x = 0; x < 15; x++)
            if (x < 2 || x >= 13 || y < 2 || y >= 45)
                ck_assert_int_eq(*px(&c, x, y), 0);
    ck_assert_int_gt(count_not(&c, 0), 0);
    ca_canvas_free(&c);
}
END_TEST

START_TEST(polygon_wider_than_a_tile_is_filled_whole)
{
    static const double tri[] = { 0.5, 0.2, 8999.5, 3.1, 4000.3, 7.9 };
    ca_canvas c = new_canvas(9000, 8);
    ca_canvas_fill_polygon(&c, tri, 3, 1);
    double want = shoelace(tri, 3), got = coverage_sum(&c, 1);
    ck_assert_msg(fabs(got - want) < 0.01 * want, "coverage %g, area %g", got, want);
    ca_canvas_free(&c);
}
END_TEST

START_TEST(area_under_a_long_curve_has_its_area)
{
    enum { N = 1800 };
    static double xy[2 * (N + 2)];
    for (int k = 0; k < N; k++) {
        xy[2 * k] = 10 + k;
        xy[2 * k + 1] = 245 - 60 * (1 + sin(k * 0.013)) * (1 + 0.5 * sin(k * 0.21));
    }
    xy[2 * N] = 10 + N - 1;
    xy[2 * N + 1] = 245;
    xy[2 * N + 2] = 10;
    xy[2 * N + 3] = 245;
    ca_canvas c = new_canvas(1820, 260);
    ca_canvas_fill_polygon(&c, xy, N + 2, 1);
    double want = shoelace(xy, N + 2), got = coverage_sum(&c, 1);
    ck_assert_msg(fabs(got - want) < 0.01 * want, "coverage %g, area %g", got, want);
    ca_canvas_free(&c);
}
END_TEST

/* Each pixel of a polyline is the largest coverage its segments give it,
 * rounded to a level: joins neither darken (no sums) nor open gaps. */
START_TEST(polyline_joins_have_no_blobs_and_no_gaps)
{
    static const double path[] = { 5.2, 60.3, 25.7, 8.1, 38.4, 70.6, 47.9, 12.2,
                                   55.1, 12.9, 90.6, 55.5, 91.1, 56.3, 60.2, 85.7 };
    const size_t n = 8;
    const double w = 3.2, big = w / 2 + 0.5;
    ca_canvas c = new_canvas(100, 100);
    ca_canvas_polyline(&c, path, n, w, 1);
    for (int y = 0; y < 100; y++)
        for (int x = 0; x < 100; x++) {
            double d = INFINITY;
            for (size_t k = 1; k < n; k++)
                d = fmin(d, segment_distance(x + 0.5, y + 0.5, path[2 * k - 2],
                                             path[2 * k - 1], path[2 * k], path[2 * k + 1]));
            int want = (int)(fmin(fmax(big - d, 0), 1) * L + 0.5);
            uint8_t p = *px(&c, x, y);
            int got = pal.top[p] == 1 ? pal.level[p] : 0;
            ck_assert_msg(got == want,
                          "pixel (%d, %d): level %d, want %d", x, y, got, want);
            if (d <= w / 2 - 0.5)
                ck_assert_msg(p == pal.solid[1], "gap at (%d, %d)", x, y);
        }
    ca_canvas_free(&c);
}
END_TEST

START_TEST(drawing_the_same_stroke_twice_changes_nothing)
{
    ca_canvas a = new_canvas(50, 50), b = new_canvas(50, 50);
    ca_canvas_line(&a, 3.3, 4.4, 45.1, 30.2, 2.2, 2);
    ca_canvas_line(&b, 3.3, 4.4, 45.1, 30.2, 2.2, 2);
    ca_canvas_line(&b, 3.3, 4.4, 45.1, 30.2, 2.2, 2);
    ck_assert_mem_eq(a.pixels, b.pixels, 50 * 50);
    ca_canvas_free(&a);
    ca_canvas_free(&b);
}
END_TEST

/* One pixel painted through a mask, at a coverage that maps to `level`. */
static void dab(const ca_canvas *c, int level, int colour)
{
    uint8_t alpha = (uint8_t)lround(level * 255.0 / L);
    ca_canvas_mask(c, 0, 0, &alpha, 1, 1, 1, colour);
}

START_TEST(compositing_follows_the_palette_rules)
{
    ca_canvas c = new_canvas(1, 1);
    uint8_t *p = c.pixels;
    uint8_t tiny = 7, least = 8;
    ca_canvas_mask(&c, 0, 0, &tiny, 1, 1, 1, 1);
    ck_assert_int_eq(*p, 0);
    ca_canvas_mask(&c, 0, 0, &least, 1, 1, 1, 1);
    ck_assert_int_eq(*p, pal.ramp[1][0]);

    *p = 0;
    dab(&c, 5, 3);
    ck_assert_int_eq(*p, pal.ramp[3][0] + 4);
    dab(&c, 3, 3);                                     /* the larger coverage stays */
    ck_assert_int_eq(*p, pal.ramp[3][0] + 4);
    dab(&c, 3, 2);                                     /* another colour, smaller: kept */
    ck_assert_int_eq(*p, pal.ramp[3][0] + 4);
    dab(&c, 9, 2);                                     /* another colour, larger: replaces */
    ck_assert_int_eq(*p, pal.ramp[2][0] + 8);
    dab(&c, L, 2);
    ck_assert_int_eq(*p, pal.solid[2]);
    dab(&c, 6, 3);                                     /* red over solid blue */
    ck_assert_int_eq(*p, pal.ramp[3][2] + 5);
    dab(&c, 12, 2);                                    /* blue takes back 12 of 16 */
    ck_assert_int_eq(*p, pal.ramp[3][2] + 3);

    *p = 0;
    dab(&c, 7, 4);                                     /* no ramp: under half */
    ck_assert_int_eq(*p, 0);
    dab(&c, 8, 4);                                     /* no ramp: half or more */
    ck_assert_int_eq(*p, pal.solid[4]);
    dab(&c, 15, 1);                                    /* no ramp ink over green */
    ck_assert_int_eq(*p, pal.solid[1]);
    ca_canvas_free(&c);
}
END_TEST

START_TEST(mask_paints_through_its_coverage_and_clips)
{
    static const uint8_t alpha[] = { 0, 128, 255, 99, 255, 0, 64, 255, 9, 7, 255, 9 };
    ca_canvas c = new_canvas(4, 4);
    ca_canvas_mask(&c, -1, 1, alpha, 3, 3, 4, 2);
    int r = pal.ramp[2][0];
    static const int want_level[4][4] = {
        { 0, 0, 0, 0 }, { 8, 16, 0, 0 }, { 0, 4, 0, 0 }, { 0, 16, 0, 0 }
    };
    for (int y = 0; y < 4; y++)
        for (int x = 0; x < 4; x++) {
            int lv = want_level[y][x];
            int want = lv == 0 ? 0 : lv == L ? pal.solid[2] : r + lv - 1;
            ck_assert_msg(*px(&c, x, y) == want, "pixel (%d, %d)", x, y);
        }
    ca_canvas_free(&c);
}
END_TEST

static ca_rect changed(const ca_canvas *before, const ca_canvas *after)
{
    ca_rect r = { 0, 0, 0, 0 };
    for (int y = 0; y < after->height; y++)
        for (int x = 0; x < after->width; x++)
            if (*px(before, x, y) != *px(after, x, y))
                ca_rect_union(&r, (ca_rect){ x, y, x + 1, y + 1 });
    return r;
}

/* Each primitive, drawn in a view at (20, 10) of a frame, must report a
 * rectangle that holds every pixel it changed and is at most a couple of
 * pixels larger on each side. */
START_TEST(damage_holds_every_change_and_little_more)
{
    static const double tri[] = { 10.2, 5.5, 60.1, 30.3, 15.9, 44.4 };
    static const double path[] = { 5, 5, 30, 40, 55, 8 };
    static const uint8_t alpha[] = { 0, 0, 0, 0, 200, 0, 0, 0, 0 };
    for (int shape = 0; shape < 7; shape++) {
        ca_canvas frame = new_canvas(100, 80), before = new_canvas(100, 80);
        ca_rect damage = { 0, 0, 0, 0 };
        frame.damage = &damage;
        ca_canvas view = ca_canvas_sub(&frame, 20, 10, 70, 60);
        switch (shape) {
        case 0: ca_canvas_line(&view, 10.3, 12.7, 50.2, 33.3, 2.5, 1); break;
        case 1: ca_canvas_polyline(&view, path, 3, 1.5, 2); break;
        case 2: ca_canvas_fill_circle(&view, 35.5, 30.2, 9.4, 3); break;
        case 3: ca_canvas_fill_polygon(&view, tri, 3, 1); break;
        case 4: ca_canvas_mask(&view, 7, 9, alpha, 3, 3, 3, 1); break;
        case 5: ca_canvas_hline(&view, 60, 80, 3, 1); break;
        default: ca_canvas_line(&view, -10, 50, 100, 58, 1, 1); break;
        }
        ca_rect got = changed(&before, &frame);
        ck_assert_msg(got.x0 < got.x1, "shape %d changed nothing", shape);
        ck_assert_msg(damage.x0 <= got.x0 && damage.y0 <= got.y0 && damage.x1 >= got.x1 &&
                          damage.y1 >= got.y1,
                      "shape %d: damage [%d,%d)x[%d,%d) misses [%d,%d)x[%d,%d)", shape,
                      damage.x0, damage.x1, damage.y0, damage.y1, got.x0, got.x1, got.y0,
                      got.y1);
        ck_assert_msg(got.x0 - damage.x0 <= 2 && got.y0 - damage.y0 <= 2 &&
                          damage.x1 - got.x1 <= 2 && damage.y1 - got.y1 <= 2,
                      "shape %d: damage [%d,%d)x[%d,%d) for [%d,%d)x[%d,%d)", shape,
                      damage.x0, damage.x1, damage.y0, damage.y1, got.x0, got.x1, got.y0,
                      got.y1);
        ca_canvas_free(&frame);
        ca_canvas_free(&before);
    }
}
END_TEST

START_TEST(rect_union_grows_and_ignores_empty)
{
    ca_rect r = { 0, 0, 0, 0 };
    ca_rect_union(&r, (ca_rect){ 5, 5, 5, 9 });
    ck_assert_int_ge(r.x0, r.x1);
    ca_rect_union(&r, (ca_rect){ 2, 3, 4, 5 });
    ck_assert(r.x0 == 2 && r.y0 == 3 && r.x1 == 4 && r.y1 == 5);
    ca_rect_union(&r, (ca_rect){ -1, 4, 3, 9 });
    ck_assert(r.x0 == -1 && r.y0 == 3 && r.x1 == 4 && r.y1 == 9);
}
END_TEST

START_TEST(copy_takes_the_common_size)
{
    ca_canvas big = new_canvas(10, 10), small = new_canvas(4, 3);
    ca_canvas_fill(&small, 2);
    ca_rect damage = { 0, 0, 0, 0 };
    big.damage = &damage;
    ca_canvas view = ca_canvas_sub(&big, 5, 5, 10, 10);
    ca_canvas_copy(&view, &small);
    for (int y = 0; y < 10; y++)
        for (int x = 0; x < 10; x++)
            ck_assert_int_eq(*px(&big, x, y),
                             pal.solid[x >= 5 && x < 9 && y >= 5 && y < 8 ? 2 : 0]);
    ck_assert(damage.x0 == 5 && damage.y0 == 5 && damage.x1 == 9 && damage.y1 == 8);
    ca_canvas_free(&big);
    ca_canvas_free(&small);
}
END_TEST

static const tu_suite suite = { .name = "canvas", .timeout = 60, .setup = setup };
TU_MAIN(suite, palette_starts_with_the_background, palette_ramp_interpolates_srgb_values,
        palette_adding_a_ramp_twice_changes_nothing, palette_rejects_unknown_or_equal_colours,
        palette_stops_at_the_colour_limit, palette_keeps_one_index_free_for_transparency,
        canvas_new_checks_its_arguments, hline_and_vline_include_both_ends_in_either_order,
        fill_rect_is_half_open_and_clipped, primitives_far_outside_write_nothing,
        bad_colours_and_coordinates_draw_nothing, sub_canvas_draws_at_its_place_in_the_parent,
        sub_canvas_is_clipped_to_its_parent, sub_canvas_clips_every_primitive_to_its_own_bounds,
        horizontal_line_on_a_row_centre_is_one_solid_row, line_coverage_is_its_capsule_area,
        line_thickness_is_the_same_at_every_slope, circle_coverage_is_pi_r_squared,
        polygon_coverage_is_its_area, self_intersecting_star_fills_by_nonzero_winding,
        polygon_on_whole_pixels_is_crisp, polygon_partly_outside_covers_what_is_inside,
        polygon_with_far_vertices_stays_in_its_canvas, polygon_wider_than_a_tile_is_filled_whole,
        area_under_a_long_curve_has_its_area, polyline_joins_have_no_blobs_and_no_gaps,
        drawing_the_same_stroke_twice_changes_nothing, compositing_follows_the_palette_rules,
        mask_paints_through_its_coverage_and_clips, damage_holds_every_change_and_little_more,
        rect_union_grows_and_ignores_empty, copy_takes_the_common_size)

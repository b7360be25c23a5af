#include <math.h>
#include <string.h>

#include "convanim/image.h"
#include "testutil.h"

START_TEST(limits_are_checked_before_allocating)
{
    ca_image img;
    ca_error err = { 0 };
    ck_assert_int_eq(ca_image_new("big", 16385, 1, NULL, &img, &err), CA_ELIMIT);
    ck_assert_str_eq(err.msg, "big: 16385x1 pixels is over the limit of 16384 per side");
    ck_assert_int_eq(ca_image_new("big", 8193, 8193, NULL, &img, &err), CA_ELIMIT);
    ck_assert_str_eq(err.msg, "big: 8193x8193 pixels is over the limit of 64 megapixels");
    ck_assert_int_eq(ca_image_new("none", 0, 3, NULL, &img, &err), CA_EINPUT);
    ck_assert_ptr_null(img.v);
    ca_image_free(&img);
    ca_image_free(NULL);
}
END_TEST

START_TEST(resize_averages_down_and_repeats_up)
{
    double v[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
    ca_image src = { v, 4, 4 }, out;
    ck_assert_int_eq(ca_image_resize(&src, 2, 2, &out, NULL), CA_OK);
    ck_assert_double_eq(out.v[0], (0 + 1 + 4 + 5) / 4.0);
    ck_assert_double_eq(out.v[3], (10 + 11 + 14 + 15) / 4.0);
    ca_image_free(&out);
    ck_assert_int_eq(ca_image_resize(&src, 8, 4, &out, NULL), CA_OK);
    ck_assert_double_eq(out.v[0], 0);
    ck_assert_double_eq(out.v[1], 0);
    ck_assert_double_eq(out.v[2], 1);
    ck_assert_double_eq(out.v[31], 15);
    ca_image_free(&out);
}
END_TEST

START_TEST(tones_map_values_to_gray_levels)
{
    double v[] = { -2, 0, 0.5, 2 };
    ca_image img = { v, 4, 1 };
    ca_tone t = ca_tone_of(&img, CA_NORMALIZE_CLIP);
    ck_assert_double_eq(ca_tone_apply(&t, -2), 0);
    ck_assert_double_eq(ca_tone_apply(&t, 0.5), 0.5);
    ck_assert_double_eq(ca_tone_apply(&t, 2), 1);
    t = ca_tone_of(&img, CA_NORMALIZE_MINMAX);
    ck_assert_double_eq(ca_tone_apply(&t, -2), 0);
    ck_assert_double_eq(ca_tone_apply(&t, 0), 0.5);
    ck_assert_double_eq(ca_tone_apply(&t, 2), 1);
    t = ca_tone_of(&img, CA_NORMALIZE_ABS);
    ck_assert_double_eq(ca_tone_apply(&t, -2), 1);
    ck_assert_double_eq(ca_tone_apply(&t, 0.5), 0.25);
    ck_assert_double_eq(ca_tone_apply(&t, NAN), 0);
    /* a constant image under minmax shows its values as clip would */
    double flat[] = { 0.25, 0.25 };
    ca_image f = { flat, 2, 1 };
    t = ca_tone_of(&f, CA_NORMALIZE_MINMAX);
    ck_assert_double_eq(ca_tone_apply(&t, 0.25), 0.25);
    ca_normalize n;
    ca_error err = { 0 };
    ck_assert_int_eq(ca_normalize_parse("abs", &n, &err), CA_OK);
    ck_assert_int_eq(n, CA_NORMALIZE_ABS);
    ck_assert_str_eq(ca_normalize_name(n), "abs");
    ck_assert_int_eq(ca_normalize_parse("minmx", &n, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "unknown normalization 'minmx' (normalizations: clip, minmax, "
                              "abs; did you mean 'minmax'?)");
}
END_TEST

/* Values near the ends of double still spread over the gray levels: a
 * span that overflows, and one so small that its inverse does. */
START_TEST(tones_of_extreme_values_spread_over_the_grays)
{
    double big[] = { -1e308, 0, 1e308 };
    ca_image b = { big, 3, 1 };
    ca_tone t = ca_tone_of(&b, CA_NORMALIZE_MINMAX);
    ck_assert_double_eq(ca_tone_apply(&t, -1e308), 0);
    ck_assert_double_eq_tol(ca_tone_apply(&t, 0), 0.5, 1e-12);
    ck_assert_double_eq(ca_tone_apply(&t, 1e308), 1);
    double tiny[] = { 0, 1e-310, 4.9e-324 };
    ca_image s = { tiny, 3, 1 };
    t = ca_tone_of(&s, CA_NORMALIZE_MINMAX);
    ck_assert_double_eq(ca_tone_apply(&t, 0), 0);
    ck_assert_double_eq(ca_tone_apply(&t, 1e-310), 1);
    ck_assert_double_eq_tol(ca_tone_apply(&t, 0.5e-310), 0.5, 1e-9);
    t = ca_tone_of(&s, CA_NORMALIZE_ABS);
    ck_assert_double_eq(ca_tone_apply(&t, -1e-310), 1);
    ck_assert_double_eq_tol(ca_tone_apply(&t, 0.25e-310), 0.25, 1e-9);
    /* flat, however large: as clip shows it */
    double flat[] = { 1e301, 1e301 };
    ca_image f = { flat, 2, 1 };
    t = ca_tone_of(&f, CA_NORMALIZE_MINMAX);
    ck_assert_double_eq(ca_tone_apply(&t, 1e301), 1);
}
END_TEST

START_TEST(grids_are_whole_numbers_drawn_from_a_seed)
{
    /* the kernel grid of the same seed and max is checked against a Python
     * SplitMix64 in the filters fixtures; an input grid is the same draw,
     * row by row */
    ca_image a, b, c;
    ca_error err = { 0 };
    ck_assert_msg(ca_image_grid_from_spec("grid:size=3,seed=7,max=5", &a, &err) == CA_OK, "%s",
                  err.msg);
    ck_assert_int_eq(ca_image_grid(3, 3, 7, 5, &b, NULL), CA_OK);
    ck_assert_int_eq(a.width * a.height, 9);
    for (int i = 0; i < 9; i++)
        ck_assert_double_eq(a.v[i], b.v[i]);
    ca_image_free(&b);
    ck_assert_int_eq(ca_image_grid_from_spec("grid:seed=7,max=5,size=2x3", &b, NULL), CA_OK);
    ck_assert_int_eq(b.height, 2);
    ck_assert_int_eq(b.width, 3);
    for (int i = 0; i < 6; i++)
        ck_assert_double_eq(b.v[i], a.v[i]);
    ca_image_free(&a);
    ca_image_free(&b);
    /* the defaults: 5x5, seed 1, 0 to 3, every value among them */
    ck_assert_int_eq(ca_image_grid_from_spec("grid", &c, NULL), CA_OK);
    ck_assert_int_eq(c.width * c.height, 25);
    int seen[4] = { 0 };
    for (int i = 0; i < 25; i++) {
        ck_assert(c.v[i] >= 0 && c.v[i] <= 3 && floor(c.v[i]) == c.v[i]);
        seen[(int)c.v[i]]++;
    }
    ck_assert(seen[0] && seen[1] && seen[2] && seen[3]);
    ca_image_free(&c);
    ck_assert_int_eq(ca_image_grid_from_spec("grid:seed=2", &c, NULL), CA_OK);
    ck_assert_int_eq(ca_image_grid_from_spec("grid", &a, NULL), CA_OK);
    ck_assert_int_ne(memcmp(a.v, c.v, 25 * sizeof *a.v), 0);
    ca_image_free(&a);
    ca_image_free(&c);
}
END_TEST

START_TEST(bad_grid_specs_name_the_key)
{
    static const struct {
        const char *spec, *msg;
    } cases[] = {
        { "grid:sise=3", "grid: unknown key 'sise' (valid keys: size, seed, max)" },
        { "grid:size=0", "grid: size must be N or HxW, whole numbers from 1 to 16384 (got '0')" },
        { "grid:size=3x", "grid: size must be N or HxW, whole numbers from 1 to 16384 (got '3x')" },
        { "grid:size=2.5", "grid: size must be N or HxW, whole numbers from 1 to 16384 (got "
                           "'2.5')" },
        { "grid:max=100", "grid: max must be a whole number from 1 to 99 (got '100')" },
        { "grid:seed=-1", "grid: seed must be a whole number from 0 to 9007199254740992 (got "
                          "'-1')" },
        { "grid:max=2,max=3", "grid: max given twice" },
        { "grid:size", "grid: 'size' is not key=value" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ca_image g;
        ca_error err = { 0 };
        ck_assert_int_eq(ca_image_grid_from_spec(cases[i].spec, &g, &err), CA_EINPUT);
        ck_assert_str_eq(err.msg, cases[i].msg);
        ck_assert_ptr_null(g.v);
    }
    ca_image g;
    ck_assert_int_eq(ca_image_grid_from_spec("grid:size=16384", &g, NULL), CA_ELIMIT);
    ck_assert(ca_image_is_grid_spec("grid:size=3") && ca_image_is_grid_spec("grid"));
    ck_assert(!ca_image_is_grid_spec("grid.png") && !ca_image_is_grid_spec("gridded"));
}
END_TEST

static const tu_suite suite = { .name = "image" };
TU_MAIN(suite, limits_are_checked_before_allocating, resize_averages_down_and_repeats_up,
        tones_map_values_to_gray_levels, tones_of_extreme_values_spread_over_the_grays,
        grids_are_whole_numbers_drawn_from_a_seed, bad_grid_specs_name_the_key)

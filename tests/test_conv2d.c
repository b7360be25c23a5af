#include <math.h>

#include "convanim/conv2d.h"
#include "testutil.h"

static ca_image load(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "conv2d/%s.txt", name);
    ca_image m;
    m.v = tu_read_matrix(path, &m.height, &m.width);
    return m;
}

/* Sums of products are compared at 1e-12 of the largest sum of their
 * magnitudes: scipy adds in another order. */
static double scale(const ca_image *img, const ca_image *k)
{
    double a = 0, b = 0;
    for (int i = 0; i < img->width * img->height; i++)
        a = fmax(a, fabs(img->v[i]));
    for (int i = 0; i < k->width * k->height; i++)
        b += fabs(k->v[i]);
    return a * b;
}

START_TEST(every_mode_and_stride_matches_scipy)
{
    char path[1024], iname[64], kname[64], mode_name[16], file[256];
    int sy, sx, cases = 0, strided = 0, even = 0;
    snprintf(path, sizeof path, "%s/conv2d.txt", tu_fixtures());
    FILE *manifest = fopen(path, "r");
    ck_assert_ptr_nonnull(manifest);
    while (fscanf(manifest, "%63s %63s %15s %d %d %255s", iname, kname, mode_name, &sy, &sx,
                  file) == 6) {
        ca_image img = load(iname), k = load(kname), out;
        int rows, cols;
        double *want = tu_read_matrix(file, &rows, &cols);
        ca_conv_mode mode;
        ck_assert_int_eq(ca_conv_mode_parse(mode_name, &mode, NULL), CA_OK);
        ca_error err = { 0 };
        ck_assert_msg(ca_conv2d(&img, &k, mode, sy, sx, &out, &err) == CA_OK, "%s", err.msg);
        ck_assert_msg(out.height == rows && out.width == cols, "%s: %dx%d, scipy %dx%d", file,
                      out.height, out.width, rows, cols);
        double tol = 1e-12 * scale(&img, &k);
        for (int i = 0; i < rows * cols; i++)
            ck_assert_msg(fabs(out.v[i] - want[i]) <= tol, "%s [%d]: %.17g, scipy %.17g", file,
                          i, out.v[i], want[i]);
        strided += sy * sx > 1;
        even += k.width % 2 == 0 || k.height % 2 == 0;
        ca_image_free(&img);
        ca_image_free(&k);
        ca_image_free(&out);
        free(want);
        cases++;
    }
    fclose(manifest);
    ck_assert_int_ge(cases, 100);
    ck_assert_int_gt(strided, 0);
    ck_assert_int_gt(even, 0);
}
END_TEST

START_TEST(sizes_follow_the_notebooks_formula)
{
    /* floor((i + 2p - k) / s) + 1 for full (p = k - 1) and valid (p = 0),
     * ceil(i / s) for same */
    for (int i = 1; i <= 12; i++)
        for (int k = 1; k <= i; k++)
            for (int s = 1; s <= 4; s++) {
                int oh, ow;
                ck_assert_int_eq(ca_conv2d_size(i, i, k, k, CA_CONV_FULL, s, s, &oh, &ow, NULL),
                                 CA_OK);
                ck_assert_int_eq(oh, (i + 2 * (k - 1) - k) / s + 1);
                ck_assert_int_eq(ca_conv2d_size(i, i, k, k, CA_CONV_VALID, s, s, &oh, &ow, NULL),
                                 CA_OK);
                ck_assert_int_eq(oh, (i - k) / s + 1);
                ck_assert_int_eq(ca_conv2d_size(i, i, k, k, CA_CONV_SAME, s, 1, &oh, &ow, NULL),
                                 CA_OK);
                ck_assert_int_eq(oh, (i + s - 1) / s);
                ck_assert_int_eq(ow, i);
            }
}
END_TEST

START_TEST(bad_strides_and_kernels_too_large_for_valid_are_refused)
{
    double one = 1, nine[9] = { 0 };
    ca_image img = { nine, 3, 3 }, k = { nine, 3, 3 }, tall = { nine, 1, 9 }, out;
    ca_error err = { 0 };
    ck_assert_int_eq(ca_conv2d(&img, &k, CA_CONV_SAME, 0, 1, &out, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "the stride must be at least 1 (got 0,1)");
    ck_assert_ptr_null(out.v);
    ck_assert_int_eq(ca_conv2d(&img, &k, CA_CONV_SAME, 2, -1, &out, &err), CA_EINPUT);
    ck_assert_int_eq(ca_conv2d(&img, &tall, CA_CONV_VALID, 1, 1, &out, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "a 1x9 kernel does not fit in a 3x3 image in valid mode "
                              "(use full or same)");
    /* full and same take any kernel */
    ck_assert_int_eq(ca_conv2d(&img, &tall, CA_CONV_SAME, 1, 1, &out, NULL), CA_OK);
    ck_assert_int_eq(out.width * out.height, 9);
    ca_image_free(&out);
    ca_image single = { &one, 1, 1 };
    ck_assert_int_eq(ca_conv2d(&single, &single, CA_CONV_VALID, 5, 5, &out, NULL), CA_OK);
    ck_assert_double_eq(out.v[0], 1);
    ca_image_free(&out);
}
END_TEST

START_TEST(output_samples_the_full_output_from_the_modes_origin)
{
    int r0, c0;
    ca_conv2d_origin(4, 3, CA_CONV_SAME, &r0, &c0);
    ck_assert_int_eq(r0, 1);   /* scipy leans up and left for an even side */
    ck_assert_int_eq(c0, 1);
    ca_conv2d_origin(4, 3, CA_CONV_VALID, &r0, &c0);
    ck_assert_int_eq(r0, 3);
    ck_assert_int_eq(c0, 2);
    ca_conv2d_origin(4, 3, CA_CONV_FULL, &r0, &c0);
    ck_assert_int_eq(r0 + c0, 0);
}
END_TEST

static const tu_suite suite = { .name = "conv2d" };
TU_MAIN(suite, every_mode_and_stride_matches_scipy, sizes_follow_the_notebooks_formula,
        bad_strides_and_kernels_too_large_for_valid_are_refused,
        output_samples_the_full_output_from_the_modes_origin)

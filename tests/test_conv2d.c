#include <math.h>
#include <stdbool.h>
#include <string.h>

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
        ca_conv2d_options opt;
        ca_conv2d_options_default(&opt);
        ck_assert_int_eq(ca_conv_mode_parse(mode_name, &opt.mode, NULL), CA_OK);
        opt.sy = sy;
        opt.sx = sx;
        ca_error err = { 0 };
        ck_assert_msg(ca_conv2d(&img, &k, &opt, &out, &err) == CA_OK, "%s", err.msg);
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

/* The settings of a case in arith2d.txt: "IMG KERNEL MODE PY PX SY SX DY DX
 * AY AX TRANSPOSED CORRELATE", MODE "-" when PY, PX give the padding. */
static bool read_case(FILE *fp, char *iname, char *kname, ca_conv2d_options *o)
{
    char mode[16];
    int t, c;
    ca_conv2d_options_default(o);
    if (fscanf(fp, "%63s %63s %15s %d %d %d %d %d %d %d %d %d %d", iname, kname, mode, &o->py,
               &o->px, &o->sy, &o->sx, &o->dy, &o->dx, &o->ay, &o->ax, &t, &c) != 13)
        return false;
    o->padded = strcmp(mode, "-") == 0;
    if (!o->padded)
        ck_assert_int_eq(ca_conv_mode_parse(mode, &o->mode, NULL), CA_OK);
    o->transposed = t;
    o->correlate = c;
    return true;
}

START_TEST(padding_stride_dilation_and_transposed_match_the_reference)
{
    char path[1024], iname[64], kname[64];
    int cases = 0, transposed = 0, correlated = 0, dilated = 0, outpadded = 0, named = 0;
    snprintf(path, sizeof path, "%s/arith2d.txt", tu_fixtures());
    FILE *fp = fopen(path, "r");
    ck_assert_ptr_nonnull(fp);
    ca_conv2d_options o;
    while (read_case(fp, iname, kname, &o)) {
        ca_image img = load(iname), k = load(kname), out;
        int rows, cols;
        ck_assert_int_eq(fscanf(fp, "%d %d", &rows, &cols), 2);
        ca_error err = { 0 };
        ck_assert_msg(ca_conv2d(&img, &k, &o, &out, &err) == CA_OK, "case %d: %s", cases,
                      err.msg);
        ck_assert_msg(out.height == rows && out.width == cols, "case %d (%s %s): %dx%d, "
                      "reference %dx%d", cases, iname, kname, out.height, out.width, rows, cols);
        double tol = 1e-12 * scale(&img, &k), worst = 0;
        for (int i = 0; i < rows * cols; i++) {
            double want;
            ck_assert_int_eq(fscanf(fp, "%lf", &want), 1);
            worst = fmax(worst, fabs(out.v[i] - want));
        }
        ck_assert_msg(worst <= tol, "case %d (%s %s): off by %g", cases, iname, kname, worst);
        transposed += o.transposed;
        correlated += o.correlate;
        dilated += o.dy * o.dx > 1;
        outpadded += o.ay + o.ax > 0;
        named += !o.padded;
        ca_image_free(&img);
        ca_image_free(&k);
        ca_image_free(&out);
        cases++;
    }
    fclose(fp);
    ck_assert_int_ge(cases, 200);
    ck_assert_int_gt(transposed, 50);
    ck_assert_int_gt(correlated, 50);
    ck_assert_int_gt(dilated, 50);
    ck_assert_int_gt(outpadded, 10);
    ck_assert_int_gt(named, 20);
}
END_TEST

static double dot(const ca_image *a, const ca_image *b)
{
    double sum = 0;
    for (int i = 0; i < a->width * a->height; i++)
        sum += a->v[i] * b->v[i];
    return sum;
}

/* A w x h image of uniform values in [-1, 1) from a little LCG. */
static ca_image noise(int w, int h, unsigned *state)
{
    ca_image m;
    ck_assert_int_eq(ca_image_new("noise", w, h, NULL, &m, NULL), CA_OK);
    for (int i = 0; i < w * h; i++) {
        *state = *state * 1664525u + 1013904223u;
        m.v[i] = (*state >> 8) / (double)(1u << 23) - 1;
    }
    return m;
}

START_TEST(the_transposed_convolution_is_the_adjoint)
{
    /* <conv(x), y> = <x, convT(y)> for every padding, stride and dilation;
     * the output padding gives convT(y) x's size back when the stride
     * leaves cells over */
    unsigned state = 14;
    int checked = 0;
    for (int n = 0; n < 300; n++) {
        ca_conv2d_options o;
        ca_conv2d_options_default(&o);
        int ih = 3 + (int)(state % 9), iw = 2 + (int)(state / 16 % 10);
        ca_image x = noise(iw, ih, &state);
        ca_image k = noise(1 + (int)(state % 4), 1 + (int)(state / 8 % 4), &state);
        o.padded = true;
        o.py = (int)(state % 3);
        o.px = (int)(state / 4 % 3);
        o.sy = 1 + (int)(state / 16 % 3);
        o.sx = 1 + (int)(state / 64 % 3);
        o.dy = 1 + (int)(state / 256 % 2);
        o.dx = 1 + (int)(state / 1024 % 3);
        o.correlate = n % 2;
        ca_image cx, ct;
        if (ca_conv2d(&x, &k, &o, &cx, NULL) == CA_OK) {
            ca_image y = noise(cx.width, cx.height, &state);
            o.transposed = true;
            o.ay = (ih + 2 * o.py - o.dy * (k.height - 1) - 1) % o.sy;
            o.ax = (iw + 2 * o.px - o.dx * (k.width - 1) - 1) % o.sx;
            ca_error err = { 0 };
            ck_assert_msg(ca_conv2d(&y, &k, &o, &ct, &err) == CA_OK, "%s", err.msg);
            ck_assert_int_eq(ct.width, iw);
            ck_assert_int_eq(ct.height, ih);
            double a = dot(&cx, &y), b = dot(&x, &ct);
            ck_assert_msg(fabs(a - b) <= 1e-12 * (1 + fabs(a)), "case %d: %.17g vs %.17g", n, a,
                          b);
            ca_image_free(&y);
            ca_image_free(&cx);
            ca_image_free(&ct);
            checked++;
        }
        ca_image_free(&x);
        ca_image_free(&k);
    }
    ck_assert_int_gt(checked, 200);
}
END_TEST

START_TEST(sizes_follow_pytorchs_formulas)
{
    /* floor((i + 2p - d(k - 1) - 1) / s) + 1, and (i - 1) s - 2p + d(k - 1)
     * + a + 1 transposed */
    for (int i = 1; i <= 9; i++)
        for (int k = 1; k <= 4; k++)
            for (int p = 0; p <= 2; p++)
                for (int s = 1; s <= 3; s++)
                    for (int d = 1; d <= 2; d++) {
                        ca_conv2d_options o;
                        ca_conv2d_options_default(&o);
                        o.padded = true;
                        o.py = p;    /* the columns: one cell, no padding */
                        o.sy = o.sx = s;
                        o.dy = o.dx = d;
                        ca_conv2d_plan plan;
                        int fits = i + 2 * p >= d * (k - 1) + 1;
                        ck_assert_int_eq(ca_conv2d_plan_make(i, 1, k, 1, &o, &plan, NULL),
                                         fits ? CA_OK : CA_EINPUT);
                        if (fits)
                            ck_assert_int_eq(plan.y.out, (i + 2 * p - d * (k - 1) - 1) / s + 1);
                        o.transposed = true;
                        o.ay = s > d ? s - 1 : d - 1;
                        int t = (i - 1) * s - 2 * p + d * (k - 1) + o.ay + 1;
                        ck_assert_int_eq(ca_conv2d_plan_make(i, 1, k, 1, &o, &plan, NULL),
                                         t >= 1 ? CA_OK : CA_EINPUT);
                        if (t >= 1)
                            ck_assert_int_eq(plan.y.out, t);
                    }
}
END_TEST

START_TEST(mode_names_are_paddings)
{
    /* a 3x3 kernel dilated by 2 spans 5 cells: full pads 4, same 2, valid 0 */
    ca_conv2d_options o;
    ca_conv2d_plan plan;
    ca_conv2d_options_default(&o);
    o.dy = o.dx = 2;
    static const ca_conv_mode modes[] = { CA_CONV_FULL, CA_CONV_SAME, CA_CONV_VALID };
    static const int pads[] = { 4, 2, 0 }, outs[] = { 12, 8, 4 };
    for (int m = 0; m < 3; m++) {
        o.mode = modes[m];
        ck_assert_int_eq(ca_conv2d_plan_make(8, 8, 3, 3, &o, &plan, NULL), CA_OK);
        ck_assert_int_eq(plan.y.pad0, pads[m]);
        ck_assert_int_eq(plan.x.pad1, pads[m]);
        ck_assert_int_eq(plan.y.out, outs[m]);
    }
    /* an even window: the odd zero before the input for a convolution, as
     * convolve2d keeps it, after it for a correlation */
    o.mode = CA_CONV_SAME;
    o.dy = o.dx = 1;
    ck_assert_int_eq(ca_conv2d_plan_make(8, 8, 4, 2, &o, &plan, NULL), CA_OK);
    ck_assert_int_eq(plan.y.pad0, 2);
    ck_assert_int_eq(plan.y.pad1, 1);
    ck_assert_int_eq(plan.x.pad0, 1);
    ck_assert_int_eq(plan.x.pad1, 0);
    o.correlate = true;
    ck_assert_int_eq(ca_conv2d_plan_make(8, 8, 4, 2, &o, &plan, NULL), CA_OK);
    ck_assert_int_eq(plan.y.pad0, 1);
    ck_assert_int_eq(plan.y.pad1, 2);
}
END_TEST

START_TEST(the_transposed_grid_spreads_the_input_between_zeros)
{
    /* conv_arithmetic's padding_strides_transposed: i = 3, k = 3, s = 2,
     * p = 1 -> o = 5, drawn as the input 2 cells apart with 1 zero around */
    ca_conv2d_options o;
    ca_conv2d_plan plan;
    ca_conv2d_options_default(&o);
    o.padded = true;
    o.py = o.px = 1;
    o.sy = o.sx = 2;
    o.transposed = true;
    ck_assert_int_eq(ca_conv2d_plan_make(3, 3, 3, 3, &o, &plan, NULL), CA_OK);
    ck_assert_int_eq(plan.y.out, 5);
    ck_assert_int_eq(plan.y.grid, 7);
    static const int want[7] = { -1, 0, -1, 1, -1, 2, -1 };
    for (int g = 0; g < 7; g++)
        ck_assert_int_eq(ca_conv2d_input_at(&plan.y, g), want[g]);
    ca_conv2d_term terms[9];
    ck_assert_int_eq(ca_conv2d_terms(&plan, 1, 2, terms), 9);
    /* output (1, 2)'s window starts at grid (1, 2): its top left tap meets
     * input row 0 and a zero between columns, and takes the kernel as
     * given (a true convolution, transposed) */
    ck_assert_int_eq(terms[0].iy, 0);
    ck_assert_int_eq(terms[0].ix, -1);
    ck_assert_int_eq(terms[0].ky + terms[0].kx, 0);
    ck_assert_int_eq(terms[4].iy, -1);
    ck_assert_int_eq(terms[1].ix, 1);
}
END_TEST

START_TEST(bad_settings_are_refused_naming_the_value)
{
    double nine[9] = { 0 };
    ca_image img = { nine, 3, 3 }, k = { nine, 3, 3 }, tall = { nine, 1, 9 }, out;
    ca_conv2d_options o;
    ca_error err = { 0 };
    ca_conv2d_options_default(&o);
    o.sy = 0;
    ck_assert_int_eq(ca_conv2d(&img, &k, &o, &out, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "the stride must be at least 1 (got 0,1)");
    ck_assert_ptr_null(out.v);
    ca_conv2d_options_default(&o);
    o.dx = 0;
    ck_assert_int_eq(ca_conv2d(&img, &k, &o, &out, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "the dilation must be at least 1 (got 1,0)");
    ca_conv2d_options_default(&o);
    o.padded = true;
    o.py = -1;
    ck_assert_int_eq(ca_conv2d(&img, &k, &o, &out, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "the padding must be at least 0 (got -1,0)");
    ca_conv2d_options_default(&o);
    o.mode = CA_CONV_VALID;
    ck_assert_int_eq(ca_conv2d(&img, &tall, &o, &out, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "the kernel's 9 rows (9 dilated by 1) do not fit in the 3 rows "
                              "of the padded input");
    o.dx = 2;
    ck_assert_int_eq(ca_conv2d(&img, &k, &o, &out, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "the kernel's 5 columns (3 dilated by 2) do not fit in the 3 "
                              "columns of the padded input");
    ca_conv2d_options_default(&o);
    o.transposed = true;
    o.sy = 2;
    o.ay = 2;
    ck_assert_int_eq(ca_conv2d(&img, &k, &o, &out, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "the output padding (2,0) must be below the larger of the stride "
                              "and the dilation (2,1)");
    o.ay = 0;
    o.transposed = false;
    o.ax = 1;
    ck_assert_int_eq(ca_conv2d(&img, &k, &o, &out, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "an output padding (0,1) needs a transposed convolution");
    ca_conv2d_options_default(&o);
    o.transposed = true;
    o.padded = true;
    o.py = o.px = 3;
    ck_assert_int_eq(ca_conv2d(&img, &k, &o, &out, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "the transposed convolution has -1 rows: the padding 3+3 takes "
                              "all of them");
    ca_conv2d_options_default(&o);
    o.transposed = true;
    o.sy = CA_CONV2D_MAX_PARAM;
    ck_assert_int_eq(ca_conv2d(&img, &k, &o, &out, &err), CA_ELIMIT);
    ck_assert_str_eq(err.msg, "the output would have 2097153 rows, over the limit of 32768");
    /* same keeps the output's size whatever the window's: the window is
     * bounded itself, so no index passes an int */
    ca_conv2d_options_default(&o);
    o.dy = CA_CONV2D_MAX_PARAM;
    ck_assert_int_eq(ca_conv2d(&img, &k, &o, &out, &err), CA_ELIMIT);
    ck_assert_str_eq(err.msg, "the kernel's 3 rows dilated by 1048576 span 2097153, over the "
                              "limit of 32768");
    o.sy = CA_CONV2D_MAX_PARAM + 1;
    ck_assert_int_eq(ca_conv2d(&img, &k, &o, &out, &err), CA_EINPUT);
    ck_assert_ptr_null(out.v);
}
END_TEST

START_TEST(an_output_that_overflows_is_refused)
{
    double big[4] = { 1e308, 1e308, 1e308, 1e308 }, two[1] = { 2 };
    ca_image img = { big, 2, 2 }, k = { two, 1, 1 }, out;
    ca_conv2d_options o;
    ca_error err = { 0 };
    ca_conv2d_options_default(&o);
    o.transposed = true;
    ck_assert_int_eq(ca_conv2d(&img, &k, &o, &out, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "the output overflows: row 0, column 0 is inf; scale the kernel "
                              "down");
    ck_assert_ptr_null(out.v);
}
END_TEST

static const tu_suite suite = { .name = "conv2d" };
TU_MAIN(suite, every_mode_and_stride_matches_scipy,
        padding_stride_dilation_and_transposed_match_the_reference,
        the_transposed_convolution_is_the_adjoint, sizes_follow_pytorchs_formulas,
        mode_names_are_paddings, the_transposed_grid_spreads_the_input_between_zeros,
        bad_settings_are_refused_naming_the_value, an_output_that_overflows_is_refused)

#include <math.h>

#include "convanim/conv.h"
#include "testutil.h"

static double *load_fixture(const char *name, size_t *n)
{
    char path[8192];
    snprintf(path, sizeof path, "%s/%s", tu_fixtures(), name);
    return tu_read_doubles(path, n);
}

/* The rounding error of a sum of products is bounded by the sum of their
 * magnitudes, not by the result: numpy's BLAS and our loop add in different
 * orders, so compare at 1e-12 of that scale. */
static double sum_abs_products(const double *f, size_t nf, const double *g, size_t ng)
{
    double fmax_ = 0, gsum = 0;
    for (size_t i = 0; i < nf; i++)
        fmax_ = fmax(fmax_, fabs(f[i]));
    for (size_t j = 0; j < ng; j++)
        gsum += fabs(g[j]);
    return fmax_ * gsum;
}

START_TEST(every_mode_matches_numpy)
{
    char path[1024], name[64], op[16], mode_name[16], file[256];
    snprintf(path, sizeof path, "%s/conv.txt", tu_fixtures());
    FILE *manifest = fopen(path, "r");
    ck_assert_ptr_nonnull(manifest);
    int cases = 0;
    while (fscanf(manifest, "%63s %15s %15s %255s", name, op, mode_name, file) == 4) {
        size_t nf, ng, nwant;
        snprintf(path, sizeof path, "conv/%s_f.txt", name);
        double *f = load_fixture(path, &nf);
        snprintf(path, sizeof path, "conv/%s_g.txt", name);
        double *g = load_fixture(path, &ng);
        double *want = load_fixture(file, &nwant);
        ca_conv_mode mode;
        ck_assert_int_eq(ca_conv_mode_parse(mode_name, &mode, NULL), CA_OK);
        bool correlate = strcmp(op, "correlate") == 0;

        size_t len = ca_conv_length(nf, ng, mode);
        ck_assert_msg(len == nwant, "%s %s %s: length %zu, numpy %zu", name, op, mode_name,
                      len, nwant);
        double *y = malloc(len * sizeof *y);
        ck_assert_ptr_nonnull(y);
        ck_assert_int_eq(ca_conv(f, nf, g, ng, mode, correlate, y, NULL), CA_OK);
        size_t i = tu_first_far(y, want, len, 1e-12 * sum_abs_products(f, nf, g, ng));
        ck_assert_msg(i == len, "%s %s %s [%zu]: %.17g, numpy %.17g", name, op, mode_name, i,
                      y[i], want[i]);
        free(y);
        free(f);
        free(g);
        free(want);
        cases++;
    }
    fclose(manifest);
    ck_assert_int_ge(cases, 90);
}
END_TEST

START_TEST(lengths_follow_numpy)
{
    ck_assert_uint_eq(ca_conv_length(70, 40, CA_CONV_FULL), 109);
    ck_assert_uint_eq(ca_conv_length(60, 30, CA_CONV_FULL), 89);
    ck_assert_uint_eq(ca_conv_length(3, 5, CA_CONV_SAME), 5);
    ck_assert_uint_eq(ca_conv_length(3, 5, CA_CONV_VALID), 3);
    ck_assert_uint_eq(ca_conv_length(5, 5, CA_CONV_VALID), 1);
    ck_assert_uint_eq(ca_conv_length(0, 5, CA_CONV_FULL), 0);
}
END_TEST

START_TEST(same_mode_centres_like_numpy)
{
    /* even kernels put the extra sample on the right, as numpy does */
    ck_assert_uint_eq(ca_conv_offset(10, 4, CA_CONV_SAME, false), 1);
    ck_assert_uint_eq(ca_conv_offset(10, 3, CA_CONV_SAME, false), 1);
    ck_assert_uint_eq(ca_conv_offset(4, 10, CA_CONV_SAME, false), 1);
    ck_assert_uint_eq(ca_conv_offset(4, 10, CA_CONV_SAME, true), 2);
    ck_assert_uint_eq(ca_conv_offset(10, 4, CA_CONV_SAME, true), 1);
    ck_assert_uint_eq(ca_conv_offset(10, 4, CA_CONV_VALID, true), 3);
}
END_TEST

START_TEST(delta_shifts_the_signal)
{
    const double f[] = { 1, 2, 3, 4 }, d[] = { 0, 0, 1 };
    double y[6];
    ck_assert_int_eq(ca_conv(f, 4, d, 3, CA_CONV_FULL, false, y, NULL), CA_OK);
    const double want[] = { 0, 0, 1, 2, 3, 4 };
    ck_assert_mem_eq(y, want, sizeof want);
    ck_assert_int_eq(ca_conv(f, 4, d, 3, CA_CONV_FULL, true, y, NULL), CA_OK);
    const double want_corr[] = { 1, 2, 3, 4, 0, 0 };
    ck_assert_mem_eq(y, want_corr, sizeof want_corr);
}
END_TEST

START_TEST(empty_signals_and_bad_modes_are_refused)
{
    const double f[] = { 1 };
    double y[1];
    ca_error err = { 0 };
    ck_assert_int_eq(ca_conv(f, 0, f, 1, CA_CONV_FULL, false, y, &err), CA_EINPUT);
    ca_conv_mode mode;
    ck_assert_int_eq(ca_conv_mode_parse("Full", &mode, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "unknown mode 'Full' (modes: full, same, valid; did you mean 'full'?)");
}
END_TEST

/* What is wrong with step s of the stepper (n, of f and g in the given
 * mode and operation, whose engine output is y): NULL when nothing is, else
 * a description in buf. */
static const char *step_problem(const ca_step *s, size_t n, const double *y, const double *f,
                                const double *g, bool corr, double tol, char *buf, size_t size)
{
    if (s->n != n || s->y != y[n] || s->f_hi <= s->f_lo ||
        s->f_hi - s->f_lo != s->g_hi - s->g_lo || s->g_dir != (corr ? 1 : -1)) {
        snprintf(buf, size, "step %zu: y %.17g (engine %.17g), f [%zu, %zu), g [%zu, %zu), "
                 "direction %d", s->n, s->y, y[n], s->f_lo, s->f_hi, s->g_lo, s->g_hi, s->g_dir);
        return buf;
    }
    double sum = 0;
    for (size_t k = s->f_lo; k < s->f_hi; k++) {
        long j = ((long)k - s->g_origin) * s->g_dir;
        if (j < (long)s->g_lo || j >= (long)s->g_hi || s->products[k - s->f_lo] != f[k] * g[j]) {
            snprintf(buf, size, "product at f[%zu]: g index %ld (g [%zu, %zu)), %.17g", k, j,
                     s->g_lo, s->g_hi, s->products[k - s->f_lo]);
            return buf;
        }
        sum += s->products[k - s->f_lo];
    }
    if (!(fabs(sum - s->y) <= tol)) {
        snprintf(buf, size, "products sum to %.17g, y %.17g", sum, s->y);
        return buf;
    }
    return NULL;
}

/* For every case, mode and operation: the stepper's y is the engine's,
 * its products sum to y, and its ranges describe the products. One
 * assertion per mode and operation names the first step that is wrong. */
static void check_stepper(const double *f, size_t nf, const double *g, size_t ng)
{
    for (int m = CA_CONV_FULL; m <= CA_CONV_VALID; m++) {
        for (int corr = 0; corr <= 1; corr++) {
            ca_stepper *st;
            ck_assert_int_eq(ca_stepper_new(f, nf, g, ng, m, corr, &st, NULL), CA_OK);
            size_t len = ca_conv_length(nf, ng, m);
            ck_assert_uint_eq(ca_stepper_length(st), len);
            double *y = malloc(len * sizeof *y);
            ck_assert_int_eq(ca_conv(f, nf, g, ng, m, corr, y, NULL), CA_OK);
            ck_assert_mem_eq(ca_stepper_output(st), y, len * sizeof *y);
            double tol = 1e-12 * sum_abs_products(f, nf, g, ng);
            const char *problem = NULL;
            char buf[256];
            size_t n = 0;
            for (; n < len && !problem; n++) {
                ca_step s;
                ca_stepper_step(st, n, &s);
                problem = step_problem(&s, n, y, f, g, corr, tol, buf, sizeof buf);
            }
            ck_assert_msg(problem == NULL, "%zu and %zu samples, mode %d, %s, n=%zu: %s", nf, ng,
                          m, corr ? "correlation" : "convolution", n - 1, problem);
            free(y);
            ca_stepper_free(st);
        }
    }
}

START_TEST(stepper_products_sum_to_the_output)
{
    static const char *const cases[] = { "sliding_block", "gaussian_smoothing", "3x5", "5x3",
                                         "4x6", "1x1", "37x300", "300x37" };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        char path[256];
        size_t nf, ng;
        snprintf(path, sizeof path, "conv/%s_f.txt", cases[c]);
        double *f = load_fixture(path, &nf);
        snprintf(path, sizeof path, "conv/%s_g.txt", cases[c]);
        double *g = load_fixture(path, &ng);
        check_stepper(f, nf, g, ng);
        free(f);
        free(g);
    }
}
END_TEST

START_TEST(stepper_slides_flipped_g_one_sample_per_step)
{
    const double f[] = { 1, 1, 1, 1, 1 }, g[] = { 1, 2, 3 };
    ca_stepper *st;
    ck_assert_int_eq(ca_stepper_new(f, 5, g, 3, CA_CONV_FULL, false, &st, NULL), CA_OK);
    ca_step s;
    ca_stepper_step(st, 0, &s);
    ck_assert_int_eq(s.g_origin, 0);
    ck_assert_uint_eq(s.f_lo, 0);
    ck_assert_uint_eq(s.f_hi, 1);
    ck_assert_uint_eq(s.g_lo, 0);
    ck_assert_uint_eq(s.g_hi, 1);
    ca_stepper_step(st, 3, &s);
    ck_assert_int_eq(s.g_origin, 3);
    ck_assert_uint_eq(s.f_lo, 1);
    ck_assert_uint_eq(s.f_hi, 4);
    ck_assert_double_eq(s.products[0], 3);   /* f[1] * g[2] */
    ck_assert_double_eq(s.y, 6);
    ca_stepper_step(st, 6, &s);
    ck_assert_uint_eq(s.f_lo, 4);
    ck_assert_uint_eq(s.g_lo, 2);
    ck_assert_double_eq(s.y, 3);
    ca_stepper_free(st);
}
END_TEST

/* The definitions on true indices, f[K] for K = of .. of + nf - 1: a
 * convolution's y[N] = sum over K of f[K] g[N - K]; a correlation's
 * c[L] = sum over K of f[K] g[K - L]. */
static double by_definition(const double *f, size_t nf, long of, const double *g, size_t ng,
                            long og, bool correlate, long at)
{
    double sum = 0;
    for (size_t k = 0; k < nf; k++) {
        long j = (correlate ? of + (long)k - at : at - of - (long)k) - og;
        if (j >= 0 && j < (long)ng)
            sum += f[k] * g[j];
    }
    return sum;
}

START_TEST(origins_index_the_output_as_the_definition_does)
{
    const double f[] = { 0.5, -1, 2, 0, 3 }, g[] = { 1, -2, 0.25 };
    static const long origins[][2] = { { 0, 0 }, { -2, 0 }, { 3, -1 }, { -4, -7 } };
    for (size_t o = 0; o < sizeof origins / sizeof origins[0]; o++)
        for (int corr = 0; corr < 2; corr++) {
            long of = origins[o][0], og = origins[o][1];
            double y[7];
            ck_assert_int_eq(ca_conv(f, 5, g, 3, CA_CONV_FULL, corr, y, NULL), CA_OK);
            long at = ca_conv_origin(5, 3, of, og, CA_CONV_FULL, corr);
            /* the full output covers every index where the sum can be non-zero */
            ck_assert_double_eq(by_definition(f, 5, of, g, 3, og, corr, at - 1), 0);
            ck_assert_double_eq(by_definition(f, 5, of, g, 3, og, corr, at + 7), 0);
            for (size_t i = 0; i < 7; i++)
                ck_assert_msg(fabs(y[i] - by_definition(f, 5, of, g, 3, og, corr,
                                                         at + (long)i)) < 1e-12,
                              "origins %ld, %ld, %s: sample %zu", of, og,
                              corr ? "correlate" : "convolve", i);
        }
}
END_TEST

START_TEST(same_and_valid_start_at_the_sum_of_the_origins)
{
    /* a convolution's same and valid outputs line up under the input they
     * came from: they start where the full output does */
    for (int m = CA_CONV_FULL; m <= CA_CONV_VALID; m++) {
        ck_assert_int_eq(ca_conv_origin(9, 4, 0, 0, (ca_conv_mode)m, false), 0);
        ck_assert_int_eq(ca_conv_origin(9, 4, -3, 5, (ca_conv_mode)m, false), 2);
    }
    /* a correlation's are lags: numpy's full index minus ng - 1 */
    ck_assert_int_eq(ca_conv_origin(9, 4, 0, 0, CA_CONV_FULL, true), -3);
    ck_assert_int_eq(ca_conv_origin(9, 4, 0, 0, CA_CONV_VALID, true), 0);
    ck_assert_int_eq(ca_conv_origin(9, 4, 0, 0, CA_CONV_SAME, true), -2);
    ck_assert_int_eq(ca_conv_origin(9, 4, 2, -1, CA_CONV_VALID, true), 3);
}
END_TEST

/* A template cut from f at p matches best at lag p, in every mode that
 * keeps that lag, whatever the origins (p counted from f's origin). */
START_TEST(a_template_cut_from_f_peaks_at_its_offset)
{
    size_t nf;
    double *f = load_fixture("conv/37x300_g.txt", &nf);
    ck_assert_uint_ge(nf, 60);
    static const size_t at[] = { 0, 7, 20, 41 };
    static const long origins[][2] = { { 0, 0 }, { -5, 0 }, { 4, 9 } };
    for (size_t a = 0; a < sizeof at / sizeof at[0]; a++)
        for (size_t o = 0; o < sizeof origins / sizeof origins[0]; o++)
            for (int m = CA_CONV_FULL; m <= CA_CONV_VALID; m++) {
                const size_t ng = 12;
                ca_stepper *st;
                ck_assert_int_eq(ca_stepper_new(f, nf, f + at[a], ng, (ca_conv_mode)m, true,
                                                &st, NULL), CA_OK);
                ca_stepper_set_origins(st, origins[o][0], origins[o][1]);
                size_t best = 0;
                for (size_t n = 1; n < ca_stepper_length(st); n++)
                    if (ca_stepper_output(st)[n] > ca_stepper_output(st)[best])
                        best = n;
                ca_step s;
                ca_stepper_step(st, best, &s);
                ck_assert_int_eq(s.index, ca_stepper_origin(st) + (long)best);
                ck_assert_msg(s.index == (long)at[a] + origins[o][0] - origins[o][1],
                              "template at %zu, origins %ld, %ld, mode %d: peak at lag %ld",
                              at[a], origins[o][0], origins[o][1], m, s.index);
                ca_stepper_free(st);
            }
    free(f);
}
END_TEST

static const tu_suite suite = { .name = "conv", .timeout = 30 };
TU_MAIN(suite, every_mode_matches_numpy, lengths_follow_numpy, same_mode_centres_like_numpy,
        delta_shifts_the_signal, empty_signals_and_bad_modes_are_refused,
        stepper_products_sum_to_the_output, stepper_slides_flipped_g_one_sample_per_step,
        origins_index_the_output_as_the_definition_does,
        same_and_valid_start_at_the_sum_of_the_origins, a_template_cut_from_f_peaks_at_its_offset)

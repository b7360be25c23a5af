#include <math.h>

#include "convanim/kernel.h"
#include "testutil.h"

START_TEST(every_named_filter_matches_its_formula)
{
    char path[1024], spec[64], file[256];
    snprintf(path, sizeof path, "%s/filters.txt", tu_fixtures());
    FILE *manifest = fopen(path, "r");
    ck_assert_ptr_nonnull(manifest);
    int cases = 0;
    while (fscanf(manifest, "%63s %255s", spec, file) == 2) {
        int rows, cols;
        double *want = tu_read_matrix(file, &rows, &cols);
        ca_image k;
        const char *about;
        ca_error err = { 0 };
        ck_assert_msg(ca_kernel_from_spec(spec, &k, &about, &err) == CA_OK, "%s", err.msg);
        ck_assert_msg(k.height == rows && k.width == cols, "%s: %dx%d", spec, k.height, k.width);
        for (int i = 0; i < rows * cols; i++)
            ck_assert_msg(fabs(k.v[i] - want[i]) <= 1e-15, "%s [%d]: %.17g, want %.17g", spec,
                          i, k.v[i], want[i]);
        ck_assert_msg(about && *about, "%s has no description", spec);
        ca_image_free(&k);
        free(want);
        cases++;
    }
    fclose(manifest);
    ck_assert_int_eq(cases, 24);
}
END_TEST

START_TEST(descriptions_say_which_matrix_is_which)
{
    ca_image k;
    const char *about;
    ck_assert_int_eq(ca_kernel_from_spec("prewitt:vert", &k, &about, NULL), CA_OK);
    ck_assert_ptr_nonnull(strstr(about, "vertical edges: the notebook's P_x"));
    ca_image_free(&k);
    ck_assert_int_eq(ca_kernel_from_spec("sobel:horiz", &k, &about, NULL), CA_OK);
    ck_assert_ptr_nonnull(strstr(about, "the notebook's S_y"));
    ca_image_free(&k);
    ck_assert_int_eq(ca_kernel_count(), 10);
    ca_kernel_info last = ca_kernel_at(9);
    ck_assert_str_eq(last.spec, "grid:size=3,seed=2,max=2");
}
END_TEST

START_TEST(bad_specs_name_the_culprit)
{
    static const struct {
        const char *spec, *says;
    } cases[] = {
        { "prewitt:up", "unknown direction 'up' (directions: vert, horiz, ldiag, rdiag)" },
        { "sobel", "no direction given (directions: vert, horiz, ldiag, rdiag)" },
        { "blur", "unknown filter 'blur' (filters: identity, box, gaussian" },
        { "sobl:vert", "did you mean 'sobel'?" },
        { "", "no filter given" },
        { "box:size=0", "box: size must be a whole number from 1 to 255 (got 0)" },
        { "box:size=2.5", "(got 2.5)" },
        { "gaussian:size=999", "(got 999)" },
        { "gaussian:sigma=0", "gaussian: sigma must be above 0 (got 0)" },
        { "gaussian:sigma=wide", "gaussian: sigma='wide' is not a finite number" },
        { "gaussian:sd=1", "gaussian: unknown key 'sd' (valid keys: size, sigma)" },
        { "sharpen:alpha=1,alpha=2", "sharpen: alpha given twice" },
        { "box:3", "box: '3' is not key=value" },
        { "laplacian:size=5", "laplacian: unknown key 'size' (laplacian takes no settings)" },
        { "no/such/kernel.csv", "no/such/kernel.csv: cannot open" },
        { "grid:max=100", "grid: max must be a whole number from 1 to 99 (got 100)" },
        { "grid:max=0.5", "grid: max must be a whole number from 1 to 99 (got 0.5)" },
        { "grid:seed=-1", "grid: seed must be a whole number from 0 to 2^53 (got -1)" },
        { "grid:size=3x3", "grid: size='3x3' is not a finite number" },
        { "ones:max=2", "ones: unknown key 'max' (valid keys: size)" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ca_image k;
        ca_error err = { 0 };
        ck_assert_int_eq(ca_kernel_from_spec(cases[i].spec, &k, NULL, &err), CA_EINPUT);
        ck_assert_msg(strstr(err.msg, cases[i].says), "%s: '%s'", cases[i].spec, err.msg);
        ck_assert_ptr_null(k.v);
    }
}
END_TEST

START_TEST(csv_kernels_are_rows_of_numbers)
{
    char dir[256], path[512];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/k.csv", dir);
    static const char good[] = "# a comment\n1, 2, 3\n\n4 5 6   # trailing\n-7;8e-1;9\n";
    tu_write_file(path, good, strlen(good));
    ca_image k;
    ca_error err = { 0 };
    ck_assert_msg(ca_kernel_from_spec(path, &k, NULL, &err) == CA_OK, "%s", err.msg);
    ck_assert_int_eq(k.width, 3);
    ck_assert_int_eq(k.height, 3);
    ck_assert_double_eq(k.v[6], -7);
    ck_assert_double_eq(k.v[7], 0.8);
    ca_image_free(&k);

    static const struct {
        const char *text, *says;
    } bad[] = {
        { "1,2,3\n4,5\n", "k.csv:2: 2 numbers in this row, 3 in the rows above" },
        { "1,2\n3,x\n", "k.csv:2: 'x' is not a finite number" },
        { "1,nan\n", "k.csv:1: 'nan' is not a finite number" },
        { "# only a comment\n\n", "k.csv: no numbers" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        tu_write_file(path, bad[i].text, strlen(bad[i].text));
        ck_assert_int_eq(ca_kernel_from_spec(path, &k, NULL, &err), CA_EINPUT);
        ck_assert_msg(strstr(err.msg, bad[i].says), "'%s'", err.msg);
        ck_assert_ptr_null(k.v);
    }
    tu_rmtree(dir);
}
END_TEST

START_TEST(kernels_that_sum_to_zero_default_to_minmax)
{
    static const char *const minmax[] = { "prewitt:rdiag", "sobel:vert", "highpass",
                                          "laplacian", "sharpen:alpha=0.3" };
    static const char *const clip[] = { "identity", "box:size=7", "gaussian", "sharpen" };
    ca_image k;
    for (size_t i = 0; i < sizeof minmax / sizeof minmax[0]; i++) {
        ck_assert_int_eq(ca_kernel_from_spec(minmax[i], &k, NULL, NULL), CA_OK);
        /* sharpen sums to 1: only its high-pass part would be minmax */
        ca_normalize want = i == 4 ? CA_NORMALIZE_CLIP : CA_NORMALIZE_MINMAX;
        ck_assert_msg(ca_kernel_normalize(&k) == want, "%s", minmax[i]);
        ca_image_free(&k);
    }
    for (size_t i = 0; i < sizeof clip / sizeof clip[0]; i++) {
        ck_assert_int_eq(ca_kernel_from_spec(clip[i], &k, NULL, NULL), CA_OK);
        ck_assert_msg(ca_kernel_normalize(&k) == CA_NORMALIZE_CLIP, "%s", clip[i]);
        ca_image_free(&k);
    }
}
END_TEST

static const tu_suite suite = { .name = "kernel" };
TU_MAIN(suite, every_named_filter_matches_its_formula, descriptions_say_which_matrix_is_which,
        bad_specs_name_the_culprit, csv_kernels_are_rows_of_numbers,
        kernels_that_sum_to_zero_default_to_minmax)

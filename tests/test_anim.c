#include <sys/stat.h>

#include "convanim/anim.h"
#include "convanim/signal.h"
#include "testutil.h"

/* The bytes of a file, and how many. */
static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    ck_assert_ptr_nonnull(fp);
    struct stat st;
    ck_assert_int_eq(fstat(fileno(fp), &st), 0);
    uint8_t *bytes = malloc((size_t)st.st_size + 1);
    ck_assert_ptr_nonnull(bytes);
    *len = fread(bytes, 1, (size_t)st.st_size, fp);
    ck_assert_uint_eq(*len, (size_t)st.st_size);
    fclose(fp);
    return bytes;
}

/* Renders preset `name` with `threads` into dir/NAME-T.gif and .png. */
static void render(const char *dir, const char *name, int threads, size_t max_frames,
                   char *gif, char *png)
{
    const ca_preset *p;
    ca_error err = { 0 };
    ck_assert_int_eq(ca_preset_find(name, &p, &err), CA_OK);
    ca_signal f, g;
    ck_assert_int_eq(ca_signal_from_spec(p->f, NULL, NULL, &f, &err), CA_OK);
    ck_assert_int_eq(ca_signal_from_spec(p->g, NULL, NULL, &g, &err), CA_OK);
    sprintf(gif, "%s/%s-%d.gif", dir, name, threads);
    sprintf(png, "%s/%s-%d.png", dir, name, threads);
    ca_anim_options opt;
    ca_anim_options_default(&opt);
    opt.threads = threads;
    opt.max_frames = max_frames;
    opt.gif = gif;
    opt.poster = png;
    ca_anim *a;
    ck_assert_msg(ca_anim_open(f.v, f.n, g.v, g.n, CA_CONV_FULL, false, &opt, &a, &err) == CA_OK,
                  "%s", err.msg);
    size_t frames = ca_anim_frames(a);
    for (size_t i = 0; i < frames; i++)
        ck_assert_msg(ca_anim_next(a, &err) == CA_OK, "%s", err.msg);
    ck_assert_msg(ca_anim_finish(a, &err) == CA_OK, "%s", err.msg);
    ca_signal_free(&f);
    ca_signal_free(&g);
}

static void assert_same_file(const char *a, const char *b)
{
    size_t na, nb;
    uint8_t *x = slurp(a, &na), *y = slurp(b, &nb);
    ck_assert_msg(na == nb && memcmp(x, y, na) == 0, "%s and %s differ", a, b);
    free(x);
    free(y);
}

/* Drawing beside the encoding must not change a byte: every thread count,
 * and the same command twice, give the same GIF and poster. */
START_TEST(files_are_the_same_whatever_the_thread_count)
{
    static const char *const names[] = { "sliding_block", "gaussian_smoothing" };
    char dir[256], gif[4][400], png[4][400];
    tu_mkdtemp(dir, sizeof dir);
    for (size_t i = 0; i < 2; i++) {
        static const int threads[] = { 1, 2, 0 };
        for (int t = 0; t < 3; t++)
            render(dir, names[i], threads[t], 0, gif[t], png[t]);
        for (int t = 1; t < 3; t++) {
            assert_same_file(gif[0], gif[t]);
            assert_same_file(png[0], png[t]);
        }
        /* and once more, into files of their own */
        char again[300];
        snprintf(again, sizeof again, "%s/again", dir);
        ck_assert_int_eq(mkdir(again, 0755), 0);
        render(again, names[i], 2, 0, gif[3], png[3]);
        assert_same_file(gif[0], gif[3]);
        tu_rmtree(again);
    }
    tu_rmtree(dir);
}
END_TEST

/* Fewer frames than steps: evenly spread, with the last step kept, so the
 * poster is the same as the full animation's. */
START_TEST(max_frames_keeps_the_last_step)
{
    char dir[256], gif[2][400], png[2][400];
    tu_mkdtemp(dir, sizeof dir);
    render(dir, "sliding_block", 1, 0, gif[0], png[0]);
    render(dir, "sliding_block", 2, 7, gif[1], png[1]);
    assert_same_file(png[0], png[1]);
    size_t full, few;
    free(slurp(gif[0], &full));
    free(slurp(gif[1], &few));
    ck_assert_uint_lt(few, full / 4);
    tu_rmtree(dir);
}
END_TEST

/* Dropping an animation halfway leaves nothing, and the drawing thread
 * that ran ahead stops. */
START_TEST(abort_leaves_nothing)
{
    char dir[256], gif[400];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(gif, sizeof gif, "%s/x.gif", dir);
    static const double f[] = { 1, 2, 3, 4, 5, 6, 7, 8 }, g[] = { 1, 1, 1 };
    ca_anim_options opt;
    ca_anim_options_default(&opt);
    opt.gif = gif;
    opt.threads = 2;
    ca_anim *a;
    ca_error err = { 0 };
    ck_assert_int_eq(ca_anim_open(f, 8, g, 3, CA_CONV_FULL, false, &opt, &a, &err), CA_OK);
    ck_assert_uint_eq(ca_anim_frames(a), 10);
    ck_assert_int_eq(ca_anim_next(a, &err), CA_OK);
    ca_anim_abort(a);
    ck_assert_int_eq(access(gif, F_OK), -1);
    ck_assert_int_eq(rmdir(dir), 0);   /* empty: no temporary either */
}
END_TEST

int main(void)
{
    Suite *s = suite_create("anim");
    TCase *tc = tcase_create("anim");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, files_are_the_same_whatever_the_thread_count);
    tcase_add_test(tc, max_frames_keeps_the_last_step);
    tcase_add_test(tc, abort_leaves_nothing);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}

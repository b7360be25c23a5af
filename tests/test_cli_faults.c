#include "runutil.h"

/* Faults a build pipeline meets: a run killed halfway, a disk that fills
 * up, a request too large for the machine. Whatever happens, the targets
 * keep what they had and nothing is left beside them. */

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* A folder with the outputs of an earlier run in it. */
static void earlier_run(char *dir, size_t size)
{
    tu_mkdtemp(dir, size);
    char path[4096];
    snprintf(path, sizeof path, "%s/out.gif", dir);
    tu_write_file(path, "previous GIF\n", 13);
    snprintf(path, sizeof path, "%s/out.png", dir);
    tu_write_file(path, "previous PNG\n", 13);
}

static bool same(const ru_snapshot *a, const ru_snapshot *b)
{
    return a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
}

/* Some 5,000 frames at 1800x1200: long enough to be killed in the middle
 * (three seconds here, longer under the sanitizers). */
static const char *const long_render[] = {
    "animate", "-q", "-f", "random:n=5000", "-g", "box:n=30", "--size", "1800x1200",
    "-o", "out.gif", "--poster", "out.png", NULL
};

/* kill -9 while frames are being written: the GIF and the poster keep
 * their bytes and no temporary is left, at whatever moment it comes. */
START_TEST(a_kill_in_the_middle_leaves_the_targets_and_nothing_else)
{
    static const int after_ms[] = { 150, 400, 800 };
    char dir[256];
    earlier_run(dir, sizeof dir);
    ru_snapshot before = ru_snapshot_of(dir);
    static ru_result r;
    ru_opts o = { .cwd = dir, .kill_after_ms = after_ms[_i] };
    ru_run(&r, &o, long_render);
    ck_assert_msg(r.signal == SIGKILL, "the render ended (exit %d) before the kill at %d ms",
                  r.code, after_ms[_i]);
    ru_snapshot after = ru_snapshot_of(dir);
    ck_assert_msg(same(&before, &after), "the folder changed after a kill at %d ms",
                  after_ms[_i]);
    free(before.text);
    free(after.text);
    tu_rmtree(dir);
}
END_TEST

/* The same without an earlier run: no target appears. */
START_TEST(a_kill_before_the_end_creates_no_target)
{
    char dir[256];
    tu_mkdtemp(dir, sizeof dir);
    static ru_result r;
    ru_opts o = { .cwd = dir, .kill_after_ms = 300 };
    ru_run(&r, &o, long_render);
    ck_assert_int_eq(r.signal, SIGKILL);
    ck_assert_int_eq(tu_entries(dir), 0);
    tu_rmtree(dir);
}
END_TEST

/* A full disk at every stage of a run: the GIF's first bytes, its last
 * frames, the poster after it. Exit 1 with the system's reason, and the
 * targets as they were. */
START_TEST(a_full_disk_at_any_point_is_reported_and_changes_nothing)
{
    static const long long limits[] = { 200, 700, 4096, 60000, 150000 };
    char dir[256];
    earlier_run(dir, sizeof dir);
    ru_snapshot before = ru_snapshot_of(dir);
    static ru_result r;
    ru_opts o = { .cwd = dir, .fsize_limit = limits[_i] };
    ru_run(&r, &o,
           ARGS("preset", "sliding_block", "-o", "out.gif", "--poster", "out.png", "--size",
                "1800x1200"));
    ru_assert_refused(&r, 1, "File too large", "preset sliding_block under ulimit -f");
    ck_assert_msg(strstr(r.err, "out.gif") || strstr(r.err, "out.png"), "%s", r.err);
    ru_snapshot after = ru_snapshot_of(dir);
    ck_assert_msg(same(&before, &after), "the folder changed under a %lld byte limit",
                  limits[_i]);
    free(before.text);
    free(after.text);
    tu_rmtree(dir);
}
END_TEST


/* Requests that would need hours or gigabytes are refused by a budget
 * before anything is allocated or drawn: quickly, within a small address
 * space, as bad input (exit 2) with the limit named, not as a failure to
 * allocate (exit 1). */
START_TEST(huge_requests_are_refused_up_front_by_a_budget)
{
    static const struct {
        const char *args[14];
        const char *culprit;
    } cases[] = {
        { { "conv", "-f", "random:n=20000000", "-g", "random:n=20000", NULL },
          "products are over the limit of 68719476736 (2^36)" },
        { { "animate", "-f", "random:n=1000000", "-g", "random:n=100000", "-o", "x.gif", NULL },
          "an animation draws at most 1048576" },
        { { "animate", "-f", "random:n=100000", "-g", "box:n=1", "-o", "x.gif", "--size",
            "8192x8192", NULL },
          "pixel-frames (2^36): ask for at most 1024 frames" },
        { { "animate", "-f", "box:n=1", "-g", "random:n=1000000", "-o", "x.gif",
            "--max-frames", "34", NULL },
          "sample-frames (2^25): ask for at most 33 frames" },
        { { "signal", "random:n=1e12", NULL }, "n=1e12 is over the limit of 67108864 samples" },
        { { "conv2d", "huge.png", "-k", "box", "--print", NULL }, "huge.png" },
    };
    char dir[256], path[4096];
    tu_mkdtemp(dir, sizeof dir);
    /* a PNG whose header claims 100000x100000 pixels */
    static const uint8_t huge[] = {
        0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
        0, 1, 0x86, 0xa0, 0, 1, 0x86, 0xa0, 8, 0, 0, 0, 0, 0x8d, 0x39, 0x54, 0x14
    };
    snprintf(path, sizeof path, "%s/huge.png", dir);
    tu_write_file(path, huge, sizeof huge);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        static ru_result r;
        ru_opts o = { .cwd = dir, .timeout_s = 30 };
        if (!UNDER_ASAN)
            o.as_limit = 1ll << 30;
        ru_run(&r, &o, cases[i].args);
        ru_assert_refused(&r, 2, cases[i].culprit, cases[i].args[0]);
        ck_assert_msg(r.seconds < 10, "%s took %g s to refuse", cases[i].args[0], r.seconds);
        ck_assert_int_eq(tu_entries(dir), 1);
    }
    tu_rmtree(dir);
}
END_TEST

/* Input that never ends must not keep the loaders busy forever: a token
 * that grows without end is refused once it cannot be a number. */
START_TEST(an_endless_token_is_refused_at_once)
{
    static ru_result r;
    size_t len = 1 << 20;
    char *zeros = calloc(1, len);
    ck_assert_ptr_nonnull(zeros);
    ru_opts o = { .input = zeros, .input_len = len, .timeout_s = 20 };
    ru_run(&r, &o, ARGS("signal", "-"));
    ru_assert_refused(&r, 2, "standard input:1: '????", "NUL bytes on stdin");
    free(zeros);
}
END_TEST

/* Signals at the edges of what a double holds, and kernels too, are drawn
 * without a crash (or refused in one line when the output overflows):
 * under SANITIZE=1 this is where a cast of an infinite or enormous
 * coordinate to int would be caught. */
START_TEST(extreme_but_finite_values_are_drawn)
{
    static const char *const specs[] = {
        "values:1e308;-1e308;1e308", "values:1e-320;5e-324;0", "values:0;0;0",
        "decay:scale=-700", "values:1e300;1e-300;-1e300",
    };
    static const char *const layouts[] = { "seed", "product" };
    char dir[256], path[4096];
    tu_mkdtemp(dir, sizeof dir);
    for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++)
        for (int l = 0; l < 2; l++) {
            static ru_result r;
            ru_opts o = { .cwd = dir };
            ru_run(&r, &o,
                   ARGS("animate", "-q", "-f", specs[i], "-g", specs[(i + 1) % 5], "--layout",
                        layouts[l], "--size", "320x240", "-o", "x.gif", "--poster", "x.png"));
            /* drawn, or refused as an output that overflows a double */
            if (r.code != 0)
                ru_assert_refused(&r, 2, "overflows", specs[i]);
        }
    snprintf(path, sizeof path, "%s/k.csv", dir);
    /* each output is one product of about 1e308 plus others: finite */
    tu_write_file(path, "1e308 0\n5e-324 -1e308\n", 22);
    size_t len;
    uint8_t *png = tu_read_all(ru_repo_file("assets/checker.png"), &len);
    snprintf(path, sizeof path, "%s/image.png", dir);
    tu_write_file(path, png, len);
    free(png);
    static const char *const norms[] = { "clip", "minmax", "abs" };
    for (int n = 0; n < 3; n++) {
        static ru_result r;
        ru_opts o = { .cwd = dir };
        ru_run(&r, &o,
               ARGS("conv2d", "image.png", "-k", "k.csv", "--normalize", norms[n], "-o", "y.png",
                    "--figure", "z.png"));
        ck_assert_msg(r.code == 0, "conv2d --normalize %s: exit %d (signal %d): %s", norms[n],
                      r.code, r.signal, r.err);
    }
    static ru_result r;
    ru_opts o = { .cwd = dir };
    ru_run(&r, &o, ARGS("animate2d", "image.png", "-k", "k.csv", "--resize", "5x5", "-o",
                        "x.gif"));
    ck_assert_msg(r.code == 0, "animate2d: exit %d (signal %d): %s", r.code, r.signal, r.err);
    /* two such products in one sum overflow: no picture can show that */
    snprintf(path, sizeof path, "%s/k.csv", dir);
    tu_write_file(path, "1e308 1e308\n1e308 1e308\n", 24);
    ru_run(&r, &o, ARGS("conv2d", "image.png", "-k", "k.csv", "--print"));
    ru_assert_refused(&r, 2, "the output overflows: row 0, column 9 is inf", "conv2d --print");
    ru_run(&r, &o, ARGS("animate2d", "image.png", "-k", "k.csv", "--resize", "5x5", "-o",
                        "x.gif"));
    ru_assert_refused(&r, 2, "the output overflows", "animate2d");
    tu_rmtree(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cli_faults");
    TCase *tc = tcase_create("faults");
    tcase_set_timeout(tc, 180);
    tcase_add_loop_test(tc, a_kill_in_the_middle_leaves_the_targets_and_nothing_else, 0, 3);
    tcase_add_test(tc, a_kill_before_the_end_creates_no_target);
    tcase_add_loop_test(tc, a_full_disk_at_any_point_is_reported_and_changes_nothing, 0, 5);
    tcase_add_test(tc, huge_requests_are_refused_up_front_by_a_budget);
    tcase_add_test(tc, an_endless_token_is_refused_at_once);
    tcase_add_test(tc, extreme_but_finite_values_are_drawn);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}

#include <errno.h>
#include <gif_lib.h>
#include <sys/stat.h>

#include "convanim/anim.h"
#include "convanim/signal.h"
#include "testutil.h"

/* Renders preset `name` with `threads` into a new folder dir/SUB, as
 * NAME.gif and NAME.png: the same names in every folder, since the GIF
 * records its poster's. */
static void render(const char *dir, const char *sub, const char *name, int threads,
                   size_t max_frames, char *gif, char *png)
{
    char folder[350];
    snprintf(folder, sizeof folder, "%s/%s", dir, sub);
    ck_assert_int_eq(mkdir(folder, 0755), 0);
    const ca_preset *p;
    ca_error err = { 0 };
    ck_assert_int_eq(ca_preset_find(name, &p, &err), CA_OK);
    ca_signal f, g;
    ck_assert_int_eq(ca_signal_from_spec(p->f, NULL, NULL, &f, &err), CA_OK);
    ck_assert_int_eq(ca_signal_from_spec(p->g, NULL, NULL, &g, &err), CA_OK);
    sprintf(gif, "%s/%s.gif", folder, name);
    sprintf(png, "%s/%s.png", folder, name);
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
    uint8_t *x = tu_read_all(a, &na), *y = tu_read_all(b, &nb);
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
        static const int threads[] = { 1, 2, 0, 2 };
        static const char *const subs[2][4] = { { "a1", "a2", "a0", "again" },
                                                { "b1", "b2", "b0", "bagain" } };
        /* the last run is the same command once more */
        for (int t = 0; t < 4; t++)
            render(dir, subs[i][t], names[i], threads[t], 0, gif[t], png[t]);
        for (int t = 1; t < 4; t++) {
            assert_same_file(gif[0], gif[t]);
            assert_same_file(png[0], png[t]);
        }
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
    render(dir, "all", "sliding_block", 1, 0, gif[0], png[0]);
    render(dir, "seven", "sliding_block", 2, 7, gif[1], png[1]);
    assert_same_file(png[0], png[1]);
    size_t full, few;
    free(tu_read_all(gif[0], &full));
    free(tu_read_all(gif[1], &few));
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

/* The failure tests' folder, with its GIF and poster paths. */
static char folder[4096], gif_path[4200], poster_path[4200];

/* delta at 2 convolved with a box of 3: seven output samples. */
static const double delta[] = { 0, 0, 1, 0, 0 };
static const double box[] = { 1, 1, 1 };

static void setup(void)
{
    tu_mkdtemp(folder, sizeof folder);
    snprintf(gif_path, sizeof gif_path, "%s/anim.gif", folder);
    snprintf(poster_path, sizeof poster_path, "%s/anim.png", folder);
}

static void teardown(void)
{
    tu_rmtree(folder);
}

/* Small and quick: three frames of the smallest size. */
static ca_anim_options small_options(int threads)
{
    ca_anim_options opt;
    ca_anim_options_default(&opt);
    opt.scene.width = 320;
    opt.scene.height = 240;
    opt.max_frames = 3;
    opt.threads = threads;
    opt.gif = gif_path;
    return opt;
}

static ca_anim *open_anim(const ca_anim_options *opt)
{
    ca_anim *a = NULL;
    ca_error err = { 0 };
    ck_assert_msg(ca_anim_open(delta, 5, box, 3, CA_CONV_FULL, false, opt, &a, &err) == CA_OK,
                  "%s", err.msg);
    ck_assert_uint_eq(ca_anim_frames(a), 3);
    return a;
}

static const char *contents(const char *path)
{
    static char buf[64];
    return tu_slurp(path, buf, sizeof buf);
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

START_TEST(gif_and_poster_are_written_together)
{
    ca_anim_options opt = small_options(1);
    opt.poster = poster_path;
    ca_anim *a = open_anim(&opt);
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(ca_anim_next(a, NULL), CA_OK);
    ca_error err = { 0 };
    ck_assert_msg(ca_anim_finish(a, &err) == CA_OK, "%s", err.msg);
    ck_assert_mem_eq(contents(gif_path), "GIF89a", 6);
    ck_assert_mem_eq(contents(poster_path), "\x89PNG", 4);
    ck_assert_int_eq(tu_entries(folder), 2);
}
END_TEST

/* Frame 1's PNG cannot be written (a folder holds its name). Even once
 * the way is clear again, the animation stays failed: the GIF never gets
 * frame 1 twice, and nothing is put in place. With and without the
 * drawing thread. */
START_TEST(a_failed_frame_fails_the_animation_for_good)
{
    char frames[4300], blocker[4400], want[4500];
    snprintf(frames, sizeof frames, "%s/frames", folder);
    snprintf(blocker, sizeof blocker, "%s/frame_0001.png", frames);
    snprintf(want, sizeof want, "%s: is a folder, not a file", blocker);
    ck_assert_int_eq(mkdir(frames, 0755), 0);
    for (int threads = 1; threads <= 2; threads++) {
        ck_assert_int_eq(mkdir(blocker, 0755), 0);
        ca_anim_options opt = small_options(threads);
        opt.frames_dir = frames;
        ca_anim *a = open_anim(&opt);
        ck_assert_int_eq(ca_anim_next(a, NULL), CA_OK);
        ca_error first = { 0 }, again = { 0 }, finished = { 0 };
        ck_assert_int_eq(ca_anim_next(a, &first), CA_EINPUT);
        ck_assert_str_eq(first.msg, want);
        ck_assert_int_eq(rmdir(blocker), 0);
        ck_assert_int_eq(ca_anim_next(a, &again), CA_EINPUT);
        ck_assert_str_eq(again.msg, want);
        ck_assert_int_eq(ca_anim_finish(a, &finished), CA_EINPUT);
        ck_assert_str_eq(finished.msg, want);
        ck_assert(!exists(gif_path));
        ck_assert(!exists(blocker));
        ck_assert_int_eq(tu_entries(frames), 1);
        ck_assert_int_eq(tu_entries(folder), 1);
    }
}
END_TEST

/* The GIF cannot be put in place (a folder took its name during the run):
 * the poster beside it keeps what it had. */
START_TEST(poster_waits_for_the_gif)
{
    tu_write_file(poster_path, "old poster", 10);
    ca_anim_options opt = small_options(1);
    opt.poster = poster_path;
    ca_anim *a = open_anim(&opt);
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(ca_anim_next(a, NULL), CA_OK);
    ck_assert_int_eq(mkdir(gif_path, 0755), 0);
    ca_error err = { 0 };
    ck_assert_int_eq(ca_anim_finish(a, &err), CA_EIO);
    char want[4400];
    snprintf(want, sizeof want, "%s: cannot replace the file (%s)", gif_path,
             strerror(EISDIR));
    ck_assert_str_eq(err.msg, want);
    ck_assert_str_eq(contents(poster_path), "old poster");
    ck_assert_int_eq(tu_entries(folder), 2);
    ck_assert_int_eq(tu_entries(gif_path), 0);
}
END_TEST

/* check refuses opt with status and a message holding `says`, and so
 * does open; neither leaves anything in the folder. */
static void expect_refused(const ca_anim_options *opt, ca_status status, const char *says)
{
    ca_error err = { 0 };
    ck_assert_int_eq(ca_anim_check(opt, &err), status);
    ck_assert_msg(strstr(err.msg, says) != NULL, "'%s' does not say '%s'", err.msg, says);
    ca_anim *a = NULL;
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(ca_anim_open(delta, 5, box, 3, CA_CONV_FULL, false, opt, &a, &err),
                     status);
    ck_assert_ptr_null(a);
    ck_assert_msg(strstr(err.msg, says) != NULL, "'%s' does not say '%s'", err.msg, says);
}

START_TEST(check_refuses_bad_options_before_any_signal)
{
    ca_anim_options opt = small_options(0);
    opt.delay_ms = -10;
    expect_refused(&opt, CA_EINPUT, "delay -10 ms");
    opt = small_options(0);
    opt.loop = 70000;
    expect_refused(&opt, CA_EINPUT, "loop count 70000");
    opt = small_options(-1);
    expect_refused(&opt, CA_EINPUT, "thread count -1");
    opt = small_options(0);
    opt.scene.width = 100;
    expect_refused(&opt, CA_EINPUT, "size 100x240 is too small");
    opt = small_options(0);
    opt.scene.height = 20000;
    expect_refused(&opt, CA_ELIMIT, "at most 16384 pixels per side");
    opt = small_options(0);
    opt.scene.font = "/no/such/font.ttf";
    expect_refused(&opt, CA_EINPUT, "/no/such/font.ttf");

    char missing[4300];
    snprintf(missing, sizeof missing, "%s/no/anim.gif", folder);
    opt = small_options(0);
    opt.gif = missing;
    expect_refused(&opt, CA_EINPUT, "folder");
    opt = small_options(0);
    opt.poster = missing;
    expect_refused(&opt, CA_EINPUT, "folder");
    opt = small_options(0);
    opt.frames_dir = missing;
    expect_refused(&opt, CA_EINPUT, "does not exist");
    ck_assert_int_eq(tu_entries(folder), 0);
}
END_TEST

START_TEST(poster_cannot_be_the_gif)
{
    char want[4400], link[4300], dotted[4300];
    ca_anim_options opt = small_options(0);
    opt.poster = gif_path;
    snprintf(want, sizeof want, "%s: the poster and the GIF are the same file", gif_path);
    expect_refused(&opt, CA_EINPUT, want);

    /* another spelling of a file that does not exist yet */
    snprintf(dotted, sizeof dotted, "%s/./anim.gif", folder);
    opt.poster = dotted;
    snprintf(want, sizeof want, "%s: the poster and the GIF are the same file", dotted);
    expect_refused(&opt, CA_EINPUT, want);

    /* another name of the same existing file */
    tu_write_file(gif_path, "old", 3);
    snprintf(link, sizeof link, "%s/link.png", folder);
    ck_assert_int_eq(symlink("anim.gif", link), 0);
    opt.poster = link;
    snprintf(want, sizeof want, "%s: the poster and the GIF are the same file", link);
    expect_refused(&opt, CA_EINPUT, want);
    ck_assert_str_eq(contents(gif_path), "old");
    ck_assert_int_eq(tu_entries(folder), 2);
}
END_TEST

/* `preset` decides its GIF's path (and makes its folder) after the check. */
START_TEST(check_skips_a_gif_not_yet_named_but_open_needs_it)
{
    ca_anim_options opt = small_options(0);
    opt.gif = NULL;
    opt.poster = poster_path;
    ck_assert_int_eq(ca_anim_check(&opt, NULL), CA_OK);
    ca_anim *a = NULL;
    ca_error err = { 0 };
    ck_assert_int_eq(ca_anim_open(delta, 5, box, 3, CA_CONV_FULL, false, &opt, &a, &err),
                     CA_EINPUT);
    ck_assert_str_eq(err.msg, "no output GIF given");
    ck_assert_int_eq(tu_entries(folder), 0);
}
END_TEST

START_TEST(presets_are_found_by_name_and_listed_when_not)
{
    size_t n;
    const ca_preset *all = ca_presets(&n);
    ck_assert_uint_eq(n, 2);
    const ca_preset *p = NULL;
    for (size_t i = 0; i < n; i++) {
        ck_assert_int_eq(ca_preset_find(all[i].name, &p, NULL), CA_OK);
        ck_assert_ptr_eq(p, &all[i]);
    }
    ca_error err = { 0 };
    ck_assert_int_eq(ca_preset_find("sliding_blok", &p, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "unknown preset 'sliding_blok' (presets: sliding_block, "
                              "gaussian_smoothing; did you mean 'sliding_block'?)");
    ck_assert_int_eq(ca_preset_find(NULL, &p, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "no preset given (presets: sliding_block, gaussian_smoothing)");
}
END_TEST

/* The delays a GIF's frames carry, in centiseconds; returns the count. */
static int delays_of(const char *path, int *delays, int max)
{
    int e;
    GifFileType *gif = DGifOpenFileName(path, &e);
    ck_assert_ptr_nonnull(gif);
    ck_assert_int_eq(DGifSlurp(gif), GIF_OK);
    int n = gif->ImageCount;
    ck_assert_int_le(n, max);
    for (int i = 0; i < n; i++) {
        GraphicsControlBlock gcb;
        ck_assert_int_eq(DGifSavedExtensionToGCB(gif, i, &gcb), GIF_OK);
        delays[i] = gcb.DelayTime;
    }
    DGifCloseFile(gif, &e);
    return n;
}

/* The intro's frames come first, then one per output sample; the paused
 * samples' frames stay for the pause, the last for the hold. */
START_TEST(intro_and_pauses_shape_the_timeline)
{
    static const size_t pauses[] = { 2, 5 };
    ca_anim_options opt = small_options(2);
    opt.max_frames = 0;
    opt.scene.layout = CA_LAYOUT_PRODUCT;
    opt.scene.intro = true;
    opt.pause_at = pauses;
    opt.npause = 2;
    opt.pause_ms = 700;
    ca_anim *a = NULL;
    ca_error err = { 0 };
    ck_assert_int_eq(ca_anim_open(delta, 5, box, 3, CA_CONV_FULL, false, &opt, &a, &err), CA_OK);
    size_t frames = ca_anim_frames(a);
    ck_assert_uint_eq(frames, CA_SCENE_INTRO_FRAMES + 7);
    for (size_t i = 0; i < frames; i++)
        ck_assert_int_eq(ca_anim_next(a, &err), CA_OK);
    ck_assert_int_eq(ca_anim_finish(a, &err), CA_OK);
    int d[64];
    ck_assert_int_eq(delays_of(gif_path, d, 64), CA_SCENE_INTRO_FRAMES + 7);
    for (int i = 0; i < CA_SCENE_INTRO_FRAMES + 7; i++) {
        int n = i - CA_SCENE_INTRO_FRAMES;
        int want = i == CA_SCENE_INTRO_FRAMES + 6 ? 100 : n == 2 || n == 5 ? 70 : 4;
        ck_assert_msg(d[i] == want, "frame %d: %d cs, not %d", i, d[i], want);
    }

    /* a correlation has nothing to flip: no intro */
    opt.pause_at = NULL;
    opt.npause = 0;
    ck_assert_int_eq(ca_anim_open(delta, 5, box, 3, CA_CONV_FULL, true, &opt, &a, &err), CA_OK);
    ck_assert_uint_eq(ca_anim_frames(a), 7);
    ca_anim_abort(a);

    /* a pause at a sample the output does not have is refused */
    static const size_t beyond[] = { 7 };
    opt.pause_at = beyond;
    opt.npause = 1;
    size_t before_len, after_len;
    uint8_t *before = tu_read_all(gif_path, &before_len);
    ck_assert_int_eq(ca_anim_open(delta, 5, box, 3, CA_CONV_FULL, false, &opt, &a, &err),
                     CA_EINPUT);
    ck_assert_str_eq(err.msg, "pause at step 7: the output has 7 samples (steps 0 to 6)");
    /* nor one --max-frames leaves out: 3 frames show steps 0, 3 and 6 */
    static const size_t hidden[] = { 2 };
    opt.pause_at = hidden;
    opt.max_frames = 3;
    ck_assert_int_eq(ca_anim_open(delta, 5, box, 3, CA_CONV_FULL, false, &opt, &a, &err),
                     CA_EINPUT);
    ck_assert_str_eq(err.msg, "pause at step 2: the 3 frames asked for leave it out (ask for "
                              "more, or pause at a step shown)");
    static const size_t shown[] = { 3 };
    opt.pause_at = shown;
    ck_assert_int_eq(ca_anim_open(delta, 5, box, 3, CA_CONV_FULL, false, &opt, &a, &err), CA_OK);
    ca_anim_abort(a);
    uint8_t *after = tu_read_all(gif_path, &after_len);
    ck_assert(before_len == after_len && memcmp(before, after, before_len) == 0);
    free(before);
    free(after);
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
    TCase *failures = tcase_create("failures");
    tcase_set_timeout(failures, 30);
    tcase_add_checked_fixture(failures, setup, teardown);
    tcase_add_test(failures, gif_and_poster_are_written_together);
    tcase_add_test(failures, a_failed_frame_fails_the_animation_for_good);
    tcase_add_test(failures, poster_waits_for_the_gif);
    tcase_add_test(failures, check_refuses_bad_options_before_any_signal);
    tcase_add_test(failures, poster_cannot_be_the_gif);
    tcase_add_test(failures, check_skips_a_gif_not_yet_named_but_open_needs_it);
    tcase_add_test(failures, presets_are_found_by_name_and_listed_when_not);
    tcase_add_test(failures, intro_and_pauses_shape_the_timeline);
    suite_add_tcase(s, failures);
    return tu_run_suite(s);
}

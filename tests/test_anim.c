#include <errno.h>
#include <gif_lib.h>
#include <sys/stat.h>

#include "convanim/anim.h"
#include "convanim/gif.h"
#include "convanim/png.h"
#include "convanim/signal.h"
#include "cliutil.h"
#include "testutil.h"

/* The timeline of intro frames and steps under opt, which must be valid. */
static ca_timeline timeline(size_t intro, size_t steps, const ca_timeline_options *opt)
{
    ca_timeline t;
    ca_error err = { 0 };
    ck_assert_msg(ca_timeline_new(intro, steps, opt, &t, &err) == CA_OK, "%s", err.msg);
    return t;
}

static ca_timeline_options timing(int delay_ms, int hold_ms, int pause_ms)
{
    return (ca_timeline_options){ .delay_ms = delay_ms, .hold_ms = hold_ms,
                                  .pause_ms = pause_ms };
}

/* A range shows only its steps, every one or max_frames of them spread
 * evenly and ending on its last; pauses must fall inside it. */
START_TEST(timeline_shows_only_a_range_of_steps)
{
    ca_timeline_options opt = timing(40, 1000, 1000);
    opt.range = true;
    opt.first_step = 3;
    opt.last_step = 7;
    ca_timeline t = timeline(2, 10, &opt);
    ck_assert_uint_eq(t.frames, 2 + 5);
    ck_assert_uint_eq(ca_timeline_scene_frame(&t, 1), 1);
    for (size_t i = 2; i < t.frames; i++)
        ck_assert_uint_eq(ca_timeline_scene_frame(&t, i), 2 + 3 + (i - 2));
    ca_timeline_free(&t);
    opt.max_frames = 3;
    t = timeline(0, 10, &opt);
    ck_assert_uint_eq(t.frames, 3);
    ck_assert_uint_eq(ca_timeline_scene_frame(&t, 0), 3);
    ck_assert_uint_eq(ca_timeline_scene_frame(&t, 1), 5);
    ck_assert_uint_eq(ca_timeline_scene_frame(&t, 2), 7);
    ca_timeline_free(&t);

    ca_error err = { 0 };
    size_t pause = 8;
    opt.max_frames = 0;
    opt.pause_at = &pause;
    opt.npause = 1;
    ck_assert_int_eq(ca_timeline_new(0, 10, &opt, &t, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "pause at step 8: the steps shown are 3 to 7");
    opt.npause = 0;
    opt.last_step = 10;
    ck_assert_int_eq(ca_timeline_new(0, 10, &opt, &t, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "steps 3 to 10: the output has 10 samples (steps 0 to 9)");
    opt.first_step = 6;
    opt.last_step = 5;
    ck_assert_int_eq(ca_timeline_new(0, 10, &opt, &t, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "steps 6 to 5: the first comes after the last");
}
END_TEST

START_TEST(timeline_shows_every_step_then_holds_the_last)
{
    ca_timeline_options opt = timing(40, 1000, 1000);
    ca_timeline t = timeline(0, 5, &opt);
    ck_assert_uint_eq(t.frames, 5);
    for (size_t i = 0; i < 5; i++) {
        ck_assert_uint_eq(ca_timeline_scene_frame(&t, i), i);
        ck_assert_int_eq(ca_timeline_delay_ms(&t, i), i == 4 ? 1000 : 40);
    }
    ca_timeline_free(&t);
    /* a hold shorter than the delay is the delay */
    opt = timing(300, 100, 1000);
    t = timeline(0, 2, &opt);
    ck_assert_int_eq(ca_timeline_delay_ms(&t, 1), 300);
    ca_timeline_free(&t);
    /* one step: its frame is the last */
    opt = timing(40, 700, 1000);
    t = timeline(0, 1, &opt);
    ck_assert_uint_eq(t.frames, 1);
    ck_assert_int_eq(ca_timeline_delay_ms(&t, 0), 700);
    ca_timeline_free(&t);
}
END_TEST

START_TEST(timeline_spreads_max_frames_evenly_and_keeps_the_last_step)
{
    static const struct {
        size_t steps, max;
        size_t shown[8];
    } cases[] = {
        { 7, 3, { 0, 3, 6 } },
        { 109, 7, { 0, 18, 36, 54, 72, 90, 108 } },
        { 10, 4, { 0, 3, 6, 9 } },     /* 3, 6: j * 9 / 3 */
        { 8, 3, { 0, 4, 7 } },         /* 3.5 rounds up */
        { 50, 1, { 49 } },
        { 5, 9, { 0, 1, 2, 3, 4 } },   /* more than the steps: every step */
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        ca_timeline_options opt = timing(40, 1000, 1000);
        opt.max_frames = cases[c].max;
        ca_timeline t = timeline(0, cases[c].steps, &opt);
        size_t want = cases[c].max < cases[c].steps ? cases[c].max : cases[c].steps;
        ck_assert_uint_eq(t.frames, want);
        ck_assert_uint_eq(ca_timeline_count(0, cases[c].steps, cases[c].max), want);
        for (size_t i = 0; i < t.frames; i++)
            ck_assert_msg(ca_timeline_scene_frame(&t, i) == cases[c].shown[i],
                          "%zu steps, %zu frames: frame %zu shows %zu, not %zu",
                          cases[c].steps, cases[c].max, i, ca_timeline_scene_frame(&t, i),
                          cases[c].shown[i]);
        ca_timeline_free(&t);
    }
}
END_TEST

/* The intro's frames come first, at the delay; then the steps, whose
 * paused ones stay for the pause (never less than the delay). */
START_TEST(timeline_puts_the_intro_first_and_holds_the_pauses)
{
    static const size_t pauses[] = { 2, 5 };
    ca_timeline_options opt = timing(40, 1000, 700);
    opt.pause_at = pauses;
    opt.npause = 2;
    ca_timeline t = timeline(12, 7, &opt);
    ck_assert_uint_eq(t.frames, 19);
    for (size_t i = 0; i < 19; i++) {
        ck_assert_uint_eq(ca_timeline_scene_frame(&t, i), i);
        int n = (int)i - 12;
        int want = i == 18 ? 1000 : n == 2 || n == 5 ? 700 : 40;
        ck_assert_msg(ca_timeline_delay_ms(&t, i) == want, "frame %zu: %d ms, not %d", i,
                      ca_timeline_delay_ms(&t, i), want);
    }
    ca_timeline_free(&t);

    /* with max_frames, a pause follows its step to the frame that shows it */
    static const size_t at3[] = { 3 };
    opt = timing(50, 1000, 20);
    opt.pause_at = at3;
    opt.npause = 1;
    opt.max_frames = 3;
    t = timeline(2, 7, &opt);
    ck_assert_uint_eq(t.frames, 5);
    ck_assert_uint_eq(ca_timeline_scene_frame(&t, 3), 2 + 3);
    /* a pause shorter than the delay is the delay */
    ck_assert_int_eq(ca_timeline_delay_ms(&t, 3), 50);
    ca_timeline_free(&t);
}
END_TEST

/* A pause on the last step: the last frame stays the longer of the pause
 * and the hold, whichever is longer, with and without max_frames and an
 * intro in front. */
START_TEST(timeline_pause_on_the_last_step_outlasts_a_shorter_hold)
{
    static const size_t last[] = { 6 };
    static const struct {
        int hold, pause;
        size_t intro, max;
        int want;
    } cases[] = {
        { 1000, 3000, 0, 0, 3000 },
        { 3000, 1000, 0, 0, 3000 },
        { 500, 2500, 4, 0, 2500 },
        { 800, 1200, 0, 3, 1200 },
        { 20, 30, 2, 0, 40 },   /* both shorter than the delay: the delay */
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        ca_timeline_options opt = timing(40, cases[c].hold, cases[c].pause);
        opt.pause_at = last;
        opt.npause = 1;
        opt.max_frames = cases[c].max;
        ca_timeline t = timeline(cases[c].intro, 7, &opt);
        ck_assert_msg(ca_timeline_delay_ms(&t, t.frames - 1) == cases[c].want,
                      "case %zu: the last frame stays %d ms, not %d", c,
                      ca_timeline_delay_ms(&t, t.frames - 1), cases[c].want);
        /* the frames before it keep the delay */
        ck_assert_int_eq(ca_timeline_delay_ms(&t, t.frames - 2), 40);
        ca_timeline_free(&t);
    }
}
END_TEST

static void expect_timeline_refused(size_t steps, const ca_timeline_options *opt,
                                    const char *says)
{
    ca_timeline t;
    ca_error err = { 0 };
    ck_assert_int_eq(ca_timeline_new(0, steps, opt, &t, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, says);
    ck_assert_ptr_null(t.paused);
}

START_TEST(timeline_refuses_delays_and_pauses_it_cannot_show)
{
    ca_timeline_options opt = timing(-10, 1000, 1000);
    expect_timeline_refused(7, &opt, "delay -10 ms is outside what a GIF can store (0 to "
                                     "655350 ms)");
    opt = timing(40, 999999, 1000);
    expect_timeline_refused(7, &opt, "hold 999999 ms is outside what a GIF can store (0 to "
                                     "655350 ms)");
    opt = timing(40, 1000, -5);
    expect_timeline_refused(7, &opt, "pause -5 ms is outside what a GIF can store (0 to "
                                     "655350 ms)");
    ck_assert_int_eq(ca_timeline_check(&opt, NULL), CA_EINPUT);

    static const size_t beyond[] = { 7 }, hidden[] = { 2 }, shown[] = { 3 };
    opt = timing(40, 1000, 1000);
    opt.pause_at = beyond;
    opt.npause = 1;
    expect_timeline_refused(7, &opt, "pause at step 7: the output has 7 samples (steps 0 to 6)");
    /* 3 frames show steps 0, 3 and 6 */
    opt.max_frames = 3;
    opt.pause_at = hidden;
    expect_timeline_refused(7, &opt, "pause at step 2: the 3 frames asked for leave it out (ask "
                                     "for more, or pause at a step shown)");
    opt.pause_at = shown;
    ca_timeline t = timeline(0, 7, &opt);
    ck_assert_int_eq(ca_timeline_delay_ms(&t, 1), 1000);
    ca_timeline_free(&t);
}
END_TEST

/* A frame writer that records what it gets: each frame's delay, whether
 * the changed rectangle kept its promise (no pixel outside it differs from
 * the frame before), and a hash of every frame; it fails at frame fail_at. */
typedef struct recorder {
    const char *name;
    size_t calls, fail_at;
    int delays[32];
    bool promise_kept;
    uint64_t hash;
    uint8_t *prev;
    size_t *order;           /* shared between recorders: who got frame i first */
    size_t *seen;
} recorder;

static ca_status record(void *ctx, const ca_canvas *c, int delay_ms, const ca_rect *changed,
                        ca_error *err)
{
    recorder *r = ctx;
    size_t i = r->calls++;
    if (r->order)
        r->order[(*r->seen)++] = (size_t)(r->name[0] - 'a');
    if (i == r->fail_at) {
        snprintf(err->msg, sizeof err->msg, "%s: no room for frame %zu", r->name, i);
        err->status = CA_EIO;
        return CA_EIO;
    }
    if (i < 32)
        r->delays[i] = delay_ms;
    size_t row = (size_t)c->width;
    if (!r->prev) {
        r->prev = malloc(row * (size_t)c->height);
        ck_assert_ptr_nonnull(r->prev);
    }
    for (int y = 0; y < c->height; y++) {
        const uint8_t *p = c->pixels + y * c->stride;
        uint8_t *q = r->prev + (size_t)y * row;
        for (int x = 0; x < c->width && i > 0; x++) {
            bool inside = x >= changed->x0 && x < changed->x1 && y >= changed->y0 &&
                          y < changed->y1;
            if (!inside && p[x] != q[x])
                r->promise_kept = false;
        }
        memcpy(q, p, row);
        for (int x = 0; x < c->width; x++)
            r->hash = (r->hash ^ p[x]) * 1099511628211u;
    }
    return CA_OK;
}

static ca_status record_finish(void *ctx, ca_error *err)
{
    (void)err;
    recorder *r = ctx;
    free(r->prev);
    r->prev = NULL;
    return CA_OK;
}

static void record_abort(void *ctx)
{
    record_finish(ctx, NULL);
}

static ca_frame_writer recording(recorder *r, const char *name, size_t fail_at)
{
    *r = (recorder){ .name = name, .fail_at = fail_at, .promise_kept = true,
                     .hash = 14695981039346656037u };
    return (ca_frame_writer){ .ctx = r, .add = record, .finish = record_finish,
                              .abort = record_abort };
}

/* delta at 2 convolved with a box of 3: seven output samples. */
static const double delta[] = { 0, 0, 1, 0, 0 };
static const double box[] = { 1, 1, 1 };

static ca_anim_options small_options(int threads)
{
    ca_anim_options opt;
    ca_anim_options_default(&opt);
    opt.scene.width = 320;
    opt.scene.height = 240;
    opt.threads = threads;
    return opt;
}

static ca_anim *new_anim(const ca_anim_options *opt)
{
    ca_anim *a = NULL;
    ca_error err = { 0 };
    ck_assert_msg(ca_anim_new(delta, 5, box, 3, CA_CONV_FULL, false, opt, &a, &err) == CA_OK,
                  "%s", err.msg);
    return a;
}

/* Every writer gets every frame in turn, with the timeline's delays and a
 * changed rectangle that holds every change; the frames are the same with
 * and without the drawing thread. */
START_TEST(writers_get_the_frames_the_timeline_says)
{
    static const size_t pauses[] = { 4 };
    uint64_t hash[2];
    for (int threads = 1; threads <= 2; threads++) {
        ca_anim_options opt = small_options(threads);
        opt.scene.layout = CA_LAYOUT_PRODUCT;
        opt.scene.intro = true;
        opt.timeline.pause_at = pauses;
        opt.timeline.npause = 1;
        opt.timeline.pause_ms = 500;
        ca_anim *a = new_anim(&opt);
        const ca_timeline *t = ca_anim_timeline(a);
        ck_assert_uint_eq(t->frames, CA_SCENE_INTRO_FRAMES + 7);
        recorder ra, rb;
        size_t order[64], seen = 0;
        ca_frame_writer w[2] = { recording(&ra, "a", SIZE_MAX), recording(&rb, "b", SIZE_MAX) };
        ra.order = rb.order = order;
        ra.seen = rb.seen = &seen;
        for (size_t i = 0; i < t->frames; i++) {
            ck_assert_ptr_null(ca_anim_last_frame(a));
            ck_assert_int_eq(ca_anim_next(a, w, 2, NULL), CA_OK);
        }
        const ca_canvas *last = ca_anim_last_frame(a);
        ck_assert_ptr_nonnull(last);
        ck_assert_int_eq(last->width, 320);
        ca_error err = { 0 };
        ck_assert_int_eq(ca_anim_next(a, w, 2, &err), CA_EINPUT);
        ck_assert_str_eq(err.msg, "all 19 frames are already handed on");
        ck_assert_uint_eq(ra.calls, 19);
        ck_assert_uint_eq(rb.calls, 19);
        for (size_t i = 0; i < 19; i++) {
            ck_assert_uint_eq(order[2 * i], 0);
            ck_assert_uint_eq(order[2 * i + 1], 1);
            int want = i == 18 ? 1000 : i == CA_SCENE_INTRO_FRAMES + 4 ? 500 : 40;
            ck_assert_int_eq(ra.delays[i], want);
            ck_assert_int_eq(rb.delays[i], want);
        }
        ck_assert(ra.promise_kept);
        ck_assert_uint_eq(ra.hash, rb.hash);
        hash[threads - 1] = ra.hash;
        w[0].finish(w[0].ctx, NULL);
        w[1].finish(w[1].ctx, NULL);
        ca_anim_free(a);
    }
    ck_assert_uint_eq(hash[0], hash[1]);
}
END_TEST

/* A writer fails on frame 1: the animation stays failed, and no writer
 * gets a frame again. With and without the drawing thread. */
START_TEST(a_failed_writer_fails_the_animation_for_good)
{
    for (int threads = 1; threads <= 2; threads++) {
        ca_anim_options opt = small_options(threads);
        ca_anim *a = new_anim(&opt);
        recorder ra, rb;
        ca_frame_writer w[2] = { recording(&ra, "a", SIZE_MAX), recording(&rb, "b", 1) };
        ca_error first = { 0 }, again = { 0 };
        ck_assert_int_eq(ca_anim_next(a, w, 2, NULL), CA_OK);
        ck_assert_int_eq(ca_anim_next(a, w, 2, &first), CA_EIO);
        ck_assert_str_eq(first.msg, "b: no room for frame 1");
        ck_assert_int_eq(ca_anim_next(a, w, 2, &again), CA_EIO);
        ck_assert_str_eq(again.msg, "b: no room for frame 1");
        ck_assert_uint_eq(ra.calls, 2);
        ck_assert_uint_eq(rb.calls, 2);
        ck_assert_ptr_null(ca_anim_last_frame(a));
        w[0].abort(w[0].ctx);
        w[1].abort(w[1].ctx);
        ca_anim_free(a);
    }
}
END_TEST

START_TEST(check_refuses_bad_values_and_new_opens_the_font)
{
    static const struct {
        int delay, threads, width, height;
        ca_status status;
        const char *says;
    } cases[] = {
        { -10, 0, 320, 240, CA_EINPUT, "delay -10 ms" },
        { 40, -1, 320, 240, CA_EINPUT, "thread count -1 is negative" },
        { 40, 0, 100, 240, CA_EINPUT, "size 100x240 is too small" },
        { 40, 0, 320, 20000, CA_ELIMIT, "at most 16384 pixels per side" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ca_anim_options opt = small_options(cases[i].threads);
        opt.timeline.delay_ms = cases[i].delay;
        opt.scene.width = cases[i].width;
        opt.scene.height = cases[i].height;
        ca_error err = { 0 };
        ck_assert_int_eq(ca_anim_check(&opt, &err), cases[i].status);
        ck_assert_msg(strstr(err.msg, cases[i].says), "'%s' does not say '%s'", err.msg,
                      cases[i].says);
        ca_anim *a = NULL;
        memset(&err, 0, sizeof err);
        ck_assert_int_eq(ca_anim_new(delta, 5, box, 3, CA_CONV_FULL, false, &opt, &a, &err),
                         cases[i].status);
        ck_assert_ptr_null(a);
        ck_assert_msg(strstr(err.msg, cases[i].says), "'%s' does not say '%s'", err.msg,
                      cases[i].says);
    }
    /* the font is no value to check up front: only building the scene opens it */
    ca_anim_options opt = small_options(0);
    opt.scene.font = "/no/such/font.ttf";
    ck_assert_int_eq(ca_anim_check(&opt, NULL), CA_OK);
    ca_anim *a = NULL;
    ca_error err = { 0 };
    ck_assert_int_eq(ca_anim_new(delta, 5, box, 3, CA_CONV_FULL, false, &opt, &a, &err),
                     CA_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "/no/such/font.ttf"));
    /* nor a pause, which needs the output's length */
    static const size_t beyond[] = { 7 };
    opt = small_options(0);
    opt.timeline.pause_at = beyond;
    opt.timeline.npause = 1;
    ck_assert_int_eq(ca_anim_check(&opt, NULL), CA_OK);
    ck_assert_int_eq(ca_anim_new(delta, 5, box, 3, CA_CONV_FULL, false, &opt, &a, &err),
                     CA_EINPUT);
    ck_assert_str_eq(err.msg, "pause at step 7: the output has 7 samples (steps 0 to 6)");
}
END_TEST

/* Renders preset `name` with `threads` into dir/SUB as a GIF through its
 * frame writer, and its last frame as a PNG. */
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
    opt.timeline.max_frames = max_frames;
    ca_anim *a;
    ck_assert_msg(ca_anim_new(f.v, f.n, g.v, g.n, CA_CONV_FULL, false, &opt, &a, &err) == CA_OK,
                  "%s", err.msg);
    ca_gif *out;
    ck_assert_int_eq(ca_gif_open_file(gif, 960, 640, ca_anim_palette(a), 0, &out, &err), CA_OK);
    ca_frame_writer w = ca_gif_writer(out);
    for (size_t i = 0; i < ca_anim_timeline(a)->frames; i++)
        ck_assert_msg(ca_anim_next(a, &w, 1, &err) == CA_OK, "%s", err.msg);
    ck_assert_msg(w.finish(w.ctx, &err) == CA_OK, "%s", err.msg);
    const ca_canvas *last = ca_anim_last_frame(a);
    ck_assert_int_eq(ca_png_write_indexed(png, last->pixels, last->width, last->height,
                                          last->stride, last->pal, &err), CA_OK);
    ca_anim_free(a);
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
 * and the same run twice, give the same GIF and poster. */
START_TEST(files_are_the_same_whatever_the_thread_count)
{
    static const char *const names[] = { "sliding_block", "gaussian_smoothing" };
    char dir[256], gif[4][400], png[4][400];
    tu_mkdtemp(dir, sizeof dir);
    for (size_t i = 0; i < 2; i++) {
        static const int threads[] = { 1, 2, 0, 2 };
        static const char *const subs[2][4] = { { "a1", "a2", "a0", "again" },
                                                { "b1", "b2", "b0", "bagain" } };
        /* the last run is the same once more */
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
 * last frame is the same as the full animation's. */
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

/* The GIF's frames carry the timeline's delays, rounded to hundredths;
 * dropping the animation halfway leaves nothing, and the drawing thread
 * that ran ahead stops. */
START_TEST(the_gif_plays_the_timeline_and_an_abort_leaves_nothing)
{
    char dir[256], gif_path[300];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(gif_path, sizeof gif_path, "%s/x.gif", dir);
    static const size_t pauses[] = { 2, 5 };
    ca_anim_options opt = small_options(2);
    opt.timeline.delay_ms = 33;
    opt.timeline.pause_ms = 705;
    opt.timeline.hold_ms = 994;
    opt.timeline.pause_at = pauses;
    opt.timeline.npause = 2;
    ca_anim *a = new_anim(&opt);
    ca_error err = { 0 };
    ca_gif *gif;
    ck_assert_int_eq(ca_gif_open_file(gif_path, 320, 240, ca_anim_palette(a), 0, &gif, &err), CA_OK);
    ca_frame_writer w = ca_gif_writer(gif);
    for (size_t i = 0; i < 7; i++)
        ck_assert_int_eq(ca_anim_next(a, &w, 1, &err), CA_OK);
    ck_assert_int_eq(w.finish(w.ctx, &err), CA_OK);
    ca_anim_free(a);
    int d[16];
    ck_assert_int_eq(delays_of(gif_path, d, 16), 7);
    for (int i = 0; i < 7; i++) {
        int want = i == 6 ? 99 : i == 2 || i == 5 ? 71 : 3;
        ck_assert_msg(d[i] == want, "frame %d: %d cs, not %d", i, d[i], want);
    }
    ck_assert_int_eq(unlink(gif_path), 0);

    a = new_anim(&opt);
    ck_assert_int_eq(ca_gif_open_file(gif_path, 320, 240, ca_anim_palette(a), 0, &gif, &err), CA_OK);
    w = ca_gif_writer(gif);
    ck_assert_int_eq(ca_anim_next(a, &w, 1, &err), CA_OK);
    w.abort(w.ctx);
    ca_anim_free(a);
    ck_assert_int_eq(access(gif_path, F_OK), -1);
    ck_assert_int_eq(rmdir(dir), 0);   /* empty: no temporary either */
}
END_TEST

START_TEST(presets_are_found_by_name_and_listed_when_not)
{
    size_t n;
    const ca_preset *all = ca_presets(&n);
    ck_assert_uint_eq(n, 5);
    const ca_preset *p = NULL;
    for (size_t i = 0; i < n; i++) {
        ck_assert_int_eq(ca_preset_find(all[i].name, &p, NULL), CA_OK);
        ck_assert_ptr_eq(p, &all[i]);
    }
    ca_error err = { 0 };
    ck_assert_int_eq(ca_preset_find("sliding_blok", &p, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "unknown preset 'sliding_blok' (presets: sliding_block, "
                              "gaussian_smoothing, rect_rect, rect_exp, gauss_gauss; did you "
                              "mean 'sliding_block'?)");
    ck_assert_int_eq(ca_preset_find(NULL, &p, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "no preset given (presets: sliding_block, gaussian_smoothing, "
                              "rect_rect, rect_exp, gauss_gauss)");
}
END_TEST

static const char *contents(const char *path)
{
    static char buf[64];
    return tu_slurp(path, buf, sizeof buf);
}

/* The command line's outputs (src/cli/outputs.c): a frame PNG that cannot
 * be written fails the run before any frame is, and the GIF and the poster
 * keep what they had;
 * no output may overwrite another, however it is named. */
START_TEST(the_command_line_keeps_its_outputs_apart_and_whole)
{
    static run r;
    char dir[256], frames[300], blocker[320], link[300];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(frames, sizeof frames, "%s/frames", dir);
    snprintf(blocker, sizeof blocker, "%s/frame_0001.png", frames);
    ck_assert_int_eq(mkdir(frames, 0755), 0);
    ck_assert_int_eq(mkdir(blocker, 0755), 0);
    char gif[300], png[300];
    snprintf(gif, sizeof gif, "%s/x.gif", dir);
    snprintf(png, sizeof png, "%s/x.png", dir);
    tu_write_file(gif, "old gif", 7);
    tu_write_file(png, "old png", 7);
    RUN(&r, "animate", "-f", "box", "-g", "box", "-o", gif, "--poster", png, "--frames", frames,
        "--size", "320x240");
    char want[400];
    snprintf(want, sizeof want, "%s: is a folder, not a file", blocker);
    cu_assert_bad_input(&r, want);
    ck_assert_str_eq(contents(gif), "old gif");
    ck_assert_str_eq(contents(png), "old png");
    ck_assert_int_eq(tu_entries(frames), 1);   /* the blocker alone: no frame was written */
    ck_assert_int_eq(tu_entries(dir), 3);

    /* the poster through a link to the GIF; the HTML on the poster */
    snprintf(link, sizeof link, "%s/link.png", dir);
    ck_assert_int_eq(symlink("x.gif", link), 0);
    RUN(&r, "animate", "-f", "box", "-g", "box", "-o", gif, "--poster", link);
    snprintf(want, sizeof want, "%s: the poster and the GIF are the same file", link);
    cu_assert_bad_input(&r, want);
    RUN_IN(&r, dir, "animate", "-f", "box", "-g", "box", "-o", "x.gif", "--poster", "x.png",
           "--html", "./x.png");
    cu_assert_bad_input(&r, "./x.png: the HTML would overwrite the GIF or the poster");
    ck_assert_str_eq(contents(gif), "old gif");
    ck_assert_str_eq(contents(png), "old png");
    ck_assert_int_eq(tu_entries(dir), 4);
    tu_rmtree(dir);
}
END_TEST

static const tu_suite suite = { .name = "anim", .timeout = 60 };
TU_MAIN(suite, timeline_shows_every_step_then_holds_the_last, timeline_shows_only_a_range_of_steps,
        timeline_spreads_max_frames_evenly_and_keeps_the_last_step,
        timeline_puts_the_intro_first_and_holds_the_pauses,
        timeline_pause_on_the_last_step_outlasts_a_shorter_hold,
        timeline_refuses_delays_and_pauses_it_cannot_show,
        writers_get_the_frames_the_timeline_says, a_failed_writer_fails_the_animation_for_good,
        check_refuses_bad_values_and_new_opens_the_font,
        files_are_the_same_whatever_the_thread_count, max_frames_keeps_the_last_step,
        the_gif_plays_the_timeline_and_an_abort_leaves_nothing,
        presets_are_found_by_name_and_listed_when_not,
        the_command_line_keeps_its_outputs_apart_and_whole)

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "convanim/anim.h"
#include "anim/describe.h"
#include "base/util.h"

/* Frames are drawn into a small ring of canvases. With a drawing thread,
 * it draws up to SLOTS frames ahead while the caller's thread hands them
 * to the writer: a GIF's frames compress independently, so the second core
 * hides the drawing. Each frame is drawn exactly as without the thread, so
 * the writer gets the same frames. */
enum { SLOTS = 3 };

typedef struct slot {
    ca_canvas frame;
    ca_rect dirty;           /* what its last draw put over the background */
    ca_rect changed;         /* where it may differ from the frame before it */
    ca_status status;        /* how drawing it went */
    ca_error err;
} slot;

struct ca_anim {
    ca_scene *scene;
    ca_timeline timeline;
    anim_about about;        /* for the description */
    slot slots[SLOTS];
    ca_rect last_dirty;      /* the dirty rectangle of the frame drawn last */
    size_t next;             /* the next frame to hand on */
    uint32_t missing;        /* ca_anim_missing_char, read before the drawer starts */
    ca_error error;          /* the first failure; status CA_OK until then */

    bool threaded;           /* a drawing thread runs, and these are in use: */
    pthread_t drawer;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    size_t drawn;            /* frames the drawer has finished */
    bool stop;               /* the drawer is asked to quit */
    bool busy;               /* the drawer is drawing a frame */
    bool held;               /* the drawer is asked to wait: the scene is read */
};

void ca_anim_options_default(ca_anim_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->scene.width = 960;
    opt->scene.height = 640;
    opt->scene.theme = CA_THEME_LIGHT;
    opt->timeline.delay_ms = 40;
    opt->timeline.hold_ms = 1000;
    opt->timeline.pause_ms = 1000;
}

/* How many threads help: the caller's, and a drawer beside it when the
 * machine has a second core. More would have nothing to do. */
static int thread_count(int asked)
{
    if (asked > 0)
        return asked > 1 ? 2 : 1;
    return sysconf(_SC_NPROCESSORS_ONLN) > 1 ? 2 : 1;
}

ca_status ca_anim_check(const ca_anim_options *opt, ca_error *err)
{
    ca_status s = ca_timeline_check(&opt->timeline, err);
    if (s != CA_OK)
        return s;
    if (opt->threads < 0)
        return ca_fail(err, CA_EINPUT, "thread count %d is negative (0 picks one)", opt->threads);
    return ca_scene_check_size(opt->scene.width, opt->scene.height, err);
}

/* The budgets of anim.h, from the signals' lengths and the options alone:
 * the scene is not built yet. */
static ca_status check_budget(size_t nf, size_t ng, ca_conv_mode mode, bool correlate,
                              const ca_anim_options *opt, ca_error *err)
{
    double samples = (double)nf + (double)ng;
    if (samples > (double)CA_ANIM_MAX_SAMPLES)
        return ca_fail(err, CA_ELIMIT, "f and g have %zu and %zu samples: an animation draws "
                       "at most %zu in all; shorten them", nf, ng, CA_ANIM_MAX_SAMPLES);
    /* as the scene decides: a correlation has nothing to flip */
    size_t intro = opt->scene.intro && !correlate ? CA_SCENE_INTRO_FRAMES : 0;
    double frames = (double)ca_timeline_count(intro, ca_conv_length(nf, ng, mode),
                                              opt->timeline.max_frames);
    double pixels = (double)opt->scene.width * (double)opt->scene.height;
    if (frames * pixels > CA_ANIM_MAX_PIXEL_FRAMES) {
        double most = floor(CA_ANIM_MAX_PIXEL_FRAMES / pixels) - (double)intro;
        return ca_fail(err, CA_ELIMIT, "%.0f frames of %dx%d pixels are over the budget of "
                       "%.0f pixel-frames (2^36): ask for at most %.0f frames or a smaller "
                       "size", frames, opt->scene.width, opt->scene.height,
                       CA_ANIM_MAX_PIXEL_FRAMES, fmax(most, 1));
    }
    /* what every frame draws: g, sliding, and its overlap with f */
    double drawn = (double)ng + (double)(nf < ng ? nf : ng);
    if (frames * drawn > CA_ANIM_MAX_SAMPLE_FRAMES) {
        double most = floor(CA_ANIM_MAX_SAMPLE_FRAMES / drawn) - (double)intro;
        return ca_fail(err, CA_ELIMIT, "%.0f frames that each draw %.0f samples (g and its "
                       "overlap with f) are over the budget of %.0f sample-frames (2^25): ask "
                       "for at most %.0f frames or a shorter g", frames, drawn,
                       CA_ANIM_MAX_SAMPLE_FRAMES, fmax(most, 1));
    }
    return CA_OK;
}

const ca_palette *ca_anim_palette(const ca_anim *a)
{
    return ca_scene_palette(a->scene);
}

const ca_timeline *ca_anim_timeline(const ca_anim *a)
{
    return &a->timeline;
}

uint32_t ca_anim_missing_char(const ca_anim *a)
{
    return a->missing;
}

/* Draws frame i into its slot. What changed since frame i - 1 lies in what
 * that frame drew over the background and what this one draws. */
static void draw_frame(ca_anim *a, size_t i)
{
    slot *sl = &a->slots[i % SLOTS];
    sl->changed = a->last_dirty;
    sl->status = ca_scene_draw(a->scene, ca_timeline_scene_frame(&a->timeline, i), &sl->frame,
                               &sl->dirty, &sl->err);
    ca_rect_union(&sl->changed, sl->dirty);
    a->last_dirty = sl->dirty;
}

static void *drawer_main(void *arg)
{
    ca_anim *a = arg;
    for (size_t i = 0; i < a->timeline.frames; i++) {
        pthread_mutex_lock(&a->lock);
        /* slot i % SLOTS is free once frame i - SLOTS is handed on */
        while (!a->stop && (i >= a->next + SLOTS || a->held))
            pthread_cond_wait(&a->cond, &a->lock);
        bool stop = a->stop;
        a->busy = !stop;
        pthread_mutex_unlock(&a->lock);
        if (stop)
            break;
        draw_frame(a, i);
        pthread_mutex_lock(&a->lock);
        a->busy = false;
        a->drawn = i + 1;
        pthread_cond_broadcast(&a->cond);
        pthread_mutex_unlock(&a->lock);
        if (a->slots[i % SLOTS].status != CA_OK)
            break;
    }
    return NULL;
}

/* Without a thread (none could start), frames are drawn in ca_anim_next:
 * the same frames, more slowly. */
static void start_drawer(ca_anim *a)
{
    if (pthread_mutex_init(&a->lock, NULL) != 0)
        return;
    if (pthread_cond_init(&a->cond, NULL) != 0) {
        pthread_mutex_destroy(&a->lock);
        return;
    }
    if (pthread_create(&a->drawer, NULL, drawer_main, a) != 0) {
        pthread_cond_destroy(&a->cond);
        pthread_mutex_destroy(&a->lock);
        return;
    }
    a->threaded = true;
}

static void stop_drawer(ca_anim *a)
{
    if (!a->threaded)
        return;
    pthread_mutex_lock(&a->lock);
    a->stop = true;
    pthread_cond_broadcast(&a->cond);
    pthread_mutex_unlock(&a->lock);
    pthread_join(a->drawer, NULL);
    pthread_cond_destroy(&a->cond);
    pthread_mutex_destroy(&a->lock);
    a->threaded = false;
}

static ca_status start(ca_anim *a, const ca_anim_options *opt, ca_anim **out, ca_error *err);

ca_status ca_anim_new(const double *f, size_t nf, const double *g, size_t ng,
                      ca_conv_mode mode, bool correlate, const ca_anim_options *opt,
                      ca_anim **out, ca_error *err)
{
    *out = NULL;
    ca_status s = ca_anim_check(opt, err);
    if (s == CA_OK)
        s = check_budget(nf, ng, mode, correlate, opt, err);
    if (s != CA_OK)
        return s;
    ca_anim *a = calloc(1, sizeof *a);
    if (!a)
        return ca_fail(err, CA_ENOMEM, "out of memory for the animation");
    a->about.mode = mode;
    a->about.correlate = correlate;
    if ((s = ca_scene_new(f, nf, g, ng, mode, correlate, &opt->scene, &a->scene, err)) !=
        CA_OK) {
        free(a);
        return s;
    }
    return start(a, opt, out, err);
}

ca_status ca_anim_continuous_frames(const ca_anim_options *opt, double duration_s,
                                    size_t *frames, ca_error *err)
{
    int delay = opt->timeline.delay_ms;
    if (!(duration_s > 0) || !isfinite(duration_s))
        return ca_fail(err, CA_EINPUT, "duration %g s: it must be a number of seconds > 0",
                       duration_s);
    if (delay <= 0)
        return ca_fail(err, CA_EINPUT, "delay %d ms: frames that are times need a delay > 0",
                       delay);
    double n = round(duration_s * 1000 / delay);
    if (n < 2)
        return ca_fail(err, CA_EINPUT, "duration %g s is under two frames of %d ms: one at each "
                       "end of the output is the least", duration_s, delay);
    double pixels = (double)opt->scene.width * (double)opt->scene.height;
    if (n * pixels > CA_ANIM_MAX_PIXEL_FRAMES) {
        double most = floor(CA_ANIM_MAX_PIXEL_FRAMES / pixels);
        return ca_fail(err, CA_ELIMIT, "duration %g s makes %.0f frames of %dx%d pixels, over "
                       "the budget of %.0f pixel-frames (2^36): ask for at most %.0f s or a "
                       "smaller size", duration_s, n, opt->scene.width, opt->scene.height,
                       CA_ANIM_MAX_PIXEL_FRAMES, floor(most * delay / 1000));
    }
    *frames = (size_t)n;
    return CA_OK;
}

ca_status ca_anim_new_continuous(const ca_csignal *x, const ca_csignal *h, double duration_s,
                                 const ca_anim_options *opt, ca_anim **out, ca_error *err)
{
    *out = NULL;
    size_t frames;
    ca_status s = ca_anim_check(opt, err);
    if (s == CA_OK)
        s = ca_anim_continuous_frames(opt, duration_s, &frames, err);
    if (s != CA_OK)
        return s;
    ca_anim *a = calloc(1, sizeof *a);
    if (!a)
        return ca_fail(err, CA_ENOMEM, "out of memory for the animation");
    if ((s = ca_scene_new_continuous(x, h, frames, &opt->scene, &a->scene, err)) != CA_OK) {
        free(a);
        return s;
    }
    return start(a, opt, out, err);
}

/* With the scene built: the timeline, the frames' canvases, the drawer. */
static ca_status start(ca_anim *a, const ca_anim_options *opt, ca_anim **out, ca_error *err)
{
    ca_status s;
    a->about.width = opt->scene.width;
    a->about.height = opt->scene.height;
    a->about.layout = opt->scene.layout;
    size_t intro = ca_scene_intro(a->scene);
    s = ca_timeline_new(intro, ca_scene_frames(a->scene) - intro, &opt->timeline, &a->timeline,
                        err);
    const ca_palette *pal = ca_scene_palette(a->scene);
    a->missing = ca_scene_missing_char(a->scene);
    ca_rect whole = { 0, 0, opt->scene.width, opt->scene.height };
    a->last_dirty = whole;
    for (int i = 0; i < SLOTS && s == CA_OK; i++) {
        /* a new canvas is not the background anywhere */
        a->slots[i].dirty = whole;
        s = ca_canvas_new(whole.x1, whole.y1, pal, pal->solid[0], &a->slots[i].frame, err);
    }
    if (s != CA_OK) {
        ca_anim_free(a);
        return s;
    }
    if (thread_count(opt->threads) > 1)
        start_drawer(a);
    *out = a;
    return CA_OK;
}

static ca_status next_frame(ca_anim *a, const ca_frame_writer *w, size_t n, ca_error *err)
{
    if (a->next >= a->timeline.frames)
        return ca_fail(err, CA_EINPUT, "all %zu frames are already handed on",
                       a->timeline.frames);
    size_t i = a->next;
    slot *sl = &a->slots[i % SLOTS];
    if (a->threaded) {
        pthread_mutex_lock(&a->lock);
        while (a->drawn <= i)
            pthread_cond_wait(&a->cond, &a->lock);
        pthread_mutex_unlock(&a->lock);
    } else {
        draw_frame(a, i);
    }
    if (sl->status != CA_OK) {
        if (err)
            *err = sl->err;
        return sl->status;
    }
    int delay_ms = ca_timeline_delay_ms(&a->timeline, i);
    for (size_t k = 0; k < n; k++) {
        ca_status s = w[k].add(w[k].ctx, &sl->frame, delay_ms, &sl->changed, err);
        if (s != CA_OK)
            return s;
    }
    if (a->threaded)
        pthread_mutex_lock(&a->lock);
    a->next++;
    if (a->threaded) {
        pthread_cond_broadcast(&a->cond);
        pthread_mutex_unlock(&a->lock);
    }
    return CA_OK;
}

/* The first failure sticks, as in the writers: a->error keeps it and every
 * later call returns it, so no frame is handed on after one that went
 * wrong, nor twice. */
ca_status ca_anim_next(ca_anim *a, const ca_frame_writer *w, size_t n, ca_error *err)
{
    if (a->error.status == CA_OK)
        a->error.status = next_frame(a, w, n, &a->error);
    if (a->error.status != CA_OK && err)
        *err = a->error;
    return a->error.status;
}

/* Once every frame is handed on, the drawer has nothing left to draw, so
 * the last frame's slot stays as it is. */
const ca_canvas *ca_anim_last_frame(const ca_anim *a)
{
    size_t n = a->timeline.frames;
    return a->next == n ? &a->slots[(n - 1) % SLOTS].frame : NULL;
}

/* The scene is the drawer's while it draws: a reader waits for the frame
 * in hand, and holds the drawer until it is done. */
static void hold_drawer(ca_anim *a, bool hold)
{
    if (!a->threaded)
        return;
    pthread_mutex_lock(&a->lock);
    a->held = hold;
    while (hold && a->busy)
        pthread_cond_wait(&a->cond, &a->lock);
    pthread_cond_broadcast(&a->cond);
    pthread_mutex_unlock(&a->lock);
}

ca_status ca_anim_describe(ca_anim *a, ca_sink *out, ca_error *err)
{
    hold_drawer(a, true);
    ca_status s = anim_describe_write(&a->about, a->scene, &a->timeline, out, err);
    hold_drawer(a, false);
    return s;
}

void ca_anim_free(ca_anim *a)
{
    if (!a)
        return;
    stop_drawer(a);
    for (int i = 0; i < SLOTS; i++)
        ca_canvas_free(&a->slots[i].frame);
    ca_scene_free(a->scene);
    ca_timeline_free(&a->timeline);
    free(a);
}

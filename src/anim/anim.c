#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "out/atomic.h"
#include "convanim/anim.h"
#include "convanim/gif.h"
#include "convanim/meta.h"
#include "convanim/web.h"
#include "convanim/text.h"
#include "out/png_internal.h"
#include "base/util.h"

/* Frames are drawn into a small ring of canvases. With a drawing thread,
 * it draws up to SLOTS frames ahead while the caller's thread encodes: GIF
 * frames compress independently, so the second core hides the drawing.
 * Each frame is drawn and encoded exactly as without the thread, so the
 * file is the same, byte for byte. */
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
    ca_gif *gif;
    slot slots[SLOTS];
    ca_rect last_dirty;      /* the dirty rectangle of the frame drawn last */
    size_t frames, next;     /* frames the GIF gets, and the next one to write */
    size_t intro, steps;     /* the scene's intro frames, and its output samples */
    uint32_t missing;        /* ca_anim_missing_char, read before the drawer starts */
    int delay_cs, last_cs, pause_cs;
    bool *paused;            /* per output sample: held for pause_cs */
    const char *gif_path, *poster, *frames_dir, *html;
    ca_error error;          /* the first failure; status CA_OK until then */

    bool threaded;           /* a drawing thread runs, and these are in use: */
    pthread_t drawer;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    size_t drawn;            /* frames the drawer has finished */
    bool stop;               /* the drawer is asked to quit */
};

void ca_anim_options_default(ca_anim_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->scene.width = 960;
    opt->scene.height = 640;
    opt->scene.theme = CA_THEME_LIGHT;
    opt->delay_ms = 40;
    opt->hold_ms = 1000;
    opt->pause_ms = 1000;
}

/* How many threads help: the caller's, and a drawer beside it when the
 * machine has a second core. More would have nothing to do. */
static int thread_count(int asked)
{
    if (asked > 0)
        return asked > 1 ? 2 : 1;
    return sysconf(_SC_NPROCESSORS_ONLN) > 1 ? 2 : 1;
}

static ca_status check_delay(const char *what, int ms, ca_error *err)
{
    if (ms < 0 || ms > CA_ANIM_MAX_DELAY_MS)
        return ca_fail(err, CA_EINPUT, "%s %d ms is outside what a GIF can store (0 to %d ms)",
                       what, ms, CA_ANIM_MAX_DELAY_MS);
    return CA_OK;
}

/* ca_anim_check but the font, which ca_anim_open leaves to ca_scene_new:
 * it opens the font anyway. */
static ca_status check_options(const ca_anim_options *opt, ca_error *err)
{
    ca_status s;
    if ((s = check_delay("delay", opt->delay_ms, err)) != CA_OK ||
        (s = check_delay("hold", opt->hold_ms, err)) != CA_OK ||
        (s = check_delay("pause", opt->pause_ms, err)) != CA_OK)
        return s;
    if (opt->threads < 0)
        return ca_fail(err, CA_EINPUT, "thread count %d is negative (0 picks one)", opt->threads);
    if (opt->loop < 0 || opt->loop > 65535)
        return ca_fail(err, CA_EINPUT, "loop count %d is outside 0..65535 (0 loops forever)",
                       opt->loop);
    if ((s = ca_scene_check_size(opt->scene.width, opt->scene.height, err)) != CA_OK)
        return s;
    if (opt->gif && (s = ca_atomic_check(opt->gif, err)) != CA_OK)
        return s;
    if (opt->poster && opt->gif && ca_atomic_same_target(opt->poster, opt->gif))
        return ca_fail(err, CA_EINPUT, "%s: the poster and the GIF are the same file",
                       opt->poster);
    if (opt->poster && (s = ca_atomic_check(opt->poster, err)) != CA_OK)
        return s;
    if (opt->frames_dir && (s = ca_folder_check(opt->frames_dir, err)) != CA_OK)
        return s;
    if (opt->html && ((opt->gif && ca_atomic_same_target(opt->html, opt->gif)) ||
                      (opt->poster && ca_atomic_same_target(opt->html, opt->poster))))
        return ca_fail(err, CA_EINPUT, "%s: the HTML would overwrite the GIF or the poster",
                       opt->html);
    if (opt->html && (s = ca_atomic_check(opt->html, err)) != CA_OK)
        return s;
    return CA_OK;
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
    size_t steps = ca_conv_length(nf, ng, mode);
    size_t slides = opt->max_frames && opt->max_frames < steps ? opt->max_frames : steps;
    /* as the scene decides: a correlation has nothing to flip */
    size_t intro = opt->scene.intro && !correlate ? CA_SCENE_INTRO_FRAMES : 0;
    double frames = (double)(intro + slides);
    double pixels = (double)opt->scene.width * (double)opt->scene.height;
    if (frames * pixels > CA_ANIM_MAX_PIXEL_FRAMES) {
        double most = floor(CA_ANIM_MAX_PIXEL_FRAMES / pixels) - (double)intro;
        return ca_fail(err, CA_ELIMIT, "%.0f frames of %dx%d pixels are over the budget of "
                       "%.0f pixel-frames (2^36): ask for at most %.0f frames (--max-frames) "
                       "or a smaller size", frames, opt->scene.width, opt->scene.height,
                       CA_ANIM_MAX_PIXEL_FRAMES, fmax(most, 1));
    }
    /* what every frame draws: g, sliding, and its overlap with f */
    double drawn = (double)ng + (double)(nf < ng ? nf : ng);
    if (frames * drawn > CA_ANIM_MAX_SAMPLE_FRAMES) {
        double most = floor(CA_ANIM_MAX_SAMPLE_FRAMES / drawn) - (double)intro;
        return ca_fail(err, CA_ELIMIT, "%.0f frames that each draw %.0f samples (g and its "
                       "overlap with f) are over the budget of %.0f sample-frames (2^25): ask "
                       "for at most %.0f frames (--max-frames) or a shorter g", frames, drawn,
                       CA_ANIM_MAX_SAMPLE_FRAMES, fmax(most, 1));
    }
    return CA_OK;
}

ca_status ca_anim_check(const ca_anim_options *opt, ca_error *err)
{
    ca_status s = check_options(opt, err);
    if (s != CA_OK || !opt->scene.font)
        return s;
    ca_font *font;
    if ((s = ca_font_open(opt->scene.font, &font, err)) == CA_OK)
        ca_font_free(font);
    return s;
}

uint32_t ca_anim_missing_char(const ca_anim *a)
{
    return a->missing;
}

size_t ca_anim_frames(const ca_anim *a)
{
    return a->frames;
}

/* The scene's frame that frame i of the GIF shows: the intro's frames all,
 * then output sample j * (steps - 1) / (m - 1), rounded, for the j-th of
 * the m sliding frames: even spacing that always ends on the last sample. */
static size_t scene_frame_of(const ca_anim *a, size_t i)
{
    if (i < a->intro)
        return i;
    size_t j = i - a->intro, m = a->frames - a->intro;
    if (m == a->steps)
        return i;
    if (m == 1)
        return a->intro + a->steps - 1;
    return a->intro +
           (size_t)(((double)j * (double)(a->steps - 1)) / (double)(m - 1) + 0.5);
}

/* How long frame i stays: the last for the hold, a paused step for the
 * pause, any other for the delay. */
static int delay_of(const ca_anim *a, size_t i)
{
    if (i + 1 == a->frames)
        return a->last_cs;
    size_t f = scene_frame_of(a, i);
    if (f >= a->intro && a->paused && a->paused[f - a->intro])
        return a->pause_cs > a->delay_cs ? a->pause_cs : a->delay_cs;
    return a->delay_cs;
}

/* Draws frame i into its slot. What changed since frame i - 1 lies in what
 * that frame drew over the background and what this one draws. */
static void draw_frame(ca_anim *a, size_t i)
{
    slot *sl = &a->slots[i % SLOTS];
    sl->changed = a->last_dirty;
    sl->status = ca_scene_draw(a->scene, scene_frame_of(a, i), &sl->frame, &sl->dirty, &sl->err);
    ca_rect_union(&sl->changed, sl->dirty);
    a->last_dirty = sl->dirty;
}

static void *drawer_main(void *arg)
{
    ca_anim *a = arg;
    for (size_t i = 0; i < a->frames; i++) {
        pthread_mutex_lock(&a->lock);
        /* slot i % SLOTS is free once frame i - SLOTS is written */
        while (!a->stop && i >= a->next + SLOTS)
            pthread_cond_wait(&a->cond, &a->lock);
        bool stop = a->stop;
        pthread_mutex_unlock(&a->lock);
        if (stop)
            break;
        draw_frame(a, i);
        pthread_mutex_lock(&a->lock);
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

/* The output samples to hold longer; each must be one the output has. */
static ca_status mark_pauses(ca_anim *a, const ca_anim_options *opt, ca_error *err)
{
    if (opt->npause == 0)
        return CA_OK;
    a->paused = calloc(a->steps, sizeof *a->paused);
    if (!a->paused)
        return ca_fail(err, CA_ENOMEM, "out of memory for the pauses");
    for (size_t i = 0; i < opt->npause; i++) {
        if (opt->pause_at[i] >= a->steps)
            return ca_fail(err, CA_EINPUT, "pause at step %zu: the output has %zu samples "
                           "(steps 0 to %zu)", opt->pause_at[i], a->steps, a->steps - 1);
        a->paused[opt->pause_at[i]] = true;
    }
    /* a step --max-frames leaves out cannot be held */
    for (size_t i = a->intro; i < a->frames; i++)
        a->paused[scene_frame_of(a, i) - a->intro] = false;
    for (size_t i = 0; i < opt->npause; i++)
        if (a->paused[opt->pause_at[i]])
            return ca_fail(err, CA_EINPUT, "pause at step %zu: the %zu frames asked for leave "
                           "it out (ask for more, or pause at a step shown)",
                           opt->pause_at[i], a->frames - a->intro);
    for (size_t i = 0; i < opt->npause; i++)
        a->paused[opt->pause_at[i]] = true;
    return CA_OK;
}

/* What the GIF shows, in its comment, for embed and gallery. */
static ca_status describe(ca_anim *a, const ca_anim_options *opt, size_t nf, size_t ng,
                          ca_conv_mode mode, bool correlate, ca_error *err)
{
    ca_meta m = { .nf = nf, .ng = ng, .outputs = a->steps, .frames = a->frames,
                  .width = opt->scene.width, .height = opt->scene.height, .mode = mode,
                  .correlate = correlate, .layout = opt->scene.layout };
    snprintf(m.f, sizeof m.f, "%s", opt->f_name ? opt->f_name : "f");
    snprintf(m.g, sizeof m.g, "%s", opt->g_name ? opt->g_name : "g");
    /* the poster from the GIF's folder; one whose path does not fit is left out
     * rather than recorded wrong */
    char rel[CA_META_TEXT];
    if (opt->poster && ca_web_relative(opt->gif, opt->poster, rel, sizeof rel))
        snprintf(m.poster, sizeof m.poster, "%s", rel);
    char text[CA_GIF_MAX_COMMENT];
    ca_status s = ca_meta_format(&m, text, sizeof text, err);
    return s == CA_OK ? ca_gif_comment(a->gif, text, err) : s;
}

ca_status ca_anim_open(const double *f, size_t nf, const double *g, size_t ng,
                       ca_conv_mode mode, bool correlate, const ca_anim_options *opt,
                       ca_anim **out, ca_error *err)
{
    *out = NULL;
    if (!opt->gif)
        return ca_fail(err, CA_EINPUT, "no output GIF given");
    ca_status s = check_options(opt, err);
    if (s == CA_OK)
        s = check_budget(nf, ng, mode, correlate, opt, err);
    if (s != CA_OK)
        return s;
    ca_anim *a = calloc(1, sizeof *a);
    if (!a)
        return ca_fail(err, CA_ENOMEM, "out of memory for the animation");
    a->gif_path = opt->gif;
    a->poster = opt->poster;
    a->html = opt->html;
    a->frames_dir = opt->frames_dir;
    /* GIF counts in hundredths of a second */
    a->delay_cs = (opt->delay_ms + 5) / 10;
    a->last_cs = ((opt->hold_ms > opt->delay_ms ? opt->hold_ms : opt->delay_ms) + 5) / 10;
    a->pause_cs = (opt->pause_ms + 5) / 10;
    if ((s = ca_scene_new(f, nf, g, ng, mode, correlate, &opt->scene, &a->scene, err)) !=
        CA_OK) {
        free(a);
        return s;
    }
    const ca_palette *pal = ca_scene_palette(a->scene);
    a->missing = ca_scene_missing_char(a->scene);
    a->intro = ca_scene_intro(a->scene);
    a->steps = ca_scene_frames(a->scene) - a->intro;
    a->frames = a->intro +
                (opt->max_frames && opt->max_frames < a->steps ? opt->max_frames : a->steps);
    if ((s = mark_pauses(a, opt, err)) != CA_OK) {
        ca_anim_abort(a);
        return s;
    }
    ca_rect whole = { 0, 0, opt->scene.width, opt->scene.height };
    a->last_dirty = whole;
    for (int i = 0; i < SLOTS && s == CA_OK; i++) {
        /* a new canvas is not the background anywhere */
        a->slots[i].dirty = whole;
        s = ca_canvas_new(whole.x1, whole.y1, pal, pal->solid[0], &a->slots[i].frame, err);
    }
    if (s == CA_OK)
        s = ca_gif_open(opt->gif, whole.x1, whole.y1, pal, opt->loop, &a->gif, err);
    if (s == CA_OK)
        s = describe(a, opt, nf, ng, mode, correlate, err);
    if (s != CA_OK) {
        ca_anim_abort(a);
        return s;
    }
    if (thread_count(opt->threads) > 1)
        start_drawer(a);
    *out = a;
    return CA_OK;
}

static ca_status write_frame_png(const ca_anim *a, const ca_canvas *c, size_t i, ca_error *err)
{
    char path[4096];
    /* as many digits as the last frame needs, at least four, so names sort */
    int digits = 4;
    for (size_t last = a->frames - 1; last >= 10000; last /= 10)
        digits++;
    int len = snprintf(path, sizeof path, "%s/frame_%0*zu.png", a->frames_dir, digits, i);
    if (len < 0 || (size_t)len >= sizeof path)
        return ca_fail(err, CA_EINPUT, "%s: folder name too long", a->frames_dir);
    return ca_png_write_indexed(path, c->pixels, c->width, c->height, c->stride, c->pal, err);
}

static ca_status next_frame(ca_anim *a, ca_error *err)
{
    if (a->next >= a->frames)
        return ca_fail(err, CA_EINPUT, "all %zu frames are already written", a->frames);
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
    ca_status s = ca_gif_add_frame(a->gif, sl->frame.pixels, sl->frame.stride, delay_of(a, i),
                                   &sl->changed, err);
    if (s == CA_OK && a->frames_dir)
        s = write_frame_png(a, &sl->frame, i, err);
    if (s != CA_OK)
        return s;
    if (a->threaded)
        pthread_mutex_lock(&a->lock);
    a->next++;
    if (a->threaded) {
        pthread_cond_broadcast(&a->cond);
        pthread_mutex_unlock(&a->lock);
    }
    return CA_OK;
}

/* The first failure sticks, as in ca_gif: a->error keeps it and every
 * later call returns it, so no frame is written after one that went wrong,
 * nor twice. */
static ca_status outcome(const ca_anim *a, ca_error *err)
{
    if (a->error.status != CA_OK && err)
        *err = a->error;
    return a->error.status;
}

ca_status ca_anim_next(ca_anim *a, ca_error *err)
{
    if (a->error.status == CA_OK)
        a->error.status = next_frame(a, &a->error);
    return outcome(a, err);
}

/* The poster goes to its temporary and is made ready before the GIF is
 * put in place, and is put in place itself only after the GIF: a failure
 * up to the GIF's rename leaves every path as it was. Once the GIF is in
 * place, the poster's rename or the HTML can still fail and be reported;
 * the GIF then stays. */
static ca_status finish(ca_anim *a, ca_error *err)
{
    if (a->next != a->frames)
        return ca_fail(err, CA_EINPUT, "animation finished after %zu of %zu frames", a->next,
                       a->frames);
    const ca_canvas *last = &a->slots[(a->frames - 1) % SLOTS].frame;
    ca_atomic poster = { 0 };
    ca_status s = CA_OK;
    if (a->poster && (s = ca_atomic_open(&poster, a->poster, err)) == CA_OK &&
        (s = ca_png_write_indexed_to(&poster, last->pixels, last->width, last->height,
                                     last->stride, last->pal, err)) == CA_OK)
        s = ca_atomic_prepare(&poster, err);
    if (s == CA_OK) {
        s = ca_gif_close(a->gif, err);
        a->gif = NULL;
    }
    if (s == CA_OK && a->poster)
        s = ca_atomic_commit(&poster, err);
    ca_atomic_abort(&poster);
    if (s == CA_OK && a->html)
        s = ca_web_embed_file(a->gif_path, a->html, err);
    return s;
}

ca_status ca_anim_finish(ca_anim *a, ca_error *err)
{
    stop_drawer(a);
    if (a->error.status == CA_OK)
        a->error.status = finish(a, &a->error);
    ca_status s = outcome(a, err);
    ca_anim_abort(a);
    return s;
}

void ca_anim_abort(ca_anim *a)
{
    if (!a)
        return;
    stop_drawer(a);
    ca_gif_abort(a->gif);
    for (int i = 0; i < SLOTS; i++)
        ca_canvas_free(&a->slots[i].frame);
    ca_scene_free(a->scene);
    free(a->paused);
    free(a);
}

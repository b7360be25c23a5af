#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "convanim/anim.h"
#include "convanim/text.h"
#include "anim/describe.h"
#include "anim/pipeline.h"
#include "base/util.h"

struct ca_anim {
    ca_scene *scene;
    ca_timeline timeline;
    anim_about about;        /* for the description */
    pipeline *pipe;
    ca_rect last_dirty;      /* the dirty rectangle of the frame drawn last */
    uint32_t missing;        /* ca_anim_missing_char, read before the drawer starts */
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

/* The markup of the texts the scene draws, parsed as drawing parses it
 * but without a font (ca_text_plain), in the order the scene measures
 * them: the labels, the title, the x label. */
static ca_status check_markup(const ca_scene_options *so, ca_error *err)
{
    const char *const texts[] = { so->labels[0], so->labels[1], so->labels[2], so->title,
                                  so->xlabel };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        char *plain = NULL;
        ca_status s = texts[i] ? ca_text_plain(texts[i], &plain, err) : CA_OK;
        free(plain);
        if (s != CA_OK)
            return s;
    }
    return CA_OK;
}

ca_status ca_anim_check(const ca_anim_options *opt, ca_error *err)
{
    ca_status s = ca_timeline_check(&opt->timeline, err);
    if (s != CA_OK)
        return s;
    if (opt->threads < 0)
        return ca_fail(err, CA_EINPUT, "thread count %d is negative (0 picks one)", opt->threads);
    s = ca_scene_check_size(opt->scene.width, opt->scene.height, err);
    return s == CA_OK ? check_markup(&opt->scene, err) : s;
}

/* The intro's frames, as the scene decides: a correlation has nothing to
 * flip. */
static size_t intro_frames(const ca_anim_options *opt, bool correlate)
{
    return opt->scene.intro && !correlate ? CA_SCENE_INTRO_FRAMES : 0;
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
    size_t intro = intro_frames(opt, correlate);
    size_t steps = ca_conv_length(nf, ng, mode);
    const ca_timeline_options *t = &opt->timeline;
    /* a range past the output is refused with the timeline */
    if (t->range && t->last_step < steps && t->first_step <= t->last_step)
        steps = t->last_step - t->first_step + 1;
    double frames = (double)ca_timeline_count(intro, steps, t->max_frames);
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

const char *ca_anim_name(const ca_anim *a, int i)
{
    return ca_scene_name(a->scene, i);
}

uint32_t ca_anim_missing_char(const ca_anim *a)
{
    return a->missing;
}

/* Draws frame i over the frame its canvas holds: the scene puts back the
 * background where that one drew (c->dirty) and says where this one draws.
 * What changed since frame i - 1 lies in what that frame drew over the
 * background and what this one draws. */
static ca_status draw_frame(void *ctx, size_t i, pipeline_canvas *c, ca_rect *changed,
                            ca_error *err)
{
    ca_anim *a = ctx;
    *changed = a->last_dirty;
    ca_status s = ca_scene_draw(a->scene, ca_timeline_scene_frame(&a->timeline, i), &c->frame,
                                &c->dirty, err);
    ca_rect_union(changed, c->dirty);
    a->last_dirty = c->dirty;
    return s;
}

/* A discrete animation's timeline needs only the lengths: the intro's
 * frames, then a step per output sample, as the scene will draw them. */
static ca_status discrete_timeline(size_t nf, size_t ng, ca_conv_mode mode, bool correlate,
                                   const ca_anim_options *opt, ca_timeline *t, ca_error *err)
{
    if (opt->timeline.npause_s > 0)
        return ca_fail(err, CA_EINPUT, "pause at t = %g s: discrete frames are samples, not "
                       "times", opt->timeline.pause_at_s[0]);
    return ca_timeline_new(intro_frames(opt, correlate), ca_conv_length(nf, ng, mode),
                           &opt->timeline, t, err);
}

/* Everything a discrete animation's lengths decide: opt, the budgets and
 * the timeline, into *t (ca_timeline_free frees it). */
static ca_status check_lengths(size_t nf, size_t ng, ca_conv_mode mode, bool correlate,
                               const ca_anim_options *opt, ca_timeline *t, ca_error *err)
{
    ca_status s = ca_anim_check(opt, err);
    if (s == CA_OK)
        s = check_budget(nf, ng, mode, correlate, opt, err);
    return s == CA_OK ? discrete_timeline(nf, ng, mode, correlate, opt, t, err) : s;
}

ca_status ca_anim_check_lengths(size_t nf, size_t ng, ca_conv_mode mode, bool correlate,
                                const ca_anim_options *opt, size_t *frames, ca_error *err)
{
    ca_timeline t = { 0 };
    ca_status s = check_lengths(nf, ng, mode, correlate, opt, &t, err);
    if (s == CA_OK && frames)
        *frames = t.frames;
    ca_timeline_free(&t);
    return s;
}

static ca_status start(ca_anim *a, const ca_anim_options *opt, ca_anim **out, ca_error *err);

/* The timeline comes before the scene: a range or a pause the output does
 * not have is refused before the font is opened and the background drawn. */
ca_status ca_anim_new(const double *f, size_t nf, const double *g, size_t ng,
                      ca_conv_mode mode, bool correlate, const ca_anim_options *opt,
                      ca_anim **out, ca_error *err)
{
    *out = NULL;
    ca_anim *a = calloc(1, sizeof *a);
    if (!a)
        return ca_fail(err, CA_ENOMEM, "out of memory for the animation");
    a->about.mode = mode;
    a->about.correlate = correlate;
    /* the scene draws the steps left out as context */
    ca_scene_options so = opt->scene;
    so.range = opt->timeline.range;
    so.first_step = opt->timeline.first_step;
    so.last_step = opt->timeline.last_step;
    ca_status s;
    if ((s = check_lengths(nf, ng, mode, correlate, opt, &a->timeline, err)) != CA_OK ||
        (s = ca_scene_new(f, nf, g, ng, mode, correlate, &so, &a->scene, err)) != CA_OK) {
        ca_anim_free(a);
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

/* The frame whose time is nearest each of opt's pause times, after opt's
 * steps, into *steps (malloc'd, the caller frees): CA_EINPUT for a time
 * the frames do not reach within half a frame. */
static ca_status pause_steps(const ca_scene *sc, const ca_timeline_options *opt, size_t **steps,
                             ca_error *err)
{
    size_t frames = ca_scene_frames(sc);
    double t0 = ca_scene_time(sc, 0), t1 = ca_scene_time(sc, frames - 1);
    *steps = malloc((opt->npause + opt->npause_s) * sizeof **steps);
    if (!*steps)
        return ca_fail(err, CA_ENOMEM, "out of memory for the pauses");
    for (size_t i = 0; i < opt->npause; i++)
        (*steps)[i] = opt->pause_at[i];
    double per = (t1 - t0) / (double)(frames - 1);
    for (size_t i = 0; i < opt->npause_s; i++) {
        double at = (opt->pause_at_s[i] - t0) / per;
        if (!(at >= -0.5 && at <= (double)(frames - 1) + 0.5))
            return ca_fail(err, CA_EINPUT, "pause at t = %g s: the frames show t = %g to %g s",
                           opt->pause_at_s[i], t0, t1);
        (*steps)[opt->npause + i] = (size_t)fmin(round(fmax(at, 0)), (double)(frames - 1));
    }
    return CA_OK;
}

/* A continuous animation's timeline: its pauses are times, which only the
 * scene turns into frames. */
static ca_status continuous_timeline(const ca_scene *sc, const ca_timeline_options *opt,
                                     ca_timeline *t, ca_error *err)
{
    ca_status s = CA_OK;
    size_t intro = ca_scene_intro(sc);
    ca_timeline_options o = *opt;
    size_t *steps = NULL;
    if (o.npause_s > 0 && (s = pause_steps(sc, &o, &steps, err)) == CA_OK) {
        o.pause_at = steps;
        o.npause += o.npause_s;
    }
    if (s == CA_OK)
        s = ca_timeline_new(intro, ca_scene_frames(sc) - intro, &o, t, err);
    free(steps);
    return s;
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
    if ((s = ca_scene_new_continuous(x, h, frames, &opt->scene, &a->scene, err)) != CA_OK ||
        (s = continuous_timeline(a->scene, &opt->timeline, &a->timeline, err)) != CA_OK) {
        ca_anim_free(a);
        return s;
    }
    return start(a, opt, out, err);
}

/* With the scene and the timeline built: the pipeline that draws the
 * frames. */
static ca_status start(ca_anim *a, const ca_anim_options *opt, ca_anim **out, ca_error *err)
{
    a->about.width = opt->scene.width;
    a->about.height = opt->scene.height;
    a->about.layout = opt->scene.layout;
    const ca_palette *pal = ca_scene_palette(a->scene);
    a->missing = ca_scene_missing_char(a->scene);
    /* a new canvas is not the background anywhere */
    a->last_dirty = (ca_rect){ 0, 0, opt->scene.width, opt->scene.height };
    pipeline_options po = { .width = opt->scene.width, .height = opt->scene.height,
                            .pal = pal, .fill = pal->solid[0], .timeline = &a->timeline,
                            .threads = opt->threads, .draw = draw_frame, .ctx = a };
    ca_status s = pipeline_new(&po, &a->pipe, err);
    if (s != CA_OK) {
        ca_anim_free(a);
        return s;
    }
    *out = a;
    return CA_OK;
}

ca_status ca_anim_next(ca_anim *a, const ca_frame_writer *w, size_t n, ca_error *err)
{
    return pipeline_next(a->pipe, w, n, err);
}

const ca_canvas *ca_anim_last_frame(const ca_anim *a)
{
    return pipeline_last_frame(a->pipe);
}

/* The scene is the drawer's while it draws: the description waits for the
 * frame in hand, and holds the drawer until it is done. */
ca_status ca_anim_describe(ca_anim *a, ca_sink *out, ca_error *err)
{
    pipeline_hold(a->pipe, true);
    ca_status s = anim_describe_write(&a->about, a->scene, &a->timeline, out, err);
    pipeline_hold(a->pipe, false);
    return s;
}

void ca_anim_free(ca_anim *a)
{
    if (!a)
        return;
    pipeline_free(a->pipe);
    ca_scene_free(a->scene);
    ca_timeline_free(&a->timeline);
    free(a);
}

#include <stdlib.h>
#include <string.h>

#include "convanim/anim.h"
#include "base/util.h"

static ca_status check_delay(const char *what, int ms, ca_error *err)
{
    if (ms < 0 || ms > CA_ANIM_MAX_DELAY_MS)
        return ca_fail(err, CA_EINPUT, "%s %d ms is outside what a GIF can store (0 to %d ms)",
                       what, ms, CA_ANIM_MAX_DELAY_MS);
    return CA_OK;
}

ca_status ca_timeline_check(const ca_timeline_options *opt, ca_error *err)
{
    ca_status s;
    if ((s = check_delay("delay", opt->delay_ms, err)) != CA_OK ||
        (s = check_delay("hold", opt->hold_ms, err)) != CA_OK)
        return s;
    return check_delay("pause", opt->pause_ms, err);
}

size_t ca_timeline_count(size_t intro, size_t steps, size_t max_frames)
{
    return intro + (max_frames && max_frames < steps ? max_frames : steps);
}

size_t ca_timeline_scene_frame(const ca_timeline *t, size_t i)
{
    if (i < t->intro)
        return i;
    size_t j = i - t->intro, m = t->frames - t->intro, first = t->intro + t->first;
    if (m == t->shown)
        return first + j;
    if (m == 1)
        return first + t->shown - 1;
    return first + (size_t)(((double)j * (double)(t->shown - 1)) / (double)(m - 1) + 0.5);
}

int ca_timeline_delay_ms(const ca_timeline *t, size_t i)
{
    /* the last frame may also be a pause: it stays the longer of the two */
    int delay = t->delay_ms;
    size_t f = ca_timeline_scene_frame(t, i);
    if (f >= t->intro && t->paused && t->paused[f - t->intro] && t->pause_ms > delay)
        delay = t->pause_ms;
    if (i + 1 == t->frames && t->hold_ms > delay)
        delay = t->hold_ms;
    return delay;
}

/* The steps to pause at; each must be one the output has and the frames
 * show. */
static ca_status mark_pauses(ca_timeline *t, const ca_timeline_options *opt, ca_error *err)
{
    if (opt->npause == 0)
        return CA_OK;
    t->paused = calloc(t->steps, sizeof *t->paused);
    if (!t->paused)
        return ca_fail(err, CA_ENOMEM, "out of memory for the pauses");
    for (size_t i = 0; i < opt->npause; i++) {
        if (opt->pause_at[i] >= t->steps)
            return ca_fail(err, CA_EINPUT, "pause at step %zu: the output has %zu samples "
                           "(steps 0 to %zu)", opt->pause_at[i], t->steps, t->steps - 1);
        if (opt->pause_at[i] < t->first || opt->pause_at[i] >= t->first + t->shown)
            return ca_fail(err, CA_EINPUT, "pause at step %zu: the steps shown are %zu to %zu",
                           opt->pause_at[i], t->first, t->first + t->shown - 1);
        t->paused[opt->pause_at[i]] = true;
    }
    /* what is still marked after the steps shown are cleared is left out */
    for (size_t i = t->intro; i < t->frames; i++)
        t->paused[ca_timeline_scene_frame(t, i) - t->intro] = false;
    for (size_t i = 0; i < opt->npause; i++)
        if (t->paused[opt->pause_at[i]])
            return ca_fail(err, CA_EINPUT, "pause at step %zu: the %zu frames asked for leave "
                           "it out (ask for more, or pause at a step shown)",
                           opt->pause_at[i], t->frames - t->intro);
    for (size_t i = 0; i < opt->npause; i++)
        t->paused[opt->pause_at[i]] = true;
    return CA_OK;
}

ca_status ca_timeline_new(size_t intro, size_t steps, const ca_timeline_options *opt,
                          ca_timeline *out, ca_error *err)
{
    memset(out, 0, sizeof *out);
    ca_status s = ca_timeline_check(opt, err);
    if (s != CA_OK)
        return s;
    if (steps == 0)
        return ca_fail(err, CA_EINPUT, "a timeline needs at least one step");
    size_t first = 0, shown = steps;
    if (opt->range) {
        if (opt->first_step > opt->last_step)
            return ca_fail(err, CA_EINPUT, "steps %zu to %zu: the first comes after the last",
                           opt->first_step, opt->last_step);
        if (opt->last_step >= steps)
            return ca_fail(err, CA_EINPUT, "steps %zu to %zu: the output has %zu samples "
                           "(steps 0 to %zu)", opt->first_step, opt->last_step, steps,
                           steps - 1);
        first = opt->first_step;
        shown = opt->last_step - opt->first_step + 1;
    }
    *out = (ca_timeline){ .intro = intro, .steps = steps, .first = first, .shown = shown,
                          .frames = ca_timeline_count(intro, shown, opt->max_frames),
                          .delay_ms = opt->delay_ms, .hold_ms = opt->hold_ms,
                          .pause_ms = opt->pause_ms };
    if ((s = mark_pauses(out, opt, err)) != CA_OK)
        ca_timeline_free(out);
    return s;
}

void ca_timeline_free(ca_timeline *t)
{
    if (!t)
        return;
    free(t->paused);
    memset(t, 0, sizeof *t);
}

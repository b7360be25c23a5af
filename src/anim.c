#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic.h"
#include "convanim/anim.h"
#include "convanim/gif.h"
#include "convanim/png.h"
#include "util.h"

struct ca_anim {
    ca_scene *scene;
    ca_gif *gif;
    ca_canvas frame;
    ca_rect dirty;           /* what the frame's last draw put over the background */
    size_t frames, next;     /* frames the GIF gets, and the next one to draw */
    size_t steps;            /* output samples the scene can show */
    int delay_cs, last_cs;
    const char *poster, *frames_dir;
};

void ca_anim_options_default(ca_anim_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->scene.width = 960;
    opt->scene.height = 640;
    opt->scene.theme = CA_THEME_LIGHT;
    opt->delay_ms = 40;
    opt->hold_ms = 1000;
}

static ca_status check_delay(const char *what, int ms, ca_error *err)
{
    if (ms < 0 || ms > CA_ANIM_MAX_DELAY_MS)
        return ca_fail(err, CA_EINPUT, "%s %d ms is outside what a GIF can store (0 to %d ms)",
                       what, ms, CA_ANIM_MAX_DELAY_MS);
    return CA_OK;
}

static ca_status check_options(const ca_anim_options *opt, ca_error *err)
{
    ca_status s;
    if ((s = check_delay("delay", opt->delay_ms, err)) != CA_OK ||
        (s = check_delay("hold", opt->hold_ms, err)) != CA_OK)
        return s;
    if (opt->loop < 0 || opt->loop > 65535)
        return ca_fail(err, CA_EINPUT, "loop count %d is outside 0..65535 (0 loops forever)",
                       opt->loop);
    if (!opt->gif)
        return ca_fail(err, CA_EINPUT, "no output GIF given");
    if (opt->poster && (s = ca_atomic_check(opt->poster, err)) != CA_OK)
        return s;
    if (opt->frames_dir && (s = ca_folder_check(opt->frames_dir, err)) != CA_OK)
        return s;
    return CA_OK;
}

ca_status ca_anim_open(const double *f, size_t nf, const double *g, size_t ng,
                       ca_conv_mode mode, bool correlate, const ca_anim_options *opt,
                       ca_anim **out, ca_error *err)
{
    *out = NULL;
    ca_status s = check_options(opt, err);
    if (s != CA_OK)
        return s;
    ca_anim *a = calloc(1, sizeof *a);
    if (!a)
        return ca_fail(err, CA_ENOMEM, "out of memory for the animation");
    a->poster = opt->poster;
    a->frames_dir = opt->frames_dir;
    /* GIF counts in hundredths of a second */
    a->delay_cs = (opt->delay_ms + 5) / 10;
    a->last_cs = ((opt->hold_ms > opt->delay_ms ? opt->hold_ms : opt->delay_ms) + 5) / 10;
    if ((s = ca_scene_new(f, nf, g, ng, mode, correlate, &opt->scene, &a->scene, err)) !=
        CA_OK) {
        free(a);
        return s;
    }
    const ca_palette *pal = ca_scene_palette(a->scene);
    a->steps = ca_scene_frames(a->scene);
    a->frames = opt->max_frames && opt->max_frames < a->steps ? opt->max_frames : a->steps;
    a->dirty = (ca_rect){ 0, 0, opt->scene.width, opt->scene.height };
    if ((s = ca_canvas_new(opt->scene.width, opt->scene.height, pal, pal->solid[0], &a->frame,
                           err)) != CA_OK ||
        (s = ca_gif_open(opt->gif, opt->scene.width, opt->scene.height, pal, opt->loop, &a->gif,
                         err)) != CA_OK) {
        ca_anim_abort(a);
        return s;
    }
    *out = a;
    return CA_OK;
}

size_t ca_anim_frames(const ca_anim *a)
{
    return a->frames;
}

/* Frame i shows output sample i * (steps - 1) / (frames - 1), rounded: even
 * spacing that always ends on the last sample. */
static size_t step_of(const ca_anim *a, size_t i)
{
    if (a->frames == a->steps)
        return i;
    if (a->frames == 1)
        return a->steps - 1;
    return (size_t)(((double)i * (double)(a->steps - 1)) / (double)(a->frames - 1) + 0.5);
}

ca_status ca_anim_next(ca_anim *a, ca_error *err)
{
    if (a->next >= a->frames)
        return ca_fail(err, CA_EINPUT, "all %zu frames are already written", a->frames);
    size_t i = a->next;
    /* what changed since the previous frame: what it drew and what this one draws */
    ca_rect changed = a->dirty;
    ca_status s = ca_scene_draw(a->scene, step_of(a, i), &a->frame, &a->dirty, err);
    if (s != CA_OK)
        return s;
    ca_rect_union(&changed, a->dirty);
    int delay = i + 1 == a->frames ? a->last_cs : a->delay_cs;
    if ((s = ca_gif_add_frame(a->gif, a->frame.pixels, a->frame.stride, delay, &changed, err)) !=
        CA_OK)
        return s;
    if (a->frames_dir) {
        char path[4096];
        int len = snprintf(path, sizeof path, "%s/frame_%04zu.png", a->frames_dir, i);
        if (len < 0 || (size_t)len >= sizeof path)
            return ca_fail(err, CA_EINPUT, "%s: folder name too long", a->frames_dir);
        if ((s = ca_png_write_indexed(path, a->frame.pixels, a->frame.width, a->frame.height,
                                      a->frame.stride, a->frame.pal, err)) != CA_OK)
            return s;
    }
    a->next++;
    return CA_OK;
}

ca_status ca_anim_finish(ca_anim *a, ca_error *err)
{
    ca_status s = CA_OK;
    if (a->next != a->frames)
        s = ca_fail(err, CA_EINPUT, "animation finished after %zu of %zu frames", a->next,
                    a->frames);
    if (s == CA_OK && a->poster)
        s = ca_png_write_indexed(a->poster, a->frame.pixels, a->frame.width, a->frame.height,
                                 a->frame.stride, a->frame.pal, err);
    if (s == CA_OK) {
        s = ca_gif_close(a->gif, err);
        a->gif = NULL;
    }
    ca_anim_abort(a);
    return s;
}

void ca_anim_abort(ca_anim *a)
{
    if (!a)
        return;
    ca_gif_abort(a->gif);
    ca_canvas_free(&a->frame);
    ca_scene_free(a->scene);
    free(a);
}

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "anim/pipeline.h"
#include "base/util.h"

/* Two canvases: the frame being handed on and the one drawn next, so that
 * the second core hides the drawing. A third, to let the drawer run two
 * frames ahead, made no render faster (perf stat on the presets at
 * 960x640 and 1800x1200) and cost a canvas of fresh memory, which is what
 * a short render spends most on. */
enum { SLOTS = 2 };

typedef struct slot {
    pipeline_canvas c;
    ca_rect changed;         /* where it may differ from the frame before it */
    ca_status status;        /* how drawing it went */
    ca_error err;
} slot;

struct pipeline {
    pipeline_options opt;
    slot slots[SLOTS];
    size_t next;             /* the next frame to hand on */
    ca_error error;          /* the first failure; status CA_OK until then */

    bool threaded;           /* a drawing thread runs, and these are in use: */
    pthread_t drawer;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    size_t drawn;            /* frames the drawer has finished */
    bool stop;               /* the drawer is asked to quit */
    bool busy;               /* the drawer is drawing a frame */
    bool held;               /* the drawer is asked to wait: its state is read */
};

/* How many threads help: the caller's, and a drawer beside it when the
 * machine has a second core. More would have nothing to do. */
static int thread_count(int asked)
{
    if (asked > 0)
        return asked > 1 ? 2 : 1;
    return sysconf(_SC_NPROCESSORS_ONLN) > 1 ? 2 : 1;
}

static void draw_frame(pipeline *p, size_t i)
{
    slot *sl = &p->slots[i % SLOTS];
    sl->status = p->opt.draw(p->opt.ctx, i, &sl->c, &sl->changed, &sl->err);
    sl->c.holds = i;
}

static void *drawer_main(void *arg)
{
    pipeline *p = arg;
    for (size_t i = 0; i < p->opt.timeline->frames; i++) {
        pthread_mutex_lock(&p->lock);
        /* slot i % SLOTS is free once frame i - SLOTS is handed on */
        while (!p->stop && (i >= p->next + SLOTS || p->held))
            pthread_cond_wait(&p->cond, &p->lock);
        bool stop = p->stop;
        p->busy = !stop;
        pthread_mutex_unlock(&p->lock);
        if (stop)
            break;
        draw_frame(p, i);
        pthread_mutex_lock(&p->lock);
        p->busy = false;
        p->drawn = i + 1;
        pthread_cond_broadcast(&p->cond);
        pthread_mutex_unlock(&p->lock);
        if (p->slots[i % SLOTS].status != CA_OK)
            break;
    }
    return NULL;
}

/* Without a thread (none could start), frames are drawn in pipeline_next. */
static void start_drawer(pipeline *p)
{
    if (pthread_mutex_init(&p->lock, NULL) != 0)
        return;
    if (pthread_cond_init(&p->cond, NULL) != 0) {
        pthread_mutex_destroy(&p->lock);
        return;
    }
    if (pthread_create(&p->drawer, NULL, drawer_main, p) != 0) {
        pthread_cond_destroy(&p->cond);
        pthread_mutex_destroy(&p->lock);
        return;
    }
    p->threaded = true;
}

static void stop_drawer(pipeline *p)
{
    if (!p->threaded)
        return;
    pthread_mutex_lock(&p->lock);
    p->stop = true;
    pthread_cond_broadcast(&p->cond);
    pthread_mutex_unlock(&p->lock);
    pthread_join(p->drawer, NULL);
    pthread_cond_destroy(&p->cond);
    pthread_mutex_destroy(&p->lock);
    p->threaded = false;
}

ca_status pipeline_new(const pipeline_options *opt, pipeline **out, ca_error *err)
{
    *out = NULL;
    pipeline *p = calloc(1, sizeof *p);
    if (!p)
        return ca_fail(err, CA_ENOMEM, "out of memory for the frame pipeline");
    p->opt = *opt;
    ca_status s = CA_OK;
    for (int i = 0; i < SLOTS && s == CA_OK; i++) {
        p->slots[i].c.holds = PIPELINE_NEW;
        p->slots[i].c.dirty = (ca_rect){ 0, 0, opt->width, opt->height };
        s = ca_canvas_new(opt->width, opt->height, opt->pal, opt->fill, &p->slots[i].c.frame,
                          err);
    }
    if (s != CA_OK) {
        pipeline_free(p);
        return s;
    }
    if (thread_count(opt->threads) > 1)
        start_drawer(p);
    *out = p;
    return CA_OK;
}

static ca_status next_frame(pipeline *p, const ca_frame_writer *w, size_t n, ca_error *err)
{
    const ca_timeline *t = p->opt.timeline;
    if (p->next >= t->frames)
        return ca_fail(err, CA_EINPUT, "all %zu frames are already handed on", t->frames);
    size_t i = p->next;
    slot *sl = &p->slots[i % SLOTS];
    if (p->threaded) {
        pthread_mutex_lock(&p->lock);
        while (p->drawn <= i)
            pthread_cond_wait(&p->cond, &p->lock);
        pthread_mutex_unlock(&p->lock);
    } else {
        draw_frame(p, i);
    }
    if (sl->status != CA_OK) {
        if (err)
            *err = sl->err;
        return sl->status;
    }
    int delay_ms = ca_timeline_delay_ms(t, i);
    for (size_t k = 0; k < n; k++) {
        ca_status s = w[k].add(w[k].ctx, &sl->c.frame, delay_ms, i == 0 ? NULL : &sl->changed,
                               err);
        if (s != CA_OK)
            return s;
    }
    if (p->threaded)
        pthread_mutex_lock(&p->lock);
    p->next++;
    if (p->threaded) {
        pthread_cond_broadcast(&p->cond);
        pthread_mutex_unlock(&p->lock);
    }
    return CA_OK;
}

ca_status pipeline_next(pipeline *p, const ca_frame_writer *w, size_t n, ca_error *err)
{
    if (p->error.status == CA_OK)
        p->error.status = next_frame(p, w, n, &p->error);
    if (p->error.status != CA_OK && err)
        *err = p->error;
    return p->error.status;
}

/* Once every frame is handed on, the drawer has nothing left to draw, so
 * the last frame's slot stays as it is. */
const ca_canvas *pipeline_last_frame(const pipeline *p)
{
    size_t n = p->opt.timeline->frames;
    return p->next == n ? &p->slots[(n - 1) % SLOTS].c.frame : NULL;
}

void pipeline_hold(pipeline *p, bool hold)
{
    if (!p->threaded)
        return;
    pthread_mutex_lock(&p->lock);
    p->held = hold;
    while (hold && p->busy)
        pthread_cond_wait(&p->cond, &p->lock);
    pthread_cond_broadcast(&p->cond);
    pthread_mutex_unlock(&p->lock);
}

void pipeline_free(pipeline *p)
{
    if (!p)
        return;
    stop_drawer(p);
    for (int i = 0; i < SLOTS; i++)
        ca_canvas_free(&p->slots[i].c.frame);
    free(p);
}

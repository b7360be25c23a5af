#ifndef CONVANIM_ANIM_PIPELINE_H
#define CONVANIM_ANIM_PIPELINE_H

/* The frame pipeline every animation runs on (the 1D scenes' ca_anim and
 * the 2D ca_slide2d): frames are drawn into two canvases in turn, and
 * handed in order, with their delay and the rectangle that changed, to
 * frame writers. With a drawing thread, frames are drawn ahead while the
 * caller's thread hands them on: the second core hides the drawing.
 * Internal, not public. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "convanim/anim.h"
#include "convanim/canvas.h"
#include "convanim/error.h"
#include "convanim/writer.h"

/* One of the canvases, as the drawing sees it. */
typedef struct pipeline_canvas {
    ca_canvas frame;
    size_t holds;      /* the frame last drawn into it, or PIPELINE_NEW: the canvas is
                        * new, the fill colour all over */
    ca_rect dirty;     /* the drawing's to keep about the canvas (what its last draw put
                        * over the background, say); the whole frame while it is new */
} pipeline_canvas;

#define PIPELINE_NEW SIZE_MAX

/* Draws frame i into c->frame over what it holds (c->holds < i: each
 * canvas is drawn over the frame two before), and sets *changed to a
 * rectangle outside which frame i equals frame i - 1 (any value for frame
 * 0, which is handed on with none). Frames are drawn in order, one at a
 * time, on the drawing thread when there is one: what the drawing reads
 * and writes must be left alone meanwhile, unless pipeline_hold holds it. */
typedef ca_status (*pipeline_draw)(void *ctx, size_t i, pipeline_canvas *c, ca_rect *changed,
                                   ca_error *err);

typedef struct pipeline_options {
    int width, height;           /* the frames */
    const ca_palette *pal;       /* theirs */
    uint8_t fill;                /* a new canvas's colour */
    const ca_timeline *timeline; /* the frames and their delays; outlives the pipeline */
    int threads;                 /* as ca_anim_options' */
    pipeline_draw draw;
    void *ctx;                   /* draw's first argument */
} pipeline_options;

typedef struct pipeline pipeline;

/* Makes the canvases and starts drawing (on a thread when opt->threads
 * asks for one, or picks one on a machine with a second core, and one can
 * start; otherwise each frame is drawn by pipeline_next: the same frames,
 * more slowly). CA_ENOMEM when the canvases do not fit. */
ca_status pipeline_new(const pipeline_options *opt, pipeline **out, ca_error *err);

/* Hands the next frame to the n writers w in turn, with its delay and the
 * rectangle that changed (none for the first). The first failure, drawing or a writer's,
 * sticks: every later call returns it, so no frame is handed on after one
 * that went wrong, nor twice. */
ca_status pipeline_next(pipeline *p, const ca_frame_writer *w, size_t n, ca_error *err);

/* The last frame once every frame is handed on, else NULL. */
const ca_canvas *pipeline_last_frame(const pipeline *p);

/* With hold true, waits for the frame being drawn and keeps the drawing
 * from starting another, so what it uses may be read; false lets it go
 * on. Nothing to do without a drawing thread. */
void pipeline_hold(pipeline *p, bool hold);

/* Stops the drawing, waiting for the frame being drawn, and frees p, at
 * any point: after the last frame or midway. NULL ok. */
void pipeline_free(pipeline *p);

#endif

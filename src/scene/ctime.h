#ifndef CONVANIM_SCENE_CTIME_H
#define CONVANIM_SCENE_CTIME_H

/* What the continuous-time layouts share, below them and beside panels.h:
 * the frames' times, y at each of them and along the output panel, the
 * curves of x(τ), h(t − τ) and their product traced at two points per
 * pixel column and every breakpoint, the area under a curve shaded in two
 * shades by sign, the output up to t, the caption. Internal, not public. */

#include <stdbool.h>
#include <stddef.h>

#include "convanim/continuous.h"
#include "scene/layout.h"

typedef struct ctime {
    const ca_csignal *x, *h;
    size_t frames;
    double t0, t1;             /* where y is visible: frame i shows t0 + i (t1 - t0) / (frames - 1) */
    double dt;                 /* the tracing step: half a pixel column of the frame */
    double *y;                 /* y at each frame's t */
    double *curve;             /* y at t0 + k cstep, k < ncurve: the output's line */
    size_t ncurve;
    double cstep;
    double xext[2], hext[2], yext[2];   /* the extremes of x, h and y */
    double xvis[2], hvis[2];   /* where x and h are visible (their tails cut) */
    int decimals;              /* of t in the caption: enough to tell frames apart */
    double *xy;                /* pixel points of a curve, room for cap */
    size_t cap;
    ca_trace xtr;              /* x over the whole τ axis */
    char name[3][64];          /* x, h, y as the labels name them */
    char label[3][96];         /* "x(τ)", "h(t − τ)", "y(t)" */
} ctime;

/* Fills ct for in and p's frame size, and p's x range: where x and y are
 * visible, with matplotlib's margins. */
ca_status ctime_init(ctime *ct, panels *p, const scene_times *in, const ca_scene_options *opt,
                     ca_error *err);
void ctime_free(ctime *ct);

/* The time frame i shows. */
double ctime_t(const ctime *ct, size_t frame);

/* x(τ) over the whole τ axis (traced once), and h(t − τ) over ax's τ
 * range, as lines. */
void ctime_x(ctime *ct, const panels *p, const ca_axes *ax);
ca_status ctime_h(ctime *ct, const panels *p, const ca_axes *ax, double t, ca_error *err);

/* The area at t, shaded between a curve and zero where x(τ) h(t − τ) is
 * positive (CA_SCENE_AREA_POS) and negative (CA_SCENE_AREA_NEG): the curve
 * is the product itself, or x(τ) when under_x; then, unless line < 0, the
 * curve over it in colour line. Only where x and h(t − τ) are both
 * visible. */
ca_status ctime_area(ctime *ct, const panels *p, const ca_axes *ax, double t, bool under_x,
                     int line, ca_error *err);

/* The vertical line at τ = t, and a small triangle under it on the axis. */
void ctime_marker(const panels *p, const ca_axes *ax, double t);

/* y up to frame's t on ax, and its current point. */
void ctime_output(ctime *ct, const panels *p, const ca_axes *ax, size_t frame);

/* Frame i's caption (scene.h says what it reads). */
void ctime_caption(const ctime *ct, size_t frame, char *buf, size_t size);

/* The layout table's free, time and caption for a layout whose state is a
 * struct whose first member is its ctime (so a pointer to the state is one
 * to the ctime): the state freed with its ctime, frame i's time and
 * caption. */
void ctime_state_free(void *state);
double ctime_state_time(void *state, size_t frame);
void ctime_state_caption(panels *p, void *state, size_t frame, char *buf, size_t size);

/* The caption drawn in p's caption row. */
ca_status ctime_draw_caption(const ctime *ct, panels *p, size_t frame, const ca_canvas *c,
                             ca_error *err);

#endif

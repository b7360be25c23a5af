#ifndef CONVANIM_ANIM_H
#define CONVANIM_ANIM_H

#ifdef __cplusplus
extern "C" {
#endif

/* The sliding animation's core: a timeline (which step each frame shows and
 * for how long) and a frame pipeline that draws the scene's frames and
 * hands each, with its delay and the rectangle that changed, to a frame
 * writer (writer.h). What the frames end up in, and any file beside them
 * (poster, frame PNGs, description, HTML), is the caller's. The caller
 * drives the loop, one ca_anim_next per frame, so it can show progress and
 * stop; nothing here prints. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "convanim/continuous.h"
#include "convanim/conv.h"
#include "convanim/error.h"
#include "convanim/scene.h"
#include "convanim/sink.h"
#include "convanim/writer.h"

/* The longest delay: what a GIF, the narrowest of the formats, can store
 * (hundredths of a second in 16 bits). */
#define CA_ANIM_MAX_DELAY_MS 655350

/* What one animation may cost, checked by ca_anim_new before anything is
 * built, so a request that would run for hours or eat the memory is
 * refused with a message that says which budget and what to lower:
 * - frames x pixels per frame (drawing and encoding): 2^36, some 31,800
 *   frames at 1800x1200 or 111,800 at 960x640, a minute or so;
 * - samples, f's and g's together: 2^20 (a frame is at most 16384 pixels
 *   wide; more samples only cost memory and time);
 * - frames x the samples every frame draws (g, sliding, and its overlap
 *   with f: ng + min(nf, ng)): 2^25.
 * Intro frames count as frames. */
#define CA_ANIM_MAX_PIXEL_FRAMES 68719476736.0
#define CA_ANIM_MAX_SAMPLES ((size_t)1 << 20)
#define CA_ANIM_MAX_SAMPLE_FRAMES 33554432.0

/* How the steps are shown: all delays in milliseconds, 0..CA_ANIM_MAX_DELAY_MS. */
typedef struct ca_timeline_options {
    int delay_ms;             /* per frame */
    int hold_ms;              /* how long the last frame stays (at least delay_ms) */
    int pause_ms;             /* how long a paused step stays (at least delay_ms) */
    const size_t *pause_at;   /* npause steps (output samples) to pause at */
    size_t npause;
    size_t max_frames;        /* 0: a frame per step; else at most this many steps,
                               * evenly spread, the last always kept (the intro's
                               * frames come on top) */
    bool range;               /* only steps first_step .. last_step (inclusive) are
                               * shown: max_frames and the pauses apply within them */
    size_t first_step, last_step;
    const double *pause_at_s; /* continuous time: npause_s times in seconds to pause
                               * at, each at the frame whose t is nearest */
    size_t npause_s;
} ca_timeline_options;

/* Frame i of an animation shows frame ca_timeline_scene_frame(t, i) of its
 * scene: the intro's frames all, then the steps kept. Plain data, made by
 * ca_timeline_new (or read from ca_anim_timeline). */
typedef struct ca_timeline {
    size_t intro;             /* frames before the first step */
    size_t steps;             /* the output samples: scene frames intro .. intro + steps - 1 */
    size_t frames;            /* intro + the steps kept */
    int delay_ms, hold_ms, pause_ms;
    bool *paused;             /* per step, whether its frame pauses; NULL: none does */
    size_t first, shown;      /* the steps shown: first .. first + shown - 1 */
} ca_timeline;

/* CA_EINPUT naming the value when a delay is outside
 * 0..CA_ANIM_MAX_DELAY_MS. */
ca_status ca_timeline_check(const ca_timeline_options *opt, ca_error *err);

/* Checks opt as ca_timeline_check does and builds the timeline of intro
 * frames and steps >= 1 steps. CA_EINPUT when a range is not within the
 * steps or ends before it starts, when a pause is at a step the output
 * does not have, outside the range, or at one max_frames leaves out. Free
 * with ca_timeline_free. */
ca_status ca_timeline_new(size_t intro, size_t steps, const ca_timeline_options *opt,
                          ca_timeline *out, ca_error *err);
void ca_timeline_free(ca_timeline *t);   /* zeroed or NULL ok */

/* The frames an animation of intro frames and steps steps shown gets,
 * without building it: what the budgets count. */
size_t ca_timeline_count(size_t intro, size_t steps, size_t max_frames);

/* The scene frame frame i (< t->frames) shows: the intro's as they are,
 * then step first + j * (shown - 1) / (m - 1), rounded, for the j-th of
 * the m steps kept: even spacing that always ends on the last step shown. */
size_t ca_timeline_scene_frame(const ca_timeline *t, size_t i);

/* How long frame i stays, in ms: the last for the hold, a paused step's
 * for the pause, any other for the delay (the hold and pause never
 * shorter than the delay). */
int ca_timeline_delay_ms(const ca_timeline *t, size_t i);

typedef struct ca_anim_options {
    ca_scene_options scene;
    ca_timeline_options timeline;
    int threads;              /* 0: 2 on a machine with a second core, else 1; 1: draw and
                               * hand on in turn; 2 or more: draw beside the writer.
                               * The frames are the same whatever the count. */
} ca_anim_options;

/* 960x640 (the notebook's 3:2 at a size course pages show whole), light,
 * 40 ms per frame (the notebook's interval), the last held 1 s, pauses of
 * 1 s. */
void ca_anim_options_default(ca_anim_options *opt);

/* Checks what it can of opt without the signals, touching no file: the
 * delays, the thread count, the size and the markup of the title, the x
 * label and the labels (as ca_text_plain reads it). ca_anim_new checks the
 * same; this lets a caller refuse bad options before reading its inputs.
 * The font is opened, and checked, only by ca_anim_new. */
ca_status ca_anim_check(const ca_anim_options *opt, ca_error *err);

/* Checks what ca_anim_new would refuse knowing only the signals' lengths:
 * opt as ca_anim_check does, the budgets, and the timeline (the range of
 * steps and the pauses against the output's length). ca_anim_new checks
 * the same before it builds anything; this lets a caller refuse a request
 * before it generates or reads the samples. *frames, when frames is not
 * NULL, gets the frames the animation will have. */
ca_status ca_anim_check_lengths(size_t nf, size_t ng, ca_conv_mode mode, bool correlate,
                                const ca_anim_options *opt, size_t *frames, ca_error *err);

typedef struct ca_anim ca_anim;

/* Checks opt and the budgets, builds the timeline, then the scene (opening
 * the font), and starts drawing. The option strings must outlive it. */
ca_status ca_anim_new(const double *f, size_t nf, const double *g, size_t ng,
                      ca_conv_mode mode, bool correlate, const ca_anim_options *opt,
                      ca_anim **out, ca_error *err);

/* Continuous time: frames are times, not samples, so their count comes
 * from how long the motion lasts: duration_s seconds at the timeline's
 * delay per frame, rounded (4 s at 40 ms, 25 fps, is 100 frames), whatever
 * the signals. CA_EINPUT for a duration that is not a number > 0 or is
 * under two frames, or a delay of 0; CA_ELIMIT when the frames at opt's
 * size pass the pixel-frame budget. */
#define CA_ANIM_DEFAULT_DURATION_S 4.0
ca_status ca_anim_continuous_frames(const ca_anim_options *opt, double duration_s,
                                    size_t *frames, ca_error *err);

/* The animation of y(t) = ∫ x(τ) h(t − τ) dτ over y's support in
 * duration_s seconds (ca_scene_new_continuous says what the frames show).
 * opt as in ca_anim_new; x and h must outlive the animation. */
ca_status ca_anim_new_continuous(const ca_csignal *x, const ca_csignal *h, double duration_s,
                                 const ca_anim_options *opt, ca_anim **out, ca_error *err);

/* The palette every frame uses: what a writer is opened with. */
const ca_palette *ca_anim_palette(const ca_anim *a);

/* The frames, what they show and their delays. */
const ca_timeline *ca_anim_timeline(const ca_anim *a);

/* What the frames call f (i = 0), g (1) and the output (2), as
 * ca_scene_name says: for text about the animation (alt text). */
const char *ca_anim_name(const ca_anim *a, int i);

/* The first character of the title or labels that no installed font has
 * (it is drawn as a box), or 0: for a warning. */
uint32_t ca_anim_missing_char(const ca_anim *a);

/* Hands the next frame to the n writers w[0], ..., w[n - 1] in turn (the
 * same every call), with its delay and the rectangle that changed since the
 * frame before. After a failure, drawing or a writer's, every later call
 * returns the same error: no frame is handed on twice. Finishing or
 * aborting the writers stays the caller's job. */
ca_status ca_anim_next(ca_anim *a, const ca_frame_writer *w, size_t n, ca_error *err);

/* The last frame, once ca_anim_next handed on every frame (a poster, say);
 * NULL before. Valid until ca_anim_free. */
const ca_canvas *ca_anim_last_frame(const ca_anim *a);

/* Writes to out, as JSON, what every frame of a shows, from the timeline
 * and the scene without drawing a pixel: the same model the frames are
 * drawn from, for tests, a web player's step captions and text
 * alternatives. Version 1:
 *   {"version": 1, "width": W, "height": H, "title": "...", "mode": "full",
 *    "correlate": false, "continuous": false, "layout": "seed",
 *    "frames": [{"index": i, "delay_ms": 40, "kind": "intro" | "step" | "hold",
 *                "n": 12, "x": 12.0, "value": 0.8817, "caption": "...",
 *                "panels": [{"label": "f", "label2": "...", "x": [lo, hi],
 *                            "y": [lo, hi], "style": "stem" | "line"}]}]}
 * delay_ms is what the writers are handed (a GIF stores it in 10 ms
 * steps); kind is "intro" for the product layout's flip, "step" for a
 * frame that shows an output sample ("hold" is reserved for a frame that
 * shows the step of the frame before, which no timeline makes yet); n is
 * that sample's index in the chosen mode's output, x where it is drawn on
 * the x axis, value y[n], all null in the intro. In continuous time every
 * frame is a step: n is the frame's index, t its time in seconds (a key
 * only continuous frames have), x equal to t, the panels' x limits in
 * seconds, and value y(t). caption is the text
 * drawn over the panels ("" in the seed layout); label2 is there only for
 * a panel whose label has a second line. Text (title, labels, captions) is
 * as ca_text_plain reads the markup drawn: "y[3] = ...", not "$y$[3] = ...".
 * Numbers read back as the doubles they are. Safe between calls to
 * ca_anim_next (the drawing waits), not beside another call on a. */
ca_status ca_anim_describe(ca_anim *a, ca_sink *out, ca_error *err);

/* Stops drawing and frees a. NULL ok. */
void ca_anim_free(ca_anim *a);

/* Named examples: the notebook's two, and the continuous-time pairs a
 * signals-and-systems course starts with. */
typedef struct ca_preset {
    const char *name;
    const char *f, *g;        /* signal specs */
    const char *about;
    bool continuous;          /* f and g are continuous-time specs */
    ca_style style;           /* how its samples are drawn in the seed layout (the
                               * notebook's picture) unless told otherwise: the
                               * notebook's own examples are lines, as it draws them */
} ca_preset;

/* The presets, and how many there are. */
const ca_preset *ca_presets(size_t *count);

/* The preset called name; CA_EINPUT listing the valid names otherwise,
 * also for a NULL name (none given). */
ca_status ca_preset_find(const char *name, const ca_preset **out, ca_error *err);

#ifdef __cplusplus
}
#endif

#endif

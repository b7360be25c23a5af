#ifndef CONVANIM_SLIDE2D_H
#define CONVANIM_SLIDE2D_H

#ifdef __cplusplus
extern "C" {
#endif

/* The 2D sliding animation, conv_arithmetic's with the numbers: the
 * kernel's window moves over the input grid (zero-padded, or spread by the
 * stride for a transposed convolution) one output cell per frame, its taps
 * outlined (a dilated window's gaps skipped) with their weights, the
 * output grid fills in cell by cell, and a caption writes the current sum
 * out. For small inputs only: each pixel is a cell on screen. */

#include <stdbool.h>
#include <stddef.h>

#include "convanim/anim.h"
#include "convanim/conv2d.h"
#include "convanim/error.h"
#include "convanim/image.h"
#include "convanim/sink.h"
#include "convanim/writer.h"

/* The largest image side drawn cell by cell; the frame's default size and
 * the smallest it may be. */
enum {
    CA_SLIDE2D_MAX_SIDE = 64, CA_SLIDE2D_WIDTH = 1200, CA_SLIDE2D_HEIGHT = 640,
    CA_SLIDE2D_MIN_WIDTH = 480, CA_SLIDE2D_MIN_HEIGHT = 256
};

typedef struct ca_slide2d_options {
    int width, height;      /* the frame, every size in it scaled with it */
    ca_conv2d_options conv; /* the padding, stride, dilation, ... */
    int delay_ms;           /* per frame, 0 to 655350, in 10 ms steps */
    int hold_ms;            /* the last frame, at least delay_ms */
    size_t max_frames;      /* at most this many output cells shown, evenly spread,
                             * the last kept (the timeline's max_frames); 0: all */
    const char *gif;        /* ca_slide2d_write's output file */
    const char *labels[3];  /* the panels' titles: input, kernel, output */
    const char *title;      /* NULL, or a title above the parameter line */
    ca_theme theme;         /* light or dark, as the 1D scenes' */
    const char *font;       /* a font file for all the text, or NULL for DejaVu Sans */
    double font_scale;      /* every text size, and the bands the text lines sit in,
                             * times this, CA_SCENE_MIN_FONT_SCALE to
                             * CA_SCENE_MAX_FONT_SCALE (0: 1); numbers in cells stay
                             * within their cells */
    int threads;            /* as ca_anim_options': 0 draws beside the writers when the
                             * machine has a second core; the frames are the same */
} ca_slide2d_options;

/* ca_conv2d_options_default, 100 ms a frame, the last held 2 s, the
 * panels titled Input, Kernel and Output, light, DejaVu Sans at scale 1,
 * threads picked. */
void ca_slide2d_options_default(ca_slide2d_options *opt);

/* The frames shown by default: a minute of GIF at 100 ms a frame. A larger
 * input shows its output cells evenly spread, the last always kept. */
enum { CA_SLIDE2D_MAX_FRAMES = 600 };

/* Checks what it can before the image is read: the delays, the font
 * scale, the thread count, that the GIF can be written. Creates nothing;
 * the font is opened, and checked, by ca_slide2d_new. */
ca_status ca_slide2d_check(const ca_slide2d_options *opt, ca_error *err);

/* The animation frame by frame, as ca_anim hands its frames on: built by
 * ca_slide2d_new (image, kernel and opt must outlive it), then one
 * ca_slide2d_next per frame of the timeline, each frame drawn over the
 * last and handed with its delay and the rectangle that changed to the n
 * frame writers w (the same every call). After a failure every later call
 * returns the same error. The frames are drawn on a thread of their own
 * when opt->threads allows, a few ahead of the one handed on. CA_ELIMIT
 * when the image or the kernel has a side over CA_SLIDE2D_MAX_SIDE;
 * CA_EINPUT as ca_conv2d refuses, or for a font file that is no font
 * (as ca_font_open). */
typedef struct ca_slide2d ca_slide2d;
ca_status ca_slide2d_new(const ca_image *image, const ca_image *kernel,
                         const ca_slide2d_options *opt, ca_slide2d **out, ca_error *err);
void ca_slide2d_free(ca_slide2d *sl);   /* NULL ok */

/* The palette of every frame, the timeline, the output cells (the steps;
 * the timeline may show fewer), and the last frame once every frame was
 * handed on (NULL before). */
const ca_palette *ca_slide2d_palette(const ca_slide2d *sl);
const ca_timeline *ca_slide2d_timeline(const ca_slide2d *sl);
size_t ca_slide2d_cells(const ca_slide2d *sl);
const ca_canvas *ca_slide2d_last_frame(const ca_slide2d *sl);

/* The parameter line the frames show, "i = 5, k = 3, p = 1, s = 2, d = 1 →
 * o = 3   (convolution)", into buf (cut to size). */
void ca_slide2d_parameters(const ca_slide2d *sl, char *buf, size_t size);
ca_status ca_slide2d_next(ca_slide2d *sl, const ca_frame_writer *w, size_t n, ca_error *err);

/* Writes to out, as JSON, what every frame of sl shows, without drawing a
 * pixel: ca_anim_describe's schema where 2D allows it. Version 1:
 *   {"version": 1, "width": W, "height": H, "title": "..." | null,
 *    "parameters": "i = 5, k = 3, p = 1, s = 2, d = 1 → o = 3   (...)",
 *    "correlate": true, "transposed": false,
 *    "frames": [{"index": i, "delay_ms": 100, "kind": "step", "n": 7,
 *                "row": 2, "col": 1, "value": 18,
 *                "caption": "Output[2, 1] = 3·1 + ... = 18",
 *                "panels": [{"label": "Input", "rows": 7, "cols": 7},
 *                           {"label": "Kernel", "rows": 3, "cols": 3},
 *                           {"label": "Output", "rows": 3, "cols": 3}]}]}
 * n is the output cell's index in the output read row by row (row * cols
 * + col), value that cell's, caption the sum as the frame writes it out
 * (terms left out where the frame leaves them out); there is no x. The
 * input panel counts the cells of the grid as drawn: padding, or the
 * zeros a transposed convolution spreads the input with, included. Text
 * (title, parameters, labels, captions) is as ca_text_plain reads what is
 * drawn. Numbers read back as the doubles they are. Safe between calls to
 * ca_slide2d_next. */
ca_status ca_slide2d_describe(ca_slide2d *sl, ca_sink *out, ca_error *err);

/* Renders the animation of image convolved with kernel as a GIF into
 * sink, the frames of ca_slide2d_new's timeline (opt->gif is not used),
 * the output cells at most opt->max_frames of them. CA_ELIMIT when
 * the image or the kernel has a side over CA_SLIDE2D_MAX_SIDE; CA_EINPUT
 * as ca_conv2d refuses. Memory does not grow with the frame count. */
ca_status ca_slide2d_write_to(const ca_image *image, const ca_image *kernel,
                              const ca_slide2d_options *opt, const ca_sink *sink, ca_error *err);

/* The same into the file opt->gif, atomically. */
ca_status ca_slide2d_write(const ca_image *image, const ca_image *kernel,
                           const ca_slide2d_options *opt, ca_error *err);

/* conv_arithmetic's fifteen animations (Dumoulin and Visin), by their
 * names: a square grid: input of `input` cells, a grid: kernel of `kernel`
 * cells, cross-correlated as a deep-learning framework does. */
typedef struct ca_slide2d_preset {
    const char *name;
    int input, kernel, padding, stride, dilation, output_padding;
    bool transposed;
    const char *about;
} ca_slide2d_preset;

/* The presets, and how many there are. */
const ca_slide2d_preset *ca_slide2d_presets(size_t *count);

/* The preset called name, or NULL (also for a NULL name). */
const ca_slide2d_preset *ca_slide2d_preset_named(const char *name);

#ifdef __cplusplus
}
#endif

#endif

#ifndef CONVANIM_SCENE_H
#define CONVANIM_SCENE_H

#ifdef __cplusplus
extern "C" {
#endif

/* The scene: what frame i of the sliding animation shows. It owns the
 * stepper, the font, the theme's palette and the parts of the picture that
 * never change; drawing a frame redraws only what moves. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "convanim/canvas.h"
#include "convanim/continuous.h"
#include "convanim/conv.h"
#include "convanim/error.h"

typedef enum ca_theme {
    CA_THEME_LIGHT,
    CA_THEME_DARK
} ca_theme;

/* What a frame shows.
 * stacked (named "seed"): the notebook's three panels: f, the sliding g,
 *   the output so far.
 * product: why y[n] has its value: f[k] and the flipped, shifted g[n-k] on
 *   one k axis with their overlap, the products f[k]g[n-k] and their sum,
 *   the output so far, and a caption with the sum written out (as a
 *   formula when its terms do not fit across the frame).
 * overlay: Wikipedia's picture: f, the sliding g, their products and the
 *   output so far on one pair of axes, under a caption with y[n]. */
typedef enum ca_layout {
    CA_LAYOUT_STACKED,
    CA_LAYOUT_PRODUCT,
    CA_LAYOUT_OVERLAY
} ca_layout;

/* How samples are drawn: the layout's choice (auto, in every layout),
 * joined by lines, as stems, or stems for a signal of at most
 * CA_STYLE_AUTO_STEMS samples and lines for longer: a delta, a box or a
 * delta train looks like what it is. */
typedef enum ca_style {
    CA_STYLE_DEFAULT,
    CA_STYLE_AUTO,
    CA_STYLE_LINE,
    CA_STYLE_STEM
} ca_style;

enum { CA_STYLE_AUTO_STEMS = 64, CA_SCENE_INTRO_FRAMES = 12 };

/* The smallest frame the three panels and their labels fit in, and the
 * largest we agree to draw. */
enum {
    CA_SCENE_MIN_WIDTH = 320,
    CA_SCENE_MIN_HEIGHT = 240,
    CA_SCENE_MAX_SIDE = 16384
};
#define CA_SCENE_MAX_PIXELS (64.0 * 1024 * 1024)

/* How far text may be scaled from its size in a frame of this size: from
 * small embeds to slides read from the back of a lecture hall. */
#define CA_SCENE_MIN_FONT_SCALE 0.5
#define CA_SCENE_MAX_FONT_SCALE 3.0

typedef struct ca_scene_options {
    int width, height;
    ca_theme theme;
    ca_layout layout;
    ca_style style;
    bool intro;              /* product layout, convolution: first show g being flipped */
    /* Text as convanim/text.h reads it: $...$ is math, "\n" a line break
     * (the panels make room for every line). */
    const char *title;       /* NULL: "Convolution of $f$ and $g$" */
    const char *xlabel;      /* NULL: "$n$" */
    /* The signals' labels, NULL for the defaults. A plain name (one line,
     * no '[' or '('; "$x$", "h") names its signal in the title, every
     * panel, the products and the captions; any other label is drawn as
     * given on its own panel. */
    const char *labels[3];
    const char *font;        /* a font file, or NULL for DejaVu Sans (ca_font_open) */
    /* Every text size times this, from CA_SCENE_MIN_FONT_SCALE to
     * CA_SCENE_MAX_FONT_SCALE; 0 means 1. Margins and panels make room
     * for the text as measured. */
    double font_scale;
    /* Only output samples first_step .. last_step are animated: the rest
     * of the output is drawn in grey, as context (ca_anim_new sets these
     * from its timeline's range). */
    bool range;
    size_t first_step, last_step;
    /* The index f[0] and g[0] stand at (ca_signal's origin; 0 for the
     * notebook's signals) and how many samples at each end of f and g are
     * padding (ca_signal's pad), drawn grey. The axes show true indices:
     * output n at ca_conv_origin's index plus n. */
    long origin[2];
    size_t pad[2];
} ca_scene_options;

/* Parses "light" or "dark". */
ca_status ca_theme_parse(const char *name, ca_theme *theme, ca_error *err);

/* Parses a layout ("seed", "product", "overlay") or a style ("auto", "line", "stem"). */
ca_status ca_layout_parse(const char *name, ca_layout *layout, ca_error *err);
ca_status ca_style_parse(const char *name, ca_style *style, ca_error *err);
const char *ca_layout_name(ca_layout layout);

/* Checks a frame size against the limits above. */
ca_status ca_scene_check_size(int width, int height, ca_error *err);

/* Checks a font scale against the limits above (0 passes, as 1). */
ca_status ca_scene_check_font_scale(double scale, ca_error *err);

typedef struct ca_scene ca_scene;

/* The colours of a scene's palette, by id: pixel p of a frame shows colour
 * pal->top[p] at pal->level[p] over colour pal->under[p]. The stacked layout
 * uses the first CA_SCENE_STACKED_COLOURS. */
enum {
    CA_SCENE_BG, CA_SCENE_INK, CA_SCENE_GRID, CA_SCENE_F, CA_SCENE_G, CA_SCENE_OUT,
    CA_SCENE_SHADE, CA_SCENE_STACKED_COLOURS,
    CA_SCENE_PROD = CA_SCENE_STACKED_COLOURS,   /* the products f[k]g[n-k] */
    CA_SCENE_MUTED,                             /* samples outside a support, discarded output */
    CA_SCENE_CURSOR,                            /* the vertical line at n */
    CA_SCENE_COLOURS,
    /* continuous time: the area under x(tau) h(t - tau), where it is
     * positive and where it is negative */
    CA_SCENE_AREA_POS = CA_SCENE_COLOURS,
    CA_SCENE_AREA_NEG,
    CA_SCENE_ALL_COLOURS
};

/* The panels, top to bottom: stacked shows f, g and the output; product the
 * k axis, the products and the output. */
enum { CA_PANEL_TOP, CA_PANEL_MIDDLE, CA_PANEL_OUT, CA_PANELS };

/* Where a panel draws its data (inside its spines, in frame pixels) and the
 * data limits it shows: x0 at area.x0, x1 at area.x1, y1 at the top; its
 * y label as drawn (convanim/text.h's markup), with the second line some
 * panels have under it (NULL when none), and whether its signal is drawn
 * as stems (else as a line). */
typedef struct ca_scene_panel {
    ca_rect area;
    double x0, x1, y0, y1;
    const char *label, *label2;
    bool stems;
} ca_scene_panel;

/* Builds the scene of f convolved with (or correlated with) g. */
ca_status ca_scene_new(const double *f, size_t nf, const double *g, size_t ng,
                       ca_conv_mode mode, bool correlate, const ca_scene_options *opt,
                       ca_scene **out, ca_error *err);
void ca_scene_free(ca_scene *sc);

/* Builds the scene of the continuous-time convolution y(t) = ∫ x(τ) h(t − τ) dτ
 * in the seed or product layout: x(τ) and h(t − τ) on a τ axis in seconds,
 * the area under their product shaded, y(t) up to t. frames >= 2 frames are
 * times: frame i shows t = t0 + i (t1 − t0) / (frames − 1) (ca_scene_time),
 * [t0, t1] being y's support (ca_integral_support) less any tail longer
 * than 2% of it where |y| stays under 1e-3 of its peak (an exponential's
 * or a Gaussian's long way to zero, which no pixel shows). The τ axis
 * holds x (its tails cut alike) and [t0, t1]; every panel's x limits are
 * in seconds.
 * Sampling follows the frame's width: each curve gets two points per pixel
 * column and every breakpoint, so the cost does not depend on how fine x
 * and h are. x and h must outlive the scene. The intro, the style and a
 * correlation do not apply. */
ca_status ca_scene_new_continuous(const ca_csignal *x, const ca_csignal *h, size_t frames,
                                  const ca_scene_options *opt, ca_scene **out, ca_error *err);

/* The frames: the intro's (CA_SCENE_INTRO_FRAMES with intro, else none),
 * then one per output sample of the mode: frame ca_scene_intro(sc) + n
 * shows output sample n. */
size_t ca_scene_frames(const ca_scene *sc);
size_t ca_scene_intro(const ca_scene *sc);

/* The time in seconds frame i shows, in continuous time; NAN for a
 * discrete scene or a frame it does not have. */
double ca_scene_time(const ca_scene *sc, size_t frame);

/* The caption frame i shows ("" in the stacked layout), as UTF-8. In
 * continuous time: "$t$ = 0.50 s     $y$($t$) = ∫ $x$($τ$) $h$($t$ − $τ$) d$τ$ = 0.6321",
 * with t to as many decimals as tell consecutive frames apart and y(t) to
 * four significant digits. */
void ca_scene_caption(ca_scene *sc, size_t frame, char *buf, size_t size);
const ca_palette *ca_scene_palette(const ca_scene *sc);

/* The first character of the scene's text that no installed font has (it
 * is drawn as a box), or 0: for a warning. */
uint32_t ca_scene_missing_char(const ca_scene *sc);

/* The index output sample n is drawn at on the x axis: from the sum of the
 * origins (a lag, for a correlation), as ca_conv_origin gives it. */
double ca_scene_x_of(const ca_scene *sc, size_t n);

/* What the title, labels and captions call f (i = 0), g (1) and the
 * output (2): the plain name a label gave it (see ca_scene_options'
 * labels), else $f$, $g$, $y$ ($x$, $h$, $y$ in continuous time). */
const char *ca_scene_name(const ca_scene *sc, int i);

/* The title as drawn (convanim/text.h's markup); valid while sc is. */
const char *ca_scene_title(const ca_scene *sc);

/* The output frame i shows: y[n] for the frame of output sample n, y(t)
 * at the frame's time in continuous time; NAN for an intro frame or a
 * frame the scene does not have. */
double ca_scene_value(const ca_scene *sc, size_t frame);

/* How many panels the frames show: 3, or 1 when one holds everything (the
 * overlay); and panel p's place, limits, label and style, p below that
 * count. The strings are valid while sc is. */
int ca_scene_panel_count(const ca_scene *sc);
ca_scene_panel ca_scene_panel_of(const ca_scene *sc, int p);

/* Draws frame i into `frame`, a canvas of the scene's
 * size and palette (not a view into a larger one). Outside *dirty, frame
 * must show the scene's background: for a new canvas, pass the whole frame
 * as *dirty; for a canvas drawn before, what that call left in *dirty. On
 * return *dirty holds what this call drew over the background, so two
 * frames drawn one after the other differ only inside the union of their
 * dirty rectangles. Frames may be drawn in any order. */
ca_status ca_scene_draw(ca_scene *sc, size_t i, const ca_canvas *frame, ca_rect *dirty,
                        ca_error *err);

#ifdef __cplusplus
}
#endif

#endif

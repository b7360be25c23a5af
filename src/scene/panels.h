#ifndef CONVANIM_SCENE_PANELS_H
#define CONVANIM_SCENE_PANELS_H

/* What every layout draws with: three panels stacked on one x axis under a
 * title, the signals and their stepper, the font, the palette, the still
 * background and the output drawn so far, and the helpers that draw into
 * them. It sits below the layouts and scene.c and calls neither.
 * Internal, not public.
 *
 *   title           as many lines as it has
 *   (caption)       a layout's caption row
 *   top panel
 *   middle panel
 *   output panel    the output up to the current sample
 *   x label
 */

#include <stdbool.h>
#include <stddef.h>

#include "convanim/conv.h"
#include "convanim/plot.h"
#include "convanim/scene.h"
#include "convanim/text.h"

/* Sizes at the reference frame of 960x640, scaled with the frame; text
 * sizes also by the font scale. */
#define PANELS_REF_W 960.0
#define PANELS_REF_H 640.0
#define PANELS_TITLE_PX 21.0
#define PANELS_LABEL_PX 18.0
#define PANELS_TICK_PX 14.0
#define PANELS_CAPTION_PX 17.0
#define PANELS_LINE_PX 2.2
#define PANELS_PAD_PX 10.0
#define PANELS_TICK_LEN_PX 5.0

/* Every text drawn into the background, and into the frame drawn last:
 * room for the title, x label, labels, the ticks of every panel and a
 * layout's few texts per frame. */
enum { PANELS_MAX_TEXTS = 2 + 2 * 3 + 3 * (CA_TICKS_MAX + 1) + CA_TICKS_MAX + 8 };

/* What a layout puts around its panels. Any of them may have several
 * lines. */
typedef struct panel_text {
    const char *title, *xlabel;
    const char *label[CA_PANELS];      /* each panel's y label ... */
    int label_colour[CA_PANELS];
    const char *label2[CA_PANELS];     /* ... and an optional second line under it */
    int label2_colour[CA_PANELS];
    bool caption;                      /* a caption row under the title */
    bool seconds;                      /* x is in seconds, not sample numbers */
    int panels;                        /* 1: one panel holds everything (all three rects
                                        * are the same); 0: three */
} panel_text;

typedef struct panels {
    ca_stepper *st;
    double *f, *g;
    size_t nf, ng;
    size_t steps, intro;         /* output samples; intro frames before them */
    size_t offset, full;         /* where output 0 sits in the full output; its length */
    bool correlate;
    bool stems_f, stems_g, stems_out, stems_prod;
    ca_font *font;
    ca_palette pal;
    int width, height;
    double scale;
    double font_scale;           /* text sizes times this, on top of scale */
    ca_rect panel[CA_PANELS];    /* the data areas, inside the spines */
    double x0, x1, ylo[CA_PANELS], yhi[CA_PANELS];
    double caption_y;            /* the caption's baseline, when there is a caption row */
    const double *frame_y;       /* continuous time: y at each frame's t; NULL in discrete */
    ca_canvas background;
    /* The output panel with output samples [0, sofar_end) drawn, a whole
     * number of pixel columns of them: a frame copies it from here and
     * draws only the column of its current sample, so the output costs a
     * column per frame instead of the whole curve. */
    ca_canvas sofar;
    size_t sofar_end;
    ca_canvas column;            /* scratch: sofar with the current column drawn */
    bool simplify_out;           /* more output samples than panel columns */
    bool out_area;               /* and stems so close that they are one area */
    double *xy;                  /* polyline scratch: 2 * (longest signal + 2) doubles */
    /* Where each text went (its advance box and its ink): the
     * background's first, then the last frame's from ntext_background
     * on; texts past PANELS_MAX_TEXTS are not kept. For the tests that
     * check that no text meets another or a panel. */
    ca_rect text_box[PANELS_MAX_TEXTS];
    size_t ntext, ntext_background;
} panels;

double panels_px(const panels *p, double ref);
/* How many panels show: one for a layout that puts everything in one. */
int panels_count(const panel_text *text);
/* A text size: ref_px scaled with the frame and by the font scale. */
double panels_text_px(const panels *p, double ref_px);
ca_axes panels_axes(const panels *p, const ca_canvas *c, int panel);

/* ax cut to its pixel columns [x, x + width), with the data limits of those
 * columns: a view that draws only there. */
ca_axes panels_cut(const ca_axes *ax, int x, int width);

/* The full output's index that output sample n is drawn at on the x axis. */
double panels_x_of(const panels *p, size_t n);

/* Draws text at panels_text_px(p, ref_px) as ca_text_draw does, and keeps
 * its box in p->text_box. */
ca_status panels_text(panels *p, const ca_canvas *c, double x, double y, const char *text,
                      double ref_px, int anchor, int colour, ca_error *err);

/* Whether text at ref_px fits across the frame, half a pad inside it. Text
 * that cannot be measured counts as fitting: drawing it says why. */
bool panels_fits(panels *p, const char *text, double ref_px);

/* One line of text centred at x on baseline y, moved to stay half a pad
 * inside the frame, and set smaller when it is wider than that: for text
 * made per frame, which cannot be refused. */
ca_status panels_text_fitted(panels *p, const ca_canvas *c, double x, double y,
                             const char *text, double ref_px, int colour, ca_error *err);

/* Moves *x, where text measured as m is centred, so that the text stays
 * half a pad inside the frame; CA_EINPUT naming what (the "title") when it
 * is wider than that. */
ca_status panels_fit_centre(const panels *p, const char *what, const ca_text_metrics *m,
                            double *x, ca_error *err);

/* A y range for the values of a and b (and zero, for stems to stand on),
 * with matplotlib's margins. */
void panels_range(const double *a, size_t na, const double *b, size_t nb, bool zero, double *lo,
                  double *hi);

/* v[i] at x = x_start + i * x_step: stems or a joined line. */
void panels_samples(const panels *p, const ca_axes *ax, const double *v, size_t n,
                    double x_start, double x_step, bool stems, int colour);

/* With the ranges and the output's length set: places the panels in a
 * frame of p->width x p->height around the text as measured (the title's
 * and x label's lines, the caption row, the y labels' column and heights,
 * the tick labels, which also set how many ticks there is room for), draws
 * into p->background the title, each panel's spines, grid, ticks and
 * labels, and the x label, and makes the output's canvases. Every layout
 * is placed by it; CA_EINPUT when the text leaves the panels no room. */
ca_status panels_build(panels *p, const panel_text *text, ca_error *err);

/* Frees what p holds (not p); for a zeroed p too. */
void panels_free(panels *p);

/* The output up to sample n, drawn from p->sofar onto frame c. */
void panels_output_curve(panels *p, const ca_canvas *c, size_t n);
/* Sample n's pixel column of the output (and the line into it) drawn again
 * onto the output panel of c: what goes back over a cursor. */
void panels_output_column(panels *p, const ca_canvas *c, size_t n);
/* The output's current point, y at sample n. */
void panels_output_point(const panels *p, const ca_canvas *c, size_t n, double y);

#endif

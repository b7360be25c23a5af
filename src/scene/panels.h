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
/* What text keeps from the frame's edges at the least, in pixels whatever
 * the frame's size. */
#define PANELS_EDGE_PX 3.0

/* Every text drawn into the background, and into the frame drawn last:
 * room for the title, x label, labels, the ticks of every panel, a second
 * scale and a layout's few texts per frame. */
enum { PANELS_MAX_TEXTS = 2 + 2 * 3 + 3 * (CA_TICKS_MAX + 1) + CA_TICKS_MAX + 2 +
                          CA_TICKS_MAX + 8 };

/* How many texts a layout may make from the signals' names. */
enum { PANELS_MADE = 6 };

/* What a layout puts around its panels. Any of them may have several
 * lines. */
typedef struct panel_text {
    const char *title, *xlabel;
    const char *label[CA_PANELS];      /* each panel's y label ... */
    int label_colour[CA_PANELS];
    const char *label2[CA_PANELS];     /* ... and an optional second line under it */
    int label2_colour[CA_PANELS];
    /* the label of a panel's second scale (panels.right), on the right,
     * its ticks in the same colour */
    const char *label_right[CA_PANELS];
    int label_right_colour[CA_PANELS];
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
    long f_origin, g_origin;     /* the indices f[0] and g[0] stand at */
    size_t f_pad, g_pad;         /* how many samples at each end of f and g are padding */
    long out_origin;             /* the index (the lag, for a correlation) of output 0 */
    double *full_out;            /* the full output when the mode keeps part of it, else NULL */
    bool correlate;
    bool stems_f, stems_g, stems_out, stems_prod;
    ca_font *font;
    ca_palette pal;
    int width, height;
    double scale;
    double font_scale;           /* text sizes times this, on top of scale */
    ca_rect panel[CA_PANELS];    /* the data areas, inside the spines */
    double x0, x1, ylo[CA_PANELS], yhi[CA_PANELS];
    /* A panel that shows two signals of very different size gives the
     * second its own scale, on the right, rather than flattening it. */
    bool right[CA_PANELS];
    double y2lo[CA_PANELS], y2hi[CA_PANELS];
    double caption_y;            /* the caption's baseline, when there is a caption row */
    char *title;                 /* the title as drawn: on two lines when one was too wide */
    double title_px;             /* its size, smaller than the layout's when still too wide */
    const double *frame_y;       /* continuous time: y at each frame's t; NULL in discrete */
    /* f, g and the output as the title, the labels and the captions name
     * them: each label given that is a plain name, else "$f$", "$g$",
     * "$y$"; and room for the texts made from them */
    const char *name[CA_PANELS];
    char made[PANELS_MADE][256];
    ca_canvas background;
    /* The output panel with output samples [0, sofar_end) drawn, a whole
     * number of pixel columns of them: a frame copies it from here and
     * draws only the column of its current sample, so the output costs a
     * column per frame instead of the whole curve. */
    ca_canvas sofar;
    size_t sofar_end;
    size_t out_lo, out_hi;       /* the output samples animated, from the first; the
                                  * rest is context, in grey */
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

/* Sets p->name from the labels given (NULL: none): a label on one line
 * with no index of its own ("$x$", "h", "$y_1$", not "$x[n]$" or
 * "x(t)") is a name, and the title, the panels and the captions use it;
 * any other is shown as given on its own panel only. */
void panels_names(panels *p, const char *const labels[CA_PANELS]);

/* Text i (< PANELS_MADE) printed from fmt into p->made[i], for a title or
 * label made from the names; valid while p is. */
const char *panels_make(panels *p, int i, const char *fmt, ...);

/* The label given for signal i when it is one (NULL otherwise), else
 * what fmt makes of its name, into p->made[slot]. */
const char *panels_label(panels *p, const char *given, int slot, const char *fmt, ...);
/* A text size: ref_px scaled with the frame and by the font scale. */
double panels_text_px(const panels *p, double ref_px);
ca_axes panels_axes(const panels *p, const ca_canvas *c, int panel);
/* The same with the panel's second scale, when it has one (else its first). */
ca_axes panels_axes_right(const panels *p, const ca_canvas *c, int panel);

/* Moves panel i's two y ranges apart so that their zeros stand at the same
 * height, each still holding what it held: two scales, one zero line. */
void panels_align_zero(panels *p, int i);

/* A signal's size: its largest magnitude. */
double panels_largest(const double *v, size_t n);

/* Whether two signals' sizes (their largest magnitudes) differ so much
 * that one panel for both would flatten the smaller: a factor over 10. */
bool panels_apart(const double *a, size_t na, const double *b, size_t nb);

/* ax cut to its pixel columns [x, x + width), with the data limits of those
 * columns: a view that draws only there. */
ca_axes panels_cut(const ca_axes *ax, int x, int width);

/* The index (or lag) output sample n stands at on the x axis. */
double panels_x_of(const panels *p, size_t n);
/* Where sample 0 of the full output stands: the kept samples line up
 * with it. */
double panels_full_x(const panels *p);

/* x0 and x1: f's samples and the full output's, with a sample's margin
 * each side, and [lo, hi] too (lo > hi: nothing more). */
void panels_x_range(panels *p, double lo, double hi);

/* [lo, hi]: every index g's samples stand at as it slides over the
 * steps, for panels_x_range, so that a sliding g is never cut off. */
void panels_g_visits(const panels *p, double *lo, double *hi);

/* A discrete caption's start, "n = t     y[t] = ", into buf: t the true
 * index on the axis (a lag, for a correlation), followed by "(output n)",
 * the sample of the mode's array, when the two differ. */
void panels_caption_head(const panels *p, long t, size_t n, char *buf, size_t size);

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

/* A y range for the values of a and b and 0, with matplotlib's margins:
 * a signal panel always shows its zero, since a signal is its height above
 * it. */
void panels_range(const double *a, size_t na, const double *b, size_t nb, double *lo,
                  double *hi);

/* v[i] at x = x_start + i * x_step: stems or a joined line. */
void panels_samples(const panels *p, const ca_axes *ax, const double *v, size_t n,
                    double x_start, double x_step, bool stems, int colour);
/* The same for a signal whose first and last `pad` samples are padding:
 * those in grey (a line's grey parts reach the signal's first and last
 * samples, so the curve stays whole), the rest, zeros included, in
 * colour. */
void panels_signal(const panels *p, const ca_axes *ax, const double *v, size_t n, size_t pad,
                   double x_start, double x_step, bool stems, int colour);
/* What the mode discards of the full output, in grey, on the output
 * panel ax: nothing in full mode. */
void panels_discarded(const panels *p, const ca_axes *ax);
/* The full output. */
const double *panels_full_output(const panels *p);

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

/* The output samples before p->out_lo and after p->out_hi, in grey, into
 * the background: the context of a range of steps. */
void panels_output_context(panels *p);

/* The output from p->out_lo up to sample n, drawn from p->sofar onto
 * frame c. */
void panels_output_curve(panels *p, const ca_canvas *c, size_t n);
/* Sample n's pixel column of the output (and the line into it) drawn again
 * onto the output panel of c: what goes back over a cursor. */
void panels_output_column(panels *p, const ca_canvas *c, size_t n);
/* The output's current point, y at sample n. */
void panels_output_point(const panels *p, const ca_canvas *c, size_t n, double y);

#endif

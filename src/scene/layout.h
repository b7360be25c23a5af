#ifndef CONVANIM_SCENE_LAYOUT_H
#define CONVANIM_SCENE_LAYOUT_H

/* The scene's insides, shared by its files: scene.c builds what every
 * layout has (palette, title, panels with their axes, the output so far)
 * and dispatches; stacked.c and product.c draw what differs.
 * Internal, not public. */

#include <stdbool.h>
#include <stddef.h>

#include "convanim/plot.h"
#include "convanim/scene.h"
#include "convanim/text.h"

/* Sizes at the reference frame of 960x640, scaled with the frame. */
#define SCENE_REF_W 960.0
#define SCENE_REF_H 640.0
#define SCENE_TITLE_PX 21.0
#define SCENE_LABEL_PX 18.0
#define SCENE_TICK_PX 14.0
#define SCENE_CAPTION_PX 17.0
#define SCENE_LINE_PX 2.2
#define SCENE_PAD_PX 10.0
#define SCENE_TICK_LEN_PX 5.0

/* What a layout puts around its panels. */
typedef struct scene_text {
    const char *title, *xlabel;
    const char *label[CA_PANELS];      /* each panel's y label ... */
    int label_colour[CA_PANELS];
    const char *label2[CA_PANELS];     /* ... and an optional second line under it */
    int label2_colour[CA_PANELS];
    bool caption;                      /* a caption row under the title */
} scene_text;

struct ca_scene {
    ca_layout layout;
    ca_stepper *st;
    double *f, *g;
    size_t nf, ng;
    size_t steps, intro;         /* output samples; intro frames before them */
    size_t offset, full;         /* where output 0 sits in the full output; its length */
    bool correlate;
    bool stems_f, stems_g, stems_out, stems_prod;
    double *full_out;            /* the full output, for what a mode discards (product) */
    ca_font *font;
    ca_palette pal;
    int width, height;
    double scale;
    ca_rect panel[CA_PANELS];    /* the data areas, inside the spines */
    double x0, x1, ylo[CA_PANELS], yhi[CA_PANELS];
    double caption_y;            /* the caption's baseline (product) */
    char g_label[64];            /* "g[k−n+M−1]" for a correlation (product) */
    ca_canvas background;
    /* The output panel with the output drawn up to sample sofar_n
     * (SIZE_MAX: none yet): a frame copies it from here, so drawing it
     * costs a segment or a stem per frame instead of the whole curve. */
    ca_canvas sofar;
    size_t sofar_n;
    double *xy;                  /* polyline scratch: 2 * (longest signal + 2) doubles */
};

double scene_px(const ca_scene *sc, double ref);
ca_axes scene_axes(const ca_scene *sc, const ca_canvas *c, int panel);
ca_status scene_text_draw(ca_scene *sc, const ca_canvas *c, double x, double y, const char *text,
                          double ref_px, int anchor, int colour, ca_error *err);

/* A y range for the values of a and b (and zero, for stems to stand on),
 * with matplotlib's margins. */
void scene_range(const double *a, size_t na, const double *b, size_t nb, bool zero, double *lo,
                 double *hi);

/* v[i] at x = x_start + i * x_step: stems or a joined line. */
void scene_samples(const ca_scene *sc, const ca_axes *ax, const double *v, size_t n,
                   double x_start, double x_step, bool stems, int colour);

/* The output up to sample n, from sc->sofar; and its current point. */
void scene_output_curve(ca_scene *sc, const ca_canvas *c, size_t n);
void scene_output_point(ca_scene *sc, const ca_canvas *c, size_t n, double y);

/* The layouts: ranges and text, the still parts, and a frame's moving ones. */
void seed_setup(ca_scene *sc, const ca_scene_options *opt, scene_text *text);
void seed_background(ca_scene *sc);
void seed_draw(ca_scene *sc, size_t n, const ca_canvas *c);

ca_status product_setup(ca_scene *sc, const ca_scene_options *opt, scene_text *text,
                        ca_error *err);
void product_background(ca_scene *sc);
ca_status product_draw(ca_scene *sc, size_t frame, const ca_canvas *c, ca_error *err);
void product_caption(ca_scene *sc, size_t frame, char *buf, size_t size);

#endif

#ifndef CONVANIM_SCENE_LAYOUT_H
#define CONVANIM_SCENE_LAYOUT_H

/* The layout interface: what a frame shows in the three panels. Each layout
 * fills one scene_layout in its own file and draws with panels.h only (and,
 * in continuous time, ctime.h, below it too);
 * scene.c builds what every layout shares and calls a layout through its
 * table entry. Adding a layout adds its file, its line in the list in
 * layouts.c (which the name lookup reads too) and its ca_layout value.
 * Internal, not public. */

#include <stdbool.h>
#include <stddef.h>

#include "scene/panels.h"

/* What a continuous-time layout shows: y = x * h, at frames times. */
typedef struct scene_times {
    const ca_csignal *x, *h;
    size_t frames;
} scene_times;

typedef struct scene_layout {
    const char *name;               /* the name users give it */
    /* its colours: ids 0 .. colours - 1, and which of them is
     * anti-aliased over which (all its palette holds besides them) */
    int colours;
    const int (*ramps)[2];
    size_t nramps;
    ca_style style;                 /* what CA_STYLE_DEFAULT means for it */
    bool intro;                     /* it can show g being flipped first */
    /* Each panel's signal, by colour (CA_SCENE_F, _G, _PROD, _OUT): its
     * style is the panel's; 0 for a panel of lines whatever the style. */
    int shows[CA_PANELS];
    /* Sets p's x range, y ranges and intro, and text; may keep its own
     * state in *state (NULL if none), which free releases. */
    ca_status (*setup)(panels *p, const ca_scene_options *opt, panel_text *text, void **state,
                       ca_error *err);
    /* The same in continuous time, for a layout that has it (else NULL):
     * p holds no signals nor stepper, and p->steps is set to the frames. */
    ca_status (*setup_continuous)(panels *p, const scene_times *in, const ca_scene_options *opt,
                                  panel_text *text, void **state, ca_error *err);
    /* Draws what never moves inside the panels into p->background. */
    void (*background)(panels *p, void *state);
    /* Draws what frame i shows over the background, in c. */
    ca_status (*draw)(panels *p, void *state, size_t frame, const ca_canvas *c, ca_error *err);
    /* Frame i's caption into buf; NULL: none. */
    void (*caption)(panels *p, void *state, size_t frame, char *buf, size_t size);
    /* Frame i's time in seconds, in continuous time; NULL otherwise. */
    double (*time)(void *state, size_t frame);
    void (*free)(void *state);      /* NULL when setup keeps no state */
} scene_layout;

extern const scene_layout scene_stacked, scene_product, scene_overlay;
extern const scene_layout scene_ctime_seed, scene_ctime_product;

/* The layout of a ca_layout, in discrete or continuous time. */
const scene_layout *scene_layout_of(ca_layout layout);
const scene_layout *scene_continuous_layout_of(ca_layout layout);

#endif

#ifndef CONVANIM_ANIM_DESCRIBE_H
#define CONVANIM_ANIM_DESCRIBE_H

/* The description of an animation's frames as JSON (ca_anim_describe
 * says what it holds), from the scene and the timeline alone: no pixel is
 * drawn. Internal, not public. */

#include <stdbool.h>

#include "convanim/anim.h"
#include "convanim/sink.h"

/* What the scene does not say about itself. */
typedef struct anim_about {
    int width, height;
    ca_conv_mode mode;
    bool correlate;
    ca_layout layout;
} anim_about;

/* Writes the description of the frames of t, which show sc, to out. The
 * scene must not be drawing meanwhile. */
ca_status anim_describe_write(const anim_about *a, ca_scene *sc, const ca_timeline *t,
                              ca_sink *out, ca_error *err);

#endif

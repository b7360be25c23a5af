#ifndef CONVANIM_SCENE_HOOKS_H
#define CONVANIM_SCENE_HOOKS_H

/* What tests/test_scene.c reads of a scene beyond its public interface.
 * Internal, not public. */

#include "convanim/canvas.h"
#include "convanim/scene.h"

/* Where the scene's texts went: the background's, then those of the frame
 * drawn last; each box holds its text's advance box and its ink. */
size_t scene_text_boxes(const ca_scene *sc, const ca_rect **boxes);

#endif

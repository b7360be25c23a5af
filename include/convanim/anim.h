#ifndef CONVANIM_ANIM_H
#define CONVANIM_ANIM_H

/* The sliding animation from signals to files: a scene drawn frame by frame
 * and streamed into a GIF, with an optional PNG poster (the last frame) and
 * PNG frame sequence. The caller drives the loop, one ca_anim_next per frame,
 * so it can show progress; nothing here prints. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "convanim/conv.h"
#include "convanim/error.h"
#include "convanim/scene.h"

/* GIF stores delays in centiseconds in 16 bits. */
#define CA_ANIM_MAX_DELAY_MS 655350

/* What one animation may cost, checked by ca_anim_open before anything is
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

typedef struct ca_anim_options {
    ca_scene_options scene;
    int delay_ms;             /* per frame, 0..CA_ANIM_MAX_DELAY_MS, rounded to 10 ms */
    int hold_ms;              /* how long the last frame stays (at least delay_ms) */
    int loop;                 /* plays in the NETSCAPE2.0 extension; 0: forever */
    size_t max_frames;        /* 0: one frame per output sample; else at most this many
                               * sliding frames (the intro's come on top) */
    const size_t *pause_at;   /* npause output samples whose frames stay pause_ms */
    size_t npause;
    int pause_ms;             /* at least the delay; default 1000 */
    int threads;              /* 0: 2 on a machine with a second core, else 1; 1: draw and
                               * encode in turn; 2 or more: draw beside the encoding.
                               * The file is the same whatever the count. */
    const char *f_name;       /* what f and g are, for the GIF's description (its */
    const char *g_name;       /* comment, see meta.h): NULL says "f", "g" */
    const char *gif;          /* the output */
    const char *poster;       /* NULL, or a PNG path for the last frame */
    const char *frames_dir;   /* NULL, or an existing folder for frame_NNNN.png */
    const char *html;         /* NULL, or a file for the GIF's <figure> (see web.h),
                               * written once the GIF and poster are in place */
} ca_anim_options;

/* 960x640 (the notebook's 3:2 at a size course pages show whole), light,
 * 40 ms per frame (the notebook's interval), the last held 1 s, looping. */
void ca_anim_options_default(ca_anim_options *opt);

/* Checks what it can of opt before any signal is loaded: the delays, the
 * loop and thread counts, the size, the font file, that the GIF and the
 * poster can be written (and are not one file) and the frames folder
 * exists and can be written. Creates nothing, so a caller can refuse bad
 * options before reading its inputs or making folders. opt->gif may still
 * be NULL, and is then not checked: `convanim preset` creates the folder of
 * its default GIF only once everything else passed. */
ca_status ca_anim_check(const ca_anim_options *opt, ca_error *err);

typedef struct ca_anim ca_anim;

/* Checks the options as ca_anim_check does (opt->gif must be set), builds
 * the scene and opens the GIF (a temporary next to opt->gif until
 * ca_anim_finish). The option strings must outlive it. */
ca_status ca_anim_open(const double *f, size_t nf, const double *g, size_t ng,
                       ca_conv_mode mode, bool correlate, const ca_anim_options *opt,
                       ca_anim **out, ca_error *err);

/* The number of frames the GIF gets: every output sample, or max_frames of
 * them evenly spread, the last always kept. */
size_t ca_anim_frames(const ca_anim *a);

/* The first character of the title or labels that no installed font has
 * (it is drawn as a box), or 0: for a warning. */
uint32_t ca_anim_missing_char(const ca_anim *a);

/* Draws and writes the next frame. After a failure every later call, and
 * ca_anim_finish, returns the same error: no frame is written twice. */
ca_status ca_anim_next(ca_anim *a, ca_error *err);

/* After the last frame: writes the poster, puts the GIF in place, then the
 * poster, and frees a. On failure the GIF and the poster paths keep what
 * they had; only a failure of the poster's last step, its rename, leaves
 * the new GIF beside the old poster. */
ca_status ca_anim_finish(ca_anim *a, ca_error *err);

/* Drops an unfinished animation: the GIF path keeps what it had. NULL ok. */
void ca_anim_abort(ca_anim *a);

/* The notebook's two examples, by name. */
typedef struct ca_preset {
    const char *name;
    const char *f, *g;        /* signal specs */
    const char *about;
} ca_preset;

/* The presets, and how many there are. */
const ca_preset *ca_presets(size_t *count);

/* The preset called name; CA_EINPUT listing the valid names otherwise,
 * also for a NULL name (none given). */
ca_status ca_preset_find(const char *name, const ca_preset **out, ca_error *err);

#endif

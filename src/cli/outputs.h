#ifndef CONVANIM_CLI_OUTPUTS_H
#define CONVANIM_CLI_OUTPUTS_H

/* The files an animation command writes: the animation (a GIF, a WebP, a
 * WebM or an MP4, by its extension), and beside it, when asked for, a
 * poster (the last frame as a PNG or a WebP), every frame as a PNG in a
 * folder, a contact sheet (a PNG), the HTML that shows the animation, and
 * the description of every frame as JSON (ca_anim_describe,
 * ca_slide2d_describe). Their paths
 * are checked before any work; the animation carries its description
 * (meta.h) for embed and gallery; the poster, the JSON and the HTML are put
 * in place after the animation, so a failure before the animation's rename
 * leaves every path as it was. */

#include <stdbool.h>
#include <stddef.h>

#include "convanim/anim.h"
#include "convanim/canvas.h"
#include "convanim/error.h"
#include "convanim/meta.h"
#include "convanim/slide2d.h"
#include "convanim/writer.h"
#include "frames.h"

typedef struct cli_outputs {
    const char *anim;     /* the animation; NULL while still undecided */
    const char *poster;   /* NULL, or the last frame as a PNG or a WebP */
    const char *frames;   /* NULL, or an existing folder for frame_NNNN.png */
    const char *html;     /* NULL, or a file for the animation's <figure> (web.h) */
    const char *describe; /* NULL, or a file for the frames' JSON description */
    const char *sheet;    /* NULL, or a PNG for the contact sheet (sheet.h) */
    size_t sheet_cells;   /* the frames it shows */
    const char *narrow;   /* NULL, or the narrow rendering (a GIF drawn before), which
                           * the description names for the pages */
} cli_outputs;

/* Fails as writing each path would (a missing folder, a folder where the
 * file goes, ...), or with CA_EINPUT when the animation's or the poster's
 * extension names no format this writes, or when one would overwrite
 * another or an input, creating nothing. o->anim NULL is skipped: cli_outputs_check_anim checks
 * it, and what could clash with it, once it is decided. */
ca_status cli_outputs_check(const cli_outputs *o, ca_error *err);
ca_status cli_outputs_check_anim(const cli_outputs *o, ca_error *err);

/* What the animation's writer would refuse of the frames, checked before
 * it opens (and so before FFmpeg is loaded): a frame size (a video's sides
 * are even), and the delays of t's frames (a WebP's or a video's last at
 * least 1 ms). CA_OK while the animation's path is undecided or names no
 * format (cli_outputs_check says so). */
ca_status cli_outputs_check_size(const cli_outputs *o, int width, int height, ca_error *err);
ca_status cli_outputs_check_delays(const cli_outputs *o, const ca_timeline *t, ca_error *err);

/* What the contact sheet would refuse of frames frames of width x height
 * (a sheet too large), checked before they are drawn; CA_OK without one. */
ca_status cli_outputs_check_sheet(const cli_outputs *o, int width, int height, size_t frames,
                                  ca_error *err);

/* The outputs being written: the animation's writer first, then the frame
 * PNGs' and the contact sheet's when asked for, to hand every frame to in
 * turn. */
typedef struct cli_writers {
    const cli_outputs *paths;
    ca_frame_writer w[3];
    size_t count;          /* writers open in w */
    cli_frames frames;     /* the frame PNGs, when asked for */
    ca_file_sink *describe;  /* the JSON, written and made ready, when asked for */
    ca_memory page_json;     /* the JSON again for the HTML page's player, when asked for */
} cli_writers;

/* Opens the writers for m->frames frames of m->width x m->height pixels in
 * pal, the animation playing loop times (0: forever) and described by m
 * (its poster filled in here). */
ca_status cli_writers_open(cli_writers *ws, const cli_outputs *o, const ca_palette *pal,
                           int loop, const ca_meta *m, ca_error *err);

/* Writes a's description to its temporary and makes it ready, when asked
 * for; it is put in place by cli_writers_finish. Keeps it in memory too
 * for the HTML page, when asked for. */
ca_status cli_writers_describe(cli_writers *ws, ca_anim *a, ca_error *err);

/* The same for a 2D animation (ca_slide2d_describe). */
ca_status cli_writers_describe2d(cli_writers *ws, ca_slide2d *sl, ca_error *err);

/* Adds the contact sheet's writer to ws, opened on it: the frames of t,
 * described by m, in pal, labelled in the font at font_path (NULL: the
 * default). Fails as ca_font_open and ca_sheet_open_file do. */
ca_status cli_writers_add_sheet(cli_writers *ws, const ca_palette *pal, const ca_timeline *t,
                                const ca_meta *m, const char *font_path, ca_error *err);

/* After the last frame: writes the poster of `last`, puts the animation in
 * place, then the poster and the description, then writes the HTML. Only
 * the renames after the animation's and the HTML can fail once the
 * animation is in place. */
ca_status cli_writers_finish(cli_writers *ws, const ca_canvas *last, ca_error *err);

/* What draws the frames: next hands the next one to the n writers w (as
 * ca_anim_next does), last gives the last once all are handed on. */
typedef struct cli_frame_source {
    void *ctx;
    ca_status (*next)(void *ctx, const ca_frame_writer *w, size_t n, ca_error *err);
    const ca_canvas *(*last)(void *ctx);
} cli_frame_source;

/* Hands total frames from src to ws's writers, with a progress bar for
 * path on a terminal unless quiet; a caught signal stops the run between
 * two frames and drops the outputs. Then finishes the writers, and with
 * beamer prints the frames' \animategraphics line for loop. Returns the
 * command's exit status, the failure reported. */
int cli_writers_run(cli_writers *ws, const cli_frame_source *src, size_t total,
                    const char *path, bool quiet, bool beamer, int loop);

/* Drops the unfinished outputs: the animation's path and the frames'
 * folder keep what they had. Harmless after finish. */
void cli_writers_abort(cli_writers *ws);

#endif

#ifndef CONVANIM_GIF_H
#define CONVANIM_GIF_H

#ifdef __cplusplus
extern "C" {
#endif

/* A streaming animated-GIF writer on giflib.
 *
 * Frames are indexed pixels in one fixed palette (the global colour table).
 * Each frame is compared with the previous one and only the rectangle that
 * changed is encoded; inside it, each pixel that did not change may be
 * written as its colour or as a transparent index, whichever compresses
 * better. Memory is a copy of the previous frame, two compressors' tables
 * (some 4 MB) and room for a frame compressed two ways, whatever the frame
 * count.
 *
 * The bytes go to a sink (sink.h): a file, replaced atomically, or memory.
 * After a failure every later call returns the same error. */

#include <stddef.h>
#include <stdint.h>

#include "convanim/canvas.h"
#include "convanim/error.h"
#include "convanim/sink.h"
#include "convanim/writer.h"

typedef struct ca_gif ca_gif;

/* Starts a width x height GIF, written to sink (copied; its context must
 * outlive g), whose colours are pal's first pal->count entries
 * (pal->count < 256: one index stays free for transparency). loop is the
 * NETSCAPE2.0 loop count, 0 = forever, at most 65535. Messages name the
 * output as sink->name does. */
ca_status ca_gif_open(const ca_sink *sink, int width, int height, const ca_palette *pal,
                      int loop, ca_gif **out, ca_error *err);

/* The same into a file sink on path that ca_gif_close commits and
 * ca_gif_abort drops, so the target appears complete or not at all.
 * CA_EINPUT when the target's folder does not exist or cannot be written. */
ca_status ca_gif_open_file(const char *path, int width, int height, const ca_palette *pal,
                           int loop, ca_gif **out, ca_error *err);

/* Adds a frame shown for delay_cs hundredths of a second (0..65535).
 * `changed`, when not NULL, promises that no pixel outside it differs from
 * the previous frame (ignored for the first frame). */
ca_status ca_gif_add_frame(ca_gif *g, const uint8_t *pixels, ptrdiff_t stride, int delay_cs,
                           const ca_rect *changed, ca_error *err);

/* Adds a comment extension (text, 1 to CA_GIF_MAX_COMMENT bytes): where
 * convanim keeps what an animation shows, for embed and gallery. */
enum { CA_GIF_MAX_COMMENT = 4096 };
ca_status ca_gif_comment(ca_gif *g, const char *text, ca_error *err);

/* Writes the GIF's last bytes to the sink (and for ca_gif_open_file puts
 * the file in place) and frees g. On failure g is freed too; a file's
 * target keeps what it had and nothing is left behind. */
ca_status ca_gif_close(ca_gif *g, ca_error *err);

/* Drops an unfinished GIF (ca_gif_open_file's target keeps what it had);
 * what went to a sink stays the sink owner's. NULL ok. */
void ca_gif_abort(ca_gif *g);

/* g as a frame writer (writer.h): add is ca_gif_add_frame, with the delay
 * rounded to the nearest hundredth of a second (0 to 655354 ms) and the
 * frame's size checked against the GIF's; finish is ca_gif_close, abort
 * ca_gif_abort. */
ca_frame_writer ca_gif_writer(ca_gif *g);

#ifdef __cplusplus
}
#endif

#endif

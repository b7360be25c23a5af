#ifndef CONVANIM_WEBP_H
#define CONVANIM_WEBP_H

/* Lossless animated WebP through libwebp's WebPAnimEncoder, on a sink.
 *
 * Every frame is kept exactly (lossless, the palette's colours as they
 * are), with its own duration in milliseconds, so a decoder shows the
 * pixels and the timing the GIF of the same frames shows. libwebp finds
 * the part of each frame that changed and encodes only that; the whole
 * file is assembled at finish and only then written to the sink, in one
 * piece. After a failure every later call returns the same error. */

#include "convanim/canvas.h"
#include "convanim/error.h"
#include "convanim/sink.h"
#include "convanim/writer.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ca_webp ca_webp;

/* Starts a width x height animation (1..16383 on each side) in pal's
 * colours, played loop times (0: forever, at most 65535), whose bytes go
 * to *sink at finish (the sink is copied; its context must live until
 * then). CA_EINPUT for a size, palette or loop out of range; CA_ENOMEM. */
ca_status ca_webp_open(const ca_sink *sink, int width, int height, const ca_palette *pal,
                       int loop, ca_webp **out, ca_error *err);

/* w as a frame writer (writer.h). add takes a frame of the size and
 * palette it was opened with, shown for 1..CA_ANIM_MAX_DELAY_MS ms (a
 * WebP frame cannot last 0 ms); finish assembles the file, writes it to
 * the sink and frees w (the sink itself, a file say, is the caller's to
 * put in place); abort frees w, having written nothing. */
ca_frame_writer ca_webp_writer(ca_webp *w);

/* Writes frame as a lossless still WebP to *sink: the poster. CA_EINPUT for
 * a frame too large for WebP; the sink's error when a write comes short. */
ca_status ca_webp_write_still(const ca_sink *sink, const ca_canvas *frame, ca_error *err);

#ifdef __cplusplus
}
#endif

#endif

#ifndef CONVANIM_VIDEO_H
#define CONVANIM_VIDEO_H

/* Video through FFmpeg's libraries, on a sink: VP9 in WebM, H.264 in MP4.
 *
 * Each frame is encoded once, stamped with the time it starts and lasting
 * its own delay in milliseconds (variable frame rate), so the video plays
 * every delay, pause and hold as given and has as many frames as were
 * added. The palette's colours are converted to 4:2:0 YUV (BT.601, the
 * TV range, as every browser plays it) once per colour, not per pixel.
 *
 * The container is written to memory and handed to the sink in one piece
 * at finish: both muxers then go back to write their index (the MP4's
 * moov, the WebM's cues and duration), which a player seeking to a step
 * needs and which a write-only sink could not take. The memory is the
 * compressed video's size, a fraction of the GIF's.
 *
 * FFmpeg's libraries (libavcodec, libavformat, libavutil) are loaded
 * when the first writer opens, and stay: a program that writes no video
 * neither links nor loads them. They print nothing: opening a
 * writer routes their log nowhere, for the whole process. After a failure
 * every later call returns the same error. */

#include "convanim/canvas.h"
#include "convanim/error.h"
#include "convanim/sink.h"
#include "convanim/writer.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ca_video_format {
    CA_VIDEO_WEBM,    /* VP9 in WebM */
    CA_VIDEO_MP4      /* H.264 (High profile, 4:2:0) in MP4 */
} ca_video_format;

typedef struct ca_video ca_video;

/* Starts a width x height video (even sizes, 16..8192 on each side) in
 * pal's colours whose bytes go to *sink at finish (the sink is copied; its
 * context must live until then). Video has no loop count: a player's loop
 * attribute decides. CA_EINPUT for a size or palette out of range; CA_EIO
 * when FFmpeg's libraries cannot be loaded, lack the encoder or muxer, or
 * fail; CA_ENOMEM. FFmpeg logs to the process's stderr unless told not to,
 * and its log callback is the process's, not a context's: so that the
 * library never prints, opening a video sets that callback to one that
 * drops every message, for the whole process (a program that wants
 * FFmpeg's log sets its own after). */
ca_status ca_video_open(const ca_sink *sink, ca_video_format format, int width, int height,
                        const ca_palette *pal, ca_video **out, ca_error *err);

/* What ca_video_open refuses of a size, without opening anything, so that
 * a caller can refuse it before it draws: CA_EINPUT for a size it does not
 * take. A frame's delay is checked by ca_writer_check_delay (writer.h). */
ca_status ca_video_check_size(ca_video_format format, int width, int height, ca_error *err);

/* v as a frame writer (writer.h). add takes a frame of the size and palette
 * it was opened with, shown for 1..CA_ANIM_MAX_DELAY_MS ms (a video frame
 * cannot last 0 ms; `changed` is not needed); finish flushes the encoder,
 * completes the container, writes it to the sink and frees v (the sink
 * itself, a file say, is the caller's to put in place); abort frees v,
 * having written nothing. */
ca_frame_writer ca_video_writer(ca_video *v);

#ifdef __cplusplus
}
#endif

#endif

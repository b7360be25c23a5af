#ifndef CONVANIM_WRITER_H
#define CONVANIM_WRITER_H

#ifdef __cplusplus
extern "C" {
#endif

/* The one interface every animation writer fills (the GIF's now; WebP and
 * video later), so the animation core hands its frames on without knowing
 * the format: a table of three functions over the writer's own state. The
 * writer is opened by its own call (ca_gif_open, say) with the frame size
 * and palette; whoever opened it calls finish or abort, exactly once, and
 * the writer is released then. */

#include "convanim/canvas.h"
#include "convanim/error.h"

typedef struct ca_frame_writer {
    void *ctx;   /* the writer's state, passed to each function */

    /* Adds frame, shown for delay_ms milliseconds. frame has the size and
     * palette the writer was opened with and is only read during the call.
     * changed, when not NULL, promises that no pixel outside it differs
     * from the frame added before (ignored for the first frame). After a
     * failure every later call returns the same error. */
    ca_status (*add)(void *ctx, const ca_canvas *frame, int delay_ms, const ca_rect *changed,
                     ca_error *err);

    /* Completes the output: its last bytes go to the sink, and a writer
     * opened on a file puts the file in place (on failure the file keeps
     * what it had). Either way the writer is released. */
    ca_status (*finish)(void *ctx, ca_error *err);

    /* Drops an unfinished output, which keeps what it had, and releases
     * the writer. */
    void (*abort)(void *ctx);
} ca_frame_writer;

/* What a writer of a format whose frames cannot last 0 ms (WebP, video)
 * refuses of a frame's delay, without a writer, so that a caller can
 * refuse it before opening one: CA_EINPUT for a delay of frame (counted
 * from 1) outside 1..CA_ANIM_MAX_DELAY_MS, naming format. */
ca_status ca_writer_check_delay(const char *format, unsigned long frame, int delay_ms,
                                ca_error *err);

#ifdef __cplusplus
}
#endif

#endif

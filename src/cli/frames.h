#ifndef CONVANIM_CLI_FRAMES_H
#define CONVANIM_CLI_FRAMES_H

/* Every frame as DIR/frame_NNNN.png (--frames DIR), written so that the
 * folder never mixes two renders: the frames go into a new hidden folder
 * inside DIR, `.frames.XXXXXX`, and are moved in beside the old ones only
 * once every frame was written; a run that fails or is stopped removes
 * them instead. A path in the way (a folder named frame_0005.png, say) is
 * found before the first frame is written. A symbolic link among the old
 * frames is replaced by the new frame, not written through. */

#include <stddef.h>

#include "convanim/error.h"
#include "convanim/writer.h"

typedef struct cli_frames {
    const char *dir;
    char *stage;      /* the hidden folder, while it exists */
    size_t frames;    /* how many the animation has */
    size_t next;      /* the next frame's number: frames below it are staged */
    int digits;       /* in each frame's number */
} cli_frames;

/* Checks every path the frames will take in dir (a folder, or anything but
 * a regular file or a link to one, is refused with CA_EINPUT naming it),
 * then makes the hidden folder. CA_EIO when the system fails. On failure
 * nothing is left and cli_frames_abort is harmless. */
ca_status cli_frames_open(cli_frames *f, const char *dir, size_t frames, ca_error *err);

/* The frames as a frame writer: add stages a frame, finish moves them all
 * in, abort removes what was staged. */
ca_frame_writer cli_frames_writer(cli_frames *f);

/* Removes what was staged and the hidden folder. */
void cli_frames_abort(cli_frames *f);

#endif

#ifndef CONVANIM_CLI_FRAMES_H
#define CONVANIM_CLI_FRAMES_H

/* Every frame as DIR/frame_NNNN.png (--frames DIR), with DIR/timeline.txt
 * saying how long each one stays, written so that the folder never mixes
 * two renders: the frames go into a new hidden folder
 * inside DIR, `.frames.XXXXXX`, and are moved in beside the old ones only
 * once every frame was written; a run that fails or is stopped removes
 * them instead. A path in the way (a folder named frame_0005.png, say) is
 * found before the first frame is written. A symbolic link among the old
 * frames is replaced by the new frame, not written through. */

#include <stdbool.h>
#include <stddef.h>

#include "convanim/error.h"
#include "convanim/writer.h"

typedef struct cli_frames {
    const char *dir;
    char *stage;      /* the hidden folder, while it exists */
    size_t frames;    /* how many the animation has */
    size_t next;      /* the next frame's number: frames below it are staged */
    int digits;       /* in each frame's number */
    int *delays;      /* each staged frame's, in ms */
    int first_delay;  /* frame 0's, kept for the \animategraphics line */
} cli_frames;

/* Checks every path the frames will take in dir (a folder, or anything but
 * a regular file or a link to one, is refused with CA_EINPUT naming it),
 * then makes the hidden folder. CA_EIO when the system fails. On failure
 * nothing is left and cli_frames_abort is harmless. */
ca_status cli_frames_open(cli_frames *f, const char *dir, size_t frames, ca_error *err);

/* The frames as a frame writer: add stages a frame, finish writes the
 * timeline and moves it and the frames in, abort removes what was staged.
 *
 * DIR/timeline.txt is a timeline for LaTeX's animate package
 * (\animategraphics[timeline=DIR/timeline.txt]): one line per frame,
 * `:RATE:N`, frame N shown at RATE frames per second (1000 / its delay),
 * the rate written where it changes, so that the slides play every delay,
 * pause and the final hold as the GIF does. */
ca_frame_writer cli_frames_writer(cli_frames *f);

/* Prints the \animategraphics line that plays the frames of a finished
 * f with its timeline, looping unless loop says a count. */
void cli_frames_print_beamer(const cli_frames *f, int loop);

/* Removes what was staged and the hidden folder. */
void cli_frames_abort(cli_frames *f);

#endif

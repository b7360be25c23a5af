#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "frames.h"
#include "convanim/png.h"
#include "base/util.h"

/* Frame i's path in folder, into buf; false when it does not fit. */
static bool frame_path(const cli_frames *f, const char *folder, size_t i, char *buf,
                       size_t size)
{
    int n = snprintf(buf, size, "%s/frame_%0*zu.png", folder, f->digits, i);
    return n >= 0 && (size_t)n < size;
}

/* folder/timeline.txt into buf; false when it does not fit. */
static bool timeline_path(const char *folder, char *buf, size_t size)
{
    int n = snprintf(buf, size, "%s/timeline.txt", folder);
    return n >= 0 && (size_t)n < size;
}

/* Whether a frame may be moved onto path: nothing there, a file, or a
 * link (which the frame replaces). */
static ca_status check_target(const char *path, ca_error *err)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? CA_OK
                               : ca_fail(err, errno == EIO ? CA_EIO : CA_EINPUT,
                                         "%s: cannot check the file (%s)", path, strerror(errno));
    if (S_ISDIR(st.st_mode))
        return ca_fail(err, CA_EINPUT, "%s: is a folder, not a file", path);
    if (!S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode))
        return ca_fail(err, CA_EINPUT, "%s: not a regular file", path);
    return CA_OK;
}

ca_status cli_frames_open(cli_frames *f, const char *dir, size_t frames, ca_error *err)
{
    *f = (cli_frames){ .dir = dir, .frames = frames, .digits = 4 };
    /* as many digits as the last frame needs, at least four, so names sort */
    for (size_t last = frames ? frames - 1 : 0; last >= 10000; last /= 10)
        f->digits++;
    char path[4096];
    for (size_t i = 0; i < frames; i++) {
        if (!frame_path(f, dir, i, path, sizeof path))
            return ca_fail(err, CA_EINPUT, "%s: folder name too long", dir);
        ca_status s = check_target(path, err);
        if (s != CA_OK)
            return s;
    }
    if (!timeline_path(dir, path, sizeof path))
        return ca_fail(err, CA_EINPUT, "%s: folder name too long", dir);
    ca_status s = check_target(path, err);
    if (s != CA_OK)
        return s;
    f->delays = malloc((frames ? frames : 1) * sizeof *f->delays);
    if (!f->delays)
        return ca_fail(err, CA_ENOMEM, "%s: out of memory", dir);
    f->stage = malloc(strlen(dir) + sizeof "/.frames.XXXXXX");
    if (!f->stage) {
        cli_frames_abort(f);
        return ca_fail(err, CA_ENOMEM, "%s: out of memory", dir);
    }
    sprintf(f->stage, "%s/.frames.XXXXXX", dir);
    if (!mkdtemp(f->stage)) {
        int errnum = errno;
        free(f->stage);
        f->stage = NULL;
        cli_frames_abort(f);
        bool input = errnum == EACCES || errnum == EPERM || errnum == EROFS;
        return ca_fail(err, input ? CA_EINPUT : CA_EIO, "%s: cannot create a folder in it (%s)",
                       dir, strerror(errnum));
    }
    if (frames && !frame_path(f, f->stage, frames - 1, path, sizeof path)) {
        cli_frames_abort(f);
        return ca_fail(err, CA_EINPUT, "%s: folder name too long", dir);
    }
    return CA_OK;
}

static ca_status frames_add(void *ctx, const ca_canvas *frame, int delay_ms,
                            const ca_rect *changed, ca_error *err)
{
    (void)delay_ms;
    (void)changed;
    cli_frames *f = ctx;
    if (f->next >= f->frames)
        return ca_fail(err, CA_EINPUT, "%s: frame %zu of an animation of %zu", f->dir,
                       f->next + 1, f->frames);
    char path[4096];
    /* open made sure that every frame's path fits */
    frame_path(f, f->stage, f->next, path, sizeof path);
    ca_status s = ca_png_write_indexed(path, frame->pixels, frame->width, frame->height,
                                       frame->stride, frame->pal, err);
    if (s == CA_OK) {
        if (f->next == 0)
            f->first_delay = delay_ms;
        f->delays[f->next++] = delay_ms;
    }
    return s;
}

/* A frame's rate as animate reads it: frames per second, as a decimal
 * number. A GIF's 0 ms frame (shown as briefly as the viewer can) is
 * given the shortest time a rate can say here, 1 ms. */
static void rate(int delay_ms, char *buf, size_t size)
{
    snprintf(buf, size, "%.10g", 1000.0 / (delay_ms > 0 ? delay_ms : 1));
}

/* The staged frames' timeline, written beside them in the hidden folder. */
static ca_status write_timeline(const cli_frames *f, ca_error *err)
{
    char path[4096], now[32];
    /* open made sure that the hidden folder's paths fit */
    timeline_path(f->stage, path, sizeof path);
    FILE *out = fopen(path, "w");
    if (!out)
        return ca_fail(err, CA_EIO, "%s: cannot write (%s)", path, strerror(errno));
    for (size_t i = 0; i < f->next; i++) {
        rate(f->delays[i], now, sizeof now);
        bool same = i > 0 && f->delays[i] == f->delays[i - 1];
        fprintf(out, ":%s:%zu\n", same ? "" : now, i);
    }
    int failed = ferror(out);
    if (fclose(out) != 0 || failed)
        return ca_fail(err, CA_EIO, "%s: cannot write (%s)", path, strerror(errno));
    return CA_OK;
}

/* Moves every staged frame in, then syncs the folder so that the renames
 * last through a power cut (a file system that cannot sync folders says
 * EINVAL and is left to itself). */
static ca_status frames_finish(void *ctx, ca_error *err)
{
    cli_frames *f = ctx;
    ca_status s = write_timeline(f, err);
    char from[4096], to[4096];
    for (size_t i = 0; i < f->next && s == CA_OK; i++) {
        frame_path(f, f->stage, i, from, sizeof from);
        frame_path(f, f->dir, i, to, sizeof to);
        if (rename(from, to) != 0)
            s = ca_fail(err, CA_EIO, "%s: cannot move the frame in (%s)", to, strerror(errno));
    }
    if (s == CA_OK) {
        timeline_path(f->stage, from, sizeof from);
        timeline_path(f->dir, to, sizeof to);
        if (rename(from, to) != 0)
            s = ca_fail(err, CA_EIO, "%s: cannot move the timeline in (%s)", to,
                        strerror(errno));
    }
    int fd = s == CA_OK ? open(f->dir, O_RDONLY | O_CLOEXEC) : -1;
    if (fd >= 0 && fsync(fd) != 0 && errno != EINVAL)
        s = ca_fail(err, CA_EIO, "%s: frames written, but the folder cannot be synced (%s)",
                    f->dir, strerror(errno));
    if (fd >= 0)
        close(fd);
    cli_frames_abort(f);
    return s;
}

static void frames_abort(void *ctx)
{
    cli_frames_abort(ctx);
}

ca_frame_writer cli_frames_writer(cli_frames *f)
{
    return (ca_frame_writer){ .ctx = f, .add = frames_add, .finish = frames_finish,
                              .abort = frames_abort };
}

void cli_frames_print_beamer(const cli_frames *f, int loop)
{
    char first[32];
    rate(f->first_delay, first, sizeof first);
    printf("\\animategraphics[controls%s,timeline=%s/timeline.txt]{%s}{%s/frame_}{%0*d}{%0*zu}\n",
           loop ? "" : ",loop", f->dir, first, f->dir, f->digits, 0, f->digits,
           f->frames ? f->frames - 1 : 0);
}

void cli_frames_abort(cli_frames *f)
{
    free(f->delays);
    f->delays = NULL;
    if (!f->stage)
        return;
    char path[4096];
    /* after finish these are gone already: moved in */
    for (size_t i = 0; i < f->next; i++)
        if (frame_path(f, f->stage, i, path, sizeof path))
            unlink(path);
    if (timeline_path(f->stage, path, sizeof path))
        unlink(path);
    rmdir(f->stage);
    free(f->stage);
    f->stage = NULL;
    f->next = 0;
}

#ifndef CONVANIM_SINK_H
#define CONVANIM_SINK_H

#ifdef __cplusplus
extern "C" {
#endif

/* Where an encoder's bytes go: a write callback with its context, as
 * giflib's EGifOpen and stb_image_write take one. Two sinks come with the
 * library: memory (a buffer that grows, which the caller then owns) and a
 * file (replaced atomically: the old contents stay until the commit). */

#include <stddef.h>

#include "convanim/error.h"

typedef struct ca_sink {
    /* Takes len bytes and returns how many it took; fewer than len means
     * it failed, and every later call may fail too. */
    size_t (*write)(void *ctx, const void *buf, size_t len);

    /* Why the write that came short failed, as a status and a sentence;
     * NULL for a sink with nothing to say but "cannot write". */
    ca_status (*failed)(void *ctx, ca_error *err);

    void *ctx;

    /* What a writer's messages call the output: the file sink's path;
     * NULL (the memory sink's) reads "output". The caller may set one. */
    const char *name;
} ca_sink;

/* What messages call the sink's output: its name, or "output". */
const char *ca_sink_name(const ca_sink *sink);

/* CA_EIO "cannot write" in the sink's words (failed's, else "NAME: cannot
 * write"), for a writer whose call to sink->write came short. */
ca_status ca_sink_failed(const ca_sink *sink, ca_error *err);

/* A growing buffer. data is NULL until the first byte; the caller frees
 * it with free() once done. A failed allocation makes write come short
 * and failed say CA_ENOMEM; the bytes before it stay. A zeroed ca_memory
 * is an empty one. */
typedef struct ca_memory {
    unsigned char *data;
    size_t size, capacity;
    int out_of_memory;
} ca_memory;

ca_sink ca_memory_sink(ca_memory *m);

/* Frees m->data and empties m, for a caller that cannot reach this
 * library's free() (a binding through ctypes, say). NULL ok. */
void ca_memory_free(ca_memory *m);

/* A file that appears complete or not at all: the bytes go to a temporary
 * beside path, and only ca_file_sink_commit puts it in place. */
typedef struct ca_file_sink ca_file_sink;

/* CA_EINPUT when path cannot be written (its folder is missing, it is a
 * folder or another file that is not a regular file); CA_EIO, CA_ENOMEM. */
ca_status ca_file_sink_open(const char *path, ca_file_sink **out, ca_error *err);

/* The sink to hand a writer; valid until commit or abort. */
ca_sink ca_file_sink_get(ca_file_sink *f);

/* Finds every likely failure of the commit but the rename itself (flushes,
 * syncs and closes the file), so a caller replacing two files together
 * can fail before replacing either. After a failure f stays to abort;
 * after success nothing more can be written, only committed or aborted. */
ca_status ca_file_sink_prepare(ca_file_sink *f, ca_error *err);

/* Puts the file in place and frees f; on failure the path keeps what it
 * had. */
ca_status ca_file_sink_commit(ca_file_sink *f, ca_error *err);

/* The end of a write to a path: commits f when status is CA_OK, else
 * aborts it and returns status. Frees f either way. */
ca_status ca_file_sink_close(ca_file_sink *f, ca_status status, ca_error *err);

/* Removes the temporary and frees f; the path keeps what it had. NULL ok. */
void ca_file_sink_abort(ca_file_sink *f);

#ifdef __cplusplus
}
#endif

#endif

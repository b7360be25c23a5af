#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "convanim/sink.h"
#include "base/util.h"
#include "out/atomic.h"

const char *ca_sink_name(const ca_sink *sink)
{
    return sink->name ? sink->name : "output";
}

ca_status ca_sink_failed(const ca_sink *sink, ca_error *err)
{
    if (sink->failed)
        return sink->failed(sink->ctx, err);
    return ca_fail(err, CA_EIO, "%s: cannot write", ca_sink_name(sink));
}

static size_t memory_write(void *ctx, const void *buf, size_t len)
{
    ca_memory *m = ctx;
    if (m->out_of_memory)
        return 0;
    if (len > m->capacity - m->size) {
        /* doubling keeps a long stream of small writes linear */
        size_t want = m->capacity ? m->capacity : 4096;
        while (want - m->size < len && want <= SIZE_MAX / 2)
            want *= 2;
        unsigned char *grown = want - m->size >= len ? realloc(m->data, want) : NULL;
        if (!grown) {
            m->out_of_memory = 1;
            return 0;
        }
        m->data = grown;
        m->capacity = want;
    }
    memcpy(m->data + m->size, buf, len);
    m->size += len;
    return len;
}

static ca_status memory_failed(void *ctx, ca_error *err)
{
    const ca_memory *m = ctx;
    return ca_fail(err, CA_ENOMEM, "out of memory after %zu bytes of output", m->size);
}

ca_sink ca_memory_sink(ca_memory *m)
{
    return (ca_sink){ .write = memory_write, .failed = memory_failed, .ctx = m };
}

void ca_memory_free(ca_memory *m)
{
    if (!m)
        return;
    free(m->data);
    *m = (ca_memory){ 0 };
}

struct ca_file_sink {
    ca_atomic file;
};

static size_t file_write(void *ctx, const void *buf, size_t len)
{
    return ca_atomic_write(&((ca_file_sink *)ctx)->file, buf, len);
}

static ca_status file_failed(void *ctx, ca_error *err)
{
    return ca_atomic_write_failed(&((ca_file_sink *)ctx)->file, err);
}

ca_status ca_file_sink_open(const char *path, ca_file_sink **out, ca_error *err)
{
    ca_file_sink *f = malloc(sizeof *f);
    if (!f)
        return ca_fail(err, CA_ENOMEM, "%s: out of memory", path);
    ca_status s = ca_atomic_open(&f->file, path, err);
    if (s != CA_OK) {
        free(f);
        return s;
    }
    *out = f;
    return CA_OK;
}

ca_sink ca_file_sink_get(ca_file_sink *f)
{
    return (ca_sink){ .write = file_write, .failed = file_failed, .ctx = f,
                      .name = f->file.path };
}

ca_status ca_file_sink_prepare(ca_file_sink *f, ca_error *err)
{
    return ca_atomic_prepare(&f->file, err);
}

ca_status ca_file_sink_commit(ca_file_sink *f, ca_error *err)
{
    ca_status s = ca_atomic_commit(&f->file, err);
    free(f);
    return s;
}

ca_status ca_file_sink_close(ca_file_sink *f, ca_status status, ca_error *err)
{
    if (status == CA_OK)
        return ca_file_sink_commit(f, err);
    ca_file_sink_abort(f);
    return status;
}

void ca_file_sink_abort(ca_file_sink *f)
{
    if (!f)
        return;
    ca_atomic_abort(&f->file);
    free(f);
}

#include <stdlib.h>

#include "convanim/file_writer.h"
#include "convanim/sink.h"
#include "convanim/webp.h"
#include "base/util.h"

/* A writer on a file sink: the file is committed after the writer has
 * finished, and dropped with it. */
typedef struct file_writer {
    ca_frame_writer inner;
    ca_file_sink *file;
} file_writer;

static ca_status file_add(void *ctx, const ca_canvas *frame, int delay_ms,
                          const ca_rect *changed, ca_error *err)
{
    file_writer *fw = ctx;
    return fw->inner.add(fw->inner.ctx, frame, delay_ms, changed, err);
}

static ca_status file_finish(void *ctx, ca_error *err)
{
    file_writer *fw = ctx;
    ca_status s = fw->inner.finish(fw->inner.ctx, err);
    if (s == CA_OK)
        s = ca_file_sink_commit(fw->file, err);
    else
        ca_file_sink_abort(fw->file);
    free(fw);
    return s;
}

static void file_abort(void *ctx)
{
    file_writer *fw = ctx;
    fw->inner.abort(fw->inner.ctx);
    ca_file_sink_abort(fw->file);
    free(fw);
}

/* The two steps every path-taking wrapper shares: a file sink for path,
 * and room for the writer that will own it. */
static ca_status open_file(const char *path, file_writer **out, ca_sink *sink, ca_error *err)
{
    file_writer *fw = malloc(sizeof *fw);
    if (!fw)
        return ca_fail(err, CA_ENOMEM, "%s: out of memory", path);
    ca_status s = ca_file_sink_open(path, &fw->file, err);
    if (s != CA_OK) {
        free(fw);
        return s;
    }
    *sink = ca_file_sink_get(fw->file);
    *out = fw;
    return CA_OK;
}

static void wrap(file_writer *fw, ca_frame_writer inner, ca_frame_writer *out)
{
    fw->inner = inner;
    *out = (ca_frame_writer){ .ctx = fw, .add = file_add, .finish = file_finish,
                              .abort = file_abort };
}

static void drop(file_writer *fw)
{
    ca_file_sink_abort(fw->file);
    free(fw);
}

ca_status ca_webp_open_file(const char *path, int width, int height, const ca_palette *pal,
                            int loop, ca_frame_writer *out, ca_error *err)
{
    file_writer *fw;
    ca_sink sink;
    ca_status s = open_file(path, &fw, &sink, err);
    if (s != CA_OK)
        return s;
    ca_webp *w;
    if ((s = ca_webp_open(&sink, width, height, pal, loop, &w, err)) != CA_OK) {
        drop(fw);
        return s;
    }
    wrap(fw, ca_webp_writer(w), out);
    return CA_OK;
}

ca_status ca_video_open_file(const char *path, ca_video_format format, int width, int height,
                             const ca_palette *pal, ca_frame_writer *out, ca_error *err)
{
    file_writer *fw;
    ca_sink sink;
    ca_status s = open_file(path, &fw, &sink, err);
    if (s != CA_OK)
        return s;
    ca_video *v;
    if ((s = ca_video_open(&sink, format, width, height, pal, &v, err)) != CA_OK) {
        drop(fw);
        return s;
    }
    wrap(fw, ca_video_writer(v), out);
    return CA_OK;
}

ca_status ca_sheet_open_file(const char *path, int width, int height, const ca_palette *pal,
                             const ca_timeline *t, size_t cells, ca_font *font,
                             ca_frame_writer *out, ca_error *err)
{
    file_writer *fw;
    ca_sink sink;
    ca_status s = open_file(path, &fw, &sink, err);
    if (s != CA_OK)
        return s;
    ca_sheet *sheet;
    if ((s = ca_sheet_open(&sink, width, height, pal, t, cells, font, &sheet, err)) != CA_OK) {
        drop(fw);
        return s;
    }
    wrap(fw, ca_sheet_writer(sheet), out);
    return CA_OK;
}

#ifndef CONVANIM_FILE_WRITER_H
#define CONVANIM_FILE_WRITER_H

/* The writers that take a sink (webp.h, video.h, sheet.h) writing a file that
 * appears complete or not at all, as the GIF's does: the bytes go to the
 * atomic file sink (sink.h), which is put in place only once the writer
 * has finished. */

#include "convanim/canvas.h"
#include "convanim/error.h"
#include "convanim/sheet.h"
#include "convanim/video.h"
#include "convanim/writer.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A lossless animated WebP at path, as ca_webp_open describes it; *out is
 * its frame writer. Fails as ca_file_sink_open and ca_webp_open do,
 * leaving path as it was. */
ca_status ca_webp_open_file(const char *path, int width, int height, const ca_palette *pal,
                            int loop, ca_frame_writer *out, ca_error *err);

/* A video at path, as ca_video_open describes it; *out is its frame
 * writer. Fails as ca_file_sink_open and ca_video_open do, leaving path as
 * it was. */
ca_status ca_video_open_file(const char *path, ca_video_format format, int width, int height,
                             const ca_palette *pal, ca_frame_writer *out, ca_error *err);

/* A contact sheet at path, as ca_sheet_open describes it; *out is its
 * frame writer. Fails as ca_file_sink_open and ca_sheet_open do, leaving
 * path as it was. */
ca_status ca_sheet_open_file(const char *path, int width, int height, const ca_palette *pal,
                             const ca_timeline *t, size_t cells, ca_font *font,
                             ca_frame_writer *out, ca_error *err);

#ifdef __cplusplus
}
#endif

#endif

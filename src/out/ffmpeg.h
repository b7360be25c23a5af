#ifndef CONVANIM_FFMPEG_H
#define CONVANIM_FFMPEG_H

/* FFmpeg's libraries, loaded with dlopen by the video writer only, so that
 * neither convanim nor libconvanim.so links them: libavcodec pulls in
 * libjxl and libhwy, whose initializer runs an instruction valgrind cannot
 * emulate, and every command, writing a GIF or not, would pay for loading
 * them. FFmpeg's headers still give every type and the functions'
 * prototypes; the sonames are those of the headers' major versions, whose
 * ABI the structures' layouts belong to. Not part of the public API. */

#include <stdint.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/log.h>
#include <libavutil/opt.h>

#include "convanim/error.h"

/* Every FFmpeg function the video writer calls, with its library. */
#define CA_FFMPEG_FUNCTIONS(X)                                                                 \
    X(AVUTIL, av_log_set_callback) X(AVUTIL, av_strerror) X(AVUTIL, av_opt_set)                \
    X(AVUTIL, av_malloc) X(AVUTIL, av_free) X(AVUTIL, av_freep) X(AVUTIL, av_frame_alloc)      \
    X(AVUTIL, av_frame_free) X(AVUTIL, av_frame_get_buffer) X(AVUTIL, av_frame_make_writable)  \
    X(AVCODEC, avcodec_find_encoder_by_name) X(AVCODEC, avcodec_alloc_context3)                \
    X(AVCODEC, avcodec_open2) X(AVCODEC, avcodec_free_context)                                 \
    X(AVCODEC, avcodec_parameters_from_context) X(AVCODEC, avcodec_send_frame)                 \
    X(AVCODEC, avcodec_receive_packet) X(AVCODEC, av_packet_alloc) X(AVCODEC, av_packet_free)  \
    X(AVCODEC, av_packet_unref) X(AVCODEC, av_packet_rescale_ts)                               \
    X(AVFORMAT, avformat_alloc_output_context2) X(AVFORMAT, avformat_free_context)             \
    X(AVFORMAT, avformat_new_stream) X(AVFORMAT, avformat_write_header)                        \
    X(AVFORMAT, av_interleaved_write_frame) X(AVFORMAT, av_write_trailer)                      \
    X(AVFORMAT, avio_alloc_context) X(AVFORMAT, avio_context_free) X(AVFORMAT, avio_flush)

enum { CA_FFMPEG_AVUTIL, CA_FFMPEG_AVCODEC, CA_FFMPEG_AVFORMAT, CA_FFMPEG_LIBS };

/* The loaded libraries and a pointer to each function, named as FFmpeg
 * names it: ff.avcodec_open2(...). */
typedef struct ca_ffmpeg {
    void *lib[CA_FFMPEG_LIBS];
#define CA_FFMPEG_POINTER(lib, name) __typeof__(name) *name;
    CA_FFMPEG_FUNCTIONS(CA_FFMPEG_POINTER)
#undef CA_FFMPEG_POINTER
    /* libx264's own CPU detection, found through libavcodec, which links
     * libx264 (Debian's does), when it is x264's build 164, Debian 12's,
     * whose AVX-512 fault src/out/video.c steps round; NULL otherwise */
    uint32_t (*x264_cpu_detect)(void);
} ca_ffmpeg;

/* Loads libavutil, libavcodec and libavformat and finds every function in
 * them. CA_EIO naming the library or function missing and the Debian
 * package that brings it; on failure nothing stays loaded. Each successful
 * load is undone by one ca_ffmpeg_unload. */
ca_status ca_ffmpeg_load(ca_ffmpeg *ff, ca_error *err);

/* Gives back the handles ca_ffmpeg_load took (the libraries stay mapped,
 * see ffmpeg.c); harmless on a zeroed ca_ffmpeg. */
void ca_ffmpeg_unload(ca_ffmpeg *ff);

#endif

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convanim/anim.h"
#include "convanim/video.h"
#include "base/util.h"
#include "out/ffmpeg.h"

enum { VIDEO_MIN_SIDE = 16, VIDEO_MAX_SIDE = 8192, IO_BUFFER = 64 * 1024 };

/* The container as the muxer writes it: it seeks back to fill in sizes
 * and indexes, so it goes to memory before the sink. */
typedef struct video_file {
    uint8_t *data;
    size_t size, capacity, pos;
} video_file;

/* Each format's encoder and the settings chosen for line art on a flat
 * background (make bench: at most a quarter of the GIF's bytes with an
 * SSIM of at least 0.99 against its frames). */
typedef struct video_codec {
    const char *muxer, *encoder, *name;
    const char *const (*options)[2];    /* the encoder's private options */
} video_codec;

/* VP9: constant quality (no bit rate); "screen" content tunes the encoder
 * for sharp edges and flat colour; no hidden alt-ref frames, so packets
 * come out one per frame, in order. Without alt-refs the encoder has no
 * use for frames held back to look ahead at: the same bytes come out
 * without its default 25, which cost 43 MB and a seventh of a small
 * video's time. */
static const char *const vp9_options[][2] = {
    { "crf", "40" }, { "deadline", "good" }, { "cpu-used", "2" }, { "row-mt", "1" },
    { "tune-content", "screen" }, { "auto-alt-ref", "0" }, { "lag-in-frames", "0" },
    { NULL, NULL },
};

/* H.264: constant quality; "stillimage" keeps the fine detail of small
 * text and thin lines, which "animation" or the default blur below an
 * SSIM of 0.99 at the same size. */
static const char *const h264_options[][2] = {
    { "crf", "28" }, { "preset", "slow" }, { "tune", "stillimage" }, { NULL, NULL },
};

static const video_codec codecs[] = {
    [CA_VIDEO_WEBM] = { "webm", "libvpx-vp9", "VP9", vp9_options },
    [CA_VIDEO_MP4] = { "mp4", "libx264", "H.264", h264_options },
};

struct ca_video {
    ca_ffmpeg ff;               /* the libraries, loaded for this writer */
    ca_sink sink;
    const video_codec *codec;
    const ca_palette *pal;
    int width, height;
    uint8_t y[CA_PALETTE_SIZE], cb[CA_PALETTE_SIZE], cr[CA_PALETTE_SIZE];
    video_file file;
    AVFormatContext *fc;
    AVCodecContext *cc;
    AVStream *st;
    AVFrame *frame;
    AVPacket *pkt;
    int *delays;                /* each frame's delay, for its packet's duration */
    size_t delays_cap;
    unsigned long frames, packets;
    int64_t timestamp;          /* when the next frame starts, in ms */
    int64_t packet_time;        /* when the next packet's frame starts, in ms */
    ca_error error;             /* the first failure; status CA_OK until then */
};

static int file_write(void *opaque, uint8_t *buf, int len)
{
    video_file *f = opaque;
    size_t n = (size_t)len;
    if (n > SIZE_MAX - f->pos)
        return AVERROR(ENOMEM);
    size_t end = f->pos + n;
    if (end > f->capacity) {
        size_t want = f->capacity ? f->capacity : IO_BUFFER;
        while (want < end && want <= SIZE_MAX / 2)
            want *= 2;
        uint8_t *grown = want >= end ? realloc(f->data, want) : NULL;
        if (!grown)
            return AVERROR(ENOMEM);
        f->data = grown;
        f->capacity = want;
    }
    /* a seek past the end leaves a gap the muxer never reads back */
    if (f->pos > f->size)
        memset(f->data + f->size, 0, f->pos - f->size);
    memcpy(f->data + f->pos, buf, n);
    f->pos = end;
    if (end > f->size)
        f->size = end;
    return len;
}

static int64_t file_seek(void *opaque, int64_t offset, int whence)
{
    video_file *f = opaque;
    if (whence & AVSEEK_SIZE)
        return (int64_t)f->size;
    int64_t base;
    switch (whence & ~AVSEEK_FORCE) {
    case SEEK_SET: base = 0; break;
    case SEEK_CUR: base = (int64_t)f->pos; break;
    case SEEK_END: base = (int64_t)f->size; break;
    default: return AVERROR(EINVAL);
    }
    if (offset < -base || offset > INT64_MAX - base)
        return AVERROR(EINVAL);
    f->pos = (size_t)(base + offset);
    return base + offset;
}

/* FFmpeg's libraries log through one process-wide callback; this one
 * drops every line, as library code prints nothing. */
static void no_log(void *avcl, int level, const char *fmt, va_list vl)
{
    (void)avcl;
    (void)level;
    (void)fmt;
    (void)vl;
}

/* An FFmpeg error code in words. */
static ca_status av_error(const ca_video *v, ca_error *err, int code, const char *what)
{
    if (code == AVERROR(ENOMEM))
        return ca_fail(err, CA_ENOMEM, "out of memory %s", what);
    char why[AV_ERROR_MAX_STRING_SIZE];
    if (v->ff.av_strerror(code, why, sizeof why) < 0)
        snprintf(why, sizeof why, "error %d", code);
    return ca_fail(err, CA_EIO, "FFmpeg failed %s: %s", what, why);
}

/* BT.601 in the TV range (Y 16..235, Cb and Cr 16..240), what libavcodec
 * assumes for untagged SD video and what the stream is tagged with. */
static void palette_to_yuv(ca_video *v)
{
    for (int i = 0; i < v->pal->count; i++) {
        double r = v->pal->rgb[i].r, g = v->pal->rgb[i].g, b = v->pal->rgb[i].b;
        v->y[i] = (uint8_t)lround(16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255);
        v->cb[i] = (uint8_t)lround(128 + (-37.797 * r - 74.203 * g + 112.0 * b) / 255);
        v->cr[i] = (uint8_t)lround(128 + (112.0 * r - 93.786 * g - 18.214 * b) / 255);
    }
}

static ca_status set_options(ca_video *v, ca_error *err)
{
    for (const char *const (*o)[2] = v->codec->options; (*o)[0]; o++) {
        int code = v->ff.av_opt_set(v->cc->priv_data, (*o)[0], (*o)[1], 0);
        if (code < 0)
            return av_error(v, err, code, "to set the encoder's options");
    }
    return CA_OK;
}

/* Debian 12's libx264 (r3095) reads memory it never wrote in its AVX-512
 * code for the macroblock tree when a frame's count of 16x16 blocks is
 * not a multiple of 16 (320x240 has 300; 960x720, 2,700), so the same
 * frames made different files from one process to the next. Its own CPU
 * detection less AVX-512 (X264_CPU_AVX512 in that build's x264.h) keeps
 * the file a function of the frames, on the AVX2 code beside it; another
 * build, or a CPU without AVX-512, is left as it is. */
enum { X264_CPU_AVX512 = 1 << 16 };

static ca_status x264_without_avx512(ca_video *v, ca_error *err)
{
    if (!v->ff.x264_cpu_detect)
        return CA_OK;
    char params[32];
    snprintf(params, sizeof params, "asm=%lu",
             (unsigned long)(v->ff.x264_cpu_detect() & ~(uint32_t)X264_CPU_AVX512));
    int code = v->ff.av_opt_set(v->cc->priv_data, "x264-params", params, 0);
    if (code < 0)
        return av_error(v, err, code, "to set the encoder's options");
    return CA_OK;
}

static ca_status open_encoder(ca_video *v, ca_error *err)
{
    const AVCodec *codec = v->ff.avcodec_find_encoder_by_name(v->codec->encoder);
    if (!codec)
        return ca_fail(err, CA_EIO, "FFmpeg has no %s encoder (%s)", v->codec->name,
                       v->codec->encoder);
    v->cc = v->ff.avcodec_alloc_context3(codec);
    if (!v->cc)
        return ca_fail(err, CA_ENOMEM, "out of memory for the %s encoder", v->codec->name);
    AVCodecContext *cc = v->cc;
    cc->width = v->width;
    cc->height = v->height;
    cc->pix_fmt = AV_PIX_FMT_YUV420P;
    cc->time_base = (AVRational){ 1, 1000 };
    cc->sample_aspect_ratio = (AVRational){ 1, 1 };
    cc->bit_rate = 0;
    /* one key frame to start, another only every 250 frames (ten seconds
     * at the default delay): key frames are the costly ones */
    cc->gop_size = 250;
    /* no reordering: every packet's time is its frame's */
    cc->max_b_frames = 0;
    /* one encoding thread: with more, libx264's and libvpx's bytes depend
     * on the thread count, and the same inputs must give the same file */
    cc->thread_count = 1;
    cc->color_range = AVCOL_RANGE_MPEG;
    cc->colorspace = AVCOL_SPC_SMPTE170M;
    cc->color_primaries = AVCOL_PRI_BT709;
    cc->color_trc = AVCOL_TRC_IEC61966_2_1;
    cc->chroma_sample_location = AVCHROMA_LOC_CENTER;
    if (v->fc->oformat->flags & AVFMT_GLOBALHEADER)
        cc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    ca_status s = set_options(v, err);
    if (s == CA_OK && v->codec == &codecs[CA_VIDEO_MP4])
        s = x264_without_avx512(v, err);
    if (s != CA_OK)
        return s;
    int code = v->ff.avcodec_open2(cc, codec, NULL);
    if (code < 0)
        return av_error(v, err, code, "to open the encoder");
    return CA_OK;
}

static ca_status open_muxer(ca_video *v, ca_error *err)
{
    int code = v->ff.avformat_alloc_output_context2(&v->fc, NULL, v->codec->muxer, NULL);
    if (code < 0 || !v->fc)
        return av_error(v, err, code < 0 ? code : AVERROR_MUXER_NOT_FOUND, "to start the muxer");
    uint8_t *buffer = v->ff.av_malloc(IO_BUFFER);
    if (!buffer)
        return ca_fail(err, CA_ENOMEM, "out of memory for the muxer");
    v->fc->pb = v->ff.avio_alloc_context(buffer, IO_BUFFER, 1, &v->file, NULL, file_write,
                                   file_seek);
    if (!v->fc->pb) {
        v->ff.av_free(buffer);
        return ca_fail(err, CA_ENOMEM, "out of memory for the muxer");
    }
    v->fc->flags |= AVFMT_FLAG_BITEXACT;
    ca_status s = open_encoder(v, err);
    if (s != CA_OK)
        return s;
    v->st = v->ff.avformat_new_stream(v->fc, NULL);
    if (!v->st)
        return ca_fail(err, CA_ENOMEM, "out of memory for the muxer");
    v->st->time_base = v->cc->time_base;
    if ((code = v->ff.avcodec_parameters_from_context(v->st->codecpar, v->cc)) < 0)
        return av_error(v, err, code, "to describe the stream");
    if ((code = v->ff.avformat_write_header(v->fc, NULL)) < 0)
        return av_error(v, err, code, "to write the container's header");
    return CA_OK;
}

static void release(ca_video *v)
{
    v->ff.avcodec_free_context(&v->cc);
    if (v->fc) {
        if (v->fc->pb)
            v->ff.av_freep(&v->fc->pb->buffer);
        v->ff.avio_context_free(&v->fc->pb);
        v->ff.avformat_free_context(v->fc);
    }
    v->ff.av_frame_free(&v->frame);
    v->ff.av_packet_free(&v->pkt);
    ca_ffmpeg_unload(&v->ff);
    free(v->file.data);
    free(v->delays);
    free(v);
}

ca_status ca_video_check_size(ca_video_format format, int width, int height, ca_error *err)
{
    if ((unsigned)format >= sizeof codecs / sizeof codecs[0])
        return ca_fail(err, CA_EINPUT, "unknown video format %d", (int)format);
    if (width < VIDEO_MIN_SIDE || width > VIDEO_MAX_SIDE || height < VIDEO_MIN_SIDE ||
        height > VIDEO_MAX_SIDE || width % 2 || height % 2)
        return ca_fail(err, CA_EINPUT, "size %dx%d: %s video needs an even width and height "
                       "within %d..%d", width, height, codecs[format].name, VIDEO_MIN_SIDE,
                       VIDEO_MAX_SIDE);
    return CA_OK;
}

ca_status ca_video_open(const ca_sink *sink, ca_video_format format, int width, int height,
                        const ca_palette *pal, ca_video **out, ca_error *err)
{
    *out = NULL;
    ca_status s = ca_video_check_size(format, width, height, err);
    if (s != CA_OK)
        return s;
    if (!pal || pal->count < 1 || pal->count > CA_PALETTE_SIZE)
        return ca_fail(err, CA_EINPUT, "the palette needs 1..%d colours (has %d)",
                       CA_PALETTE_SIZE, pal ? pal->count : 0);
    ca_video *v = calloc(1, sizeof *v);
    if (!v)
        return ca_fail(err, CA_ENOMEM, "out of memory for the video writer");
    *v = (ca_video){ .sink = *sink, .codec = &codecs[format], .pal = pal, .width = width,
                     .height = height };
    s = ca_ffmpeg_load(&v->ff, err);
    if (s != CA_OK) {
        free(v);
        return s;
    }
    v->ff.av_log_set_callback(no_log);
    palette_to_yuv(v);
    v->frame = v->ff.av_frame_alloc();
    v->pkt = v->ff.av_packet_alloc();
    if (!v->frame || !v->pkt)
        s = ca_fail(err, CA_ENOMEM, "out of memory for the video writer");
    if (s == CA_OK)
        s = open_muxer(v, err);
    if (s == CA_OK) {
        v->frame->format = AV_PIX_FMT_YUV420P;
        v->frame->width = width;
        v->frame->height = height;
        int code = v->ff.av_frame_get_buffer(v->frame, 0);
        if (code < 0)
            s = av_error(v, err, code, "to allocate a frame");
    }
    if (s != CA_OK) {
        release(v);
        return s;
    }
    *out = v;
    return CA_OK;
}

/* Converts frame to 4:2:0: Y per pixel, Cb and Cr the mean of each 2x2
 * block, checking every index against the palette. */
static ca_status convert(ca_video *v, const ca_canvas *frame, ca_error *err)
{
    AVFrame *f = v->frame;
    int count = v->pal->count;
    for (int y = 0; y < v->height; y += 2) {
        const uint8_t *p0 = frame->pixels + y * frame->stride, *p1 = p0 + frame->stride;
        uint8_t *y0 = f->data[0] + (ptrdiff_t)y * f->linesize[0], *y1 = y0 + f->linesize[0];
        uint8_t *cb = f->data[1] + (ptrdiff_t)(y / 2) * f->linesize[1];
        uint8_t *cr = f->data[2] + (ptrdiff_t)(y / 2) * f->linesize[2];
        for (int x = 0; x < v->width; x += 2) {
            int a = p0[x], b = p0[x + 1], c = p1[x], d = p1[x + 1];
            if (a >= count || b >= count || c >= count || d >= count)
                return ca_fail(err, CA_EINPUT, "frame %lu: an index near pixel (%d, %d) is "
                               "not one of the palette's %d colours", v->frames + 1, x, y,
                               count);
            y0[x] = v->y[a];
            y0[x + 1] = v->y[b];
            y1[x] = v->y[c];
            y1[x + 1] = v->y[d];
            cb[x / 2] = (uint8_t)((v->cb[a] + v->cb[b] + v->cb[c] + v->cb[d] + 2) / 4);
            cr[x / 2] = (uint8_t)((v->cr[a] + v->cr[b] + v->cr[c] + v->cr[d] + 2) / 4);
        }
    }
    return CA_OK;
}

/* Muxes every packet the encoder has ready, each lasting its frame's
 * delay. Packets come out in frame order (no reordering), so the k-th
 * packet is the k-th frame's. */
static ca_status drain(ca_video *v, ca_error *err)
{
    for (;;) {
        int code = v->ff.avcodec_receive_packet(v->cc, v->pkt);
        if (code == AVERROR(EAGAIN) || code == AVERROR_EOF)
            return CA_OK;
        if (code < 0)
            return av_error(v, err, code, "to encode a frame");
        if (v->packets >= v->frames || v->pkt->pts != v->packet_time) {
            v->ff.av_packet_unref(v->pkt);
            return ca_fail(err, CA_EIO, "the %s encoder returned a packet out of order",
                           v->codec->name);
        }
        int delay = v->delays[v->packets];
        v->pkt->dts = v->pkt->pts;
        v->pkt->duration = delay;
        v->pkt->stream_index = v->st->index;
        v->ff.av_packet_rescale_ts(v->pkt, v->cc->time_base, v->st->time_base);
        /* takes the packet's reference, also on failure */
        code = v->ff.av_interleaved_write_frame(v->fc, v->pkt);
        if (code < 0)
            return av_error(v, err, code, "to write a frame into the container");
        v->packet_time += delay;
        v->packets++;
    }
}

static ca_status remember_delay(ca_video *v, int delay_ms, ca_error *err)
{
    if (v->frames == v->delays_cap) {
        size_t want = v->delays_cap ? v->delays_cap * 2 : 256;
        int *grown = want <= SIZE_MAX / sizeof *grown ? realloc(v->delays, want * sizeof *grown)
                                                      : NULL;
        if (!grown)
            return ca_fail(err, CA_ENOMEM, "out of memory after %lu frames", v->frames);
        v->delays = grown;
        v->delays_cap = want;
    }
    v->delays[v->frames] = delay_ms;
    return CA_OK;
}

static ca_status add_frame(ca_video *v, const ca_canvas *frame, int delay_ms, ca_error *err)
{
    if (!frame->pixels || frame->width != v->width || frame->height != v->height ||
        frame->stride < frame->width)
        return ca_fail(err, CA_EINPUT, "frame %lu is %dx%d pixels, the video %dx%d",
                       v->frames + 1, frame->width, frame->height, v->width, v->height);
    ca_status s = ca_writer_check_delay("video", v->frames + 1, delay_ms, err);
    if (s != CA_OK)
        return s;
    /* the encoder may still hold the last frame's pixels */
    int code = v->ff.av_frame_make_writable(v->frame);
    if (code < 0)
        return av_error(v, err, code, "to reuse a frame");
    s = convert(v, frame, err);
    if (s == CA_OK)
        s = remember_delay(v, delay_ms, err);
    if (s != CA_OK)
        return s;
    v->frame->pts = v->timestamp;
    if ((code = v->ff.avcodec_send_frame(v->cc, v->frame)) < 0)
        return av_error(v, err, code, "to encode a frame");
    v->timestamp += delay_ms;
    v->frames++;
    return drain(v, err);
}

static ca_status finish(ca_video *v, ca_error *err)
{
    if (v->frames == 0)
        return ca_fail(err, CA_EINPUT, "no frames to write");
    int code = v->ff.avcodec_send_frame(v->cc, NULL);
    if (code < 0)
        return av_error(v, err, code, "to flush the encoder");
    ca_status s = drain(v, err);
    if (s != CA_OK)
        return s;
    if (v->packets != v->frames)
        return ca_fail(err, CA_EIO, "the %s encoder returned %lu packets for %lu frames",
                       v->codec->name, v->packets, v->frames);
    if ((code = v->ff.av_write_trailer(v->fc)) < 0)
        return av_error(v, err, code, "to complete the container");
    v->ff.avio_flush(v->fc->pb);
    if (v->fc->pb->error < 0)
        return av_error(v, err, v->fc->pb->error, "to write the container");
    if (v->sink.write(v->sink.ctx, v->file.data, v->file.size) != v->file.size)
        return ca_sink_failed(&v->sink, err);
    return CA_OK;
}

/* The first failure sticks: v->error keeps it and every later call
 * returns it. */
static ca_status outcome(const ca_video *v, ca_error *err)
{
    if (v->error.status != CA_OK && err)
        *err = v->error;
    return v->error.status;
}

static ca_status writer_add(void *ctx, const ca_canvas *frame, int delay_ms,
                            const ca_rect *changed, ca_error *err)
{
    (void)changed;
    ca_video *v = ctx;
    if (v->error.status == CA_OK)
        add_frame(v, frame, delay_ms, &v->error);
    return outcome(v, err);
}

static ca_status writer_finish(void *ctx, ca_error *err)
{
    ca_video *v = ctx;
    if (v->error.status == CA_OK)
        finish(v, &v->error);
    ca_status s = outcome(v, err);
    release(v);
    return s;
}

static void writer_abort(void *ctx)
{
    release(ctx);
}

ca_frame_writer ca_video_writer(ca_video *v)
{
    return (ca_frame_writer){ .ctx = v, .add = writer_add, .finish = writer_finish,
                              .abort = writer_abort };
}

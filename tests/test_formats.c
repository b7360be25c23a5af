#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libavcodec/avcodec.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavformat/avformat.h>
#include <libavutil/macros.h>
#include <libavutil/pixdesc.h>
#include <libavutil/version.h>
#include <libswscale/swscale.h>
#include <png.h>
#include <webp/decode.h>
#include <webp/demux.h>

#include "convanim/file_writer.h"
#include "convanim/sheet.h"
#include "convanim/sink.h"
#include "convanim/video.h"
#include "convanim/webp.h"
#include "cliutil.h"
#include "testutil.h"

/* Every format is read back with a decoder that is not ours: libwebp's
 * demuxer for WebP, FFmpeg's libraries for GIF, WebM and MP4. */

enum { MAX_FRAMES = 64, W = 640, H = 480 };

/* The animation every format is written from: a pause, a hold and delays
 * GIF can store exactly (whole hundredths). 640x480: at 320x240 the
 * H.264 settings keep an SSIM of only about 0.989, the tick labels being
 * a few pixels high. */
#define UNTIMED "animate", "-f", "box", "-g", "decay:n=4", "--size", "640x480", "-q"
#define ANIMATION UNTIMED, "--delay", "30", "--hold", "700", "--pause-at", "1", "--pause", "500"
/* The reference run: the GIF names its poster in its description, so a
 * run that is to write the reference's bytes asks for the poster too. */
#define REFERENCE ANIMATION, "-o", "a.gif", "--poster", "p.webp"

/* What a shell command prints on stdout, as a string (at most size - 1
 * bytes). */
static char *command_output(const char *cmd, char *buf, size_t size)
{
    FILE *p = popen(cmd, "r");
    ck_assert_msg(p != NULL, "cannot run %s", cmd);
    size_t n = fread(buf, 1, size - 1, p);
    buf[n] = '\0';
    ck_assert_msg(pclose(p) == 0, "failed: %s", cmd);
    return buf;
}

/* FFmpeg's libraries, linked into this suite alone (convanim loads them
 * only to write a video), read the files in the suite's own process, as
 * ffprobe and ffmpeg read them: the runner maps them once and every test's
 * fork inherits them, where an ffprobe or ffmpeg process per file mapped
 * its two hundred libraries again for a fifth of a second of CPU. They log
 * errors only, as `-v error` had them. */

/* A libav* result: fails the test, naming the file and FFmpeg's words for
 * the error, if it is an error; else returns it. */
static int av_check(int ret, const char *path, const char *what)
{
    ck_assert_msg(ret >= 0, "%s: %s: %s", path, what, av_err2str(ret));
    return ret;
}

/* A file's video stream, decoded frame by frame. On one thread, as the
 * ssim filter runs: `make test` runs the suites side by side on two cores,
 * where a pool of threads per file costs more CPU than it saves time. */
typedef struct video_in {
    const char *path;
    AVFormatContext *fmt;
    AVCodecContext *dec;
    AVPacket *pkt;
    AVFrame *frame;
    int stream;
    bool draining;
} video_in;

static void video_open(video_in *v, const char *path)
{
    *v = (video_in){ .path = path };
    av_check(avformat_open_input(&v->fmt, path, NULL, NULL), path, "avformat_open_input");
    av_check(avformat_find_stream_info(v->fmt, NULL), path, "avformat_find_stream_info");
    const AVCodec *codec;
    v->stream = av_check(av_find_best_stream(v->fmt, AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0),
                         path, "av_find_best_stream");
    v->dec = avcodec_alloc_context3(codec);
    v->pkt = av_packet_alloc();
    v->frame = av_frame_alloc();
    ck_assert_msg(v->dec && v->pkt && v->frame, "%s: out of memory", path);
    av_check(avcodec_parameters_to_context(v->dec, v->fmt->streams[v->stream]->codecpar), path,
             "avcodec_parameters_to_context");
    v->dec->thread_count = 1;
    av_check(avcodec_open2(v->dec, codec, NULL), path, "avcodec_open2");
}

/* The next frame in v->frame, its pts the decoder's best-effort timestamp
 * (as ffprobe and ffmpeg take it); false after the last. */
static bool video_next(video_in *v)
{
    for (;;) {
        int ret = avcodec_receive_frame(v->dec, v->frame);
        if (ret == AVERROR_EOF)
            return false;
        if (ret != AVERROR(EAGAIN)) {
            av_check(ret, v->path, "avcodec_receive_frame");
            v->frame->pts = v->frame->best_effort_timestamp;
            return true;
        }
        ret = v->draining ? AVERROR_EOF : av_read_frame(v->fmt, v->pkt);
        if (ret == AVERROR_EOF) {
            if (!v->draining)
                av_check(avcodec_send_packet(v->dec, NULL), v->path, "avcodec_send_packet");
            v->draining = true;
            continue;
        }
        av_check(ret, v->path, "av_read_frame");
        if (v->pkt->stream_index == v->stream)
            av_check(avcodec_send_packet(v->dec, v->pkt), v->path, "avcodec_send_packet");
        av_packet_unref(v->pkt);
    }
}

static void video_close(video_in *v)
{
    av_frame_free(&v->frame);
    av_packet_free(&v->pkt);
    avcodec_free_context(&v->dec);
    avformat_close_input(&v->fmt);
}

/* What FFmpeg reads in a file, as ffprobe's frame pts_time, format
 * duration and stream codec_name and pix_fmt gave it: when each frame
 * starts and when the last ends, in ms (rounded to the nearest, halves
 * away from zero, as lround rounded ffprobe's seconds), and "codec,pixel
 * format". */
typedef struct probe {
    int n;
    long start[MAX_FRAMES], end;
    char codec[128];
} probe;

static void probe_file(const char *path, probe *p)
{
    video_in v;
    video_open(&v, path);
    const AVStream *st = v.fmt->streams[v.stream];
    *p = (probe){ 0 };
    while (video_next(&v)) {
        ck_assert_int_lt(p->n, MAX_FRAMES);
        ck_assert_msg(v.frame->pts != AV_NOPTS_VALUE, "%s: frame %d has no time", path, p->n);
        p->start[p->n++] = (long)av_rescale_q(v.frame->pts, st->time_base, (AVRational){ 1, 1000 });
    }
    ck_assert_msg(v.fmt->duration != AV_NOPTS_VALUE, "%s: no duration", path);
    p->end = (long)av_rescale(v.fmt->duration, 1000, AV_TIME_BASE);
    const char *format = av_get_pix_fmt_name(st->codecpar->format);
    snprintf(p->codec, sizeof p->codec, "%s,%s", avcodec_get_name(st->codecpar->codec_id),
             format ? format : "");
    video_close(&v);
}

/* Every frame of the W x H animation at path as FFmpeg decodes it, in RGB
 * (as `ffmpeg -f rawvideo -pix_fmt rgb24 -fps_mode passthrough` wrote it:
 * one frame out per frame decoded, converted by libswscale with the
 * bicubic flag ffmpeg gives it); the frame count in *frames. */
static uint8_t *decode_rgb(const char *path, size_t *frames)
{
    const size_t size = (size_t)W * H * 3;
    video_in v;
    video_open(&v, path);
    struct SwsContext *sws = NULL;
    uint8_t *rgb = NULL;
    size_t n = 0, cap = 0;
    while (video_next(&v)) {
        const AVFrame *f = v.frame;
        ck_assert_msg(f->width == W && f->height == H, "%s: frame %zu is %dx%d, not %dx%d", path,
                      n, f->width, f->height, W, H);
        sws = sws_getCachedContext(sws, W, H, f->format, W, H, AV_PIX_FMT_RGB24, SWS_BICUBIC,
                                   NULL, NULL, NULL);
        ck_assert_msg(sws != NULL, "%s: libswscale cannot convert %s to RGB", path,
                      av_get_pix_fmt_name(f->format));
        if (n == cap) {
            cap = cap ? 2 * cap : 16;
            rgb = realloc(rgb, cap * size);
            ck_assert_ptr_nonnull(rgb);
        }
        uint8_t *dst[4] = { rgb + n * size };
        const int stride[4] = { W * 3 };
        ck_assert_int_eq(sws_scale(sws, (const uint8_t *const *)f->data, f->linesize, 0, H, dst,
                                   stride),
                         H);
        n++;
    }
    sws_freeContext(sws);
    video_close(&v);
    ck_assert_msg(n > 0, "%s: no frames", path);
    *frames = n;
    return rgb;
}

/* The SSIM of the video at a against the one at b in RGB (GBR planes: the
 * ssim filter takes no packed RGB), by FFmpeg's ssim filter in the graph
 * `ffmpeg -i a -i b -lavfi` ran: the "All" it gives each frame, averaged
 * over the frames as its own summary averages it. */
static double ssim_of(const char *a, const char *b)
{
    const char *paths[2] = { a, b };
    video_in in[2];
    AVFilterContext *src[2], *sink;
    AVFilterGraph *graph = avfilter_graph_alloc();
    AVFilterInOut *outputs = avfilter_inout_alloc(), *inputs = avfilter_inout_alloc();
    AVFrame *out = av_frame_alloc();
    ck_assert_msg(graph && outputs && inputs && out, "SSIM of %s: out of memory", a);
    graph->nb_threads = 1;
    bool more[2];
    for (int i = 0; i < 2; i++) {
        video_open(&in[i], paths[i]);
        more[i] = video_next(&in[i]);
        ck_assert_msg(more[i], "%s: no frames", paths[i]);
        const AVFrame *f = in[i].frame;
        AVRational tb = in[i].fmt->streams[in[i].stream]->time_base;
        char args[256], name[8];
        snprintf(args, sizeof args, "video_size=%dx%d:pix_fmt=%d:time_base=%d/%d:"
                 "pixel_aspect=%d/%d", f->width, f->height, f->format, tb.num, tb.den,
                 f->sample_aspect_ratio.num, f->sample_aspect_ratio.den);
        snprintf(name, sizeof name, "%d:v", i);
        av_check(avfilter_graph_create_filter(&src[i], avfilter_get_by_name("buffer"), name,
                                              args, NULL, graph),
                 paths[i], "buffer source");
    }
    av_check(avfilter_graph_create_filter(&sink, avfilter_get_by_name("buffersink"), "out", NULL,
                                          NULL, graph),
             a, "buffer sink");
    /* ffmpeg's -lavfi graph: its "[0:v]" and "[1:v]" are our sources */
    AVFilterInOut *second = avfilter_inout_alloc();
    ck_assert_msg(second != NULL, "SSIM of %s: out of memory", a);
    *second = (AVFilterInOut){ .name = av_strdup("1:v"), .filter_ctx = src[1] };
    *outputs = (AVFilterInOut){ .name = av_strdup("0:v"), .filter_ctx = src[0], .next = second };
    *inputs = (AVFilterInOut){ .name = av_strdup("out"), .filter_ctx = sink };
    ck_assert_msg(outputs->name && second->name && inputs->name, "SSIM of %s: out of memory", a);
    av_check(avfilter_graph_parse_ptr(graph, "[0:v]format=gbrp[a];[1:v]format=gbrp[b];"
                                             "[a][b]ssim[out]",
                                      &inputs, &outputs, NULL),
             a, "the ssim graph");
    av_check(avfilter_graph_config(graph, NULL), a, "the ssim graph");

    double total = 0;
    int frames = 0;
    for (bool open[2] = { true, true }; open[0] || open[1];) {
        for (int i = 0; i < 2; i++) {
            if (more[i]) {
                av_check(av_buffersrc_add_frame(src[i], in[i].frame), paths[i], "SSIM input");
                more[i] = video_next(&in[i]);
            } else if (open[i]) {
                av_check(av_buffersrc_add_frame(src[i], NULL), paths[i], "SSIM input");
                open[i] = false;
            }
        }
        int ret;
        while ((ret = av_buffersink_get_frame(sink, out)) >= 0) {
            const AVDictionaryEntry *all = av_dict_get(out->metadata, "lavfi.ssim.All", NULL, 0);
            ck_assert_msg(all != NULL, "SSIM of %s: no lavfi.ssim.All on frame %d", a, frames);
            total += strtod(all->value, NULL);
            frames++;
            av_frame_unref(out);
        }
        ck_assert_msg(ret == AVERROR(EAGAIN) || ret == AVERROR_EOF, "SSIM of %s: %s", a,
                      av_err2str(ret));
    }
    ck_assert_msg(frames > 0, "SSIM of %s: no frames compared", a);
    av_frame_free(&out);
    avfilter_inout_free(&inputs);
    avfilter_inout_free(&outputs);
    avfilter_graph_free(&graph);
    for (int i = 0; i < 2; i++)
        video_close(&in[i]);
    return total / frames;
}

static void write_animation(const char *dir, const char *name)
{
    run r;
    RUN_IN(&r, dir, ANIMATION, "-o", name);
    ck_assert_msg(r.code == 0, "%s: exit %d: %s", name, r.code, r.err);
}

/* The GIF every other format is compared with, and its poster, written,
 * probed and decoded once for the suite, in the runner's process, whose
 * tests inherit it. */
static struct {
    char dir[256], path[4096];
    probe times;
    uint8_t *rgb;
    size_t frames;
} ref;

static void write_reference(void)
{
    av_log_set_level(AV_LOG_ERROR);
    tu_mkdtemp(ref.dir, sizeof ref.dir);
    run r;
    RUN_IN(&r, ref.dir, REFERENCE);
    ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
    snprintf(ref.path, sizeof ref.path, "%s/a.gif", ref.dir);
    probe_file(ref.path, &ref.times);
    ref.rgb = decode_rgb(ref.path, &ref.frames);
}

static void remove_reference(void)
{
    free(ref.rgb);
    tu_rmtree(ref.dir);
}

/* The GIF at path is the reference's byte for byte, as the same command
 * wrote it (test_cli_determinism checks that it must), so the reference's
 * decoded frames are its frames: a test that writes the same animation
 * beside something else needs no decoding of its own. */
static void assert_reference_gif(const char *path)
{
    size_t len, ref_len;
    uint8_t *bytes = tu_read_all(path, &len), *ref_bytes = tu_read_all(ref.path, &ref_len);
    ck_assert_msg(len == ref_len && memcmp(bytes, ref_bytes, len) == 0,
                  "%s is not the reference GIF the same command wrote", path);
    free(bytes);
    free(ref_bytes);
}

/* The reference GIF's frame times, with the timing under test. */
static const probe *gif_times(void)
{
    const probe *p = &ref.times;
    /* steps of 30 ms, one paused step, the hold */
    ck_assert_int_ge(p->n, 5);
    ck_assert_int_eq(p->start[1] - p->start[0], 30);
    ck_assert_int_eq(p->start[2] - p->start[1], 500);
    ck_assert_int_eq(p->end - p->start[p->n - 1], 700);
    ck_assert_uint_eq(ref.frames, (size_t)p->n);
    return p;
}

START_TEST(webp_keeps_the_gifs_pixels_and_durations)
{
    char dir[256], path[4096];
    tu_mkdtemp(dir, sizeof dir);
    const probe *times = gif_times();
    int n = times->n;
    const uint8_t *gif = ref.rgb;

    write_animation(dir, "a.WebP");
    snprintf(path, sizeof path, "%s/a.WebP", dir);
    size_t len;
    uint8_t *bytes = tu_read_all(path, &len);
    WebPData data = { bytes, len };
    WebPAnimDecoderOptions opt;
    ck_assert(WebPAnimDecoderOptionsInit(&opt));
    opt.color_mode = MODE_RGBA;
    WebPAnimDecoder *dec = WebPAnimDecoderNew(&data, &opt);
    ck_assert_ptr_nonnull(dec);
    WebPAnimInfo info;
    ck_assert(WebPAnimDecoderGetInfo(dec, &info));
    ck_assert_uint_eq(info.canvas_width, W);
    ck_assert_uint_eq(info.canvas_height, H);
    ck_assert_uint_eq(info.frame_count, (uint32_t)n);
    ck_assert_uint_eq(info.loop_count, 0);
    for (int i = 0; i < n; i++) {
        uint8_t *rgba;
        int ends;
        ck_assert(WebPAnimDecoderGetNext(dec, &rgba, &ends));
        ck_assert_int_eq(ends, i + 1 < n ? times->start[i + 1] : times->end);
        const uint8_t *want = gif + (size_t)i * W * H * 3;
        size_t bad = W * H;
        for (size_t p = 0; p < (size_t)W * H && bad == (size_t)W * H; p++)
            if (memcmp(rgba + 4 * p, want + 3 * p, 3) != 0 || rgba[4 * p + 3] != 255)
                bad = p;
        ck_assert_msg(bad == (size_t)W * H, "frame %d differs at pixel (%zu, %zu)", i,
                      bad % W, bad / W);
    }
    ck_assert(!WebPAnimDecoderHasMoreFrames(dec));
    WebPAnimDecoderDelete(dec);
    free(bytes);
    tu_rmtree(dir);
}
END_TEST

/* Frame count, every frame's start, the hold, and SSIM against the GIF,
 * compared in RGB so that colour blurred by the 4:2:0 subsampling counts. */
static void check_video(const char *name, const char *codec)
{
    char dir[256], path[4096];
    tu_mkdtemp(dir, sizeof dir);
    const probe *want = gif_times();
    write_animation(dir, name);
    snprintf(path, sizeof path, "%s/%s", dir, name);

    probe got;
    probe_file(path, &got);
    ck_assert_str_eq(got.codec, codec);
    ck_assert_int_eq(got.n, want->n);
    for (int i = 0; i < want->n; i++)
        ck_assert_msg(got.start[i] == want->start[i], "%s: frame %d starts at %ld ms, in the "
                      "GIF at %ld", name, i, got.start[i], want->start[i]);
    ck_assert_int_eq(got.end, want->end);

    double ssim = ssim_of(path, ref.path);
    ck_assert_msg(ssim >= 0.99, "%s: SSIM %.4f against the GIF", name, ssim);
    tu_rmtree(dir);
}

START_TEST(webm_plays_every_delay_pause_and_hold_of_the_gif)
{
    check_video("a.webm", "vp9,yuv420p");
}
END_TEST

START_TEST(mp4_plays_every_delay_pause_and_hold_of_the_gif)
{
    check_video("a.Mp4", "h264,yuv420p");
}
END_TEST

/* The same frames make the same MP4 whatever the process's memory held
 * before: glibc's perturb has malloc fill every block it hands out (with
 * 0xfe here, left as the kernel gave it the other time), and a high mmap
 * threshold makes large blocks come from that heap rather than as fresh
 * zeroed pages. 320x240 has 300 macroblocks, a count past which Debian's
 * libx264 reads in its AVX-512 code (src/out/video.c); on a machine with
 * AVX-512, such as these test machines, the two files differed. Without
 * AVX-512 the fault cannot show, and the test checks only that the
 * bytes are stable. */
START_TEST(mp4_does_not_depend_on_what_memory_held)
{
    char dir[256], path[4096];
    tu_mkdtemp(dir, sizeof dir);
    static const char *const tunables[] = {
        "GLIBC_TUNABLES=glibc.malloc.mmap_threshold=1073741824",
        "GLIBC_TUNABLES=glibc.malloc.mmap_threshold=1073741824:glibc.malloc.perturb=1",
    };
    uint8_t *bytes[2];
    size_t len[2];
    for (int i = 0; i < 2; i++) {
        const char *env[] = { tunables[i], NULL };
        const char *args[] = { "animate", "-q", "-f", "sawtooth:cycles=2,period=5", "-g",
                               "decay:n=6,scale=3", "--size", "320x240", "-o", "a.mp4", NULL };
        ru_opts o = { .cwd = dir, .env = env };
        run r;
        ru_run(&r, &o, args);
        ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
        snprintf(path, sizeof path, "%s/a.mp4", dir);
        bytes[i] = tu_read_all(path, &len[i]);
    }
    ck_assert_msg(len[0] == len[1] && memcmp(bytes[0], bytes[1], len[0]) == 0,
                  "%zu bytes with memory as the kernel gave it, %zu with it filled", len[0],
                  len[1]);
    free(bytes[0]);
    free(bytes[1]);
    tu_rmtree(dir);
}
END_TEST

/* The poster written beside the reference GIF is its last frame. */
START_TEST(webp_poster_is_the_last_frame)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/p.webp", ref.dir);
    size_t len;
    uint8_t *bytes = tu_read_all(path, &len);
    int w, h;
    uint8_t *rgb = WebPDecodeRGB(bytes, len, &w, &h);
    ck_assert_ptr_nonnull(rgb);
    ck_assert_int_eq(w, W);
    ck_assert_int_eq(h, H);
    ck_assert(memcmp(rgb, ref.rgb + (ref.frames - 1) * W * H * 3, (size_t)W * H * 3) == 0);
    WebPFree(rgb);
    free(bytes);
}
END_TEST

/* the soname's number: that of the headers convanim was built with */
#define AVUTIL_MAJOR AV_STRINGIFY(LIBAVUTIL_VERSION_MAJOR)

/* A system without FFmpeg's libraries (tests/no_ffmpeg.c hides them from
 * dlopen): a video is refused as the system's failure, naming the library
 * and its package, the old file kept; a GIF is written as ever, as convanim
 * loads FFmpeg only for a video. */
START_TEST(video_without_ffmpeg_says_which_library_is_missing)
{
    char dir[256], path[4096], preload[4200], asan[1024], buf[64];
    tu_mkdtemp(dir, sizeof dir);
    const char *bin = ru_bin(), *asan_options = getenv("ASAN_OPTIONS");
    snprintf(preload, sizeof preload, "LD_PRELOAD=%.*s/tests/no_ffmpeg.so",
             (int)(strrchr(bin, '/') - bin), bin);
    ck_assert_msg(access(preload + strlen("LD_PRELOAD="), R_OK) == 0, "no %s", preload);
    /* AddressSanitizer wants its runtime first among the libraries */
    snprintf(asan, sizeof asan, "ASAN_OPTIONS=%s%sverify_asan_link_order=0",
             asan_options ? asan_options : "", asan_options ? ":" : "");
    const char *env[] = { preload, asan, NULL };
    static const char *const names[] = { "old.webm", "old.mp4", "new.gif" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        bool video = i < 2;
        if (video)
            tu_write_file(path, "previous\n", 9);
        const char *args[] = { "animate", "-q", "-f", "box", "-g", "box", "-o", names[i], NULL };
        ru_opts o = { .cwd = dir, .env = env };
        run r;
        ru_run(&r, &o, args);
        if (video) {
            ru_assert_refused(&r, 1, "WebM and MP4 need FFmpeg's libavutil.so." AVUTIL_MAJOR
                              " (Debian's package libavutil" AVUTIL_MAJOR "), which cannot be "
                              "loaded", "convanim");
            ck_assert_str_eq(tu_slurp(path, buf, sizeof buf), "previous\n");
        } else {
            ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
            ck_assert_int_eq(access(path, R_OK), 0);
        }
    }
    ck_assert_int_eq(tu_entries(dir), 3);
    tu_rmtree(dir);
}
END_TEST

/* FFmpeg is loaded only to write a video: neither convanim nor
 * libconvanim.so.0 (built beside it) names libavcodec, libavformat or
 * libavutil among the libraries it needs, so valgrind can run them
 * (libavcodec's libhwy stops valgrind 3.19 before main). */
START_TEST(neither_the_command_nor_the_library_links_ffmpeg)
{
    const char *bin = ru_bin();
    char cmd[4400], out[8192];
    for (int i = 0; i < 2; i++) {
        if (i == 0)
            snprintf(cmd, sizeof cmd, "readelf -d '%s'", bin);
        else
            snprintf(cmd, sizeof cmd, "readelf -d '%.*s/libconvanim.so.0'",
                     (int)(strrchr(bin, '/') - bin), bin);
        command_output(cmd, out, sizeof out);
        ck_assert_msg(strstr(out, "(NEEDED)") != NULL, "%s: no NEEDED entries read", cmd);
        ck_assert_msg(strstr(out, "libav") == NULL, "%s: links FFmpeg:\n%s", cmd, out);
    }
}
END_TEST

/* Each frame's time in DIR/timeline.txt, as LaTeX's animate reads it:
 * ":RATE:N" lines, RATE frames per second kept until the next line that
 * gives one, N the frame's number. Returns the frame count. */
static int timeline_times(const char *path, long ms[MAX_FRAMES])
{
    char text[8192];
    tu_slurp(path, text, sizeof text);
    double rate = 0;
    int n = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        ck_assert_int_lt(n, MAX_FRAMES);
        ck_assert_msg(line[0] == ':', "not a frame of animate's timeline: %s", line);
        char *end;
        if (line[1] != ':') {
            rate = strtod(line + 1, &end);
            ck_assert_msg(*end == ':' && rate > 0, "bad rate in: %s", line);
        } else {
            end = line + 1;
        }
        ck_assert_msg(rate > 0, "no rate before frame %d", n);
        ck_assert_int_eq(strtol(end + 1, NULL, 10), n);
        ms[n++] = lround(1000 / rate);
    }
    return n;
}

START_TEST(frames_timeline_plays_the_gifs_every_delay_pause_and_hold)
{
    char dir[256], path[4096];
    tu_mkdtemp(dir, sizeof dir);
    const probe *times = gif_times();
    const long *start = times->start, end = times->end;
    long ms[MAX_FRAMES];
    int n = times->n;
    snprintf(path, sizeof path, "%s/fr", dir);
    ck_assert_int_eq(mkdir(path, 0755), 0);
    run r;
    RUN_IN(&r, dir, ANIMATION, "-o", "b.gif", "--frames", "fr", "--beamer");
    ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
    snprintf(path, sizeof path, "%s/fr/timeline.txt", dir);
    ck_assert_int_eq(timeline_times(path, ms), n);
    long total = 0;
    for (int i = 0; i < n; i++) {
        long want = (i + 1 < n ? start[i + 1] : end) - start[i];
        ck_assert_msg(ms[i] == want, "frame %d: %ld ms in the timeline, %ld in the GIF", i,
                      ms[i], want);
        total += ms[i];
    }
    ck_assert_int_eq(total, end - start[0]);
    char line[256];
    snprintf(line, sizeof line, "\\animategraphics[controls,loop,timeline=fr/timeline.txt]"
             "{%.10g}{fr/frame_}{0000}{%04d}\n", 1000.0 / ms[0], n - 1);
    ck_assert_str_eq(r.out, line);
    /* the frames and the timeline, nothing staged left */
    snprintf(path, sizeof path, "%s/fr", dir);
    ck_assert_int_eq(tu_entries(path), n + 1);
    tu_rmtree(dir);
}
END_TEST

/* animate2d goes through the same writers: every format by its extension,
 * each played with the GIF's frames and delays, and beside it the frames
 * with their timeline, the \\animategraphics line, a WebP poster and a
 * contact sheet. */
START_TEST(animate2d_writes_every_format_with_the_gifs_timing)
{
    static const char *const names[] = { "a.WebM", "a.mp4" };
    char dir[256], path[4096];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/fr", dir);
    ck_assert_int_eq(mkdir(path, 0755), 0);
#define ANIMATION2D "animate2d", "grid:size=3", "-k", "ones:size=2", "-m", "valid", "--size", \
        "640x480", "--delay", "30", "--hold", "700", "-q"
    run r;
    RUN_IN(&r, dir, ANIMATION2D, "-o", "a.gif", "--frames", "fr", "--beamer", "--poster",
           "p.webp", "--sheet", "s.png", "--sheet-frames", "2");
    ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
    char line[256];
    snprintf(line, sizeof line, "\\animategraphics[controls,loop,timeline=fr/timeline.txt]"
             "{%.10g}{fr/frame_}{0000}{0003}\n", 1000.0 / 30);
    ck_assert_str_eq(r.out, line);
    long ms[MAX_FRAMES];
    probe gif;
    snprintf(path, sizeof path, "%s/a.gif", dir);
    probe_file(path, &gif);
    const long *want = gif.start, want_end = gif.end;
    /* 2x2 output cells, 30 ms each, the last held */
    ck_assert_int_eq(gif.n, 4);
    ck_assert_int_eq(want[3] - want[0], 90);
    ck_assert_int_eq(want_end - want[3], 700);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        RUN_IN(&r, dir, ANIMATION2D, "-o", names[i]);
        ck_assert_msg(r.code == 0, "%s: exit %d: %s", names[i], r.code, r.err);
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        probe video;
        probe_file(path, &video);
        ck_assert_int_eq(video.n, 4);
        for (int f = 0; f < 4; f++)
            ck_assert_msg(video.start[f] == want[f], "%s: frame %d starts at %ld ms, in the "
                          "GIF at %ld", names[i], f, video.start[f], want[f]);
        ck_assert_int_eq(video.end, want_end);
    }
    /* FFmpeg reads no animated WebP: libwebp's demuxer gives each frame's end */
    RUN_IN(&r, dir, ANIMATION2D, "-o", "a.webp");
    ck_assert_msg(r.code == 0, "a.webp: exit %d: %s", r.code, r.err);
    snprintf(path, sizeof path, "%s/a.webp", dir);
    size_t len;
    uint8_t *bytes = tu_read_all(path, &len);
    WebPData data = { bytes, len };
    WebPAnimDecoder *dec = WebPAnimDecoderNew(&data, NULL);
    ck_assert_ptr_nonnull(dec);
    for (int f = 0; f < 4; f++) {
        uint8_t *rgba;
        int ends;
        ck_assert(WebPAnimDecoderGetNext(dec, &rgba, &ends));
        ck_assert_int_eq(ends, f < 3 ? want[f + 1] : want_end);
    }
    ck_assert(!WebPAnimDecoderHasMoreFrames(dec));
    WebPAnimDecoderDelete(dec);
    free(bytes);
    snprintf(path, sizeof path, "%s/fr/timeline.txt", dir);
    ck_assert_int_eq(timeline_times(path, ms), 4);
    for (int f = 0; f < 4; f++)
        ck_assert_int_eq(ms[f], (f < 3 ? want[f + 1] : want_end) - want[f]);
    /* no --beamer, no line */
    ck_assert_str_eq(r.out, "");
    /* the poster a WebP of the frame's size, the sheet a PNG of two frames
     * side by side, read by libwebp and libpng */
    snprintf(path, sizeof path, "%s/p.webp", dir);
    bytes = tu_read_all(path, &len);
    WebPBitstreamFeatures webp;
    ck_assert_int_eq(WebPGetFeatures(bytes, len, &webp), VP8_STATUS_OK);
    ck_assert_int_eq(webp.width, W);
    ck_assert_int_eq(webp.height, H);
    ck_assert(!webp.has_animation);
    free(bytes);
    snprintf(path, sizeof path, "%s/s.png", dir);
    png_image png = { .version = PNG_IMAGE_VERSION };
    ck_assert_msg(png_image_begin_read_from_file(&png, path), "%s: %s", path, png.message);
    ca_sheet_layout l;
    ck_assert_int_eq(ca_sheet_layout_of(W, H, 4, 2, &l, NULL), CA_OK);
    ck_assert_uint_eq(l.cells, 2);
    ck_assert_uint_eq(png.width, (unsigned)l.width);
    ck_assert_uint_eq(png.height, (unsigned)l.height);
    png_image_free(&png);
#undef ANIMATION2D
    tu_rmtree(dir);
}
END_TEST

/* Sheets of a few cells and of more cells than frames: each cell holds its
 * frame exactly, the one nearest c * (frames - 1) / (cells - 1), in a
 * sheet of the size its layout says, with ink in the label under it. */
START_TEST(sheet_cells_are_the_evenly_spaced_frames)
{
    static const size_t asked[] = { 3, 48 };
    char dir[256], path[4096];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/fr", dir);
    ck_assert_int_eq(mkdir(path, 0755), 0);
    for (size_t k = 0; k < sizeof asked / sizeof asked[0]; k++) {
        char cells[16];
        snprintf(cells, sizeof cells, "%zu", asked[k]);
        run r;
        RUN_IN(&r, dir, REFERENCE, "--frames", "fr", "--sheet", "s.png", "--sheet-frames",
               cells);
        ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
        /* the GIF's frames those of the reference (FFmpeg's decoding); the
         * sheet, read by libpng, at the size its layout gives */
        snprintf(path, sizeof path, "%s/a.gif", dir);
        assert_reference_gif(path);
        size_t frames = ref.frames;
        const uint8_t *gif = ref.rgb;
        snprintf(path, sizeof path, "%s/s.png", dir);
        png_image png = { .version = PNG_IMAGE_VERSION };
        ck_assert_msg(png_image_begin_read_from_file(&png, path), "%s: %s", path, png.message);
        png.format = PNG_FORMAT_RGB;
        uint8_t *sheet = malloc(PNG_IMAGE_SIZE(png));
        ck_assert_ptr_nonnull(sheet);
        ck_assert_msg(png_image_finish_read(&png, NULL, sheet, 0, NULL), "%s: %s", path,
                      png.message);
        ca_sheet_layout l;
        ck_assert_int_eq(ca_sheet_layout_of(W, H, frames, asked[k], &l, NULL), CA_OK);
        ck_assert_uint_eq(l.cells, asked[k] < frames ? asked[k] : frames);
        ck_assert_uint_eq(png.width, (unsigned)l.width);
        ck_assert_uint_eq(png.height, (unsigned)l.height);
        size_t row = (size_t)l.width * 3;
        for (size_t c = 0; c < l.cells; c++) {
            size_t want = l.cells == 1 ? frames - 1
                                       : (size_t)lround((double)c * (frames - 1) /
                                                        (double)(l.cells - 1));
            ck_assert_uint_eq(ca_sheet_frame(&l, frames, c), want);
            int x, y;
            ca_sheet_cell_origin(&l, c, &x, &y);
            const uint8_t *frame = gif + want * W * H * 3;
            bool same = true;
            for (int j = 0; j < H && same; j++)
                same = memcmp(sheet + (size_t)(y + j) * row + (size_t)x * 3,
                              frame + (size_t)j * W * 3, (size_t)W * 3) == 0;
            ck_assert_msg(same, "cell %zu is not frame %zu", c, want);
            /* the label: some dark pixels in the line under the frame */
            int dark = 0;
            for (int j = y + H + 1; j < y + H + l.label; j++)
                for (int i = x; i < x + W; i++) {
                    const uint8_t *p = sheet + (size_t)j * row + (size_t)i * 3;
                    dark += p[0] + p[1] + p[2] < 200;
                }
            ck_assert_msg(dark > 20, "cell %zu: no label under the frame", c);
        }
        free(sheet);
    }
    tu_rmtree(dir);
}
END_TEST

/* A three-colour palette and frames of stripes that move. */
static void stripes(ca_palette *pal, uint8_t *pixels, int w, int h, int shift)
{
    ca_palette_init(pal, (ca_rgb){ 255, 255, 255 });
    ck_assert_int_eq(ca_palette_add_colour(pal, (ca_rgb){ 200, 30, 10 }, NULL, NULL), CA_OK);
    ck_assert_int_eq(ca_palette_add_colour(pal, (ca_rgb){ 0, 120, 200 }, NULL, NULL), CA_OK);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            pixels[y * w + x] = (uint8_t)(((x + shift) / 3 + y / 5) % 3);
}

START_TEST(webp_writer_keeps_milliseconds_and_the_loop_count)
{
    enum { SW = 37, SH = 23 };
    static const int delays[] = { 1, 333, 20, 7 };
    ca_palette pal;
    uint8_t pixels[4][SW * SH];
    for (int i = 0; i < 4; i++)
        stripes(&pal, pixels[i], SW, SH, i * 2);
    ca_memory m = { 0 };
    ca_sink sink = ca_memory_sink(&m);
    ca_webp *w;
    ca_error err = { 0 };
    ck_assert_int_eq(ca_webp_open(&sink, SW, SH, &pal, 3, &w, &err), CA_OK);
    ca_frame_writer fw = ca_webp_writer(w);
    for (int i = 0; i < 4; i++) {
        ca_canvas c = { .pixels = pixels[i], .width = SW, .height = SH, .stride = SW,
                        .pal = &pal };
        ck_assert_int_eq(fw.add(fw.ctx, &c, delays[i], NULL, &err), CA_OK);
    }
    ck_assert_int_eq(fw.finish(fw.ctx, &err), CA_OK);

    WebPData data = { m.data, m.size };
    WebPAnimDecoder *dec = WebPAnimDecoderNew(&data, NULL);
    ck_assert_ptr_nonnull(dec);
    WebPAnimInfo info;
    ck_assert(WebPAnimDecoderGetInfo(dec, &info));
    ck_assert_uint_eq(info.loop_count, 3);
    ck_assert_uint_eq(info.frame_count, 4);
    int ends = 0;
    for (int i = 0; i < 4; i++) {
        uint8_t *rgba;
        int t;
        ck_assert(WebPAnimDecoderGetNext(dec, &rgba, &t));
        ends += delays[i];
        ck_assert_int_eq(t, ends);
        int bad = -1;
        for (int p = 0; p < SW * SH && bad < 0; p++) {
            ca_rgb c = pal.rgb[pixels[i][p]];
            if (rgba[4 * p] != c.r || rgba[4 * p + 1] != c.g || rgba[4 * p + 2] != c.b)
                bad = p;
        }
        ck_assert_msg(bad < 0, "frame %d differs at pixel %d", i, bad);
    }
    WebPAnimDecoderDelete(dec);
    free(m.data);
}
END_TEST

START_TEST(writers_refuse_a_frame_of_no_time_and_stay_failed)
{
    enum { SW = 32, SH = 16 };
    ca_palette pal;
    uint8_t pixels[SW * SH];
    stripes(&pal, pixels, SW, SH, 0);
    ca_canvas c = { .pixels = pixels, .width = SW, .height = SH, .stride = SW, .pal = &pal };
    for (int k = 0; k < 2; k++) {
        ca_memory m = { 0 };
        ca_sink sink = ca_memory_sink(&m);
        ca_error err = { 0 };
        ca_frame_writer fw;
        if (k == 0) {
            ca_webp *w;
            ck_assert_int_eq(ca_webp_open(&sink, SW, SH, &pal, 0, &w, &err), CA_OK);
            fw = ca_webp_writer(w);
        } else {
            ca_video *v;
            ck_assert_int_eq(ca_video_open(&sink, CA_VIDEO_WEBM, SW, SH, &pal, &v, &err), CA_OK);
            fw = ca_video_writer(v);
        }
        ck_assert_int_eq(fw.add(fw.ctx, &c, 40, NULL, &err), CA_OK);
        ck_assert_int_eq(fw.add(fw.ctx, &c, 0, NULL, &err), CA_EINPUT);
        ck_assert_ptr_nonnull(strstr(err.msg, "frame 2: delay 0 ms"));
        err = (ca_error){ 0 };
        ck_assert_int_eq(fw.add(fw.ctx, &c, 40, NULL, &err), CA_EINPUT);
        ck_assert_ptr_nonnull(strstr(err.msg, "frame 2: delay 0 ms"));
        ck_assert_int_eq(fw.finish(fw.ctx, &err), CA_EINPUT);
        ck_assert_uint_eq(m.size, 0);
        free(m.data);
    }
}
END_TEST

START_TEST(video_needs_an_even_size)
{
    ca_palette pal;
    uint8_t pixels[33 * 16];
    stripes(&pal, pixels, 33, 16, 0);
    ca_memory m = { 0 };
    ca_sink sink = ca_memory_sink(&m);
    ca_error err = { 0 };
    ca_video *v;
    ck_assert_int_eq(ca_video_open(&sink, CA_VIDEO_MP4, 33, 16, &pal, &v, &err), CA_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "size 33x16: H.264 video needs an even width"));
    ck_assert_ptr_null(m.data);
}
END_TEST

/* The file keeps what it had when the writer fails or is dropped, and
 * nothing else appears beside it. */
START_TEST(a_failed_or_dropped_file_writer_leaves_the_old_file)
{
    enum { SW = 32, SH = 16 };
    ca_palette pal;
    uint8_t pixels[SW * SH];
    stripes(&pal, pixels, SW, SH, 0);
    ca_canvas c = { .pixels = pixels, .width = SW, .height = SH, .stride = SW, .pal = &pal };
    char dir[256], path[4096], buf[64];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/old.mp4", dir);
    tu_write_file(path, "previous\n", 9);
    for (int k = 0; k < 3; k++) {
        ca_error err = { 0 };
        ca_frame_writer fw;
        ck_assert_int_eq(k == 0 ? ca_webp_open_file(path, SW, SH, &pal, 0, &fw, &err)
                                : ca_video_open_file(path, k == 1 ? CA_VIDEO_WEBM
                                                                  : CA_VIDEO_MP4,
                                                     SW, SH, &pal, &fw, &err),
                         CA_OK);
        ck_assert_int_eq(fw.add(fw.ctx, &c, 40, NULL, &err), CA_OK);
        if (k == 1) {
            fw.abort(fw.ctx);
        } else {
            ck_assert_int_eq(fw.add(fw.ctx, &c, -1, NULL, &err), CA_EINPUT);
            ck_assert_int_eq(fw.finish(fw.ctx, &err), CA_EINPUT);
        }
        ck_assert_str_eq(tu_slurp(path, buf, sizeof buf), "previous\n");
        ck_assert_int_eq(tu_entries(dir), 1);
    }
    tu_rmtree(dir);
}
END_TEST

/* A run that fails after its writer opened keeps the old file, whatever
 * the format. */
START_TEST(a_failed_run_leaves_the_old_file_in_every_format)
{
    static const char *const names[] = { "old.webp", "old.webm", "old.mp4" };
    char dir[256], path[4096], buf[64];
    tu_mkdtemp(dir, sizeof dir);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        tu_write_file(path, "previous\n", 9);
        run r;
        RUN_IN(&r, dir, UNTIMED, "--delay", "0", "--hold", "0", "--pause-at", "1", "--pause", "0", "-o",
               names[i]);
        cu_assert_bad_input(&r, "frame 1: delay 0 ms");
        ck_assert_str_eq(tu_slurp(path, buf, sizeof buf), "previous\n");
        ck_assert_int_eq(tu_entries(dir), (int)i + 1);
    }
    tu_rmtree(dir);
}
END_TEST

static const tu_suite suite = { .name = "formats", .timeout = 60,
                                .setup_once = write_reference, .teardown_once = remove_reference };
TU_MAIN(suite, webp_writer_keeps_milliseconds_and_the_loop_count,
        writers_refuse_a_frame_of_no_time_and_stay_failed, video_needs_an_even_size,
        a_failed_or_dropped_file_writer_leaves_the_old_file, webp_keeps_the_gifs_pixels_and_durations,
        webm_plays_every_delay_pause_and_hold_of_the_gif,
        mp4_plays_every_delay_pause_and_hold_of_the_gif, mp4_does_not_depend_on_what_memory_held,
        webp_poster_is_the_last_frame,
        a_failed_run_leaves_the_old_file_in_every_format,
        frames_timeline_plays_the_gifs_every_delay_pause_and_hold,
        animate2d_writes_every_format_with_the_gifs_timing,
        sheet_cells_are_the_evenly_spaced_frames,
        video_without_ffmpeg_says_which_library_is_missing,
        neither_the_command_nor_the_library_links_ffmpeg)

#include <stdint.h>
#include <stdlib.h>
#include <webp/encode.h>
#include <webp/mux.h>

#include "convanim/anim.h"
#include "convanim/webp.h"
#include "base/util.h"

enum { WEBP_MAX_LOOP = 65535 };

struct ca_webp {
    ca_sink sink;
    WebPAnimEncoder *enc;
    WebPConfig config;
    /* The frame as libwebp takes it: the palette's colours as ARGB. It
     * keeps the last frame, so only the changed rectangle is converted. */
    WebPPicture pic;
    uint32_t argb[CA_PALETTE_SIZE];
    const ca_palette *pal;
    unsigned long frames;
    int timestamp;              /* when the next frame starts, in ms */
    ca_error error;             /* the first failure; status CA_OK until then */
};

static uint32_t to_argb(ca_rgb c)
{
    return 0xff000000u | (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b;
}

static ca_status check_size(int width, int height, ca_error *err)
{
    if (width < 1 || width > WEBP_MAX_DIMENSION || height < 1 || height > WEBP_MAX_DIMENSION)
        return ca_fail(err, CA_EINPUT, "size %dx%d is not within 1x1..%dx%d for WebP", width,
                       height, WEBP_MAX_DIMENSION, WEBP_MAX_DIMENSION);
    return CA_OK;
}

static void release(ca_webp *w)
{
    WebPAnimEncoderDelete(w->enc);
    WebPPictureFree(&w->pic);
    free(w);
}

/* Lossless at the settings measured for line art (make bench): method 4
 * at the most effort (quality 100) takes no longer than at 75 and writes
 * 0.4 % less on sliding_block; methods 5 and 6 take up to three times as
 * long for under 0.1 % more, or write more. */
static ca_status configure(WebPConfig *config, ca_error *err)
{
    if (!WebPConfigInit(config))
        return ca_fail(err, CA_EIO, "libwebp's encoder does not match its header");
    config->lossless = 1;
    config->method = 4;
    config->quality = 100;
    /* the palette's colours exactly, whatever libwebp would prefer */
    config->exact = 1;
    if (!WebPValidateConfig(config))
        return ca_fail(err, CA_EIO, "libwebp refuses the lossless settings");
    return CA_OK;
}

/* What a still and an animation share: the checks, the picture and the
 * lossless settings. */
static ca_status start(const ca_sink *sink, int width, int height, const ca_palette *pal,
                       ca_webp **out, ca_error *err)
{
    *out = NULL;
    ca_status s = check_size(width, height, err);
    if (s != CA_OK)
        return s;
    if (!pal || pal->count < 1 || pal->count > CA_PALETTE_SIZE)
        return ca_fail(err, CA_EINPUT, "the palette needs 1..%d colours (has %d)",
                       CA_PALETTE_SIZE, pal ? pal->count : 0);
    ca_webp *w = calloc(1, sizeof *w);
    if (!w)
        return ca_fail(err, CA_ENOMEM, "out of memory for the WebP writer");
    w->sink = *sink;
    w->pal = pal;
    for (int i = 0; i < pal->count; i++)
        w->argb[i] = to_argb(pal->rgb[i]);
    if (!WebPPictureInit(&w->pic)) {
        free(w);
        return ca_fail(err, CA_EIO, "libwebp's encoder does not match its header");
    }
    w->pic.use_argb = 1;
    w->pic.width = width;
    w->pic.height = height;
    if (!WebPPictureAlloc(&w->pic))
        s = ca_fail(err, CA_ENOMEM, "out of memory for %dx%d pixels", width, height);
    else
        s = configure(&w->config, err);
    if (s != CA_OK) {
        release(w);
        return s;
    }
    *out = w;
    return CA_OK;
}

ca_status ca_webp_open(const ca_sink *sink, int width, int height, const ca_palette *pal,
                       int loop, ca_webp **out, ca_error *err)
{
    *out = NULL;
    if (loop < 0 || loop > WEBP_MAX_LOOP)
        return ca_fail(err, CA_EINPUT, "loop count %d is not within 0..%d", loop,
                       WEBP_MAX_LOOP);
    ca_webp *w;
    ca_status s = start(sink, width, height, pal, &w, err);
    if (s != CA_OK)
        return s;
    WebPAnimEncoderOptions opt;
    if (!WebPAnimEncoderOptionsInit(&opt)) {
        release(w);
        return ca_fail(err, CA_EIO, "libwebp's encoder does not match its header");
    }
    opt.anim_params.loop_count = loop;
    /* lossless only: a lossy sub-frame would change pixels */
    opt.allow_mixed = 0;
    w->enc = WebPAnimEncoderNew(width, height, &opt);
    if (!w->enc) {
        release(w);
        return ca_fail(err, CA_ENOMEM, "out of memory for the WebP encoder");
    }
    *out = w;
    return CA_OK;
}

/* Converts the rectangle r of frame to ARGB in w->pic, checking every
 * index against the palette. */
static ca_status convert(ca_webp *w, const ca_canvas *frame, ca_rect r, ca_error *err)
{
    int count = w->pal->count;
    for (int y = r.y0; y < r.y1; y++) {
        const uint8_t *p = frame->pixels + y * frame->stride;
        uint32_t *q = w->pic.argb + (size_t)y * (size_t)w->pic.argb_stride;
        for (int x = r.x0; x < r.x1; x++) {
            if (p[x] >= count)
                return ca_fail(err, CA_EINPUT,
                               "frame %lu: pixel (%d, %d) has index %d, the palette has %d "
                               "colours", w->frames + 1, x, y, p[x], count);
            q[x] = w->argb[p[x]];
        }
    }
    return CA_OK;
}

/* The rectangle to convert: all of the first frame, then what the caller
 * says changed, clamped to the frame. */
static ca_rect convert_box(const ca_webp *w, const ca_rect *changed)
{
    ca_rect r = { 0, 0, w->pic.width, w->pic.height };
    if (w->frames == 0 || !changed)
        return r;
    r.x0 = changed->x0 > 0 ? changed->x0 : 0;
    r.y0 = changed->y0 > 0 ? changed->y0 : 0;
    r.x1 = changed->x1 < r.x1 ? changed->x1 : r.x1;
    r.y1 = changed->y1 < r.y1 ? changed->y1 : r.y1;
    return r;
}

static ca_status encoder_error(const ca_webp *w, ca_error *err)
{
    if (w->pic.error_code == VP8_ENC_ERROR_OUT_OF_MEMORY)
        return ca_fail(err, CA_ENOMEM, "frame %lu: out of memory in libwebp", w->frames + 1);
    const char *why = WebPAnimEncoderGetError(w->enc);
    return ca_fail(err, CA_EIO, "frame %lu: libwebp: %s", w->frames + 1,
                   why && *why ? why : "the encoder failed");
}

static ca_status add_frame(ca_webp *w, const ca_canvas *frame, int delay_ms,
                           const ca_rect *changed, ca_error *err)
{
    if (!frame->pixels || frame->width != w->pic.width || frame->height != w->pic.height ||
        frame->stride < frame->width)
        return ca_fail(err, CA_EINPUT, "frame %lu is %dx%d pixels, the WebP %dx%d",
                       w->frames + 1, frame->width, frame->height, w->pic.width,
                       w->pic.height);
    ca_status s = ca_writer_check_delay("WebP", w->frames + 1, delay_ms, err);
    if (s != CA_OK)
        return s;
    if (w->timestamp > INT32_MAX - delay_ms)
        return ca_fail(err, CA_ELIMIT, "frame %lu: the animation lasts over %d ms",
                       w->frames + 1, INT32_MAX);
    s = convert(w, frame, convert_box(w, changed), err);
    if (s != CA_OK)
        return s;
    if (!WebPAnimEncoderAdd(w->enc, &w->pic, w->timestamp, &w->config))
        return encoder_error(w, err);
    w->timestamp += delay_ms;
    w->frames++;
    return CA_OK;
}

static ca_status finish(ca_webp *w, ca_error *err)
{
    if (w->frames == 0)
        return ca_fail(err, CA_EINPUT, "no frames to write");
    /* a frame without a picture ends the last one's duration */
    if (!WebPAnimEncoderAdd(w->enc, NULL, w->timestamp, NULL))
        return encoder_error(w, err);
    WebPData data;
    WebPDataInit(&data);
    if (!WebPAnimEncoderAssemble(w->enc, &data)) {
        const char *why = WebPAnimEncoderGetError(w->enc);
        return ca_fail(err, CA_EIO, "libwebp: %s", why && *why ? why : "cannot assemble the "
                       "animation");
    }
    size_t wrote = w->sink.write(w->sink.ctx, data.bytes, data.size);
    ca_status s = wrote == data.size ? CA_OK : ca_sink_failed(&w->sink, err);
    WebPDataClear(&data);
    return s;
}

/* The first failure sticks: w->error keeps it and every later call
 * returns it. */
static ca_status outcome(const ca_webp *w, ca_error *err)
{
    if (w->error.status != CA_OK && err)
        *err = w->error;
    return w->error.status;
}

static ca_status writer_add(void *ctx, const ca_canvas *frame, int delay_ms,
                            const ca_rect *changed, ca_error *err)
{
    ca_webp *w = ctx;
    if (w->error.status == CA_OK)
        add_frame(w, frame, delay_ms, changed, &w->error);
    return outcome(w, err);
}

static ca_status writer_finish(void *ctx, ca_error *err)
{
    ca_webp *w = ctx;
    if (w->error.status == CA_OK)
        finish(w, &w->error);
    ca_status s = outcome(w, err);
    release(w);
    return s;
}

static void writer_abort(void *ctx)
{
    release(ctx);
}

ca_frame_writer ca_webp_writer(ca_webp *w)
{
    return (ca_frame_writer){ .ctx = w, .add = writer_add, .finish = writer_finish,
                              .abort = writer_abort };
}

ca_status ca_webp_write_still(const ca_sink *sink, const ca_canvas *frame, ca_error *err)
{
    ca_webp *w;
    ca_status s = start(sink, frame->width, frame->height, frame->pal, &w, err);
    if (s != CA_OK)
        return s;
    WebPMemoryWriter out;
    WebPMemoryWriterInit(&out);
    w->pic.writer = WebPMemoryWrite;
    w->pic.custom_ptr = &out;
    s = convert(w, frame, (ca_rect){ 0, 0, frame->width, frame->height }, err);
    if (s == CA_OK && !WebPEncode(&w->config, &w->pic))
        s = w->pic.error_code == VP8_ENC_ERROR_OUT_OF_MEMORY
                ? ca_fail(err, CA_ENOMEM, "out of memory in libwebp")
                : ca_fail(err, CA_EIO, "libwebp cannot encode the still (error %d)",
                          (int)w->pic.error_code);
    if (s == CA_OK && sink->write(sink->ctx, out.mem, out.size) != out.size)
        s = ca_sink_failed(sink, err);
    WebPMemoryWriterClear(&out);
    release(w);
    return s;
}

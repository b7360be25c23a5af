#include <gif_lib.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "convanim/gif.h"
#include "out/lzw.h"
#include "base/util.h"

enum { GIF_MAX_SIDE = 65535, GIF_MAX_DELAY = 65535, GIF_MAX_LOOP = 65535 };

struct ca_gif {
    ca_sink sink;
    const char *name;           /* the sink's, for messages */
    bool write_failed;          /* a write came short: the sink says why */
    ca_file_sink *file;         /* ca_gif_open_file's, committed by close */
    GifFileType *gif;
    int width, height;
    int transparent;            /* the first index after the palette's colours */
    int bits;                   /* bits per index in the colour table */
    unsigned long frames;       /* frames added so far */
    /* What a decoder shows after the frames so far: pixels outside the
     * encoded rectangles are copied from here, never from the caller. */
    uint8_t *prev;
    /* Where a frame's pixels did not change, they may be written as the
     * transparent index: alt holds one row of the frame's rectangle with
     * them so. */
    uint8_t *alt;
    /* giflib writes the file's structure; the pixels are compressed here,
     * two ways (see put_frame), into memory, and the shorter is handed to
     * giflib as finished sub-blocks (EGifPutCodeNext). */
    ca_lzw *lzw[2];
    struct coded {
        uint8_t *bytes;
        size_t len, cap;
    } coded[2];
    /* Frames of one animation mostly agree on which way is shorter: the
     * way that won when both were last tried (0 or 1), and how many
     * frames may take it alone before both are tried again. */
    int way;
    int trust, trusted;
    ca_error error;             /* the first failure; status CA_OK until then */
};

static int write_out(GifFileType *gif, const GifByteType *bytes, int len)
{
    ca_gif *g = gif->UserData;
    size_t done = g->sink.write(g->sink.ctx, bytes, (size_t)len);
    if (done != (size_t)len)
        g->write_failed = true;
    return (int)done;
}

/* giflib's error code in words; a failed write says what the system said. */
static ca_status giflib_error(const ca_gif *g, int code, ca_error *err)
{
    if (g->write_failed)
        return ca_sink_failed(&g->sink, err);
    if (code == E_GIF_ERR_NOT_ENOUGH_MEM)
        return ca_fail(err, CA_ENOMEM, "%s: out of memory", g->name);
    const char *why = GifErrorString(code);
    return ca_fail(err, CA_EIO, "%s: giflib: %s", g->name, why ? why : "unknown error");
}

static ca_status check_open(const char *path, int width, int height, const ca_palette *pal,
                            int loop, ca_error *err)
{
    if (width < 1 || width > GIF_MAX_SIDE || height < 1 || height > GIF_MAX_SIDE)
        return ca_fail(err, CA_EINPUT, "%s: size %dx%d is not within 1x1..%dx%d", path, width,
                       height, GIF_MAX_SIDE, GIF_MAX_SIDE);
    if (!pal || pal->count < 1 || pal->count > CA_PALETTE_MAX_USED)
        return ca_fail(err, CA_EINPUT, "%s: the palette needs 1..%d colours (has %d)", path,
                       CA_PALETTE_MAX_USED, pal ? pal->count : 0);
    if (loop < 0 || loop > GIF_MAX_LOOP)
        return ca_fail(err, CA_EINPUT, "%s: loop count %d is not within 0..%d", path, loop,
                       GIF_MAX_LOOP);
    return CA_OK;
}

/* The header, the global colour table and the loop count. The table holds
 * the palette padded to a power of two with room for one more entry, so
 * index pal->count is free to mean "transparent". */
static ca_status start_stream(ca_gif *g, const ca_palette *pal, int loop, ca_error *err)
{
    int code;
    g->gif = EGifOpen(g, write_out, &code);
    if (!g->gif)
        return giflib_error(g, code, err);
    /* GIF87a has no extensions: the frame delays and the loop need 89a. */
    EGifSetGifVersion(g->gif, true);

    GifColorType colours[CA_PALETTE_SIZE] = { { 0, 0, 0 } };
    for (int i = 0; i < pal->count; i++)
        colours[i] = (GifColorType){ pal->rgb[i].r, pal->rgb[i].g, pal->rgb[i].b };
    int bits = 1;
    while ((1 << bits) < pal->count + 1)
        bits++;
    g->bits = bits;
    ColorMapObject map = { .ColorCount = 1 << bits, .BitsPerPixel = bits, .Colors = colours };

    static const GifByteType netscape[] = "NETSCAPE2.0";
    const GifByteType repeat[] = { 1, (GifByteType)(loop & 0xff), (GifByteType)(loop >> 8) };
    if (EGifPutScreenDesc(g->gif, g->width, g->height, 8, 0, &map) == GIF_ERROR ||
        EGifPutExtensionLeader(g->gif, APPLICATION_EXT_FUNC_CODE) == GIF_ERROR ||
        EGifPutExtensionBlock(g->gif, (int)sizeof netscape - 1, netscape) == GIF_ERROR ||
        EGifPutExtensionBlock(g->gif, (int)sizeof repeat, repeat) == GIF_ERROR ||
        EGifPutExtensionTrailer(g->gif) == GIF_ERROR)
        return giflib_error(g, g->gif->Error, err);
    return CA_OK;
}

ca_status ca_gif_open(const ca_sink *sink, int width, int height, const ca_palette *pal,
                      int loop, ca_gif **out, ca_error *err)
{
    *out = NULL;
    const char *path = ca_sink_name(sink);
    ca_status status = check_open(path, width, height, pal, loop, err);
    if (status != CA_OK)
        return status;
    size_t size;
    if (!ca_mul_size((size_t)width, (size_t)height, &size))
        return ca_fail(err, CA_ELIMIT, "%s: %dx%d pixels do not fit in memory", path, width,
                       height);
    ca_gif *g = malloc(sizeof *g);
    if (!g)
        return ca_fail(err, CA_ENOMEM, "%s: out of memory", path);
    *g = (ca_gif){ .sink = *sink, .name = path, .width = width, .height = height,
                   .transparent = pal->count, .way = -1 };
    g->prev = malloc(size);
    g->alt = malloc((size_t)width);
    g->lzw[0] = calloc(1, sizeof *g->lzw[0]);
    g->lzw[1] = calloc(1, sizeof *g->lzw[1]);
    if (!g->prev || !g->alt || !g->lzw[0] || !g->lzw[1])
        status = ca_fail(err, CA_ENOMEM, "%s: out of memory for %dx%d pixels", path, width,
                         height);
    else
        status = start_stream(g, pal, loop, err);
    if (status != CA_OK) {
        ca_gif_abort(g);
        return status;
    }
    *out = g;
    return CA_OK;
}

/* Rows are compared, checked and masked a word (8 pixels) at a time. */
enum { WORD = 8 };
static const uint64_t ONES = 0x0101010101010101u, HIGH = 0x8080808080808080u;

/* How many of the n bytes at p equal those at q, compared 8 at a time
 * while they do (from the start, or backwards from the end). */
static int same_from_start(const uint8_t *p, const uint8_t *q, int n)
{
    int i = 0;
    for (; i + WORD <= n && memcmp(p + i, q + i, WORD) == 0; i += WORD)
        ;
    while (i < n && p[i] == q[i])
        i++;
    return i;
}

static int same_from_end(const uint8_t *p, const uint8_t *q, int n)
{
    int i = 0;
    for (; i + WORD <= n && memcmp(p + n - i - WORD, q + n - i - WORD, WORD) == 0; i += WORD)
        ;
    while (i < n && p[n - i - 1] == q[n - i - 1])
        i++;
    return i;
}

/* The tight rectangle of the pixels that differ from the previous frame,
 * looking only inside `within`; empty when none do. */
static ca_rect changed_box(const ca_gif *g, const uint8_t *pixels, ptrdiff_t stride,
                           ca_rect within)
{
    ca_rect box = { 0, 0, 0, 0 };
    int w = within.x1 - within.x0;
    for (int y = within.y0; y < within.y1; y++) {
        const uint8_t *p = pixels + y * stride + within.x0;
        const uint8_t *q = g->prev + (size_t)y * (size_t)g->width + within.x0;
        if (memcmp(p, q, (size_t)w) == 0)
            continue;
        /* memcmp saw a difference, so both scans stop at one. */
        int x0 = within.x0 + same_from_start(p, q, w);
        int x1 = within.x1 - same_from_end(p, q, w);
        ca_rect_union(&box, (ca_rect){ x0, y, x1, y + 1 });
    }
    return box;
}

/* The rectangle to encode: the whole first frame, then what changed. */
static ca_rect frame_box(const ca_gif *g, const uint8_t *pixels, ptrdiff_t stride,
                         const ca_rect *changed)
{
    ca_rect whole = { 0, 0, g->width, g->height };
    if (g->frames == 0)
        return whole;
    ca_rect within = whole;
    if (changed) {
        within.x0 = changed->x0 > 0 ? changed->x0 : 0;
        within.y0 = changed->y0 > 0 ? changed->y0 : 0;
        within.x1 = changed->x1 < g->width ? changed->x1 : g->width;
        within.y1 = changed->y1 < g->height ? changed->y1 : g->height;
    }
    /* a hint empty after clamping (or inverted) promises that nothing changed */
    ca_rect box = { 0, 0, 0, 0 };
    if (within.x0 < within.x1 && within.y0 < within.y1)
        box = changed_box(g, pixels, stride, within);
    if (box.x0 >= box.x1 || box.y0 >= box.y1)
        /* A GIF frame cannot be empty: one unchanged pixel keeps the frame,
         * and with it the delay the caller asked for. */
        box = (ca_rect){ 0, 0, 1, 1 };
    return box;
}

/* The high bit of each byte of w that is at least t (1..255), 8 bytes at
 * once: no sum below carries from one byte into the next. */
static uint64_t at_least(uint64_t w, unsigned t)
{
    uint64_t low = w & ~HIGH;
    if (t <= 128)
        return (w | (low + (128 - t) * ONES)) & HIGH;
    return w & (low + (256 - t) * ONES) & HIGH;
}

/* 8 pixels p as the all-transparent encoding writes them: t's byte where
 * p's equals the previous frame's q. */
static uint64_t masked(uint64_t p, uint64_t q, uint64_t t)
{
    uint64_t keep = (ca_lzw_nonzero_bytes(p ^ q) >> 7) * 0xff;
    return (p & keep) | (t & ~keep);
}

/* Checks that every index of the w pixels at p is one of the palette's
 * and, when q (the same pixels in the previous frame) is given, fills
 * g->alt. */
static ca_status check_row(ca_gif *g, const uint8_t *p, const uint8_t *q, int w, int x0, int y,
                           ca_error *err)
{
    unsigned t = (unsigned)g->transparent;
    uint64_t bad = 0, tt = ONES * t;
    int x = 0;
    for (; x + WORD <= w; x += WORD) {
        uint64_t wp;
        memcpy(&wp, p + x, WORD);
        bad |= at_least(wp, t);
        if (q) {
            uint64_t wq, walt;
            memcpy(&wq, q + x, WORD);
            walt = masked(wp, wq, tt);
            memcpy(g->alt + x, &walt, WORD);
        }
    }
    for (; x < w; x++) {
        bad |= p[x] >= t;
        if (q)
            g->alt[x] = p[x] == q[x] ? (uint8_t)t : p[x];
    }
    if (!bad)
        return CA_OK;
    x = 0;
    while (p[x] < t)
        x++;
    return ca_fail(err, CA_EINPUT,
                   "%s: frame %lu: pixel (%d, %d) has index %d, the palette has %d colours",
                   g->name, g->frames + 1, x0 + x, y, p[x], g->transparent);
}

/* Keeps a finished sub-block in memory; 0 when out of it. */
static int keep_block(void *ctx, const uint8_t *block)
{
    struct coded *c = ctx;
    size_t n = (size_t)block[0] + 1;
    if (c->cap - c->len < n) {
        size_t cap = c->cap ? c->cap * 2 : 4096;
        uint8_t *bytes = realloc(c->bytes, cap);
        if (!bytes)
            return 0;
        c->bytes = bytes;
        c->cap = cap;
    }
    memcpy(c->bytes + c->len, block, n);
    c->len += n;
    return 1;
}

/* Which ways to compress the next frame in (bit k: way k). A frame after
 * the first may be written two ways: 0, with each unchanged pixel as
 * whichever of its index and the transparent one continues the
 * compressor's string (ca_lzw_put's alt), or 1, with every unchanged pixel
 * as the transparent index (long runs of one value where little changed).
 * Neither is always the shorter, but consecutive frames mostly agree, so
 * once a way wins twice in a row it is trusted alone for a while (1, 3,
 * 7, up to 15 frames while it keeps winning), which halves the work of
 * most frames for a few bytes. */
static int ways_for_frame(ca_gif *g)
{
    if (g->frames == 0)
        return 1;
    if (g->trusted > 0) {
        g->trusted--;
        return 1 << g->way;
    }
    return 3;
}

static void note_winner(ca_gif *g, int way)
{
    enum { MOST_TRUST = 15 };
    g->trust = way == g->way ? (g->trust * 2 + 1 < MOST_TRUST ? g->trust * 2 + 1 : MOST_TRUST)
                             : 0;
    g->trusted = g->trust;
    g->way = way;
}

/* A frame compressed the ways ways_for_frame says, the shorter kept. */
static ca_status put_frame(ca_gif *g, const uint8_t *pixels, ptrdiff_t stride, ca_rect box,
                           int delay_cs, ca_error *err)
{
    int w = box.x1 - box.x0, ways = ways_for_frame(g);
    for (int k = 0; k < 2; k++) {
        ca_lzw_begin(g->lzw[k], g->bits);
        g->coded[k].len = 0;
    }
    for (int y = box.y0; y < box.y1; y++) {
        const uint8_t *p = pixels + y * stride + box.x0;
        const uint8_t *q = g->frames > 0 ? g->prev + (size_t)y * (size_t)g->width + box.x0
                                         : NULL;
        /* a bad index fails the writer, and with it the file */
        ca_status s = check_row(g, p, q, w, box.x0, y, err);
        if (s != CA_OK)
            return s;
        if (((ways & 1) && !ca_lzw_put(g->lzw[0], p, q ? g->alt : NULL, (size_t)w, keep_block,
                                       &g->coded[0])) ||
            ((ways & 2) && !ca_lzw_put(g->lzw[1], g->alt, NULL, (size_t)w, keep_block,
                                       &g->coded[1])))
            return ca_fail(err, CA_ENOMEM, "%s: out of memory", g->name);
    }
    for (int k = 0; k < 2; k++)
        if (((ways >> k) & 1) && !ca_lzw_end(g->lzw[k], keep_block, &g->coded[k]))
            return ca_fail(err, CA_ENOMEM, "%s: out of memory", g->name);
    int way = ways == 3 ? g->coded[1].len < g->coded[0].len : ways == 2;
    /* a tie (an unchanged frame's one pixel, say) says nothing of the next */
    if (ways == 3 && g->coded[0].len != g->coded[1].len)
        note_winner(g, way);
    const struct coded *c = &g->coded[way];
    /* DISPOSE_DO_NOT: each frame is drawn over the last, which is what the
     * diff assumes. The first frame has nothing to show through. */
    GraphicsControlBlock gcb = {
        .DisposalMode = DISPOSE_DO_NOT,
        .DelayTime = delay_cs,
        .TransparentColor = g->frames > 0 ? g->transparent : NO_TRANSPARENT_COLOR,
    };
    GifByteType gce[4];
    size_t len = EGifGCBToExtension(&gcb, gce);
    if (EGifPutExtension(g->gif, GRAPHICS_EXT_FUNC_CODE, (int)len, gce) == GIF_ERROR ||
        EGifPutImageDesc(g->gif, box.x0, box.y0, w, box.y1 - box.y0, false, NULL) == GIF_ERROR)
        return giflib_error(g, g->gif->Error, err);
    for (size_t at = 0; at < c->len; at += (size_t)c->bytes[at] + 1)
        if (EGifPutCodeNext(g->gif, c->bytes + at) == GIF_ERROR)
            return giflib_error(g, g->gif->Error, err);
    if (EGifPutCodeNext(g->gif, NULL) == GIF_ERROR)
        return giflib_error(g, g->gif->Error, err);
    /* giflib does not check every write it makes */
    if (g->write_failed)
        return ca_sink_failed(&g->sink, err);
    return CA_OK;
}

static ca_status add_frame(ca_gif *g, const uint8_t *pixels, ptrdiff_t stride, int delay_cs,
                           const ca_rect *changed, ca_error *err)
{
    if (!pixels || stride < g->width)
        return ca_fail(err, CA_EINPUT, "%s: frame %lu: no pixels, or a stride (%td) below the "
                       "width (%d)", g->name, g->frames + 1, stride, g->width);
    if (delay_cs < 0 || delay_cs > GIF_MAX_DELAY)
        return ca_fail(err, CA_EINPUT, "%s: frame %lu: delay %d is not within 0..%d "
                       "hundredths of a second", g->name, g->frames + 1, delay_cs,
                       GIF_MAX_DELAY);
    ca_rect box = frame_box(g, pixels, stride, changed);
    ca_status status = put_frame(g, pixels, stride, box, delay_cs, err);
    if (status != CA_OK)
        return status;
    for (int y = box.y0; y < box.y1; y++)
        memcpy(g->prev + (size_t)y * (size_t)g->width + box.x0, pixels + y * stride + box.x0,
               (size_t)(box.x1 - box.x0));
    g->frames++;
    return CA_OK;
}

/* The first failure sticks: g->error keeps it and every later call returns
 * it, so a frame is never written after one that went wrong. */
static ca_status outcome(const ca_gif *g, ca_error *err)
{
    if (g->error.status != CA_OK && err)
        *err = g->error;
    return g->error.status;
}

ca_status ca_gif_add_frame(ca_gif *g, const uint8_t *pixels, ptrdiff_t stride, int delay_cs,
                           const ca_rect *changed, ca_error *err)
{
    if (g->error.status == CA_OK)
        add_frame(g, pixels, stride, delay_cs, changed, &g->error);
    return outcome(g, err);
}

static ca_status put_comment(ca_gif *g, const char *text, ca_error *err)
{
    /* giflib would write an empty comment as a stray byte */
    if (!text || !*text || strlen(text) > CA_GIF_MAX_COMMENT)
        return ca_fail(err, CA_EINPUT, "%s: a comment of 1 to %d bytes is needed", g->name,
                       CA_GIF_MAX_COMMENT);
    if (EGifPutComment(g->gif, text) == GIF_ERROR)
        return giflib_error(g, g->gif->Error, err);
    if (g->write_failed)
        return ca_sink_failed(&g->sink, err);
    return CA_OK;
}

ca_status ca_gif_comment(ca_gif *g, const char *text, ca_error *err)
{
    if (g->error.status == CA_OK)
        put_comment(g, text, &g->error);
    return outcome(g, err);
}

static ca_status finish(ca_gif *g, ca_error *err)
{
    if (g->frames == 0)
        return ca_fail(err, CA_EINPUT, "%s: no frames to write", g->name);
    GifFileType *gif = g->gif;
    int code;
    g->gif = NULL;
    /* EGifCloseFile frees gif even when it fails, and does not check the
     * write of the trailer: write_out saw that. */
    if (EGifCloseFile(gif, &code) == GIF_ERROR)
        return giflib_error(g, code, err);
    if (g->write_failed)
        return ca_sink_failed(&g->sink, err);
    if (!g->file)
        return CA_OK;
    ca_file_sink *file = g->file;
    g->file = NULL;
    return ca_file_sink_commit(file, err);
}

ca_status ca_gif_close(ca_gif *g, ca_error *err)
{
    if (g->error.status == CA_OK)
        finish(g, &g->error);
    ca_status status = outcome(g, err);
    ca_gif_abort(g);
    return status;
}

void ca_gif_abort(ca_gif *g)
{
    if (!g)
        return;
    if (g->gif)
        EGifCloseFile(g->gif, NULL);
    ca_file_sink_abort(g->file);
    free(g->prev);
    free(g->alt);
    for (int k = 0; k < 2; k++) {
        free(g->lzw[k]);
        free(g->coded[k].bytes);
    }
    free(g);
}

/* A frame writer's frame, checked as ca_gif_add_frame cannot: it sees no
 * size, and counts the delay in hundredths. */
static ca_status add_canvas(ca_gif *g, const ca_canvas *frame, int delay_ms,
                           const ca_rect *changed, ca_error *err)
{
    enum { MAX_DELAY_MS = GIF_MAX_DELAY * 10 + 4 };
    if (frame->width != g->width || frame->height != g->height)
        return ca_fail(err, CA_EINPUT, "%s: frame %lu is %dx%d pixels, the GIF %dx%d",
                       g->name, g->frames + 1, frame->width, frame->height, g->width,
                       g->height);
    if (delay_ms < 0 || delay_ms > MAX_DELAY_MS)
        return ca_fail(err, CA_EINPUT, "%s: frame %lu: delay %d ms is not within 0..%d ms",
                       g->name, g->frames + 1, delay_ms, MAX_DELAY_MS);
    return add_frame(g, frame->pixels, frame->stride, (delay_ms + 5) / 10, changed, err);
}

static ca_status writer_add(void *ctx, const ca_canvas *frame, int delay_ms,
                            const ca_rect *changed, ca_error *err)
{
    ca_gif *g = ctx;
    if (g->error.status == CA_OK)
        add_canvas(g, frame, delay_ms, changed, &g->error);
    return outcome(g, err);
}

static ca_status writer_finish(void *ctx, ca_error *err)
{
    return ca_gif_close(ctx, err);
}

static void writer_abort(void *ctx)
{
    ca_gif_abort(ctx);
}

ca_status ca_gif_open_file(const char *path, int width, int height, const ca_palette *pal,
                           int loop, ca_gif **out, ca_error *err)
{
    *out = NULL;
    /* bad values are refused before a temporary is made */
    ca_status s = check_open(path, width, height, pal, loop, err);
    ca_file_sink *file;
    if (s == CA_OK)
        s = ca_file_sink_open(path, &file, err);
    if (s != CA_OK)
        return s;
    ca_sink sink = ca_file_sink_get(file);
    s = ca_gif_open(&sink, width, height, pal, loop, out, err);
    if (s != CA_OK) {
        ca_file_sink_abort(file);
        return s;
    }
    (*out)->file = file;
    return CA_OK;
}

ca_frame_writer ca_gif_writer(ca_gif *g)
{
    return (ca_frame_writer){ .ctx = g, .add = writer_add, .finish = writer_finish,
                              .abort = writer_abort };
}

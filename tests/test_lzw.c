#include <gif_lib.h>

#include "out/lzw.h"
#include "testutil.h"

/* A growing byte buffer that giflib writes into. */
typedef struct sink {
    uint8_t *bytes;
    size_t len, cap;
} sink;

static int to_sink(GifFileType *gif, const GifByteType *bytes, int len)
{
    sink *s = gif->UserData;
    if (s->len + (size_t)len > s->cap) {
        s->cap = (s->len + (size_t)len) * 2;
        s->bytes = realloc(s->bytes, s->cap);
        ck_assert_ptr_nonnull(s->bytes);
    }
    memcpy(s->bytes + s->len, bytes, (size_t)len);
    s->len += (size_t)len;
    return len;
}

static int put_block(void *ctx, const uint8_t *block)
{
    return EGifPutCodeNext(ctx, block) == GIF_OK;
}

/* One w x h image of `bits`-bit pixels as a GIF file in memory, its pixels
 * compressed by giflib itself (ours false) or by ca_lzw (ours true; alt
 * as ca_lzw_put takes it), handed to the encoder `chunk` pixels at a time. */
static sink encode(const uint8_t *pixels, const uint8_t *alt, int w, int h, int bits, bool ours,
                   size_t chunk)
{
    sink s = { 0 };
    int e;
    GifFileType *gif = EGifOpen(&s, to_sink, &e);
    ck_assert_ptr_nonnull(gif);
    GifColorType colours[256] = { { 0, 0, 0 } };
    ColorMapObject map = { .ColorCount = 1 << bits, .BitsPerPixel = bits, .Colors = colours };
    ck_assert_int_eq(EGifPutScreenDesc(gif, w, h, bits, 0, &map), GIF_OK);
    ck_assert_int_eq(EGifPutImageDesc(gif, 0, 0, w, h, false, NULL), GIF_OK);
    size_t n = (size_t)w * (size_t)h;
    if (ours) {
        static ca_lzw z;
        ca_lzw_begin(&z, bits);
        /* one assertion for the whole image: Check's bookkeeping for a
         * passing assertion costs more than a chunk of one pixel */
        size_t failed_at = n;
        for (size_t i = 0; i < n && failed_at == n; i += chunk)
            if (!ca_lzw_put(&z, pixels + i, alt ? alt + i : NULL, n - i < chunk ? n - i : chunk,
                            put_block, gif))
                failed_at = i;
        ck_assert_msg(failed_at == n, "ca_lzw_put failed at pixel %zu of %zu", failed_at, n);
        ck_assert(ca_lzw_end(&z, put_block, gif));
        ck_assert_int_eq(EGifPutCodeNext(gif, NULL), GIF_OK);
    } else {
        uint8_t *row = malloc((size_t)w);
        ck_assert_ptr_nonnull(row);
        for (int y = 0; y < h; y++) {
            /* giflib masks the row in place */
            memcpy(row, pixels + (size_t)y * (size_t)w, (size_t)w);
            ck_assert_int_eq(EGifPutLine(gif, row, w), GIF_OK);
        }
        free(row);
    }
    ck_assert_int_eq(EGifCloseFile(gif, &e), GIF_OK);
    return s;
}

/* ca_lzw must write exactly the bytes giflib writes for the same pixels. */
static void assert_same_as_giflib(const uint8_t *pixels, int w, int h, int bits)
{
    sink want = encode(pixels, NULL, w, h, bits, false, 0);
    static const size_t chunks[] = { 1, 7, 4096, (size_t)1 << 30 };
    for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
        sink got = encode(pixels, NULL, w, h, bits, true, chunks[c]);
        ck_assert_msg(got.len == want.len && memcmp(got.bytes, want.bytes, want.len) == 0,
                      "%dx%d at %d bits, chunks of %zu: %zu bytes, giflib %zu", w, h, bits,
                      chunks[c], got.len, want.len);
        free(got.bytes);
    }
    free(want.bytes);
}

static int from_sink(GifFileType *gif, GifByteType *bytes, int len)
{
    sink *s = gif->UserData;
    size_t n = s->cap - s->len < (size_t)len ? s->cap - s->len : (size_t)len;
    memcpy(bytes, s->bytes + s->len, n);
    s->len += n;
    return (int)n;
}

/* The pixels of the one image in s, as giflib decodes them (freed by the
 * caller). */
static uint8_t *decode(sink s)
{
    sink in = { .bytes = s.bytes, .len = 0, .cap = s.len };
    int e;
    GifFileType *gif = DGifOpen(&in, from_sink, &e);
    ck_assert_ptr_nonnull(gif);
    ck_assert_int_eq(DGifSlurp(gif), GIF_OK);
    ck_assert_int_eq(gif->ImageCount, 1);
    const GifImageDesc *d = &gif->SavedImages[0].ImageDesc;
    size_t n = (size_t)d->Width * (size_t)d->Height;
    uint8_t *px = malloc(n);
    ck_assert_ptr_nonnull(px);
    memcpy(px, gif->SavedImages[0].RasterBits, n);
    ck_assert_int_eq(DGifCloseFile(gif, &e), GIF_OK);
    return px;
}

/* The first of the n decoded pixels that is neither its pixel nor its alt
 * value, n when every one is one of them. */
static size_t first_wrong(const uint8_t *got, const uint8_t *pixels, const uint8_t *alt, size_t n)
{
    size_t i = 0;
    while (i < n && (got[i] == pixels[i] || got[i] == alt[i]))
        i++;
    return i;
}

static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

START_TEST(noise_matches_giflib_at_every_depth)
{
    uint64_t state = 1;
    static uint8_t px[300 * 200];
    for (int bits = 1; bits <= 8; bits++) {
        for (size_t i = 0; i < sizeof px; i++)
            px[i] = (uint8_t)(next_random(&state) & ((1u << bits) - 1));
        assert_same_as_giflib(px, 300, 200, bits);
    }
}
END_TEST

/* Long runs of one value, the transparent index of an animation frame,
 * broken by short bursts: the run shortcut must give giflib's codes, also
 * across the clear codes of full tables. */
START_TEST(runs_match_giflib)
{
    uint64_t state = 7;
    static uint8_t px[1000 * 700];
    for (int bits = 2; bits <= 8; bits += 3) {
        uint8_t run = (uint8_t)((1u << bits) - 1);
        size_t i = 0;
        while (i < sizeof px) {
            size_t len = next_random(&state) % 5000;
            for (size_t k = 0; k < len && i < sizeof px; k++)
                px[i++] = run;
            size_t burst = next_random(&state) % 12;
            for (size_t k = 0; k < burst && i < sizeof px; k++)
                px[i++] = (uint8_t)(next_random(&state) % (1u << bits));
        }
        assert_same_as_giflib(px, 1000, 700, bits);
    }
}
END_TEST

START_TEST(flat_and_tiny_images_match_giflib)
{
    static uint8_t px[2000 * 2000];
    memset(px, 3, sizeof px);
    assert_same_as_giflib(px, 2000, 2000, 7);   /* one run, longer than any table */
    assert_same_as_giflib(px, 1, 1, 2);
    uint8_t two[] = { 0, 1 };
    assert_same_as_giflib(two, 2, 1, 1);
    /* runs of alternating values that restart with every row */
    for (int y = 0; y < 64; y++)
        for (int x = 0; x < 640; x++)
            px[y * 640 + x] = (uint8_t)((x / (y + 1)) & 1 ? 5 : 9);
    assert_same_as_giflib(px, 640, 64, 4);
}
END_TEST

/* Frames of an animation, as the GIF writer gives them: spans of pixels
 * that may also be the transparent index (the top one) between spans that
 * may not, at every depth and handed over in chunks of every size; every
 * decoded pixel must be one of its two values. */
START_TEST(every_pixel_decodes_to_one_of_its_two_values)
{
    uint64_t state = 11;
    static uint8_t px[400 * 300], alt[sizeof px];
    static const size_t chunks[] = { 1, 7, 400, sizeof px };
    for (int bits = 1; bits <= 8; bits++) {
        uint8_t t = (uint8_t)((1u << bits) - 1);
        size_t i = 0;
        while (i < sizeof px) {
            bool either = next_random(&state) % 3 != 0;
            size_t len = next_random(&state) % 300;
            /* few values, so that strings repeat and the choice matters */
            for (size_t k = 0; k < len && i < sizeof px; k++, i++) {
                px[i] = (uint8_t)(next_random(&state) % 3 % (1u << bits));
                alt[i] = either ? t : px[i];
            }
        }
        for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
            sink s = encode(px, alt, 400, 300, bits, true, chunks[c]);
            uint8_t *got = decode(s);
            size_t bad = first_wrong(got, px, alt, sizeof px);
            ck_assert_msg(bad == sizeof px, "%d bits, chunks of %zu: pixel %zu is %d, not %d or %d",
                          bits, chunks[c], bad, bad < sizeof px ? got[bad] : -1,
                          bad < sizeof px ? px[bad] : -1, bad < sizeof px ? alt[bad] : -1);
            free(got);
            free(s.bytes);
        }
    }
}
END_TEST

/* A block of one colour drawn over pixels of its own colour here and
 * there, then a span
 * whose old pixels are noise and did not change: the block is one run of
 * its colour (not broken where it did not change) and the span one run of
 * the transparent index (not its noise), shorter than either value alone. */
START_TEST(runs_go_on_over_pixels_that_may_be_either)
{
    enum { BLOCK = 200, SPAN = 300, N = BLOCK + SPAN, T = 7 };
    static const uint8_t noise_values[] = { 0, 1, 2, 4, 5, 6 };
    uint8_t px[N], alt[N], want[N];
    uint64_t state = 5;
    for (int i = 0; i < N; i++) {
        bool in_block = i < BLOCK;
        px[i] = in_block ? 3 : noise_values[next_random(&state) % 6];
        alt[i] = in_block && i % 7 != 3 ? px[i] : T;
        want[i] = in_block ? 3 : T;
    }
    sink s = encode(px, alt, N, 1, 3, true, N);
    uint8_t *got = decode(s);
    ck_assert_mem_eq(got, want, N);
    sink plain = encode(px, NULL, N, 1, 3, true, N), masked = encode(alt, NULL, N, 1, 3, true, N);
    ck_assert_msg(s.len < plain.len && s.len < masked.len, "%zu bytes, %zu plain, %zu masked",
                  s.len, plain.len, masked.len);
    free(got);
    free(s.bytes);
    free(plain.bytes);
    free(masked.bytes);
}
END_TEST

static int fail_after(void *ctx, const uint8_t *block)
{
    (void)block;
    int *budget = ctx;
    return (*budget)-- > 0;
}

START_TEST(a_failed_write_is_reported)
{
    static ca_lzw z;
    static uint8_t px[100000];
    uint64_t state = 3;
    for (size_t i = 0; i < sizeof px; i++)
        px[i] = (uint8_t)next_random(&state);
    int budget = 2;
    ca_lzw_begin(&z, 8);
    ck_assert_int_eq(ca_lzw_put(&z, px, NULL, sizeof px, fail_after, &budget), 0);
    budget = 0;
    ca_lzw_begin(&z, 8);
    ck_assert(ca_lzw_put(&z, px, NULL, 10, fail_after, &budget));
    ck_assert_int_eq(ca_lzw_end(&z, fail_after, &budget), 0);
}
END_TEST

static const tu_suite suite = { .name = "lzw", .timeout = 60 };
TU_MAIN(suite, noise_matches_giflib_at_every_depth, runs_match_giflib,
        flat_and_tiny_images_match_giflib, every_pixel_decodes_to_one_of_its_two_values,
        runs_go_on_over_pixels_that_may_be_either, a_failed_write_is_reported)

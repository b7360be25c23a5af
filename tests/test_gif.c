#include <errno.h>
#include <gif_lib.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "convanim/gif.h"
#include "testutil.h"

enum { W = 20, H = 15, NPIX = W * H };

/* Five colours: a table of 8 entries whose index 5 is the transparent one. */
static ca_palette pal;
enum { TRANSPARENT = 5, TABLE = 8 };

static char folder[4096], target[4200];

static void setup(void)
{
    static const ca_rgb colours[] = { { 0, 0, 0 }, { 31, 119, 180 }, { 214, 39, 40 },
                                      { 44, 160, 44 } };
    ca_palette_init(&pal, (ca_rgb){ 255, 255, 255 });
    for (int k = 0; k < 4; k++)
        ck_assert_int_eq(ca_palette_add_colour(&pal, colours[k], NULL, NULL), CA_OK);
    ck_assert_int_eq(pal.count, TRANSPARENT);
    tu_mkdtemp(folder, sizeof folder);
    snprintf(target, sizeof target, "%s/anim.gif", folder);
}

static void teardown(void)
{
    tu_rmtree(folder);
}

/* Reproducible pixels spread over every colour of the palette. */
static void noise(uint8_t *px, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        px[i] = (uint8_t)((seed >> 16) % (unsigned)pal.count);
    }
}

static void fill(uint8_t *px, int x0, int y0, int x1, int y1, uint8_t v)
{
    for (int y = y0; y < y1; y++)
        memset(px + y * W + x0, v, (size_t)(x1 - x0));
}

/* The entries of the test folder, and the name of the one that is not
 * `except` (NULL: any). */
static int entries(const char *except, char *other, size_t size)
{
    DIR *d = opendir(folder);
    ck_assert_ptr_nonnull(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        n++;
        if (other && (!except || strcmp(e->d_name, except) != 0))
            snprintf(other, size, "%s", e->d_name);
    }
    closedir(d);
    return n;
}

static size_t read_file(const char *p, uint8_t *buf, size_t size)
{
    FILE *fp = fopen(p, "rb");
    ck_assert_ptr_nonnull(fp);
    size_t n = fread(buf, 1, size, fp);
    fclose(fp);
    return n;
}

/* Writes n frames of W x H with the given delays (NULL: 1 each) and
 * change hints (NULL: none). */
static void write_gif(const char *p, uint8_t (*frames)[NPIX], int n, const int *delays,
                      const ca_rect *hints, int loop)
{
    ca_gif *g;
    ca_error err = { 0 };
    ck_assert_int_eq(ca_gif_open_file(p, W, H, &pal, loop, &g, &err), CA_OK);
    for (int i = 0; i < n; i++)
        ck_assert_msg(ca_gif_add_frame(g, frames[i], W, delays ? delays[i] : 1,
                                       hints ? &hints[i] : NULL, &err) == CA_OK,
                      "frame %d: %s", i, err.msg);
    ck_assert_msg(ca_gif_close(g, &err) == CA_OK, "%s", err.msg);
}

static GifFileType *decode(const char *p)
{
    int code;
    GifFileType *gif = DGifOpenFileName(p, &code);
    ck_assert_msg(gif != NULL, "cannot open %s: %s", p, GifErrorString(code));
    ck_assert_int_eq(DGifSlurp(gif), GIF_OK);
    return gif;
}

static GraphicsControlBlock gcb_of(GifFileType *gif, int i)
{
    GraphicsControlBlock gcb;
    ck_assert_int_eq(DGifSavedExtensionToGCB(gif, i, &gcb), GIF_OK);
    return gcb;
}

/* Draws frame i over what the screen shows, as a viewer does: only the
 * frame's rectangle, skipping transparent pixels. */
static void composite(GifFileType *gif, int i, uint8_t *screen)
{
    const SavedImage *im = &gif->SavedImages[i];
    const GifImageDesc *d = &im->ImageDesc;
    GraphicsControlBlock gcb = gcb_of(gif, i);
    ck_assert_int_eq(gcb.DisposalMode, DISPOSE_DO_NOT);
    ck_assert_ptr_null(d->ColorMap);
    ck_assert(d->Left >= 0 && d->Top >= 0 && d->Left + d->Width <= gif->SWidth &&
              d->Top + d->Height <= gif->SHeight);
    for (int y = 0; y < d->Height; y++)
        for (int x = 0; x < d->Width; x++) {
            int v = im->RasterBits[y * d->Width + x];
            if (v != gcb.TransparentColor)
                screen[(d->Top + y) * gif->SWidth + d->Left + x] = (uint8_t)v;
        }
}

/* Plays the whole GIF and checks that each frame shows what was drawn. */
static void check_playback(GifFileType *gif, uint8_t (*frames)[NPIX], int n)
{
    ck_assert_int_eq(gif->ImageCount, n);
    uint8_t screen[NPIX];
    memset(screen, 0xEE, sizeof screen);
    for (int i = 0; i < n; i++) {
        composite(gif, i, screen);
        ck_assert_msg(memcmp(screen, frames[i], NPIX) == 0, "frame %d differs", i);
    }
}

static void check_desc(GifFileType *gif, int i, int left, int top, int width, int height)
{
    const GifImageDesc *d = &gif->SavedImages[i].ImageDesc;
    ck_assert_msg(d->Left == left && d->Top == top && d->Width == width && d->Height == height,
                  "frame %d is %dx%d at (%d, %d), expected %dx%d at (%d, %d)", i, d->Width,
                  d->Height, d->Left, d->Top, width, height, left, top);
}

/* The loop count of the NETSCAPE2.0 extension, -1 when there is none. */
static int loop_count(GifFileType *gif)
{
    const SavedImage *im = &gif->SavedImages[0];
    for (int k = 0; k + 1 < im->ExtensionBlockCount; k++) {
        const ExtensionBlock *app = &im->ExtensionBlocks[k], *sub = app + 1;
        if (app->Function == APPLICATION_EXT_FUNC_CODE && app->ByteCount == 11 &&
            memcmp(app->Bytes, "NETSCAPE2.0", 11) == 0 &&
            sub->Function == CONTINUE_EXT_FUNC_CODE && sub->ByteCount == 3 && sub->Bytes[0] == 1)
            return sub->Bytes[1] | sub->Bytes[2] << 8;
    }
    return -1;
}

static void close_gif(GifFileType *gif)
{
    ck_assert_int_eq(DGifCloseFile(gif, NULL), GIF_OK);
}

START_TEST(frames_play_back_as_drawn_with_their_delays_and_loop)
{
    enum { N = 7 };
    static uint8_t f[N][NPIX];
    static const int delays[N] = { 0, 1, 7, 100, 65535, 3, 42 };
    noise(f[0], NPIX, 1);
    memcpy(f[1], f[0], NPIX);
    fill(f[1], 5, 4, 8, 6, 3);
    memcpy(f[2], f[1], NPIX);
    f[2][0] = (uint8_t)((f[2][0] + 1) % pal.count);
    f[2][NPIX - 1] = (uint8_t)((f[2][NPIX - 1] + 1) % pal.count);
    memcpy(f[3], f[2], NPIX);
    noise(f[4], NPIX, 2);
    memcpy(f[5], f[4], NPIX);
    fill(f[5], 0, 7, W, 8, 1);
    fill(f[6], 0, 0, W, H, 0);
    write_gif(target, f, N, delays, NULL, 3);

    uint8_t head[6];
    ck_assert_uint_eq(read_file(target, head, sizeof head), 6);
    ck_assert_mem_eq(head, "GIF89a", 6);
    GifFileType *gif = decode(target);
    ck_assert_int_eq(gif->SWidth, W);
    ck_assert_int_eq(gif->SHeight, H);
    ck_assert_ptr_nonnull(gif->SColorMap);
    ck_assert_int_eq(gif->SColorMap->ColorCount, TABLE);
    for (int i = 0; i < pal.count; i++) {
        const GifColorType *c = &gif->SColorMap->Colors[i];
        ck_assert(c->Red == pal.rgb[i].r && c->Green == pal.rgb[i].g && c->Blue == pal.rgb[i].b);
    }
    ck_assert_int_eq(loop_count(gif), 3);
    check_desc(gif, 0, 0, 0, W, H);
    ck_assert_int_eq(gcb_of(gif, 0).TransparentColor, NO_TRANSPARENT_COLOR);
    for (int i = 0; i < N; i++)
        ck_assert_int_eq(gcb_of(gif, i).DelayTime, delays[i]);
    check_playback(gif, f, N);
    close_gif(gif);
}
END_TEST

START_TEST(changed_block_is_encoded_as_its_tight_rectangle)
{
    static uint8_t f[2][NPIX];
    fill(f[1], 5, 4, 8, 6, 2);
    write_gif(target, f, 2, NULL, NULL, 0);
    GifFileType *gif = decode(target);
    check_desc(gif, 1, 5, 4, 3, 2);
    check_playback(gif, f, 2);
    close_gif(gif);
}
END_TEST

START_TEST(loose_changed_hint_still_gives_a_tight_rectangle)
{
    static uint8_t f[3][NPIX];
    fill(f[1], 5, 4, 8, 6, 2);
    memcpy(f[2], f[1], NPIX);
    fill(f[2], 12, 10, 13, 11, 4);
    const ca_rect hints[3] = { { 0, 0, 0, 0 }, { 2, 1, 15, 12 }, { -50, -50, 500, 500 } };
    write_gif(target, f, 3, NULL, hints, 0);
    GifFileType *gif = decode(target);
    check_desc(gif, 1, 5, 4, 3, 2);
    check_desc(gif, 2, 12, 10, 1, 1);
    check_playback(gif, f, 3);
    close_gif(gif);
}
END_TEST

START_TEST(pixels_outside_the_changed_hint_are_not_looked_at)
{
    static uint8_t f[2][NPIX];
    noise(f[0], NPIX, 3);
    memcpy(f[1], f[0], NPIX);
    f[1][1 * W + 1] = (uint8_t)((f[1][1 * W + 1] + 1) % pal.count);
    f[1][10 * W + 10] = (uint8_t)((f[1][10 * W + 10] + 1) % pal.count);
    const ca_rect hints[2] = { { 0, 0, W, H }, { 8, 8, 12, 12 } };
    write_gif(target, f, 2, NULL, hints, 0);
    GifFileType *gif = decode(target);
    check_desc(gif, 1, 10, 10, 1, 1);
    /* The caller promised (1, 1) had not changed, so the GIF keeps it. */
    static uint8_t expected[2][NPIX];
    memcpy(expected[0], f[0], NPIX);
    memcpy(expected[1], f[1], NPIX);
    expected[1][1 * W + 1] = f[0][1 * W + 1];
    check_playback(gif, expected, 2);
    close_gif(gif);
}
END_TEST

/* A hint that lies outside the frame, or is inverted, says nothing changed. */
START_TEST(empty_or_inverted_hints_mean_no_change)
{
    static uint8_t f[3][NPIX];
    fill(f[1], 5, 4, 8, 6, 2);
    fill(f[2], 1, 1, 3, 3, 3);
    const ca_rect hints[3] = { { 0, 0, W, H }, { W + 5, 0, W + 10, H }, { 10, 0, 5, H } };
    write_gif(target, f, 3, NULL, hints, 0);
    GifFileType *gif = decode(target);
    check_desc(gif, 1, 0, 0, 1, 1);
    check_desc(gif, 2, 0, 0, 1, 1);
    static uint8_t expected[3][NPIX];
    check_playback(gif, expected, 3);
    close_gif(gif);
}
END_TEST

START_TEST(identical_frames_are_kept_as_one_pixel_frames)
{
    static uint8_t f[3][NPIX];
    static const int delays[3] = { 10, 20, 30 };
    noise(f[0], NPIX, 4);
    memcpy(f[1], f[0], NPIX);
    memcpy(f[2], f[0], NPIX);
    const ca_rect hints[3] = { { 0, 0, W, H }, { 0, 0, W, H }, { 3, 3, 3, 3 } };
    write_gif(target, f, 3, delays, hints, 0);
    GifFileType *gif = decode(target);
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(gcb_of(gif, i).DelayTime, delays[i]);
    check_desc(gif, 1, 0, 0, 1, 1);
    check_desc(gif, 2, 0, 0, 1, 1);
    check_playback(gif, f, 3);
    close_gif(gif);
}
END_TEST

START_TEST(unchanged_pixels_become_transparent_when_that_is_shorter)
{
    static uint8_t f[2][NPIX];
    noise(f[0], NPIX, 5);
    memcpy(f[1], f[0], NPIX);
    f[1][0] = (uint8_t)((f[1][0] + 1) % pal.count);
    f[1][NPIX - 1] = (uint8_t)((f[1][NPIX - 1] + 1) % pal.count);
    write_gif(target, f, 2, NULL, NULL, 0);
    GifFileType *gif = decode(target);
    check_desc(gif, 1, 0, 0, W, H);
    ck_assert_int_eq(gcb_of(gif, 1).TransparentColor, TRANSPARENT);
    int clear = 0;
    for (int i = 0; i < NPIX; i++)
        clear += gif->SavedImages[1].RasterBits[i] == TRANSPARENT;
    ck_assert_int_eq(clear, NPIX - 2);
    check_playback(gif, f, 2);
    close_gif(gif);
}
END_TEST

START_TEST(a_block_stays_one_colour_over_old_pixels_of_that_colour)
{
    /* A solid block over noise: where an old pixel has the block's colour,
     * writing it as transparent would cut the block's run; it is written
     * as the colour, and the rest of the noise shows through nowhere. */
    static uint8_t f[2][NPIX];
    noise(f[0], NPIX, 6);
    memcpy(f[1], f[0], NPIX);
    fill(f[1], 5, 3, 15, 12, 1);
    write_gif(target, f, 2, NULL, NULL, 0);
    GifFileType *gif = decode(target);
    check_desc(gif, 1, 5, 3, 10, 9);
    const GifByteType *raster = gif->SavedImages[1].RasterBits;
    int ones = 0;
    for (int i = 0; i < 10 * 9; i++)
        ones += raster[i] == 1;
    ck_assert_int_eq(ones, 10 * 9);
    check_playback(gif, f, 2);
    close_gif(gif);
}
END_TEST

/* Frames that each change a few random blocks of the last one, to noise or
 * to one colour, often over pixels of the same values: every frame, drawn
 * over the ones before as a viewer draws it, is the frame given. */
START_TEST(random_edits_play_back_exactly)
{
    enum { N = 40 };
    static uint8_t f[N][NPIX];
    unsigned seed = 9;
    noise(f[0], NPIX, seed);
    for (int i = 1; i < N; i++) {
        memcpy(f[i], f[i - 1], NPIX);
        for (int k = 0; k < 3; k++) {
            seed = seed * 1103515245u + 12345u;
            int x0 = (int)(seed >> 8) % W, y0 = (int)(seed >> 16) % H;
            int x1 = x0 + 1 + (int)(seed >> 4) % (W - x0), y1 = y0 + 1 + (int)(seed >> 12) % (H - y0);
            if (seed >> 30 & 1)
                fill(f[i], x0, y0, x1, y1, (uint8_t)(seed >> 24) % TRANSPARENT);
            else
                for (int y = y0; y < y1; y++)
                    noise(f[i] + y * W + x0, (size_t)(x1 - x0), seed + (unsigned)y);
        }
    }
    write_gif(target, f, N, NULL, NULL, 0);
    GifFileType *gif = decode(target);
    for (int i = 1; i < N; i++)
        ck_assert_int_eq(gcb_of(gif, i).TransparentColor, TRANSPARENT);
    check_playback(gif, f, N);
    close_gif(gif);
}
END_TEST

START_TEST(colour_table_keeps_a_free_index_for_transparency)
{
    static const int counts[] = { 1, 2, 4, 7, 8, 200, 255 };
    static const int tables[] = { 2, 4, 8, 8, 16, 256, 256 };
    for (size_t k = 0; k < sizeof counts / sizeof *counts; k++) {
        ca_palette p;
        ca_palette_init(&p, (ca_rgb){ 1, 2, 3 });
        p.count = counts[k];
        for (int i = 0; i < p.count; i++)
            p.rgb[i] = (ca_rgb){ (uint8_t)i, (uint8_t)(255 - i), (uint8_t)(i * 7) };
        uint8_t px[16 * 16];
        for (int i = 0; i < 256; i++)
            px[i] = (uint8_t)(i % p.count);
        ca_gif *g;
        ca_error err = { 0 };
        ck_assert_int_eq(ca_gif_open_file(target, 16, 16, &p, 0, &g, &err), CA_OK);
        ck_assert_int_eq(ca_gif_add_frame(g, px, 16, 1, NULL, &err), CA_OK);
        ck_assert_msg(ca_gif_close(g, &err) == CA_OK, "%s", err.msg);

        GifFileType *gif = decode(target);
        ck_assert_int_eq(gif->SColorMap->ColorCount, tables[k]);
        for (int i = 0; i < p.count; i++) {
            const GifColorType *c = &gif->SColorMap->Colors[i];
            ck_assert(c->Red == p.rgb[i].r && c->Green == p.rgb[i].g && c->Blue == p.rgb[i].b);
        }
        ck_assert_mem_eq(gif->SavedImages[0].RasterBits, px, sizeof px);
        close_gif(gif);
    }
}
END_TEST

START_TEST(loop_count_is_stored_in_the_netscape_extension)
{
    static const int loops[] = { 0, 1, 513, 65535 };
    static uint8_t f[1][NPIX];
    for (size_t k = 0; k < sizeof loops / sizeof *loops; k++) {
        write_gif(target, f, 1, NULL, NULL, loops[k]);
        GifFileType *gif = decode(target);
        ck_assert_int_eq(loop_count(gif), loops[k]);
        close_gif(gif);
    }
}
END_TEST

START_TEST(bad_open_arguments_are_input_errors)
{
    ca_palette none = pal, full = pal;
    none.count = 0;
    full.count = 256;
    const struct {
        int w, h, loop;
        const ca_palette *p;
    } cases[] = { { 0, H, 0, &pal },      { W, 0, 0, &pal },  { 65536, H, 0, &pal },
                  { W, -3, 0, &pal },     { W, H, -1, &pal }, { W, H, 65536, &pal },
                  { W, H, 0, &none },     { W, H, 0, &full }, { W, H, 0, NULL } };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        ca_gif *g = (ca_gif *)&g; /* not NULL, to see open clear it */
        ca_error err = { 0 };
        ck_assert_int_eq(ca_gif_open_file(target, cases[k].w, cases[k].h, cases[k].p, cases[k].loop, &g,
                                     &err),
                         CA_EINPUT);
        ck_assert_ptr_null(g);
        ck_assert_int_eq(err.status, CA_EINPUT);
        ck_assert_ptr_nonnull(strstr(err.msg, target));
    }
    ck_assert_int_eq(entries(NULL, NULL, 0), 0);
}
END_TEST

START_TEST(a_bad_frame_fails_the_writer_for_good)
{
    static uint8_t good[NPIX], bad_index[NPIX];
    bad_index[2 * W + 3] = TRANSPARENT;
    const struct {
        const uint8_t *px;
        ptrdiff_t stride;
        int delay;
        const char *says;
    } cases[] = { { good, W, 70000, "delay 70000" },
                  { good, W, -1, "delay -1" },
                  { good, W - 1, 1, "stride (19)" },
                  { NULL, W, 1, "no pixels" },
                  { bad_index, W, 1, "pixel (3, 2) has index 5" } };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        ca_gif *g;
        ca_error first = { 0 }, again = { 0 }, closed = { 0 };
        ck_assert_int_eq(ca_gif_open_file(target, W, H, &pal, 0, &g, NULL), CA_OK);
        if (k % 2)      /* fails as the first frame and as a later one */
            ck_assert_int_eq(ca_gif_add_frame(g, good, W, 1, NULL, NULL), CA_OK);
        ck_assert_int_eq(ca_gif_add_frame(g, cases[k].px, cases[k].stride, cases[k].delay, NULL,
                                          &first),
                         CA_EINPUT);
        ck_assert_msg(strstr(first.msg, cases[k].says) && strstr(first.msg, target), "%s",
                      first.msg);
        ck_assert_int_eq(ca_gif_add_frame(g, good, W, 1, NULL, &again), CA_EINPUT);
        ck_assert_str_eq(again.msg, first.msg);
        ck_assert_int_eq(ca_gif_close(g, &closed), CA_EINPUT);
        ck_assert_str_eq(closed.msg, first.msg);
        ck_assert_int_eq(entries(NULL, NULL, 0), 0);
    }
}
END_TEST

/* As a frame writer: delays in ms rounded to the nearest hundredth, the
 * changed rectangle passed on, a frame of another size or a delay a GIF
 * cannot store refused for good. */
/* Indices are checked 8 at a time: a bad one is found, and named, at
 * every place in a row and with palettes of up to 255 colours. */
START_TEST(a_bad_index_is_found_anywhere_in_any_palette)
{
    static const int counts[] = { 1, 100, 128, 129, 200, 255 };
    for (size_t k = 0; k < sizeof counts / sizeof *counts; k++) {
        ca_palette p;
        ca_palette_init(&p, (ca_rgb){ 0, 0, 0 });
        p.count = counts[k];
        for (int x = 0; x < W; x += 7) {
            uint8_t px[NPIX];
            for (int i = 0; i < NPIX; i++)
                px[i] = (uint8_t)(i % p.count);
            px[4 * W + x] = (uint8_t)(x % 2 ? 255 : p.count);
            ca_gif *g;
            ca_error err = { 0 };
            ck_assert_int_eq(ca_gif_open_file(target, W, H, &p, 0, &g, NULL), CA_OK);
            ck_assert_int_eq(ca_gif_add_frame(g, px, W, 1, NULL, &err), CA_EINPUT);
            char says[64];
            snprintf(says, sizeof says, "pixel (%d, 4) has index %d", x, px[4 * W + x]);
            ck_assert_msg(strstr(err.msg, says), "%s", err.msg);
            ca_gif_abort(g);
        }
    }
}
END_TEST

START_TEST(the_frame_writer_rounds_delays_and_checks_frames)
{
    static uint8_t f[3][NPIX];
    noise(f[0], NPIX, 7);
    memcpy(f[1], f[0], NPIX);
    fill(f[1], 2, 3, 6, 5, 2);
    noise(f[2], NPIX, 8);
    ca_gif *g;
    ck_assert_int_eq(ca_gif_open_file(target, W, H, &pal, 0, &g, NULL), CA_OK);
    ca_frame_writer w = ca_gif_writer(g);
    static const int ms[3] = { 34, 35, 655354 }, cs[3] = { 3, 4, 65535 };
    for (int i = 0; i < 3; i++) {
        ca_canvas c = { .pixels = f[i], .width = W, .height = H, .stride = W, .pal = &pal };
        ca_rect changed = { 0, 0, W, H };
        ck_assert_int_eq(w.add(w.ctx, &c, ms[i], &changed, NULL), CA_OK);
    }
    ck_assert_int_eq(w.finish(w.ctx, NULL), CA_OK);
    GifFileType *gif = decode(target);
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(gcb_of(gif, i).DelayTime, cs[i]);
    check_playback(gif, f, 3);
    close_gif(gif);

    const struct {
        int width, delay_ms;
        const char *says;
    } cases[] = { { W, 655355, "frame 1: delay 655355 ms is not within 0..655354 ms" },
                  { W, -1, "frame 1: delay -1 ms" },
                  { W - 1, 10, "frame 1 is 19x15 pixels, the GIF 20x15" } };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        ck_assert_int_eq(ca_gif_open_file(target, W, H, &pal, 0, &g, NULL), CA_OK);
        w = ca_gif_writer(g);
        ca_canvas c = { .pixels = f[0], .width = cases[k].width, .height = H, .stride = W,
                        .pal = &pal };
        ca_error first = { 0 }, again = { 0 };
        ck_assert_int_eq(w.add(w.ctx, &c, cases[k].delay_ms, NULL, &first), CA_EINPUT);
        ck_assert_msg(strstr(first.msg, cases[k].says) && strstr(first.msg, target), "%s",
                      first.msg);
        c.width = W;
        ck_assert_int_eq(w.add(w.ctx, &c, 10, NULL, &again), CA_EINPUT);
        ck_assert_str_eq(again.msg, first.msg);
        w.abort(w.ctx);
    }
}
END_TEST

START_TEST(closing_without_frames_is_an_input_error)
{
    ca_gif *g;
    ca_error err = { 0 };
    ck_assert_int_eq(ca_gif_open_file(target, W, H, &pal, 0, &g, NULL), CA_OK);
    ck_assert_int_eq(ca_gif_close(g, &err), CA_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "no frames"));
    ck_assert_int_eq(entries(NULL, NULL, 0), 0);
}
END_TEST

static void expect_open_error(const char *p, ca_status status, const char *msg)
{
    ca_gif *g = (ca_gif *)&g; /* not NULL, to see open clear it */
    ca_error err = { 0 };
    ck_assert_int_eq(ca_gif_open_file(p, W, H, &pal, 0, &g, &err), status);
    ck_assert_ptr_null(g);
    ck_assert_str_eq(err.msg, msg);
}

START_TEST(missing_folder_is_an_input_error_and_creates_nothing)
{
    char p[4300], msg[10000];
    snprintf(p, sizeof p, "%s/nope/anim.gif", folder);
    snprintf(msg, sizeof msg, "%s: folder '%s/nope' does not exist", p, folder);
    expect_open_error(p, CA_EINPUT, msg);
    ck_assert_int_eq(entries(NULL, NULL, 0), 0);
}
END_TEST

START_TEST(file_in_place_of_the_folder_is_an_input_error)
{
    char p[4300], msg[10000];
    snprintf(p, sizeof p, "%s/plain", folder);
    tu_write_file(p, "x", 1);
    snprintf(p, sizeof p, "%s/plain/anim.gif", folder);
    snprintf(msg, sizeof msg, "%s: '%s/plain' is not a folder", p, folder);
    expect_open_error(p, CA_EINPUT, msg);
    ck_assert_int_eq(entries(NULL, NULL, 0), 1);
}
END_TEST

START_TEST(folder_as_the_target_is_an_input_error)
{
    char p[4300], msg[10000];
    snprintf(msg, sizeof msg, "%s: is a folder, not a file", folder);
    expect_open_error(folder, CA_EINPUT, msg);
    snprintf(p, sizeof p, "%s/", folder);
    snprintf(msg, sizeof msg, "%s: is a folder, not a file", p);
    expect_open_error(p, CA_EINPUT, msg);
    ck_assert_int_eq(entries(NULL, NULL, 0), 0);
}
END_TEST

/* Opens target in a child that cannot write in the test folder: root can
 * write anywhere, so the child first becomes nobody. */
static ca_error open_without_write_permission(void)
{
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        ca_error err = { 0 };
        ca_gif *g = NULL;
        bool dropped = geteuid() != 0 || (setgid(65534) == 0 && setuid(65534) == 0);
        if (dropped)
            ca_gif_open_file(target, W, H, &pal, 0, &g, &err);
        ca_gif_abort(g);
        ssize_t n = write(fds[1], &err, sizeof err);
        _exit(dropped && n == (ssize_t)sizeof err ? 0 : 1);
    }
    close(fds[1]);
    ca_error err = { 0 };
    ck_assert_int_eq(read(fds[0], &err, sizeof err), (ssize_t)sizeof err);
    close(fds[0]);
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    return err;
}

START_TEST(unwritable_folder_is_an_input_error)
{
    ck_assert_int_eq(chmod(folder, 0555), 0);
    ca_error err = open_without_write_permission();
    ck_assert_int_eq(chmod(folder, 0700), 0);
    char msg[10000];
    snprintf(msg, sizeof msg, "%s: cannot write in folder '%s' (%s)", target, folder,
             strerror(EACCES));
    ck_assert_int_eq(err.status, CA_EINPUT);
    ck_assert_str_eq(err.msg, msg);
    ck_assert_int_eq(entries(NULL, NULL, 0), 0);
}
END_TEST

START_TEST(old_file_stays_until_close_then_is_replaced)
{
    static uint8_t f[2][NPIX];
    noise(f[0], NPIX, 6);
    fill(f[1], 0, 0, 4, 4, 2);
    tu_write_file(target, "old", 3);
    ca_gif *g;
    ck_assert_int_eq(ca_gif_open_file(target, W, H, &pal, 0, &g, NULL), CA_OK);
    for (int i = 0; i < 2; i++)
        ck_assert_int_eq(ca_gif_add_frame(g, f[i], W, 1, NULL, NULL), CA_OK);

    uint8_t buf[16];
    ck_assert_uint_eq(read_file(target, buf, sizeof buf), 3);
    ck_assert_mem_eq(buf, "old", 3);
    /* With O_TMPFILE the temporary has no name until close (test_atomic.c
     * covers both ways); without it, it is .anim.gif.XXXXXX. */
    char tmp[256] = "";
    int n = entries("anim.gif", tmp, sizeof tmp);
    ck_assert(n == 1 || (n == 2 && strlen(tmp) == strlen(".anim.gif.XXXXXX") &&
                         strncmp(tmp, ".anim.gif.", strlen(".anim.gif.")) == 0));

    ck_assert_int_eq(ca_gif_close(g, NULL), CA_OK);
    ck_assert_int_eq(entries(NULL, NULL, 0), 1);
    GifFileType *gif = decode(target);
    check_playback(gif, f, 2);
    close_gif(gif);
}
END_TEST

START_TEST(abort_leaves_the_old_file_byte_identical)
{
    static uint8_t old[5000], f[NPIX], after[6000];
    noise(old, sizeof old, 7);
    noise(f, NPIX, 8);
    tu_write_file(target, old, sizeof old);
    for (int frames = 0; frames < 3; frames++) {
        ca_gif *g;
        ck_assert_int_eq(ca_gif_open_file(target, W, H, &pal, 0, &g, NULL), CA_OK);
        for (int i = 0; i < frames; i++)
            ck_assert_int_eq(ca_gif_add_frame(g, f, W, 1, NULL, NULL), CA_OK);
        ca_gif_abort(g);
        ck_assert_uint_eq(read_file(target, after, sizeof after), sizeof old);
        ck_assert_mem_eq(after, old, sizeof old);
        ck_assert_int_eq(entries(NULL, NULL, 0), 1);
    }
    ca_gif_abort(NULL);
}
END_TEST

/* Lets this process write files of at most `bytes` and turns the signal
 * for going past into a plain EFBIG; restore_limits undoes both. The
 * writer calls run between the two with no assertion in between, so the
 * limit never outlives the test, forked or not. */
static struct rlimit saved_limit;
static struct sigaction saved_action;

static void limit_file_size(rlim_t bytes)
{
    struct rlimit lim;
    ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &saved_limit), 0);
    lim = saved_limit;
    lim.rlim_cur = bytes;
    struct sigaction ignore = { .sa_handler = SIG_IGN };
    ck_assert_int_eq(sigaction(SIGXFSZ, &ignore, &saved_action), 0);
    ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
}

static void restore_limits(void)
{
    ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &saved_limit), 0);
    ck_assert_int_eq(sigaction(SIGXFSZ, &saved_action, NULL), 0);
}

static void expect_write_error(const ca_error *err)
{
    char msg[10000];
    snprintf(msg, sizeof msg, "%s: cannot write (%s)", target, strerror(EFBIG));
    ck_assert_int_eq(err->status, CA_EIO);
    ck_assert_str_eq(err->msg, msg);
}

START_TEST(write_failure_while_adding_frames_is_an_io_error)
{
    enum { BW = 300, BH = 300 };
    static uint8_t old[100], big[2][BW * BH], after[200];
    noise(old, sizeof old, 9);
    noise(big[0], BW * BH, 10);
    noise(big[1], BW * BH, 11);
    tu_write_file(target, old, sizeof old);
    ca_gif *g;
    ck_assert_int_eq(ca_gif_open_file(target, BW, BH, &pal, 0, &g, NULL), CA_OK);

    ca_error first = { 0 }, again = { 0 }, closed = { 0 };
    ca_status status = CA_OK;
    int added = 0;
    limit_file_size(4096);
    while (added < 8 && status == CA_OK)
        if ((status = ca_gif_add_frame(g, big[added % 2], BW, 1, NULL, &first)) == CA_OK)
            added++;
    ca_status status_again = ca_gif_add_frame(g, big[0], BW, 1, NULL, &again);
    ca_status status_closed = ca_gif_close(g, &closed);
    restore_limits();

    ck_assert_int_lt(added, 8);
    ck_assert_int_eq(status, CA_EIO);
    expect_write_error(&first);
    ck_assert_int_eq(status_again, CA_EIO);
    expect_write_error(&again);
    ck_assert_int_eq(status_closed, CA_EIO);
    expect_write_error(&closed);
    ck_assert_uint_eq(read_file(target, after, sizeof after), sizeof old);
    ck_assert_mem_eq(after, old, sizeof old);
    ck_assert_int_eq(entries(NULL, NULL, 0), 1);
}
END_TEST

START_TEST(write_failure_at_close_is_an_io_error)
{
    static uint8_t old[100], f[NPIX], after[200];
    noise(old, sizeof old, 12);
    tu_write_file(target, old, sizeof old);
    ca_gif *g;
    ck_assert_int_eq(ca_gif_open_file(target, W, H, &pal, 0, &g, NULL), CA_OK);

    ca_error added = { 0 }, closed = { 0 };
    /* The frame fits in stdio's buffer: only the flush at close fails. */
    limit_file_size(16);
    ca_status status_added = ca_gif_add_frame(g, f, W, 1, NULL, &added);
    ca_status status_closed = ca_gif_close(g, &closed);
    restore_limits();

    ck_assert_int_eq(status_added, CA_OK);
    ck_assert_int_eq(status_closed, CA_EIO);
    expect_write_error(&closed);
    ck_assert_uint_eq(read_file(target, after, sizeof after), sizeof old);
    ck_assert_mem_eq(after, old, sizeof old);
    ck_assert_int_eq(entries(NULL, NULL, 0), 1);
}
END_TEST

static const tu_suite suite = { .name = "gif", .setup = setup, .teardown = teardown };
TU_MAIN(suite, frames_play_back_as_drawn_with_their_delays_and_loop,
        changed_block_is_encoded_as_its_tight_rectangle,
        loose_changed_hint_still_gives_a_tight_rectangle,
        pixels_outside_the_changed_hint_are_not_looked_at, empty_or_inverted_hints_mean_no_change,
        identical_frames_are_kept_as_one_pixel_frames,
        unchanged_pixels_become_transparent_when_that_is_shorter,
        a_block_stays_one_colour_over_old_pixels_of_that_colour, random_edits_play_back_exactly,
        colour_table_keeps_a_free_index_for_transparency,
        loop_count_is_stored_in_the_netscape_extension, bad_open_arguments_are_input_errors,
        a_bad_frame_fails_the_writer_for_good,
        a_bad_index_is_found_anywhere_in_any_palette, closing_without_frames_is_an_input_error,
        missing_folder_is_an_input_error_and_creates_nothing,
        file_in_place_of_the_folder_is_an_input_error, folder_as_the_target_is_an_input_error,
        unwritable_folder_is_an_input_error, old_file_stays_until_close_then_is_replaced,
        abort_leaves_the_old_file_byte_identical, write_failure_while_adding_frames_is_an_io_error,
        write_failure_at_close_is_an_io_error,
        the_frame_writer_rounds_delays_and_checks_frames)

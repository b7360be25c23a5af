#include <cjson/cJSON.h>
#include <gif_lib.h>
#include <stdint.h>

#include "convanim/slide2d.h"
#include "testutil.h"

/* An input grid side x side of whole numbers 0..3 (seed 1) and the 3x3
 * kernel of 0..2 (seed 2) that most tests here slide over it. */
static void grids(int side, ca_image *img, ca_image *k)
{
    ck_assert_int_eq(ca_image_grid(side, side, 1, 3, img, NULL), CA_OK);
    ck_assert_int_eq(ca_image_grid(3, 3, 2, 2, k, NULL), CA_OK);
}

START_TEST(slide_writes_one_frame_per_output_cell)
{
    char dir[256], path[300];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/slide.gif", dir);
    double v[30], kv[6] = { 1, 2, 3, 4, 5, 6 };
    for (int i = 0; i < 30; i++)
        v[i] = (i % 7) / 6.0;
    ca_image img = { v, 6, 5 }, k = { kv, 3, 2 };
    ca_slide2d_options opt;
    ca_slide2d_options_default(&opt);
    opt.gif = path;
    opt.conv.mode = CA_CONV_FULL;
    opt.conv.sy = 2;
    opt.conv.sx = 3;
    ca_error err = { 0 };
    ck_assert_msg(ca_slide2d_write(&img, &k, &opt, &err) == CA_OK, "%s", err.msg);
    int e;
    GifFileType *gif = DGifOpenFileName(path, &e);
    ck_assert_ptr_nonnull(gif);
    ck_assert_int_eq(DGifSlurp(gif), GIF_OK);
    ck_assert_int_eq(gif->SWidth, CA_SLIDE2D_WIDTH);
    ck_assert_int_eq(gif->SHeight, CA_SLIDE2D_HEIGHT);
    ck_assert_int_eq(gif->ImageCount, 3 * 3);   /* full: 6x8, every 2nd row, 3rd column */
    DGifCloseFile(gif, &e);

    double big[65 * 2] = { 0 };
    ca_image wide = { big, 65, 2 };
    ck_assert_int_eq(ca_slide2d_write(&wide, &k, &opt, &err), CA_ELIMIT);
    ck_assert_ptr_nonnull(strstr(err.msg, "resize it first"));
    opt.conv.sy = 0;
    ck_assert_int_eq(ca_slide2d_write(&img, &k, &opt, &err), CA_EINPUT);
    ck_assert_int_eq(tu_entries(dir), 1);
    tu_rmtree(dir);
}
END_TEST

/* The frames a GIF holds. */
static int frame_count(const char *path)
{
    int e;
    GifFileType *gif = DGifOpenFileName(path, &e);
    ck_assert_ptr_nonnull(gif);
    ck_assert_int_eq(DGifSlurp(gif), GIF_OK);
    int n = gif->ImageCount;
    DGifCloseFile(gif, &e);
    return n;
}

START_TEST(transposed_and_dilated_windows_give_a_frame_per_output_cell)
{
    /* conv_arithmetic's padding_strides_transposed (i = 3, k = 3, s = 2,
     * p = 1: o = 5) and dilation (i = 7, k = 3, d = 2: o = 3) */
    char dir[256], path[300];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/t.gif", dir);
    ca_image img, k;
    grids(3, &img, &k);
    ca_slide2d_options opt;
    ca_slide2d_options_default(&opt);
    opt.gif = path;
    opt.conv.padded = true;
    opt.conv.py = opt.conv.px = 1;
    opt.conv.sy = opt.conv.sx = 2;
    opt.conv.transposed = true;
    ca_error err = { 0 };
    ck_assert_msg(ca_slide2d_write(&img, &k, &opt, &err) == CA_OK, "%s", err.msg);
    ck_assert_int_eq(frame_count(path), 25);
    ca_image_free(&img);
    ck_assert_int_eq(ca_image_grid(7, 7, 1, 3, &img, NULL), CA_OK);
    ca_slide2d_options_default(&opt);
    opt.gif = path;
    opt.conv.mode = CA_CONV_VALID;
    opt.conv.dy = opt.conv.dx = 2;
    ck_assert_msg(ca_slide2d_write(&img, &k, &opt, &err) == CA_OK, "%s", err.msg);
    ck_assert_int_eq(frame_count(path), 9);
    opt.labels[1] = NULL;
    ck_assert_int_eq(ca_slide2d_write(&img, &k, &opt, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "panel title 2 is missing");
    ca_image_free(&img);
    ca_image_free(&k);
    tu_rmtree(dir);
}
END_TEST

START_TEST(the_presets_are_conv_arithmetics_fifteen)
{
    /* the output sides of Dumoulin and Visin's guide, figure by figure */
    static const struct {
        const char *name;
        int out;
    } want[] = {
        { "no_padding_no_strides", 2 }, { "arbitrary_padding_no_strides", 6 },
        { "same_padding_no_strides", 5 }, { "full_padding_no_strides", 7 },
        { "no_padding_strides", 2 }, { "padding_strides", 3 }, { "padding_strides_odd", 3 },
        { "dilation", 3 }, { "no_padding_no_strides_transposed", 4 },
        { "arbitrary_padding_no_strides_transposed", 5 },
        { "same_padding_no_strides_transposed", 5 },
        { "full_padding_no_strides_transposed", 5 }, { "no_padding_strides_transposed", 5 },
        { "padding_strides_transposed", 5 }, { "padding_strides_odd_transposed", 6 },
    };
    size_t n;
    ca_slide2d_presets(&n);
    ck_assert_int_eq(n, 15);
    for (size_t i = 0; i < n; i++) {
        const ca_slide2d_preset *p = ca_slide2d_preset_named(want[i].name);
        ck_assert_ptr_nonnull(p);
        ca_conv2d_options o;
        ca_conv2d_options_default(&o);
        o.padded = true;
        o.py = o.px = p->padding;
        o.sy = o.sx = p->stride;
        o.dy = o.dx = p->dilation;
        o.ay = o.ax = p->output_padding;
        o.transposed = p->transposed;
        ca_conv2d_plan plan;
        ck_assert_int_eq(ca_conv2d_plan_make(p->input, p->input, p->kernel, p->kernel, &o, &plan,
                                             NULL), CA_OK);
        ck_assert_msg(plan.y.out == want[i].out, "%s: o = %d", p->name, plan.y.out);
        ck_assert_int_eq(plan.x.out, want[i].out);
    }
    ck_assert_ptr_null(ca_slide2d_preset_named("no_padding"));
    ck_assert_ptr_null(ca_slide2d_preset_named(NULL));
}
END_TEST

/* A frame writer that counts what it is handed, failing at frame fail_at. */
typedef struct counter {
    size_t frames, changed, fail_at;
    int last_delay;
} counter;

static ca_status count_add(void *ctx, const ca_canvas *frame, int delay_ms,
                           const ca_rect *changed, ca_error *err)
{
    counter *c = ctx;
    (void)frame;
    if (c->frames == c->fail_at) {
        err->status = CA_EIO;
        snprintf(err->msg, sizeof err->msg, "disk full at frame %zu", c->frames);
        return CA_EIO;
    }
    c->frames++;
    c->changed += changed != NULL;
    c->last_delay = delay_ms;
    return CA_OK;
}

/* Hands every frame of sl to a counting writer; the last frame. */
static const ca_canvas *play_all(ca_slide2d *sl)
{
    ca_error err = { 0 };
    counter c = { .fail_at = SIZE_MAX };
    ca_frame_writer w = { .ctx = &c, .add = count_add };
    for (size_t i = 0; i < ca_slide2d_timeline(sl)->frames; i++)
        ck_assert_msg(ca_slide2d_next(sl, &w, 1, &err) == CA_OK, "%s", err.msg);
    const ca_canvas *last = ca_slide2d_last_frame(sl);
    ck_assert_ptr_nonnull(last);
    return last;
}

START_TEST(frames_go_to_frame_writers_under_a_cap)
{
    /* 32x32 same: 1024 output cells, over the default cap of a minute */
    ca_image img, k;
    grids(32, &img, &k);
    ca_slide2d_options opt;
    ca_slide2d_options_default(&opt);
    opt.width = 600;
    opt.height = 320;
    opt.title = "$x \\ast k$";
    ca_slide2d *sl;
    ca_error err = { 0 };
    ck_assert_msg(ca_slide2d_new(&img, &k, &opt, &sl, &err) == CA_OK, "%s", err.msg);
    const ca_timeline *t = ca_slide2d_timeline(sl);
    ck_assert_int_eq(ca_slide2d_cells(sl), 1024);
    ck_assert_int_eq(t->frames, CA_SLIDE2D_MAX_FRAMES);
    ck_assert_int_eq(ca_slide2d_palette(sl)->count > 0, 1);
    counter c = { .fail_at = SIZE_MAX };
    ca_frame_writer w = { .ctx = &c, .add = count_add };
    ca_frame_writer two[2] = { w, w };
    for (size_t i = 0; i < t->frames; i++) {
        ck_assert_ptr_null(ca_slide2d_last_frame(sl));
        ck_assert_int_eq(ca_slide2d_next(sl, two, 2, &err), CA_OK);
    }
    ck_assert_int_eq(c.frames, 2 * CA_SLIDE2D_MAX_FRAMES);
    ck_assert_int_eq(c.changed, 2 * (CA_SLIDE2D_MAX_FRAMES - 1));
    ck_assert_int_eq(c.last_delay, 2000);
    const ca_canvas *last = ca_slide2d_last_frame(sl);
    ck_assert_ptr_nonnull(last);
    ck_assert_int_eq(last->width, 600);
    ca_slide2d_free(sl);

    /* a failing writer stops it, and the error stays */
    opt.max_frames = 0;
    opt.title = NULL;
    ck_assert_int_eq(ca_slide2d_new(&img, &k, &opt, &sl, &err), CA_OK);
    ck_assert_int_eq(ca_slide2d_timeline(sl)->frames, 1024);
    c = (counter){ .fail_at = 3 };
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(ca_slide2d_next(sl, &w, 1, &err), CA_OK);
    ck_assert_int_eq(ca_slide2d_next(sl, &w, 1, &err), CA_EIO);
    ca_error again = { 0 };
    ck_assert_int_eq(ca_slide2d_next(sl, &w, 1, &again), CA_EIO);
    ck_assert_str_eq(again.msg, "disk full at frame 3");
    ca_slide2d_free(sl);
    ca_slide2d_free(NULL);

    opt.width = 100;
    ck_assert_int_eq(ca_slide2d_new(&img, &k, &opt, &sl, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "a 100x320 frame is outside 480x256 to 16384 per side "
                              "and 64 megapixels");
    ck_assert_ptr_null(sl);
    ca_image_free(&img);
    ca_image_free(&k);
}
END_TEST

/* The number at *p, its sign the minus sign ca_plot_number writes, and
 * *p past it. */
static double number_at(const char **p)
{
    bool minus = strncmp(*p, "−", 3) == 0;
    char *end;
    double v = strtod(*p + (minus ? 3 : 0), &end);
    ck_assert_msg(end != *p + (minus ? 3 : 0), "no number at: %s", *p);
    *p = end;
    return minus ? -v : v;
}

/* The products a caption writes out, "y[r, c] = a·b + c·(−d) + ... = s":
 * their sum, and s in *total. */
static double caption_sum(const char *caption, double *total)
{
    const char *p = strstr(caption, "] = ");
    ck_assert_ptr_nonnull(p);
    p += 4;
    double sum = 0;
    for (;;) {
        double a = number_at(&p);
        ck_assert_msg(strncmp(p, "·", 2) == 0, "no product at: %s", p);
        p += 2;
        bool paren = *p == '(';
        p += paren;
        double b = number_at(&p);
        ck_assert_msg(!paren || *p++ == ')', "no ) at: %s", p);
        sum += a * b;
        if (strncmp(p, " + ", 3) != 0)
            break;
        p += 3;
    }
    ck_assert_msg(strncmp(p, " = ", 3) == 0, "no sum at: %s", p);
    p += 3;
    *total = number_at(&p);
    return sum;
}

/* What ca_slide2d_describe says agrees with the engine and the timeline:
 * one entry per frame, the output cell it shows, the sum as written out,
 * the titles read without their markup. */
START_TEST(describe_gives_each_frames_cell_value_and_sum)
{
    ca_image img, k, out;
    ck_assert_int_eq(ca_image_grid(4, 4, 1, 3, &img, NULL), CA_OK);
    ck_assert_int_eq(ca_image_grid(2, 2, 2, 2, &k, NULL), CA_OK);
    k.v[1] = -1;
    ca_slide2d_options opt;
    ca_slide2d_options_default(&opt);
    opt.conv.mode = CA_CONV_VALID;
    opt.conv.correlate = true;
    opt.max_frames = 5;
    opt.title = "$x \\star w$";
    opt.labels[0] = "$x$";
    opt.labels[1] = "$w$";
    opt.labels[2] = "$y$";
    ca_error err = { 0 };
    ck_assert_msg(ca_conv2d(&img, &k, &opt.conv, &out, &err) == CA_OK, "%s", err.msg);
    ca_slide2d *sl;
    ck_assert_msg(ca_slide2d_new(&img, &k, &opt, &sl, &err) == CA_OK, "%s", err.msg);
    const ca_timeline *t = ca_slide2d_timeline(sl);
    ca_memory m = { 0 };
    ca_sink sink = ca_memory_sink(&m);
    ck_assert_msg(ca_slide2d_describe(sl, &sink, &err) == CA_OK, "%s", err.msg);
    cJSON *j = cJSON_ParseWithLength((const char *)m.data, m.size);
    ck_assert_msg(j != NULL, "not JSON near: %.60s", cJSON_GetErrorPtr());
    ck_assert_str_eq(cJSON_GetObjectItem(j, "title")->valuestring, "x⋆w");
    ck_assert_int_eq(cJSON_GetObjectItem(j, "width")->valueint, CA_SLIDE2D_WIDTH);
    ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(j, "correlate")));
    ck_assert_ptr_nonnull(strstr(cJSON_GetObjectItem(j, "parameters")->valuestring,
                                 "i = 4, k = 2, p = 0, s = 1, d = 1 → o = 3"));
    const cJSON *frames = cJSON_GetObjectItem(j, "frames");
    /* 9 output cells, 5 shown, evenly spread, the last kept */
    ck_assert_int_eq(cJSON_GetArraySize(frames), 5);
    ck_assert_int_eq(t->frames, 5);
    for (int i = 0; i < 5; i++) {
        const cJSON *f = cJSON_GetArrayItem(frames, i);
        size_t n = ca_timeline_scene_frame(t, (size_t)i);
        ck_assert_int_eq(cJSON_GetObjectItem(f, "index")->valueint, i);
        ck_assert_int_eq(cJSON_GetObjectItem(f, "delay_ms")->valueint, i < 4 ? 100 : 2000);
        ck_assert_str_eq(cJSON_GetObjectItem(f, "kind")->valuestring, "step");
        ck_assert_int_eq(cJSON_GetObjectItem(f, "n")->valueint, (int)n);
        ck_assert_int_eq(cJSON_GetObjectItem(f, "row")->valueint, (int)n / 3);
        ck_assert_int_eq(cJSON_GetObjectItem(f, "col")->valueint, (int)n % 3);
        double value = cJSON_GetObjectItem(f, "value")->valuedouble, total;
        ck_assert_double_eq(value, out.v[n]);
        const char *caption = cJSON_GetObjectItem(f, "caption")->valuestring;
        char head[32];
        snprintf(head, sizeof head, "y[%d, %d] = ", (int)n / 3, (int)n % 3);
        ck_assert_msg(strncmp(caption, head, strlen(head)) == 0, "caption %s", caption);
        ck_assert_double_eq(caption_sum(caption, &total), value);
        ck_assert_double_eq(total, value);
        const cJSON *panels = cJSON_GetObjectItem(f, "panels");
        ck_assert_int_eq(cJSON_GetArraySize(panels), 3);
        static const char *const labels[] = { "x", "w", "y" };
        static const int sides[] = { 4, 2, 3 };
        for (int p = 0; p < 3; p++) {
            const cJSON *panel = cJSON_GetArrayItem(panels, p);
            ck_assert_str_eq(cJSON_GetObjectItem(panel, "label")->valuestring, labels[p]);
            ck_assert_int_eq(cJSON_GetObjectItem(panel, "rows")->valueint, sides[p]);
            ck_assert_int_eq(cJSON_GetObjectItem(panel, "cols")->valueint, sides[p]);
        }
    }
    ck_assert_int_eq(ca_timeline_scene_frame(t, 4), 8);
    cJSON_Delete(j);
    free(m.data);
    ca_slide2d_free(sl);
    ca_image_free(&out);
    ca_image_free(&img);
    ca_image_free(&k);
}
END_TEST

/* The last frame of a 5x5 grid under a 3x3 grid: kernel, padded and
 * strided, in theme; the caller frees *pixels. */
static const ca_palette *last_frame(ca_theme theme, ca_slide2d **sl, uint8_t **pixels,
                                    ca_image *img, ca_image *k, ca_slide2d_options *opt)
{
    ca_slide2d_options_default(opt);
    opt->conv.py = opt->conv.px = 1;
    opt->conv.sy = opt->conv.sx = 2;
    opt->theme = theme;
    ca_error err = { 0 };
    ck_assert_msg(ca_slide2d_new(img, k, opt, sl, &err) == CA_OK, "%s", err.msg);
    const ca_canvas *f = play_all(*sl);
    *pixels = malloc((size_t)f->width * f->height);
    ck_assert_ptr_nonnull(*pixels);
    for (int y = 0; y < f->height; y++)
        memcpy(*pixels + (size_t)y * f->width, f->pixels + (size_t)y * f->stride,
               (size_t)f->width);
    return ca_slide2d_palette(*sl);
}

static int lightness(ca_rgb c)
{
    return c.r + c.g + c.b;
}

/* Dark is the same picture in other colours: the background dark, the
 * ink light, and text on each cell colour still the one of the two that
 * stands out from it. */
START_TEST(dark_theme_is_the_same_picture_inverted)
{
    ca_image img, k;
    grids(5, &img, &k);
    ca_slide2d_options lopt, dopt;
    ca_slide2d *light, *dark;
    uint8_t *lp, *dp;
    const ca_palette *lpal = last_frame(CA_THEME_LIGHT, &light, &lp, &img, &k, &lopt);
    const ca_palette *dpal = last_frame(CA_THEME_DARK, &dark, &dp, &img, &k, &dopt);
    /* the same palette entry everywhere but in text drawn fully over a
     * cell, where the one of background and ink is the other */
    size_t swapped = 0, pixels = (size_t)CA_SLIDE2D_WIDTH * CA_SLIDE2D_HEIGHT, bad = pixels;
    uint8_t bg = dpal->solid[0], ink = dpal->solid[1];
    for (size_t i = 0; i < pixels && bad == pixels; i++) {
        bool swap = (lp[i] == bg && dp[i] == ink) || (lp[i] == ink && dp[i] == bg);
        if (lp[i] != dp[i] && !swap)
            bad = i;
        swapped += swap;
    }
    /* one assertion for the frame: Check records every passing one */
    ck_assert_msg(bad == pixels, "pixel (%zu, %zu): %d light, %d dark", bad % CA_SLIDE2D_WIDTH,
                  bad / CA_SLIDE2D_WIDTH, lp[bad], dp[bad]);
    ck_assert_uint_gt(swapped, 0);
    ck_assert_int_eq(lpal->count, dpal->count);
    ck_assert_int_eq(lightness(lpal->rgb[0]), 3 * 255);
    ck_assert_int_lt(lightness(dpal->rgb[0]), 3 * 40);
    ck_assert_int_gt(lightness(dpal->rgb[dpal->solid[1]]), 3 * 200);
    /* a pixel of text drawn fully over a cell: a ramp entry at full cover
     * is its top colour, whose distance from the cell's beats the other's */
    int checked = 0;
    for (int i = 0; i < dpal->count; i++) {
        if (dpal->top[i] == dpal->under[i] || dpal->under[i] < 2)
            continue;
        ca_rgb under = dpal->rgb[dpal->solid[dpal->under[i]]];
        ca_rgb top = dpal->rgb[dpal->solid[dpal->top[i]]];
        int other = dpal->top[i] == 0 ? 1 : 0;
        ca_rgb alt = dpal->rgb[dpal->solid[other]];
        ck_assert_int_gt(abs(lightness(top) - lightness(under)),
                         abs(lightness(alt) - lightness(under)));
        checked++;
    }
    ck_assert_int_gt(checked, 0);
    free(lp);
    free(dp);
    ca_slide2d_free(light);
    ca_slide2d_free(dark);
    ca_image_free(&img);
    ca_image_free(&k);
}
END_TEST

/* The rows of c that hold a pixel of colour rgb between columns x0 and x1:
 * the first in *top, the last in *bottom (-1 when none). */
static void rows_with(const ca_canvas *c, const ca_palette *pal, ca_rgb rgb, int x0, int x1,
                      int *top, int *bottom)
{
    *top = *bottom = -1;
    for (int y = 0; y < c->height; y++)
        for (int x = x0; x < x1; x++) {
            ca_rgb p = pal->rgb[c->pixels[y * c->stride + x]];
            if (p.r == rgb.r && p.g == rgb.g && p.b == rgb.b) {
                if (*top < 0)
                    *top = y;
                *bottom = y;
                break;
            }
        }
}

/* Where the numbers are written, each grid's cells share one tone: the
 * frame holds three cell colours (input, kernel, computed output), not
 * one per value. A cell colour is a solid palette entry that is not the
 * canonical entry of its colour id. */
START_TEST(numbered_cells_take_one_tone_per_grid)
{
    ca_image img, k;
    grids(5, &img, &k);
    ca_slide2d_options opt;
    ca_slide2d *sl;
    uint8_t *px;
    const ca_palette *pal = last_frame(CA_THEME_LIGHT, &sl, &px, &img, &k, &opt);
    bool used[CA_PALETTE_SIZE] = { false };
    for (size_t i = 0; i < (size_t)CA_SLIDE2D_WIDTH * CA_SLIDE2D_HEIGHT; i++)
        used[px[i]] = true;
    int tones = 0;
    for (int i = 0; i < pal->count; i++)
        tones += used[i] && pal->top[i] == pal->under[i] && pal->solid[pal->top[i]] != i;
    ck_assert_int_eq(tones, 3);
    free(px);
    ca_slide2d_free(sl);
    ca_image_free(&img);
    ca_image_free(&k);
}
END_TEST

START_TEST(a_small_grid_keeps_its_cells_small_and_its_caption_close)
{
    /* no_padding_no_strides at the default 1200x640: a 4x4 input could
     * fill its column with 120-pixel cells; it gets cells of 46, the
     * grids side by side and, with their titles and the caption, kept
     * together in the middle, and a palette of fewer than 128 entries (a
     * GIF colour table of 128, not 256) */
    ca_image img, k;
    grids(4, &img, &k);
    ca_slide2d_options opt;
    ca_slide2d_options_default(&opt);
    opt.conv.correlate = true;
    opt.conv.mode = CA_CONV_VALID;
    ca_slide2d *sl;
    ca_error err = { 0 };
    ck_assert_msg(ca_slide2d_new(&img, &k, &opt, &sl, &err) == CA_OK, "%s", err.msg);
    const ca_palette *pal = ca_slide2d_palette(sl);
    ck_assert_int_lt(pal->count, 127);
    const ca_canvas *last = play_all(sl);
    /* the window of the last step, outlined in the accent over the
     * input, left of the frame's middle, spans three cells */
    int top, bottom;
    rows_with(last, pal, (ca_rgb){ 213, 94, 0 }, 0, last->width / 2, &top, &bottom);
    ck_assert_int_eq(bottom - top + 1, 3 * 46);
    /* the caption's ink ends far above the frame's bottom edge */
    rows_with(last, pal, (ca_rgb){ 34, 34, 34 }, 0, last->width, &top, &bottom);
    ck_assert_int_lt(bottom, last->height - 100);
    ca_slide2d_free(sl);
    ca_image_free(&img);
    ca_image_free(&k);
}
END_TEST

/* Long panel titles at three times the text size on the smallest frame:
 * the titles are set smaller rather than push the kernel and the output
 * off the frame, and no text runs into its right edge. */
START_TEST(long_titles_leave_every_grid_on_the_frame)
{
    ca_image img, k;
    grids(12, &img, &k);
    ca_slide2d_options opt;
    ca_slide2d_options_default(&opt);
    opt.width = CA_SLIDE2D_MIN_WIDTH;
    opt.height = CA_SLIDE2D_MIN_HEIGHT;
    opt.font_scale = 3;
    opt.max_frames = 1;
    opt.labels[0] = "A rather long input title";
    opt.labels[1] = "Some kernel name here";
    opt.labels[2] = "And the output title";
    ca_slide2d *sl;
    ca_error err = { 0 };
    ck_assert_msg(ca_slide2d_new(&img, &k, &opt, &sl, &err) == CA_OK, "%s", err.msg);
    const ca_canvas *last = play_all(sl);
    const ca_palette *pal = ca_slide2d_palette(sl);
    int top, bottom;
    /* the last output cell, outlined in the accent, in the frame's right part */
    rows_with(last, pal, (ca_rgb){ 213, 94, 0 }, last->width * 3 / 5, last->width, &top,
              &bottom);
    ck_assert_int_ge(top, 0);
    rows_with(last, pal, (ca_rgb){ 34, 34, 34 }, last->width - 2, last->width, &top, &bottom);
    ck_assert_msg(top < 0, "text reaches the frame's right edge at row %d", top);
    ca_slide2d_free(sl);
    ca_image_free(&img);
    ca_image_free(&k);
}
END_TEST

/* A frame writer that keeps a copy of every frame and its changed
 * rectangle. */
typedef struct recorder {
    size_t frames, size;
    uint8_t *pixels;          /* frames x size bytes, row by row */
    ca_rect changed[64];
} recorder;

static ca_status record_add(void *ctx, const ca_canvas *frame, int delay_ms,
                            const ca_rect *changed, ca_error *err)
{
    recorder *r = ctx;
    (void)delay_ms;
    (void)err;
    ck_assert_uint_lt(r->frames, sizeof r->changed / sizeof r->changed[0]);
    uint8_t *to = r->pixels + r->frames * r->size;
    for (int y = 0; y < frame->height; y++)
        memcpy(to + (size_t)y * frame->width, frame->pixels + (size_t)y * frame->stride,
               (size_t)frame->width);
    r->changed[r->frames++] = changed ? *changed : (ca_rect){ 0, 0, frame->width,
                                                              frame->height };
    return CA_OK;
}

/* Every frame of a 12x12 input, padded, its steps spread by a cap so that
 * frames skip cells, drawn with `threads`. */
static void record(int threads, recorder *r)
{
    ca_image img, k;
    grids(12, &img, &k);
    ca_slide2d_options opt;
    ca_slide2d_options_default(&opt);
    opt.width = 600;
    opt.height = 320;
    opt.conv.py = opt.conv.px = 1;
    opt.max_frames = 40;
    opt.threads = threads;
    ca_slide2d *sl;
    ca_error err = { 0 };
    ck_assert_msg(ca_slide2d_new(&img, &k, &opt, &sl, &err) == CA_OK, "%s", err.msg);
    size_t n = ca_slide2d_timeline(sl)->frames;
    ck_assert_uint_eq(n, 40);
    *r = (recorder){ .size = 600 * 320 };
    r->pixels = malloc(n * r->size);
    ck_assert_ptr_nonnull(r->pixels);
    ca_frame_writer w = { .ctx = r, .add = record_add };
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(ca_slide2d_next(sl, &w, 1, &err), CA_OK);
    ca_slide2d_free(sl);
    ca_image_free(&img);
    ca_image_free(&k);
}

/* The first row of a difference between frames a and b of `width` pixels
 * outside rectangle r, or -1. */
static int differs_outside(const uint8_t *a, const uint8_t *b, int width, int height, ca_rect r)
{
    for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
            if ((x < r.x0 || x >= r.x1 || y < r.y0 || y >= r.y1) &&
                a[(size_t)y * width + x] != b[(size_t)y * width + x])
                return y;
    return -1;
}

START_TEST(the_drawing_thread_draws_the_same_frames)
{
    /* each canvas of the ring is drawn over a frame three before, on a
     * thread or not: the frames and rectangles are the same either way,
     * and each frame differs from the one before only inside its
     * rectangle */
    recorder one, two;
    record(1, &one);
    record(2, &two);
    ck_assert_uint_eq(one.frames, two.frames);
    for (size_t i = 0; i < one.frames; i++) {
        ck_assert_msg(memcmp(one.pixels + i * one.size, two.pixels + i * two.size, one.size) == 0,
                      "frame %zu differs with the drawing thread", i);
        ck_assert_mem_eq(&one.changed[i], &two.changed[i], sizeof one.changed[i]);
        if (i > 0)
            ck_assert_msg(differs_outside(one.pixels + (i - 1) * one.size,
                                          one.pixels + i * one.size, 600, 320,
                                          one.changed[i]) < 0,
                          "frame %zu changes outside its rectangle", i);
    }
    /* the rectangle leaves out what never changes: the parameter line */
    ck_assert_int_gt(one.changed[5].y0, 0);
    free(one.pixels);
    free(two.pixels);
}
END_TEST

START_TEST(stopping_midway_stops_the_drawing)
{
    /* freed with the drawer ahead, after a failure, or before a frame:
     * SANITIZE=1 finds anything left */
    ca_image img, k;
    grids(16, &img, &k);
    ca_slide2d_options opt;
    ca_slide2d_options_default(&opt);
    opt.threads = 2;
    ca_slide2d *sl;
    ca_error err = { 0 };
    counter c = { .fail_at = SIZE_MAX };
    ca_frame_writer w = { .ctx = &c, .add = count_add };
    ck_assert_int_eq(ca_slide2d_new(&img, &k, &opt, &sl, &err), CA_OK);
    ca_slide2d_free(sl);
    ck_assert_int_eq(ca_slide2d_new(&img, &k, &opt, &sl, &err), CA_OK);
    for (int i = 0; i < 5; i++)
        ck_assert_int_eq(ca_slide2d_next(sl, &w, 1, &err), CA_OK);
    ck_assert_ptr_null(ca_slide2d_last_frame(sl));
    ca_slide2d_free(sl);
    ck_assert_uint_eq(c.frames, 5);
    c = (counter){ .fail_at = 2 };
    ck_assert_int_eq(ca_slide2d_new(&img, &k, &opt, &sl, &err), CA_OK);
    for (int i = 0; i < 2; i++)
        ck_assert_int_eq(ca_slide2d_next(sl, &w, 1, &err), CA_OK);
    ck_assert_int_eq(ca_slide2d_next(sl, &w, 1, &err), CA_EIO);
    ck_assert_int_eq(ca_slide2d_next(sl, &w, 1, &err), CA_EIO);
    ck_assert_str_eq(err.msg, "disk full at frame 2");
    ck_assert_uint_eq(c.frames, 2);
    ca_slide2d_free(sl);
    ca_image_free(&img);
    ca_image_free(&k);
}
END_TEST

/* The height of the first line of ink from the frame's top: the title, or
 * the parameter line. */
static int first_line_height(const ca_canvas *c, const ca_palette *pal)
{
    int top = -1;
    for (int y = 0; y < c->height; y++) {
        bool ink = false;
        for (int x = 0; x < c->width && !ink; x++)
            ink = c->pixels[y * c->stride + x] == pal->solid[1];
        if (ink && top < 0)
            top = y;
        if (!ink && top >= 0)
            return y - top;
    }
    return -1;
}

/* The last frame of a 5x5 input at font scale `scale` with `font`: the
 * height of its parameter line, and a hash of its pixels in *hash. */
static int parameter_line_height(double scale, const char *font, uint64_t *hash)
{
    ca_image img, k;
    grids(5, &img, &k);
    ca_slide2d_options opt;
    ca_slide2d_options_default(&opt);
    opt.font_scale = scale;
    opt.font = font;
    ca_slide2d *sl;
    ca_error err = { 0 };
    ck_assert_msg(ca_slide2d_new(&img, &k, &opt, &sl, &err) == CA_OK, "%s", err.msg);
    const ca_canvas *last = play_all(sl);
    int h = first_line_height(last, ca_slide2d_palette(sl));
    *hash = 14695981039346656037u;
    for (int y = 0; y < last->height; y++)
        for (int x = 0; x < last->width; x++)
            *hash = (*hash ^ last->pixels[y * last->stride + x]) * 1099511628211u;
    ca_slide2d_free(sl);
    ca_image_free(&img);
    ca_image_free(&k);
    return h;
}

START_TEST(the_font_scale_and_font_set_the_text)
{
    /* text twice the size at scale 2; scale 0 is 1; another font draws
     * another picture */
    uint64_t plain, doubled, same, serif;
    int one = parameter_line_height(0, NULL, &plain), two = parameter_line_height(2, NULL, &doubled);
    ck_assert_int_gt(one, 8);
    ck_assert_int_ge(two, one * 18 / 10);
    ck_assert_int_le(two, one * 22 / 10);
    ck_assert_int_eq(parameter_line_height(1, NULL, &same), one);
    ck_assert_uint_eq(same, plain);
    parameter_line_height(1, "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", &serif);
    ck_assert_uint_ne(serif, plain);

    ca_image img, k;
    grids(5, &img, &k);
    ca_slide2d_options opt;
    ca_slide2d_options_default(&opt);
    ca_slide2d *sl;
    ca_error err = { 0 };
    opt.font_scale = 3.5;
    ck_assert_int_eq(ca_slide2d_new(&img, &k, &opt, &sl, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "font scale 3.5 is outside 0.5 to 3");
    opt.font_scale = 1;
    opt.threads = -1;
    ck_assert_int_eq(ca_slide2d_new(&img, &k, &opt, &sl, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "thread count -1 is negative (0 picks one)");
    opt.threads = 0;
    char dir[256], path[300];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/notafont.ttf", dir);
    tu_write_file(path, "not a font\n", 11);
    opt.font = path;
    ck_assert_int_eq(ca_slide2d_new(&img, &k, &opt, &sl, &err), CA_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "is not a font file"));
    ck_assert_ptr_null(sl);
    tu_rmtree(dir);
    ca_image_free(&img);
    ca_image_free(&k);
}
END_TEST

static const tu_suite suite = { .name = "slide2d", .timeout = 30 };
TU_MAIN(suite, slide_writes_one_frame_per_output_cell,
        transposed_and_dilated_windows_give_a_frame_per_output_cell,
        the_presets_are_conv_arithmetics_fifteen, frames_go_to_frame_writers_under_a_cap,
        describe_gives_each_frames_cell_value_and_sum, dark_theme_is_the_same_picture_inverted,
        numbered_cells_take_one_tone_per_grid,
        a_small_grid_keeps_its_cells_small_and_its_caption_close,
        the_drawing_thread_draws_the_same_frames, stopping_midway_stops_the_drawing,
        the_font_scale_and_font_set_the_text, long_titles_leave_every_grid_on_the_frame)

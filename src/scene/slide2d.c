#include <math.h>
#include <stdio.h>

#include "out/atomic.h"
#include "draw/cells.h"
#include "convanim/conv2d.h"
#include "convanim/gif.h"
#include "convanim/kernel.h"
#include "convanim/plot.h"
#include "convanim/slide2d.h"
#include "base/util.h"

/* The frame, as the figure's: three columns 4:1:4 under their titles, the
 * padded input with the window, the flipped kernel, the output so far; a
 * caption row under them. What never changes is drawn once into a
 * background; a frame puts back what the frame before outlined and draws
 * the new window, the new output cell and the caption. */

enum {
    MARGIN = 24,
    GAP = 36,
    UNITS = 9,
    TITLE_H = 56,
    CAPTION_H = 64,
    TITLE_PX = 20,
    CAPTION_PX = 20,
    MAX_KERNEL_CELL = 64,
    MAX_DELAY_MS = 655350
};

void ca_slide2d_options_default(ca_slide2d_options *opt)
{
    *opt = (ca_slide2d_options){ .delay_ms = 100, .hold_ms = 2000 };
    ca_conv2d_options_default(&opt->conv);
}

/* What ca_slide2d_write_to needs of opt: all but the path. */
static ca_status check_values(const ca_slide2d_options *opt, ca_error *err)
{
    if (opt->delay_ms < 0 || opt->delay_ms > MAX_DELAY_MS)
        return ca_fail(err, CA_EINPUT, "animate2d: delay %d ms is outside what a GIF can store "
                       "(0 to %d ms)", opt->delay_ms, MAX_DELAY_MS);
    if (opt->hold_ms < 0 || opt->hold_ms > MAX_DELAY_MS)
        return ca_fail(err, CA_EINPUT, "animate2d: hold %d ms is outside what a GIF can store "
                       "(0 to %d ms)", opt->hold_ms, MAX_DELAY_MS);
    return CA_OK;
}

ca_status ca_slide2d_check(const ca_slide2d_options *opt, ca_error *err)
{
    ca_status s = check_values(opt, err);
    if (s != CA_OK)
        return s;
    if (!opt->gif)
        return ca_fail(err, CA_EINPUT, "animate2d: no output GIF");
    return ca_atomic_check(opt->gif, err);
}

/* Everything a frame is drawn from. */
typedef struct slide {
    const ca_image *image, *kernel;
    ca_image out;                 /* the output, computed once */
    ca_tone tone;                 /* how the output is shown */
    ca_conv2d_plan plan;
    int gh, gw;                   /* the grid: the input, padded and spread */
    int cell;                     /* pixels per grid cell */
    ca_rect in, kern, outr;       /* the three grids on the frame */
    int kcell;
    int caption_y;
    ca_font *font;
    ca_palette pal;
    ca_canvas bg, frame;
} slide;

/* Cell (row, col) of a grid at r, cells `size` pixels wide. */
static ca_rect cell_rect(ca_rect r, int size, int row, int col)
{
    return (ca_rect){ r.x0 + col * size, r.y0 + row * size, r.x0 + (col + 1) * size,
                      r.y0 + (row + 1) * size };
}

static void layout(slide *sl)
{
    int kh = sl->kernel->height, kw = sl->kernel->width;
    sl->gh = sl->plan.y.grid;
    sl->gw = sl->plan.x.grid;

    int unit = (CA_SLIDE2D_WIDTH - 2 * MARGIN - 2 * GAP) / UNITS;
    int top = TITLE_H, height = CA_SLIDE2D_HEIGHT - TITLE_H - CAPTION_H;
    int rows = sl->gh > sl->out.height ? sl->gh : sl->out.height;
    int cols = sl->gw > sl->out.width ? sl->gw : sl->out.width;
    sl->cell = (4 * unit) / cols < height / rows ? (4 * unit) / cols : height / rows;
    sl->kcell = unit / kw < height / kh ? unit / kw : height / kh;
    if (sl->kcell > MAX_KERNEL_CELL)
        sl->kcell = MAX_KERNEL_CELL;
    /* each grid centred in its column */
    int x = MARGIN, w = sl->gw * sl->cell, h = sl->gh * sl->cell;
    sl->in = (ca_rect){ x + (4 * unit - w) / 2, top + (height - h) / 2, 0, 0 };
    sl->in.x1 = sl->in.x0 + w;
    sl->in.y1 = sl->in.y0 + h;
    x += 4 * unit + GAP;
    w = kw * sl->kcell;
    h = kh * sl->kcell;
    sl->kern = (ca_rect){ x + (unit - w) / 2, top + (height - h) / 2, 0, 0 };
    sl->kern.x1 = sl->kern.x0 + w;
    sl->kern.y1 = sl->kern.y0 + h;
    x += unit + GAP;
    w = sl->out.width * sl->cell;
    h = sl->out.height * sl->cell;
    sl->outr = (ca_rect){ x + (4 * unit - w) / 2, top + (height - h) / 2, 0, 0 };
    sl->outr.x1 = sl->outr.x0 + w;
    sl->outr.y1 = sl->outr.y0 + h;
    sl->caption_y = CA_SLIDE2D_HEIGHT - CAPTION_H / 2;
}

/* A frame of `thick` pixels just inside r. */
static void outline(const ca_canvas *c, ca_rect r, int thick, int colour)
{
    ca_canvas_fill_rect(c, r.x0, r.y0, r.x1, r.y0 + thick, colour);
    ca_canvas_fill_rect(c, r.x0, r.y1 - thick, r.x1, r.y1, colour);
    ca_canvas_fill_rect(c, r.x0, r.y0, r.x0 + thick, r.y1, colour);
    ca_canvas_fill_rect(c, r.x1 - thick, r.y0, r.x1, r.y1, colour);
}

/* White lines between the cells of a grid, when they are large enough. */
static void grid_lines(const ca_canvas *c, ca_rect r, int size)
{
    if (size < 6)
        return;
    for (int x = r.x0; x <= r.x1; x += size)
        ca_canvas_vline(c, x, r.y0, r.y1 - 1, BONE_BG);
    for (int y = r.y0; y <= r.y1; y += size)
        ca_canvas_hline(c, r.x0, r.x1 - 1, y, BONE_BG);
}

static ca_status draw_background(slide *sl, ca_error *err)
{
    static const char *const titles[] = { "Input, zero-padded", "Kernel, flipped", "Output" };
    const ca_canvas *c = &sl->bg;
    const ca_image *img = sl->image, *k = sl->kernel;
    ca_status s = CA_OK;
    int unit = (CA_SLIDE2D_WIDTH - 2 * MARGIN - 2 * GAP) / UNITS;
    int centres[] = { MARGIN + 2 * unit, MARGIN + 4 * unit + GAP + unit / 2,
                      MARGIN + 5 * unit + 2 * GAP + 2 * unit };
    for (int p = 0; s == CA_OK && p < 3; p++)
        s = ca_text_draw(sl->font, c, centres[p], TITLE_H / 2.0 + 4, titles[p], TITLE_PX,
                         CA_TEXT_CENTRE | CA_TEXT_MIDDLE, BONE_INK, err);
    ca_tone clip = ca_tone_of(img, CA_NORMALIZE_CLIP);
    for (int row = 0; s == CA_OK && row < sl->gh; row++)
        for (int col = 0; col < sl->gw; col++) {
            int y = ca_conv2d_input_at(&sl->plan.y, row), x = ca_conv2d_input_at(&sl->plan.x, col);
            ca_rect r = cell_rect(sl->in, sl->cell, row, col);
            if (y >= 0 && x >= 0)
                bone_cell(c, r.x0, r.y0, r.x1, r.y1,
                          ca_tone_apply(&clip, img->v[(size_t)y * img->width + x]), NULL, NULL,
                          0, NULL);
            else
                ca_canvas_fill_rect(c, r.x0, r.y0, r.x1, r.y1, BONE_EMPTY);
        }
    /* flipped: the cell at (a, b) of the window meets kernel (kh-1-a, kw-1-b) */
    ca_tone ktone = ca_tone_of(k, CA_NORMALIZE_MINMAX);
    double size = 0;
    if (s == CA_OK)
        s = bone_value_size(sl->font, k, sl->kcell, fmin(15, sl->kcell * 0.34), &size, err);
    for (int a = 0; s == CA_OK && a < k->height; a++)
        for (int b = 0; s == CA_OK && b < k->width; b++) {
            int ka = sl->plan.flip ? k->height - 1 - a : a, kb = sl->plan.flip ? k->width - 1 - b : b;
            double v = k->v[(size_t)ka * k->width + kb];
            char text[32];
            ca_plot_number(v, text, sizeof text);
            ca_rect r = cell_rect(sl->kern, sl->kcell, a, b);
            s = bone_cell(c, r.x0, r.y0, r.x1, r.y1, ca_tone_apply(&ktone, v), sl->font, text,
                          size, err);
        }
    ca_canvas_fill_rect(c, sl->outr.x0, sl->outr.y0, sl->outr.x1, sl->outr.y1, BONE_EMPTY);
    grid_lines(c, sl->in, sl->cell);
    grid_lines(c, sl->kern, sl->kcell);
    grid_lines(c, sl->outr, sl->cell);
    return s;
}

/* The window of output (i, j) on the input grid. */
static ca_rect window_rect(const slide *sl, int i, int j)
{
    const ca_conv2d_axis *y = &sl->plan.y, *x = &sl->plan.x;
    ca_rect a = cell_rect(sl->in, sl->cell, i * y->step, j * x->step);
    ca_rect b = cell_rect(sl->in, sl->cell, i * y->step + (y->k - 1) * y->dil,
                          j * x->step + (x->k - 1) * x->dil);
    return (ca_rect){ a.x0, a.y0, b.x1, b.y1 };
}

static int outline_px(const slide *sl)
{
    return sl->cell >= 12 ? 3 : sl->cell >= 6 ? 2 : 1;
}

/* Output cell n in its colour, with or without the accent around it. */
static void output_cell(slide *sl, size_t n, bool current)
{
    int i = (int)(n / (size_t)sl->out.width), j = (int)(n % (size_t)sl->out.width);
    ca_rect r = cell_rect(sl->outr, sl->cell, i, j);
    int line = sl->cell >= 6;   /* the grid line on the cell's top and left */
    bone_cell(&sl->frame, r.x0 + line, r.y0 + line, r.x1, r.y1,
              ca_tone_apply(&sl->tone, sl->out.v[n]), NULL, NULL, 0, NULL);
    if (current)
        outline(&sl->frame, r, outline_px(sl), BONE_ACCENT);
    else if (line)
        grid_lines(&sl->frame, r, sl->cell);
}

static ca_status draw_step(slide *sl, size_t n, ca_rect *changed, ca_error *err)
{
    int i = (int)(n / (size_t)sl->out.width), j = (int)(n % (size_t)sl->out.width);
    ca_rect caption = { 0, CA_SLIDE2D_HEIGHT - CAPTION_H, CA_SLIDE2D_WIDTH, CA_SLIDE2D_HEIGHT };
    ca_canvas_fill_rect(&sl->frame, caption.x0, caption.y0, caption.x1, caption.y1, BONE_BG);
    *changed = caption;
    if (n > 0) {
        size_t p = n - 1;
        ca_rect prev = window_rect(sl, (int)(p / (size_t)sl->out.width),
                                   (int)(p % (size_t)sl->out.width));
        ca_canvas from = ca_canvas_sub(&sl->bg, prev.x0, prev.y0, prev.x1 - prev.x0,
                                       prev.y1 - prev.y0);
        ca_canvas to = ca_canvas_sub(&sl->frame, prev.x0, prev.y0, prev.x1 - prev.x0,
                                     prev.y1 - prev.y0);
        ca_canvas_copy(&to, &from);
        ca_rect_union(changed, prev);
        output_cell(sl, p, false);
        ca_rect_union(changed, cell_rect(sl->outr, sl->cell, (int)(p / (size_t)sl->out.width),
                                         (int)(p % (size_t)sl->out.width)));
    }
    ca_rect w = window_rect(sl, i, j);
    outline(&sl->frame, w, outline_px(sl), BONE_ACCENT);
    ca_rect_union(changed, w);
    output_cell(sl, n, true);
    ca_rect_union(changed, cell_rect(sl->outr, sl->cell, i, j));

    char value[32], text[160];
    ca_plot_number(sl->out.v[n], value, sizeof value);
    snprintf(text, sizeof text, "output[%d, %d] = sum of the %d products under the window = %s",
             i, j, sl->kernel->width * sl->kernel->height, value);
    return ca_text_draw(sl->font, &sl->frame, CA_SLIDE2D_WIDTH / 2.0, sl->caption_y, text,
                        CAPTION_PX, CA_TEXT_CENTRE | CA_TEXT_MIDDLE, BONE_INK, err);
}

static ca_status check_sizes(const ca_image *image, const ca_image *kernel, ca_error *err)
{
    if (image->width > CA_SLIDE2D_MAX_SIDE || image->height > CA_SLIDE2D_MAX_SIDE)
        return ca_fail(err, CA_ELIMIT, "animate2d: a %dx%d image has too many pixels to show "
                       "one by one (at most %dx%d; resize it, e.g. --resize 32x32)",
                       image->width, image->height, CA_SLIDE2D_MAX_SIDE, CA_SLIDE2D_MAX_SIDE);
    if (kernel->width > CA_SLIDE2D_MAX_SIDE || kernel->height > CA_SLIDE2D_MAX_SIDE)
        return ca_fail(err, CA_ELIMIT, "animate2d: a %dx%d kernel is too large to show (at "
                       "most %dx%d)", kernel->width, kernel->height, CA_SLIDE2D_MAX_SIDE,
                       CA_SLIDE2D_MAX_SIDE);
    return CA_OK;
}

static ca_status render(slide *sl, const ca_slide2d_options *opt, const ca_sink *sink,
                        ca_error *err)
{
    ca_gif *gif = NULL;
    ca_status s = ca_gif_open(sink, CA_SLIDE2D_WIDTH, CA_SLIDE2D_HEIGHT, &sl->pal, 0, &gif,
                              err);
    if (s != CA_OK)
        return s;
    size_t frames = (size_t)sl->out.width * (size_t)sl->out.height;
    int delay = (opt->delay_ms + 5) / 10;
    int hold = opt->hold_ms > opt->delay_ms ? (opt->hold_ms + 5) / 10 : delay;
    ca_canvas_copy(&sl->frame, &sl->bg);
    for (size_t n = 0; n < frames && s == CA_OK; n++) {
        ca_rect changed;
        s = draw_step(sl, n, &changed, err);
        if (s == CA_OK)
            s = ca_gif_add_frame(gif, sl->frame.pixels, sl->frame.stride,
                                 n + 1 == frames ? hold : delay, &changed, err);
    }
    if (s == CA_OK)
        return ca_gif_close(gif, err);
    ca_gif_abort(gif);
    return s;
}

ca_status ca_slide2d_write_to(const ca_image *image, const ca_image *kernel,
                              const ca_slide2d_options *opt, const ca_sink *sink, ca_error *err)
{
    slide sl = { .image = image, .kernel = kernel };
    ca_status s = check_values(opt, err);
    if (s == CA_OK)
        s = check_sizes(image, kernel, err);
    if (s == CA_OK)
        s = ca_conv2d_plan_make(image->height, image->width, kernel->height, kernel->width,
                                &opt->conv, &sl.plan, err);
    if (s == CA_OK)
        s = ca_conv2d(image, kernel, &opt->conv, &sl.out, err);
    if (s != CA_OK)
        return s;
    sl.tone = ca_tone_of(&sl.out, ca_kernel_normalize(kernel));
    layout(&sl);
    if ((s = bone_palette(&sl.pal, err)) == CA_OK &&
        (s = ca_font_open(NULL, &sl.font, err)) == CA_OK &&
        (s = ca_canvas_new(CA_SLIDE2D_WIDTH, CA_SLIDE2D_HEIGHT, &sl.pal, BONE_BG, &sl.bg,
                           err)) == CA_OK &&
        (s = ca_canvas_new(CA_SLIDE2D_WIDTH, CA_SLIDE2D_HEIGHT, &sl.pal, BONE_BG, &sl.frame,
                           err)) == CA_OK &&
        (s = draw_background(&sl, err)) == CA_OK)
        s = render(&sl, opt, sink, err);
    ca_canvas_free(&sl.bg);
    ca_canvas_free(&sl.frame);
    ca_font_free(sl.font);
    ca_image_free(&sl.out);
    return s;
}

ca_status ca_slide2d_write(const ca_image *image, const ca_image *kernel,
                           const ca_slide2d_options *opt, ca_error *err)
{
    ca_status s = ca_slide2d_check(opt, err);
    ca_file_sink *file;
    if (s == CA_OK)
        s = ca_file_sink_open(opt->gif, &file, err);
    if (s != CA_OK)
        return s;
    ca_sink sink = ca_file_sink_get(file);
    return ca_file_sink_close(file, ca_slide2d_write_to(image, kernel, opt, &sink, err), err);
}

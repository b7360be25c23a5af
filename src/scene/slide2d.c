#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anim/pipeline.h"
#include "out/atomic.h"
#include "out/json.h"
#include "draw/cells.h"
#include "convanim/conv2d.h"
#include "convanim/anim.h"
#include "convanim/gif.h"
#include "convanim/kernel.h"
#include "convanim/plot.h"
#include "convanim/slide2d.h"
#include "base/util.h"

/* The frame: a parameter line, then three grids side by side under their
 * titles (the input as the window sees it, padded or spread, the kernel as
 * the window applies it, the output), then the caption that writes the
 * current sum out. What never changes is drawn once into a background; a
 * frame puts back what the frame before outlined and draws the new window,
 * the new output cell and the caption. A GIF frame stores the one rectangle
 * round all it changes, the static cells inside it too, so the grids sit
 * close together, in cells no larger than their numbers need. */

enum {
    MARGIN = 24,
    GAP = 36,
    UNITS = 9,
    HEAD_H = 44,
    HEAD_PX = 24,
    PARAM_H = 40,
    TITLE_H = 36,
    CAPTION_H = 64,
    PARAM_PX = 18,
    TITLE_PX = 20,
    CAPTION_PX = 20,
    MAX_CELL = 46,
    MAX_VALUE_PX = 22,
    /* bone levels: a cell is one flat colour, so 32 steps of the ramp are
     * as many as cells side by side tell apart; fewer palette entries
     * than an image's 128 make GIF codes a bit shorter */
    CELL_LEVELS = 32,
    MAX_DELAY_MS = 655350,
    /* grays, in sixteenths of ink over the background */
    GRID_LEVEL = 5, HATCH_LEVEL = 5, PENDING_LEVEL = 9
};

/* Where a grid's cells carry their numbers, the numbers say the values
 * and the cells take one light bone tone per grid: every number reads in
 * the same ink, and a row of cells of one colour costs a GIF far fewer
 * codes than a row of colours. The output's tone is the darkest, so a
 * computed cell stands apart from a pending one (empty, in a dotted
 * outline) and from the input's. Cells too small for numbers keep the
 * colour that maps their value. */
static const double INPUT_TONE = 0.9, KERNEL_TONE = 0.8, OUTPUT_TONE = 0.65;

void ca_slide2d_options_default(ca_slide2d_options *opt)
{
    *opt = (ca_slide2d_options){ .width = CA_SLIDE2D_WIDTH, .height = CA_SLIDE2D_HEIGHT,
                                 .delay_ms = 100, .hold_ms = 2000,
                                 .max_frames = CA_SLIDE2D_MAX_FRAMES,
                                 .labels = { "Input", "Kernel", "Output" } };
    ca_conv2d_options_default(&opt->conv);
}

/* What ca_slide2d_write_to needs of opt: all but the path. */
static ca_status check_values(const ca_slide2d_options *opt, ca_error *err)
{
    if (opt->width < CA_SLIDE2D_MIN_WIDTH || opt->height < CA_SLIDE2D_MIN_HEIGHT ||
        opt->width > 16384 || opt->height > 16384 || (double)opt->width * opt->height > 64e6)
        return ca_fail(err, CA_EINPUT, "a %dx%d frame is outside %dx%d to 16384 per "
                       "side and 64 megapixels", opt->width, opt->height, CA_SLIDE2D_MIN_WIDTH,
                       CA_SLIDE2D_MIN_HEIGHT);
    if (opt->delay_ms < 0 || opt->delay_ms > MAX_DELAY_MS)
        return ca_fail(err, CA_EINPUT, "delay %d ms is outside what a GIF can store "
                       "(0 to %d ms)", opt->delay_ms, MAX_DELAY_MS);
    if (opt->hold_ms < 0 || opt->hold_ms > MAX_DELAY_MS)
        return ca_fail(err, CA_EINPUT, "hold %d ms is outside what a GIF can store "
                       "(0 to %d ms)", opt->hold_ms, MAX_DELAY_MS);
    for (int i = 0; i < 3; i++)
        if (!opt->labels[i])
            return ca_fail(err, CA_EINPUT, "panel title %d is missing", i + 1);
    if (opt->theme != CA_THEME_LIGHT && opt->theme != CA_THEME_DARK)
        return ca_fail(err, CA_EINPUT, "theme %d is neither light nor dark",
                       (int)opt->theme);
    if (opt->threads < 0)
        return ca_fail(err, CA_EINPUT, "thread count %d is negative (0 picks one)", opt->threads);
    return ca_scene_check_font_scale(opt->font_scale, err);
}

ca_status ca_slide2d_check(const ca_slide2d_options *opt, ca_error *err)
{
    ca_status s = check_values(opt, err);
    if (s != CA_OK)
        return s;
    if (!opt->gif)
        return ca_fail(err, CA_EINPUT, "no output GIF");
    return ca_atomic_check(opt->gif, err);
}

/* Everything a frame is drawn from. */
struct ca_slide2d {
    int width, height;            /* the frame */
    double scale;                 /* of the sizes below, from the 1200x640 they are for */
    double text_scale;            /* of the text and its bands: scale times the font scale */
    int margin, gap, head_h, param_h, title_h, caption_h;   /* param_h: to the titles */
    int drop, panels_h;           /* titles, panels and caption from param_h + drop, the
                                   * panels panels_h high */
    double head_px, param_px, title_px, caption_px;
    const ca_image *image, *kernel;
    const ca_slide2d_options *opt;
    ca_image out;                 /* the output, computed once */
    ca_image shown;               /* the kernel as the window applies it */
    ca_tone in_tone, k_tone, out_tone;
    ca_conv2d_plan plan;
    ca_conv2d_term *terms;        /* room for a window's taps */
    int cell;                     /* pixels per input and output cell */
    int kcell;                    /* pixels per kernel cell */
    double in_px, k_px, out_px;   /* the numbers' sizes in the cells; 0: none */
    ca_rect in, kern, outr;       /* the three grids on the frame */
    int centres[3];               /* of the three titles */
    ca_font *font;
    ca_palette pal;
    ca_canvas bg;
    ca_canvas frame;              /* the one being drawn: a view of a pipeline's canvas */
    ca_timeline timeline;
    pipeline *pipe;               /* draws the frames and hands them on */
};

typedef struct ca_slide2d slide;

/* A gray between the background and the ink, level of CA_PALETTE_LEVELS
 * parts ink: the ramp the text is anti-aliased with has it. */
static uint8_t gray(const slide *sl, int level)
{
    return (uint8_t)(sl->pal.ramp[BONE_INK][BONE_BG] + level - 1);
}

/* Fills r of c with palette index `index`. */
static void fill_index(const ca_canvas *c, ca_rect r, uint8_t index)
{
    ca_canvas sub = ca_canvas_sub(c, r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0);
    for (int y = 0; y < sub.height; y++)
        memset(sub.pixels + y * sub.stride, index, (size_t)sub.width);
}

/* Cell (row, col) of a grid at r, cells `size` pixels wide. */
static ca_rect cell_rect(ca_rect r, int size, int row, int col)
{
    return (ca_rect){ r.x0 + col * size, r.y0 + row * size, r.x0 + (col + 1) * size,
                      r.y0 + (row + 1) * size };
}

/* A w x h box centred in the column from x of width cw and in the panels. */
static ca_rect centred(const slide *sl, int x, int cw, int w, int h)
{
    int top = sl->param_h + sl->drop + sl->title_h;
    ca_rect r = { x + (cw - w) / 2, top + (sl->panels_h - h) / 2, 0, 0 };
    r.x1 = r.x0 + w;
    r.y1 = r.y0 + h;
    return r;
}

static int unit_px(const slide *sl)
{
    return (sl->width - 2 * sl->margin - 2 * sl->gap) / UNITS;
}

/* The frame's geometry: everything scaled with the frame, so that a
 * smaller frame is the same picture. */
static void measure(slide *sl, int width, int height)
{
    sl->width = width;
    sl->height = height;
    sl->scale = fmin(width / 1200.0, height / 640.0);
    sl->text_scale = sl->scale * (sl->opt->font_scale > 0 ? sl->opt->font_scale : 1);
    sl->margin = (int)lround(MARGIN * sl->scale);
    sl->gap = (int)lround(GAP * sl->scale);
    sl->head_h = sl->opt->title ? (int)lround(HEAD_H * sl->text_scale) : 0;
    sl->param_h = sl->head_h + (int)lround(PARAM_H * sl->text_scale);
    sl->title_h = (int)lround(TITLE_H * sl->text_scale);
    sl->caption_h = (int)lround(CAPTION_H * sl->text_scale);
    sl->head_px = HEAD_PX * sl->text_scale;
    sl->param_px = PARAM_PX * sl->text_scale;
    sl->title_px = TITLE_PX * sl->text_scale;
    sl->caption_px = CAPTION_PX * sl->text_scale;
}

static void layout(slide *sl)
{
    const ca_conv2d_axis *y = &sl->plan.y, *x = &sl->plan.x;
    int unit = unit_px(sl), height = sl->height - sl->param_h - sl->title_h - sl->caption_h;
    /* the input's and the output's cells the same size, so the two compare */
    int rows = y->grid > y->out ? y->grid : y->out, cols = x->grid > x->out ? x->grid : x->out;
    sl->cell = (4 * unit) / cols < height / rows ? (4 * unit) / cols : height / rows;
    /* a small grid gets cells just large enough for its numbers, not the
     * whole column: the bytes of a frame grow with the rows its cells
     * cross, its numbers would not be any larger */
    if (sl->cell > MAX_CELL * sl->scale)
        sl->cell = (int)(MAX_CELL * sl->scale);
    /* the kernel in the room the two grids leave, at least a ninth of
     * it, in cells no larger than theirs: a 4x4 kernel of grid: numbers
     * then gets them written, as the input does */
    int room = sl->width - 2 * sl->margin - 2 * sl->gap - (x->grid + x->out) * sl->cell;
    room = room > unit ? room : unit;
    sl->kcell = room / x->k < height / y->k ? room / x->k : height / y->k;
    if (sl->kcell > sl->cell)
        sl->kcell = sl->cell;
    /* titles, grids and caption kept together, the room the grids leave
     * above and below them: the caption's rows near the window's, and
     * each title near its grid */
    int grids = y->k * sl->kcell;
    grids = grids > y->grid * sl->cell ? grids : y->grid * sl->cell;
    grids = grids > y->out * sl->cell ? grids : y->out * sl->cell;
    sl->panels_h = grids + sl->gap < height ? grids + sl->gap : height;
    sl->drop = (height - sl->panels_h) / 2;
}

/* The three grids side by side, each in a column as wide as it or its
 * title (titles[i] pixels wide), the three centred on the frame: the
 * window, the output cell and the caption a frame changes are then as
 * close as the grids allow. */
static void place(slide *sl, const double titles[3])
{
    const ca_conv2d_axis *y = &sl->plan.y, *x = &sl->plan.x;
    int w[3] = { x->grid * sl->cell, x->k * sl->kcell, x->out * sl->cell };
    int h[3] = { y->grid * sl->cell, y->k * sl->kcell, y->out * sl->cell };
    int cw[3], total = 2 * sl->gap;
    for (int i = 0; i < 3; i++) {
        cw[i] = w[i] > (int)ceil(titles[i]) ? w[i] : (int)ceil(titles[i]);
        total += cw[i];
    }
    int left = (sl->width - total) / 2 > sl->margin ? (sl->width - total) / 2 : sl->margin;
    ca_rect *r[3] = { &sl->in, &sl->kern, &sl->outr };
    for (int i = 0; i < 3; i++) {
        *r[i] = centred(sl, left, cw[i], w[i], h[i]);
        sl->centres[i] = left + cw[i] / 2;
        left += cw[i] + sl->gap;
    }
}

/* The kernel panel's title: flipped for a true convolution. */
static void kernel_title(const slide *sl, char *buf, size_t size)
{
    snprintf(buf, size, "%s%s", sl->opt->labels[1], sl->plan.flip ? ", flipped" : "");
}

/* A frame of `thick` pixels just inside r. */
static void outline(const ca_canvas *c, ca_rect r, int thick, int colour)
{
    ca_canvas_fill_rect(c, r.x0, r.y0, r.x1, r.y0 + thick, colour);
    ca_canvas_fill_rect(c, r.x0, r.y1 - thick, r.x1, r.y1, colour);
    ca_canvas_fill_rect(c, r.x0, r.y0, r.x0 + thick, r.y1, colour);
    ca_canvas_fill_rect(c, r.x1 - thick, r.y0, r.x1, r.y1, colour);
}

/* Two pixels stand out in the accent round cells of a slide's size; a
 * third would add a run of changed pixels to every row the window moves
 * through. */
static int outline_px(const slide *sl)
{
    return sl->cell >= 6 ? 2 : 1;
}

/* The inside of a cell, without the grid line on its top and left. */
static ca_rect inside(const slide *sl, ca_rect r)
{
    int line = sl->cell >= 6;
    return (ca_rect){ r.x0 + line, r.y0 + line, r.x1, r.y1 };
}

/* A cell of value v, framed by the grid's gray lines: its number on the
 * grid's flat tone when px says the numbers are written, else coloured as
 * tone maps v. */
static ca_status value_cell(const slide *sl, const ca_canvas *c, ca_rect r, double v,
                            const ca_tone *tone, double px, double flat, ca_error *err)
{
    char text[32];
    ca_plot_number(v, text, sizeof text);
    fill_index(c, r, gray(sl, GRID_LEVEL));
    double t = px > 0 ? flat : ca_tone_apply(tone, v);
    r = inside(sl, r);
    return bone_cell(c, r.x0, r.y0, r.x1, r.y1, t, sl->font, px > 0 ? text : NULL, px, err);
}

/* The parameter line: "i = 5, k = 3, p = 1, s = 2, d = 1 → o = 3", a
 * side's pair as rows×columns when they differ. */
static void pair(char *buf, size_t size, const char *name, int y, int x)
{
    size_t n = strlen(buf);
    if (y == x)
        snprintf(buf + n, size - n, "%s%s = %d", n ? ", " : "", name, y);
    else
        snprintf(buf + n, size - n, "%s%s = %d×%d", n ? ", " : "", name, y, x);
}

static void padding_text(char *buf, size_t size, const ca_conv2d_axis *a)
{
    if (a->pad0 == a->pad1)
        snprintf(buf, size, "%d", a->pad0);
    else
        snprintf(buf, size, "%d+%d", a->pad0, a->pad1);
}

static void parameter_line(const slide *sl, char *buf, size_t size)
{
    const ca_conv2d_axis *y = &sl->plan.y, *x = &sl->plan.x;
    char py[24], px[24];
    buf[0] = '\0';
    pair(buf, size, "i", y->in, x->in);
    pair(buf, size, "k", y->k, x->k);
    padding_text(py, sizeof py, y);
    padding_text(px, sizeof px, x);
    size_t n = strlen(buf);
    if (strcmp(py, px) == 0)
        snprintf(buf + n, size - n, ", p = %s", py);
    else
        snprintf(buf + n, size - n, ", p = %s×%s", py, px);
    pair(buf, size, "s", y->stride, x->stride);
    pair(buf, size, "d", y->dil, x->dil);
    if (sl->plan.transposed)
        pair(buf, size, "a", y->outpad, x->outpad);
    n = strlen(buf);
    if (y->out == x->out)
        snprintf(buf + n, size - n, " → o = %d", y->out);
    else
        snprintf(buf + n, size - n, " → o = %d×%d", y->out, x->out);
    n = strlen(buf);
    snprintf(buf + n, size - n, "%s", sl->plan.transposed
                                          ? (sl->plan.correlate ? "   (transposed, as PyTorch)"
                                                                : "   (transposed convolution)")
                                          : (sl->plan.correlate ? "   (cross-correlation)"
                                                                : "   (convolution)"));
}

/* The zeros the window may meet that are no input cell: hatched, so that
 * no value's colour can be taken for them. */
static void zero_cell(const slide *sl, const ca_canvas *c, ca_rect r)
{
    fill_index(c, r, gray(sl, GRID_LEVEL));
    r = inside(sl, r);
    ca_canvas_fill_rect(c, r.x0, r.y0, r.x1, r.y1, BONE_BG);
    ca_canvas sub = ca_canvas_sub(c, r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0);
    int step = sl->cell >= 24 ? 6 : 4;
    uint8_t hatch = gray(sl, HATCH_LEVEL);
    for (int yy = 0; yy < sub.height; yy++)
        for (int xx = 0; xx < sub.width; xx++)
            if ((xx + yy) % step == 0)
                sub.pixels[yy * sub.stride + xx] = hatch;
}

/* An output cell not computed yet: empty, in a dotted outline. */
static void pending_cell(const slide *sl, const ca_canvas *c, ca_rect r)
{
    ca_canvas_fill_rect(c, r.x0, r.y0, r.x1, r.y1, BONE_BG);
    r = inside(sl, r);
    ca_canvas sub = ca_canvas_sub(c, r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0);
    uint8_t ink = gray(sl, PENDING_LEVEL);
    for (int t = 0; t < sub.width; t += 2) {
        sub.pixels[t] = ink;
        sub.pixels[(sub.height - 1) * sub.stride + t] = ink;
    }
    for (int t = 0; t < sub.height; t += 2) {
        sub.pixels[t * sub.stride] = ink;
        sub.pixels[t * sub.stride + sub.width - 1] = ink;
    }
}

static ca_status draw_background(slide *sl, ca_error *err)
{
    const ca_canvas *c = &sl->bg;
    const ca_conv2d_plan *p = &sl->plan;
    char text[256], ktitle[160];
    parameter_line(sl, text, sizeof text);
    ca_status s = ca_text_draw(sl->font, c, sl->width / 2.0,
                               (sl->head_h + sl->param_h) / 2.0 + 4 * sl->scale, text,
                               sl->param_px, CA_TEXT_CENTRE | CA_TEXT_MIDDLE, BONE_INK, err);
    if (s == CA_OK && sl->opt->title)
        s = ca_text_draw(sl->font, c, sl->width / 2.0, sl->head_h / 2.0 + 6 * sl->scale,
                         sl->opt->title, sl->head_px, CA_TEXT_CENTRE | CA_TEXT_MIDDLE,
                         BONE_INK, err);
    kernel_title(sl, ktitle, sizeof ktitle);
    const char *titles[] = { sl->opt->labels[0], ktitle, sl->opt->labels[2] };
    for (int i = 0; s == CA_OK && i < 3; i++)
        s = ca_text_draw(sl->font, c, sl->centres[i], sl->param_h + sl->drop + sl->title_h / 2.0,
                         titles[i], sl->title_px, CA_TEXT_CENTRE | CA_TEXT_MIDDLE, BONE_INK, err);
    ca_canvas_fill_rect(c, sl->in.x0, sl->in.y0, sl->in.x1, sl->in.y1, BONE_BG);
    for (int row = 0; s == CA_OK && row < p->y.grid; row++)
        for (int col = 0; s == CA_OK && col < p->x.grid; col++) {
            int y = ca_conv2d_input_at(&p->y, row), x = ca_conv2d_input_at(&p->x, col);
            ca_rect r = cell_rect(sl->in, sl->cell, row, col);
            if (y >= 0 && x >= 0)
                s = value_cell(sl, c, r, sl->image->v[(size_t)y * sl->image->width + x],
                               &sl->in_tone, sl->in_px, INPUT_TONE, err);
            else
                zero_cell(sl, c, r);
        }
    for (int a = 0; s == CA_OK && a < sl->shown.height; a++)
        for (int b = 0; s == CA_OK && b < sl->shown.width; b++)
            s = value_cell(sl, c, cell_rect(sl->kern, sl->kcell, a, b),
                           sl->shown.v[(size_t)a * sl->shown.width + b], &sl->k_tone, sl->k_px,
                           KERNEL_TONE, err);
    /* the right and bottom edges of the grids */
    const ca_rect *grids[] = { &sl->in, &sl->kern, &sl->outr };
    for (int i = 0; i < 3; i++) {
        fill_index(c, (ca_rect){ grids[i]->x0, grids[i]->y1, grids[i]->x1 + 1,
                                 grids[i]->y1 + 1 }, gray(sl, GRID_LEVEL));
        fill_index(c, (ca_rect){ grids[i]->x1, grids[i]->y0, grids[i]->x1 + 1,
                                 grids[i]->y1 + 1 }, gray(sl, GRID_LEVEL));
    }
    for (int i = 0; i < p->y.out; i++)
        for (int j = 0; j < p->x.out; j++)
            pending_cell(sl, c, cell_rect(sl->outr, sl->cell, i, j));
    return s;
}

/* The window of output (i, j): the grid cells from its first tap to its
 * last, dilation gaps included. */
static ca_rect window_rect(const slide *sl, int i, int j)
{
    const ca_conv2d_axis *y = &sl->plan.y, *x = &sl->plan.x;
    ca_rect a = cell_rect(sl->in, sl->cell, i * y->step, j * x->step);
    ca_rect b = cell_rect(sl->in, sl->cell, i * y->step + (y->k - 1) * y->dil,
                          j * x->step + (x->k - 1) * x->dil);
    return (ca_rect){ a.x0, a.y0, b.x1, b.y1 };
}

/* Draws the window of output (i, j): one frame round a window of adjacent
 * taps; a dilated window's taps each framed, so that the cells between
 * them show as cells it skips (a line round the whole span as well would
 * add a run of changed pixels to every row between taps, and say nothing
 * the taps do not). The weights are the kernel panel's, and the caption
 * writes each product out: a weight in each tap's corner would say it a
 * third time, in type too small to read. */
static void draw_window(slide *sl, int i, int j)
{
    const ca_conv2d_axis *y = &sl->plan.y, *x = &sl->plan.x;
    if (y->dil == 1 && x->dil == 1) {
        outline(&sl->frame, window_rect(sl, i, j), outline_px(sl), BONE_ACCENT);
        return;
    }
    for (int a = 0; a < y->k; a++)
        for (int b = 0; b < x->k; b++)
            outline(&sl->frame, cell_rect(sl->in, sl->cell, i * y->step + a * y->dil,
                                          j * x->step + b * x->dil),
                    outline_px(sl), BONE_ACCENT);
}

/* "3·1" for a product, the weight in parentheses when negative. */
static void product(double v, double w, char *buf, size_t size)
{
    char a[32], b[32];
    ca_plot_number(v, a, sizeof a);
    ca_plot_number(w, b, sizeof b);
    snprintf(buf, size, w < 0 ? "%s·(%s)" : "%s·%s", a, b);
}

/* The caption of an output whose window meets no input cell, after its head. */
static const char ZEROS_ONLY[] = "0: the window covers zeros only";

/* The caption of output (i, j): "Output[i, j] = 3·1 + 0·2 + ... = 7" over
 * the taps that meet input cells (a zero of the padding adds nothing),
 * with terms left out of the middle when the line would not fit. */
static ca_status caption(slide *sl, int i, int j, char *buf, size_t size, ca_error *err)
{
    int n = ca_conv2d_terms(&sl->plan, i, j, sl->terms), kept = 0;
    for (int t = 0; t < n; t++)
        if (sl->terms[t].iy >= 0 && sl->terms[t].ix >= 0)
            sl->terms[kept++] = sl->terms[t];
    char sum[32], head[96];
    ca_plot_number(sl->out.v[(size_t)i * sl->out.width + j], sum, sizeof sum);
    snprintf(head, sizeof head, "%s[%d, %d] = ", sl->opt->labels[2], i, j);
    if (kept == 0) {
        snprintf(buf, size, "%s%s", head, ZEROS_ONLY);
        return CA_OK;
    }
    for (int shown = kept; shown >= 1; shown--) {
        size_t len = (size_t)snprintf(buf, size, "%s", head);
        for (int t = 0; t < kept && len < size; t++) {
            /* the first shown - 1 terms, then the last */
            if (t >= shown - 1 && t < kept - 1) {
                if (t == shown - 1)
                    len += (size_t)snprintf(buf + len, size - len, t ? " + …" : "…");
                continue;
            }
            const ca_conv2d_term *m = &sl->terms[t];
            char term[80];
            product(sl->image->v[(size_t)m->iy * sl->image->width + m->ix],
                    sl->kernel->v[(size_t)m->ky * sl->kernel->width + m->kx], term, sizeof term);
            len += (size_t)snprintf(buf + len, size - len, "%s%s", t ? " + " : "", term);
        }
        if (len < size)
            snprintf(buf + len, size - len, " = %s", sum);
        ca_text_metrics tm;
        ca_status s = ca_text_measure(sl->font, buf, sl->caption_px, &tm, err);
        if (s != CA_OK)
            return s;
        if (tm.width <= sl->width - sl->margin - sl->in.x0)
            return CA_OK;
    }
    snprintf(buf, size, "%s%s", head, sum);
    return CA_OK;
}

/* Output cell (i, j) computed, with or without the accent around it. */
static ca_status output_cell(slide *sl, int i, int j, bool current, ca_error *err)
{
    ca_rect r = cell_rect(sl->outr, sl->cell, i, j);
    ca_status s = value_cell(sl, &sl->frame, r, sl->out.v[(size_t)i * sl->out.width + j],
                             &sl->out_tone, sl->out_px, OUTPUT_TONE, err);
    if (current)
        outline(&sl->frame, r, outline_px(sl), BONE_ACCENT);
    return s;
}

/* The band the caption is written in, under the panels. */
static ca_rect caption_rect(const slide *sl)
{
    int y0 = sl->param_h + sl->drop + sl->title_h + sl->panels_h;
    return (ca_rect){ 0, y0, sl->width, y0 + sl->caption_h };
}

/* No step shown yet. */
#define NO_STEP SIZE_MAX

/* Draws step n over sl->frame, which shows step `from` < n (NO_STEP: the
 * background): puts back what from's window covered and fills in the
 * output cells from from's to n's as computed. */
static ca_status draw_step(slide *sl, size_t from, size_t n, ca_error *err)
{
    int w = sl->out.width;
    int i = (int)(n / (size_t)w), j = (int)(n % (size_t)w);
    ca_rect cap = caption_rect(sl);
    ca_canvas_fill_rect(&sl->frame, cap.x0, cap.y0, cap.x1, cap.y1, BONE_BG);
    ca_status s = CA_OK;
    size_t cell = 0;
    if (from != NO_STEP) {
        ca_rect prev = window_rect(sl, (int)(from / (size_t)w), (int)(from % (size_t)w));
        ca_canvas back = ca_canvas_sub(&sl->bg, prev.x0, prev.y0, prev.x1 - prev.x0,
                                       prev.y1 - prev.y0);
        ca_canvas to = ca_canvas_sub(&sl->frame, prev.x0, prev.y0, prev.x1 - prev.x0,
                                     prev.y1 - prev.y0);
        ca_canvas_copy(&to, &back);
        cell = from;
    }
    for (; s == CA_OK && cell < n; cell++)
        s = output_cell(sl, (int)(cell / (size_t)w), (int)(cell % (size_t)w), false, err);
    draw_window(sl, i, j);
    if (s == CA_OK)
        s = output_cell(sl, i, j, true, err);
    char text[512];
    if (s == CA_OK)
        s = caption(sl, i, j, text, sizeof text, err);
    if (s == CA_OK)
        s = ca_text_draw(sl->font, &sl->frame, sl->in.x0, (cap.y0 + cap.y1) / 2.0,
                         text, sl->caption_px, CA_TEXT_LEFT | CA_TEXT_MIDDLE, BONE_INK, err);
    return s;
}

/* Where the frame of step n differs from the frame before it, of step
 * prev: the caption, both windows, and the output cells from prev's to
 * n's. */
static ca_rect step_change(const slide *sl, size_t prev, size_t n)
{
    size_t w = (size_t)sl->out.width;
    ca_rect r = caption_rect(sl);
    ca_rect_union(&r, window_rect(sl, (int)(prev / w), (int)(prev % w)));
    ca_rect_union(&r, window_rect(sl, (int)(n / w), (int)(n % w)));
    for (size_t c = prev; c <= n; c++)
        ca_rect_union(&r, cell_rect(sl->outr, sl->cell, (int)(c / w), (int)(c % w)));
    return r;
}

/* The pipeline's drawing: frame i over the frame c holds, a few before. */
static ca_status draw_frame(void *ctx, size_t i, pipeline_canvas *c, ca_rect *changed,
                            ca_error *err)
{
    slide *sl = ctx;
    const ca_timeline *t = &sl->timeline;
    size_t n = ca_timeline_scene_frame(t, i), from = NO_STEP;
    sl->frame = c->frame;
    if (c->holds == PIPELINE_NEW)
        ca_canvas_copy(&sl->frame, &sl->bg);
    else
        from = ca_timeline_scene_frame(t, c->holds);
    if (i > 0)
        *changed = step_change(sl, ca_timeline_scene_frame(t, i - 1), n);
    return draw_step(sl, from, n, err);
}

/* *px smaller, when text at *px would be wider than the frame within its
 * margins: a large font scale on a narrow frame clips no line. */
static ca_status fit_line(const slide *sl, const char *text, double *px, ca_error *err)
{
    ca_text_metrics tm;
    ca_status s = ca_text_measure(sl->font, text, *px, &tm, err);
    double room = sl->width - 2 * sl->margin;
    if (s == CA_OK && tm.width > room)
        *px *= room / tm.width;
    return s;
}

/* The title and the parameter line, each on one line across the frame. */
static ca_status fit_lines(slide *sl, ca_error *err)
{
    char text[256];
    parameter_line(sl, text, sizeof text);
    ca_status s = fit_line(sl, text, &sl->param_px, err);
    if (s == CA_OK && sl->opt->title)
        s = fit_line(sl, sl->opt->title, &sl->head_px, err);
    return s;
}

/* A grid whose cells would be no pixel at all would not be drawn: the
 * frame must leave it at least one per cell. */
static ca_status check_room(const slide *sl, ca_error *err)
{
    if (sl->cell >= 1 && sl->kcell >= 1)
        return CA_OK;
    const ca_conv2d_axis *y = &sl->plan.y, *x = &sl->plan.x;
    return ca_fail(err, CA_EINPUT, "a %dx%d frame with text at %g times its size leaves no "
                   "pixel per cell for grids of %dx%d, %dx%d and %dx%d cells: ask for a larger "
                   "frame or smaller text", sl->width, sl->height, sl->text_scale / sl->scale,
                   y->grid, x->grid, y->k, x->k, y->out, x->out);
}

static ca_status check_sizes(const ca_image *image, const ca_image *kernel, ca_error *err)
{
    if (image->width > CA_SLIDE2D_MAX_SIDE || image->height > CA_SLIDE2D_MAX_SIDE)
        return ca_fail(err, CA_ELIMIT, "a %dx%d image has too many pixels to show "
                       "one by one (at most %dx%d; resize it first)", image->width,
                       image->height, CA_SLIDE2D_MAX_SIDE, CA_SLIDE2D_MAX_SIDE);
    if (kernel->width > CA_SLIDE2D_MAX_SIDE || kernel->height > CA_SLIDE2D_MAX_SIDE)
        return ca_fail(err, CA_ELIMIT, "a %dx%d kernel is too large to show (at "
                       "most %dx%d)", kernel->width, kernel->height, CA_SLIDE2D_MAX_SIDE,
                       CA_SLIDE2D_MAX_SIDE);
    return CA_OK;
}

/* How m's cells are coloured: as n maps them, unless a value is outside
 * [0, 1] (whole numbers, a grid: input's and its sums), which spread over
 * the whole ramp. */
static ca_tone tone_for(const ca_image *m, ca_normalize n)
{
    for (size_t i = 0; i < (size_t)m->width * (size_t)m->height; i++)
        if (m->v[i] < 0 || m->v[i] > 1)
            return ca_tone_of(m, CA_NORMALIZE_MINMAX);
    return ca_tone_of(m, n);
}

/* The cells' tones and the sizes of the numbers in them. */
/* The panel titles set smaller, down to a quarter of their size, while
 * their columns (each as wide as its grid or its title) would not fit
 * across the frame: long labels or a large font scale would otherwise
 * push the kernel and the output off it. */
static void fit_titles(slide *sl, double widths[3])
{
    const ca_conv2d_axis *x = &sl->plan.x;
    int grids[3] = { x->grid * sl->cell, x->k * sl->kcell, x->out * sl->cell };
    double room = sl->width - 2 * sl->margin - 2 * sl->gap, f = 1;
    for (;;) {
        double total = 0;
        for (int i = 0; i < 3; i++)
            total += fmax(grids[i], widths[i] * f);
        if (total <= room || f < 0.25)
            break;
        f *= 0.95;
    }
    for (int i = 0; i < 3; i++)
        widths[i] *= f;
    sl->title_px *= f;
}

/* The caption set smaller when even its shortest form, "Output[i, j] =
 * value" for the widest index and value (or the line for a window on
 * zeros only), would not fit between the input's left edge and the
 * frame's margin: the caption's room, since it starts under the input. */
static ca_status fit_caption(slide *sl, ca_error *err)
{
    char value[32], widest[32] = "", line[256];
    size_t cells = (size_t)sl->out.width * (size_t)sl->out.height;
    for (size_t c = 0; c < cells; c++) {
        ca_plot_number(sl->out.v[c], value, sizeof value);
        if (strlen(value) > strlen(widest))
            memcpy(widest, value, sizeof widest);
    }
    double room = sl->width - sl->margin - sl->in.x0;
    for (int k = 0; k < 2; k++) {
        snprintf(line, sizeof line, "%s[%d, %d] = %s", sl->opt->labels[2], sl->out.height - 1,
                 sl->out.width - 1, k ? ZEROS_ONLY : widest);
        ca_text_metrics tm;
        ca_status s = ca_text_measure(sl->font, line, sl->caption_px, &tm, err);
        if (s != CA_OK)
            return s;
        if (tm.width > room && room > 0)
            sl->caption_px *= room / tm.width;
    }
    return CA_OK;
}

static ca_status prepare(slide *sl, ca_error *err)
{
    const ca_image *k = sl->kernel;
    ca_status s = ca_image_new("the kernel", k->width, k->height, NULL, &sl->shown, err);
    if (s != CA_OK)
        return s;
    for (int a = 0; a < k->height; a++)
        for (int b = 0; b < k->width; b++)
            sl->shown.v[(size_t)a * k->width + b] =
                k->v[(size_t)(sl->plan.flip ? k->height - 1 - a : a) * k->width +
                     (sl->plan.flip ? k->width - 1 - b : b)];
    sl->terms = malloc(sizeof *sl->terms * (size_t)k->width * (size_t)k->height);
    if (!sl->terms)
        return ca_fail(err, CA_ENOMEM, "out of memory for the 2D animation");
    sl->in_tone = tone_for(sl->image, CA_NORMALIZE_CLIP);
    sl->k_tone = ca_tone_of(k, CA_NORMALIZE_MINMAX);
    sl->out_tone = tone_for(&sl->out, ca_kernel_normalize(k));
    double inner = sl->cell - 1, most = MAX_VALUE_PX * sl->text_scale;
    if ((s = bone_value_size(sl->font, sl->image, inner, fmin(most, inner * 0.5), &sl->in_px,
                             err)) != CA_OK ||
        (s = bone_value_size(sl->font, &sl->out, inner, fmin(most, inner * 0.5), &sl->out_px,
                             err)) != CA_OK ||
        (s = bone_value_size(sl->font, k, sl->kcell - 1, fmin(most, (sl->kcell - 1) * 0.5),
                             &sl->k_px, err)) != CA_OK)
        return s;
    char ktitle[160];
    kernel_title(sl, ktitle, sizeof ktitle);
    const char *titles[] = { sl->opt->labels[0], ktitle, sl->opt->labels[2] };
    double widths[3];
    for (int i = 0; i < 3; i++) {
        ca_text_metrics tm;
        if ((s = ca_text_measure(sl->font, titles[i], sl->title_px, &tm, err)) != CA_OK)
            return s;
        widths[i] = tm.width;
    }
    fit_titles(sl, widths);
    place(sl, widths);
    return fit_caption(sl, err);
}

void ca_slide2d_free(ca_slide2d *sl)
{
    if (!sl)
        return;
    pipeline_free(sl->pipe);
    ca_canvas_free(&sl->bg);
    ca_font_free(sl->font);
    ca_image_free(&sl->out);
    ca_image_free(&sl->shown);
    ca_timeline_free(&sl->timeline);
    free(sl->terms);
    free(sl);
}

ca_status ca_slide2d_new(const ca_image *image, const ca_image *kernel,
                         const ca_slide2d_options *opt, ca_slide2d **out, ca_error *err)
{
    *out = NULL;
    ca_status s = check_values(opt, err);
    if (s == CA_OK)
        s = check_sizes(image, kernel, err);
    if (s != CA_OK)
        return s;
    slide *sl = calloc(1, sizeof *sl);
    if (!sl)
        return ca_fail(err, CA_ENOMEM, "out of memory for the 2D animation");
    *sl = (slide){ .image = image, .kernel = kernel, .opt = opt };
    ca_timeline_options topt = { .delay_ms = opt->delay_ms, .hold_ms = opt->hold_ms,
                                 .pause_ms = opt->delay_ms, .max_frames = opt->max_frames };
    if ((s = ca_conv2d_plan_make(image->height, image->width, kernel->height, kernel->width,
                                 &opt->conv, &sl->plan, err)) == CA_OK &&
        (s = ca_conv2d(image, kernel, &opt->conv, &sl->out, err)) == CA_OK &&
        (s = ca_timeline_new(0, (size_t)sl->out.width * (size_t)sl->out.height, &topt,
                             &sl->timeline, err)) == CA_OK) {
        measure(sl, opt->width, opt->height);
        layout(sl);
        s = check_room(sl, err);
    }
    if (s == CA_OK &&
        (s = bone_palette_levels(&sl->pal, CELL_LEVELS, opt->theme == CA_THEME_DARK, err)) ==
            CA_OK &&
        (s = ca_font_open(opt->font, &sl->font, err)) == CA_OK &&
        (s = fit_lines(sl, err)) == CA_OK &&
        (s = prepare(sl, err)) == CA_OK &&
        (s = ca_canvas_new(sl->width, sl->height, &sl->pal, BONE_BG, &sl->bg, err)) == CA_OK &&
        (s = draw_background(sl, err)) == CA_OK) {
        pipeline_options po = { .width = sl->width, .height = sl->height, .pal = &sl->pal,
                                .fill = BONE_BG, .timeline = &sl->timeline,
                                .threads = opt->threads, .draw = draw_frame, .ctx = sl };
        s = pipeline_new(&po, &sl->pipe, err);
    }
    if (s != CA_OK) {
        ca_slide2d_free(sl);
        return s;
    }
    *out = sl;
    return CA_OK;
}

const ca_palette *ca_slide2d_palette(const ca_slide2d *sl)
{
    return &sl->pal;
}

const ca_timeline *ca_slide2d_timeline(const ca_slide2d *sl)
{
    return &sl->timeline;
}

const ca_canvas *ca_slide2d_last_frame(const ca_slide2d *sl)
{
    return pipeline_last_frame(sl->pipe);
}

void ca_slide2d_parameters(const ca_slide2d *sl, char *buf, size_t size)
{
    parameter_line(sl, buf, size);
}

size_t ca_slide2d_cells(const ca_slide2d *sl)
{
    return sl->timeline.steps;
}

ca_status ca_slide2d_next(ca_slide2d *sl, const ca_frame_writer *w, size_t n, ca_error *err)
{
    return pipeline_next(sl->pipe, w, n, err);
}

/* A panel: its title as drawn and the cells of its grid. */
static void describe_panel(ca_json *j, const char *label, int rows, int cols, bool first)
{
    ca_json_put(j, first ? "{\"label\": " : ", {\"label\": ", first ? 10 : 12);
    ca_json_text(j, label);
    ca_json_putf(j, ", \"rows\": %d, \"cols\": %d}", rows, cols);
}

/* The captions are measured in the font the drawing uses, and written in
 * its scratch terms: the drawing is held meanwhile. */
static ca_status describe(slide *sl, ca_sink *out, ca_error *err)
{
    const ca_conv2d_plan *p = &sl->plan;
    const ca_timeline *t = &sl->timeline;
    char text[512], ktitle[160];
    ca_json j;
    ca_json_start(&j, out, err);
    ca_json_putf(&j, "{\"version\": 1, \"width\": %d, \"height\": %d, \"title\": ",
                 sl->width, sl->height);
    ca_json_text(&j, sl->opt->title);
    parameter_line(sl, text, sizeof text);
    ca_json_put(&j, ", \"parameters\": ", 16);
    ca_json_string(&j, text);
    ca_json_putf(&j, ", \"correlate\": %s, \"transposed\": %s,\n \"frames\": [",
                 p->correlate ? "true" : "false", p->transposed ? "true" : "false");
    kernel_title(sl, ktitle, sizeof ktitle);
    int w = sl->out.width;
    for (size_t i = 0; i < t->frames && !j.failed; i++) {
        size_t n = ca_timeline_scene_frame(t, i);
        int row = (int)(n / (size_t)w), col = (int)(n % (size_t)w);
        ca_json_putf(&j, "%s\n  {\"index\": %zu, \"delay_ms\": %d, \"kind\": \"step\", "
                     "\"n\": %zu, \"row\": %d, \"col\": %d, \"value\": ", i ? "," : "", i,
                     ca_timeline_delay_ms(t, i), n, row, col);
        ca_json_number(&j, sl->out.v[n]);
        ca_status s = caption(sl, row, col, text, sizeof text, err);
        if (s != CA_OK)
            return s;
        ca_json_put(&j, ", \"caption\": ", 13);
        ca_json_text(&j, text);
        ca_json_put(&j, ", \"panels\": [", 13);
        describe_panel(&j, sl->opt->labels[0], p->y.grid, p->x.grid, true);
        describe_panel(&j, ktitle, p->y.k, p->x.k, false);
        describe_panel(&j, sl->opt->labels[2], p->y.out, p->x.out, false);
        ca_json_put(&j, "]}", 2);
    }
    ca_json_put(&j, "\n]}\n", 4);
    return ca_json_finish(&j);
}

ca_status ca_slide2d_describe(ca_slide2d *sl, ca_sink *out, ca_error *err)
{
    pipeline_hold(sl->pipe, true);
    ca_status s = describe(sl, out, err);
    pipeline_hold(sl->pipe, false);
    return s;
}

ca_status ca_slide2d_write_to(const ca_image *image, const ca_image *kernel,
                              const ca_slide2d_options *opt, const ca_sink *sink, ca_error *err)
{
    ca_slide2d *sl;
    ca_gif *gif;
    ca_status s = ca_slide2d_new(image, kernel, opt, &sl, err);
    if (s != CA_OK)
        return s;
    if ((s = ca_gif_open(sink, sl->width, sl->height, &sl->pal, 0, &gif, err)) == CA_OK) {
        ca_frame_writer w = ca_gif_writer(gif);
        for (size_t i = 0; s == CA_OK && i < sl->timeline.frames; i++)
            s = ca_slide2d_next(sl, &w, 1, err);
        if (s == CA_OK)
            s = w.finish(w.ctx, err);
        else
            w.abort(w.ctx);
    }
    ca_slide2d_free(sl);
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

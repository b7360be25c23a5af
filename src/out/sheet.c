#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "convanim/png.h"
#include "convanim/sheet.h"
#include "base/util.h"

struct ca_sheet {
    ca_sink sink;
    ca_sheet_layout layout;
    ca_canvas canvas;
    int width, height;          /* a frame's */
    size_t frames;              /* the timeline's */
    size_t added;               /* frames seen so far */
    size_t next;                /* the next cell to fill */
    ca_error error;             /* the first failure; status CA_OK until then */
};

ca_status ca_sheet_layout_of(int width, int height, size_t frames, size_t cells,
                             ca_sheet_layout *out, ca_error *err)
{
    if (cells < 1 || cells > CA_SHEET_MAX_CELLS)
        return ca_fail(err, CA_EINPUT, "a contact sheet of %zu frames: it takes 1..%d", cells,
                       CA_SHEET_MAX_CELLS);
    if (frames == 0 || width < 1 || height < 1)
        return ca_fail(err, CA_EINPUT, "a contact sheet needs frames (has %zu of %dx%d)",
                       frames, width, height);
    ca_sheet_layout l = { .cells = cells < frames ? cells : frames };
    /* about twice as many rows as columns: a portrait page of landscape frames */
    l.columns = (int)ceil(sqrt((double)l.cells / 2));
    l.rows = (int)((l.cells + (size_t)l.columns - 1) / (size_t)l.columns);
    l.gap = height / 40 > 4 ? height / 40 : 4;
    l.text_px = height / 24.0 > 12 ? height / 24.0 : 12;
    l.label = (int)ceil(l.text_px * 1.6);
    double w = (double)l.columns * width + (l.columns + 1.0) * l.gap;
    double h = (double)l.rows * ((double)height + l.label) + (l.rows + 1.0) * l.gap;
    if (w * h > CA_SHEET_MAX_PIXELS || w > INT32_MAX || h > INT32_MAX)
        return ca_fail(err, CA_ELIMIT, "a contact sheet of %zu frames of %dx%d would be "
                       "%.0fx%.0f pixels, more than %.0f million", l.cells, width, height, w,
                       h, CA_SHEET_MAX_PIXELS / 1e6);
    l.width = (int)w;
    l.height = (int)h;
    *out = l;
    return CA_OK;
}

size_t ca_sheet_frame(const ca_sheet_layout *l, size_t frames, size_t c)
{
    if (l->cells < 2)
        return frames - 1;
    /* rounded to the nearest frame, in integers */
    return (c * (frames - 1) * 2 + (l->cells - 1)) / ((l->cells - 1) * 2);
}

void ca_sheet_cell_origin(const ca_sheet_layout *l, size_t c, int *x, int *y)
{
    int col = (int)(c % (size_t)l->columns), row = (int)(c / (size_t)l->columns);
    int cell_w = (l->width - l->gap) / l->columns;
    int cell_h = (l->height - l->gap) / l->rows;
    *x = l->gap + col * cell_w;
    *y = l->gap + row * cell_h;
}

/* "step k of K" under a step's frame (k from 1), "intro" under the
 * intro's. */
static ca_status draw_labels(ca_sheet *s, const ca_timeline *t, ca_font *font, ca_error *err)
{
    const ca_sheet_layout *l = &s->layout;
    for (size_t c = 0; c < l->cells; c++) {
        size_t scene = ca_timeline_scene_frame(t, ca_sheet_frame(l, s->frames, c));
        char text[64];
        if (scene < t->intro)
            snprintf(text, sizeof text, "intro");
        else
            snprintf(text, sizeof text, "step %zu of %zu", scene - t->intro + 1, t->steps);
        int x, y;
        ca_sheet_cell_origin(l, c, &x, &y);
        /* a hairline around each frame, in the gap: frames of one
         * background would otherwise run into each other */
        ca_canvas_hline(&s->canvas, x - 1, x + s->width, y - 1, CA_SCENE_GRID);
        ca_canvas_hline(&s->canvas, x - 1, x + s->width, y + s->height, CA_SCENE_GRID);
        ca_canvas_vline(&s->canvas, x - 1, y - 1, y + s->height, CA_SCENE_GRID);
        ca_canvas_vline(&s->canvas, x + s->width, y - 1, y + s->height, CA_SCENE_GRID);
        ca_status st = ca_text_draw(font, &s->canvas, x + s->width / 2.0,
                                    y + s->height + l->label / 2.0, text, l->text_px,
                                    CA_TEXT_CENTRE | CA_TEXT_MIDDLE, CA_SCENE_INK, err);
        if (st != CA_OK)
            return st;
    }
    return CA_OK;
}

static void release(ca_sheet *s)
{
    ca_canvas_free(&s->canvas);
    free(s);
}

ca_status ca_sheet_open(const ca_sink *sink, int width, int height, const ca_palette *pal,
                        const ca_timeline *t, size_t cells, ca_font *font, ca_sheet **out,
                        ca_error *err)
{
    *out = NULL;
    if (!pal || pal->ncolours <= CA_SCENE_GRID || pal->ramp[CA_SCENE_INK][CA_SCENE_BG] < 0)
        return ca_fail(err, CA_EINPUT, "a contact sheet needs a scene's palette, with ink "
                       "and grid over its background");
    ca_sheet_layout l;
    ca_status st = ca_sheet_layout_of(width, height, t->frames, cells, &l, err);
    if (st != CA_OK)
        return st;
    ca_sheet *s = calloc(1, sizeof *s);
    if (!s)
        return ca_fail(err, CA_ENOMEM, "out of memory for the contact sheet");
    *s = (ca_sheet){ .sink = *sink, .layout = l, .width = width, .height = height,
                     .frames = t->frames };
    st = ca_canvas_new(l.width, l.height, pal, pal->solid[CA_SCENE_BG], &s->canvas, err);
    if (st == CA_OK)
        st = draw_labels(s, t, font, err);
    if (st != CA_OK) {
        release(s);
        return st;
    }
    *out = s;
    return CA_OK;
}

static ca_status add_frame(ca_sheet *s, const ca_canvas *frame, ca_error *err)
{
    if (frame->width != s->width || frame->height != s->height)
        return ca_fail(err, CA_EINPUT, "frame %zu is %dx%d pixels, the sheet's frames %dx%d",
                       s->added + 1, frame->width, frame->height, s->width, s->height);
    if (s->added >= s->frames)
        return ca_fail(err, CA_EINPUT, "frame %zu: the timeline has %zu", s->added + 1,
                       s->frames);
    if (s->next < s->layout.cells && ca_sheet_frame(&s->layout, s->frames, s->next) == s->added) {
        int x, y;
        ca_sheet_cell_origin(&s->layout, s->next, &x, &y);
        ca_canvas cell = ca_canvas_sub(&s->canvas, x, y, s->width, s->height);
        ca_canvas_copy(&cell, frame);
        s->next++;
    }
    s->added++;
    return CA_OK;
}

static ca_status finish(ca_sheet *s, ca_error *err)
{
    if (s->added != s->frames)
        return ca_fail(err, CA_EINPUT, "the contact sheet got %zu of the timeline's %zu frames",
                       s->added, s->frames);
    const ca_canvas *c = &s->canvas;
    return ca_png_write_indexed_to(&s->sink, c->pixels, c->width, c->height, c->stride, c->pal,
                                   err);
}

/* The first failure sticks: s->error keeps it and every later call
 * returns it. */
static ca_status outcome(const ca_sheet *s, ca_error *err)
{
    if (s->error.status != CA_OK && err)
        *err = s->error;
    return s->error.status;
}

static ca_status writer_add(void *ctx, const ca_canvas *frame, int delay_ms,
                            const ca_rect *changed, ca_error *err)
{
    (void)delay_ms;
    (void)changed;
    ca_sheet *s = ctx;
    if (s->error.status == CA_OK)
        add_frame(s, frame, &s->error);
    return outcome(s, err);
}

static ca_status writer_finish(void *ctx, ca_error *err)
{
    ca_sheet *s = ctx;
    if (s->error.status == CA_OK)
        finish(s, &s->error);
    ca_status st = outcome(s, err);
    release(s);
    return st;
}

static void writer_abort(void *ctx)
{
    release(ctx);
}

ca_frame_writer ca_sheet_writer(ca_sheet *s)
{
    return (ca_frame_writer){ .ctx = s, .add = writer_add, .finish = writer_finish,
                              .abort = writer_abort };
}

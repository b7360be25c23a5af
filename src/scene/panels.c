#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "scene/panels.h"
#include "base/util.h"

/* What never moves (title, labels, ticks, grid, spines, still signals) is
 * drawn once into a background; a frame restores from it what the frame
 * before drew, and draws what moves. */

double panels_px(const panels *p, double ref)
{
    return ref * p->scale;
}

ca_axes panels_axes(const panels *p, const ca_canvas *c, int panel)
{
    ca_rect r = p->panel[panel];
    return (ca_axes){ ca_canvas_sub(c, r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0), p->x0, p->x1,
                      p->ylo[panel], p->yhi[panel] };
}

ca_axes panels_cut(const ca_axes *ax, int x, int width)
{
    ca_axes cut = *ax;
    cut.area = ca_canvas_sub(&ax->area, x, 0, width, ax->area.height);
    double per_px = (ax->x1 - ax->x0) / ax->area.width;
    int dx = cut.area.x0 - ax->area.x0;
    cut.x0 = ax->x0 + per_px * dx;
    cut.x1 = ax->x0 + per_px * (dx + cut.area.width);
    return cut;
}

double panels_x_of(const panels *p, size_t n)
{
    return (double)(n + p->offset);
}

ca_status panels_text(panels *p, const ca_canvas *c, double x, double y, const char *text,
                      double ref_px, int anchor, int colour, ca_error *err)
{
    return ca_text_draw(p->font, c, x, y, text, panels_px(p, ref_px), anchor, colour, err);
}

static ca_status measure(panels *p, const char *text, double ref_px, ca_text_metrics *m,
                         ca_error *err)
{
    return ca_text_measure(p->font, text, panels_px(p, ref_px), m, err);
}

/* A stem's width and its disc's radius for lines lw wide: the stem at
 * least a pixel wide, so a thin stem cannot vanish into what it crosses. */
static double stem_width(double lw)
{
    return fmax(1, 0.6 * lw);
}

static double stem_radius(double lw)
{
    return 1.7 * lw;
}

void panels_samples(const panels *p, const ca_axes *ax, const double *v, size_t n,
                    double x_start, double x_step, bool stems, int colour)
{
    double lw = panels_px(p, PANELS_LINE_PX);
    if (stems)
        ca_plot_stems(ax, v, n, x_start, x_step, stem_width(lw), stem_radius(lw), colour, p->xy);
    else
        ca_plot_series(ax, v, n, x_start, x_step, lw, colour, p->xy);
}

void panels_range(const double *a, size_t na, const double *b, size_t nb, bool zero, double *lo,
                  double *hi)
{
    double ends[2] = { zero ? 0 : INFINITY, zero ? 0 : -INFINITY };
    for (size_t i = 0; i < na + nb; i++) {
        double v = i < na ? a[i] : b[i - na];
        ends[0] = fmin(ends[0], v);
        ends[1] = fmax(ends[1], v);
    }
    ca_plot_range(ends, 2, lo, hi);
}

static int max_intervals(double length_px, double spacing_px, int lo, int hi)
{
    int n = (int)(length_px / spacing_px);
    return n < lo ? lo : n > hi ? hi : n;
}

/* How many panels show: one for a layout that puts everything in one. */
static int panel_count(const panel_text *text)
{
    return text->panels ? text->panels : CA_PANELS;
}

/* Lays out the panels: the left margin fits the widest y label and tick
 * label, the bottom the x tick labels and the x label, the top the title
 * and the caption. */
static ca_status place(panels *p, const panel_text *text, const ca_ticks yt[CA_PANELS],
                       ca_error *err)
{
    ca_text_metrics m;
    ca_status s;
    double pad = panels_px(p, PANELS_PAD_PX), tick = panels_px(p, PANELS_TICK_LEN_PX);
    double label_w = 0, tick_w = 0;
    char buf[64];

    for (int i = 0; i < CA_PANELS; i++) {
        for (int line = 0; line < 2; line++) {
            const char *label = line ? text->label2[i] : text->label[i];
            if (!label)
                continue;
            if ((s = measure(p, label, PANELS_LABEL_PX, &m, err)) != CA_OK)
                return s;
            label_w = fmax(label_w, m.width);
        }
        for (int k = 0; k < yt[i].n; k++) {
            ca_ticks_label(&yt[i], k, buf, sizeof buf);
            if ((s = measure(p, buf, PANELS_TICK_PX, &m, err)) != CA_OK)
                return s;
            tick_w = fmax(tick_w, m.width);
        }
    }
    ca_text_metrics tm, lm, km, cm;
    if ((s = measure(p, text->title, PANELS_TITLE_PX, &tm, err)) != CA_OK ||
        (s = measure(p, "0", PANELS_TICK_PX, &km, err)) != CA_OK ||
        (s = measure(p, "n", PANELS_LABEL_PX, &lm, err)) != CA_OK ||
        (s = measure(p, "0", PANELS_CAPTION_PX, &cm, err)) != CA_OK)
        return s;

    double left = pad + label_w + pad + tick_w + tick + pad * 0.5;
    double right = p->width - 2 * pad;
    double top = pad + tm.ascent + tm.descent + pad;
    if (text->caption) {
        p->caption_y = round(top + cm.ascent);
        top += cm.ascent + cm.descent + pad;
    }
    double tick_h = km.ascent + km.descent;
    double bottom = p->height - (pad * 0.5 + lm.ascent + lm.descent + tick_h + tick + pad);
    /* room above each panel for an exponent multiplier like "1e−5" */
    double gap = tick_h + pad;
    int count = panel_count(text);
    double h = (bottom - top - (count - 1) * gap) / count;
    if (right - left < 40 || h < 30)
        return ca_fail(err, CA_EINPUT,
                       "size %dx%d leaves no room for the panels: make the frame larger or the "
                       "labels shorter", p->width, p->height);
    for (int i = 0; i < CA_PANELS; i++) {
        double y0 = top + (i < count ? i : count - 1) * (h + gap);
        p->panel[i] = (ca_rect){ (int)lround(left), (int)lround(y0), (int)lround(right),
                                 (int)lround(y0 + h) };
    }
    return CA_OK;
}

/* The panel's y label, with its second line under it. */
static ca_status draw_label(panels *p, const panel_text *text, int i, ca_error *err)
{
    const ca_canvas *c = &p->background;
    ca_rect r = p->panel[i];
    double pad = panels_px(p, PANELS_PAD_PX), mid = (r.y0 + r.y1) / 2.0;
    ca_status s;
    if (!text->label2[i])
        return panels_text(p, c, pad, mid, text->label[i], PANELS_LABEL_PX,
                           CA_TEXT_LEFT | CA_TEXT_MIDDLE, text->label_colour[i], err);
    if ((s = panels_text(p, c, pad, mid, text->label[i], PANELS_LABEL_PX,
                         CA_TEXT_LEFT | CA_TEXT_BOTTOM, text->label_colour[i], err)) != CA_OK)
        return s;
    return panels_text(p, c, pad, mid, text->label2[i], PANELS_LABEL_PX,
                       CA_TEXT_LEFT | CA_TEXT_TOP, text->label2_colour[i], err);
}

/* Spines, grid, ticks and tick labels of panel i; x tick labels only under
 * the last panel, since the panels share the x axis. */
static ca_status draw_panel_frame(panels *p, const panel_text *text, int i, const ca_ticks *xt,
                                  const ca_ticks *yt, ca_error *err)
{
    const ca_canvas *c = &p->background;
    ca_axes ax = panels_axes(p, c, i);
    ca_rect r = p->panel[i];
    int tick = (int)lround(panels_px(p, PANELS_TICK_LEN_PX));
    double pad = panels_px(p, PANELS_PAD_PX);
    char buf[64];
    ca_status s;

    for (int k = 0; k < xt->n; k++) {
        int x = r.x0 + (int)floor(ca_axes_px(&ax, xt->v[k]));
        ca_canvas_vline(c, x, r.y0, r.y1 - 1, CA_SCENE_GRID);
        ca_canvas_vline(c, x, r.y1, r.y1 + tick - 1, CA_SCENE_INK);
        if (i == panel_count(text) - 1) {
            ca_ticks_label(xt, k, buf, sizeof buf);
            if ((s = panels_text(p, c, x + 0.5, r.y1 + tick + pad * 0.3, buf, PANELS_TICK_PX,
                                 CA_TEXT_CENTRE | CA_TEXT_TOP, CA_SCENE_INK, err)) != CA_OK)
                return s;
        }
    }
    for (int k = 0; k < yt->n; k++) {
        int y = r.y0 + (int)floor(ca_axes_py(&ax, yt->v[k]));
        ca_canvas_hline(c, r.x0, r.x1 - 1, y, CA_SCENE_GRID);
        ca_canvas_hline(c, r.x0 - tick, r.x0 - 1, y, CA_SCENE_INK);
        ca_ticks_label(yt, k, buf, sizeof buf);
        if ((s = panels_text(p, c, r.x0 - tick - pad * 0.4, y + 0.5, buf, PANELS_TICK_PX,
                             CA_TEXT_RIGHT | CA_TEXT_MIDDLE, CA_SCENE_INK, err)) != CA_OK)
            return s;
    }
    ca_ticks_offset_label(yt, buf, sizeof buf);
    if (buf[0] && (s = panels_text(p, c, r.x0, r.y0 - pad * 0.3, buf, PANELS_TICK_PX,
                                   CA_TEXT_LEFT | CA_TEXT_BOTTOM, CA_SCENE_INK, err)) != CA_OK)
        return s;
    /* the spines sit just outside the data area, so data never covers them */
    ca_canvas_hline(c, r.x0 - 1, r.x1, r.y0 - 1, CA_SCENE_INK);
    ca_canvas_hline(c, r.x0 - 1, r.x1, r.y1, CA_SCENE_INK);
    ca_canvas_vline(c, r.x0 - 1, r.y0 - 1, r.y1, CA_SCENE_INK);
    ca_canvas_vline(c, r.x1, r.y0 - 1, r.y1, CA_SCENE_INK);
    return draw_label(p, text, i, err);
}

static ca_status draw_frame(panels *p, const panel_text *text, const ca_ticks *xt,
                            const ca_ticks yt[CA_PANELS], ca_error *err)
{
    const ca_canvas *c = &p->background;
    double pad = panels_px(p, PANELS_PAD_PX);
    double mid = (p->panel[0].x0 + p->panel[0].x1) / 2.0;
    ca_status s;

    ca_canvas_fill(c, CA_SCENE_BG);
    if ((s = panels_text(p, c, mid, pad, text->title, PANELS_TITLE_PX,
                         CA_TEXT_CENTRE | CA_TEXT_TOP, CA_SCENE_INK, err)) != CA_OK)
        return s;
    for (int i = 0; i < panel_count(text); i++)
        if ((s = draw_panel_frame(p, text, i, xt, &yt[i], err)) != CA_OK)
            return s;
    return panels_text(p, c, mid, p->height - pad * 0.5, text->xlabel, PANELS_LABEL_PX,
                       CA_TEXT_CENTRE | CA_TEXT_BOTTOM, CA_SCENE_INK, err);
}

ca_status panels_build(panels *p, const panel_text *text, ca_error *err)
{
    /* tick counts depend on the panel size, the panel size on the tick
     * labels' width: a first guess at the height is close enough */
    ca_ticks yt[CA_PANELS], xt;
    double panel_h = p->height * 0.22;
    for (int i = 0; i < CA_PANELS; i++)
        ca_ticks_nice(p->ylo[i], p->yhi[i], max_intervals(panel_h, panels_px(p, 28), 2, 6),
                      &yt[i]);
    ca_status s = place(p, text, yt, err);
    if (s != CA_OK)
        return s;
    double width = p->panel[0].x1 - p->panel[0].x0;
    /* half a sample inside the margins: a single sample still gets its tick */
    double inset = text->seconds ? 0 : 0.5;
    ca_ticks_nice(p->x0 + inset, p->x1 - inset, max_intervals(width, panels_px(p, 90), 1, 10),
                  &xt);
    ca_rect o = p->panel[CA_PANEL_OUT];
    p->simplify_out = p->steps > (size_t)(o.x1 - o.x0);
    /* as ca_plot_stems decides, from how far apart the samples stand */
    p->out_area = p->stems_out && p->simplify_out && (o.x1 - o.x0) / (p->x1 - p->x0) < 0.5;
    p->sofar_end = SIZE_MAX;
    if ((s = ca_canvas_new(p->width, p->height, &p->pal, p->pal.solid[CA_SCENE_BG],
                           &p->background, err)) != CA_OK ||
        (s = draw_frame(p, text, &xt, yt, err)) != CA_OK ||
        (s = ca_canvas_new(o.x1 - o.x0, o.y1 - o.y0, &p->pal, 0, &p->sofar, err)) != CA_OK)
        return s;
    return ca_canvas_new(o.x1 - o.x0, o.y1 - o.y0, &p->pal, 0, &p->column, err);
}

void panels_free(panels *p)
{
    ca_stepper_free(p->st);
    ca_font_free(p->font);
    ca_canvas_free(&p->background);
    ca_canvas_free(&p->sofar);
    ca_canvas_free(&p->column);
    free(p->f);
    free(p->g);
    free(p->xy);
}

/* The first output sample in sample n's pixel column; n itself when the
 * output is drawn whole. */
static size_t column_start(const panels *p, const ca_axes *oa, size_t n)
{
    if (!p->simplify_out)
        return n;
    double col = floor(ca_axes_px(oa, panels_x_of(p, n)));
    while (n > 0 && floor(ca_axes_px(oa, panels_x_of(p, n - 1))) == col)
        n--;
    return n;
}

/* Output samples [from, to] onto c, at oa's place for them. */
static void output_run(panels *p, const ca_axes *oa, const ca_canvas *c, size_t from, size_t to)
{
    double lw = panels_px(p, PANELS_LINE_PX);
    size_t m = ca_plot_points(oa, ca_stepper_output(p->st) + from, to - from + 1,
                              panels_x_of(p, from), 1, p->simplify_out, p->xy);
    if (p->out_area)
        ca_plot_stem_area(c, p->xy, m, ca_axes_py(oa, 0), stem_radius(lw), CA_SCENE_OUT);
    else if (p->stems_out)
        ca_plot_stem_tops(c, p->xy, m, ca_axes_py(oa, 0), stem_width(lw), stem_radius(lw),
                          CA_SCENE_OUT);
    else
        ca_plot_line(c, p->xy, m, lw, CA_SCENE_OUT);
}

/* Where a piece of the output that begins at column start begins: stems
 * apart at the column itself; a line at the last sample before it, so the
 * pieces join; an area of stems one column further back, so that some
 * piece covers each pixel column whole (coverage is kept, not summed, so
 * two pieces that halve a pixel would leave it pale). */
static size_t run_from(const panels *p, const ca_axes *oa, size_t start)
{
    if (start > 0 && p->out_area)
        start = column_start(p, oa, start - 1);
    return start > 0 && (!p->stems_out || p->out_area) ? start - 1 : start;
}

/* Brings p->sofar to output samples [0, end), end the first sample of a
 * column: on from where it is, or from the start when end is behind it.
 * Lines are unions of capsules, so a curve drawn a piece at a time is the
 * curve drawn at once; and since every piece starts at a column's first
 * sample, or at the last sample of a column before it, it keeps the very
 * points that simplifying the whole curve would. */
static void extend_output(panels *p, size_t end)
{
    ca_rect r = p->panel[CA_PANEL_OUT];
    if (p->sofar_end == SIZE_MAX || end < p->sofar_end) {
        ca_canvas src = ca_canvas_sub(&p->background, r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0);
        ca_canvas_copy(&p->sofar, &src);
        p->sofar_end = 0;
    }
    if (end == p->sofar_end)
        return;
    ca_axes ax = { p->sofar, p->x0, p->x1, p->ylo[CA_PANEL_OUT], p->yhi[CA_PANEL_OUT] };
    output_run(p, &ax, &p->sofar, run_from(p, &ax, p->sofar_end), end - 1);
    p->sofar_end = end;
}

void panels_output_curve(panels *p, const ca_canvas *c, size_t n)
{
    ca_axes oa = panels_axes(p, c, CA_PANEL_OUT);
    double lw = panels_px(p, PANELS_LINE_PX);
    size_t start = column_start(p, &oa, n);
    extend_output(p, start);
    /* sample n's column goes over a copy of sofar's, then the columns the
     * output reaches go to the frame: what a curve drawn up to n in sofar
     * would show there */
    size_t from = run_from(p, &oa, start);
    int x0 = (int)floor(ca_axes_px(&oa, panels_x_of(p, 0)) - 2 * lw);
    int x1 = (int)ceil(ca_axes_px(&oa, panels_x_of(p, n)) + 2 * lw);
    int c0 = (int)floor(ca_axes_px(&oa, panels_x_of(p, from)) - 2 * lw) - 1;
    c0 = c0 < x0 ? x0 : c0;
    ca_canvas dst = ca_canvas_sub(&oa.area, x0, 0, x1 - x0, oa.area.height);
    ca_canvas src = ca_canvas_sub(&p->sofar, x0, 0, x1 - x0, oa.area.height);
    ca_canvas_copy(&dst, &src);
    ca_canvas part = ca_canvas_sub(&p->column, c0, 0, x1 - c0, oa.area.height);
    src = ca_canvas_sub(&p->sofar, c0, 0, x1 - c0, oa.area.height);
    ca_canvas_copy(&part, &src);
    ca_axes colax = { p->column, p->x0, p->x1, p->ylo[CA_PANEL_OUT], p->yhi[CA_PANEL_OUT] };
    output_run(p, &colax, &p->column, from, n);
    dst = ca_canvas_sub(&oa.area, c0, 0, x1 - c0, oa.area.height);
    ca_canvas_copy(&dst, &part);
}

void panels_output_column(panels *p, const ca_canvas *c, size_t n)
{
    ca_axes oa = panels_axes(p, c, CA_PANEL_OUT);
    output_run(p, &oa, &oa.area, run_from(p, &oa, column_start(p, &oa, n)), n);
}

void panels_output_point(const panels *p, const ca_canvas *c, size_t n, double y)
{
    ca_axes oa = panels_axes(p, c, CA_PANEL_OUT);
    double lw = panels_px(p, PANELS_LINE_PX);
    ca_canvas_fill_circle(&oa.area, ca_axes_px(&oa, panels_x_of(p, n)), ca_axes_py(&oa, y),
                          2.2 * lw, CA_SCENE_OUT);
}

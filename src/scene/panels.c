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

double panels_text_px(const panels *p, double ref_px)
{
    return ref_px * p->scale * p->font_scale;
}

/* Where text measured as m lies when drawn at (x, y) by anchor, placed as
 * ca_text_draw places it: from the first line's ascent to the last line's
 * descent (to the nearest pixel, so that two lines meeting at a row do not
 * overlap), its advance width and its ink, a pixel more each side for the
 * quarter-pixel pen. */
static ca_rect text_box(const ca_text_metrics *m, double x, double y, int anchor)
{
    int h = anchor & 0x3, v = anchor & 0xC;
    double left = x - (h == CA_TEXT_CENTRE ? m->width / 2 : h == CA_TEXT_RIGHT ? m->width : 0);
    double block = m->height - m->ascent - m->descent;
    double base = round(v == CA_TEXT_TOP      ? y + m->ascent
                        : v == CA_TEXT_MIDDLE ? y + (m->ascent - m->descent) / 2 - block / 2
                        : v == CA_TEXT_BOTTOM ? y - m->descent - block
                                              : y);
    return (ca_rect){ (int)floor(left + fmin(0, m->ink_x0)) - 1,
                      (int)fmin(lround(base - m->ascent), base + m->ink_y0),
                      (int)ceil(left + fmax(m->width, m->ink_x1)) + 1,
                      (int)fmax(lround(base + block + m->descent), base + m->ink_y1) };
}

/* The extent of text measured as m, ink included. */
static double text_extent(const ca_text_metrics *m)
{
    return fmax(m->width, m->ink_x1) - fmin(0, m->ink_x0);
}

static ca_status draw_text(panels *p, const ca_canvas *c, double x, double y, const char *text,
                           double size, int anchor, int colour, ca_error *err)
{
    ca_text_metrics m;
    ca_status s = ca_text_measure(p->font, text, size, &m, err);
    if (s != CA_OK)
        return s;
    if (p->ntext < PANELS_MAX_TEXTS && (m.width > 0 || m.ink_x1 > m.ink_x0))
        p->text_box[p->ntext++] = text_box(&m, x, y, anchor);
    return ca_text_draw(p->font, c, x, y, text, size, anchor, colour, err);
}

ca_status panels_text(panels *p, const ca_canvas *c, double x, double y, const char *text,
                      double ref_px, int anchor, int colour, ca_error *err)
{
    return draw_text(p, c, x, y, text, panels_text_px(p, ref_px), anchor, colour, err);
}

bool panels_fits(panels *p, const char *text, double ref_px)
{
    ca_text_metrics m;
    ca_error err;
    return ca_text_measure(p->font, text, panels_text_px(p, ref_px), &m, &err) != CA_OK ||
           text_extent(&m) <= p->width - panels_px(p, PANELS_PAD_PX);
}

ca_status panels_text_fitted(panels *p, const ca_canvas *c, double x, double y,
                             const char *text, double ref_px, int colour, ca_error *err)
{
    double size = panels_text_px(p, ref_px), room = p->width - panels_px(p, PANELS_PAD_PX);
    ca_text_metrics m;
    ca_status s = ca_text_measure(p->font, text, size, &m, err);
    if (s != CA_OK)
        return s;
    double w = text_extent(&m);
    /* glyph sizes do not scale exactly: a little under what would fit */
    if (w > room)
        size = fmax(CA_TEXT_MIN_SIZE, size * room / w * 0.98);
    if (w > room && (s = ca_text_measure(p->font, text, size, &m, err)) != CA_OK)
        return s;
    double half = room / 2 - text_extent(&m) / 2;
    x = fmin(fmax(x, p->width / 2.0 - half), p->width / 2.0 + half);
    return draw_text(p, c, x, y, text, size, CA_TEXT_CENTRE | CA_TEXT_BASELINE, colour, err);
}

ca_status panels_fit_centre(const panels *p, const char *what, const ca_text_metrics *m,
                            double *x, ca_error *err)
{
    double room = p->width - panels_px(p, PANELS_PAD_PX), w = text_extent(m);
    if (w > room)
        return ca_fail(err, CA_EINPUT, "the %s is %.0f pixels wide, and a frame %d pixels wide "
                       "has room for %.0f: break it into lines with \\n, shorten it or make "
                       "the text smaller", what, ceil(w), p->width, floor(room));
    double half = room / 2 - w / 2;
    *x = fmin(fmax(*x, p->width / 2.0 - half), p->width / 2.0 + half);
    return CA_OK;
}

static ca_status measure(panels *p, const char *text, double ref_px, ca_text_metrics *m,
                         ca_error *err)
{
    return ca_text_measure(p->font, text, panels_text_px(p, ref_px), m, err);
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

/* Ticks inside [lo, hi] of an axis from a0 to a1 that is length_px long:
 * about one per spacing_px (from lo_n to hi_n intervals), and fewer while
 * two labels, side by side along the axis (widths on x, heights on y),
 * would come closer than gap_px. */
static ca_status pick_ticks(panels *p, double lo, double hi, double a0, double a1,
                            double length_px, double spacing_px, int lo_n, int hi_n, bool along_x,
                            double gap_px, ca_ticks *t, ca_error *err)
{
    char buf[64];
    for (int n = max_intervals(length_px, spacing_px, lo_n, hi_n);; n--) {
        ca_ticks_nice(lo, hi, n, t);
        if (n <= 1 || t->n < 2)
            return CA_OK;
        double need = 0;
        for (int k = 0; k < t->n; k++) {
            ca_text_metrics m;
            ca_ticks_label(t, k, buf, sizeof buf);
            ca_status s = measure(p, buf, PANELS_TICK_PX, &m, err);
            if (s != CA_OK)
                return s;
            need = fmax(need, along_x ? text_extent(&m) : m.height);
        }
        if (need + gap_px <= length_px * (t->v[1] - t->v[0]) / (a1 - a0))
            return CA_OK;
    }
}

int panels_count(const panel_text *text)
{
    return text->panels ? text->panels : CA_PANELS;
}

/* The x ticks under the panels, as many as their labels leave room for,
 * with the panels' right edge moved in until the last label ends half a
 * pad inside the frame. */
static ca_status place_x_ticks(panels *p, const panel_text *text, ca_ticks *xt, ca_error *err)
{
    double pad = panels_px(p, PANELS_PAD_PX);
    for (;;) {
        ca_rect r = p->panel[0];
        double width = r.x1 - r.x0;
        /* half a sample inside the margins: a single sample still gets its
         * tick; seconds run to the margins */
        double inset = text->seconds ? 0 : 0.5;
        ca_status s = pick_ticks(p, p->x0 + inset, p->x1 - inset, p->x0, p->x1, width,
                                 panels_px(p, 90), 1, 10, true, pad, xt, err);
        if (s != CA_OK || xt->n == 0)
            return s;
        char buf[64];
        ca_text_metrics m;
        ca_ticks_label(xt, xt->n - 1, buf, sizeof buf);
        if ((s = measure(p, buf, PANELS_TICK_PX, &m, err)) != CA_OK)
            return s;
        double at = r.x0 + width * (xt->v[xt->n - 1] - p->x0) / (p->x1 - p->x0);
        int over = (int)ceil(at + text_extent(&m) / 2 + 1 - (p->width - pad * 0.5));
        if (over <= 0 || width - over < 40)
            return CA_OK;
        for (int i = 0; i < CA_PANELS; i++)
            p->panel[i].x1 -= over;
    }
}

/* Lays out the panels around the text as measured: the left margin fits
 * the widest y label and tick label, the bottom the x tick labels and the
 * x label's lines, the top the title's lines and the caption; each panel
 * is at least as tall as its y label, and has as many ticks as their
 * labels leave room for. */
static ca_status place(panels *p, const panel_text *text, ca_ticks yt[CA_PANELS], ca_ticks *xt,
                       ca_error *err)
{
    ca_text_metrics m;
    ca_status s;
    double pad = panels_px(p, PANELS_PAD_PX), tick = panels_px(p, PANELS_TICK_LEN_PX);
    double label_w = 0, label_h = 0, tick_w = 0;
    char buf[64];

    for (int i = 0; i < CA_PANELS; i++) {
        double h[2] = { 0, 0 };
        for (int line = 0; line < 2; line++) {
            const char *label = line ? text->label2[i] : text->label[i];
            if (!label)
                continue;
            if ((s = measure(p, label, PANELS_LABEL_PX, &m, err)) != CA_OK)
                return s;
            label_w = fmax(label_w, m.width);
            h[line] = m.height;
        }
        /* a label alone is centred on its panel; with a second, the two
         * meet at the panel's middle */
        label_h = fmax(label_h, text->label2[i] ? 2 * fmax(h[0], h[1]) : h[0]);
    }
    ca_text_metrics tm, xm, km, cm;
    if ((s = measure(p, text->title, PANELS_TITLE_PX, &tm, err)) != CA_OK ||
        (s = measure(p, "0", PANELS_TICK_PX, &km, err)) != CA_OK ||
        (s = measure(p, text->xlabel, PANELS_LABEL_PX, &xm, err)) != CA_OK ||
        (s = measure(p, "0", PANELS_CAPTION_PX, &cm, err)) != CA_OK)
        return s;
    /* a title or x label wider than the frame is refused before anything
     * is drawn; where they go is worked out when they are */
    double x = 0;
    if ((s = panels_fit_centre(p, "title", &tm, &x, err)) != CA_OK ||
        (s = panels_fit_centre(p, "x label", &xm, &x, err)) != CA_OK)
        return s;

    double top = pad + tm.height + pad;
    if (text->caption) {
        p->caption_y = round(top + cm.ascent);
        top += cm.ascent + cm.descent + pad;
    }
    double tick_h = km.ascent + km.descent;
    double bottom = p->height - (pad * 0.5 + xm.height + tick_h + tick + pad);
    /* room above each panel for an exponent multiplier like "1e−5" */
    double gap = tick_h + pad;
    int count = panels_count(text);
    double h = (bottom - top - (count - 1) * gap) / count;
    if (h >= 30 && h < label_h)
        return ca_fail(err, CA_EINPUT, "size %dx%d leaves the panels %.0f pixels of height, "
                       "and a y label needs %.0f: make the frame larger, the labels fewer "
                       "lines or the text smaller", p->width, p->height, floor(h), ceil(label_h));
    if (h < 30)
        return ca_fail(err, CA_EINPUT, "size %dx%d leaves no room for the panels: make the "
                       "frame larger, the labels shorter or the text smaller", p->width,
                       p->height);
    for (int i = 0; i < CA_PANELS; i++) {
        /* ticks for at most the 22 % of the frame's height they were
         * always picked for, so that frames keep theirs when text grows */
        if ((s = pick_ticks(p, p->ylo[i], p->yhi[i], p->ylo[i], p->yhi[i],
                            fmin(p->height * 0.22, h), panels_px(p, 28), 2, 6, false,
                            pad * 0.2, &yt[i], err)) != CA_OK)
            return s;
        for (int k = 0; k < yt[i].n; k++) {
            ca_ticks_label(&yt[i], k, buf, sizeof buf);
            if ((s = measure(p, buf, PANELS_TICK_PX, &m, err)) != CA_OK)
                return s;
            tick_w = fmax(tick_w, m.width);
        }
    }

    double left = pad + label_w + pad + tick_w + tick + pad * 0.5;
    double right = p->width - 2 * pad;
    if (right - left < 40)
        return ca_fail(err, CA_EINPUT, "size %dx%d leaves no room for the panels: make the "
                       "frame larger, the labels shorter or the text smaller", p->width,
                       p->height);
    for (int i = 0; i < CA_PANELS; i++) {
        double y0 = top + (i < count ? i : count - 1) * (h + gap);
        p->panel[i] = (ca_rect){ (int)lround(left), (int)lround(y0), (int)lround(right),
                                 (int)lround(y0 + h) };
    }
    return place_x_ticks(p, text, xt, err);
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
        if (i == panels_count(text) - 1) {
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

/* Text centred over the panels, moved to stay inside the frame. */
static ca_status centred(panels *p, const char *what, const char *text, double ref_px, double y,
                         int vertical, ca_error *err)
{
    double x = (p->panel[0].x0 + p->panel[0].x1) / 2.0;
    ca_text_metrics m;
    ca_status s = measure(p, text, ref_px, &m, err);
    if (s == CA_OK)
        s = panels_fit_centre(p, what, &m, &x, err);
    if (s == CA_OK)
        s = panels_text(p, &p->background, x, y, text, ref_px, CA_TEXT_CENTRE | vertical,
                        CA_SCENE_INK, err);
    return s;
}

static ca_status draw_frame(panels *p, const panel_text *text, const ca_ticks *xt,
                            const ca_ticks yt[CA_PANELS], ca_error *err)
{
    double pad = panels_px(p, PANELS_PAD_PX);
    ca_status s;

    ca_canvas_fill(&p->background, CA_SCENE_BG);
    if ((s = centred(p, "title", text->title, PANELS_TITLE_PX, pad, CA_TEXT_TOP, err)) != CA_OK)
        return s;
    for (int i = 0; i < panels_count(text); i++)
        if ((s = draw_panel_frame(p, text, i, xt, &yt[i], err)) != CA_OK)
            return s;
    return centred(p, "x label", text->xlabel, PANELS_LABEL_PX, p->height - pad * 0.5,
                   CA_TEXT_BOTTOM, err);
}

ca_status panels_build(panels *p, const panel_text *text, ca_error *err)
{
    ca_ticks yt[CA_PANELS], xt;
    ca_status s = place(p, text, yt, &xt, err);
    if (s != CA_OK)
        return s;
    p->ntext = 0;
    ca_rect o = p->panel[CA_PANEL_OUT];
    p->simplify_out = p->steps > (size_t)(o.x1 - o.x0);
    /* as ca_plot_stems decides, from how far apart the samples stand */
    p->out_area = p->stems_out && p->simplify_out && (o.x1 - o.x0) / (p->x1 - p->x0) < 0.5;
    p->sofar_end = SIZE_MAX;
    if ((s = ca_canvas_new(p->width, p->height, &p->pal, p->pal.solid[CA_SCENE_BG],
                           &p->background, err)) != CA_OK ||
        (s = draw_frame(p, text, &xt, yt, err)) != CA_OK)
        return s;
    p->ntext_background = p->ntext;
    if ((s = ca_canvas_new(o.x1 - o.x0, o.y1 - o.y0, &p->pal, 0, &p->sofar, err)) != CA_OK)
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

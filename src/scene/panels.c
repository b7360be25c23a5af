#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

ca_axes panels_axes_right(const panels *p, const ca_canvas *c, int panel)
{
    ca_axes ax = panels_axes(p, c, panel);
    if (p->right[panel]) {
        ax.y0 = p->y2lo[panel];
        ax.y1 = p->y2hi[panel];
    }
    return ax;
}

double panels_largest(const double *v, size_t n)
{
    double m = 0;
    for (size_t i = 0; i < n; i++)
        m = fmax(m, fabs(v[i]));
    return m;
}

bool panels_apart(const double *a, size_t na, const double *b, size_t nb)
{
    double ma = panels_largest(a, na), mb = panels_largest(b, nb);
    return ma > 0 && mb > 0 && fmax(ma, mb) > 10 * fmin(ma, mb);
}

/* [*lo, *hi] widened, with 0 at fraction z of it from the bottom. */
static void zero_at(double z, double *lo, double *hi)
{
    double r = fmax(*hi / (1 - z), -*lo / z);
    *lo = -z * r;
    *hi = (1 - z) * r;
}

void panels_align_zero(panels *p, int i)
{
    /* both ranges hold 0 strictly inside (the margins), so 0 < z < 1 */
    double z = fmax(-p->ylo[i] / (p->yhi[i] - p->ylo[i]),
                    -p->y2lo[i] / (p->y2hi[i] - p->y2lo[i]));
    zero_at(z, &p->ylo[i], &p->yhi[i]);
    zero_at(z, &p->y2lo[i], &p->y2hi[i]);
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
    return (double)p->out_origin + (double)n;
}

double panels_full_x(const panels *p)
{
    return (double)p->out_origin - (double)p->offset;
}

void panels_x_range(panels *p, double lo, double hi)
{
    double f0 = (double)p->f_origin, y0 = panels_full_x(p);
    double a = fmin(f0, y0), b = fmax(f0 + (double)p->nf - 1, y0 + (double)p->full - 1);
    if (lo <= hi) {
        a = fmin(a, lo);
        b = fmax(b, hi);
    }
    p->x0 = a - 1;
    p->x1 = b + 1;
}

void panels_g_visits(const panels *p, double *lo, double *hi)
{
    /* at full output t, g's samples span k from t - (ng - 1) to t past
     * f's origin, for a convolution and a correlation alike */
    double visit = (double)p->f_origin + (double)p->offset;
    *lo = visit - (double)(p->ng - 1);
    *hi = visit + (double)p->steps - 1;
}

const double *panels_full_output(const panels *p)
{
    return p->full_out ? p->full_out : ca_stepper_output(p->st);
}

void panels_caption_head(const panels *p, long t, size_t n, char *buf, size_t size)
{
    if (t != (long)n)
        snprintf(buf, size, "$n$ = %ld (output %zu)     %s[%ld] = ", t, n,
                 p->name[CA_PANEL_OUT], t);
    else
        snprintf(buf, size, "$n$ = %ld     %s[%ld] = ", t, p->name[CA_PANEL_OUT], t);
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

/* Text keeps half a pad, and at least PANELS_EDGE_PX, from the frame's
 * edges: a player's border or a slide's frame line may cover them. */
static double edge(const panels *p)
{
    return fmax(PANELS_EDGE_PX, panels_px(p, PANELS_PAD_PX) / 2);
}

/* How wide a line of text may be. */
static double room(const panels *p)
{
    return p->width - 2 * edge(p);
}

/* Where the y labels start: a pad in, and a pixel past the edge for the
 * italic letters whose ink starts left of their pen. */
static double label_x(const panels *p)
{
    return fmax(panels_px(p, PANELS_PAD_PX), edge(p) + 1);
}

bool panels_fits(panels *p, const char *text, double ref_px)
{
    ca_text_metrics m;
    ca_error err;
    return ca_text_measure(p->font, text, panels_text_px(p, ref_px), &m, &err) != CA_OK ||
           text_extent(&m) <= room(p);
}

ca_status panels_text_fitted(panels *p, const ca_canvas *c, double x, double y,
                             const char *text, double ref_px, int colour, ca_error *err)
{
    double size = panels_text_px(p, ref_px), across = room(p);
    ca_text_metrics m;
    ca_status s = ca_text_measure(p->font, text, size, &m, err);
    if (s != CA_OK)
        return s;
    double w = text_extent(&m);
    /* glyph sizes do not scale exactly: a little under what would fit */
    if (w > across)
        size = fmax(CA_TEXT_MIN_SIZE, size * across / w * 0.98);
    if (w > across && (s = ca_text_measure(p->font, text, size, &m, err)) != CA_OK)
        return s;
    double half = across / 2 - text_extent(&m) / 2;
    x = fmin(fmax(x, p->width / 2.0 - half), p->width / 2.0 + half);
    return draw_text(p, c, x, y, text, size, CA_TEXT_CENTRE | CA_TEXT_BASELINE, colour, err);
}

ca_status panels_fit_centre(const panels *p, const char *what, const ca_text_metrics *m,
                            double *x, ca_error *err)
{
    double across = room(p), w = text_extent(m);
    if (w > across)
        return ca_fail(err, CA_EINPUT, "the %s is %.0f pixels wide, and a frame %d pixels wide "
                       "has room for %.0f: break it into lines with \\n, shorten it or make "
                       "the text smaller", what, ceil(w), p->width, floor(across));
    double half = across / 2 - w / 2;
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

void panels_signal(const panels *p, const ca_axes *ax, const double *v, size_t n, size_t pad,
                   double x_start, double x_step, bool stems, int colour)
{
    /* padding stands on both sides of at least one sample */
    size_t lo = 2 * pad < n ? pad : 0, hi = n - lo, join = !stems;
    if (lo > 0)
        panels_samples(p, ax, v, lo + join, x_start, x_step, stems, CA_SCENE_MUTED);
    if (hi < n) {
        size_t from = hi > 0 ? hi - join : 0;
        panels_samples(p, ax, v + from, n - from, x_start + (double)from * x_step, x_step, stems,
                       CA_SCENE_MUTED);
    }
    if (hi > lo)
        panels_samples(p, ax, v + lo, hi - lo, x_start + (double)lo * x_step, x_step, stems,
                       colour);
}

void panels_discarded(const panels *p, const ca_axes *ax)
{
    const double *full = panels_full_output(p);
    double x = panels_full_x(p);
    size_t keep0 = p->offset, keep1 = p->offset + p->steps, join = !p->stems_out;
    if (keep0 > 0)
        panels_samples(p, ax, full, keep0 + join, x, 1, p->stems_out, CA_SCENE_MUTED);
    if (keep1 < p->full)
        panels_samples(p, ax, full + keep1 - join, p->full - keep1 + join,
                       x + (double)(keep1 - join), 1, p->stems_out, CA_SCENE_MUTED);
}

void panels_range(const double *a, size_t na, const double *b, size_t nb, double *lo,
                  double *hi)
{
    double ends[2] = { 0, 0 };
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

/* Whether a label is a plain name (panels_names). */
static bool plain(const char *label)
{
    return label && *label && !strpbrk(label, "\n[(");
}

void panels_names(panels *p, const char *const labels[CA_PANELS])
{
    static const char *const defaults[CA_PANELS] = { "$f$", "$g$", "$y$" };
    for (int i = 0; i < CA_PANELS; i++)
        p->name[i] = plain(labels[i]) ? labels[i] : defaults[i];
}

const char *panels_make(panels *p, int i, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->made[i], sizeof p->made[i], fmt, ap);
    va_end(ap);
    return p->made[i];
}

const char *panels_label(panels *p, const char *given, int slot, const char *fmt, ...)
{
    if (given && !plain(given))
        return given;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->made[slot], sizeof p->made[slot], fmt, ap);
    va_end(ap);
    return p->made[slot];
}

int panels_count(const panel_text *text)
{
    return text->panels ? text->panels : CA_PANELS;
}

/* Keeps the ticks at whole numbers: samples have no index 2.5, so an axis
 * of indices labels none (of a step of 2.5, 0, 5, 10 stay; of 0.5, every
 * other tick). The labels they leave are sparser, so they still fit; an
 * axis less than one sample wide keeps no tick. */
static void whole_ticks(ca_ticks *t)
{
    int n = 0;
    for (int k = 0; k < t->n; k++) {
        double r = round(t->v[k]);
        if (fabs(t->v[k] - r) <= 1e-9 * fmax(1, fabs(r)))
            t->v[n++] = r;
    }
    t->n = n;
    if (t->exponent == 0)
        t->decimals = 0;
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
        if (s == CA_OK && !text->seconds)
            whole_ticks(xt);
        if (s != CA_OK || xt->n == 0)
            return s;
        char buf[64];
        ca_text_metrics m;
        ca_ticks_label(xt, xt->n - 1, buf, sizeof buf);
        if ((s = measure(p, buf, PANELS_TICK_PX, &m, err)) != CA_OK)
            return s;
        double at = r.x0 + width * (xt->v[xt->n - 1] - p->x0) / (p->x1 - p->x0);
        int over = (int)ceil(at + text_extent(&m) / 2 + 1 - (p->width - edge(p)));
        if (over <= 0 || width - over < 40)
            return CA_OK;
        for (int i = 0; i < CA_PANELS; i++)
            p->panel[i].x1 -= over;
    }
}

/* The space in title nearest its middle outside $...$, where a line
 * break may go; NULL when there is none or it already has lines. */
static const char *break_at(const char *title)
{
    if (strchr(title, '\n'))
        return NULL;
    const char *best = NULL, *middle = title + strlen(title) / 2;
    bool math = false;
    for (const char *c = title; *c; c++) {
        if (*c == '\\' && c[1]) {
            c++;
            continue;
        }
        if (*c == '$')
            math = !math;
        else if (*c == ' ' && !math &&
                 (!best || labs((long)(c - middle)) < labs((long)(best - middle))))
            best = c;
    }
    return best;
}

/* The title as drawn, into p->title at p->title_px: as given when it fits
 * across the frame; else on two lines, broken at the space nearest its
 * middle; then, while still too wide, set smaller, down to half its size.
 * Wider than that is refused: no frame cuts a title off. */
static ca_status fit_title(panels *p, const char *title, ca_error *err)
{
    double size = panels_text_px(p, PANELS_TITLE_PX);
    p->title = malloc(strlen(title) + 1);
    if (!p->title)
        return ca_fail(err, CA_ENOMEM, "out of memory for the title");
    strcpy(p->title, title);
    p->title_px = size;
    ca_text_metrics m;
    ca_status s = ca_text_measure(p->font, p->title, size, &m, err);
    if (s != CA_OK || text_extent(&m) <= room(p))
        return s;
    const char *cut = break_at(title);
    if (cut) {
        p->title[cut - title] = '\n';
        if ((s = ca_text_measure(p->font, p->title, size, &m, err)) != CA_OK)
            return s;
    }
    /* glyph sizes do not scale exactly: a little under what would fit */
    double w = text_extent(&m);
    if (w > room(p)) {
        p->title_px = fmax(size / 2, size * room(p) / w * 0.98);
        s = ca_text_measure(p->font, p->title, p->title_px, &m, err);
    }
    return s;
}

/* Whether panel i's ticks, on either scale, carry an exponent multiplier
 * ("1e−6") over the panel: it depends on the range alone. */
static bool top_exponent(const panels *p, int i)
{
    ca_ticks t;
    ca_ticks_nice(p->ylo[i], p->yhi[i], 4, &t);
    if (t.exponent != 0)
        return true;
    if (!p->right[i])
        return false;
    ca_ticks_nice(p->y2lo[i], p->y2hi[i], 4, &t);
    return t.exponent != 0;
}

/* Lays out the panels around the text as measured: the left margin fits
 * the widest y label and tick label, the bottom the x tick labels and the
 * x label's lines, the top the title's lines and the caption; each panel
 * is at least as tall as its y label, and has as many ticks as their
 * labels leave room for. */
static ca_status place(panels *p, const panel_text *text, ca_ticks yt[2 * CA_PANELS],
                       ca_ticks *xt, ca_error *err)
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
    if ((s = fit_title(p, text->title, err)) != CA_OK ||
        (s = ca_text_measure(p->font, p->title, p->title_px, &tm, err)) != CA_OK ||
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
    /* an exponent multiplier over the top panel gets a row of its own,
     * under the title or caption rather than into it */
    if (top_exponent(p, CA_PANEL_TOP))
        top += tick_h;
    double bottom = p->height - (edge(p) + xm.height + tick_h + tick + pad);
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
    /* the second scales' ticks and labels take a column on the right */
    double right_w = 0;
    for (int j = 0; j < 2 * CA_PANELS; j++) {
        int i = j % CA_PANELS;
        bool second = j >= CA_PANELS;
        yt[j].n = 0;
        if (second && !p->right[i])
            continue;
        double lo = second ? p->y2lo[i] : p->ylo[i], hi = second ? p->y2hi[i] : p->yhi[i];
        /* ticks for at most the 22 % of the frame's height they were
         * always picked for, so that frames keep theirs when text grows */
        if ((s = pick_ticks(p, lo, hi, lo, hi, fmin(p->height * 0.22, h), panels_px(p, 28), 2,
                            6, false, pad * 0.2, &yt[j], err)) != CA_OK)
            return s;
        double w = 0;
        for (int k = 0; k < yt[j].n; k++) {
            ca_ticks_label(&yt[j], k, buf, sizeof buf);
            if ((s = measure(p, buf, PANELS_TICK_PX, &m, err)) != CA_OK)
                return s;
            w = fmax(w, m.width);
        }
        if (!second) {
            tick_w = fmax(tick_w, w);
            continue;
        }
        if (text->label_right[i] &&
            (s = measure(p, text->label_right[i], PANELS_LABEL_PX, &m, err)) != CA_OK)
            return s;
        right_w = fmax(right_w,
                       tick + pad * 0.4 + w + pad + (text->label_right[i] ? m.width : 0));
    }

    double left = label_x(p) + label_w + pad + tick_w + tick + pad * 0.5;
    double right = p->width - 2 * pad - right_w;
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
    double mid = (r.y0 + r.y1) / 2.0;
    ca_status s;
    if (!text->label2[i])
        return panels_text(p, c, label_x(p), mid, text->label[i], PANELS_LABEL_PX,
                           CA_TEXT_LEFT | CA_TEXT_MIDDLE, text->label_colour[i], err);
    if ((s = panels_text(p, c, label_x(p), mid, text->label[i], PANELS_LABEL_PX,
                         CA_TEXT_LEFT | CA_TEXT_BOTTOM, text->label_colour[i], err)) != CA_OK)
        return s;
    return panels_text(p, c, label_x(p), mid, text->label2[i], PANELS_LABEL_PX,
                       CA_TEXT_LEFT | CA_TEXT_TOP, text->label2_colour[i], err);
}

/* Panel i's second scale: ticks and labels on its right, in the colour of
 * the signal it measures, and its name beyond them. */
static ca_status draw_right_scale(panels *p, const panel_text *text, int i, const ca_ticks *yt,
                                  ca_error *err)
{
    const ca_canvas *c = &p->background;
    ca_axes ax = panels_axes_right(p, c, i);
    ca_rect r = p->panel[i];
    int tick = (int)lround(panels_px(p, PANELS_TICK_LEN_PX));
    double pad = panels_px(p, PANELS_PAD_PX);
    int colour = text->label_right_colour[i];
    char buf[64];
    ca_status s;
    for (int k = 0; k < yt->n; k++) {
        int y = r.y0 + (int)floor(ca_axes_py(&ax, yt->v[k]));
        ca_canvas_hline(c, r.x1 + 1, r.x1 + tick, y, colour);
        ca_ticks_label(yt, k, buf, sizeof buf);
        if ((s = panels_text(p, c, r.x1 + tick + pad * 0.4, y + 0.5, buf, PANELS_TICK_PX,
                             CA_TEXT_LEFT | CA_TEXT_MIDDLE, colour, err)) != CA_OK)
            return s;
    }
    ca_ticks_offset_label(yt, buf, sizeof buf);
    if (buf[0] && (s = panels_text(p, c, r.x1, r.y0 - pad * 0.3, buf, PANELS_TICK_PX,
                                   CA_TEXT_RIGHT | CA_TEXT_BOTTOM, colour, err)) != CA_OK)
        return s;
    if (!text->label_right[i])
        return CA_OK;
    return panels_text(p, c, p->width - pad, (r.y0 + r.y1) / 2.0, text->label_right[i],
                       PANELS_LABEL_PX, CA_TEXT_RIGHT | CA_TEXT_MIDDLE, colour, err);
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
    if (p->right[i] && (s = draw_right_scale(p, text, i, yt + CA_PANELS, err)) != CA_OK)
        return s;
    return draw_label(p, text, i, err);
}

/* Text of size pixels centred over the panels, moved to stay inside the
 * frame. */
static ca_status centred(panels *p, const char *what, const char *text, double size, double y,
                         int vertical, ca_error *err)
{
    double x = (p->panel[0].x0 + p->panel[0].x1) / 2.0;
    ca_text_metrics m;
    ca_status s = ca_text_measure(p->font, text, size, &m, err);
    if (s == CA_OK)
        s = panels_fit_centre(p, what, &m, &x, err);
    if (s == CA_OK)
        s = draw_text(p, &p->background, x, y, text, size, CA_TEXT_CENTRE | vertical,
                      CA_SCENE_INK, err);
    return s;
}

static ca_status draw_frame(panels *p, const panel_text *text, const ca_ticks *xt,
                            const ca_ticks yt[2 * CA_PANELS], ca_error *err)
{
    double pad = panels_px(p, PANELS_PAD_PX);
    ca_status s;

    ca_canvas_fill(&p->background, CA_SCENE_BG);
    if ((s = centred(p, "title", p->title, p->title_px, pad, CA_TEXT_TOP, err)) != CA_OK)
        return s;
    for (int i = 0; i < panels_count(text); i++)
        if ((s = draw_panel_frame(p, text, i, xt, &yt[i], err)) != CA_OK)
            return s;
    return centred(p, "x label", text->xlabel, panels_text_px(p, PANELS_LABEL_PX),
                   p->height - edge(p), CA_TEXT_BOTTOM, err);
}

ca_status panels_build(panels *p, const panel_text *text, ca_error *err)
{
    ca_ticks yt[2 * CA_PANELS], xt;
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
    free(p->title);
    free(p->f);
    free(p->g);
    free(p->full_out);
    free(p->xy);
}

/* The first output sample in sample n's pixel column; n itself when the
 * output is drawn whole. */
static size_t column_start(const panels *p, const ca_axes *oa, size_t n)
{
    if (!p->simplify_out)
        return n;
    double col = floor(ca_axes_px(oa, panels_x_of(p, n)));
    while (n > p->out_lo && floor(ca_axes_px(oa, panels_x_of(p, n - 1))) == col)
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
    if (start > p->out_lo && p->out_area)
        start = column_start(p, oa, start - 1);
    return start > p->out_lo && (!p->stems_out || p->out_area) ? start - 1 : start;
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
        p->sofar_end = p->out_lo;
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
    int x0 = (int)floor(ca_axes_px(&oa, panels_x_of(p, p->out_lo)) - 2 * lw);
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

void panels_output_context(panels *p)
{
    ca_axes out = panels_axes(p, &p->background, CA_PANEL_OUT);
    const double *y = ca_stepper_output(p->st);
    /* a line's grey reaches the animated samples, so the curve stays whole */
    size_t lo = p->out_lo, hi = p->out_hi, join = !p->stems_out;
    if (lo > 0)
        panels_samples(p, &out, y, lo + join, panels_x_of(p, 0), 1, p->stems_out,
                       CA_SCENE_MUTED);
    if (hi + 1 < p->steps)
        panels_samples(p, &out, y + hi + 1 - join, p->steps - hi - 1 + join,
                       panels_x_of(p, hi + 1 - join), 1, p->stems_out, CA_SCENE_MUTED);
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

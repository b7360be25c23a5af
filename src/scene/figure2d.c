#include <math.h>

#include "draw/cells.h"
#include "convanim/figure.h"
#include "convanim/plot.h"
#include "convanim/png.h"
#include "base/util.h"

enum {
    MARGIN = 24,
    GAP = 36,           /* between the columns */
    TITLE_PX = 22,
    TITLE_H = 52,       /* the title row above the panels */
    UNITS = 9           /* 4 + 1 + 4 */
};

/* The largest w x h box of aspect iw : ih that fits in slot, centred. */
static ca_rect fit(ca_rect slot, int iw, int ih)
{
    double sw = slot.x1 - slot.x0, sh = slot.y1 - slot.y0;
    double scale = fmin(sw / iw, sh / ih);
    int w = (int)fmax(1, floor(iw * scale)), h = (int)fmax(1, floor(ih * scale));
    int x = slot.x0 + (int)(sw - w) / 2, y = slot.y0 + (int)(sh - h) / 2;
    return (ca_rect){ x, y, x + w, y + h };
}

void ca_figure_layout_of(const ca_image *original, const ca_image *kernel,
                         const ca_image *filtered, ca_figure_layout *out)
{
    int unit = (CA_FIGURE_WIDTH - 2 * MARGIN - 2 * GAP) / UNITS;
    /* as tall as the taller image needs at the column's width, no taller
     * than square: a tall image is shown narrower instead */
    double aspect = fmax((double)original->height / original->width,
                         (double)filtered->height / filtered->width);
    int panel_h = (int)lround(4 * unit * fmin(aspect, 1));
    if (panel_h < unit)
        panel_h = unit;
    out->width = CA_FIGURE_WIDTH;
    out->height = TITLE_H + panel_h + MARGIN;
    out->title_y = TITLE_H / 2 + 4;
    static const int widths[CA_FIGURE_PANELS] = { 4, 1, 4 };
    int x = MARGIN;
    for (int p = 0; p < CA_FIGURE_PANELS; p++) {
        out->slot[p] = (ca_rect){ x, TITLE_H, x + widths[p] * unit, TITLE_H + panel_h };
        x += widths[p] * unit + GAP;
    }
    out->panel[CA_FIGURE_ORIGINAL] = fit(out->slot[0], original->width, original->height);
    out->panel[CA_FIGURE_FILTER] = fit(out->slot[1], kernel->width, kernel->height);
    out->panel[CA_FIGURE_FILTERED] = fit(out->slot[2], filtered->width, filtered->height);
}

static ca_canvas view(const ca_canvas *c, ca_rect r)
{
    return ca_canvas_sub(c, r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0);
}

/* The kernel's cells, their edges on whole pixels, each with its value when
 * the cells are large enough to hold it legibly. */
static ca_status draw_kernel(ca_font *font, const ca_canvas *c, const ca_image *k,
                             ca_error *err)
{
    ca_tone tone = ca_tone_of(k, CA_NORMALIZE_MINMAX);
    double cell = (double)c->width / k->width, size;
    ca_status s = bone_value_size(font, k, cell, fmin(16, cell * 0.34), &size, err);
    for (int y = 0; s == CA_OK && y < k->height; y++)
        for (int x = 0; s == CA_OK && x < k->width; x++) {
            double v = k->v[(size_t)y * k->width + x];
            char text[32];
            ca_plot_number(v, text, sizeof text);
            s = bone_cell(c, (int)lround(x * cell), (int)lround(y * c->height / (double)k->height),
                          (int)lround((x + 1) * cell),
                          (int)lround((y + 1) * c->height / (double)k->height),
                          ca_tone_apply(&tone, v), font, text, size, err);
        }
    return s;
}

ca_status ca_figure_draw(const ca_image *original, const ca_image *kernel,
                         const ca_image *filtered, ca_normalize normalize, ca_palette *pal,
                         ca_canvas *out, ca_error *err)
{
    static const char *const titles[CA_FIGURE_PANELS] = { "Original Image", "Filter",
                                                          "Filtered Image" };
    ca_figure_layout l;
    ca_font *font = NULL;
    ca_figure_layout_of(original, kernel, filtered, &l);
    ca_status s = bone_palette(pal, false, err);
    if (s == CA_OK)
        s = ca_canvas_new(l.width, l.height, pal, BONE_BG, out, err);
    if (s == CA_OK)
        s = ca_font_open(NULL, &font, err);
    for (int p = 0; s == CA_OK && p < CA_FIGURE_PANELS; p++)
        s = ca_text_draw(font, out, (l.slot[p].x0 + l.slot[p].x1) / 2.0, l.title_y, titles[p],
                         TITLE_PX, CA_TEXT_CENTRE | CA_TEXT_MIDDLE, BONE_INK, err);
    ca_tone clip = ca_tone_of(original, CA_NORMALIZE_CLIP);
    ca_tone tone = ca_tone_of(filtered, normalize);
    ca_canvas panel = view(out, l.panel[CA_FIGURE_ORIGINAL]);
    if (s == CA_OK)
        s = bone_image(&panel, original, &clip, err);
    panel = view(out, l.panel[CA_FIGURE_FILTER]);
    if (s == CA_OK)
        s = draw_kernel(font, &panel, kernel, err);
    panel = view(out, l.panel[CA_FIGURE_FILTERED]);
    if (s == CA_OK)
        s = bone_image(&panel, filtered, &tone, err);
    ca_font_free(font);
    if (s != CA_OK)
        ca_canvas_free(out);
    return s;
}

ca_status ca_figure_write_to(const ca_sink *sink, const ca_image *original,
                             const ca_image *kernel, const ca_image *filtered,
                             ca_normalize normalize, ca_error *err)
{
    ca_palette pal;
    ca_canvas c;
    ca_status s = ca_figure_draw(original, kernel, filtered, normalize, &pal, &c, err);
    if (s != CA_OK)
        return s;
    s = ca_png_write_indexed_to(sink, c.pixels, c.width, c.height, c.stride, &pal, err);
    ca_canvas_free(&c);
    return s;
}

ca_status ca_figure_write(const char *path, const ca_image *original, const ca_image *kernel,
                          const ca_image *filtered, ca_normalize normalize, ca_error *err)
{
    ca_file_sink *file;
    ca_status s = ca_file_sink_open(path, &file, err);
    if (s != CA_OK)
        return s;
    ca_sink sink = ca_file_sink_get(file);
    s = ca_figure_write_to(&sink, original, kernel, filtered, normalize, err);
    return ca_file_sink_close(file, s, err);
}

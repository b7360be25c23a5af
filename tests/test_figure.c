#include <math.h>

#include "draw/cells.h"
#include "convanim/figure.h"
#include "testutil.h"

/* The palette colour of pixel (x, y). */
static ca_rgb at(const ca_canvas *c, const ca_palette *pal, int x, int y)
{
    return pal->rgb[c->pixels[y * c->stride + x]];
}

static bool same(ca_rgb a, ca_rgb b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b;
}

START_TEST(bone_matches_matplotlib)
{
    /* matplotlib.colormaps['bone'] at 0, 0.25, 0.5, 0.75, 1, times 255 */
    static const double want[][3] = { { 0, 0, 0 },
                                      { 0.2196, 0.2196, 0.3055 },
                                      { 0.4392, 0.4841, 0.5642 },
                                      { 0.6622, 0.7838, 0.7838 },
                                      { 1, 1, 1 } };
    for (int i = 0; i < 5; i++) {
        ca_rgb c = bone_rgb(i / 4.0);
        ck_assert_msg(fabs(c.r - 255 * want[i][0]) <= 1 && fabs(c.g - 255 * want[i][1]) <= 1 &&
                      fabs(c.b - 255 * want[i][2]) <= 1, "bone(%g) = %d,%d,%d", i / 4.0, c.r,
                      c.g, c.b);
    }
}
END_TEST

/* A 20x10 image whose left half is 0 and right half 1, a 3x3 kernel, and
 * a filtered image: each panel must show them where the layout says. */
START_TEST(panels_land_where_the_layout_says)
{
    double iv[200], kv[9] = { 1, 0, -1, 2, 0, -2, 1, 0, -1 }, ov[200];
    for (int i = 0; i < 200; i++) {
        iv[i] = i % 20 < 10 ? 0 : 1;
        ov[i] = i % 20 < 10 ? -4 : 4;
    }
    ca_image in = { iv, 20, 10 }, k = { kv, 3, 3 }, out = { ov, 20, 10 };
    ca_figure_layout l;
    ca_figure_layout_of(&in, &k, &out, &l);
    ca_palette pal;
    ca_canvas c;
    ca_error err = { 0 };
    ck_assert_msg(ca_figure_draw(&in, &k, &out, CA_NORMALIZE_MINMAX, &pal, &c, &err) == CA_OK,
                  "%s", err.msg);
    ck_assert_int_eq(c.width, l.width);
    ck_assert_int_eq(c.height, l.height);
    /* widths 4:1:4, left to right, each picture inside its slot */
    int w[3];
    for (int p = 0; p < 3; p++) {
        w[p] = l.slot[p].x1 - l.slot[p].x0;
        ck_assert_int_ge(l.panel[p].x0, l.slot[p].x0);
        ck_assert_int_le(l.panel[p].x1, l.slot[p].x1);
        ck_assert_int_ge(l.panel[p].y0, l.slot[p].y0);
        ck_assert_int_le(l.panel[p].y1, l.slot[p].y1);
    }
    ck_assert_int_eq(w[0], 4 * w[1]);
    ck_assert_int_eq(w[2], 4 * w[1]);
    ck_assert_int_lt(l.slot[0].x1, l.slot[1].x0);
    ck_assert_int_lt(l.slot[1].x1, l.slot[2].x0);
    /* the 2:1 image keeps its aspect */
    ck_assert_int_le(abs((l.panel[0].x1 - l.panel[0].x0) - 2 * (l.panel[0].y1 - l.panel[0].y0)), 1);

    ca_rgb black = bone_rgb(0), white = bone_rgb(1), bg = { 255, 255, 255 };
    ca_rect p = l.panel[CA_FIGURE_ORIGINAL];
    ck_assert(same(at(&c, &pal, p.x0, p.y0), black));
    ck_assert(same(at(&c, &pal, p.x1 - 1, p.y1 - 1), white));
    ck_assert(same(at(&c, &pal, p.x0 - 1, p.y0), bg));
    ck_assert(same(at(&c, &pal, p.x1, p.y1 - 1), bg));
    p = l.panel[CA_FIGURE_FILTERED];
    ck_assert(same(at(&c, &pal, p.x0, p.y1 - 1), black));
    ck_assert(same(at(&c, &pal, p.x1 - 1, p.y0), white));
    ck_assert(same(at(&c, &pal, p.x1, p.y0), bg));
    /* the kernel: its cells from the smallest value (black) to the largest */
    p = l.panel[CA_FIGURE_FILTER];
    int cw = (p.x1 - p.x0) / 3, ch = (p.y1 - p.y0) / 3;
    ck_assert(same(at(&c, &pal, p.x0 + 1, p.y0 + ch + 1), white));       /* the 2 */
    ck_assert(same(at(&c, &pal, p.x1 - 2, p.y0 + ch + 1), black));       /* the -2 */
    /* 0 is halfway: the nearest of the palette's levels */
    ck_assert(same(at(&c, &pal, p.x0 + cw + 1, p.y0 + 1), bone_rgb(64.0 / (BONE_LEVELS - 1))));
    /* each cell's value is written in it: ink other than the cell colour */
    int inked = 0;
    for (int y = p.y0 + ch; y < p.y0 + 2 * ch; y++)
        for (int x = p.x0 + 2 * cw; x < p.x1; x++)
            inked += !same(at(&c, &pal, x, y), black);
    ck_assert_int_gt(inked, 10);
    /* the titles are ink above each slot, nothing is drawn between slots */
    for (int s = 0; s < 3; s++) {
        int found = 0, mid = (l.slot[s].x0 + l.slot[s].x1) / 2;
        for (int y = 0; y < l.slot[s].y0; y++)
            for (int x = mid - 30; x < mid + 30; x++)
                found += !same(at(&c, &pal, x, y), bg);
        ck_assert_msg(found > 20, "no title over panel %d", s);
    }
    for (int y = 0; y < c.height; y++)
        ck_assert(same(at(&c, &pal, (l.slot[0].x1 + l.slot[1].x0) / 2, y), bg));
    ca_canvas_free(&c);
}
END_TEST

START_TEST(figure_is_written_as_a_png)
{
    char dir[256], path[300];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/fig.png", dir);
    double v[4] = { 0, 1, 1, 0 }, k = 1;
    ca_image img = { v, 2, 2 }, kern = { &k, 1, 1 };
    ca_error err = { 0 };
    ck_assert_msg(ca_figure_write(path, &img, &kern, &img, CA_NORMALIZE_CLIP, &err) == CA_OK,
                  "%s", err.msg);
    ck_assert_int_eq(tu_entries(dir), 1);
    snprintf(path, sizeof path, "%s/no/fig.png", dir);
    ck_assert_int_eq(ca_figure_write(path, &img, &kern, &img, CA_NORMALIZE_CLIP, &err),
                     CA_EINPUT);
    tu_rmtree(dir);
}
END_TEST

static const tu_suite suite = { .name = "figure" };
TU_MAIN(suite, bone_matches_matplotlib, panels_land_where_the_layout_says,
        figure_is_written_as_a_png)

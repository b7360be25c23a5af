#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "convanim/canvas.h"
#include "base/util.h"

enum {
    LEVELS = CA_PALETTE_LEVELS,
    /* Cells of the polygon filler's coverage buffer: 32 KiB on the stack,
     * so filling never allocates and cannot fail. */
    POLY_CELLS = 8192
};

void ca_rect_union(ca_rect *r, ca_rect add)
{
    if (add.x0 >= add.x1 || add.y0 >= add.y1)
        return;
    if (r->x0 >= r->x1 || r->y0 >= r->y1) {
        *r = add;
        return;
    }
    if (add.x0 < r->x0)
        r->x0 = add.x0;
    if (add.y0 < r->y0)
        r->y0 = add.y0;
    if (add.x1 > r->x1)
        r->x1 = add.x1;
    if (add.y1 > r->y1)
        r->y1 = add.y1;
}

ca_status ca_canvas_new(int width, int height, const ca_palette *pal, uint8_t fill,
                        ca_canvas *out, ca_error *err)
{
    memset(out, 0, sizeof *out);
    size_t size;
    if (width <= 0 || height <= 0)
        return ca_fail(err, CA_EINPUT, "canvas: size %dx%d is not positive", width, height);
    if (!ca_mul_size((size_t)width, (size_t)height, &size))
        return ca_fail(err, CA_ELIMIT, "canvas: %dx%d pixels do not fit in memory", width,
                       height);
    if (pal && fill >= pal->count)
        return ca_fail(err, CA_EINPUT, "canvas: fill index %d is not in the palette (%d entries)",
                       fill, pal->count);
    uint8_t *pixels = malloc(size);
    if (!pixels)
        return ca_fail(err, CA_ENOMEM, "canvas: out of memory for %dx%d pixels", width, height);
    memset(pixels, fill, size);
    *out = (ca_canvas){ .pixels = pixels, .width = width, .height = height, .stride = width,
                        .pal = pal };
    return CA_OK;
}

void ca_canvas_free(ca_canvas *c)
{
    if (!c)
        return;
    free(c->pixels);
    c->pixels = NULL;
}

/* Clips the half-open span [lo, hi) to [0, size) into [*a, *b); 64-bit
 * arithmetic so that x + width cannot overflow. True when not empty. */
static bool clip_span(long long lo, long long hi, int size, int *a, int *b)
{
    *a = (int)(lo < 0 ? 0 : lo > size ? size : lo);
    *b = (int)(hi < *a ? *a : hi > size ? size : hi);
    return *a < *b;
}

/* fmin and fmax are function calls (they must handle NaN); these compile
 * to single instructions in the inner loops. */
static inline double dmin(double a, double b)
{
    return a < b ? a : b;
}

static inline double dmax(double a, double b)
{
    return a > b ? a : b;
}

/* A NaN comes out as lo. */
static inline double clamp(double v, double lo, double hi)
{
    return v > lo ? (v < hi ? v : hi) : lo;
}

/* Clamps before converting: a double outside int's range cannot be cast. */
static int clamp_int(double v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : (int)v;
}

ca_canvas ca_canvas_sub(const ca_canvas *c, int x, int y, int width, int height)
{
    int x0, x1, y0, y1;
    ca_canvas sub = *c;
    if (!clip_span(x, (long long)x + width, c->width, &x0, &x1) ||
        !clip_span(y, (long long)y + height, c->height, &y0, &y1)) {
        sub.width = sub.height = 0;
        return sub;
    }
    sub.pixels = c->pixels + y0 * c->stride + x0;
    sub.width = x1 - x0;
    sub.height = y1 - y0;
    sub.x0 = c->x0 + x0;
    sub.y0 = c->y0 + y0;
    return sub;
}

/* Records that [x0, x1) x [y0, y1) of c may have changed. */
static void touch(const ca_canvas *c, int x0, int y0, int x1, int y1)
{
    if (c->damage)
        ca_rect_union(c->damage, (ca_rect){ c->x0 + x0, c->y0 + y0, c->x0 + x1, c->y0 + y1 });
}

static bool colour_ok(const ca_canvas *c, int colour)
{
    return c->pal && colour >= 0 && colour < c->pal->ncolours;
}

static void fill_span(const ca_canvas *c, long long x0, long long y0, long long x1, long long y1,
                      int colour)
{
    int ax, bx, ay, by;
    if (!colour_ok(c, colour) || !clip_span(x0, x1, c->width, &ax, &bx) ||
        !clip_span(y0, y1, c->height, &ay, &by))
        return;
    uint8_t index = c->pal->solid[colour];
    for (int y = ay; y < by; y++)
        memset(c->pixels + y * c->stride + ax, index, (size_t)(bx - ax));
    touch(c, ax, ay, bx, by);
}

void ca_canvas_fill(const ca_canvas *c, int colour)
{
    fill_span(c, 0, 0, c->width, c->height, colour);
}

void ca_canvas_copy(const ca_canvas *dst, const ca_canvas *src)
{
    int w = dst->width < src->width ? dst->width : src->width;
    int h = dst->height < src->height ? dst->height : src->height;
    if (w <= 0 || h <= 0)
        return;
    for (int y = 0; y < h; y++)
        memcpy(dst->pixels + y * dst->stride, src->pixels + y * src->stride, (size_t)w);
    touch(dst, 0, 0, w, h);
}

void ca_canvas_fill_rect(const ca_canvas *c, int x0, int y0, int x1, int y1, int colour)
{
    fill_span(c, x0, y0, x1, y1, colour);
}

void ca_canvas_hline(const ca_canvas *c, int x0, int x1, int y, int colour)
{
    if (x0 > x1)
        ca_canvas_hline(c, x1, x0, y, colour);
    else
        fill_span(c, x0, y, (long long)x1 + 1, (long long)y + 1, colour);
}

void ca_canvas_vline(const ca_canvas *c, int x, int y0, int y1, int colour)
{
    if (y0 > y1)
        ca_canvas_vline(c, x, y1, y0, colour);
    else
        fill_span(c, x, y0, (long long)x + 1, (long long)y1 + 1, colour);
}

/* The palette index showing colour c drawn with coverage a over index p.
 * Coverage rounds to the nearest ramp level, and is kept per colour, never
 * summed: where p already shows c, the larger coverage wins, so overlapping
 * strokes and polyline joins do not darken; where p shows another colour t
 * partly over u, c replaces t only with a larger coverage. Without a ramp,
 * half coverage or more paints c solid. */
static inline uint8_t composite(const ca_palette *pal, uint8_t p, int c, double a)
{
    if (!(a > 0))
        return p;
    if (a >= 1 - 0.5 / LEVELS)
        return pal->solid[c];
    int level = (int)(a * LEVELS + 0.5);
    if (level == 0)
        return p;
    int top = pal->top[p], under = pal->under[p], have = pal->level[p];
    if (top == c) {
        if (level <= have)
            return p;
    } else if (under == c) {
        /* p is t partly over c: c gains ground, t keeps what c leaves it */
        int keep = have < LEVELS - level ? have : LEVELS - level;
        return keep == 0 ? pal->solid[c] : (uint8_t)(pal->ramp[top][c] + keep - 1);
    } else if (have < LEVELS && level <= have) {
        return p;
    }
    if (pal->ramp[c][under] >= 0)
        return (uint8_t)(pal->ramp[c][under] + level - 1);
    return a >= 0.5 ? pal->solid[c] : p;
}

/* Widens [*lo, *hi] by where a row at height dy from a disc's centre cx,
 * radius squared r2, crosses the disc. */
static void disc_span(double cx, double dy, double r2, double *lo, double *hi)
{
    double h2 = r2 - dy * dy;
    if (h2 > 0) {
        double h = sqrt(h2);
        *lo = dmin(*lo, cx - h);
        *hi = dmax(*hi, cx + h);
    }
}

/* Narrows [*lo, *hi] to where lo_v <= k * t + m <= hi_v. */
static void keep_where(double k, double m, double lo_v, double hi_v, double *lo, double *hi)
{
    if (k == 0) {
        if (m < lo_v || m > hi_v)
            *hi = -INFINITY;
        return;
    }
    double a = (lo_v - m) / k, b = (hi_v - m) / k;
    *lo = dmax(*lo, dmin(a, b));
    *hi = dmin(*hi, dmax(a, b));
}

/* Pixels whose centre lies at distance d < r + 0.5 from the segment
 * (ax, ay)-(bx, by) get coverage clamp(r + 0.5 - d, 0, 1): a line of width
 * 2r with round caps, or a disc when the ends coincide. The distance, unlike
 * a per-column or per-row coverage, does not depend on the slope, so every
 * direction gets the same thickness. The capsule is convex, so a row meets
 * it in one span: the union of where the row crosses the two end discs and
 * the band between them. Only that span is visited, so a long diagonal costs
 * its area, not its bounding box. */
static void capsule(const ca_canvas *c, double ax, double ay, double bx, double by, double r,
                    int colour)
{
    double dx = bx - ax, dy = by - ay, len = sqrt(dx * dx + dy * dy);
    if (!colour_ok(c, colour) || !(r > 0) || !isfinite(len) || !isfinite(r))
        return;
    double big = r + 0.5, big2 = big * big;
    double ux = len > 0 ? dx / len : 0, uy = len > 0 ? dy / len : 0;
    int x0 = clamp_int(floor(dmin(ax, bx) - big), 0, c->width);
    int x1 = clamp_int(ceil(dmax(ax, bx) + big), 0, c->width);
    int y0 = clamp_int(floor(dmin(ay, by) - big), 0, c->height);
    int y1 = clamp_int(ceil(dmax(ay, by) + big), 0, c->height);
    if (x0 >= x1 || y0 >= y1)
        return;
    touch(c, x0, y0, x1, y1);
    for (int j = y0; j < y1; j++) {
        double py = j + 0.5 - ay;
        double lo = INFINITY, hi = -INFINITY;
        disc_span(0, py, big2, &lo, &hi);
        disc_span(dx, py - dy, big2, &lo, &hi);
        if (len > 0) {
            double blo = -INFINITY, bhi = INFINITY;
            keep_where(-uy, py * ux, -big, big, &blo, &bhi);  /* across the band */
            keep_where(ux, py * uy, 0, len, &blo, &bhi);      /* along the segment */
            if (blo < bhi) {
                lo = dmin(lo, blo);
                hi = dmax(hi, bhi);
            }
        }
        int i0 = clamp_int(ceil(ax + lo - 0.5), x0, x1);
        int i1 = clamp_int(floor(ax + hi - 0.5) + 1, x0, x1);
        uint8_t *row = c->pixels + j * c->stride;
        for (int i = i0; i < i1; i++) {
            double px = i + 0.5 - ax;
            double t = clamp(px * ux + py * uy, 0, len);
            double ex = px - t * ux, ey = py - t * uy;
            row[i] = composite(c->pal, row[i], colour, big - sqrt(ex * ex + ey * ey));
        }
    }
}

void ca_canvas_line(const ca_canvas *c, double x0, double y0, double x1, double y1,
                    double width, int colour)
{
    capsule(c, x0, y0, x1, y1, width / 2, colour);
}

void ca_canvas_polyline(const ca_canvas *c, const double *xy, size_t npoints, double width,
                        int colour)
{
    for (size_t k = 1; k < npoints; k++)
        capsule(c, xy[2 * k - 2], xy[2 * k - 1], xy[2 * k], xy[2 * k + 1], width / 2, colour);
}

void ca_canvas_fill_circle(const ca_canvas *c, double cx, double cy, double r, int colour)
{
    capsule(c, cx, cy, cx, cy, r, colour);
}

/* The integral of max(s - x, 0) for x from xa to xb. */
static double ramp_area(double s, double xa, double xb)
{
    double p = dmax(s - xa, 0), q = dmax(s - xb, 0);
    return 0.5 * (p * p - q * q);
}

/* Adds a polygon edge to the coverage cells of a tile `rows` high whose rows
 * are `stride` cells apart; x lies in [0, stride - 2]. This is the
 * signed-area scheme of font rasterizers (libart, font-rs, stb_truetype):
 * in each row the edge adds, to every cell, the change it makes to the area
 * lying right of it, signed by direction; a running sum along the row then
 * gives each pixel's exact covered area, and the sum of edges winding both
 * ways gives the winding number. */
static void cover_edge(float *cells, int stride, int rows, double x0, double y0, double x1,
                       double y1)
{
    double dir = 1, xmax = stride - 2;
    if (y0 > y1) {
        double t = x0;
        x0 = x1;
        x1 = t;
        t = y0;
        y0 = y1;
        y1 = t;
        dir = -1;
    }
    if (y1 <= 0 || y0 >= rows)
        return;
    double dxdy = (x1 - x0) / (y1 - y0);
    int ja = y0 > 0 ? (int)y0 : 0;
    int jb = y1 < rows ? (int)ceil(y1) : rows;
    for (int j = ja; j < jb; j++) {
        double ya = dmax(j, y0), yb = dmin(j + 1, y1);
        double d = dir * (yb - ya);
        /* the ends are clamped again: rounding must not step off the tile */
        double xa = clamp(x0 + (ya - y0) * dxdy, 0, xmax);
        double xb = clamp(x0 + (yb - y0) * dxdy, 0, xmax);
        if (xa > xb) {
            double t = xa;
            xa = xb;
            xb = t;
        }
        float *row = cells + (ptrdiff_t)j * stride;
        int ia = (int)xa, ib = (int)ceil(xb);
        if (ib <= ia + 1) {
            double f = d * (ia + 1 - 0.5 * (xa + xb));
            row[ia] += (float)f;
            row[ia + 1] += (float)(d - f);
            continue;
        }
        double scale = d / (xb - xa), prev = 0, left = 0;
        for (int i = ia; i < ib; i++) {
            double right = ramp_area(i + 1, xa, xb);
            double f = scale * (right - left);
            row[i] += (float)(f - prev);
            prev = f;
            left = right;
        }
        row[ib] += (float)(d - prev);
    }
}

/* Adds an edge, in tile coordinates, to a tile `width` pixels wide. Only the
 * running sum from the left matters, so what lies left of the tile counts as
 * if pushed onto its left side and what lies right of it does not count:
 * the edge is cut where it crosses either side. */
static void tile_edge(float *cells, int width, int rows, double x0, double y0, double x1,
                      double y1)
{
    /* most edges miss the tile's rows: drop them before cutting */
    if (y0 == y1 || dmax(y0, y1) <= 0 || dmin(y0, y1) >= rows)
        return;
    double cut[4] = { 0 };
    int n = 1;
    if ((x0 < 0) != (x1 < 0))
        cut[n++] = x0 / (x0 - x1);
    if ((x0 < width) != (x1 < width))
        cut[n++] = (x0 - width) / (x0 - x1);
    if (n == 3 && cut[1] > cut[2]) {
        double t = cut[1];
        cut[1] = cut[2];
        cut[2] = t;
    }
    cut[n++] = 1;
    double ax = x0, ay = y0;
    for (int k = 1; k < n; k++) {
        double bx = k == n - 1 ? x1 : x0 + cut[k] * (x1 - x0);
        double by = k == n - 1 ? y1 : y0 + cut[k] * (y1 - y0);
        if (dmin(ax, bx) < width && ay != by)
            cover_edge(cells, width + 2, rows, dmax(ax, 0), ay, dmax(bx, 0), by);
        ax = bx;
        ay = by;
    }
}

/* The clipped bounding box is cut into tiles whose coverage cells fit in a
 * fixed buffer; each tile takes every edge (most are rejected at once) and
 * then integrates its rows. */
void ca_canvas_fill_polygon(const ca_canvas *c, const double *xy, size_t npoints, int colour)
{
    if (!colour_ok(c, colour) || npoints < 3)
        return;
    double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
    for (size_t k = 0; k < npoints; k++) {
        double x = xy[2 * k], y = xy[2 * k + 1];
        if (!isfinite(x) || !isfinite(y))
            return;
        xmin = dmin(xmin, x);
        xmax = dmax(xmax, x);
        ymin = dmin(ymin, y);
        ymax = dmax(ymax, y);
    }
    int x0 = clamp_int(floor(xmin), 0, c->width), x1 = clamp_int(ceil(xmax), 0, c->width);
    int y0 = clamp_int(floor(ymin), 0, c->height), y1 = clamp_int(ceil(ymax), 0, c->height);
    if (x0 >= x1 || y0 >= y1)
        return;
    touch(c, x0, y0, x1, y1);
    float cells[POLY_CELLS];
    for (int tx = x0, tw; tx < x1; tx += tw) {
        tw = x1 - tx < POLY_CELLS - 2 ? x1 - tx : POLY_CELLS - 2;
        int rows_max = POLY_CELLS / (tw + 2);
        for (int ty = y0, th; ty < y1; ty += th) {
            th = y1 - ty < rows_max ? y1 - ty : rows_max;
            memset(cells, 0, sizeof(float) * (size_t)(tw + 2) * (size_t)th);
            for (size_t k = 0; k < npoints; k++) {
                size_t next = k + 1 < npoints ? k + 1 : 0;
                tile_edge(cells, tw, th, xy[2 * k] - tx, xy[2 * k + 1] - ty,
                          xy[2 * next] - tx, xy[2 * next + 1] - ty);
            }
            for (int j = 0; j < th; j++) {
                const float *cell = cells + (ptrdiff_t)j * (tw + 2);
                uint8_t *row = c->pixels + (ty + j) * c->stride + tx;
                double sum = 0;
                for (int i = 0; i < tw; i++) {
                    sum += cell[i];
                    row[i] = composite(c->pal, row[i], colour, fabs(sum));
                }
            }
        }
    }
}

void ca_canvas_mask(const ca_canvas *c, int x, int y, const uint8_t *alpha, int width,
                    int height, ptrdiff_t stride, int colour)
{
    int x0, x1, y0, y1;
    if (!colour_ok(c, colour) || !alpha ||
        !clip_span(x, (long long)x + width, c->width, &x0, &x1) ||
        !clip_span(y, (long long)y + height, c->height, &y0, &y1))
        return;
    touch(c, x0, y0, x1, y1);
    for (int j = y0; j < y1; j++) {
        const uint8_t *a = alpha + ((ptrdiff_t)j - y) * stride + ((ptrdiff_t)x0 - x);
        uint8_t *row = c->pixels + j * c->stride;
        for (int i = x0; i < x1; i++)
            row[i] = composite(c->pal, row[i], colour, a[i - x0] / 255.0);
    }
}

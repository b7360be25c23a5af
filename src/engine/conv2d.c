#include <math.h>
#include <stdlib.h>

#include "convanim/conv2d.h"
#include "base/util.h"

void ca_conv2d_options_default(ca_conv2d_options *opt)
{
    *opt = (ca_conv2d_options){ .mode = CA_CONV_SAME, .sy = 1, .sx = 1, .dy = 1, .dx = 1 };
}

static ca_status check_param(const char *what, int y, int x, int lo, ca_error *err)
{
    if (y < lo || x < lo)
        return ca_fail(err, CA_EINPUT, "the %s must be at least %d (got %d,%d)", what, lo, y, x);
    if (y > CA_CONV2D_MAX_PARAM || x > CA_CONV2D_MAX_PARAM)
        return ca_fail(err, CA_EINPUT, "the %s must be at most %d (got %d,%d)", what,
                       CA_CONV2D_MAX_PARAM, y, x);
    return CA_OK;
}

/* One axis of the plan; side names it in messages ("rows", "columns"). */
static ca_status make_axis(int in, int k, int pad, int stride, int dil, int outpad,
                           const ca_conv2d_options *opt, const char *side, ca_conv2d_axis *ax,
                           ca_error *err)
{
    long long e = (long long)dil * (k - 1) + 1;
    /* every index below stays an int: the window is bounded as the output is */
    if (e > 2LL * CA_IMAGE_DEFAULT_MAX_SIDE)
        return ca_fail(err, CA_ELIMIT, "the kernel's %d %s dilated by %d span %lld, over the "
                       "limit of %d", k, side, dil, e, 2 * CA_IMAGE_DEFAULT_MAX_SIDE);
    long long p0 = pad, p1 = pad;
    if (opt->mode == CA_CONV_FULL && !opt->padded)
        p0 = p1 = e - 1;
    else if (opt->mode == CA_CONV_VALID && !opt->padded)
        p0 = p1 = 0;
    else if (!opt->padded) {
        /* same keeps the middle of the full output as scipy does: when the
         * window's side is even, the odd zero goes after the input for
         * correlate2d and before it for convolve2d (its kernel flipped) */
        p0 = (e - 1) / 2;
        p1 = e - 1 - p0;
        if (!opt->correlate) {
            long long t = p0;
            p0 = p1;
            p1 = t;
        }
    }
    long long out, lead, spread, step, grid;
    if (!opt->transposed) {
        grid = in + p0 + p1;
        if (e > grid)
            return ca_fail(err, CA_EINPUT, "the kernel's %lld %s (%d dilated by %d) do not fit "
                           "in the %lld %s of the padded input", e, side, k, dil, grid, side);
        out = (grid - e) / stride + 1;
        lead = p0;
        spread = 1;
        step = stride;
    } else {
        out = (long long)(in - 1) * stride - p0 - p1 + e + outpad;
        if (out < 1)
            return ca_fail(err, CA_EINPUT, "the transposed convolution has %lld %s: the "
                           "padding %lld+%lld takes all of them", out, side, p0, p1);
        lead = e - 1 - p0;
        spread = stride;
        step = 1;
        grid = out - 1 + e;
    }
    if (out > 2 * CA_IMAGE_DEFAULT_MAX_SIDE)
        return ca_fail(err, CA_ELIMIT, "the output would have %lld %s, over the limit of %d",
                       out, side, 2 * CA_IMAGE_DEFAULT_MAX_SIDE);
    *ax = (ca_conv2d_axis){ .in = in, .k = k, .out = (int)out, .pad0 = (int)p0,
                            .pad1 = (int)p1, .stride = stride, .dil = dil, .outpad = outpad,
                            .lead = (int)lead, .spread = (int)spread, .step = (int)step,
                            .grid = (int)grid };
    return CA_OK;
}

ca_status ca_conv2d_plan_make(int ih, int iw, int kh, int kw, const ca_conv2d_options *opt,
                              ca_conv2d_plan *plan, ca_error *err)
{
    ca_status s = CA_OK;
    if (opt->padded)
        s = check_param("padding", opt->py, opt->px, 0, err);
    if (s == CA_OK)
        s = check_param("stride", opt->sy, opt->sx, 1, err);
    if (s == CA_OK)
        s = check_param("dilation", opt->dy, opt->dx, 1, err);
    if (s == CA_OK)
        s = check_param("output padding", opt->ay, opt->ax, 0, err);
    if (s != CA_OK)
        return s;
    if (!opt->transposed && (opt->ay || opt->ax))
        return ca_fail(err, CA_EINPUT, "an output padding (%d,%d) needs a transposed "
                       "convolution", opt->ay, opt->ax);
    int my = opt->sy > opt->dy ? opt->sy : opt->dy, mx = opt->sx > opt->dx ? opt->sx : opt->dx;
    if (opt->ay >= my || opt->ax >= mx)
        return ca_fail(err, CA_EINPUT, "the output padding (%d,%d) must be below the larger "
                       "of the stride and the dilation (%d,%d)", opt->ay, opt->ax, my, mx);
    plan->transposed = opt->transposed;
    plan->correlate = opt->correlate;
    /* the window of the direct convolution takes the kernel flipped; the
     * transposed one's is the direct one's read backwards */
    plan->flip = opt->correlate == opt->transposed;
    if ((s = make_axis(ih, kh, opt->py, opt->sy, opt->dy, opt->ay, opt, "rows", &plan->y,
                       err)) != CA_OK ||
        (s = make_axis(iw, kw, opt->px, opt->sx, opt->dx, opt->ax, opt, "columns", &plan->x,
                       err)) != CA_OK)
        return s;
    if ((double)plan->y.out * plan->x.out > 4 * CA_IMAGE_DEFAULT_MAX_PIXELS)
        return ca_fail(err, CA_ELIMIT, "the output would be %dx%d, over the limit of %.0f "
                       "pixels", plan->x.out, plan->y.out, 4 * CA_IMAGE_DEFAULT_MAX_PIXELS);
    return CA_OK;
}

int ca_conv2d_input_at(const ca_conv2d_axis *ax, int g)
{
    int t = g - ax->lead;
    if (t < 0 || t % ax->spread)
        return -1;
    t /= ax->spread;
    return t < ax->in ? t : -1;
}

/* The taps of output cell m on one axis that meet an input cell, in the
 * kernel's order: kernel cell kc[t] times input cell ic[t]. */
static int axis_taps(const ca_conv2d_axis *ax, bool flip, int m, int *kc, int *ic)
{
    int n = 0;
    for (int c = 0; c < ax->k; c++) {
        int a = flip ? ax->k - 1 - c : c;
        int i = ca_conv2d_input_at(ax, m * ax->step + a * ax->dil);
        if (i >= 0) {
            kc[n] = c;
            ic[n++] = i;
        }
    }
    return n;
}

int ca_conv2d_terms(const ca_conv2d_plan *plan, int oy, int ox, ca_conv2d_term *terms)
{
    int n = 0;
    for (int a = 0; a < plan->y.k; a++)
        for (int b = 0; b < plan->x.k; b++)
            terms[n++] = (ca_conv2d_term){
                .wy = a, .wx = b,
                .ky = plan->flip ? plan->y.k - 1 - a : a,
                .kx = plan->flip ? plan->x.k - 1 - b : b,
                .iy = ca_conv2d_input_at(&plan->y, oy * plan->y.step + a * plan->y.dil),
                .ix = ca_conv2d_input_at(&plan->x, ox * plan->x.step + b * plan->x.dil) };
    return n;
}

ca_status ca_conv2d(const ca_image *image, const ca_image *kernel, const ca_conv2d_options *opt,
                    ca_image *out, ca_error *err)
{
    ca_conv2d_plan plan;
    out->v = NULL;
    out->width = out->height = 0;
    ca_status s = ca_conv2d_plan_make(image->height, image->width, kernel->height,
                                      kernel->width, opt, &plan, err);
    if (s != CA_OK)
        return s;
    /* the output may be a kernel's size over the image limit in full mode */
    ca_image_limits lim = { .max_side = 2 * CA_IMAGE_DEFAULT_MAX_SIDE,
                            .max_pixels = 4 * CA_IMAGE_DEFAULT_MAX_PIXELS };
    if ((s = ca_image_new("the output", plan.x.out, plan.y.out, &lim, out, err)) != CA_OK)
        return s;
    int *taps = malloc(sizeof *taps * 2 * ((size_t)kernel->height + (size_t)kernel->width));
    if (!taps) {
        ca_image_free(out);
        return ca_fail(err, CA_ENOMEM, "out of memory for a %dx%d kernel's taps",
                       kernel->width, kernel->height);
    }
    int *ky = taps, *iy = ky + kernel->height, *kx = iy + kernel->height, *ix = kx + kernel->width;
    for (int i = 0; i < plan.y.out; i++) {
        int ny = axis_taps(&plan.y, plan.flip, i, ky, iy);
        for (int j = 0; j < plan.x.out; j++) {
            int nx = axis_taps(&plan.x, plan.flip, j, kx, ix);
            double v = 0;
            /* added in the kernel's order, rows then columns */
            for (int a = 0; a < ny; a++) {
                const double *k = kernel->v + (size_t)ky[a] * kernel->width;
                const double *f = image->v + (size_t)iy[a] * image->width;
                for (int b = 0; b < nx; b++)
                    v += k[kx[b]] * f[ix[b]];
            }
            /* finite pixels and weights can still overflow when multiplied
             * and summed; no picture or caption can show the result */
            if (!isfinite(v)) {
                free(taps);
                ca_image_free(out);
                return ca_fail(err, CA_EINPUT, "the output overflows: row %d, column %d is %g; "
                               "scale the kernel down", i, j, v);
            }
            out->v[(size_t)i * plan.x.out + j] = v;
        }
    }
    free(taps);
    return CA_OK;
}

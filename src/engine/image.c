#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#include "convanim/image.h"
#include "base/util.h"

void ca_image_limits_default(ca_image_limits *lim)
{
    lim->max_side = CA_IMAGE_DEFAULT_MAX_SIDE;
    lim->max_pixels = CA_IMAGE_DEFAULT_MAX_PIXELS;
}

ca_status ca_image_check_size(const char *what, int width, int height,
                              const ca_image_limits *lim, ca_error *err)
{
    ca_image_limits def;
    if (!lim) {
        ca_image_limits_default(&def);
        lim = &def;
    }
    if (width < 1 || height < 1)
        return ca_fail(err, CA_EINPUT, "%s: %dx%d is not an image size", what, width, height);
    if (width > lim->max_side || height > lim->max_side)
        return ca_fail(err, CA_ELIMIT, "%s: %dx%d pixels is over the limit of %d per side",
                       what, width, height, lim->max_side);
    if ((double)width * height > lim->max_pixels)
        return ca_fail(err, CA_ELIMIT, "%s: %dx%d pixels is over the limit of %.0f megapixels",
                       what, width, height, lim->max_pixels / (1024.0 * 1024.0));
    return CA_OK;
}

ca_status ca_image_new(const char *what, int width, int height, const ca_image_limits *lim,
                       ca_image *out, ca_error *err)
{
    out->v = NULL;
    out->width = out->height = 0;
    ca_status s = ca_image_check_size(what, width, height, lim, err);
    if (s != CA_OK)
        return s;
    out->v = calloc((size_t)width * (size_t)height, sizeof *out->v);
    if (!out->v)
        return ca_fail(err, CA_ENOMEM, "%s: out of memory for %dx%d pixels", what, width,
                       height);
    out->width = width;
    out->height = height;
    return CA_OK;
}

void ca_image_free(ca_image *img)
{
    if (!img)
        return;
    free(img->v);
    img->v = NULL;
    img->width = img->height = 0;
}

/* The source span [lo, hi) that output pixel i of n covers along a side of
 * size src, at least one source pixel wide. */
static void span(int i, int n, int src, int *lo, int *hi)
{
    *lo = (int)((long long)i * src / n);
    *hi = (int)(((long long)i + 1) * src / n);
    if (*hi <= *lo)
        *hi = *lo + 1;
}

ca_status ca_image_resize(const ca_image *src, int width, int height, ca_image *out,
                          ca_error *err)
{
    ca_status s = ca_image_new("resize", width, height, NULL, out, err);
    if (s != CA_OK)
        return s;
    for (int y = 0; y < height; y++) {
        int y0, y1;
        span(y, height, src->height, &y0, &y1);
        for (int x = 0; x < width; x++) {
            int x0, x1;
            span(x, width, src->width, &x0, &x1);
            double sum = 0;
            for (int j = y0; j < y1; j++)
                for (int i = x0; i < x1; i++)
                    sum += src->v[(size_t)j * src->width + i];
            out->v[(size_t)y * width + x] = sum / ((double)(y1 - y0) * (x1 - x0));
        }
    }
    return CA_OK;
}

static const char *const normalize_names[] = { "clip", "minmax", "abs" };

ca_status ca_normalize_parse(const char *name, ca_normalize *out, ca_error *err)
{
    size_t i;
    ca_status s = ca_find_name("normalization", name, normalize_names,
                               sizeof normalize_names / sizeof normalize_names[0], &i, err);
    if (s == CA_OK)
        *out = (ca_normalize)i;
    return s;
}

const char *ca_normalize_name(ca_normalize n)
{
    return normalize_names[n];
}

ca_tone ca_tone_of(const ca_image *img, ca_normalize n)
{
    ca_tone t = { n, 1, 0, 0 };
    size_t count = (size_t)img->width * (size_t)img->height;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < count; i++) {
        double v = n == CA_NORMALIZE_ABS ? fabs(img->v[i]) : img->v[i];
        lo = fmin(lo, v);
        hi = fmax(hi, v);
    }
    bool spread = n == CA_NORMALIZE_MINMAX ? hi > lo : n == CA_NORMALIZE_ABS && hi > 0;
    double big = fmax(fabs(lo), fabs(hi));
    if (spread && (big > 1e300 || big < 1e-300)) {
        frexp(big, &t.unit);
        lo = ldexp(lo, -t.unit);
        hi = ldexp(hi, -t.unit);
    }
    if (n == CA_NORMALIZE_MINMAX && hi > lo) {
        t.scale = 1 / (hi - lo);
        t.offset = -lo * t.scale;
    } else if (n == CA_NORMALIZE_ABS && hi > 0) {
        t.scale = 1 / hi;
    }
    return t;
}

double ca_tone_apply(const ca_tone *t, double v)
{
    if (t->mode == CA_NORMALIZE_ABS)
        v = fabs(v);
    v = ldexp(v, -t->unit) * t->scale + t->offset;
    /* written so that a NaN comes out black */
    return v > 0 ? (v < 1 ? v : 1) : 0;
}

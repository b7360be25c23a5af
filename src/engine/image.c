#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "convanim/image.h"
#include "convanim/png.h"
#include "convanim/signal.h"
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

ca_status ca_image_grid(int width, int height, uint64_t seed, int max, ca_image *out,
                        ca_error *err)
{
    out->v = NULL;
    out->width = out->height = 0;
    if (max < 1 || max > CA_GRID_MAX_VALUE)
        return ca_fail(err, CA_EINPUT, "grid: max must be a whole number from 1 to %d (got %d)",
                       CA_GRID_MAX_VALUE, max);
    ca_status s = ca_image_new("grid", width, height, NULL, out, err);
    ca_signal u = { 0 };
    if (s == CA_OK)
        s = ca_signal_random((size_t)width * (size_t)height, seed, NULL, &u, err);
    if (s != CA_OK) {
        ca_image_free(out);
        return s;
    }
    for (size_t i = 0; i < u.n; i++)
        out->v[i] = floor(u.v[i] * (max + 1));
    ca_signal_free(&u);
    return CA_OK;
}

/* A setting's whole number from lo to hi, or CA_EINPUT naming it. */
static ca_status whole(const char *key, const char *text, double lo, double hi, double *out,
                       ca_error *err)
{
    if (!ca_parse_real(text, out) || *out < lo || *out > hi || floor(*out) != *out)
        return ca_fail(err, CA_EINPUT, "grid: %s must be a whole number from %.0f to %.0f "
                       "(got '%s')", key, lo, hi, text);
    return CA_OK;
}

static bool is_side(const char *text, double *v)
{
    return ca_parse_real(text, v) && *v >= 1 && *v <= CA_IMAGE_DEFAULT_MAX_SIDE &&
           floor(*v) == *v;
}

/* "N" or "HxW": a grid's size, each side from 1 to the image limit. */
static ca_status grid_size(const char *text, int *width, int *height, ca_error *err)
{
    char first[32];
    const char *x = strchr(text, 'x');
    double h = 0, w = 0;
    bool ok;
    if (x) {
        size_t n = (size_t)(x - text);
        ok = n < sizeof first;
        if (ok) {
            memcpy(first, text, n);
            first[n] = '\0';
            ok = is_side(first, &h) && is_side(x + 1, &w);
        }
    } else {
        ok = is_side(text, &h);
        w = h;
    }
    if (!ok)
        return ca_fail(err, CA_EINPUT, "grid: size must be N or HxW, whole numbers from 1 to %d "
                       "(got '%s')", CA_IMAGE_DEFAULT_MAX_SIDE, text);
    *height = (int)h;
    *width = (int)w;
    return CA_OK;
}

int ca_image_is_grid_spec(const char *spec)
{
    return strncmp(spec, "grid", 4) == 0 && (spec[4] == '\0' || spec[4] == ':');
}

ca_status ca_image_grid_from_spec(const char *spec, ca_image *out, ca_error *err)
{
    static const char *const keys[] = { "size", "seed", "max" };
    out->v = NULL;
    out->width = out->height = 0;
    if (!ca_image_is_grid_spec(spec))
        return ca_fail(err, CA_EINPUT, "'%s' is not a grid: spec", spec);
    char *copy = strdup(spec[4] ? spec + 5 : "");
    if (!copy)
        return ca_fail(err, CA_ENOMEM, "out of memory");
    int width = 5, height = 5;
    double seed = 1, max = 3;
    bool seen[3] = { false };
    char *rest = copy, *key, *value;
    ca_status s;
    while ((s = ca_next_setting("grid", &rest, &key, &value, err)) == CA_OK && key) {
        size_t k = 0;
        while (k < 3 && strcmp(keys[k], key) != 0)
            k++;
        if (k == 3) {
            s = ca_fail(err, CA_EINPUT, "grid: unknown key '%s' (valid keys: size, seed, max)",
                        key);
            break;
        }
        if (seen[k]) {
            s = ca_fail(err, CA_EINPUT, "grid: %s given twice", key);
            break;
        }
        seen[k] = true;
        s = k == 0 ? grid_size(value, &width, &height, err)
          : k == 1 ? whole("seed", value, 0, 9007199254740992.0, &seed, err)
                   : whole("max", value, 1, CA_GRID_MAX_VALUE, &max, err);
        if (s != CA_OK)
            break;
    }
    free(copy);
    return s == CA_OK ? ca_image_grid(width, height, (uint64_t)seed, (int)max, out, err) : s;
}

ca_status ca_image_load(const char *spec, const ca_image_limits *lim, ca_image *out,
                        ca_error *err)
{
    if (ca_image_is_grid_spec(spec))
        return ca_image_grid_from_spec(spec, out, err);
    return ca_png_read_gray(spec, lim, out, err);
}

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "convanim/kernel.h"
#include "base/util.h"

/* The notebook's filters (its convolution.filters module), written out. */

enum { MAX_SETTINGS = 3 };

typedef struct setting {
    const char *name;
    double def;
    bool size;              /* a whole number from 1 to CA_KERNEL_MAX_SIZE; else any finite */
} setting;

typedef struct direction {
    const char *name;
    double m[3][3];
    const char *about;
} direction;

typedef struct filter {
    const char *name;
    const char *spec, *summary;         /* for the list, see ca_kernel_info */
    ca_status (*make)(const double *v, ca_image *out, ca_error *err);
    setting settings[MAX_SETTINGS];     /* ends at the first without a name */
    const direction *dirs;              /* prewitt, sobel: four; others NULL */
    const char *about;                  /* for `filters NAME` (directed: dirs[i].about) */
} filter;

static const double highpass_m[3][3] = { { -1, -1, -1 }, { -1, 8, -1 }, { -1, -1, -1 } };
static const double laplacian_m[3][3] = { { 0, 1, 0 }, { 1, -4, 1 }, { 0, 1, 0 } };

static ca_status alloc(const char *what, int size, ca_image *out, ca_error *err)
{
    return ca_image_new(what, size, size, NULL, out, err);
}

static ca_status from_3x3(const char *what, const double m[3][3], double scale, ca_image *out,
                          ca_error *err)
{
    ca_status s = alloc(what, 3, out, err);
    for (int i = 0; s == CA_OK && i < 9; i++)
        out->v[i] = scale * m[i / 3][i % 3];
    return s;
}

static ca_status make_identity(const double *v, ca_image *out, ca_error *err)
{
    int size = (int)v[0];
    ca_status s = alloc("identity", size, out, err);
    /* where scipy's same mode puts its centre, so even sizes keep the image
     * in place too */
    if (s == CA_OK)
        out->v[(size_t)(size - 1) / 2 * size + (size - 1) / 2] = 1;
    return s;
}

static ca_status make_box(const double *v, ca_image *out, ca_error *err)
{
    int size = (int)v[0];
    ca_status s = alloc("box", size, out, err);
    for (int i = 0; s == CA_OK && i < size * size; i++)
        out->v[i] = 1.0 / ((double)size * size);
    return s;
}

static ca_status make_ones(const double *v, ca_image *out, ca_error *err)
{
    int size = (int)v[0];
    ca_status s = alloc("ones", size, out, err);
    for (int i = 0; s == CA_OK && i < size * size; i++)
        out->v[i] = 1;
    return s;
}

static ca_status make_grid(const double *v, ca_image *out, ca_error *err)
{
    int size = (int)v[0];
    if (v[1] < 0 || v[1] > 9007199254740992.0 || floor(v[1]) != v[1])
        return ca_fail(err, CA_EINPUT, "grid: seed must be a whole number from 0 to 2^53 (got "
                       "%g)", v[1]);
    if (v[2] < 1 || v[2] > CA_GRID_MAX_VALUE || floor(v[2]) != v[2])
        return ca_fail(err, CA_EINPUT, "grid: max must be a whole number from 1 to %d (got %g)",
                       CA_GRID_MAX_VALUE, v[2]);
    return ca_image_grid(size, size, (uint64_t)v[1], (int)v[2], out, err);
}

static ca_status make_gaussian(const double *v, ca_image *out, ca_error *err)
{
    int size = (int)v[0];
    double sigma = v[1];
    if (!(sigma > 0))
        return ca_fail(err, CA_EINPUT, "gaussian: sigma must be above 0 (got %g)", sigma);
    ca_status s = alloc("gaussian", size, out, err);
    if (s != CA_OK)
        return s;
    double sum = 0, c = (size - 1) / 2.0;
    for (int y = 0; y < size; y++)
        for (int x = 0; x < size; x++) {
            double dx = x - c, dy = y - c;
            sum += out->v[y * size + x] = exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
        }
    for (int i = 0; i < size * size; i++)
        out->v[i] /= sum;
    return CA_OK;
}

static ca_status make_highpass(const double *v, ca_image *out, ca_error *err)
{
    (void)v;
    return from_3x3("highpass", highpass_m, 1, out, err);
}

static ca_status make_laplacian(const double *v, ca_image *out, ca_error *err)
{
    (void)v;
    return from_3x3("laplacian", laplacian_m, 1, out, err);
}

static ca_status make_sharpen(const double *v, ca_image *out, ca_error *err)
{
    ca_status s = from_3x3("sharpen", highpass_m, v[0], out, err);
    if (s == CA_OK)
        out->v[4] += 1;
    return s;
}

/* Convolution flips the kernel, so the column of 1s on the left of P_x
 * meets the pixel on the right: the output is the right neighbours minus
 * the left ones. */
static const direction prewitt_dirs[] = {
    { "vert", { { 1, 0, -1 }, { 1, 0, -1 }, { 1, 0, -1 } },
      "Prewitt, vertical edges: the notebook's P_x, [1 1 1]^T [1 0 -1].\n"
      "The output is the right column minus the left one: positive where the\n"
      "image gets brighter to the right, negative where it gets darker." },
    { "horiz", { { 1, 1, 1 }, { 0, 0, 0 }, { -1, -1, -1 } },
      "Prewitt, horizontal edges: the notebook's P_y, [1 0 -1]^T [1 1 1].\n"
      "The output is the row below minus the row above: positive where the\n"
      "image gets brighter downwards." },
    { "ldiag", { { 0, 1, 1 }, { -1, 0, 1 }, { -1, -1, 0 } },
      "Prewitt, diagonal edges that run like '\\' (top left to bottom right).\n"
      "The output is the lower-left corner minus the upper-right one: positive\n"
      "where the image gets brighter towards the lower left." },
    { "rdiag", { { 1, 1, 0 }, { 1, 0, -1 }, { 0, -1, -1 } },
      "Prewitt, diagonal edges that run like '/' (bottom left to top right).\n"
      "The output is the lower-right corner minus the upper-left one: positive\n"
      "where the image gets brighter towards the lower right." },
    { NULL, { { 0 } }, NULL },
};

static const direction sobel_dirs[] = {
    { "vert", { { 1, 0, -1 }, { 2, 0, -2 }, { 1, 0, -1 } },
      "Sobel, vertical edges: the notebook's S_x, [1 2 1]^T [1 0 -1].\n"
      "The output is the right column minus the left one, the middle row\n"
      "counted twice: positive where the image gets brighter to the right." },
    { "horiz", { { 1, 2, 1 }, { 0, 0, 0 }, { -1, -2, -1 } },
      "Sobel, horizontal edges: the notebook's S_y, [1 0 -1]^T [1 2 1].\n"
      "The output is the row below minus the row above, the middle column\n"
      "counted twice: positive where the image gets brighter downwards." },
    { "ldiag", { { 0, 1, 2 }, { -1, 0, 1 }, { -2, -1, 0 } },
      "Sobel, diagonal edges that run like '\\' (top left to bottom right).\n"
      "The output is the lower-left corner minus the upper-right one: positive\n"
      "where the image gets brighter towards the lower left." },
    { "rdiag", { { 2, 1, 0 }, { 1, 0, -1 }, { 0, -1, -2 } },
      "Sobel, diagonal edges that run like '/' (bottom left to top right).\n"
      "The output is the lower-right corner minus the upper-left one: positive\n"
      "where the image gets brighter towards the lower right." },
    { NULL, { { 0 } }, NULL },
};

static const filter filters[] = {
    { "identity", "identity:size=3", "the unit impulse: gives the image back", make_identity, { { "size", 3, true } }, NULL,
      "The unit impulse (the notebook's UnitImpulse): 1 in the middle cell,\n"
      "row and column (size - 1) / 2, 0 elsewhere. Convolving with it gives\n"
      "the image back (in same mode)." },
    { "box", "box:size=3", "box blur: the plain mean around each pixel", make_box, { { "size", 3, true } }, NULL,
      "Box blur (the notebook's BoxBlur): every cell 1 / size^2, so each\n"
      "output pixel is the plain mean of the size x size pixels around it." },
    { "gaussian", "gaussian:size=5,sigma=1", "Gaussian blur: a weighted mean", make_gaussian, { { "size", 5, true }, { "sigma", 1, false } }, NULL,
      "Gaussian blur (the notebook's GaussianBlur): exp(-(x^2 + y^2) / (2 sigma^2))\n"
      "for x, y from -(size - 1) / 2 to (size - 1) / 2 (x to the right, y\n"
      "down), scaled to sum to 1: a mean that weighs near pixels more." },
    { "prewitt", "prewitt:vert|horiz|ldiag|rdiag", "Prewitt edge detector in a direction", NULL, { { NULL, 0, false } }, prewitt_dirs, NULL },
    { "sobel", "sobel:vert|horiz|ldiag|rdiag", "Sobel edge detector in a direction", NULL, { { NULL, 0, false } }, sobel_dirs, NULL },
    { "highpass", "highpass", "8 in the middle, -1 around: fine detail", make_highpass, { { NULL, 0, false } }, NULL,
      "High-pass filter (the notebook's HighPass): 8 in the middle, -1 around\n"
      "it. It sums to 0, so flat regions give 0 and fine detail stands out." },
    { "laplacian", "laplacian", "the discrete Laplacian: -4 in the middle, 1 beside", make_laplacian, { { NULL, 0, false } }, NULL,
      "Laplacian (the notebook's Laplacian): the discrete d2/dx2 + d2/dy2,\n"
      "-4 in the middle and 1 in the four cells beside it. It sums to 0." },
    { "sharpen", "sharpen:alpha=0.25", "identity + alpha * highpass", make_sharpen, { { "alpha", 0.25, false } }, NULL,
      "Sharpening: identity + alpha * highpass, the notebook's\n"
      "sharpen = delta() + alpha * highpass(), which adds alpha times the\n"
      "fine detail back to the image. It sums to 1." },
    { "ones", "ones:size=3", "every cell 1: the plain sum around each pixel", make_ones, { { "size", 3, true } }, NULL,
      "Ones: every cell 1, so each output cell is the plain sum of the cells\n"
      "under the window; the integer kernel of a deep-learning lecture." },
    { "grid", "grid:size=3,seed=2,max=2", "random whole numbers 0..max, as grid: inputs", make_grid, { { "size", 3, true }, { "seed", 2, false }, { "max", 2, false } }, NULL,
      "A grid of random whole numbers from 0 to max (SplitMix64 from seed, as\n"
      "the grid: inputs are drawn): small integer weights whose products and\n"
      "sums a class can check by hand." },
};

enum { NFILTERS = sizeof filters / sizeof filters[0] };

size_t ca_kernel_count(void)
{
    return NFILTERS;
}

ca_kernel_info ca_kernel_at(size_t i)
{
    return (ca_kernel_info){ filters[i].name, filters[i].spec, filters[i].summary };
}

static ca_status unknown_filter(const char *name, ca_error *err)
{
    const char *names[NFILTERS];
    for (size_t i = 0; i < NFILTERS; i++)
        names[i] = filters[i].name;
    return ca_fail_unknown(err, "filter", name, names, NFILTERS);
}

static const filter *find(const char *name, size_t len)
{
    for (size_t i = 0; i < NFILTERS; i++)
        if (strlen(filters[i].name) == len && strncmp(filters[i].name, name, len) == 0)
            return &filters[i];
    return NULL;
}

static ca_status directed(const filter *f, const char *opts, ca_image *out, const char **about,
                          ca_error *err)
{
    static const char *const names[] = { "vert", "horiz", "ldiag", "rdiag" };
    char name[16] = "";
    if (opts && strlen(opts) < sizeof name) {
        strcpy(name, opts);
        opts = ca_trim(name);
    }
    for (const direction *d = f->dirs; d->name; d++) {
        if (opts && strcmp(opts, d->name) == 0) {
            if (about)
                *about = d->about;
            return from_3x3(f->name, d->m, 1, out, err);
        }
    }
    return ca_fail_unknown(err, "direction", opts && *opts ? opts : NULL, names,
                           sizeof names / sizeof names[0]);
}

static ca_status unknown_key(const filter *f, const char *key, ca_error *err)
{
    if (!f->settings[0].name)
        return ca_fail(err, CA_EINPUT, "%s: unknown key '%s' (%s takes no settings)", f->name,
                       key, f->name);
    char list[64] = "";
    for (int i = 0; i < MAX_SETTINGS && f->settings[i].name; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "",
                 f->settings[i].name);
    return ca_fail(err, CA_EINPUT, "%s: unknown key '%s' (valid keys: %s)", f->name, key, list);
}

/* "k=v,k=v" (modified in place) into v, in the order of f's settings. */
static ca_status parse_settings(const filter *f, char *opts, double *v, ca_error *err)
{
    bool seen[MAX_SETTINGS] = { false };
    for (int i = 0; i < MAX_SETTINGS; i++)
        v[i] = f->settings[i].def;
    char *item, *text;
    ca_status next;
    while ((next = ca_next_setting(f->name, &opts, &item, &text, err)) == CA_OK && item) {
        int i = 0;
        while (i < MAX_SETTINGS && f->settings[i].name && strcmp(f->settings[i].name, item) != 0)
            i++;
        if (i == MAX_SETTINGS || !f->settings[i].name)
            return unknown_key(f, item, err);
        const setting *k = &f->settings[i];
        if (seen[i])
            return ca_fail(err, CA_EINPUT, "%s: %s given twice", f->name, k->name);
        seen[i] = true;
        if (!ca_parse_real(text, &v[i]))
            return ca_fail(err, CA_EINPUT, "%s: %s='%s' is not a finite number", f->name,
                           k->name, text);
        if (k->size && (v[i] < 1 || v[i] > CA_KERNEL_MAX_SIZE || floor(v[i]) != v[i]))
            return ca_fail(err, CA_EINPUT, "%s: %s must be a whole number from 1 to %d (got %s)",
                           f->name, k->name, CA_KERNEL_MAX_SIZE, text);
    }
    return next;
}

ca_status ca_kernel_from_spec(const char *spec, ca_image *out, const char **about,
                              ca_error *err)
{
    out->v = NULL;
    out->width = out->height = 0;
    if (about)
        *about = NULL;
    if (!spec || !*spec)
        return unknown_filter(NULL, err);
    size_t len = strcspn(spec, ":");
    const filter *f = find(spec, len);
    if (!f) {
        /* a word that names no file is a filter name with a slip */
        struct stat st;
        if (stat(spec, &st) != 0 && !strpbrk(spec, "./")) {
            char name[64];
            snprintf(name, sizeof name, "%.*s", (int)(len < 63 ? len : 63), spec);
            return unknown_filter(name, err);
        }
        return ca_kernel_load(spec, out, err);
    }
    const char *opts = spec[len] ? spec + len + 1 : NULL;
    if (f->dirs)
        return directed(f, opts, out, about, err);
    char *copy = opts ? strdup(opts) : NULL;
    if (opts && !copy)
        return ca_fail(err, CA_ENOMEM, "out of memory");
    double v[MAX_SETTINGS];
    ca_status s = parse_settings(f, copy, v, err);
    free(copy);
    if (s == CA_OK && (s = f->make(v, out, err)) == CA_OK && about)
        *about = f->about;
    return s;
}

/* Appends one number to a growing kernel. */
static ca_status push(ca_image *k, size_t *n, size_t *cap, double x, const char *path,
                      ca_error *err)
{
    if (*n == *cap) {
        size_t want = *cap ? *cap * 2 : 64;
        double *v = realloc(k->v, want * sizeof *v);
        if (!v)
            return ca_fail(err, CA_ENOMEM, "%s: out of memory", path);
        k->v = v;
        *cap = want;
    }
    k->v[(*n)++] = x;
    return CA_OK;
}

#define SEPARATORS ",; \t\r\n"

/* One line's numbers, appended; *count gets how many. */
static ca_status read_row(char *line, const char *path, size_t lineno, ca_image *k, size_t *n,
                          size_t *cap, int *count, ca_error *err)
{
    line[strcspn(line, "#")] = '\0';
    *count = 0;
    char *save;
    for (char *tok = strtok_r(line, SEPARATORS, &save); tok;
         tok = strtok_r(NULL, SEPARATORS, &save)) {
        double x;
        if (!ca_parse_real(tok, &x))
            return ca_fail(err, CA_EINPUT, "%s:%zu: '%.40s' is not a finite number", path, lineno,
                           tok);
        if (*count >= CA_IMAGE_DEFAULT_MAX_SIDE)
            return ca_fail(err, CA_ELIMIT, "%s:%zu: more than %d numbers in a row", path, lineno,
                           CA_IMAGE_DEFAULT_MAX_SIDE);
        ca_status s = push(k, n, cap, x, path, err);
        if (s != CA_OK)
            return s;
        (*count)++;
    }
    return CA_OK;
}

static ca_status read_rows(FILE *fp, const char *path, ca_image *k, ca_error *err)
{
    /* a row longer than this is no kernel: refused before it fills memory */
    enum { MAX_LINE = 1 << 20 };
    char *line = malloc(MAX_LINE);
    size_t n = 0, cap = 0, lineno = 0;
    if (!line)
        return ca_fail(err, CA_ENOMEM, "%s: out of memory", path);
    ca_status s = CA_OK;
    while (s == CA_OK && fgets(line, MAX_LINE, fp)) {
        int count;
        lineno++;
        if (!strchr(line, '\n') && !feof(fp)) {
            s = ca_fail(err, CA_EINPUT, "%s:%zu: a row longer than %d bytes", path, lineno,
                        MAX_LINE - 1);
            break;
        }
        /* the byte-order mark a spreadsheet's "CSV UTF-8" starts with */
        size_t bom = lineno == 1 && strncmp(line, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
        s = read_row(line + bom, path, lineno, k, &n, &cap, &count, err);
        if (s != CA_OK || count == 0)
            continue;
        if (k->height > 0 && count != k->width) {
            s = ca_fail(err, CA_EINPUT, "%s:%zu: %d numbers in this row, %d in the rows above",
                        path, lineno, count, k->width);
        } else if ((s = ca_image_check_size(path, count, k->height + 1, NULL, err)) == CA_OK) {
            k->width = count;
            k->height++;
        }
    }
    free(line);
    if (s == CA_OK && ferror(fp))
        s = ca_fail(err, CA_EIO, "%s: read error: %s", path, strerror(errno));
    if (s == CA_OK && k->height == 0)
        s = ca_fail(err, CA_EINPUT, "%s: no numbers", path);
    return s;
}

ca_status ca_kernel_load(const char *path, ca_image *out, ca_error *err)
{
    out->v = NULL;
    out->width = out->height = 0;
    /* read front to back: a pipe serves as well as a file */
    FILE *fp;
    ca_status s = ca_open_input(path, true, &fp, err);
    if (s != CA_OK)
        return s;
    s = read_rows(fp, path, out, err);
    fclose(fp);
    if (s != CA_OK)
        ca_image_free(out);
    return s;
}

ca_normalize ca_kernel_normalize(const ca_image *kernel)
{
    double sum = 0, mag = 0;
    for (size_t i = 0; i < (size_t)kernel->width * (size_t)kernel->height; i++) {
        sum += kernel->v[i];
        mag += fabs(kernel->v[i]);
    }
    /* zero but for rounding: sharpen's 1 + 8 * alpha - 8 * alpha, say */
    return fabs(sum) <= 1e-12 * mag ? CA_NORMALIZE_MINMAX : CA_NORMALIZE_CLIP;
}

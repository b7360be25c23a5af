#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "convanim/signal.h"
#include "base/util.h"

/* The spec parser: "NAME:key=value,...", "values:a;b;c", "PATH[:pad=N]", "-". */

enum kind {
    REAL,   /* any finite number */
    COUNT,  /* a whole number >= 1 */
    INDEX,  /* a whole number >= 0 */
    SEED    /* a whole number in [0, 2^64) */
};

typedef struct key {
    const char *name, *alias;   /* alias: the notebook's name for it, or NULL */
    enum kind kind;
    double def;
} key;

typedef union value {
    double d;
    size_t z;
    uint64_t u;
} value;

enum { MAX_KEYS = 6 };

typedef struct generator {
    const char *name, *alias;
    ca_status (*make)(const value *v, const ca_signal_limits *lim, ca_signal *out,
                      ca_error *err);
    key keys[MAX_KEYS];   /* ends at the first key without a name */
} generator;

static ca_status make_sawtooth(const value *v, const ca_signal_limits *lim, ca_signal *out,
                               ca_error *err)
{
    return ca_signal_sawtooth(v[0].z, v[1].d, v[2].z, lim, out, err);
}

static ca_status make_decay(const value *v, const ca_signal_limits *lim, ca_signal *out,
                            ca_error *err)
{
    return ca_signal_decay(v[0].z, v[1].d, v[2].d, lim, out, err);
}

static ca_status make_gaussian(const value *v, const ca_signal_limits *lim, ca_signal *out,
                               ca_error *err)
{
    return ca_signal_gaussian(v[0].z, v[1].d, v[2].d, v[3].d, v[4].d, lim, out, err);
}

static ca_status make_random(const value *v, const ca_signal_limits *lim, ca_signal *out,
                             ca_error *err)
{
    return ca_signal_random(v[0].z, v[1].u, lim, out, err);
}

static ca_status make_delta(const value *v, const ca_signal_limits *lim, ca_signal *out,
                            ca_error *err)
{
    return ca_signal_delta(v[0].z, v[1].z, v[2].d, lim, out, err);
}

static ca_status make_box(const value *v, const ca_signal_limits *lim, ca_signal *out,
                          ca_error *err)
{
    /* a step at 0, but named box in its messages */
    ca_status s = ca_signal_alloc("box", v[0].z, lim, out, err);
    for (size_t i = 0; s == CA_OK && i < out->n; i++)
        out->v[i] = v[1].d;
    return s;
}

static ca_status make_step(const value *v, const ca_signal_limits *lim, ca_signal *out,
                           ca_error *err)
{
    return ca_signal_step(v[0].z, v[1].z, v[2].d, lim, out, err);
}

static ca_status make_sine(const value *v, const ca_signal_limits *lim, ca_signal *out,
                           ca_error *err)
{
    return ca_signal_sine(v[0].z, v[1].d, v[2].d, v[3].d, lim, out, err);
}

/* Defaults are the values the notebook uses, so "sawtooth" alone is its
 * force signal and "decay" its impulse response. */
static const generator generators[] = {
    { "sawtooth", "force", make_sawtooth,
      { { "cycles", NULL, COUNT, 6 }, { "amplitude", NULL, REAL, 1 },
        { "period", NULL, COUNT, 10 } } },
    { "decay", "impulse_response", make_decay,
      { { "n", NULL, COUNT, 40 }, { "end", "end_time", REAL, 1 },
        { "scale", NULL, REAL, 20 } } },
    { "gaussian", "gaussian_signal", make_gaussian,
      { { "n", NULL, COUNT, 30 }, { "min", "dmin", REAL, -0.5 },
        { "max", "dmax", REAL, 0.5 }, { "mean", NULL, REAL, 0 },
        { "std", NULL, REAL, 0.1 } } },
    { "random", NULL, make_random,
      { { "n", NULL, COUNT, 50 }, { "seed", NULL, SEED, 1 } } },
    { "delta", NULL, make_delta,
      { { "n", NULL, COUNT, 5 }, { "at", NULL, INDEX, 0 }, { "height", NULL, REAL, 1 } } },
    { "box", NULL, make_box,
      { { "n", NULL, COUNT, 5 }, { "height", NULL, REAL, 1 } } },
    { "step", NULL, make_step,
      { { "n", NULL, COUNT, 20 }, { "at", NULL, INDEX, 5 }, { "height", NULL, REAL, 1 } } },
    { "sine", NULL, make_sine,
      { { "n", NULL, COUNT, 50 }, { "cycles", NULL, REAL, 2 },
        { "amplitude", NULL, REAL, 1 }, { "phase", NULL, REAL, 0 } } },
};

const char *ca_signal_generator_names(void)
{
    return "sawtooth, decay, gaussian, random, delta, box, step, sine, values";
}

static const generator *find_generator(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof generators / sizeof generators[0]; i++) {
        const generator *g = &generators[i];
        if ((strlen(g->name) == len && strncmp(g->name, name, len) == 0) ||
            (g->alias && strlen(g->alias) == len && strncmp(g->alias, name, len) == 0))
            return g;
    }
    return NULL;
}

/* Converts one key=value; `what` is the generator's name for messages. */
static ca_status parse_value(const char *what, const key *k, const char *text,
                             const ca_signal_limits *lim, value *out, ca_error *err)
{
    double d;
    if (k->kind == SEED) {
        char *end;
        errno = 0;
        unsigned long long u = strtoull(text, &end, 10);
        if (end == text || *end != '\0' || errno == ERANGE || text[0] == '-' || text[0] == '+')
            return ca_fail(err, CA_EINPUT, "%s: %s must be a whole number >= 0 (got '%s')",
                           what, k->name, text);
        out->u = u;
        return CA_OK;
    }
    if (!ca_parse_real(text, &d))
        return ca_fail(err, CA_EINPUT, "%s: %s='%s' is not a finite number", what, k->name,
                       text);
    if (k->kind == REAL) {
        out->d = d;
        return CA_OK;
    }
    double least = k->kind == COUNT ? 1 : 0;
    if (d < least || floor(d) != d)
        return ca_fail(err, CA_EINPUT, "%s: %s must be a whole number >= %g (got %s)",
                       what, k->name, least, text);
    size_t max = lim ? lim->max_samples : CA_SIGNAL_DEFAULT_MAX_SAMPLES;
    if (d > (double)max)
        return ca_fail(err, CA_ELIMIT, "%s: %s=%s is over the limit of %zu samples",
                       what, k->name, text, max);
    out->z = (size_t)d;
    return CA_OK;
}

static const key pad_key = { "pad", NULL, INDEX, 0 };

static size_t key_count(const generator *g)
{
    size_t n = 0;
    while (n < MAX_KEYS && g->keys[n].name)
        n++;
    return n;
}

static ca_status unknown_key(const char *what, const generator *g, const char *name,
                             ca_error *err)
{
    char list[160] = "", hint[96];
    const char *names[MAX_KEYS + 1];
    size_t used = 0, n = 0;
    for (size_t i = 0; g && i < key_count(g); i++) {
        used += (size_t)snprintf(list + used, sizeof list - used, "%s, ", g->keys[i].name);
        names[n++] = g->keys[i].name;
    }
    names[n++] = "pad";
    ca_suggestion(name, names, n, hint, sizeof hint);
    return ca_fail(err, CA_EINPUT, "%s: unknown key '%s' (valid keys: %spad%s)", what, name,
                   list, hint);
}

/* Splits "k=v,k=v" (modified in place) and fills vals (for g's keys, in
 * order) and *pad. For a file spec g is NULL and only pad is allowed. */
static ca_status parse_options(const char *what, const generator *g, char *opts,
                               const ca_signal_limits *lim, value *vals, size_t *pad,
                               ca_error *err)
{
    size_t nkeys = g ? key_count(g) : 0;
    int seen[MAX_KEYS + 1] = { 0 };
    value padv = { .z = 0 };

    for (size_t i = 0; i < nkeys; i++) {
        if (g->keys[i].kind == REAL)
            vals[i].d = g->keys[i].def;
        else if (g->keys[i].kind == SEED)
            vals[i].u = (uint64_t)g->keys[i].def;
        else
            vals[i].z = (size_t)g->keys[i].def;
    }
    char *item, *text;
    ca_status next;
    while ((next = ca_next_setting(what, &opts, &item, &text, err)) == CA_OK && item) {
        size_t i = 0;
        while (i < nkeys && strcmp(item, g->keys[i].name) != 0 &&
               !(g->keys[i].alias && strcmp(item, g->keys[i].alias) == 0))
            i++;
        const key *k = i < nkeys ? &g->keys[i] : &pad_key;
        if (i == nkeys && strcmp(item, "pad") != 0)
            return unknown_key(what, g, item, err);
        if (seen[i]++)
            return ca_fail(err, CA_EINPUT, "%s: %s given twice", what, k->name);
        ca_status s = parse_value(what, k, text, lim, i < nkeys ? &vals[i] : &padv, err);
        if (s != CA_OK)
            return s;
    }
    *pad = padv.z;
    return next;
}

/* "values:0;0.5;1": the list up to the first ',' (pad may follow). */
static ca_status parse_values(char *list, const ca_signal_limits *lim, ca_signal *out,
                              ca_error *err)
{
    /* blanks and separators at the end are allowed, as in a file */
    size_t len = strlen(list);
    while (len > 0 && strchr(";" CA_BLANKS, list[len - 1]))
        list[--len] = '\0';
    if (len == 0)
        return ca_fail(err, CA_EINPUT, "values: no samples (write values:1;2;3)");
    size_t n = 1;
    for (const char *p = list; *p; p++)
        n += *p == ';';
    ca_status s = ca_signal_alloc("values", n, lim, out, err);
    if (s != CA_OK)
        return s;
    char *item = list;
    for (size_t i = 0; i < n; i++) {
        char *next = strchr(item, ';');
        if (next)
            *next++ = '\0';
        item = ca_trim(item);
        if (!ca_parse_real(item, &out->v[i])) {
            ca_signal_free(out);
            return ca_fail(err, CA_EINPUT, "values: item %zu ('%s') is not a finite number",
                           i + 1, item);
        }
        item = next;
    }
    return CA_OK;
}

/* Replaces *sig by its padded copy. */
static ca_status apply_pad(ca_signal *sig, size_t pad, const ca_signal_limits *lim,
                           ca_error *err)
{
    if (pad == 0)
        return CA_OK;
    ca_signal padded;
    ca_status s = ca_signal_pad(sig, pad, lim, &padded, err);
    ca_signal_free(sig);
    if (s == CA_OK)
        *sig = padded;
    return s;
}

static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* A spec that names no generator is a file, possibly with ":pad=N" after it. */
static ca_status parse_file_spec(char *spec, const ca_signal_limits *lim, FILE *in,
                                 ca_signal *out, ca_error *err)
{
    char *opts = NULL;
    int stdin_spec = strcmp(spec, "-") == 0 || strncmp(spec, "-:", 2) == 0;
    char *colon = strrchr(spec, ':');
    if (colon && (stdin_spec || !is_file(spec))) {
        *colon = '\0';
        opts = colon + 1;
    }
    if (!stdin_spec && !strpbrk(spec, "./") && !is_file(spec)) {
        const char *names[sizeof generators / sizeof generators[0] + 1];
        size_t n = 0;
        for (size_t i = 0; i < sizeof generators / sizeof generators[0]; i++)
            names[n++] = generators[i].name;
        names[n++] = "values";
        char hint[96];
        ca_suggestion(spec, names, n, hint, sizeof hint);
        return ca_fail(err, CA_EINPUT,
                       "'%s' is neither a generator nor a file (generators: %s%s)", spec,
                       ca_signal_generator_names(), hint);
    }
    size_t pad = 0;
    ca_status s = parse_options(spec, NULL, opts, lim, NULL, &pad, err);
    if (s != CA_OK)
        return s;
    if (stdin_spec) {
        if (!in)
            return ca_fail(err, CA_EINPUT, "-: standard input is not available here");
        s = ca_signal_read(in, "standard input", lim, out, err);
    } else {
        s = ca_signal_load(spec, lim, out, err);
    }
    return s == CA_OK ? apply_pad(out, pad, lim, err) : s;
}

ca_status ca_signal_from_spec(const char *spec, const ca_signal_limits *lim, FILE *in,
                              ca_signal *out, ca_error *err)
{
    out->v = NULL;
    out->n = 0;
    if (!spec || !*spec)
        return ca_fail(err, CA_EINPUT, "empty signal spec (generators: %s)",
                       ca_signal_generator_names());
    char *copy = strdup(spec);
    if (!copy)
        return ca_fail(err, CA_ENOMEM, "out of memory");

    ca_status s;
    size_t pad = 0;
    size_t name_len = strcspn(copy, ":");
    char *opts = copy[name_len] ? copy + name_len + 1 : NULL;
    const generator *g = find_generator(copy, name_len);

    if (name_len == 6 && strncmp(copy, "values", 6) == 0) {
        char *rest = opts ? strchr(opts, ',') : NULL;
        if (rest)
            *rest++ = '\0';
        if (!opts)
            s = ca_fail(err, CA_EINPUT, "values: no samples (write values:1;2;3)");
        else if ((s = parse_options("values", NULL, rest, lim, NULL, &pad, err)) == CA_OK &&
                 (s = parse_values(opts, lim, out, err)) == CA_OK)
            s = apply_pad(out, pad, lim, err);
    } else if (g) {
        value vals[MAX_KEYS];
        copy[name_len] = '\0';
        s = parse_options(g->name, g, opts, lim, vals, &pad, err);
        if (s == CA_OK && (s = g->make(vals, lim, out, err)) == CA_OK)
            s = apply_pad(out, pad, lim, err);
    } else {
        s = parse_file_spec(copy, lim, in, out, err);
    }
    free(copy);
    if (s != CA_OK)
        ca_signal_free(out);
    return s;
}

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "convanim/continuous.h"
#include "convanim/signal.h"
#include "base/util.h"

/* The spec parser: "NAME:key=value,...", "values:a;b;c", "PATH[:pad=N]", "-",
 * for discrete-time signals (samples, each spec with pad= and origin=
 * besides its keys) and continuous-time ones (functions of t, whose values:
 * and files take dt= and t0= instead). */

enum kind {
    REAL,   /* any finite number */
    COUNT,  /* a whole number >= 1 */
    INDEX,  /* a whole number >= 0 */
    SEED,   /* a whole number in [0, 2^64) */
    ORIGIN  /* a whole number, negative allowed */
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
    long l;
} value;

enum { MAX_KEYS = 6 };

/* A discrete-time generator has `make` and `length` (how many samples
 * make would give, from the same values), a continuous-time one
 * `make_continuous`; step and sine are both, with two entries. */
typedef struct generator {
    const char *name, *alias;
    ca_status (*make)(const value *v, const ca_signal_limits *lim, ca_signal *out,
                      ca_error *err);
    key keys[MAX_KEYS];   /* ends at the first key without a name */
    ca_status (*make_continuous)(const value *v, ca_csignal **out, ca_error *err);
    bool (*length)(const value *v, size_t *n);
} generator;

/* Every discrete-time generator but sawtooth takes its length as n, its
 * first key. False when the length does not fit in a size_t. */
static bool length_n(const value *v, size_t *n)
{
    *n = v[0].z;
    return true;
}

static bool length_sawtooth(const value *v, size_t *n)
{
    return ca_mul_size(v[0].z, v[2].z, n) != 0;
}

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

static ca_status make_crect(const value *v, ca_csignal **out, ca_error *err)
{
    return ca_csignal_rect(v[0].d, v[1].d, v[2].d, out, err);
}

static ca_status make_ctri(const value *v, ca_csignal **out, ca_error *err)
{
    return ca_csignal_tri(v[0].d, v[1].d, v[2].d, out, err);
}

static ca_status make_cexp(const value *v, ca_csignal **out, ca_error *err)
{
    return ca_csignal_exp(v[0].d, v[1].d, v[2].d, v[3].d, out, err);
}

static ca_status make_cstep(const value *v, ca_csignal **out, ca_error *err)
{
    return ca_csignal_step(v[0].d, v[1].d, v[2].d, out, err);
}

static ca_status make_cgauss(const value *v, ca_csignal **out, ca_error *err)
{
    return ca_csignal_gauss(v[0].d, v[1].d, out, err);
}

static ca_status make_csine(const value *v, ca_csignal **out, ca_error *err)
{
    return ca_csignal_sine(v[0].d, v[1].d, v[2].d, v[3].d, v[4].d, out, err);
}

static ca_status make_csinc(const value *v, ca_csignal **out, ca_error *err)
{
    return ca_csignal_sinc(v[0].d, v[1].d, out, err);
}

static ca_status make_cramp(const value *v, ca_csignal **out, ca_error *err)
{
    return ca_csignal_ramp(v[0].d, v[1].d, out, err);
}

/* Defaults are the values the notebook uses, so "sawtooth" alone is its
 * force signal and "decay" its impulse response; the continuous-time ones
 * are a textbook's unit shapes. exp's until defaults to NAN: where it falls
 * below 1e-4 of its peak. */
static const generator generators[] = {
    { "sawtooth", "force", make_sawtooth,
      { { "cycles", NULL, COUNT, 6 }, { "amplitude", NULL, REAL, 1 },
        { "period", NULL, COUNT, 10 } }, NULL, length_sawtooth },
    { "decay", "impulse_response", make_decay,
      { { "n", NULL, COUNT, 40 }, { "end", "end_time", REAL, 1 },
        { "scale", NULL, REAL, 20 } }, NULL, length_n },
    { "gaussian", "gaussian_signal", make_gaussian,
      { { "n", NULL, COUNT, 30 }, { "min", "dmin", REAL, -0.5 },
        { "max", "dmax", REAL, 0.5 }, { "mean", NULL, REAL, 0 },
        { "std", NULL, REAL, 0.1 } }, NULL, length_n },
    { "random", NULL, make_random,
      { { "n", NULL, COUNT, 50 }, { "seed", NULL, SEED, 1 } }, NULL, length_n },
    { "delta", NULL, make_delta,
      { { "n", NULL, COUNT, 5 }, { "at", NULL, INDEX, 0 }, { "height", NULL, REAL, 1 } },
      NULL, length_n },
    { "box", NULL, make_box,
      { { "n", NULL, COUNT, 5 }, { "height", NULL, REAL, 1 } }, NULL, length_n },
    { "step", NULL, make_step,
      { { "n", NULL, COUNT, 20 }, { "at", NULL, INDEX, 5 }, { "height", NULL, REAL, 1 } },
      NULL, length_n },
    { "sine", NULL, make_sine,
      { { "n", NULL, COUNT, 50 }, { "cycles", NULL, REAL, 2 },
        { "amplitude", NULL, REAL, 1 }, { "phase", NULL, REAL, 0 } }, NULL, length_n },
    { "rect", NULL, NULL,
      { { "width", NULL, REAL, 1 }, { "center", NULL, REAL, 0 }, { "height", NULL, REAL, 1 } },
      make_crect, NULL },
    { "tri", NULL, NULL,
      { { "width", NULL, REAL, 2 }, { "center", NULL, REAL, 0 }, { "height", NULL, REAL, 1 } },
      make_ctri, NULL },
    { "exp", NULL, NULL,
      { { "rate", NULL, REAL, 1 }, { "start", NULL, REAL, 0 }, { "height", NULL, REAL, 1 },
        { "until", NULL, REAL, NAN } },
      make_cexp, NULL },
    { "step", NULL, NULL,
      { { "at", NULL, REAL, 0 }, { "until", NULL, REAL, 5 }, { "height", NULL, REAL, 1 } },
      make_cstep, NULL },
    { "gauss", NULL, NULL,
      { { "sigma", NULL, REAL, 1 }, { "center", NULL, REAL, 0 } }, make_cgauss, NULL },
    { "sine", NULL, NULL,
      { { "freq", NULL, REAL, 1 }, { "phase", NULL, REAL, 0 }, { "amplitude", NULL, REAL, 1 },
        { "from", NULL, REAL, 0 }, { "to", NULL, REAL, 1 } },
      make_csine, NULL },
    { "sinc", NULL, NULL,
      { { "width", NULL, REAL, 1 }, { "center", NULL, REAL, 0 } }, make_csinc, NULL },
    { "ramp", NULL, NULL,
      { { "from", NULL, REAL, 0 }, { "to", NULL, REAL, 1 } }, make_cramp, NULL },
};

/* The settings of a continuous-time signal's samples (values: or a file). */
static const key sample_keys[MAX_KEYS] = {
    { "dt", NULL, REAL, 1 }, { "t0", NULL, REAL, 0 },
};

const char *ca_signal_generator_names(void)
{
    return "sawtooth, decay, gaussian, random, delta, box, step, sine, values";
}

const char *ca_csignal_generator_names(void)
{
    return "rect, tri, exp, step, gauss, sine, sinc, ramp, values";
}

static int in_family(const generator *g, int continuous)
{
    return continuous ? g->make_continuous != NULL : g->make != NULL;
}

static const generator *find_generator(const char *name, size_t len, int continuous)
{
    for (size_t i = 0; i < sizeof generators / sizeof generators[0]; i++) {
        const generator *g = &generators[i];
        if (in_family(g, continuous) &&
            ((strlen(g->name) == len && strncmp(g->name, name, len) == 0) ||
             (g->alias && strlen(g->alias) == len && strncmp(g->alias, name, len) == 0)))
            return g;
    }
    return NULL;
}

/* The error for a generator of the other family: a continuous-time one in a
 * discrete-time spec or the other way round. */
static ca_status wrong_family(const char *name, size_t len, int continuous, ca_error *err)
{
    return ca_fail(err, CA_EINPUT, "%.*s is a %s-time generator, not a %s-time one (%s-time "
                   "generators: %s)", (int)len, name, continuous ? "discrete" : "continuous",
                   continuous ? "continuous" : "discrete", continuous ? "continuous" : "discrete",
                   continuous ? ca_csignal_generator_names() : ca_signal_generator_names());
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
    size_t max = lim ? lim->max_samples : CA_SIGNAL_DEFAULT_MAX_SAMPLES;
    /* an origin as far out as a signal may be long keeps every index of
     * an output within a long */
    if (k->kind == ORIGIN) {
        if (floor(d) != d)
            return ca_fail(err, CA_EINPUT, "%s: %s must be a whole number (got %s)", what,
                           k->name, text);
        if (fabs(d) > (double)max)
            return ca_fail(err, CA_ELIMIT, "%s: %s=%s is beyond the limit of \u00b1%zu", what,
                           k->name, text, max);
        out->l = (long)d;
        return CA_OK;
    }
    double least = k->kind == COUNT ? 1 : 0;
    if (d < least || floor(d) != d)
        return ca_fail(err, CA_EINPUT, "%s: %s must be a whole number >= %g (got %s)",
                       what, k->name, least, text);
    if (d > (double)max)
        return ca_fail(err, CA_ELIMIT, "%s: %s=%s is over the limit of %zu samples",
                       what, k->name, text, max);
    out->z = (size_t)d;
    return CA_OK;
}

/* Where a discrete-time signal's samples stand: the keys every such spec
 * takes besides its own. */
typedef struct placement {
    size_t pad;
    long origin;
} placement;

enum { PLACE_KEYS = 2 };
static const key place_keys[PLACE_KEYS] = { { "pad", NULL, INDEX, 0 },
                                            { "origin", NULL, ORIGIN, 0 } };

static size_t key_count(const key *keys)
{
    size_t n = 0;
    while (keys && n < MAX_KEYS && keys[n].name)
        n++;
    return n;
}

static ca_status unknown_key(const char *what, const key *keys, int placed, const char *name,
                             ca_error *err)
{
    char list[160] = "", hint[96];
    const char *names[MAX_KEYS + PLACE_KEYS];
    size_t used = 0, n = 0;
    for (size_t i = 0; i < key_count(keys); i++) {
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", n ? ", " : "",
                                 keys[i].name);
        names[n++] = keys[i].name;
    }
    for (size_t i = 0; placed && i < PLACE_KEYS; i++) {
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", n ? ", " : "",
                                 place_keys[i].name);
        names[n++] = place_keys[i].name;
    }
    ca_suggestion(name, names, n, hint, sizeof hint);
    return ca_fail(err, CA_EINPUT, "%s: unknown key '%s' (valid keys: %s%s)", what, name, list,
                   hint);
}

/* Splits "k=v,k=v" (modified in place) and fills vals (for the keys, in
 * order) and, when place is not NULL, *place: a discrete-time spec takes
 * pad=N and origin=N besides its keys, a continuous-time one only its
 * keys. keys may be NULL: no keys. */
static ca_status parse_options(const char *what, const key *keys, char *opts,
                               const ca_signal_limits *lim, value *vals, placement *place,
                               ca_error *err)
{
    size_t nkeys = key_count(keys);
    int seen[MAX_KEYS + PLACE_KEYS] = { 0 };
    value placev[PLACE_KEYS] = { { .z = 0 }, { .l = 0 } };

    for (size_t i = 0; i < nkeys; i++) {
        if (keys[i].kind == REAL)
            vals[i].d = keys[i].def;
        else if (keys[i].kind == SEED)
            vals[i].u = (uint64_t)keys[i].def;
        else
            vals[i].z = (size_t)keys[i].def;
    }
    char *item, *text;
    ca_status next;
    while ((next = ca_next_setting(what, &opts, &item, &text, err)) == CA_OK && item) {
        size_t i = 0;
        while (i < nkeys && strcmp(item, keys[i].name) != 0 &&
               !(keys[i].alias && strcmp(item, keys[i].alias) == 0))
            i++;
        while (place && i >= nkeys && i < nkeys + PLACE_KEYS &&
               strcmp(item, place_keys[i - nkeys].name) != 0)
            i++;
        if (i == nkeys + (place ? PLACE_KEYS : 0))
            return unknown_key(what, keys, place != NULL, item, err);
        const key *k = i < nkeys ? &keys[i] : &place_keys[i - nkeys];
        if (seen[i]++)
            return ca_fail(err, CA_EINPUT, "%s: %s given twice", what, k->name);
        ca_status s = parse_value(what, k, text, lim, i < nkeys ? &vals[i] : &placev[i - nkeys],
                                  err);
        if (s != CA_OK)
            return s;
    }
    if (place)
        *place = (placement){ placev[0].z, placev[1].l };
    return next;
}

/* "values:0;0.5;1": the list up to the first ',' (pad and origin may follow). */
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

/* Stands *sig at its origin and replaces it by its padded copy. */
static ca_status apply_place(ca_signal *sig, placement place, const ca_signal_limits *lim,
                             ca_error *err)
{
    sig->origin = place.origin;
    if (place.pad == 0)
        return CA_OK;
    ca_signal padded;
    ca_status s = ca_signal_pad(sig, place.pad, lim, &padded, err);
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

/* A spec that names no generator is a file, possibly with ":pad=N,origin=N"
 * after it (":dt=...,t0=..." for a continuous-time one: keys, vals and place as
 * parse_options takes them). */
static ca_status parse_file_spec(char *spec, int continuous, const ca_signal_limits *lim,
                                 FILE *in, const key *keys, value *vals, placement *place,
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
            if (in_family(&generators[i], continuous))
                names[n++] = generators[i].name;
        names[n++] = "values";
        char hint[96];
        ca_suggestion(spec, names, n, hint, sizeof hint);
        return ca_fail(err, CA_EINPUT,
                       "'%s' is neither a generator nor a file (%sgenerators: %s%s)", spec,
                       continuous ? "continuous-time " : "",
                       continuous ? ca_csignal_generator_names() : ca_signal_generator_names(),
                       hint);
    }
    ca_status s = parse_options(spec, keys, opts, lim, vals, place, err);
    if (s != CA_OK)
        return s;
    if (stdin_spec) {
        if (!in)
            return ca_fail(err, CA_EINPUT, "-: standard input is not available here");
        return ca_signal_read(in, "standard input", lim, out, err);
    }
    return ca_signal_load(spec, lim, out, err);
}

/* The samples of a spec that names no generator, "values:a;b;c[,k=v...]" or
 * a file, with their settings (as parse_file_spec). copy is the whole spec,
 * modified in place; opts what follows its first ':'. */
static ca_status parse_samples(char *copy, size_t name_len, char *opts, int continuous,
                               const ca_signal_limits *lim, FILE *in, value *vals, placement *place,
                               ca_signal *out, ca_error *err)
{
    const key *keys = continuous ? sample_keys : NULL;
    if (!(name_len == 6 && strncmp(copy, "values", 6) == 0))
        return parse_file_spec(copy, continuous, lim, in, keys, vals, place, out, err);
    char *rest = opts ? strchr(opts, ',') : NULL;
    if (rest)
        *rest++ = '\0';
    if (!opts || !*opts)
        return ca_fail(err, CA_EINPUT, "values: no samples (write values:1;2;3)");
    ca_status s = parse_options("values", keys, rest, lim, vals, place, err);
    return s == CA_OK ? parse_values(opts, lim, out, err) : s;
}

/* A generator's settings: copy is the spec, cut at its name's end. */
static ca_status parse_generator(const generator *g, char *copy, size_t name_len,
                                 const ca_signal_limits *lim, value *vals, placement *place,
                                 ca_error *err)
{
    char *opts = copy[name_len] ? copy + name_len + 1 : NULL;
    copy[name_len] = '\0';
    return parse_options(g->name, g->keys, opts, lim, vals, place, err);
}

ca_status ca_signal_from_spec(const char *spec, const ca_signal_limits *lim, FILE *in,
                              ca_signal *out, ca_error *err)
{
    *out = (ca_signal){ 0 };
    if (!spec || !*spec)
        return ca_fail(err, CA_EINPUT, "empty signal spec (generators: %s)",
                       ca_signal_generator_names());
    char *copy = strdup(spec);
    if (!copy)
        return ca_fail(err, CA_ENOMEM, "out of memory");

    ca_status s;
    placement place = { 0, 0 };
    size_t name_len = strcspn(copy, ":");
    char *opts = copy[name_len] ? copy + name_len + 1 : NULL;
    const generator *g = find_generator(copy, name_len, 0);

    if (g) {
        value vals[MAX_KEYS];
        s = parse_generator(g, copy, name_len, lim, vals, &place, err);
        if (s == CA_OK && (s = g->make(vals, lim, out, err)) == CA_OK)
            s = apply_place(out, place, lim, err);
    } else if (find_generator(copy, name_len, 1)) {
        s = wrong_family(copy, name_len, 0, err);
    } else if ((s = parse_samples(copy, name_len, opts, 0, lim, in, NULL, &place, out, err)) ==
               CA_OK) {
        s = apply_place(out, place, lim, err);
    }
    free(copy);
    if (s != CA_OK)
        ca_signal_free(out);
    return s;
}

ca_status ca_signal_spec_length(const char *spec, const ca_signal_limits *lim, size_t *n,
                                ca_error *err)
{
    *n = 0;
    if (!spec || !*spec)
        return ca_fail(err, CA_EINPUT, "empty signal spec (generators: %s)",
                       ca_signal_generator_names());
    size_t name_len = strcspn(spec, ":");
    const generator *g = find_generator(spec, name_len, 0);
    if (!g)
        return CA_OK;
    char *copy = strdup(spec);
    if (!copy)
        return ca_fail(err, CA_ENOMEM, "out of memory");
    value vals[MAX_KEYS];
    placement place;
    ca_status s = parse_generator(g, copy, name_len, lim, vals, &place, err);
    free(copy);
    /* a length over the limit stays unknown (0): ca_signal_from_spec
     * refuses it, in its own words, before it allocates anything */
    size_t max = lim ? lim->max_samples : CA_SIGNAL_DEFAULT_MAX_SAMPLES, len;
    if (s == CA_OK && g->length(vals, &len) && len <= max && place.pad <= (max - len) / 2)
        *n = len + 2 * place.pad;
    return s;
}

ca_status ca_csignal_from_spec(const char *spec, const ca_signal_limits *lim, FILE *in,
                               ca_csignal **out, ca_error *err)
{
    *out = NULL;
    if (!spec || !*spec)
        return ca_fail(err, CA_EINPUT, "empty signal spec (continuous-time generators: %s)",
                       ca_csignal_generator_names());
    char *copy = strdup(spec);
    if (!copy)
        return ca_fail(err, CA_ENOMEM, "out of memory");

    ca_status s;
    value vals[MAX_KEYS];
    size_t name_len = strcspn(copy, ":");
    char *opts = copy[name_len] ? copy + name_len + 1 : NULL;
    const generator *g = find_generator(copy, name_len, 1);

    if (g) {
        copy[name_len] = '\0';
        s = parse_options(g->name, g->keys, opts, lim, vals, NULL, err);
        if (s == CA_OK)
            s = g->make_continuous(vals, out, err);
    } else if (find_generator(copy, name_len, 0)) {
        s = wrong_family(copy, name_len, 1, err);
    } else {
        ca_signal samples = { 0 };
        s = parse_samples(copy, name_len, opts, 1, lim, in, vals, NULL, &samples, err);
        /* copy is now the file's path or "-", or starts with "values:" */
        const char *what = strncmp(copy, "values:", 7) == 0 ? "values"
                           : strcmp(copy, "-") == 0       ? "standard input"
                                                          : copy;
        if (s == CA_OK)
            s = ca_csignal_samples(what, samples.v, samples.n, vals[1].d, vals[0].d, out, err);
        ca_signal_free(&samples);
    }
    free(copy);
    return s;
}

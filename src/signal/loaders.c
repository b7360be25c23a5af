#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "convanim/signal.h"
#include "base/util.h"

/* Loaders: a column of numbers as text, or a 1-D NumPy .npy array. */

static const unsigned char npy_magic[6] = { 0x93, 'N', 'U', 'M', 'P', 'Y' };

static size_t max_samples(const ca_signal_limits *lim)
{
    return lim ? lim->max_samples : CA_SIGNAL_DEFAULT_MAX_SAMPLES;
}

static ca_status read_failed(const char *name, ca_error *err)
{
    return ca_fail(err, CA_EIO, "%s: read error: %s", name, strerror(errno));
}

/* Appends x to a growing signal, doubling its capacity as needed. */
static ca_status push(ca_signal *s, size_t *cap, double x, const char *name, size_t max,
                      ca_error *err)
{
    if (s->n == *cap) {
        if (s->n >= max)
            return ca_fail(err, CA_ELIMIT, "%s: more than the limit of %zu samples", name, max);
        size_t want = *cap ? *cap * 2 : 256;
        if (want > max)
            want = max;
        double *v = realloc(s->v, want * sizeof *v);
        if (!v)
            return ca_fail(err, CA_ENOMEM, "%s: out of memory for %zu samples", name, want);
        s->v = v;
        *cap = want;
    }
    s->v[s->n++] = x;
    return CA_OK;
}

/* Numbers separated by commas, semicolons, blanks or newlines; '#' comments
 * to the end of the line. `prefix` holds bytes already read from fp. */
static ca_status read_text(FILE *fp, const char *name, const unsigned char *prefix,
                           size_t nprefix, size_t max, ca_signal *out, ca_error *err)
{
    char tok[64];
    size_t len = 0, cap = 0, line = 1, tok_line = 1;
    int comment = 0;
    ca_status s = CA_OK;

    for (size_t i = 0;; i++) {
        int c = i < nprefix ? prefix[i] : getc(fp);
        int sep = c == EOF || c == '\n' || c == ',' || c == ';' || c == ' ' || c == '\t' ||
                  c == '\r' || c == '#';
        /* A token too long to be a number is refused at once, so an endless
         * one (/dev/zero) cannot keep the reader busy. */
        int overlong = !comment && !sep && len + 1 >= sizeof tok;
        if (!comment && !sep && !overlong) {
            if (len == 0)
                tok_line = line;
            tok[len++] = (char)c;
            continue;
        }
        if (len > 0) {
            double x = 0;
            tok[len] = '\0';
            /* strlen short of len: a NUL byte inside */
            if (overlong || strlen(tok) != len || !ca_parse_real(tok, &x)) {
                if (overlong)
                    memcpy(tok + sizeof tok - 4, "...", 4);
                /* the file's bytes, NULs and control characters among them,
                 * are not ours to print as they are */
                for (size_t j = 0; j < (overlong ? sizeof tok - 4 : len); j++)
                    if ((unsigned char)tok[j] < 0x20 || tok[j] == 0x7f)
                        tok[j] = '?';
                s = ca_fail(err, CA_EINPUT, "%s:%zu: '%s' is not a finite number", name,
                            tok_line, tok);
                break;
            }
            if ((s = push(out, &cap, x, name, max, err)) != CA_OK)
                break;
            len = 0;
        }
        if (c == '#')
            comment = 1;
        if (c == '\n') {
            comment = 0;
            line++;
        }
        if (c == EOF)
            break;
    }
    if (s == CA_OK && ferror(fp))
        s = read_failed(name, err);
    if (s == CA_OK && out->n == 0)
        s = ca_fail(err, CA_EINPUT, "%s: no samples", name);
    return s;
}

/* Reads n little-endian bytes as an unsigned integer. */
static uint64_t le(const unsigned char *p, size_t n)
{
    uint64_t x = 0;
    for (size_t i = n; i-- > 0;)
        x = x << 8 | p[i];
    return x;
}

static const char *skip_blanks(const char *p)
{
    return p + strspn(p, CA_BLANKS);
}

/* A quoted string without escapes at *p ('...' or "...") into buf; false
 * when there is none or it does not fit. */
static bool npy_string(const char **p, char *buf, size_t size)
{
    char quote = **p;
    if (quote != '\'' && quote != '"')
        return false;
    size_t len = strcspn(*p + 1, "'\"\\\n");
    if ((*p)[1 + len] != quote || len >= size)
        return false;
    memcpy(buf, *p + 1, len);
    buf[len] = '\0';
    *p += len + 2;
    return true;
}

/* A Python int literal, as numpy writes one: decimal digits, no leading
 * zero; false when there is none. */
static bool npy_whole(const char **p, unsigned long long *out)
{
    const char *q = *p;
    if (*q < '0' || *q > '9' || (q[0] == '0' && q[1] >= '0' && q[1] <= '9'))
        return false;
    unsigned long long v = 0;
    for (; *q >= '0' && *q <= '9'; q++)
        v = v > (ULLONG_MAX - 9) / 10 ? ULLONG_MAX : v * 10 + (unsigned)(*q - '0');
    *out = v;
    *p = q;
    return true;
}

/* A shape tuple: "(n,)" is 1-D; "()" and "(a, b)" are not, and "(n)", which
 * Python reads as a number, is no shape. *dims counts the dimensions. */
static bool npy_shape(const char **p, unsigned long long *first, int *dims)
{
    const char *q = *p;
    if (*q++ != '(')
        return false;
    *dims = 0;
    bool comma = true;
    for (q = skip_blanks(q); *q != ')'; q = skip_blanks(q)) {
        unsigned long long v;
        if (!comma || !npy_whole(&q, &v))
            return false;
        if ((*dims)++ == 0)
            *first = v;
        q = skip_blanks(q);
        comma = *q == ',';
        q += comma;
    }
    if (*dims == 1 && !comma)
        return false;
    *p = q + 1;
    return true;
}

/* The header is a Python dict literal such as
 * {'descr': '<f8', 'fortran_order': False, 'shape': (40,), }
 * read as strictly as numpy reads it: the three keys, each once and no
 * other, a dtype string, True or False, a tuple of whole numbers; then
 * blanks to the end. fortran_order does not matter for one dimension. */
static ca_status npy_parse_header(const char *hdr, const char *name, size_t max,
                                  size_t *itemsize, char *kind, size_t *n, ca_error *err)
{
    static const char *const keys[] = { "descr", "fortran_order", "shape" };
    bool seen[3] = { false };
    char descr[16] = "", key[32];
    unsigned long long dim = 0;
    int dims = 0;
    const char *p = skip_blanks(hdr), *shape = NULL;
    if (*p++ != '{')
        return ca_fail(err, CA_EINPUT, "%s: not a valid .npy header", name);
    for (p = skip_blanks(p); *p != '}'; p = skip_blanks(p)) {
        size_t k = 0;
        if (!npy_string(&p, key, sizeof key))
            return ca_fail(err, CA_EINPUT, "%s: not a valid .npy header", name);
        while (k < 3 && strcmp(key, keys[k]) != 0)
            k++;
        if (k == 3)
            return ca_fail(err, CA_EINPUT, "%s: .npy header has an unknown key '%s' (keys: "
                           "descr, fortran_order, shape)", name, key);
        if (seen[k])
            return ca_fail(err, CA_EINPUT, "%s: .npy header gives '%s' twice", name, key);
        seen[k] = true;
        p = skip_blanks(p);
        if (*p++ != ':')
            return ca_fail(err, CA_EINPUT, "%s: not a valid .npy header", name);
        p = skip_blanks(p);
        const char *value = p;
        bool ok;
        if (k == 0) {
            ok = npy_string(&p, descr, sizeof descr);
        } else if (k == 1) {
            size_t len = strncmp(p, "True", 4) == 0 ? 4 : strncmp(p, "False", 5) == 0 ? 5 : 0;
            p += len;
            /* the whole word: "Falsehood" is no False */
            ok = len && !isalnum((unsigned char)*p) && *p != '_';
        } else {
            shape = value;
            ok = npy_shape(&p, &dim, &dims);
        }
        const char *close = k == 2 ? strchr(value, ')') : NULL;
        if (!ok)
            return ca_fail(err, CA_EINPUT, "%s: .npy header's %s is %.*s, not %s", name, key,
                           close ? (int)(close - value + 1) : (int)strcspn(value, ",}"), value,
                           k == 0 ? "a dtype string" : k == 1 ? "True or False" : "a tuple");
        p = skip_blanks(p);
        if (*p == ',')
            p++;
        else if (*p != '}')
            return ca_fail(err, CA_EINPUT, "%s: not a valid .npy header", name);
    }
    if (*skip_blanks(p + 1))
        return ca_fail(err, CA_EINPUT, "%s: not a valid .npy header", name);
    for (size_t k = 0; k < 3; k++)
        if (!seen[k])
            return ca_fail(err, CA_EINPUT, "%s: .npy header has no '%s'", name, keys[k]);
    if (strcmp(descr, "<f8") == 0 || strcmp(descr, "<f4") == 0 ||
        strcmp(descr, "<i4") == 0 || strcmp(descr, "<i8") == 0) {
        *kind = descr[1];
        *itemsize = (size_t)(descr[2] - '0');
    } else {
        return ca_fail(err, CA_EINPUT,
                       "%s: unsupported dtype '%s' (convanim reads little-endian float64, "
                       "float32, int32 and int64: <f8, <f4, <i4, <i8)", name, descr);
    }
    if (dims != 1)
        return ca_fail(err, CA_EINPUT, "%s: shape %.*s is not 1-D (convanim reads 1-D arrays)",
                       name, (int)(strchr(shape, ')') - shape) + 1, shape);
    if (dim == 0)
        return ca_fail(err, CA_EINPUT, "%s: no samples", name);
    if (dim > max)
        return ca_fail(err, CA_ELIMIT, "%s: %llu samples is over the limit of %zu", name, dim,
                       max);
    *n = (size_t)dim;
    return CA_OK;
}

/* NumPy's format, versions 1 and 2: magic, version, header length (2 or 4
 * bytes), the header, then the raw data. The magic is already consumed. */
static ca_status read_npy(FILE *fp, const char *name, size_t max, ca_signal *out,
                          ca_error *err)
{
    unsigned char ver[2], lenb[4];
    if (fread(ver, 1, 2, fp) != 2)
        return ca_fail(err, CA_EINPUT, "%s: truncated .npy header", name);
    if (ver[0] != 1 && ver[0] != 2)
        return ca_fail(err, CA_EINPUT, "%s: unsupported .npy format version %d.%d", name,
                       ver[0], ver[1]);
    size_t lsize = ver[0] == 1 ? 2 : 4;
    if (fread(lenb, 1, lsize, fp) != lsize)
        return ca_fail(err, CA_EINPUT, "%s: truncated .npy header", name);
    size_t hlen = (size_t)le(lenb, lsize);
    if (hlen > 1 << 20)
        return ca_fail(err, CA_EINPUT, "%s: .npy header of %zu bytes is implausible", name, hlen);
    char *hdr = malloc(hlen + 1);
    if (!hdr)
        return ca_fail(err, CA_ENOMEM, "%s: out of memory", name);
    if (fread(hdr, 1, hlen, fp) != hlen) {
        free(hdr);
        return ca_fail(err, CA_EINPUT, "%s: truncated .npy header", name);
    }
    hdr[hlen] = '\0';
    size_t itemsize = 0, n = 0;
    char kind = 0;
    ca_status s = npy_parse_header(hdr, name, max, &itemsize, &kind, &n, err);
    free(hdr);
    if (s != CA_OK || (s = ca_signal_alloc(name, n, NULL, out, err)) != CA_OK)
        return s;

    unsigned char buf[4096];
    size_t per = sizeof buf / itemsize;
    for (size_t i = 0; i < n;) {
        size_t want = n - i < per ? n - i : per;
        size_t got = fread(buf, itemsize, want, fp);
        for (size_t j = 0; j < got; j++) {
            uint64_t bits = le(buf + j * itemsize, itemsize);
            double x;
            if (kind == 'f' && itemsize == 8) {
                memcpy(&x, &bits, sizeof x);
            } else if (kind == 'f') {
                uint32_t b32 = (uint32_t)bits;
                float f;
                memcpy(&f, &b32, sizeof f);
                x = f;
            } else if (itemsize == 4) {
                x = (double)(int32_t)(uint32_t)bits;
            } else {
                x = (double)(int64_t)bits;
            }
            if (!isfinite(x))
                return ca_fail(err, CA_EINPUT, "%s: sample %zu is not a finite number", name,
                               i + j);
            out->v[i + j] = x;
        }
        i += got;
        if (got < want) {
            if (ferror(fp))
                return read_failed(name, err);
            return ca_fail(err, CA_EINPUT,
                           "%s: truncated: the header promises %zu samples, the file holds %zu",
                           name, n, i);
        }
    }
    return CA_OK;
}

ca_status ca_signal_read(FILE *fp, const char *name, const ca_signal_limits *lim,
                         ca_signal *out, ca_error *err)
{
    unsigned char head[sizeof npy_magic];
    out->v = NULL;
    out->n = 0;
    size_t got = fread(head, 1, sizeof head, fp);
    /* the byte-order mark a spreadsheet's "CSV UTF-8" starts with */
    size_t bom = got >= 3 && memcmp(head, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
    ca_status s;
    if (got == sizeof head && memcmp(head, npy_magic, sizeof head) == 0)
        s = read_npy(fp, name, max_samples(lim), out, err);
    else if (ferror(fp))
        s = read_failed(name, err);
    else
        s = read_text(fp, name, head + bom, got - bom, max_samples(lim), out, err);
    if (s != CA_OK)
        ca_signal_free(out);
    return s;
}

ca_status ca_signal_load(const char *path, const ca_signal_limits *lim, ca_signal *out,
                         ca_error *err)
{
    out->v = NULL;
    out->n = 0;
    /* read front to back: a pipe serves as well as a file */
    FILE *fp;
    ca_status s = ca_open_input(path, true, &fp, err);
    if (s != CA_OK)
        return s;
    s = ca_signal_read(fp, path, lim, out, err);
    fclose(fp);
    return s;
}

#include <errno.h>
#include <gif_lib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convanim/meta.h"
#include "base/util.h"

static const char MAGIC[] = "convanim-meta 1\n";

/* src into dst as one line: control characters become spaces; a name too
 * long is cut at a character's start, so the text stays UTF-8. */
static void one_line(char *dst, const char *src)
{
    size_t i = 0;
    for (; src[i] && i + 1 < CA_META_TEXT; i++)
        dst[i] = (unsigned char)src[i] < 0x20 || src[i] == 0x7f ? ' ' : src[i];
    /* src[i] is the first byte left out: if it continues a character, the
     * character's first bytes go too */
    while (src[i] && i > 0 && ((unsigned char)src[i] & 0xc0) == 0x80)
        i--;
    dst[i] = '\0';
}

ca_status ca_meta_format(const ca_meta *m, char *buf, size_t size, ca_error *err)
{
    char f[CA_META_TEXT], g[CA_META_TEXT], poster[CA_META_TEXT];
    one_line(f, m->f);
    one_line(g, m->g);
    one_line(poster, m->poster);
    int n = snprintf(buf, size,
                     "%sf: %s\nnf: %zu\ng: %s\nng: %zu\nmode: %s\ncorrelate: %d\n"
                     "outputs: %zu\nframes: %zu\nsize: %dx%d\nlayout: %s\nposter: %s\n",
                     MAGIC, f, m->nf, g, m->ng, ca_conv_mode_name(m->mode), m->correlate,
                     m->outputs, m->frames, m->width, m->height,
                     ca_layout_name(m->layout), poster);
    if (n < 0 || (size_t)n >= size)
        return ca_fail(err, CA_ELIMIT, "the animation's description needs %d bytes, has %zu", n,
                       size);
    return CA_OK;
}

/* A whole decimal number, digits only. */
static bool whole(const char *text, size_t *out)
{
    if (*text < '0' || *text > '9')
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (*end || errno == ERANGE || v > SIZE_MAX)
        return false;
    *out = (size_t)v;
    return true;
}

/* Sets one field from "key: value"; unknown keys are skipped. */
static ca_status parse_field(ca_meta *m, const char *key, const char *value, ca_error *err)
{
    size_t *count = strcmp(key, "nf") == 0        ? &m->nf
                    : strcmp(key, "ng") == 0      ? &m->ng
                    : strcmp(key, "outputs") == 0 ? &m->outputs
                    : strcmp(key, "frames") == 0  ? &m->frames
                                                  : NULL;
    size_t w, h;
    ca_error ignored;
    if (count) {
        if (!whole(value, count))
            return ca_fail(err, CA_EINPUT, "the description's %s '%s' is not a count", key,
                           value);
    } else if (strcmp(key, "size") == 0) {
        const char *x = strchr(value, 'x');
        char side[32];
        snprintf(side, sizeof side, "%.*s", x ? (int)(x - value) : 0, value);
        if (!x || !whole(side, &w) || !whole(x + 1, &h) || w > 65535 || h > 65535)
            return ca_fail(err, CA_EINPUT, "the description's size '%s' is not WxH", value);
        m->width = (int)w;
        m->height = (int)h;
    } else if (strcmp(key, "f") == 0) {
        one_line(m->f, value);
    } else if (strcmp(key, "g") == 0) {
        one_line(m->g, value);
    } else if (strcmp(key, "poster") == 0) {
        one_line(m->poster, value);
    } else if (strcmp(key, "correlate") == 0) {
        m->correlate = strcmp(value, "1") == 0;
    } else if (strcmp(key, "mode") == 0) {
        if (ca_conv_mode_parse(value, &m->mode, &ignored) != CA_OK)
            return ca_fail(err, CA_EINPUT, "the description's mode '%s' is unknown", value);
    } else if (strcmp(key, "layout") == 0) {
        if (ca_layout_parse(value, &m->layout, &ignored) != CA_OK)
            return ca_fail(err, CA_EINPUT, "the description's layout '%s' is unknown", value);
    }
    return CA_OK;
}

ca_status ca_meta_parse(const char *text, ca_meta *m, ca_error *err)
{
    memset(m, 0, sizeof *m);
    if (strncmp(text, MAGIC, sizeof MAGIC - 1) != 0)
        return ca_fail(err, CA_EINPUT, "not a convanim description");
    const char *p = text + sizeof MAGIC - 1;
    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        char line[2 * CA_META_TEXT];
        snprintf(line, sizeof line, "%.*s", (int)(len < sizeof line ? len : sizeof line - 1), p);
        char *colon = strstr(line, ": ");
        if (colon) {
            *colon = '\0';
            ca_status s = parse_field(m, line, colon + 2, err);
            if (s != CA_OK)
                return s;
        }
        p += len + (eol != NULL);
    }
    return CA_OK;
}

/* The text of the first comment extension before the first image, into
 * *text (malloc'd); CA_EINPUT when there is none. */
static ca_status first_comment(GifFileType *gif, const char *path, char **text_out,
                               ca_error *err)
{
    for (;;) {
        GifRecordType type;
        if (DGifGetRecordType(gif, &type) == GIF_ERROR)
            break;
        if (type != EXTENSION_RECORD_TYPE)
            break;
        int code;
        GifByteType *block;
        if (DGifGetExtension(gif, &code, &block) == GIF_ERROR)
            break;
        char *text = NULL;
        size_t len = 0;
        while (block) {
            if (code == COMMENT_EXT_FUNC_CODE) {
                char *more = realloc(text, len + block[0] + 1);
                if (!more) {
                    free(text);
                    return ca_fail(err, CA_ENOMEM, "%s: out of memory", path);
                }
                text = more;
                memcpy(text + len, block + 1, block[0]);
                len += block[0];
                text[len] = '\0';
            }
            if (DGifGetExtensionNext(gif, &block) == GIF_ERROR) {
                free(text);
                text = NULL;
                block = NULL;
            }
        }
        if (text) {
            *text_out = text;
            return CA_OK;
        }
    }
    return ca_fail(err, CA_EINPUT, "%s: has no convanim description (not made by convanim 0.1 "
                                   "or later?)", path);
}

ca_status ca_meta_read(const char *path, ca_meta *m, ca_error *err)
{
    int code;
    errno = 0;
    GifFileType *gif = DGifOpenFileName(path, &code);
    if (!gif) {
        if (code == D_GIF_ERR_OPEN_FAILED)
            return ca_fail(err, CA_EINPUT, "%s: cannot open: %s", path,
                           strerror(errno ? errno : ENOENT));
        return ca_fail(err, CA_EINPUT, "%s: not a GIF (%s)", path, GifErrorString(code));
    }
    char *text = NULL;
    ca_status s = first_comment(gif, path, &text, err);
    if (s == CA_OK) {
        ca_error why;
        if ((s = ca_meta_parse(text, m, &why)) != CA_OK)
            s = ca_fail(err, s, "%s: %s", path, why.msg);
        free(text);
    }
    DGifCloseFile(gif, &code);
    return s;
}

static const char *plural(size_t n)
{
    return n == 1 ? "" : "s";
}

void ca_meta_alt(const ca_meta *m, char *buf, size_t size)
{
    char head[3 * CA_META_TEXT];
    snprintf(head, sizeof head,
             "Animation of the %s mode %s of f = %s (%zu sample%s) and g = %s (%zu sample%s), "
             "in %zu frame%s: ", ca_conv_mode_name(m->mode),
             m->correlate ? "correlation" : "convolution", m->f, m->nf, plural(m->nf), m->g,
             m->ng, plural(m->ng), m->frames, plural(m->frames));
    const char *op = m->correlate ? "\u22c6" : "\u2217";
    if (m->layout == CA_LAYOUT_PRODUCT && m->correlate)
        snprintf(buf, size,
                 "%sfor each output sample n, f[k] and g shifted by n share one axis, their "
                 "products f[k]\u00b7g[k\u2212n+%zu] over the overlap are summed, and the "
                 "output f%sg (%zu sample%s) grows to n.",
                 head, m->ng > 0 ? m->ng - 1 : 0, op, m->outputs, plural(m->outputs));
    else if (m->layout == CA_LAYOUT_PRODUCT)
        snprintf(buf, size,
                 "%sfor each output sample n, f[k] and g flipped and shifted by n share one "
                 "axis, their products f[k]\u00b7g[n\u2212k] over the overlap are summed, and "
                 "the output f%sg (%zu sample%s) grows to n.",
                 head, op, m->outputs, plural(m->outputs));
    else
        snprintf(buf, size,
                 "%sg%s slides across f one sample per frame, the part of f it overlaps "
                 "shaded, while the output f%sg (%zu sample%s) is drawn up to the current "
                 "sample.",
                 head, m->correlate ? "" : ", flipped,", op, m->outputs, plural(m->outputs));
}

void ca_meta_caption(const ca_meta *m, char *buf, size_t size)
{
    snprintf(buf, size, "f = %s, g = %s: %s %s, %zu frames, %d\u00d7%d",
             m->f, m->g, ca_conv_mode_name(m->mode), m->correlate ? "correlation" : "convolution",
             m->frames, m->width, m->height);
}

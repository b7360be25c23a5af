#include <errno.h>
#include <gif_lib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convanim/meta.h"
#include "convanim/text.h"
#include "base/util.h"

static const char MAGIC[] = "convanim-meta 1\n";

/* The keys of the names the labels gave f, g and the output. */
static const char *const name_keys[3] = { "f-name", "g-name", "out-name" };

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
    char f[CA_META_TEXT], g[CA_META_TEXT], poster[CA_META_TEXT], title[CA_META_TEXT];
    char narrow[CA_META_TEXT], describe[CA_META_TEXT];
    one_line(narrow, m->narrow);
    one_line(describe, m->describe);
    one_line(f, m->f);
    one_line(g, m->g);
    one_line(poster, m->poster);
    one_line(title, m->title);
    int n = snprintf(buf, size,
                     "%sf: %s\nnf: %zu\ng: %s\nng: %zu\nmode: %s\ncorrelate: %d\n"
                     "outputs: %zu\nframes: %zu\nsize: %dx%d\nlayout: %s\nposter: %s\n"
                     "%s%s%s%s%s%s%s%s%s%s",
                     MAGIC, f, m->nf, g, m->ng, ca_conv_mode_name(m->mode), m->correlate,
                     m->outputs, m->frames, m->width, m->height,
                     ca_layout_name(m->layout), poster, title[0] ? "title: " : "", title,
                     title[0] ? "\n" : "", m->continuous ? "continuous: 1\n" : "",
                     narrow[0] ? "narrow: " : "", narrow, narrow[0] ? "\n" : "",
                     describe[0] ? "describe: " : "", describe, describe[0] ? "\n" : "");
    for (int i = 0; i < 3 && n >= 0 && (size_t)n < size; i++) {
        char name[CA_META_TEXT];
        one_line(name, m->name[i]);
        if (name[0]) {
            int k = snprintf(buf + n, size - (size_t)n, "%s: %s\n", name_keys[i], name);
            n = k < 0 ? k : n + k;
        }
    }
    char grid[CA_META_TEXT];
    one_line(grid, m->grid);
    if (grid[0] && n >= 0 && (size_t)n < size) {
        int k = snprintf(buf + n, size - (size_t)n, "grid: %s\n", grid);
        n = k < 0 ? k : n + k;
    }
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
    } else if (strcmp(key, name_keys[0]) == 0 || strcmp(key, name_keys[1]) == 0 ||
               strcmp(key, name_keys[2]) == 0) {
        one_line(m->name[key[0] == 'f' ? 0 : key[0] == 'g' ? 1 : 2], value);
    } else if (strcmp(key, "describe") == 0) {
        one_line(m->describe, value);
    } else if (strcmp(key, "narrow") == 0) {
        one_line(m->narrow, value);
    } else if (strcmp(key, "title") == 0) {
        one_line(m->title, value);
    } else if (strcmp(key, "grid") == 0) {
        one_line(m->grid, value);
    } else if (strcmp(key, "correlate") == 0) {
        m->correlate = strcmp(value, "1") == 0;
    } else if (strcmp(key, "continuous") == 0) {
        m->continuous = strcmp(value, "1") == 0;
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

static int read_from(GifFileType *gif, GifByteType *buf, int len)
{
    return (int)fread(buf, 1, (size_t)len, gif->UserData);
}

/* giflib's words for an error code; it has none for some */
static const char *gif_error(int code)
{
    const char *why = GifErrorString(code);
    return why ? why : "unreadable";
}

/* Appends a comment's data block to *text (malloc'd, NUL-terminated). */
static bool append(char **text, size_t *len, const GifByteType *block)
{
    char *more = realloc(*text, *len + block[0] + 1);
    if (!more)
        return false;
    memcpy(more + *len, block + 1, block[0]);
    *len += block[0];
    more[*len] = '\0';
    *text = more;
    return true;
}

/* Reads the GIF's whole structure to its trailer: every record, every
 * frame's descriptor and chain of data blocks. *frames counts the frames,
 * *text gets the first comment before the first frame (malloc'd), or stays
 * NULL. The pixels' codes are not decoded: that would cost as much as
 * drawing the animation did. */
static ca_status walk(GifFileType *gif, FILE *fp, const char *path, size_t *frames,
                      char **text, ca_error *err)
{
    ca_status s = CA_OK;
    for (bool done = false; s == CA_OK && !done;) {
        GifRecordType type;
        int code;
        GifByteType *block;
        bool ok = DGifGetRecordType(gif, &type) != GIF_ERROR;
        if (ok && type == IMAGE_DESC_RECORD_TYPE) {
            ok = DGifGetImageDesc(gif) != GIF_ERROR &&
                 DGifGetCode(gif, &code, &block) != GIF_ERROR;
            while (ok && block)
                ok = DGifGetCodeNext(gif, &block) != GIF_ERROR;
            *frames += ok;
        } else if (ok && type == EXTENSION_RECORD_TYPE) {
            ok = DGifGetExtension(gif, &code, &block) != GIF_ERROR;
            bool keep = ok && code == COMMENT_EXT_FUNC_CODE && *frames == 0 && !*text;
            size_t len = 0;
            char *comment = NULL;
            while (ok && block) {
                if (keep && !append(&comment, &len, block)) {
                    s = ca_fail(err, CA_ENOMEM, "%s: out of memory", path);
                    break;
                }
                ok = DGifGetExtensionNext(gif, &block) != GIF_ERROR;
            }
            if (keep && ok && s == CA_OK)
                *text = comment;
            else
                free(comment);
        } else if (ok) {
            done = type == TERMINATE_RECORD_TYPE;
            ok = done;
        }
        if (!ok && s == CA_OK) {
            if (feof(fp))
                s = ca_fail(err, CA_EINPUT, "%s: cut short after %zu whole frame%s", path,
                            *frames, *frames == 1 ? "" : "s");
            else if (ferror(fp))
                s = ca_fail(err, CA_EIO, "%s: read error: %s", path, strerror(errno));
            else
                s = ca_fail(err, CA_EINPUT, "%s: a damaged GIF (%s)", path,
                            gif_error(gif->Error));
        }
    }
    if (s != CA_OK) {
        free(*text);
        *text = NULL;
    }
    return s;
}

ca_status ca_meta_inspect(const char *path, ca_meta *m, bool *ours, ca_error *err)
{
    *ours = false;
    memset(m, 0, sizeof *m);
    /* a GIF goes on a page as the file it is: a pipe will not do */
    FILE *fp;
    ca_status s = ca_open_input(path, false, &fp, err);
    if (s != CA_OK)
        return s;
    int code;
    GifFileType *gif = DGifOpen(fp, read_from, &code);
    if (!gif) {
        fclose(fp);
        return ca_fail(err, code == D_GIF_ERR_NOT_ENOUGH_MEM ? CA_ENOMEM : CA_EINPUT,
                       "%s: not a GIF (%s)", path, gif_error(code));
    }
    char *text = NULL;
    size_t frames = 0;
    int width = gif->SWidth, height = gif->SHeight;
    s = walk(gif, fp, path, &frames, &text, err);
    DGifCloseFile(gif, &code);
    fclose(fp);
    if (s == CA_OK && text && strncmp(text, MAGIC, sizeof MAGIC - 1) == 0) {
        ca_error why;
        if ((s = ca_meta_parse(text, m, &why)) != CA_OK)
            s = ca_fail(err, s, "%s: %s", path, why.msg);
        *ours = s == CA_OK;
    }
    free(text);
    if (s == CA_OK) {
        /* what the file holds, whatever its description says */
        m->frames = frames;
        m->width = width;
        m->height = height;
    }
    return s;
}

ca_status ca_meta_read(const char *path, ca_meta *m, ca_error *err)
{
    bool ours;
    ca_status s = ca_meta_inspect(path, m, &ours, err);
    if (s == CA_OK && !ours)
        s = ca_fail(err, CA_EINPUT, "%s: has no convanim description (not made by convanim "
                                    "0.1 or later?)", path);
    return s;
}

static const char *plural(size_t n)
{
    return n == 1 ? "" : "s";
}

/* A name as a reader hears it (ca_text_plain); def when there is none. A
 * name that is not valid markup (a GIF's description may say anything)
 * reads as written. */
static void plain_name(const char *name, const char *def, char *buf, size_t size)
{
    char *plain = NULL;
    ca_error err;
    const char *text = ca_text_plain(name, &plain, &err) == CA_OK ? plain : name;
    snprintf(buf, size, "%s", *text ? text : def);
    free(plain);
}

/* A signal as the alt text names it: its spec, and its length when it is
 * one of samples. */
static void signal_words(const ca_meta *m, const char *spec, size_t n, char *buf, size_t size)
{
    if (m->continuous)
        snprintf(buf, size, "%s (a function of t)", spec);
    else
        snprintf(buf, size, "%s (%zu sample%s)", spec, n, plural(n));
}

/* A 2D animation's: the image and the kernel for f and g, their cells for
 * samples, the window moving over the grid; the parameter line says the
 * padding, stride, dilation and kind. */
static void alt2d(const ca_meta *m, char *buf, size_t size)
{
    snprintf(buf, size,
             "Animation of a 2D kernel sliding over an image, in %zu frame%s: the image %s "
             "(%zu cell%s), the kernel %s (%zu cell%s), %s. One output cell per frame, the "
             "kernel's window is outlined over the image with its weights and the sum of the "
             "products written out, while the output (%zu cell%s) fills in cell by cell.",
             m->frames, plural(m->frames), m->f, m->nf, plural(m->nf), m->g, m->ng,
             plural(m->ng), m->grid, m->outputs, plural(m->outputs));
}

void ca_meta_alt(const ca_meta *m, char *buf, size_t size)
{
    if (m->grid[0]) {
        alt2d(m, buf, size);
        return;
    }
    char f[CA_META_TEXT], g[CA_META_TEXT], y[2 * CA_META_TEXT + 4], fg[2 * CA_META_TEXT + 4];
    const char *op = m->correlate ? "\u22c6" : "\u2217";
    plain_name(m->name[0], "f", f, sizeof f);
    plain_name(m->name[1], "g", g, sizeof g);
    snprintf(fg, sizeof fg, "%s%s%s", f, op, g);
    plain_name(m->name[2], fg, y, sizeof y);
    char fs[CA_META_TEXT + 32], gs[CA_META_TEXT + 32], head[6 * CA_META_TEXT], out[64];
    signal_words(m, m->f, m->nf, fs, sizeof fs);
    signal_words(m, m->g, m->ng, gs, sizeof gs);
    /* the modes cut sequences of samples; a continuous integral has none */
    char mode[32] = "";
    if (!m->continuous)
        snprintf(mode, sizeof mode, "%s mode ", ca_conv_mode_name(m->mode));
    snprintf(head, sizeof head, "Animation of the %s%s of %s = %s and %s = %s, in %zu frame%s: ",
             mode, m->correlate ? "correlation" : "convolution", f, fs, g, gs, m->frames,
             plural(m->frames));
    snprintf(out, sizeof out, " (%zu sample%s)", m->outputs, plural(m->outputs));
    const char *flipped = m->correlate ? "" : ", flipped,";
    if (m->continuous)
        snprintf(buf, size,
                 "%s%s%s slides across %s as t grows, the part of %s it overlaps shaded, while "
                 "the output %s is drawn up to the current t.",
                 head, g, flipped, f, f, y);
    else if (m->layout == CA_LAYOUT_PRODUCT && m->correlate)
        snprintf(buf, size,
                 "%sfor each lag n, %s[k] and %s shifted by n share one axis, their products "
                 "%s[k]\u00b7%s[k\u2212n] over the overlap are summed, and the output %s%s "
                 "grows to n.",
                 head, f, g, f, g, y, out);
    else if (m->layout == CA_LAYOUT_PRODUCT)
        snprintf(buf, size,
                 "%sfor each output sample n, %s[k] and %s flipped and shifted by n share one "
                 "axis, their products %s[k]\u00b7%s[n\u2212k] over the overlap are summed, "
                 "and the output %s%s grows to n.",
                 head, f, g, f, g, y, out);
    else
        snprintf(buf, size,
                 "%s%s%s slides across %s one sample per frame, the part of %s it overlaps "
                 "shaded, while the output %s%s is drawn up to the current sample.",
                 head, g, flipped, f, f, y, out);
}

void ca_meta_plain_title(const ca_meta *m, char *buf, size_t size)
{
    plain_name(m->title, "", buf, size);
}

/* A signal named by a file is named by the file's name: its folders say
 * where the lecturer kept it, nothing about the signal. */
static const char *short_spec(const char *spec)
{
    const char *slash = strrchr(spec, '/');
    return slash && !strchr(spec, ':') ? slash + 1 : spec;
}

void ca_meta_caption(const ca_meta *m, char *buf, size_t size)
{
    if (m->grid[0]) {
        snprintf(buf, size, "image = %s, kernel = %s: %s, %zu frames, %d\u00d7%d",
                 short_spec(m->f), short_spec(m->g), m->grid, m->frames, m->width, m->height);
        return;
    }
    char title[CA_META_TEXT];
    ca_meta_plain_title(m, title, sizeof title);
    char what[64];
    snprintf(what, sizeof what, "%s %s", m->continuous ? "continuous-time" :
             ca_conv_mode_name(m->mode), m->correlate ? "correlation" : "convolution");
    if (title[0])
        snprintf(buf, size, "%s: %s, %zu frames", title, what, m->frames);
    else
        snprintf(buf, size, "f = %s, g = %s: %s, %zu frames, %d\u00d7%d", short_spec(m->f),
                 short_spec(m->g), what, m->frames, m->width, m->height);
}

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "out/atomic.h"
#include "convanim/web.h"
#include "base/util.h"
#include "web/player.js.h"

/* A growing string; a failed allocation sticks and is reported once. */
typedef struct text {
    char *s;
    size_t len, cap;
    bool failed;
} text;

static void add(text *t, const char *s, size_t n)
{
    if (t->failed)
        return;
    if (t->len + n + 1 > t->cap) {
        size_t cap = (t->len + n + 1) * 2;
        char *more = realloc(t->s, cap);
        if (!more) {
            t->failed = true;
            return;
        }
        t->s = more;
        t->cap = cap;
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}

static void add_str(text *t, const char *s)
{
    add(t, s, strlen(s));
}

static void addf(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void addf(text *t, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > 0)
        add(t, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

/* s as HTML text or attribute value. */
static void add_escaped(text *t, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': add(t, "&amp;", 5); break;
        case '<': add(t, "&lt;", 4); break;
        case '>': add(t, "&gt;", 4); break;
        case '"': add(t, "&quot;", 6); break;
        case '\'': add(t, "&#39;", 5); break;
        default: add(t, s, 1);
        }
    }
}

/* A link as an attribute value: a path or a URL as given, with what
 * cannot stand in a URL (blanks, quotes, angle brackets, control and
 * non-ASCII bytes) percent-encoded and '&' written as an entity. */
static void add_href(text *t, const char *href)
{
    for (const unsigned char *p = (const unsigned char *)href; *p; p++) {
        if (*p <= ' ' || *p >= 0x7f || strchr("\"'<>\\^`{|}", *p))
            addf(t, "%%%02X", *p);
        else if (*p == '&')
            add(t, "&amp;", 5);
        else
            add(t, (const char *)p, 1);
    }
}

const char *ca_web_path_href(const char *path, char *buf, size_t size)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t len = 0;
    /* "a:b/c" would read as a URL scheme */
    const char *colon = strchr(path, ':'), *slash = strchr(path, '/');
    if (colon && (!slash || colon < slash)) {
        if (size < 3)
            return NULL;
        memcpy(buf, "./", 2);
        len = 2;
    }
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        bool plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                     (*p >= '0' && *p <= '9') || strchr("-._~/", *p);
        if (len + (plain ? 1 : 3) >= size)
            return NULL;
        if (plain) {
            buf[len++] = (char)*p;
        } else {
            buf[len++] = '%';
            buf[len++] = hex[*p >> 4];
            buf[len++] = hex[*p & 15];
        }
    }
    buf[len] = '\0';
    return buf;
}

/* The link from the page at from to the file at to, as an href. */
static const char *link_href(const char *from, const char *to, char *buf, size_t size)
{
    char rel[4096];
    const char *r = ca_web_relative(from, to, rel, sizeof rel);
    return r ? ca_web_path_href(r, buf, size) : NULL;
}

static ca_status finish_text(text *t, char **out, ca_error *err)
{
    if (t->failed) {
        free(t->s);
        return ca_fail(err, CA_ENOMEM, "out of memory for the HTML");
    }
    *out = t->s;
    return CA_OK;
}

/* The image type a file's first bytes say it is, or NULL. */
static const char *image_type(const unsigned char *b, size_t n)
{
    if (n >= 6 && (memcmp(b, "GIF87a", 6) == 0 || memcmp(b, "GIF89a", 6) == 0))
        return "image/gif";
    if (n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
        return "image/png";
    if (n >= 12 && memcmp(b, "RIFF", 4) == 0 && memcmp(b + 8, "WEBP", 4) == 0)
        return "image/webp";
    return NULL;
}

ca_status ca_web_data_uri(const char *path, char **uri, ca_error *err)
{
    static const char digits[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    FILE *fp;
    ca_status s = ca_open_input(path, false, &fp, err);
    if (s != CA_OK)
        return s;
    text bytes = { 0 };
    char buf[65536];
    for (size_t got; (got = fread(buf, 1, sizeof buf, fp)) > 0;)
        add(&bytes, buf, got);
    bool failed = ferror(fp) != 0;
    fclose(fp);
    if (failed) {
        free(bytes.s);
        return ca_fail(err, CA_EIO, "%s: cannot read it", path);
    }
    if (bytes.failed) {
        free(bytes.s);
        return ca_fail(err, CA_ENOMEM, "%s: out of memory reading it", path);
    }
    const unsigned char *b = (const unsigned char *)bytes.s;
    const char *type = image_type(b, bytes.len);
    if (!type) {
        free(bytes.s);
        return ca_fail(err, CA_EINPUT, "%s: not a GIF, PNG or WebP image", path);
    }
    text t = { 0 };
    addf(&t, "data:%s;base64,", type);
    for (size_t i = 0; i < bytes.len; i += 3) {
        uint32_t v = (uint32_t)b[i] << 16;
        if (i + 1 < bytes.len)
            v |= (uint32_t)b[i + 1] << 8;
        if (i + 2 < bytes.len)
            v |= b[i + 2];
        char quad[4] = { digits[v >> 18], digits[v >> 12 & 63],
                         i + 1 < bytes.len ? digits[v >> 6 & 63] : '=',
                         i + 2 < bytes.len ? digits[v & 63] : '=' };
        add(&t, quad, 4);
    }
    free(bytes.s);
    return finish_text(&t, uri, err);
}

/* The description's JSON inside a <script> element: "</" would end the
 * element early, so '<' is written as the escape JSON allows. */
static void add_json(text *t, const char *json)
{
    for (const char *p = json; *p; p++) {
        if (*p == '<')
            add(t, "\\u003c", 6);
        else
            add(t, p, 1);
    }
}

/* The player's buttons, scrubber and speed, hidden until its script has
 * the frames; then the caption region it fills. */
static const char player_controls[] =
    "  <div class=\"convanim-controls\" role=\"group\" aria-label=\"Player\" hidden>\n"
    "    <button type=\"button\" data-act=\"back\">Step back</button>\n"
    "    <button type=\"button\" data-act=\"play\">Play</button>\n"
    "    <button type=\"button\" data-act=\"forward\">Step forward</button>\n"
    "    <label>Step <input type=\"range\" min=\"0\" max=\"0\" value=\"0\"></label>\n"
    "    <label>Speed <select>\n"
    "      <option value=\"0.25\">\u00bc\u00d7</option>\n"
    "      <option value=\"0.5\">\u00bd\u00d7</option>\n"
    "      <option value=\"1\" selected>1\u00d7</option>\n"
    "      <option value=\"2\">2\u00d7</option>\n"
    "    </select></label>\n"
    "  </div>\n"
    "  <p class=\"convanim-caption\" aria-live=\"polite\"></p>\n";

static void add_figure(text *t, const ca_meta *m, const ca_web_figure_options *o)
{
    char alt[2048], caption[1024];
    const char *href = o->gif_href;
    const char *name = o->name                ? o->name
                       : strrchr(href, '/') ? strrchr(href, '/') + 1
                                            : href;
    if (m && o->described) {
        ca_meta_alt(m, alt, sizeof alt);
        ca_meta_caption(m, caption, sizeof caption);
    } else if (m) {
        /* a GIF with no description of ours: what the file itself says */
        snprintf(alt, sizeof alt, "Animation %s, %zu frame%s", name, m->frames,
                 m->frames == 1 ? "" : "s");
        snprintf(caption, sizeof caption, "%s, %zu frames, %d\u00d7%d", name, m->frames,
                 m->width, m->height);
    } else {
        snprintf(alt, sizeof alt, "Animation %s", name);
        snprintf(caption, sizeof caption, "%s", name);
    }
    /* without the script the GIF plays, so the state starts as playing */
    add_str(t, o->player ? "<figure class=\"convanim\" data-state=\"playing\">\n  <picture>\n"
                         : "<figure>\n  <picture>\n");
    if (o->poster_href) {
        add(t, "    <source srcset=\"", 20);
        add_href(t, o->poster_href);
        add(t, "\" media=\"(prefers-reduced-motion: reduce)\">\n", 44);
    }
    if (o->narrow_href) {
        add_str(t, "    <source srcset=\"");
        add_href(t, o->narrow_href);
        addf(t, "\" media=\"%s\" width=\"%d\" height=\"%d\" data-narrow>\n",
             CA_WEB_NARROW_MEDIA, o->narrow_width, o->narrow_height);
    }
    add(t, "    <img src=\"", 14);
    add_href(t, href);
    add(t, "\"", 1);
    if (m && m->width > 0 && m->height > 0)
        addf(t, " width=\"%d\" height=\"%d\"", m->width, m->height);
    add(t, " loading=\"lazy\" alt=\"", 21);
    add_escaped(t, alt);
    add(t, "\">\n  </picture>\n", 16);
    if (o->player) {
        add(t, player_controls, sizeof player_controls - 1);
        if (o->describe) {
            add_str(t, "  <script type=\"application/json\" class=\"convanim-describe\">");
            add_json(t, o->describe);
            add(t, "</script>\n", 10);
        }
    }
    add(t, "  <figcaption>", 14);
    add_escaped(t, caption);
    if (o->bytes > 0)
        addf(t, ", %lld KB", (o->bytes + 512) / 1024);
    add(t, "</figcaption>\n</figure>\n", 24);
}

ca_status ca_web_figure(const ca_meta *m, const ca_web_figure_options *o, char **html,
                        ca_error *err)
{
    text t = { 0 };
    add_figure(&t, m, o);
    return finish_text(&t, html, err);
}

static bool regular_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The real path of the folder path is in ("." for a bare name), malloc'd;
 * NULL when it cannot be resolved. */
static char *real_folder(const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[4096];
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    return realpath(dir, NULL);
}

const char *ca_web_relative(const char *from_file, const char *to_file, char *buf, size_t size)
{
    char *from = real_folder(from_file), *to = real_folder(to_file);
    const char *name = strrchr(to_file, '/') ? strrchr(to_file, '/') + 1 : to_file;
    const char *result = NULL;
    if (from && to) {
        /* the folders' common part ends at a '/' (or the end) in both */
        size_t common = 0;
        for (size_t i = 0;; i++) {
            bool end_from = from[i] == '\0' || from[i] == '/';
            bool end_to = to[i] == '\0' || to[i] == '/';
            if (end_from && end_to)
                common = i;
            if (from[i] != to[i] || !from[i])
                break;
        }
        size_t len = 0;
        for (const char *p = from + common; *p; p++)
            if (*p == '/' && len + 4 < size) {
                memcpy(buf + len, "../", 3);
                len += 3;
            }
        const char *rest = to + common + (to[common] == '/');
        int n = snprintf(buf + len, size - len, "%s%s%s", rest, *rest ? "/" : "", name);
        if (n >= 0 && (size_t)n < size - len)
            result = buf;
    }
    free(from);
    free(to);
    return result;
}

const char *ca_web_poster_of(const char *gif_path, const ca_meta *m, char *buf, size_t size)
{
    const char *slash = strrchr(gif_path, '/');
    int dir = slash ? (int)(slash - gif_path + 1) : 0;
    /* a recorded poster is relative to the GIF's folder; a GIF is not to
     * be trusted to name any other file */
    if (m && m->poster[0] && m->poster[0] != '/') {
        int n = snprintf(buf, size, "%.*s%s", dir, gif_path, m->poster);
        if (n >= 0 && (size_t)n < size && regular_file(buf))
            return buf;
    }
    size_t len = strlen(gif_path);
    if (len > 4 && strcmp(gif_path + len - 4, ".gif") == 0) {
        int n = snprintf(buf, size, "%.*s.png", (int)(len - 4), gif_path);
        if (n >= 0 && (size_t)n < size && regular_file(buf))
            return buf;
    }
    return NULL;
}

const char *ca_web_narrow_of(const char *gif_path, const ca_meta *m, ca_meta *narrow,
                             char *buf, size_t size)
{
    const char *slash = strrchr(gif_path, '/');
    int dir = slash ? (int)(slash - gif_path + 1) : 0;
    /* relative to the GIF's folder, like the poster */
    if (!m || !m->narrow[0] || m->narrow[0] == '/')
        return NULL;
    int n = snprintf(buf, size, "%.*s%s", dir, gif_path, m->narrow);
    bool ours;
    ca_error ignored;
    if (n < 0 || (size_t)n >= size || ca_meta_inspect(buf, narrow, &ours, &ignored) != CA_OK)
        return NULL;
    return buf;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The .gif names in dir, sorted; *names is malloc'd, each name too. */
static ca_status list_gifs(const char *dir, char ***names, size_t *count, ca_error *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return ca_fail(err, CA_EINPUT, "%s: cannot open the folder: %s", dir, strerror(errno));
    char **list = NULL;
    size_t n = 0, cap = 0;
    ca_status s = CA_OK;
    for (struct dirent *e; s == CA_OK && (e = readdir(d)) != NULL;) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".gif") != 0 || e->d_name[0] == '.')
            continue;
        if (n == cap) {
            char **more = realloc(list, (cap ? cap * 2 : 16) * sizeof *list);
            if (!more) {
                s = ca_fail(err, CA_ENOMEM, "%s: out of memory listing the folder", dir);
                break;
            }
            list = more;
            cap = cap ? cap * 2 : 16;
        }
        if (!(list[n] = strdup(e->d_name)))
            s = ca_fail(err, CA_ENOMEM, "%s: out of memory listing the folder", dir);
        else
            n++;
    }
    closedir(d);
    if (s != CA_OK) {
        for (size_t i = 0; i < n; i++)
            free(list[i]);
        free(list);
        return s;
    }
    if (n)
        qsort(list, n, sizeof *list, by_name);
    *names = list;
    *count = n;
    return CA_OK;
}

/* Writes html to path through a temporary, so the page appears whole. */
static ca_status write_page(const char *path, const char *html, ca_error *err)
{
    ca_atomic file;
    ca_status s = ca_atomic_open(&file, path, err);
    if (s != CA_OK)
        return s;
    size_t len = strlen(html);
    if (ca_atomic_write(&file, html, len) != len)
        s = ca_atomic_write_failed(&file, err);
    if (s == CA_OK)
        s = ca_atomic_commit(&file, err);
    ca_atomic_abort(&file);
    return s;
}

const char *ca_web_player_script(void)
{
    return player_js;
}

static const char page_style[] =
    "<style>\n"
    "body { font-family: system-ui, sans-serif; line-height: 1.45; margin: 0 auto;\n"
    "       max-width: 62rem; padding: 1rem; color: #1a1a1a; background: #fff; }\n"
    "figure { margin: 0 0 2.5rem; }\n"
    "img, canvas { display: block; max-width: 100%; height: auto; border: 1px solid #ddd; }\n"
    "figcaption { font-size: 0.95rem; margin-top: 0.4rem; overflow-wrap: anywhere; }\n"
    ".convanim-controls { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem;\n"
    "                     align-items: center; margin-top: 0.5rem; }\n"
    ".convanim-controls[hidden] { display: none; }\n"
    ".convanim-controls button, .convanim-controls select { font: inherit;\n"
    "                     min-height: 2.75rem; padding: 0 0.9rem; }\n"
    ".convanim-controls input { vertical-align: middle; min-width: 10rem; }\n"
    ".convanim-caption { margin: 0.4rem 0 0; font-variant-numeric: tabular-nums; }\n"
    ".convanim-caption:empty { display: none; }\n"
    ":focus-visible { outline: 3px solid #1f5fbf; outline-offset: 2px; }\n"
    "</style>\n";

/* A whole page around body_html: the language, the title as the page's
 * title and its one heading, an introduction, and the player's script. */
static void add_page(text *t, const ca_web_page *page, const char *intro, const text *body)
{
    const char *title = page && page->title ? page->title : "Convolution animations";
    add_str(t, "<!DOCTYPE html>\n<html lang=\"");
    add_escaped(t, page && page->lang ? page->lang : "en");
    add_str(t, "\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
               "<title>");
    add_escaped(t, title);
    add_str(t, "</title>\n");
    add_str(t, page_style);
    add_str(t, "</head>\n<body>\n<main>\n<h1>");
    add_escaped(t, title);
    add_str(t, "</h1>\n<p>");
    add_escaped(t, intro);
    add_str(t, "</p>\n");
    if (body->s)
        add(t, body->s, body->len);
    add_str(t, "</main>\n<script>\n");
    add_str(t, player_js);
    add_str(t, "</script>\n</body>\n</html>\n");
    t->failed |= body->failed;
}

static const char how_to_step[] =
    "Each animation plays by itself; pause it, or step through it one output sample at a "
    "time, with the buttons under it or the keys space, \u2190, \u2192, Home and End, and "
    "read what each step computes under the picture. Readers who ask their system for "
    "reduced motion get each one paused on its last frame.";

/* The narrow rendering the GIF's description names, linked from the page
 * at page_path, into o. */
static void add_narrow(ca_web_figure_options *o, const char *gif_path, const ca_meta *m,
                       const char *page_path, char *buf, size_t size)
{
    char path[4096];
    ca_meta narrow;
    if (ca_web_narrow_of(gif_path, m, &narrow, path, sizeof path) &&
        (o->narrow_href = link_href(page_path, path, buf, size)) != NULL) {
        o->narrow_width = narrow.width;
        o->narrow_height = narrow.height;
    }
}

ca_status ca_web_embed_file(const char *gif_path, const char *html_path, const char *describe,
                            ca_error *err)
{
    ca_meta m, narrow = { 0 };
    ca_status s = ca_meta_read(gif_path, &m, err);
    if (s != CA_OK)
        return s;
    /* every picture in the page itself: a page opened from a file may read
     * no other file in Firefox, nor in Chromium, and it can be mailed or
     * moved alone */
    char poster[4096], narrow_path[4096];
    const char *p = ca_web_poster_of(gif_path, &m, poster, sizeof poster);
    const char *n = ca_web_narrow_of(gif_path, &m, &narrow, narrow_path, sizeof narrow_path);
    char *gif_uri = NULL, *poster_uri = NULL, *narrow_uri = NULL;
    s = ca_web_data_uri(gif_path, &gif_uri, err);
    if (s == CA_OK && p)
        s = ca_web_data_uri(p, &poster_uri, err);
    if (s == CA_OK && n)
        s = ca_web_data_uri(n, &narrow_uri, err);
    struct stat st;
    ca_web_figure_options o = { .gif_href = gif_uri, .poster_href = poster_uri,
                                .narrow_href = narrow_uri, .describe = describe,
                                .narrow_width = narrow.width, .narrow_height = narrow.height,
                                .bytes = stat(gif_path, &st) == 0 ? (long long)st.st_size : 0,
                                .name = gif_path, .described = true, .player = true };
    char *html = NULL;
    if (s == CA_OK) {
        text figure = { 0 }, t = { 0 };
        add_figure(&figure, &m, &o);
        char title[CA_META_TEXT];
        ca_meta_plain_title(&m, title, sizeof title);
        ca_web_page page = { .title = title[0] ? title : NULL };
        add_page(&t, &page, how_to_step, &figure);
        free(figure.s);
        s = finish_text(&t, &html, err);
    }
    free(gif_uri);
    free(poster_uri);
    free(narrow_uri);
    if (s == CA_OK)
        s = write_page(html_path, html, err);
    free(html);
    return s;
}

/* The JSON description the GIF's meta names, beside it, when it is one of
 * convanim's: malloc'd, NUL-ended; NULL when there is none. A missing or
 * foreign file only costs the player its captions. */
static char *read_describe(const char *gif_path, const ca_meta *m)
{
    const char *slash = strrchr(gif_path, '/');
    int dir = slash ? (int)(slash - gif_path + 1) : 0;
    char path[4096];
    if (!m->describe[0] || m->describe[0] == '/')
        return NULL;
    int n = snprintf(path, sizeof path, "%.*s%s", dir, gif_path, m->describe);
    FILE *fp;
    ca_error ignored;
    if (n < 0 || (size_t)n >= sizeof path || ca_open_input(path, false, &fp, &ignored) != CA_OK)
        return NULL;
    text t = { 0 };
    char buf[65536];
    for (size_t got; (got = fread(buf, 1, sizeof buf, fp)) > 0;)
        add(&t, buf, got);
    bool whole = !ferror(fp) && !t.failed;
    fclose(fp);
    static const char head[] = "{\"version\": 1,";
    if (!whole || !t.s || strncmp(t.s, head, sizeof head - 1) != 0) {
        free(t.s);
        return NULL;
    }
    return t.s;
}

/* One GIF of a gallery's folder, as read. */
typedef struct entry {
    char path[4096];
    ca_meta m;
    bool ours;
    ca_status got;
    ca_error why;
} entry;

/* Whether entry i is the narrow rendering another GIF of the folder names
 * (a recorded path is relative to the GIF's folder: here, a bare name). */
static bool is_narrow_of_another(const entry *e, size_t count, const char *name)
{
    for (size_t k = 0; k < count; k++)
        if (e[k].got == CA_OK && e[k].ours && strcmp(e[k].m.narrow, name) == 0)
            return true;
    return false;
}

ca_status ca_web_gallery(const char *dir, const char *out_path, const ca_web_page *page,
                         char **skipped, ca_error *err)
{
    char **names = NULL;
    size_t count = 0, shown = 0;
    if (skipped)
        *skipped = NULL;
    ca_status s = list_gifs(dir, &names, &count, err);
    if (s != CA_OK)
        return s;
    /* a page that cannot be written is refused before any GIF is read, and
     * the links need its folder */
    s = ca_atomic_check(out_path, err);
    int dlen = (int)strlen(dir);
    while (dlen > 1 && dir[dlen - 1] == '/')
        dlen--;
    entry *e = count ? calloc(count, sizeof *e) : NULL;
    if (s == CA_OK && count && !e)
        s = ca_fail(err, CA_ENOMEM, "%s: out of memory reading the folder", dir);
    /* every GIF read first: a narrow rendering is shown with its GIF */
    for (size_t i = 0; i < count && s == CA_OK; i++) {
        int n = snprintf(e[i].path, sizeof e[i].path, "%.*s/%s",
                         dir[0] == '/' && dlen == 1 ? 0 : dlen, dir, names[i]);
        if (n < 0 || (size_t)n >= sizeof e[i].path)
            s = ca_fail(err, CA_EINPUT, "%s/%s: path too long", dir, names[i]);
        else if ((e[i].got = ca_meta_inspect(e[i].path, &e[i].m, &e[i].ours, &e[i].why)) !=
                     CA_OK && !ca_status_is_input(e[i].got))
            s = ca_fail(err, e[i].got, "%s", e[i].why.msg);
    }
    text figures = { 0 }, notes = { 0 };
    for (size_t i = 0; i < count && s == CA_OK; i++) {
        char poster[4096], gif_href[4096], poster_href[4096], narrow_href[4096];
        const char *path = e[i].path;
        if (e[i].got != CA_OK) {
            addf(&notes, "%s\n", e[i].why.msg);
            continue;
        }
        if (is_narrow_of_another(e, count, names[i]))
            continue;
        const ca_meta *m = &e[i].m;
        struct stat st;
        const char *p = ca_web_poster_of(path, e[i].ours ? m : NULL, poster, sizeof poster);
        const char *gh = link_href(out_path, path, gif_href, sizeof gif_href);
        if (!gh) {
            s = ca_fail(err, CA_EINPUT, "%s: cannot link %s from it", out_path, path);
            break;
        }
        ca_web_figure_options o = {
            .gif_href = gh,
            .poster_href = p ? link_href(out_path, p, poster_href, sizeof poster_href) : NULL,
            .bytes = stat(path, &st) == 0 ? (long long)st.st_size : 0,
            .described = e[i].ours, .player = true };
        char *describe = NULL;
        if (e[i].ours) {
            add_narrow(&o, path, m, out_path, narrow_href, sizeof narrow_href);
            o.describe = describe = read_describe(path, m);
        }
        add_figure(&figures, m, &o);
        free(describe);
        shown++;
    }
    free(e);
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
    char intro[1024];
    snprintf(intro, sizeof intro, "%zu animation%s. %s", shown, shown == 1 ? "" : "s",
             how_to_step);
    text t = { 0 };
    add_page(&t, page, intro, &figures);
    free(figures.s);
    char *html = NULL, *note = NULL;
    if (s == CA_OK)
        s = finish_text(&t, &html, err);
    else
        free(t.s);
    if (s == CA_OK && skipped && notes.s)
        s = finish_text(&notes, &note, err);
    else
        free(notes.s);
    if (s == CA_OK)
        s = write_page(out_path, html, err);
    free(html);
    if (s == CA_OK && skipped)
        *skipped = note;
    else
        free(note);
    return s;
}

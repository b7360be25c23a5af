#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <png.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include "convanim/anim.h"
#include "convanim/gif.h"
#include "convanim/meta.h"
#include "convanim/png.h"
#include "convanim/web.h"
#include "runutil.h"

static ca_meta sample_meta(void)
{
    ca_meta m = { .nf = 70, .ng = 40, .outputs = 109, .frames = 109, .width = 960,
                  .height = 640, .mode = CA_CONV_FULL, .layout = CA_LAYOUT_STACKED };
    snprintf(m.f, sizeof m.f, "%s", "sawtooth:pad=5");
    snprintf(m.g, sizeof m.g, "%s", "decay");
    snprintf(m.poster, sizeof m.poster, "%s", "block.png");
    return m;
}

START_TEST(figure_offers_the_poster_to_reduced_motion)
{
    ca_meta m = sample_meta();
    char *html;
    ca_error err;
    ca_web_figure_options o = { .gif_href = "out/block 1.gif", .poster_href = "out/block.png",
                                .bytes = 197543, .described = true };
    ck_assert_int_eq(ca_web_figure(&m, &o, &html, &err), CA_OK);
    ck_assert_ptr_nonnull(strstr(html, "<figure>\n  <picture>\n"));
    ck_assert_ptr_nonnull(strstr(html, "<source srcset=\"out/block.png\" "
                                       "media=\"(prefers-reduced-motion: reduce)\">"));
    ck_assert_ptr_nonnull(strstr(html, "<img src=\"out/block%201.gif\" width=\"960\" "
                                       "height=\"640\" loading=\"lazy\" alt=\"Animation of the "
                                       "full mode convolution of f = sawtooth:pad=5 (70 "
                                       "samples) and g = decay (40 samples), in 109 frames: g, "
                                       "flipped, slides across f"));
    ck_assert_ptr_nonnull(strstr(html, "<figcaption>f = sawtooth:pad=5, g = decay: full "
                                       "convolution, 109 frames, 960\u00d7640, 193 KB"
                                       "</figcaption>\n</figure>\n"));
    free(html);

    /* names are the user's: escaped, never markup */
    snprintf(m.f, sizeof m.f, "%s", "a<b>&\"c'.csv");
    m.layout = CA_LAYOUT_PRODUCT;
    m.correlate = true;
    o = (ca_web_figure_options){ .gif_href = "x.gif", .described = true };
    ck_assert_int_eq(ca_web_figure(&m, &o, &html, &err), CA_OK);
    ck_assert_ptr_null(strstr(html, "<b>"));
    ck_assert_ptr_nonnull(strstr(html, "a&lt;b&gt;&amp;&quot;c&#39;.csv"));
    ck_assert_ptr_null(strstr(html, "<source"));
    ck_assert_ptr_nonnull(strstr(html, "correlation"));
    ck_assert_ptr_nonnull(strstr(html, "products"));
    free(html);

    /* a URL stays a URL: only what cannot stand in one is encoded */
    o.gif_href = "https://x.org/a b.gif?v=1&w=\"2\"";
    ck_assert_int_eq(ca_web_figure(&m, &o, &html, &err), CA_OK);
    ck_assert_ptr_nonnull(strstr(html, "<img src=\"https://x.org/a%20b.gif?v=1&amp;w=%222%22\""));
    free(html);
}
END_TEST

START_TEST(description_survives_a_round_trip)
{
    ca_meta m = sample_meta(), back;
    char text[CA_GIF_MAX_COMMENT];
    ca_error err;
    snprintf(m.g, sizeof m.g, "%s", "line one\nline: two");
    ck_assert_int_eq(ca_meta_format(&m, text, sizeof text, &err), CA_OK);
    ck_assert_int_eq(ca_meta_parse(text, &back, &err), CA_OK);
    ck_assert_str_eq(back.f, m.f);
    ck_assert_str_eq(back.g, "line one line: two");
    ck_assert_uint_eq(back.nf, 70);
    ck_assert_uint_eq(back.outputs, 109);
    ck_assert_int_eq(back.width, 960);
    ck_assert_int_eq(back.mode, CA_CONV_FULL);
    ck_assert_str_eq(back.poster, "block.png");
    ck_assert_int_eq(ca_meta_parse("GIF89a", &back, &err), CA_EINPUT);
    ck_assert_int_eq(ca_meta_parse("convanim-meta 1\nnf: lots\n", &back, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "the description's nf 'lots' is not a count");
}
END_TEST

/* A small GIF from the library, as the CLI writes it: its description
 * (with its poster's path from the GIF's folder) before the frames, the
 * last frame as the poster. */
static void render(const char *gif, const char *poster, const char *f_name)
{
    static const double f[] = { 0, 1, 0.5, 0.25 }, g[] = { 1, 1 };
    ca_anim_options opt;
    ca_anim_options_default(&opt);
    opt.scene.width = 320;
    opt.scene.height = 240;
    ca_anim *a;
    ca_error err;
    ck_assert_msg(ca_anim_new(f, 4, g, 2, CA_CONV_SAME, false, &opt, &a, &err) == CA_OK, "%s",
                  err.msg);
    const ca_timeline *t = ca_anim_timeline(a);
    ca_meta m = { .nf = 4, .ng = 2, .outputs = t->steps, .frames = t->frames, .width = 320,
                  .height = 240, .mode = CA_CONV_SAME, .layout = CA_LAYOUT_STACKED };
    snprintf(m.f, sizeof m.f, "%s", f_name);
    snprintf(m.g, sizeof m.g, "%s", "box:n=2");
    if (poster)
        ck_assert_ptr_nonnull(ca_web_relative(gif, poster, m.poster, sizeof m.poster));
    char text[CA_GIF_MAX_COMMENT];
    ck_assert_int_eq(ca_meta_format(&m, text, sizeof text, &err), CA_OK);
    ca_gif *out;
    ck_assert_int_eq(ca_gif_open_file(gif, 320, 240, ca_anim_palette(a), 0, &out, &err), CA_OK);
    ck_assert_int_eq(ca_gif_comment(out, text, &err), CA_OK);
    ca_frame_writer w = ca_gif_writer(out);
    for (size_t i = 0; i < t->frames; i++)
        ck_assert_int_eq(ca_anim_next(a, &w, 1, &err), CA_OK);
    ck_assert_int_eq(w.finish(w.ctx, &err), CA_OK);
    const ca_canvas *last = ca_anim_last_frame(a);
    if (poster)
        ck_assert_int_eq(ca_png_write_indexed(poster, last->pixels, last->width, last->height,
                                              last->stride, last->pal, &err), CA_OK);
    ca_anim_free(a);
}

START_TEST(gif_carries_its_description)
{
    char dir[256], gif[300], poster[300], plain[300];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(gif, sizeof gif, "%s/a.gif", dir);
    snprintf(poster, sizeof poster, "%s/a-still.png", dir);
    render(gif, poster, "values:0;1;0.5;0.25");
    ca_meta m;
    ca_error err;
    ck_assert_msg(ca_meta_read(gif, &m, &err) == CA_OK, "%s", err.msg);
    ck_assert_str_eq(m.f, "values:0;1;0.5;0.25");
    ck_assert_str_eq(m.g, "box:n=2");
    ck_assert_uint_eq(m.nf, 4);
    ck_assert_uint_eq(m.outputs, 4);   /* same: max(4, 2) */
    ck_assert_uint_eq(m.frames, 4);
    ck_assert_int_eq(m.mode, CA_CONV_SAME);
    ck_assert_int_eq(m.width, 320);
    ck_assert_str_eq(m.poster, "a-still.png");
    char buf[300];
    ck_assert_str_eq(ca_web_poster_of(gif, &m, buf, sizeof buf), poster);

    /* a GIF convanim did not describe, and a file that is no GIF */
    snprintf(plain, sizeof plain, "%s/plain.gif", dir);
    ca_palette pal;
    ca_palette_init(&pal, (ca_rgb){ 255, 255, 255 });
    ca_gif *g;
    uint8_t px[4] = { 0 };
    ck_assert_int_eq(ca_gif_open_file(plain, 2, 2, &pal, 0, &g, &err), CA_OK);
    ck_assert_int_eq(ca_gif_add_frame(g, px, 2, 10, NULL, &err), CA_OK);
    ck_assert_int_eq(ca_gif_close(g, &err), CA_OK);
    ck_assert_int_eq(ca_meta_read(plain, &m, &err), CA_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "has no convanim description"));
    ck_assert_int_eq(ca_meta_read(poster, &m, &err), CA_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "not a GIF"));
    tu_rmtree(dir);
}
END_TEST

static char *slurp_text(const char *path)
{
    static char buf[1 << 16];
    return tu_slurp(path, buf, sizeof buf);
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

START_TEST(gallery_shows_every_gif)
{
    char dir[256], gif[300], poster[300], page[300];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(gif, sizeof gif, "%s/b.gif", dir);
    snprintf(poster, sizeof poster, "%s/b.png", dir);
    render(gif, poster, "values:0;1;0.5;0.25");
    snprintf(gif, sizeof gif, "%s/a.gif", dir);
    render(gif, NULL, "ramp.csv");
    snprintf(page, sizeof page, "%s/index.html", dir);
    ca_error err;
    ck_assert_msg(ca_web_gallery(dir, page, NULL, NULL, &err) == CA_OK, "%s", err.msg);
    const char *html = slurp_text(page);
    ck_assert(strncmp(html, "<!DOCTYPE html>\n<html lang=\"en\">\n", 33) == 0);
    ck_assert_ptr_nonnull(strstr(html, "<meta charset=\"utf-8\">"));
    ck_assert_ptr_nonnull(strstr(html, "name=\"viewport\""));
    ck_assert_int_eq(count(html, "<figure class=\"convanim\""), 2);
    ck_assert_int_eq(count(html, "<source srcset=\"b.png\""), 1);
    /* sorted by name: a before b; links from the page's folder */
    const char *a = strstr(html, "<img src=\"a.gif\""), *b = strstr(html, "<img src=\"b.gif\"");
    ck_assert(a && b && a < b);
    ck_assert_ptr_nonnull(strstr(html, "f = ramp.csv, g = box:n=2: same convolution"));
    /* the player's one script is inline, and nothing is fetched from elsewhere */
    ck_assert_int_eq(count(html, "<script"), 1);
    ck_assert_ptr_nonnull(strstr(html, "<script>\n"));
    ck_assert_ptr_null(strstr(html, "http"));
    ck_assert_int_eq(ca_web_gallery("/no/such/folder", page, NULL, NULL, &err), CA_EINPUT);
    tu_rmtree(dir);
}
END_TEST

/* A GIF is read whole before a page describes it: its frames are counted
 * in the file, and one cut short, a fifo (which must not block), a folder
 * or a file that is no GIF is refused; a gallery leaves those out and
 * says why, one line each. */
START_TEST(only_whole_gifs_are_described)
{
    char dir[256], gif[300], cut[300], fifo[300], folder[300], page[300];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(gif, sizeof gif, "%s/a.gif", dir);
    render(gif, NULL, "values:0;1;0.5;0.25");
    ca_meta m;
    bool ours;
    ca_error err;
    ck_assert_msg(ca_meta_inspect(gif, &m, &ours, &err) == CA_OK, "%s", err.msg);
    ck_assert(ours);
    ck_assert_uint_eq(m.frames, 4);

    size_t len;
    uint8_t *bytes = tu_read_all(gif, &len);
    snprintf(cut, sizeof cut, "%s/b.gif", dir);
    tu_write_file(cut, bytes, len - 40);
    free(bytes);
    ck_assert_int_eq(ca_meta_inspect(cut, &m, &ours, &err), CA_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "b.gif: cut short after 3 whole frames"));
    ck_assert_int_eq(ca_meta_read(cut, &m, &err), CA_EINPUT);
    snprintf(fifo, sizeof fifo, "%s/c.gif", dir);
    ck_assert_int_eq(mkfifo(fifo, 0644), 0);
    ck_assert_int_eq(ca_meta_inspect(fifo, &m, &ours, &err), CA_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "c.gif: not a regular file"));
    snprintf(folder, sizeof folder, "%s/d.gif", dir);
    ck_assert_int_eq(mkdir(folder, 0755), 0);
    ck_assert_int_eq(ca_meta_inspect(folder, &m, &ours, &err), CA_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "d.gif: is a folder, not a file"));

    snprintf(page, sizeof page, "%s/index.html", dir);
    char *skipped = NULL;
    ck_assert_msg(ca_web_gallery(dir, page, NULL, &skipped, &err) == CA_OK, "%s", err.msg);
    ck_assert_ptr_nonnull(skipped);
    ck_assert_int_eq(count(skipped, "\n"), 3);
    ck_assert_ptr_nonnull(strstr(skipped, "/b.gif: cut short"));
    ck_assert_ptr_nonnull(strstr(skipped, "/c.gif: not a regular file"));
    ck_assert_ptr_nonnull(strstr(skipped, "/d.gif: is a folder"));
    free(skipped);
    const char *html = slurp_text(page);
    ck_assert_int_eq(count(html, "<figure class=\"convanim\""), 1);
    ck_assert_ptr_nonnull(strstr(html, "<p>1 animation."));
    tu_rmtree(dir);
}
END_TEST

/* A web server on 127.0.0.1 for the pages that read their GIF beside
 * them, as a course's server would serve them: GET of a file under root,
 * or of axe (each by its path), answered whole, one request per
 * connection. It answers whenever the test waits for the browser
 * (cdp_next polls it), so it needs no thread. */
enum { SERVER_CLIENTS = 8 };
typedef struct server {
    int listener;
    char origin[32];         /* http://127.0.0.1:PORT */
    const char *root, *axe;
    struct {
        int fd;              /* -1: a free slot */
        size_t len;
        char head[2048];     /* the request as far as read */
    } client[SERVER_CLIENTS];
} server;

static void server_open(server *s, const char *root, const char *axe)
{
    *s = (server){ .root = root, .axe = axe };
    for (int i = 0; i < SERVER_CLIENTS; i++)
        s->client[i].fd = -1;
    s->listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ck_assert_msg(s->listener >= 0, "socket: %s", strerror(errno));
    struct sockaddr_in addr = { .sin_family = AF_INET,
                                .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof addr;
    ck_assert_msg(bind(s->listener, (struct sockaddr *)&addr, len) == 0 &&
                  listen(s->listener, SERVER_CLIENTS) == 0 &&
                  getsockname(s->listener, (struct sockaddr *)&addr, &len) == 0,
                  "cannot listen on 127.0.0.1: %s", strerror(errno));
    snprintf(s->origin, sizeof s->origin, "http://127.0.0.1:%d", ntohs(addr.sin_port));
}

static void server_close(server *s)
{
    for (int i = 0; i < SERVER_CLIENTS; i++)
        if (s->client[i].fd >= 0)
            close(s->client[i].fd);
    close(s->listener);
}

/* The Content-Type of path, by its extension. */
static const char *server_type(const char *path)
{
    static const char *const types[][2] = {
        { ".html", "text/html; charset=utf-8" }, { ".gif", "image/gif" },
        { ".png", "image/png" }, { ".json", "application/json" }, { ".js", "text/javascript" },
    };
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i][0]) == 0)
            return types[i][1];
    return "application/octet-stream";
}

/* Sends what it may of len bytes: the browser may have dropped the
 * request (a page left before its GIF came), which is no failure here. */
static bool server_send(int fd, const void *data, size_t len)
{
    for (size_t done = 0; done < len;) {
        ssize_t n = send(fd, (const char *)data + done, len - done, MSG_NOSIGNAL);
        if (n <= 0)
            return false;
        done += (size_t)n;
    }
    return true;
}

/* The request target in head as a path: its %XX escapes decoded (the
 * browser escapes a space or a non-ASCII byte of a folder's name), up to
 * any query. False for a target that is not such a path. */
static bool server_path(const char *head, char *path, size_t size)
{
    char target[1024];
    if (sscanf(head, "GET %1023s", target) != 1 || target[0] != '/')
        return false;
    size_t n = 0;
    for (const char *t = target; *t && *t != '?' && *t != '#'; t++) {
        unsigned byte = (unsigned char)*t;
        if (*t == '%' && (sscanf(t + 1, "%2x", &byte) != 1 || !isxdigit((unsigned char)t[1]) ||
                          !isxdigit((unsigned char)t[2]) || byte == 0))
            return false;
        if (*t == '%')
            t += 2;
        if (n + 1 >= size)
            return false;
        path[n++] = (char)byte;
    }
    path[n] = '\0';
    return true;
}

/* Answers the request in head (its header whole) on fd. */
static void server_answer(const server *s, int fd, const char *head)
{
    char path[1024];
    size_t root = strlen(s->root);
    bool ours = server_path(head, path, sizeof path) && !strstr(path, "/..") &&
                (strcmp(path, s->axe) == 0 ||
                 (strncmp(path, s->root, root) == 0 && path[root] == '/'));
    int file = ours ? open(path, O_RDONLY | O_CLOEXEC) : -1;
    struct stat st;
    if (file < 0 || fstat(file, &st) != 0 || !S_ISREG(st.st_mode)) {
        static const char missing[] = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n"
                                      "Connection: close\r\n\r\n";
        server_send(fd, missing, sizeof missing - 1);
        if (file >= 0)
            close(file);
        return;
    }
    /* axe stays the same throughout: the browser keeps it, and after a
     * few pages its compiled code, where it would parse it anew on each
     * page; the pages and GIFs are read afresh */
    char header[256];
    int n = snprintf(header, sizeof header, "HTTP/1.1 200 OK\r\nContent-Type: %s\r\n"
                     "Content-Length: %lld\r\nCache-Control: %s\r\n"
                     "Connection: close\r\n\r\n", server_type(path), (long long)st.st_size,
                     strcmp(path, s->axe) == 0 ? "max-age=3600" : "no-store");
    bool sent = server_send(fd, header, (size_t)n);
    char buf[65536];
    ssize_t got;
    while (sent && (got = read(file, buf, sizeof buf)) > 0)
        sent = server_send(fd, buf, (size_t)got);
    ck_assert_msg(!sent || got == 0, "reading %s: %s", path, strerror(errno));
    close(file);
}

/* Takes in what poll found ready in p (the listener's entry, then one per
 * client slot): accepts a connection, reads requests, answers the whole
 * ones and closes them. */
static void server_serve(server *s, const struct pollfd *p)
{
    if (p[0].revents & POLLIN) {
        int fd = accept(s->listener, NULL, NULL);
        /* a browser that stops reading fails the send, not the suite's clock */
        struct timeval wait = { .tv_sec = 10 };
        ck_assert_msg(fd >= 0 && fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 &&
                      setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &wait, sizeof wait) == 0,
                      "accept: %s", strerror(errno));
        int i = 0;
        while (i < SERVER_CLIENTS && s->client[i].fd >= 0)
            i++;
        /* Chromium opens at most six connections to one host */
        ck_assert_msg(i < SERVER_CLIENTS, "more than %d connections at once", SERVER_CLIENTS);
        s->client[i].fd = fd;
        s->client[i].len = 0;
    }
    for (int i = 0; i < SERVER_CLIENTS; i++) {
        if (s->client[i].fd < 0 || !(p[1 + i].revents & (POLLIN | POLLHUP | POLLERR)))
            continue;
        size_t *len = &s->client[i].len;
        char *head = s->client[i].head;
        ssize_t n = read(s->client[i].fd, head + *len, sizeof s->client[i].head - 1 - *len);
        if (n > 0) {
            *len += (size_t)n;
            head[*len] = '\0';
            if (!strstr(head, "\r\n\r\n") && *len < sizeof s->client[i].head - 1)
                continue;
            server_answer(s, s->client[i].fd, head);
        }
        close(s->client[i].fd);
        s->client[i].fd = -1;
    }
}

/* Headless Chromium driven through its DevTools pipe (it reads commands on
 * its fd 3 and answers on its fd 4, each message JSON ended by a NUL byte):
 * one browser for every check, as each launch costs about two seconds, and
 * the server it reads pages from. */
typedef struct browser {
    pid_t pid;
    int to, from;            /* our ends of the two pipes */
    int last_id;
    char session[128];       /* the page's, once attached */
    char *buf;               /* what it sent; the message read last comes first */
    size_t len, used, cap;
    server web;
} browser;

/* The next message from the browser, valid until the next call; it must
 * come within 60 s, however busy the server is meanwhile. */
static const char *cdp_next(browser *b)
{
    struct timespec now, deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += 60;
    memmove(b->buf, b->buf + b->used, b->len - b->used);
    b->len -= b->used;
    b->used = 0;
    for (;;) {
        char *end = memchr(b->buf, '\0', b->len);
        if (end) {
            b->used = (size_t)(end - b->buf) + 1;
            return b->buf;
        }
        if (b->cap - b->len < 65536) {
            b->cap *= 2;
            b->buf = realloc(b->buf, b->cap);
            ck_assert_ptr_nonnull(b->buf);
        }
        struct pollfd p[2 + SERVER_CLIENTS] = { { .fd = b->from, .events = POLLIN },
                                                { .fd = b->web.listener, .events = POLLIN } };
        for (int i = 0; i < SERVER_CLIENTS; i++)
            p[2 + i] = (struct pollfd){ .fd = b->web.client[i].fd, .events = POLLIN };
        clock_gettime(CLOCK_MONOTONIC, &now);
        long left = (long)(deadline.tv_sec - now.tv_sec) * 1000 +
                    (deadline.tv_nsec - now.tv_nsec) / 1000000;
        ck_assert_msg(left > 0 && poll(p, 2 + SERVER_CLIENTS, (int)left) > 0,
                      "chromium said nothing for 60 s");
        server_serve(&b->web, p + 1);
        if (!p[0].revents)
            continue;
        ssize_t n = read(b->from, b->buf + b->len, b->cap - b->len);
        if (n <= 0) {
            int status;
            ck_assert_int_eq(waitpid(b->pid, &status, 0), b->pid);
            ck_assert_msg(!(WIFEXITED(status) && WEXITSTATUS(status) == 127),
                          "chromium-headless-shell is not installed: 'make deps' installs "
                          "Debian's");
            ck_abort_msg("chromium closed its DevTools pipe (status %d)", status);
        }
        b->len += (size_t)n;
    }
}

/* Sends a command (to the page once attached) and returns its id. */
static int cdp_send(browser *b, bool to_page, const char *method, const char *params)
{
    char msg[4096];
    int len = snprintf(msg, sizeof msg, "{\"id\":%d,%s%s%s\"method\":\"%s\",\"params\":%s}",
                       ++b->last_id, to_page ? "\"sessionId\":\"" : "",
                       to_page ? b->session : "", to_page ? "\"," : "", method,
                       params ? params : "{}");
    ck_assert_int_lt(len, (int)sizeof msg);
    for (size_t done = 0; done < (size_t)len + 1;) {
        ssize_t n = write(b->to, msg + done, (size_t)len + 1 - done);
        ck_assert_msg(n > 0, "cannot write to chromium: %s", strerror(errno));
        done += (size_t)n;
    }
    return b->last_id;
}

static bool cdp_is_reply(const char *msg, int id)
{
    char head[32];
    int n = snprintf(head, sizeof head, "{\"id\":%d,", id);
    return strncmp(msg, head, (size_t)n) == 0;
}

/* The reply to a command, the events before it skipped; fails the test
 * on an error. */
static const char *cdp_call(browser *b, bool to_page, const char *method, const char *params)
{
    int id = cdp_send(b, to_page, method, params);
    const char *msg;
    while (!cdp_is_reply(msg = cdp_next(b), id))
        continue;
    ck_assert_msg(strstr(msg, "\"result\":") && !strstr(msg, "\"errorText\":"),
                  "chromium: %s: %.300s", method, msg);
    return msg;
}

/* The JSON string that follows "key": in msg, into a new buffer (the
 * strings read here hold no escapes). */
static char *cdp_string(const char *msg, const char *key, size_t *len)
{
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
    const char *start = strstr(msg, pattern);
    ck_assert_msg(start != NULL, "no %s in %.300s", key, msg);
    start += strlen(pattern);
    const char *end = strchr(start, '"');
    ck_assert_ptr_nonnull(end);
    *len = (size_t)(end - start);
    char *copy = strndup(start, *len);
    ck_assert_ptr_nonnull(copy);
    return copy;
}

/* axe-core's axe.min.js, the npm package 'make deps' installs, named by
 * $CONVANIM_AXE as an absolute path. */
static const char *axe_path(void)
{
    const char *axe = getenv("CONVANIM_AXE");
    ck_assert_msg(axe && axe[0] == '/' && access(axe, R_OK) == 0,
                  "CONVANIM_AXE names axe.min.js ('make deps' installs it; make test sets it)");
    return axe;
}

/* Starts Chromium in dir, with a blank page as b->session, as a reader's
 * browser is: a page opened from a file may read no other file (no
 * --allow-file-access-from-files). Its server serves dir's files. Debian's
 * chromium-headless-shell is Chromium's engine without its windows, made
 * for this: it starts in half the time of `chromium --headless`, and the
 * whole test takes 1.7 s of CPU against 3.8 s. */
static void browser_open(browser *b, const char *dir)
{
    char profile[400], out[400];
    snprintf(profile, sizeof profile, "--user-data-dir=%s/profile", dir);
    snprintf(out, sizeof out, "%s/chromium.log", dir);
    const char *const argv[] = { "chromium-headless-shell", "--no-sandbox", "--disable-gpu",
                                 "--no-first-run", "--disable-background-networking",
                                 "--disable-component-update", "--disable-sync", profile,
                                 "--window-size=1000,4000", "--remote-debugging-pipe", NULL };
    int commands[2], replies[2];
    ck_assert_int_eq(pipe(commands), 0);
    ck_assert_int_eq(pipe(replies), 0);
    *b = (browser){ .to = commands[1], .from = replies[0], .cap = 1 << 17 };
    server_open(&b->web, dir, axe_path());
    b->buf = malloc(b->cap);
    ck_assert_ptr_nonnull(b->buf);
    b->pid = fork();
    ck_assert_int_ge(b->pid, 0);
    if (b->pid == 0) {
        /* its chatter (no D-Bus in a container) goes to a log beside it */
        int log = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int null = open("/dev/null", O_RDONLY);
        if (log < 0 || null < 0 || dup2(null, 0) < 0 || dup2(log, 1) < 0 || dup2(log, 2) < 0 ||
            dup2(commands[0], 3) < 0 || dup2(replies[1], 4) < 0)
            _exit(126);
        for (int fd = 5; fd < 64; fd++)
            close(fd);
        execvp(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(commands[0]);
    close(replies[1]);
    size_t len;
    char *target = cdp_string(cdp_call(b, false, "Target.createTarget",
                                       "{\"url\":\"about:blank\"}"), "targetId", &len);
    char params[256];
    snprintf(params, sizeof params, "{\"targetId\":\"%s\",\"flatten\":true}", target);
    free(target);
    char *session = cdp_string(cdp_call(b, false, "Target.attachToTarget", params), "sessionId",
                               &len);
    ck_assert_uint_lt(len, sizeof b->session);
    memcpy(b->session, session, len + 1);
    free(session);
    cdp_call(b, true, "Page.enable", NULL);
}

/* Loads url in the page and waits for its load event. */
static void browser_load(browser *b, const char *url)
{
    char params[600];
    snprintf(params, sizeof params, "{\"url\":\"%s\"}", url);
    int id = cdp_send(b, true, "Page.navigate", params);
    bool replied = false, loaded = false;
    while (!replied || !loaded) {
        const char *msg = cdp_next(b);
        if (cdp_is_reply(msg, id)) {
            ck_assert_msg(!strstr(msg, "\"errorText\":"), "loading %s: %.300s", url, msg);
            replied = true;
        } else {
            loaded |= strstr(msg, "\"method\":\"Page.loadEventFired\"") != NULL;
        }
    }
}

/* What expression, a promise of a string, resolves to in the page. */
static char *browser_eval(browser *b, const char *expression)
{
    char params[2048];
    snprintf(params, sizeof params, "{\"expression\":\"%s\",\"awaitPromise\":true}", expression);
    size_t len;
    return cdp_string(cdp_call(b, true, "Runtime.evaluate", params), "value", &len);
}

/* The part of the page in CSS pixels (x, y, width, height) as the window
 * shows it, at half scale, a PNG in a new buffer: the whole 1000x4000
 * window took Chromium a second of CPU to encode. */
static uint8_t *browser_screenshot(browser *b, const double clip[4], size_t *size)
{
    char params[256];
    snprintf(params, sizeof params, "{\"format\":\"png\",\"clip\":{\"x\":%g,\"y\":%g,"
             "\"width\":%g,\"height\":%g,\"scale\":0.5}}", clip[0], clip[1], clip[2], clip[3]);
    size_t len;
    char *text = cdp_string(cdp_call(b, true, "Page.captureScreenshot", params), "data", &len);
    static const char digits[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    uint8_t *png = malloc(len / 4 * 3 + 3);
    ck_assert_ptr_nonnull(png);
    uint32_t bits = 0;
    int have = 0;
    size_t n = 0;
    for (size_t i = 0; i < len && text[i] != '='; i++) {
        const char *d = strchr(digits, text[i]);
        if (!d || !*d)
            ck_abort_msg("the screenshot is not base64 at %zu", i);
        bits = (bits << 6 | (uint32_t)(d - digits)) & 0xffffff;
        have += 6;
        if (have >= 8) {
            have -= 8;
            png[n++] = (uint8_t)(bits >> have);
        }
    }
    free(text);
    *size = n;
    return png;
}

/* Closes the browser and waits for it to end. */
static void browser_close(browser *b)
{
    cdp_send(b, false, "Browser.close", NULL);
    int status;
    ck_assert_int_eq(waitpid(b->pid, &status, 0), b->pid);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "chromium failed");
    close(b->to);
    close(b->from);
    free(b->buf);
    server_close(&b->web);
}

/* Audits the page loaded in b, as it is now, with axe-core: no violation
 * of WCAG 2.0, 2.1 and 2.2 at levels A and AA, nor of axe's best
 * practices. axe's path is its URL's: a file's on a page from a file, the
 * server's on a page from the server. */
static void assert_accessible(browser *b, const char *what)
{
    char expression[1600];
    snprintf(expression, sizeof expression,
             "new Promise((ok, no) => { const s = document.createElement('script'); "
             "s.src = '%s'; s.onload = ok; s.onerror = no; "
             "document.head.appendChild(s); })"
             ".then(() => axe.run(document, { runOnly: { type: 'tag', values: "
             "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } }))"
             ".then(r => r.violations.map(v => v.id + ' at ' + "
             "v.nodes.map(n => n.target.join(' ')).join(', ')).join('; ')"
             ".replace(/\\\"/g, '`') || 'none')", axe_path());
    char *got = browser_eval(b, expression);
    ck_assert_msg(strcmp(got, "none") == 0, "%s: axe-core finds %s", what, got);
    free(got);
}

/* Copies file name from folder src to folder dst. */
static void copy(const char *src, const char *dst, const char *name)
{
    char from[400], to[400];
    snprintf(from, sizeof from, "%s/%s", src, name);
    snprintf(to, sizeof to, "%s/%s", dst, name);
    tu_copy_file(from, to);
}

/* What cond (a JavaScript expression) has become true in the page: value
 * as a string, or "timeout" after 20 s. */
static char *browser_when(browser *b, const char *cond, const char *value)
{
    char expression[1024];
    snprintf(expression, sizeof expression,
             "new Promise(r => { const t0 = Date.now(); const t = () => (%s) ? r(String(%s)) "
             ": Date.now() - t0 > 20000 ? r('timeout') : setTimeout(t, 20); t(); })",
             cond, value);
    return browser_eval(b, expression);
}

/* Presses key (its DOM name, code and Windows key code) on the focused
 * element. */
static void browser_key(browser *b, const char *key, const char *code, int vk)
{
    char params[256];
    static const char *const types[] = { "keyDown", "keyUp" };
    for (int i = 0; i < 2; i++) {
        snprintf(params, sizeof params,
                 "{\"type\":\"%s\",\"key\":\"%s\",\"code\":\"%s\","
                 "\"windowsVirtualKeyCode\":%d}", types[i], key, code, vk);
        cdp_call(b, true, "Input.dispatchKeyEvent", params);
    }
}

/* The players on the page once each has its frames: their states, then
 * the first one's caption and scrubber. */
static char *players(browser *b)
{
    return browser_when(b,
        "document.querySelectorAll('figure.convanim canvas').length === "
        "document.querySelectorAll('figure.convanim').length && "
        "document.querySelector('.convanim-caption').textContent !== ''",
        "[...document.querySelectorAll('figure.convanim')].map(f => f.dataset.state).join(' ')"
        " + ' | ' + document.querySelector('.convanim-caption').textContent"
        " + ' | ' + document.querySelector('input[type=range]').value");
}

static void assert_players(browser *b, const char *want, const char *what)
{
    char *got = players(b);
    ck_assert_msg(strcmp(got, want) == 0, "%s: '%s', not '%s'", what, got, want);
    free(got);
}

/* The description of render()'s animation, as --describe writes it: four
 * steps, n = 0 to 3, 500 ms each. The last is held no longer than the
 * others: space on the last step waits it out, and the checks read each
 * frame's caption long before it moves on. */
static const char render_describe[] =
    "{\"version\":1,\"width\":320,\"height\":240,\"title\":\"Box smoothing\",\"mode\":\"same\","
    "\"correlate\":false,\"frames\":["
    "{\"index\":0,\"delay_ms\":500,\"kind\":\"step\",\"n\":0,\"x\":0,\"value\":1,"
    "\"caption\":\"y[0] = 1 (</script> stays text)\",\"panels\":[]},"
    "{\"index\":1,\"delay_ms\":500,\"kind\":\"step\",\"n\":1,\"x\":1,\"value\":1.5,"
    "\"caption\":\"y[1] = 1.5\",\"panels\":[]},"
    "{\"index\":2,\"delay_ms\":500,\"kind\":\"step\",\"n\":2,\"x\":2,\"value\":0.75,"
    "\"caption\":\"y[2] = 0.75\",\"panels\":[]},"
    "{\"index\":3,\"delay_ms\":500,\"kind\":\"step\",\"n\":3,\"x\":3,\"value\":0.25,"
    "\"caption\":\"y[3] = 0.25\",\"panels\":[]}]}";

/* Every kind of page convanim writes, in a real browser (one session):
 * the demo's gallery, a --html page and an embed --player fragment in a
 * course page, from a web server; the pages that carry their GIF, from a
 * file. Each player gets its frames and plays; a deep link opens
 * paused on its step with that step's caption; the keys step and play;
 * reduced motion starts paused on the last frame; and axe-core finds no
 * accessibility violation on any of them, playing or paused. */
START_TEST(pages_work_in_chromium)
{
    const char *demo = getenv("CONVANIM_DEMO");
    ck_assert_msg(demo != NULL, "CONVANIM_DEMO names the demo's folder (make test sets it)");
    char dir[256], gallery[400], player[400], course[400], gif[400], poster[400], url[500];
    tu_mkdtemp(dir, sizeof dir);
    static const char *const files[] = { "index.html", "sliding_block.gif", "sliding_block.png",
                                         "sliding_block.narrow.gif", "gaussian_smoothing.gif",
                                         "gaussian_smoothing.png",
                                         "gaussian_smoothing.narrow.gif", "sliding_block.json",
                                         "gaussian_smoothing.json" };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        copy(demo, dir, files[i]);
    snprintf(gallery, sizeof gallery, "%s/index.html", dir);

    snprintf(gif, sizeof gif, "%s/box.gif", dir);
    snprintf(poster, sizeof poster, "%s/box.png", dir);
    render(gif, poster, "values:0;1;0.5;0.25");
    snprintf(player, sizeof player, "%s/box.html", dir);
    ca_error err;
    ck_assert_msg(ca_web_embed_file(gif, player, render_describe, &err) == CA_OK, "%s", err.msg);

    static ru_result r;
    ru_opts o = { .cwd = dir };
    static const char *const embed[] = { "embed", "--player", "box.gif", NULL };
    ru_run(&r, &o, embed);
    ck_assert_msg(r.code == 0, "embed --player: %s", r.err);
    snprintf(course, sizeof course, "%s/course.html", dir);
    FILE *fp = fopen(course, "w");
    ck_assert_ptr_nonnull(fp);
    fprintf(fp, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<title>Week 3</title>\n</head>\n<body>\n<main>\n<h1>Week 3</h1>\n%s</main>\n"
                "</body>\n</html>\n", r.out);
    ck_assert_int_eq(fclose(fp), 0);

    browser b;
    browser_open(&b, dir);
    snprintf(url, sizeof url, "%s%s", b.web.origin, gallery);
    browser_load(&b, url);
    char *got = players(&b);
    /* the captions from the descriptions the GIFs name */
    ck_assert_msg(strncmp(got, "playing playing | n = ", 22) == 0, "gallery: %s", got);
    free(got);
    /* the first player's canvas, once its frame is drawn in it */
    got = browser_when(&b, "(c => c.getContext('2d').getImageData(0, 0, c.width, c.height).data"
                           ".some((v, i) => i % 4 < 3 && v < 128))(document.querySelector('canvas'))",
                       "(r => [r.x, r.y, r.width, r.height].join(' '))"
                       "(document.querySelector('canvas').getBoundingClientRect())");
    double clip[4];
    ck_assert_msg(sscanf(got, "%lf %lf %lf %lf", &clip[0], &clip[1], &clip[2], &clip[3]) == 4 &&
                  clip[2] > 0 && clip[3] > 0, "the first player's canvas: %s", got);
    free(got);
    size_t size;
    uint8_t *shot = browser_screenshot(&b, clip, &size);
    assert_accessible(&b, url);

    snprintf(url, sizeof url, "%s%s#step=2", b.web.origin, player);
    browser_load(&b, url);
    assert_players(&b, "paused | y[2] = 0.75 | 2", "deep link");
    cdp_call(&b, true, "Runtime.evaluate",
             "{\"expression\":\"document.querySelector('canvas').focus()\"}");
    browser_key(&b, "ArrowRight", "ArrowRight", 39);
    assert_players(&b, "paused | y[3] = 0.25 | 3", "right arrow");
    browser_key(&b, "ArrowLeft", "ArrowLeft", 37);
    browser_key(&b, "ArrowLeft", "ArrowLeft", 37);
    assert_players(&b, "paused | y[1] = 1.5 | 1", "left arrow twice");
    browser_key(&b, "Home", "Home", 36);
    assert_players(&b, "paused | y[0] = 1 (</script> stays text) | 0", "Home");
    browser_key(&b, "End", "End", 35);
    assert_players(&b, "paused | y[3] = 0.25 | 3", "End");
    browser_key(&b, " ", "Space", 32);
    got = browser_when(&b, "document.querySelector('.convanim-caption').textContent === 'y[0] = 1 "
                           "(</script> stays text)'", "document.querySelector('figure').dataset.state");
    ck_assert_msg(strcmp(got, "playing") == 0, "space plays from the last step: %s", got);
    free(got);
    browser_key(&b, " ", "Space", 32);
    got = browser_eval(&b, "Promise.resolve(document.querySelector('figure').dataset.state)");
    ck_assert_msg(strcmp(got, "paused") == 0, "space again pauses: %s", got);
    free(got);
    /* on a focused button, space is the player's key once, not also a
     * click: a button clicks as the key comes up, and DevTools answers
     * the keyUp once the page has handled it, so the state is read at once */
    cdp_call(&b, true, "Runtime.evaluate",
             "{\"expression\":\"document.querySelector('[data-act=play]').focus()\"}");
    browser_key(&b, " ", "Space", 32);
    got = browser_eval(&b, "Promise.resolve(document.querySelector('figure').dataset.state)");
    ck_assert_msg(strcmp(got, "playing") == 0, "space on the Play button: %s", got);
    free(got);
    assert_accessible(&b, url);

    /* a page from the command line: its own description's captions, the
     * output sample in words where the seed layout draws no caption */
    static const char *const animate[] = { "animate", "-f", "values:0;1;0.5;0.25", "-g",
                                           "box:n=2", "--size", "480x320", "-q", "-o",
                                           "cli.gif", "--html", "cli.html", NULL };
    ru_run(&r, &o, animate);
    ck_assert_msg(r.code == 0, "animate --html: %s", r.err);
    snprintf(url, sizeof url, "%s%s/cli.html#step=2", b.web.origin, dir);
    browser_load(&b, url);
    assert_players(&b, "paused | n = 2: y[2] = 1.5 | 2", "animate --html, deep link");
    assert_accessible(&b, url);
    /* a signal from index -2: step 2 is the output sample at n = 0 */
    static const char *const origin[] = { "animate", "-f", "values:0;1;0.5;0.25,origin=-2",
                                          "-g", "box:n=2", "--size", "480x320", "-q", "-o",
                                          "origin.gif", "--html", "origin.html", NULL };
    ru_run(&r, &o, origin);
    ck_assert_msg(r.code == 0, "animate --html, origin: %s", r.err);
    snprintf(url, sizeof url, "%s%s/origin.html#step=2", b.web.origin, dir);
    browser_load(&b, url);
    assert_players(&b, "paused | n = 0: y[0] = 1.5 | 2", "animate --html, origin -2");
    static const char *const product[] = { "animate", "-f", "values:0;1;0.5;0.25", "-g",
                                           "box:n=2", "--size", "480x320", "-q", "-o",
                                           "product.gif", "--layout", "product", "--html",
                                           "product.html", NULL };
    ru_run(&r, &o, product);
    ck_assert_msg(r.code == 0, "animate --layout product --html: %s", r.err);
    snprintf(url, sizeof url, "%s%s/product.html#step=3", b.web.origin, dir);
    browser_load(&b, url);
    /* the middle dot as the DevTools JSON writes it */
    assert_players(&b, "paused | n = 3, y[3] = 0.5\\u00b71 + 0.25\\u00b71 = 0.75 | 3",
                   "the product layout's caption as text");

    snprintf(url, sizeof url, "%s%s", b.web.origin, course);
    browser_load(&b, url);
    assert_players(&b, "playing | Frame 1 of 4. | 0", "embed --player");
    assert_accessible(&b, url);

    cdp_call(&b, true, "Emulation.setEmulatedMedia",
             "{\"features\":[{\"name\":\"prefers-reduced-motion\",\"value\":\"reduce\"}]}");
    snprintf(url, sizeof url, "%s%s", b.web.origin, player);
    browser_load(&b, url);
    assert_players(&b, "paused | y[3] = 0.25 | 3", "reduced motion");
    assert_accessible(&b, url);
    snprintf(url, sizeof url, "%s%s", b.web.origin, gallery);
    browser_load(&b, url);
    got = players(&b);
    /* gaussian_smoothing's f starts at -5: output step 88 stands at n = 83 */
    ck_assert_msg(strncmp(got, "paused paused | n = 83: y[83] = ", 32) == 0 &&
                  strcmp(got + strlen(got) - 5, " | 88") == 0,
                  "reduced motion in the gallery: %s", got);
    free(got);
    assert_accessible(&b, url);

    /* a phone's screen gets the narrow rendering, drawn for it */
    cdp_call(&b, true, "Emulation.setEmulatedMedia", "{\"features\":[]}");
    cdp_call(&b, true, "Emulation.setDeviceMetricsOverride",
             "{\"width\":390,\"height\":844,\"deviceScaleFactor\":1,\"mobile\":true}");
    browser_load(&b, url);
    got = browser_when(&b, "document.querySelectorAll('canvas').length === 2",
                       "[...document.querySelectorAll('canvas')].map(c => c.width + 'x' + "
                       "c.height).join(' ')");
    ck_assert_msg(strcmp(got, "390x360 390x360") == 0, "on a phone: %s", got);
    free(got);
    assert_accessible(&b, "the gallery on a phone");
    cdp_call(&b, true, "Emulation.clearDeviceMetricsOverride", NULL);

    /* from a file, which this browser (as a reader's) lets read no other
     * file: the --html page and an embed --inline fragment carry their
     * GIF, and play with no file beside them */
    static const char *const both[] = { "embed", "--inline", "--href", "x.gif", "box.gif",
                                        NULL };
    ru_run(&r, &o, both);
    ru_assert_refused(&r, 2, "--href and --inline", "convanim");
    static const char *const inline_embed[] = { "embed", "--player", "--inline", "box.gif",
                                                NULL };
    ru_run(&r, &o, inline_embed);
    ck_assert_msg(r.code == 0, "embed --player --inline: %s", r.err);
    ck_assert_ptr_null(strstr(r.out, "box.gif\""));
    ck_assert_ptr_nonnull(strstr(r.out, "<img src=\"data:image/gif;base64,R0lGOD"));
    ck_assert_ptr_nonnull(strstr(r.out, "<source srcset=\"data:image/png;base64,iVBOR"));
    snprintf(course, sizeof course, "%s/inline.html", dir);
    fp = fopen(course, "w");
    ck_assert_ptr_nonnull(fp);
    fprintf(fp, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<title>Week 3</title>\n</head>\n<body>\n<main>\n<h1>Week 3</h1>\n%s</main>\n"
                "</body>\n</html>\n", r.out);
    ck_assert_int_eq(fclose(fp), 0);
    char moved[400], away[400];
    static const char *const gone[] = { "cli.gif", "box.gif", "box.png" };
    for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++) {
        snprintf(moved, sizeof moved, "%s/%s", dir, gone[i]);
        snprintf(away, sizeof away, "%s/away-%s", dir, gone[i]);
        ck_assert_int_eq(rename(moved, away), 0);
    }
    /* the page moved alone to another folder */
    snprintf(moved, sizeof moved, "%s/alone", dir);
    ck_assert_int_eq(mkdir(moved, 0755), 0);
    snprintf(away, sizeof away, "%s/alone/cli.html", dir);
    snprintf(url, sizeof url, "%s/cli.html", dir);
    ck_assert_int_eq(rename(url, away), 0);
    size_t len;
    char *page = (char *)tu_read_all(away, &len);
    page[len - 1] = '\0';
    ck_assert_ptr_null(strstr(page, "http"));
    ck_assert_ptr_nonnull(strstr(page, "<img src=\"data:image/gif;base64,R0lGOD"));
    free(page);
    snprintf(url, sizeof url, "file://%s#step=2", away);
    browser_load(&b, url);
    /* what the checks below rest on: the browser lets a page opened from
     * a file read no other file, the moved GIF included */
    got = browser_eval(&b, "new Promise(r => { const q = new XMLHttpRequest(); "
                           "q.onload = () => r('read'); q.onerror = () => r('refused'); "
                           "q.open('GET', '../away-cli.gif'); q.send(); })");
    ck_assert_msg(strcmp(got, "refused") == 0, "a page from a file read another file: %s", got);
    free(got);
    assert_players(&b, "paused | n = 2: y[2] = 1.5 | 2", "--html from a file, deep link");
    cdp_call(&b, true, "Runtime.evaluate",
             "{\"expression\":\"document.querySelector('canvas').focus()\"}");
    browser_key(&b, "ArrowRight", "ArrowRight", 39);
    assert_players(&b, "paused | n = 3: y[3] = 0.75 | 3", "--html from a file, right arrow");
    browser_key(&b, "Home", "Home", 36);
    assert_players(&b, "paused | n = 0: y[0] = 0 | 0", "--html from a file, Home");
    browser_key(&b, " ", "Space", 32);
    got = browser_when(&b, "document.querySelector('.convanim-caption').textContent === "
                           "'n = 1: y[1] = 1'", "document.querySelector('figure').dataset.state");
    ck_assert_msg(strcmp(got, "playing") == 0, "--html from a file, space plays: %s", got);
    free(got);
    assert_accessible(&b, url);
    snprintf(url, sizeof url, "file://%s", course);
    browser_load(&b, url);
    assert_players(&b, "playing | Frame 1 of 4. | 0", "embed --inline from a file");
    assert_accessible(&b, url);
    browser_close(&b);

    png_image img = { .version = PNG_IMAGE_VERSION };
    ck_assert(png_image_begin_read_from_memory(&img, shot, size));
    img.format = PNG_FORMAT_GRAY;
    uint8_t *px = malloc(PNG_IMAGE_SIZE(img));
    ck_assert(px && png_image_finish_read(&img, NULL, px, 0, NULL));
    size_t dark = 0, total = (size_t)img.width * img.height;
    for (size_t i = 0; i < total; i++)
        dark += px[i] < 128;
    /* the first frame's axes, ticks and labels: some 0.6% of the canvas */
    ck_assert_msg(dark > total / 400, "the player shows no frame: %zu of %zu pixels dark", dark,
                  total);
    free(px);
    free(shot);
    tu_rmtree(dir);
}
END_TEST

/* Captions and alt texts say what the animation shows in the words a
 * reader needs: the title when it has one, a file's name without its
 * folders, a continuous signal as a function of t (never "0 samples"). */
START_TEST(captions_use_titles_and_plain_words)
{
    ca_meta m = sample_meta(), back;
    char text[CA_GIF_MAX_COMMENT], caption[1024], alt[2048];
    ca_error err;
    /* no title, no continuous line: the description's bytes are as before */
    ck_assert_int_eq(ca_meta_format(&m, text, sizeof text, &err), CA_OK);
    ck_assert_ptr_null(strstr(text, "title"));
    ck_assert_ptr_null(strstr(text, "continuous"));
    ck_assert_ptr_null(strstr(text, "narrow"));
    ck_assert_ptr_null(strstr(text, "describe"));

    snprintf(m.f, sizeof m.f, "%s", "/home/lecturer/week 3/ramp.csv");
    ca_meta_caption(&m, caption, sizeof caption);
    ck_assert_str_eq(caption, "f = ramp.csv, g = decay: full convolution, 109 frames, "
                              "960\u00d7640");

    snprintf(m.title, sizeof m.title, "%s", "Smoothing by $\\alpha_{0}$ decay");
    m.continuous = true;
    snprintf(m.narrow, sizeof m.narrow, "%s", "n.narrow.gif");
    snprintf(m.describe, sizeof m.describe, "%s", "n.json");
    ck_assert_int_eq(ca_meta_format(&m, text, sizeof text, &err), CA_OK);
    ck_assert_int_eq(ca_meta_parse(text, &back, &err), CA_OK);
    ck_assert_str_eq(back.title, m.title);
    ck_assert_str_eq(back.narrow, "n.narrow.gif");
    ck_assert_str_eq(back.describe, "n.json");
    ck_assert(back.continuous);
    ca_meta_caption(&back, caption, sizeof caption);
    /* the title as it reads, markup gone (ca_text_plain) */
    ck_assert_str_eq(caption, "Smoothing by \u03b1\u2080 decay: continuous-time convolution, "
                              "109 frames");
    ca_meta_alt(&back, alt, sizeof alt);
    ck_assert_ptr_null(strstr(alt, "sample"));
    ck_assert_ptr_null(strstr(alt, "mode"));
    ck_assert_ptr_nonnull(strstr(alt, "Animation of the convolution of f"));
    ck_assert_ptr_nonnull(strstr(alt, "f = /home/lecturer/week 3/ramp.csv (a function of t) and "
                                      "g = decay (a function of t)"));
    ck_assert_ptr_nonnull(strstr(alt, "slides across f as t grows"));
}
END_TEST

/* gallery --title and --lang; embed of a GIF convanim did not describe
 * (as animate2d writes them) works from what the file itself says. */
START_TEST(gallery_title_language_and_any_gif)
{
    char dir[256], gif[300], page[300];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(gif, sizeof gif, "%s/a.gif", dir);
    render(gif, NULL, "values:0;1;0.5;0.25");
    snprintf(gif, sizeof gif, "%s/plain.gif", dir);
    ca_palette pal;
    ca_palette_init(&pal, (ca_rgb){ 255, 255, 255 });
    ca_gif *g;
    uint8_t px[6] = { 0 };
    ca_error err;
    ck_assert_int_eq(ca_gif_open_file(gif, 3, 2, &pal, 0, &g, &err), CA_OK);
    ck_assert_int_eq(ca_gif_add_frame(g, px, 3, 10, NULL, &err), CA_OK);
    ck_assert_int_eq(ca_gif_add_frame(g, px, 3, 10, NULL, &err), CA_OK);
    ck_assert_int_eq(ca_gif_close(g, &err), CA_OK);

    static ru_result r;
    ru_opts o = { .cwd = dir };
    /* a narrow rendering: offered with its GIF on the pages, never on its own */
    static const char *const narrow[] = { "animate", "-f", "values:1;2", "-g", "box:n=2", "-q",
                                          "-o", "n.gif", "--narrow", "n.narrow.gif", "--html",
                                          "n.html", NULL };
    ru_run(&r, &o, narrow);
    ck_assert_msg(r.code == 0, "animate --narrow: %s", r.err);
    static const char narrow_source[] = "<source srcset=\"n.narrow.gif\" media=\"(max-width: "
                                        "480px)\" width=\"390\" height=\"360\" data-narrow>";
    /* the --html page carries the narrow rendering itself */
    char path[400], *uri;
    snprintf(path, sizeof path, "%s/n.narrow.gif", dir);
    ck_assert_int_eq(ca_web_data_uri(path, &uri, &err), CA_OK);
    char *inline_source = malloc(strlen(uri) + sizeof narrow_source);
    ck_assert_ptr_nonnull(inline_source);
    /* the same element, its link the URI */
    sprintf(inline_source, "<source srcset=\"%s%s", uri,
            narrow_source + strlen("<source srcset=\"n.narrow.gif"));
    free(uri);
    snprintf(page, sizeof page, "%s/n.html", dir);
    size_t len;
    char *whole = (char *)tu_read_all(page, &len);
    whole[len - 1] = '\0';
    ck_assert_ptr_nonnull(strstr(whole, inline_source));
    free(whole);
    free(inline_source);

    static const char *const gallery[] = { "gallery", ".", "--title", "Woche 3: <Faltung>",
                                           "--lang", "de-CH", NULL };
    ru_run(&r, &o, gallery);
    ck_assert_msg(r.code == 0, "gallery: %s", r.err);
    snprintf(page, sizeof page, "%s/index.html", dir);
    const char *html = slurp_text(page);
    ck_assert(strncmp(html, "<!DOCTYPE html>\n<html lang=\"de-CH\">\n", 36) == 0);
    ck_assert_ptr_nonnull(strstr(html, "<title>Woche 3: &lt;Faltung&gt;</title>"));
    ck_assert_ptr_nonnull(strstr(html, narrow_source));
    ck_assert_int_eq(count(html, "<figure"), 3);
    ck_assert_ptr_nonnull(strstr(html, "<h1>Woche 3: &lt;Faltung&gt;</h1>\n<p>3 animations. "
                                       "Each animation plays by itself; pause it, or step"));
    ck_assert_ptr_nonnull(strstr(html, "alt=\"Animation plain.gif, 2 frames\""));
    ck_assert_ptr_nonnull(strstr(html, "<img src=\"plain.gif\" width=\"3\" height=\"2\""));

    static const char *const bad_lang[] = { "gallery", ".", "--lang", "en_US", NULL };
    ru_run(&r, &o, bad_lang);
    ru_assert_refused(&r, 2, "language 'en_US' is not a tag", "convanim");

    /* the narrow rendering is an output like the others: never one of them */
    static const char *const clash[] = { "animate", "-f", "values:1;2", "-g", "box:n=2", "-o",
                                         "x.gif", "--narrow", "x.gif", NULL };
    ru_run(&r, &o, clash);
    ru_assert_refused(&r, 2, "x.gif", "convanim");
    snprintf(page, sizeof page, "%s/x.gif", dir);
    ck_assert_int_eq(access(page, F_OK), -1);

    static const char *const embed[] = { "embed", "plain.gif", NULL };
    ru_run(&r, &o, embed);
    ck_assert_msg(r.code == 0, "embed plain.gif: %s", r.err);
    ck_assert_ptr_nonnull(strstr(r.out, "<img src=\"plain.gif\" width=\"3\" height=\"2\" "
                                        "loading=\"lazy\" alt=\"Animation plain.gif, 2 frames\">"));
    ck_assert_ptr_nonnull(strstr(r.out, "<figcaption>plain.gif, 2 frames, 3\u00d72"));
    /* its maker had no --poster to suggest */
    ck_assert_ptr_nonnull(strstr(r.err, "plain.gif has no poster beside it"));
    ck_assert_ptr_null(strstr(r.err, "--poster"));
    ck_assert_ptr_null(strstr(r.out, "<script"));
    tu_rmtree(dir);
}
END_TEST

/* Links between files in different folders are relative paths, and file
 * names become URLs safely. */
START_TEST(links_are_relative_and_encoded)
{
    char dir[256], a[400], b[400], buf[4096];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(a, sizeof a, "%s/web", dir);
    snprintf(b, sizeof b, "%s/out", dir);
    ck_assert_int_eq(mkdir(a, 0755), 0);
    ck_assert_int_eq(mkdir(b, 0755), 0);
    snprintf(a, sizeof a, "%s/web/page.html", dir);
    snprintf(b, sizeof b, "%s/out/a.gif", dir);
    ck_assert_str_eq(ca_web_relative(a, b, buf, sizeof buf), "../out/a.gif");
    ck_assert_str_eq(ca_web_relative(b, b, buf, sizeof buf), "a.gif");
    snprintf(a, sizeof a, "%s/page.html", dir);
    ck_assert_str_eq(ca_web_relative(a, b, buf, sizeof buf), "out/a.gif");
    ck_assert_ptr_null(ca_web_relative("/no/such/folder/x.html", b, buf, sizeof buf));
    ck_assert_str_eq(ca_web_path_href("../out/x#1 é.gif", buf, sizeof buf),
                     "../out/x%231%20%C3%A9.gif");
    ck_assert_str_eq(ca_web_path_href("c:d.gif", buf, sizeof buf), "./c%3Ad.gif");
    ck_assert_ptr_null(ca_web_path_href("abc", buf, 3));
    tu_rmtree(dir);
}
END_TEST

/* A data: URI: the type the bytes say, standard base64 with its padding;
 * a file that is no image is refused. */
START_TEST(data_uri_carries_the_bytes)
{
    static const struct {
        const char *bytes;
        size_t len;
        const char *uri;
    } cases[] = {
        { "GIF89a", 6, "data:image/gif;base64,R0lGODlh" },
        { "GIF89a\0", 7, "data:image/gif;base64,R0lGODlhAA==" },
        { "GIF87a\0\1", 8, "data:image/gif;base64,R0lGODdhAAE=" },
        { "GIF89a\xff\xfe\xfd", 9, "data:image/gif;base64,R0lGODlh//79" },
        { "\x89PNG\r\n\x1a\n", 8, "data:image/png;base64,iVBORw0KGgo=" },
        { "RIFF\0\0\0\0WEBP", 12, "data:image/webp;base64,UklGRgAAAABXRUJQ" },
    };
    char dir[256], path[300];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/x", dir);
    ca_error err;
    char *uri;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tu_write_file(path, cases[i].bytes, cases[i].len);
        ck_assert_int_eq(ca_web_data_uri(path, &uri, &err), CA_OK);
        ck_assert_str_eq(uri, cases[i].uri);
        free(uri);
    }
    tu_write_file(path, "GIF88a", 6);
    ck_assert_int_eq(ca_web_data_uri(path, &uri, &err), CA_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "not a GIF, PNG or WebP image"));
    tu_rmtree(dir);
}
END_TEST

static const tu_suite suite = { .name = "web", .timeout = 180 };
TU_MAIN(suite, figure_offers_the_poster_to_reduced_motion, description_survives_a_round_trip,
        gif_carries_its_description, gallery_shows_every_gif, links_are_relative_and_encoded,
        data_uri_carries_the_bytes, pages_work_in_chromium,
        only_whole_gifs_are_described, captions_use_titles_and_plain_words,
        gallery_title_language_and_any_gif)

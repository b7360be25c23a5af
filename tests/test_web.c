#include <fcntl.h>
#include <png.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "convanim/anim.h"
#include "convanim/gif.h"
#include "convanim/meta.h"
#include "convanim/png.h"
#include "convanim/web.h"
#include "testutil.h"

static ca_meta sample_meta(void)
{
    ca_meta m = { .nf = 70, .ng = 40, .outputs = 109, .frames = 109, .width = 960,
                  .height = 640, .mode = CA_CONV_FULL, .layout = CA_LAYOUT_SEED };
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
    ck_assert_int_eq(ca_web_figure(&m, "out/block 1.gif", "out/block.png", 197543, &html, &err),
                     CA_OK);
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
    ck_assert_int_eq(ca_web_figure(&m, "x.gif", NULL, 0, &html, &err), CA_OK);
    ck_assert_ptr_null(strstr(html, "<b>"));
    ck_assert_ptr_nonnull(strstr(html, "a&lt;b&gt;&amp;&quot;c&#39;.csv"));
    ck_assert_ptr_null(strstr(html, "<source"));
    ck_assert_ptr_nonnull(strstr(html, "correlation"));
    ck_assert_ptr_nonnull(strstr(html, "products"));
    free(html);

    /* a URL stays a URL: only what cannot stand in one is encoded */
    ck_assert_int_eq(ca_web_figure(&m, "https://x.org/a b.gif?v=1&w=\"2\"", NULL, 0, &html,
                                   &err), CA_OK);
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
                  .height = 240, .mode = CA_CONV_SAME, .layout = CA_LAYOUT_SEED };
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
    ck_assert_msg(ca_web_gallery(dir, page, &err) == CA_OK, "%s", err.msg);
    const char *html = slurp_text(page);
    ck_assert(strncmp(html, "<!DOCTYPE html>\n<html lang=\"en\">\n", 33) == 0);
    ck_assert_ptr_nonnull(strstr(html, "<meta charset=\"utf-8\">"));
    ck_assert_ptr_nonnull(strstr(html, "name=\"viewport\""));
    ck_assert_int_eq(count(html, "<figure>"), 2);
    ck_assert_int_eq(count(html, "<source srcset=\"b.png\""), 1);
    /* sorted by name: a before b; links from the page's folder */
    const char *a = strstr(html, "<img src=\"a.gif\""), *b = strstr(html, "<img src=\"b.gif\"");
    ck_assert(a && b && a < b);
    ck_assert_ptr_nonnull(strstr(html, "f = ramp.csv, g = box:n=2: same convolution"));
    ck_assert_ptr_null(strstr(html, "<script"));
    ck_assert_ptr_null(strstr(html, "http"));
    ck_assert_int_eq(ca_web_gallery("/no/such/folder", page, &err), CA_EINPUT);
    tu_rmtree(dir);
}
END_TEST

/* Runs headless Chromium on url with extra flags; returns what it printed. */
static char *chromium(const char *dir, const char *url, const char *const *extra)
{
    char profile[400], out[400];
    snprintf(profile, sizeof profile, "--user-data-dir=%s/profile", dir);
    snprintf(out, sizeof out, "%s/chromium.out", dir);
    const char *argv[24] = { "chromium", "--headless", "--no-sandbox", "--disable-gpu",
                             "--no-first-run", "--disable-background-networking",
                             "--disable-component-update", "--disable-sync", profile,
                             "--allow-file-access-from-files", "--window-size=1000,4000" };
    int n = 11;
    for (int i = 0; extra[i]; i++)
        argv[n++] = extra[i];
    argv[n++] = url;
    argv[n] = NULL;
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        /* its chatter (no D-Bus in a container) goes to a log beside it */
        char log[420];
        snprintf(log, sizeof log, "%s.log", out);
        int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int errfd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
        int null = open("/dev/null", O_RDONLY);
        if (fd < 0 || errfd < 0 || null < 0 || dup2(fd, 1) < 0 || dup2(errfd, 2) < 0 ||
            dup2(null, 0) < 0)
            _exit(126);
        execvp(argv[0], (char *const *)argv);
        _exit(127);
    }
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_msg(!(WIFEXITED(status) && WEXITSTATUS(status) == 127),
                  "chromium is not installed: 'make deps' installs Debian's chromium");
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "chromium failed");
    return slurp_text(out);
}

/* Copies file name from folder src to folder dst. */
static void copy(const char *src, const char *dst, const char *name)
{
    char from[400], to[400];
    snprintf(from, sizeof from, "%s/%s", src, name);
    snprintf(to, sizeof to, "%s/%s", dst, name);
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    ck_assert_msg(in && out, "copying %s", from);
    char buf[65536];
    for (size_t n; (n = fread(buf, 1, sizeof buf, in)) > 0;)
        ck_assert_uint_eq(fwrite(buf, 1, n, out), n);
    fclose(in);
    ck_assert_int_eq(fclose(out), 0);
}

/* The demo's page in a real browser: every image loads, with reduced
 * motion the posters show instead of the GIFs, and the page is not blank. */
START_TEST(demo_page_works_in_chromium)
{
    const char *demo = getenv("CONVANIM_DEMO");
    ck_assert_msg(demo != NULL, "CONVANIM_DEMO names the demo's folder (make test sets it)");
    char dir[256], page[400], probe[400], url[500];
    tu_mkdtemp(dir, sizeof dir);
    static const char *const files[] = { "index.html", "sliding_block.gif", "sliding_block.png",
                                         "gaussian_smoothing.gif", "gaussian_smoothing.png" };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        copy(demo, dir, files[i]);

    /* the page itself has no script: the probe is a copy with one */
    snprintf(page, sizeof page, "%s/index.html", dir);
    snprintf(probe, sizeof probe, "%s/probe.html", dir);
    char *html = strdup(slurp_text(page));
    char *end = strstr(html, "</body>");
    ck_assert_ptr_nonnull(end);
    *end = '\0';
    FILE *fp = fopen(probe, "w");
    ck_assert_ptr_nonnull(fp);
    fprintf(fp, "%s<script>\n"
                "addEventListener('load', () => {\n"
                "  const im = [...document.images];\n"
                "  const loaded = im.filter(i => i.complete && i.naturalWidth > 0).length;\n"
                "  const posters = im.filter(i => /\\.png$/.test(i.currentSrc)).length;\n"
                "  document.body.dataset.result =\n"
                "    `images=${im.length} loaded=${loaded} posters=${posters}`;\n"
                "});\n"
                "</script>\n</body>\n</html>\n", html);
    ck_assert_int_eq(fclose(fp), 0);
    free(html);

    snprintf(url, sizeof url, "file://%s", probe);
    static const char *const dump[] = { "--virtual-time-budget=10000", "--dump-dom", NULL };
    char *dom = chromium(dir, url, dump);
    ck_assert_msg(strstr(dom, "data-result=\"images=2 loaded=2 posters=0\"") != NULL,
                  "moving: %.300s", strstr(dom, "data-result") ? strstr(dom, "data-result") : dom);
    static const char *const reduced[] = { "--force-prefers-reduced-motion",
                                           "--virtual-time-budget=10000", "--dump-dom", NULL };
    dom = chromium(dir, url, reduced);
    ck_assert_msg(strstr(dom, "data-result=\"images=2 loaded=2 posters=2\"") != NULL,
                  "reduced motion: %.300s",
                  strstr(dom, "data-result") ? strstr(dom, "data-result") : dom);

    char shot[400], flag[420];
    snprintf(shot, sizeof shot, "%s/shot.png", dir);
    snprintf(flag, sizeof flag, "--screenshot=%s", shot);
    snprintf(url, sizeof url, "file://%s", page);
    const char *const snap[] = { "--virtual-time-budget=10000", flag, NULL };
    chromium(dir, url, snap);
    png_image img = { .version = PNG_IMAGE_VERSION };
    ck_assert(png_image_begin_read_from_file(&img, shot));
    img.format = PNG_FORMAT_GRAY;
    uint8_t *px = malloc(PNG_IMAGE_SIZE(img));
    ck_assert(px && png_image_finish_read(&img, NULL, px, 0, NULL));
    size_t dark = 0, total = (size_t)img.width * img.height;
    for (size_t i = 0; i < total; i++)
        dark += px[i] < 128;
    ck_assert_msg(dark > total / 200, "blank page: %zu of %zu pixels dark", dark, total);
    free(px);
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

int main(void)
{
    Suite *s = suite_create("web");
    TCase *tc = tcase_create("web");
    tcase_set_timeout(tc, 180);
    tcase_add_test(tc, figure_offers_the_poster_to_reduced_motion);
    tcase_add_test(tc, description_survives_a_round_trip);
    tcase_add_test(tc, gif_carries_its_description);
    tcase_add_test(tc, gallery_shows_every_gif);
    tcase_add_test(tc, links_are_relative_and_encoded);
    tcase_add_test(tc, demo_page_works_in_chromium);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}

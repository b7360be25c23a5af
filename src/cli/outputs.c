#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"
#include "outputs.h"
#include "convanim/file_writer.h"
#include "convanim/gif.h"
#include "convanim/png.h"
#include "convanim/sheet.h"
#include "convanim/text.h"
#include "convanim/sink.h"
#include "convanim/video.h"
#include "convanim/web.h"
#include "convanim/webp.h"
#include "base/util.h"
#include "out/atomic.h"

static bool same(const char *p, const char *q)
{
    return p && q && ca_atomic_same_target(p, q);
}

/* One animation format: the extension that picks it, how its writer
 * opens on a path, and what the writer would refuse that can be checked
 * before it opens: the frame size (NULL: any the scene draws) and each
 * frame's delay, with the format's name for ca_writer_check_delay (NULL:
 * any the timeline allows). */
typedef struct anim_format {
    const char *ext;
    const char *name;    /* for messages */
    ca_status (*open)(const cli_outputs *o, const ca_palette *pal, int loop, const ca_meta *m,
                      ca_frame_writer *out, ca_error *err);
    ca_status (*check_size)(int width, int height, ca_error *err);
    const char *delay_format;
} anim_format;

/* The description on no other output, naming the one it would replace. */
static ca_status check_describe(const cli_outputs *o, ca_error *err)
{
    const struct {
        const char *path, *what;
    } others[] = { { o->anim, "animation" }, { o->poster, "poster" }, { o->html, "HTML" },
                   { o->sheet, "contact sheet" } };
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
        if (same(o->describe, others[i].path))
            return ca_fail(err, CA_EINPUT, "%s: the description would overwrite the %s",
                           o->describe, others[i].what);
    return CA_OK;
}

/* The GIF's comment: what it shows, for embed and gallery. */
static ca_status describe(ca_gif *gif, const cli_outputs *o, const ca_meta *m, ca_error *err)
{
    ca_meta with_poster = *m;
    /* the poster from the GIF's folder; one whose path does not fit is left
     * out rather than recorded wrong */
    char rel[CA_META_TEXT];
    if (o->poster && ca_web_relative(o->anim, o->poster, rel, sizeof rel))
        snprintf(with_poster.poster, sizeof with_poster.poster, "%s", rel);
    if (o->narrow && ca_web_relative(o->anim, o->narrow, rel, sizeof rel))
        snprintf(with_poster.narrow, sizeof with_poster.narrow, "%s", rel);
    if (o->describe && ca_web_relative(o->anim, o->describe, rel, sizeof rel))
        snprintf(with_poster.describe, sizeof with_poster.describe, "%s", rel);
    char text[CA_GIF_MAX_COMMENT];
    ca_status s = ca_meta_format(&with_poster, text, sizeof text, err);
    return s == CA_OK ? ca_gif_comment(gif, text, err) : s;
}

static ca_status open_gif(const cli_outputs *o, const ca_palette *pal, int loop,
                          const ca_meta *m, ca_frame_writer *out, ca_error *err)
{
    ca_gif *gif;
    ca_status s = ca_gif_open_file(o->anim, m->width, m->height, pal, loop, &gif, err);
    if (s != CA_OK)
        return s;
    if ((s = describe(gif, o, m, err)) != CA_OK) {
        ca_gif_abort(gif);
        return s;
    }
    *out = ca_gif_writer(gif);
    return CA_OK;
}

static ca_status open_webp(const cli_outputs *o, const ca_palette *pal, int loop,
                           const ca_meta *m, ca_frame_writer *out, ca_error *err)
{
    return ca_webp_open_file(o->anim, m->width, m->height, pal, loop, out, err);
}

static ca_status open_webm(const cli_outputs *o, const ca_palette *pal, int loop,
                           const ca_meta *m, ca_frame_writer *out, ca_error *err)
{
    (void)loop;
    return ca_video_open_file(o->anim, CA_VIDEO_WEBM, m->width, m->height, pal, out, err);
}

static ca_status open_mp4(const cli_outputs *o, const ca_palette *pal, int loop,
                          const ca_meta *m, ca_frame_writer *out, ca_error *err)
{
    (void)loop;
    return ca_video_open_file(o->anim, CA_VIDEO_MP4, m->width, m->height, pal, out, err);
}

static ca_status check_webm_size(int width, int height, ca_error *err)
{
    return ca_video_check_size(CA_VIDEO_WEBM, width, height, err);
}

static ca_status check_mp4_size(int width, int height, ca_error *err)
{
    return ca_video_check_size(CA_VIDEO_MP4, width, height, err);
}

static const anim_format anim_formats[] = {
    { ".gif", "GIF", open_gif, NULL, NULL },
    { ".webp", "WebP", open_webp, NULL, "WebP" },
    { ".webm", "WebM video", open_webm, check_webm_size, "video" },
    { ".mp4", "MP4 video", open_mp4, check_mp4_size, "video" },
};

static const char *const poster_formats[] = { ".png", ".webp" };
static const char *const sheet_formats[] = { ".png" };

/* The extension of path's last component, dot included, or "". */
static const char *extension(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    const char *dot = strrchr(name, '.');
    return dot && dot != name ? dot : "";
}

/* The index of path's extension, compared without case, among n
 * extensions (each the first member of a struct `size` bytes long), or
 * CA_EINPUT naming it and the accepted ones. */
static ca_status find_format(const char *what, const char *path, const char *const *exts,
                             size_t n, size_t size, size_t *index, ca_error *err)
{
    const char *ext = extension(path);
    char accepted[64] = "";
    for (size_t i = 0; i < n; i++) {
        const char *e = *(const char *const *)((const char *)exts + i * size);
        if (*ext && strcasecmp(ext, e) == 0) {
            *index = i;
            return CA_OK;
        }
        size_t len = strlen(accepted);
        snprintf(accepted + len, sizeof accepted - len, "%s%s", i ? ", " : "", e);
    }
    if (!*ext)
        return ca_fail(err, CA_EINPUT, "%s: no extension to tell the %s's format (accepted: %s)",
                       path, what, accepted);
    return ca_fail(err, CA_EINPUT, "%s: the %s cannot be written as '%s' (accepted: %s)", path,
                   what, ext, accepted);
}

static ca_status anim_format_of(const char *path, const anim_format **out, ca_error *err)
{
    size_t i;
    ca_status s = find_format("animation", path, &anim_formats[0].ext,
                              sizeof anim_formats / sizeof anim_formats[0], sizeof anim_formats[0],
                              &i, err);
    if (s == CA_OK)
        *out = &anim_formats[i];
    return s;
}

/* Whether the poster is a WebP (else a PNG). */
static ca_status poster_is_webp(const char *path, bool *webp, ca_error *err)
{
    size_t i;
    ca_status s = find_format("poster", path, poster_formats,
                              sizeof poster_formats / sizeof poster_formats[0],
                              sizeof poster_formats[0], &i, err);
    *webp = s == CA_OK && i == 1;
    return s;
}

/* The contact sheet: a PNG, on no other output. */
static ca_status check_sheet(const cli_outputs *o, ca_error *err)
{
    size_t i;
    ca_status s = ca_atomic_check(o->sheet, err);
    if (s == CA_OK)
        s = find_format("contact sheet", o->sheet, sheet_formats, 1, sizeof sheet_formats[0],
                        &i, err);
    if (s == CA_OK && (same(o->sheet, o->anim) || same(o->sheet, o->poster) ||
                       same(o->sheet, o->html)))
        s = ca_fail(err, CA_EINPUT, "%s: the contact sheet would overwrite another output",
                    o->sheet);
    return s;
}

static const char *const narrow_formats[] = { ".gif" };

/* The narrow rendering: a GIF the pages offer to phones, on no other
 * output. */
static ca_status check_narrow(const cli_outputs *o, ca_error *err)
{
    size_t i;
    ca_status s = find_format("narrow rendering", o->narrow, narrow_formats, 1,
                              sizeof narrow_formats[0], &i, err);
    if (s != CA_OK)
        return s;
    /* the GIF's description names it for the pages; no other format has one */
    const anim_format *f;
    if (o->anim && anim_format_of(o->anim, &f, NULL) == CA_OK && f != &anim_formats[0])
        return ca_fail(err, CA_EINPUT, "%s: a narrow rendering goes with a GIF (the animation "
                       "is %s)", o->narrow, o->anim);
    if (same(o->narrow, o->anim) || same(o->narrow, o->poster) || same(o->narrow, o->html) ||
        same(o->narrow, o->describe) || same(o->narrow, o->sheet))
        return ca_fail(err, CA_EINPUT, "%s: the narrow rendering would overwrite another output",
                       o->narrow);
    return ca_atomic_check(o->narrow, err);
}

/* The animation's own checks: its path, its format, and no other output
 * on it. */
static ca_status check_anim(const cli_outputs *o, ca_error *err)
{
    const anim_format *f;
    ca_status s = ca_atomic_check(o->anim, err);
    if (s == CA_OK)
        s = anim_format_of(o->anim, &f, err);
    if (s == CA_OK && same(o->poster, o->anim))
        s = ca_fail(err, CA_EINPUT, "%s: the poster and the %s are the same file", o->poster,
                    f->name);
    return s;
}

/* The HTML shows a GIF by its description, which only the GIF carries. */
static ca_status check_html(const cli_outputs *o, ca_error *err)
{
    const anim_format *f;
    if (o->html && o->anim && anim_format_of(o->anim, &f, NULL) == CA_OK &&
        f != &anim_formats[0])
        return ca_fail(err, CA_EINPUT, "%s: the HTML can show only a GIF (the animation is "
                       "%s)", o->html, o->anim);
    if (same(o->html, o->anim) || same(o->html, o->poster))
        return ca_fail(err, CA_EINPUT, "%s: the HTML would overwrite the GIF or the poster",
                       o->html);
    return CA_OK;
}

ca_status cli_outputs_check(const cli_outputs *o, ca_error *err)
{
    ca_status s;
    if (o->anim && (s = check_anim(o, err)) != CA_OK)
        return s;
    /* A poster named like an animation may be a preset's default
     * animation, which is said once that is decided (check_anim). */
    const anim_format *f;
    bool webp, later = !o->anim && o->poster && anim_format_of(o->poster, &f, NULL) == CA_OK;
    if (o->poster && ((s = ca_atomic_check(o->poster, err)) != CA_OK ||
                      (!later && (s = poster_is_webp(o->poster, &webp, err)) != CA_OK)))
        return s;
    if (o->frames && (s = ca_folder_check(o->frames, err)) != CA_OK)
        return s;
    if (o->html && (s = check_html(o, err)) != CA_OK)
        return s;
    if (o->html && (s = ca_atomic_check(o->html, err)) != CA_OK)
        return s;
    if (o->sheet && (s = check_sheet(o, err)) != CA_OK)
        return s;
    if (o->narrow && (s = check_narrow(o, err)) != CA_OK)
        return s;
    if (o->describe && (s = check_describe(o, err)) != CA_OK)
        return s;
    if (o->describe && (s = ca_atomic_check(o->describe, err)) != CA_OK)
        return s;
    return CA_OK;
}

ca_status cli_outputs_check_anim(const cli_outputs *o, ca_error *err)
{
    bool webp;
    ca_status s = check_anim(o, err);
    if (s == CA_OK && o->poster)
        s = poster_is_webp(o->poster, &webp, err);
    if (s == CA_OK && o->sheet)
        s = check_sheet(o, err);
    if (s == CA_OK && o->narrow)
        s = check_narrow(o, err);
    if (s == CA_OK)
        s = check_html(o, err);
    return s == CA_OK ? check_describe(o, err) : s;
}

ca_status cli_outputs_check_size(const cli_outputs *o, int width, int height, ca_error *err)
{
    const anim_format *f;
    if (!o->anim || anim_format_of(o->anim, &f, NULL) != CA_OK || !f->check_size)
        return CA_OK;
    return f->check_size(width, height, err);
}

ca_status cli_outputs_check_sheet(const cli_outputs *o, int width, int height, size_t frames,
                                  ca_error *err)
{
    ca_sheet_layout l;
    return o->sheet ? ca_sheet_layout_of(width, height, frames, o->sheet_cells, &l, err) : CA_OK;
}

ca_status cli_outputs_check_delays(const cli_outputs *o, const ca_timeline *t, ca_error *err)
{
    const anim_format *f;
    if (!o->anim || anim_format_of(o->anim, &f, NULL) != CA_OK || !f->delay_format)
        return CA_OK;
    ca_status s = CA_OK;
    for (size_t i = 0; i < t->frames && s == CA_OK; i++)
        s = ca_writer_check_delay(f->delay_format, i + 1, ca_timeline_delay_ms(t, i), err);
    return s;
}

ca_status cli_writers_open(cli_writers *ws, const cli_outputs *o, const ca_palette *pal,
                           int loop, const ca_meta *m, ca_error *err)
{
    *ws = (cli_writers){ .paths = o };
    const anim_format *f;
    ca_status s = anim_format_of(o->anim, &f, err);
    if (s == CA_OK)
        s = f->open(o, pal, loop, m, &ws->w[0], err);
    if (s != CA_OK)
        return s;
    ws->count = 1;
    if (o->frames && (s = cli_frames_open(&ws->frames, o->frames, m->frames, err)) != CA_OK) {
        cli_writers_abort(ws);
        return s;
    }
    if (o->frames)
        ws->w[ws->count++] = cli_frames_writer(&ws->frames);
    return CA_OK;
}

static ca_status describe_to(ca_anim *a, ca_slide2d *sl, ca_sink *sink, ca_error *err)
{
    return a ? ca_anim_describe(a, sink, err) : ca_slide2d_describe(sl, sink, err);
}

/* The description, by the animation's own writer of it, made once: to the
 * file's temporary, made ready, when asked for; and into memory, for the
 * HTML page's player, whose page then needs no file beside it. With both,
 * the file takes the bytes the page has. */
static ca_status describe_with(cli_writers *ws, ca_anim *a, ca_slide2d *sl, ca_error *err)
{
    const cli_outputs *o = ws->paths;
    ca_status s = CA_OK;
    if (o->describe && (s = ca_file_sink_open(o->describe, &ws->describe, err)) != CA_OK)
        return s;
    ca_sink file = ws->describe ? ca_file_sink_get(ws->describe) : (ca_sink){ 0 };
    if (o->html) {
        ca_sink page = ca_memory_sink(&ws->page_json);
        s = describe_to(a, sl, &page, err);
        size_t n = ws->page_json.size;
        if (s == CA_OK && ws->describe && file.write(file.ctx, ws->page_json.data, n) != n)
            s = file.failed(file.ctx, err);
        /* ended as a C string */
        if (s == CA_OK && page.write(page.ctx, "", 1) != 1)
            s = page.failed(page.ctx, err);
    } else if (ws->describe) {
        s = describe_to(a, sl, &file, err);
    }
    return s == CA_OK && ws->describe ? ca_file_sink_prepare(ws->describe, err) : s;
}

ca_status cli_writers_describe(cli_writers *ws, ca_anim *a, ca_error *err)
{
    return describe_with(ws, a, NULL, err);
}

ca_status cli_writers_describe2d(cli_writers *ws, ca_slide2d *sl, ca_error *err)
{
    return describe_with(ws, NULL, sl, err);
}

ca_status cli_writers_add_sheet(cli_writers *ws, const ca_palette *pal, const ca_timeline *t,
                                const ca_meta *m, const char *font_path, ca_error *err)
{
    ca_font *font;
    ca_status s = ca_font_open(font_path, &font, err);
    if (s != CA_OK)
        return s;
    s = ca_sheet_open_file(ws->paths->sheet, m->width, m->height, pal, t, ws->paths->sheet_cells,
                           font, &ws->w[ws->count], err);
    ca_font_free(font);
    if (s == CA_OK)
        ws->count++;
    return s;
}

/* The poster into its sink, as a PNG or a WebP. */
static ca_status write_poster(ca_sink *sink, const char *path, const ca_canvas *last,
                              ca_error *err)
{
    bool webp;
    ca_status s = poster_is_webp(path, &webp, err);
    if (s != CA_OK)
        return s;
    if (webp)
        return ca_webp_write_still(sink, last, err);
    return ca_png_write_indexed_to(sink, last->pixels, last->width, last->height, last->stride,
                                   last->pal, err);
}

/* The poster goes to its temporary and is made ready before the animation
 * is put in place, and is put in place itself only after it; the
 * description, made ready before the frames, likewise. */
ca_status cli_writers_finish(cli_writers *ws, const ca_canvas *last, ca_error *err)
{
    const cli_outputs *o = ws->paths;
    ca_status s = CA_OK;
    /* taken out of ws, which the abort below empties */
    ca_file_sink *describe = ws->describe;
    ws->describe = NULL;
    ca_memory page_json = ws->page_json;
    ws->page_json = (ca_memory){ 0 };
    while (ws->count > 1 && s == CA_OK) {
        ws->count--;
        s = ws->w[ws->count].finish(ws->w[ws->count].ctx, err);
    }
    ca_file_sink *poster = NULL;
    if (s == CA_OK && o->poster && (s = ca_file_sink_open(o->poster, &poster, err)) == CA_OK) {
        ca_sink sink = ca_file_sink_get(poster);
        s = write_poster(&sink, o->poster, last, err);
        if (s == CA_OK)
            s = ca_file_sink_prepare(poster, err);
    }
    if (s == CA_OK) {
        ws->count = 0;
        s = ws->w[0].finish(ws->w[0].ctx, err);
    }
    cli_writers_abort(ws);
    if (poster)
        s = ca_file_sink_close(poster, s, err);
    if (describe)
        s = ca_file_sink_close(describe, s, err);
    if (s == CA_OK && o->html)
        s = ca_web_embed_file(o->anim, o->html, (const char *)page_json.data, err);
    ca_memory_free(&page_json);
    return s;
}

void cli_writers_abort(cli_writers *ws)
{
    while (ws->count > 0) {
        ws->count--;
        ws->w[ws->count].abort(ws->w[ws->count].ctx);
    }
    ca_file_sink_abort(ws->describe);
    ws->describe = NULL;
    ca_memory_free(&ws->page_json);
}

int cli_writers_run(cli_writers *ws, const cli_frame_source *src, size_t total,
                    const char *path, bool quiet, bool beamer, int loop)
{
    bool bar = !quiet && isatty(STDERR_FILENO);
    ca_error err = { 0 };
    ca_status s = CA_OK;
    bool stopped = false;
    for (size_t i = 0; i < total && s == CA_OK && !stopped; i++) {
        s = src->next(src->ctx, ws->w, ws->count, &err);
        if (bar && s == CA_OK)
            cli_progress(path, i + 1, total);
        stopped = cli_interrupted();
    }
    if (bar && (stopped || s != CA_OK))
        fputc('\n', stderr);
    if (stopped) {
        cli_writers_abort(ws);
        return CLI_FAILED;
    }
    if (s == CA_OK)
        s = cli_writers_finish(ws, src->last(src->ctx), &err);
    else
        cli_writers_abort(ws);
    if (s != CA_OK)
        return cli_report(s, &err);
    if (beamer) {
        cli_frames_print_beamer(&ws->frames, loop);
        return cli_flush_stdout("the \\animategraphics line");
    }
    return CLI_OK;
}

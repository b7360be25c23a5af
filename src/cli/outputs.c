#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "outputs.h"
#include "convanim/gif.h"
#include "convanim/png.h"
#include "convanim/web.h"
#include "base/util.h"
#include "out/atomic.h"

static bool same(const char *p, const char *q)
{
    return p && q && ca_atomic_same_target(p, q);
}

/* The animation's own checks: its path, and no other output on it. */
static ca_status check_anim(const cli_outputs *o, ca_error *err)
{
    ca_status s = ca_atomic_check(o->anim, err);
    if (s == CA_OK && same(o->poster, o->anim))
        s = ca_fail(err, CA_EINPUT, "%s: the poster and the GIF are the same file", o->poster);
    return s;
}

static ca_status check_narrow(const cli_outputs *o, ca_error *err)
{
    if (same(o->narrow, o->anim) || same(o->narrow, o->poster) || same(o->narrow, o->html) ||
        same(o->narrow, o->describe))
        return ca_fail(err, CA_EINPUT, "%s: the narrow rendering would overwrite another output",
                       o->narrow);
    return ca_atomic_check(o->narrow, err);
}

static ca_status check_html(const cli_outputs *o, ca_error *err)
{
    if (same(o->html, o->anim) || same(o->html, o->poster))
        return ca_fail(err, CA_EINPUT, "%s: the HTML would overwrite the GIF or the poster",
                       o->html);
    return CA_OK;
}

static ca_status check_describe(const cli_outputs *o, ca_error *err)
{
    if (same(o->describe, o->anim) || same(o->describe, o->poster) ||
        same(o->describe, o->html))
        return ca_fail(err, CA_EINPUT, "%s: the description would overwrite the GIF, the "
                       "poster or the HTML", o->describe);
    return CA_OK;
}

ca_status cli_outputs_check(const cli_outputs *o, ca_error *err)
{
    ca_status s;
    if (o->anim && (s = check_anim(o, err)) != CA_OK)
        return s;
    if (o->poster && (s = ca_atomic_check(o->poster, err)) != CA_OK)
        return s;
    if (o->frames && (s = ca_folder_check(o->frames, err)) != CA_OK)
        return s;
    if (o->html && (s = check_html(o, err)) != CA_OK)
        return s;
    if (o->html && (s = ca_atomic_check(o->html, err)) != CA_OK)
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
    ca_status s = check_anim(o, err);
    if (s == CA_OK)
        s = check_html(o, err);
    return s == CA_OK ? check_describe(o, err) : s;
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

ca_status cli_writers_open(cli_writers *ws, const cli_outputs *o, const ca_palette *pal,
                           int loop, const ca_meta *m, ca_error *err)
{
    *ws = (cli_writers){ .paths = o };
    ca_gif *gif;
    ca_status s = ca_gif_open_file(o->anim, m->width, m->height, pal, loop, &gif, err);
    if (s != CA_OK)
        return s;
    ws->w[ws->count++] = ca_gif_writer(gif);
    if ((s = describe(gif, o, m, err)) != CA_OK) {
        cli_writers_abort(ws);
        return s;
    }
    if (o->frames && (s = cli_frames_open(&ws->frames, o->frames, m->frames, err)) != CA_OK) {
        cli_writers_abort(ws);
        return s;
    }
    if (o->frames)
        ws->w[ws->count++] = cli_frames_writer(&ws->frames);
    return CA_OK;
}

/* The page's player reads the description's captions and delays; it
 * goes into the page, so the page needs no file beside it. */
static ca_status describe_for_page(cli_writers *ws, ca_anim *a, ca_error *err)
{
    ca_sink sink = ca_memory_sink(&ws->page_json);
    ca_status s = ca_anim_describe(a, &sink, err);
    /* ended as a C string */
    if (s == CA_OK && sink.write(sink.ctx, "", 1) != 1)
        s = sink.failed(sink.ctx, err);
    return s;
}

ca_status cli_writers_describe(cli_writers *ws, ca_anim *a, ca_error *err)
{
    const char *path = ws->paths->describe;
    if (ws->paths->html) {
        ca_status s = describe_for_page(ws, a, err);
        if (s != CA_OK)
            return s;
    }
    if (!path)
        return CA_OK;
    ca_status s = ca_file_sink_open(path, &ws->describe, err);
    if (s != CA_OK)
        return s;
    ca_sink sink = ca_file_sink_get(ws->describe);
    s = ca_anim_describe(a, &sink, err);
    return s == CA_OK ? ca_file_sink_prepare(ws->describe, err) : s;
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
        s = ca_png_write_indexed_to(&sink, last->pixels, last->width, last->height,
                                    last->stride, last->pal, err);
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

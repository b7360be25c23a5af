#ifndef CONVANIM_WEB_H
#define CONVANIM_WEB_H

#ifdef __cplusplus
extern "C" {
#endif

/* Course web pages: the HTML that shows a convanim GIF accessibly, and a
 * gallery page for a folder of them. Everything is static HTML5: no
 * external resources, no JavaScript. */

#include "convanim/error.h"
#include "convanim/meta.h"

/* One <figure>: a <picture> whose <source> offers the poster to readers who
 * prefer reduced motion, the GIF as an <img> with its size, lazy loading
 * and an alt text from m, and a <figcaption>. m NULL describes a GIF that
 * convanim did not make, by its href alone (width and height 0: left out).
 * The hrefs are URLs as given (ca_web_path_href makes one of a path);
 * poster_href NULL leaves the <source> out; bytes > 0 adds the size in KB
 * to the caption. *html is malloc'd; the caller frees it. */
ca_status ca_web_figure(const ca_meta *m, const char *gif_href, const char *poster_href,
                        long long bytes, char **html, ca_error *err);

/* A file's path as a relative URL: every byte but letters, digits, "-._~"
 * and '/' percent-encoded, "./" in front when the first segment has a ':'.
 * Into buf; NULL when it does not fit. */
const char *ca_web_path_href(const char *path, char *buf, size_t size);

/* The path from the folder from_file is in to to_file ("../img/a.png"),
 * worked out from the folders' real paths, which must exist. Into buf;
 * NULL when a folder cannot be resolved or the path does not fit. */
const char *ca_web_relative(const char *from_file, const char *to_file, char *buf, size_t size);

/* Where the poster of the GIF at gif_path is, as a path beside it (its
 * recorded poster, else NAME.png next to NAME.gif), when that file exists:
 * written into buf (size bytes) and returned; NULL when there is none. */
const char *ca_web_poster_of(const char *gif_path, const ca_meta *m, char *buf, size_t size);

/* Writes the figure of the GIF at gif_path into the file html_path,
 * atomically, with links relative to html_path's folder. */
ca_status ca_web_embed_file(const char *gif_path, const char *html_path, ca_error *err);

/* Writes a page showing every GIF in folder dir (sorted by name) to
 * out_path, atomically, with links relative to out_path's folder. A .gif
 * that is no whole GIF in a regular file (see ca_meta_inspect) is left
 * out; when skipped is not NULL, *skipped gets why, one line each
 * (malloc'd; NULL when none was left out). */
ca_status ca_web_gallery(const char *dir, const char *out_path, char **skipped,
                         ca_error *err);

#ifdef __cplusplus
}
#endif

#endif

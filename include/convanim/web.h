#ifndef CONVANIM_WEB_H
#define CONVANIM_WEB_H

#ifdef __cplusplus
extern "C" {
#endif

/* Course web pages: the HTML that shows a convanim GIF accessibly, with a
 * player that pauses and steps it, and a gallery page for a folder of
 * them. Everything is HTML5 with its style and script inline: no external
 * resources, no network. */

#include "convanim/error.h"
#include "convanim/meta.h"

/* The narrow rendering, for a phone's 390-px-wide screen: its size, how
 * much larger its text is than the full one's, and the screens a page
 * offers it to. */
#define CA_WEB_NARROW_WIDTH 390
#define CA_WEB_NARROW_HEIGHT 360
#define CA_WEB_NARROW_FONT_SCALE 1.8
#define CA_WEB_NARROW_MEDIA "(max-width: 480px)"

/* What one <figure> shows and links to. */
typedef struct ca_web_figure_options {
    const char *gif_href;      /* the GIF's URL as given (ca_web_path_href makes one of a path,
                                * ca_web_data_uri one that carries its bytes) */
    const char *name;          /* the GIF's name in a caption and alt text that m does not
                                * give, or NULL: the href's last segment */
    const char *poster_href;   /* the poster's, or NULL: no <source> for reduced motion */
    const char *narrow_href;   /* the narrow rendering's, or NULL: no <source> for phones */
    int narrow_width, narrow_height;
    long long bytes;           /* > 0: the GIF's size, in KB in the caption */
    bool described;            /* m holds convanim's description, not only frames and size */
    bool player;               /* the player's controls and caption region (its script is
                                * ca_web_player_script, once per page) */
    const char *describe;      /* the animation's --describe JSON for the player's captions
                                * and delays, or NULL */
} ca_web_figure_options;

/* One <figure>: a <picture> whose <source> offers the poster to readers who
 * prefer reduced motion, the GIF as an <img> with its size, lazy loading
 * and an alt text from m, the player's controls when asked, and a
 * <figcaption>. m NULL describes a GIF by its href alone (width and height
 * left out). *html is malloc'd; the caller frees it. */
ca_status ca_web_figure(const ca_meta *m, const ca_web_figure_options *o, char **html,
                        ca_error *err);

/* The player's JavaScript (a static string), for one <script> element
 * after the figures it drives. */
const char *ca_web_player_script(void);

/* A whole page's title (its <title> and <h1>; NULL: "Convolution
 * animations") and language (NULL: "en"). */
typedef struct ca_web_page {
    const char *title;
    const char *lang;
} ca_web_page;

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

/* Where the narrow rendering that m records for the GIF at gif_path is,
 * when it is a whole GIF: its path into buf and its size into *narrow;
 * NULL when there is none. */
const char *ca_web_narrow_of(const char *gif_path, const ca_meta *m, ca_meta *narrow,
                             char *buf, size_t size);

/* A GIF, PNG or WebP file as a data: URI ("data:image/gif;base64,..."),
 * its type read from its first bytes; 4/3 of the file's bytes. *uri is
 * malloc'd; the caller frees it. */
ca_status ca_web_data_uri(const char *path, char **uri, ca_error *err);

/* Writes a page playing the GIF at gif_path into the file html_path,
 * atomically; describe is the animation's --describe JSON, or NULL. The
 * GIF, its poster and its narrow rendering are in the page as data: URIs,
 * so the player plays it from a file: URL, with no other file. The page's
 * title is the animation's. */
ca_status ca_web_embed_file(const char *gif_path, const char *html_path, const char *describe,
                            ca_error *err);

/* Writes a page playing every GIF in folder dir (sorted by name; the
 * narrow renderings of others offered with them, not on their own) to
 * out_path, atomically, with links relative to out_path's folder. A .gif
 * that is no whole GIF in a regular file (see ca_meta_inspect) is left
 * out; when skipped is not NULL, *skipped gets why, one line each
 * (malloc'd; NULL when none was left out). */
ca_status ca_web_gallery(const char *dir, const char *out_path, const ca_web_page *page,
                         char **skipped, ca_error *err);

#ifdef __cplusplus
}
#endif

#endif

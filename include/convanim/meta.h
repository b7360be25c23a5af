#ifndef CONVANIM_META_H
#define CONVANIM_META_H

#ifdef __cplusplus
extern "C" {
#endif

/* What an animation shows, kept inside its GIF as a comment extension, so
 * that a web page can describe the GIF (alt text, caption) from the file
 * alone, long after the signals are gone. The comment is plain text:
 *
 *   convanim-meta 1
 *   f: sawtooth:cycles=6,amplitude=1,period=10,pad=5
 *   nf: 70
 *   ...
 *
 * one "key: value" per line; readers skip keys they do not know. */

#include <stdbool.h>
#include <stddef.h>

#include "convanim/conv.h"
#include "convanim/error.h"
#include "convanim/scene.h"

enum { CA_META_TEXT = 256 };

typedef struct ca_meta {
    char f[CA_META_TEXT], g[CA_META_TEXT];   /* the signals as they were named */
    size_t nf, ng;                           /* their lengths */
    size_t outputs;                          /* output samples of the mode */
    size_t frames;                           /* frames in the GIF */
    int width, height;
    ca_conv_mode mode;
    bool correlate;
    ca_layout layout;
    char poster[CA_META_TEXT];               /* the poster's path from the GIF's folder, or "" */
    /* what the labels named f, g and the output (text.h's markup), or ""
     * for the defaults; only names given are written, so a GIF without
     * carries the same bytes as before they were */
    char name[3][CA_META_TEXT];
    char title[CA_META_TEXT];                /* the title as given (TeX subset), or "" */
    bool continuous;                         /* f and g are functions of t, not samples */
    char narrow[CA_META_TEXT];               /* the narrow rendering's path from the GIF's
                                              * folder (web.h), or "" */
    char describe[CA_META_TEXT];             /* the --describe JSON's path from the GIF's
                                              * folder, or "" */
    /* a 2D animation's parameter line as drawn ("i = 5, k = 3, p = 1, ...");
     * then f is the image and g the kernel, nf, ng and outputs count cells.
     * "" for 1D, whose GIFs carry the same bytes as before it was */
    char grid[CA_META_TEXT];
} ca_meta;

/* The comment's text. Control characters in names become spaces, and
 * names longer than CA_META_TEXT - 1 bytes are cut. The title, the
 * continuous flag, the narrow rendering and the JSON description have
 * lines only when set, so a GIF without them is
 * described as before they existed. */
ca_status ca_meta_format(const ca_meta *m, char *buf, size_t size, ca_error *err);

/* Parses a comment's text; CA_EINPUT when it is not convanim's. */
ca_status ca_meta_parse(const char *text, ca_meta *m, ca_error *err);

/* Reads the GIF at path whole, decoding every frame, so that a page never
 * shows a broken file: CA_EINPUT when it is not a regular file (checked
 * before it is read, so a fifo cannot block), not a GIF, cut short or
 * damaged. *ours says whether it carries convanim's description, which
 * then fills *m; either way m->frames counts the frames in the file and
 * m->width, m->height are the GIF's screen. */
ca_status ca_meta_inspect(const char *path, ca_meta *m, bool *ours, ca_error *err);

/* ca_meta_inspect, and CA_EINPUT when the GIF has no convanim description. */
ca_status ca_meta_read(const char *path, ca_meta *m, ca_error *err);

/* One or two sentences for an image's alt text: which signals, how long,
 * the mode, and what moves; for a 2D animation the image, the kernel, the
 * parameters and the output filling in. */
void ca_meta_alt(const ca_meta *m, char *buf, size_t size);

/* The title as a reader hears it (ca_text_plain), or "". */
void ca_meta_plain_title(const ca_meta *m, char *buf, size_t size);

/* A short caption: the title when there is one, else the signals (the
 * image and the kernel); the mode (the 2D parameters) and the frames. */
void ca_meta_caption(const ca_meta *m, char *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_ADVANCES_H

#include "convanim/text.h"
#include "base/util.h"

enum { UPRIGHT = 0, ITALIC = 1 };

/* Light hinting snaps outlines vertically only: baselines, x-heights and
 * horizontal strokes land on whole pixels and stay crisp at 12-20 px, while
 * horizontal shapes and advances stay unhinted, which is what quarter-pixel
 * positioning needs. Embedded bitmaps would ignore both. */
#define LOAD_FLAGS (FT_LOAD_TARGET_LIGHT | FT_LOAD_NO_BITMAP)

/* FreeType's own synthetic oblique (FT_GlyphSlot_Oblique): a 12 degree shear. */
static const FT_Matrix oblique = { 0x10000, 0x0366A, 0, 0x10000 };

/* One rasterised glyph. A frame uses some fifty glyphs, a few phases each,
 * so a fixed table that is emptied when it fills never needs to grow. */
typedef struct glyph_entry {
    uint64_t key;   /* 0: empty slot */
    uint8_t *alpha;
    int width, height, left, top;
} glyph_entry;

enum {
    CACHE_SLOTS = 1024,          /* a power of two */
    CACHE_MAX_ENTRIES = 512,     /* keeps linear probing short */
    CACHE_MAX_BYTES = 8 << 20
};

struct ca_font {
    FT_Library lib;
    /* face[ITALIC] is NULL when italics are face[UPRIGHT] sheared. */
    FT_Face face[2];
    long face_size[2];   /* 26.6 size last set on face[i] */
    char *file;
    glyph_entry *cache;
    size_t entries, bytes, rendered;
};

static int face_slot(const ca_font *f, int style)
{
    return f->face[ITALIC] ? style : UPRIGHT;
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return q * b > a ? q - 1 : q;
}

/* Font units to 26.6 pixels at size26, rounded to the nearest 1/64. */
static int64_t scale26(FT_Face face, long units, long size26)
{
    return floor_div(2 * (int64_t)units * size26 + face->units_per_EM,
                     2 * (int64_t)face->units_per_EM);
}

static void cache_flush(ca_font *f)
{
    for (size_t i = 0; i < CACHE_SLOTS; i++) {
        free(f->cache[i].alpha);
        f->cache[i] = (glyph_entry){ 0 };
    }
    f->entries = 0;
    f->bytes = 0;
}

void ca_font_free(ca_font *f)
{
    if (!f)
        return;
    if (f->cache) {
        cache_flush(f);
        free(f->cache);
    }
    for (int i = 0; i < 2; i++)
        if (f->face[i])
            FT_Done_Face(f->face[i]);
    if (f->lib)
        FT_Done_FreeType(f->lib);
    free(f->file);
    free(f);
}

const char *ca_font_file(const ca_font *f)
{
    return f->file;
}

size_t ca_font_glyphs_rendered(const ca_font *f)
{
    return f->rendered;
}

static ca_status load_face(ca_font *f, const char *file, int index, FT_Face *out,
                           ca_error *err)
{
    /* FreeType would open a fifo and wait for a writer */
    struct stat st;
    if (stat(file, &st) == 0 && !S_ISREG(st.st_mode))
        return ca_fail(err, CA_EINPUT, "font file '%s' is not a regular file", file);
    FT_Face face;
    FT_Error fe = FT_New_Face(f->lib, file, index, &face);
    if (fe == FT_Err_Out_Of_Memory)
        return ca_fail(err, CA_ENOMEM, "out of memory loading font file '%s'", file);
    if (fe == FT_Err_Cannot_Open_Resource) {
        /* FreeType does not say why; fopen does. */
        FILE *fp = fopen(file, "rb");
        if (!fp)
            return ca_fail(err, CA_EINPUT, "cannot open font file '%s': %s", file,
                           strerror(errno));
        fclose(fp);
    }
    if (fe)
        return ca_fail(err, CA_EINPUT, "'%s' is not a font file FreeType can read", file);
    if (!FT_IS_SCALABLE(face)) {
        FT_Done_Face(face);
        return ca_fail(err, CA_EINPUT, "font file '%s' has only bitmaps, no outlines", file);
    }
    if (FT_Select_Charmap(face, FT_ENCODING_UNICODE)) {
        FT_Done_Face(face);
        return ca_fail(err, CA_EINPUT, "font file '%s' has no Unicode character map", file);
    }
    *out = face;
    return CA_OK;
}

static int has_family(FcPattern *p, const char *family)
{
    FcChar8 *s;
    for (int i = 0; FcPatternGetString(p, FC_FAMILY, i, &s) == FcResultMatch; i++)
        if (strcmp((const char *)s, family) == 0)
            return 1;
    return 0;
}

/* Asks fontconfig for DejaVu Sans in a slant, and accepts only that: its
 * best match for a missing font is some other font, which would change
 * every label's metrics without a word. *file is NULL when not found. */
static ca_status find_dejavu(FcConfig *cfg, int slant, char **file, int *index,
                             ca_error *err)
{
    *file = NULL;
    FcPattern *pat = FcPatternCreate();
    if (!pat || !FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)"DejaVu Sans") ||
        !FcPatternAddInteger(pat, FC_SLANT, slant) ||
        !FcPatternAddInteger(pat, FC_WEIGHT, FC_WEIGHT_REGULAR) ||
        !FcPatternAddInteger(pat, FC_WIDTH, FC_WIDTH_NORMAL) ||
        !FcConfigSubstitute(cfg, pat, FcMatchPattern)) {
        if (pat)
            FcPatternDestroy(pat);
        return ca_fail(err, CA_ENOMEM, "out of memory asking fontconfig for DejaVu Sans");
    }
    FcDefaultSubstitute(pat);
    FcResult res;
    FcPattern *m = FcFontMatch(cfg, pat, &res);
    FcPatternDestroy(pat);
    if (!m)
        return CA_OK;
    FcChar8 *path;
    int got_slant, weight, width;
    if (has_family(m, "DejaVu Sans") &&
        FcPatternGetString(m, FC_FILE, 0, &path) == FcResultMatch &&
        FcPatternGetInteger(m, FC_SLANT, 0, &got_slant) == FcResultMatch &&
        (got_slant == FC_SLANT_ROMAN) == (slant == FC_SLANT_ROMAN) &&
        FcPatternGetInteger(m, FC_WEIGHT, 0, &weight) == FcResultMatch &&
        weight >= FC_WEIGHT_BOOK && weight <= FC_WEIGHT_MEDIUM &&
        FcPatternGetInteger(m, FC_WIDTH, 0, &width) == FcResultMatch &&
        width == FC_WIDTH_NORMAL) {
        if (FcPatternGetInteger(m, FC_INDEX, 0, index) != FcResultMatch)
            *index = 0;
        *file = strdup((const char *)path);
        if (!*file) {
            FcPatternDestroy(m);
            return ca_fail(err, CA_ENOMEM, "out of memory asking fontconfig for DejaVu Sans");
        }
    }
    FcPatternDestroy(m);
    return CA_OK;
}

/* The configuration is private and dropped once the files are found, so no
 * fontconfig state outlives this call (FcFini is global, so it is not ours). */
static ca_status open_dejavu(ca_font *f, ca_error *err)
{
    FcConfig *cfg = FcInitLoadConfigAndFonts();
    if (!cfg)
        return ca_fail(err, CA_EIO, "fontconfig could not load its configuration");
    char *italic = NULL;
    int index, italic_index;
    ca_status s = find_dejavu(cfg, FC_SLANT_ROMAN, &f->file, &index, err);
    if (s == CA_OK && !f->file)
        s = ca_fail(err, CA_EINPUT, "font 'DejaVu Sans' not found "
                    "(install fonts-dejavu-core or pass --font FILE)");
    if (s == CA_OK)
        s = find_dejavu(cfg, FC_SLANT_OBLIQUE, &italic, &italic_index, err);
    FcConfigDestroy(cfg);
    if (s == CA_OK)
        s = load_face(f, f->file, index, &f->face[UPRIGHT], err);
    /* Without DejaVu Sans Oblique, the upright face sheared stands in. */
    if (s == CA_OK && italic)
        s = load_face(f, italic, italic_index, &f->face[ITALIC], err);
    free(italic);
    return s;
}

ca_status ca_font_open(const char *path, ca_font **out, ca_error *err)
{
    *out = NULL;
    ca_status s;
    ca_font *f = calloc(1, sizeof *f);
    if (!f)
        return ca_fail(err, CA_ENOMEM, "out of memory opening a font");
    f->cache = calloc(CACHE_SLOTS, sizeof *f->cache);
    if (!f->cache) {
        s = ca_fail(err, CA_ENOMEM, "out of memory opening a font");
        goto fail;
    }
    FT_Error fe = FT_Init_FreeType(&f->lib);
    if (fe) {
        f->lib = NULL;
        s = ca_fail(err, fe == FT_Err_Out_Of_Memory ? CA_ENOMEM : CA_EIO,
                    "FreeType failed to start (error %d)", fe);
        goto fail;
    }
    if (path) {
        f->file = strdup(path);
        if (!f->file) {
            s = ca_fail(err, CA_ENOMEM, "out of memory opening a font");
            goto fail;
        }
        s = load_face(f, path, 0, &f->face[UPRIGHT], err);
    } else {
        s = open_dejavu(f, err);
    }
    if (s != CA_OK)
        goto fail;
    *out = f;
    return CA_OK;
fail:
    ca_font_free(f);
    return s;
}

static ca_status check_size(double size_px, long *size26, ca_error *err)
{
    if (!(size_px >= CA_TEXT_MIN_SIZE && size_px <= CA_TEXT_MAX_SIZE))
        return ca_fail(err, CA_EINPUT, "text size must be between %g and %g pixels (got %g)",
                       CA_TEXT_MIN_SIZE, CA_TEXT_MAX_SIZE, size_px);
    *size26 = lround(size_px * 64);
    return CA_OK;
}

static size_t cache_slot(uint64_t key)
{
    return (size_t)((key * UINT64_C(0x9E3779B97F4A7C15)) >> 54) & (CACHE_SLOTS - 1);
}

static ca_status render(ca_font *f, int style, long size26, FT_UInt gid, int phase,
                        glyph_entry *e, ca_error *err)
{
    int slot = face_slot(f, style);
    FT_Face face = f->face[slot];
    if (f->face_size[slot] != size26) {
        if (FT_Set_Char_Size(face, 0, size26, 72, 72))
            return ca_fail(err, CA_EINPUT, "font '%s' cannot be scaled to %g pixels", f->file,
                           size26 / 64.0);
        f->face_size[slot] = size26;
    }
    /* The phase moves the outline before it is rasterised, so a glyph at
     * x + 1/4 is drawn there instead of being snapped to a whole pixel. */
    FT_Vector delta = { phase * 16, 0 };
    FT_Matrix shear = oblique;
    FT_Set_Transform(face, style == ITALIC && !f->face[ITALIC] ? &shear : NULL, &delta);
    FT_Error fe = FT_Load_Glyph(face, gid, LOAD_FLAGS);
    if (!fe)
        fe = FT_Render_Glyph(face->glyph, FT_RENDER_MODE_NORMAL);
    if (fe == FT_Err_Out_Of_Memory)
        return ca_fail(err, CA_ENOMEM, "out of memory rendering a glyph");
    const FT_Bitmap *bm = &face->glyph->bitmap;
    if (fe || (bm->rows > 0 && bm->width > 0 && bm->pixel_mode != FT_PIXEL_MODE_GRAY))
        return ca_fail(err, CA_EINPUT, "font '%s': cannot render glyph %u", f->file, gid);
    *e = (glyph_entry){ .width = (int)bm->width, .height = (int)bm->rows,
                        .left = face->glyph->bitmap_left, .top = face->glyph->bitmap_top };
    if (e->width == 0 || e->height == 0) {
        e->width = e->height = 0;
        return CA_OK;
    }
    e->alpha = malloc((size_t)e->width * (size_t)e->height);
    if (!e->alpha)
        return ca_fail(err, CA_ENOMEM, "out of memory rendering a glyph");
    for (int r = 0; r < e->height; r++)
        memcpy(e->alpha + (size_t)r * (size_t)e->width,
               bm->buffer + (ptrdiff_t)r * bm->pitch, (size_t)e->width);
    return CA_OK;
}

/* The cached mask of a glyph; valid until the next lookup. */
static ca_status glyph_get(ca_font *f, int style, long size26, FT_UInt gid, int phase,
                           const glyph_entry **out, ca_error *err)
{
    uint64_t key = UINT64_C(1) << 63 | (uint64_t)gid << 20 | (uint64_t)size26 << 3 |
                   (uint64_t)style << 2 | (uint64_t)phase;
    size_t i = cache_slot(key);
    for (; f->cache[i].key; i = (i + 1) & (CACHE_SLOTS - 1)) {
        if (f->cache[i].key == key) {
            *out = &f->cache[i];
            return CA_OK;
        }
    }
    glyph_entry e;
    ca_status s = render(f, style, size26, gid, phase, &e, err);
    if (s != CA_OK)
        return s;
    size_t bytes = (size_t)e.width * (size_t)e.height;
    /* Emptying the whole table is crude but cannot change a pixel: a glyph
     * rasterises the same every time. */
    if (f->entries == CACHE_MAX_ENTRIES || f->bytes + bytes > CACHE_MAX_BYTES) {
        cache_flush(f);
        i = cache_slot(key);
    }
    e.key = key;
    f->cache[i] = e;
    f->entries++;
    f->bytes += bytes;
    f->rendered++;
    *out = &f->cache[i];
    return CA_OK;
}

/* Decodes one code point and advances *ps. A malformed sequence becomes
 * U+FFFD and consumes its longest valid prefix (at least one byte), as
 * Unicode recommends; a NUL never counts as a continuation byte. */
static uint32_t utf8_next(const unsigned char **ps)
{
    const unsigned char *s = *ps;
    unsigned c = s[0], lo = 0x80, hi = 0xBF;
    int n;
    uint32_t cp;
    if (c < 0x80) {
        *ps = s + 1;
        return c;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        n = 1;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 2;
        cp = c & 0x0F;
        lo = c == 0xE0 ? 0xA0 : 0x80;   /* overlong */
        hi = c == 0xED ? 0x9F : 0xBF;   /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 3;
        cp = c & 0x07;
        lo = c == 0xF0 ? 0x90 : 0x80;   /* overlong */
        hi = c == 0xF4 ? 0x8F : 0xBF;   /* beyond U+10FFFF */
    } else {
        *ps = s + 1;
        return 0xFFFD;
    }
    for (int i = 1; i <= n; i++) {
        if (s[i] < lo || s[i] > hi) {
            *ps = s + i;
            return 0xFFFD;
        }
        cp = cp << 6 | (s[i] & 0x3F);
        lo = 0x80;
        hi = 0xBF;
    }
    *ps = s + n + 1;
    return cp;
}

/* matplotlib's rule: dollars are markup only when the unescaped ones pair up. */
static int has_markup(const char *text)
{
    size_t dollars = 0;
    for (const char *p = text; *p; p++) {
        if (p[0] == '\\' && p[1] == '$')
            p++;
        else if (*p == '$')
            dollars++;
    }
    return dollars > 0 && dollars % 2 == 0;
}

/* Walks text glyph by glyph: pen is the 26.6 position of each glyph's
 * origin, kerned against the glyph before it in the same style. */
typedef struct layout {
    ca_font *f;
    const unsigned char *p;
    long size26;
    int markup;
    int italic;          /* the style of the current glyph */
    FT_UInt gid, prev_gid;
    int prev_italic;
    int64_t pen, next_pen;
} layout;

static void layout_start(layout *l, ca_font *f, const char *text, long size26, int64_t pen)
{
    *l = (layout){ .f = f, .p = (const unsigned char *)text, .size26 = size26,
                   .markup = has_markup(text), .prev_italic = -1, .next_pen = pen };
}

/* Steps to the next glyph; returns 0 at the end of the text. */
static int layout_next(layout *l, ca_status *s, ca_error *err)
{
    uint32_t cp;
    *s = CA_OK;
    for (;;) {
        if (!*l->p)
            return 0;
        if (l->p[0] == '\\' && l->p[1] == '$') {
            cp = '$';
            l->p += 2;
            break;
        }
        if (l->p[0] == '$' && l->markup) {
            l->italic = !l->italic;
            l->p++;
            continue;
        }
        cp = utf8_next(&l->p);
        break;
    }
    FT_Face face = l->f->face[face_slot(l->f, l->italic)];
    l->gid = FT_Get_Char_Index(face, cp);
    l->pen = l->next_pen;
    if (l->prev_italic == l->italic && FT_HAS_KERNING(face)) {
        FT_Vector k;
        if (FT_Get_Kerning(face, l->prev_gid, l->gid, FT_KERNING_UNSCALED, &k)) {
            *s = ca_fail(err, CA_EINPUT, "font '%s': cannot read its kerning", l->f->file);
            return 0;
        }
        l->pen += scale26(face, k.x, l->size26);
    }
    FT_Fixed adv;
    if (FT_Get_Advance(face, l->gid, FT_LOAD_NO_SCALE, &adv)) {
        *s = ca_fail(err, CA_EINPUT, "font '%s': cannot read the advance of glyph %u",
                     l->f->file, l->gid);
        return 0;
    }
    l->next_pen = l->pen + scale26(face, adv, l->size26);
    l->prev_gid = l->gid;
    l->prev_italic = l->italic;
    return 1;
}

/* The quarter-pixel grid glyphs are placed on: whole pixel and phase. */
static void pen_pixel(int64_t pen26, int64_t *px, int *phase)
{
    int64_t q = floor_div(pen26 + 8, 16);
    *px = floor_div(q, 4);
    *phase = (int)(q - 4 * *px);
}

static ca_status text_width(ca_font *f, const char *text, long size26, int64_t *w26,
                            ca_error *err)
{
    layout l;
    ca_status s;
    layout_start(&l, f, text, size26, 0);
    while (layout_next(&l, &s, err))
        ;
    *w26 = l.next_pen;
    return s;
}

static double ascent(const ca_font *f, long size26)
{
    FT_Face face = f->face[UPRIGHT];
    return (double)face->ascender * size26 / 64.0 / face->units_per_EM;
}

static double descent(const ca_font *f, long size26)
{
    FT_Face face = f->face[UPRIGHT];
    return (double)-face->descender * size26 / 64.0 / face->units_per_EM;
}

ca_status ca_text_measure(ca_font *f, const char *text, double size_px, ca_text_metrics *m,
                          ca_error *err)
{
    long size26 = 0;
    ca_status s = check_size(size_px, &size26, err);
    if (s != CA_OK)
        return s;
    if (!text)
        return ca_fail(err, CA_EINPUT, "no text to measure");
    *m = (ca_text_metrics){ .ascent = ascent(f, size26), .descent = descent(f, size26) };
    int64_t x0 = INT64_MAX, y0 = INT64_MAX, x1 = INT64_MIN, y1 = INT64_MIN;
    layout l;
    layout_start(&l, f, text, size26, 0);
    while (layout_next(&l, &s, err)) {
        int64_t px;
        int phase;
        const glyph_entry *g;
        pen_pixel(l.pen, &px, &phase);
        s = glyph_get(f, l.italic, size26, l.gid, phase, &g, err);
        if (s != CA_OK)
            return s;
        if (g->width == 0)
            continue;
        x0 = px + g->left < x0 ? px + g->left : x0;
        x1 = px + g->left + g->width > x1 ? px + g->left + g->width : x1;
        y0 = -g->top < y0 ? -g->top : y0;
        y1 = g->height - g->top > y1 ? g->height - g->top : y1;
    }
    if (s != CA_OK)
        return s;
    m->width = l.next_pen / 64.0;
    if (x0 < x1) {
        m->ink_x0 = (double)x0;
        m->ink_y0 = (double)y0;
        m->ink_x1 = (double)x1;
        m->ink_y1 = (double)y1;
    }
    return CA_OK;
}

ca_status ca_text_draw(ca_font *f, const ca_canvas *c, double x, double y, const char *text,
                       double size_px, int anchor, int colour, ca_error *err)
{
    long size26 = 0;
    ca_status s = check_size(size_px, &size26, err);
    if (s != CA_OK)
        return s;
    if (!text)
        return ca_fail(err, CA_EINPUT, "no text to draw");
    int h = anchor & 0x3, v = anchor & 0xC;
    if ((anchor & ~0xF) || h == 0x3)
        return ca_fail(err, CA_EINPUT, "text anchor 0x%x is not one horizontal and one "
                       "vertical CA_TEXT_ flag", (unsigned)anchor);
    /* No sensible layout puts text this far out, and the limit keeps the
     * pen far from overflowing. */
    if (!(fabs(x) <= 1e7 && fabs(y) <= 1e7))
        return ca_fail(err, CA_EINPUT, "text position (%g, %g) is out of range", x, y);

    int64_t w26 = 0;
    if (h != CA_TEXT_LEFT) {
        s = text_width(f, text, size26, &w26, err);
        if (s != CA_OK)
            return s;
    }
    int64_t start = llround(x * 64) - (h == CA_TEXT_CENTRE ? w26 / 2
                                       : h == CA_TEXT_RIGHT ? w26 : 0);
    double a = ascent(f, size26), d = descent(f, size26);
    double base = v == CA_TEXT_TOP ? y + a : v == CA_TEXT_MIDDLE ? y + (a - d) / 2
                : v == CA_TEXT_BOTTOM ? y - d : y;
    int baseline = (int)lround(base);

    layout l;
    layout_start(&l, f, text, size26, start);
    while (layout_next(&l, &s, err)) {
        int64_t px;
        int phase;
        const glyph_entry *g;
        pen_pixel(l.pen, &px, &phase);
        s = glyph_get(f, l.italic, size26, l.gid, phase, &g, err);
        if (s != CA_OK)
            return s;
        /* A glyph this far out is on no canvas, and its int coordinates
         * could overflow. */
        if (g->width == 0 || px < -(INT64_C(1) << 30) || px > (INT64_C(1) << 30))
            continue;
        ca_canvas_mask(c, (int)px + g->left, baseline - g->top, g->alpha, g->width, g->height,
                       g->width, colour);
    }
    return s;
}

ca_status ca_font_glyph(ca_font *f, uint32_t cp, bool italic, double size_px, ca_glyph *out,
                        ca_error *err)
{
    long size26 = 0;
    ca_status s = check_size(size_px, &size26, err);
    if (s != CA_OK)
        return s;
    int style = italic ? ITALIC : UPRIGHT;
    FT_Face face = f->face[face_slot(f, style)];
    FT_UInt gid = FT_Get_Char_Index(face, cp);
    FT_Fixed adv;
    if (FT_Get_Advance(face, gid, FT_LOAD_NO_SCALE, &adv))
        return ca_fail(err, CA_EINPUT, "font '%s': cannot read the advance of glyph %u",
                       f->file, gid);
    const glyph_entry *g;
    s = glyph_get(f, style, size26, gid, 0, &g, err);
    if (s != CA_OK)
        return s;
    *out = (ca_glyph){ .alpha = g->alpha, .width = g->width, .height = g->height,
                       .stride = g->width, .left = g->left, .top = g->top,
                       .advance = scale26(face, adv, size26) / 64.0 };
    return CA_OK;
}

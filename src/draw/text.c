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
#include FT_OUTLINE_H

#include "convanim/text.h"
#include "base/testhooks.h"
#include "base/util.h"
#include "draw/textlayout.h"

/* The font's faces: DejaVu Sans (or the caller's file) and its oblique and
 * bold when found, then the fonts fontconfig lends for characters those
 * lack, loaded as text asks for them. */
enum { UPRIGHT = 0, ITALIC = 1, BOLD = 2, FALLBACK = 3, MAX_FACES = 16 };

/* Characters no installed font has, remembered so each costs one question
 * to fontconfig. */
enum { ABSENT = 16 };

/* Light hinting snaps outlines vertically only: baselines, x-heights and
 * horizontal strokes land on whole pixels and stay crisp at 12-20 px, while
 * horizontal shapes and advances stay unhinted, which is what quarter-pixel
 * positioning needs. Embedded bitmaps would ignore both. */
#define LOAD_FLAGS (FT_LOAD_TARGET_LIGHT | FT_LOAD_NO_BITMAP)

/* FreeType's own synthetic oblique (FT_GlyphSlot_Oblique): a 12 degree shear. */
static const FT_Matrix oblique = { 0x10000, 0x0366A, 0, 0x10000 };

/* Matplotlib's line spacing: baselines 1.2 em apart. */
#define LINE_SPACING 1.2

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
    /* face[ITALIC] and face[BOLD] are NULL when face[UPRIGHT] sheared or
     * emboldened stands in; fallbacks fill face[FALLBACK] on. */
    FT_Face face[MAX_FACES];
    long face_size[MAX_FACES];   /* 26.6 size last set on face[i] */
    int faces;                   /* slots in use, FALLBACK and more */
    char *file;
    FcConfig *fc;                /* asked for fallbacks; loaded on the first */
    uint32_t absent[ABSENT];
    size_t nabsent;
    uint32_t missing;
    glyph_entry *cache;
    size_t entries, bytes, rendered;
};

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
    for (int i = 0; i < MAX_FACES; i++)
        if (f->face[i])
            FT_Done_Face(f->face[i]);
    if (f->lib)
        FT_Done_FreeType(f->lib);
    if (f->fc)
        FcConfigDestroy(f->fc);
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

uint32_t ca_font_missing(const ca_font *f)
{
    return f->missing;
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

/* Asks fontconfig for DejaVu Sans in a slant and weight, and accepts only
 * that: its best match for a missing font is some other font, which would
 * change every label's metrics without a word. *file is NULL when not
 * found. */
static ca_status find_dejavu(FcConfig *cfg, int slant, int bold, char **file, int *index,
                             ca_error *err)
{
    *file = NULL;
    FcPattern *pat = FcPatternCreate();
    if (!pat || !FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)"DejaVu Sans") ||
        !FcPatternAddInteger(pat, FC_SLANT, slant) ||
        !FcPatternAddInteger(pat, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR) ||
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
        (bold ? weight >= FC_WEIGHT_DEMIBOLD && weight <= FC_WEIGHT_EXTRABOLD
              : weight >= FC_WEIGHT_BOOK && weight <= FC_WEIGHT_MEDIUM) &&
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

/* DejaVu Sans's faces, as their files are named and as the files name their
 * styles. */
static const struct {
    const char *file, *style;
} dejavu_faces[] = {
    [UPRIGHT] = { "DejaVuSans.ttf", "Book" },
    [ITALIC] = { "DejaVuSans-Oblique.ttf", "Oblique" },
    [BOLD] = { "DejaVuSans-Bold.ttf", "Bold" },
};

/* Where distributions install DejaVu Sans: Debian's and Ubuntu's
 * fonts-dejavu-core and fonts-dejavu-extra (the oblique), Fedora's
 * dejavu-sans-fonts, Arch's ttf-dejavu. */
static const char *const dejavu_homes[] = { "/usr/share/fonts/truetype/dejavu",
                                            "/usr/share/fonts/dejavu-sans-fonts",
                                            "/usr/share/fonts/TTF", NULL };

/* Loads DejaVu Sans's three faces from folder dir when all three are there
 * and are what their names say; otherwise leaves f as it was, and only
 * running out of memory is a failure. */
static ca_status dejavu_in(ca_font *f, const char *dir, ca_error *err)
{
    enum { FACES = sizeof dejavu_faces / sizeof dejavu_faces[0] };
    FT_Face face[FACES] = { NULL };
    char path[FACES][4096];
    int found = 0;
    ca_status s = CA_OK;
    for (; found < FACES; found++) {
        int n = snprintf(path[found], sizeof path[found], "%s/%s", dir,
                         dejavu_faces[found].file);
        if (n < 0 || (size_t)n >= sizeof path[found])
            break;
        s = load_face(f, path[found], 0, &face[found], err);
        if (s != CA_OK) {
            /* not there, or not a font: the next folder is asked */
            if (s == CA_EINPUT)
                s = CA_OK;
            break;
        }
        if (!face[found]->family_name || !face[found]->style_name ||
            strcmp(face[found]->family_name, "DejaVu Sans") != 0 ||
            strcmp(face[found]->style_name, dejavu_faces[found].style) != 0)
            break;
    }
    if (found == FACES) {
        if ((f->file = strdup(path[UPRIGHT]))) {
            memcpy(f->face, face, sizeof face);
            return CA_OK;
        }
        s = ca_fail(err, CA_ENOMEM, "out of memory opening a font");
    }
    for (int i = 0; i < FACES; i++)
        if (face[i])
            FT_Done_Face(face[i]);
    return s;
}

/* Parsing fontconfig's configuration, some fifty XML files, takes 6 ms, a
 * quarter of a small animation's time, so DejaVu Sans is looked for first
 * in the folders homes names (NULL-terminated; NULL: where distributions
 * install it). Found there, it is taken whatever a user's fontconfig
 * settings say of it (another copy of DejaVu Sans, a face refused); when
 * the environment names a configuration, fontconfig decides alone.
 * fontconfig's configuration is private and dropped once the files are
 * found, so no fontconfig state outlives this call (FcFini is global, so
 * it is not ours). */
static ca_status open_dejavu(ca_font *f, const char *const *homes, ca_error *err)
{
    if (!homes)
        homes = dejavu_homes;
    if (!getenv("FONTCONFIG_FILE") && !getenv("FONTCONFIG_PATH") &&
        !getenv("FONTCONFIG_SYSROOT"))
        for (size_t i = 0; homes[i] && !f->face[UPRIGHT]; i++) {
            ca_status s = dejavu_in(f, homes[i], err);
            if (s != CA_OK)
                return s;
        }
    if (f->face[UPRIGHT])
        return CA_OK;
    FcConfig *cfg = FcInitLoadConfigAndFonts();
    if (!cfg)
        return ca_fail(err, CA_EIO, "fontconfig could not load its configuration");
    char *italic = NULL, *bold = NULL;
    int index, italic_index, bold_index;
    ca_status s = find_dejavu(cfg, FC_SLANT_ROMAN, 0, &f->file, &index, err);
    if (s == CA_OK && !f->file)
        s = ca_fail(err, CA_EINPUT, "font 'DejaVu Sans' not found "
                    "(install fonts-dejavu-core or pass --font FILE)");
    if (s == CA_OK)
        s = find_dejavu(cfg, FC_SLANT_OBLIQUE, 0, &italic, &italic_index, err);
    if (s == CA_OK)
        s = find_dejavu(cfg, FC_SLANT_ROMAN, 1, &bold, &bold_index, err);
    FcConfigDestroy(cfg);
    if (s == CA_OK)
        s = load_face(f, f->file, index, &f->face[UPRIGHT], err);
    /* Without DejaVu Sans Oblique or Bold, the upright face sheared or
     * emboldened stands in. */
    if (s == CA_OK && italic)
        s = load_face(f, italic, italic_index, &f->face[ITALIC], err);
    if (s == CA_OK && bold)
        s = load_face(f, bold, bold_index, &f->face[BOLD], err);
    free(italic);
    free(bold);
    return s;
}

static ca_status font_open(const char *path, const char *const *homes, ca_font **out,
                           ca_error *err)
{
    *out = NULL;
    ca_status s;
    ca_font *f = calloc(1, sizeof *f);
    if (!f)
        return ca_fail(err, CA_ENOMEM, "out of memory opening a font");
    f->faces = FALLBACK;
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
        s = open_dejavu(f, homes, err);
    }
    if (s != CA_OK)
        goto fail;
    *out = f;
    return CA_OK;
fail:
    ca_font_free(f);
    return s;
}

ca_status ca_font_open(const char *path, ca_font **out, ca_error *err)
{
    return font_open(path, NULL, out, err);
}

ca_status ca_font_open_dejavu(const char *const *homes, ca_font **out, ca_error *err)
{
    return font_open(NULL, homes, out, err);
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

/* What messages call a face: the font's file, or a fallback's family. */
static const char *face_name(const ca_font *f, int slot)
{
    const char *family = f->face[slot]->family_name;
    return slot < FALLBACK || !family ? f->file : family;
}

/* FreeType's own synthetic bold (FT_GlyphSlot_Embolden): outlines grown by
 * 1/24 em, and the advance with them. */
static long embolden26(long size26)
{
    return size26 / 24;
}

static ca_status render(ca_font *f, int slot, int synth, long size26, FT_UInt gid, int phase,
                        glyph_entry *e, ca_error *err)
{
    FT_Face face = f->face[slot];
    if (f->face_size[slot] != size26) {
        if (FT_Set_Char_Size(face, 0, size26, 72, 72))
            return ca_fail(err, CA_EINPUT, "font '%s' cannot be scaled to %g pixels",
                           face_name(f, slot), size26 / 64.0);
        f->face_size[slot] = size26;
    }
    /* The phase moves the outline before it is rasterised, so a glyph at
     * x + 1/4 is drawn there instead of being snapped to a whole pixel. */
    FT_Vector delta = { phase * 16, 0 };
    FT_Matrix shear = oblique;
    FT_Set_Transform(face, synth & TEXT_SHEAR ? &shear : NULL, &delta);
    FT_Error fe = FT_Load_Glyph(face, gid, LOAD_FLAGS);
    if (!fe && (synth & TEXT_EMBOLDEN) && face->glyph->format == FT_GLYPH_FORMAT_OUTLINE)
        fe = FT_Outline_Embolden(&face->glyph->outline, embolden26(size26));
    if (!fe)
        fe = FT_Render_Glyph(face->glyph, FT_RENDER_MODE_NORMAL);
    if (fe == FT_Err_Out_Of_Memory)
        return ca_fail(err, CA_ENOMEM, "out of memory rendering a glyph");
    const FT_Bitmap *bm = &face->glyph->bitmap;
    if (fe || (bm->rows > 0 && bm->width > 0 && bm->pixel_mode != FT_PIXEL_MODE_GRAY))
        return ca_fail(err, CA_EINPUT, "font '%s': cannot render glyph %u",
                       face_name(f, slot), gid);
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

/* The cached mask of a placed glyph at a phase; valid until the next
 * lookup. */
static ca_status glyph_get(ca_font *f, const text_glyph *t, int phase, const glyph_entry **out,
                           ca_error *err)
{
    uint64_t key = UINT64_C(1) << 63 | (uint64_t)t->face << 38 | (uint64_t)t->synth << 36 |
                   (uint64_t)t->gid << 20 | (uint64_t)t->size26 << 3 | (uint64_t)phase;
    size_t i = cache_slot(key);
    for (; f->cache[i].key; i = (i + 1) & (CACHE_SLOTS - 1)) {
        if (f->cache[i].key == key) {
            *out = &f->cache[i];
            return CA_OK;
        }
    }
    glyph_entry e;
    ca_status s = render(f, t->face, t->synth, t->size26, t->gid, phase, &e, err);
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

static int absent(const ca_font *f, uint32_t cp)
{
    size_t n = f->nabsent < ABSENT ? f->nabsent : ABSENT;
    for (size_t i = 0; i < n; i++)
        if (f->absent[i] == cp)
            return 1;
    return 0;
}

/* Asks fontconfig for a scalable font whose character set has cp and
 * loads it into the next free slot; *slot stays -1 when there is none (or
 * no slot left). A font file fontconfig lists but FreeType cannot read
 * counts as none. */
static ca_status find_fallback(ca_font *f, uint32_t cp, int *slot, ca_error *err)
{
    *slot = -1;
    if (f->faces == MAX_FACES)
        return CA_OK;
    if (!f->fc && !(f->fc = FcInitLoadConfigAndFonts()))
        return ca_fail(err, CA_EIO, "fontconfig could not load its configuration");
    FcPattern *pat = FcPatternCreate();
    FcCharSet *want = FcCharSetCreate();
    int ok = pat && want && FcCharSetAddChar(want, cp) &&
             FcPatternAddCharSet(pat, FC_CHARSET, want) &&
             FcPatternAddBool(pat, FC_SCALABLE, FcTrue) &&
             FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)"sans-serif") &&
             FcConfigSubstitute(f->fc, pat, FcMatchPattern);
    if (want)
        FcCharSetDestroy(want);
    if (!ok) {
        if (pat)
            FcPatternDestroy(pat);
        return ca_fail(err, CA_ENOMEM, "out of memory asking fontconfig for a font");
    }
    FcDefaultSubstitute(pat);
    FcResult res;
    FcPattern *m = FcFontMatch(f->fc, pat, &res);
    FcPatternDestroy(pat);
    if (!m)
        return CA_OK;
    FcCharSet *has;
    FcChar8 *path;
    int index;
    FcBool scalable;
    ca_status s = CA_OK;
    if (FcPatternGetCharSet(m, FC_CHARSET, 0, &has) == FcResultMatch &&
        FcCharSetHasChar(has, cp) &&
        FcPatternGetBool(m, FC_SCALABLE, 0, &scalable) == FcResultMatch && scalable &&
        FcPatternGetString(m, FC_FILE, 0, &path) == FcResultMatch) {
        if (FcPatternGetInteger(m, FC_INDEX, 0, &index) != FcResultMatch)
            index = 0;
        FT_Face face = NULL;
        ca_error lerr;
        s = load_face(f, (const char *)path, index, &face, &lerr);
        if (s == CA_ENOMEM)
            *err = lerr;
        else if (s == CA_OK && FT_Get_Char_Index(face, cp) == 0)
            FT_Done_Face(face);
        else if (s == CA_OK)
            f->face[*slot = f->faces++] = face;
        if (s != CA_ENOMEM)
            s = CA_OK;
    }
    FcPatternDestroy(m);
    return s;
}

ca_status text_font_pick(ca_font *f, uint32_t cp, int style, text_glyph *g, ca_error *err)
{
    /* what the face of the style lacks, the upright face makes up for */
    int synth = style == TEXT_ITALIC ? TEXT_SHEAR : style == TEXT_BOLD ? TEXT_EMBOLDEN : 0;
    int own = style == TEXT_ITALIC ? ITALIC : style == TEXT_BOLD ? BOLD : UPRIGHT;
    *g = (text_glyph){ .cp = cp, .style = style, .face = own };
    if (!f->face[own]) {
        g->face = UPRIGHT;
        g->synth = synth;
    }
    if ((g->gid = FT_Get_Char_Index(f->face[g->face], cp)) != 0)
        return CA_OK;
    int slot = UPRIGHT;
    FT_UInt gid = FT_Get_Char_Index(f->face[UPRIGHT], cp);
    for (int i = FALLBACK; !gid && i < f->faces; i++)
        if ((gid = FT_Get_Char_Index(f->face[i], cp)) != 0)
            slot = i;
    if (!gid && !absent(f, cp)) {
        ca_status s = find_fallback(f, cp, &slot, err);
        if (s != CA_OK)
            return s;
        if (slot >= 0)
            gid = FT_Get_Char_Index(f->face[slot], cp);
    }
    if (gid) {
        g->face = slot;
        g->synth = synth;
        g->gid = gid;
        return CA_OK;
    }
    /* No font has it: the style's face draws its .notdef box, and the
     * caller can say which character that was. */
    if (!absent(f, cp))
        f->absent[f->nabsent++ % ABSENT] = cp;
    if (!f->missing)
        f->missing = cp;
    return CA_OK;
}

ca_status text_font_advance(ca_font *f, const text_glyph *g, int64_t *adv26, ca_error *err)
{
    FT_Face face = f->face[g->face];
    FT_Fixed adv;
    if (FT_Get_Advance(face, g->gid, FT_LOAD_NO_SCALE, &adv))
        return ca_fail(err, CA_EINPUT, "font '%s': cannot read the advance of glyph %u",
                       face_name(f, g->face), g->gid);
    *adv26 = scale26(face, adv, g->size26) +
             (g->synth & TEXT_EMBOLDEN ? embolden26(g->size26) : 0);
    return CA_OK;
}

ca_status text_font_kern(ca_font *f, const text_glyph *a, const text_glyph *b, int64_t *k26,
                         ca_error *err)
{
    FT_Face face = f->face[b->face];
    *k26 = 0;
    if (!FT_HAS_KERNING(face))
        return CA_OK;
    FT_Vector k;
    if (FT_Get_Kerning(face, a->gid, b->gid, FT_KERNING_UNSCALED, &k))
        return ca_fail(err, CA_EINPUT, "font '%s': cannot read its kerning",
                       face_name(f, b->face));
    *k26 = scale26(face, k.x, b->size26);
    return CA_OK;
}

ca_status text_font_ink(ca_font *f, const text_glyph *g, text_ink *ink, ca_error *err)
{
    const glyph_entry *e;
    ca_status s = glyph_get(f, g, 0, &e, err);
    if (s != CA_OK)
        return s;
    *ink = e->width ? (text_ink){ e->left, -e->top, e->left + e->width, e->height - e->top }
                    : (text_ink){ 0, 0, 0, 0 };
    return CA_OK;
}

/* The quarter-pixel grid glyphs are placed on: whole pixel and phase. */
static void pen_pixel(int64_t pen26, int64_t *px, int *phase)
{
    int64_t q = floor_div(pen26 + 8, 16);
    *px = floor_div(q, 4);
    *phase = (int)(q - 4 * *px);
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

/* Baselines are whole pixels apart, so every line's strokes stay crisp. */
static int line_step(long size26)
{
    return (int)lround(LINE_SPACING * size26 / 64.0);
}

/* Walks laid-out text glyph by glyph: where each glyph's mask goes. Both
 * measuring and drawing walk it, so they agree on every pixel. */
typedef struct glyph_iter {
    ca_font *f;
    const text_layout *l;
    size_t i;
    int64_t x26;     /* where the lines start, or are centred or end */
    int h;           /* CA_TEXT_LEFT, CENTRE or RIGHT */
    int baseline;    /* the first line's */
    int step;
} glyph_iter;

static void iter_start(glyph_iter *it, ca_font *f, const text_layout *l, int64_t x26, int h,
                       int baseline, long size26)
{
    *it = (glyph_iter){ .f = f, .l = l, .x26 = x26, .h = h, .baseline = baseline,
                        .step = line_step(size26) };
}

/* The next glyph's mask and the pixel its pen is on; 0 at the end of the
 * text, or on a failure (*s). */
static int iter_next(glyph_iter *it, int64_t *px, int *py, const glyph_entry **g, ca_status *s,
                     ca_error *err)
{
    *s = CA_OK;
    if (it->i == it->l->n)
        return 0;
    const text_glyph *t = &it->l->glyph[it->i++];
    int64_t w26 = it->l->width26[t->line];
    int64_t start = it->x26 - (it->h == CA_TEXT_CENTRE ? w26 / 2
                               : it->h == CA_TEXT_RIGHT ? w26 : 0);
    int phase;
    pen_pixel(start + t->x26, px, &phase);
    *py = it->baseline + t->line * it->step + t->dy;
    *s = glyph_get(it->f, t, phase, g, err);
    return *s == CA_OK;
}

static ca_status lay_out(ca_font *f, const char *text, double size_px, long *size26,
                         text_layout *l, ca_error *err)
{
    *l = (text_layout){ 0 };
    ca_status s = check_size(size_px, size26, err);
    if (s != CA_OK)
        return s;
    if (!text)
        return ca_fail(err, CA_EINPUT, "no text");
    return text_layout_build(f, text, *size26, l, err);
}

ca_status ca_text_measure(ca_font *f, const char *text, double size_px, ca_text_metrics *m,
                          ca_error *err)
{
    long size26 = 0;
    text_layout l;
    ca_status s = lay_out(f, text, size_px, &size26, &l, err);
    if (s != CA_OK) {
        text_layout_free(&l);
        return s;
    }
    memset(m, 0, sizeof *m);
    m->ascent = ascent(f, size26);
    m->descent = descent(f, size26);
    m->lines = l.lines;
    m->height = m->ascent + m->descent + (double)(l.lines - 1) * line_step(size26);
    int64_t w26 = 0;
    for (int i = 0; i < l.lines; i++)
        w26 = l.width26[i] > w26 ? l.width26[i] : w26;
    m->width = w26 / 64.0;
    int64_t x0 = INT64_MAX, y0 = INT64_MAX, x1 = INT64_MIN, y1 = INT64_MIN;
    glyph_iter it;
    iter_start(&it, f, &l, 0, CA_TEXT_LEFT, 0, size26);
    int64_t px;
    int py;
    const glyph_entry *g;
    while (iter_next(&it, &px, &py, &g, &s, err)) {
        if (g->width == 0)
            continue;
        x0 = px + g->left < x0 ? px + g->left : x0;
        x1 = px + g->left + g->width > x1 ? px + g->left + g->width : x1;
        y0 = py - g->top < y0 ? py - g->top : y0;
        y1 = py + g->height - g->top > y1 ? py + g->height - g->top : y1;
    }
    text_layout_free(&l);
    if (s != CA_OK)
        return s;
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
    int h = anchor & 0x3, v = anchor & 0xC;
    if ((anchor & ~0xF) || h == 0x3)
        return ca_fail(err, CA_EINPUT, "text anchor 0x%x is not one horizontal and one "
                       "vertical CA_TEXT_ flag", (unsigned)anchor);
    /* No sensible layout puts text this far out, and the limit keeps the
     * pen far from overflowing. */
    if (!(fabs(x) <= 1e7 && fabs(y) <= 1e7))
        return ca_fail(err, CA_EINPUT, "text position (%g, %g) is out of range", x, y);
    long size26 = 0;
    text_layout l;
    ca_status s = lay_out(f, text, size_px, &size26, &l, err);
    if (s != CA_OK) {
        text_layout_free(&l);
        return s;
    }
    /* the anchor's box runs from the first line's ascent to the last
     * line's descent */
    double a = ascent(f, size26), d = descent(f, size26);
    double block = (double)(l.lines - 1) * line_step(size26);
    double base = v == CA_TEXT_TOP ? y + a : v == CA_TEXT_MIDDLE ? y + (a - d) / 2 - block / 2
                : v == CA_TEXT_BOTTOM ? y - d - block : y;
    glyph_iter it;
    iter_start(&it, f, &l, llround(x * 64), h, (int)lround(base), size26);
    int64_t px;
    int py;
    const glyph_entry *g;
    while (iter_next(&it, &px, &py, &g, &s, err)) {
        /* A glyph this far out is on no canvas, and its int coordinates
         * could overflow. */
        if (g->width == 0 || px < -(INT64_C(1) << 30) || px > (INT64_C(1) << 30))
            continue;
        ca_canvas_mask(c, (int)px + g->left, py - g->top, g->alpha, g->width, g->height,
                       g->width, colour);
    }
    text_layout_free(&l);
    return s;
}

ca_status ca_font_glyph(ca_font *f, uint32_t cp, bool italic, double size_px, ca_glyph *out,
                        ca_error *err)
{
    long size26 = 0;
    ca_status s = check_size(size_px, &size26, err);
    if (s != CA_OK)
        return s;
    text_glyph t;
    int64_t adv;
    const glyph_entry *g;
    if ((s = text_font_pick(f, cp, italic ? TEXT_ITALIC : TEXT_UPRIGHT, &t, err)) != CA_OK)
        return s;
    t.size26 = size26;
    if ((s = text_font_advance(f, &t, &adv, err)) != CA_OK ||
        (s = glyph_get(f, &t, 0, &g, err)) != CA_OK)
        return s;
    *out = (ca_glyph){ .alpha = g->alpha, .width = g->width, .height = g->height,
                       .stride = g->width, .left = g->left, .top = g->top,
                       .advance = adv / 64.0 };
    return CA_OK;
}

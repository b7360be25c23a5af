#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "draw/textlayout.h"

/* The markup: plain text with $...$ runs of matplotlib's mathtext, a TeX
 * subset. Text is parsed into a tree of nodes, then the tree is walked once
 * to place its glyphs (text_layout), which measuring and drawing share. */

enum { N_CHAR, N_SPACE, N_LIST, N_SCRIPTS, N_ACCENT, N_NEWLINE };

/* TeX's atom classes, which decide the space between two atoms in math. */
enum { ORD, OP, BIN, REL, OPEN, CLOSE, PUNCT, CLASSES };

/* Inside \mathrm or \mathbf, or neither (letters italic, the rest upright). */
enum { MATH_DEFAULT = -1 };

typedef struct node {
    int kind;
    int cls;          /* atom class, in math */
    uint32_t cp;      /* N_CHAR: the character; N_ACCENT: the accent */
    int style;        /* N_CHAR: TEXT_ */
    int mu;           /* N_SPACE: 1/18 em */
    int math;         /* N_LIST: a $...$ run or a {...} group in one */
    int first;        /* N_LIST: first child; N_SCRIPTS: base; N_ACCENT: body; -1: none */
    int sub, sup;     /* N_SCRIPTS, -1 when absent */
    int next;         /* the next sibling, -1 at the end */
} node;

/* Deeper nesting than this is refused: no lecture needs it, and it bounds
 * the parser's and the layout's recursion. */
enum { MAX_DEPTH = 24 };

typedef struct parser {
    const char *text;
    const unsigned char *p;
    size_t pos;      /* characters before p, for messages */
    int style;       /* MATH_DEFAULT, TEXT_UPRIGHT or TEXT_BOLD */
    int depth;
    node *n;
    size_t len, cap;
    ca_error *err;
} parser;

/* A list being built: its node and its last two children, so a script can
 * replace the last one. */
typedef struct builder {
    int list, tail, before_tail;
} builder;

typedef enum { M_SYMBOL, M_SPACE, M_ACCENT, M_FONT } macro_kind;

typedef struct macro {
    const char *name;
    macro_kind kind;
    uint32_t value;   /* the character, the space in mu, the accent or the style */
} macro;

/* Each symbol is its Unicode character, so "$\tau$" and "$τ$" are one
 * glyph; spaces in 1/18 em as TeX's; accents as their spacing forms. */
static const macro macros[] = {
    { "alpha", M_SYMBOL, 0x03B1 }, { "beta", M_SYMBOL, 0x03B2 },
    { "gamma", M_SYMBOL, 0x03B3 }, { "delta", M_SYMBOL, 0x03B4 },
    { "epsilon", M_SYMBOL, 0x03F5 }, { "varepsilon", M_SYMBOL, 0x03B5 },
    { "zeta", M_SYMBOL, 0x03B6 }, { "eta", M_SYMBOL, 0x03B7 },
    { "theta", M_SYMBOL, 0x03B8 }, { "vartheta", M_SYMBOL, 0x03D1 },
    { "iota", M_SYMBOL, 0x03B9 }, { "kappa", M_SYMBOL, 0x03BA },
    { "lambda", M_SYMBOL, 0x03BB }, { "mu", M_SYMBOL, 0x03BC },
    { "nu", M_SYMBOL, 0x03BD }, { "xi", M_SYMBOL, 0x03BE },
    { "pi", M_SYMBOL, 0x03C0 }, { "rho", M_SYMBOL, 0x03C1 },
    { "sigma", M_SYMBOL, 0x03C3 }, { "tau", M_SYMBOL, 0x03C4 },
    { "upsilon", M_SYMBOL, 0x03C5 }, { "phi", M_SYMBOL, 0x03D5 },
    { "varphi", M_SYMBOL, 0x03C6 }, { "chi", M_SYMBOL, 0x03C7 },
    { "psi", M_SYMBOL, 0x03C8 }, { "omega", M_SYMBOL, 0x03C9 },
    { "Gamma", M_SYMBOL, 0x0393 }, { "Delta", M_SYMBOL, 0x0394 },
    { "Theta", M_SYMBOL, 0x0398 }, { "Lambda", M_SYMBOL, 0x039B },
    { "Xi", M_SYMBOL, 0x039E }, { "Pi", M_SYMBOL, 0x03A0 },
    { "Sigma", M_SYMBOL, 0x03A3 }, { "Upsilon", M_SYMBOL, 0x03A5 },
    { "Phi", M_SYMBOL, 0x03A6 }, { "Psi", M_SYMBOL, 0x03A8 },
    { "Omega", M_SYMBOL, 0x03A9 },
    { "int", M_SYMBOL, 0x222B }, { "sum", M_SYMBOL, 0x2211 },
    { "prod", M_SYMBOL, 0x220F }, { "cdot", M_SYMBOL, 0x22C5 },
    { "times", M_SYMBOL, 0x00D7 }, { "ast", M_SYMBOL, 0x2217 },
    { "star", M_SYMBOL, 0x22C6 }, { "circledast", M_SYMBOL, 0x229B },
    { "infty", M_SYMBOL, 0x221E }, { "partial", M_SYMBOL, 0x2202 },
    { "nabla", M_SYMBOL, 0x2207 }, { "pm", M_SYMBOL, 0x00B1 },
    { "mp", M_SYMBOL, 0x2213 }, { "leq", M_SYMBOL, 0x2264 },
    { "geq", M_SYMBOL, 0x2265 }, { "neq", M_SYMBOL, 0x2260 },
    { "approx", M_SYMBOL, 0x2248 }, { "equiv", M_SYMBOL, 0x2261 },
    { "to", M_SYMBOL, 0x2192 }, { "rightarrow", M_SYMBOL, 0x2192 },
    { "leftarrow", M_SYMBOL, 0x2190 }, { "Rightarrow", M_SYMBOL, 0x21D2 },
    { "ldots", M_SYMBOL, 0x2026 }, { "cdots", M_SYMBOL, 0x22EF },
    { "{", M_SYMBOL, '{' }, { "}", M_SYMBOL, '}' }, { "$", M_SYMBOL, '$' },
    { ",", M_SPACE, 3 }, { ";", M_SPACE, 5 }, { "quad", M_SPACE, 18 },
    { "hat", M_ACCENT, 0x02C6 }, { "bar", M_ACCENT, 0x00AF },
    { "tilde", M_ACCENT, 0x02DC }, { "dot", M_ACCENT, 0x02D9 },
    { "mathrm", M_FONT, TEXT_UPRIGHT }, { "mathbf", M_FONT, TEXT_BOLD },
};

enum { MACROS = sizeof macros / sizeof macros[0] };

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

static size_t utf8_put(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* C0 and C1 controls and DEL: a tab or an escape code drawn as a box says
 * nothing useful, so they are refused; a line feed is a line break. */
static int is_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

/* The text for a message: its first characters, controls shown as '?'. */
static void quote(const char *text, char *buf, size_t size)
{
    enum { SHOWN = 40 };
    const unsigned char *p = (const unsigned char *)text;
    size_t used = 0;
    for (int i = 0; *p && used + 8 < size; i++) {
        if (i == SHOWN) {
            used += utf8_put(0x2026, buf + used);
            break;
        }
        uint32_t cp = utf8_next(&p);
        used += utf8_put(is_control(cp) ? '?' : cp, buf + used);
    }
    buf[used] = '\0';
}

static ca_status fail_at(parser *P, size_t pos, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* "WHAT at character N of 'TEXT'HINT", N counting characters from 1. */
static ca_status fail_at(parser *P, size_t pos, const char *hint, const char *fmt, ...)
{
    char what[160], shown[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    quote(P->text, shown, sizeof shown);
    return ca_fail(P->err, CA_EINPUT, "%s at character %zu of '%s'%s", what, pos + 1, shown,
                   hint);
}

static uint32_t next_char(parser *P)
{
    P->pos++;
    return utf8_next(&P->p);
}

static int new_node(parser *P, int kind, int *out)
{
    if (P->len == P->cap) {
        size_t cap = P->cap ? 2 * P->cap : 64;
        node *n = realloc(P->n, cap * sizeof *n);
        if (!n)
            return ca_fail(P->err, CA_ENOMEM, "out of memory laying out text");
        P->n = n;
        P->cap = cap;
    }
    P->n[P->len] = (node){ .kind = kind, .cls = ORD, .first = -1, .sub = -1, .sup = -1,
                           .next = -1 };
    *out = (int)P->len++;
    return CA_OK;
}

static void append(parser *P, builder *b, int child)
{
    if (b->tail < 0)
        P->n[b->list].first = child;
    else
        P->n[b->tail].next = child;
    b->before_tail = b->tail;
    b->tail = child;
}

static int is_letter(uint32_t cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

/* TeX sets Latin and lowercase Greek letters in italics, capital Greek
 * upright. */
static int math_italic(uint32_t cp)
{
    return is_letter(cp) || (cp >= 0x03B1 && cp <= 0x03C9) || cp == 0x03D1 || cp == 0x03D5 ||
           cp == 0x03F5;
}

static int class_of(uint32_t cp)
{
    switch (cp) {
    case '+': case '*': case 0x2212: case 0x00B1: case 0x2213: case 0x00D7: case 0x22C5:
    case 0x2217: case 0x22C6: case 0x229B: case 0x00B7:
        return BIN;
    case '=': case '<': case '>': case ':': case 0x2264: case 0x2265: case 0x2260:
    case 0x2248: case 0x2261: case 0x2192: case 0x2190: case 0x21D2:
        return REL;
    case '(': case '[': case '{':
        return OPEN;
    case ')': case ']': case '}':
        return CLOSE;
    case ',': case ';':
        return PUNCT;
    case 0x222B: case 0x2211: case 0x220F:
        return OP;
    default:
        return ORD;
    }
}

static ca_status char_node(parser *P, uint32_t cp, int *out)
{
    ca_status s = new_node(P, N_CHAR, out);
    if (s != CA_OK)
        return s;
    /* as in TeX, a hyphen in math is a minus sign */
    if (cp == '-')
        cp = 0x2212;
    node *n = &P->n[*out];
    n->cp = cp;
    n->cls = class_of(cp);
    n->style = P->style != MATH_DEFAULT ? P->style
             : math_italic(cp) ? TEXT_ITALIC : TEXT_UPRIGHT;
    return CA_OK;
}

static ca_status parse_atom(parser *P, int *out);

/* What \hat, \mathrm, _ and ^ apply to: a {...} group or one atom. */
static ca_status parse_arg(parser *P, const char *what, size_t at, int *out)
{
    while (*P->p == ' ')
        next_char(P);
    unsigned char c = *P->p;
    if (!c || c == '}' || c == '$' || c == '_' || c == '^')
        return fail_at(P, at, "", "'%s' without an argument", what);
    return parse_atom(P, out);
}

static ca_status parse_macro(parser *P, int *out)
{
    size_t at = P->pos;
    char name[32];
    size_t len = 0;
    next_char(P);
    if (!*P->p)
        return fail_at(P, at, "", "a lone '\\'");
    if (is_letter(*P->p)) {
        for (; is_letter(*P->p); next_char(P))
            if (len + 1 < sizeof name)
                name[len++] = (char)*P->p;
    } else {
        uint32_t cp = next_char(P);
        len = utf8_put(is_control(cp) ? '?' : cp, name);
    }
    name[len] = '\0';
    const macro *m = NULL;
    for (size_t i = 0; i < MACROS && !m; i++)
        if (strcmp(macros[i].name, name) == 0)
            m = &macros[i];
    if (!m) {
        const char *names[MACROS];
        for (size_t i = 0; i < MACROS; i++)
            names[i] = macros[i].name;
        const char *near = ca_suggest(name, names, MACROS);
        char hint[64] = "";
        if (near)
            snprintf(hint, sizeof hint, ": did you mean '\\%s'?", near);
        return fail_at(P, at, hint, "unknown macro '\\%s'", name);
    }
    char what[40];
    snprintf(what, sizeof what, "\\%s", m->name);
    ca_status s;
    switch (m->kind) {
    case M_SYMBOL:
        return char_node(P, m->value, out);
    case M_SPACE:
        if ((s = new_node(P, N_SPACE, out)) == CA_OK)
            P->n[*out].mu = (int)m->value;
        return s;
    case M_ACCENT: {
        int body;
        if ((s = parse_arg(P, what, at, &body)) != CA_OK ||
            (s = new_node(P, N_ACCENT, out)) != CA_OK)
            return s;
        P->n[*out].cp = m->value;
        P->n[*out].first = body;
        return CA_OK;
    }
    case M_FONT: {
        int saved = P->style;
        P->style = (int)m->value;
        s = parse_arg(P, what, at, out);
        P->style = saved;
        return s;
    }
    }
    return CA_OK;
}

static ca_status parse_math(parser *P, int list, size_t open, int group);

static ca_status parse_atom(parser *P, int *out)
{
    if (P->depth == MAX_DEPTH)
        return fail_at(P, P->pos, "", "markup nested more than %d deep", MAX_DEPTH);
    P->depth++;
    ca_status s;
    if (*P->p == '{') {
        size_t open = P->pos;
        next_char(P);
        if ((s = new_node(P, N_LIST, out)) == CA_OK) {
            P->n[*out].math = 1;
            s = parse_math(P, *out, open, 1);
        }
    } else if (*P->p == '\\') {
        s = parse_macro(P, out);
    } else {
        size_t at = P->pos;
        uint32_t cp = next_char(P);
        if (cp == '\n')
            s = fail_at(P, at, "", "a line break inside $...$");
        else if (is_control(cp))
            s = fail_at(P, at, "", "control character U+%04X", (unsigned)cp);
        else
            s = char_node(P, cp, out);
    }
    P->depth--;
    return s;
}

/* x_a, x^b, x_a^b, x^b_a: the scripts of the list's last atom. */
static ca_status parse_script(parser *P, builder *b)
{
    size_t at = P->pos;
    int sup = next_char(P) == '^';
    int base = b->tail, scripts = base;
    ca_status s;
    if (base < 0 || P->n[base].kind != N_SCRIPTS) {
        if ((s = new_node(P, N_SCRIPTS, &scripts)) != CA_OK)
            return s;
        P->n[scripts].first = base;
        if (base >= 0) {
            P->n[scripts].cls = P->n[base].cls;
            /* the scripts node takes the base's place in the list */
            b->tail = b->before_tail;
            if (b->tail < 0)
                P->n[b->list].first = -1;
            else
                P->n[b->tail].next = -1;
        }
        append(P, b, scripts);
    }
    if ((sup ? P->n[scripts].sup : P->n[scripts].sub) >= 0)
        return fail_at(P, at, "", "double %s", sup ? "superscript" : "subscript");
    int arg;
    if ((s = parse_arg(P, sup ? "^" : "_", at, &arg)) != CA_OK)
        return s;
    if (sup)
        P->n[scripts].sup = arg;
    else
        P->n[scripts].sub = arg;
    return CA_OK;
}

/* The atoms up to the '$' or, in a group, the '}' that closes the one at
 * `open`. */
static ca_status parse_math(parser *P, int list, size_t open, int group)
{
    builder b = { list, -1, -1 };
    ca_status s;
    for (;;) {
        unsigned char c = *P->p;
        if (!c || (group && c == '$'))
            return fail_at(P, open, "", "unbalanced '%c'", group ? '{' : '$');
        if (c == (group ? '}' : '$')) {
            next_char(P);
            return CA_OK;
        }
        if (c == '}')
            return fail_at(P, P->pos, "", "unbalanced '}'");
        if (c == ' ') {
            next_char(P);
            continue;
        }
        if (c == '_' || c == '^') {
            if ((s = parse_script(P, &b)) != CA_OK)
                return s;
            continue;
        }
        int atom;
        if ((s = parse_atom(P, &atom)) != CA_OK)
            return s;
        append(P, &b, atom);
    }
}

/* Plain text, its $...$ runs and line breaks. */
static ca_status parse_text(parser *P)
{
    int root;
    ca_status s = new_node(P, N_LIST, &root);
    builder b = { root, -1, -1 };
    while (s == CA_OK && *P->p) {
        int child;
        size_t at = P->pos;
        if (P->p[0] == '\\' && P->p[1] == '$') {
            next_char(P);
            next_char(P);
            if ((s = new_node(P, N_CHAR, &child)) == CA_OK)
                P->n[child].cp = '$';
        } else if (P->p[0] == '$') {
            next_char(P);
            if ((s = new_node(P, N_LIST, &child)) == CA_OK) {
                P->n[child].math = 1;
                s = parse_math(P, child, at, 0);
            }
        } else {
            uint32_t cp = next_char(P);
            if (cp == '\n') {
                s = new_node(P, N_NEWLINE, &child);
            } else if (is_control(cp)) {
                s = fail_at(P, at, "", "control character U+%04X", (unsigned)cp);
            } else if ((s = new_node(P, N_CHAR, &child)) == CA_OK) {
                P->n[child].cp = cp;
            }
        }
        if (s == CA_OK)
            append(P, &b, child);
    }
    return s;
}

/* Script sizes as TeX's: a first level of scripts at 70 %, deeper ones at
 * 50 %. Shifts and spaces are fractions of the em of the atom they follow. */
#define SCRIPT_SCALE 0.7
#define SCRIPT2_SCALE 0.5
#define SUP_RAISE 0.42
#define SUB_DROP 0.2
#define SUB_DROP_WITH_SUP 0.25
#define SCRIPT_SPACE 0.05
#define ITALIC_CORRECTION 0.06
#define ACCENT_GAP 0.06
/* FreeType's synthetic oblique, as tan(12 degrees): how far right the top of
 * an italic letter leans, per pixel of height. */
#define SLANT 0.2126

typedef struct placer {
    ca_font *f;
    const node *n;
    text_layout *out;
    long size26;
    ca_error *err;
    int64_t pen;       /* 26.6, on the current line */
    int line;
    int can_kern;      /* the last glyph placed touches the pen */
    text_glyph last;
} placer;

static long size_at(const placer *L, int level)
{
    if (level == 0)
        return L->size26;
    return lround(L->size26 * (level == 1 ? SCRIPT_SCALE : SCRIPT2_SCALE));
}

static int64_t em26(const placer *L, int level, double em)
{
    return llround(em * size_at(L, level));
}

static int em_px(const placer *L, int level, double em)
{
    return (int)lround(em * size_at(L, level) / 64.0);
}

static ca_status push_glyph(placer *L, const text_glyph *g)
{
    text_layout *o = L->out;
    if (o->n == o->cap) {
        size_t cap = o->cap ? 2 * o->cap : 64;
        text_glyph *p = realloc(o->glyph, cap * sizeof *p);
        if (!p)
            return ca_fail(L->err, CA_ENOMEM, "out of memory laying out text");
        o->glyph = p;
        o->cap = cap;
    }
    o->glyph[o->n++] = *g;
    return CA_OK;
}

static ca_status end_line(placer *L)
{
    text_layout *o = L->out;
    if (o->lines == o->lines_cap) {
        int cap = o->lines_cap ? 2 * o->lines_cap : 4;
        int64_t *w = realloc(o->width26, (size_t)cap * sizeof *w);
        if (!w)
            return ca_fail(L->err, CA_ENOMEM, "out of memory laying out text");
        o->width26 = w;
        o->lines_cap = cap;
    }
    o->width26[o->lines++] = L->pen;
    L->pen = 0;
    L->line++;
    L->can_kern = 0;
    return CA_OK;
}

/* Places one character at the pen, kerned against the glyph before it
 * when both are of one face, size and baseline. */
static ca_status place_char(placer *L, uint32_t cp, int style, int level, int dy)
{
    text_glyph g;
    ca_status s = text_font_pick(L->f, cp, style, &g, L->err);
    if (s != CA_OK)
        return s;
    g.size26 = size_at(L, level);
    g.x26 = L->pen;
    g.dy = dy;
    g.line = L->line;
    if (L->can_kern && L->last.face == g.face && L->last.synth == g.synth &&
        L->last.size26 == g.size26 && L->last.dy == g.dy) {
        int64_t k;
        if ((s = text_font_kern(L->f, &L->last, &g, &k, L->err)) != CA_OK)
            return s;
        g.x26 += k;
    }
    int64_t adv;
    if ((s = text_font_advance(L->f, &g, &adv, L->err)) != CA_OK)
        return s;
    L->pen = g.x26 + adv;
    L->last = g;
    L->can_kern = 1;
    return push_glyph(L, &g);
}

static ca_status place(placer *L, int i, int level, int dy);

/* TeX's spaces between atoms in mu (1/18 em): 3 thin, 4 medium, 5 thick;
 * negative ones are left out in scripts, as TeX does. */
static int space_between(int left, int right, int level)
{
    static const signed char mu[CLASSES][CLASSES] = {
        /*          ORD  OP  BIN  REL OPEN CLOSE PUNCT */
        /* ORD */ {  0,  3,  -4,  -5,  0,   0,    0 },
        /* OP  */ {  3,  3,   0,  -5,  0,   0,    0 },
        /* BIN */ { -4, -4,   0,   0, -4,   0,    0 },
        /* REL */ { -5, -5,   0,   0, -5,   0,    0 },
        /* OPEN*/ {  0,  0,   0,   0,  0,   0,    0 },
        /* CLOSE*/{  0,  3,  -4,  -5,  0,   0,    0 },
        /* PUNCT*/{ -3, -3,   0,  -3, -3,  -3,   -3 },
    };
    int m = mu[left][right];
    return m >= 0 ? m : level == 0 ? -m : 0;
}

/* The next atom after i, skipping explicit spaces; -1 at the end. */
static int next_atom(const placer *L, int i)
{
    for (i = L->n[i].next; i >= 0 && L->n[i].kind == N_SPACE; i = L->n[i].next)
        ;
    return i;
}

static ca_status place_list(placer *L, const node *list, int level, int dy)
{
    int prev = -1;   /* the class of the atom before, -1 at the start */
    ca_status s;
    for (int i = list->first; i >= 0; i = L->n[i].next) {
        const node *a = &L->n[i];
        if (list->math && a->kind != N_SPACE) {
            int cls = a->cls;
            /* a binary operator with no operand before or after it (the
             * minus in "-t") is an ordinary symbol */
            if (cls == BIN) {
                int after = next_atom(L, i);
                int next = after < 0 ? -1 : L->n[after].cls;
                if (prev < 0 || prev == BIN || prev == OP || prev == REL || prev == OPEN ||
                    prev == PUNCT || next < 0 || next == REL || next == CLOSE || next == PUNCT)
                    cls = ORD;
            }
            int mu = prev < 0 ? 0 : space_between(prev, cls, level);
            if (mu) {
                L->pen += em26(L, level, mu / 18.0);
                L->can_kern = 0;
            }
            prev = cls;
        }
        if ((s = place(L, i, level, dy)) != CA_OK)
            return s;
    }
    return CA_OK;
}

static ca_status place_scripts(placer *L, const node *a, int level, int dy)
{
    ca_status s;
    int italic = 0;
    if (a->first >= 0) {
        size_t before = L->out->n;
        if ((s = place(L, a->first, level, dy)) != CA_OK)
            return s;
        italic = L->out->n > before && L->out->glyph[L->out->n - 1].style == TEXT_ITALIC;
    }
    int64_t base_end = L->pen, end = base_end;
    if (a->sup >= 0) {
        L->pen = base_end + (italic ? em26(L, level, ITALIC_CORRECTION) : 0);
        L->can_kern = 0;
        if ((s = place(L, a->sup, level + 1, dy - em_px(L, level, SUP_RAISE))) != CA_OK)
            return s;
        end = L->pen;
    }
    if (a->sub >= 0) {
        L->pen = base_end;
        L->can_kern = 0;
        double drop = a->sup >= 0 ? SUB_DROP_WITH_SUP : SUB_DROP;
        if ((s = place(L, a->sub, level + 1, dy + em_px(L, level, drop))) != CA_OK)
            return s;
        end = L->pen > end ? L->pen : end;
    }
    L->pen = end + em26(L, level, SCRIPT_SPACE);
    L->can_kern = 0;
    return CA_OK;
}

/* The accent centred over the ink of its body, a small gap above it. */
static ca_status place_accent(placer *L, const node *a, int level, int dy)
{
    size_t first = L->out->n;
    int64_t start = L->pen;
    ca_status s = place(L, a->first, level, dy);
    if (s != CA_OK)
        return s;
    int64_t end = L->pen;
    /* the body's ink, x in 26.6, y in pixels */
    int64_t x0 = INT64_MAX, x1 = INT64_MIN;
    int top = dy - em_px(L, level, 0.5), slanted = 0, inked = 0;
    for (size_t i = first; i < L->out->n; i++) {
        const text_glyph *g = &L->out->glyph[i];
        text_ink ink;
        if ((s = text_font_ink(L->f, g, &ink, L->err)) != CA_OK)
            return s;
        if (ink.x0 == ink.x1)
            continue;
        int64_t gx0 = g->x26 + 64 * (int64_t)ink.x0, gx1 = g->x26 + 64 * (int64_t)ink.x1;
        x0 = gx0 < x0 ? gx0 : x0;
        x1 = gx1 > x1 ? gx1 : x1;
        top = !inked || g->dy + ink.y0 < top ? g->dy + ink.y0 : top;
        slanted |= g->style == TEXT_ITALIC;
        inked = 1;
    }
    if (!inked) {
        x0 = start;
        x1 = end;
    }
    text_glyph acc;
    if ((s = text_font_pick(L->f, a->cp, TEXT_UPRIGHT, &acc, L->err)) != CA_OK)
        return s;
    acc.size26 = size_at(L, level);
    acc.line = L->line;
    text_ink ink;
    if ((s = text_font_ink(L->f, &acc, &ink, L->err)) != CA_OK)
        return s;
    int64_t centre = (x0 + x1) / 2;
    if (slanted)
        centre += llround(SLANT * (dy - top) / 2 * 64);
    acc.x26 = centre - 32 * (int64_t)(ink.x0 + ink.x1);
    int gap = em_px(L, level, ACCENT_GAP);
    acc.dy = top - (gap < 1 ? 1 : gap) - ink.y1;
    L->pen = end;
    L->can_kern = 0;
    return push_glyph(L, &acc);
}

static ca_status place(placer *L, int i, int level, int dy)
{
    const node *a = &L->n[i];
    switch (a->kind) {
    case N_CHAR:
        return place_char(L, a->cp, a->style, level, dy);
    case N_SPACE:
        L->pen += em26(L, level, a->mu / 18.0);
        L->can_kern = 0;
        return CA_OK;
    case N_LIST:
        return place_list(L, a, level, dy);
    case N_SCRIPTS:
        return place_scripts(L, a, level, dy);
    case N_ACCENT:
        return place_accent(L, a, level, dy);
    case N_NEWLINE:
        return end_line(L);
    }
    return CA_OK;
}

ca_status text_layout_build(ca_font *f, const char *text, long size26, text_layout *out,
                            ca_error *err)
{
    *out = (text_layout){ 0 };
    parser P = { .text = text, .p = (const unsigned char *)text, .style = MATH_DEFAULT,
                 .err = err };
    ca_status s = parse_text(&P);
    if (s == CA_OK) {
        placer L = { .f = f, .n = P.n, .out = out, .size26 = size26, .err = err };
        s = place(&L, 0, 0, 0);
        if (s == CA_OK)
            s = end_line(&L);
    }
    free(P.n);
    return s;
}

void text_layout_free(text_layout *l)
{
    free(l->glyph);
    free(l->width26);
    *l = (text_layout){ 0 };
}

/* ca_text_plain's output, growing as it is written. */
typedef struct plain {
    char *s;
    size_t len, cap;
} plain;

/* An empty string with room to grow; 0 when out of memory. */
static int plain_init(plain *b)
{
    *b = (plain){ .s = malloc(64), .cap = 64 };
    if (b->s)
        b->s[0] = '\0';
    return b->s != NULL;
}

static int plain_put(plain *b, uint32_t cp)
{
    if (b->cap - b->len < 5) {
        size_t cap = 2 * b->cap;
        char *s = realloc(b->s, cap);
        if (!s)
            return 0;
        b->s = s;
        b->cap = cap;
    }
    b->len += utf8_put(cp, b->s + b->len);
    b->s[b->len] = '\0';
    return 1;
}

/* cp as a superscript or subscript character, or 0 when Unicode has none. */
static uint32_t script_char(uint32_t cp, int sup)
{
    static const uint32_t sup_digit[10] = { 0x2070, 0x00B9, 0x00B2, 0x00B3, 0x2074,
                                            0x2075, 0x2076, 0x2077, 0x2078, 0x2079 };
    static const char sub_letters[] = "aehijklmnoprstuvx";
    static const uint32_t sub_letter[] = { 0x2090, 0x2091, 0x2095, 0x1D62, 0x2C7C, 0x2096,
                                           0x2097, 0x2098, 0x2099, 0x2092, 0x209A, 0x1D63,
                                           0x209B, 0x209C, 0x1D64, 0x1D65, 0x2093 };
    if (cp >= '0' && cp <= '9')
        return sup ? sup_digit[cp - '0'] : 0x2080 + (cp - '0');
    switch (cp) {
    case '+': return sup ? 0x207A : 0x208A;
    case 0x2212: return sup ? 0x207B : 0x208B;
    case '=': return sup ? 0x207C : 0x208C;
    case '(': return sup ? 0x207D : 0x208D;
    case ')': return sup ? 0x207E : 0x208E;
    }
    if (sup)
        return cp == 'n' ? 0x207F : cp == 'i' ? 0x2071 : 0;
    const char *at = cp < 0x80 && cp ? strchr(sub_letters, (int)cp) : NULL;
    return at ? sub_letter[at - sub_letters] : 0;
}

static int plain_node(const node *n, int i, plain *b);

/* A list's children; in math, a relation between two atoms has a space on
 * each side, as TeX's thick spaces read. */
static int plain_list(const node *n, const node *list, plain *b)
{
    for (int i = list->first; i >= 0; i = n[i].next) {
        int spaced = list->math && n[i].cls == REL && i != list->first && n[i].next >= 0;
        if ((spaced && !plain_put(b, ' ')) || !plain_node(n, i, b) ||
            (spaced && !plain_put(b, ' ')))
            return 0;
    }
    return 1;
}

/* A script: in script characters when each has one, else _x or _(...). */
static int plain_script(const node *n, int arg, int sup, plain *b)
{
    plain inner;
    if (!plain_init(&inner))
        return 0;
    if (!plain_node(n, arg, &inner)) {
        free(inner.s);
        return 0;
    }
    const unsigned char *p = (const unsigned char *)inner.s;
    size_t chars = 0;
    int mapped = 1;
    while (*p) {
        mapped &= script_char(utf8_next(&p), sup) != 0;
        chars++;
    }
    int ok = 1;
    p = (const unsigned char *)inner.s;
    if (mapped) {
        while (*p && ok)
            ok = plain_put(b, script_char(utf8_next(&p), sup));
    } else {
        ok = plain_put(b, sup ? '^' : '_') && (chars == 1 || plain_put(b, '('));
        while (*p && ok)
            ok = plain_put(b, utf8_next(&p));
        ok = ok && (chars == 1 || plain_put(b, ')'));
    }
    free(inner.s);
    return ok;
}

static int plain_node(const node *n, int i, plain *b)
{
    const node *x = &n[i];
    switch (x->kind) {
    case N_CHAR:
        return plain_put(b, x->cp);
    case N_SPACE:
        return x->mu <= 3 || plain_put(b, ' ');
    case N_LIST:
        return plain_list(n, x, b);
    case N_SCRIPTS:
        return (x->first < 0 || plain_node(n, x->first, b)) &&
               (x->sub < 0 || plain_script(n, x->sub, 0, b)) &&
               (x->sup < 0 || plain_script(n, x->sup, 1, b));
    case N_ACCENT: {
        /* the spacing accents' combining forms */
        uint32_t mark = x->cp == 0x02C6 ? 0x0302 : x->cp == 0x00AF ? 0x0304
                      : x->cp == 0x02DC ? 0x0303 : 0x0307;
        return plain_node(n, x->first, b) && plain_put(b, mark);
    }
    case N_NEWLINE:
        return plain_put(b, '\n');
    }
    return 1;
}

ca_status ca_text_plain(const char *text, char **out, ca_error *err)
{
    *out = NULL;
    parser P = { .text = text, .p = (const unsigned char *)text, .style = MATH_DEFAULT,
                 .err = err };
    ca_status s = parse_text(&P);
    if (s == CA_OK) {
        plain b;
        if (plain_init(&b) && plain_node(P.n, 0, &b)) {
            *out = b.s;
        } else {
            free(b.s);
            s = ca_fail(err, CA_ENOMEM, "out of memory writing text out plain");
        }
    }
    free(P.n);
    return s;
}

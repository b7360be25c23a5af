#include <stdbool.h>
#include <string.h>

#include "out/lzw.h"

enum { MAX_BITS = 12, LAST_CODE = LZW_CODES - 1, EMPTY = 0xffffffffu };

static void new_table(ca_lzw *z)
{
    int clear = 1 << z->min_bits;
    memset(z->hash, 0xff, sizeof z->hash);
    for (int v = 0; v < clear; v++) {
        z->run_len[v] = 1;
        z->run_val[v] = (uint8_t)v;
        /* run_code[v][1] would be v, but a run is only looked up once it
         * is 2 long: leaving it out leaves the table's rows untouched
         * (and their pages unmapped) for the values that never run */
        z->run_max[v] = 1;
    }
    z->bits = z->min_bits + 1;
    z->next = clear + 2;
}

static int put_byte(ca_lzw *z, uint8_t byte, ca_lzw_emit emit, void *ctx)
{
    z->block[++z->block[0]] = byte;
    if (z->block[0] < 255)
        return 1;
    if (!emit(ctx, z->block))
        return 0;
    z->block[0] = 0;
    return 1;
}

static int put_code(ca_lzw *z, int code, ca_lzw_emit emit, void *ctx)
{
    z->acc |= (uint32_t)code << z->nacc;
    z->nacc += z->bits;
    for (; z->nacc >= 8; z->nacc -= 8, z->acc >>= 8)
        if (!put_byte(z, (uint8_t)z->acc, emit, ctx))
            return 0;
    return 1;
}

/* After a code is out: the decoder will add a table entry when it reads
 * it, and its codes grow a bit when that entry fills the current width;
 * the encoder, one entry ahead, grows them at the same point. */
static void after_code(ca_lzw *z)
{
    if (z->next >= (1 << z->bits) && z->bits < MAX_BITS)
        z->bits++;
}

void ca_lzw_begin(ca_lzw *z, int min_bits)
{
    z->min_bits = min_bits < 2 ? 2 : min_bits;
    z->prefix = -1;
    z->acc = 0;
    z->nacc = 0;
    z->block[0] = 0;
    new_table(z);
}

static uint32_t slot_of(uint32_t key)
{
    /* Fibonacci hashing: the top bits of key times 2^32 / phi */
    return (key * 2654435761u) >> (32 - 13);
}

/* For 8 pixels at once, each written as its byte of p or of a: whether
 * every one of them can be the value whose byte fills `all`. */
static int all_can_be(uint64_t p, uint64_t a, uint64_t all)
{
    return (ca_lzw_nonzero_bytes(p ^ all) & ca_lzw_nonzero_bytes(a ^ all)) == 0;
}

/* How many of the n pixels at p (each also allowed to be a's) can be v,
 * counted 8 at a time while it can. */
static size_t run_length(const uint8_t *p, const uint8_t *a, size_t n, uint8_t v)
{
    uint64_t all = 0x0101010101010101u * v;
    size_t i = 0;
    if (a == p)
        /* no second values: the plain comparison is cheaper */
        for (; i + 8 <= n; i += 8) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            if (w != all)
                break;
        }
    else
        for (; i + 8 <= n; i += 8) {
            uint64_t wp, wa;
            memcpy(&wp, p + i, 8);
            memcpy(&wa, a + i, 8);
            if (!all_can_be(wp, wa, all))
                break;
        }
    while (i < n && (p[i] == v || a[i] == v))
        i++;
    return i;
}

/* The code of the string prefix + v, or -1 with *slot the empty slot
 * where it would go. */
static int lookup(const ca_lzw *z, int prefix, uint8_t v, uint32_t *slot)
{
    uint32_t key = (uint32_t)prefix << 8 | v;
    uint32_t h = slot_of(key);
    while (z->hash[h] != EMPTY && z->hash[h] >> 12 != key)
        h = (h + 1) & (LZW_HASH_SIZE - 1);
    *slot = h;
    return z->hash[h] == EMPTY ? -1 : (int)(z->hash[h] & (LZW_CODES - 1));
}

enum { LOOKAHEAD = 64 };

/* The value a new string starts with at pixel i, when the pixel may be
 * written as v or u (v == u: no choice): the one that more of the next
 * LOOKAHEAD pixels can also be, so the next strings are runs; u on a tie.
 * (Looking further ahead made the presets' GIFs longer, not shorter: a
 * long run of a colour through unchanged pixels splits the table between
 * the colour's runs and the transparent index's.) */
static uint8_t start_value(const uint8_t *p, const uint8_t *a, size_t i, size_t n)
{
    uint8_t v = p[i], u = a[i];
    if (u == v || i + 1 == n)
        return u;
    /* the next pixel alone often tells, without counting */
    bool next_u = p[i + 1] == u || a[i + 1] == u, next_v = p[i + 1] == v || a[i + 1] == v;
    if (!next_v || !next_u)
        return next_v ? v : u;
    size_t rest = n - i < LOOKAHEAD ? n - i : LOOKAHEAD;
    return run_length(p + i, a + i, rest, u) >= run_length(p + i, a + i, rest, v) ? u : v;
}

int ca_lzw_put(ca_lzw *z, const uint8_t *pixels, const uint8_t *alt, size_t n,
               ca_lzw_emit emit, void *ctx)
{
    const uint8_t *a = alt ? alt : pixels;
    size_t i = 0;
    int prefix = z->prefix;
    if (prefix < 0) {
        if (n == 0)
            return 1;
        /* every image starts with a clear code */
        if (!put_code(z, 1 << z->min_bits, emit, ctx))
            return 0;
        prefix = start_value(pixels, a, i++, n);
    }
    while (i < n) {
        uint8_t v = pixels[i], u = a[i];
        int k = z->run_len[prefix];
        int r = k ? z->run_val[prefix] : -1;
        if ((v == r || u == r) && k < z->run_max[r]) {
            /* a run going on: as far as the table knows runs of r, the
             * greedy match follows it without looking anything up */
            size_t more = run_length(pixels + i, a + i, n - i, (uint8_t)r);
            size_t top = (size_t)(z->run_max[r] - k), step = more < top ? more : top;
            prefix = z->run_code[r][k + (int)step];
            i += step;
            continue;
        }
        /* alt first: where both continue the string, the transparent
         * index's strings are the ones later frames repeat */
        uint32_t slot_v = 0, slot_u;
        int code = lookup(z, prefix, u, &slot_u);
        if (code < 0 && u != v)
            code = lookup(z, prefix, v, &slot_v);
        if (code >= 0) {
            prefix = code;
            i++;
            continue;
        }
        if (!put_code(z, prefix, emit, ctx))
            return 0;
        after_code(z);
        /* the new string: a run one longer when it can be, else the value
         * the next string is best started with */
        uint8_t x = v == r || u == r ? (uint8_t)r : start_value(pixels, a, i, n);
        if (z->next >= LAST_CODE) {
            /* a full table starts over, as giflib does */
            if (!put_code(z, 1 << z->min_bits, emit, ctx))
                return 0;
            new_table(z);
        } else {
            int added = z->next++;
            z->hash[x == u ? slot_u : slot_v] =
                ((uint32_t)prefix << 8 | x) << 12 | (uint32_t)added;
            /* x after k pixels of x is a run one longer; k == run_max[x]
             * here, or the run branch above would have taken it */
            z->run_len[added] = 0;
            if (x == r) {
                z->run_len[added] = (uint16_t)(k + 1);
                z->run_val[added] = x;
                z->run_max[x] = (uint16_t)(k + 1);
                z->run_code[x][k + 1] = (uint16_t)added;
            }
        }
        prefix = x;
        i++;
    }
    z->prefix = prefix;
    return 1;
}

int ca_lzw_end(ca_lzw *z, ca_lzw_emit emit, void *ctx)
{
    if (z->prefix >= 0) {
        if (!put_code(z, z->prefix, emit, ctx))
            return 0;
        after_code(z);
    } else {
        /* an image without pixels still starts with the clear code, as giflib's does */
        if (!put_code(z, 1 << z->min_bits, emit, ctx))
            return 0;
    }
    if (!put_code(z, (1 << z->min_bits) + 1, emit, ctx))
        return 0;
    if (z->nacc > 0 && !put_byte(z, (uint8_t)z->acc, emit, ctx))
        return 0;
    z->acc = 0;
    z->nacc = 0;
    return z->block[0] == 0 || emit(ctx, z->block);
}

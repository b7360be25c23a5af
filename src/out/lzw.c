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
        z->run_max[v] = 1;
        z->run_code[v][1] = (uint16_t)v;
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

/* How many of the n pixels at p equal v, counted 8 at a time while it can. */
static size_t run_length(const uint8_t *p, size_t n, uint8_t v)
{
    uint64_t all = 0x0101010101010101u * v;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        if (w != all)
            break;
    }
    while (i < n && p[i] == v)
        i++;
    return i;
}

int ca_lzw_put(ca_lzw *z, const uint8_t *pixels, size_t n, ca_lzw_emit emit, void *ctx)
{
    size_t i = 0;
    int prefix = z->prefix;
    if (prefix < 0) {
        if (n == 0)
            return 1;
        /* every image starts with a clear code */
        if (!put_code(z, 1 << z->min_bits, emit, ctx))
            return 0;
        prefix = pixels[i++];
    }
    while (i < n) {
        uint8_t v = pixels[i];
        int k = z->run_len[prefix];
        if (k && z->run_val[prefix] == v && k < z->run_max[v]) {
            /* a run going on: as far as the table knows runs of v, the
             * greedy match follows it without looking anything up */
            size_t more = run_length(pixels + i, n - i, v), top = (size_t)(z->run_max[v] - k);
            size_t step = more < top ? more : top;
            prefix = z->run_code[v][k + (int)step];
            i += step;
            continue;
        }
        uint32_t key = (uint32_t)prefix << 8 | v;
        uint32_t h = slot_of(key);
        while (z->hash[h] != EMPTY && z->hash[h] >> 12 != key)
            h = (h + 1) & (LZW_HASH_SIZE - 1);
        if (z->hash[h] != EMPTY) {
            prefix = (int)(z->hash[h] & (LZW_CODES - 1));
            i++;
            continue;
        }
        if (!put_code(z, prefix, emit, ctx))
            return 0;
        after_code(z);
        if (z->next >= LAST_CODE) {
            /* a full table starts over, as giflib does */
            if (!put_code(z, 1 << z->min_bits, emit, ctx))
                return 0;
            new_table(z);
        } else {
            int code = z->next++;
            z->hash[h] = key << 12 | (uint32_t)code;
            /* v after k pixels of v is a run one longer; k == run_max[v]
             * here, or the run branch above would have taken it */
            z->run_len[code] = 0;
            if (k && z->run_val[prefix] == v) {
                z->run_len[code] = (uint16_t)(k + 1);
                z->run_val[code] = v;
                z->run_max[v] = (uint16_t)(k + 1);
                z->run_code[v][k + 1] = (uint16_t)code;
            }
        }
        prefix = v;
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

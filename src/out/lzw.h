#ifndef CONVANIM_LZW_H
#define CONVANIM_LZW_H

/* GIF's LZW compression of one image's pixels, into the length-prefixed
 * sub-blocks a GIF stores them in. Given only pixels, the codes are
 * exactly the ones giflib's compressor chooses (greedy matching, a clear
 * code when the table is full), byte for byte; what differs is the cost.
 * Given a second value per pixel that shows the same (ca_lzw_put's alt),
 * the greedy match takes whichever of the two continues it. giflib looks
 * every pixel up in its string table. Most of an animation frame is runs
 * of one value (the transparent index over what did not change), and a
 * run's strings are added to the table one pixel longer at a time, so this
 * encoder keeps, for each value, the codes of its runs by length, and
 * matches a whole run in one step. Internal, not public. */

#include <stddef.h>
#include <stdint.h>

enum {
    LZW_CODES = 1 << 12,
    LZW_HASH_SIZE = 1 << 13   /* twice the codes: short probes */
};

typedef struct ca_lzw {
    /* the string table: slot h holds (prefix code << 8 | pixel) << 12 | code,
     * or all ones when empty */
    uint32_t hash[LZW_HASH_SIZE];
    /* the table's runs: code c is the string of run_len[c] pixels of value
     * run_val[c] (run_len 0: not a run); run_code[v][k] is the code of k
     * pixels of value v, known for k = 2 .. run_max[v] (one pixel is its own
     * code, v) */
    uint16_t run_len[LZW_CODES];
    uint8_t run_val[LZW_CODES];
    uint16_t run_max[256];
    uint16_t run_code[256][LZW_CODES];
    int min_bits;            /* bits per pixel, at least 2 */
    int bits;                /* bits per code now */
    int next;                /* the next free code */
    int prefix;              /* the code of the string matched so far, -1 at the start */
    uint32_t acc;            /* bits not yet in a byte */
    int nacc;
    uint8_t block[256];      /* block[0] bytes follow in block[1..] */
} ca_lzw;

/* The high bit of each byte of x that is not zero, the other bits clear:
 * 8 pixels compared at once (x = one word XOR another), with no carry from
 * one byte into the next. */
static inline uint64_t ca_lzw_nonzero_bytes(uint64_t x)
{
    const uint64_t low7 = 0x7f7f7f7f7f7f7f7fu;
    return (((x & low7) + low7) | x) & ~low7;
}

/* Writes a full sub-block (block[0] + 1 bytes); returns 0 on failure. */
typedef int (*ca_lzw_emit)(void *ctx, const uint8_t *block);

/* Starts an image whose pixels are below 1 << min_bits (min_bits 1..8). */
void ca_lzw_begin(ca_lzw *z, int min_bits);

/* Compresses n more pixels; 0 when emit failed. alt, when not NULL, gives
 * each pixel a second value that shows the same (the transparent index,
 * for a pixel that did not change): the encoder writes, pixel by pixel,
 * whichever of the two continues its string. NULL: the codes are
 * giflib's. */
int ca_lzw_put(ca_lzw *z, const uint8_t *pixels, const uint8_t *alt, size_t n,
               ca_lzw_emit emit, void *ctx);

/* Ends the image: the last codes, the end code and the last sub-block
 * (not the zero-length terminator); 0 when emit failed. */
int ca_lzw_end(ca_lzw *z, ca_lzw_emit emit, void *ctx);

#endif

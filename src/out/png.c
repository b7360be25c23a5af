#include <errno.h>
#include <math.h>
#include <png.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "convanim/png.h"
#include "base/util.h"
#include "out/atomic.h"

enum { PNG_MAX_PALETTE = 256, PNG_MESSAGE_MAX = 128 };

/* What libpng's callbacks need, and what they report back. A writer has
 * `sink`, a reader `in`. */
typedef struct png_io {
    const ca_sink *sink;
    bool write_failed;      /* a write came short: the sink says why */
    FILE *in;
    bool out_of_memory;
    char message[PNG_MESSAGE_MAX];      /* the error libpng stopped with */
    char warning[PNG_MESSAGE_MAX];      /* its last warning, which often says why */
} png_io;

static void on_error(png_structp png, png_const_charp message)
{
    png_io *io = png_get_error_ptr(png);
    snprintf(io->message, sizeof io->message, "%s", message);
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp message)
{
    png_io *io = png_get_error_ptr(png);
    snprintf(io->warning, sizeof io->warning, "%s", message);
}

static png_voidp on_alloc(png_structp png, png_alloc_size_t size)
{
    void *p = malloc(size);
    if (!p) {
        png_io *io = png_get_mem_ptr(png);
        io->out_of_memory = true;
    }
    return p;
}

static void on_free(png_structp png, png_voidp p)
{
    (void)png;
    free(p);
}

static void on_write(png_structp png, png_bytep data, size_t len)
{
    png_io *io = png_get_io_ptr(png);
    if (io->sink->write(io->sink->ctx, data, len) != len) {
        io->write_failed = true;
        png_error(png, "write failed");
    }
}

/* Flushing is the sink owner's job (a file sink's commit checks it);
 * without this callback libpng would fflush its io pointer as if it were
 * a FILE. */
static void on_flush(png_structp png)
{
    (void)png;
}

static void on_read(png_structp png, png_bytep data, size_t len)
{
    png_io *io = png_get_io_ptr(png);
    if (fread(data, 1, len, io->in) != len)
        png_error(png, ferror(io->in) ? "read failed" : "the file ends too early");
}

static ca_status libpng_error(const png_io *io, const char *path, ca_error *err)
{
    if (io->write_failed)
        return ca_sink_failed(io->sink, err);
    if (io->out_of_memory)
        return ca_fail(err, CA_ENOMEM, "%s: out of memory", path);
    if (io->in && ferror(io->in))
        return ca_fail(err, CA_EIO, "%s: read error: %s", path, strerror(errno));
    /* a reader that libpng stopped without a system error read a broken file */
    ca_status status = io->in ? CA_EINPUT : CA_EIO;
    const char *what = io->in ? "not a valid PNG: " : "libpng: ";
    if (io->warning[0])
        return ca_fail(err, status, "%s: %s%s (%s)", path, what, io->message, io->warning);
    return ca_fail(err, status, "%s: %s%s", path, what, io->message);
}

static png_structp new_writer(png_io *io)
{
    return png_create_write_struct_2(PNG_LIBPNG_VER_STRING, io, on_error, on_warning, io,
                                     on_alloc, on_free);
}

static ca_status check_image(const char *path, const uint8_t *pixels, int width, int height,
                             ptrdiff_t stride, const ca_palette *pal, ca_error *err)
{
    if (width < 1 || height < 1 || !pixels || stride < width)
        return ca_fail(err, CA_EINPUT, "%s: no %dx%d pixels with a stride of %td", path, width,
                       height, stride);
    if (!pal || pal->count < 1 || pal->count > PNG_MAX_PALETTE)
        return ca_fail(err, CA_EINPUT, "%s: the palette needs 1..%d colours (has %d)", path,
                       PNG_MAX_PALETTE, pal ? pal->count : 0);
    for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
            if (pixels[y * stride + x] >= pal->count)
                return ca_fail(err, CA_EINPUT, "%s: pixel (%d, %d) has index %d, the palette "
                               "has %d colours", path, x, y, pixels[y * stride + x], pal->count);
    return CA_OK;
}

/* The fewest bits per pixel that hold every index: small palettes give
 * small files. */
static int bit_depth(int count)
{
    return count <= 2 ? 1 : count <= 4 ? 2 : count <= 16 ? 4 : 8;
}

/* What an encode writes: indexed pixels with their palette, or gray levels
 * made from an image row by row (the bytes are never all in memory). */
typedef struct png_source {
    const uint8_t *pixels;
    ptrdiff_t stride;
    const ca_palette *pal;
    const ca_image *img;
    const ca_tone *tone;
    uint8_t *row;           /* img->width bytes of scratch */
} png_source;

static void write_image(png_structp png, png_infop info, int width, int height,
                        const png_source *src)
{
    if (src->pal) {
        png_color plte[PNG_MAX_PALETTE];
        for (int i = 0; i < src->pal->count; i++)
            plte[i] = (png_color){ src->pal->rgb[i].r, src->pal->rgb[i].g, src->pal->rgb[i].b };
        int depth = bit_depth(src->pal->count);
        png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, depth,
                     PNG_COLOR_TYPE_PALETTE, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                     PNG_FILTER_TYPE_DEFAULT);
        png_set_PLTE(png, info, plte, src->pal->count);
        png_write_info(png, info);
        if (depth < 8)
            png_set_packing(png);
        for (int y = 0; y < height; y++)
            png_write_row(png, src->pixels + y * src->stride);
    } else {
        png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8, PNG_COLOR_TYPE_GRAY,
                     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
        png_write_info(png, info);
        for (int y = 0; y < height; y++) {
            const double *v = src->img->v + (size_t)y * (size_t)width;
            for (int x = 0; x < width; x++)
                src->row[x] = (uint8_t)lround(ca_tone_apply(src->tone, v[x]) * 255);
            png_write_row(png, src->row);
        }
    }
    png_write_end(png, NULL);
}

/* libpng reports errors by longjmp to here. The setjmp sits in a function
 * of its own whose variables never change, so none needs `volatile`. */
static bool encode(png_structp png, png_infop info, int width, int height,
                   const png_source *src)
{
    if (setjmp(png_jmpbuf(png)))
        return false;
    write_image(png, info, width, height, src);
    return true;
}

/* Creates libpng's writer on sink and encodes src into it. */
static ca_status write_png(const ca_sink *sink, int width, int height, const png_source *src,
                           ca_error *err)
{
    const char *path = ca_sink_name(sink);
    ca_status status = CA_OK;
    png_io io = { .sink = sink };
    png_structp png = new_writer(&io);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info) {
        png_destroy_write_struct(&png, NULL);
        return ca_fail(err, CA_ENOMEM, "%s: out of memory", path);
    }
    if ((png_uint_32)width > png_get_user_width_max(png) ||
        (png_uint_32)height > png_get_user_height_max(png)) {
        status = ca_fail(err, CA_ELIMIT, "%s: %dx%d pixels is over libpng's limit of %lux%lu",
                         path, width, height, (unsigned long)png_get_user_width_max(png),
                         (unsigned long)png_get_user_height_max(png));
    } else {
        png_set_write_fn(png, &io, on_write, on_flush);
        if (!encode(png, info, width, height, src))
            status = libpng_error(&io, path, err);
    }
    png_destroy_write_struct(&png, &info);
    return status;
}

ca_status ca_png_write_indexed_to(const ca_sink *sink, const uint8_t *pixels, int width,
                                  int height, ptrdiff_t stride, const ca_palette *pal,
                                  ca_error *err)
{
    ca_status status = check_image(ca_sink_name(sink), pixels, width, height, stride, pal, err);
    if (status != CA_OK)
        return status;
    png_source src = { .pixels = pixels, .stride = stride, .pal = pal };
    return write_png(sink, width, height, &src, err);
}

ca_status ca_png_write_indexed(const char *path, const uint8_t *pixels, int width, int height,
                               ptrdiff_t stride, const ca_palette *pal, ca_error *err)
{
    ca_file_sink *file;
    ca_status status = ca_file_sink_open(path, &file, err);
    if (status != CA_OK)
        return status;
    ca_sink sink = ca_file_sink_get(file);
    status = ca_png_write_indexed_to(&sink, pixels, width, height, stride, pal, err);
    return ca_file_sink_close(file, status, err);
}

/* Checks img before anything is written; names it as `name`. */
static ca_status check_gray(const char *name, const ca_image *img, ca_error *err)
{
    if (!img || !img->v || img->width < 1 || img->height < 1)
        return ca_fail(err, CA_EINPUT, "%s: no image to write", name);
    return CA_OK;
}

ca_status ca_png_write_gray_to(const ca_sink *sink, const ca_image *img, ca_normalize normalize,
                               ca_error *err)
{
    const char *name = ca_sink_name(sink);
    ca_status status = check_gray(name, img, err);
    if (status != CA_OK)
        return status;
    ca_tone tone = ca_tone_of(img, normalize);
    png_source src = { .img = img, .tone = &tone, .row = malloc((size_t)img->width) };
    if (!src.row)
        return ca_fail(err, CA_ENOMEM, "%s: out of memory", name);
    status = write_png(sink, img->width, img->height, &src, err);
    free(src.row);
    return status;
}

ca_status ca_png_write_gray(const char *path, const ca_image *img, ca_normalize normalize,
                            ca_error *err)
{
    ca_status status = check_gray(path, img, err);
    ca_file_sink *file;
    if (status == CA_OK)
        status = ca_file_sink_open(path, &file, err);
    if (status != CA_OK)
        return status;
    ca_sink sink = ca_file_sink_get(file);
    return ca_file_sink_close(file, ca_png_write_gray_to(&sink, img, normalize, err), err);
}

ca_status ca_png_check_outputs(const char *const *paths, size_t n, ca_error *err)
{
    for (size_t i = 0; i < n; i++) {
        if (!paths[i])
            continue;
        ca_status s = ca_atomic_check(paths[i], err);
        if (s != CA_OK)
            return s;
        for (size_t k = 0; k < i; k++)
            if (paths[k] && ca_atomic_same_target(paths[k], paths[i]))
                return ca_fail(err, CA_EINPUT, "%s: names the same file as %s", paths[i],
                               paths[k]);
    }
    return CA_OK;
}

/* ITU-R 601 luma, what Pillow's convert("L") computes before it rounds;
 * alpha is dropped, as convert("L") drops it. */
static void gray_row(const png_byte *row, int width, int channels, int depth, double *out)
{
    int bytes = depth / 8;
    double full = depth == 16 ? 65535.0 : 255.0;
    for (int x = 0; x < width; x++) {
        const png_byte *p = row + (size_t)x * channels * bytes;
        double c[3];
        for (int k = 0; k < 3 && k < (channels < 3 ? 1 : 3); k++)
            c[k] = bytes == 2 ? (p[2 * k] << 8 | p[2 * k + 1]) : p[k];
        out[x] = channels < 3 ? c[0] / full
                              : (0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]) / full;
    }
}

/* What decode() fills in, so the caller can free it whatever happens. */
typedef struct png_read_state {
    const char *path;
    const ca_image_limits *lim;
    ca_image *out;
    png_bytep rows;         /* one row, or every row of an interlaced image */
    ca_status status;       /* a refusal of ours (limits, memory) */
    ca_error *err;
} png_read_state;

static void read_image(png_structp png, png_infop info, png_read_state *st)
{
    png_read_info(png, info);
    png_uint_32 w = png_get_image_width(png, info), h = png_get_image_height(png, info);
    st->status = ca_image_new(st->path, w > INT32_MAX ? -1 : (int)w,
                              h > INT32_MAX ? -1 : (int)h, st->lim, st->out, st->err);
    if (st->status != CA_OK)
        return;
    int type = png_get_color_type(png, info);
    if (type == PNG_COLOR_TYPE_PALETTE)
        png_set_palette_to_rgb(png);
    if (type == PNG_COLOR_TYPE_GRAY && png_get_bit_depth(png, info) < 8)
        png_set_expand_gray_1_2_4_to_8(png);
    int passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    int channels = png_get_channels(png, info), depth = png_get_bit_depth(png, info);
    size_t rowbytes = png_get_rowbytes(png, info);
    /* An interlaced image's passes fill its rows a few pixels at a time, so
     * each row is kept until the last pass; otherwise one row at a time. */
    size_t nrows = passes > 1 ? h : 1;
    st->rows = malloc(rowbytes * nrows);
    if (!st->rows) {
        st->status = ca_fail(st->err, CA_ENOMEM, "%s: out of memory for %lux%lu pixels",
                             st->path, (unsigned long)w, (unsigned long)h);
        return;
    }
    if (passes > 1)
        memset(st->rows, 0, rowbytes * nrows);
    for (int pass = 0; pass < passes; pass++)
        for (png_uint_32 y = 0; y < h; y++) {
            png_bytep row = st->rows + (passes > 1 ? y : 0) * rowbytes;
            png_read_row(png, row, NULL);
            if (pass == passes - 1)
                gray_row(row, (int)w, channels, depth, st->out->v + (size_t)y * w);
        }
    png_read_end(png, NULL);
}

static bool decode(png_structp png, png_infop info, png_read_state *st)
{
    if (setjmp(png_jmpbuf(png)))
        return false;
    read_image(png, info, st);
    return true;
}

static ca_status read_png(FILE *fp, const char *path, const ca_image_limits *lim,
                          ca_image *out, ca_error *err)
{
    png_byte sig[8];
    size_t got = fread(sig, 1, sizeof sig, fp);
    if (got < sizeof sig && ferror(fp))
        return ca_fail(err, CA_EIO, "%s: read error: %s", path, strerror(errno));
    if (got < sizeof sig || png_sig_cmp(sig, 0, sizeof sig) != 0)
        return ca_fail(err, CA_EINPUT, "%s: not a PNG file", path);
    png_io io = { .in = fp };
    png_structp png = png_create_read_struct_2(PNG_LIBPNG_VER_STRING, &io, on_error, on_warning,
                                               &io, on_alloc, on_free);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info) {
        png_destroy_read_struct(&png, NULL, NULL);
        return ca_fail(err, CA_ENOMEM, "%s: out of memory", path);
    }
    png_set_read_fn(png, &io, on_read);
    png_set_sig_bytes(png, sizeof sig);
    /* our own limits, checked with a message that names them, are the ones
     * that count; libpng's default of a million per side would come first */
    png_set_user_limits(png, PNG_UINT_31_MAX, PNG_UINT_31_MAX);
    /* libpng reads text, profiles and the like whole into memory, as long
     * as their header says (a 50-byte file claiming a 2 GB zTXt costs 2 GB):
     * only the pixels count here, so those chunks are skipped unread */
    static const png_byte skipped[] = "tEXt\0zTXt\0iTXt\0iCCP\0sPLT\0pCAL\0sCAL\0eXIf";
    png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, NULL, 0);
    png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, skipped, (int)(sizeof skipped / 5));
    png_read_state st = { .path = path, .lim = lim, .out = out, .err = err };
    ca_status status = CA_OK;
    if (!decode(png, info, &st))
        status = st.status != CA_OK ? st.status : libpng_error(&io, path, err);
    else
        status = st.status;
    png_destroy_read_struct(&png, &info, NULL);
    free(st.rows);
    if (status != CA_OK)
        ca_image_free(out);
    return status;
}

ca_status ca_png_read_gray(const char *path, const ca_image_limits *lim, ca_image *out,
                           ca_error *err)
{
    out->v = NULL;
    out->width = out->height = 0;
    /* read front to back: a pipe serves as well as a file */
    FILE *fp;
    ca_status status = ca_open_input(path, true, &fp, err);
    if (status != CA_OK)
        return status;
    status = read_png(fp, path, lim, out, err);
    fclose(fp);
    return status;
}

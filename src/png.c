#include <png.h>
#include <stdbool.h>
#include <stdlib.h>

#include "png_internal.h"
#include "util.h"

enum { PNG_MAX_PALETTE = 256, PNG_MESSAGE_MAX = 128 };

/* What libpng's callbacks need, and what they report back. */
typedef struct png_out {
    ca_atomic *file;
    bool out_of_memory;
    char message[PNG_MESSAGE_MAX];      /* the error libpng stopped with */
    char warning[PNG_MESSAGE_MAX];      /* its last warning, which often says why */
} png_out;

static void on_error(png_structp png, png_const_charp message)
{
    png_out *out = png_get_error_ptr(png);
    snprintf(out->message, sizeof out->message, "%s", message);
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp message)
{
    png_out *out = png_get_error_ptr(png);
    snprintf(out->warning, sizeof out->warning, "%s", message);
}

static png_voidp on_alloc(png_structp png, png_alloc_size_t size)
{
    void *p = malloc(size);
    if (!p) {
        png_out *out = png_get_mem_ptr(png);
        out->out_of_memory = true;
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
    png_out *out = png_get_io_ptr(png);
    if (ca_atomic_write(out->file, data, len) != len)
        png_error(png, "write failed");
}

/* Flushing is the commit's job, where its result is checked; without this
 * callback libpng would fflush its io pointer as if it were a FILE. */
static void on_flush(png_structp png)
{
    (void)png;
}

static ca_status libpng_error(const png_out *out, const char *path, ca_error *err)
{
    if (out->file->errnum)
        return ca_atomic_write_failed(out->file, err);
    if (out->out_of_memory)
        return ca_fail(err, CA_ENOMEM, "%s: out of memory", path);
    if (out->warning[0])
        return ca_fail(err, CA_EIO, "%s: libpng: %s (%s)", path, out->message, out->warning);
    return ca_fail(err, CA_EIO, "%s: libpng: %s", path, out->message);
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

static void write_image(png_structp png, png_infop info, const uint8_t *pixels, int width,
                        int height, ptrdiff_t stride, const ca_palette *pal)
{
    png_color plte[PNG_MAX_PALETTE];
    for (int i = 0; i < pal->count; i++)
        plte[i] = (png_color){ pal->rgb[i].r, pal->rgb[i].g, pal->rgb[i].b };
    int depth = bit_depth(pal->count);
    png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, depth, PNG_COLOR_TYPE_PALETTE,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_PLTE(png, info, plte, pal->count);
    png_write_info(png, info);
    if (depth < 8)
        png_set_packing(png);
    for (int y = 0; y < height; y++)
        png_write_row(png, pixels + y * stride);
    png_write_end(png, NULL);
}

/* libpng reports errors by longjmp to here. The setjmp sits in a function
 * of its own whose variables never change, so none needs `volatile`. */
static bool encode(png_structp png, png_infop info, const uint8_t *pixels, int width, int height,
                   ptrdiff_t stride, const ca_palette *pal)
{
    if (setjmp(png_jmpbuf(png)))
        return false;
    write_image(png, info, pixels, width, height, stride, pal);
    return true;
}

ca_status ca_png_write_indexed_to(ca_atomic *file, const uint8_t *pixels, int width,
                                  int height, ptrdiff_t stride, const ca_palette *pal,
                                  ca_error *err)
{
    const char *path = file->path;
    ca_status status = check_image(path, pixels, width, height, stride, pal, err);
    if (status != CA_OK)
        return status;
    png_out out = { .file = file };
    png_structp png = png_create_write_struct_2(PNG_LIBPNG_VER_STRING, &out, on_error,
                                                on_warning, &out, on_alloc, on_free);
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
        png_set_write_fn(png, &out, on_write, on_flush);
        if (!encode(png, info, pixels, width, height, stride, pal))
            status = libpng_error(&out, path, err);
    }
    png_destroy_write_struct(&png, &info);
    return status;
}

ca_status ca_png_write_indexed(const char *path, const uint8_t *pixels, int width, int height,
                               ptrdiff_t stride, const ca_palette *pal, ca_error *err)
{
    ca_atomic file;
    ca_status status = ca_atomic_open(&file, path, err);
    if (status == CA_OK)
        status = ca_png_write_indexed_to(&file, pixels, width, height, stride, pal, err);
    if (status == CA_OK)
        return ca_atomic_commit(&file, err);
    ca_atomic_abort(&file);
    return status;
}

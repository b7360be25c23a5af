#include <errno.h>
#include <math.h>
#include <png.h>
#include <signal.h>
#include <sys/resource.h>

#include "convanim/png.h"
#include "testutil.h"

enum { W = 13, H = 7, STRIDE = 16 };

static char folder[4096], target[4200];

static void setup(void)
{
    tu_mkdtemp(folder, sizeof folder);
    snprintf(target, sizeof target, "%s/poster.png", folder);
}

static void teardown(void)
{
    tu_rmtree(folder);
}

/* A palette of count distinct colours. */
static ca_palette palette(int count)
{
    ca_palette p;
    ca_palette_init(&p, (ca_rgb){ 0, 0, 0 });
    p.count = count;
    for (int i = 0; i < count; i++)
        p.rgb[i] = (ca_rgb){ (uint8_t)i, (uint8_t)(255 - i), (uint8_t)(i * 37) };
    return p;
}

/* W x H pixels in rows of STRIDE, using every index below count; the
 * padding holds an index the palette does not have, which must not matter. */
static void pattern(uint8_t *px, int count)
{
    memset(px, 255, STRIDE * H);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            px[y * STRIDE + x] = (uint8_t)((x * 7 + y * 3) % count);
}

static void expect_file(const uint8_t *data, size_t len)
{
    static uint8_t buf[1 << 16];
    FILE *fp = fopen(target, "rb");
    ck_assert_ptr_nonnull(fp);
    size_t n = fread(buf, 1, sizeof buf, fp);
    fclose(fp);
    ck_assert_uint_eq(n, len);
    ck_assert_mem_eq(buf, data, len);
}

static mode_t mode_of(const char *p)
{
    struct stat st;
    ck_assert_int_eq(stat(p, &st), 0);
    return st.st_mode & 0777;
}

/* Reads target back as RGB and checks every pixel against its palette colour. */
static void expect_image(const uint8_t *px, const ca_palette *pal)
{
    png_image image = { .version = PNG_IMAGE_VERSION };
    ck_assert_msg(png_image_begin_read_from_file(&image, target), "%s", image.message);
    ck_assert_uint_eq(image.width, W);
    ck_assert_uint_eq(image.height, H);
    ck_assert(image.format & PNG_FORMAT_FLAG_COLORMAP);
    ck_assert_uint_eq(image.colormap_entries, (unsigned)pal->count);
    image.format = PNG_FORMAT_RGB;
    uint8_t rgb[W * H * 3];
    ck_assert_msg(png_image_finish_read(&image, NULL, rgb, 0, NULL), "%s", image.message);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            const uint8_t *got = rgb + (y * W + x) * 3;
            ca_rgb want = pal->rgb[px[y * STRIDE + x]];
            ck_assert_msg(got[0] == want.r && got[1] == want.g && got[2] == want.b,
                          "pixel (%d, %d) is %d,%d,%d, expected %d,%d,%d", x, y, got[0], got[1],
                          got[2], want.r, want.g, want.b);
        }
}

/* The bit depth in the IHDR chunk, which comes first after the signature. */
static int bit_depth(void)
{
    uint8_t head[25];
    FILE *fp = fopen(target, "rb");
    ck_assert_ptr_nonnull(fp);
    ck_assert_uint_eq(fread(head, 1, sizeof head, fp), sizeof head);
    fclose(fp);
    ck_assert_mem_eq(head + 12, "IHDR", 4);
    return head[24];
}

START_TEST(indexed_pixels_read_back_as_their_palette_colours)
{
    /* Every bit depth the writer picks: the fewest that hold every index. */
    static const int counts[] = { 1, 2, 3, 4, 5, 16, 17, 255, 256 };
    static const int depths[] = { 1, 1, 2, 2, 4, 4, 8, 8, 8 };
    for (size_t k = 0; k < sizeof counts / sizeof *counts; k++) {
        ca_palette pal = palette(counts[k]);
        uint8_t px[STRIDE * H];
        pattern(px, pal.count);
        ca_error err = { 0 };
        ck_assert_msg(ca_png_write_indexed(target, px, W, H, STRIDE, &pal, &err) == CA_OK, "%s",
                      err.msg);
        expect_image(px, &pal);
        ck_assert_int_eq(bit_depth(), depths[k]);
        ck_assert_int_eq(tu_entries(folder), 1);
    }
}
END_TEST

START_TEST(bad_arguments_are_input_errors_and_create_nothing)
{
    ca_palette pal = palette(4), none = palette(4), too_many = palette(4);
    none.count = 0;
    too_many.count = 257;
    uint8_t px[STRIDE * H], bad[STRIDE * H];
    pattern(px, pal.count);
    pattern(bad, pal.count);
    bad[5 * STRIDE + 9] = 4;
    const struct {
        const uint8_t *px;
        int w, h;
        ptrdiff_t stride;
        const ca_palette *pal;
        const char *says;
    } cases[] = { { px, 0, H, STRIDE, &pal, "0x7" },
                  { px, W, -1, STRIDE, &pal, "13x-1" },
                  { px, W, H, W - 1, &pal, "stride of 12" },
                  { NULL, W, H, STRIDE, &pal, "no 13x7" },
                  { px, W, H, STRIDE, &none, "(has 0)" },
                  { px, W, H, STRIDE, &too_many, "(has 257)" },
                  { px, W, H, STRIDE, NULL, "(has 0)" },
                  { bad, W, H, STRIDE, &pal, "pixel (9, 5) has index 4" } };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        ca_error err = { 0 };
        ck_assert_int_eq(ca_png_write_indexed(target, cases[k].px, cases[k].w, cases[k].h,
                                              cases[k].stride, cases[k].pal, &err),
                         CA_EINPUT);
        ck_assert_msg(strstr(err.msg, target) && strstr(err.msg, cases[k].says), "%s", err.msg);
    }
    ck_assert_int_eq(tu_entries(folder), 0);
}
END_TEST

START_TEST(size_over_libpngs_limit_is_a_limit_error)
{
    enum { WIDE = 1000001 };
    ca_palette pal = palette(2);
    uint8_t *px = calloc(WIDE, 1);
    ck_assert_ptr_nonnull(px);
    ca_error err = { 0 };
    ck_assert_int_eq(ca_png_write_indexed(target, px, WIDE, 1, WIDE, &pal, &err), CA_ELIMIT);
    free(px);
    ck_assert_ptr_nonnull(strstr(err.msg, "1000001x1"));
    ck_assert_int_eq(tu_entries(folder), 0);
}
END_TEST

START_TEST(missing_folder_is_an_input_error_and_creates_nothing)
{
    ca_palette pal = palette(4);
    uint8_t px[STRIDE * H];
    pattern(px, pal.count);
    char p[4300], msg[10000];
    snprintf(p, sizeof p, "%s/nope/poster.png", folder);
    snprintf(msg, sizeof msg, "%s: folder '%s/nope' does not exist", p, folder);
    ca_error err = { 0 };
    ck_assert_int_eq(ca_png_write_indexed(p, px, W, H, STRIDE, &pal, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, msg);
    ck_assert_int_eq(tu_entries(folder), 0);
}
END_TEST

START_TEST(failures_leave_the_existing_file_untouched)
{
    static const uint8_t old[] = "an older poster";
    tu_write_file(target, old, sizeof old);
    ca_palette pal = palette(4);
    uint8_t px[STRIDE * H];
    pattern(px, pal.count);
    px[0] = 9;
    ck_assert_int_eq(ca_png_write_indexed(target, px, W, H, STRIDE, &pal, NULL), CA_EINPUT);
    expect_file(old, sizeof old);
    ck_assert_int_eq(tu_entries(folder), 1);
}
END_TEST

START_TEST(write_failure_is_an_io_error_and_leaves_the_existing_file)
{
    enum { BIG = 600 };
    static const uint8_t old[] = "an older poster";
    tu_write_file(target, old, sizeof old);
    ca_palette pal = palette(256);
    uint8_t *px = malloc(BIG * BIG);
    ck_assert_ptr_nonnull(px);
    unsigned seed = 1;
    for (int i = 0; i < BIG * BIG; i++) {
        seed = seed * 1103515245u + 12345u;
        px[i] = (uint8_t)(seed >> 16);
    }
    /* Files may not grow past 1000 bytes, and going past gives EFBIG
     * instead of a signal; both are undone before any assertion, so the
     * limit never outlives the test, whether Check forks or not. */
    struct rlimit saved, lim;
    struct sigaction ignore = { .sa_handler = SIG_IGN }, saved_action;
    ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &saved), 0);
    lim = saved;
    lim.rlim_cur = 1000;
    ck_assert_int_eq(sigaction(SIGXFSZ, &ignore, &saved_action), 0);
    ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
    ca_error err = { 0 };
    ca_status status = ca_png_write_indexed(target, px, BIG, BIG, BIG, &pal, &err);
    ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &saved), 0);
    ck_assert_int_eq(sigaction(SIGXFSZ, &saved_action, NULL), 0);
    free(px);

    char msg[10000];
    snprintf(msg, sizeof msg, "%s: cannot write (%s)", target, strerror(EFBIG));
    ck_assert_int_eq(status, CA_EIO);
    ck_assert_str_eq(err.msg, msg);
    expect_file(old, sizeof old);
    ck_assert_int_eq(tu_entries(folder), 1);
}
END_TEST

START_TEST(replaced_file_keeps_its_mode)
{
    tu_write_file(target, "old", 3);
    ck_assert_int_eq(chmod(target, 0640), 0);
    ca_palette pal = palette(3);
    uint8_t px[STRIDE * H];
    pattern(px, pal.count);
    ck_assert_int_eq(ca_png_write_indexed(target, px, W, H, STRIDE, &pal, NULL), CA_OK);
    expect_image(px, &pal);
    ck_assert_uint_eq(mode_of(target), 0640);
    ck_assert_int_eq(tu_entries(folder), 1);
}
END_TEST

START_TEST(new_file_gets_the_mode_the_umask_allows)
{
    static const mode_t masks[] = { 022, 077, 002 };
    ca_palette pal = palette(3);
    uint8_t px[STRIDE * H];
    pattern(px, pal.count);
    for (size_t k = 0; k < sizeof masks / sizeof *masks; k++) {
        mode_t saved = umask(masks[k]);
        ca_status status = ca_png_write_indexed(target, px, W, H, STRIDE, &pal, NULL);
        umask(saved);
        ck_assert_int_eq(status, CA_OK);
        ck_assert_uint_eq(mode_of(target), 0666 & ~masks[k]);
        ck_assert_int_eq(unlink(target), 0);
    }
}
END_TEST


START_TEST(every_colour_type_reads_as_luma)
{
    char path[1024], name[64], png[256], txt[256];
    snprintf(path, sizeof path, "%s/png2d.txt", tu_fixtures());
    FILE *manifest = fopen(path, "r");
    ck_assert_ptr_nonnull(manifest);
    int cases = 0;
    while (fscanf(manifest, "%63s %255s %255s", name, png, txt) == 3) {
        int rows, cols;
        double *want = tu_read_matrix(txt, &rows, &cols);
        snprintf(path, sizeof path, "%s/%s", tu_fixtures(), png);
        ca_image img;
        ca_error err = { 0 };
        ck_assert_msg(ca_png_read_gray(path, NULL, &img, &err) == CA_OK, "%s", err.msg);
        ck_assert_int_eq(img.width, cols);
        ck_assert_int_eq(img.height, rows);
        for (int i = 0; i < rows * cols; i++)
            ck_assert_msg(fabs(img.v[i] - want[i]) <= 1e-12, "%s [%d]: %.17g, want %.17g", name,
                          i, img.v[i], want[i]);
        ca_image_free(&img);
        free(want);
        cases++;
    }
    fclose(manifest);
    ck_assert_int_eq(cases, 11);
}
END_TEST

START_TEST(gray_images_round_trip_through_8_bits)
{
    ca_image img;
    ck_assert_int_eq(ca_image_new("test", 256, 3, NULL, &img, NULL), CA_OK);
    for (int x = 0; x < 256; x++) {
        img.v[x] = x / 255.0;                   /* every level */
        img.v[256 + x] = (x - 128) / 64.0;      /* -2 .. 2: clipped */
        img.v[512 + x] = x % 2 ? 3 : -3;
    }
    ca_error err = { 0 };
    ck_assert_msg(ca_png_write_gray(target, &img, CA_NORMALIZE_CLIP, &err) == CA_OK, "%s",
                  err.msg);
    ca_image back;
    ck_assert_int_eq(ca_png_read_gray(target, NULL, &back, &err), CA_OK);
    ck_assert_int_eq(back.width, 256);
    ck_assert_int_eq(back.height, 3);
    for (int x = 0; x < 256; x++) {
        ck_assert_double_eq_tol(back.v[x], img.v[x], 1e-15);
        ck_assert_double_eq_tol(back.v[256 + x], fmin(fmax(img.v[256 + x], 0), 1), 0.5 / 255);
    }
    ca_image_free(&back);
    /* minmax: the smallest value black, the largest white */
    ck_assert_int_eq(ca_png_write_gray(target, &img, CA_NORMALIZE_MINMAX, &err), CA_OK);
    ck_assert_int_eq(ca_png_read_gray(target, NULL, &back, &err), CA_OK);
    ck_assert_double_eq(back.v[512], 0);
    ck_assert_double_eq(back.v[513], 1);
    ck_assert_double_eq_tol(back.v[128], 3.5 / 6, 0.5 / 255);
    ca_image_free(&back);
    /* abs: |v| over the largest magnitude */
    ck_assert_int_eq(ca_png_write_gray(target, &img, CA_NORMALIZE_ABS, &err), CA_OK);
    ck_assert_int_eq(ca_png_read_gray(target, NULL, &back, &err), CA_OK);
    ck_assert_double_eq(back.v[512], 1);
    ck_assert_double_eq_tol(back.v[256], 2.0 / 3, 0.5 / 255);
    ca_image_free(&back);
    ca_image_free(&img);
    ck_assert_int_eq(tu_entries(folder), 1);
}
END_TEST

/* PNG's chunk checksum (ISO 3309 CRC-32), bit by bit. */
static uint32_t crc32_of(const uint8_t *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
    }
    return c ^ 0xffffffffu;
}

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (24 - 8 * i));
}

/* The start of a width x height 8-bit gray PNG: its signature, IHDR and
 * the head of an IDAT chunk, which is as far as the reader looks before it
 * allocates the pixels. */
static void write_header(const char *path, uint32_t width, uint32_t height)
{
    uint8_t head[41] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13,
                         'I', 'H', 'D', 'R' };
    put32(head + 16, width);
    put32(head + 20, height);
    head[24] = 8;
    put32(head + 29, crc32_of(head + 12, 17));
    put32(head + 33, 1000);
    memcpy(head + 37, "IDAT", 4);
    tu_write_file(path, head, sizeof head);
}

START_TEST(bad_pngs_are_input_errors_and_big_ones_limit_errors)
{
    char path[4300];
    ca_image img;
    ca_error err = { 0 };
    snprintf(path, sizeof path, "%s/bad.png", folder);
    tu_write_file(path, "GIF89a not a png", 16);
    ck_assert_int_eq(ca_png_read_gray(path, NULL, &img, &err), CA_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "bad.png: not a PNG file"));
    ck_assert_ptr_null(img.v);
    tu_write_file(path, "", 0);
    ck_assert_int_eq(ca_png_read_gray(path, NULL, &img, &err), CA_EINPUT);

    /* a valid file cut short */
    ca_image src;
    ck_assert_int_eq(ca_image_new("test", 40, 40, NULL, &src, NULL), CA_OK);
    for (int i = 0; i < 1600; i++)
        src.v[i] = (i * 37 % 101) / 100.0;
    ck_assert_int_eq(ca_png_write_gray(target, &src, CA_NORMALIZE_CLIP, NULL), CA_OK);
    ca_image_free(&src);
    static uint8_t buf[1 << 16];
    FILE *fp = fopen(target, "rb");
    ck_assert_ptr_nonnull(fp);
    size_t n = fread(buf, 1, sizeof buf, fp);
    fclose(fp);
    tu_write_file(path, buf, n / 2);
    ck_assert_int_eq(ca_png_read_gray(path, NULL, &img, &err), CA_EINPUT);
    ck_assert_msg(strstr(err.msg, "bad.png: not a valid PNG"), "%s", err.msg);
    ck_assert_ptr_null(img.v);

    write_header(path, 16385, 2);
    ck_assert_int_eq(ca_png_read_gray(path, NULL, &img, &err), CA_ELIMIT);
    ck_assert_msg(strstr(err.msg, "16385x2 pixels is over the limit of 16384 per side"), "%s",
                  err.msg);
    write_header(path, 9000, 8000);
    ck_assert_int_eq(ca_png_read_gray(path, NULL, &img, &err), CA_ELIMIT);
    ck_assert_msg(strstr(err.msg, "over the limit of 64 megapixels"), "%s", err.msg);
    ca_image_limits lim = { 4, 100 };
    write_header(path, 5, 2);
    ck_assert_int_eq(ca_png_read_gray(path, &lim, &img, &err), CA_ELIMIT);
    ck_assert_ptr_null(img.v);

    snprintf(path, sizeof path, "%s/missing.png", folder);
    ck_assert_int_eq(ca_png_read_gray(path, NULL, &img, &err), CA_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "missing.png: cannot open"));
}
END_TEST

START_TEST(outputs_are_checked_before_the_work)
{
    char missing[4300], other[4300];
    snprintf(missing, sizeof missing, "%s/no/x.png", folder);
    snprintf(other, sizeof other, "%s/./poster.png", folder);
    ca_error err = { 0 };
    const char *ok[] = { target, NULL };
    ck_assert_int_eq(ca_png_check_outputs(ok, 2, &err), CA_OK);
    const char *bad[] = { target, missing };
    ck_assert_int_eq(ca_png_check_outputs(bad, 2, &err), CA_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "no/x.png"));
    const char *same[] = { target, other };
    ck_assert_int_eq(ca_png_check_outputs(same, 2, &err), CA_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "names the same file as"));
    ck_assert_int_eq(tu_entries(folder), 0);
}
END_TEST

static const tu_suite suite = { .name = "png", .setup = setup, .teardown = teardown };
TU_MAIN(suite, indexed_pixels_read_back_as_their_palette_colours,
        bad_arguments_are_input_errors_and_create_nothing,
        size_over_libpngs_limit_is_a_limit_error,
        missing_folder_is_an_input_error_and_creates_nothing,
        failures_leave_the_existing_file_untouched,
        write_failure_is_an_io_error_and_leaves_the_existing_file, replaced_file_keeps_its_mode,
        new_file_gets_the_mode_the_umask_allows, every_colour_type_reads_as_luma,
        gray_images_round_trip_through_8_bits, bad_pngs_are_input_errors_and_big_ones_limit_errors,
        outputs_are_checked_before_the_work)

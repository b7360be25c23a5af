#include <stdlib.h>
#include <string.h>

#include "cliutil.h"
#include "convanim/anim.h"
#include "convanim/figure.h"
#include "convanim/gif.h"
#include "convanim/kernel.h"
#include "convanim/meta.h"
#include "convanim/png.h"
#include "convanim/signal.h"
#include "convanim/slide2d.h"
#include "testutil.h"

/* Writing to memory is what a program without files (the Python module, a
 * server) does: every writer must give there the bytes it gives a file. */

static void assert_same_bytes(const ca_memory *m, const char *path)
{
    size_t len;
    uint8_t *file = tu_read_all(path, &len);
    ck_assert_uint_eq(m->size, len);
    size_t i = 0;
    while (i < len && m->data[i] == file[i])
        i++;
    ck_assert_msg(i == len, "%s: byte %zu of %zu differs from memory's", path, i, len);
    free(file);
}

static ca_signal spec_signal(const char *spec)
{
    ca_signal s = { 0 };
    ca_error err = { 0 };
    ck_assert_msg(ca_signal_from_spec(spec, NULL, NULL, &s, &err) == CA_OK, "%s", err.msg);
    return s;
}

/* The animation the command line writes, drawn and encoded in this
 * process into memory, with the description the command line puts in. */
START_TEST(animation_in_memory_is_the_command_lines_gif)
{
    const char *fspec = "sawtooth:cycles=2,amplitude=1,period=6,pad=2";
    const char *gspec = "decay:n=12,scale=5";
    char dir[256], path[300];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/a.gif", dir);
    run r;
    RUN(&r, "animate", "-f", fspec, "-g", gspec, "-m", "same", "--size", "480x320", "-q", "-o",
        path);
    ck_assert_msg(r.code == 0, "%s", r.err);

    ca_signal f = spec_signal(fspec), g = spec_signal(gspec);
    ca_anim_options opt;
    ca_anim_options_default(&opt);
    opt.scene.width = 480;
    opt.scene.height = 320;
    /* where the signals stand, and their padding, as the command passes them */
    opt.scene.origin[0] = f.origin;
    opt.scene.origin[1] = g.origin;
    opt.scene.pad[0] = f.pad;
    opt.scene.pad[1] = g.pad;
    ca_anim *a;
    ca_error err = { 0 };
    ck_assert_msg(ca_anim_new(f.v, f.n, g.v, g.n, CA_CONV_SAME, false, &opt, &a, &err) == CA_OK,
                  "%s", err.msg);
    const ca_timeline *t = ca_anim_timeline(a);
    ca_meta meta = { .nf = f.n, .ng = g.n, .outputs = t->steps, .frames = t->frames,
                     .width = 480, .height = 320, .mode = CA_CONV_SAME,
                     .layout = opt.scene.layout };
    snprintf(meta.f, sizeof meta.f, "%s", fspec);
    snprintf(meta.g, sizeof meta.g, "%s", gspec);
    char text[CA_GIF_MAX_COMMENT];
    ck_assert_int_eq(ca_meta_format(&meta, text, sizeof text, &err), CA_OK);

    ca_memory m = { 0 };
    ca_sink sink = ca_memory_sink(&m);
    ca_gif *gif;
    ck_assert_int_eq(ca_gif_open(&sink, 480, 320, ca_anim_palette(a), 0, &gif, &err), CA_OK);
    ck_assert_int_eq(ca_gif_comment(gif, text, &err), CA_OK);
    ca_frame_writer w = ca_gif_writer(gif);
    ca_status s = CA_OK;
    for (size_t i = 0; i < t->frames && s == CA_OK; i++)
        s = ca_anim_next(a, &w, 1, &err);
    ck_assert_msg(s == CA_OK, "%s", err.msg);
    ck_assert_msg(w.finish(w.ctx, &err) == CA_OK, "%s", err.msg);
    assert_same_bytes(&m, path);

    free(m.data);
    ca_anim_free(a);
    ca_signal_free(&f);
    ca_signal_free(&g);
    tu_rmtree(dir);
}
END_TEST

START_TEST(pngs_figure_and_slide_in_memory_are_their_files)
{
    char dir[256], path[300];
    tu_mkdtemp(dir, sizeof dir);
    ca_error err = { 0 };
    ca_image img, k;
    ck_assert_int_eq(ca_image_new("test", 8, 6, NULL, &img, &err), CA_OK);
    for (int i = 0; i < 48; i++)
        img.v[i] = (i * 7 % 11) / 10.0;
    ck_assert_int_eq(ca_kernel_from_spec("box:size=3", &k, NULL, &err), CA_OK);

    ca_memory m = { 0 };
    ca_sink sink = ca_memory_sink(&m);
    snprintf(path, sizeof path, "%s/gray.png", dir);
    ck_assert_int_eq(ca_png_write_gray_to(&sink, &img, CA_NORMALIZE_CLIP, &err), CA_OK);
    ck_assert_int_eq(ca_png_write_gray(path, &img, CA_NORMALIZE_CLIP, &err), CA_OK);
    assert_same_bytes(&m, path);

    m.size = 0;
    snprintf(path, sizeof path, "%s/figure.png", dir);
    ck_assert_int_eq(ca_figure_write_to(&sink, &img, &k, &img, CA_NORMALIZE_MINMAX, &err), CA_OK);
    ck_assert_int_eq(ca_figure_write(path, &img, &k, &img, CA_NORMALIZE_MINMAX, &err), CA_OK);
    assert_same_bytes(&m, path);

    m.size = 0;
    snprintf(path, sizeof path, "%s/slide.gif", dir);
    ca_slide2d_options opt;
    ca_slide2d_options_default(&opt);
    opt.conv.sy = opt.conv.sx = 3;
    opt.gif = path;
    ck_assert_msg(ca_slide2d_write_to(&img, &k, &opt, &sink, &err) == CA_OK, "%s", err.msg);
    ck_assert_msg(ca_slide2d_write(&img, &k, &opt, &err) == CA_OK, "%s", err.msg);
    assert_same_bytes(&m, path);

    free(m.data);
    ca_image_free(&img);
    ca_image_free(&k);
    tu_rmtree(dir);
}
END_TEST

/* A sink that takes `room` bytes, then fails with its own sentence. */
typedef struct small_sink {
    size_t room, taken;
} small_sink;

static size_t small_write(void *ctx, const void *buf, size_t len)
{
    (void)buf;
    small_sink *s = ctx;
    size_t n = len < s->room - s->taken ? len : s->room - s->taken;
    s->taken += n;
    return n;
}

static ca_status small_failed(void *ctx, ca_error *err)
{
    const small_sink *s = ctx;
    if (err) {
        err->status = CA_EIO;
        snprintf(err->msg, sizeof err->msg, "the socket closed after %zu bytes", s->taken);
    }
    return CA_EIO;
}

START_TEST(a_sink_that_fails_fails_the_writer_in_its_words)
{
    ca_palette pal = { .rgb = { { 0, 0, 0 }, { 255, 255, 255 } }, .count = 2 };
    uint8_t pixels[64 * 64];
    for (size_t i = 0; i < sizeof pixels; i++)
        pixels[i] = (uint8_t)(i * 31 % 7 == 0);
    ca_error err = { 0 };

    small_sink room = { .room = 100 };
    ca_sink sink = { .write = small_write, .failed = small_failed, .ctx = &room };
    ca_gif *gif;
    ck_assert_int_eq(ca_gif_open(&sink, 64, 64, &pal, 0, &gif, &err), CA_OK);
    ck_assert_int_eq(ca_gif_add_frame(gif, pixels, 64, 10, NULL, &err), CA_EIO);
    ck_assert_str_eq(err.msg, "the socket closed after 100 bytes");
    /* the failure sticks, whatever comes next */
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(ca_gif_close(gif, &err), CA_EIO);
    ck_assert_str_eq(err.msg, "the socket closed after 100 bytes");

    /* a sink with nothing to say is named by its name */
    room = (small_sink){ .room = 20 };
    sink = (ca_sink){ .write = small_write, .ctx = &room, .name = "stream" };
    ck_assert_int_eq(ca_png_write_indexed_to(&sink, pixels, 64, 64, 64, &pal, &err), CA_EIO);
    ck_assert_str_eq(err.msg, "stream: cannot write");

    /* a memory sink has no name: messages call it the output */
    ca_memory m = { 0 };
    ca_sink mem = ca_memory_sink(&m);
    ck_assert_int_eq(ca_gif_open(&mem, 0, 64, &pal, 0, &gif, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "output: size 0x64 is not within 1x1..65535x65535");
    ck_assert_ptr_null(m.data);

    /* and a bad frame is refused in the sink's name */
    pixels[5] = 2;
    ck_assert_int_eq(ca_png_write_indexed_to(&sink, pixels, 64, 64, 64, &pal, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "stream: pixel (5, 0) has index 2, the palette has 2 colours");
}
END_TEST

static const tu_suite suite = { .name = "memory", .timeout = 60 };
TU_MAIN(suite, animation_in_memory_is_the_command_lines_gif,
        pngs_figure_and_slide_in_memory_are_their_files,
        a_sink_that_fails_fails_the_writer_in_its_words)

#include <gif_lib.h>

#include "convanim/slide2d.h"
#include "testutil.h"

START_TEST(slide_writes_one_frame_per_output_cell)
{
    char dir[256], path[300];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/slide.gif", dir);
    double v[30], kv[6] = { 1, 2, 3, 4, 5, 6 };
    for (int i = 0; i < 30; i++)
        v[i] = (i % 7) / 6.0;
    ca_image img = { v, 6, 5 }, k = { kv, 3, 2 };
    ca_slide2d_options opt;
    ca_slide2d_options_default(&opt);
    opt.gif = path;
    opt.conv.mode = CA_CONV_FULL;
    opt.conv.sy = 2;
    opt.conv.sx = 3;
    ca_error err = { 0 };
    ck_assert_msg(ca_slide2d_write(&img, &k, &opt, &err) == CA_OK, "%s", err.msg);
    int e;
    GifFileType *gif = DGifOpenFileName(path, &e);
    ck_assert_ptr_nonnull(gif);
    ck_assert_int_eq(DGifSlurp(gif), GIF_OK);
    ck_assert_int_eq(gif->SWidth, CA_SLIDE2D_WIDTH);
    ck_assert_int_eq(gif->SHeight, CA_SLIDE2D_HEIGHT);
    ck_assert_int_eq(gif->ImageCount, 3 * 3);   /* full: 6x8, every 2nd row, 3rd column */
    DGifCloseFile(gif, &e);

    double big[65 * 2] = { 0 };
    ca_image wide = { big, 65, 2 };
    ck_assert_int_eq(ca_slide2d_write(&wide, &k, &opt, &err), CA_ELIMIT);
    ck_assert_ptr_nonnull(strstr(err.msg, "--resize"));
    opt.conv.sy = 0;
    ck_assert_int_eq(ca_slide2d_write(&img, &k, &opt, &err), CA_EINPUT);
    ck_assert_int_eq(tu_entries(dir), 1);
    tu_rmtree(dir);
}
END_TEST

static const tu_suite suite = { .name = "slide2d", .timeout = 30 };
TU_MAIN(suite, slide_writes_one_frame_per_output_cell)

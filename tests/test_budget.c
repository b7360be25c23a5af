#include <math.h>

#include "convanim/anim.h"
#include "convanim/conv.h"
#include "convanim/signal.h"
#include "testutil.h"

/* The budgets that refuse a request too large for the machine before
 * anything is allocated: a convolution's products (conv.h) and an
 * animation's pixel-frames, samples and sample-frames (anim.h), each at
 * its limit (allowed) and just past it (CA_ELIMIT, naming it). */

START_TEST(convolution_products_at_and_past_the_limit)
{
    ca_error err = { 0 };
    size_t side = (size_t)1 << 18;   /* side x side = 2^36 */
    ck_assert_int_eq(ca_conv_check(side, side, &err), CA_OK);
    ck_assert_int_eq(ca_conv_check((size_t)1 << 36, 1, &err), CA_OK);
    ck_assert_int_eq(ca_conv_check(side, side + 1, &err), CA_ELIMIT);
    ck_assert_ptr_nonnull(strstr(err.msg, "f and g have 262144 and 262145 samples"));
    ck_assert_ptr_nonnull(strstr(err.msg, "over the limit of 68719476736 (2^36)"));
    ck_assert_int_eq(ca_conv_check(SIZE_MAX, SIZE_MAX, &err), CA_ELIMIT);
    ck_assert_int_eq(ca_conv_check(0, 5, &err), CA_EINPUT);

    /* ca_conv and the stepper refuse before they look at the samples */
    double one = 1, y;
    ck_assert_int_eq(ca_conv(&one, side, &one, side + 1, CA_CONV_FULL, false, &y, &err),
                     CA_ELIMIT);
    ca_stepper *st = (ca_stepper *)&one;
    ck_assert_int_eq(ca_stepper_new(&one, SIZE_MAX / 2, &one, 3, CA_CONV_SAME, true, &st, &err),
                     CA_ELIMIT);
    ck_assert_ptr_null(st);
}
END_TEST

/* Builds an animation of nf + ng samples whose font file is missing: the
 * budget is checked before the scene is built, and the font only while it
 * is, so a request within the budgets fails on the font, cheaply, and one
 * past them with CA_ELIMIT. */
static ca_status open_anim(size_t nf, size_t ng, int width, int height,
                           size_t max_frames, bool intro, ca_error *err)
{
    double *f = calloc(nf, sizeof *f), *g = calloc(ng, sizeof *g);
    ck_assert(f && g);
    ca_anim_options opt;
    ca_anim_options_default(&opt);
    opt.scene.width = width;
    opt.scene.height = height;
    opt.scene.layout = intro ? CA_LAYOUT_PRODUCT : CA_LAYOUT_STACKED;
    opt.scene.intro = intro;
    opt.timeline.max_frames = max_frames;
    opt.scene.font = "/no/such/font.ttf";
    ca_anim *a = NULL;
    ca_status s = ca_anim_new(f, nf, g, ng, CA_CONV_FULL, false, &opt, &a, err);
    ck_assert_ptr_null(a);
    free(f);
    free(g);
    return s;
}

/* Within every budget: the run got as far as the font. */
static void assert_within(ca_status s, const ca_error *err)
{
    ck_assert_msg(s == CA_EINPUT && strstr(err->msg, "/no/such/font.ttf"), "%s", err->msg);
}

START_TEST(animation_budgets_at_and_past_each_limit)
{
    ca_error err = { 0 };

    /* pixel-frames: 31814 frames of 1800x1200 fit in 2^36, 31815 do not */
    assert_within(open_anim(40000, 1, 1800, 1200, 31814, false, &err), &err);
    ck_assert_int_eq(open_anim(40000, 1, 1800, 1200, 31815, false, &err), CA_ELIMIT);
    ck_assert_ptr_nonnull(strstr(err.msg, "31815 frames of 1800x1200 pixels are over the budget"
                                          " of 68719476736 pixel-frames"));
    ck_assert_ptr_nonnull(strstr(err.msg, "ask for at most 31814 frames or a smaller size"));
    /* the library speaks of values; only the command line knows its flags */
    ck_assert_ptr_null(strstr(err.msg, "--"));
    /* the intro's 12 frames count (and want a g of 2 samples to flip) */
    ck_assert_int_eq(open_anim(40000, 2, 1800, 1200, 31803, true, &err), CA_ELIMIT);
    ck_assert_ptr_nonnull(strstr(err.msg, "ask for at most 31802 frames"));
    assert_within(open_anim(40000, 2, 1800, 1200, 31802, true, &err), &err);

    /* samples: 2^20 in all */
    assert_within(open_anim((1 << 20) - 1, 1, 960, 640, 16, false, &err), &err);
    ck_assert_int_eq(open_anim(1 << 20, 1, 960, 640, 16, false, &err), CA_ELIMIT);
    ck_assert_ptr_nonnull(strstr(err.msg, "an animation draws at most 1048576 in all"));

    /* sample-frames: 2^25, so 32 frames that draw 2^20 samples of g and
     * the overlap, not 33; a long f that g slides along costs no more */
    assert_within(open_anim(1, (1 << 20) - 1, 960, 640, 32, false, &err), &err);
    ck_assert_int_eq(open_anim(1, (1 << 20) - 1, 960, 640, 33, false, &err), CA_ELIMIT);
    ck_assert_ptr_nonnull(strstr(err.msg, "33 frames that each draw 1048576 samples (g and its "
                                          "overlap with f) are over the budget of 33554432 "
                                          "sample-frames"));
    ck_assert_ptr_nonnull(strstr(err.msg, "ask for at most 32 frames or a shorter g"));
    ck_assert_ptr_null(strstr(err.msg, "--"));
    assert_within(open_anim((1 << 20) - 1, 1, 960, 640, 100000, false, &err), &err);
}
END_TEST

/* The timeline needs only the lengths: a range or a pause the output (9
 * samples here) does not have is refused before the scene opens the
 * (missing) font, by ca_anim_new and ca_anim_check_lengths alike. */
START_TEST(the_timeline_is_checked_before_the_scene_is_built)
{
    static const size_t pause9[] = { 9 }, pause2[] = { 2 };
    static const double pause_s[] = { 0.5 };
    static const struct {
        ca_timeline_options t;
        const char *msg;
    } cases[] = {
        { { .range = true, .first_step = 5, .last_step = 3 },
          "steps 5 to 3: the first comes after the last" },
        { { .range = true, .first_step = 3, .last_step = 200 },
          "steps 3 to 200: the output has 9 samples (steps 0 to 8)" },
        { { .pause_at = pause9, .npause = 1 },
          "pause at step 9: the output has 9 samples (steps 0 to 8)" },
        { { .range = true, .first_step = 3, .last_step = 5, .pause_at = pause2, .npause = 1 },
          "pause at step 2: the steps shown are 3 to 5" },
        { { .pause_at_s = pause_s, .npause_s = 1 },
          "pause at t = 0.5 s: discrete frames are samples, not times" },
    };
    double f[5] = { 1, 1, 1, 1, 1 };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ca_anim_options opt;
        ca_anim_options_default(&opt);
        opt.scene.font = "/no/such/font.ttf";
        ca_timeline_options t = cases[i].t;
        t.delay_ms = opt.timeline.delay_ms;
        t.hold_ms = opt.timeline.hold_ms;
        t.pause_ms = opt.timeline.pause_ms;
        opt.timeline = t;
        ca_error err = { 0 };
        ca_anim *a = NULL;
        ck_assert_int_eq(ca_anim_new(f, 5, f, 5, CA_CONV_FULL, false, &opt, &a, &err),
                         CA_EINPUT);
        ck_assert_ptr_null(a);
        ck_assert_str_eq(err.msg, cases[i].msg);
        err = (ca_error){ 0 };
        ck_assert_int_eq(ca_anim_check_lengths(5, 5, CA_CONV_FULL, false, &opt, NULL, &err),
                         CA_EINPUT);
        ck_assert_str_eq(err.msg, cases[i].msg);
    }
    /* within every check, only the scene's font is left to fail */
    ca_anim_options opt;
    ca_anim_options_default(&opt);
    opt.scene.font = "/no/such/font.ttf";
    ca_error err = { 0 };
    size_t frames = 0;
    ck_assert_int_eq(ca_anim_check_lengths(5, 5, CA_CONV_FULL, false, &opt, &frames, &err),
                     CA_OK);
    ck_assert_uint_eq(frames, 9);
    opt.timeline.max_frames = 4;
    opt.scene.layout = CA_LAYOUT_PRODUCT;
    opt.scene.intro = true;
    ck_assert_int_eq(ca_anim_check_lengths(5, 5, CA_CONV_FULL, false, &opt, &frames, &err),
                     CA_OK);
    ck_assert_uint_eq(frames, CA_SCENE_INTRO_FRAMES + 4);
    ca_anim *a = NULL;
    assert_within(ca_anim_new(f, 5, f, 5, CA_CONV_FULL, false, &opt, &a, &err), &err);
    /* and the budgets, with the lengths alone */
    ck_assert_int_eq(ca_anim_check_lengths(1 << 20, 1, CA_CONV_FULL, false, &opt, NULL, &err),
                     CA_ELIMIT);
    ck_assert_ptr_nonnull(strstr(err.msg, "an animation draws at most 1048576 in all"));
}
END_TEST

/* Markup the parser refuses is refused by ca_anim_check, with no signals
 * and no font, in the order the scene would measure the texts (labels,
 * title, x label), with the message drawing would give. */
START_TEST(markup_is_checked_before_the_font_is_opened)
{
    ca_anim_options opt;
    ca_anim_options_default(&opt);
    opt.scene.font = "/no/such/font.ttf";
    ca_error err = { 0 };
    opt.scene.xlabel = "cost $5";
    ck_assert_int_eq(ca_anim_check(&opt, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "unbalanced '$' at character 6 of 'cost $5'");
    opt.scene.title = "$\\tua$";
    ck_assert_int_eq(ca_anim_check(&opt, &err), CA_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "unknown macro '\\tua' at character 2 of '$\\tua$'"));
    opt.scene.labels[2] = "$x^{2$";
    double f[3] = { 1, 2, 3 };
    ca_anim *a = NULL;
    ck_assert_int_eq(ca_anim_new(f, 3, f, 3, CA_CONV_FULL, false, &opt, &a, &err), CA_EINPUT);
    ck_assert_ptr_null(a);
    ck_assert_str_eq(err.msg, "unbalanced '{' at character 4 of '$x^{2$'");
    /* markup that parses leaves the font to fail */
    opt.scene.xlabel = "$n$ (samples)";
    opt.scene.title = "$\\tau$ \\$5";
    opt.scene.labels[2] = "$x^{2}$";
    ck_assert_int_eq(ca_anim_check(&opt, &err), CA_OK);
    assert_within(ca_anim_new(f, 3, f, 3, CA_CONV_FULL, false, &opt, &a, &err), &err);
}
END_TEST

/* Generators whose settings overflow a double are refused, naming the
 * sample, rather than handing NaN or infinity on. */
START_TEST(generators_refuse_settings_that_overflow)
{
    ca_signal s = { 0 };
    ca_error err = { 0 };
    ck_assert_int_eq(ca_signal_decay(40, 1, -1000, NULL, &s, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "decay: these settings make sample 28 inf, which is not a finite "
                              "number");
    ck_assert_ptr_null(s.v);
    ck_assert_int_eq(ca_signal_gaussian(30, -0.5, 0.5, 0, 1e-300, NULL, &s, &err), CA_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "gaussian: these settings make sample 0 nan"));
    ck_assert_int_eq(ca_signal_decay(40, 1, -700, NULL, &s, &err), CA_OK);
    ck_assert(isfinite(s.v[39]));
    ca_signal_free(&s);
}
END_TEST

static const tu_suite suite = { .name = "budget", .timeout = 60 };
TU_MAIN(suite, convolution_products_at_and_past_the_limit,
        animation_budgets_at_and_past_each_limit, the_timeline_is_checked_before_the_scene_is_built,
        markup_is_checked_before_the_font_is_opened,
        generators_refuse_settings_that_overflow)

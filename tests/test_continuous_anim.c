#include <math.h>

#include "convanim/anim.h"
#include "convanim/integral.h"
#include "convanim/meta.h"
#include "convanim/plot.h"
#include "base/testhooks.h"
#include "cliutil.h"
#include "goldenutil.h"

/* The continuous-time animation through the library: frames are times,
 * the τ axis is in seconds, captions hold y(t), and rect∗exp in each
 * layout matches its golden frame. */

static ca_csignal *csig(const char *spec)
{
    ca_csignal *s = NULL;
    ca_error err = { 0 };
    ck_assert_msg(ca_csignal_from_spec(spec, NULL, NULL, &s, &err) == CA_OK, "%s: %s", spec,
                  err.msg);
    return s;
}

static ca_scene *cscene(const ca_csignal *x, const ca_csignal *h, size_t frames, ca_layout layout)
{
    ca_anim_options opt;
    ca_anim_options_default(&opt);
    opt.scene.layout = layout;
    ca_scene *sc = NULL;
    ca_error err = { 0 };
    ck_assert_msg(ca_scene_new_continuous(x, h, frames, &opt.scene, &sc, &err) == CA_OK, "%s",
                  err.msg);
    return sc;
}

/* rect (width 1, centred at 0) into exp (rate 1): the charging and the
 * decay of a first-order system. */
static double rect_exp(double t)
{
    if (t < -0.5)
        return 0;
    return exp(-t) * (exp(fmin(t, 0.5)) - exp(-0.5));
}

START_TEST(frames_follow_duration_and_fps_not_the_sampling)
{
    ca_anim_options opt;
    ca_anim_options_default(&opt);
    ca_error err = { 0 };
    size_t frames = 0;
    ck_assert_int_eq(ca_anim_continuous_frames(&opt, CA_ANIM_DEFAULT_DURATION_S, &frames, &err),
                     CA_OK);
    ck_assert_uint_eq(frames, 100);
    opt.timeline.delay_ms = 20;     /* --fps 50 */
    ck_assert_int_eq(ca_anim_continuous_frames(&opt, 2.5, &frames, &err), CA_OK);
    ck_assert_uint_eq(frames, 125);

    /* a coarse and a finely sampled signal make as many frames */
    opt.timeline.delay_ms = 40;
    const char *x_specs[] = { "rect", "values:0;1;0,dt=0.5,t0=-0.5" };
    ca_csignal *h = csig("exp:rate=2");
    for (size_t i = 0; i < 2; i++) {
        ca_csignal *x = csig(x_specs[i]);
        ca_anim *a = NULL;
        ck_assert_msg(ca_anim_new_continuous(x, h, 1.2, &opt, &a, &err) == CA_OK, "%s",
                      err.msg);
        ck_assert_uint_eq(ca_anim_timeline(a)->frames, 30);
        ca_anim_free(a);
        ca_csignal_free(x);
    }
    ca_csignal_free(h);
}
END_TEST

START_TEST(durations_that_make_no_animation_are_refused)
{
    ca_anim_options opt;
    ca_anim_options_default(&opt);
    ca_error err = { 0 };
    size_t frames = 7;
    ck_assert_int_eq(ca_anim_continuous_frames(&opt, 0, &frames, &err), CA_EINPUT);
    ck_assert_int_eq(ca_anim_continuous_frames(&opt, -1, &frames, &err), CA_EINPUT);
    ck_assert_int_eq(ca_anim_continuous_frames(&opt, NAN, &frames, &err), CA_EINPUT);
    ck_assert_int_eq(ca_anim_continuous_frames(&opt, INFINITY, &frames, &err), CA_EINPUT);
    ck_assert_int_eq(ca_anim_continuous_frames(&opt, 0.05, &frames, &err), CA_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "under two frames"));
    /* 2^36 pixel-frames at 960x640 is 111,848 frames: 4473.9 s at 40 ms */
    ck_assert_int_eq(ca_anim_continuous_frames(&opt, 4473, &frames, &err), CA_OK);
    ck_assert_uint_eq(frames, 111825);
    ck_assert_int_eq(ca_anim_continuous_frames(&opt, 4474, &frames, &err), CA_ELIMIT);
    ck_assert_uint_eq(frames, 111825);
    opt.timeline.delay_ms = 0;
    ck_assert_int_eq(ca_anim_continuous_frames(&opt, 4, &frames, &err), CA_EINPUT);

    ca_csignal *x = csig("rect"), *h = csig("exp");
    ca_scene *sc = NULL;
    opt.scene.intro = true;
    ck_assert_int_eq(ca_scene_new_continuous(x, h, 100, &opt.scene, &sc, &err), CA_EINPUT);
    opt.scene.intro = false;
    ck_assert_int_eq(ca_scene_new_continuous(x, h, 1, &opt.scene, &sc, &err), CA_EINPUT);
    ck_assert_ptr_null(sc);
    ca_csignal_free(x);
    ca_csignal_free(h);
}
END_TEST

START_TEST(captions_give_y_at_t_as_the_closed_form_does)
{
    ca_csignal *x = csig("rect"), *h = csig("exp");
    for (int layout = CA_LAYOUT_STACKED; layout <= CA_LAYOUT_OVERLAY; layout++) {
        ca_scene *sc = cscene(x, h, 100, (ca_layout)layout);
        ck_assert_uint_eq(ca_scene_frames(sc), 100);
        for (size_t i = 0; i < 100; i += 9) {
            double t = ca_scene_time(sc, i);
            char caption[512], want[256], y[48];
            ca_plot_number(rect_exp(t), y, sizeof y);
            /* 100 frames over some 8 s: two decimals tell them apart */
            snprintf(want, sizeof want, "$t$ = %s%.2f s     $y$($t$) = \u222b $x$($\\tau$) "
                     "$h$($t$ \u2212 $\\tau$) d$\\tau$ = %s", t < -0.005 ? "\u2212" : "",
                     fabs(t), y);
            ca_scene_caption(sc, i, caption, sizeof caption);
            ck_assert_str_eq(caption, want);
        }
        ca_scene_free(sc);
    }
    ca_csignal_free(x);
    ca_csignal_free(h);
}
END_TEST

START_TEST(labels_name_the_functions_in_the_caption)
{
    ca_csignal *x = csig("rect"), *h = csig("rect");
    ca_anim_options opt;
    ca_anim_options_default(&opt);
    opt.scene.labels[0] = "$f$";
    opt.scene.labels[1] = "$g$";
    opt.scene.labels[2] = "$z$";
    ca_scene *sc = NULL;
    ca_error err = { 0 };
    ck_assert_int_eq(ca_scene_new_continuous(x, h, 3, &opt.scene, &sc, &err), CA_OK);
    char caption[512];
    /* the middle frame is t = 0, the triangle's peak */
    ca_scene_caption(sc, 1, caption, sizeof caption);
    ck_assert_str_eq(caption, "$t$ = 0.0 s     $z$($t$) = \u222b $f$($\\tau$) $g$($t$ \u2212 "
                              "$\\tau$) d$\\tau$ = 1");
    ca_scene_free(sc);
    ca_csignal_free(x);
    ca_csignal_free(h);
}
END_TEST

START_TEST(the_tau_axis_is_in_seconds_over_x_and_y)
{
    /* rect∗rect: x on [−0.5, 0.5), y on [−1, 1], no tail to cut */
    ca_csignal *r = csig("rect");
    ca_scene *sc = cscene(r, r, 50, CA_LAYOUT_PRODUCT);
    ck_assert_double_eq_tol(ca_scene_time(sc, 0), -1, 1e-12);
    ck_assert_double_eq_tol(ca_scene_time(sc, 49), 1, 1e-12);
    ck_assert(isnan(ca_scene_time(sc, 50)));
    for (int p = 0; p < CA_PANELS; p++) {
        ca_scene_panel pan = ca_scene_panel_of(sc, p);
        /* matplotlib's 5% margins around [−1, 1] */
        ck_assert_double_eq_tol(pan.x0, -1.1, 1e-12);
        ck_assert_double_eq_tol(pan.x1, 1.1, 1e-12);
    }
    ca_scene_free(sc);

    /* rect∗exp: y's long decay is cut where it stays under 1e-3 of its peak,
     * (e − 1) e^−(t + 0.5) = 1e-3 (1 − e^−1) */
    ca_csignal *e = csig("exp");
    sc = cscene(r, e, 100, CA_LAYOUT_STACKED);
    double end = log((M_E - 1) / (1e-3 * (1 - exp(-1)))) - 0.5;
    double lo, hi;
    ca_integral_support(r, e, &lo, &hi);
    /* within one step of the curve the cut is found on */
    double step = (hi - lo) / (960 + 0.0);
    ck_assert_double_eq_tol(ca_scene_time(sc, 0), -0.5, 1e-12);
    ck_assert_double_eq_tol(ca_scene_time(sc, 99), end, 2 * step);
    ca_scene_panel pan = ca_scene_panel_of(sc, CA_PANEL_TOP);
    ck_assert_double_eq_tol(pan.x0, -0.5 - 0.05 * (end + 0.5), 2 * step);
    ca_scene_free(sc);
    ca_csignal_free(r);
    ca_csignal_free(e);
}
END_TEST

/* How many pixels of panel p show colour id. */
static size_t count_colour(const ca_scene *sc, const ca_canvas *c, int p, int id)
{
    ca_scene_panel pan = ca_scene_panel_of(sc, p);
    uint8_t want = ca_scene_palette(sc)->solid[id];
    size_t n = 0;
    for (int y = pan.area.y0; y < pan.area.y1; y++)
        for (int x = pan.area.x0; x < pan.area.x1; x++)
            n += c->pixels[(size_t)y * c->stride + x] == want;
    return n;
}

static void draw_frame(ca_scene *sc, size_t i, ca_canvas *c)
{
    ca_error err = { 0 };
    ck_assert_int_eq(ca_canvas_new(960, 640, ca_scene_palette(sc), 0, c, &err), CA_OK);
    ca_rect dirty = { 0, 0, 960, 640 };
    ck_assert_msg(ca_scene_draw(sc, i, c, &dirty, &err) == CA_OK, "%s", err.msg);
}

START_TEST(positive_and_negative_area_take_their_own_shades)
{
    /* a step under a rect of height 1, then of height −1: the product's
     * area is all positive, then all negative */
    ca_csignal *x = csig("step:at=0,until=2");
    const char *h_specs[] = { "rect:height=1", "rect:height=-1" };
    for (int k = 0; k < 2; k++) {
        ca_csignal *h = csig(h_specs[k]);
        ca_scene *sc = cscene(x, h, 11, CA_LAYOUT_PRODUCT);
        ca_canvas c;
        draw_frame(sc, 5, &c);
        size_t pos = count_colour(sc, &c, CA_PANEL_MIDDLE, CA_SCENE_AREA_POS);
        size_t neg = count_colour(sc, &c, CA_PANEL_MIDDLE, CA_SCENE_AREA_NEG);
        ck_assert_uint_gt(k ? neg : pos, 1000);
        ck_assert_uint_eq(k ? pos : neg, 0);
        ca_canvas_free(&c);
        ca_scene_free(sc);
        ca_csignal_free(h);
    }
    ca_csignal_free(x);
}
END_TEST

START_TEST(the_overlay_layout_draws_discrete_signals_too)
{
    const double f[] = { 0.5, 1, 0.25 }, g[] = { 1, 0.8, 0.2 };
    ca_anim_options opt;
    ca_anim_options_default(&opt);
    opt.scene.layout = CA_LAYOUT_OVERLAY;
    ca_scene *sc = NULL;
    ca_error err = { 0 };
    ck_assert_msg(ca_scene_new(f, 3, g, 3, CA_CONV_FULL, false, &opt.scene, &sc, &err) == CA_OK,
                  "%s", err.msg);
    ck_assert_uint_eq(ca_scene_frames(sc), 5);
    ck_assert(isnan(ca_scene_time(sc, 0)));
    char caption[256];
    ca_scene_caption(sc, 2, caption, sizeof caption);
    ck_assert_str_eq(caption, "$n$ = 2     $y$[2] = \u03a3 $f$[$k$]$g$[$n$ \u2212 $k$] = 1.15");
    /* one panel: the three share its place and its y range */
    ca_scene_panel top = ca_scene_panel_of(sc, CA_PANEL_TOP);
    ca_scene_panel out = ca_scene_panel_of(sc, CA_PANEL_OUT);
    ck_assert_int_eq(top.area.y0, out.area.y0);
    ck_assert_int_eq(top.area.y1, out.area.y1);
    ck_assert_double_eq(top.y1, out.y1);
    ca_canvas c;
    draw_frame(sc, 2, &c);
    ck_assert_uint_gt(count_colour(sc, &c, CA_PANEL_TOP, CA_SCENE_OUT), 20);
    ck_assert_uint_gt(count_colour(sc, &c, CA_PANEL_TOP, CA_SCENE_PROD), 20);
    ca_canvas_free(&c);
    ca_scene_free(sc);
}
END_TEST

START_TEST(rect_exp_matches_its_golden_frame_in_each_layout)
{
    static const char *const names[] = {
        [CA_LAYOUT_STACKED] = "ctime-rect-exp-seed",
        [CA_LAYOUT_PRODUCT] = "ctime-rect-exp-product",
        [CA_LAYOUT_OVERLAY] = "ctime-rect-exp-overlay",
    };
    ca_csignal *x = csig("rect"), *h = csig("exp");
    for (int layout = CA_LAYOUT_STACKED; layout <= CA_LAYOUT_OVERLAY; layout++) {
        ca_scene *sc = cscene(x, h, 100, (ca_layout)layout);
        ca_canvas c;
        /* t = 0.30 s: h(t − τ) most of the way across the rect, y still rising */
        draw_frame(sc, 10, &c);
        tu_assert_golden(names[layout], &c, ca_scene_palette(sc));
        ca_canvas_free(&c);
        ca_scene_free(sc);
    }
    ca_csignal_free(x);
    ca_csignal_free(h);
}
END_TEST

/* The command: --duration and --fps make the frames, a preset brings its
 * continuous signals, and the GIF says how many frames it holds. */
START_TEST(the_command_makes_duration_times_fps_frames)
{
    char dir[4096], gif[4200];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(gif, sizeof gif, "%s/re.gif", dir);
    static run r;
    RUN(&r, "preset", "rect_exp", "--duration", "1.5", "--fps", "20", "--layout", "overlay",
        "-q", "-o", gif);
    ck_assert_msg(r.code == 0, "%s", r.err);
    ca_meta m;
    ca_error err = { 0 };
    ck_assert_msg(ca_meta_read(gif, &m, &err) == CA_OK, "%s", err.msg);
    ck_assert_uint_eq(m.frames, 30);
    ck_assert_str_eq(m.f, "rect:width=1");
    RUN(&r, "animate", "--continuous", "-f", "tri", "-g", "values:0;1;0.5,dt=0.001", "-q",
        "-o", gif);
    ck_assert_msg(r.code == 0, "%s", r.err);
    ck_assert_msg(ca_meta_read(gif, &m, &err) == CA_OK, "%s", err.msg);
    ck_assert_uint_eq(m.frames, 100);
    RUN(&r, "preset", "--list");
    ck_assert_ptr_nonnull(strstr(r.out, "rect_exp             f = rect:width=1\n"
                                        "                     g = exp:rate=1\n"));
    tu_rmtree(dir);
}
END_TEST

static const tu_suite suite = { .name = "continuous_anim", .timeout = 60 };
TU_MAIN(suite, frames_follow_duration_and_fps_not_the_sampling,
        durations_that_make_no_animation_are_refused, captions_give_y_at_t_as_the_closed_form_does,
        labels_name_the_functions_in_the_caption, the_tau_axis_is_in_seconds_over_x_and_y,
        positive_and_negative_area_take_their_own_shades,
        the_overlay_layout_draws_discrete_signals_too,
        rect_exp_matches_its_golden_frame_in_each_layout,
        the_command_makes_duration_times_fps_frames)

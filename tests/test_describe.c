#include <cjson/cJSON.h>
#include <gif_lib.h>
#include <math.h>

#include "convanim/anim.h"
#include "convanim/conv.h"
#include "convanim/plot.h"
#include "cliutil.h"
#include "testutil.h"

/* ca_anim_describe and `--describe`: the JSON says what every frame shows,
 * and what it says agrees with the timeline, the engine and the GIF. */

static cJSON *parse(const char *text, size_t len)
{
    cJSON *j = cJSON_ParseWithLength(text, len);
    ck_assert_msg(j != NULL, "not JSON near: %.60s", cJSON_GetErrorPtr());
    return j;
}

static cJSON *describe(ca_anim *a)
{
    ca_memory m = { 0 };
    ca_sink sink = ca_memory_sink(&m);
    ca_error err = { 0 };
    ck_assert_msg(ca_anim_describe(a, &sink, &err) == CA_OK, "%s", err.msg);
    cJSON *j = parse((const char *)m.data, m.size);
    free(m.data);
    return j;
}

static cJSON *item(const cJSON *o, const char *key)
{
    cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    ck_assert_msg(v != NULL, "no key \"%s\"", key);
    return v;
}

static double num(const cJSON *o, const char *key)
{
    cJSON *v = item(o, key);
    ck_assert_msg(cJSON_IsNumber(v), "\"%s\" is not a number", key);
    return v->valuedouble;
}

static const char *str(const cJSON *o, const char *key)
{
    cJSON *v = item(o, key);
    ck_assert_msg(cJSON_IsString(v), "\"%s\" is not a string", key);
    return v->valuestring;
}

static bool is_null(const cJSON *o, const char *key)
{
    return cJSON_IsNull(item(o, key));
}

/* Whether caption ends in "= " and v as every number is drawn. */
static bool ends_in_value(const char *caption, double v)
{
    char value[48], tail[64];
    ca_plot_number(v, value, sizeof value);
    snprintf(tail, sizeof tail, "= %s", value);
    size_t n = strlen(caption), k = strlen(tail);
    return n >= k && strcmp(caption + n - k, tail) == 0;
}

/* [lo, hi] of a panel's "x" or "y". */
static void range(const cJSON *panel, const char *key, double r[2])
{
    cJSON *a = item(panel, key);
    ck_assert_int_eq(cJSON_GetArraySize(a), 2);
    r[0] = cJSON_GetArrayItem(a, 0)->valuedouble;
    r[1] = cJSON_GetArrayItem(a, 1)->valuedouble;
    ck_assert(r[0] < r[1]);
}

static ca_anim *anim_of(const double *f, size_t nf, const double *g, size_t ng,
                        ca_conv_mode mode, bool correlate, const ca_anim_options *opt)
{
    ca_anim *a;
    ca_error err = { 0 };
    ck_assert_msg(ca_anim_new(f, nf, g, ng, mode, correlate, opt, &a, &err) == CA_OK, "%s",
                  err.msg);
    return a;
}

START_TEST(describes_every_frame_from_the_timeline_and_the_engine)
{
    const double f[] = { 1, 2, 3, 4 }, g[] = { 1, -1, 0.5 };
    double y[6];
    ca_error err = { 0 };
    ck_assert_int_eq(ca_conv(f, 4, g, 3, CA_CONV_FULL, false, y, &err), CA_OK);
    ca_anim_options opt;
    ca_anim_options_default(&opt);
    opt.scene.layout = CA_LAYOUT_PRODUCT;
    opt.scene.intro = true;
    opt.scene.width = 480;
    opt.scene.height = 320;
    ca_anim *a = anim_of(f, 4, g, 3, CA_CONV_FULL, false, &opt);
    cJSON *d = describe(a);

    ck_assert_int_eq((int)num(d, "version"), 1);
    ck_assert_int_eq((int)num(d, "width"), 480);
    ck_assert_int_eq((int)num(d, "height"), 320);
    ck_assert_str_eq(str(d, "mode"), "full");
    ck_assert_str_eq(str(d, "layout"), "product");
    ck_assert(cJSON_IsFalse(item(d, "correlate")));
    ck_assert_str_eq(str(d, "title"), "Convolution of $f$ and $g$: $f$\u2217$g$");
    cJSON *frames = item(d, "frames");
    ck_assert_int_eq(cJSON_GetArraySize(frames), CA_SCENE_INTRO_FRAMES + 6);
    int i = 0;
    for (cJSON *fr = frames->child; fr; fr = fr->next, i++) {
        ck_assert_int_eq((int)num(fr, "index"), i);
        ck_assert_int_eq((int)num(fr, "delay_ms"), fr->next ? 40 : 1000);
        cJSON *panels = item(fr, "panels");
        ck_assert_int_eq(cJSON_GetArraySize(panels), 3);
        ck_assert_str_eq(str(panels->child, "label"), "$f$[$k$]");
        ck_assert_str_eq(str(panels->child, "label2"), "$g$[$n$\u2212$k$]");
        for (cJSON *p = panels->child; p; p = p->next)
            ck_assert_str_eq(str(p, "style"), "stem");
        if (i < CA_SCENE_INTRO_FRAMES) {
            ck_assert_str_eq(str(fr, "kind"), "intro");
            ck_assert(is_null(fr, "n") && is_null(fr, "x") && is_null(fr, "value"));
            ck_assert_ptr_nonnull(strstr(str(fr, "caption"), "flipped"));
            continue;
        }
        int n = i - CA_SCENE_INTRO_FRAMES;
        ck_assert_str_eq(str(fr, "kind"), "step");
        ck_assert_int_eq((int)num(fr, "n"), n);
        ck_assert_double_eq(num(fr, "x"), n);
        ck_assert_double_eq_tol(num(fr, "value"), y[n], 1e-12);
        ck_assert_msg(ends_in_value(str(fr, "caption"), y[n]), "frame %d: %s", i,
                      str(fr, "caption"));
        double r[2];
        range(cJSON_GetArrayItem(panels, CA_PANEL_OUT), "y", r);
        ck_assert(r[0] <= y[n] && y[n] <= r[1]);
        range(cJSON_GetArrayItem(panels, CA_PANEL_OUT), "x", r);
        ck_assert(r[0] < n && n < r[1]);
    }
    cJSON_Delete(d);
    ca_anim_free(a);
}
END_TEST

START_TEST(frames_left_out_are_left_out_of_the_description)
{
    const double f[] = { 3, 1, 4, 1, 5, 9, 2, 6 }, g[] = { 1, 2, 1 };
    ca_anim_options opt;
    ca_anim_options_default(&opt);
    opt.scene.width = 320;
    opt.scene.height = 240;
    opt.timeline.max_frames = 3;
    ca_anim *a = anim_of(f, 8, g, 3, CA_CONV_SAME, true, &opt);
    const ca_timeline *t = ca_anim_timeline(a);
    cJSON *d = describe(a);
    ck_assert_str_eq(str(d, "mode"), "same");
    ck_assert(cJSON_IsTrue(item(d, "correlate")));
    cJSON *frames = item(d, "frames");
    ck_assert_int_eq(cJSON_GetArraySize(frames), 3);
    size_t i = 0;
    for (cJSON *fr = frames->child; fr; fr = fr->next, i++) {
        ck_assert_str_eq(str(fr, "kind"), "step");
        ck_assert_int_eq((size_t)num(fr, "n"), ca_timeline_scene_frame(t, i));
        /* the seed layout draws no caption, and says so */
        ck_assert_str_eq(str(fr, "caption"), "");
        ck_assert_str_eq(str(item(fr, "panels")->child, "style"), "line");
    }
    ck_assert_int_eq((int)num(cJSON_GetArrayItem(frames, 2), "n"), 7);
    cJSON_Delete(d);
    ca_anim_free(a);
}
END_TEST

/* y = rect(width 1) * exp(rate 1): the rise 1 − e^−(t+½) over the rect, then
 * the fall. */
static double rect_exp(double t)
{
    if (t < -0.5)
        return 0;
    return t <= 0.5 ? 1 - exp(-(t + 0.5)) : exp(-(t - 0.5)) - exp(-(t + 0.5));
}

START_TEST(continuous_frames_are_steps_at_their_times)
{
    ca_csignal *x, *h;
    ca_error err = { 0 };
    ck_assert_int_eq(ca_csignal_rect(1, 0, 1, &x, &err), CA_OK);
    ck_assert_int_eq(ca_csignal_exp(1, 0, 1, NAN, &h, &err), CA_OK);
    ca_anim_options opt;
    ca_anim_options_default(&opt);
    opt.scene.width = 480;
    opt.scene.height = 320;
    ca_anim *a;
    ck_assert_msg(ca_anim_new_continuous(x, h, 2.0, &opt, &a, &err) == CA_OK, "%s", err.msg);
    cJSON *d = describe(a);
    ck_assert(cJSON_IsTrue(item(d, "continuous")));
    cJSON *frames = item(d, "frames");
    ck_assert_int_eq(cJSON_GetArraySize(frames), 50);
    double first = num(frames->child, "x"), last = num(cJSON_GetArrayItem(frames, 49), "x");
    ck_assert_double_eq_tol(first, -0.5, 1e-9);
    int i = 0;
    for (cJSON *fr = frames->child; fr; fr = fr->next, i++) {
        double t = num(fr, "x");
        ck_assert_str_eq(str(fr, "kind"), "step");
        ck_assert_int_eq((int)num(fr, "n"), i);
        /* evenly spaced times over the output */
        ck_assert_double_eq_tol(t, first + i * (last - first) / 49, 1e-9);
        ck_assert_double_eq_tol(num(fr, "value"), rect_exp(t), 1e-3 * rect_exp(0.5));
        ck_assert(ends_in_value(str(fr, "caption"), num(fr, "value")));
        for (cJSON *p = item(fr, "panels")->child; p; p = p->next) {
            double r[2];
            range(p, "x", r);
            ck_assert(r[0] <= t && t <= r[1]);
            ck_assert_str_eq(str(p, "style"), "line");
        }
    }
    cJSON_Delete(d);
    ca_anim_free(a);
    ca_csignal_free(x);
    ca_csignal_free(h);
}
END_TEST

/* Writers that take every frame and keep nothing. */
static ca_status take(void *ctx, const ca_canvas *c, int delay_ms, const ca_rect *r,
                      ca_error *err)
{
    (void)ctx, (void)c, (void)delay_ms, (void)r, (void)err;
    return CA_OK;
}

static char *text_of(ca_anim *a, size_t *len)
{
    ca_memory m = { 0 };
    ca_sink sink = ca_memory_sink(&m);
    ck_assert_int_eq(ca_anim_describe(a, &sink, NULL), CA_OK);
    *len = m.size;
    return (char *)m.data;
}

START_TEST(the_description_is_the_same_before_during_and_after_drawing)
{
    const double f[] = { 1, 0, -2, 3, 1, 1, 0.5, 2 }, g[] = { 0.5, 1, 0.25 };
    ca_anim_options opt;
    ca_anim_options_default(&opt);
    opt.scene.layout = CA_LAYOUT_PRODUCT;
    opt.scene.width = 320;
    opt.scene.height = 240;
    opt.threads = 2;
    ca_anim *a = anim_of(f, 8, g, 3, CA_CONV_FULL, false, &opt);
    ca_frame_writer w = { .add = take };
    size_t n0, n1, n2;
    char *before = text_of(a, &n0);
    for (int i = 0; i < 4; i++)
        ck_assert_int_eq(ca_anim_next(a, &w, 1, NULL), CA_OK);
    char *during = text_of(a, &n1);
    while (ca_anim_last_frame(a) == NULL)
        ck_assert_int_eq(ca_anim_next(a, &w, 1, NULL), CA_OK);
    char *after = text_of(a, &n2);
    ck_assert_uint_eq(n0, n1);
    ck_assert_uint_eq(n0, n2);
    ck_assert(memcmp(before, during, n0) == 0 && memcmp(before, after, n0) == 0);
    free(before);
    free(during);
    free(after);
    ca_anim_free(a);
}
END_TEST

static size_t refuse(void *ctx, const void *buf, size_t len)
{
    (void)ctx, (void)buf, (void)len;
    return 0;
}

START_TEST(a_sink_that_fails_fails_the_description)
{
    const double f[] = { 1, 2 }, g[] = { 1 };
    ca_anim_options opt;
    ca_anim_options_default(&opt);
    opt.scene.width = 320;
    opt.scene.height = 240;
    ca_anim *a = anim_of(f, 2, g, 1, CA_CONV_FULL, false, &opt);
    ca_sink sink = { .write = refuse, .name = "d.json" };
    ca_error err = { 0 };
    ck_assert_int_eq(ca_anim_describe(a, &sink, &err), CA_EIO);
    ck_assert_str_eq(err.msg, "d.json: cannot write");
    ca_anim_free(a);
}
END_TEST

/* The command line: for each row, every frame of --describe checked
 * against the GIF written beside it and against `convanim conv`. */
typedef struct cli_row {
    const char *args[16];
    const char *f, *g, *mode;   /* for `convanim conv`; NULL: a preset's, or continuous */
    bool correlate, caption;    /* caption: the layout draws one */
} cli_row;

static const cli_row cli_rows[] = {
    { { "animate", "-f", "box:n=5", "-g", "box:n=5" }, "box:n=5", "box:n=5", "full", false,
      false },
    { { "animate", "-f", "sine:n=20,amplitude=1.5", "-g", "values:-1;2;-1;1;-2;1", "--layout",
        "product", "--intro" },
      "sine:n=20,amplitude=1.5", "values:-1;2;-1;1;-2;1", "full", false, true },
    { { "animate", "-f", "random:n=30", "-g", "box:n=4", "-m", "same", "--layout", "overlay" },
      "random:n=30", "box:n=4", "same", false, true },
    { { "animate", "-f", "random:n=30", "-g", "box:n=4", "-m", "valid", "--correlate",
        "--layout", "product", "--max-frames", "7", "--pause-at", "13" },
      "random:n=30", "box:n=4", "valid", true, true },
    { { "preset", "gaussian_smoothing", "--delay", "50" }, NULL, NULL, "full", false, false },
    { { "animate", "--continuous", "-f", "rect:width=1", "-g", "exp:rate=2", "--layout",
        "product", "--duration", "1" },
      NULL, NULL, NULL, false, true },
    { { "preset", "rect_exp", "--layout", "overlay" }, NULL, NULL, NULL, false, true },
};

/* The GIF's frame count and its delays' sum in ms. */
static void gif_timing(const char *path, int *frames, long *ms)
{
    int e;
    GifFileType *gif = DGifOpenFileName(path, &e);
    ck_assert_msg(gif != NULL, "%s: %s", path, GifErrorString(e));
    ck_assert_int_eq(DGifSlurp(gif), GIF_OK);
    *frames = gif->ImageCount;
    *ms = 0;
    for (int i = 0; i < gif->ImageCount; i++) {
        GraphicsControlBlock gcb;
        ck_assert_int_eq(DGifSavedExtensionToGCB(gif, i, &gcb), GIF_OK);
        *ms += 10L * gcb.DelayTime;
    }
    DGifCloseFile(gif, &e);
}

/* y as `convanim conv` prints it, into y (at most cap samples); how many:
 * 0 in continuous time. */
static size_t conv_output(const cli_row *row, double *y, size_t cap)
{
    static run r;
    const char *f = row->f, *g = row->g;
    const ca_preset *p;
    if (!f && row->mode) {
        ck_assert_int_eq(ca_preset_find(row->args[1], &p, NULL), CA_OK);
        f = p->f;
        g = p->g;
    }
    if (!f)
        return 0;
    if (row->correlate)
        RUN(&r, "conv", "-f", f, "-g", g, "-m", row->mode, "--correlate");
    else
        RUN(&r, "conv", "-f", f, "-g", g, "-m", row->mode);
    ck_assert_msg(r.code == 0, "%s", r.err);
    size_t n = 0;
    for (char *p = r.out, *end; n < cap && *(p += strspn(p, "\n")); p = end) {
        y[n++] = strtod(p, &end);
        ck_assert(end != p);
    }
    return n;
}

START_TEST(every_frame_of_describe_agrees_with_the_gif_and_the_engine)
{
    const cli_row *row = &cli_rows[_i];
    static run r;
    char dir[256], gif[300], json[300];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(gif, sizeof gif, "%s/a.gif", dir);
    snprintf(json, sizeof json, "%s/a.json", dir);
    const char *args[24];
    size_t k = 0;
    for (; row->args[k]; k++)
        args[k] = row->args[k];
    const char *tail[] = { "-o", gif, "--describe", json, "--size", "480x320", "-q", NULL };
    for (size_t i = 0; i < sizeof tail / sizeof *tail; i++)
        args[k++] = tail[i];
    args[k] = NULL;
    ru_opts o = { .input = "" };
    ru_run(&r, &o, args);
    ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);

    size_t len;
    uint8_t *text = tu_read_all(json, &len);
    cJSON *d = parse((const char *)text, len);
    free(text);
    int gif_frames;
    long gif_ms;
    gif_timing(gif, &gif_frames, &gif_ms);
    double y[256];
    size_t ny = conv_output(row, y, 256);

    cJSON *frames = item(d, "frames");
    ck_assert_int_eq(cJSON_GetArraySize(frames), gif_frames);
    ck_assert_int_eq((int)num(d, "width"), 480);
    long ms = 0;
    int i = 0, last_n = -1;
    bool stepping = false;
    for (cJSON *fr = frames->child; fr; fr = fr->next, i++) {
        ck_assert_int_eq((int)num(fr, "index"), i);
        ms += (long)num(fr, "delay_ms");
        const char *kind = str(fr, "kind"), *caption = str(fr, "caption");
        /* the intro's frames, then steps */
        if (strcmp(kind, "intro") == 0) {
            ck_assert_msg(!stepping, "frame %d: an intro after a step", i);
            ck_assert(is_null(fr, "n"));
            continue;
        }
        ck_assert_str_eq(kind, "step");
        int n = (int)num(fr, "n");
        ck_assert_msg(n > last_n && (stepping || n == 0), "frame %d: n = %d after %d", i, n,
                      last_n);
        stepping = true;
        last_n = n;
        double v = num(fr, "value"), x = num(fr, "x");
        if (ny)
            ck_assert_double_eq_tol(v, y[n], 1e-9);
        if (row->caption)
            ck_assert_msg(ends_in_value(caption, v), "frame %d: '%s' for %g", i, caption, v);
        else
            ck_assert_str_eq(caption, "");
        for (cJSON *p = item(fr, "panels")->child; p; p = p->next) {
            double rx[2];
            range(p, "x", rx);
            ck_assert_msg(rx[0] <= x && x <= rx[1], "frame %d: x = %g", i, x);
        }
    }
    ck_assert_msg(stepping, "no step");
    if (ny)
        ck_assert_int_eq(last_n, (int)ny - 1);
    ck_assert_int_eq(ms, gif_ms);
    cJSON_Delete(d);
    tu_rmtree(dir);
}
END_TEST

START_TEST(describe_is_refused_where_it_would_overwrite)
{
    static run r;
    char dir[256];
    tu_mkdtemp(dir, sizeof dir);
    RUN_IN(&r, dir, "animate", "-f", "box", "-g", "box", "-o", "x.gif", "--describe",
           "./x.gif");
    cu_assert_bad_input(&r, "./x.gif: the description would overwrite the GIF, the poster or "
                            "the HTML");
    RUN_IN(&r, dir, "preset", "sliding_block", "--describe", "nodir/d.json");
    cu_assert_bad_input(&r, "nodir/d.json: folder 'nodir' does not exist");
    ck_assert_int_eq(tu_entries(dir), 0);
    tu_rmtree(dir);
}
END_TEST

static const tu_suite suite = {
    .name = "describe",
    .timeout = 60,
    .loops = { { "every_frame_of_describe_agrees_with_the_gif_and_the_engine",
                 (int)(sizeof cli_rows / sizeof cli_rows[0]) } },
};
TU_MAIN(suite, describes_every_frame_from_the_timeline_and_the_engine,
        frames_left_out_are_left_out_of_the_description, continuous_frames_are_steps_at_their_times,
        the_description_is_the_same_before_during_and_after_drawing,
        a_sink_that_fails_fails_the_description,
        every_frame_of_describe_agrees_with_the_gif_and_the_engine,
        describe_is_refused_where_it_would_overwrite)

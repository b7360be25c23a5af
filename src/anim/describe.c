#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anim/describe.h"
#include "base/util.h"

/* The JSON goes out through a buffer, so that a file sink sees a few large
 * writes; the first write that comes short stops everything after it. */
typedef struct json {
    ca_sink *sink;
    size_t len;
    bool failed;
    char buf[4096];
} json;

static void flush(json *j)
{
    if (!j->failed && j->len > 0 && j->sink->write(j->sink->ctx, j->buf, j->len) != j->len)
        j->failed = true;
    j->len = 0;
}

static void put(json *j, const char *s, size_t n)
{
    while (n > 0 && !j->failed) {
        if (j->len == sizeof j->buf)
            flush(j);
        size_t k = sizeof j->buf - j->len < n ? sizeof j->buf - j->len : n;
        memcpy(j->buf + j->len, s, k);
        j->len += k;
        s += k;
        n -= k;
    }
}

static void putf(json *j, const char *fmt, ...)
{
    char text[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    put(j, text, n < 0 ? 0 : (size_t)n < sizeof text ? (size_t)n : sizeof text - 1);
}

/* A JSON string: UTF-8 as it is, quotes, backslashes and control
 * characters (a label's line break) escaped. NULL is null. */
static void string(json *j, const char *s)
{
    if (!s) {
        put(j, "null", 4);
        return;
    }
    put(j, "\"", 1);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            putf(j, "\\%c", c);
        else if (c == '\n')
            put(j, "\\n", 2);
        else if (c < 0x20 || c == 0x7f)
            putf(j, "\\u%04x", c);
        else
            put(j, s, 1);
    }
    put(j, "\"", 1);
}

/* A number in the fewest digits that read back as the same double (17
 * always do); NAN (nothing there) is null. */
static void number(json *j, double v)
{
    if (!isfinite(v)) {
        put(j, "null", 4);
        return;
    }
    char text[32];
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(text, sizeof text, "%.*g", digits, v);
        if (strtod(text, NULL) == v)
            break;
    }
    put(j, text, strlen(text));
}

static void panels(json *j, const ca_scene *sc)
{
    put(j, "[", 1);
    for (int i = 0; i < ca_scene_panel_count(sc); i++) {
        ca_scene_panel p = ca_scene_panel_of(sc, i);
        put(j, i ? ", {\"label\": " : "{\"label\": ", i ? 12 : 10);
        string(j, p.label);
        if (p.label2) {
            put(j, ", \"label2\": ", 12);
            string(j, p.label2);
        }
        put(j, ", \"x\": [", 8);
        number(j, p.x0);
        put(j, ", ", 2);
        number(j, p.x1);
        put(j, "], \"y\": [", 9);
        number(j, p.y0);
        put(j, ", ", 2);
        number(j, p.y1);
        putf(j, "], \"style\": \"%s\"}", p.stems ? "stem" : "line");
    }
    put(j, "]", 1);
}

/* Frame i: what its scene frame shows. In continuous time a frame is a
 * step at its time: x is t in seconds, n the frame's step. */
static void frame(json *j, ca_scene *sc, const ca_timeline *t, size_t i, char *caption,
                  size_t size)
{
    size_t f = ca_timeline_scene_frame(t, i);
    bool step = f >= t->intro;
    double time = ca_scene_time(sc, f);
    putf(j, "%s\n  {\"index\": %zu, \"delay_ms\": %d, \"kind\": \"%s\", \"n\": ", i ? "," : "",
         i, ca_timeline_delay_ms(t, i), step ? "step" : "intro");
    if (step)
        putf(j, "%zu", f - t->intro);
    else
        put(j, "null", 4);
    put(j, ", \"x\": ", 7);
    number(j, !step ? NAN : isnan(time) ? ca_scene_x_of(sc, f - t->intro) : time);
    put(j, ", \"value\": ", 11);
    number(j, ca_scene_value(sc, f));
    put(j, ", \"caption\": ", 13);
    ca_scene_caption(sc, f, caption, size);
    string(j, caption);
    put(j, ", \"panels\": ", 12);
    panels(j, sc);
    put(j, "}", 1);
}

ca_status anim_describe_write(const anim_about *a, ca_scene *sc, const ca_timeline *t,
                              ca_sink *out, ca_error *err)
{
    json j = { .sink = out };
    /* as long as any caption a layout writes */
    char caption[1024];
    bool continuous = !isnan(ca_scene_time(sc, 0));
    putf(&j, "{\"version\": 1, \"width\": %d, \"height\": %d, \"title\": ", a->width,
         a->height);
    string(&j, ca_scene_title(sc));
    putf(&j, ", \"mode\": \"%s\", \"correlate\": %s, \"continuous\": %s, \"layout\": \"%s\","
         "\n \"frames\": [", ca_conv_mode_name(a->mode), a->correlate ? "true" : "false",
         continuous ? "true" : "false", ca_layout_name(a->layout));
    for (size_t i = 0; i < t->frames && !j.failed; i++)
        frame(&j, sc, t, i, caption, sizeof caption);
    put(&j, "\n]}\n", 4);
    flush(&j);
    return j.failed ? ca_sink_failed(out, err) : CA_OK;
}

#include <math.h>

#include "anim/describe.h"
#include "out/json.h"

static void panels(ca_json *j, const ca_scene *sc)
{
    ca_json_put(j, "[", 1);
    for (int i = 0; i < ca_scene_panel_count(sc); i++) {
        ca_scene_panel p = ca_scene_panel_of(sc, i);
        ca_json_put(j, i ? ", {\"label\": " : "{\"label\": ", i ? 12 : 10);
        ca_json_text(j, p.label);
        if (p.label2) {
            ca_json_put(j, ", \"label2\": ", 12);
            ca_json_text(j, p.label2);
        }
        ca_json_put(j, ", \"x\": [", 8);
        ca_json_number(j, p.x0);
        ca_json_put(j, ", ", 2);
        ca_json_number(j, p.x1);
        ca_json_put(j, "], \"y\": [", 9);
        ca_json_number(j, p.y0);
        ca_json_put(j, ", ", 2);
        ca_json_number(j, p.y1);
        ca_json_putf(j, "], \"style\": \"%s\"}", p.stems ? "stem" : "line");
    }
    ca_json_put(j, "]", 1);
}

/* Frame i: what its scene frame shows. In continuous time a frame is a
 * step at its time: x is t in seconds, n the frame's step. */
static void frame(ca_json *j, ca_scene *sc, const ca_timeline *t, size_t i, char *caption,
                  size_t size)
{
    size_t f = ca_timeline_scene_frame(t, i);
    bool step = f >= t->intro;
    double time = ca_scene_time(sc, f);
    ca_json_putf(j, "%s\n  {\"index\": %zu, \"delay_ms\": %d, \"kind\": \"%s\", \"n\": ",
                 i ? "," : "", i, ca_timeline_delay_ms(t, i), step ? "step" : "intro");
    if (step)
        ca_json_putf(j, "%zu", f - t->intro);
    else
        ca_json_put(j, "null", 4);
    ca_json_put(j, ", \"x\": ", 7);
    ca_json_number(j, !step ? NAN : isnan(time) ? ca_scene_x_of(sc, f - t->intro) : time);
    if (!isnan(time)) {
        ca_json_put(j, ", \"t\": ", 7);
        ca_json_number(j, time);
    }
    ca_json_put(j, ", \"value\": ", 11);
    ca_json_number(j, ca_scene_value(sc, f));
    ca_json_put(j, ", \"caption\": ", 13);
    ca_scene_caption(sc, f, caption, size);
    ca_json_text(j, caption);
    ca_json_put(j, ", \"panels\": ", 12);
    panels(j, sc);
    ca_json_put(j, "}", 1);
}

ca_status anim_describe_write(const anim_about *a, ca_scene *sc, const ca_timeline *t,
                              ca_sink *out, ca_error *err)
{
    ca_json j;
    ca_json_start(&j, out, err);
    /* as long as any caption a layout writes */
    char caption[1024];
    bool continuous = !isnan(ca_scene_time(sc, 0));
    ca_json_putf(&j, "{\"version\": 1, \"width\": %d, \"height\": %d, \"title\": ",
                 a->width, a->height);
    ca_json_text(&j, ca_scene_title(sc));
    ca_json_putf(&j, ", \"mode\": \"%s\", \"correlate\": %s, \"continuous\": %s, "
                 "\"layout\": \"%s\",\n \"frames\": [", ca_conv_mode_name(a->mode),
                 a->correlate ? "true" : "false", continuous ? "true" : "false",
                 ca_layout_name(a->layout));
    for (size_t i = 0; i < t->frames && !j.failed; i++)
        frame(&j, sc, t, i, caption, sizeof caption);
    ca_json_put(&j, "\n]}\n", 4);
    return ca_json_finish(&j);
}

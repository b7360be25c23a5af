#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cli.h"
#include "outputs.h"
#include "base/util.h"
#include "convanim/anim.h"
#include "convanim/meta.h"
#include "convanim/sheet.h"
#include "convanim/web.h"

/* parse() returns this after printing --help: done, nothing to render */
enum { HELP_SHOWN = -1, CLI_MAX_PAUSES = 64 };

/* `animate` and `preset` share every option but where the signals come from. */
typedef struct job {
    const char *cmd;
    const char *fspec, *gspec, *mode_name;
    ca_conv_mode mode;
    bool correlate, quiet, list;
    bool continuous;           /* f and g are functions of t; frames are times */
    bool beamer;               /* print the \animategraphics line of --frames */
    int sheet_cells;
    const char *duration;      /* --duration as given, or NULL */
    double duration_s;
    ca_anim_options opt;
    cli_outputs out;
    int loop;
    const char *preset;        /* the preset's name, for its default output */
    char labels[256];
    const char *label[3];      /* --f-label, --g-label, --out-label: over --labels */
    const char *pause_at;      /* --pause-at as given: read once continuous is known */
    size_t pauses[CLI_MAX_PAUSES];
    double pause_times[CLI_MAX_PAUSES];
} job;

static const char options_help[] =
    "  -o, --output FILE      the animation to write%s; its extension picks the\n"
    "                         format: .gif, .webp (lossless), .webm (VP9) or .mp4\n"
    "                         (H.264)\n"
    "  -m, --mode MODE        full (default), same or valid, as in 'convanim conv'\n"
    "      --correlate        slide g without flipping it: cross-correlation\n"
    "      --size WxH         frame size in pixels (default 960x640; the notebook's\n"
    "                         12x8 inches at 150 dpi is 1800x1200); at least 320x240\n"
    "      --delay MS         time per frame, in 10 ms steps (default 40)\n"
    "      --fps N            frames per second instead of --delay\n"
    "      --hold MS          how long the last frame stays (default 1000)\n"
    "      --loop N           play N times; 0, the default, loops forever\n"
    "      --max-frames N     at most N frames, evenly spread, the last step kept\n"
    "      --steps A:B        animate only output samples A to B (the chosen mode's\n"
    "                         indices, from 0); the rest of the output stays drawn\n"
    "                         in grey as context\n"
    "      --title TEXT       the title (default \"Convolution of $f$ and $g$\");\n"
    "                         TEXT below says how text is set\n"
    "      --xlabel TEXT      the x axis label (default \"$n$\")\n"
    "      --labels F,G,OUT   the signals' names (default \"$f$,$g$,$y$\"): a plain\n"
    "                         name (\"$x$\", \"h\") names its signal in the title, the\n"
    "                         panels, the products (x·h), the captions and the alt\n"
    "                         text; a label with an index or lines of its own\n"
    "                         (\"$x[n]$\") is shown as given on its panel only\n"
    "      --f-label TEXT, --g-label TEXT, --out-label TEXT\n"
    "                         one of them, commas allowed; over --labels\n"
    "      --theme THEME      light (default) or dark\n"
    "      --layout LAYOUT    seed (default): f, the sliding g, the output so far;\n"
    "                         product: f[k] and g[n-k] on one axis, their products\n"
    "                         and the sum written out; overlay: f, the sliding g,\n"
    "                         their products and the output on one pair of axes\n"
    "      --style STYLE      auto (default): stems for signals of at most 64\n"
    "                         samples, lines for longer; line (the notebook's\n"
    "                         presets in the seed layout); stem\n"
    "      --intro            product layout: first show g being flipped\n"
    "      --pause-at N,...   output samples whose frames stay longer; with\n"
    "                         --continuous, times t in seconds (T,...), each at\n"
    "                         the frame whose t is nearest\n"
    "      --pause MS         how long they stay (default 1000)\n"
    "      --font FILE        a TrueType/OpenType font instead of DejaVu Sans\n"
    "      --font-scale F     every text size times F, from 0.5 to 3 (default 1); the\n"
    "                         margins and panels make room for the text as measured\n"
    "      --poster FILE      also write the last frame as a .png or a .webp\n"
    "      --frames DIR       also write every frame as DIR/frame_NNNN.png, and\n"
    "                         DIR/timeline.txt: each frame's time, pauses and hold\n"
    "                         included, for LaTeX's \\animategraphics[timeline=...]\n"
    "      --beamer           with --frames: print the \\animategraphics line\n"
    "      --sheet FILE       also write a contact sheet, a .png: evenly spaced\n"
    "                         frames (the first and last among them) in a grid,\n"
    "                         each over its step number, at full size\n"
    "      --sheet-frames N   how many frames it shows, 1 to 48 (default 8: two\n"
    "                         columns, four rows, a portrait page)\n"
    "      --html FILE        also write a web page that plays the GIF with a player:\n"
    "                         pause, step, each step's caption (see 'convanim embed');\n"
    "                         the GIF is in the page, so it plays opened from a file\n"
    "      --narrow FILE.gif  also draw the animation for a phone's 390-px-wide screen\n"
    "                         (390x360, text 1.8 times larger), which the --html and\n"
    "                         gallery pages offer to narrow screens\n"
    "      --describe FILE    also write what every frame shows as JSON: its delay,\n"
    "                         kind (intro or step), output index n, x, value,\n"
    "                         caption and each panel's label, ranges and style\n"
    "      --threads N        0 (default): draw beside the encoding when there is a\n"
    "                         second core; 1: one thread. The file is the same.\n"
    "      --continuous       f and g are functions of t in seconds (see 'convanim\n"
    "                         signal --help'): frames are times over y's support\n"
    "      --duration S       with --continuous: seconds of motion (default 4), at\n"
    "                         --fps or --delay; the frame count follows from them\n"
    "  -q, --quiet            no progress bar and no warnings\n";

static const char text_help[] =
    "\n"
    "TEXT is plain, except that between two $ signs a subset of TeX is set as\n"
    "matplotlib's mathtext sets it: letters italic, digits and operators\n"
    "upright; x_1, x^2, x_{i+1}, e^{-t^2} (a script of a script at most);\n"
    "\\alpha ... \\omega, \\Gamma ... \\Omega, \\varepsilon, \\vartheta, \\varphi;\n"
    "\\int \\sum \\prod \\cdot \\times \\ast \\star \\circledast \\infty \\partial\n"
    "\\nabla \\pm \\mp \\leq \\geq \\neq \\approx \\equiv \\to \\rightarrow\n"
    "\\leftarrow \\Rightarrow \\ldots \\cdots \\{ \\}; \\hat{x} \\bar{x} \\tilde{x}\n"
    "\\dot{x}; \\mathrm{...} upright, \\mathbf{...} bold; the spaces \\, \\; \\quad.\n"
    "A macro draws what its Unicode character draws. \\$ is a dollar sign. A\n"
    "newline (in a shell, $'one\\ntwo') starts a new line, outside $...$, in the\n"
    "title and in labels alike. An unknown macro, an unbalanced $ or brace, or\n"
    "a control character is refused, naming where it is. A character DejaVu\n"
    "Sans lacks is drawn from an installed font that has it (found through\n"
    "fontconfig); one that no font has is drawn as a box, with a warning.\n";

static void usage(const job *j)
{
    if (strcmp(j->cmd, "animate") == 0) {
        printf("usage: convanim animate -f SPEC -g SPEC -o OUT.{gif,webp,webm,mp4} [options]\n"
               "\n"
               "Writes an animation of g sliding over f and the convolution growing,\n"
               "one frame per output sample.\n"
               "\n"
               "  -f, --f SPEC           the signal f (see 'convanim signal --help')\n"
               "  -g, --g SPEC           the signal g, the one that slides\n");
        printf(options_help, "");
    } else {
        printf("usage: convanim preset NAME [-o OUT.{gif,webp,webm,mp4}] [options]\n"
               "       convanim preset --list\n"
               "\n"
               "Writes the animation of one of the notebook's examples:\n");
        size_t n;
        const ca_preset *p = ca_presets(&n);
        for (size_t i = 0; i < n; i++)
            printf("  %-20s %s\n  %-20s f = %s, g = %s\n", p[i].name, p[i].about, "", p[i].f,
                   p[i].g);
        printf("\n");
        printf(options_help, " (default out/NAME.gif)");
        printf("      --list             list the presets and their signals\n");
    }
    fputs(text_help, stdout);
}

/* A whole decimal number in [lo, hi], as every command reads one. */
static int parse_int(const job *j, const char *option, const char *text, long lo, long hi,
                     int *out)
{
    return cli_parse_int(j->cmd, option, text, lo, hi, out);
}

/* A positive whole number of pixels, digits only. */
static bool parse_side(const char *text, char **end, int *out)
{
    if (*text < '0' || *text > '9')
        return false;
    errno = 0;
    long v = strtol(text, end, 10);
    if (errno == ERANGE || v < 1 || v > INT_MAX)
        return false;
    *out = (int)v;
    return true;
}

static int parse_size(job *j, const char *text)
{
    char *end;
    int w, h;
    if (!parse_side(text, &end, &w) || *end != 'x' || !parse_side(end + 1, &end, &h) || *end)
        return cli_usage_error(j->cmd,
                               "--size wants WIDTHxHEIGHT in pixels, like 960x640 (got '%s')",
                               text);
    j->opt.scene.width = w;
    j->opt.scene.height = h;
    return CLI_OK;
}

static int parse_font_scale(job *j, const char *text)
{
    char *end;
    double v = strtod(text, &end);
    if (end == text || *end || !(v >= CA_SCENE_MIN_FONT_SCALE && v <= CA_SCENE_MAX_FONT_SCALE))
        return cli_usage_error(j->cmd, "--font-scale wants a number from %g to %g (got '%s')",
                               CA_SCENE_MIN_FONT_SCALE, CA_SCENE_MAX_FONT_SCALE, text);
    j->opt.scene.font_scale = v;
    return CLI_OK;
}

static int parse_fps(job *j, const char *text)
{
    double fps;
    int rc = cli_parse_real(j->cmd, "--fps", text, 0.1, 100, &fps);
    if (rc == CLI_OK)
        j->opt.timeline.delay_ms = (int)lround(1000 / fps);
    return rc;
}

/* Seconds > 0; how many frames they make is the library's to check. */
static int parse_duration(job *j, const char *text)
{
    double d;
    if (!ca_parse_real(text, &d) || !(d > 0))
        return cli_usage_error(j->cmd, "--duration wants a number of seconds > 0 (got '%s')",
                               text);
    j->duration = text;
    j->duration_s = d;
    return CLI_OK;
}

/* "F,G,OUT": three labels, any of them empty for the default. */
static int parse_labels(job *j, const char *text)
{
    return cli_parse_labels(j->cmd, "--labels", "F,G,OUT", text, j->labels, sizeof j->labels,
                            j->opt.scene.labels);
}

/* A whole number of digits only, up to SIZE_MAX, ending at *end. */
static bool parse_index(const char *text, char **end, size_t *out)
{
    if (*text < '0' || *text > '9')
        return false;
    errno = 0;
    unsigned long long v = strtoull(text, end, 10);
    if (errno == ERANGE || v > SIZE_MAX)
        return false;
    *out = (size_t)v;
    return true;
}

/* "A:B": the output samples to animate, A to B inclusive. */
static int parse_steps(job *j, const char *text)
{
    ca_timeline_options *t = &j->opt.timeline;
    char *end;
    if (!parse_index(text, &end, &t->first_step) || *end != ':' ||
        !parse_index(end + 1, &end, &t->last_step) || *end)
        return cli_usage_error(j->cmd, "--steps wants output samples A:B as whole numbers, "
                                       "like 10:30 (got '%s')", text);
    t->range = true;
    return CLI_OK;
}

/* "T1,T2,...": with --continuous, times in seconds to hold, at most
 * CLI_MAX_PAUSES of them. */
static int parse_pause_times(job *j, const char *text)
{
    char item[64];
    size_t n = 0;
    for (const char *p = text;; p++) {
        size_t len = strcspn(p, ",");
        snprintf(item, sizeof item, "%.*s", (int)(len < sizeof item ? len : sizeof item - 1), p);
        if (n == CLI_MAX_PAUSES)
            return cli_usage_error(j->cmd, "--pause-at takes at most %d times", CLI_MAX_PAUSES);
        if (len >= sizeof item || !ca_parse_real(item, &j->pause_times[n]))
            return cli_usage_error(j->cmd, "--pause-at wants times T1,T2,... in seconds with "
                                           "--continuous (got '%s')", text);
        n++;
        p += len;
        if (*p == '\0')
            break;
    }
    j->opt.timeline.pause_at_s = j->pause_times;
    j->opt.timeline.npause_s = n;
    return CLI_OK;
}

/* "N1,N2,...": output samples to hold, at most CLI_MAX_PAUSES of them; with
 * --continuous, times. */
static int parse_pauses(job *j, const char *text)
{
    if (j->continuous)
        return parse_pause_times(j, text);
    const char *p = text;
    size_t n = 0;
    for (;;) {
        if (*p < '0' || *p > '9')
            return cli_usage_error(j->cmd, "--pause-at wants output samples N1,N2,... as whole "
                                           "numbers (got '%s')", text);
        char *end;
        errno = 0;
        unsigned long long v = strtoull(p, &end, 10);
        if (errno == ERANGE || v > SIZE_MAX || (*end != ',' && *end != '\0'))
            return cli_usage_error(j->cmd, "--pause-at wants output samples N1,N2,... as whole "
                                           "numbers (got '%s')", text);
        if (n == CLI_MAX_PAUSES)
            return cli_usage_error(j->cmd, "--pause-at takes at most %d samples",
                                   CLI_MAX_PAUSES);
        j->pauses[n++] = (size_t)v;
        if (*end == '\0')
            break;
        p = end + 1;
    }
    j->opt.timeline.pause_at = j->pauses;
    j->opt.timeline.npause = n;
    return CLI_OK;
}

static int parse(job *j, int argc, char **argv)
{
    enum {
        OPT_CORRELATE = 256, OPT_SIZE, OPT_DELAY, OPT_FPS, OPT_HOLD, OPT_LOOP, OPT_MAX_FRAMES,
        OPT_TITLE, OPT_XLABEL, OPT_LABELS, OPT_THEME, OPT_LAYOUT, OPT_FONT, OPT_POSTER,
        OPT_FRAMES, OPT_LIST, OPT_THREADS, OPT_STYLE, OPT_INTRO, OPT_PAUSE_AT, OPT_PAUSE,
        OPT_HTML, OPT_FONT_SCALE, OPT_CONTINUOUS, OPT_DURATION, OPT_DESCRIBE, OPT_BEAMER,
        OPT_SHEET, OPT_SHEET_FRAMES, OPT_F_LABEL, OPT_G_LABEL, OPT_OUT_LABEL, OPT_STEPS,
        OPT_NARROW
    };
    static const struct option longopts[] = {
        { "f", required_argument, NULL, 'f' },
        { "g", required_argument, NULL, 'g' },
        { "output", required_argument, NULL, 'o' },
        { "mode", required_argument, NULL, 'm' },
        { "correlate", no_argument, NULL, OPT_CORRELATE },
        { "size", required_argument, NULL, OPT_SIZE },
        { "delay", required_argument, NULL, OPT_DELAY },
        { "fps", required_argument, NULL, OPT_FPS },
        { "hold", required_argument, NULL, OPT_HOLD },
        { "loop", required_argument, NULL, OPT_LOOP },
        { "max-frames", required_argument, NULL, OPT_MAX_FRAMES },
        { "title", required_argument, NULL, OPT_TITLE },
        { "xlabel", required_argument, NULL, OPT_XLABEL },
        { "labels", required_argument, NULL, OPT_LABELS },
        { "f-label", required_argument, NULL, OPT_F_LABEL },
        { "g-label", required_argument, NULL, OPT_G_LABEL },
        { "out-label", required_argument, NULL, OPT_OUT_LABEL },
        { "theme", required_argument, NULL, OPT_THEME },
        { "layout", required_argument, NULL, OPT_LAYOUT },
        { "font", required_argument, NULL, OPT_FONT },
        { "font-scale", required_argument, NULL, OPT_FONT_SCALE },
        { "poster", required_argument, NULL, OPT_POSTER },
        { "frames", required_argument, NULL, OPT_FRAMES },
        { "beamer", no_argument, NULL, OPT_BEAMER },
        { "sheet", required_argument, NULL, OPT_SHEET },
        { "sheet-frames", required_argument, NULL, OPT_SHEET_FRAMES },
        { "threads", required_argument, NULL, OPT_THREADS },
        { "style", required_argument, NULL, OPT_STYLE },
        { "intro", no_argument, NULL, OPT_INTRO },
        { "pause-at", required_argument, NULL, OPT_PAUSE_AT },
        { "pause", required_argument, NULL, OPT_PAUSE },
        { "html", required_argument, NULL, OPT_HTML },
        { "describe", required_argument, NULL, OPT_DESCRIBE },
        { "steps", required_argument, NULL, OPT_STEPS },
        { "narrow", required_argument, NULL, OPT_NARROW },
        { "continuous", no_argument, NULL, OPT_CONTINUOUS },
        { "duration", required_argument, NULL, OPT_DURATION },
        { "quiet", no_argument, NULL, 'q' },
        { "list", no_argument, NULL, OPT_LIST },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    static const char shortopts[] = ":f:g:o:m:qh";
    bool preset = strcmp(j->cmd, "preset") == 0;
    ca_error err = { 0 };
    ca_status s = CA_OK;
    int c, rc = CLI_OK, max_frames;
    bool seen[CLI_OPTION_MAX] = { false };
    opterr = 0;
    while (rc == CLI_OK && s == CA_OK &&
           (c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        if (cli_once(j->cmd, c, longopts, seen) != CLI_OK)
            return CLI_BAD_INPUT;
        if (preset && (c == 'f' || c == 'g'))
            return cli_usage_error(j->cmd, "a preset brings its own signals; use 'convanim "
                                           "animate -f SPEC -g SPEC' for others");
        if (!preset && c == OPT_LIST)
            return cli_usage_error(j->cmd, "--list is an option of 'convanim preset'");
        switch (c) {
        case 'f': j->fspec = optarg; break;
        case 'g': j->gspec = optarg; break;
        case 'o': j->out.anim = optarg; break;
        case 'm': j->mode_name = optarg; break;
        case OPT_CORRELATE: j->correlate = true; break;
        case OPT_SIZE: rc = parse_size(j, optarg); break;
        case OPT_DELAY: rc = parse_int(j, "--delay", optarg, INT_MIN, INT_MAX, &j->opt.timeline.delay_ms); break;
        case OPT_FPS: rc = parse_fps(j, optarg); break;
        case OPT_HOLD: rc = parse_int(j, "--hold", optarg, INT_MIN, INT_MAX, &j->opt.timeline.hold_ms); break;
        case OPT_LOOP: rc = parse_int(j, "--loop", optarg, 0, 65535, &j->loop); break;
        case OPT_MAX_FRAMES:
            if ((rc = parse_int(j, "--max-frames", optarg, 1, INT_MAX, &max_frames)) == CLI_OK)
                j->opt.timeline.max_frames = (size_t)max_frames;
            break;
        case OPT_TITLE: j->opt.scene.title = optarg; break;
        case OPT_XLABEL: j->opt.scene.xlabel = optarg; break;
        case OPT_LABELS: rc = parse_labels(j, optarg); break;
        case OPT_F_LABEL: j->label[0] = optarg; break;
        case OPT_G_LABEL: j->label[1] = optarg; break;
        case OPT_OUT_LABEL: j->label[2] = optarg; break;
        case OPT_THEME: s = ca_theme_parse(optarg, &j->opt.scene.theme, &err); break;
        case OPT_LAYOUT: s = ca_layout_parse(optarg, &j->opt.scene.layout, &err); break;
        case OPT_FONT: j->opt.scene.font = optarg; break;
        case OPT_FONT_SCALE: rc = parse_font_scale(j, optarg); break;
        case OPT_POSTER: j->out.poster = optarg; break;
        case OPT_FRAMES: j->out.frames = optarg; break;
        case OPT_BEAMER: j->beamer = true; break;
        case OPT_SHEET: j->out.sheet = optarg; break;
        case OPT_SHEET_FRAMES:
            rc = parse_int(j, "--sheet-frames", optarg, 1, CA_SHEET_MAX_CELLS, &j->sheet_cells);
            break;
        case OPT_HTML: j->out.html = optarg; break;
        case OPT_DESCRIBE: j->out.describe = optarg; break;
        case OPT_STEPS: rc = parse_steps(j, optarg); break;
        case OPT_NARROW: j->out.narrow = optarg; break;
        case OPT_CONTINUOUS: j->continuous = true; break;
        case OPT_DURATION: rc = parse_duration(j, optarg); break;
        case OPT_THREADS:
            rc = parse_int(j, "--threads", optarg, 0, CLI_MAX_THREADS, &j->opt.threads);
            break;
        case OPT_STYLE: s = ca_style_parse(optarg, &j->opt.scene.style, &err); break;
        case OPT_INTRO: j->opt.scene.intro = true; break;
        case OPT_PAUSE_AT: j->pause_at = optarg; break;
        case OPT_PAUSE: rc = parse_int(j, "--pause", optarg, INT_MIN, INT_MAX, &j->opt.timeline.pause_ms); break;
        case 'q': j->quiet = true; break;
        case OPT_LIST: j->list = true; break;
        case 'h': usage(j); return HELP_SHOWN;
        default: return cli_bad_option(j->cmd, shortopts, longopts, c, argv);
        }
    }
    if (s != CA_OK)
        return cli_report(s, &err);
    for (int i = 0; i < 3; i++)
        if (j->label[i])
            j->opt.scene.labels[i] = *j->label[i] ? j->label[i] : NULL;
    return rc;
}

/* Delays GIF cannot show as asked: warned about, not refused. The other
 * formats count milliseconds and are played as timed. */
static void warn_delay(const job *j)
{
    int ms = j->opt.timeline.delay_ms;
    const char *dot = strrchr(j->out.anim, '.');
    if (j->quiet || ms < 0 || ms > CA_ANIM_MAX_DELAY_MS || !dot || strcasecmp(dot, ".gif"))
        return;
    if (ms % 10)
        cli_warn("GIF counts delays in 10 ms steps: %d ms becomes %d ms", ms, (ms + 5) / 10 * 10);
    if (ms < 20)
        cli_warn("browsers show frames with delays under 20 ms for 100 ms; use --delay 20 or "
                 "more");
}

/* A character no installed font has is drawn as a box: said once. */
static void warn_missing(const job *j, const ca_anim *a)
{
    uint32_t cp = ca_anim_missing_char(a);
    if (!j->quiet && cp)
        cli_warn("no installed font has character U+%04X; it is drawn as a box", (unsigned)cp);
}

/* No output may be a file the run reads. */
static int refuse_overwrite(const job *j)
{
    cli_files files = { .inputs = { j->fspec, j->gspec, j->opt.scene.font },
                        .outputs = { j->out.anim, j->out.poster, j->out.html, j->out.describe,
                                     j->out.sheet, j->out.narrow },
                        .frames = j->out.frames };
    return cli_check_overwrite(&files);
}

/* Generators are weighed by their specs, as conv does, before anything
 * is generated or written (the narrow rendering included), and so is the
 * contact sheet of their frames. Other inputs are weighed once read. */
static ca_status weigh(const job *j, ca_error *err)
{
    size_t nf, ng, frames;
    if (!cli_spec_lengths(j->fspec, j->gspec, &nf, &ng))
        return CA_OK;
    ca_status s = ca_anim_check_lengths(nf, ng, j->mode, j->correlate, &j->opt, &frames, err);
    return s == CA_OK ? cli_outputs_check_sheet(&j->out, j->opt.scene.width, j->opt.scene.height,
                                                frames, err)
                      : s;
}

/* Refuses bad options and output paths before anything is read or made:
 * a signal may come from standard input or a large file, and `preset`
 * makes out/ only for a run that passed every check. The font is opened,
 * once, with the scene. */
static int check(job *j)
{
    if (j->beamer && !j->out.frames)
        return cli_usage_error(j->cmd, "--beamer prints the line that shows the frames of "
                                       "--frames DIR; give --frames too");
    if (j->sheet_cells && !j->out.sheet)
        return cli_usage_error(j->cmd, "--sheet-frames is for --sheet FILE.png");
    j->out.sheet_cells = j->sheet_cells ? (size_t)j->sheet_cells : CA_SHEET_DEFAULT_CELLS;
    if (j->pause_at && parse_pauses(j, j->pause_at) != CLI_OK)
        return CLI_BAD_INPUT;
    if (refuse_overwrite(j) != CLI_OK)
        return CLI_BAD_INPUT;
    ca_error err = { 0 };
    ca_status s = ca_conv_mode_parse(j->mode_name, &j->mode, &err);
    if (s != CA_OK)
        return cli_report(s, &err);
    if (j->duration && !j->continuous)
        return cli_usage_error(j->cmd, "--duration is for --continuous; discrete frames are "
                                       "samples (use --max-frames)");
    if (j->continuous && j->opt.timeline.range)
        return cli_usage_error(j->cmd, "--steps is for discrete signals: continuous frames "
                                       "are times (use --duration)");
    if (j->continuous && (j->mode != CA_CONV_FULL || j->correlate))
        return cli_usage_error(j->cmd, "%s is for discrete signals: a continuous convolution "
                               "covers its whole support", j->correlate ? "--correlate" : "-m");
    s = ca_anim_check(&j->opt, &err);
    size_t frames;
    if (s == CA_OK && j->continuous)
        s = ca_anim_continuous_frames(&j->opt, j->duration_s, &frames, &err);
    if (s == CA_OK)
        s = cli_outputs_check(&j->out, &err);
    if (s == CA_OK)
        s = cli_outputs_check_size(&j->out, j->opt.scene.width, j->opt.scene.height, &err);
    if (s == CA_OK && !j->continuous)
        s = weigh(j, &err);
    return s == CA_OK ? CLI_OK : cli_report(s, &err);
}

/* A preset without -o goes to out/NAME.gif, and out/ is made on demand,
 * once the animation could be built: a folder the user names must exist. */
static int default_output(job *j, char *path, size_t size)
{
    snprintf(path, size, "out/%s.gif", j->preset);
    if (mkdir("out", 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "convanim: cannot create folder 'out': %s\n", strerror(errno));
        return CLI_FAILED;
    }
    j->out.anim = path;
    if (refuse_overwrite(j) != CLI_OK)
        return CLI_BAD_INPUT;
    ca_error err = { 0 };
    ca_status s = cli_outputs_check_anim(&j->out, &err);
    return s == CA_OK ? CLI_OK : cli_report(s, &err);
}

/* The names the labels given call the signals, for the alt text. */
static void name_signals(const job *j, const ca_anim *a, ca_meta *m)
{
    for (int i = 0; i < 3; i++)
        if (j->opt.scene.labels[i])
            snprintf(m->name[i], sizeof m->name[i], "%s", ca_anim_name(a, i));
}

/* What the animation shows, for the GIF's description. */
static void describe(const job *j, const ca_anim *a, size_t nf, size_t ng, ca_meta *m)
{
    const ca_timeline *t = ca_anim_timeline(a);
    *m = (ca_meta){ .nf = nf, .ng = ng, .outputs = t->steps, .frames = t->frames,
                    .width = j->opt.scene.width, .height = j->opt.scene.height,
                    .mode = j->mode, .correlate = j->correlate, .layout = j->opt.scene.layout };
    snprintf(m->f, sizeof m->f, "%s", j->fspec);
    snprintf(m->g, sizeof m->g, "%s", j->gspec);
    name_signals(j, a, m);
    snprintf(m->title, sizeof m->title, "%s", j->opt.scene.title ? j->opt.scene.title : "");
}

/* What a continuous animation shows, for the GIF's description: its
 * frames are its outputs. */
static void describe_continuous(const job *j, const ca_anim *a, ca_meta *m)
{
    const ca_timeline *t = ca_anim_timeline(a);
    *m = (ca_meta){ .outputs = t->steps, .frames = t->frames, .width = j->opt.scene.width,
                    .height = j->opt.scene.height, .mode = CA_CONV_FULL,
                    .layout = j->opt.scene.layout, .continuous = true };
    snprintf(m->f, sizeof m->f, "%s", j->fspec);
    snprintf(m->g, sizeof m->g, "%s", j->gspec);
    name_signals(j, a, m);
    snprintf(m->title, sizeof m->title, "%s", j->opt.scene.title ? j->opt.scene.title : "");
}

static ca_status next_anim(void *a, const ca_frame_writer *w, size_t n, ca_error *err)
{
    return ca_anim_next(a, w, n, err);
}

static const ca_canvas *last_anim(void *a)
{
    return ca_anim_last_frame(a);
}

/* Hands every frame to the writers (cli_writers_run), after the warnings. */
static int write_frames(job *j, ca_anim *a, cli_writers *ws)
{
    /* only now: a run refused for bad input prints its one line alone */
    warn_delay(j);
    warn_missing(j, a);
    cli_frame_source src = { a, next_anim, last_anim };
    return cli_writers_run(ws, &src, ca_anim_timeline(a)->frames, j->out.anim, j->quiet,
                           j->beamer, j->loop);
}

/* Builds the animation, then writes it where a preset's goes by default. */
static int write_anim(job *j, ca_anim *a, const ca_meta *m)
{
    char path[300];
    int rc = j->out.anim ? CLI_OK : default_output(j, path, sizeof path);
    if (rc != CLI_OK)
        return rc;
    ca_error err = { 0 };
    cli_writers ws;
    ca_status s = cli_outputs_check_delays(&j->out, ca_anim_timeline(a), &err);
    if (s != CA_OK)
        return cli_report(s, &err);
    s = cli_writers_open(&ws, &j->out, ca_anim_palette(a), j->loop, m, &err);
    if (s == CA_OK && j->out.sheet &&
        (s = cli_writers_add_sheet(&ws, ca_anim_palette(a), ca_anim_timeline(a), m,
                                   j->opt.scene.font, &err)) != CA_OK)
        cli_writers_abort(&ws);
    if (s == CA_OK && (s = cli_writers_describe(&ws, a, &err)) != CA_OK)
        cli_writers_abort(&ws);
    return s == CA_OK ? write_frames(j, a, &ws) : cli_report(s, &err);
}

static int render_continuous(job *j)
{
    ca_error err = { 0 };
    ca_status s;
    ca_csignal *x = NULL, *h = NULL;
    ca_anim *a = NULL;
    int rc = cli_load_csignal(j->fspec, &x);
    if (rc == CLI_OK)
        rc = cli_load_csignal(j->gspec, &h);
    if (rc == CLI_OK && (s = ca_anim_new_continuous(x, h, j->duration_s, &j->opt, &a, &err)) !=
        CA_OK)
        rc = cli_report(s, &err);
    if (rc == CLI_OK) {
        ca_meta m;
        describe_continuous(j, a, &m);
        rc = write_anim(j, a, &m);
    }
    ca_anim_free(a);
    ca_csignal_free(x);
    ca_csignal_free(h);
    return rc;
}

static int render(job *j)
{
    if (j->continuous)
        return render_continuous(j);
    ca_error err = { 0 };
    ca_status s;
    ca_signal f = { 0 }, g = { 0 };
    ca_anim *a = NULL;
    int rc = cli_load_signal(j->fspec, &f);
    if (rc == CLI_OK)
        rc = cli_load_signal(j->gspec, &g);
    if (rc == CLI_OK) {
        j->opt.scene.origin[0] = f.origin;
        j->opt.scene.origin[1] = g.origin;
        j->opt.scene.pad[0] = f.pad;
        j->opt.scene.pad[1] = g.pad;
    }
    if (rc == CLI_OK && (s = ca_anim_new(f.v, f.n, g.v, g.n, j->mode, j->correlate, &j->opt,
                                         &a, &err)) != CA_OK)
        rc = cli_report(s, &err);
    if (rc == CLI_OK) {
        ca_meta m;
        describe(j, a, f.n, g.n, &m);
        rc = write_anim(j, a, &m);
    }
    ca_anim_free(a);
    ca_signal_free(&f);
    ca_signal_free(&g);
    return rc;
}

/* The narrow rendering first, so that the animation's description can
 * name it and its page offer it: the same animation at the phone's size,
 * its text larger, written alone. */
static int render_narrow(const job *j)
{
    if (!j->out.narrow)
        return CLI_OK;
    job n = *j;
    n.out = (cli_outputs){ .anim = j->out.narrow };
    n.opt.scene.width = CA_WEB_NARROW_WIDTH;
    n.opt.scene.height = CA_WEB_NARROW_HEIGHT;
    double scale = (j->opt.scene.font_scale > 0 ? j->opt.scene.font_scale : 1) *
                   CA_WEB_NARROW_FONT_SCALE;
    n.opt.scene.font_scale = scale < CA_SCENE_MAX_FONT_SCALE ? scale : CA_SCENE_MAX_FONT_SCALE;
    return render(&n);
}

static void init(job *j, const char *cmd)
{
    memset(j, 0, sizeof *j);
    j->cmd = cmd;
    j->mode_name = "full";
    j->duration_s = CA_ANIM_DEFAULT_DURATION_S;
    ca_anim_options_default(&j->opt);
}

int cli_animate(int argc, char **argv)
{
    job j;
    init(&j, "animate");
    int rc = parse(&j, argc, argv);
    if (rc != CLI_OK)
        return rc == HELP_SHOWN ? cli_flush_stdout("the help") : rc;
    if (optind < argc)
        return cli_usage_error(j.cmd, "unexpected argument '%s'", argv[optind]);
    if (!j.fspec || !j.gspec || !j.out.anim)
        return cli_usage_error(j.cmd, "-f SPEC, -g SPEC and -o OUT.gif are required");
    if (strcmp(j.fspec, "-") == 0 && strcmp(j.gspec, "-") == 0)
        return cli_usage_error(j.cmd, "only one of -f and -g can read standard input");
    rc = check(&j);
    if (rc == CLI_OK)
        rc = render_narrow(&j);
    return rc == CLI_OK ? render(&j) : rc;
}

static int list_presets(void)
{
    size_t n;
    const ca_preset *p = ca_presets(&n);
    for (size_t i = 0; i < n; i++)
        printf("%-20s f = %s\n%-20s g = %s\n%-20s %s%s\n", p[i].name, p[i].f, "", p[i].g, "",
               p[i].about, p[i].continuous ? " (continuous time)" : "");
    cli_list_presets2d();
    return cli_flush_stdout("the list");
}

int cli_preset(int argc, char **argv)
{
    const struct ca_slide2d_preset *p2d = cli_preset2d_in(argc, argv);
    if (p2d)
        return cli_preset2d(p2d, argc, argv);
    job j;
    init(&j, "preset");
    int rc = parse(&j, argc, argv);
    if (rc != CLI_OK)
        return rc == HELP_SHOWN ? cli_flush_stdout("the help") : rc;
    if (j.list)
        return optind < argc ? cli_usage_error(j.cmd, "--list takes no preset name")
                             : list_presets();
    if (optind + 1 < argc)
        return cli_usage_error(j.cmd, "unexpected argument '%s'", argv[optind + 1]);

    ca_error err = { 0 };
    const ca_preset *p;
    ca_status s = ca_preset_find(optind < argc ? argv[optind] : NULL, &p, &err);
    if (s != CA_OK)
        return cli_report(s, &err);
    if (j.continuous && !p->continuous)
        return cli_usage_error(j.cmd, "preset '%s' is of discrete signals; --continuous does "
                                      "not apply", p->name);
    j.fspec = p->f;
    j.gspec = p->g;
    j.continuous = p->continuous;
    j.preset = p->name;
    if (j.opt.scene.style == CA_STYLE_DEFAULT && j.opt.scene.layout == CA_LAYOUT_STACKED)
        j.opt.scene.style = p->style;
    rc = check(&j);
    if (rc == CLI_OK)
        rc = render_narrow(&j);
    return rc == CLI_OK ? render(&j) : rc;
}

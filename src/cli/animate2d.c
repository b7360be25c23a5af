#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "outputs.h"
#include "convanim/kernel.h"
#include "convanim/png.h"
#include "convanim/sheet.h"
#include "convanim/slide2d.h"

/* parse() returns this after printing --help: done, nothing to render */
enum { HELP_SHOWN = -1 };

static void usage(void)
{
    printf("usage: convanim animate2d IMAGE.png|grid:size=N -k KERNEL -o OUT.{gif,webp,webm,mp4}\n"
           "       [options]\n"
           "\n"
           "Writes an animation of the flipped kernel sliding over the zero-padded\n"
           "image cell by cell, one frame per output cell: the output grid fills in\n"
           "and a caption gives each sum. For small images: at most %dx%d pixels,\n"
           "after --resize.\n"
           "\n"
           "  -k, --kernel KERNEL    a named filter or a file of rows (see 'convanim\n"
           "                         filters')\n"
           "  -o, --output FILE      the animation to write; its extension picks the\n"
           "                         format: .gif, .webp (lossless), .webm (VP9) or .mp4\n"
           "                         (H.264)\n"
           "      --resize WxH       resample the image to W x H pixels first (the mean\n"
           "                         of the pixels each new one covers)\n"
           "      --size WxH         the frame (default %dx%d, at least %dx%d)\n"
           "      --delay MS         time per frame, in 10 ms steps (default 100)\n"
           "      --fps N            frames per second instead of --delay\n"
           "      --hold MS          how long the last frame stays (default 2000)\n"
           "      --loop N           play N times; 0, the default, loops forever\n"
           "      --max-frames N     show at most N output cells, evenly spread, the last\n"
           "                         kept (default %d: a minute at 100 ms)\n"
           "      --title TEXT       a title above the parameter line\n"
           "      --labels IN,K,OUT  the panels' titles (default \"Input,Kernel,Output\");\n"
           "                         one left empty keeps its default\n"
           "      --theme THEME      light (default) or dark\n"
           "      --font FILE        a TrueType/OpenType font instead of DejaVu Sans\n"
           "      --font-scale F     every text size times F, from %g to %g (default 1),\n"
           "                         the lines of text given room; numbers stay in their\n"
           "                         cells\n"
           "      --poster FILE      the last frame as a .png or a .webp\n"
           "      --frames DIR       every frame as DIR/frame_NNNN.png, and\n"
           "                         DIR/timeline.txt for LaTeX's \\animategraphics\n"
           "      --beamer           with --frames: print the \\animategraphics line\n"
           "      --sheet FILE       a contact sheet, a .png: evenly spaced frames in a grid\n"
           "      --sheet-frames N   how many frames it shows, 1 to %d (default %d)\n"
           "      --html FILE        the HTML that shows the GIF on a page\n"
           "      --describe FILE    what every frame shows as JSON: its delay, the output\n"
           "                         cell (n, row, col), its value, the caption and the\n"
           "                         panels' titles and cells\n"
           "      --threads N        0 (default): draw beside the encoding when there is a\n"
           "                         second core; 1: one thread. The file is the same.\n"
           "  -q, --quiet            no progress bar and no warnings\n",
           CA_SLIDE2D_MAX_SIDE, CA_SLIDE2D_MAX_SIDE, CA_SLIDE2D_WIDTH, CA_SLIDE2D_HEIGHT,
           CA_SLIDE2D_MIN_WIDTH, CA_SLIDE2D_MIN_HEIGHT, CA_SLIDE2D_MAX_FRAMES,
           CA_SCENE_MIN_FONT_SCALE, CA_SCENE_MAX_FONT_SCALE, CA_SHEET_MAX_CELLS,
           CA_SHEET_DEFAULT_CELLS);
    cli_arith_usage();
}

/* option's "WxH", sides from lo to hi. */
static int parse_wxh(const char *option, const char *text, int lo, int hi, int *w, int *h)
{
    char *end;
    long a = strtol(text, &end, 10), b = 0;
    bool ok = end != text && *end == 'x' && text[0] >= '0' && text[0] <= '9';
    if (ok) {
        const char *second = end + 1;
        b = strtol(second, &end, 10);
        ok = end != second && !*end && second[0] >= '0' && second[0] <= '9';
    }
    if (!ok || a < lo || b < lo || a > hi || b > hi)
        return cli_usage_error("animate2d", "%s wants WIDTHxHEIGHT from %dx%d to %dx%d "
                               "(got '%s')", option, lo, lo, hi, hi, text);
    *w = (int)a;
    *h = (int)b;
    return CLI_OK;
}

typedef struct job {
    const char *image, *kernel;
    cli_arith arith;
    int width, height;      /* --resize; 0: as it is */
    int fps;                /* --fps; 0: --delay */
    int loop;               /* --loop; 0: forever */
    int sheet_cells;        /* --sheet-frames; 0: the default */
    bool quiet, capped;     /* capped: --max-frames given */
    bool beamer;            /* print the \animategraphics line of --frames */
    char labels[256];       /* --labels, cut into the three titles */
    cli_outputs out;
    ca_slide2d_options opt;
} job;

static int parse(job *j, int argc, char **argv)
{
    enum {
        OPT_RESIZE = 256, OPT_SIZE, OPT_DELAY, OPT_FPS, OPT_HOLD, OPT_MAX_FRAMES, OPT_POSTER,
        OPT_FRAMES, OPT_HTML, OPT_TITLE, OPT_LOOP, OPT_BEAMER, OPT_SHEET, OPT_SHEET_FRAMES,
        OPT_DESCRIBE, OPT_THEME, OPT_LABELS, OPT_FONT, OPT_FONT_SCALE, OPT_THREADS
    };
    static const struct option longopts[] = {
        { "kernel", required_argument, NULL, 'k' },
        { "output", required_argument, NULL, 'o' },
        { "mode", required_argument, NULL, 'm' },
        CLI_ARITH_LONGOPTS,
        { "resize", required_argument, NULL, OPT_RESIZE },
        { "size", required_argument, NULL, OPT_SIZE },
        { "delay", required_argument, NULL, OPT_DELAY },
        { "fps", required_argument, NULL, OPT_FPS },
        { "hold", required_argument, NULL, OPT_HOLD },
        { "loop", required_argument, NULL, OPT_LOOP },
        { "max-frames", required_argument, NULL, OPT_MAX_FRAMES },
        { "poster", required_argument, NULL, OPT_POSTER },
        { "frames", required_argument, NULL, OPT_FRAMES },
        { "beamer", no_argument, NULL, OPT_BEAMER },
        { "sheet", required_argument, NULL, OPT_SHEET },
        { "sheet-frames", required_argument, NULL, OPT_SHEET_FRAMES },
        { "html", required_argument, NULL, OPT_HTML },
        { "describe", required_argument, NULL, OPT_DESCRIBE },
        { "title", required_argument, NULL, OPT_TITLE },
        { "theme", required_argument, NULL, OPT_THEME },
        { "labels", required_argument, NULL, OPT_LABELS },
        { "font", required_argument, NULL, OPT_FONT },
        { "font-scale", required_argument, NULL, OPT_FONT_SCALE },
        { "threads", required_argument, NULL, OPT_THREADS },
        { "quiet", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    static const char shortopts[] = ":k:o:m:qh";
    int c, rc = CLI_OK, max_frames;
    ca_error err = { 0 };
    ca_status s;
    bool seen[CLI_OPTION_MAX] = { false };
    opterr = 0;
    while (rc == CLI_OK && (c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        if (cli_once("animate2d", c, longopts, seen) != CLI_OK)
            return CLI_BAD_INPUT;
        switch (c) {
        case 'k': j->kernel = optarg; break;
        case 'o': j->out.anim = optarg; break;
        case 'm': j->arith.mode_name = optarg; break;
        case CLI_OPT_PADDING: case CLI_OPT_STRIDE: case CLI_OPT_DILATION:
        case CLI_OPT_TRANSPOSED: case CLI_OPT_OUTPUT_PADDING: case CLI_OPT_CORRELATE:
            rc = cli_arith_option("animate2d", c, optarg, &j->arith);
            break;
        case OPT_RESIZE:
            rc = parse_wxh("--resize", optarg, 1, CA_SLIDE2D_MAX_SIDE, &j->width, &j->height);
            break;
        case OPT_SIZE:
            rc = parse_wxh("--size", optarg, 1, 16384, &j->opt.width, &j->opt.height);
            break;
        case OPT_DELAY: rc = cli_parse_int("animate2d", "--delay", optarg, INT_MIN, INT_MAX, &j->opt.delay_ms); break;
        case OPT_FPS: rc = cli_parse_int("animate2d", "--fps", optarg, 1, 100, &j->fps); break;
        case OPT_HOLD: rc = cli_parse_int("animate2d", "--hold", optarg, INT_MIN, INT_MAX, &j->opt.hold_ms); break;
        case OPT_LOOP: rc = cli_parse_int("animate2d", "--loop", optarg, 0, 65535, &j->loop); break;
        case OPT_MAX_FRAMES:
            rc = cli_parse_int("animate2d", "--max-frames", optarg, 1, INT_MAX, &max_frames);
            j->opt.max_frames = (size_t)max_frames;
            j->capped = true;
            break;
        case OPT_POSTER: j->out.poster = optarg; break;
        case OPT_FRAMES: j->out.frames = optarg; break;
        case OPT_BEAMER: j->beamer = true; break;
        case OPT_SHEET: j->out.sheet = optarg; break;
        case OPT_SHEET_FRAMES:
            rc = cli_parse_int("animate2d", "--sheet-frames", optarg, 1, CA_SHEET_MAX_CELLS,
                               &j->sheet_cells);
            break;
        case OPT_HTML: j->out.html = optarg; break;
        case OPT_DESCRIBE: j->out.describe = optarg; break;
        case OPT_TITLE: j->opt.title = optarg; break;
        case OPT_THEME:
            if ((s = ca_theme_parse(optarg, &j->opt.theme, &err)) != CA_OK)
                return cli_report(s, &err);
            break;
        case OPT_LABELS:
            rc = cli_parse_labels("animate2d", "--labels", "INPUT,KERNEL,OUTPUT", optarg,
                                  j->labels, sizeof j->labels, j->opt.labels);
            break;
        case OPT_FONT: j->opt.font = optarg; break;
        case OPT_FONT_SCALE:
            rc = cli_parse_real("animate2d", "--font-scale", optarg, CA_SCENE_MIN_FONT_SCALE,
                                CA_SCENE_MAX_FONT_SCALE, &j->opt.font_scale);
            break;
        case OPT_THREADS:
            rc = cli_parse_int("animate2d", "--threads", optarg, 0, CLI_MAX_THREADS,
                               &j->opt.threads);
            break;
        case 'q': j->quiet = true; break;
        case 'h': usage(); return HELP_SHOWN;
        default: return cli_bad_option("animate2d", shortopts, longopts, c, argv);
        }
    }
    if (rc != CLI_OK)
        return rc;
    if (optind == argc)
        return cli_usage_error("animate2d", "an IMAGE.png is required");
    j->image = argv[optind];
    if (argc - optind > 1)
        return cli_usage_error("animate2d", "unexpected argument '%s'", argv[optind + 1]);
    if (!j->kernel || !j->out.anim)
        return cli_usage_error("animate2d", "-k KERNEL and -o OUT.gif are required");
    if (j->beamer && !j->out.frames)
        return cli_usage_error("animate2d", "--beamer prints the line that shows the frames of "
                                            "--frames DIR; give --frames too");
    if (j->sheet_cells && !j->out.sheet)
        return cli_usage_error("animate2d", "--sheet-frames is for --sheet FILE.png");
    j->out.sheet_cells = j->sheet_cells ? (size_t)j->sheet_cells : CA_SHEET_DEFAULT_CELLS;
    if (j->fps && seen[OPT_DELAY])
        return cli_usage_error("animate2d", "--fps and --delay both set the delay: give one");
    if (j->fps)
        j->opt.delay_ms = 1000 / j->fps;
    return cli_arith_settle("animate2d", &j->arith);
}

/* The image and the kernel, the image resized when asked. */
static int load(const job *j, ca_image *image, ca_image *kernel)
{
    ca_error err = { 0 };
    ca_image resized;
    ca_status s = ca_kernel_from_spec(j->kernel, kernel, NULL, &err);
    if (s == CA_OK)
        s = ca_image_load(j->image, NULL, image, &err);
    if (s == CA_OK && j->width > 0 &&
        (s = ca_image_resize(image, j->width, j->height, &resized, &err)) == CA_OK) {
        ca_image_free(image);
        *image = resized;
    }
    if (s != CA_OK)
        return cli_report(s, &err);
    /* the library refuses it too; here the message can name the option */
    if (image->width > CA_SLIDE2D_MAX_SIDE || image->height > CA_SLIDE2D_MAX_SIDE)
        return cli_usage_error("animate2d", "a %dx%d image has too many pixels to show one by "
                               "one (at most %dx%d; resize it, e.g. --resize 32x32)",
                               image->width, image->height, CA_SLIDE2D_MAX_SIDE,
                               CA_SLIDE2D_MAX_SIDE);
    return CLI_OK;
}

/* What the GIF shows, for embed and gallery: the image and the kernel as
 * named, their cells, the output's, the parameter line. */
static void describe(const job *j, const ca_image *image, const ca_image *kernel,
                     const ca_slide2d *sl, ca_meta *m)
{
    *m = (ca_meta){ .nf = (size_t)image->width * (size_t)image->height,
                    .ng = (size_t)kernel->width * (size_t)kernel->height,
                    .outputs = ca_slide2d_cells(sl), .frames = ca_slide2d_timeline(sl)->frames,
                    .width = j->opt.width, .height = j->opt.height,
                    .mode = j->arith.opt.mode, .correlate = j->arith.opt.correlate };
    snprintf(m->f, sizeof m->f, "%s", j->image);
    snprintf(m->g, sizeof m->g, "%s", j->kernel);
    ca_slide2d_parameters(sl, m->grid, sizeof m->grid);
}

static ca_status next_slide(void *sl, const ca_frame_writer *w, size_t n, ca_error *err)
{
    return ca_slide2d_next(sl, w, n, err);
}

static const ca_canvas *last_slide(void *sl)
{
    return ca_slide2d_last_frame(sl);
}

/* Hands every frame to the writers (cli_writers_run), after the warning. */
static int write_frames(const job *j, ca_slide2d *sl, cli_writers *ws)
{
    const ca_timeline *t = ca_slide2d_timeline(sl);
    if (!j->quiet && !j->capped && t->frames < t->steps)
        cli_warn("%zu output cells would make over a minute of GIF: %zu of them are shown, "
                 "evenly spread (--max-frames N to choose)", t->steps, t->frames);
    cli_frame_source src = { sl, next_slide, last_slide };
    return cli_writers_run(ws, &src, t->frames, j->out.anim, j->quiet, j->beamer, j->loop);
}

int cli_animate2d(int argc, char **argv)
{
    job j = { 0 };
    cli_arith_init(&j.arith);
    ca_slide2d_options_default(&j.opt);
    int rc = parse(&j, argc, argv);
    if (rc != CLI_OK)
        return rc == HELP_SHOWN ? cli_flush_stdout("the help") : rc;
    cli_files files = { .inputs = { j.image, j.kernel, j.opt.font },
                        .outputs = { j.out.anim, j.out.poster, j.out.html, j.out.describe,
                                     j.out.sheet },
                        .frames = j.out.frames };
    if (cli_check_overwrite(&files) != CLI_OK)
        return CLI_BAD_INPUT;

    ca_error err = { 0 };
    ca_image image = { 0 }, kernel = { 0 };
    ca_slide2d *sl = NULL;
    j.opt.conv = j.arith.opt;
    ca_status s = cli_outputs_check(&j.out, &err);
    rc = s == CA_OK ? load(&j, &image, &kernel) : cli_report(s, &err);
    if (rc == CLI_OK && (s = ca_slide2d_new(&image, &kernel, &j.opt, &sl, &err)) != CA_OK)
        rc = cli_report(s, &err);
    if (rc == CLI_OK) {
        ca_meta m;
        cli_writers ws;
        describe(&j, &image, &kernel, sl, &m);
        s = cli_writers_open(&ws, &j.out, ca_slide2d_palette(sl), j.loop, &m, &err);
        if (s == CA_OK && j.out.sheet &&
            (s = cli_writers_add_sheet(&ws, ca_slide2d_palette(sl), ca_slide2d_timeline(sl), &m,
                                       j.opt.font, &err)) != CA_OK)
            cli_writers_abort(&ws);
        if (s == CA_OK && (s = cli_writers_describe2d(&ws, sl, &err)) != CA_OK)
            cli_writers_abort(&ws);
        rc = s == CA_OK ? write_frames(&j, sl, &ws) : cli_report(s, &err);
    }
    ca_slide2d_free(sl);
    ca_image_free(&image);
    ca_image_free(&kernel);
    return rc;
}

const struct ca_slide2d_preset *cli_preset2d_in(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const ca_slide2d_preset *p = ca_slide2d_preset_named(argv[i]);
        if (p)
            return p;
    }
    return NULL;
}

void cli_list_presets2d(void)
{
    size_t n;
    const ca_slide2d_preset *p = ca_slide2d_presets(&n);
    for (size_t i = 0; i < n; i++)
        printf("%-20s %s (2D, conv_arithmetic)\n", p[i].name, p[i].about);
}

/* The frame of a conv_arithmetic preset unless --size says otherwise. */
#define PRESET2D_SIZE "640x342"

/* Whether the long option is among argv, alone or with =VALUE. */
static bool has_option(int argc, char **argv, const char *option)
{
    size_t len = strlen(option);
    for (int i = 1; i < argc; i++)
        if (strncmp(argv[i], option, len) == 0 && (argv[i][len] == '\0' || argv[i][len] == '='))
            return true;
    return false;
}

/* An -o or --output among the options. */
static bool has_output(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strncmp(argv[i], "-o", 2) == 0)
            return true;
    return has_option(argc, argv, "--output");
}

int cli_preset2d(const struct ca_slide2d_preset *p, int argc, char **argv)
{
    enum { MAX_ARGS = 64 };
    char image[64], kernel[64], pad[16], stride[16], dil[16], outpad[16], out[300];
    snprintf(image, sizeof image, "grid:size=%d,seed=1", p->input);
    snprintf(kernel, sizeof kernel, "grid:size=%d,seed=2,max=2", p->kernel);
    snprintf(pad, sizeof pad, "%d", p->padding);
    snprintf(stride, sizeof stride, "%d", p->stride);
    snprintf(dil, sizeof dil, "%d", p->dilation);
    snprintf(outpad, sizeof outpad, "%d", p->output_padding);
    char *args[MAX_ARGS + 1] = { "animate2d", image, "-k", kernel, "--correlate", "--padding",
                                 pad, "--stride", stride, "--dilation", dil };
    int n = 11;
    if (p->transposed) {
        args[n++] = "--transposed";
        args[n++] = "--output-padding";
        args[n++] = outpad;
    }
    bool named = false;
    for (int i = 1; i < argc; i++) {
        if (!named && strcmp(argv[i], p->name) == 0) {
            named = true;
            continue;
        }
        if (n >= MAX_ARGS - 2)
            return cli_usage_error("preset", "too many arguments");
        args[n++] = argv[i];
    }
    /* small enough for the third of conv_arithmetic's bytes the presets aim
     * at, large enough to read every number */
    if (!has_option(argc, argv, "--size")) {
        args[n++] = "--size";
        args[n++] = PRESET2D_SIZE;
    }
    /* without -o, out/NAME.gif, as the other presets go */
    if (!has_output(argc, argv)) {
        if (mkdir("out", 0777) != 0 && errno != EEXIST) {
            fprintf(stderr, "convanim: cannot create folder 'out': %s\n", strerror(errno));
            return CLI_FAILED;
        }
        snprintf(out, sizeof out, "out/%s.gif", p->name);
        args[n++] = "-o";
        args[n++] = out;
    }
    args[n] = NULL;
    return cli_animate2d(n, args);
}

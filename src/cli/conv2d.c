#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "convanim/conv2d.h"
#include "convanim/figure.h"
#include "convanim/kernel.h"
#include "convanim/png.h"

/* parse() returns this after printing --help: done, nothing to compute */
enum { HELP_SHOWN = -1 };

static void usage(void)
{
    printf("usage: convanim conv2d IMAGE -k KERNEL [-m full|same|valid | --padding P|PY,PX]\n"
           "                      [--stride S|SY,SX] [--dilation D|DY,DX] [--correlate]\n"
           "                      [--transposed [--output-padding A|AY,AX]]\n"
           "                      [-o OUT.png] [--figure FIG.png] [--normalize MODE] [--print]\n"
           "\n"
           "Convolves a PNG image, read as gray values in [0, 1], with a kernel: what\n"
           "scipy.signal.convolve2d(image, kernel, MODE) returns, sampled every SY rows\n"
           "and SX columns; with --correlate, what PyTorch's conv2d returns. IMAGE may\n"
           "be grid:size=N|HxW,seed=S,max=M, random whole numbers from 0 to M (3).\n"
           "\n"
           "  -k, --kernel KERNEL    a named filter or a file of rows (see 'convanim\n"
           "                         filters'), e.g. sobel:vert, gaussian:size=5,sigma=1\n");
    cli_arith_usage();
    printf("  -o, --output FILE      write the result as an 8-bit gray PNG\n"
           "      --figure FILE      write the notebook's figure: the original image, the\n"
           "                         filter with its values, the filtered image\n"
           "      --normalize MODE   how values outside [0, 1] become gray levels in -o\n"
           "                         and --figure: clip, minmax (smallest black, largest\n"
           "                         white) or abs (|v|, largest white); default minmax\n"
           "                         for kernels that sum to 0, clip for others\n"
           "      --print            print the result, one row per line, %%.17g numbers\n"
           "                         separated by spaces\n"
           "At least one of -o, --figure and --print is needed.\n");
}

void cli_arith_usage(void)
{
    printf("  -m, --mode MODE        the padding by name: same (default; the input's size\n"
           "                         at stride 1), full (k - 1 zeros) or valid (none)\n"
           "      --padding P|PY,PX  P zeros on every side, or PY above and below and PX\n"
           "                         left and right (instead of -m)\n"
           "      --stride S|SY,SX   the window's step (default 1)\n"
           "      --dilation D|DY,DX the kernel's taps D cells apart (default 1)\n"
           "      --correlate        take the kernel as it is (PyTorch's conv2d) instead of\n"
           "                         flipped (a true convolution)\n"
           "      --transposed       the transposed convolution (PyTorch's\n"
           "                         conv_transpose2d with --correlate)\n"
           "      --output-padding A|AY,AX\n"
           "                         cells added after the transposed output, below the\n"
           "                         larger of the stride and the dilation (default 0)\n");
}

void cli_arith_init(cli_arith *a)
{
    a->mode_name = NULL;
    ca_conv2d_options_default(&a->opt);
}

int cli_arith_option(const char *cmd, int c, const char *arg, cli_arith *a)
{
    ca_conv2d_options *o = &a->opt;
    switch (c) {
    case CLI_OPT_PADDING:
        o->padded = true;
        return cli_parse_pair(cmd, "--padding", "PY,PX", arg, 0, &o->py, &o->px);
    case CLI_OPT_STRIDE: return cli_parse_pair(cmd, "--stride", "SY,SX", arg, 1, &o->sy, &o->sx);
    case CLI_OPT_DILATION:
        return cli_parse_pair(cmd, "--dilation", "DY,DX", arg, 1, &o->dy, &o->dx);
    case CLI_OPT_OUTPUT_PADDING:
        return cli_parse_pair(cmd, "--output-padding", "AY,AX", arg, 0, &o->ay, &o->ax);
    case CLI_OPT_TRANSPOSED: o->transposed = true; return CLI_OK;
    default: o->correlate = true; return CLI_OK;
    }
}

int cli_arith_settle(const char *cmd, cli_arith *a)
{
    if (a->mode_name && a->opt.padded)
        return cli_usage_error(cmd, "-m and --padding both set the padding: give one");
    if ((a->opt.ay || a->opt.ax) && !a->opt.transposed)
        return cli_usage_error(cmd, "--output-padding is for --transposed only");
    ca_error err = { 0 };
    if (a->mode_name && ca_conv_mode_parse(a->mode_name, &a->opt.mode, &err) != CA_OK)
        return cli_report(CA_EINPUT, &err);
    return CLI_OK;
}

typedef struct job {
    const char *image, *kernel, *output, *figure, *normalize_name;
    cli_arith arith;
    bool print;
} job;

static int parse(job *j, int argc, char **argv)
{
    enum { OPT_FIGURE = 256, OPT_NORMALIZE, OPT_PRINT };
    static const struct option longopts[] = {
        { "kernel", required_argument, NULL, 'k' },
        { "mode", required_argument, NULL, 'm' },
        CLI_ARITH_LONGOPTS,
        { "output", required_argument, NULL, 'o' },
        { "figure", required_argument, NULL, OPT_FIGURE },
        { "normalize", required_argument, NULL, OPT_NORMALIZE },
        { "print", no_argument, NULL, OPT_PRINT },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    static const char shortopts[] = ":k:m:o:h";
    int c, rc = CLI_OK;
    bool seen[CLI_OPTION_MAX] = { false };
    opterr = 0;
    while (rc == CLI_OK && (c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        if (cli_once("conv2d", c, longopts, seen) != CLI_OK)
            return CLI_BAD_INPUT;
        switch (c) {
        case 'k': j->kernel = optarg; break;
        case 'm': j->arith.mode_name = optarg; break;
        case CLI_OPT_PADDING: case CLI_OPT_STRIDE: case CLI_OPT_DILATION:
        case CLI_OPT_TRANSPOSED: case CLI_OPT_OUTPUT_PADDING: case CLI_OPT_CORRELATE:
            rc = cli_arith_option("conv2d", c, optarg, &j->arith);
            break;
        case 'o': j->output = optarg; break;
        case OPT_FIGURE: j->figure = optarg; break;
        case OPT_NORMALIZE: j->normalize_name = optarg; break;
        case OPT_PRINT: j->print = true; break;
        case 'h': usage(); return HELP_SHOWN;
        default: return cli_bad_option("conv2d", shortopts, longopts, c, argv);
        }
    }
    if (rc != CLI_OK)
        return rc;
    if (optind == argc)
        return cli_usage_error("conv2d", "an IMAGE.png is required");
    j->image = argv[optind];
    if (argc - optind > 1)
        return cli_usage_error("conv2d", "unexpected argument '%s'", argv[optind + 1]);
    if (!j->kernel)
        return cli_usage_error("conv2d", "-k KERNEL is required (see 'convanim filters')");
    if (!j->output && !j->figure && !j->print)
        return cli_usage_error("conv2d", "nothing to do: give -o OUT.png, --figure FIG.png "
                               "or --print");
    return cli_arith_settle("conv2d", &j->arith);
}

/* Refuses bad options and outputs before the image is read. */
static ca_status check(const job *j, ca_normalize *norm, bool *norm_given, ca_error *err)
{
    ca_status s = CA_OK;
    *norm_given = j->normalize_name != NULL;
    if (*norm_given)
        s = ca_normalize_parse(j->normalize_name, norm, err);
    const char *outputs[] = { j->output, j->figure };
    if (s == CA_OK)
        s = ca_png_check_outputs(outputs, 2, err);
    return s;
}

int cli_conv2d(int argc, char **argv)
{
    job j = { 0 };
    cli_arith_init(&j.arith);
    int rc = parse(&j, argc, argv);
    if (rc != CLI_OK)
        return rc == HELP_SHOWN ? cli_flush_stdout("the help") : rc;
    cli_files files = { .inputs = { j.image, j.kernel }, .outputs = { j.output, j.figure } };
    if (cli_check_overwrite(&files) != CLI_OK)
        return CLI_BAD_INPUT;

    ca_error err = { 0 };
    ca_normalize norm = CA_NORMALIZE_CLIP;
    bool norm_given;
    ca_image image = { 0 }, kernel = { 0 }, out = { 0 };
    ca_status s = check(&j, &norm, &norm_given, &err);
    if (s == CA_OK)
        s = ca_kernel_from_spec(j.kernel, &kernel, NULL, &err);
    if (s == CA_OK)
        s = ca_image_load(j.image, NULL, &image, &err);
    if (s == CA_OK)
        s = ca_conv2d(&image, &kernel, &j.arith.opt, &out, &err);
    if (s == CA_OK && !norm_given)
        norm = ca_kernel_normalize(&kernel);
    if (s == CA_OK && j.output)
        s = ca_png_write_gray(j.output, &out, norm, &err);
    if (s == CA_OK && j.figure)
        s = ca_figure_write(j.figure, &image, &kernel, &out, norm, &err);
    rc = s == CA_OK ? CLI_OK : cli_report(s, &err);
    if (rc == CLI_OK && j.print)
        rc = cli_print_matrix(&out);
    ca_image_free(&image);
    ca_image_free(&kernel);
    ca_image_free(&out);
    return rc;
}

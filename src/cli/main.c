#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*run)(int argc, char **argv);
    } commands[] = {
        { "signal", cli_signal },
        { "conv", cli_conv },
        { "animate", cli_animate },
        { "preset", cli_preset },
        { "embed", cli_embed },
        { "gallery", cli_gallery },
        { "conv2d", cli_conv2d },
        { "filters", cli_filters },
        { "animate2d", cli_animate2d },
    };
    static const char usage[] =
        "usage: convanim COMMAND [options]\n"
        "\n"
        "Turns a convolution into numbers and lecture-ready animations.\n"
        "\n"
        "  convanim signal SPEC                        print the samples of SPEC\n"
        "  convanim conv -f SPEC -g SPEC [-m MODE] [--correlate]\n"
        "                                              print the output samples\n"
        "  convanim animate -f SPEC -g SPEC -o OUT.gif [options]\n"
        "                                              the sliding animation as a GIF\n"
        "  convanim preset NAME [-o OUT.gif] [options] one of the notebook's examples\n"
        "  convanim preset --list                      the presets and their signals\n"
        "  convanim embed GIF                          the HTML that shows GIF on a page\n"
        "  convanim gallery DIR [-o FILE]              a web page of every GIF in DIR\n"
        "  convanim conv2d IMAGE.png -k KERNEL [-m MODE] [--stride S|SY,SX]\n"
        "                 [-o OUT.png] [--figure FIG.png] [--normalize N] [--print]\n"
        "                                              filter an image\n"
        "  convanim filters [KERNEL]                   the named filters, or one's matrix\n"
        "  convanim animate2d IMAGE.png -k KERNEL -o OUT.gif [options]\n"
        "                                              the kernel sliding over a small image\n"
        "  convanim --help | --version\n"
        "\n"
        "'convanim COMMAND --help' tells more about each command.\n";

    /* Past a file size limit (ulimit -f) a write then fails with EFBIG and
     * is reported like a full disk, instead of the signal killing us
     * without a word. */
    signal(SIGXFSZ, SIG_IGN);
    cli_keep_standard_streams();
    cli_catch_interrupts();
    if (argc < 2) {
        fputs(usage, stderr);
        return CLI_BAD_INPUT;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(usage, stdout);
        return cli_flush_stdout("the help");
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("convanim %s\n", CONVANIM_VERSION);
        return cli_flush_stdout("the version");
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0) {
            int rc = commands[i].run(argc - 1, argv + 1);
            cli_exit_if_interrupted();
            return rc;
        }
    /* through cli_report, which keeps the line one line whatever argv[1] holds */
    size_t count = sizeof commands / sizeof commands[0], len;
    const char *names[sizeof commands / sizeof commands[0]];
    ca_error err = { .status = CA_EINPUT };
    snprintf(err.msg, sizeof err.msg, "unknown command '%.64s' (commands:", argv[1]);
    for (size_t i = 0; i < count; i++) {
        names[i] = commands[i].name;
        len = strlen(err.msg);
        snprintf(err.msg + len, sizeof err.msg - len, "%s %s", i ? "," : "", names[i]);
    }
    const char *like = ca_suggest(argv[1], names, count);
    len = strlen(err.msg);
    if (like)
        snprintf(err.msg + len, sizeof err.msg - len, "; did you mean '%s'?", like);
    len = strlen(err.msg);
    snprintf(err.msg + len, sizeof err.msg - len, "; see convanim --help)");
    return cli_report(CA_EINPUT, &err);
}

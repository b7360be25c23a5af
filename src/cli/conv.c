#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "convanim/conv.h"
#include "convanim/integral.h"

static void usage(void)
{
    printf("usage: convanim conv -f SPEC -g SPEC [-m full|same|valid] [--correlate] [--index]\n"
           "       convanim conv --continuous -f SPEC -g SPEC [--dt DT]\n"
           "\n"
           "Prints the convolution of f and g, one sample per line: what\n"
           "numpy.convolve(f, g, MODE) returns, or numpy.correlate(f, g, MODE)\n"
           "with --correlate.\n"
           "\n"
           "  -f, --f SPEC       the signal f (see 'convanim signal --help')\n"
           "  -g, --g SPEC       the signal g\n"
           "  -m, --mode MODE    full (default, N+M-1 samples), same (max(N,M))\n"
           "                     or valid (max(N,M)-min(N,M)+1)\n"
           "      --correlate    cross-correlate instead of convolving\n"
           "      --index        print each sample's index before it, 'n value': from\n"
           "                     the sum of f's and g's origins (origin=N in a spec),\n"
           "                     or the lag with --correlate\n"
           "      --continuous   f and g are functions of t in seconds (see 'convanim\n"
           "                     signal --help'); prints t and y(t) = integral of\n"
           "                     f(u) g(t - u) du, one pair per line, over y's support\n"
           "      --dt DT        the step between the printed t (default: the\n"
           "                     narrower signal's narrowest feature / 50)\n");
}

/* y as "index value" lines, the first sample at index origin. */
static int print_indexed(const double *y, size_t len, long origin)
{
    for (size_t i = 0; i < len; i++)
        if (printf("%ld %.17g\n", origin + (long)i, y[i]) < 0)
            break;
    return cli_flush_stdout("the samples");
}

/* conv --continuous: y(t) at every dt over its support. */
static int conv_continuous(const char *fspec, const char *gspec, const char *mode_name,
                           bool correlate, const char *dt_text)
{
    if (strcmp(mode_name, "full") != 0)
        return cli_usage_error("conv", "-m %s is for discrete signals: a continuous "
                               "convolution covers its whole support", mode_name);
    if (correlate)
        return cli_usage_error("conv", "--correlate is for discrete signals");
    double dt = 0;
    if (dt_text && cli_parse_dt("conv", dt_text, &dt) != CLI_OK)
        return CLI_BAD_INPUT;
    ca_csignal *f = NULL, *g = NULL;
    ca_trace y = { 0 };
    int rc = cli_load_csignal(fspec, &f);
    if (rc == CLI_OK)
        rc = cli_load_csignal(gspec, &g);
    if (rc == CLI_OK) {
        ca_error err = { 0 };
        ca_status s = ca_integral_trace(f, g, dt_text ? dt : ca_integral_default_dt(f, g), NULL,
                                        &y, &err);
        rc = s == CA_OK ? cli_print_trace(&y, "y(t)") : cli_report(s, &err);
    }
    ca_trace_free(&y);
    ca_csignal_free(f);
    ca_csignal_free(g);
    return rc;
}

/* Room for the len samples of the output, into *y. */
static int alloc_output(size_t len, double **y)
{
    *y = malloc(len * sizeof **y);
    if (!*y) {
        fprintf(stderr, "convanim: out of memory for %zu output samples\n", len);
        return CLI_FAILED;
    }
    return CLI_OK;
}

int cli_conv(int argc, char **argv)
{
    enum { OPT_CORRELATE = 256, OPT_CONTINUOUS, OPT_DT, OPT_INDEX };
    static const struct option longopts[] = {
        { "f", required_argument, NULL, 'f' },
        { "g", required_argument, NULL, 'g' },
        { "mode", required_argument, NULL, 'm' },
        { "correlate", no_argument, NULL, OPT_CORRELATE },
        { "continuous", no_argument, NULL, OPT_CONTINUOUS },
        { "dt", required_argument, NULL, OPT_DT },
        { "index", no_argument, NULL, OPT_INDEX },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    static const char shortopts[] = "+:f:g:m:h";
    const char *fspec = NULL, *gspec = NULL, *mode_name = "full", *dt_text = NULL;
    bool correlate = false, continuous = false, indexed = false, seen[CLI_OPTION_MAX] = { false };
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        if (cli_once("conv", c, longopts, seen) != CLI_OK)
            return CLI_BAD_INPUT;
        switch (c) {
        case 'f': fspec = optarg; break;
        case 'g': gspec = optarg; break;
        case 'm': mode_name = optarg; break;
        case OPT_CORRELATE: correlate = true; break;
        case OPT_CONTINUOUS: continuous = true; break;
        case OPT_DT: dt_text = optarg; break;
        case OPT_INDEX: indexed = true; break;
        case 'h': usage(); return cli_flush_stdout("the help");
        default: return cli_bad_option("conv", shortopts, longopts, c, argv);
        }
    }
    if (optind < argc)
        return cli_usage_error("conv", "unexpected argument '%s'", argv[optind]);
    if (!fspec || !gspec)
        return cli_usage_error("conv", "both -f SPEC and -g SPEC are required");
    if (strcmp(fspec, "-") == 0 && strcmp(gspec, "-") == 0)
        return cli_usage_error("conv", "only one of -f and -g can read standard input");
    if (continuous && indexed)
        return cli_usage_error("conv", "--index is for discrete signals: --continuous already "
                               "prints t before each value");
    if (continuous)
        return conv_continuous(fspec, gspec, mode_name, correlate, dt_text);
    if (dt_text)
        return cli_usage_error("conv", "--dt is for continuous signals (add --continuous)");

    ca_error err = { 0 };
    ca_conv_mode mode;
    ca_status s = ca_conv_mode_parse(mode_name, &mode, &err);
    if (s != CA_OK)
        return cli_report(s, &err);

    /* Generators' lengths are known from their specs: a convolution over
     * the budget is refused, and the output allocated, before seconds go
     * into generating samples that would be thrown away. */
    ca_signal f = { 0 }, g = { 0 };
    double *y = NULL;
    size_t nf, ng;
    int rc = CLI_OK;
    if (cli_spec_lengths(fspec, gspec, &nf, &ng)) {
        if ((s = ca_conv_check(nf, ng, &err)) != CA_OK)
            return cli_report(s, &err);
        rc = alloc_output(ca_conv_length(nf, ng, mode), &y);
    }
    if (rc == CLI_OK)
        rc = cli_load_signal(fspec, &f);
    if (rc == CLI_OK)
        rc = cli_load_signal(gspec, &g);
    if (rc == CLI_OK && !y)
        rc = alloc_output(ca_conv_length(f.n, g.n, mode), &y);
    if (rc == CLI_OK) {
        size_t len = ca_conv_length(f.n, g.n, mode);
        if ((s = ca_conv(f.v, f.n, g.v, g.n, mode, correlate, y, &err)) != CA_OK) {
            rc = cli_report(s, &err);
        } else if (indexed) {
            rc = print_indexed(y, len, ca_conv_origin(f.n, g.n, f.origin, g.origin, mode,
                                                      correlate));
        } else {
            rc = cli_print_samples(y, len);
        }
    }
    free(y);
    ca_signal_free(&f);
    ca_signal_free(&g);
    return rc;
}

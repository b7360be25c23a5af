#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "cli.h"

static void usage(void)
{
    printf("usage: convanim signal SPEC\n"
           "       convanim signal --continuous [--dt DT] SPEC\n"
           "\n"
           "Prints the samples of SPEC, one per line.\n"
           "\n"
           "SPEC is a generator with optional key=value settings, or a file:\n"
           "  sawtooth:cycles=6,amplitude=1,period=10   (alias force)\n"
           "  decay:n=40,end=1,scale=20                 (alias impulse_response)\n"
           "  gaussian:n=30,min=-0.5,max=0.5,mean=0,std=0.1   (alias gaussian_signal)\n"
           "  random:n=50,seed=1      uniform in [0, 1), the same for the same seed\n"
           "  delta:n=5,at=0,height=1   box:n=5,height=1   step:n=20,at=5,height=1\n"
           "  sine:n=50,cycles=2,amplitude=1,phase=0   (phase in radians)\n"
           "  values:0;0.5;1          literal samples\n"
           "  data.csv, data.txt      numbers separated by commas, blanks or newlines\n"
           "  data.npy                a 1-D float64, float32, int32 or int64 array\n"
           "  -                       the same, from standard input\n"
           "The values shown are the defaults (the notebook's). Every spec takes\n"
           "pad=N: N zeros on both sides (data.csv:pad=5).\n"
           "\n"
           "With --continuous, SPEC is a function of t in seconds, and the command\n"
           "prints t and x(t) over its support: every DT seconds (default: its\n"
           "narrowest feature / 50) and at every breakpoint, twice where x jumps\n"
           "(the value on the left first). The generators:\n"
           "  rect:width=1,center=0,height=1     tri:width=2,center=0,height=1\n"
           "  exp:rate=1,start=0,height=1[,until=T]  (T: by default where it is 1e-4)\n"
           "  step:at=0,until=5,height=1         gauss:sigma=1,center=0 (unit area)\n"
           "  sine:freq=1,phase=0,amplitude=1,from=0,to=1\n"
           "  sinc:width=1,center=0   sin(pi t/width)/(pi t/width) over +-8 width\n"
           "  ramp:from=0,to=1        t - from on [from, to)\n"
           "  values:0;1;0.5,dt=1,t0=0, data.csv:dt=1,t0=0, -:dt=1,t0=0\n"
           "                          samples at t0 + i dt, linearly interpolated\n");
}

/* signal --continuous: x(t) over its support. */
static int signal_continuous(const char *spec, const char *dt_text)
{
    double dt = 0;
    if (dt_text && cli_parse_dt("signal", dt_text, &dt) != CLI_OK)
        return CLI_BAD_INPUT;
    ca_csignal *x = NULL;
    int rc = cli_load_csignal(spec, &x);
    if (rc != CLI_OK)
        return rc;
    double lo, hi;
    ca_csignal_support(x, &lo, &hi);
    ca_trace tr;
    ca_error err = { 0 };
    ca_status s = ca_csignal_trace(x, lo, hi, dt_text ? dt : ca_csignal_default_dt(x), NULL,
                                   &tr, &err);
    rc = s == CA_OK ? cli_print_trace(&tr, "the samples") : cli_report(s, &err);
    ca_trace_free(&tr);
    ca_csignal_free(x);
    return rc;
}

int cli_signal(int argc, char **argv)
{
    enum { OPT_CONTINUOUS = 256, OPT_DT };
    static const struct option longopts[] = {
        { "help", no_argument, NULL, 'h' },
        { "continuous", no_argument, NULL, OPT_CONTINUOUS },
        { "dt", required_argument, NULL, OPT_DT },
        { NULL, 0, NULL, 0 },
    };
    static const char shortopts[] = "+:h";
    const char *dt_text = NULL;
    bool continuous = false;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        if (c == OPT_CONTINUOUS) {
            continuous = true;
            continue;
        }
        if (c == OPT_DT) {
            dt_text = optarg;
            continue;
        }
        if (c == 'h') {
            usage();
            return cli_flush_stdout("the help");
        }
        return cli_bad_option("signal", shortopts, longopts, c, argv);
    }
    if (optind == argc)
        return cli_usage_error("signal", "a SPEC is required");
    if (argc - optind > 1)
        return cli_usage_error("signal", "unexpected argument '%s'", argv[optind + 1]);
    if (continuous)
        return signal_continuous(argv[optind], dt_text);
    if (dt_text)
        return cli_usage_error("signal", "--dt is for continuous signals (add --continuous)");

    ca_signal sig;
    int rc = cli_load_signal(argv[optind], &sig);
    if (rc != CLI_OK)
        return rc;
    rc = cli_print_samples(sig.v, sig.n);
    ca_signal_free(&sig);
    return rc;
}

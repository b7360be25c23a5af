#include <getopt.h>
#include <stdio.h>

#include "cli.h"

static void usage(void)
{
    printf("usage: convanim signal SPEC\n"
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
           "pad=N: N zeros on both sides (data.csv:pad=5).\n");
}

int cli_signal(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    static const char shortopts[] = "+:h";
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
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

    ca_signal sig;
    int rc = cli_load_signal(argv[optind], &sig);
    if (rc != CLI_OK)
        return rc;
    rc = cli_print_samples(sig.v, sig.n);
    ca_signal_free(&sig);
    return rc;
}

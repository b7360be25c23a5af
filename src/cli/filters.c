#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "convanim/kernel.h"

static void usage(void)
{
    printf("usage: convanim filters [KERNEL]\n"
           "\n"
           "Without KERNEL, lists the named filters with their settings at their\n"
           "defaults. With one, says what its matrix is and which way it points, on\n"
           "lines that start with '#', then prints the matrix, top row first, one row\n"
           "per line (a file 'convanim conv2d -k' reads back).\n"
           "\n"
           "The matrix is the kernel as given to the convolution, which flips it: the\n"
           "top-left cell multiplies the pixel below and to the right of the centre.\n"
           "KERNEL may also be a file of rows, to check how it is read.\n");
}

static int list(void)
{
    for (size_t i = 0; i < ca_kernel_count(); i++) {
        ca_kernel_info k = ca_kernel_at(i);
        printf("%-32s %s\n", k.spec, k.about);
    }
    printf("%-32s %s\n", "FILE.csv", "rows of numbers separated by commas or blanks");
    return cli_flush_stdout("the list");
}

int cli_filters(int argc, char **argv)
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
        return cli_bad_option("filters", shortopts, longopts, c, argv);
    }
    if (optind == argc)
        return list();
    if (argc - optind > 1)
        return cli_usage_error("filters", "unexpected argument '%s'", argv[optind + 1]);

    ca_image k;
    const char *about;
    ca_error err = { 0 };
    ca_status s = ca_kernel_from_spec(argv[optind], &k, &about, &err);
    if (s != CA_OK)
        return cli_report(s, &err);
    /* each line of the description as a comment */
    for (const char *p = about; p && *p;) {
        size_t len = strcspn(p, "\n");
        printf("# %.*s\n", (int)len, p);
        p += len + (p[len] == '\n');
    }
    int rc = cli_print_matrix(&k);
    ca_image_free(&k);
    return rc;
}

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cli_report(ca_status status, const ca_error *err)
{
    fprintf(stderr, "convanim: %s\n", err->msg[0] ? err->msg : ca_strerror(status));
    return ca_status_is_input(status) ? CLI_BAD_INPUT : CLI_FAILED;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "convanim: %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (see 'convanim %s --help')\n", cmd);
    return CLI_BAD_INPUT;
}

int cli_bad_option(const char *cmd, const char *optstring, int c, char **argv)
{
    /* A refused long option is always the last word getopt_long read. A
     * short one may sit inside a cluster (-qx), after a long option: it is
     * short when getopt_long names a character that is not an option. */
    const char *word = argv[optind - 1];
    bool valid_short = optopt > 0 && optopt < 256 && optopt != ':' && optopt != '+' &&
                       strchr(optstring, optopt) != NULL;
    bool long_option = strncmp(word, "--", 2) == 0 &&
                       (c == ':' || optopt == 0 || optopt >= 256 || valid_short);
    if (long_option) {
        int len = (int)strcspn(word, "=");
        if (c == ':')
            return cli_usage_error(cmd, "option '%.*s' needs a value", len, word);
        if (optopt)
            return cli_usage_error(cmd, "option '%.*s' takes no value", len, word);
        return cli_usage_error(cmd, "unknown option '%.*s'", len, word);
    }
    if (c == ':')
        return cli_usage_error(cmd, "option -%c needs a value", optopt);
    return cli_usage_error(cmd, "unknown option '-%c'", optopt);
}

int cli_load_signal(const char *spec, ca_signal *out)
{
    ca_error err = { 0 };
    ca_status s = ca_signal_from_spec(spec, NULL, stdin, out, &err);
    return s == CA_OK ? CLI_OK : cli_report(s, &err);
}

int cli_print_samples(const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (printf("%.17g\n", v[i]) < 0)
            break;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "convanim: writing the samples: %s\n", strerror(errno));
        return CLI_FAILED;
    }
    return CLI_OK;
}

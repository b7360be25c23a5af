#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
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

int cli_bad_option(const char *cmd, char **argv)
{
    if (optopt && strchr("fgmo", optopt))
        return cli_usage_error(cmd, "option -%c needs a value", optopt);
    if (optopt)
        return cli_usage_error(cmd, "unknown option '-%c'", optopt);
    return cli_usage_error(cmd, "unknown or incomplete option '%s'", argv[optind - 1]);
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

#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

/* What `signal --continuous` and `conv --continuous` share. */

int cli_parse_dt(const char *cmd, const char *text, double *dt)
{
    char *end;
    double d = strtod(text, &end);
    /* !(d > 0) also refuses nan; d - d is nan for an infinity */
    if (end == text || *end != '\0' || !(d > 0) || d - d != 0)
        return cli_usage_error(cmd, "--dt wants a number of seconds > 0 (got '%s')", text);
    *dt = d;
    return CLI_OK;
}

int cli_load_csignal(const char *spec, ca_csignal **out)
{
    ca_error err = { 0 };
    ca_status s = ca_csignal_from_spec(spec, NULL, stdin, out, &err);
    return s == CA_OK ? CLI_OK : cli_report(s, &err);
}

int cli_print_trace(const ca_trace *tr, const char *what)
{
    for (size_t i = 0; i < tr->n; i++)
        if (printf("%.17g %.17g\n", tr->t[i], tr->v[i]) < 0)
            break;
    return cli_flush_stdout(what);
}

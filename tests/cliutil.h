#ifndef CONVANIM_CLIUTIL_H
#define CONVANIM_CLIUTIL_H

/* The plain case of runutil.h's runner, for suites that only need a
 * command's exit code and what it printed. Header-only, like testutil.h. */

#include <stdarg.h>

#include "runutil.h"

typedef ru_result run;

/* Runs build/convanim (or $CONVANIM_BIN) with the NULL-terminated
 * arguments in folder cwd (NULL: this one), with `input` on stdin; stdout
 * goes to stdout_path when not NULL, else into r->out. */
static inline void cu_run_with(run *r, const char *cwd, const char *input,
                               const char *stdout_path, ...)
{
    const char *args[63];
    va_list ap;
    va_start(ap, stdout_path);
    int n = 0;
    while (n < 62 && (args[n] = va_arg(ap, const char *)) != NULL)
        n++;
    va_end(ap);
    args[n] = NULL;
    ru_opts o = { .cwd = cwd, .input = input, .input_len = strlen(input),
                  .stdout_path = stdout_path };
    ru_run(r, &o, args);
}

#define RUN(r, ...) cu_run_with(r, NULL, "", NULL, __VA_ARGS__, (const char *)NULL)
#define RUN_IN(r, cwd, ...) cu_run_with(r, cwd, "", NULL, __VA_ARGS__, (const char *)NULL)

/* The bad-input contract: exit 2, nothing on stdout, one line on stderr
 * that starts with "convanim:" and names the culprit. */
static inline void cu_assert_bad_input(const run *r, const char *culprit)
{
    ru_assert_refused(r, 2, culprit, "convanim");
}

#endif

#ifndef CONVANIM_CLIUTIL_H
#define CONVANIM_CLIUTIL_H

/* Running build/convanim from a Check suite: a fork/exec runner that
 * captures the exit code, stdout and stderr, and the bad-input contract.
 * Header-only, like testutil.h; every path it writes is in a fresh
 * temporary folder. */

#include <fcntl.h>
#include <stdarg.h>
#include <sys/wait.h>

#include "testutil.h"

typedef struct run {
    int code;
    char out[1 << 16], err[4096];
} run;

/* The first size - 1 bytes of path, as a string in buf. */
static inline char *cu_slurp(const char *path, char *buf, size_t size)
{
    FILE *fp = fopen(path, "r");
    ck_assert_ptr_nonnull(fp);
    size_t n = fread(buf, 1, size - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

/* Runs build/convanim (or $CONVANIM_BIN) with the NULL-terminated
 * arguments in folder cwd (NULL: this one), with `input` on stdin; stdout
 * goes to stdout_path when not NULL, else into r->out. */
static inline void cu_run_with(run *r, const char *cwd, const char *input,
                               const char *stdout_path, ...)
{
    const char *bin = getenv("CONVANIM_BIN");
    char dir[256], in_path[300], out_path[300], err_path[300];
    /* absolute, so that it still runs from cwd */
    char *exe = realpath(bin ? bin : "build/convanim", NULL);
    ck_assert_ptr_nonnull(exe);
    const char *argv[32] = { exe };
    va_list ap;
    va_start(ap, stdout_path);
    for (int i = 1; i < 31 && (argv[i] = va_arg(ap, const char *)) != NULL; i++)
        ;
    va_end(ap);

    tu_mkdtemp(dir, sizeof dir);
    snprintf(in_path, sizeof in_path, "%s/in", dir);
    snprintf(out_path, sizeof out_path, "%s/out", dir);
    snprintf(err_path, sizeof err_path, "%s/err", dir);
    tu_write_file(in_path, input, strlen(input));
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        int in = open(in_path, O_RDONLY);
        int out = open(stdout_path ? stdout_path : out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (in < 0 || out < 0 || err < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 ||
            dup2(err, 2) < 0 || (cwd && chdir(cwd) != 0))
            _exit(127);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status));
    r->code = WEXITSTATUS(status);
    if (stdout_path)
        r->out[0] = '\0';
    else
        cu_slurp(out_path, r->out, sizeof r->out);
    cu_slurp(err_path, r->err, sizeof r->err);
    tu_rmtree(dir);
    free(exe);
}

#define RUN(r, ...) cu_run_with(r, NULL, "", NULL, __VA_ARGS__, (const char *)NULL)
#define RUN_IN(r, cwd, ...) cu_run_with(r, cwd, "", NULL, __VA_ARGS__, (const char *)NULL)

/* The bad-input contract: exit 2, nothing on stdout, one line on stderr
 * that starts with "convanim:" and names the culprit. */
static inline void cu_assert_bad_input(const run *r, const char *culprit)
{
    ck_assert_msg(r->code == 2, "exit %d, stderr: %s", r->code, r->err);
    ck_assert_str_eq(r->out, "");
    ck_assert_msg(strncmp(r->err, "convanim: ", 10) == 0, "stderr: %s", r->err);
    ck_assert_msg(strchr(r->err, '\n') == r->err + strlen(r->err) - 1, "not one line: %s", r->err);
    ck_assert_msg(strstr(r->err, culprit) != NULL, "'%s' does not name '%s'", r->err, culprit);
}

#endif

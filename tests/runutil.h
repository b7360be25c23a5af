#ifndef CONVANIM_RUNUTIL_H
#define CONVANIM_RUNUTIL_H

/* Running build/convanim the way a build pipeline might meet it: in a
 * folder of its own, with bytes on stdin, under a file size or memory
 * limit, with a library preloaded, killed halfway, or on a clock.
 * Header-only, like testutil.h; cliutil.h's runner is the plain case.
 * Also a snapshot of a folder, to prove that a refused run left every file
 * as it was and nothing behind. */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/pidfd.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include "testutil.h"

/* An address space limit breaks AddressSanitizer's shadow memory. */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif

typedef struct ru_opts {
    const char *cwd;            /* NULL: this folder */
    const char *input;          /* standard input, input_len bytes (NULL: empty) */
    size_t input_len;
    const char *stdin_path;     /* standard input from this file (a fifo) instead */
    const char *stdout_path;    /* NULL: captured in ru_result.out */
    bool stdout_closed;         /* descriptor 1 closed: the command's stdout is gone */
    long long fsize_limit;      /* RLIMIT_FSIZE in bytes (ulimit -f), 0: none */
    long long as_limit;         /* RLIMIT_AS in bytes, 0: none */
    const char *const *env;     /* NAME=VALUE settings added to the environment, NULL-ended */
    int timeout_s;              /* SIGKILL and fail the test after this (0: 120) */
} ru_opts;

typedef struct ru_result {
    int code;                   /* exit status, or -1 when a signal ended it */
    int signal;                 /* the signal that ended it, or 0 */
    double seconds;
    char out[1 << 16], err[8192];
} ru_result;

/* build/convanim, or $CONVANIM_BIN, as an absolute path in a static buffer. */
static inline const char *ru_bin(void)
{
    static char exe[4096];
    if (!exe[0]) {
        const char *bin = getenv("CONVANIM_BIN");
        ck_assert_msg(realpath(bin ? bin : "build/convanim", exe) != NULL,
                      "cannot find the convanim binary");
    }
    return exe;
}

/* A convanim started by ru_start, until ru_finish waits for it. */
typedef struct ru_child {
    pid_t pid;
    double start;
    const char *what;           /* the command, for messages */
    char dir[256];              /* its standard input, output and error */
} ru_child;

/* The environment convanim runs with: this process's, with each NAME=VALUE
 * of extra in place of the same NAME's setting. A new array; free it. */
static inline char **ru_environment(const char *const *extra)
{
    extern char **environ;
    size_t n = 0, k = 0;
    while (environ[n])
        n++;
    while (extra && extra[k])
        k++;
    char **env = malloc((n + k + 1) * sizeof *env);
    ck_assert_ptr_nonnull(env);
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        bool replaced = false;
        for (size_t j = 0; j < k && !replaced; j++) {
            size_t name = strcspn(extra[j], "=");
            replaced = strncmp(environ[i], extra[j], name + 1) == 0;
        }
        if (!replaced)
            env[used++] = environ[i];
    }
    for (size_t j = 0; j < k; j++)
        env[used++] = (char *)extra[j];
    env[used] = NULL;
    return env;
}

/* Starts convanim with args (NULL-terminated, not counting argv[0]).
 * vfork, not fork: the CLI suites start some thousand processes, and
 * copying the test's page tables for each, only to replace them at once,
 * cost more than the tests' own work. The child therefore only makes
 * system calls before execve; everything it needs is prepared here. */
static inline void ru_start(ru_child *c, const ru_opts *o, const char *const *args)
{
    char in_path[300], out_path[300], err_path[300];
    const char *argv[64] = { ru_bin() };
    int argc = 1;
    while (argc < 63 && args[argc - 1]) {
        argv[argc] = args[argc - 1];
        argc++;
    }
    ck_assert_msg(args[argc - 1] == NULL, "more than 62 arguments for convanim");
    argv[argc] = NULL;

    c->what = args[0];
    tu_mkdtemp(c->dir, sizeof c->dir);
    snprintf(in_path, sizeof in_path, "%s/in", c->dir);
    snprintf(out_path, sizeof out_path, "%s/out", c->dir);
    snprintf(err_path, sizeof err_path, "%s/err", c->dir);
    tu_write_file(in_path, o->input ? o->input : "", o->input ? o->input_len : 0);
    const char *in_name = o->stdin_path ? o->stdin_path : in_path;
    const char *out_name = o->stdout_path ? o->stdout_path : out_path;
    struct rlimit fsize = { (rlim_t)o->fsize_limit, (rlim_t)o->fsize_limit };
    struct rlimit as = { (rlim_t)o->as_limit, (rlim_t)o->as_limit };
    char **env = ru_environment(o->env);
    c->start = tu_now();
    c->pid = vfork();
    if (c->pid == 0) {
        int in = open(in_name, O_RDONLY);
        int out = open(out_name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (in < 0 || out < 0 || err < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 ||
            dup2(err, 2) < 0 || (o->cwd && chdir(o->cwd) != 0) ||
            (o->stdout_closed && close(1) != 0) ||
            (o->fsize_limit && setrlimit(RLIMIT_FSIZE, &fsize) != 0) ||
            (o->as_limit && setrlimit(RLIMIT_AS, &as) != 0))
            _exit(127);
        execve(argv[0], (char *const *)argv, env);
        _exit(127);
    }
    free(env);
    ck_assert_int_ge(c->pid, 0);
}

/* How long a run may take, in seconds. */
static inline int ru_limit(const ru_opts *o)
{
    return o->timeout_s ? o->timeout_s : 120;
}

/* Whether the child has ended (or been stopped, with WUNTRACED in
 * flags), its status in *status; fails the test after o->timeout_s. */
static inline bool ru_poll(const ru_child *c, const ru_opts *o, int flags, int *status)
{
    pid_t got = waitpid(c->pid, status, WNOHANG | flags);
    ck_assert_int_ge(got, 0);
    if (got == c->pid)
        return true;
    int limit = ru_limit(o);
    if (tu_now() - c->start >= limit) {
        kill(c->pid, SIGKILL);
        waitpid(c->pid, status, 0);
        tu_rmtree(c->dir);
        ck_abort_msg("convanim %s ... still ran after %d s", c->what, limit);
    }
    struct timespec nap = { 0, 2000000 };
    nanosleep(&nap, NULL);
    return false;
}

/* Waits for the child to end and fills r. */
static inline void ru_finish(ru_child *c, ru_result *r, const ru_opts *o)
{
    char out_path[300], err_path[300];
    int status;
    /* Sleep until the child ends rather than waking every few milliseconds
     * to look: a thousand short runs would each lose half a nap. */
    int fd = pidfd_open(c->pid, 0);
    if (fd >= 0) {
        double left = ru_limit(o) - (tu_now() - c->start);
        struct pollfd ended = { fd, POLLIN, 0 };
        while (left > 0 && poll(&ended, 1, (int)(left * 1000) + 1) < 0 && errno == EINTR)
            left = ru_limit(o) - (tu_now() - c->start);
        close(fd);
    }
    while (!ru_poll(c, o, 0, &status))
        continue;
    r->seconds = tu_now() - c->start;
    r->code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r->signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    snprintf(out_path, sizeof out_path, "%s/out", c->dir);
    snprintf(err_path, sizeof err_path, "%s/err", c->dir);
    if (o->stdout_path)
        r->out[0] = '\0';
    else
        tu_slurp(out_path, r->out, sizeof r->out);
    tu_slurp(err_path, r->err, sizeof r->err);
    tu_rmtree(c->dir);
}

/* Runs convanim with args (NULL-terminated, not counting argv[0]). */
static inline void ru_run(ru_result *r, const ru_opts *o, const char *const *args)
{
    ru_child c;
    ru_start(&c, o, args);
    ru_finish(&c, r, o);
}

/* The bad-input contract of the README: exit code `code` (2: the input's
 * fault, 1: the system's), nothing on stdout, one line on stderr that
 * starts with "convanim: " and contains culprit. */
static inline void ru_assert_refused(const ru_result *r, int code, const char *culprit,
                                     const char *what)
{
    ck_assert_msg(r->code == code, "%s: exit %d (signal %d), not %d; stderr: %s", what, r->code,
                  r->signal, code, r->err);
    ck_assert_msg(r->out[0] == '\0', "%s: stdout is not empty: %.200s", what, r->out);
    ck_assert_msg(strncmp(r->err, "convanim: ", 10) == 0, "%s: stderr: %s", what, r->err);
    size_t len = strlen(r->err);
    ck_assert_msg(len > 0 && strchr(r->err, '\n') == r->err + len - 1, "%s: not one line: %s",
                  what, r->err);
    ck_assert_msg(strstr(r->err, culprit) != NULL, "%s: '%s' does not name '%s'", what, r->err,
                  culprit);
}

/* A folder's files (names, kinds, sizes and contents, recursively) as one
 * string, so two snapshots are equal when nothing in it changed. */
typedef struct ru_snapshot {
    char *text;
    size_t len, cap;
} ru_snapshot;

static inline void ru_snap_add(ru_snapshot *s, const void *data, size_t len)
{
    if (s->len + len + 1 > s->cap) {
        s->cap = (s->len + len + 1) * 2;
        s->text = realloc(s->text, s->cap);
        ck_assert_ptr_nonnull(s->text);
    }
    memcpy(s->text + s->len, data, len);
    s->len += len;
    s->text[s->len] = '\0';
}

static inline int ru_name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static inline void ru_snap_folder(ru_snapshot *s, const char *dir, const char *rel)
{
    DIR *d = opendir(dir);
    ck_assert_msg(d != NULL, "cannot open folder %s", dir);
    char *names[512];
    int n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        /* no assertion per entry: snapshots are taken by the thousand */
        if (n == 512)
            ck_abort_msg("more than 512 files in %s", dir);
        if ((names[n++] = strdup(e->d_name)) == NULL)
            ck_abort_msg("out of memory");
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], ru_name_cmp);
    for (int i = 0; i < n; i++) {
        char path[4096], line[4096 + 64];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        struct stat st;
        if (lstat(path, &st) != 0)
            ck_abort_msg("cannot stat %s: %s", path, strerror(errno));
        int len = snprintf(line, sizeof line, "%s%s%s mode %o size %lld\n", rel, *rel ? "/" : "",
                           names[i], (unsigned)st.st_mode, (long long)st.st_size);
        ru_snap_add(s, line, (size_t)len);
        if (S_ISREG(st.st_mode)) {
            FILE *fp = fopen(path, "rb");
            if (fp == NULL)
                ck_abort_msg("cannot open %s: %s", path, strerror(errno));
            char buf[4096];
            size_t got;
            while ((got = fread(buf, 1, sizeof buf, fp)) > 0)
                ru_snap_add(s, buf, got);
            fclose(fp);
        } else if (S_ISDIR(st.st_mode)) {
            char sub[4096];
            snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", names[i]);
            ru_snap_folder(s, path, sub);
        }
        free(names[i]);
    }
}

static inline ru_snapshot ru_snapshot_of(const char *dir)
{
    ru_snapshot s = { NULL, 0, 0 };
    ru_snap_add(&s, "", 0);
    ru_snap_folder(&s, dir, "");
    return s;
}

/* The repository's folder, found from the fixtures' (`make test` names it). */
static inline const char *ru_repo_file(const char *name)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/../../%s", tu_fixtures(), name);
    return path;
}

#endif

#ifndef CONVANIM_TESTUTIL_H
#define CONVANIM_TESTUTIL_H

/* Small helpers shared by the Check suites: per-test temporary folders and
 * the main() every suite uses (TU_MAIN). Header-only so every suite links on
 * its own. */

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <malloc.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Creates a fresh folder under $TMPDIR (or /tmp) and writes its path to dir. */
static inline void tu_mkdtemp(char *dir, size_t size)
{
    const char *base = getenv("TMPDIR");
    snprintf(dir, size, "%s/convanim-test-XXXXXX", base && *base ? base : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

/* Removes a folder made by tu_mkdtemp and the files in it (one level deep,
 * which is all the tests make). */
static inline void tu_rmtree(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        char path[4096];
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path)
                continue;
            if (unlink(path) != 0)
                tu_rmtree(path);
        }
        closedir(d);
    }
    rmdir(dir);
}

/* How many entries dir holds, besides . and .. */
static inline int tu_entries(const char *dir)
{
    DIR *d = opendir(dir);
    ck_assert_msg(d != NULL, "cannot open folder %s", dir);
    int n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

/* Writes len bytes to path, failing the test if it cannot (with one
 * assertion: suites write thousands of small files). */
static inline void tu_write_file(const char *path, const void *data, size_t len)
{
    FILE *fp = fopen(path, "wb");
    bool ok = fp != NULL && fwrite(data, 1, len, fp) == len;
    if (fp != NULL && fclose(fp) != 0)
        ok = false;
    ck_assert_msg(ok, "cannot write %s: %s", path, strerror(errno));
}

/* Reads whitespace-separated numbers (a fixture) into a new array. */
static inline double *tu_read_doubles(const char *path, size_t *n)
{
    FILE *fp = fopen(path, "r");
    ck_assert_msg(fp != NULL, "cannot open fixture %s", path);
    size_t cap = 64, len = 0;
    double *v = malloc(cap * sizeof *v), x;
    ck_assert_ptr_nonnull(v);
    while (fscanf(fp, "%lf", &x) == 1) {
        if (len == cap) {
            cap *= 2;
            v = realloc(v, cap * sizeof *v);
            ck_assert_ptr_nonnull(v);
        }
        v[len++] = x;
    }
    ck_assert_msg(feof(fp), "garbage in fixture %s", path);
    fclose(fp);
    *n = len;
    return v;
}

/* Reads a matrix fixture ("ROWS COLS", then the values row by row) from
 * the fixtures folder into a new array of rows x cols values. */
static inline double *tu_read_matrix(const char *name, int *rows, int *cols)
{
    char path[8192];
    const char *dir = getenv("CONVANIM_FIXTURES");
    snprintf(path, sizeof path, "%s/%s", dir ? dir : "tests/fixtures", name);
    size_t n;
    double *v = tu_read_doubles(path, &n);
    ck_assert_msg(n >= 2 && n == 2 + (size_t)v[0] * (size_t)v[1], "bad matrix fixture %s", path);
    *rows = (int)v[0];
    *cols = (int)v[1];
    memmove(v, v + 2, (n - 2) * sizeof *v);
    return v;
}

/* The first index where got and want differ by more than tol (or either is
 * NaN), or n when none does: arrays are checked with one assertion naming
 * that index, as Check's bookkeeping for each passing assertion costs far
 * more than the comparison. */
static inline size_t tu_first_far(const double *got, const double *want, size_t n, double tol)
{
    for (size_t i = 0; i < n; i++)
        if (!(fabs(got[i] - want[i]) <= tol))
            return i;
    return n;
}

/* The folder of the NumPy fixtures (set by `make test`). */
static inline const char *tu_fixtures(void)
{
    const char *dir = getenv("CONVANIM_FIXTURES");
    return dir ? dir : "tests/fixtures";
}

/* How TU_MAIN builds a suite: its name, each test's time limit, a fixture
 * run around every test (in the test's own process), one run once around
 * the whole suite (in the runner's process, so what it makes is inherited
 * by every test: costly set-ups are paid once), and the tests run once per
 * row of a table (by name: a loop test gets _i from 0 to n - 1). */
typedef struct tu_suite {
    const char *name;
    double timeout;                 /* seconds per test; 0: Check's 4 s */
    bool nofork;                    /* run the tests in the runner's process, without the
                                       fork per test that costs more than a short test;
                                       a failure still ends only its own test, a crash
                                       the whole suite; timeouts are the test's own */
    void (*setup)(void), (*teardown)(void);
    void (*setup_once)(void), (*teardown_once)(void);
    struct {
        const char *test;
        int n;
    } loops[16];
} tu_suite;

/* Seconds of CPU this process and the children it waited for (a test's
 * fork, the convanim it ran) have used: on a shared machine the wall clock
 * says more about the neighbours than about the suite. */
static inline double tu_cpu(void)
{
    struct rusage self, children;
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &children);
    return (double)(self.ru_utime.tv_sec + self.ru_stime.tv_sec + children.ru_utime.tv_sec +
                    children.ru_stime.tv_sec) +
           (double)(self.ru_utime.tv_usec + self.ru_stime.tv_usec + children.ru_utime.tv_usec +
                    children.ru_stime.tv_usec) * 1e-6;
}

/* Seconds on a clock that only goes forward. */
static inline double tu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static inline bool tu_listed(const TTest *const *tests, size_t count, const char *name)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(tests[i]->name, name) == 0)
            return true;
    return false;
}

/* The main() of a suite: runs the tests listed (each a START_TEST name),
 * or, given names on the command line, only those. Prints one line with the
 * suite's time, then Check's report of any failure. */
static inline int tu_main(const tu_suite *suite, const TTest *const *tests, size_t count,
                          int argc, char **argv)
{
    enum { LOOPS = sizeof suite->loops / sizeof suite->loops[0] };
    for (int a = 1; a < argc; a++)
        if (!tu_listed(tests, count, argv[a])) {
            fprintf(stderr, "%s: no test %s; the tests:", suite->name, argv[a]);
            for (size_t i = 0; i < count; i++)
                fprintf(stderr, " %s", tests[i]->name);
            fprintf(stderr, "\n");
            return EXIT_FAILURE;
        }
    for (size_t l = 0; l < LOOPS; l++)
        if (suite->loops[l].test && !tu_listed(tests, count, suite->loops[l].test)) {
            fprintf(stderr, "%s: the loop test %s is not in the list\n", suite->name,
                    suite->loops[l].test);
            return EXIT_FAILURE;
        }

    /* Freed blocks stay with the process for the next test (its fork
     * inherits them) instead of going back to the kernel: the suites
     * allocate and free whole images again and again, and on a virtual
     * machine each page fault that comes back costs some microseconds
     * of system time (some 90,000 of the suites' 1.2 million). */
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    Suite *s = suite_create(suite->name);
    TCase *tc = tcase_create(suite->name);
    if (suite->timeout > 0)
        tcase_set_timeout(tc, suite->timeout);
    if (suite->setup || suite->teardown)
        tcase_add_checked_fixture(tc, suite->setup, suite->teardown);
    if (suite->setup_once || suite->teardown_once)
        tcase_add_unchecked_fixture(tc, suite->setup_once, suite->teardown_once);
    for (size_t i = 0; i < count; i++) {
        bool wanted = argc < 2;
        for (int a = 1; a < argc; a++)
            wanted |= strcmp(argv[a], tests[i]->name) == 0;
        int loops = 1;
        for (size_t l = 0; l < LOOPS; l++)
            if (suite->loops[l].test && strcmp(suite->loops[l].test, tests[i]->name) == 0)
                loops = suite->loops[l].n;
        if (wanted)
            tcase_add_loop_test(tc, tests[i], 0, loops);
    }
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    if (suite->nofork)
        srunner_set_fork_status(sr, CK_NOFORK);
    double start = tu_now(), cpu = tu_cpu();
    srunner_run_all(sr, CK_SILENT);
    int run = srunner_ntests_run(sr), failed = srunner_ntests_failed(sr);
    printf("%-16s %6.2f s  %6.2f s CPU  %d checks, %d failed\n", suite->name, tu_now() - start,
           tu_cpu() - cpu, run, failed);
    if (failed)
        srunner_print(sr, CK_NORMAL);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#define TU_MAIN(suite, ...)                                                               \
    int main(int argc, char **argv)                                                       \
    {                                                                                     \
        const TTest *const tests_[] = { __VA_ARGS__ };                                    \
        return tu_main(&(suite), tests_, sizeof tests_ / sizeof tests_[0], argc, argv);   \
    }

/* The first size - 1 bytes of path, as a string in buf. */
static inline char *tu_slurp(const char *path, char *buf, size_t size)
{
    FILE *fp = fopen(path, "rb");
    ck_assert_msg(fp != NULL, "cannot open %s", path);
    size_t n = fread(buf, 1, size - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}
/* A whole file into a new buffer; its length in *len. */
static inline uint8_t *tu_read_all(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    ck_assert_msg(fp != NULL, "cannot open %s", path);
    size_t cap = 1 << 16, n = 0, got;
    uint8_t *buf = malloc(cap);
    ck_assert_ptr_nonnull(buf);
    while ((got = fread(buf + n, 1, cap - n, fp)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
            ck_assert_ptr_nonnull(buf);
        }
    }
    fclose(fp);
    *len = n;
    return buf;
}

/* Copies the file at from to the path to. */
static inline void tu_copy_file(const char *from, const char *to)
{
    size_t len;
    uint8_t *bytes = tu_read_all(from, &len);
    tu_write_file(to, bytes, len);
    free(bytes);
}

#endif

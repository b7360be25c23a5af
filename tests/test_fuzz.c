#include <dirent.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "testutil.h"

/* Replays every fuzz target's seed corpus (tests/fuzz/corpus/NAME) and
 * every crash the fuzzing found (tests/fuzz/regress/NAME) through the
 * target, so a fixed bug stays fixed under `make test`, and, with
 * SANITIZE=1, under the sanitizers too. Each input runs in a process of
 * its own, which fails the test naming the input when it crashes (a
 * target abort()s when an invariant breaks) or takes too much memory. */

#define LLVMFuzzerTestOneInput fuzz_spec
#include "fuzz/fuzz_spec.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_signal
#include "fuzz/fuzz_signal.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_kernel
#include "fuzz/fuzz_kernel.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_png
#include "fuzz/fuzz_png.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_mathtext
#include "fuzz/fuzz_mathtext.c"
#undef LLVMFuzzerTestOneInput

static const struct {
    const char *name;
    int (*run)(const uint8_t *data, size_t size);
} targets[] = {
    { "spec", fuzz_spec },
    { "signal", fuzz_signal },
    { "kernel", fuzz_kernel },
    { "png", fuzz_png },
    { "mathtext", fuzz_mathtext },
};
enum { TARGETS = sizeof targets / sizeof targets[0] };

/* The most memory one input may take, as `make fuzz` holds the fuzzers to
 * (-malloc_limit_mb): AddressSanitizer's own needs included. */
enum { MAX_RSS_KB = 512 * 1024 };

/* tests/fuzz, found beside the fixtures folder that `make test` names. */
static void fuzz_folder(char *buf, size_t size, const char *kind, const char *name)
{
    snprintf(buf, size, "%s/../fuzz/%s/%s", tu_fixtures(), kind, name);
}

/* Runs the target over every file in folder; returns how many there were
 * (0 for a folder that does not exist). */
static int replay(int t, const char *folder)
{
    DIR *d = opendir(folder);
    if (!d)
        return 0;
    int count = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", folder, e->d_name);
        FILE *fp = fopen(path, "rb");
        ck_assert_msg(fp != NULL, "cannot open %s", path);
        uint8_t *data = malloc(1 << 20);
        ck_assert_ptr_nonnull(data);
        size_t len = fread(data, 1, 1 << 20, fp);
        ck_assert_msg(feof(fp), "%s: over 1 MiB, too large for a fuzz input", path);
        fclose(fp);
        /* in a process of its own, so a crash names its input */
        pid_t pid = fork();
        ck_assert_int_ge(pid, 0);
        if (pid == 0)
            _exit(targets[t].run(data, len));
        int status;
        struct rusage use;
        ck_assert_int_eq(waitpid(pid, &status, 0), pid);
        /* the largest child so far: the first input past the limit is the one */
        ck_assert_int_eq(getrusage(RUSAGE_CHILDREN, &use), 0);
        ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                      "fuzz_%s crashes on %s (%s %d)", targets[t].name, path,
                      WIFSIGNALED(status) ? "signal" : "exit",
                      WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
        /* the targets' limits keep every input small: a few hundred bytes
         * must not cost hundreds of megabytes */
        ck_assert_msg(use.ru_maxrss < MAX_RSS_KB, "fuzz_%s takes %ld MB on %s", targets[t].name,
                      use.ru_maxrss / 1024, path);
        free(data);
        count++;
    }
    closedir(d);
    return count;
}

START_TEST(seed_corpus_and_saved_crashes_replay_cleanly)
{
    char corpus[4096], regress[4096];
    fuzz_folder(corpus, sizeof corpus, "corpus", targets[_i].name);
    fuzz_folder(regress, sizeof regress, "regress", targets[_i].name);
    ck_assert_msg(replay(_i, corpus) >= 3, "%s: fewer than 3 seeds in %s", targets[_i].name,
                  corpus);
    replay(_i, regress);
}
END_TEST

static const tu_suite suite = {
    .name = "fuzz", .timeout = 60,
    .loops = { { "seed_corpus_and_saved_crashes_replay_cleanly", TARGETS } }
};
TU_MAIN(suite, seed_corpus_and_saved_crashes_replay_cleanly)

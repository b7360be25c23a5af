#ifndef CONVANIM_FUZZUTIL_H
#define CONVANIM_FUZZUTIL_H

/* What the libFuzzer targets share. Each target is one file with its
 * LLVMFuzzerTestOneInput; tests/test_fuzz.c includes them all (renaming
 * that function) to replay the seed corpora and every saved crash under
 * `make test`, so they must compile with the project's warnings as C11.
 *
 * A target checks what must hold whatever the input, and abort()s when it
 * does not: libFuzzer and the replay both count that as a crash. */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "convanim/error.h"

/* Fails the run, naming what broke. */
#define FUZZ_REQUIRE(cond)                                                          \
    do {                                                                            \
        if (!(cond)) {                                                              \
            fprintf(stderr, "%s:%d: fuzz invariant broken: %s\n", __FILE__, __LINE__, \
                    #cond);                                                         \
            abort();                                                                \
        }                                                                           \
    } while (0)

/* A failed call must say why in one sentence; a success must not leave
 * a stale message behind as a failure would. */
static inline void fuzz_check_status(ca_status s, const ca_error *err)
{
    FUZZ_REQUIRE(s == CA_OK || s == CA_EINPUT || s == CA_ELIMIT || s == CA_ENOMEM ||
                 s == CA_EIO);
    if (s != CA_OK) {
        FUZZ_REQUIRE(err->status == s);
        FUZZ_REQUIRE(err->msg[0] != '\0');
        FUZZ_REQUIRE(memchr(err->msg, '\0', sizeof err->msg) != NULL);
    }
}

/* The loaders that take a path read the input from a file: a fresh one
 * in $TMPDIR (or /tmp) per input, its name written to path, which the
 * caller removes. Returns 0 when it cannot be written (the input is then
 * skipped). */
static inline int fuzz_file(const uint8_t *data, size_t size, char *path, size_t path_size)
{
    const char *base = getenv("TMPDIR");
    snprintf(path, path_size, "%s/convanim-fuzz-XXXXXX", base && *base ? base : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    FILE *fp = fdopen(fd, "wb");
    if (!fp) {
        close(fd);
        unlink(path);
        return 0;
    }
    size_t put = size ? fwrite(data, 1, size, fp) : 0;
    if (fclose(fp) != 0 || put != size) {
        unlink(path);
        return 0;
    }
    return 1;
}

#endif

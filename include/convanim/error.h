#ifndef CONVANIM_ERROR_H
#define CONVANIM_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

/* One error type for the whole library. Every call that can fail returns a
 * ca_status and, when given a non-NULL ca_error, fills in a one-line sentence
 * that names the culprit (a spec, a key, a file and line). Only the command
 * line prints it. */

#include <stddef.h>

typedef enum ca_status {
    CA_OK = 0,
    CA_EINPUT,  /* the input is wrong: a spec, a value, a file's contents, an option */
    CA_ELIMIT,  /* the input is well formed but asks for more than the limits allow */
    CA_ENOMEM,  /* an allocation failed */
    CA_EIO      /* the system failed us: a read or write that should have worked */
} ca_status;

enum { CA_ERROR_MAX = 320 };

typedef struct ca_error {
    ca_status status;
    char msg[CA_ERROR_MAX];
} ca_error;

/* A short description of a status ("bad input", "out of memory", ...). */
const char *ca_strerror(ca_status status);

/* True for the statuses that are the input's fault (the CLI exits with 2). */
int ca_status_is_input(ca_status status);

/* The one of count names that word most likely misspells (one or two
 * letters wrong, missing, extra or swapped), or NULL: for the "did you
 * mean" of an error message. */
const char *ca_suggest(const char *word, const char *const *names, size_t count);

#ifdef __cplusplus
}
#endif

#endif

#ifndef CONVANIM_UTIL_H
#define CONVANIM_UTIL_H

/* Helpers shared by the library's modules; not part of the public API. */

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "convanim/error.h"

/* Records status and a printf-style message in err (if err is not NULL) and
 * returns status, so a failing path can read `return ca_fail(err, ...)`. */
ca_status ca_fail(ca_error *err, ca_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Parses a finite decimal number ([+-]digits[.digits][e[+-]digits]) that
 * fills the whole of text into *out; returns 0 (leaving *out alone) when
 * text is anything else: hexadecimal, "inf", blanks around it. */
int ca_parse_real(const char *text, double *out);

/* The blanks a file or a spec may put around a number or a setting. */
#define CA_BLANKS " \t\r\n"

/* s without the blanks at either end: s is cut in place and a pointer
 * into it returned. */
char *ca_trim(char *s);

/* Takes the next "key=value" of a comma-separated list at *rest (cut in
 * place; *rest moves past it): *key and *value without the blanks around
 * them, or both NULL at the end (blanks and commas at the end are no
 * setting, as in a file). CA_EINPUT, naming `what`, for an empty setting
 * between two commas or one without '='. */
ca_status ca_next_setting(const char *what, char **rest, char **key, char **value,
                          ca_error *err);

/* Opens the file at path for reading into *out without blocking, whatever
 * it is: a folder, a device or a socket is refused (CA_EINPUT), and so is
 * a fifo or a pipe unless stream says the reader reads front to back and
 * needs nothing else of a file (a fifo nobody writes to then reads as
 * empty). Messages name path. */
ca_status ca_open_input(const char *path, bool stream, FILE **out, ca_error *err);

/* "; did you mean 'NAME'?" when word looks like a slip for one of names,
 * else "": to go inside the brackets of an "unknown ..." message. */
void ca_suggestion(const char *word, const char *const *names, size_t count, char *buf,
                   size_t size);

/* CA_EINPUT: "unknown KIND 'NAME' (KINDs: a, b, c; did you mean 'b'?)",
 * or for name NULL "no KIND given (KINDs: a, b, c)". */
ca_status ca_fail_unknown(ca_error *err, const char *kind, const char *name,
                          const char *const *names, size_t count);

/* The index of name among count names into *index; otherwise (name NULL
 * included) ca_fail_unknown's error. */
ca_status ca_find_name(const char *kind, const char *name, const char *const *names,
                       size_t count, size_t *index, ca_error *err);

/* a * b into *out; returns 0 when the product does not fit in size_t. */
int ca_mul_size(size_t a, size_t b, size_t *out);

/* Allocates n zeroed samples into *out after checking n against the limits
 * (NULL: the defaults); `what` names the generator or file in messages. */
struct ca_signal;
struct ca_signal_limits;
ca_status ca_signal_alloc(const char *what, size_t n, const struct ca_signal_limits *lim,
                          struct ca_signal *out, ca_error *err);

#endif

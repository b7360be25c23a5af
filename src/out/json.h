#ifndef CONVANIM_JSON_H
#define CONVANIM_JSON_H

/* JSON written to a sink, for the descriptions of the 1D and the 2D
 * animations' frames. The bytes go out through a buffer, so that a file
 * sink sees a few large writes; the first write that comes short, or the
 * first text that cannot be read out plain, stops everything after it, and
 * ca_json_finish says why. Internal, not public. */

#include <stdbool.h>
#include <stddef.h>

#include "convanim/error.h"
#include "convanim/sink.h"

typedef struct ca_json {
    ca_sink *sink;
    size_t len;
    bool failed;
    ca_status status;    /* of the failure, when not the sink's */
    ca_error *err;
    char buf[4096];
} ca_json;

/* Starts j on sink, failures described in err. */
void ca_json_start(ca_json *j, ca_sink *sink, ca_error *err);

/* n bytes as they are; printf's output (at most 127 bytes). */
void ca_json_put(ca_json *j, const char *s, size_t n);
void ca_json_putf(ca_json *j, const char *fmt, ...);

/* A JSON string: UTF-8 as it is, quotes, backslashes and control
 * characters (a label's line break) escaped. NULL is null. */
void ca_json_string(ca_json *j, const char *s);

/* Text a frame draws (a title, a label, a caption) as a reader hears it,
 * as ca_text_plain reads the markup: "y[3]", not "$y$[3]". NULL is null. */
void ca_json_text(ca_json *j, const char *markup);

/* A number in the fewest digits that read back as the same double (17
 * always do); one that is not finite (nothing there) is null. */
void ca_json_number(ca_json *j, double v);

/* Writes what is buffered: CA_OK, or the first failure. */
ca_status ca_json_finish(ca_json *j);

#endif

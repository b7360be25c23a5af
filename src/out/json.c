#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out/json.h"
#include "convanim/text.h"

void ca_json_start(ca_json *j, ca_sink *sink, ca_error *err)
{
    j->sink = sink;
    j->len = 0;
    j->failed = false;
    j->status = CA_OK;
    j->err = err;
}

static void flush(ca_json *j)
{
    if (!j->failed && j->len > 0 && j->sink->write(j->sink->ctx, j->buf, j->len) != j->len)
        j->failed = true;
    j->len = 0;
}

void ca_json_put(ca_json *j, const char *s, size_t n)
{
    while (n > 0 && !j->failed) {
        if (j->len == sizeof j->buf)
            flush(j);
        size_t k = sizeof j->buf - j->len < n ? sizeof j->buf - j->len : n;
        memcpy(j->buf + j->len, s, k);
        j->len += k;
        s += k;
        n -= k;
    }
}

void ca_json_putf(ca_json *j, const char *fmt, ...)
{
    char text[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    ca_json_put(j, text, n < 0 ? 0 : (size_t)n < sizeof text ? (size_t)n : sizeof text - 1);
}

void ca_json_string(ca_json *j, const char *s)
{
    if (!s) {
        ca_json_put(j, "null", 4);
        return;
    }
    ca_json_put(j, "\"", 1);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            ca_json_putf(j, "\\%c", c);
        else if (c == '\n')
            ca_json_put(j, "\\n", 2);
        else if (c < 0x20 || c == 0x7f)
            ca_json_putf(j, "\\u%04x", c);
        else
            ca_json_put(j, s, 1);
    }
    ca_json_put(j, "\"", 1);
}

void ca_json_text(ca_json *j, const char *markup)
{
    char *plain = NULL;
    if (markup && !j->failed && (j->status = ca_text_plain(markup, &plain, j->err)) != CA_OK)
        j->failed = true;
    else
        ca_json_string(j, markup ? plain : NULL);
    free(plain);
}

void ca_json_number(ca_json *j, double v)
{
    if (!isfinite(v)) {
        ca_json_put(j, "null", 4);
        return;
    }
    char text[32];
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(text, sizeof text, "%.*g", digits, v);
        if (strtod(text, NULL) == v)
            break;
    }
    ca_json_put(j, text, strlen(text));
}

ca_status ca_json_finish(ca_json *j)
{
    flush(j);
    if (j->status != CA_OK)
        return j->status;
    return j->failed ? ca_sink_failed(j->sink, j->err) : CA_OK;
}

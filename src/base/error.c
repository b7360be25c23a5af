#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/util.h"

const char *ca_strerror(ca_status status)
{
    switch (status) {
    case CA_OK:     return "success";
    case CA_EINPUT: return "bad input";
    case CA_ELIMIT: return "input over the limits";
    case CA_ENOMEM: return "out of memory";
    case CA_EIO:    return "input/output error";
    }
    return "unknown error";
}

int ca_status_is_input(ca_status status)
{
    return status == CA_EINPUT || status == CA_ELIMIT;
}

ca_status ca_fail(ca_error *err, ca_status status, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->status = status;
    }
    return status;
}

int ca_mul_size(size_t a, size_t b, size_t *out)
{
    if (a != 0 && b > SIZE_MAX / a)
        return 0;
    *out = a * b;
    return 1;
}

/* Digits, at least one, with at most one '.' among them, then an optional
 * exponent: the decimal numbers a file or a spec may hold. strtod would
 * also take hexadecimal (0x10), "infinity" and leading blanks. */
static int decimal(const char *p)
{
    int digits = 0, dot = 0;
    if (*p == '+' || *p == '-')
        p++;
    for (; (*p >= '0' && *p <= '9') || (*p == '.' && !dot); p++) {
        digits += *p != '.';
        dot += *p == '.';
    }
    if (!digits)
        return 0;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (*p < '0' || *p > '9')
            return 0;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    return *p == '\0';
}

int ca_parse_real(const char *text, double *out)
{
    char *end;
    if (!decimal(text))
        return 0;
    double d = strtod(text, &end);
    if (end == text || *end != '\0' || !isfinite(d))
        return 0;
    *out = d;
    return 1;
}

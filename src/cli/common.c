#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "base/util.h"

/* The length of the UTF-8 character that starts at p, or 0 when the bytes
 * there are not one (a stray continuation byte, a sequence cut short, an
 * overlong form, a surrogate, past U+10FFFF). */
static size_t utf8_length(const unsigned char *p)
{
    size_t n = *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : 2;
    if (*p < 0xc2 || *p > 0xf4)
        return 0;
    for (size_t i = 1; i < n; i++)
        if ((p[i] & 0xc0) != 0x80)
            return 0;
    if ((*p == 0xe0 && p[1] < 0xa0) || (*p == 0xed && p[1] > 0x9f) ||
        (*p == 0xf0 && p[1] < 0x90) || (*p == 0xf4 && p[1] > 0x8f))
        return 0;
    return n;
}

/* Writes text to stderr with every control character (C0, DEL and C1) and
 * every byte that is not part of a valid UTF-8 character as '?': a message
 * quotes arguments and file contents, and a newline, an escape sequence or
 * a broken character in them must not break its one line or reach the
 * terminal. */
void cli_put_text(const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p;) {
        size_t n = *p < 0x80 ? 1 : utf8_length(p);
        /* C1 controls, U+0080 to U+009F, are C2 80 to C2 9F */
        if (n == 0 || *p < 0x20 || *p == 0x7f || (*p == 0xc2 && p[1] < 0xa0)) {
            fputc('?', stderr);
            p += n ? n : 1;
        } else {
            fwrite(p, 1, n, stderr);
            p += n;
        }
    }
}

int cli_report(ca_status status, const ca_error *err)
{
    fputs("convanim: ", stderr);
    cli_put_text(err->msg[0] ? err->msg : ca_strerror(status));
    fputc('\n', stderr);
    return ca_status_is_input(status) ? CLI_BAD_INPUT : CLI_FAILED;
}

void cli_warn(const char *fmt, ...)
{
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    fputs("convanim: warning: ", stderr);
    cli_put_text(text);
    fputc('\n', stderr);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    fprintf(stderr, "convanim: %s: ", cmd);
    cli_put_text(text);
    fprintf(stderr, " (see 'convanim %s --help')\n", cmd);
    return CLI_BAD_INPUT;
}

int cli_bad_option(const char *cmd, const char *optstring, const struct option *longopts,
                   int c, char **argv)
{
    /* A refused long option is always the last word getopt_long read. A
     * short one may sit inside a cluster (-qx), after a long option: it is
     * short when getopt_long names a character that is not an option. */
    const char *word = argv[optind - 1];
    bool valid_short = optopt > 0 && optopt < 256 && optopt != ':' && optopt != '+' &&
                       strchr(optstring, optopt) != NULL;
    bool long_option = strncmp(word, "--", 2) == 0 &&
                       (c == ':' || optopt == 0 || optopt >= 256 || valid_short);
    if (long_option) {
        int len = (int)strcspn(word, "=");
        if (c == ':')
            return cli_usage_error(cmd, "option '%.*s' needs a value", len, word);
        if (optopt)
            return cli_usage_error(cmd, "option '%.*s' takes no value", len, word);
        const char *names[64], *like;
        size_t n = 0;
        for (const struct option *o = longopts; o->name && n < 64; o++)
            names[n++] = o->name;
        char name[64];
        snprintf(name, sizeof name, "%.*s", len - 2, word + 2);
        if ((like = ca_suggest(name, names, n)) != NULL)
            return cli_usage_error(cmd, "unknown option '%.*s'; did you mean '--%s'?", len, word,
                                   like);
        return cli_usage_error(cmd, "unknown option '%.*s'", len, word);
    }
    if (c == ':')
        return cli_usage_error(cmd, "option -%c needs a value", optopt);
    return cli_usage_error(cmd, "unknown option '-%c'", optopt);
}

int cli_once(const char *cmd, int c, const struct option *longopts, bool *seen)
{
    if (c < 0 || c >= CLI_OPTION_MAX || !seen[c]) {
        if (c >= 0 && c < CLI_OPTION_MAX)
            seen[c] = true;
        return CLI_OK;
    }
    const char *name = NULL;
    for (const struct option *o = longopts; o->name; o++)
        if (o->val == c)
            name = o->name;
    if (c < 256 && name && strlen(name) > 1)
        return cli_usage_error(cmd, "option -%c (--%s) given twice", c, name);
    if (c < 256)
        return cli_usage_error(cmd, "option -%c given twice", c);
    return cli_usage_error(cmd, "option '--%s' given twice", name ? name : "?");
}

int cli_load_signal(const char *spec, ca_signal *out)
{
    ca_error err = { 0 };
    ca_status s = ca_signal_from_spec(spec, NULL, stdin, out, &err);
    return s == CA_OK ? CLI_OK : cli_report(s, &err);
}

bool cli_spec_lengths(const char *fspec, const char *gspec, size_t *nf, size_t *ng)
{
    return ca_signal_spec_length(fspec, NULL, nf, NULL) == CA_OK && *nf > 0 &&
           ca_signal_spec_length(gspec, NULL, ng, NULL) == CA_OK && *ng > 0;
}

int cli_flush_stdout(const char *what)
{
    /* errno still holds why the first failed write failed when the flush
     * has nothing left to write */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "convanim: writing %s: %s\n", what, strerror(errno ? errno : EIO));
        return CLI_FAILED;
    }
    return CLI_OK;
}

void cli_keep_standard_streams(void)
{
    /* A closed descriptor 0, 1 or 2 would be the next file opened, and what
     * is meant for stdout would go into an output. /dev/null opened for
     * reading holds the place: writes to it fail with EBADF, which the
     * command reports, and reads give end of file. */
    for (int fd = 0; fd <= 2; fd++)
        if (fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
            int null = open("/dev/null", O_RDONLY);
            if (null >= 0 && null != fd) {
                dup2(null, fd);
                close(null);
            }
        }
}

int cli_print_samples(const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (printf("%.17g\n", v[i]) < 0)
            break;
    return cli_flush_stdout("the samples");
}

int cli_print_matrix(const ca_image *m)
{
    for (int y = 0; y < m->height; y++) {
        const double *row = m->v + (size_t)y * m->width;
        for (int x = 0; x < m->width; x++)
            if (printf(x ? " %.17g" : "%.17g", row[x]) < 0)
                return cli_flush_stdout("the matrix");
        if (putchar('\n') == EOF)
            break;
    }
    return cli_flush_stdout("the matrix");
}

int cli_parse_pair(const char *cmd, const char *option, const char *pair, const char *text,
                   int lo, int *y, int *x)
{
    char *end;
    errno = 0;
    long a = strtol(text, &end, 10), b = a;
    if (*end == ',' && end > text) {
        const char *second = end + 1;
        b = strtol(second, &end, 10);
        if (end == second)
            end = (char *)text;
    }
    if (end == text || *end || errno == ERANGE || a < lo || b < lo || a > INT_MAX || b > INT_MAX)
        return cli_usage_error(cmd, "%s wants a whole number from %d, or %s (got '%s')", option,
                               lo, pair, text);
    *y = (int)a;
    *x = (int)b;
    return CLI_OK;
}

int cli_parse_int(const char *cmd, const char *option, const char *text, long lo, long hi,
                  int *out)
{
    /* strtol alone would also take blanks before the number */
    const char *digits = text + (*text == '-' || *text == '+');
    char *end = (char *)text;
    long v = 0;
    errno = 0;
    if (*digits >= '0' && *digits <= '9')
        v = strtol(text, &end, 10);
    if (end == text || *end || errno == ERANGE || v < lo || v > hi)
        return cli_usage_error(cmd, "%s wants a whole number from %ld to %ld (got '%s')",
                               option, lo, hi, text);
    *out = (int)v;
    return CLI_OK;
}

int cli_parse_real(const char *cmd, const char *option, const char *text, double lo, double hi,
                   double *out)
{
    double v;
    if (!ca_parse_real(text, &v) || !(v >= lo && v <= hi))
        return cli_usage_error(cmd, "%s wants a number from %g to %g (got '%s')", option, lo,
                               hi, text);
    *out = v;
    return CLI_OK;
}

int cli_parse_labels(const char *cmd, const char *option, const char *names, const char *text,
                     char *buf, size_t size, const char *labels[3])
{
    size_t len = strlen(text);
    if (len >= size)
        return cli_usage_error(cmd, "%s is too long (at most %zu bytes)", option, size - 1);
    memcpy(buf, text, len + 1);
    char *p = buf;
    for (int i = 0; i < 3; i++) {
        char *comma = strchr(p, ',');
        if ((i < 2) != (comma != NULL))
            return cli_usage_error(cmd, "%s wants three labels %s (got '%s')", option, names,
                                   text);
        if (comma)
            *comma = '\0';
        if (*p)
            labels[i] = p;
        if (comma)
            p = comma + 1;
    }
    return CLI_OK;
}

void cli_progress(const char *path, size_t done, size_t total)
{
    enum { BAR = 30 };
    char bar[BAR + 1];
    size_t full = done * BAR / total;
    memset(bar, '#', full);
    memset(bar + full, '.', BAR - full);
    bar[BAR] = '\0';
    fputc('\r', stderr);
    cli_put_text(path);
    fprintf(stderr, " [%s] %zu/%zu", bar, done, total);
    if (done == total)
        fputc('\n', stderr);
}

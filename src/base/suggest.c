#include <stdio.h>
#include <string.h>

#include "base/util.h"

enum { MAX_WORD = 64 };

/* Edit distance with transpositions (optimal string alignment), or a
 * number larger than any useful one for words longer than MAX_WORD. */
static size_t distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > MAX_WORD || m > MAX_WORD)
        return (size_t)-1;
    size_t d[MAX_WORD + 1][MAX_WORD + 1];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[n][m];
}

const char *ca_suggest(const char *word, const char *const *names, size_t count)
{
    /* a slip is one or two edits, and fewer than half the word */
    size_t len = strlen(word), limit = len < 4 ? 1 : 2, best = limit + 1;
    const char *pick = NULL;
    for (size_t i = 0; i < count; i++) {
        size_t d = distance(word, names[i]);
        if (d < best && d < len) {
            best = d;
            pick = names[i];
        }
    }
    return pick;
}

void ca_suggestion(const char *word, const char *const *names, size_t count, char *buf,
                   size_t size)
{
    const char *pick = ca_suggest(word, names, count);
    if (pick)
        snprintf(buf, size, "; did you mean '%s'?", pick);
    else if (size)
        buf[0] = '\0';
}

ca_status ca_fail_unknown(ca_error *err, const char *kind, const char *name,
                          const char *const *names, size_t count)
{
    char list[512] = "", hint[96];
    size_t len = 0;
    for (size_t i = 0; i < count && len < sizeof list; i++)
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", names[i]);
    if (!name)
        return ca_fail(err, CA_EINPUT, "no %s given (%ss: %s)", kind, kind, list);
    ca_suggestion(name, names, count, hint, sizeof hint);
    return ca_fail(err, CA_EINPUT, "unknown %s '%s' (%ss: %s%s)", kind, name, kind, list, hint);
}

ca_status ca_find_name(const char *kind, const char *name, const char *const *names,
                       size_t count, size_t *index, ca_error *err)
{
    for (size_t i = 0; name && i < count; i++)
        if (strcmp(name, names[i]) == 0) {
            *index = i;
            return CA_OK;
        }
    return ca_fail_unknown(err, kind, name, names, count);
}

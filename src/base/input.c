#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"

/* Reading what a user hands us: files that must not block, specs whose
 * blanks do not matter. */

char *ca_trim(char *s)
{
    s += strspn(s, CA_BLANKS);
    size_t len = strlen(s);
    while (len > 0 && strchr(CA_BLANKS, s[len - 1]))
        s[--len] = '\0';
    return s;
}

ca_status ca_next_setting(const char *what, char **rest, char **key, char **value,
                          ca_error *err)
{
    char *item = *rest;
    *key = *value = NULL;
    /* blanks and commas at the end are allowed, as in a file */
    if (!item || !item[strspn(item, "," CA_BLANKS)])
        return CA_OK;
    char *next = strchr(item, ',');
    if (next)
        *next++ = '\0';
    *rest = next;
    item = ca_trim(item);
    char *eq = strchr(item, '=');
    if (!*item)
        return ca_fail(err, CA_EINPUT, "%s: an empty setting between two commas", what);
    if (!eq)
        return ca_fail(err, CA_EINPUT, "%s: '%s' is not key=value", what, item);
    *eq = '\0';
    *key = ca_trim(item);
    *value = ca_trim(eq + 1);
    return CA_OK;
}

ca_status ca_open_input(const char *path, bool stream, FILE **out, ca_error *err)
{
    /* a path too long to open would fill the message and hide the reason:
     * its end says which file it is */
    enum { SHOWN = 160 };
    size_t len = strlen(path);
    const char *cut = len > SHOWN ? "..." : "", *shown = len > SHOWN ? path + len - SHOWN : path;
    *out = NULL;
    /* O_NONBLOCK: opening a fifo nobody writes to returns at once instead
     * of waiting for a writer; reading it then finds its end */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return ca_fail(err, errno == ENOMEM ? CA_ENOMEM : CA_EINPUT, "%s%s: cannot open: %s",
                       cut, shown, strerror(errno));
    struct stat st;
    ca_status s = CA_OK;
    int flags;
    if (fstat(fd, &st) != 0 || (flags = fcntl(fd, F_GETFL)) == -1 ||
        fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == -1)
        s = ca_fail(err, CA_EIO, "%s: cannot read: %s", path, strerror(errno));
    else if (S_ISDIR(st.st_mode))
        s = ca_fail(err, CA_EINPUT, "%s: is a folder, not a file", path);
    else if (!S_ISREG(st.st_mode) && !(stream && S_ISFIFO(st.st_mode)))
        s = ca_fail(err, CA_EINPUT, "%s: not a regular file%s", path,
                    stream ? " or a pipe" : "");
    else if (!(*out = fdopen(fd, "rb")))
        s = ca_fail(err, errno == ENOMEM ? CA_ENOMEM : CA_EIO, "%s: cannot read: %s", path,
                    strerror(errno));
    if (s != CA_OK)
        close(fd);
    return s;
}

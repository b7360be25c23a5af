#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/path.h"
#include "base/util.h"

size_t ca_folder_len(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? (size_t)(slash - path) + 1 : 0;
}

ca_status ca_folder_error(const char *path, const char *inside, int errnum, ca_error *err)
{
    const char *file = path ? path : "", *colon = path ? ": " : "";
    size_t n = ca_folder_len(inside);
    const char *dir = n ? inside : ".";
    int len = n > 1 ? (int)n - 1 : 1;
    /* a folder that exists yet says ENOENT (/proc) takes no new files */
    struct stat st;
    char *folder = errnum == ENOENT ? strndup(dir, (size_t)len) : NULL;
    bool exists = folder && stat(folder, &st) == 0 && S_ISDIR(st.st_mode);
    free(folder);
    if (errnum == ENOENT && exists)
        return ca_fail(err, CA_EINPUT, "%s%scannot create a file in folder '%.*s'", file, colon,
                       len, dir);
    if (errnum == ENOENT)
        return ca_fail(err, CA_EINPUT, "%s%sfolder '%.*s' does not exist", file, colon, len, dir);
    if (errnum == ENOTDIR)
        return ca_fail(err, CA_EINPUT, "%s%s'%.*s' is not a folder", file, colon, len, dir);
    bool input = errnum == EACCES || errnum == EPERM || errnum == EROFS ||
                 errnum == ENAMETOOLONG || errnum == ELOOP;
    return ca_fail(err, input ? CA_EINPUT : CA_EIO,
                   input ? "%s%scannot write in folder '%.*s' (%s)"
                         : "%s%scannot create a file in folder '%.*s' (%s)",
                   file, colon, len, dir, strerror(errnum));
}

ca_status ca_write_target(const char *path, char **dest, ca_error *err)
{
    if (!*path)
        return ca_fail(err, CA_EINPUT, "empty file name");
    if (ca_folder_len(path) == strlen(path))
        return ca_fail(err, CA_EINPUT, "%s: is a folder, not a file", path);
    struct stat st;
    bool link = lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
    int errnum = stat(path, &st) == 0 ? 0 : errno;
    /* the name's end says which file it is; all of it would fill the message */
    size_t len = strlen(path), shown = len > 160 ? 160 : len;
    if (errnum == ENAMETOOLONG)
        return ca_fail(err, CA_EINPUT, "%s%s: file name too long", shown < len ? "..." : "",
                       path + len - shown);
    if (link && (errnum == ENOENT || errnum == ENOTDIR))
        return ca_fail(err, CA_EINPUT, "%s: a symbolic link to a missing file", path);
    if (link && errnum)
        return ca_fail(err, errnum == EIO ? CA_EIO : CA_EINPUT,
                       "%s: cannot follow the symbolic link (%s)", path, strerror(errnum));
    if (!errnum && S_ISDIR(st.st_mode))
        return ca_fail(err, CA_EINPUT, "%s: is a folder, not a file", path);
    if (!errnum && !S_ISREG(st.st_mode))
        return ca_fail(err, CA_EINPUT, "%s: not a regular file", path);
    /* stat has just followed the link: only memory can fail realpath now */
    *dest = link ? realpath(path, NULL) : strdup(path);
    return *dest ? CA_OK : ca_fail(err, CA_ENOMEM, "%s: out of memory", path);
}

bool ca_atomic_same_target(const char *p, const char *q)
{
    struct stat a, b;
    if (strcmp(p, q) == 0)
        return true;
    /* stat follows links: two names of one existing file */
    if (stat(p, &a) == 0 && stat(q, &b) == 0)
        return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
    /* or one name in one folder */
    size_t np = ca_folder_len(p), nq = ca_folder_len(q);
    char *fp = np ? strndup(p, np) : strdup("."), *fq = nq ? strndup(q, nq) : strdup(".");
    bool same = strcmp(p + np, q + nq) == 0 && fp && fq && stat(fp, &a) == 0 &&
                stat(fq, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
    free(fp);
    free(fq);
    return same;
}

ca_status ca_folder_check(const char *folder, ca_error *err)
{
    if (!*folder)
        return ca_fail(err, CA_EINPUT, "no folder given");
    char *probe = malloc(strlen(folder) + sizeof "/.convanim.XXXXXX");
    if (!probe)
        return ca_fail(err, CA_ENOMEM, "%s: out of memory", folder);
    sprintf(probe, "%s/.convanim.XXXXXX", folder);
    /* a named file, as the writer falls back to where O_TMPFILE is refused:
     * it needs what any file in the folder needs */
    int fd = mkstemp(probe);
    ca_status s = fd < 0 ? ca_folder_error(NULL, probe, errno, err) : CA_OK;
    if (fd >= 0) {
        close(fd);
        unlink(probe);
    }
    free(probe);
    return s;
}

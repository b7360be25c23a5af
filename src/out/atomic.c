/* O_TMPFILE is Linux's own and needs _GNU_SOURCE; the rest is POSIX. */
#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "out/atomic.h"
#include "base/path.h"
#include "base/util.h"

/* NAME_KEEP bytes of the target's name go into the temporary's, so that
 * ".NAME.XXXXXX" stays within NAME_MAX (255). */
enum { NAME_KEEP = 200, NAME_ATTEMPTS = 100 };

/* open(flags) on the folder of tmp, whose name starts with a dot: cut
 * after that dot, tmp reads "FOLDER/." or ".". */
static int open_folder(char *tmp, int flags)
{
    size_t end = ca_folder_len(tmp) + 1;
    char saved = tmp[end];
    tmp[end] = '\0';
    int fd = open(tmp, flags, 0666);
    tmp[end] = saved;
    return fd;
}

/* Gives tmp's last six bytes a name free in its folder, for a new file
 * created 0666 as fopen() creates one (the kernel applies the umask and
 * the folder's default ACL), or for the unnamed file `unnamed` when >= 0.
 * mkstemp finds the name; its own file is removed at once, since its mode
 * 0600 could only be corrected with the umask, which umask() reads by
 * changing it for every thread. O_EXCL and linkat() fail rather than take
 * a name someone took in between: a retry. Returns the new descriptor (0
 * for a link), or -1 with errno. */
static int claim_name(char *tmp, int unnamed)
{
    char proc[32];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", unnamed);
    for (int attempt = 0; attempt < NAME_ATTEMPTS; attempt++) {
        memcpy(tmp + strlen(tmp) - 6, "XXXXXX", 6);
        int fd = mkstemp(tmp);
        if (fd < 0)
            return -1;
        close(fd);
        if (unlink(tmp) != 0)
            return -1;
        fd = unnamed < 0 ? open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666)
                         : linkat(AT_FDCWD, proc, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    return -1;
}

/* Opens the file new contents go to, beside tmp, and says whether it has
 * tmp's name. Unnamed where the system has O_TMPFILE and /proc to name it
 * at commit, so that even SIGKILL leaves nothing behind; else, or when the
 * file system refuses O_TMPFILE, named from the start. */
static int create_temporary(char *tmp, bool *named)
{
    *named = false;
#ifdef O_TMPFILE
    int unnamed = open_folder(tmp, O_TMPFILE | O_WRONLY | O_CLOEXEC);
    if (unnamed >= 0 && access("/proc/self/fd", F_OK) == 0)
        return unnamed;
    if (unnamed >= 0)
        close(unnamed);
#endif
    int fd = claim_name(tmp, -1);
    *named = fd >= 0;
    return fd;
}

ca_status ca_atomic_open(ca_atomic *a, const char *path, ca_error *err)
{
    memset(a, 0, sizeof *a);
    ca_status s = ca_write_target(path, &a->dest, err);
    if (s != CA_OK)
        return s;
    /* beside the file rename() replaces */
    size_t prefix = ca_folder_len(a->dest), keep = strlen(a->dest + prefix);
    keep = keep < NAME_KEEP ? keep : NAME_KEEP;
    a->path = strdup(path);
    a->tmp = malloc(prefix + keep + sizeof "..XXXXXX");
    int fd = -1;
    if (a->path && a->tmp) {
        sprintf(a->tmp, "%.*s.%.*s.XXXXXX", (int)prefix, a->dest, (int)keep, a->dest + prefix);
        fd = create_temporary(a->tmp, &a->named);
        if (fd < 0)
            s = ca_folder_error(path, a->tmp, errno, err);
    }
    if (fd >= 0 && !(a->fp = fdopen(fd, "wb")))
        close(fd);
    /* a failed strdup, malloc or fdopen: memory */
    if (s == CA_OK && !a->fp)
        s = ca_fail(err, CA_ENOMEM, "%s: out of memory", path);
    if (s != CA_OK)
        ca_atomic_abort(a);
    return s;
}

ca_status ca_atomic_check(const char *path, ca_error *err)
{
    ca_atomic a;
    ca_status s = ca_atomic_open(&a, path, err);
    ca_atomic_abort(&a);
    return s;
}

static ca_status write_error(const ca_atomic *a, int errnum, ca_error *err)
{
    return ca_fail(err, CA_EIO, "%s: cannot write (%s)", a->path, strerror(errnum));
}

size_t ca_atomic_write(ca_atomic *a, const void *buf, size_t len)
{
    errno = 0;
    size_t done = fwrite(buf, 1, len, a->fp);
    if (done != len && a->errnum == 0)
        a->errnum = errno ? errno : EIO;
    return done;
}

ca_status ca_atomic_write_failed(const ca_atomic *a, ca_error *err)
{
    return write_error(a, a->errnum, err);
}

ca_status ca_atomic_prepare(ca_atomic *a, ca_error *err)
{
    struct stat st;
    ca_status s = a->errnum ? ca_atomic_write_failed(a, err) : CA_OK;
    if (s == CA_OK && fflush(a->fp) != 0)
        s = write_error(a, errno, err);
    /* An existing target's permission bits go to the new file. A file
     * system that keeps no modes (vfat, some FUSE ones) refuses with EPERM
     * or ENOTSUP: the contents are still worth having. */
    if (s == CA_OK && stat(a->dest, &st) == 0 && S_ISREG(st.st_mode) &&
        fchmod(fileno(a->fp), st.st_mode & 0777) != 0 && errno != EPERM && errno != ENOTSUP)
        s = ca_fail(err, CA_EIO, "%s: cannot set the file's mode (%s)", a->path, strerror(errno));
    if (s == CA_OK && fsync(fileno(a->fp)) != 0)
        s = write_error(a, errno, err);
    if (s == CA_OK && !a->named) {
        a->named = claim_name(a->tmp, fileno(a->fp)) == 0;
        if (!a->named)
            s = ca_folder_error(a->path, a->tmp, errno, err);
    }
    /* fclose can report a delayed write error (NFS, quotas), so it counts. */
    if (fclose(a->fp) != 0 && s == CA_OK)
        s = write_error(a, errno, err);
    a->fp = NULL;
    if (s != CA_OK)
        ca_atomic_abort(a);
    return s;
}

ca_status ca_atomic_commit(ca_atomic *a, ca_error *err)
{
    ca_status s = a->fp ? ca_atomic_prepare(a, err) : CA_OK;
    if (s != CA_OK)
        return s;
    /* someone else's file in a folder with the sticky bit, or an immutable
     * one, may not be replaced: the input's fault, not the system's */
    int errnum = rename(a->tmp, a->dest) == 0 ? 0 : errno;
    if (errnum)
        s = ca_fail(err, errnum == EACCES || errnum == EPERM ? CA_EINPUT : CA_EIO,
                    "%s: cannot replace the file (%s)", a->path, strerror(errnum));
    /* The rename lasts through a power cut once the folder is synced. One
     * this process cannot open (a drop box it may not read), or whose file
     * system cannot sync folders (EINVAL), is left to the system. */
    a->named = errnum != 0;
    int fd = errnum ? -1 : open_folder(a->tmp, O_RDONLY | O_CLOEXEC);
    if (fd >= 0 && fsync(fd) != 0 && errno != EINVAL)
        s = ca_fail(err, CA_EIO, "%s: replaced, but its folder cannot be synced (%s)", a->path,
                    strerror(errno));
    if (fd >= 0)
        close(fd);
    ca_atomic_abort(a);
    return s;
}

void ca_atomic_abort(ca_atomic *a)
{
    if (a->fp)
        fclose(a->fp);
    if (a->named)
        unlink(a->tmp);
    free(a->tmp);
    free(a->path);
    free(a->dest);
    memset(a, 0, sizeof *a);
}

/* O_TMPFILE is Linux's own and needs _GNU_SOURCE; the rest is POSIX. */
#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "out/atomic.h"
#include "base/util.h"

enum {
    /* Bytes of the target's name kept in the temporary's name: with the dot
     * and ".XXXXXX" around them, the name stays within NAME_MAX (255). */
    TMP_NAME_KEEP = 200,
    SUFFIX_LEN = 6,             /* the XXXXXX */
    NAME_ATTEMPTS = 100,        /* names tried for an unnamed temporary */
    PROC_PATH_SIZE = 32         /* "/proc/self/fd/" and an int */
};

static void release(ca_atomic *a)
{
    free(a->tmp);
    free(a->path);
    free(a->dest);
    memset(a, 0, sizeof *a);
}

static ca_status out_of_memory(const char *path, ca_error *err)
{
    return ca_fail(err, CA_ENOMEM, "%s: out of memory", path);
}

/* Why a file could not be created in folder[0..len), in words about the
 * folder: the input's fault unless the system itself failed (a full disk,
 * no file descriptors). Messages about a file start with its path. */
static ca_status folder_error(const char *path, const char *folder, int len, int errnum,
                              ca_error *err)
{
    const char *file = path ? path : "", *colon = path ? ": " : "";
    switch (errnum) {
    case ENOENT:
        return ca_fail(err, CA_EINPUT, "%s%sfolder '%.*s' does not exist", file, colon, len,
                       folder);
    case ENOTDIR:
        return ca_fail(err, CA_EINPUT, "%s%s'%.*s' is not a folder", file, colon, len, folder);
    case EACCES:
    case EPERM:
    case EROFS:
    case ENAMETOOLONG:
    case ELOOP:
        return ca_fail(err, CA_EINPUT, "%s%scannot write in folder '%.*s' (%s)", file, colon,
                       len, folder, strerror(errnum));
    default:
        return ca_fail(err, CA_EIO, "%s%scannot create a file in folder '%.*s' (%s)", file,
                       colon, len, folder, strerror(errnum));
    }
}

/* folder_error for the folder of a temporary's path, as the caller wrote
 * it: "out" for out/.x.gif.XXXXXX, "/" for /.x.gif.XXXXXX, "." for
 * .x.gif.XXXXXX. */
static ca_status temp_folder_error(const char *path, const char *tmp, int errnum,
                                   ca_error *err)
{
    const char *slash = strrchr(tmp, '/');
    if (!slash)
        return folder_error(path, ".", 1, errnum, err);
    return folder_error(path, tmp, slash == tmp ? 1 : (int)(slash - tmp), errnum, err);
}

/* Why a symbolic link could not be followed. */
static ca_status link_error(const char *path, int errnum, ca_error *err)
{
    if (errnum == ENOENT || errnum == ENOTDIR)
        return ca_fail(err, CA_EINPUT, "%s: a symbolic link to a missing file", path);
    if (errnum == ENOMEM)
        return out_of_memory(path, err);
    return ca_fail(err, errnum == EIO ? CA_EIO : CA_EINPUT,
                   "%s: cannot follow the symbolic link (%s)", path, strerror(errnum));
}

/* What a write to path replaces, into *dest: path itself, or the file a
 * symbolic link at path points to, so that the link stays a link. A path
 * that cannot be looked at is taken as it is: it does not exist yet, or
 * creating the temporary will say what is wrong with its folder. */
static ca_status resolve(const char *path, char **dest, ca_error *err)
{
    struct stat st;
    char *target = NULL;
    bool exists = lstat(path, &st) == 0;
    if (exists && S_ISLNK(st.st_mode)) {
        if (!(target = realpath(path, NULL)))
            return link_error(path, errno, err);
        /* realpath has just seen it: only a race with a remover fails here */
        if (stat(target, &st) != 0) {
            ca_status s = link_error(path, errno, err);
            free(target);
            return s;
        }
    }
    ca_status s = CA_OK;
    if (exists && S_ISDIR(st.st_mode))
        s = ca_fail(err, CA_EINPUT, "%s: is a folder, not a file", path);
    else if (exists && !S_ISREG(st.st_mode))
        s = ca_fail(err, CA_EINPUT, "%s: not a regular file", path);
    else if (!target && !(target = strdup(path)))
        s = out_of_memory(path, err);
    if (s != CA_OK) {
        free(target);
        return s;
    }
    *dest = target;
    return CA_OK;
}

/* The last part of a path: its file's name. */
static const char *name_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Where /proc shows open file fd: the name linkat() can give a file that
 * has none. */
static void proc_fd_path(char *buf, int fd)
{
    snprintf(buf, PROC_PATH_SIZE, "/proc/self/fd/%d", fd);
}

/* Opens the file new contents go to, in the folder tmp names: unnamed
 * (O_TMPFILE) when the file system allows it and /proc is there to give it
 * a name at commit; otherwise tmp itself, made by mkstemp. tmp is
 * "FOLDER/.NAME.XXXXXX" (or ".NAME.XXXXXX") and dot the offset of the dot
 * that starts the name, so its first dot + 1 bytes, "FOLDER/." or ".", name
 * the folder. Returns the descriptor, or -1 with mkstemp's errno: whatever
 * O_TMPFILE refused (no support on this file system, or a folder problem),
 * mkstemp either manages or reports the way the messages expect. */
static int create_temporary(char *tmp, size_t dot, bool *named)
{
    char saved = tmp[dot + 1];
    tmp[dot + 1] = '\0';
    int fd = open(tmp, O_TMPFILE | O_WRONLY, 0666);
    tmp[dot + 1] = saved;
    if (fd >= 0) {
        char proc[PROC_PATH_SIZE];
        proc_fd_path(proc, fd);
        if (access(proc, F_OK) == 0) {
            *named = false;
            return fd;
        }
        close(fd);
    }
    *named = true;
    return mkstemp(tmp);
}

ca_status ca_atomic_open(ca_atomic *a, const char *path, ca_error *err)
{
    memset(a, 0, sizeof *a);
    if (!*path)
        return ca_fail(err, CA_EINPUT, "empty file name");
    if (!*name_of(path))
        return ca_fail(err, CA_EINPUT, "%s: is a folder, not a file", path);
    ca_status status = resolve(path, &a->dest, err);
    if (status != CA_OK)
        return status;

    /* The temporary goes beside the file rename() replaces. */
    const char *base = name_of(a->dest);
    size_t prefix = (size_t)(base - a->dest), keep = strlen(base);
    if (keep > TMP_NAME_KEEP)
        keep = TMP_NAME_KEEP;
    a->path = strdup(path);
    a->tmp = malloc(prefix + keep + sizeof "..XXXXXX");
    if (!a->path || !a->tmp) {
        release(a);
        return out_of_memory(path, err);
    }
    sprintf(a->tmp, "%.*s.%.*s.XXXXXX", (int)prefix, a->dest, (int)keep, base);

    int fd = create_temporary(a->tmp, prefix, &a->named);
    if (fd < 0) {
        status = temp_folder_error(path, a->tmp, errno, err);
        release(a);
        return status;
    }
    a->fp = fdopen(fd, "wb");
    if (!a->fp) {
        close(fd);
        ca_atomic_abort(a);
        return out_of_memory(path, err);
    }
    return CA_OK;
}

ca_status ca_atomic_check(const char *path, ca_error *err)
{
    ca_atomic a;
    ca_status status = ca_atomic_open(&a, path, err);
    ca_atomic_abort(&a);
    return status;
}

/* Whether the folder parts of two paths (up to their names) are one
 * folder. */
static bool same_folder(const char *p, const char *p_name, const char *q, const char *q_name)
{
    char *fp = p_name > p ? strndup(p, (size_t)(p_name - p)) : strdup(".");
    char *fq = q_name > q ? strndup(q, (size_t)(q_name - q)) : strdup(".");
    struct stat a, b;
    bool same = fp && fq && stat(fp, &a) == 0 && stat(fq, &b) == 0 && a.st_dev == b.st_dev &&
                a.st_ino == b.st_ino;
    free(fp);
    free(fq);
    return same;
}

bool ca_atomic_same_target(const char *p, const char *q)
{
    if (strcmp(p, q) == 0)
        return true;
    char *dp = NULL, *dq = NULL;
    bool same = false;
    if (resolve(p, &dp, NULL) == CA_OK && resolve(q, &dq, NULL) == CA_OK) {
        struct stat a, b;
        if (stat(dp, &a) == 0 && stat(dq, &b) == 0)
            same = a.st_dev == b.st_dev && a.st_ino == b.st_ino;
        else
            same = strcmp(name_of(dp), name_of(dq)) == 0 &&
                   same_folder(dp, name_of(dp), dq, name_of(dq));
    }
    free(dp);
    free(dq);
    return same;
}

ca_status ca_folder_check(const char *folder, ca_error *err)
{
    size_t len = strlen(folder);
    if (len == 0)
        return ca_fail(err, CA_EINPUT, "no folder given");
    char *probe = malloc(len + sizeof "/.convanim.XXXXXX");
    if (!probe)
        return out_of_memory(folder, err);
    sprintf(probe, "%s/.convanim.XXXXXX", folder);
    ca_status status = CA_OK;
    bool named;
    int fd = create_temporary(probe, len + 1, &named);
    if (fd < 0) {
        status = folder_error(NULL, folder, (int)len, errno, err);
    } else {
        close(fd);
        if (named)
            unlink(probe);
    }
    free(probe);
    return status;
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

/* The umask, read without umask(), which can only read it by changing it
 * for every thread of the process; 022 where /proc does not say. */
static mode_t process_umask(void)
{
    mode_t mask = 022;
    FILE *fp = fopen("/proc/self/status", "r");
    if (!fp)
        return mask;
    char line[256];
    unsigned value;
    while (fgets(line, sizeof line, fp))
        if (sscanf(line, "Umask: %o", &value) == 1) {
            mask = (mode_t)(value & 0777);
            break;
        }
    fclose(fp);
    return mask;
}

/* The mode the committed file gets: the permission bits of the file it
 * replaces, or those fopen() would give a new file. */
static mode_t target_mode(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
        return st.st_mode & 0777;
    return 0666 & ~process_umask();
}

/* A file system that keeps no modes (vfat, some network and FUSE ones)
 * refuses with EPERM or ENOTSUP: the contents are still worth having. */
static ca_status set_mode(const ca_atomic *a, ca_error *err)
{
    if (fchmod(fileno(a->fp), target_mode(a->dest)) == 0 || errno == EPERM || errno == ENOTSUP)
        return CA_OK;
    return ca_fail(err, CA_EIO, "%s: cannot set the file's mode (%s)", a->path, strerror(errno));
}

/* A fresh XXXXXX for the name of an unnamed temporary: different between
 * attempts and processes. Nobody needs to be unable to guess it, since
 * linkat() never replaces a file; a name already taken costs a retry. */
static void fill_suffix(char *suffix, int attempt)
{
    static const char digits[] =
        "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    struct timespec now = { 0, 0 };
    (void)clock_gettime(CLOCK_REALTIME, &now);
    uint64_t x = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
    /* an odd multiplier spreads the pid over the bits the suffix uses */
    x ^= (uint64_t)getpid() * 0x9e3779b97f4a7c15u;
    x += (uint64_t)attempt;
    for (int i = 0; i < SUFFIX_LEN; i++, x /= sizeof digits - 1)
        suffix[i] = digits[x % (sizeof digits - 1)];
}

/* Links the unnamed temporary into its folder as `.NAME.XXXXXX`, the
 * name rename() then moves over the target. */
static ca_status give_name(ca_atomic *a, ca_error *err)
{
    char proc[PROC_PATH_SIZE];
    proc_fd_path(proc, fileno(a->fp));
    char *suffix = a->tmp + strlen(a->tmp) - SUFFIX_LEN;
    int errnum = EEXIST;
    for (int attempt = 0; attempt < NAME_ATTEMPTS && errnum == EEXIST; attempt++) {
        fill_suffix(suffix, attempt);
        if (linkat(AT_FDCWD, proc, AT_FDCWD, a->tmp, AT_SYMLINK_FOLLOW) == 0) {
            a->named = true;
            return CA_OK;
        }
        errnum = errno;
    }
    return temp_folder_error(a->path, a->tmp, errnum, err);
}

ca_status ca_atomic_prepare(ca_atomic *a, ca_error *err)
{
    ca_status status = CA_OK;
    if (a->errnum)
        status = ca_atomic_write_failed(a, err);
    else if (fflush(a->fp) != 0)
        status = write_error(a, errno, err);
    else if (ferror(a->fp))
        status = ca_fail(err, CA_EIO, "%s: cannot write (an earlier write failed)", a->path);
    else
        status = set_mode(a, err);
    if (status == CA_OK && !a->named)
        status = give_name(a, err);
    /* fclose can report a delayed write error (NFS, quotas), so it counts. */
    if (fclose(a->fp) != 0 && status == CA_OK)
        status = write_error(a, errno, err);
    a->fp = NULL;
    if (status != CA_OK)
        ca_atomic_abort(a);
    return status;
}

/* Replacing the target is refused for the input's sake when someone
 * else's file sits in a folder with the sticky bit, or the file is
 * immutable: not a failure of the system. */
static ca_status replace_error(const ca_atomic *a, int errnum, ca_error *err)
{
    return ca_fail(err, errnum == EACCES || errnum == EPERM ? CA_EINPUT : CA_EIO,
                   "%s: cannot replace the file (%s)", a->path, strerror(errnum));
}

ca_status ca_atomic_commit(ca_atomic *a, ca_error *err)
{
    ca_status status = a->fp ? ca_atomic_prepare(a, err) : CA_OK;
    if (status != CA_OK)
        return status;
    if (rename(a->tmp, a->dest) == 0)
        a->named = false;       /* the name is the target's now */
    else
        status = replace_error(a, errno, err);
    ca_atomic_abort(a);
    return status;
}

void ca_atomic_abort(ca_atomic *a)
{
    if (a->fp)
        fclose(a->fp);
    if (a->named)
        unlink(a->tmp);
    release(a);
}

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "util.h"

/* Bytes of the target's name kept in the temporary's name: with the dot and
 * ".XXXXXX" around them, the name stays within NAME_MAX (255). */
enum { TMP_NAME_KEEP = 200 };

static void release(ca_atomic *a)
{
    free(a->tmp);
    free(a->path);
    memset(a, 0, sizeof *a);
}

/* Why mkstemp failed in folder[0..len), in words about the folder: the
 * input's fault unless the system itself failed (a full disk, no file
 * descriptors). Messages about a file start with its path. */
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

ca_status ca_atomic_open(ca_atomic *a, const char *path, ca_error *err)
{
    memset(a, 0, sizeof *a);
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t prefix = (size_t)(base - path), keep = strlen(base);
    struct stat st;
    if (keep == 0 || (stat(path, &st) == 0 && S_ISDIR(st.st_mode)))
        return ca_fail(err, CA_EINPUT, "%s: is a folder, not a file", path);
    if (keep > TMP_NAME_KEEP)
        keep = TMP_NAME_KEEP;

    a->path = strdup(path);
    a->tmp = malloc(prefix + keep + sizeof "..XXXXXX");
    if (!a->path || !a->tmp) {
        release(a);
        return ca_fail(err, CA_ENOMEM, "%s: out of memory", path);
    }
    sprintf(a->tmp, "%.*s.%.*s.XXXXXX", (int)prefix, path, (int)keep, base);

    int fd = mkstemp(a->tmp);
    if (fd < 0) {
        /* The folder as the caller wrote it: "out" for out/x.gif, "/" for
         * /x.gif, "." for x.gif. */
        int len = prefix > 1 ? (int)prefix - 1 : (int)prefix;
        ca_status status = len > 0 ? folder_error(path, path, len, errno, err)
                                   : folder_error(path, ".", 1, errno, err);
        release(a);
        return status;
    }
    a->fp = fdopen(fd, "wb");
    if (!a->fp) {
        close(fd);
        unlink(a->tmp);
        release(a);
        return ca_fail(err, CA_ENOMEM, "%s: out of memory", path);
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

ca_status ca_folder_check(const char *folder, ca_error *err)
{
    size_t len = strlen(folder);
    if (len == 0)
        return ca_fail(err, CA_EINPUT, "no folder given");
    char *probe = malloc(len + sizeof "/.convanim.XXXXXX");
    if (!probe)
        return ca_fail(err, CA_ENOMEM, "%s: out of memory", folder);
    sprintf(probe, "%s/.convanim.XXXXXX", folder);
    ca_status status = CA_OK;
    int fd = mkstemp(probe);
    if (fd < 0) {
        status = folder_error(NULL, folder, (int)len, errno, err);
    } else {
        close(fd);
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

ca_status ca_atomic_commit(ca_atomic *a, ca_error *err)
{
    ca_status status = CA_OK;
    if (a->errnum)
        status = ca_atomic_write_failed(a, err);
    else if (fflush(a->fp) != 0)
        status = write_error(a, errno, err);
    else if (ferror(a->fp))
        status = ca_fail(err, CA_EIO, "%s: cannot write (an earlier write failed)", a->path);
    else if (fchmod(fileno(a->fp), target_mode(a->path)) != 0)
        status = ca_fail(err, CA_EIO, "%s: cannot set the file's mode (%s)", a->path,
                         strerror(errno));
    /* fclose can report a delayed write error (NFS, quotas), so it counts. */
    if (fclose(a->fp) != 0 && status == CA_OK)
        status = write_error(a, errno, err);
    if (status == CA_OK && rename(a->tmp, a->path) != 0)
        status = ca_fail(err, CA_EIO, "%s: cannot replace the file (%s)", a->path,
                         strerror(errno));
    if (status != CA_OK)
        unlink(a->tmp);
    release(a);
    return status;
}

void ca_atomic_abort(ca_atomic *a)
{
    if (a->fp) {
        fclose(a->fp);
        unlink(a->tmp);
    }
    release(a);
}

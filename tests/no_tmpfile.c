/* Preloaded (LD_PRELOAD) into convanim by test_cli_faults. open() refuses
 * O_TMPFILE as a file system without it does, so that the command line's
 * named temporaries can be tested on one that has it. With
 * NO_TMPFILE_STOP_AT_SYNC set, the process also stops itself (SIGSTOP) at
 * its first fsync(): a temporary then holds all its bytes and is about to
 * be renamed, the moment a test can send a signal to a command that
 * writes its file in one library call. */
#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int open(const char *path, int flags, ...)
{
    if ((flags & O_TMPFILE) == O_TMPFILE) {
        errno = EOPNOTSUPP;
        return -1;
    }
    mode_t mode = 0;
    if (flags & O_CREAT) {
        va_list ap;
        va_start(ap, flags);
        mode = va_arg(ap, mode_t);
        va_end(ap);
    }
    return openat(AT_FDCWD, path, flags, mode);
}

int fsync(int fd)
{
    static int stopped;
    if (!stopped && getenv("NO_TMPFILE_STOP_AT_SYNC")) {
        stopped = 1;
        raise(SIGSTOP);
    }
    return (int)syscall(SYS_fsync, fd);
}

#ifndef CONVANIM_ATOMIC_H
#define CONVANIM_ATOMIC_H

/* Writing a file so that it appears complete or not at all: the bytes go to
 * a temporary `.NAME.XXXXXX` in the target's folder (the same file system,
 * so rename() can replace the target in one step), and only a successful
 * commit renames it over the target. Until then, and after any failure,
 * the target keeps what it had and the temporary is removed.
 *
 * The committed file gets the mode the target had when it already existed;
 * a new file gets 0666 minus the process's umask, as fopen() would give it.
 * The umask is read from /proc/self/status, because umask() can only read
 * it by changing it for every thread; where that is unavailable, 022 is
 * assumed.
 *
 * There is no fsync: this protects the target from failed and interrupted
 * runs of the program, not from a power cut. Internal, not public. */

#include <stdio.h>

#include "convanim/error.h"

typedef struct ca_atomic {
    FILE *fp;           /* write here between open and commit */
    char *tmp;          /* the temporary's path */
    char *path;         /* the target's path, for rename() and messages */
    int errnum;         /* why the first failed ca_atomic_write failed, or 0 */
} ca_atomic;

/* Creates the temporary. CA_EINPUT naming the path when its folder does not
 * exist, is not a folder or cannot be written, or when the target is a
 * folder; CA_EIO when the system fails otherwise; CA_ENOMEM. On failure *a
 * holds nothing and ca_atomic_abort(a) is a harmless no-op. */
ca_status ca_atomic_open(ca_atomic *a, const char *path, ca_error *err);

/* Fails as ca_atomic_open(path) would, without leaving anything behind (it
 * creates and removes the temporary): lets a caller refuse a bad output
 * path before doing the work. */
ca_status ca_atomic_check(const char *path, ca_error *err);

/* CA_EINPUT, worded like ca_atomic_open's folder errors, unless folder
 * exists and files can be created in it (checked by creating and removing
 * one); CA_EIO when the system fails otherwise. */
ca_status ca_folder_check(const char *folder, ca_error *err);

/* Writes len bytes to the temporary and returns how many were written; a
 * short count records the reason for ca_atomic_write_failed and commit. It
 * has the shape of a library's output callback, which cannot take an err. */
size_t ca_atomic_write(ca_atomic *a, const void *buf, size_t len);

/* CA_EIO naming the path and the reason of the first failed write (call it
 * only after one failed). */
ca_status ca_atomic_write_failed(const ca_atomic *a, ca_error *err);

/* Flushes and closes the temporary, checking every step, sets its mode and
 * renames it over the target. CA_EIO naming the path and the system's reason
 * on failure (also after a failed ca_atomic_write), when the target keeps
 * what it had and the temporary is removed. Either way *a is released. */
ca_status ca_atomic_commit(ca_atomic *a, ca_error *err);

/* Closes and removes the temporary and releases *a; the target is untouched.
 * Harmless on a zeroed, failed or committed ca_atomic. */
void ca_atomic_abort(ca_atomic *a);

#endif

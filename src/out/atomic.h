#ifndef CONVANIM_ATOMIC_H
#define CONVANIM_ATOMIC_H

/* Writing a file so that it appears complete or not at all: the bytes go to
 * a temporary in the target's folder (the same file system, so rename() can
 * replace the target in one step), and only a successful commit renames it
 * over the target. Until then, and after any failure, the target keeps what
 * it had and the temporary is removed. The commit syncs the file before the
 * rename and the folder after it, so a power cut leaves the old contents or
 * the new ones.
 *
 * The temporary is `.NAME.XXXXXX` beside the target, the name picked by
 * mkstemp. A process killed by a signal it cannot catch (SIGKILL, a crash)
 * leaves it behind, so the command line catches the others and aborts its
 * writers (src/cli/interrupt.c). Where the system offers O_TMPFILE (Linux,
 * on most file systems) and /proc to name the file later, the temporary
 * has no name until ca_atomic_prepare or the commit gives it one, so a
 * process killed before then leaves nothing; a file system that refuses
 * O_TMPFILE gets the named temporary from the start.
 *
 * The target must be a regular file or not exist yet. A symbolic link is
 * followed: the file it points to gets the new contents and the link stays
 * a link. A link to a missing file is refused, as GNU cp refuses to write
 * through one: writing would create a file at a place the caller never
 * named.
 *
 * The committed file gets the mode the target had when it already existed.
 * A new file gets what fopen() would give it: the temporary is created with
 * 0666 and the kernel applies the umask (or the folder's default ACL), so
 * the umask is never read, which umask() can only do by changing it for
 * every thread. On a file system that cannot set modes the file keeps the
 * one it was created with. Internal, not public. */

#include <stdbool.h>
#include <stdio.h>

/* what the writer checks on a path, and the checks callers make on their
 * output paths before the work (ca_atomic_same_target, ca_folder_check) */
#include "base/path.h"
#include "convanim/error.h"

typedef struct ca_atomic {
    FILE *fp;           /* write here between open and prepare */
    char *tmp;          /* the temporary's path in the folder, once it has one */
    bool named;         /* whether tmp exists (to remove on failure) */
    char *path;         /* the target's path as given, for messages */
    char *dest;         /* what rename() replaces: path, or the file its link points to */
    int errnum;         /* why the first failed ca_atomic_write failed, or 0 */
} ca_atomic;

/* Creates the temporary. CA_EINPUT naming the path when it is empty, when
 * its folder does not exist, is not a folder or cannot be written, when the
 * target is a folder or another file that is not a regular file (a fifo, a
 * device, a socket), or a symbolic link to a missing file; CA_EIO when the
 * system fails otherwise; CA_ENOMEM. On failure *a holds nothing and
 * ca_atomic_abort(a) is a harmless no-op. */
ca_status ca_atomic_open(ca_atomic *a, const char *path, ca_error *err);

/* Fails as ca_atomic_open(path) would, without leaving anything behind:
 * lets a caller refuse a bad output path before doing the work. */
ca_status ca_atomic_check(const char *path, ca_error *err);

/* Writes len bytes to the temporary and returns how many were written; a
 * short count records the reason for ca_atomic_write_failed and commit. It
 * has the shape of a library's output callback, which cannot take an err. */
size_t ca_atomic_write(ca_atomic *a, const void *buf, size_t len);

/* CA_EIO naming the path and the reason of the first failed write (call it
 * only after one failed). */
ca_status ca_atomic_write_failed(const ca_atomic *a, ca_error *err);

/* Everything ca_atomic_commit does but the rename: flushes, syncs and
 * closes the temporary, checking every step, sets its mode and gives it
 * its name. Lets
 * a caller that replaces two files together find every likely failure of
 * both before replacing either. Fails as commit does, releasing *a. */
ca_status ca_atomic_prepare(ca_atomic *a, ca_error *err);

/* Prepares the temporary (unless ca_atomic_prepare did) and renames it over
 * the target. On failure the target keeps what it had and the temporary is
 * removed: CA_EINPUT naming the path when the target may not be replaced
 * (a folder with the sticky bit, say), CA_EIO naming the path and the
 * system's reason otherwise (also after a failed ca_atomic_write). The one
 * failure after the rename, CA_EIO when the folder cannot be synced, says
 * that the file was replaced. Either way *a is released. */
ca_status ca_atomic_commit(ca_atomic *a, ca_error *err);

/* Closes and removes the temporary and releases *a; the target is untouched.
 * Harmless on a zeroed, failed or committed ca_atomic. */
void ca_atomic_abort(ca_atomic *a);

#endif

#ifndef CONVANIM_PATH_H
#define CONVANIM_PATH_H

/* Checks on the paths outputs go to, made before any work and by the
 * atomic writer (src/out/atomic.h) when it opens one: what a path names,
 * whether two name one file, whether a folder takes new files, and the
 * words for what is wrong with a folder. Internal, not public. */

#include <stdbool.h>
#include <stddef.h>

#include "convanim/error.h"

/* How many bytes of path name its folder, the final slash included. */
size_t ca_folder_len(const char *path);

/* Why no file could be made at inside (errnum from the call that failed),
 * in words about its folder as the caller wrote it ("out", "/", "."),
 * prefixed with "PATH: " unless path is NULL: CA_EINPUT when the folder
 * does not exist, is not a folder or may not be written in, CA_EIO when
 * the system failed (a full disk, no file descriptors). */
ca_status ca_folder_error(const char *path, const char *inside, int errnum, ca_error *err);

/* What a write to path replaces, into *dest (the caller frees it): path
 * itself, or the file a symbolic link at path points to, so that the link
 * stays a link. CA_EINPUT when path is empty; naming the path when it
 * ends with a slash or is too long, when the target is a folder or another
 * file that is not a regular file, or a link to a missing file (as GNU cp
 * refuses to write through one); CA_EIO when the link cannot be followed
 * for the system's fault; CA_ENOMEM. A path that does not exist is taken
 * as it is: creating a file there will say what is wrong with its folder,
 * if anything. */
ca_status ca_write_target(const char *path, char **dest, ca_error *err);

/* Whether committing to p and to q would replace one file, so that the
 * second would overwrite the first: the same words, two names (links
 * followed) of one existing file, or one name in one folder for a file
 * that does not exist yet ("x.gif" and "./x.gif"). */
bool ca_atomic_same_target(const char *p, const char *q);

/* CA_EINPUT, worded like ca_folder_error, unless folder exists and files
 * can be created in it (checked by creating a temporary and removing it);
 * CA_EIO when the system fails otherwise. */
ca_status ca_folder_check(const char *folder, ca_error *err);

#endif

/* O_TMPFILE, syscall() and the libc calls replaced below need _GNU_SOURCE. */
#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "out/atomic.h"
#include "testutil.h"

/* Fault injection. These definitions take the place of libc's for the
 * whole test program, the library included (it is a static archive, so its
 * calls resolve to the program's own symbols first): a test sets one of
 * the errnos to make that call fail the way a file system without
 * O_TMPFILE, one that keeps no modes, a folder with the sticky bit or a
 * failing disk would. 0: the real call. */
static int tmpfile_fails_with, fchmod_fails_with, rename_fails_with, fsync_fails_with;
static mode_t fsync_fails_on;   /* S_IFREG or S_IFDIR: whose fsync fails */

int open(const char *path, int flags, ...)
{
    if (tmpfile_fails_with && (flags & O_TMPFILE) == O_TMPFILE) {
        errno = tmpfile_fails_with;
        return -1;
    }
    mode_t mode = 0;
    if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE) {
        va_list ap;
        va_start(ap, flags);
        mode = va_arg(ap, mode_t);
        va_end(ap);
    }
    return openat(AT_FDCWD, path, flags, mode);
}

int fchmod(int fd, mode_t mode)
{
    if (fchmod_fails_with) {
        errno = fchmod_fails_with;
        return -1;
    }
    return (int)syscall(SYS_fchmod, fd, mode);
}

int rename(const char *from, const char *to)
{
    if (rename_fails_with) {
        errno = rename_fails_with;
        return -1;
    }
    return renameat(AT_FDCWD, from, AT_FDCWD, to);
}

int fsync(int fd)
{
    struct stat st;
    if (fsync_fails_with && fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == fsync_fails_on) {
        errno = fsync_fails_with;
        return -1;
    }
    return (int)syscall(SYS_fsync, fd);
}

static char folder[4096], target[4200];

static void setup(void)
{
    tu_mkdtemp(folder, sizeof folder);
    snprintf(target, sizeof target, "%s/out.gif", folder);
    tmpfile_fails_with = fchmod_fails_with = rename_fails_with = fsync_fails_with = 0;
    umask(022);
}

static void teardown(void)
{
    tu_rmtree(folder);
}

/* Most tests run twice (_i): 0 with O_TMPFILE where the test folder's file
 * system offers it, 1 with it refused as a file system without it would. */
static void use_path(int i)
{
    tmpfile_fails_with = i ? EOPNOTSUPP : 0;
}

/* Whether temporaries have no name until the commit on this run. */
static bool unnamed(void)
{
    if (tmpfile_fails_with)
        return false;
    int fd = open(folder, O_TMPFILE | O_WRONLY, 0600);
    if (fd >= 0)
        close(fd);
    return fd >= 0;
}

/* How many `.NAME.XXXXXX` temporaries dir holds. */
static int temporaries(const char *dir, const char *name)
{
    char pattern[4400];
    glob_t g;
    snprintf(pattern, sizeof pattern, "%s/.%s.??????", dir, name);
    if (glob(pattern, 0, NULL, &g) != 0)
        return 0;
    int n = (int)g.gl_pathc;
    globfree(&g);
    return n;
}

/* folder/name, in one of a few buffers that live until the test ends. */
static const char *in_folder(const char *name)
{
    static char paths[4][4400];
    static int next;
    char *p = paths[next++ % 4];
    snprintf(p, sizeof paths[0], "%s/%s", folder, name);
    return p;
}

static const char *contents(const char *path)
{
    static char buf[256];
    return tu_slurp(path, buf, sizeof buf);
}

static mode_t mode_of(const char *path)
{
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    return st.st_mode;
}

/* Opens path, writes text and commits, asserting every step worked. */
static void write_file(const char *path, const char *text)
{
    ca_atomic a;
    ca_error err = { 0 };
    ck_assert_msg(ca_atomic_open(&a, path, &err) == CA_OK, "%s", err.msg);
    ck_assert_uint_eq(ca_atomic_write(&a, text, strlen(text)), strlen(text));
    ck_assert_msg(ca_atomic_commit(&a, &err) == CA_OK, "%s", err.msg);
}

/* Opens target, writes "new" and commits, expecting status and message
 * want (printf-style, the target's path first). */
static void expect_commit(ca_status status, const char *want, const char *reason)
{
    ca_atomic a;
    ca_error err = { 0 };
    char msg[4400];
    ck_assert_int_eq(ca_atomic_open(&a, target, NULL), CA_OK);
    ck_assert_uint_eq(ca_atomic_write(&a, "new", 3), 3);
    ck_assert_int_eq(ca_atomic_commit(&a, &err), status);
    snprintf(msg, sizeof msg, want, target, reason);
    ck_assert_str_eq(err.msg, msg);
}

START_TEST(new_file_appears_complete_at_commit_with_the_mode_fopen_gives)
{
    use_path(_i);
    umask(027);
    ck_assert_int_eq(ca_atomic_check(target, NULL), CA_OK);
    ck_assert_int_eq(tu_entries(folder), 0);
    ca_atomic a;
    ck_assert_int_eq(ca_atomic_open(&a, target, NULL), CA_OK);
    ck_assert_uint_eq(ca_atomic_write(&a, "new", 3), 3);
    ck_assert_int_eq(temporaries(folder, "out.gif"), unnamed() ? 0 : 1);
    ck_assert_int_eq(tu_entries(folder), unnamed() ? 0 : 1);
    ck_assert_int_eq(ca_atomic_commit(&a, NULL), CA_OK);
    ck_assert_str_eq(contents(target), "new");
    ck_assert_uint_eq(mode_of(target) & 0777, 0640);
    ck_assert_int_eq(tu_entries(folder), 1);
}
END_TEST

START_TEST(replaced_file_keeps_its_mode_whatever_the_umask)
{
    use_path(_i);
    tu_write_file(target, "old", 3);
    ck_assert_int_eq(chmod(target, 0604), 0);
    umask(077);
    write_file(target, "new contents");
    ck_assert_str_eq(contents(target), "new contents");
    ck_assert_uint_eq(mode_of(target) & 0777, 0604);
    ck_assert_int_eq(tu_entries(folder), 1);
}
END_TEST

/* A full-length name (NAME_MAX) still leaves room for the temporary's. */
START_TEST(longest_name_is_written)
{
    use_path(_i);
    char name[256];
    memset(name, 'n', 255);
    name[255] = '\0';
    write_file(in_folder(name), "long");
    ck_assert_str_eq(contents(in_folder(name)), "long");
    ck_assert_int_eq(tu_entries(folder), 1);
}
END_TEST

/* A check, or an abort before or after ca_atomic_prepare, leaves the
 * target as it was and nothing else; a commit after prepare replaces it. */
START_TEST(abort_leaves_the_target_and_nothing_else)
{
    use_path(_i);
    tu_write_file(target, "old", 3);
    ck_assert_int_eq(ca_atomic_check(target, NULL), CA_OK);
    ca_atomic a;
    for (int prepared = 0; prepared < 2; prepared++) {
        ck_assert_int_eq(ca_atomic_open(&a, target, NULL), CA_OK);
        ck_assert_uint_eq(ca_atomic_write(&a, "new", 3), 3);
        if (prepared) {
            ck_assert_int_eq(ca_atomic_prepare(&a, NULL), CA_OK);
            ck_assert_int_eq(temporaries(folder, "out.gif"), 1);
        }
        ca_atomic_abort(&a);
        ck_assert_str_eq(contents(target), "old");
        ck_assert_int_eq(tu_entries(folder), 1);
    }
    ck_assert_int_eq(ca_atomic_open(&a, target, NULL), CA_OK);
    ck_assert_uint_eq(ca_atomic_write(&a, "new", 3), 3);
    ck_assert_int_eq(ca_atomic_prepare(&a, NULL), CA_OK);
    ck_assert_int_eq(ca_atomic_commit(&a, NULL), CA_OK);
    ck_assert_str_eq(contents(target), "new");
    ck_assert_int_eq(tu_entries(folder), 1);
}
END_TEST

START_TEST(bad_targets_are_refused_and_left_as_they_were)
{
    use_path(_i);
    tu_write_file(target, "old", 3);
    ck_assert_int_eq(mkfifo(in_folder("fifo"), 0644), 0);
    ck_assert_int_eq(symlink("missing.gif", in_folder("dangling.gif")), 0);
    ck_assert_int_eq(symlink(".", in_folder("to_folder.gif")), 0);
    ck_assert_int_eq(symlink("fifo", in_folder("to_fifo.gif")), 0);
    static const struct {
        const char *name, *want;
    } cases[] = {
        { ".", "%s: is a folder, not a file" },
        { "new.gif/", "%s: is a folder, not a file" },
        { "fifo", "%s: not a regular file" },
        { "dangling.gif", "%s: a symbolic link to a missing file" },
        { "to_folder.gif", "%s: is a folder, not a file" },
        { "to_fifo.gif", "%s: not a regular file" },
        { "no/x.gif", "%s: folder '%s/no' does not exist" },
        { "out.gif/x.gif", "%s: '%s/out.gif' is not a folder" },
    };
    ca_atomic a;
    ca_error err = { 0 };
    char want[9000];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *path = in_folder(cases[i].name);
        snprintf(want, sizeof want, cases[i].want, path, folder);
        ck_assert_int_eq(ca_atomic_open(&a, path, &err), CA_EINPUT);
        ck_assert_str_eq(err.msg, want);
        ca_atomic_abort(&a);
        ck_assert_int_eq(ca_atomic_check(path, &err), CA_EINPUT);
        ck_assert_str_eq(err.msg, want);
    }
    ck_assert_int_eq(ca_atomic_check("", &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "empty file name");
    ck_assert_int_eq(tu_entries(folder), 5);
    ck_assert_str_eq(contents(target), "old");
    ck_assert(S_ISFIFO(mode_of(in_folder("fifo"))));
    struct stat st;
    ck_assert_int_eq(lstat(in_folder("dangling.gif"), &st), 0);
    ck_assert(S_ISLNK(st.st_mode));
}
END_TEST

/* The file the link points to gets the contents and keeps its mode; the
 * temporary sits beside it, where rename() can replace it. */
START_TEST(symbolic_link_stays_and_the_file_it_points_to_is_replaced)
{
    use_path(_i);
    const char *sub = in_folder("sub"), *file = in_folder("sub/real.gif");
    ck_assert_int_eq(mkdir(sub, 0755), 0);
    tu_write_file(file, "old", 3);
    ck_assert_int_eq(chmod(file, 0640), 0);
    ck_assert_int_eq(symlink("sub/real.gif", target), 0);
    ca_atomic a;
    ck_assert_int_eq(ca_atomic_open(&a, target, NULL), CA_OK);
    ck_assert_int_eq(temporaries(sub, "real.gif"), unnamed() ? 0 : 1);
    ck_assert_uint_eq(ca_atomic_write(&a, "new contents", 12), 12);
    ck_assert_int_eq(ca_atomic_commit(&a, NULL), CA_OK);

    char link[64];
    ssize_t n = readlink(target, link, sizeof link);
    ck_assert_int_eq(n, (ssize_t)strlen("sub/real.gif"));
    ck_assert_mem_eq(link, "sub/real.gif", (size_t)n);
    ck_assert_str_eq(contents(file), "new contents");
    ck_assert_uint_eq(mode_of(file) & 0777, 0640);
    ck_assert_int_eq(tu_entries(sub), 1);
    ck_assert_int_eq(tu_entries(folder), 2);
}
END_TEST

/* SIGKILL cannot be caught: the unnamed temporary vanishes with the
 * process, the named one stays (the header's documented limit). Either
 * way the target keeps its bytes. */
START_TEST(a_kill_before_commit_leaves_the_target)
{
    use_path(_i);
    tu_write_file(target, "old", 3);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        ca_atomic a;
        if (ca_atomic_open(&a, target, NULL) == CA_OK &&
            ca_atomic_write(&a, "half a file", 11) == 11 && fflush(a.fp) == 0)
            raise(SIGKILL);
        _exit(1);
    }
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    ck_assert_str_eq(contents(target), "old");
    ck_assert_int_eq(temporaries(folder, "out.gif"), unnamed() ? 0 : 1);
    ck_assert_int_eq(tu_entries(folder), unnamed() ? 1 : 2);
}
END_TEST

START_TEST(target_that_may_not_be_replaced_is_an_input_error)
{
    use_path(_i);
    static const int errnos[] = { EACCES, EPERM, EIO };
    for (size_t i = 0; i < sizeof errnos / sizeof errnos[0]; i++) {
        tu_write_file(target, "old", 3);
        rename_fails_with = errnos[i];
        expect_commit(errnos[i] == EIO ? CA_EIO : CA_EINPUT, "%s: cannot replace the file (%s)",
                      strerror(errnos[i]));
        ck_assert_str_eq(contents(target), "old");
        ck_assert_int_eq(tu_entries(folder), 1);
    }
}
END_TEST

START_TEST(file_system_without_modes_still_gets_the_file)
{
    use_path(_i);
    tu_write_file(target, "old", 3);
    static const int errnos[] = { EPERM, ENOTSUP };
    for (size_t i = 0; i < sizeof errnos / sizeof errnos[0]; i++) {
        fchmod_fails_with = errnos[i];
        write_file(target, i ? "second" : "first");
        ck_assert_str_eq(contents(target), i ? "second" : "first");
        ck_assert_int_eq(tu_entries(folder), 1);
    }
    fchmod_fails_with = EIO;
    expect_commit(CA_EIO, "%s: cannot set the file's mode (%s)", strerror(EIO));
    ck_assert_str_eq(contents(target), "second");
    ck_assert_int_eq(tu_entries(folder), 1);
}
END_TEST

/* A disk that fails the sync before the rename keeps the target; one that
 * fails the folder's sync after it says so. A file system that cannot
 * sync folders at all (EINVAL) is not an error. */
START_TEST(a_failed_sync_is_reported)
{
    use_path(_i);
    tu_write_file(target, "old", 3);
    fsync_fails_with = EIO;
    fsync_fails_on = S_IFREG;
    expect_commit(CA_EIO, "%s: cannot write (%s)", strerror(EIO));
    ck_assert_str_eq(contents(target), "old");
    ck_assert_int_eq(tu_entries(folder), 1);

    fsync_fails_on = S_IFDIR;
    expect_commit(CA_EIO, "%s: replaced, but its folder cannot be synced (%s)", strerror(EIO));
    ck_assert_str_eq(contents(target), "new");
    ck_assert_int_eq(tu_entries(folder), 1);

    fsync_fails_with = EINVAL;
    write_file(target, "again");
    ck_assert_str_eq(contents(target), "again");
}
END_TEST

static const tu_suite suite = { .name = "atomic", .setup = setup, .teardown = teardown,
    .loops = {
        { "new_file_appears_complete_at_commit_with_the_mode_fopen_gives", 2 },
        { "replaced_file_keeps_its_mode_whatever_the_umask", 2 },
        { "longest_name_is_written", 2 },
        { "abort_leaves_the_target_and_nothing_else", 2 },
        { "bad_targets_are_refused_and_left_as_they_were", 2 },
        { "symbolic_link_stays_and_the_file_it_points_to_is_replaced", 2 },
        { "a_kill_before_commit_leaves_the_target", 2 },
        { "target_that_may_not_be_replaced_is_an_input_error", 2 },
        { "file_system_without_modes_still_gets_the_file", 2 },
        { "a_failed_sync_is_reported", 2 },
    },
};
TU_MAIN(suite, new_file_appears_complete_at_commit_with_the_mode_fopen_gives,
        replaced_file_keeps_its_mode_whatever_the_umask, longest_name_is_written,
        abort_leaves_the_target_and_nothing_else, bad_targets_are_refused_and_left_as_they_were,
        symbolic_link_stays_and_the_file_it_points_to_is_replaced,
        a_kill_before_commit_leaves_the_target, target_that_may_not_be_replaced_is_an_input_error,
        file_system_without_modes_still_gets_the_file, a_failed_sync_is_reported)

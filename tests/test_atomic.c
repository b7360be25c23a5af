/* O_TMPFILE, syscall() and the libc calls replaced below need _GNU_SOURCE. */
#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
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
 * the errnos to make that call fail the way a file system without O_TMPFILE,
 * one that keeps no modes, or a folder with the sticky bit would. 0: the
 * real call. */
static int tmpfile_fails_with, fchmod_fails_with, rename_fails_with;

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

static char folder[4096], target[4200];

static void setup(void)
{
    tu_mkdtemp(folder, sizeof folder);
    snprintf(target, sizeof target, "%s/out.gif", folder);
    tmpfile_fails_with = fchmod_fails_with = rename_fails_with = 0;
}

static void teardown(void)
{
    tu_rmtree(folder);
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

/* Both ca_atomic_open and ca_atomic_check refuse path with status and
 * exactly the message want. */
static void expect_refused(const char *path, ca_status status, const char *want)
{
    ca_atomic a;
    ca_error err = { 0 };
    ck_assert_int_eq(ca_atomic_open(&a, path, &err), status);
    ck_assert_str_eq(err.msg, want);
    ca_atomic_abort(&a);
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(ca_atomic_check(path, &err), status);
    ck_assert_str_eq(err.msg, want);
}

START_TEST(new_file_appears_only_at_commit)
{
    ca_atomic a;
    ck_assert_int_eq(ca_atomic_open(&a, target, NULL), CA_OK);
    ck_assert_uint_eq(ca_atomic_write(&a, "new", 3), 3);
    ck_assert_int_eq(tu_entries(folder), 0);
    ck_assert_int_eq(ca_atomic_commit(&a, NULL), CA_OK);
    ck_assert_str_eq(contents(target), "new");
    ck_assert_int_eq(tu_entries(folder), 1);
}
END_TEST

START_TEST(empty_name_is_refused)
{
    expect_refused("", CA_EINPUT, "empty file name");
    ck_assert_int_eq(tu_entries(folder), 0);
}
END_TEST

START_TEST(fifo_is_refused_and_stays_a_fifo)
{
    ck_assert_int_eq(mkfifo(target, 0644), 0);
    char want[4400];
    snprintf(want, sizeof want, "%s: not a regular file", target);
    expect_refused(target, CA_EINPUT, want);
    ck_assert(S_ISFIFO(mode_of(target)));
    ck_assert_int_eq(tu_entries(folder), 1);
}
END_TEST

START_TEST(folder_is_refused)
{
    char want[4400];
    snprintf(want, sizeof want, "%s: is a folder, not a file", folder);
    expect_refused(folder, CA_EINPUT, want);
    ck_assert_int_eq(tu_entries(folder), 0);
}
END_TEST

START_TEST(symbolic_link_stays_and_the_file_it_points_to_is_replaced)
{
    const char *file = in_folder("real.gif");
    tu_write_file(file, "old", 3);
    ck_assert_int_eq(chmod(file, 0640), 0);
    ck_assert_int_eq(symlink("real.gif", target), 0);
    write_file(target, "new contents");

    struct stat st;
    ck_assert_int_eq(lstat(target, &st), 0);
    ck_assert(S_ISLNK(st.st_mode));
    char link[64];
    ssize_t n = readlink(target, link, sizeof link);
    ck_assert_int_eq(n, (ssize_t)strlen("real.gif"));
    ck_assert_mem_eq(link, "real.gif", (size_t)n);
    ck_assert_str_eq(contents(file), "new contents");
    ck_assert_uint_eq(mode_of(file) & 0777, 0640);
    ck_assert_int_eq(tu_entries(folder), 2);
}
END_TEST

/* Without O_TMPFILE the temporary has a name from the start: it must sit
 * beside the file the link points to, where rename() can replace it. */
START_TEST(temporary_for_a_link_sits_beside_the_file_it_points_to)
{
    const char *sub = in_folder("sub"), *file = in_folder("sub/real.gif");
    ck_assert_int_eq(mkdir(sub, 0755), 0);
    tu_write_file(file, "old", 3);
    ck_assert_int_eq(symlink("sub/real.gif", target), 0);
    tmpfile_fails_with = EOPNOTSUPP;
    ca_atomic a;
    ck_assert_int_eq(ca_atomic_open(&a, target, NULL), CA_OK);
    ck_assert_int_eq(tu_entries(folder), 2);
    ck_assert_int_eq(tu_entries(sub), 2);
    ck_assert_uint_eq(ca_atomic_write(&a, "new", 3), 3);
    ck_assert_int_eq(ca_atomic_commit(&a, NULL), CA_OK);
    ck_assert_str_eq(contents(file), "new");
    ck_assert_int_eq(tu_entries(sub), 1);
    ck_assert_int_eq(tu_entries(folder), 2);
}
END_TEST

START_TEST(links_to_what_cannot_be_written_are_refused)
{
    char want[4400];
    ck_assert_int_eq(symlink("missing.gif", target), 0);
    snprintf(want, sizeof want, "%s: a symbolic link to a missing file", target);
    expect_refused(target, CA_EINPUT, want);

    const char *to_folder = in_folder("to_folder.gif");
    ck_assert_int_eq(symlink(".", to_folder), 0);
    snprintf(want, sizeof want, "%s: is a folder, not a file", to_folder);
    expect_refused(to_folder, CA_EINPUT, want);

    const char *fifo = in_folder("fifo"), *to_fifo = in_folder("to_fifo.gif");
    ck_assert_int_eq(mkfifo(fifo, 0644), 0);
    ck_assert_int_eq(symlink("fifo", to_fifo), 0);
    snprintf(want, sizeof want, "%s: not a regular file", to_fifo);
    expect_refused(to_fifo, CA_EINPUT, want);

    /* nothing was created, and the links are still links */
    ck_assert_int_eq(tu_entries(folder), 4);
    struct stat st;
    ck_assert_int_eq(lstat(target, &st), 0);
    ck_assert(S_ISLNK(st.st_mode));
    ck_assert(S_ISFIFO(mode_of(fifo)));
}
END_TEST

START_TEST(check_leaves_nothing_behind)
{
    ck_assert_int_eq(ca_atomic_check(target, NULL), CA_OK);
    ck_assert_int_eq(tu_entries(folder), 0);
    tu_write_file(target, "old", 3);
    ck_assert_int_eq(ca_atomic_check(target, NULL), CA_OK);
    ck_assert_str_eq(contents(target), "old");
    ck_assert_int_eq(tu_entries(folder), 1);

    char want[9000];
    const char *missing = in_folder("no/out.gif");
    snprintf(want, sizeof want, "%s: folder '%s/no' does not exist", missing, folder);
    expect_refused(missing, CA_EINPUT, want);
    const char *under_file = in_folder("out.gif/x.gif");
    snprintf(want, sizeof want, "%s: '%s' is not a folder", under_file, target);
    expect_refused(under_file, CA_EINPUT, want);
    ck_assert_int_eq(tu_entries(folder), 1);
}
END_TEST

/* Runs check(path) in a child that cannot write in the test folder: root
 * can write anywhere, so the child first becomes nobody. */
static ca_error check_without_write_permission(ca_status (*check)(const char *, ca_error *),
                                               const char *path)
{
    ck_assert_int_eq(chmod(folder, 0555), 0);
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        ca_error err = { 0 };
        bool dropped = geteuid() != 0 || (setgid(65534) == 0 && setuid(65534) == 0);
        if (dropped)
            check(path, &err);
        ssize_t n = write(fds[1], &err, sizeof err);
        _exit(dropped && n == (ssize_t)sizeof err ? 0 : 1);
    }
    close(fds[1]);
    ca_error err = { 0 };
    ck_assert_int_eq(read(fds[0], &err, sizeof err), (ssize_t)sizeof err);
    close(fds[0]);
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_int_eq(chmod(folder, 0700), 0);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    return err;
}

START_TEST(check_refuses_an_unwritable_folder)
{
    ca_error err = check_without_write_permission(ca_atomic_check, target);
    char want[9000];
    snprintf(want, sizeof want, "%s: cannot write in folder '%s' (%s)", target, folder,
             strerror(EACCES));
    ck_assert_int_eq(err.status, CA_EINPUT);
    ck_assert_str_eq(err.msg, want);
    ck_assert_int_eq(tu_entries(folder), 0);
}
END_TEST

START_TEST(folder_check_accepts_a_writable_folder_and_leaves_nothing)
{
    ck_assert_int_eq(ca_folder_check(folder, NULL), CA_OK);
    ck_assert_int_eq(tu_entries(folder), 0);
    tmpfile_fails_with = EOPNOTSUPP;
    ck_assert_int_eq(ca_folder_check(folder, NULL), CA_OK);
    ck_assert_int_eq(tu_entries(folder), 0);
}
END_TEST

START_TEST(folder_check_refuses_what_is_not_a_writable_folder)
{
    char want[9000];
    ca_error err = { 0 };
    ck_assert_int_eq(ca_folder_check("", &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "no folder given");

    const char *missing = in_folder("frames");
    snprintf(want, sizeof want, "folder '%s' does not exist", missing);
    ck_assert_int_eq(ca_folder_check(missing, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, want);

    tu_write_file(target, "x", 1);
    snprintf(want, sizeof want, "'%s' is not a folder", target);
    ck_assert_int_eq(ca_folder_check(target, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, want);
    ck_assert_int_eq(unlink(target), 0);

    err = check_without_write_permission(ca_folder_check, folder);
    snprintf(want, sizeof want, "cannot write in folder '%s' (%s)", folder, strerror(EACCES));
    ck_assert_int_eq(err.status, CA_EINPUT);
    ck_assert_str_eq(err.msg, want);
    ck_assert_int_eq(tu_entries(folder), 0);
}
END_TEST

/* Whether the test folder's file system makes unnamed files. */
static bool has_tmpfile(void)
{
    int fd = open(folder, O_TMPFILE | O_WRONLY, 0600);
    if (fd < 0)
        return false;
    close(fd);
    return true;
}

START_TEST(a_run_killed_before_commit_leaves_nothing_behind)
{
    /* Without O_TMPFILE the named temporary stays: the documented limit. */
    if (!has_tmpfile())
        return;
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        ca_atomic a;
        char ok = ca_atomic_open(&a, target, NULL) == CA_OK &&
                  ca_atomic_write(&a, "half a file", 11) == 11 && fflush(a.fp) == 0;
        if (write(fds[1], &ok, 1) != 1)
            _exit(1);
        for (;;)
            pause();
    }
    close(fds[1]);
    char ok = 0;
    ck_assert_int_eq(read(fds[0], &ok, 1), 1);
    close(fds[0]);
    ck_assert_int_eq(kill(pid, SIGKILL), 0);
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(ok);
    ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    ck_assert_int_eq(tu_entries(folder), 0);
}
END_TEST

START_TEST(without_tmpfile_a_named_temporary_is_used_and_removed)
{
    static const int errnos[] = { EOPNOTSUPP, EISDIR, EINVAL };
    for (size_t i = 0; i < sizeof errnos / sizeof *errnos; i++) {
        tmpfile_fails_with = errnos[i];
        ca_atomic a;
        ck_assert_int_eq(ca_atomic_open(&a, target, NULL), CA_OK);
        ck_assert_int_eq(tu_entries(folder), i == 0 ? 1 : 2);
        ck_assert_uint_eq(ca_atomic_write(&a, "abc", 3), 3);
        ck_assert_int_eq(ca_atomic_commit(&a, NULL), CA_OK);
        ck_assert_str_eq(contents(target), "abc");
        ck_assert_int_eq(tu_entries(folder), 1);
    }
    ca_atomic a;
    ck_assert_int_eq(ca_atomic_open(&a, target, NULL), CA_OK);
    ca_atomic_abort(&a);
    ck_assert_int_eq(tu_entries(folder), 1);
}
END_TEST

/* ca_atomic_prepare leaves only the rename: an abort after it still
 * leaves the target as it was and nothing else. */
START_TEST(abort_after_prepare_leaves_the_target)
{
    tu_write_file(target, "old", 3);
    ca_atomic a;
    ck_assert_int_eq(ca_atomic_open(&a, target, NULL), CA_OK);
    ck_assert_uint_eq(ca_atomic_write(&a, "new", 3), 3);
    ck_assert_int_eq(ca_atomic_prepare(&a, NULL), CA_OK);
    ck_assert_int_eq(tu_entries(folder), 2);
    ca_atomic_abort(&a);
    ck_assert_str_eq(contents(target), "old");
    ck_assert_int_eq(tu_entries(folder), 1);

    ck_assert_int_eq(ca_atomic_open(&a, target, NULL), CA_OK);
    ck_assert_uint_eq(ca_atomic_write(&a, "new", 3), 3);
    ck_assert_int_eq(ca_atomic_prepare(&a, NULL), CA_OK);
    ck_assert_int_eq(ca_atomic_commit(&a, NULL), CA_OK);
    ck_assert_str_eq(contents(target), "new");
    ck_assert_int_eq(tu_entries(folder), 1);
}
END_TEST

/* Commits "new" over "old" with rename() failing with errnum. */
static ca_status commit_failing_rename(int errnum, ca_error *err)
{
    tu_write_file(target, "old", 3);
    ca_atomic a;
    ck_assert_int_eq(ca_atomic_open(&a, target, NULL), CA_OK);
    ck_assert_uint_eq(ca_atomic_write(&a, "new", 3), 3);
    rename_fails_with = errnum;
    ca_status status = ca_atomic_commit(&a, err);
    rename_fails_with = 0;
    ck_assert_str_eq(contents(target), "old");
    ck_assert_int_eq(tu_entries(folder), 1);
    return status;
}

START_TEST(target_that_may_not_be_replaced_is_an_input_error)
{
    static const int errnos[] = { EACCES, EPERM };
    char want[4400];
    for (size_t i = 0; i < sizeof errnos / sizeof *errnos; i++) {
        ca_error err = { 0 };
        ck_assert_int_eq(commit_failing_rename(errnos[i], &err), CA_EINPUT);
        snprintf(want, sizeof want, "%s: cannot replace the file (%s)", target,
                 strerror(errnos[i]));
        ck_assert_str_eq(err.msg, want);
    }
    ca_error err = { 0 };
    ck_assert_int_eq(commit_failing_rename(EIO, &err), CA_EIO);
    snprintf(want, sizeof want, "%s: cannot replace the file (%s)", target, strerror(EIO));
    ck_assert_str_eq(err.msg, want);
}
END_TEST

START_TEST(file_system_without_modes_still_gets_the_file)
{
    static const int errnos[] = { EPERM, ENOTSUP };
    for (size_t i = 0; i < sizeof errnos / sizeof *errnos; i++) {
        fchmod_fails_with = errnos[i];
        write_file(target, i ? "second" : "first");
        ck_assert_str_eq(contents(target), i ? "second" : "first");
        ck_assert_int_eq(tu_entries(folder), 1);
    }

    tu_write_file(target, "old", 3);
    fchmod_fails_with = EIO;
    ca_atomic a;
    ca_error err = { 0 };
    ck_assert_int_eq(ca_atomic_open(&a, target, NULL), CA_OK);
    ck_assert_uint_eq(ca_atomic_write(&a, "new", 3), 3);
    ck_assert_int_eq(ca_atomic_commit(&a, &err), CA_EIO);
    char want[4400];
    snprintf(want, sizeof want, "%s: cannot set the file's mode (%s)", target, strerror(EIO));
    ck_assert_str_eq(err.msg, want);
    ck_assert_str_eq(contents(target), "old");
    ck_assert_int_eq(tu_entries(folder), 1);
}
END_TEST

START_TEST(same_target_is_one_file_however_it_is_named)
{
    char gif[4400], dotted[4400];
    snprintf(gif, sizeof gif, "%s", in_folder("x.gif"));
    snprintf(dotted, sizeof dotted, "%s", in_folder("./x.gif"));
    ck_assert(ca_atomic_same_target(gif, gif));
    /* neither exists yet: one name in one folder */
    ck_assert(ca_atomic_same_target(gif, dotted));
    ck_assert(!ca_atomic_same_target(gif, in_folder("y.gif")));
    ck_assert_int_eq(mkdir(in_folder("sub"), 0755), 0);
    ck_assert(!ca_atomic_same_target(gif, in_folder("sub/x.gif")));
    ck_assert(ca_atomic_same_target(gif, in_folder("sub/../x.gif")));
    /* a link to it, once it exists */
    tu_write_file(gif, "x", 1);
    ck_assert_int_eq(symlink("x.gif", in_folder("link.png")), 0);
    ck_assert(ca_atomic_same_target(in_folder("link.png"), gif));
    ck_assert(!ca_atomic_same_target(in_folder("link.png"), in_folder("y.gif")));
}
END_TEST

static Suite *atomic_suite(void)
{
    Suite *s = suite_create("atomic");
    TCase *tc = tcase_create("atomic");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, new_file_appears_only_at_commit);
    tcase_add_test(tc, empty_name_is_refused);
    tcase_add_test(tc, fifo_is_refused_and_stays_a_fifo);
    tcase_add_test(tc, folder_is_refused);
    tcase_add_test(tc, symbolic_link_stays_and_the_file_it_points_to_is_replaced);
    tcase_add_test(tc, temporary_for_a_link_sits_beside_the_file_it_points_to);
    tcase_add_test(tc, links_to_what_cannot_be_written_are_refused);
    tcase_add_test(tc, check_leaves_nothing_behind);
    tcase_add_test(tc, check_refuses_an_unwritable_folder);
    tcase_add_test(tc, folder_check_accepts_a_writable_folder_and_leaves_nothing);
    tcase_add_test(tc, folder_check_refuses_what_is_not_a_writable_folder);
    tcase_add_test(tc, a_run_killed_before_commit_leaves_nothing_behind);
    tcase_add_test(tc, without_tmpfile_a_named_temporary_is_used_and_removed);
    tcase_add_test(tc, abort_after_prepare_leaves_the_target);
    tcase_add_test(tc, target_that_may_not_be_replaced_is_an_input_error);
    tcase_add_test(tc, file_system_without_modes_still_gets_the_file);
    tcase_add_test(tc, same_target_is_one_file_however_it_is_named);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run_suite(atomic_suite());
}

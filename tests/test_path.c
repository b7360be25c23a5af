#include <sys/stat.h>
#include <unistd.h>

#include "base/path.h"
#include "testutil.h"

static char folder[4096], target[4200];

static void setup(void)
{
    tu_mkdtemp(folder, sizeof folder);
    snprintf(target, sizeof target, "%s/out.gif", folder);
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

START_TEST(folder_check_accepts_only_a_folder_and_leaves_nothing)
{
    ca_error err = { 0 };
    char want[9000];
    ck_assert_int_eq(ca_folder_check(folder, &err), CA_OK);
    ck_assert_int_eq(tu_entries(folder), 0);
    ck_assert_int_eq(ca_folder_check("", &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "no folder given");
    snprintf(want, sizeof want, "folder '%s' does not exist", in_folder("frames"));
    ck_assert_int_eq(ca_folder_check(in_folder("frames"), &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, want);
    tu_write_file(target, "x", 1);
    snprintf(want, sizeof want, "'%s' is not a folder", target);
    ck_assert_int_eq(ca_folder_check(target, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, want);
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
    /* a link to it, once it exists, and a second name of the file */
    tu_write_file(gif, "x", 1);
    ck_assert_int_eq(symlink("x.gif", in_folder("link.png")), 0);
    ck_assert(ca_atomic_same_target(in_folder("link.png"), gif));
    ck_assert(!ca_atomic_same_target(in_folder("link.png"), in_folder("y.gif")));
    ck_assert_int_eq(link(gif, in_folder("sub/hard.gif")), 0);
    ck_assert(ca_atomic_same_target(in_folder("sub/hard.gif"), dotted));
}
END_TEST

static const tu_suite suite = { .name = "path", .setup = setup, .teardown = teardown };
TU_MAIN(suite, folder_check_accepts_only_a_folder_and_leaves_nothing,
        same_target_is_one_file_however_it_is_named)

#include <stdlib.h>
#include <string.h>

#include "convanim/sink.h"
#include "testutil.h"

START_TEST(memory_sink_keeps_every_byte_in_order)
{
    ca_memory m = { 0 };
    ca_sink s = ca_memory_sink(&m);
    unsigned char chunk[1000];
    size_t total = 0;
    /* writes of growing sizes cross several doublings of the buffer */
    for (size_t n = 1; n <= sizeof chunk; n += 37) {
        for (size_t i = 0; i < n; i++)
            chunk[i] = (unsigned char)(total + i);
        ck_assert_uint_eq(s.write(s.ctx, chunk, n), n);
        total += n;
    }
    ck_assert_uint_eq(m.size, total);
    ck_assert_uint_ge(m.capacity, m.size);
    size_t bad = total;
    for (size_t i = 0; i < total && bad == total; i++)
        if (m.data[i] != (unsigned char)i)
            bad = i;
    ck_assert_msg(bad == total, "byte %zu differs", bad);
    free(m.data);
}
END_TEST

START_TEST(memory_sink_that_cannot_grow_says_so)
{
    ca_memory m = { 0 };
    ca_sink s = ca_memory_sink(&m);
    ck_assert_uint_eq(s.write(s.ctx, "abc", 3), 3);
    /* more than any allocation can give */
    ck_assert_uint_eq(s.write(s.ctx, "x", SIZE_MAX - 2), 0);
    ck_assert_uint_eq(s.write(s.ctx, "d", 1), 0);
    ca_error err = { 0 };
    ck_assert_int_eq(ca_sink_failed(&s, &err), CA_ENOMEM);
    ck_assert_str_eq(err.msg, "out of memory after 3 bytes of output");
    ck_assert_mem_eq(m.data, "abc", 3);
    ca_memory_free(&m);
    ck_assert_ptr_null(m.data);
    ck_assert_uint_eq(m.size, 0);
    /* emptied, it takes bytes again */
    ck_assert_uint_eq(s.write(s.ctx, "e", 1), 1);
    ck_assert_mem_eq(m.data, "e", 1);
    ca_memory_free(&m);
    ca_memory_free(NULL);
}
END_TEST

START_TEST(file_sink_replaces_only_on_commit)
{
    char dir[256], path[300], buf[64];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/out.bin", dir);
    tu_write_file(path, "old", 3);
    ca_error err = { 0 };
    ca_file_sink *f;
    ck_assert_int_eq(ca_file_sink_open(path, &f, &err), CA_OK);
    ca_sink s = ca_file_sink_get(f);
    ck_assert_uint_eq(s.write(s.ctx, "new bytes", 9), 9);
    ck_assert_str_eq(tu_slurp(path, buf, sizeof buf), "old");
    ck_assert_int_eq(ca_file_sink_commit(f, &err), CA_OK);
    ck_assert_str_eq(tu_slurp(path, buf, sizeof buf), "new bytes");

    ck_assert_int_eq(ca_file_sink_open(path, &f, &err), CA_OK);
    s = ca_file_sink_get(f);
    ck_assert_uint_eq(s.write(s.ctx, "dropped", 7), 7);
    ca_file_sink_abort(f);
    ck_assert_str_eq(tu_slurp(path, buf, sizeof buf), "new bytes");
    ck_assert_int_eq(tu_entries(dir), 1);
    ca_file_sink_abort(NULL);
    tu_rmtree(dir);
}
END_TEST

START_TEST(file_sink_refuses_a_missing_folder)
{
    ca_error err = { 0 };
    ca_file_sink *f = NULL;
    ck_assert_int_eq(ca_file_sink_open("no/such/folder/x.gif", &f, &err), CA_EINPUT);
    ck_assert_ptr_null(f);
    ck_assert_str_eq(err.msg, "no/such/folder/x.gif: folder 'no/such/folder' does not exist");
}
END_TEST

START_TEST(file_sink_prepared_waits_for_its_commit)
{
    char dir[256], path[300], buf[64];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/out.bin", dir);
    tu_write_file(path, "old", 3);
    ca_error err = { 0 };
    ca_file_sink *f;
    ck_assert_int_eq(ca_file_sink_open(path, &f, &err), CA_OK);
    ca_sink s = ca_file_sink_get(f);
    ck_assert_str_eq(s.name, path);
    ck_assert_uint_eq(s.write(s.ctx, "new", 3), 3);
    ck_assert_int_eq(ca_file_sink_prepare(f, &err), CA_OK);
    ck_assert_str_eq(tu_slurp(path, buf, sizeof buf), "old");
    ck_assert_int_eq(ca_file_sink_close(f, CA_OK, &err), CA_OK);
    ck_assert_str_eq(tu_slurp(path, buf, sizeof buf), "new");

    /* a failed write's status drops the file and comes back unchanged */
    ck_assert_int_eq(ca_file_sink_open(path, &f, &err), CA_OK);
    s = ca_file_sink_get(f);
    ck_assert_uint_eq(s.write(s.ctx, "half", 4), 4);
    ck_assert_int_eq(ca_file_sink_close(f, CA_ELIMIT, &err), CA_ELIMIT);
    ck_assert_str_eq(tu_slurp(path, buf, sizeof buf), "new");
    ck_assert_int_eq(tu_entries(dir), 1);
    tu_rmtree(dir);
}
END_TEST

static const tu_suite suite = { .name = "sink" };
TU_MAIN(suite, memory_sink_keeps_every_byte_in_order, memory_sink_that_cannot_grow_says_so,
        file_sink_replaces_only_on_commit, file_sink_refuses_a_missing_folder,
        file_sink_prepared_waits_for_its_commit)

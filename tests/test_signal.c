#include <math.h>
#include <stdint.h>

#include "convanim/signal.h"
#include "testutil.h"

/* |a - b| within 1e-12 relative (absolute near zero). */
static void assert_close(double got, double want, const char *what, size_t i)
{
    double tol = 1e-12 * fmax(1.0, fabs(want));
    ck_assert_msg(fabs(got - want) <= tol, "%s[%zu]: got %.17g, want %.17g", what, i, got, want);
}

static ca_signal from_spec_ok(const char *spec)
{
    ca_signal s;
    ca_error err = { 0 };
    ca_status st = ca_signal_from_spec(spec, NULL, NULL, &s, &err);
    ck_assert_msg(st == CA_OK, "%s: %s", spec, err.msg);
    return s;
}

/* Fails the test unless spec is refused with `status` and a message that
 * contains `needle`. */
static void assert_refused(const char *spec, ca_status status, const char *needle)
{
    ca_signal s = { .v = (double *)1, .n = 1 };
    ca_error err = { 0 };
    ca_signal_limits lim = { 1000 };
    ck_assert_int_eq(ca_signal_from_spec(spec, &lim, NULL, &s, &err), status);
    ck_assert_msg(strstr(err.msg, needle) != NULL, "%s: message '%s' lacks '%s'", spec,
                  err.msg, needle);
    ck_assert_msg(strchr(err.msg, '\n') == NULL, "message is not one line: %s", err.msg);
    ck_assert_ptr_null(s.v);
    ck_assert_uint_eq(s.n, 0);
}

START_TEST(generators_match_numpy_fixtures)
{
    char path[4096], spec[256], file[256];
    snprintf(path, sizeof path, "%s/signals.txt", tu_fixtures());
    FILE *manifest = fopen(path, "r");
    ck_assert_ptr_nonnull(manifest);
    int cases = 0;
    while (fscanf(manifest, "%255s %255s", spec, file) == 2) {
        size_t n;
        snprintf(path, sizeof path, "%s/%s", tu_fixtures(), file);
        double *want = tu_read_doubles(path, &n);
        ca_signal s = from_spec_ok(spec);
        ck_assert_msg(s.n == n, "%s: %zu samples, numpy has %zu", spec, s.n, n);
        for (size_t i = 0; i < n; i++)
            assert_close(s.v[i], want[i], spec, i);
        ca_signal_free(&s);
        free(want);
        cases++;
    }
    fclose(manifest);
    ck_assert_int_ge(cases, 20);
}
END_TEST

START_TEST(notebook_defaults_give_the_preset_lengths)
{
    ca_signal f = from_spec_ok("sawtooth:pad=5"), g = from_spec_ok("decay");
    ck_assert_uint_eq(f.n, 70);
    ck_assert_uint_eq(g.n, 40);
    ck_assert_double_eq(f.v[5 + 9], 0.9);
    ca_signal_free(&f);
    ca_signal_free(&g);
}
END_TEST

START_TEST(random_is_reproducible_per_seed)
{
    ca_signal a, b, c;
    ck_assert_int_eq(ca_signal_random(1000, 7, NULL, &a, NULL), CA_OK);
    ck_assert_int_eq(ca_signal_random(1000, 7, NULL, &b, NULL), CA_OK);
    ck_assert_int_eq(ca_signal_random(1000, 8, NULL, &c, NULL), CA_OK);
    ck_assert_mem_eq(a.v, b.v, 1000 * sizeof *a.v);
    size_t same = 0;
    double mean = 0;
    for (size_t i = 0; i < 1000; i++) {
        ck_assert(a.v[i] >= 0 && a.v[i] < 1);
        same += a.v[i] == c.v[i];
        mean += a.v[i] / 1000;
    }
    ck_assert_uint_eq(same, 0);
    ck_assert(fabs(mean - 0.5) < 0.05);
    ca_signal_free(&a);
    ca_signal_free(&b);
    ca_signal_free(&c);
}
END_TEST

START_TEST(notebook_names_are_aliases)
{
    ca_signal a = from_spec_ok("impulse_response:n=12,end_time=2,scale=3");
    ca_signal b = from_spec_ok("decay:n=12,end=2,scale=3");
    ca_signal c = from_spec_ok("gaussian_signal:n=9,dmin=-1,dmax=2");
    ca_signal d = from_spec_ok("gaussian:n=9,min=-1,max=2");
    ck_assert_mem_eq(a.v, b.v, a.n * sizeof *a.v);
    ck_assert_mem_eq(c.v, d.v, c.n * sizeof *c.v);
    ca_signal_free(&a);
    ca_signal_free(&b);
    ca_signal_free(&c);
    ca_signal_free(&d);
}
END_TEST

START_TEST(bad_specs_name_the_culprit)
{
    assert_refused("sawtoth", CA_EINPUT, "'sawtoth' is neither a generator nor a file");
    assert_refused("sawtoth", CA_EINPUT, "sawtooth, decay, gaussian, random, delta, box");
    assert_refused("decay:foo=1", CA_EINPUT,
                   "unknown key 'foo' (valid keys: n, end, scale, pad, origin)");
    assert_refused("decay:scale=abc", CA_EINPUT, "scale='abc' is not a finite number");
    assert_refused("decay:scale=nan", CA_EINPUT, "scale='nan'");
    assert_refused("decay:end=inf", CA_EINPUT, "end='inf'");
    assert_refused("decay:scale=", CA_EINPUT, "scale=''");
    assert_refused("decay:n=0", CA_EINPUT, "n must be a whole number >= 1 (got 0)");
    assert_refused("decay:n=-3", CA_EINPUT, "n must be a whole number >= 1 (got -3)");
    assert_refused("decay:n=2.5", CA_EINPUT, "n must be a whole number >= 1 (got 2.5)");
    assert_refused("sawtooth:period=2.5", CA_EINPUT,
                   "sawtooth: period must be a whole number >= 1 (got 2.5)");
    assert_refused("decay:n=3,n=4", CA_EINPUT, "n given twice");
    assert_refused("decay:n", CA_EINPUT, "'n' is not key=value");
    assert_refused("delta:n=3,at=3", CA_EINPUT, "at=3 must be below n=3");
    assert_refused("delta:at=-1", CA_EINPUT, "at must be a whole number >= 0");
    assert_refused("gaussian:std=0", CA_EINPUT, "std must be > 0");
    assert_refused("random:seed=-1", CA_EINPUT, "seed must be a whole number >= 0");
    assert_refused("values:1;x;3", CA_EINPUT, "item 2 ('x') is not a finite number");
    assert_refused("values:", CA_EINPUT, "values: no samples");
    assert_refused("values:1,foo=2", CA_EINPUT, "unknown key 'foo'");
    assert_refused("", CA_EINPUT, "empty signal spec");
    assert_refused("-", CA_EINPUT, "standard input is not available");
    assert_refused("nosuch/file.csv", CA_EINPUT, "nosuch/file.csv: cannot open");
}
END_TEST

START_TEST(huge_counts_are_refused_before_allocating)
{
    assert_refused("decay:n=1e15", CA_ELIMIT, "n=1e15 is over the limit of 1000 samples");
    assert_refused("decay:n=1001", CA_ELIMIT, "over the limit");
    assert_refused("sawtooth:cycles=100,period=100", CA_ELIMIT, "10000 samples is over the limit");
    assert_refused("sawtooth:cycles=1e9,period=1e9", CA_ELIMIT, "over the limit");
    assert_refused("decay:n=900,pad=51", CA_ELIMIT, "pad=51");
    assert_refused("values:1,pad=1e300", CA_ELIMIT, "pad=1e300 is over the limit");

    ca_signal s;
    ca_signal_limits lim = { 1000 };
    ck_assert_int_eq(ca_signal_from_spec("decay:n=900,pad=50", &lim, NULL, &s, NULL), CA_OK);
    ck_assert_uint_eq(s.n, 1000);
    ca_signal_free(&s);
}
END_TEST

START_TEST(origin_stands_the_first_sample_and_padding_goes_before_it)
{
    ca_signal s = from_spec_ok("values:1;2;3,origin=-1");
    ck_assert_int_eq(s.origin, -1);
    ck_assert_uint_eq(s.pad, 0);
    ca_signal_free(&s);
    ck_assert_int_eq(s.origin, 0);
    s = from_spec_ok("box:n=2,pad=3,origin=4");
    ck_assert_uint_eq(s.n, 8);
    ck_assert_int_eq(s.origin, 1);   /* the box's first sample still stands at 4 */
    ck_assert_uint_eq(s.pad, 3);
    ck_assert_double_eq(s.v[3], 1);
    ca_signal_free(&s);
    s = from_spec_ok("delta:n=3");
    ck_assert_int_eq(s.origin, 0);
    ck_assert_uint_eq(s.pad, 0);
    ca_signal_free(&s);
    assert_refused("values:1,origin=0.5", CA_EINPUT, "origin must be a whole number (got 0.5)");
    assert_refused("box:origin=x", CA_EINPUT, "origin='x' is not a finite number");
    assert_refused("box:origin=1,origin=2", CA_EINPUT, "origin given twice");
    ca_signal_limits lim = { 1000 };
    ck_assert_int_eq(ca_signal_from_spec("box:origin=-1001", &lim, NULL, &s, NULL), CA_ELIMIT);
    ck_assert_int_eq(ca_signal_from_spec("box:origin=-1000", &lim, NULL, &s, NULL), CA_OK);
    ck_assert_int_eq(s.origin, -1000);
    ca_signal_free(&s);
}
END_TEST

/* Loads `text` through a temporary file named `name`. */
static ca_status load_text(const char *name, const void *data, size_t len, ca_signal *s,
                           ca_error *err)
{
    char dir[256], path[512];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    tu_write_file(path, data, len);
    ca_status st = ca_signal_load(path, NULL, s, err);
    tu_rmtree(dir);
    return st;
}

START_TEST(text_files_take_columns_rows_and_comments)
{
    static const char *const texts[] = {
        "1\n2.5\n-3\n4e-1\n",
        "1,2.5,-3,4e-1",
        "# measured\n\n1 2.5\t-3\r\n4e-1 # last\n\n",
        "1; 2.5; -3; 0.4",
    };
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        ca_signal s;
        ca_error err = { 0 };
        ck_assert_msg(load_text("d.csv", texts[t], strlen(texts[t]), &s, &err) == CA_OK,
                      "%s", err.msg);
        ck_assert_uint_eq(s.n, 4);
        ck_assert_double_eq(s.v[0], 1);
        ck_assert_double_eq(s.v[1], 2.5);
        ck_assert_double_eq(s.v[2], -3);
        ck_assert_double_eq(s.v[3], 0.4);
        ca_signal_free(&s);
    }
}
END_TEST

START_TEST(text_garbage_gives_file_and_line)
{
    ca_signal s;
    ca_error err = { 0 };
    const char *text = "1\n2\n\n# ok\n3,abc\n";
    ck_assert_int_eq(load_text("d.csv", text, strlen(text), &s, &err), CA_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "d.csv:5: 'abc' is not a finite number"));
    text = "1\nnan\n";
    ck_assert_int_eq(load_text("d.txt", text, strlen(text), &s, &err), CA_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "d.txt:2: 'nan'"));
    text = "# nothing but a comment\n\n";
    ck_assert_int_eq(load_text("d.txt", text, strlen(text), &s, &err), CA_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "d.txt: no samples"));
    ck_assert_int_eq(load_text("e.txt", "", 0, &s, &err), CA_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "e.txt: no samples"));
    ck_assert_ptr_null(s.v);
}
END_TEST

START_TEST(folders_and_missing_files_are_refused)
{
    ca_signal s;
    ca_error err = { 0 };
    ck_assert_int_eq(ca_signal_load("/", NULL, &s, &err), CA_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "is a folder"));
    ck_assert_int_eq(ca_signal_load("/nonexistent.csv", NULL, &s, &err), CA_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "/nonexistent.csv: cannot open: No such file"));
}
END_TEST

/* Builds a .npy file in buf: magic, version, the header dict padded, data. */
static size_t make_npy_dict(unsigned char *buf, int version, const char *hdr, const void *data,
                            size_t len)
{
    size_t hl = strlen(hdr);
    size_t pre = version == 1 ? 10 : 12;
    size_t total = (pre + hl + 1 + 63) / 64 * 64;
    size_t hlen = total - pre;
    memcpy(buf, "\x93NUMPY", 6);
    buf[6] = (unsigned char)version;
    buf[7] = 0;
    for (size_t i = 0; i < pre - 8; i++)
        buf[8 + i] = (unsigned char)(hlen >> (8 * i));
    memset(buf + pre, ' ', hlen);
    memcpy(buf + pre, hdr, hl);
    buf[total - 1] = '\n';
    memcpy(buf + total, data, len);
    return total + len;
}

/* make_npy_dict with the dict numpy writes for descr and shape. */
static size_t make_npy(unsigned char *buf, int version, const char *descr, const char *shape,
                       const void *data, size_t len)
{
    char hdr[256];
    snprintf(hdr, sizeof hdr, "{'descr': '%s', 'fortran_order': False, 'shape': %s, }", descr,
             shape);
    return make_npy_dict(buf, version, hdr, data, len);
}

START_TEST(npy_reads_every_supported_dtype_and_version)
{
    unsigned char buf[1024];
    const double f8[3] = { 0.5, -2, 1e-300 };
    const float f4[3] = { 0.5f, -2, 0.25f };
    const int32_t i4[3] = { 7, -8, 2147483647 };
    const int64_t i8[3] = { 7, -8, INT64_C(1) << 40 };
    struct {
        const char *descr;
        const void *data;
        size_t size;
        double want[3];
    } cases[] = {
        { "<f8", f8, sizeof f8, { 0.5, -2, 1e-300 } },
        { "<f4", f4, sizeof f4, { 0.5, -2, 0.25 } },
        { "<i4", i4, sizeof i4, { 7, -8, 2147483647 } },
        { "<i8", i8, sizeof i8, { 7, -8, 1099511627776.0 } },
    };
    for (int version = 1; version <= 2; version++) {
        for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
            size_t len = make_npy(buf, version, cases[c].descr, "(3,)", cases[c].data,
                                  cases[c].size);
            ca_signal s;
            ca_error err = { 0 };
            ck_assert_msg(load_text("a.npy", buf, len, &s, &err) == CA_OK, "%s", err.msg);
            ck_assert_uint_eq(s.n, 3);
            for (int i = 0; i < 3; i++)
                ck_assert_double_eq(s.v[i], cases[c].want[i]);
            ca_signal_free(&s);
        }
    }
}
END_TEST

static void assert_npy_refused(int version, const char *descr, const char *shape,
                               size_t data_len, const char *needle)
{
    unsigned char buf[1024], data[64] = { 0 };
    size_t len = make_npy(buf, version, descr, shape, data, data_len);
    ca_signal s;
    ca_error err = { 0 };
    ck_assert_int_eq(load_text("b.npy", buf, len, &s, &err), CA_EINPUT);
    ck_assert_msg(strstr(err.msg, needle) != NULL, "'%s' lacks '%s'", err.msg, needle);
}

START_TEST(npy_refuses_what_it_cannot_read)
{
    assert_npy_refused(1, ">f8", "(2,)", 16, "unsupported dtype '>f8'");
    assert_npy_refused(1, "<c16", "(2,)", 32, "unsupported dtype '<c16'");
    assert_npy_refused(1, "|u1", "(2,)", 2, "unsupported dtype '|u1'");
    assert_npy_refused(1, "<f8", "(2, 3)", 48, "shape (2, 3) is not 1-D");
    assert_npy_refused(1, "<f8", "()", 8, "shape () is not 1-D");
    assert_npy_refused(1, "<f8", "(0,)", 0, "no samples");
    assert_npy_refused(2, "<f8", "(4,)", 24, "truncated: the header promises 4 samples, the file holds 3");
    assert_npy_refused(3, "<f8", "(1,)", 8, "unsupported .npy format version 3.0");
    assert_npy_refused(1, "<f8", "(5,)", 0, "holds 0");

    unsigned char buf[1024];
    const double bad[2] = { 1, NAN };
    size_t len = make_npy(buf, 1, "<f8", "(2,)", bad, sizeof bad);
    ca_signal s;
    ca_error err = { 0 };
    ck_assert_int_eq(load_text("n.npy", buf, len, &s, &err), CA_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "sample 1 is not a finite number"));
    ck_assert_int_eq(load_text("t.npy", buf, 20, &s, &err), CA_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "truncated .npy header"));
}
END_TEST

START_TEST(stdin_spec_reads_the_stream_and_pads)
{
    char text[] = "1\n2\n3\n";
    FILE *in = fmemopen(text, strlen(text), "r");
    ck_assert_ptr_nonnull(in);
    ca_signal s;
    ca_error err = { 0 };
    ck_assert_int_eq(ca_signal_from_spec("-:pad=2", NULL, in, &s, &err), CA_OK);
    fclose(in);
    const double want[] = { 0, 0, 1, 2, 3, 0, 0 };
    ck_assert_uint_eq(s.n, 7);
    ck_assert_mem_eq(s.v, want, sizeof want);
    ca_signal_free(&s);
}
END_TEST

START_TEST(file_specs_take_pad)
{
    char dir[256], path[512], spec[600];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/w.txt", dir);
    tu_write_file(path, "4 5", 3);
    snprintf(spec, sizeof spec, "%s:pad=1", path);
    ca_signal s = from_spec_ok(spec);
    const double want[] = { 0, 4, 5, 0 };
    ck_assert_uint_eq(s.n, 4);
    ck_assert_mem_eq(s.v, want, sizeof want);
    ca_signal_free(&s);
    snprintf(spec, sizeof spec, "%s:n=3", path);
    assert_refused(spec, CA_EINPUT, "unknown key 'n' (valid keys: pad, origin)");
    tu_rmtree(dir);
}
END_TEST

START_TEST(every_listed_generator_parses_with_defaults)
{
    char names[256];
    snprintf(names, sizeof names, "%s", ca_signal_generator_names());
    for (char *name = strtok(names, ", "); name; name = strtok(NULL, ", ")) {
        char spec[64];
        snprintf(spec, sizeof spec, "%s%s", name, strcmp(name, "values") == 0 ? ":1" : "");
        ca_signal s = from_spec_ok(spec);
        ck_assert_uint_gt(s.n, 0);
        ca_signal_free(&s);
    }
}
END_TEST

/* A generator's length from its spec alone is the length of what it
 * generates, padding included; samples that must be read have none yet,
 * nor has a length over the limit, which from_spec refuses (a caller
 * weighing 0 falls back to it); a spec that does not parse is refused
 * with from_spec's message. */
START_TEST(a_generators_length_is_known_from_its_spec)
{
    static const char *const specs[] = {
        "sawtooth", "sawtooth:cycles=3,period=7,pad=2", "force:period=4", "decay:n=11",
        "gaussian:n=9,pad=1", "random:n=123,seed=5", "delta:n=6,at=2", "box:n=2,origin=-3",
        "step:pad=4", "sine:n=17",
    };
    for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++) {
        size_t n = 99;
        ca_error err = { 0 };
        ck_assert_int_eq(ca_signal_spec_length(specs[i], NULL, &n, &err), CA_OK);
        ca_signal s = from_spec_ok(specs[i]);
        ck_assert_msg(n == s.n, "%s: %zu from the spec, %zu generated", specs[i], n, s.n);
        ca_signal_free(&s);
    }
    char dir[256], path[512];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/three.csv", dir);
    tu_write_file(path, "1,2,3\n", 6);
    const char *const read[] = { "values:1;2", "-", "-:pad=1", path, "rect", "nosuch",
                                 "sawtooth:cycles=60000000,period=60", "box:n=3,pad=40000000" };
    for (size_t i = 0; i < sizeof read / sizeof read[0]; i++) {
        size_t n = 99;
        ca_error err = { 0 };
        ck_assert_int_eq(ca_signal_spec_length(read[i], NULL, &n, &err), CA_OK);
        ck_assert_uint_eq(n, 0);
    }
    tu_rmtree(dir);
    static const char *const bad[] = { "decay:n=0", "box:n=3,n=4", "random:n=1e15",
                                       "sine:bogus=1", "box:pad=-1", "" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t n = 99;
        ca_signal s;
        ca_error want = { 0 }, got = { 0 };
        ca_status st = ca_signal_from_spec(bad[i], NULL, NULL, &s, &want);
        ck_assert_int_ne(st, CA_OK);
        ck_assert_int_eq(ca_signal_spec_length(bad[i], NULL, &n, &got), st);
        ck_assert_str_eq(got.msg, want.msg);
        ck_assert_uint_eq(n, 0);
    }
}
END_TEST

START_TEST(npy_headers_are_read_as_strictly_as_numpy)
{
    static const char *const good[] = {
        "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }",
        "{\"shape\": (2,), \"descr\": \"<f8\", \"fortran_order\": True}",
        "{ 'descr' : '<f8' ,'fortran_order':False,'shape':( 2 , ) }",
    };
    static const struct {
        const char *dict, *why;
    } bad[] = {
        { "{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (2,)}",
          "gives 'descr' twice" },
        { "{'descr': '<f8', 'fortran_order': 'False', 'shape': (2,)}",
          "fortran_order is 'False', not True or False" },
        { "{'descr': '<f8', 'fortran_order': Falsey, 'shape': (2,)}", "not True or False" },
        { "{'descr': '<f8', 'shape': (2,)}", "has no 'fortran_order'" },
        { "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'x': 0}",
          "unknown key 'x'" },
        { "{'descr': '<f8', 'fortran_order': False, 'shape': (2)}", "shape is (2), not a tuple" },
        { "{'descr': '<f8', 'fortran_order': False, 'shape': (0x2,)}", "not a tuple" },
        { "{'descr': '<f8', 'fortran_order': False, 'shape': (02,)}", "not a tuple" },
        { "{'descr': '<f8', 'fortran_order': False, 'shape': (2,)} 7", "not a valid .npy header" },
        { "{'descr': <f8, 'fortran_order': False, 'shape': (2,)}", "not a dtype string" },
        { "{'descr': '<f8' 'fortran_order': False, 'shape': (2,)}", "not a valid .npy header" },
    };
    static const double two[2] = { 1.5, -2 };
    unsigned char buf[512];
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        ca_signal s;
        ca_error err = { 0 };
        size_t len = make_npy_dict(buf, 1, good[i], two, sizeof two);
        ck_assert_msg(load_text("g.npy", buf, len, &s, &err) == CA_OK, "%s: %s", good[i],
                      err.msg);
        ck_assert_uint_eq(s.n, 2);
        ck_assert_double_eq(s.v[1], -2);
        ca_signal_free(&s);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ca_signal s;
        ca_error err = { 0 };
        size_t len = make_npy_dict(buf, 1, bad[i].dict, two, sizeof two);
        ck_assert_int_eq(load_text("b.npy", buf, len, &s, &err), CA_EINPUT);
        ck_assert_msg(strstr(err.msg, bad[i].why) != NULL, "%s: '%s' lacks '%s'", bad[i].dict,
                      err.msg, bad[i].why);
        ck_assert_ptr_null(s.v);
    }
}
END_TEST

/* One rule for numbers in files and specs: decimal, finite, nothing else. */
START_TEST(only_decimal_numbers_are_read)
{
    static const char *const texts[] = { "0x10\n", "1\n0X1A\n", "infinity\n", "1_0\n",
                                         "0x1p3\n", "1e\n", "--1\n", ".\n" };
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        ca_signal s;
        ca_error err = { 0 };
        ck_assert_int_eq(load_text("h.csv", texts[t], strlen(texts[t]), &s, &err), CA_EINPUT);
        ck_assert_msg(strstr(err.msg, "is not a finite number") != NULL, "%s", err.msg);
    }
    assert_refused("values:0x10", CA_EINPUT, "item 1 ('0x10') is not a finite number");
    assert_refused("values:1;INF", CA_EINPUT, "item 2 ('INF')");
    assert_refused("box:height=0x1p3", CA_EINPUT, "height='0x1p3' is not a finite number");
    assert_refused("decay:n=0x10", CA_EINPUT, "n='0x10' is not a finite number");
    assert_refused("random:seed=0x10", CA_EINPUT, "seed must be a whole number >= 0");
    ca_signal s = from_spec_ok("values:+2;.5;5.;-1e-1;3E2");
    ck_assert_uint_eq(s.n, 5);
    ck_assert_double_eq(s.v[0], 2);
    ck_assert_double_eq(s.v[1], 0.5);
    ck_assert_double_eq(s.v[2], 5);
    ck_assert_double_eq(s.v[3], -0.1);
    ck_assert_double_eq(s.v[4], 300);
    ca_signal_free(&s);
}
END_TEST

/* Blanks around a number or a setting and separators at the end mean
 * nothing, in a spec as in a file; an empty item between two does. */
START_TEST(blanks_and_trailing_separators_read_as_in_files)
{
    static const struct {
        const char *spec;
        size_t n;
        double first, last;
    } cases[] = {
        { "values: 1; 2 ;3;", 3, 1, 3 },
        { "values:1;2;; ", 2, 1, 2 },
        { "values:1;2;, pad = 1 ,", 4, 0, 0 },
        { "box: n=3 , height= 2 ,", 3, 2, 2 },
        { "step:\tn=4,at=1,,", 4, 0, 1 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ca_signal s = from_spec_ok(cases[i].spec);
        ck_assert_msg(s.n == cases[i].n, "%s: %zu samples", cases[i].spec, s.n);
        ck_assert_double_eq(s.v[0], cases[i].first);
        ck_assert_double_eq(s.v[s.n - 1], cases[i].last);
        ca_signal_free(&s);
    }
    assert_refused("values:1;;2", CA_EINPUT, "item 2 ('') is not a finite number");
    assert_refused("values: ; ;", CA_EINPUT, "values: no samples");
    assert_refused("box:n=3,,height=2", CA_EINPUT, "box: an empty setting between two commas");
    assert_refused("box: n=3, n = 4", CA_EINPUT, "box: n given twice");
    assert_refused("box:n=3 4", CA_EINPUT, "n='3 4' is not a finite number");
}
END_TEST

/* What a spreadsheet saves as "CSV UTF-8": a byte-order mark, CRLF line
 * ends. The mark counts only at the very start. */
START_TEST(a_spreadsheet_csv_is_read)
{
    static const char sheet[] = "\xef\xbb\xbf" "1,2.5\r\n-3,\r\n";
    ca_signal s;
    ca_error err = { 0 };
    ck_assert_msg(load_text("s.csv", sheet, sizeof sheet - 1, &s, &err) == CA_OK, "%s", err.msg);
    ck_assert_uint_eq(s.n, 3);
    ck_assert_double_eq(s.v[0], 1);
    ck_assert_double_eq(s.v[2], -3);
    ca_signal_free(&s);
    static const char late[] = "1\r\n\xef\xbb\xbf" "2\r\n";
    ck_assert_int_eq(load_text("l.csv", late, sizeof late - 1, &s, &err), CA_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "l.csv:2: "));
}
END_TEST

/* A fifo nobody writes to is an empty stream, not a wait; a device is no
 * file of numbers. */
START_TEST(a_fifo_or_device_never_blocks_the_loader)
{
    char dir[256], path[512];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/f.csv", dir);
    ck_assert_int_eq(mkfifo(path, 0644), 0);
    ca_signal s;
    ca_error err = { 0 };
    ck_assert_int_eq(ca_signal_load(path, NULL, &s, &err), CA_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "f.csv: no samples"));
    ck_assert_int_eq(ca_signal_load("/dev/zero", NULL, &s, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "/dev/zero: not a regular file or a pipe");
    tu_rmtree(dir);
}
END_TEST

static const tu_suite suite = { .name = "signal" };
TU_MAIN(suite, generators_match_numpy_fixtures, notebook_defaults_give_the_preset_lengths,
        random_is_reproducible_per_seed, notebook_names_are_aliases, bad_specs_name_the_culprit,
        huge_counts_are_refused_before_allocating, text_files_take_columns_rows_and_comments,
        text_garbage_gives_file_and_line, folders_and_missing_files_are_refused,
        npy_reads_every_supported_dtype_and_version, npy_refuses_what_it_cannot_read,
        stdin_spec_reads_the_stream_and_pads, file_specs_take_pad,
        origin_stands_the_first_sample_and_padding_goes_before_it,
        every_listed_generator_parses_with_defaults, a_generators_length_is_known_from_its_spec,
        npy_headers_are_read_as_strictly_as_numpy,
        only_decimal_numbers_are_read,
        blanks_and_trailing_separators_read_as_in_files,
        a_spreadsheet_csv_is_read,
        a_fifo_or_device_never_blocks_the_loader)

#include "runutil.h"

/* Faults a build pipeline meets: a run killed halfway (by SIGKILL, or by
 * a SIGTERM, SIGINT or SIGHUP it catches), a disk that fills up, a request
 * too large for the machine. Whatever happens, the targets keep what they
 * had and nothing is left beside them. A test that must hit a run in the
 * middle waits for a condition (bytes written, a stop, a state /proc
 * shows), never for a fixed time, so it holds on any machine. */

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* A folder with the outputs of an earlier run in it. */
static void earlier_run(char *dir, size_t size)
{
    tu_mkdtemp(dir, size);
    char path[4096];
    snprintf(path, sizeof path, "%s/out.gif", dir);
    tu_write_file(path, "previous GIF\n", 13);
    snprintf(path, sizeof path, "%s/out.png", dir);
    tu_write_file(path, "previous PNG\n", 13);
}

static bool same(const ru_snapshot *a, const ru_snapshot *b)
{
    return a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
}

/* Some 5,000 frames at 1800x1200: seconds of work and nearly 2 MB of GIF,
 * so that a signal lands in the middle of the frames. */
static const char *const long_render[] = {
    "animate", "-q", "-f", "random:n=5000", "-g", "box:n=30", "--size", "1800x1200",
    "-o", "out.gif", "--poster", "out.png", NULL
};

/* Settings that preload tests/no_tmpfile.c (built beside the tests) into
 * convanim: its open() refuses O_TMPFILE, as a file system without it
 * does, so temporaries have their `.NAME.XXXXXX` from the start; with
 * stop, convanim also stops itself at its first fsync(). AddressSanitizer
 * wants its runtime first among the libraries, and is told not to mind. */
static const char *const *without_tmpfile(bool stop)
{
    static char preload[4200], asan[1024];
    static const char *env[4];
    const char *bin = ru_bin(), *asan_options = getenv("ASAN_OPTIONS");
    snprintf(preload, sizeof preload, "LD_PRELOAD=%.*s/tests/no_tmpfile.so",
             (int)(strrchr(bin, '/') - bin), bin);
    ck_assert_msg(access(preload + strlen("LD_PRELOAD="), R_OK) == 0, "no %s", preload);
    snprintf(asan, sizeof asan, "ASAN_OPTIONS=%s%sverify_asan_link_order=0",
             asan_options ? asan_options : "", asan_options ? ":" : "");
    env[0] = preload;
    env[1] = asan;
    env[2] = stop ? "NO_TMPFILE_STOP_AT_SYNC=1" : NULL;
    env[3] = NULL;
    return env;
}

/* The size of the file convanim (pid) writes in dir (an absolute path
 * without links), as /proc shows its descriptors, and its name there:
 * `.NAME.XXXXXX`, or `#INODE (deleted)` while it has none (O_TMPFILE).
 * -1 while there is none. */
static long long written(pid_t pid, const char *dir, char *name, size_t size)
{
    char fds[64], fd[400], path[4400];
    snprintf(fds, sizeof fds, "/proc/%d/fd", (int)pid);
    DIR *d = opendir(fds);
    ck_assert_msg(d != NULL, "cannot open %s", fds);
    size_t len = strlen(dir);
    long long bytes = -1;
    for (struct dirent *e; bytes < 0 && (e = readdir(d)) != NULL;) {
        snprintf(fd, sizeof fd, "%s/%s", fds, e->d_name);
        ssize_t n = readlink(fd, path, sizeof path - 1);
        struct stat st;
        if (n <= (ssize_t)len || strncmp(path, dir, len) != 0 || path[len] != '/' ||
            stat(fd, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        path[n] = '\0';
        snprintf(name, size, "%s", path + len + 1);
        bytes = st.st_size;
    }
    closedir(d);
    return bytes;
}

/* Starts long_render in a folder, empty or with an earlier run's outputs,
 * waits until its temporary holds `bytes`, sends sig, and checks that the
 * run died of it, silently, leaving the folder as it was. named: the
 * temporary has a name from the start (O_TMPFILE refused). */
static void interrupt_render(int sig, bool named, long long bytes, bool earlier)
{
    char dir[256], real[4096], name[4400] = "";
    if (earlier)
        earlier_run(dir, sizeof dir);
    else
        tu_mkdtemp(dir, sizeof dir);
    ck_assert_ptr_nonnull(realpath(dir, real));
    ru_snapshot before = ru_snapshot_of(dir);
    ru_opts o = { .cwd = dir, .env = named ? without_tmpfile(false) : NULL };
    ru_child c;
    static ru_result r;
    int status;
    ru_start(&c, &o, long_render);
    while (written(c.pid, real, name, sizeof name) < bytes)
        ck_assert_msg(!ru_poll(&c, &o, 0, &status), "the render ended before writing %lld bytes",
                      bytes);
    ck_assert_int_eq(kill(c.pid, sig), 0);
    ru_finish(&c, &r, &o);
    ck_assert_msg(r.signal == sig, "%s at %lld bytes: exit %d, signal %d: %s", strsignal(sig),
                  bytes, r.code, r.signal, r.err);
    ck_assert_str_eq(r.err, "");
    if (named)
        ck_assert_msg(strncmp(name, ".out.gif.", 9) == 0, "the temporary is '%s'", name);
    /* SIGKILL cannot be caught: a named temporary stays, the documented
     * limit where O_TMPFILE is missing */
    if (sig == SIGKILL && name[0] == '.') {
        snprintf(real, sizeof real, "%s/%s", dir, name);
        ck_assert_int_eq(unlink(real), 0);
    }
    ru_snapshot after = ru_snapshot_of(dir);
    ck_assert_msg(same(&before, &after), "the folder changed after %s at %lld bytes",
                  strsignal(sig), bytes);
    free(before.text);
    free(after.text);
    tu_rmtree(dir);
}

/* kill -9 while frames are being written, early or late: the GIF and the
 * poster keep their bytes and the unnamed temporary goes with the
 * process. */
START_TEST(a_kill_in_the_middle_leaves_the_targets_and_nothing_else)
{
    static const long long bytes[] = { 1, 1 << 16, 1 << 18 };
    interrupt_render(SIGKILL, false, bytes[_i], true);
}
END_TEST

/* The same without an earlier run: no target appears. */
START_TEST(a_kill_before_the_end_creates_no_target)
{
    interrupt_render(SIGKILL, false, 1, false);
}
END_TEST

/* SIGTERM, SIGINT and SIGHUP are caught: the frame loop aborts its
 * writers, which removes the named temporary, and the process then dies
 * of the signal (the status a shell or make expects). */
START_TEST(a_caught_signal_removes_the_named_temporary_and_kills)
{
    static const int sigs[] = { SIGTERM, SIGINT, SIGHUP };
    interrupt_render(sigs[_i % 3], true, 1 << 16, _i < 3);
}
END_TEST

/* A folder with the inputs of the commands below: two images and a GIF. */
static void single_write_inputs(char *dir, size_t size)
{
    static const char *const assets[] = { "moon.png", "checker.png" };
    char asset[64], path[4096];
    tu_mkdtemp(dir, size);
    for (int i = 0; i < 2; i++) {
        size_t len;
        snprintf(asset, sizeof asset, "assets/%s", assets[i]);
        uint8_t *png = tu_read_all(ru_repo_file(asset), &len);
        snprintf(path, sizeof path, "%s/%s", dir, assets[i]);
        tu_write_file(path, png, len);
        free(png);
    }
    static ru_result r;
    ru_opts o = { .cwd = dir };
    ru_run(&r, &o, ARGS("animate", "-q", "-f", "box", "-g", "box", "-o", "shown.gif"));
    ck_assert_msg(r.code == 0, "%s", r.err);
}

/* Commands that write their files in one library call (no frame loop to
 * stop) are stopped in the middle of the write, their temporary complete
 * and not yet renamed, and sent SIGTERM: they finish the write, put the
 * file in place and then die of the signal. Nothing else is left behind:
 * the folder ends as a run that was never interrupted leaves it. */
START_TEST(a_signal_during_a_single_write_leaves_no_temporary)
{
    static const struct {
        const char *args[10];
        const char *outputs[2];
    } cases[] = {
        { { "conv2d", "moon.png", "-k", "sobel:vert", "-o", "c.png", "--figure", "f.png", NULL },
          { "c.png", "f.png" } },
        { { "animate2d", "checker.png", "-k", "laplacian", "--resize", "6x6", "-o", "a.gif",
            NULL },
          { "a.gif" } },
        { { "gallery", ".", "-o", "index.html", NULL }, { "index.html" } },
    };
    const char *const *args = cases[_i].args;
    char whole[256], killed[256], path[4096];
    static ru_result r;

    single_write_inputs(whole, sizeof whole);
    ru_opts o = { .cwd = whole };
    ru_run(&r, &o, args);
    ck_assert_msg(r.code == 0, "%s: %s", args[0], r.err);
    ru_snapshot want = ru_snapshot_of(whole);

    single_write_inputs(killed, sizeof killed);
    for (int k = 0; k < 2 && cases[_i].outputs[k]; k++) {
        snprintf(path, sizeof path, "%s/%s", killed, cases[_i].outputs[k]);
        tu_write_file(path, "previous\n", 9);
    }
    o = (ru_opts){ .cwd = killed, .env = without_tmpfile(true) };
    ru_child c;
    int status;
    ru_start(&c, &o, args);
    while (!ru_poll(&c, &o, WUNTRACED, &status))
        continue;
    ck_assert_msg(WIFSTOPPED(status), "%s ended before its first sync", args[0]);
    ck_assert_int_eq(kill(c.pid, SIGTERM), 0);
    ck_assert_int_eq(kill(c.pid, SIGCONT), 0);
    ru_finish(&c, &r, &o);
    ck_assert_msg(r.signal == SIGTERM, "%s: exit %d, signal %d: %s", args[0], r.code, r.signal,
                  r.err);
    ru_snapshot got = ru_snapshot_of(killed);
    ck_assert_msg(same(&want, &got), "%s killed:\n%s\nnot interrupted:\n%s", args[0], got.text,
                  want.text);
    free(want.text);
    free(got.text);
    tu_rmtree(whole);
    tu_rmtree(killed);
}
END_TEST

/* Whether convanim (pid) sleeps in a call with its handler for sig set,
 * as /proc/PID/status tells. */
static bool asleep_catching(pid_t pid, int sig)
{
    char path[64], line[256], name[64] = "", state = 0;
    unsigned long long caught = 0;
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *fp = fopen(path, "r");
    ck_assert_msg(fp != NULL, "cannot open %s", path);
    while (fgets(line, sizeof line, fp)) {
        sscanf(line, "Name: %63s", name);
        sscanf(line, "State: %c", &state);
        sscanf(line, "SigCgt: %llx", &caught);
    }
    fclose(fp);
    return strcmp(name, "convanim") == 0 && state == 'S' && (caught >> (sig - 1) & 1);
}

/* A command blocked reading a pipe that stays silent still dies of the
 * signal at once, instead of waiting for input that may never come. */
START_TEST(a_signal_ends_a_blocked_read)
{
    static const int sigs[] = { SIGTERM, SIGINT, SIGHUP };
    char dir[256], fifo[300];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(fifo, sizeof fifo, "%s/stdin", dir);
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    /* held open for writing, so that convanim's read blocks instead of ending */
    int writer = open(fifo, O_RDWR);
    ck_assert_int_ge(writer, 0);
    ru_opts o = { .stdin_path = fifo, .timeout_s = 30 };
    ru_child c;
    static ru_result r;
    int status;
    ru_start(&c, &o, ARGS("signal", "-"));
    while (!asleep_catching(c.pid, sigs[_i]))
        ck_assert_msg(!ru_poll(&c, &o, 0, &status), "convanim signal - ended without input");
    ck_assert_int_eq(kill(c.pid, sigs[_i]), 0);
    ru_finish(&c, &r, &o);
    close(writer);
    ck_assert_msg(r.signal == sigs[_i], "exit %d, signal %d: %s", r.code, r.signal, r.err);
    ck_assert_str_eq(r.out, "");
    tu_rmtree(dir);
}
END_TEST

/* A full disk at every stage of a run: the GIF's first bytes, its last
 * frames, the poster after it. Exit 1 with the system's reason, and the
 * targets as they were. */
START_TEST(a_full_disk_at_any_point_is_reported_and_changes_nothing)
{
    static const long long limits[] = { 200, 700, 4096, 60000, 150000 };
    char dir[256];
    earlier_run(dir, sizeof dir);
    ru_snapshot before = ru_snapshot_of(dir);
    static ru_result r;
    ru_opts o = { .cwd = dir, .fsize_limit = limits[_i] };
    ru_run(&r, &o,
           ARGS("preset", "sliding_block", "-o", "out.gif", "--poster", "out.png", "--size",
                "1800x1200"));
    ru_assert_refused(&r, 1, "File too large", "preset sliding_block under ulimit -f");
    ck_assert_msg(strstr(r.err, "out.gif") || strstr(r.err, "out.png"), "%s", r.err);
    ru_snapshot after = ru_snapshot_of(dir);
    ck_assert_msg(same(&before, &after), "the folder changed under a %lld byte limit",
                  limits[_i]);
    free(before.text);
    free(after.text);
    tu_rmtree(dir);
}
END_TEST


/* A frames folder holding an earlier render's frames, and a full disk at
 * the first frame, amid the frames or near the GIF's end: exit 1, and the
 * folder keeps the old frames alone, with nothing of this run's mixed in
 * or left beside them. 30 frames, more than the 12 old ones, of some
 * 20 KB each and a GIF of some 80 KB: the limits stop the run at the
 * first frame, near the tenth and near the twentieth (all 109 frames cost
 * a second of CPU in each of the six runs). */
#define FRAMES_RUN "preset", "sliding_block", "-o", "out.gif", "--frames", "frames", \
                   "--max-frames", "30"
START_TEST(a_full_disk_never_mixes_two_renders_in_a_frames_folder)
{
    static const long long limits[] = { 2048, 30000, 60000 };
    char dir[256], path[4096];
    earlier_run(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/frames", dir);
    ck_assert_int_eq(mkdir(path, 0755), 0);
    for (int i = 0; i < 12; i++) {
        char text[32];
        snprintf(path, sizeof path, "%s/frames/frame_%04d.png", dir, i);
        tu_write_file(path, text, (size_t)snprintf(text, sizeof text, "old frame %d\n", i));
    }
    ru_snapshot before = ru_snapshot_of(dir);
    static ru_result r;
    ru_opts o = { .cwd = dir, .fsize_limit = limits[_i] };
    ru_run(&r, &o, ARGS(FRAMES_RUN));
    ru_assert_refused(&r, 1, "File too large", "preset --frames under ulimit -f");
    ru_snapshot after = ru_snapshot_of(dir);
    ck_assert_msg(same(&before, &after), "the folder changed under a %lld byte limit",
                  limits[_i]);
    free(before.text);
    free(after.text);
    /* without the limit the new frames replace the old ones, all of them */
    o.fsize_limit = 0;
    ru_run(&r, &o, ARGS(FRAMES_RUN));
    ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
    snprintf(path, sizeof path, "%s/frames", dir);
    DIR *d = opendir(path);
    ck_assert_ptr_nonnull(d);
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        ck_assert_msg(e->d_name[0] != '.' || strspn(e->d_name, ".") == strlen(e->d_name),
                      "left behind: %s", e->d_name);
        /* the frames and their timeline, which test_formats checks */
        if (e->d_name[0] == '.' || strcmp(e->d_name, "timeline.txt") == 0)
            continue;
        size_t len;
        snprintf(path, sizeof path, "%s/frames/%s", dir, e->d_name);
        uint8_t *png = tu_read_all(path, &len);
        ck_assert_msg(len > 8 && memcmp(png, "\x89PNG", 4) == 0, "%s is not a new frame",
                      e->d_name);
        free(png);
    }
    closedir(d);
    tu_rmtree(dir);
}
END_TEST

/* Requests that would need hours or gigabytes are refused by a budget
 * before anything is allocated or drawn: within an address space of 32
 * MiB, less than the 160 MB of samples the conv names, as bad input (exit
 * 2) with the limit named, not as a failure to allocate (exit 1). */
START_TEST(huge_requests_are_refused_up_front_by_a_budget)
{
    static const struct {
        const char *args[14];
        const char *culprit;
    } cases[] = {
        { { "conv", "-f", "random:n=20000000", "-g", "random:n=20000", NULL },
          "products are over the limit of 68719476736 (2^36)" },
        { { "animate", "-f", "random:n=1000000", "-g", "random:n=100000", "-o", "x.gif", NULL },
          "an animation draws at most 1048576" },
        { { "animate", "-f", "random:n=100000", "-g", "box:n=1", "-o", "x.gif", "--size",
            "8192x8192", NULL },
          "pixel-frames (2^36): ask for at most 1024 frames" },
        { { "animate", "-f", "box:n=1", "-g", "random:n=1000000", "-o", "x.gif",
            "--max-frames", "34", NULL },
          "sample-frames (2^25): ask for at most 33 frames" },
        { { "signal", "random:n=1e12", NULL }, "n=1e12 is over the limit of 67108864 samples" },
        { { "conv2d", "huge.png", "-k", "box", "--print", NULL }, "huge.png" },
    };
    char dir[256], path[4096];
    tu_mkdtemp(dir, sizeof dir);
    /* a PNG whose header claims 100000x100000 pixels */
    static const uint8_t huge[] = {
        0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
        0, 1, 0x86, 0xa0, 0, 1, 0x86, 0xa0, 8, 0, 0, 0, 0, 0x8d, 0x39, 0x54, 0x14
    };
    snprintf(path, sizeof path, "%s/huge.png", dir);
    tu_write_file(path, huge, sizeof huge);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        static ru_result r;
        ru_opts o = { .cwd = dir, .timeout_s = 30 };
        if (!UNDER_ASAN)
            o.as_limit = 32ll << 20;
        ru_run(&r, &o, cases[i].args);
        ru_assert_refused(&r, 2, cases[i].culprit, cases[i].args[0]);
        ck_assert_msg(r.seconds < 10, "%s took %g s to refuse", cases[i].args[0], r.seconds);
        ck_assert_int_eq(tu_entries(dir), 1);
    }
    tu_rmtree(dir);
}
END_TEST

/* Input that never ends must not keep the loaders busy forever: a token
 * that grows without end is refused once it cannot be a number. */
START_TEST(an_endless_token_is_refused_at_once)
{
    static ru_result r;
    size_t len = 1 << 20;
    char *zeros = calloc(1, len);
    ck_assert_ptr_nonnull(zeros);
    ru_opts o = { .input = zeros, .input_len = len, .timeout_s = 20 };
    ru_run(&r, &o, ARGS("signal", "-"));
    ru_assert_refused(&r, 2, "standard input:1: '????", "NUL bytes on stdin");
    free(zeros);
}
END_TEST

/* Signals at the edges of what a double holds, and kernels too, are drawn
 * without a crash (or refused in one line when the output overflows):
 * under SANITIZE=1 this is where a cast of an infinite or enormous
 * coordinate to int would be caught. */
START_TEST(extreme_but_finite_values_are_drawn)
{
    static const char *const specs[] = {
        "values:1e308;-1e308;1e308", "values:1e-320;5e-324;0", "values:0;0;0",
        "decay:scale=-700", "values:1e300;1e-300;-1e300",
    };
    static const char *const layouts[] = { "seed", "product" };
    char dir[256], path[4096];
    tu_mkdtemp(dir, sizeof dir);
    for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++)
        for (int l = 0; l < 2; l++) {
            static ru_result r;
            ru_opts o = { .cwd = dir };
            ru_run(&r, &o,
                   ARGS("animate", "-q", "-f", specs[i], "-g", specs[(i + 1) % 5], "--layout",
                        layouts[l], "--size", "320x240", "-o", "x.gif", "--poster", "x.png"));
            /* drawn, or refused as an output that overflows a double */
            if (r.code != 0)
                ru_assert_refused(&r, 2, "overflows", specs[i]);
        }
    snprintf(path, sizeof path, "%s/k.csv", dir);
    /* each output is one product of about 1e308 plus others: finite */
    tu_write_file(path, "1e308 0\n5e-324 -1e308\n", 22);
    size_t len;
    uint8_t *png = tu_read_all(ru_repo_file("assets/checker.png"), &len);
    snprintf(path, sizeof path, "%s/image.png", dir);
    tu_write_file(path, png, len);
    free(png);
    static const char *const norms[] = { "clip", "minmax", "abs" };
    for (int n = 0; n < 3; n++) {
        static ru_result r;
        ru_opts o = { .cwd = dir };
        ru_run(&r, &o,
               ARGS("conv2d", "image.png", "-k", "k.csv", "--normalize", norms[n], "-o", "y.png",
                    "--figure", "z.png"));
        ck_assert_msg(r.code == 0, "conv2d --normalize %s: exit %d (signal %d): %s", norms[n],
                      r.code, r.signal, r.err);
    }
    static ru_result r;
    ru_opts o = { .cwd = dir };
    ru_run(&r, &o, ARGS("animate2d", "image.png", "-k", "k.csv", "--resize", "5x5", "-o",
                        "x.gif"));
    ck_assert_msg(r.code == 0, "animate2d: exit %d (signal %d): %s", r.code, r.signal, r.err);
    /* two such products in one sum overflow: no picture can show that */
    snprintf(path, sizeof path, "%s/k.csv", dir);
    tu_write_file(path, "1e308 1e308\n1e308 1e308\n", 24);
    ru_run(&r, &o, ARGS("conv2d", "image.png", "-k", "k.csv", "--print"));
    ru_assert_refused(&r, 2, "the output overflows: row 0, column 9 is inf", "conv2d --print");
    ru_run(&r, &o, ARGS("animate2d", "image.png", "-k", "k.csv", "--resize", "5x5", "-o",
                        "x.gif"));
    ru_assert_refused(&r, 2, "the output overflows", "animate2d");
    tu_rmtree(dir);
}
END_TEST

static const tu_suite suite = { .name = "cli_faults", .timeout = 180,
    .loops = {
        { "a_kill_in_the_middle_leaves_the_targets_and_nothing_else", 3 },
        { "a_caught_signal_removes_the_named_temporary_and_kills", 6 },
        { "a_signal_during_a_single_write_leaves_no_temporary", 3 },
        { "a_signal_ends_a_blocked_read", 3 },
        { "a_full_disk_at_any_point_is_reported_and_changes_nothing", 5 },
        { "a_full_disk_never_mixes_two_renders_in_a_frames_folder", 3 },
    },
};
TU_MAIN(suite, a_kill_in_the_middle_leaves_the_targets_and_nothing_else,
        a_kill_before_the_end_creates_no_target,
        a_caught_signal_removes_the_named_temporary_and_kills,
        a_signal_during_a_single_write_leaves_no_temporary, a_signal_ends_a_blocked_read,
        a_full_disk_at_any_point_is_reported_and_changes_nothing,
        a_full_disk_never_mixes_two_renders_in_a_frames_folder,
        huge_requests_are_refused_up_front_by_a_budget, an_endless_token_is_refused_at_once,
        extreme_but_finite_values_are_drawn)

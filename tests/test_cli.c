#include <dirent.h>
#include <gif_lib.h>
#include <math.h>
#include <sys/stat.h>

#include "cliutil.h"

static char fixture_dir_path[4096];

static const char *fixture(const char *name)
{
    snprintf(fixture_dir_path, sizeof fixture_dir_path, "%s/%s", tu_fixtures(), name);
    return fixture_dir_path;
}

START_TEST(help_and_version)
{
    static run r;
    RUN(&r, "--help");
    ck_assert_int_eq(r.code, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "convanim conv -f SPEC -g SPEC"));
    RUN(&r, "--version");
    ck_assert_int_eq(r.code, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "convanim 0."));
    RUN(&r, "signal", "--help");
    ck_assert_int_eq(r.code, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "sawtooth:cycles=6,amplitude=1,period=10"));
    RUN(&r, "conv", "--help");
    ck_assert_int_eq(r.code, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "--correlate"));
}
END_TEST

START_TEST(signal_prints_every_digit)
{
    static run r;
    RUN(&r, "signal", "values:0.1;2;-0.3");
    ck_assert_int_eq(r.code, 0);
    ck_assert_str_eq(r.out, "0.10000000000000001\n2\n-0.29999999999999999\n");
    ck_assert_str_eq(r.err, "");
}
END_TEST

/* Compares printed samples with a NumPy fixture. */
static void assert_prints_fixture(const run *r, const char *name)
{
    size_t n;
    double *want = tu_read_doubles(fixture(name), &n);
    const char *p = r->out;
    double scale = 0;
    for (size_t i = 0; i < n; i++)
        scale = fmax(scale, fabs(want[i]));
    for (size_t i = 0; i < n; i++) {
        char *end;
        double got = strtod(p, &end);
        ck_assert_msg(end != p && *end == '\n', "%s: sample %zu missing", name, i);
        ck_assert_msg(fabs(got - want[i]) <= 1e-12 * scale, "%s[%zu]: %.17g vs %.17g", name, i,
                      got, want[i]);
        p = end + 1;
    }
    ck_assert_str_eq(p, "");
    free(want);
}

START_TEST(conv_prints_what_numpy_returns)
{
    static run r;
    RUN(&r, "conv", "-f", "sawtooth:cycles=6,amplitude=1,period=10,pad=5", "-g",
        "decay:n=40,scale=20");
    ck_assert_int_eq(r.code, 0);
    assert_prints_fixture(&r, "conv/sliding_block_convolve_full.txt");

    char f[4096], g[4096];
    snprintf(f, sizeof f, "%s", fixture("conv/4x6_f.txt"));
    snprintf(g, sizeof g, "%s", fixture("conv/4x6_g.txt"));
    RUN(&r, "conv", "-f", f, "-g", g, "-m", "same", "--correlate");
    ck_assert_int_eq(r.code, 0);
    assert_prints_fixture(&r, "conv/4x6_correlate_same.txt");
    RUN(&r, "conv", "--f", f, "--g", g, "--mode", "valid");
    ck_assert_int_eq(r.code, 0);
    assert_prints_fixture(&r, "conv/4x6_convolve_valid.txt");
}
END_TEST

START_TEST(conv_reads_standard_input)
{
    static run r;
    cu_run_with(&r, NULL, "1 2\n3\n", NULL, "conv", "-f", "-", "-g", "box:n=2", (const char *)NULL);
    ck_assert_int_eq(r.code, 0);
    ck_assert_str_eq(r.out, "1\n3\n5\n3\n");
}
END_TEST

/* conv --index: each sample's true index, the origins' sum, or the lag. */
START_TEST(conv_index_prints_true_indices)
{
    static run r;
    RUN(&r, "conv", "-f", "values:1;2;3,origin=-1", "-g", "values:1;1,origin=2", "--index");
    ck_assert_int_eq(r.code, 0);
    ck_assert_str_eq(r.out, "1 1\n2 3\n3 5\n4 3\n");
    /* the template 1;5;2 sits at index 2 of f: its correlation peaks at lag 2 */
    RUN(&r, "conv", "-f", "values:0;0;1;5;2;0", "-g", "values:1;5;2", "--correlate", "-m",
        "valid", "--index");
    ck_assert_int_eq(r.code, 0);
    ck_assert_str_eq(r.out, "0 2\n1 15\n2 30\n3 15\n");
    RUN(&r, "conv", "-f", "box:n=3,pad=1", "-g", "delta:n=1", "--index");
    ck_assert_int_eq(r.code, 0);
    ck_assert_str_eq(r.out, "-1 0\n0 1\n1 1\n2 1\n3 0\n");
}
END_TEST

START_TEST(bad_specs_exit_2_naming_the_culprit)
{
    static run r;
    RUN(&r, "signal", "sawtoth");
    cu_assert_bad_input(&r, "'sawtoth' is neither a generator nor a file (generators: sawtooth");
    RUN(&r, "signal", "decay:bogus=1");
    cu_assert_bad_input(&r, "unknown key 'bogus' (valid keys: n, end, scale, pad, origin)");
    RUN(&r, "signal", "decay:scale=fast");
    cu_assert_bad_input(&r, "scale='fast' is not a finite number");
    RUN(&r, "signal", "decay:scale=nan");
    cu_assert_bad_input(&r, "scale='nan'");
    RUN(&r, "signal", "sine:amplitude=-inf");
    cu_assert_bad_input(&r, "amplitude='-inf'");
    RUN(&r, "signal", "decay:n=0");
    cu_assert_bad_input(&r, "n must be a whole number >= 1 (got 0)");
    RUN(&r, "signal", "decay:n=-4");
    cu_assert_bad_input(&r, "(got -4)");
    RUN(&r, "signal", "sawtooth:period=2.5");
    cu_assert_bad_input(&r, "sawtooth: period must be a whole number >= 1 (got 2.5)");
    RUN(&r, "signal", "random:n=1e15");
    cu_assert_bad_input(&r, "n=1e15 is over the limit");
    RUN(&r, "conv", "-f", "box", "-g", "decay:n=99999999999");
    cu_assert_bad_input(&r, "n=99999999999 is over the limit");
}
END_TEST

START_TEST(bad_files_exit_2_naming_the_culprit)
{
    static run r;
    char dir[256], path[512];
    tu_mkdtemp(dir, sizeof dir);

    RUN(&r, "signal", "missing/data.csv");
    cu_assert_bad_input(&r, "missing/data.csv: cannot open: No such file or directory");
    snprintf(path, sizeof path, "%s/empty.csv", dir);
    tu_write_file(path, "", 0);
    RUN(&r, "signal", path);
    cu_assert_bad_input(&r, "empty.csv: no samples");
    snprintf(path, sizeof path, "%s/garbage.csv", dir);
    tu_write_file(path, "1\n2\n3;oops\n", 11);
    RUN(&r, "signal", path);
    cu_assert_bad_input(&r, "garbage.csv:3: 'oops' is not a finite number");

    static const char head[] = "\x93NUMPY\x01\x00\x76\x00";
    char npy[256];
    const char *dicts[] = {
        "{'descr': '>f8', 'fortran_order': False, 'shape': (1,), }",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), }",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (9,), }",
    };
    const char *culprits[] = { "unsupported dtype '>f8'", "shape (1, 1) is not 1-D",
                               "truncated: the header promises 9 samples, the file holds 1" };
    for (int i = 0; i < 3; i++) {
        memcpy(npy, head, 10);
        memset(npy + 10, ' ', 118);
        memcpy(npy + 10, dicts[i], strlen(dicts[i]));
        npy[127] = '\n';
        memset(npy + 128, 0, 8);
        snprintf(path, sizeof path, "%s/bad%d.npy", dir, i);
        tu_write_file(path, npy, 136);
        RUN(&r, "conv", "-f", path, "-g", "box");
        cu_assert_bad_input(&r, culprits[i]);
    }
    tu_rmtree(dir);
}
END_TEST

START_TEST(bad_options_exit_2)
{
    static run r;
    RUN(&r, "conv", "-f", "box", "-g", "box", "-m", "middle");
    cu_assert_bad_input(&r, "unknown mode 'middle' (modes: full, same, valid)");
    RUN(&r, "conv", "-f", "box", "-g", "box", "--fast");
    cu_assert_bad_input(&r, "'--fast'");
    RUN(&r, "conv", "-x");
    cu_assert_bad_input(&r, "unknown option '-x'");
    RUN(&r, "conv", "-f", "box");
    cu_assert_bad_input(&r, "both -f SPEC and -g SPEC are required");
    RUN(&r, "conv", "-f", "box", "-g");
    cu_assert_bad_input(&r, "option -g needs a value");
    RUN(&r, "conv", "-f", "-", "-g", "-");
    cu_assert_bad_input(&r, "only one of -f and -g can read standard input");
    RUN(&r, "signal");
    cu_assert_bad_input(&r, "a SPEC is required");
    RUN(&r, "signal", "box", "decay");
    cu_assert_bad_input(&r, "unexpected argument 'decay'");
    RUN(&r, "animatee");
    cu_assert_bad_input(&r, "unknown command 'animatee'");
}
END_TEST

START_TEST(a_failed_write_exits_1)
{
    static run r;
    cu_run_with(&r, NULL, "", "/dev/full", "signal", "random:n=100000", (const char *)NULL);
    ck_assert_int_eq(r.code, 1);
    ck_assert_ptr_nonnull(strstr(r.err, "convanim: writing the samples: No space left on device"));
}
END_TEST

/* What a GIF holds, read back with giflib. */
typedef struct gif_facts {
    int width, height, frames, loop;
    int delay_first, delay_last;   /* centiseconds */
} gif_facts;

static gif_facts read_gif(const char *path)
{
    int e;
    GifFileType *gif = DGifOpenFileName(path, &e);
    ck_assert_msg(gif != NULL, "%s: %s", path, GifErrorString(e));
    ck_assert_int_eq(DGifSlurp(gif), GIF_OK);
    gif_facts f = { gif->SWidth, gif->SHeight, gif->ImageCount, -1, -1, -1 };
    for (int i = 0; i < gif->ImageCount; i++) {
        GraphicsControlBlock gcb;
        ck_assert_int_eq(DGifSavedExtensionToGCB(gif, i, &gcb), GIF_OK);
        if (i == 0)
            f.delay_first = gcb.DelayTime;
        f.delay_last = gcb.DelayTime;
    }
    /* giflib files the extensions before an image with that image */
    const SavedImage *first = &gif->SavedImages[0];
    for (int i = 0; i + 1 < first->ExtensionBlockCount; i++) {
        const ExtensionBlock *b = &first->ExtensionBlocks[i];
        if (b->Function == APPLICATION_EXT_FUNC_CODE && b->ByteCount == 11 &&
            memcmp(b->Bytes, "NETSCAPE2.0", 11) == 0)
            f.loop = b[1].Bytes[1] | b[1].Bytes[2] << 8;
    }
    DGifCloseFile(gif, &e);
    return f;
}

START_TEST(preset_writes_the_notebooks_animation)
{
    static run r;
    char dir[256], gif[300], poster[300];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(gif, sizeof gif, "%s/block.gif", dir);
    snprintf(poster, sizeof poster, "%s/block.png", dir);
    RUN(&r, "preset", "sliding_block", "-o", gif, "--poster", poster);
    ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
    ck_assert_str_eq(r.out, "");
    gif_facts f = read_gif(gif);
    ck_assert_int_eq(f.width, 960);
    ck_assert_int_eq(f.height, 640);
    ck_assert_int_eq(f.frames, 109);
    ck_assert_int_eq(f.loop, 0);
    ck_assert_int_eq(f.delay_first, 4);
    ck_assert_int_eq(f.delay_last, 100);
    struct stat st;
    ck_assert_int_eq(stat(poster, &st), 0);
    ck_assert_int_gt(st.st_size, 1000);
    ck_assert_int_eq(tu_entries(dir), 2);

    RUN(&r, "preset", "gaussian_smoothing", "-o", gif, "--size", "320x240", "--delay", "100",
        "--hold", "0", "--loop", "3", "--theme", "dark", "-m", "same");
    ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
    f = read_gif(gif);
    ck_assert_int_eq(f.width, 320);
    ck_assert_int_eq(f.height, 240);
    ck_assert_int_eq(f.frames, 60);   /* same: max(60, 30) samples */
    ck_assert_int_eq(f.loop, 3);
    ck_assert_int_eq(f.delay_first, 10);
    ck_assert_int_eq(f.delay_last, 10);   /* a hold shorter than the delay keeps the delay */
    tu_rmtree(dir);
}
END_TEST

START_TEST(animate_takes_any_signals_and_writes_frames)
{
    static run r;
    char dir[256], gif[300], frames[300], path[400];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(gif, sizeof gif, "%s/delta.gif", dir);
    snprintf(frames, sizeof frames, "%s/frames", dir);
    ck_assert_int_eq(mkdir(frames, 0755), 0);
    RUN(&r, "animate", "-f", "delta:n=5,at=2", "-g", "box:n=3", "-o", gif, "--frames", frames,
        "--fps", "5", "--max-frames", "4", "--title", "$\\delta$ * box", "--labels", "x,,y",
        "--xlabel", "time");
    ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
    gif_facts f = read_gif(gif);
    ck_assert_int_eq(f.frames, 4);
    ck_assert_int_eq(f.delay_first, 20);
    /* the four frames and their timeline.txt */
    ck_assert_int_eq(tu_entries(frames), 5);
    snprintf(path, sizeof path, "%s/frame_0003.png", frames);
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);

    RUN(&r, "animate", "-f", "box", "-g", "box", "-o", gif, "--delay", "15");
    ck_assert_int_eq(r.code, 0);
    ck_assert_ptr_nonnull(strstr(r.err, "convanim: warning: GIF counts delays in 10 ms steps: "
                                        "15 ms becomes 20 ms\n"));
    RUN(&r, "animate", "-f", "box", "-g", "box", "-o", gif, "--delay", "10");
    ck_assert_int_eq(r.code, 0);
    ck_assert_ptr_nonnull(strstr(r.err, "delays under 20 ms"));
    RUN(&r, "animate", "-q", "-f", "box", "-g", "box", "-o", gif, "--delay", "10");
    ck_assert_int_eq(r.code, 0);
    ck_assert_str_eq(r.err, "");
    tu_rmtree(dir);
}
END_TEST

START_TEST(preset_list_and_help)
{
    static run r;
    RUN(&r, "preset", "--list");
    ck_assert_int_eq(r.code, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "sliding_block        f = sawtooth:cycles=6"));
    ck_assert_ptr_nonnull(strstr(r.out, "gaussian_smoothing"));
    RUN(&r, "animate", "--help");
    ck_assert_int_eq(r.code, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "--max-frames N"));
    RUN(&r, "preset", "--help");
    ck_assert_int_eq(r.code, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "default out/NAME.gif"));
}
END_TEST

/* Every bad request exits 2 with one line naming the culprit, and the
 * target keeps what it had. */
START_TEST(bad_animations_exit_2_and_leave_the_target_alone)
{
    static run r;
    char dir[256], gif[300], missing[300], notfont[300];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(gif, sizeof gif, "%s/keep.gif", dir);
    snprintf(missing, sizeof missing, "%s/no/such/folder", dir);
    snprintf(notfont, sizeof notfont, "%s/font.ttf", dir);
    tu_write_file(gif, "previous", 8);
    tu_write_file(notfont, "not a font", 10);
    const struct {
        const char *opt, *value, *culprit;
    } cases[] = {
        { "--size", "319x240", "at least 320x240" },
        { "--size", "20000x300", "at most 16384 pixels per side" },
        { "--size", "9000x8000", "at most 64 megapixels" },
        { "--size", "960", "WIDTHxHEIGHT" },
        { "--size", "-960x640", "WIDTHxHEIGHT" },
        { "--delay", "655360", "delay 655360 ms is outside what a GIF can store (0 to 655350 ms)" },
        { "--delay", "-10", "delay -10 ms" },
        { "--delay", "fast", "--delay wants a whole number" },
        { "--hold", "999999", "hold 999999 ms" },
        { "--fps", "0", "--fps wants a number from 0.1 to 100" },
        { "--loop", "70000", "--loop wants a whole number from 0 to 65535" },
        { "--max-frames", "0", "--max-frames wants a whole number from 1" },
        { "--theme", "pink", "unknown theme 'pink' (themes: light, dark)" },
        { "--layout", "grid", "unknown layout 'grid' (layouts: seed, product, overlay)" },
        { "--style", "dots", "unknown style 'dots' (styles: auto, line, stem)" },
        { "--pause-at", "3,x", "--pause-at wants output samples N1,N2,..." },
        { "--pause-at", "200", "pause at step 200: the output has 109 samples" },
        { "--pause", "-5", "pause -5 ms" },
        { "--intro", NULL, "use it with the product layout" },
        { "--font", "/no/such/font.ttf", "/no/such/font.ttf" },
        { "--font", notfont, "font.ttf" },
        { "--labels", "a,b", "--labels wants three labels" },
        { "-m", "middle", "unknown mode 'middle'" },
        { "--poster", missing, "no/such/folder" },
        { "--frames", missing, "no/such/folder" },
        { "--html", missing, "no/such/folder" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        RUN(&r, "preset", "sliding_block", "-o", gif, cases[i].opt, cases[i].value);
        cu_assert_bad_input(&r, cases[i].culprit);
        char buf[64];
        ck_assert_str_eq(tu_slurp(gif, buf, sizeof buf), "previous");
        ck_assert_int_eq(tu_entries(dir), 2);
    }
    /* -o once: a second one is refused as given twice */
    RUN(&r, "preset", "sliding_block", "-o", missing);
    cu_assert_bad_input(&r, "no/such/folder");
    RUN(&r, "preset", "sliding_blok", "-o", gif);
    cu_assert_bad_input(&r, "unknown preset 'sliding_blok' (presets: sliding_block, "
                         "gaussian_smoothing, rect_rect, rect_exp, gauss_gauss; did you mean "
                         "'sliding_block'?)");
    RUN(&r, "preset", "sliding_block", "-f", "box");
    cu_assert_bad_input(&r, "a preset brings its own signals");
    RUN(&r, "animate", "-f", "box", "-g", "box");
    cu_assert_bad_input(&r, "-o OUT.gif are required");
    RUN(&r, "animate", "-f", "box", "-g", "decay:n=0", "-o", gif);
    cu_assert_bad_input(&r, "n must be a whole number >= 1 (got 0)");
    ck_assert_int_eq(tu_entries(dir), 2);
    tu_rmtree(dir);
}
END_TEST

START_TEST(long_options_are_named_as_written)
{
    static run r;
    RUN(&r, "animate", "-f", "box", "-g", "box", "--delay");
    cu_assert_bad_input(&r, "option '--delay' needs a value");
    ck_assert_str_eq(r.err, "convanim: animate: option '--delay' needs a value "
                            "(see 'convanim animate --help')\n");
    RUN(&r, "preset", "sliding_block", "--quiet=3");
    cu_assert_bad_input(&r, "option '--quiet' takes no value");
    RUN(&r, "conv", "-f", "box", "-g", "box", "--correlate=yes");
    cu_assert_bad_input(&r, "option '--correlate' takes no value");
    RUN(&r, "signal", "--help=1");
    cu_assert_bad_input(&r, "option '--help' takes no value");
    RUN(&r, "animate", "--bogus");
    cu_assert_bad_input(&r, "unknown option '--bogus'");
    RUN(&r, "conv", "--bogus=1");
    cu_assert_bad_input(&r, "unknown option '--bogus'");
    /* short options keep their words, also inside a cluster that follows
     * a long option */
    RUN(&r, "animate", "-f", "box", "-g", "box", "-o");
    cu_assert_bad_input(&r, "option -o needs a value");
    RUN(&r, "conv", "--correlate", "-Qx");
    cu_assert_bad_input(&r, "unknown option '-Q'");
    RUN(&r, "preset", "-qz");
    cu_assert_bad_input(&r, "unknown option '-z'");
}
END_TEST

/* Warnings belong to a run that goes ahead: a refused one prints its one
 * line alone. */
START_TEST(warnings_wait_for_a_run_that_goes_ahead)
{
    static run r;
    char dir[256], gif[300], poster[300];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(gif, sizeof gif, "%s/x.gif", dir);
    snprintf(poster, sizeof poster, "%s/no/x.png", dir);
    RUN(&r, "animate", "-f", "box", "-g", "box", "-o", gif, "--delay", "5", "--poster", poster);
    cu_assert_bad_input(&r, "no/x.png");
    ck_assert_int_eq(tu_entries(dir), 0);
    tu_rmtree(dir);
}
END_TEST

/* `preset` makes out/ for its default GIF only for a run that passed every
 * check. */
START_TEST(preset_makes_out_only_for_a_run_that_can_go_ahead)
{
    static run r;
    char dir[256], out[300], gif[300];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(gif, sizeof gif, "%s/out/sliding_block.gif", dir);
    const struct {
        const char *opt, *value, *culprit;
    } cases[] = {
        { "--delay", "-10", "delay -10 ms" },
        { "--size", "100x100", "size 100x100 is too small" },
        { "--font", "/no/such/font.ttf", "/no/such/font.ttf" },
        { "--poster", "out/sliding_block.png", "folder 'out' does not exist" },
        { "--frames", "frames", "folder 'frames' does not exist" },
        { "-m", "middle", "unknown mode 'middle'" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        RUN_IN(&r, dir, "preset", "sliding_block", cases[i].opt, cases[i].value);
        cu_assert_bad_input(&r, cases[i].culprit);
        ck_assert_int_eq(tu_entries(dir), 0);
    }
    RUN_IN(&r, dir, "preset", "sliding_block", "--size", "320x240", "--max-frames", "2");
    ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
    ck_assert_int_eq(read_gif(gif).frames, 2);
    ck_assert_int_eq(tu_entries(out), 1);

    RUN_IN(&r, dir, "preset", "sliding_block", "--poster", "out/sliding_block.gif");
    cu_assert_bad_input(&r, "out/sliding_block.gif: the poster and the GIF are the same file");
    ck_assert_int_eq(read_gif(gif).frames, 2);
    ck_assert_int_eq(tu_entries(out), 1);
    RUN(&r, "preset");
    cu_assert_bad_input(&r, "no preset given (presets: sliding_block, gaussian_smoothing, "
                            "rect_rect, rect_exp, gauss_gauss)");
    tu_rmtree(dir);
}
END_TEST

/* Only a regular file is replaced: a fifo is refused and stays a fifo; a
 * symbolic link stays a link and the file it points to gets the GIF. */
START_TEST(outputs_must_be_regular_files_or_links_to_them)
{
    static run r;
    char dir[256], fifo[300], gif[300], real[300], link[300];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(fifo, sizeof fifo, "%s/fifo.gif", dir);
    snprintf(gif, sizeof gif, "%s/x.gif", dir);
    ck_assert_int_eq(mkfifo(fifo, 0644), 0);
    RUN(&r, "animate", "-f", "box", "-g", "box", "-o", fifo);
    cu_assert_bad_input(&r, "fifo.gif: not a regular file");
    RUN(&r, "animate", "-f", "box", "-g", "box", "-o", gif, "--poster", fifo);
    cu_assert_bad_input(&r, "fifo.gif: not a regular file");
    struct stat st;
    ck_assert_int_eq(lstat(fifo, &st), 0);
    ck_assert(S_ISFIFO(st.st_mode));
    ck_assert_int_eq(tu_entries(dir), 1);
    /* nor may the poster overwrite the GIF, however it is spelled */
    RUN_IN(&r, dir, "animate", "-f", "box", "-g", "box", "-o", "x.gif", "--poster", "./x.gif");
    cu_assert_bad_input(&r, "./x.gif: the poster and the GIF are the same file");
    ck_assert_int_eq(tu_entries(dir), 1);

    snprintf(real, sizeof real, "%s/real.gif", dir);
    snprintf(link, sizeof link, "%s/link.gif", dir);
    tu_write_file(real, "old", 3);
    ck_assert_int_eq(symlink("real.gif", link), 0);
    RUN(&r, "animate", "-f", "box", "-g", "box", "-o", link);
    ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
    ck_assert_int_eq(lstat(link, &st), 0);
    ck_assert(S_ISLNK(st.st_mode));
    ck_assert_int_eq(read_gif(real).frames, 9);
    ck_assert_int_eq(tu_entries(dir), 3);
    tu_rmtree(dir);
}
END_TEST

START_TEST(product_layout_with_intro_and_pauses)
{
    static run r;
    char dir[256], gif[300];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(gif, sizeof gif, "%s/p.gif", dir);
    RUN(&r, "animate", "-f", "values:0;0.5;1;0.25", "-g", "box:n=3", "-o", gif, "--layout",
        "product", "--intro", "--pause-at", "1,4", "--pause", "500", "--hold", "2000");
    ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
    gif_facts f = read_gif(gif);
    ck_assert_int_eq(f.frames, 12 + 6);
    ck_assert_int_eq(f.delay_first, 4);
    ck_assert_int_eq(f.delay_last, 200);
    RUN(&r, "preset", "gaussian_smoothing", "-o", gif, "--layout", "product", "--style", "line",
        "--correlate", "--intro", "--max-frames", "5", "--theme", "dark");
    ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
    ck_assert_int_eq(read_gif(gif).frames, 5);   /* a correlation flips nothing */
    tu_rmtree(dir);
}
END_TEST

/* A slip of the keyboard gets the likely spelling, in the one error line. */
START_TEST(misspellings_get_a_suggestion)
{
    static run r;
    RUN(&r, "animate", "--dealy", "5");
    cu_assert_bad_input(&r, "unknown option '--dealy'; did you mean '--delay'?");
    RUN(&r, "signal", "sawtoth");
    cu_assert_bad_input(&r, "did you mean 'sawtooth'?");
    RUN(&r, "signal", "decay:scal=3");
    cu_assert_bad_input(&r, "(valid keys: n, end, scale, pad, origin; did you mean 'scale'?)");
    RUN(&r, "conv", "-f", "box", "-g", "box", "-m", "ful");
    cu_assert_bad_input(&r, "unknown mode 'ful' (modes: full, same, valid; did you mean 'full'?)");
    RUN(&r, "preset", "sliding_block", "--theme", "drak");
    cu_assert_bad_input(&r, "did you mean 'dark'?");
    RUN(&r, "animat");
    cu_assert_bad_input(&r, "did you mean 'animate'?");
    /* nothing close: no guess */
    RUN(&r, "signal", "zebra");
    ck_assert_ptr_null(strstr(r.err, "did you mean"));
}
END_TEST

/* The man page covers every command and every long option their --help lists. */
START_TEST(man_page_covers_every_option)
{
    static run r;
    char man[1 << 16], path[4096];
    snprintf(path, sizeof path, "%s/../../man/convanim.1", tu_fixtures());
    tu_slurp(path, man, sizeof man);
    static const char *const commands[] = { "signal", "conv", "animate", "preset", "embed",
                                            "gallery", "conv2d", "filters", "animate2d" };
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        char name[64];
        snprintf(name, sizeof name, ".B convanim %s", commands[i]);
        ck_assert_msg(strstr(man, name) != NULL, "man page lacks command %s", commands[i]);
        RUN(&r, commands[i], "--help");
        ck_assert_int_eq(r.code, 0);
        for (const char *p = r.out; (p = strstr(p, "--")) != NULL;) {
            size_t len = 2;
            while (p[len] == '-' || (p[len] >= 'a' && p[len] <= 'z'))
                len++;
            /* the man page escapes its dashes: --max-frames is \-\-max\-frames */
            char want[80] = "", *w = want;
            for (size_t k = 0; k < len && w < want + sizeof want - 3; k++) {
                if (p[k] == '-')
                    *w++ = '\\';
                *w++ = p[k];
            }
            *w = '\0';
            ck_assert_msg(len <= 2 || strstr(man, want) != NULL, "man page lacks %s's %.*s",
                          commands[i], (int)len, p);
            p += len;
        }
    }
}
END_TEST

static const tu_suite suite = { .name = "cli", .timeout = 30 };
TU_MAIN(suite, help_and_version, signal_prints_every_digit, conv_prints_what_numpy_returns,
        conv_reads_standard_input, conv_index_prints_true_indices, bad_specs_exit_2_naming_the_culprit,
        bad_files_exit_2_naming_the_culprit, bad_options_exit_2, a_failed_write_exits_1,
        preset_writes_the_notebooks_animation, animate_takes_any_signals_and_writes_frames,
        preset_list_and_help, bad_animations_exit_2_and_leave_the_target_alone,
        product_layout_with_intro_and_pauses, misspellings_get_a_suggestion,
        man_page_covers_every_option, long_options_are_named_as_written,
        warnings_wait_for_a_run_that_goes_ahead, preset_makes_out_only_for_a_run_that_can_go_ahead,
        outputs_must_be_regular_files_or_links_to_them)

#include "runutil.h"

/* Same command, same bytes: a course site rebuilt from the same sources
 * must not see its GIFs change. For every layout (and the 2D commands),
 * the command runs with the default thread count and with --threads 1
 * and --threads 2, each into a folder of its own, and every file the runs
 * write (GIF, poster, frames, figure) must be the same byte for byte. The
 * default is one of the two (src/anim/pipeline.c: 2 with a second core,
 * else 1), so one of them is the same command run again; a command that
 * takes no --threads runs twice. */

typedef struct det_case {
    const char *name;
    const char *args[24];   /* writes into the current folder */
    bool threads;           /* the command takes --threads */
} det_case;

static const det_case cases[] = {
    { "seed layout, the notebook's preset",
      { "preset", "sliding_block", "-q", "-o", "x.gif", "--poster", "x.png", "--frames", ".",
        "--max-frames", "25", NULL },
      true },
    { "seed layout: dark, correlation, same mode, stems, every frame",
      { "animate", "-q", "-f", "random:n=30,seed=7", "-g", "gaussian:n=9", "--theme", "dark",
        "--correlate", "-m", "same", "--style", "stem", "--size", "480x320", "-o", "x.gif",
        "--poster", "x.png", NULL },
      true },
    { "product layout with the intro, pauses and the sum written out",
      { "animate", "-q", "-f", "values:0.5;1;0.25", "-g", "values:1;0.8;0.2", "--layout",
        "product", "--intro", "--pause-at", "2", "-o", "x.gif", "--poster", "x.png",
        "--frames", ".", NULL },
      true },
    { "product layout: long signals, lines, valid mode, 1800x1200",
      { "preset", "gaussian_smoothing", "-q", "--layout", "product", "-m", "valid", "--size",
        "1800x1200", "--max-frames", "12", "-o", "x.gif", "--poster", "x.png", NULL },
      true },
    { "product layout: a correlation, dark, stems",
      { "animate", "-q", "-f", "sine:n=40", "-g", "decay:n=12", "--layout", "product",
        "--correlate", "--theme", "dark", "--style", "stem", "-o", "x.gif", NULL },
      true },
    { "2D: the kernel sliding over an image",
      { "animate2d", "image.png", "-k", "sobel:vert", "--resize", "10x10", "-o", "x.gif", NULL },
      true },
    { "2D: a strided valid-mode slide",
      { "animate2d", "image.png", "-k", "gaussian:size=3", "-m", "valid", "--stride", "2",
        "--resize", "12x8", "-o", "x.gif", NULL },
      true },
    { "2D: a transposed preset, its steps spread, with its poster and frames",
      { "preset", "padding_strides_odd_transposed", "-q", "--max-frames", "20", "-o", "x.gif",
        "--poster", "x.png", "--frames", ".", "--font-scale", "1.5", NULL },
      true },
    { "2D: the figure and the filtered image",
      { "conv2d", "image.png", "-k", "laplacian", "-o", "x.png", "--figure", "fig.png", NULL },
      false },
};
enum { CASES = sizeof cases / sizeof cases[0] };

/* Runs case c in a new folder (holding image.png), with extra arguments
 * appended; returns the folder's snapshot without image.png's own bytes
 * mattering (it is the same in every folder). */
static ru_snapshot run_case(const det_case *c, const char *extra1, const char *extra2)
{
    char dir[256], path[4096];
    tu_mkdtemp(dir, sizeof dir);
    size_t len;
    uint8_t *png = tu_read_all(ru_repo_file("assets/moon.png"), &len);
    snprintf(path, sizeof path, "%s/image.png", dir);
    tu_write_file(path, png, len);
    free(png);

    const char *args[32];
    int n = 0;
    for (; c->args[n]; n++)
        args[n] = c->args[n];
    if (extra1)
        args[n++] = extra1;
    if (extra2)
        args[n++] = extra2;
    args[n] = NULL;
    static ru_result r;
    ru_opts o = { .cwd = dir };
    ru_run(&r, &o, args);
    ck_assert_msg(r.code == 0, "%s: exit %d: %s", c->name, r.code, r.err);
    ck_assert_msg(tu_entries(dir) >= 2, "%s: wrote nothing", c->name);
    ru_snapshot s = ru_snapshot_of(dir);
    tu_rmtree(dir);
    return s;
}

static void assert_same(const ru_snapshot *a, const ru_snapshot *b, const char *name,
                        const char *how)
{
    if (a->len == b->len && memcmp(a->text, b->text, a->len) == 0)
        return;
    size_t i = 0;
    while (i < a->len && i < b->len && a->text[i] == b->text[i])
        i++;
    ck_abort_msg("%s: %s differs from the first run at byte %zu of the folder's snapshot",
                 name, how, i);
}

START_TEST(the_same_command_writes_the_same_bytes_whatever_the_threads)
{
    const det_case *c = &cases[_i];
    ru_snapshot first = run_case(c, NULL, NULL);
    if (!c->threads) {
        ru_snapshot again = run_case(c, NULL, NULL);
        assert_same(&first, &again, c->name, "the same command run again");
        free(again.text);
    } else {
        ru_snapshot one = run_case(c, "--threads", "1");
        assert_same(&first, &one, c->name, "--threads 1");
        free(one.text);
        ru_snapshot two = run_case(c, "--threads", "2");
        assert_same(&first, &two, c->name, "--threads 2");
        free(two.text);
    }
    free(first.text);
}
END_TEST

static const tu_suite suite = {
    .name = "cli_determinism", .timeout = 180,
    .loops = { { "the_same_command_writes_the_same_bytes_whatever_the_threads", CASES } }
};
TU_MAIN(suite, the_same_command_writes_the_same_bytes_whatever_the_threads)

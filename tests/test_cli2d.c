#include <gif_lib.h>
#include <math.h>
#include <sys/stat.h>

#include "cliutil.h"
#include "conv_arithmetic.h"

static char fixture_path[4096];

static const char *fixture(const char *name)
{
    snprintf(fixture_path, sizeof fixture_path, "%s/%s", tu_fixtures(), name);
    return fixture_path;
}

/* The shipped images, next to the fixtures folder. */
static const char *asset(const char *name, char *buf, size_t size)
{
    snprintf(buf, size, "%s/../../assets/%s", tu_fixtures(), name);
    return buf;
}

START_TEST(print_matches_scipy_for_a_png)
{
    /* the gray8 fixture read with identity:size=1 gives its values back;
     * a 3x3 box in valid mode gives the scipy result */
    static run r;
    char png[4096];
    snprintf(png, sizeof png, "%s", fixture("png2d/gray8.png"));
    RUN(&r, "conv2d", png, "-k", "identity:size=1", "--print");
    ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
    int rows, cols;
    double *want = tu_read_matrix("png2d/gray8.txt", &rows, &cols);
    const char *p = r.out;
    for (int i = 0; i < rows * cols; i++) {
        char *end;
        double got = strtod(p, &end);
        ck_assert_msg(end != p, "value %d missing", i);
        ck_assert_msg(*end == ((i + 1) % cols ? ' ' : '\n'), "separator after %d", i);
        ck_assert_double_eq(got, want[i]);
        p = end + 1;
    }
    ck_assert_str_eq(p, "");
    free(want);

    RUN(&r, "conv2d", png, "-k", "box", "-m", "valid", "--stride", "2,3", "--print");
    ck_assert_int_eq(r.code, 0);
    /* a 5x7 image, valid 3x3: 3x5, every 2nd row and 3rd column: 2x2 */
    int lines = 0, numbers = 0;
    for (const char *q = r.out; *q; q++) {
        lines += *q == '\n';
        numbers += (*q == ' ' || *q == '\n');
    }
    ck_assert_int_eq(lines, 2);
    ck_assert_int_eq(numbers, 4);
}
END_TEST

/* The rows and columns of a printed matrix; *first gets its first value. */
static void printed_size(const char *out, int *rows, int *cols, double *first)
{
    *rows = *cols = 0;
    *first = strtod(out, NULL);
    for (const char *q = out; *q; q++) {
        *rows += *q == '\n';
        *cols += *rows == 0 && *q == ' ';
    }
    *cols += *rows > 0;
}

START_TEST(the_arithmetic_options_reach_the_engine)
{
    /* gray8 is 5x7: PyTorch's sizes, and identity:size=1 transposed with
     * stride 2 spreads the pixels with a zero between */
    static run r;
    char png[4096];
    int rows, cols;
    double first;
    snprintf(png, sizeof png, "%s", fixture("png2d/gray8.png"));
    double *pixels = tu_read_matrix("png2d/gray8.txt", &rows, &cols);
    RUN(&r, "conv2d", png, "-k", "box", "--padding", "1,2", "--stride", "2", "--dilation", "2",
        "--correlate", "--print");
    ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
    printed_size(r.out, &rows, &cols, &first);
    ck_assert_int_eq(rows, (5 + 2 - 5) / 2 + 1);
    ck_assert_int_eq(cols, (7 + 4 - 5) / 2 + 1);
    RUN(&r, "conv2d", png, "-k", "identity:size=1", "--transposed", "--stride", "2",
        "--output-padding", "1,0", "--print");
    ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
    printed_size(r.out, &rows, &cols, &first);
    ck_assert_int_eq(rows, 4 * 2 + 1 + 1);
    ck_assert_int_eq(cols, 6 * 2 + 1);
    ck_assert_double_eq(first, pixels[0]);
    const char *second_row = strchr(r.out, '\n') + 1;
    ck_assert_double_eq(strtod(second_row, NULL), 0);
    free(pixels);

    /* a grid: input, its whole numbers summed by ones in valid mode */
    RUN(&r, "conv2d", "grid:size=3x4,seed=5,max=2", "-k", "identity:size=1", "--print");
    ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
    printed_size(r.out, &rows, &cols, &first);
    ck_assert_int_eq(rows, 3);
    ck_assert_int_eq(cols, 4);
    double sum = 0;
    const char *p = r.out;
    for (int i = 0; i < 12; i++) {
        char *end;
        double v = strtod(p, &end);
        ck_assert(v >= 0 && v <= 2 && floor(v) == v);
        sum += i % 4 < 3 ? v : 0;   /* the one valid window: columns 0 to 2 */
        p = end;
    }
    RUN(&r, "conv2d", "grid:size=3x4,seed=5,max=2", "-k", "ones:size=3", "-m", "valid",
        "--stride", "1,2", "--print");
    ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
    printed_size(r.out, &rows, &cols, &first);
    ck_assert_int_eq(rows * cols, 1);
    ck_assert_double_eq(first, sum);
}
END_TEST

START_TEST(conv_arithmetic_presets_run_and_are_listed)
{
    static run r;
    char dir[256], out[300];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(out, sizeof out, "%s/p.gif", dir);
    RUN(&r, "preset", "--list");
    ck_assert_int_eq(r.code, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "padding_strides_odd_transposed"));
    ck_assert_ptr_nonnull(strstr(r.out, "\ndilation "));
    RUN(&r, "preset", "padding_strides", "-o", out, "--delay", "50");
    ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
    int e;
    GifFileType *gif = DGifOpenFileName(out, &e);
    ck_assert_ptr_nonnull(gif);
    ck_assert_int_eq(DGifSlurp(gif), GIF_OK);
    ck_assert_int_eq(gif->ImageCount, 9);
    ck_assert_int_eq(gif->SWidth, 640);
    DGifCloseFile(gif, &e);
    RUN(&r, "preset", "--size", "960x512", "padding_strides_odd_transposed", "-o", out);
    ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
    gif = DGifOpenFileName(out, &e);
    ck_assert_ptr_nonnull(gif);
    ck_assert_int_eq(DGifSlurp(gif), GIF_OK);
    ck_assert_int_eq(gif->ImageCount, 36);
    ck_assert_int_eq(gif->SWidth, 960);
    DGifCloseFile(gif, &e);
    RUN(&r, "preset", "padding_strides", "-o", out, "--stride", "3");
    cu_assert_bad_input(&r, "option '--stride' given twice");
    tu_rmtree(dir);
}
END_TEST

/* The goal for the presets at their default size: at most a third
 * of the bytes of conv_arithmetic's GIF of the same parameters, numbers
 * drawn, for the three files whose sizes the issue quotes. */
START_TEST(presets_weigh_at_most_a_third_of_conv_arithmetics)
{
    const size_t n = sizeof conv_arithmetic_gifs / sizeof conv_arithmetic_gifs[0];
    static run r;
    char dir[256], out[300];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(out, sizeof out, "%s/p.gif", dir);
    for (size_t i = 0; i < n; i++) {
        const char *name = conv_arithmetic_gifs[i].name;
        long theirs = conv_arithmetic_gifs[i].bytes;
        RUN(&r, "preset", name, "-o", out, "-q");
        ck_assert_msg(r.code == 0, "%s: exit %d: %s", name, r.code, r.err);
        struct stat st;
        ck_assert_int_eq(stat(out, &st), 0);
        ck_assert_msg(st.st_size * 3 <= theirs, "%s: %lld bytes, theirs %ld", name,
                      (long long)st.st_size, theirs);
    }
    tu_rmtree(dir);
}
END_TEST

START_TEST(animate2d_delivers_as_animate_does)
{
    static run r;
    char dir[256], gif[300], poster[300], frames[300], html[300], frame[400], json[300];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(json, sizeof json, "%s/a.json", dir);
    snprintf(gif, sizeof gif, "%s/a.gif", dir);
    snprintf(poster, sizeof poster, "%s/a.png", dir);
    snprintf(frames, sizeof frames, "%s/frames", dir);
    snprintf(html, sizeof html, "%s/a.html", dir);
    ck_assert_int_eq(mkdir(frames, 0777), 0);
    RUN(&r, "animate2d", "grid:size=4", "-k", "ones", "-m", "valid", "-o", gif, "--poster",
        poster, "--frames", frames, "--html", html, "--fps", "5", "--size", "640x360",
        "--title", "Sums of 3x3", "--describe", json, "-q");
    ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
    ck_assert_str_eq(r.err, "");
    int e;
    GifFileType *g = DGifOpenFileName(gif, &e);
    ck_assert_ptr_nonnull(g);
    ck_assert_int_eq(DGifSlurp(g), GIF_OK);
    ck_assert_int_eq(g->ImageCount, 4);
    ck_assert_int_eq(g->SWidth, 640);
    DGifCloseFile(g, &e);
    snprintf(frame, sizeof frame, "%s/frame_0003.png", frames);
    struct stat st;
    ck_assert_msg(stat(frame, &st) == 0, "%s missing", frame);
    ck_assert_int_eq(stat(poster, &st), 0);
    ck_assert_int_eq(stat(html, &st), 0);
    /* one entry per frame, the last the bottom right output cell, its
     * value conv2d's */
    char text[8192];
    tu_slurp(json, text, sizeof text);
    int entries = 0;
    for (const char *p = text; (p = strstr(p, "{\"index\": ")) != NULL; p++)
        entries++;
    ck_assert_int_eq(entries, 4);
    ck_assert_ptr_nonnull(strstr(text, "\"title\": \"Sums of 3x3\""));
    const char *last = strstr(text, "\"n\": 3, \"row\": 1, \"col\": 1, \"value\": ");
    ck_assert_ptr_nonnull(last);
    double value = strtod(last + strlen("\"n\": 3, \"row\": 1, \"col\": 1, \"value\": "), NULL);
    ck_assert_ptr_nonnull(strstr(last, "\"caption\": \"Output[1, 1] = "));
    RUN(&r, "conv2d", "grid:size=4", "-k", "ones", "-m", "valid", "--print");
    ck_assert_int_eq(r.code, 0);
    const char *p = r.out;
    for (int i = 0; i < 3; i++)
        strtod(p, (char **)&p);
    ck_assert_double_eq(value, strtod(p, NULL));
    /* 900 output cells: the default cap, said in one warning */
    RUN(&r, "animate2d", "grid:size=30", "-k", "ones", "-o", gif, "--size", "480x256");
    ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
    ck_assert_ptr_nonnull(strstr(r.err, "warning: 900 output cells would make over a minute"));
    g = DGifOpenFileName(gif, &e);
    ck_assert_ptr_nonnull(g);
    ck_assert_int_eq(DGifSlurp(g), GIF_OK);
    ck_assert_int_eq(g->ImageCount, 600);
    DGifCloseFile(g, &e);
    tu_rmtree(dir);
}
END_TEST

START_TEST(animate2d_takes_theme_and_labels)
{
    static run r;
    char dir[256], gif[300], json[300], text[8192];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(gif, sizeof gif, "%s/a.gif", dir);
    snprintf(json, sizeof json, "%s/a.json", dir);
    RUN(&r, "animate2d", "grid:size=3", "-k", "ones:size=2", "-o", gif, "--theme", "dark",
        "--labels", "Image,,Feature map", "--describe", json, "-q");
    ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
    int e;
    GifFileType *g = DGifOpenFileName(gif, &e);
    ck_assert_ptr_nonnull(g);
    ck_assert_int_eq(DGifSlurp(g), GIF_OK);
    /* the dark theme's background, as the 1D scenes' */
    GifColorType bg = g->SColorMap->Colors[0];
    ck_assert_int_eq(bg.Red, 22);
    ck_assert_int_eq(bg.Green, 24);
    ck_assert_int_eq(bg.Blue, 29);
    DGifCloseFile(g, &e);
    /* an empty label keeps its default */
    tu_slurp(json, text, sizeof text);
    ck_assert_ptr_nonnull(strstr(text, "[{\"label\": \"Image\", \"rows\": 4, \"cols\": 4}, "
                                       "{\"label\": \"Kernel, flipped\", \"rows\": 2, "
                                       "\"cols\": 2}, {\"label\": \"Feature map\""));
    ck_assert_ptr_nonnull(strstr(text, "\"caption\": \"Feature map[0, 0] = "));
    tu_rmtree(dir);
}
END_TEST

/* embed reads a 2D GIF's description as an image and a kernel, in cells,
 * with the parameters drawn: nothing about signals or samples. */
START_TEST(embed_describes_a_2d_gif_as_image_kernel_and_output)
{
    static run r;
    char dir[256], gif[300];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(gif, sizeof gif, "%s/a.gif", dir);
    RUN(&r, "animate2d", "grid:size=5", "-k", "ones", "--padding", "1", "--stride", "2", "-o",
        gif, "-q");
    ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
    RUN(&r, "embed", gif);
    ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
    ck_assert_ptr_nonnull(strstr(r.out, "alt=\"Animation of a 2D kernel sliding over an image, "
                                        "in 9 frames: the image grid:size=5 (25 cells), the "
                                        "kernel ones (9 cells), i = 5, k = 3, p = 1, s = 2, "
                                        "d = 1 → o = 3   (convolution). "));
    ck_assert_ptr_nonnull(strstr(r.out, "the output (9 cells) fills in cell by cell.\""));
    ck_assert_ptr_nonnull(strstr(r.out, "<figcaption>image = grid:size=5, kernel = ones: i = 5"));
    ck_assert_ptr_null(strstr(r.out, "sample"));
    tu_rmtree(dir);
}
END_TEST

START_TEST(outputs_and_figure_are_written)
{
    static run r;
    char dir[256], out[300], fig[300], moon[4096];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(out, sizeof out, "%s/edges.png", dir);
    snprintf(fig, sizeof fig, "%s/figure.png", dir);
    RUN(&r, "conv2d", asset("moon.png", moon, sizeof moon), "-k", "sobel:vert", "-o", out,
        "--figure", fig);
    ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
    ck_assert_str_eq(r.out, "");
    ck_assert_int_eq(tu_entries(dir), 2);
    /* the written output reads back at the input's size (same mode) */
    char printed[300];
    snprintf(printed, sizeof printed, "%s/printed.txt", dir);
    cu_run_with(&r, NULL, "", printed, "conv2d", out, "-k", "identity", "--print",
                (const char *)NULL);
    ck_assert_int_eq(r.code, 0);
    FILE *fp = fopen(printed, "r");
    ck_assert_ptr_nonnull(fp);
    int lines = 0, c;
    while ((c = getc(fp)) != EOF)
        lines += c == '\n';
    fclose(fp);
    ck_assert_int_eq(lines, 128);
    RUN(&r, "conv2d", moon, "-k", "box", "-o", out, "--normalize", "abs", "-m", "full");
    ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
    tu_rmtree(dir);
}
END_TEST

START_TEST(filters_lists_and_prints_matrices)
{
    static run r;
    RUN(&r, "filters");
    ck_assert_int_eq(r.code, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "gaussian:size=5,sigma=1"));
    ck_assert_ptr_nonnull(strstr(r.out, "sobel:vert|horiz|ldiag|rdiag"));
    RUN(&r, "filters", "prewitt:vert");
    ck_assert_int_eq(r.code, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "# Prewitt, vertical edges: the notebook's P_x"));
    ck_assert_ptr_nonnull(strstr(r.out, "\n1 0 -1\n1 0 -1\n1 0 -1\n"));
    RUN(&r, "filters", "sharpen:alpha=0.5");
    ck_assert_ptr_nonnull(strstr(r.out, "\n-0.5 -0.5 -0.5\n-0.5 5 -0.5\n"));

    /* what filters prints, conv2d reads back as a kernel file */
    char dir[256], path[300], png[4096];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/k.txt", dir);
    cu_run_with(&r, NULL, "", path, "filters", "gaussian:size=3,sigma=0.8", (const char *)NULL);
    ck_assert_int_eq(r.code, 0);
    snprintf(png, sizeof png, "%s", fixture("png2d/rgb8.png"));
    static run a, b;
    RUN(&a, "conv2d", png, "-k", path, "--print");
    RUN(&b, "conv2d", png, "-k", "gaussian:size=3,sigma=0.8", "--print");
    ck_assert_int_eq(a.code, 0);
    ck_assert_str_eq(a.out, b.out);
    tu_rmtree(dir);
}
END_TEST

START_TEST(animate2d_slides_over_small_images)
{
    static run r;
    char dir[256], gif[300], moon[4096], checker[4096];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(gif, sizeof gif, "%s/slide.gif", dir);
    RUN(&r, "animate2d", asset("checker.png", checker, sizeof checker), "-k", "laplacian", "-o",
        gif, "--resize", "8x8", "--delay", "50");
    ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
    struct stat st;
    ck_assert_int_eq(stat(gif, &st), 0);
    ck_assert_int_gt(st.st_size, 1000);
    RUN(&r, "animate2d", asset("moon.png", moon, sizeof moon), "-k", "box", "-o", gif);
    cu_assert_bad_input(&r, "a 128x128 image has too many pixels");
    ck_assert_ptr_nonnull(strstr(r.err, "--resize"));
    RUN(&r, "animate2d", moon, "-k", "box", "-o", gif, "--resize", "65x10");
    cu_assert_bad_input(&r, "--resize wants WIDTHxHEIGHT from 1x1 to 64x64 (got '65x10')");
    RUN(&r, "animate2d", moon, "-k", "box");
    cu_assert_bad_input(&r, "-k KERNEL and -o OUT.gif are required");
    ck_assert_int_eq(tu_entries(dir), 1);
    tu_rmtree(dir);
}
END_TEST

/* Every bad request: exit 2, one line naming the culprit, no output. */
START_TEST(bad_input_exits_2_and_writes_nothing)
{
    static run r;
    char dir[256], out[300], notpng[300], cut[300], big[300], ragged[300], words[300];
    char moon[4096], tiny[4096];
    tu_mkdtemp(dir, sizeof dir);
    asset("moon.png", moon, sizeof moon);
    snprintf(tiny, sizeof tiny, "%s", fixture("png2d/gray8.png"));
    snprintf(out, sizeof out, "%s/out.png", dir);
    snprintf(notpng, sizeof notpng, "%s/not.png", dir);
    tu_write_file(notpng, "this is text", 12);
    snprintf(cut, sizeof cut, "%s/cut.png", dir);
    {
        static char buf[8192];
        FILE *fp = fopen(moon, "rb");
        ck_assert_ptr_nonnull(fp);
        size_t n = fread(buf, 1, sizeof buf, fp);
        fclose(fp);
        tu_write_file(cut, buf, n / 2);
    }
    snprintf(big, sizeof big, "%s/big.png", dir);
    {
        /* signature, IHDR for 20000x2 gray, the head of an IDAT */
        static const unsigned char head[] = {
            0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
            0, 0, 0x4e, 0x20, 0, 0, 0, 2, 8, 0, 0, 0, 0, 0x98, 0x4b, 0xb3, 0xfc,
            0, 0, 0x03, 0xe8, 'I', 'D', 'A', 'T' };
        tu_write_file(big, head, sizeof head);
    }
    snprintf(ragged, sizeof ragged, "%s/ragged.csv", dir);
    tu_write_file(ragged, "1,2,3\n4,5\n", 10);
    snprintf(words, sizeof words, "%s/words.csv", dir);
    tu_write_file(words, "1 2\nthree 4\n", 12);
    const struct {
        const char *image, *kernel, *opt, *value, *culprit;
    } cases[] = {
        { notpng, "box", NULL, NULL, "not.png: not a PNG file" },
        { cut, "box", NULL, NULL, "cut.png: not a valid PNG" },
        { big, "box", NULL, NULL, "20000x2 pixels is over the limit of 16384 per side" },
        { tiny, "box:size=6", "-m", "valid",
          "the kernel's 6 rows (6 dilated by 1) do not fit in the 5 rows" },
        { tiny, "box", "--stride", "0", "--stride wants a whole number from 1" },
        { tiny, "box", "--stride", "-2", "(got '-2')" },
        { tiny, "box", "--stride", "2,0", "(got '2,0')" },
        { tiny, ragged, NULL, NULL, "ragged.csv:2: 2 numbers in this row, 3 in the rows above" },
        { tiny, words, NULL, NULL, "words.csv:2: 'three' is not a finite number" },
        { tiny, "gauss", NULL, NULL, "unknown filter 'gauss'" },
        { tiny, "sobel:diag", NULL, NULL, "unknown direction 'diag'" },
        { tiny, "box", "-m", "middle", "unknown mode 'middle'" },
        { tiny, "box", "--normalize", "log", "unknown normalization 'log'" },
        { "missing.png", "box", NULL, NULL, "missing.png: cannot open" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (cases[i].opt)
            RUN(&r, "conv2d", cases[i].image, "-k", cases[i].kernel, "-o", out, cases[i].opt,
                cases[i].value);
        else
            RUN(&r, "conv2d", cases[i].image, "-k", cases[i].kernel, "-o", out);
        cu_assert_bad_input(&r, cases[i].culprit);
        ck_assert_int_eq(tu_entries(dir), 5);
    }
    RUN(&r, "conv2d", tiny, "-k", "box");
    cu_assert_bad_input(&r, "nothing to do");
    RUN(&r, "conv2d", "-k", "box", "--print");
    cu_assert_bad_input(&r, "an IMAGE.png is required");
    RUN(&r, "conv2d", tiny, "--print");
    cu_assert_bad_input(&r, "-k KERNEL is required");
    RUN(&r, "conv2d", tiny, "-k", "box", "-o", out, "--figure", out);
    cu_assert_bad_input(&r, "names the same file");
    RUN(&r, "filters", "prewitt:north");
    cu_assert_bad_input(&r, "unknown direction 'north'");
    RUN(&r, "conv2d", tiny, "-k", "box", "--prnt");
    cu_assert_bad_input(&r, "unknown option '--prnt'");
    ck_assert_int_eq(tu_entries(dir), 5);
    tu_rmtree(dir);
}
END_TEST

START_TEST(help_lists_options_with_defaults)
{
    static run r;
    RUN(&r, "conv2d", "--help");
    ck_assert_int_eq(r.code, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "same (default"));
    ck_assert_ptr_nonnull(strstr(r.out, "--normalize MODE"));
    RUN(&r, "animate2d", "--help");
    ck_assert_int_eq(r.code, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "(default 100)"));
    RUN(&r, "filters", "--help");
    ck_assert_int_eq(r.code, 0);
    RUN(&r, "--help");
    ck_assert_ptr_nonnull(strstr(r.out, "convanim conv2d IMAGE.png -k KERNEL"));
}
END_TEST

static const tu_suite suite = { .name = "cli2d", .timeout = 60 };
TU_MAIN(suite, print_matches_scipy_for_a_png, the_arithmetic_options_reach_the_engine,
        conv_arithmetic_presets_run_and_are_listed,
        presets_weigh_at_most_a_third_of_conv_arithmetics, animate2d_delivers_as_animate_does,
        animate2d_takes_theme_and_labels, embed_describes_a_2d_gif_as_image_kernel_and_output,
        outputs_and_figure_are_written, filters_lists_and_prints_matrices, animate2d_slides_over_small_images,
        bad_input_exits_2_and_writes_nothing, help_lists_options_with_defaults)

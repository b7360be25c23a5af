#include <math.h>

#include "runutil.h"

/* The bad-input table: every command refuses every kind of bad input the
 * same way. Each row runs convanim in a fresh folder that holds the inputs
 * below and outputs from an earlier run, and asserts the README's contract:
 * exit 2 for the input's fault (1 when the system failed: a full disk, a
 * file size limit, no memory), nothing on stdout, one "convanim: " line on
 * stderr that names the culprit, and every file in the folder as it was,
 * with nothing added: a target keeps its previous bytes, a new one does
 * not appear, no temporary is left behind. */

enum {
    FULL = 1 << 0,     /* stdout is /dev/full */
    FSIZE = 1 << 1,    /* a file size limit (ulimit -f) of 2 KiB */
    NOMEM = 1 << 2,    /* an address space limit of 256 MiB */
    STDIN = 1 << 3,    /* row.input on standard input */
    CLOSED = 1 << 4    /* stdout closed */
};

typedef struct row {
    const char *args[16];   /* after "convanim" */
    int code;
    const char *culprit;
    unsigned flags;
    const char *input;
} row;

#define R(code, culprit, ...) { { __VA_ARGS__, NULL }, code, culprit, 0, NULL }
#define RF(flags, code, culprit, ...) { { __VA_ARGS__, NULL }, code, culprit, flags, NULL }
#define RIN(input, culprit, ...) { { __VA_ARGS__, NULL }, 2, culprit, STDIN, input }

/* A name longer than any file system takes (NAME_MAX is 255). */
#define LONG_NAME                                                                          \
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" \
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" \
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" \
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

static const row rows[] = {
    /* the command itself */
    R(2, "unknown command 'animatee'", "animatee"),
    R(2, "unknown command '--versio'", "--versio"),

    /* signal: specs, numbers at and past every limit */
    R(2, "a SPEC is required", "signal"),
    R(2, "'sawtoth' is neither a generator nor a file", "signal", "sawtoth"),
    R(2, "unknown key 'bogus' (valid keys: n, end, scale, pad, origin)", "signal",
      "decay:bogus=1"),
    R(2, "scale='fast' is not a finite number", "signal", "decay:scale=fast"),
    R(2, "scale='nan' is not a finite number", "signal", "decay:scale=nan"),
    R(2, "amplitude='-inf' is not a finite number", "signal", "sine:amplitude=-inf"),
    R(2, "amplitude='1e309' is not a finite number", "signal", "sine:amplitude=1e309"),
    R(2, "n must be a whole number >= 1 (got 0)", "signal", "decay:n=0"),
    R(2, "n must be a whole number >= 1 (got -4)", "signal", "decay:n=-4"),
    R(2, "period must be a whole number >= 1 (got 2.5)", "signal", "sawtooth:period=2.5"),
    R(2, "n=1e15 is over the limit of 67108864 samples", "signal", "random:n=1e15"),
    R(2, "n=67108865 is over the limit of 67108864 samples", "signal", "random:n=67108865"),
    R(2, "sawtooth: 67108870 samples is over the limit", "signal",
      "sawtooth:cycles=6710887,period=10"),
    R(2, "seed must be a whole number >= 0 (got '-1')", "signal", "random:seed=-1"),
    R(2, "seed must be a whole number >= 0 (got '18446744073709551616')", "signal",
      "random:seed=18446744073709551616"),
    R(2, "delta: at=5 must be below n=5", "signal", "delta:n=5,at=5"),
    R(2, "step: at=3 must be below n=3", "signal", "step:n=3,at=3"),
    R(2, "gaussian: std must be > 0 (got 0)", "signal", "gaussian:std=0"),
    R(2, "gaussian: these settings make sample 0 nan", "signal", "gaussian:std=1e-300"),
    R(2, "decay: these settings make sample 28 inf", "signal", "decay:scale=-1000"),
    R(2, "box: n given twice", "signal", "box:n=3,n=4"),
    R(2, "box: 'n' is not key=value", "signal", "box:n"),
    R(2, "values: no samples", "signal", "values:"),
    R(2, "values: item 2 ('') is not a finite number", "signal", "values:1;;2"),
    R(2, "values: item 2 ('x') is not a finite number", "signal", "values:1;x"),
    R(2, "pad=33554432 makes more samples than the limit of 67108864", "signal",
      "values:1,pad=33554432"),
    R(2, "pad must be a whole number >= 0 (got -1)", "signal", "box:pad=-1"),
    R(2, "values: origin must be a whole number (got 1.5)", "signal", "values:1;2,origin=1.5"),
    R(2, "box: origin='left' is not a finite number", "signal", "box:origin=left"),
    R(2, "box: origin=-67108865 is beyond the limit of \u00b167108864", "signal",
      "box:origin=-67108865"),
    R(2, "box: origin=1e300 is beyond the limit", "conv", "-f", "box:origin=1e300", "-g", "box"),
    R(2, "origin given twice", "conv", "-f", "box", "-g", "box:origin=1,origin=1"),
    R(2, "--index is for discrete signals", "conv", "--continuous", "-f", "rect", "-g", "rect",
      "--index"),
    R(2, "deca?y", "signal", "deca\ny"),
    R(2, "unexpected argument 'decay'", "signal", "box", "decay"),
    R(2, "unknown option '--bogus'", "signal", "--bogus"),
    RF(FULL, 1, "writing the samples: No space left on device", "signal", "random:n=100000"),
    RF(NOMEM, 1, "random: out of memory for 60000000 samples", "signal", "random:n=60000000"),

    /* signal: files */
    R(2, "missing.csv: cannot open: No such file or directory", "signal", "missing.csv"),
    R(2, "empty.csv: no samples", "signal", "empty.csv"),
    R(2, "comments.csv: no samples", "signal", "comments.csv"),
    R(2, "garbage.csv:3: 'oops' is not a finite number", "signal", "garbage.csv"),
    R(2, "nan.csv:2: 'nan' is not a finite number", "signal", "nan.csv"),
    R(2, "big.csv:1: '1e999' is not a finite number", "signal", "big.csv"),
    R(2, "long.csv:2: '1111111111", "signal", "long.csv"),
    R(2, "nul.csv:2: '?5' is not a finite number", "signal", "nul.csv"),
    R(2, "ctrl.csv:1: '?[31m' is not a finite number", "signal", "ctrl.csv"),
    R(2, "adir: is a folder, not a file", "signal", "adir"),
    R(2, "good.csv: pad='x' is not a finite number", "signal", "good.csv:pad=x"),
    R(2, "good.csv: unknown key 'scale' (valid keys: pad, origin)", "signal",
      "good.csv:scale=2"),
    RIN("", "standard input: no samples", "signal", "-"),
    RIN("1 2 x\n", "standard input:1: 'x' is not a finite number", "signal", "-"),
    R(2, "be.npy: unsupported dtype '>f8'", "signal", "be.npy"),
    R(2, "u1.npy: unsupported dtype '|u1'", "signal", "u1.npy"),
    R(2, "twod.npy: shape (1, 1) is not 1-D", "signal", "twod.npy"),
    R(2, "short.npy: truncated: the header promises 9 samples, the file holds 1", "signal",
      "short.npy"),
    R(2, "v3.npy: unsupported .npy format version 3.0", "signal", "v3.npy"),
    R(2, "many.npy: 134217728 samples is over the limit of 67108864", "signal", "many.npy"),
    R(2, "nan.npy: sample 1 is not a finite number", "signal", "nan.npy"),
    R(2, "nodict.npy: not a valid .npy header", "signal", "nodict.npy"),
    R(2, "none.npy: no samples", "signal", "none.npy"),
    R(2, "head.npy: truncated .npy header", "signal", "head.npy"),

    /* conv */
    R(2, "both -f SPEC and -g SPEC are required", "conv", "-f", "box"),
    R(2, "unknown mode 'middle'", "conv", "-f", "box", "-g",
      "box", "-m", "middle"),
    R(2, "only one of -f and -g can read standard input", "conv", "-f", "-", "-g", "-"),
    R(2, "option -g needs a value", "conv", "-f", "box", "-g"),
    R(2, "option '--correlate' takes no value", "conv", "-f", "box", "-g", "box",
      "--correlate=yes"),
    R(2, "n must be a whole number >= 1 (got 0)", "conv", "-f", "box", "-g", "decay:n=0"),
    R(2, "f and g have 10000000 and 10000 samples: their 1e+11 products are over the limit",
      "conv", "-f", "random:n=10000000", "-g", "random:n=10000"),
    R(2, "sawtooth: 3600000000 samples is over the limit of 67108864", "conv", "-f",
      "sawtooth:cycles=60000000,period=60", "-g", "box"),
    R(2, "pad=40000000 makes more samples than the limit of 67108864", "conv", "-f",
      "box:n=3,pad=40000000", "-g", "box"),
    R(2, "unknown option '-x'", "conv", "-x"),
    RF(FULL, 1, "writing the samples: No space left on device", "conv", "-f", "random:n=9000",
       "-g", "box"),
    RF(NOMEM, 1, "out of memory", "conv", "-f", "random:n=30000000", "-g", "box"),

    /* animate: options */
    R(2, "-f SPEC, -g SPEC and -o OUT.gif are required", "animate", "-f", "box", "-g", "box"),
    R(2, "at least 320x240", "animate", "-f", "box", "-g", "box", "-o", "new.gif", "--size",
      "319x240"),
    R(2, "at least 320x240", "animate", "-f", "box", "-g", "box", "-o", "new.gif", "--size",
      "320x239"),
    R(2, "at most 16384 pixels per side", "animate", "-f", "box", "-g", "box", "-o", "new.gif",
      "--size", "16385x300"),
    R(2, "at most 64 megapixels", "animate", "-f", "box", "-g", "box", "-o", "new.gif",
      "--size", "9000x8000"),
    R(2, "--size wants WIDTHxHEIGHT", "animate", "-f", "box", "-g", "box", "-o", "new.gif",
      "--size", "960"),
    R(2, "--size wants WIDTHxHEIGHT", "animate", "-f", "box", "-g", "box", "-o", "new.gif",
      "--size", "99999999999x2"),
    R(2, "delay 655360 ms is outside what a GIF can store (0 to 655350 ms)", "animate", "-f",
      "box", "-g", "box", "-o", "out.gif", "--delay", "655360"),
    R(2, "delay -10 ms", "animate", "-f", "box", "-g", "box", "-o", "out.gif", "--delay", "-10"),
    R(2, "--delay wants a whole number", "animate", "-f", "box", "-g", "box", "-o", "out.gif",
      "--delay", "fast"),
    R(2, "hold 655351 ms", "animate", "-f", "box", "-g", "box", "-o", "out.gif", "--hold",
      "655351"),
    R(2, "--fps wants a number from 0.1 to 100", "animate", "-f", "box", "-g", "box", "-o",
      "out.gif", "--fps", "0"),
    R(2, "--fps wants a number from 0.1 to 100", "animate", "-f", "box", "-g", "box", "-o",
      "out.gif", "--fps", "100.5"),
    R(2, "--loop wants a whole number from 0 to 65535", "animate", "-f", "box", "-g", "box",
      "-o", "out.gif", "--loop", "65536"),
    R(2, "--loop wants a whole number from 0 to 65535", "animate", "-f", "box", "-g", "box",
      "-o", "out.gif", "--loop", "-1"),
    R(2, "--max-frames wants a whole number from 1", "animate", "-f", "box", "-g", "box", "-o",
      "out.gif", "--max-frames", "0"),
    R(2, "--threads wants a whole number from 0 to 64", "animate", "-f", "box", "-g", "box",
      "-o", "out.gif", "--threads", "65"),
    R(2, "unknown theme 'pink' (themes: light, dark)", "animate", "-f", "box", "-g", "box", "-o",
      "out.gif", "--theme", "pink"),
    R(2, "unknown layout 'grid' (layouts: seed, product, overlay)", "animate", "-f", "box", "-g", "box",
      "-o", "out.gif", "--layout", "grid"),
    R(2, "unknown style 'dots' (styles: auto, line, stem)", "animate", "-f", "box", "-g", "box",
      "-o", "out.gif", "--style", "dots"),
    R(2, "--pause-at wants output samples N1,N2,...", "animate", "-f", "box", "-g", "box", "-o",
      "out.gif", "--pause-at", "3,x"),
    R(2, "pause at step 9: the output has 9 samples (steps 0 to 8)", "animate", "-f", "box",
      "-g", "box", "-o", "out.gif", "--pause-at", "9"),
    R(2, "--pause-at takes at most 64 samples", "animate", "-f", "box", "-g", "box", "-o",
      "out.gif", "--pause-at",
      "0,1,2,3,4,5,6,7,8,9,0,1,2,3,4,5,6,7,8,9,0,1,2,3,4,5,6,7,8,9,0,1,2,3,4,5,6,7,8,9,0,1,2,3,"
      "4,5,6,7,8,9,0,1,2,3,4,5,6,7,8,9,0,1,2,3,4,5,6,7,8,9"),
    R(2, "pause -5 ms", "animate", "-f", "box", "-g", "box", "-o", "out.gif", "--pause", "-5"),
    R(2, "use it with the product layout", "animate", "-f", "box", "-g", "box", "-o", "out.gif",
      "--intro"),
    R(2, "/no/such/font.ttf", "animate", "-f", "box", "-g", "box", "-o", "out.gif", "--font",
      "/no/such/font.ttf"),
    R(2, "bad.ttf", "animate", "-f", "box", "-g", "box", "-o", "out.gif", "--font", "bad.ttf"),
    R(2, "--labels wants three labels F,G,OUT (got 'a,b')", "animate", "-f", "box", "-g", "box",
      "-o", "out.gif", "--labels", "a,b"),
    R(2, "option '--delay' needs a value", "animate", "-f", "box", "-g", "box", "--delay"),

    /* animate: output paths */
    R(2, "nodir/p.png: folder 'nodir' does not exist", "animate", "-f", "box", "-g", "box", "-o",
      "out.gif", "--poster", "nodir/p.png"),
    R(2, "folder 'nodir' does not exist", "animate", "-f", "box", "-g", "box", "-o", "out.gif",
      "--frames", "nodir"),
    R(2, "'good.csv' is not a folder", "animate", "-f", "box", "-g", "box", "-o", "out.gif",
      "--frames", "good.csv"),
    R(2, "nodir/x.gif: folder 'nodir' does not exist", "animate", "-f", "box", "-g", "box", "-o",
      "nodir/x.gif"),
    R(2, "adir: is a folder, not a file", "animate", "-f", "box", "-g", "box", "-o", "adir"),
    R(2, "fifo.gif: not a regular file", "animate", "-f", "box", "-g", "box", "-o", "fifo.gif"),
    R(2, "dangling.gif: a symbolic link to a missing file", "animate", "-f", "box", "-g", "box",
      "-o", "dangling.gif"),
    R(2, "out.gif: the poster and the GIF are the same file", "animate", "-f", "box", "-g",
      "box", "-o", "out.gif", "--poster", "./out.gif"),
    R(2, "empty file name", "animate", "-f", "box", "-g", "box", "-o", ""),
    R(2, "--steps wants output samples A:B as whole numbers, like 10:30 (got '3-7')", "animate",
      "-f", "box", "-g", "box", "-o", "out.gif", "--steps", "3-7"),
    R(2, "--steps wants output samples A:B as whole numbers, like 10:30 (got '-1:4')", "animate",
      "-f", "box", "-g", "box", "-o", "out.gif", "--steps", "-1:4"),
    R(2, "steps 5 to 3: the first comes after the last", "preset", "sliding_block", "-o",
      "out.gif", "--steps", "5:3"),
    R(2, "steps 3 to 200: the output has 109 samples (steps 0 to 108)", "preset",
      "sliding_block", "-o", "out.gif", "--steps", "3:200"),
    R(2, "pause at step 2: the steps shown are 3 to 5", "animate", "-f", "box", "-g", "box",
      "-o", "out.gif", "--steps", "3:5", "--pause-at", "2"),
    R(2, "--steps is for discrete signals", "preset", "rect_exp", "-o", "out.gif", "--steps",
      "1:2"),
    R(2, "pause at t = 9 s: the frames show t = -0.5 to 7.41301 s", "preset", "rect_exp", "-o",
      "out.gif", "--pause-at", "0.5,9"),
    R(2, "--pause-at wants times T1,T2,... in seconds with --continuous (got '1,,2')",
      "animate", "--continuous", "-f", "rect", "-g", "rect", "-o", "out.gif", "--pause-at",
      "1,,2"),
    R(2, "--pause-at wants output samples N1,N2,... as whole numbers (got '0.5')", "preset",
      "sliding_block", "-o", "out.gif", "--pause-at", "0.5"),
    R(2, "nodir/d.json: folder 'nodir' does not exist", "animate", "-f", "box", "-g", "box",
      "-o", "out.gif", "--describe", "nodir/d.json"),
    R(2, "./out.gif: the description would overwrite the animation",
      "animate", "-f", "box", "-g", "box", "-o", "out.gif", "--describe", "./out.gif"),
    R(2, "out.png: the description would overwrite the poster", "preset",
      "sliding_block", "-o", "out.gif", "--poster", "out.png", "--describe", "out.png"),
    R(2, "link.csv: is also an input (good.csv)", "animate", "-f", "good.csv", "-g", "box",
      "-o", "out.gif", "--describe", "link.csv"),
    R(2, "adir: is a folder, not a file", "preset", "sliding_block", "-o", "out.gif",
      "--describe", "adir"),
    RF(FSIZE, 1, "new.json: cannot write (File too large)", "animate", "-f", "random:n=40",
       "-g", "box", "-o", "new.gif", "--describe", "new.json"),

    /* animate: signals, budgets, a full disk */
    R(2, "garbage.csv:3: 'oops'", "animate", "-f", "garbage.csv", "-g", "box", "-o", "out.gif"),
    R(2, "f and g have 600000 and 600000 samples: an animation draws at most 1048576", "animate",
      "-f", "random:n=600000", "-g", "random:n=600000", "-o", "out.gif"),
    R(2, "40000 frames of 1800x1200 pixels are over the budget of 68719476736 pixel-frames",
      "animate", "-f", "random:n=40000", "-g", "box:n=1", "-o", "out.gif", "--size",
      "1800x1200"),
    R(2, "ask for at most 31814 frames or a smaller size", "animate", "-f", "random:n=40000", "-g",
      "box:n=1", "-o", "new.gif", "--size", "1800x1200", "--max-frames", "31815"),
    R(2, "19999 frames that each draw 20000 samples (g and its overlap with f) are over",
      "animate", "-f", "random:n=10000", "-g", "random:n=10000", "-o", "out.gif"),
    R(2, "1678 frames that each draw 20000 samples (g and its overlap with f) are over the "
         "budget of 33554432 sample-frames (2^25): ask for at most 1665 frames or a shorter g",
      "animate", "-f", "random:n=10000", "-g", "random:n=10000", "-o", "out.gif", "--layout",
      "product", "--max-frames", "1666", "--intro"),
    RF(FSIZE, 1, "out.gif: cannot write (File too large)", "animate", "-f", "random:n=40", "-g",
       "box", "-o", "out.gif"),
    RF(FSIZE, 1, "new.gif: cannot write (File too large)", "animate", "-f", "random:n=40", "-g",
       "box", "-o", "new.gif", "--poster", "new.png"),

    /* preset */
    R(2, "unknown preset 'sliding_blok' (presets: sliding_block, gaussian_smoothing",
      "preset", "sliding_blok", "-o", "out.gif"),
    R(2, "no preset given", "preset"),
    R(2, "a preset brings its own signals", "preset", "sliding_block", "-f", "box"),
    R(2, "--list takes no preset name", "preset", "--list", "sliding_block"),
    R(2, "option '--quiet' takes no value", "preset", "sliding_block", "--quiet=3"),
    R(2, "size 100x100 is too small", "preset", "sliding_block", "-o", "out.gif", "--size",
      "100x100"),
    R(2, "out.gif: the poster and the GIF are the same file", "preset", "gaussian_smoothing",
      "-o", "out.gif", "--poster", "out.gif"),
    RF(FSIZE, 1, "out.gif: cannot write (File too large)", "preset", "sliding_block", "-o",
       "out.gif", "--poster", "out.png"),

    /* conv2d: images, kernels, options, outputs */
    R(2, "nothing to do: give -o OUT.png, --figure FIG.png or --print", "conv2d", "image.png",
      "-k", "box"),
    R(2, "-k KERNEL is required", "conv2d", "image.png", "-o", "out.png"),
    R(2, "unknown direction 'up' (directions: vert, horiz, ldiag, rdiag)", "conv2d", "image.png",
      "-k", "sobel:up", "-o", "out.png"),
    R(2, "gaussian: size must be a whole number from 1 to 255 (got 256)", "conv2d", "image.png",
      "-k", "gaussian:size=256", "-o", "out.png"),
    R(2, "box: size must be a whole number from 1 to 255 (got 0)", "conv2d", "image.png", "-k",
      "box:size=0", "-o", "out.png"),
    R(2, "sharpen: alpha='nan' is not a finite number", "conv2d", "image.png", "-k",
      "sharpen:alpha=nan", "-o", "out.png"),
    R(2, "unknown filter 'blurr'", "conv2d", "image.png", "-k", "blurr", "-o", "out.png"),
    R(2, "missing.png: cannot open: No such file or directory", "conv2d", "missing.png", "-k",
      "box", "-o", "out.png"),
    R(2, "notpng.png: not a PNG file", "conv2d", "notpng.png", "-k", "box", "-o", "out.png"),
    R(2, "trunc.png: not a valid PNG", "conv2d", "trunc.png", "-k", "box", "-o", "out.png"),
    R(2, "crc.png: not a valid PNG", "conv2d", "crc.png", "-k", "box", "-o", "out.png"),
    R(2, "huge.png", "conv2d", "huge.png", "-k", "box", "-o", "out.png"),
    R(2, "zero.png: not a valid PNG", "conv2d", "zero.png", "-k", "box", "-o", "new.png"),
    R(2, "adir: is a folder, not a file", "conv2d", "adir", "-k", "box", "-o", "out.png"),
    R(2, "rag.csv:2: 1 numbers in this row, 2 in the rows above", "conv2d", "image.png", "-k",
      "rag.csv", "-o", "out.png"),
    R(2, "word.csv:1: 'x' is not a finite number", "conv2d", "image.png", "-k", "word.csv", "-o",
      "out.png"),
    R(2, "empty.csv: no numbers", "conv2d", "image.png", "-k", "empty.csv", "-o", "out.png"),
    R(2, "unknown mode 'middle'", "conv2d", "image.png", "-k", "box", "-m", "middle", "-o",
      "out.png"),
    R(2, "--stride wants a whole number from 1, or SY,SX (got '0')", "conv2d", "image.png", "-k",
      "box", "--stride", "0", "--print"),
    R(2, "--stride wants a whole number from 1, or SY,SX (got '1,0')", "conv2d", "image.png",
      "-k", "box", "--stride", "1,0", "--print"),
    R(2, "(got '99999999999')", "conv2d", "image.png", "-k", "box", "--stride", "99999999999",
      "--print"),
    R(2, "unknown normalization 'wild' (normalizations: clip, minmax, abs)", "conv2d",
      "image.png", "-k", "box", "--normalize", "wild", "-o", "out.png"),
    R(2, "out.png: names the same file as out.png", "conv2d", "image.png", "-k", "box", "-o",
      "out.png", "--figure", "out.png"),
    R(2, "nodir/o.png: folder 'nodir' does not exist", "conv2d", "image.png", "-k", "box", "-o",
      "nodir/o.png"),
    R(2, "adir: is a folder, not a file", "conv2d", "image.png", "-k", "box", "--figure", "adir"),
    R(2, "unexpected argument 'image.png'", "conv2d", "image.png", "image.png", "-k", "box",
      "--print"),
    RF(FSIZE, 1, "out.png: cannot write (File too large)", "conv2d", "large.png", "-k", "box",
       "-o", "out.png"),
    RF(FULL, 1, "No space left on device", "conv2d", "image.png", "-k", "box", "--print"),

    /* filters */
    R(2, "unknown filter 'bogus'", "filters", "bogus"),
    R(2, "box: size must be a whole number from 1 to 255 (got 300)", "filters", "box:size=300"),
    R(2, "gaussian: sigma must be above 0 (got 0)", "filters", "gaussian:sigma=0"),
    R(2, "no direction given (directions: vert, horiz, ldiag, rdiag)", "filters", "prewitt"),
    R(2, "adir: is a folder, not a file", "filters", "adir"),

    /* conv2d and animate2d: padding, stride, dilation, transposed */
    R(2, "--padding wants a whole number from 0, or PY,PX (got '-1')", "conv2d", "image.png",
      "-k", "box", "--padding", "-1", "--print"),
    R(2, "--padding wants a whole number from 0, or PY,PX (got '1,x')", "animate2d", "image.png",
      "-k", "box", "--padding", "1,x", "-o", "out.gif"),
    R(2, "-m and --padding both set the padding: give one", "conv2d", "image.png", "-k", "box",
      "-m", "full", "--padding", "1", "--print"),
    R(2, "--dilation wants a whole number from 1, or DY,DX (got '0')", "conv2d", "image.png",
      "-k", "box", "--dilation", "0", "--print"),
    R(2, "--stride wants a whole number from 1, or SY,SX (got '-2')", "animate2d", "image.png",
      "-k", "box", "--stride", "-2", "-o", "out.gif"),
    R(2, "--output-padding is for --transposed only", "conv2d", "image.png", "-k", "box",
      "--output-padding", "1", "--print"),
    R(2, "the output padding (1,1) must be below the larger of the stride and the dilation "
         "(1,1)", "conv2d", "image.png", "-k", "box", "--transposed", "--output-padding", "1",
      "--print"),
    R(2, "the output padding (2,0) must be below the larger of the stride and the dilation "
         "(2,3)", "animate2d", "image.png", "-k", "box", "--transposed", "--stride", "2",
      "--dilation", "1,3", "--output-padding", "2,0", "-o", "out.gif", "--resize", "4x4"),
    R(2, "the stride must be at most 1048576 (got 1048577,1048577)", "conv2d", "image.png",
      "-k", "box", "--stride", "1048577", "--print"),
    R(2, "the kernel's 81 rows (3 dilated by 40) do not fit in the 68 rows of the padded input",
      "conv2d", "image.png", "-k", "box", "--dilation", "40", "--padding", "2", "-o",
      "out.png"),
    R(2, "the kernel's 9 columns (3 dilated by 4) do not fit in the 6 columns of the padded "
         "input", "animate2d", "image.png", "-k", "box", "--dilation", "1,4", "-m", "valid",
      "--resize", "6x9", "-o", "out.gif"),
    R(2, "the transposed convolution has -2 rows: the padding 4+4 takes all of them",
      "animate2d", "image.png", "-k", "box", "--transposed", "--padding", "4", "--resize",
      "4x4", "-o", "out.gif"),
    R(2, "the output would have 63000001 rows, over the limit of 32768", "conv2d", "image.png",
      "-k", "box", "--transposed", "--stride", "1000000", "--print"),
    R(2, "the output overflows: row 0, column 7 is inf", "conv2d", "image.png", "-k",
      "huge.csv", "--transposed", "--print"),
    R(2, "unknown option '--dilatoin'; did you mean '--dilation'?", "conv2d", "image.png", "-k",
      "box", "--dilatoin", "2", "--print"),
    R(2, "grid: unknown key 'sise' (valid keys: size, seed, max)", "conv2d", "grid:sise=4", "-k",
      "ones", "--print"),
    R(2, "grid: size must be N or HxW, whole numbers from 1 to 16384 (got '4x0')", "animate2d",
      "grid:size=4x0", "-k", "ones", "-o", "out.gif"),
    R(2, "grid: max must be a whole number from 1 to 99 (got 100)", "animate2d", "grid", "-k",
      "grid:max=100", "-o", "out.gif"),
    R(2, "--fps and --delay both set the delay: give one", "animate2d", "grid", "-k", "ones",
      "-o", "out.gif", "--fps", "10", "--delay", "50"),
    R(2, "--max-frames wants a whole number from 1", "animate2d", "grid", "-k", "ones", "-o",
      "out.gif", "--max-frames", "0"),
    R(2, "a 100x100 frame is outside 480x256 to 16384 per side", "animate2d", "grid",
      "-k", "ones", "-o", "out.gif", "--size", "100x100"),
    R(2, "unknown macro '\\foo'", "animate2d", "grid", "-k", "ones", "-o", "out.gif", "--title",
      "$\\foo$"),
    R(2, "nodir/p.png: folder 'nodir' does not exist", "animate2d", "grid", "-k", "ones", "-o",
      "out.gif", "--poster", "nodir/p.png"),

    /* animate2d */
    R(2, "a 128x128 image has too many pixels to show one by one (at most 64x64", "animate2d",
      "large.png", "-k", "box", "-o", "out.gif"),
    R(2, "--resize wants WIDTHxHEIGHT from 1x1 to 64x64 (got '0x5')", "animate2d", "image.png",
      "-k", "box", "-o", "out.gif", "--resize", "0x5"),
    R(2, "--resize wants WIDTHxHEIGHT from 1x1 to 64x64 (got '65x10')", "animate2d",
      "image.png", "-k", "box", "-o", "out.gif", "--resize", "65x10"),
    R(2, "delay -1 ms is outside what a GIF can store", "animate2d", "image.png", "-k", "box",
      "-o", "out.gif", "--resize", "8x8", "--delay", "-1"),
    R(2, "hold 9999999 ms is outside what a GIF can store", "animate2d", "image.png", "-k", "box",
      "-o", "out.gif", "--resize", "8x8", "--hold", "9999999"),
    R(2, "a 99x99 kernel is too large to show (at most 64x64)", "animate2d", "image.png", "-k",
      "box:size=99", "-o", "out.gif", "--resize", "8x8", "-m", "valid"),
    R(2, "unknown theme 'sepia' (themes: light, dark)", "animate2d", "image.png", "-k", "box",
      "-o", "out.gif", "--theme", "sepia"),
    R(2, "--labels wants three labels INPUT,KERNEL,OUTPUT (got 'a,b')", "animate2d",
      "image.png", "-k", "box", "-o", "out.gif", "--labels", "a,b"),
    R(2, "notpng.png: not a PNG file", "animate2d", "notpng.png", "-k", "box", "-o", "out.gif"),
    R(2, "fifo.gif: not a regular file", "animate2d", "image.png", "-k", "box", "-o", "fifo.gif",
      "--resize", "8x8"),
    RF(FSIZE, 1, "out.gif: cannot write (File too large)", "animate2d", "image.png", "-k", "box",
       "-o", "out.gif", "--resize", "16x16"),
    R(2, "'bad.ttf' is not a font file FreeType can read", "animate2d", "image.png", "-k", "box",
      "-o", "out.gif", "--font", "bad.ttf"),
    R(2, "/no/such/font.ttf", "preset", "no_padding_no_strides", "-o", "out.gif", "--font",
      "/no/such/font.ttf"),
    R(2, "bad.ttf: is also an input (bad.ttf)", "animate2d", "image.png", "-k", "box", "--font",
      "bad.ttf", "-o", "out.gif", "--poster", "bad.ttf"),
    R(2, "--font-scale wants a number from 0.5 to 3 (got '0.4')", "animate2d", "image.png", "-k",
      "box", "-o", "out.gif", "--font-scale", "0.4"),
    R(2, "--font-scale wants a number from 0.5 to 3 (got 'nan')", "preset", "dilation", "-o",
      "out.gif", "--font-scale", "nan"),
    R(2, "--threads wants a whole number from 0 to 64 (got '-1')", "animate2d", "image.png", "-k",
      "box", "-o", "out.gif", "--threads", "-1"),
    R(2, "a 480x256 frame with text at 3 times its size leaves no pixel per cell for grids of "
         "80x80", "animate2d", "grid:size=64", "-k", "ones:size=9", "--padding", "8", "-o",
      "out.gif", "--size", "480x256", "--font-scale", "3", "--title", "T"),

    /* embed and gallery */
    R(2, "missing.gif: cannot open: No such file or directory", "embed", "missing.gif"),
    R(2, "image.png: not a GIF", "embed", "image.png"),
    R(2, "nodir: cannot open the folder: No such file or directory", "gallery", "nodir"),

    /* text: the TeX subset and control characters, in titles and labels */
    R(2, "unknown macro '\\tua' at character 2 of '$\\tua$': did you mean '\\tau'?",
      "animate", "-f", "box", "-g", "box", "-o", "out.gif", "--title", "$\\tua$"),
    R(2, "unbalanced '$' at character 6 of 'cost $5'", "animate", "-f", "box", "-g", "box", "-o",
      "out.gif", "--xlabel", "cost $5"),
    R(2, "unbalanced '{' at character 4 of '$x^{2$'", "animate", "-f", "box", "-g", "box", "-o",
      "out.gif", "--labels", "$x^{2$,,"),
    R(2, "unbalanced '}' at character 5 of '$x_1}$'", "preset", "sliding_block", "-o", "out.gif",
      "--labels", ",$x_1}$,"),
    R(2, "control character U+0009 at character 2 of 'a?b'", "animate", "-f", "box", "-g", "box",
      "-o", "out.gif", "--title", "a\tb"),
    R(2, "control character U+001B at character 1 of '?[1mf'", "animate", "-f", "box", "-g",
      "box", "-o", "out.gif", "--labels", "\x1b[1mf,,"),

    /* continuous time: signal --continuous and conv --continuous */
    R(2, "'rectt' is neither a generator nor a file (continuous-time generators: rect, tri, "
      "exp, step, gauss, sine, sinc, ramp, values; did you mean 'rect'?)", "signal",
      "--continuous", "rectt"),
    R(2, "tri: unknown key 'widht' (valid keys: width, center, height; did you mean 'width'?)",
      "signal", "--continuous", "tri:widht=1"),
    R(2, "rect: unknown key 'pad' (valid keys: width, center, height)", "conv", "--continuous",
      "-f", "rect", "-g", "rect:pad=2"),
    R(2, "rect: width must be > 0 (got 0)", "signal", "--continuous", "rect:width=0"),
    R(2, "tri: width must be > 0 (got -2)", "conv", "--continuous", "-f", "rect", "-g",
      "tri:width=-2"),
    R(2, "sinc: width must be > 0 (got 0)", "conv", "--continuous", "-f", "sinc:width=0", "-g",
      "rect"),
    R(2, "gauss: sigma must be > 0 (got -1)", "signal", "--continuous", "gauss:sigma=-1"),
    R(2, "exp: rate must be > 0 (got 0)", "conv", "--continuous", "-f", "rect", "-g",
      "exp:rate=0"),
    R(2, "sine: freq must be > 0 (got -1)", "signal", "--continuous", "sine:freq=-1"),
    R(2, "exp: until=-1 must be after start=0", "signal", "--continuous", "exp:until=-1"),
    R(2, "ramp: to=0 must be after from=0", "signal", "--continuous", "ramp:to=0"),
    R(2, "values: a continuous-time signal needs at least 2 samples (got 1)", "conv",
      "--continuous", "-f", "values:1", "-g", "rect"),
    R(2, "values: dt must be > 0 (got 0)", "signal", "--continuous", "values:1;2,dt=0"),
    R(2, "good.csv: unknown key 'pad' (valid keys: dt, t0)", "signal", "--continuous",
      "good.csv:pad=1"),
    R(2, "garbage.csv:3: 'oops' is not a finite number", "conv", "--continuous", "-f",
      "garbage.csv:dt=0.1", "-g", "rect"),
    RIN("1\n", "standard input: a continuous-time signal needs at least 2 samples (got 1)",
        "signal", "--continuous", "--", "-:dt=0.5"),
    R(2, "decay is a discrete-time generator, not a continuous-time one (continuous-time "
      "generators: rect,", "signal", "--continuous", "decay"),
    R(2, "box is a discrete-time generator, not a continuous-time one", "conv", "--continuous",
      "-f", "box", "-g", "rect"),
    R(2, "rect is a continuous-time generator, not a discrete-time one (discrete-time "
      "generators: sawtooth,", "signal", "rect"),
    R(2, "exp is a continuous-time generator, not a discrete-time one", "conv", "-f", "box", "-g",
      "exp:rate=2"),
    R(2, "gauss is a continuous-time generator", "animate", "-f", "gauss", "-g", "box", "-o",
      "out.gif"),
    R(2, "--dt wants a number of seconds > 0 (got '0')", "conv", "--continuous", "--dt", "0",
      "-f", "rect", "-g", "rect"),
    R(2, "--dt wants a number of seconds > 0 (got '-0.5')", "signal", "--continuous", "--dt",
      "-0.5", "rect"),
    R(2, "--dt wants a number of seconds > 0 (got 'inf')", "conv", "--continuous", "--dt", "inf",
      "-f", "rect", "-g", "rect"),
    R(2, "--dt wants a number of seconds > 0 (got '1s')", "signal", "--continuous", "--dt", "1s",
      "rect"),
    R(2, "dt=1e-09 makes 2000000001 values of y(t) over [-1, 1], over the limit of 67108864",
      "conv", "--continuous", "--dt", "1e-9", "-f", "rect", "-g", "rect"),
    R(2, "dt=1e-05: 2000001 values of y(t) at up to 4005 quadrature panels each are over the "
      "limit of 134217728 panels", "conv", "--continuous", "--dt", "1e-5", "-f",
      "sine:freq=100,to=10", "-g", "sine:freq=100,to=10"),
    R(2, "dt=1e-09 makes 1000000006 points over [-0.5, 0.5], over the limit of 67108864",
      "signal", "--continuous", "--dt", "1e-9", "rect"),
    R(2, "--dt is for continuous signals (add --continuous)", "conv", "--dt", "0.1", "-f", "box",
      "-g", "box"),
    R(2, "--dt is for continuous signals (add --continuous)", "signal", "--dt", "0.1", "box"),
    R(2, "option '--dt' needs a value", "conv", "--continuous", "-f", "rect", "-g", "rect",
      "--dt"),
    R(2, "-m valid is for discrete signals", "conv", "--continuous", "-m", "valid", "-f", "rect",
      "-g", "rect"),
    R(2, "--correlate is for discrete signals", "conv", "--continuous", "--correlate", "-f",
      "rect", "-g", "rect"),
    R(2, "option '--continuous' takes no value", "signal", "--continuous=yes", "rect"),
    RF(FULL, 1, "writing y(t): No space left on device", "conv", "--continuous", "-f", "rect",
       "-g", "exp"),
    RF(FULL, 1, "writing the samples: No space left on device", "signal", "--continuous",
       "gauss"),

    /* Issue 18, class 1: a fifo, a folder, a device or a dangling link
     * where a file is read never blocks: refused, or read as an empty
     * stream where a pipe would serve */
    R(2, "fifo.gif: not a regular file", "embed", "fifo.gif"),
    R(2, "adir: is a folder, not a file", "embed", "adir"),
    R(2, "dangling.gif: cannot open: No such file or directory", "embed", "dangling.gif"),
    R(2, "/dev/zero: not a regular file", "embed", "/dev/zero"),
    R(2, "fifo.gif: no samples", "signal", "fifo.gif"),
    R(2, "/dev/zero: not a regular file or a pipe", "signal", "/dev/zero"),
    R(2, "dangling.gif: cannot open: No such file or directory", "signal", "dangling.gif"),
    R(2, "fifo.gif: no samples", "conv", "-f", "box", "-g", "fifo.gif"),
    R(2, "fifo.gif: no samples", "animate", "-f", "fifo.gif", "-g", "box", "-o", "out.gif"),
    R(2, "fifo.gif: not a PNG file", "conv2d", "fifo.gif", "-k", "box", "--print"),
    R(2, "/dev/zero: not a regular file or a pipe", "conv2d", "image.png", "-k", "/dev/zero",
      "--print"),
    R(2, "fifo.gif: not a PNG file", "animate2d", "fifo.gif", "-k", "box", "-o", "out.gif"),
    R(2, "fifo.gif: no numbers", "filters", "fifo.gif"),
    R(2, "font file 'fifo.gif' is not a regular file", "animate", "-f", "box", "-g", "box", "-o",
      "out.gif", "--font", "fifo.gif"),
    R(2, "font file 'adir' is not a regular file", "preset", "sliding_block", "-o", "out.gif",
      "--font", "adir"),

    /* class 5: an output that overflows a double is refused, in 1D and 2D */
    R(2, "the output overflows: sample 0 is inf", "conv", "-f", "values:1e308;1e308", "-g",
      "values:1e308"),
    R(2, "the output overflows: sample 0 is -inf", "conv", "-f", "values:1e308", "-g",
      "values:-1e308", "--correlate"),
    R(2, "the output overflows: sample 1 is inf", "animate", "-f", "values:1e308;1e308", "-g",
      "values:1;1", "-o", "out.gif"),
    R(2, "the output overflows: row 0, column 9 is inf", "conv2d", "image.png", "-k", "huge.csv",
      "--print"),
    R(2, "the output overflows", "conv2d", "image.png", "-k", "huge.csv", "-o", "out.png"),
    R(2, "the output overflows", "conv2d", "image.png", "-k", "huge.csv", "--figure", "fig.png"),
    R(2, "the output overflows", "animate2d", "image.png", "-k", "huge.csv", "--resize", "8x8",
      "-o", "out.gif"),

    /* class 7: every write to stdout is checked and a failure told in one line */
    RF(FULL, 1, "writing the help: No space left on device", "--help"),
    RF(FULL, 1, "writing the version: No space left on device", "--version"),
    RF(CLOSED, 1, "writing the version: Bad file descriptor", "--version"),
    RF(FULL, 1, "writing the help: No space left on device", "signal", "--help"),
    RF(CLOSED, 1, "writing the samples: Bad file descriptor", "signal", "box"),
    RF(FULL, 1, "writing the help: No space left on device", "conv", "--help"),
    RF(CLOSED, 1, "writing the samples: Bad file descriptor", "conv", "-f", "box", "-g", "box"),
    RF(FULL, 1, "writing the help: No space left on device", "conv2d", "--help"),
    RF(CLOSED, 1, "writing the matrix: Bad file descriptor", "conv2d", "image.png", "-k", "box",
       "--print"),
    RF(FULL, 1, "writing the help: No space left on device", "filters", "-h"),
    RF(FULL, 1, "writing the list: No space left on device", "filters"),
    RF(CLOSED, 1, "writing the list: Bad file descriptor", "filters"),
    RF(CLOSED, 1, "writing the matrix: Bad file descriptor", "filters", "sobel:vert"),
    RF(FULL, 1, "writing the help: No space left on device", "embed", "--help"),
    RF(FULL, 1, "writing the HTML: No space left on device", "embed", "tiny.gif",
       "--poster-href", "p.png"),
    RF(CLOSED, 1, "writing the HTML: Bad file descriptor", "embed", "tiny.gif", "--poster-href",
       "p.png"),
    RF(FULL, 1, "writing the help: No space left on device", "gallery", "--help"),

    /* class 8: a GIF that is not whole is refused, never described */
    R(2, "empty.gif: not a GIF (", "embed", "empty.gif"),
    R(2, "trunc.gif: cut short after 1 whole frame", "embed", "trunc.gif"),
    R(2, "damaged.gif: a damaged GIF (Wrong record type detected)", "embed", "damaged.gif"),

    /* class 10: one rule for numbers, blanks, separators, options and .npy */
    R(2, "hex.csv:2: '0x10' is not a finite number", "signal", "hex.csv"),
    R(2, "bomhex.csv:2: '0x10' is not a finite number", "signal", "bomhex.csv"),
    RIN("\xef\xbb\xbf" "1\r\n0x10\r\n", "standard input:2: '0x10' is not a finite number",
        "signal", "-"),
    R(2, "values: item 1 ('0x10') is not a finite number", "signal", "values:0x10"),
    R(2, "values: item 2 ('x') is not a finite number", "signal", "values: 1 ; x ;"),
    R(2, "box: n='0x10' is not a finite number", "signal", "box: n=0x10"),
    R(2, "sine: phase='infinity' is not a finite number", "signal", "sine:phase=infinity"),
    R(2, "seed must be a whole number >= 0 (got '0x10')", "signal", "random:seed=0x10"),
    R(2, "box: an empty setting between two commas", "signal", "box:n=3,,height=2"),
    R(2, "box: height given twice", "signal", "box: height=1 , height=2"),
    R(2, "rep.npy: .npy header gives 'descr' twice", "signal", "rep.npy"),
    R(2, "fstr.npy: .npy header's fortran_order is 'False', not True or False", "signal",
      "fstr.npy"),
    R(2, "extra.npy: .npy header has an unknown key 'x'", "signal", "extra.npy"),
    R(2, "nofo.npy: .npy header has no 'fortran_order'", "signal", "nofo.npy"),
    R(2, "int.npy: .npy header's shape is (1), not a tuple", "signal", "int.npy"),
    R(2, "hexdim.npy: .npy header's shape is (0x1,), not a tuple", "signal", "hexdim.npy"),
    R(2, "option -f given twice", "conv", "-f", "box", "-f", "box", "-g", "box"),
    R(2, "option -m (--mode) given twice", "conv", "-f", "box", "-g", "box", "-m", "full",
      "--mode", "same"),
    R(2, "option '--correlate' given twice", "conv", "-f", "box", "-g", "box", "--correlate",
      "--correlate"),
    R(2, "box: size='0x3' is not a finite number", "filters", "box:size=0x3"),
    R(2, "hexk.csv:1: '0x10' is not a finite number", "filters", "hexk.csv"),
    R(2, "bomk.csv:2: 1 numbers in this row, 2 in the rows above", "conv2d", "image.png", "-k",
      "bomk.csv", "--print"),
    R(2, "--stride wants a whole number from 1, or SY,SX (got '0x2')", "conv2d", "image.png",
      "-k", "box", "--stride", "0x2", "--print"),
    R(2, "option -o (--output) given twice", "conv2d", "image.png", "-k", "box", "-o", "a.png",
      "-o", "b.png"),
    R(2, "option '--figure' given twice", "conv2d", "image.png", "-k", "box", "--figure",
      "a.png", "--figure", "b.png"),
    R(2, "option -k (--kernel) given twice", "conv2d", "image.png", "-k", "box", "-k", "sobel:vert",
      "--print"),
    R(2, "option '--href' given twice", "embed", "tiny.gif", "--href", "a", "--href", "b"),
    R(2, "option -o (--output) given twice", "gallery", ".", "-o", "a.html", "-o", "b.html"),
    R(2, "nodir/page.html: folder 'nodir' does not exist", "gallery", ".", "-o",
      "nodir/page.html"),
    R(2, "fifo.gif: not a regular file", "gallery", ".", "-o", "fifo.gif"),

    /* class 11: messages name the right thing, in one clean line, with the right code */
    R(2, "short.gif: not a GIF (No screen descriptor detected)", "embed", "short.gif"),
    RF(NOMEM, 1, "box: out of memory for 60000000 samples", "signal", "box:n=60000000"),
    R(2, "convanim: the kernel's 9 rows (9 dilated by 1) do not fit in the 8 rows of the padded "
         "input", "animate2d",
      "image.png", "-k", "box:size=9", "-m", "valid", "--resize", "8x8", "-o", "out.gif"),
    R(2, "'x?y?z\xc3\xa9' is neither a generator nor a file", "signal", "x\xe9y\xc2\x9bz\xc3\xa9"),
    R(2, "latin1.csv:2: 'caf?' is not a finite number", "signal", "latin1.csv"),
    R(2, "unknown filter 'sob?l'", "filters", "sob\xe9l"),
    R(2, "aaaaaaaa.csv: cannot open: File name too long", "signal", LONG_NAME ".csv"),
    R(2, "aaaaaaaa.gif: cannot open: File name too long", "embed", LONG_NAME ".gif"),
    R(2, "aaaaaaaa.png: cannot open: File name too long", "conv2d", LONG_NAME ".png", "-k",
      "box", "--print"),
    R(2, "aaaaaaaa.csv: cannot open: File name too long", "filters", LONG_NAME ".csv"),

    /* --font-scale: a finite number from 0.5 to 3, and text that fits */
    R(2, "--font-scale wants a number from 0.5 to 3 (got '0.4')", "animate", "-f", "box", "-g",
      "box", "-o", "out.gif", "--font-scale", "0.4"),
    R(2, "--font-scale wants a number from 0.5 to 3 (got '3.01')", "preset", "sliding_block",
      "-o", "out.gif", "--font-scale", "3.01"),
    R(2, "--font-scale wants a number from 0.5 to 3 (got 'nan')", "animate", "-f", "box", "-g",
      "box", "-o", "out.gif", "--font-scale", "nan"),
    R(2, "--font-scale wants a number from 0.5 to 3 (got 'inf')", "animate", "-f", "box", "-g",
      "box", "-o", "new.gif", "--font-scale", "inf"),
    R(2, "--font-scale wants a number from 0.5 to 3 (got '2x')", "animate", "-f", "box", "-g",
      "box", "-o", "new.gif", "--font-scale", "2x"),
    R(2, "--font-scale wants a number from 0.5 to 3 (got '')", "preset", "-o", "new.gif",
      "--font-scale", ""),
    R(2, "option '--font-scale' needs a value", "animate", "-f", "box", "-g", "box", "-o",
      "new.gif", "--font-scale"),
    /* a title with no space to break it at, too wide even at half its size */
    R(2, "the title is 1093 pixels wide, and a frame 960 pixels wide has room for 950",
      "animate", "-f", "box", "-g", "box", "-o", "out.gif", "--font-scale", "2", "--title",
      "Convolution_of_a_box_with_a_decaying_exponential_then_again_with_the_box_for_good_"
      "measure_twice"),
    R(2, "size 320x240 leaves no room for the panels", "animate", "-f", "box", "-g", "box",
      "-o", "new.gif", "--size", "320x240", "--font-scale", "3", "--title", "a\nb\nc"),
    R(2, "size 320x240 leaves no room for the panels", "animate", "-f", "box", "-g", "box",
      "-o", "new.gif", "--size", "320x240", "--font-scale", "3", "--labels",
      "a much longer label for the signal f,,"),
    R(2, "size 320x240 leaves the panels 33 pixels of height, and a y label needs 42",
      "animate", "-f", "box", "-g", "box", "-o", "new.gif", "--size", "320x240",
      "--font-scale", "3", "--layout", "product"),
    R(2, "and a y label needs 170", "animate", "-f", "box", "-g", "box", "-o", "out.gif",
      "--font-scale", "2", "--layout", "product", "--labels",
      "$x[n]$\ninput,$h[n-k]$\nshifted,$y[n]$"),

    /* issue 18, second round. Class 2: no output may be an input, through
     * any name or link, whatever the option and the command */
    R(2, "good.csv: is also an input (good.csv); refusing to overwrite it", "animate", "-f",
      "good.csv", "-g", "box", "-o", "good.csv"),
    R(2, "link.csv: is also an input (good.csv)", "animate", "-f", "good.csv", "-g", "box", "-o",
      "link.csv"),
    R(2, "./good.csv: is also an input (good.csv)", "animate", "-f", "box", "-g",
      "good.csv:pad=2", "-o", "out.gif", "--poster", "./good.csv"),
    R(2, "link.csv: is also an input (good.csv)", "animate", "-f", "box", "-g", "good.csv",
      "-o", "out.gif", "--html", "link.csv"),
    R(2, "bad.ttf: is also an input (bad.ttf)", "animate", "-f", "box", "-g", "box", "--font",
      "bad.ttf", "-o", "out.gif", "--poster", "bad.ttf"),
    R(2, "frames/frame_0000.png: is also an input (frames/frame_0000.png)", "animate", "-f",
      "frames/frame_0000.png", "-g", "box", "-o", "out.gif", "--frames", "frames"),
    R(2, "bad.ttf: is also an input (bad.ttf)", "preset", "sliding_block", "--font", "bad.ttf",
      "--html", "bad.ttf"),
    R(2, "bad.ttf: is also an input (bad.ttf)", "preset", "sliding_block", "--font", "bad.ttf",
      "-o", "bad.ttf"),
    R(2, "image.png: is also an input (image.png)", "conv2d", "image.png", "-k", "box", "-o",
      "image.png"),
    R(2, "./image.png: is also an input (image.png)", "conv2d", "image.png", "-k", "box",
      "--figure", "./image.png"),
    R(2, "hexk.csv: is also an input (hexk.csv)", "conv2d", "image.png", "-k", "hexk.csv", "-o",
      "hexk.csv"),
    R(2, "image.png: is also an input (image.png)", "animate2d", "image.png", "-k", "box", "-o",
      "image.png"),
    R(2, "hexk.csv: is also an input (hexk.csv)", "animate2d", "image.png", "-k", "hexk.csv",
      "-o", "hexk.csv"),
    /* animate2d's outputs, as animate's: formats, the description, the sheet */
    R(2, "out.mkv: the animation cannot be written as '.mkv' (accepted: .gif, .webp, .webm, "
      ".mp4)", "animate2d", "image.png", "-k", "box", "-o", "out.mkv"),
    R(2, "out.gif: the poster cannot be written as '.gif' (accepted: .png, .webp)", "animate2d",
      "image.png", "-k", "box", "-o", "a.webm", "--poster", "out.gif"),
    R(2, "image.png: is also an input (image.png)", "animate2d", "image.png", "-k", "box", "-o",
      "out.gif", "--describe", "image.png"),
    R(2, "./out.gif: the description would overwrite the animation", "animate2d", "image.png",
      "-k", "box", "-o", "out.gif", "--describe", "./out.gif"),
    R(2, "out.png: the description would overwrite the poster", "animate2d", "image.png", "-k",
      "box", "-o", "out.gif", "--poster", "out.png", "--describe", "out.png"),
    R(2, "s.png: the description would overwrite the contact sheet", "animate2d", "image.png",
      "-k", "box", "-o", "out.gif", "--sheet", "s.png", "--describe", "s.png"),
    R(2, "s.gif: the contact sheet cannot be written as '.gif' (accepted: .png)", "animate2d",
      "image.png", "-k", "box", "-o", "out.gif", "--sheet", "s.gif"),
    R(2, "--beamer prints the line that shows the frames of --frames DIR", "animate2d",
      "image.png", "-k", "box", "-o", "out.gif", "--beamer"),
    R(2, "--sheet-frames is for --sheet FILE.png", "animate2d", "image.png", "-k", "box", "-o",
      "out.gif", "--sheet-frames", "3"),
    R(2, "a.html: the HTML can show only a GIF (the animation is a.mp4)", "animate2d",
      "image.png", "-k", "box", "-o", "a.mp4", "--html", "a.html"),
    R(2, "tiny.gif: is also an input (./tiny.gif)", "gallery", ".", "-o", "tiny.gif"),
    R(2, "gif.link: is also an input (./tiny.gif)", "gallery", ".", "-o", "gif.link"),

    /* class 3: every path the frames take is checked before the first is
     * written */
    R(2, "blocked/frame_0002.png: is a folder, not a file", "animate", "-f", "box:n=3", "-g",
      "box:n=3", "-o", "new.gif", "--frames", "blocked"),
    R(2, "blocked/frame_0002.png: is a folder, not a file", "preset", "sliding_block", "-o",
      "new.gif", "--frames", "blocked"),

    /* the first round's leftovers: checked stdout, repeated options, one
     * number parser, output names */
    RF(CLOSED, 1, "writing the list: Bad file descriptor", "preset", "--list"),
    RF(FULL, 1, "writing the list: No space left on device", "preset", "--list"),
    RF(FULL, 1, "writing the help: No space left on device", "animate", "--help"),
    RF(FULL, 1, "writing the help: No space left on device", "preset", "--help"),
    RF(FULL, 1, "writing the help: No space left on device", "animate2d", "--help"),
    R(2, "option -o (--output) given twice", "animate", "-f", "box", "-g", "box", "-o", "a.gif",
      "-o", "b.gif"),
    R(2, "option '--poster' given twice", "preset", "sliding_block", "--poster", "a.png",
      "--poster", "b.png"),
    R(2, "option -k (--kernel) given twice", "animate2d", "image.png", "-k", "box", "-k", "box",
      "-o", "out.gif"),
    R(2, "--fps wants a number from 0.1 to 100 (got '0x10')", "animate", "-f", "box", "-g", "box",
      "-o", "out.gif", "--fps", "0x10"),
    R(2, "--fps wants a number from 0.1 to 100 (got 'infinity')", "animate", "-f", "box", "-g",
      "box", "-o", "out.gif", "--fps", "infinity"),
    R(2, "--delay wants a whole number from", "animate", "-f", "box", "-g", "box", "-o",
      "out.gif", "--delay", " 40"),
    R(2, "--hold wants a whole number from", "animate2d", "image.png", "-k", "box", "-o",
      "out.gif", "--hold", "0x10"),
    R(2, "aaaaaaaa.gif: file name too long", "animate", "-f", "box", "-g", "box", "-o",
      LONG_NAME ".gif"),
    R(2, "/proc/x.gif: cannot create a file in folder '/proc'", "animate", "-f", "box", "-g",
      "box", "-o", "/proc/x.gif"),
    R(2, "/proc/x.png: cannot create a file in folder '/proc'", "conv2d", "image.png", "-k",
      "box", "-o", "/proc/x.png"),

    /* animate --continuous: frames are times */
    R(2, "--duration wants a number of seconds > 0 (got '0')", "animate", "--continuous", "-f",
      "rect", "-g", "exp", "-o", "out.gif", "--duration", "0"),
    R(2, "--duration wants a number of seconds > 0 (got '-2')", "animate", "--continuous", "-f",
      "rect", "-g", "exp", "-o", "out.gif", "--duration", "-2"),
    R(2, "--duration wants a number of seconds > 0 (got 'nan')", "animate", "--continuous",
      "-f", "rect", "-g", "exp", "-o", "out.gif", "--duration", "nan"),
    R(2, "--duration wants a number of seconds > 0 (got '4s')", "animate", "--continuous", "-f",
      "rect", "-g", "exp", "-o", "out.gif", "--duration", "4s"),
    R(2, "duration 5000 s makes 125000 frames of 960x640 pixels, over the budget of "
      "68719476736 pixel-frames (2^36): ask for at most 4473 s", "animate", "--continuous",
      "-f", "rect", "-g", "exp", "-o", "out.gif", "--duration", "5000"),
    R(2, "duration 0.01 s is under two frames of 40 ms", "animate", "--continuous", "-f",
      "rect", "-g", "exp", "-o", "out.gif", "--duration", "0.01"),
    R(2, "delay 0 ms: frames that are times need a delay > 0", "animate", "--continuous", "-f",
      "rect", "-g", "exp", "-o", "out.gif", "--delay", "0"),
    R(2, "--fps wants a number from 0.1 to 100 (got '0')", "animate", "--continuous", "-f",
      "rect", "-g", "exp", "-o", "out.gif", "--fps", "0"),
    R(2, "--fps wants a number from 0.1 to 100 (got '1000')", "animate", "--continuous", "-f",
      "rect", "-g", "exp", "-o", "out.gif", "--fps", "1000"),
    R(2, "--duration is for --continuous", "animate", "-f", "box", "-g", "box", "-o", "out.gif",
      "--duration", "2"),
    R(2, "-m is for discrete signals", "animate", "--continuous", "-m", "same", "-f", "rect",
      "-g", "exp", "-o", "out.gif"),
    R(2, "--correlate is for discrete signals", "animate", "--continuous", "--correlate", "-f",
      "rect", "-g", "exp", "-o", "out.gif"),
    R(2, "decay is a discrete-time generator", "animate", "--continuous", "-f", "decay", "-g",
      "exp", "-o", "out.gif"),
    R(2, "exp: rate must be > 0", "animate", "--continuous", "-f", "rect", "-g", "exp:rate=0",
      "-o", "out.gif"),
    R(2, "the intro flips a discrete g", "animate", "--continuous", "--intro", "-f", "rect",
      "-g", "exp", "-o", "out.gif"),
    R(2, "preset 'sliding_block' is of discrete signals; --continuous does not apply", "preset",
      "sliding_block", "--continuous", "-o", "out.gif"),
    R(2, "unknown layout 'overlap'", "animate", "--continuous", "--layout", "overlap", "-f",
      "rect", "-g", "exp", "-o", "out.gif"),

    /* Output formats: picked by the extension, refused before any work; a
     * writer that fails leaves no file. */
    R(2, "out.avi: the animation cannot be written as '.avi' (accepted: .gif, .webp, .webm, "
      ".mp4)", "animate", "-f", "box", "-g", "box", "-o", "out.avi"),
    R(2, "out: no extension to tell the animation's format (accepted: .gif, .webp, .webm, "
      ".mp4)", "preset", "sliding_block", "-o", "out"),
    R(2, "p.svg: the poster cannot be written as '.svg' (accepted: .png, .webp)", "animate",
      "-f", "box", "-g", "box", "-o", "out.gif", "--poster", "p.svg"),
    R(2, "./out.webm: the poster and the WebM video are the same file", "animate", "-f", "box",
      "-g", "box", "-o", "out.webm", "--poster", "./out.webm"),
    R(2, "size 321x240: VP9 video needs an even width and height", "preset", "sliding_block",
      "-o", "out.webm", "--size", "321x240"),
    R(2, "size 320x241: H.264 video needs an even width and height", "preset", "sliding_block",
      "-o", "out.MP4", "--size", "320x241"),
    R(2, "frame 1: delay 0 ms is not within 1..655350 ms for WebP", "animate", "-f", "box", "-g",
      "box", "-o", "out.webp", "--delay", "0"),
    R(2, "frame 1: delay 0 ms is not within 1..655350 ms for video", "animate", "-f", "box",
      "-g", "box", "-o", "out.mp4", "--delay", "0"),
    R(2, "good.csv: is also an input (good.csv); refusing to overwrite it", "animate", "-f", "good.csv",
      "-g", "box", "-o", "out.gif", "--html", "good.csv"),
    R(2, "./notpng.png: is also an input (notpng.png); refusing to overwrite it", "animate", "-f", "box",
      "-g", "notpng.png", "-o", "out.webp", "--poster", "./notpng.png"),
    R(2, "x.html: the HTML can show only a GIF (the animation is out.mp4)", "animate", "-f",
      "box", "-g", "box", "-o", "out.mp4", "--html", "x.html"),
    /* 320x240: VP9 holds back a few frames before its first byte, and at
     * the default size they cost a second of CPU */
    RF(FSIZE, 1, "out.webm: cannot write (File too large)", "animate", "-f", "box", "-g", "box",
       "-o", "out.webm", "--size", "320x240"),
    RF(FSIZE, 1, "out.webp: cannot write (File too large)", "preset", "sliding_block", "-o",
       "out.webp", "--max-frames", "3"),
    /* every format, the contact sheet and the frames' timeline refused
     * when they are an input (the files in media/ hold samples) */
    R(2, "media/s.webm: is also an input (media/s.webm)", "animate", "-f", "media/s.webm",
      "-g", "box", "-o", "media/s.webm"),
    R(2, "./media/s.mp4: is also an input (media/s.mp4)", "animate", "-f", "box", "-g",
      "media/s.mp4", "-o", "./media/s.mp4"),
    R(2, "media/s.webp: is also an input (media/s.webp)", "preset", "sliding_block", "--font",
      "media/s.webp", "-o", "media/s.webp"),
    R(2, "media/sheet.png: is also an input (media/sheet.png)", "animate", "-f", "box", "-g",
      "media/sheet.png", "-o", "out.gif", "--sheet", "media/sheet.png"),
    R(2, "media/timeline.txt: is also an input (media/timeline.txt)", "animate", "-f",
      "media/timeline.txt", "-g", "box", "-o", "out.gif", "--frames", "media"),

    /* Slides and handouts: --beamer, --sheet */
    R(2, "--beamer prints the line that shows the frames of --frames DIR", "animate", "-f",
      "box", "-g", "box", "-o", "out.gif", "--beamer"),
    R(2, "--sheet-frames is for --sheet FILE.png", "preset", "sliding_block", "-o", "out.gif",
      "--sheet-frames", "4"),
    R(2, "s.jpg: the contact sheet cannot be written as '.jpg' (accepted: .png)", "animate",
      "-f", "box", "-g", "box", "-o", "out.gif", "--sheet", "s.jpg"),
    R(2, "--sheet-frames wants a whole number from 1 to 48 (got '49')", "preset",
      "sliding_block", "-o", "out.gif", "--sheet", "s.png", "--sheet-frames", "49"),
    R(2, "./p.png: the contact sheet would overwrite another output", "animate", "-f", "box",
      "-g", "box", "-o", "out.gif", "--poster", "p.png", "--sheet", "./p.png"),
    R(2, "adir: is a folder", "animate", "-f", "box", "-g", "box", "-o", "out.gif", "--sheet",
      "adir"),
    R(2, "a contact sheet of 48 frames of 2000x1500 would be", "preset", "sliding_block", "-o",
      "out.gif", "--size", "2000x1500", "--max-frames", "48", "--sheet", "s.png",
      "--sheet-frames", "48"),
    R(2, "a contact sheet of 48 frames of 2000x1500 would be", "animate", "-f", "random:n=44",
      "-g", "box:n=5", "-o", "out.gif", "--size", "2000x1500", "--narrow", "n.gif", "--sheet",
      "s.png", "--sheet-frames", "48"),
};
enum { ROWS = sizeof rows / sizeof rows[0] };

/* CRC-32 of PNG chunks, bit by bit: small inputs only. */
static uint32_t crc32_of(const uint8_t *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
    }
    return c ^ 0xffffffffu;
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* A PNG that is only its signature and an IHDR of the given size. */
static void write_header_png(const char *path, uint32_t width, uint32_t height)
{
    uint8_t png[8 + 25] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
    uint8_t *ihdr = png + 8;
    put32(ihdr, 13);
    memcpy(ihdr + 4, "IHDR", 4);
    put32(ihdr + 8, width);
    put32(ihdr + 12, height);
    ihdr[16] = 8;   /* bit depth; colour type 0, the rest 0 */
    put32(ihdr + 21, crc32_of(ihdr + 4, 17));
    tu_write_file(path, png, sizeof png);
}

/* A .npy file: the header dict padded to 128 bytes, then `data`. */
static void write_npy(const char *path, int version, const char *dict, const void *data,
                      size_t len)
{
    uint8_t buf[512] = { 0x93, 'N', 'U', 'M', 'P', 'Y', (uint8_t)version, 0, 118, 0 };
    memset(buf + 10, ' ', 118);
    memcpy(buf + 10, dict, strlen(dict));
    buf[127] = '\n';
    memcpy(buf + 128, data, len);
    tu_write_file(path, buf, 128 + len);
}

static void make_file(const char *dir, const char *name, const void *data, size_t len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    tu_write_file(path, data, len);
}

#define MAKE(dir, name, text) make_file(dir, name, text, sizeof text - 1)

/* A convanim GIF of 1x1 pixels and two frames whose description says 7,
 * into buf (at least 256 bytes); returns its length. cut > 0 ends it
 * that many bytes before its end. */
static size_t tiny_gif(uint8_t *buf, size_t cut)
{
    static const char meta[] = "convanim-meta 1\nf: box\nnf: 5\ng: box\nng: 5\nmode: full\n"
                               "correlate: 0\noutputs: 9\nframes: 7\nsize: 1x1\nlayout: seed\n"
                               "poster: \n";
    static const uint8_t head[] = { 'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, 0x80, 0, 0,
                                    0, 0, 0, 255, 255, 255 };
    /* one pixel of colour 0: clear, 0, end of information in 3-bit codes */
    static const uint8_t frame[] = { 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0 };
    size_t n = 0;
    memcpy(buf, head, sizeof head);
    n += sizeof head;
    buf[n++] = 0x21;
    buf[n++] = 0xfe;
    buf[n++] = sizeof meta - 1;
    memcpy(buf + n, meta, sizeof meta - 1);
    n += sizeof meta - 1;
    buf[n++] = 0;
    for (int i = 0; i < 2; i++) {
        memcpy(buf + n, frame, sizeof frame);
        n += sizeof frame;
    }
    buf[n++] = 0x3b;
    return n - cut;
}

/* The inputs every row may use, and the outputs of an earlier run. */
static void populate(const char *dir)
{
    char path[4096];
    MAKE(dir, "good.csv", "1,2,3\n");
    MAKE(dir, "empty.csv", "");
    MAKE(dir, "comments.csv", "# nothing\n# here\n");
    MAKE(dir, "garbage.csv", "1\n2\n3;oops\n");
    MAKE(dir, "nan.csv", "1\nnan\n");
    MAKE(dir, "big.csv", "1e999\n");
    MAKE(dir, "long.csv", "1\n"
                          "1111111111111111111111111111111111111111111111111111111111111111111\n");
    MAKE(dir, "nul.csv", "1\n\0" "5\n");
    MAKE(dir, "ctrl.csv", "\033[31m\n");
    MAKE(dir, "rag.csv", "1 2\n3\n");
    MAKE(dir, "word.csv", "1 x\n");
    MAKE(dir, "bad.ttf", "not a font");
    MAKE(dir, "notpng.png", "hello");
    MAKE(dir, "out.gif", "previous GIF\n");
    MAKE(dir, "out.png", "previous PNG\n");
    snprintf(path, sizeof path, "%s/adir", dir);
    ck_assert_int_eq(mkdir(path, 0755), 0);
    snprintf(path, sizeof path, "%s/frames", dir);
    ck_assert_int_eq(mkdir(path, 0755), 0);
    MAKE(path, "frame_0000.png", "an old frame\n");
    snprintf(path, sizeof path, "%s/media", dir);
    ck_assert_int_eq(mkdir(path, 0755), 0);
    MAKE(path, "s.webm", "1,2,3\n");
    MAKE(path, "s.mp4", "1,2,3\n");
    MAKE(path, "s.webp", "1,2,3\n");
    MAKE(path, "sheet.png", "1,2,3\n");
    MAKE(path, "timeline.txt", "1,2,3\n");
    snprintf(path, sizeof path, "%s/fifo.gif", dir);
    ck_assert_int_eq(mkfifo(path, 0644), 0);
    snprintf(path, sizeof path, "%s/dangling.gif", dir);
    ck_assert_int_eq(symlink("missing/x.gif", path), 0);

    static const double one = 1, nan_ = NAN;
    snprintf(path, sizeof path, "%s/be.npy", dir);
    write_npy(path, 1, "{'descr': '>f8', 'fortran_order': False, 'shape': (1,), }", &one, 8);
    snprintf(path, sizeof path, "%s/u1.npy", dir);
    write_npy(path, 1, "{'descr': '|u1', 'fortran_order': False, 'shape': (1,), }", &one, 1);
    snprintf(path, sizeof path, "%s/twod.npy", dir);
    write_npy(path, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), }", &one, 8);
    snprintf(path, sizeof path, "%s/short.npy", dir);
    write_npy(path, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (9,), }", &one, 8);
    snprintf(path, sizeof path, "%s/v3.npy", dir);
    write_npy(path, 3, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", &one, 8);
    snprintf(path, sizeof path, "%s/many.npy", dir);
    write_npy(path, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (134217728,), }",
              &one, 8);
    double two[2] = { 1, nan_ };
    snprintf(path, sizeof path, "%s/nan.npy", dir);
    write_npy(path, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", two, 16);
    snprintf(path, sizeof path, "%s/nodict.npy", dir);
    write_npy(path, 1, "hello", &one, 8);
    snprintf(path, sizeof path, "%s/none.npy", dir);
    write_npy(path, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (0,), }", &one, 0);
    MAKE(dir, "head.npy", "\x93NUMPY\x01");
    snprintf(path, sizeof path, "%s/rep.npy", dir);
    write_npy(path, 1, "{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (1,)}",
              &one, 8);
    snprintf(path, sizeof path, "%s/fstr.npy", dir);
    write_npy(path, 1, "{'descr': '<f8', 'fortran_order': 'False', 'shape': (1,), }", &one, 8);
    snprintf(path, sizeof path, "%s/extra.npy", dir);
    write_npy(path, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1}", &one,
              8);
    snprintf(path, sizeof path, "%s/nofo.npy", dir);
    write_npy(path, 1, "{'descr': '<f8', 'shape': (1,), }", &one, 8);
    snprintf(path, sizeof path, "%s/int.npy", dir);
    write_npy(path, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1), }", &one, 8);
    snprintf(path, sizeof path, "%s/hexdim.npy", dir);
    write_npy(path, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (0x1,), }", &one, 8);
    MAKE(dir, "hex.csv", "1\n0x10\n");
    MAKE(dir, "bomhex.csv", "\xef\xbb\xbf" "1\r\n0x10\r\n");
    MAKE(dir, "hexk.csv", "1 0x10\n");
    MAKE(dir, "bomk.csv", "\xef\xbb\xbf" "1 2\r\n3\r\n");
    MAKE(dir, "huge.csv", "1e308 1e308\n1e308 1e308\n");
    MAKE(dir, "latin1.csv", "1\ncaf\xe9\n");
    MAKE(dir, "empty.gif", "");
    MAKE(dir, "short.gif", "GIF89a");
    uint8_t gif[256];
    make_file(dir, "tiny.gif", gif, tiny_gif(gif, 0));
    /* the second frame's data cut off after its first byte */
    make_file(dir, "trunc.gif", gif, tiny_gif(gif, 5));
    size_t len = tiny_gif(gif, 0);
    gif[len - 1] = 0x99;   /* no record starts with this byte */
    make_file(dir, "damaged.gif", gif, len);

    uint8_t *png = tu_read_all(ru_repo_file("assets/checker.png"), &len);
    make_file(dir, "image.png", png, len);
    make_file(dir, "trunc.png", png, 60);
    png[len - 20] ^= 0x55;   /* inside IDAT: its CRC no longer matches */
    make_file(dir, "crc.png", png, len);
    free(png);
    png = tu_read_all(ru_repo_file("assets/moon.png"), &len);
    make_file(dir, "large.png", png, len);
    free(png);
    snprintf(path, sizeof path, "%s/huge.png", dir);
    write_header_png(path, 100000, 100000);
    snprintf(path, sizeof path, "%s/zero.png", dir);
    write_header_png(path, 0, 5);
    snprintf(path, sizeof path, "%s/link.csv", dir);
    ck_assert_int_eq(symlink("good.csv", path), 0);
    snprintf(path, sizeof path, "%s/gif.link", dir);
    ck_assert_int_eq(symlink("tiny.gif", path), 0);
    snprintf(path, sizeof path, "%s/blocked", dir);
    ck_assert_int_eq(mkdir(path, 0755), 0);
    MAKE(path, "frame_0000.png", "an old frame\n");
    snprintf(path, sizeof path, "%s/blocked/frame_0002.png", dir);
    ck_assert_int_eq(mkdir(path, 0755), 0);
}


static void describe(const row *r, char *buf, size_t size)
{
    size_t used = (size_t)snprintf(buf, size, "row %d: convanim", (int)(r - rows));
    for (int i = 0; r->args[i] && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, " %s", r->args[i]);
}

/* The rows share one folder, filled once for the suite: creating its
 * fifty files for each of some 350 rows cost most of the suite's time.
 * fresh is its snapshot as filled. */
static char shared[256];
static ru_snapshot fresh;

static void fill_shared(void)
{
    tu_mkdtemp(shared, sizeof shared);
    populate(shared);
    fresh = ru_snapshot_of(shared);
}

static void remove_shared(void)
{
    tu_rmtree(shared);
    free(fresh.text);
}

static bool is_fresh(const ru_snapshot *s)
{
    return s->len == fresh.len && memcmp(s->text, fresh.text, s->len) == 0;
}

/* Whether the folder may differ from fresh: set while a row runs, cleared
 * once its folder is found unchanged. The rows run in the runner's own
 * process (the suite is nofork), so a row that failed halfway leaves it
 * set for the next one; were each row forked, it would be set for all. */
static bool maybe_changed = true;

START_TEST(every_bad_input_is_refused_in_one_line_leaving_the_outputs_alone)
{
    const row *r = &rows[_i];
    if ((r->flags & NOMEM) && UNDER_ASAN)
        return;
    char what[1024];
    describe(r, what, sizeof what);
    const char *dir = shared;
    /* An earlier row that failed may have left the folder changed: fill it
     * again before this row runs, so every row starts from the same files. */
    if (maybe_changed) {
        ru_snapshot before = ru_snapshot_of(dir);
        if (!is_fresh(&before)) {
            tu_rmtree(dir);
            ck_assert_int_eq(mkdir(dir, 0700), 0);
            populate(dir);
            free(before.text);
            before = ru_snapshot_of(dir);
            ck_assert_msg(is_fresh(&before), "%s: the folder cannot be filled again", what);
        }
        free(before.text);
    }
    maybe_changed = true;

    static ru_result res;
    ru_opts o = { .cwd = dir };
    if (r->flags & FULL)
        o.stdout_path = "/dev/full";
    o.stdout_closed = r->flags & CLOSED;
    if (r->flags & FSIZE)
        o.fsize_limit = 2048;
    if (r->flags & NOMEM)
        o.as_limit = 256ll << 20;
    if (r->flags & STDIN) {
        o.input = r->input;
        o.input_len = strlen(r->input);
    }
    ru_run(&res, &o, r->args);
    ru_assert_refused(&res, r->code, r->culprit, what);

    ru_snapshot after = ru_snapshot_of(dir);
    bool unchanged = is_fresh(&after);
    free(after.text);
    ck_assert_msg(unchanged, "%s: the folder changed", what);
    maybe_changed = false;
}
END_TEST

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* Issue 18, classes 1 and 8: a page shows only whole GIFs in regular
 * files; each of the others (a fifo among them, which must not block) is
 * left out with one warning line, and the page is still written. */
START_TEST(gallery_leaves_out_what_is_not_a_whole_gif)
{
    static const char *const bad[] = { "adir.gif", "damaged.gif", "dangling.gif", "empty.gif",
                                        "fifo.gif", "image.gif", "out.gif", "short.gif", "trunc.gif" };
    char dir[256], path[4096];
    tu_mkdtemp(dir, sizeof dir);
    populate(dir);
    snprintf(path, sizeof path, "%s/adir.gif", dir);
    ck_assert_int_eq(mkdir(path, 0755), 0);
    size_t len;
    uint8_t *png = tu_read_all(ru_repo_file("assets/checker.png"), &len);
    make_file(dir, "image.gif", png, len);
    free(png);
    static ru_result r;
    ru_opts o = { .cwd = dir, .timeout_s = 20 };
    ru_run(&r, &o, ARGS("gallery", ".", "-o", "page.html"));
    ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
    const char *line = r.err;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char start[64];
        snprintf(start, sizeof start, "convanim: warning: ./%s: ", bad[i]);
        ck_assert_msg(strncmp(line, start, strlen(start)) == 0, "'%s' is not about %s", line,
                      bad[i]);
        static const char tail[] = "; left out of the page\n";
        const char *end = strchr(line, '\n');
        ck_assert_ptr_nonnull(end);
        ck_assert_msg(strncmp(end + 1 - (sizeof tail - 1), tail, sizeof tail - 1) == 0,
                      "'%.*s' does not end the warning", (int)(end - line), line);
        line = end + 1;
    }
    ck_assert_str_eq(line, "");
    snprintf(path, sizeof path, "%s/page.html", dir);
    static char html[1 << 16];
    tu_slurp(path, html, sizeof html);
    ck_assert_ptr_nonnull(strstr(html, "<p>1 animation."));
    ck_assert_ptr_nonnull(strstr(html, "<img src=\"tiny.gif\" width=\"1\" height=\"1\""));
    /* the frames the file holds, not the 7 its description claims */
    ck_assert_ptr_nonnull(strstr(html, "box: full convolution, 2 frames, 1\u00d71"));
    tu_rmtree(dir);
}
END_TEST

/* Class 10: what a spreadsheet saves as "CSV UTF-8" (a byte-order mark,
 * CRLF line ends), blanks in specs and separators at their end read as
 * they do in a plain file, for signals, on standard input and for
 * kernels. */
START_TEST(spreadsheet_files_and_loose_specs_are_read)
{
    static const struct {
        const char *args[8], *input, *out;
    } cases[] = {
        { { "signal", "sheet.csv" }, NULL, "1\n2.5\n-3\n" },
        { { "signal", "-" }, "\xef\xbb\xbf" "1;2.5\r\n-3;\r\n", "1\n2.5\n-3\n" },
        { { "signal", "values: 1; 2.5 ;-3 ;" }, NULL, "1\n2.5\n-3\n" },
        { { "signal", "box: n=2 , height= 2.5," }, NULL, "2.5\n2.5\n" },
        { { "conv", "-f", "sheet.csv:pad=1", "-g", "values:1;" }, NULL, "0\n1\n2.5\n-3\n0\n" },
        { { "filters", "sheetk.csv" }, NULL, "1 2\n3 4\n" },
        { { "filters", "gaussian: size=1, sigma=2 ," }, NULL, "# Gaussian" },
        { { "filters", "sobel: vert" }, NULL, "# Sobel, vertical edges" },
    };
    char dir[256];
    tu_mkdtemp(dir, sizeof dir);
    make_file(dir, "sheet.csv", "\xef\xbb\xbf" "1,2.5\r\n-3,\r\n", 15);
    make_file(dir, "sheetk.csv", "\xef\xbb\xbf" "1,2\r\n3,4\r\n", 13);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        static ru_result r;
        ru_opts o = { .cwd = dir, .input = cases[i].input,
                      .input_len = cases[i].input ? strlen(cases[i].input) : 0 };
        ru_run(&r, &o, cases[i].args);
        ck_assert_msg(r.code == 0, "%s %s: exit %d: %s", cases[i].args[0], cases[i].args[1],
                      r.code, r.err);
        ck_assert_msg(strncmp(r.out, cases[i].out, strlen(cases[i].out)) == 0,
                      "%s %s printed '%s'", cases[i].args[0], cases[i].args[1], r.out);
    }
    tu_rmtree(dir);
}
END_TEST

/* The issue asks for at least 80 rows across every command. */
START_TEST(the_table_covers_every_command)
{
    static const char *const commands[] = { "signal", "conv", "animate", "preset", "conv2d",
                                             "filters", "animate2d", "embed", "gallery" };
    ck_assert_int_ge(ROWS, 80);
    for (size_t c = 0; c < sizeof commands / sizeof commands[0]; c++) {
        int n = 0;
        for (int i = 0; i < ROWS; i++)
            n += strcmp(rows[i].args[0], commands[c]) == 0;
        ck_assert_msg(n >= 1, "no row for %s", commands[c]);
    }
}
END_TEST

/* nofork: a fork per row cost a tenth of the suite; each row's process is
 * convanim's, and the runner checks its folder before the next row. */
static const tu_suite suite = { .name = "cli_bad_input", .timeout = 120, .nofork = true,
    .setup_once = fill_shared, .teardown_once = remove_shared,
    .loops = {
        { "every_bad_input_is_refused_in_one_line_leaving_the_outputs_alone", ROWS },
    },
};
TU_MAIN(suite, every_bad_input_is_refused_in_one_line_leaving_the_outputs_alone,
        the_table_covers_every_command, gallery_leaves_out_what_is_not_a_whole_gif,
        spreadsheet_files_and_loose_specs_are_read)

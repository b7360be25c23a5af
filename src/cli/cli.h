#ifndef CONVANIM_CLI_H
#define CONVANIM_CLI_H

/* The command line: one file per subcommand. Only this layer prints or
 * decides exit codes: 0 done, 1 the system failed, 2 bad input. */

#include <stdbool.h>
#include <stddef.h>

#include "convanim/continuous.h"
#include "convanim/conv2d.h"
#include "convanim/error.h"
#include "convanim/image.h"
#include "convanim/signal.h"

enum { CLI_OK = 0, CLI_FAILED = 1, CLI_BAD_INPUT = 2 };

int cli_signal(int argc, char **argv);
int cli_conv(int argc, char **argv);
int cli_animate(int argc, char **argv);
int cli_preset(int argc, char **argv);
int cli_embed(int argc, char **argv);
int cli_gallery(int argc, char **argv);
int cli_conv2d(int argc, char **argv);
int cli_filters(int argc, char **argv);
int cli_animate2d(int argc, char **argv);

/* conv_arithmetic's presets, run by `preset` (src/cli/animate2d.c): the
 * one named among argv or NULL; its lines for --list; running it as
 * animate2d with its settings and the other arguments of argv. */
struct ca_slide2d_preset;
const struct ca_slide2d_preset *cli_preset2d_in(int argc, char **argv);
void cli_list_presets2d(void);
int cli_preset2d(const struct ca_slide2d_preset *p, int argc, char **argv);

/* SIGHUP, SIGINT and SIGTERM are caught by cli_catch_interrupts (main()
 * calls it first) and recorded; cli_interrupted returns the signal caught,
 * or 0. A loop that writes files checks it between frames and, when set,
 * aborts its writers and returns CLI_FAILED. cli_exit_if_interrupted, which
 * main() calls after every command, then ends the process by that signal,
 * so the caller sees the conventional status. */
void cli_catch_interrupts(void);
int cli_interrupted(void);
void cli_exit_if_interrupted(void);

/* Writes text to stderr with control characters and bytes that are not
 * valid UTF-8 as '?', as every message quotes arguments and file contents. */
void cli_put_text(const char *text);

/* Prints "convanim: <err->msg>" and returns the exit code for status. */
int cli_report(ca_status status, const ca_error *err);

/* Prints "convanim: CMD: <message>" and returns CLI_BAD_INPUT. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Reports the option getopt_long just refused by returning c: ':' for a
 * missing value, '?' otherwise. optstring must start with ':' (after any
 * '+') so that getopt_long tells the two apart; an unknown long option gets
 * the closest of longopts suggested. */
struct option;
int cli_bad_option(const char *cmd, const char *optstring, const struct option *longopts,
                   int c, char **argv);

/* Draws "PATH [####......] done/total" over the line before on stderr,
 * ending the line at the last frame. */
void cli_progress(const char *path, size_t done, size_t total);

/* Prints "convanim: warning: <message>" on one line, escaped as
 * cli_report escapes. */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Option values getopt_long returns are below this: a command's long-only
 * options count up from 256. */
enum { CLI_OPTION_MAX = 512 };

/* The most --threads takes in animate and animate2d (only 2 are used). */
enum { CLI_MAX_THREADS = 64 };

/* Refuses an option given a second time, since taking the last of two
 * silently hides a slip: c is what getopt_long returned, seen one flag per
 * option value (CLI_OPTION_MAX of them, false at first). Returns CLI_OK
 * the first time, else prints the usage error and returns CLI_BAD_INPUT. */
int cli_once(const char *cmd, int c, const struct option *longopts, bool *seen);

/* Makes sure descriptors 0, 1 and 2 are open, so that a file the command
 * opens never takes the place of a closed stdout; main() calls it first. */
void cli_keep_standard_streams(void);

/* Builds the signal of a spec ("-" reads standard input). */
int cli_load_signal(const char *spec, ca_signal *out);

/* Whether f's and g's specs both name generators whose lengths, into *nf
 * and *ng, are known without generating them (and so a request can be
 * weighed first); false for a file, standard input, values: or a spec
 * that does not parse, which loading reports in its turn. */
bool cli_spec_lengths(const char *fspec, const char *gspec, size_t *nf, size_t *ng);

/* Prints one sample per line with %.17g and checks that stdout took it. */
int cli_print_samples(const double *v, size_t n);

/* Prints m one row per line, %.17g numbers separated by spaces, and checks
 * that stdout took it. */
int cli_print_matrix(const ca_image *m);

/* Parses --dt's number of seconds (finite, > 0) for cmd. */
int cli_parse_dt(const char *cmd, const char *text, double *dt);

/* Builds the continuous-time signal of a spec ("-" reads standard input). */
int cli_load_csignal(const char *spec, ca_csignal **out);

/* Prints "t v" per line with %.17g and checks that stdout took it; what
 * names the values in a message. */
int cli_print_trace(const ca_trace *tr, const char *what);

/* Parses option's "N" or "Y,X" (whole numbers from lo) for cmd; pair names
 * the two in the message ("SY,SX"). */
int cli_parse_pair(const char *cmd, const char *option, const char *pair, const char *text,
                   int lo, int *y, int *x);

/* The convolution arithmetic conv2d and animate2d share (src/cli/conv2d.c):
 * CLI_ARITH_LONGOPTS goes into a command's table of long options, and
 * cli_arith_option takes what getopt_long returns for one of them. */
enum {
    CLI_OPT_PADDING = 400, CLI_OPT_STRIDE, CLI_OPT_DILATION, CLI_OPT_TRANSPOSED,
    CLI_OPT_OUTPUT_PADDING, CLI_OPT_CORRELATE
};
#define CLI_ARITH_LONGOPTS                                                    \
    { "padding", required_argument, NULL, CLI_OPT_PADDING },                  \
    { "stride", required_argument, NULL, CLI_OPT_STRIDE },                    \
    { "dilation", required_argument, NULL, CLI_OPT_DILATION },                \
    { "transposed", no_argument, NULL, CLI_OPT_TRANSPOSED },                  \
    { "output-padding", required_argument, NULL, CLI_OPT_OUTPUT_PADDING },    \
    { "correlate", no_argument, NULL, CLI_OPT_CORRELATE }

typedef struct cli_arith {
    const char *mode_name;      /* -m, or NULL */
    ca_conv2d_options opt;
} cli_arith;

/* Sets a to the defaults: same mode, stride and dilation 1. */
void cli_arith_init(cli_arith *a);

/* Takes option c (a CLI_OPT_* above) with its value for cmd. */
int cli_arith_option(const char *cmd, int c, const char *arg, cli_arith *a);

/* After the options: -m or --padding, not both; --output-padding only
 * with --transposed; the mode parsed. */
int cli_arith_settle(const char *cmd, cli_arith *a);

/* The help lines of the options above, for a command's usage. */
void cli_arith_usage(void);

/* Flushes stdout; on failure prints "convanim: writing WHAT: <reason>" and
 * returns CLI_FAILED. */
int cli_flush_stdout(const char *what);

/* Parses a whole decimal number in [lo, hi] for option (digits with an
 * optional sign and nothing else: no blanks, no hexadecimal), or prints
 * the usage error for cmd and returns CLI_BAD_INPUT. */
int cli_parse_int(const char *cmd, const char *option, const char *text, long lo, long hi,
                  int *out);

/* Parses a finite decimal number in [lo, hi] for option, as signal specs
 * read numbers (no hexadecimal, no "infinity"), or prints the usage error
 * for cmd and returns CLI_BAD_INPUT. */
int cli_parse_real(const char *cmd, const char *option, const char *text, double lo, double hi,
                   double *out);

/* "A,B,C" for option: three labels, copied into buf (size bytes) and cut
 * there; labels[i] points at each one given and is left as it was for one
 * left empty. Else prints the usage error for cmd, naming the three as
 * `names` says ("F,G,OUT"), and returns CLI_BAD_INPUT. */
int cli_parse_labels(const char *cmd, const char *option, const char *names, const char *text,
                     char *buf, size_t size, const char *labels[3]);

enum { CLI_MAX_FILES = 8 };

/* What a command reads and writes, for cli_check_overwrite; NULL entries
 * are skipped. */
typedef struct cli_files {
    const char *inputs[CLI_MAX_FILES];   /* paths, or specs that may name a file ("-" and
                                            "-:..." stand for standard input) */
    const char *outputs[CLI_MAX_FILES];  /* files the command writes */
    const char *frames;                  /* a folder it writes frame_NNNN.png and
                                          * timeline.txt in */
    const char *gifs;                    /* a folder whose .gif files it reads */
} cli_files;

/* Refuses, before anything is read or written, to write over an input:
 * when an output that exists is the same file (device and inode, through
 * any path or link) as an input, prints one line naming both and returns
 * CLI_BAD_INPUT; else CLI_OK. An output that does not exist yet cannot be
 * an input. */
int cli_check_overwrite(const cli_files *f);

#endif

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "goldenutil.h"
#include "runutil.h"

/* The lecture cases: the signals a convolution lecture brings, each one
 * frame of `convanim` compared pixel for pixel with a golden PNG.
 *
 * A case NAME is three files in tests/lecture/:
 *   NAME.args   one line: the arguments after `convanim`, split at blanks;
 *               '...' or "..." keep blanks in one argument. The runner adds
 *               `--frames DIR`, and `-o out.gif` when the line has no -o;
 *               it runs in a fresh folder, so a relative -o lands there.
 *   NAME.frame  the index of the frame to compare
 *   NAME.png    that frame as it should look
 * On a mismatch the frame and a diff image are left in build/golden/ as
 * lecture-NAME.png and lecture-NAME-diff.png; `make golden`
 * (CONVANIM_GOLDEN=write) rewrites NAME.png from what convanim draws now. */

enum { MAX_ARGS = 64, MAX_CASES = 128 };

/* tests/lecture, beside tests/fixtures. */
static void lecture_dir(char *buf, size_t size)
{
    snprintf(buf, size, "%s/../lecture", tu_fixtures());
}

/* Splits line into args (NULL-ended), in place: blanks separate, quotes
 * group. */
static size_t split_args(char *line, const char **args)
{
    size_t n = 0;
    char *in = line;
    while (*in) {
        while (*in == ' ' || *in == '\t' || *in == '\n' || *in == '\r')
            in++;
        if (!*in)
            break;
        ck_assert_msg(n + 1 < MAX_ARGS, "more than %d arguments", MAX_ARGS - 1);
        char *out = in;
        args[n++] = out;
        char quote = 0;
        for (; *in && (quote || !strchr(" \t\n\r", *in)); in++) {
            if (!quote && (*in == '\'' || *in == '"'))
                quote = *in;
            else if (quote && *in == quote)
                quote = 0;
            else
                *out++ = *in;
        }
        ck_assert_msg(!quote, "an unclosed %c", quote);
        if (*in)
            in++;
        *out = '\0';
    }
    args[n] = NULL;
    return n;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* The case names: every NAME.args, sorted. */
static size_t case_names(char names[MAX_CASES][256])
{
    char dir[4200];
    lecture_dir(dir, sizeof dir);
    DIR *d = opendir(dir);
    ck_assert_msg(d != NULL, "cannot open %s", dir);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len <= 5 || len >= 256 || strcmp(e->d_name + len - 5, ".args") != 0)
            continue;
        ck_assert_msg(n < MAX_CASES, "more than %d lecture cases", MAX_CASES);
        snprintf(names[n], 256, "%.*s", (int)(len - 5), e->d_name);
        n++;
    }
    closedir(d);
    qsort(names, n, sizeof names[0], by_name);
    return n;
}

/* Renders case name in a fresh folder and leaves the path of its chosen
 * frame in frame; the folder (to remove) in tmp. */
static void render_case(const char *name, char *tmp, size_t tmp_size, char *frame,
                        size_t frame_size)
{
    char dir[4200], path[4500], line[4096], index_text[64], frames[300];
    lecture_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/%s.args", dir, name);
    tu_slurp(path, line, sizeof line);
    snprintf(path, sizeof path, "%s/%s.frame", dir, name);
    tu_slurp(path, index_text, sizeof index_text);
    char *end;
    unsigned long index = strtoul(index_text, &end, 10);
    ck_assert_msg(end != index_text && strspn(end, " \t\r\n") == strlen(end),
                  "%s: '%s' is not a frame index", path, index_text);

    const char *args[MAX_ARGS + 4];
    size_t n = split_args(line, args);
    ck_assert_msg(n > 0, "%s.args is empty", name);
    bool has_out = false;
    for (size_t i = 0; i < n; i++)
        has_out |= strcmp(args[i], "-o") == 0 || strncmp(args[i], "--output", 8) == 0;
    args[n++] = "--frames";
    args[n++] = "frames";
    if (!has_out) {
        args[n++] = "-o";
        args[n++] = "out.gif";
    }
    args[n] = NULL;

    tu_mkdtemp(tmp, tmp_size);
    snprintf(frames, sizeof frames, "%s/frames", tmp);
    ck_assert_msg(mkdir(frames, 0755) == 0, "cannot make %s", frames);
    static ru_result r;
    ru_opts o = { .cwd = tmp };
    ru_run(&r, &o, args);
    ck_assert_msg(r.code == 0, "%s: convanim exited %d: %s", name, r.code, r.err);

    /* frame_NNNN.png, with as many digits as the count needs */
    DIR *d = opendir(frames);
    ck_assert_msg(d != NULL, "cannot open %s", frames);
    frame[0] = '\0';
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, "frame_", 6) != 0)
            continue;
        char *stop;
        if (strtoul(e->d_name + 6, &stop, 10) == index && strcmp(stop, ".png") == 0)
            snprintf(frame, frame_size, "%s/%s", frames, e->d_name);
    }
    closedir(d);
    ck_assert_msg(frame[0], "%s: convanim wrote no frame %lu", name, index);
}

START_TEST(lecture_cases_match_their_golden_frames)
{
    static char names[MAX_CASES][256];
    size_t n = case_names(names);
    ck_assert_msg(n > 0, "no lecture cases");
    const char *mode = getenv("CONVANIM_GOLDEN");
    bool write = mode && strcmp(mode, "write") == 0;
    char failed[2048] = "";
    size_t nfailed = 0;
    for (size_t i = 0; i < n; i++) {
        char tmp[256], frame[600], dir[4200], golden[4600];
        render_case(names[i], tmp, sizeof tmp, frame, sizeof frame);
        lecture_dir(dir, sizeof dir);
        snprintf(golden, sizeof golden, "%s/%s.png", dir, names[i]);
        if (write) {
            size_t len;
            uint8_t *png = tu_read_all(frame, &len);
            tu_write_file(golden, png, len);
            free(png);
        } else {
            char out_name[300], actual[TU_GOLDEN_PATH], diff[TU_GOLDEN_PATH];
            snprintf(out_name, sizeof out_name, "lecture-%s", names[i]);
            tu_golden_out(out_name, actual);
            snprintf(out_name, sizeof out_name, "lecture-%s-diff", names[i]);
            tu_golden_out(out_name, diff);
            size_t len;
            uint8_t *png = tu_read_all(frame, &len);
            tu_write_file(actual, png, len);
            free(png);
            size_t differ = tu_golden_differ(golden, actual, diff);
            if (differ) {
                size_t used = strlen(failed);
                snprintf(failed + used, sizeof failed - used, "\n  %s: %zu pixels",
                         names[i], differ);
                nfailed++;
            }
        }
        tu_rmtree(tmp);
    }
    ck_assert_msg(nfailed == 0, "%zu of %zu lecture cases differ from their golden frames "
                  "(see lecture-NAME.png and lecture-NAME-diff.png in build/golden):%s",
                  nfailed, n, failed);
}
END_TEST

static const tu_suite suite = { .name = "lecture", .timeout = 120 };
TU_MAIN(suite, lecture_cases_match_their_golden_frames)

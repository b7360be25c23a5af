#include <dirent.h>
#include <gif_lib.h>
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
 *               `-o out.gif` when the line has no -o (an -o names a GIF);
 *               it runs in a fresh folder, so a relative -o lands there.
 *   NAME.frame  the index of the frame to compare
 *   NAME.png    that frame as it should look
 * The frame compared is the GIF's, as a viewer composes it: writing every
 * frame as a PNG (--frames) cost three times the rest of the run, for one
 * frame. On a mismatch the frame and a diff image are left in build/golden/
 * as lecture-NAME.png and lecture-NAME-diff.png; `make golden`
 * (CONVANIM_GOLDEN=write) rewrites NAME.png from what convanim draws now,
 * the frame that `--frames DIR` writes. */

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

/* Renders case name in a fresh folder (with --frames when frames is not
 * NULL); the folder (to remove) in tmp, the GIF's path in gif, the frame's
 * index in *index. */
static void render_case(const char *name, const char *frames, char *tmp, size_t tmp_size,
                        char *gif, size_t gif_size, unsigned long *index)
{
    char dir[4200], path[4500], line[4096], index_text[64];
    lecture_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/%s.args", dir, name);
    tu_slurp(path, line, sizeof line);
    snprintf(path, sizeof path, "%s/%s.frame", dir, name);
    tu_slurp(path, index_text, sizeof index_text);
    char *end;
    *index = strtoul(index_text, &end, 10);
    ck_assert_msg(end != index_text && strspn(end, " \t\r\n") == strlen(end),
                  "%s: '%s' is not a frame index", path, index_text);

    const char *args[MAX_ARGS + 4];
    size_t n = split_args(line, args);
    ck_assert_msg(n > 0, "%s.args is empty", name);
    const char *out = NULL;
    for (size_t i = 0; i < n; i++)
        if (strncmp(args[i], "--output=", 9) == 0)
            out = args[i] + 9;
        else if ((strcmp(args[i], "-o") == 0 || strcmp(args[i], "--output") == 0) && i + 1 < n)
            out = args[i + 1];
    if (!out) {
        out = "out.gif";
        args[n++] = "-o";
        args[n++] = out;
    }
    size_t len = strlen(out);
    ck_assert_msg(len > 4 && strcasecmp(out + len - 4, ".gif") == 0,
                  "%s.args: -o %s is not a GIF", name, out);
    if (frames) {
        args[n++] = "--frames";
        args[n++] = frames;
    }
    args[n] = NULL;

    tu_mkdtemp(tmp, tmp_size);
    if (frames) {
        snprintf(path, sizeof path, "%s/%s", tmp, frames);
        ck_assert_msg(mkdir(path, 0755) == 0, "cannot make %s", path);
    }
    static ru_result r;
    ru_opts o = { .cwd = tmp };
    ru_run(&r, &o, args);
    ck_assert_msg(r.code == 0, "%s: convanim exited %d: %s", name, r.code, r.err);
    snprintf(gif, gif_size, "%s/%s", out[0] == '/' ? "" : tmp, out);
}

/* The path of frame index in folder frames of tmp: frame_NNNN.png, with
 * as many digits as the count needs. */
static void frame_file(const char *name, const char *tmp, const char *frames,
                       unsigned long index, char *frame, size_t frame_size)
{
    char dir[400];
    snprintf(dir, sizeof dir, "%s/%s", tmp, frames);
    DIR *d = opendir(dir);
    ck_assert_msg(d != NULL, "cannot open %s", dir);
    frame[0] = '\0';
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, "frame_", 6) != 0)
            continue;
        char *stop;
        if (strtoul(e->d_name + 6, &stop, 10) == index && strcmp(stop, ".png") == 0)
            snprintf(frame, frame_size, "%s/%s", dir, e->d_name);
    }
    closedir(d);
    ck_assert_msg(frame[0], "%s: convanim wrote no frame %lu", name, index);
}

/* Frame index of the GIF at path, as a viewer shows it, written to png:
 * each frame drawn over the last (convanim disposes of none), its
 * transparent pixels letting the last one show. The GIF is read only as
 * far as that frame. */
static void write_gif_frame(const char *name, const char *path, unsigned long index,
                            const char *png)
{
    int e;
    GifFileType *gif = DGifOpenFileName(path, &e);
    ck_assert_msg(gif != NULL, "%s: %s", path, GifErrorString(e));
    ck_assert_msg(gif->SColorMap != NULL, "%s: no global colour map", path);
    size_t w = (size_t)gif->SWidth, h = (size_t)gif->SHeight;
    uint8_t *pixels = calloc(w, h), *row = malloc(w);
    ck_assert_msg(pixels && row, "out of memory");
    GraphicsControlBlock gcb = { .TransparentColor = NO_TRANSPARENT_COLOR };
    unsigned long frame = 0;
    for (bool done = false; !done;) {
        GifRecordType type;
        ck_assert_msg(DGifGetRecordType(gif, &type) == GIF_OK, "%s: %s", path,
                      GifErrorString(gif->Error));
        if (type == EXTENSION_RECORD_TYPE) {
            int code;
            GifByteType *ext;
            ck_assert_int_eq(DGifGetExtension(gif, &code, &ext), GIF_OK);
            if (code == GRAPHICS_EXT_FUNC_CODE && ext)
                ck_assert_int_eq(DGifExtensionToGCB(ext[0], ext + 1, &gcb), GIF_OK);
            while (ext)
                ck_assert_int_eq(DGifGetExtensionNext(gif, &ext), GIF_OK);
        } else if (type == IMAGE_DESC_RECORD_TYPE) {
            ck_assert_int_eq(DGifGetImageDesc(gif), GIF_OK);
            const GifImageDesc *d = &gif->Image;
            ck_assert_msg(!d->ColorMap && !d->Interlace && d->Left >= 0 && d->Top >= 0 &&
                          (size_t)d->Left + (size_t)d->Width <= w &&
                          (size_t)d->Top + (size_t)d->Height <= h,
                          "%s: frame %lu has a colour map of its own, is interlaced or lies "
                          "outside the screen", name, frame);
            ck_assert_msg(gcb.DisposalMode == DISPOSAL_UNSPECIFIED ||
                          gcb.DisposalMode == DISPOSE_DO_NOT,
                          "%s: frame %lu is disposed of (mode %d)", name, frame,
                          gcb.DisposalMode);
            for (int y = 0; y < d->Height; y++) {
                ck_assert_int_eq(DGifGetLine(gif, row, d->Width), GIF_OK);
                uint8_t *out = pixels + ((size_t)d->Top + (size_t)y) * w + (size_t)d->Left;
                for (int x = 0; x < d->Width; x++)
                    if (row[x] != gcb.TransparentColor)
                        out[x] = row[x];
            }
            gcb = (GraphicsControlBlock){ .TransparentColor = NO_TRANSPARENT_COLOR };
            done = frame++ == index;
        } else {
            ck_abort_msg("%s: the GIF has %lu frames, no frame %lu", name, frame, index);
        }
    }
    ca_palette pal = { .count = gif->SColorMap->ColorCount };
    for (int i = 0; i < pal.count; i++)
        pal.rgb[i] = (ca_rgb){ gif->SColorMap->Colors[i].Red, gif->SColorMap->Colors[i].Green,
                               gif->SColorMap->Colors[i].Blue };
    DGifCloseFile(gif, &e);
    ca_error err = { 0 };
    ck_assert_msg(ca_png_write_indexed(png, pixels, (int)w, (int)h, (ptrdiff_t)w, &pal, &err) ==
                  CA_OK, "%s", err.msg);
    free(row);
    free(pixels);
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
        char tmp[256], gif[4400], dir[4200], golden[4600];
        unsigned long index;
        render_case(names[i], write ? "frames" : NULL, tmp, sizeof tmp, gif, sizeof gif,
                    &index);
        lecture_dir(dir, sizeof dir);
        snprintf(golden, sizeof golden, "%s/%s.png", dir, names[i]);
        if (write) {
            char frame[700];
            frame_file(names[i], tmp, "frames", index, frame, sizeof frame);
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
            write_gif_frame(names[i], gif, index, actual);
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

#ifndef CONVANIM_GOLDENUTIL_H
#define CONVANIM_GOLDENUTIL_H

/* Golden images, shared by the suites that draw: header-only, as
 * testutil.h. */

#include <errno.h>
#include <libgen.h>

#include "convanim/canvas.h"
#include "convanim/image.h"
#include "convanim/png.h"
#include "testutil.h"

/* Where a suite writes what it drew, next to the build: the folder of
 * $CONVANIM_BIN (build/ by default) plus "/golden", made on demand; the
 * path of NAME.png there into path, TU_GOLDEN_PATH bytes. */
enum { TU_GOLDEN_PATH = 4096 + 320 };
static inline void tu_golden_out(const char *name, char path[TU_GOLDEN_PATH])
{
    char out_dir[4000];
    size_t size = TU_GOLDEN_PATH;
    const char *bin = getenv("CONVANIM_BIN");
    snprintf(out_dir, sizeof out_dir, "%s", bin ? bin : "build/convanim");
    snprintf(path, size, "%s/golden", dirname(out_dir));
    ck_assert_msg(mkdir(path, 0755) == 0 || errno == EEXIST, "cannot make %s", path);
    snprintf(path, size, "%s/golden/%.300s.png", out_dir, name);
}

/* How many pixels of the PNG at actual differ from the golden PNG (as gray
 * levels); on a mismatch a diff image is written to diff: the differing
 * pixels black over a faint copy. A diff from an earlier failure is
 * removed, since it would mislead. */
static inline size_t tu_golden_differ(const char *golden, const char *actual, const char *diff)
{
    ca_error err = { 0 };
    ca_image want = { 0 }, got = { 0 };
    ck_assert_msg(ca_png_read_gray(golden, NULL, &want, &err) == CA_OK,
                  "%s (make golden writes it)", err.msg);
    ck_assert_int_eq(ca_png_read_gray(actual, NULL, &got, NULL), CA_OK);
    ck_assert_msg(want.width == got.width && want.height == got.height,
                  "%s is %dx%d, the drawing %dx%d", golden, want.width, want.height, got.width,
                  got.height);
    size_t n = (size_t)got.width * (size_t)got.height, differ = 0;
    for (size_t i = 0; i < n; i++) {
        int same = want.v[i] == got.v[i];
        differ += !same;
        want.v[i] = same ? 0.75 + 0.25 * got.v[i] : 0;
    }
    if (differ)
        ck_assert_int_eq(ca_png_write_gray(diff, &want, CA_NORMALIZE_CLIP, NULL), CA_OK);
    else
        remove(diff);
    ca_image_free(&want);
    ca_image_free(&got);
    return differ;
}

/* Compares a canvas with tests/golden/NAME.png (as gray levels). The drawing is written
 * next to the build as NAME.png; on a mismatch a diff image, NAME-diff.png,
 * joins it. `make golden` (CONVANIM_GOLDEN=write) rewrites the golden image
 * instead. */
static inline void tu_assert_golden(const char *name, const ca_canvas *c, const ca_palette *pal)
{
    char golden[4200], actual[TU_GOLDEN_PATH], diff[TU_GOLDEN_PATH], diff_name[256];
    snprintf(golden, sizeof golden, "%s/../golden/%s.png", tu_fixtures(), name);
    const char *mode = getenv("CONVANIM_GOLDEN");
    ca_error err = { 0 };
    if (mode && strcmp(mode, "write") == 0) {
        ck_assert_msg(ca_png_write_indexed(golden, c->pixels, c->width, c->height,
                                           c->stride, pal, &err) == CA_OK, "%s", err.msg);
        return;
    }
    tu_golden_out(name, actual);
    snprintf(diff_name, sizeof diff_name, "%.200s-diff", name);
    tu_golden_out(diff_name, diff);
    ck_assert_msg(ca_png_write_indexed(actual, c->pixels, c->width, c->height,
                                       c->stride, pal, &err) == CA_OK, "%s", err.msg);
    size_t differ = tu_golden_differ(golden, actual, diff);
    ck_assert_msg(differ == 0, "%zu pixels differ from %s: see %s and %s", differ, golden,
                  actual, diff);
}

#endif

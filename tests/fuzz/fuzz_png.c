/* libFuzzer target: the PNG reader, ca_png_read_gray, held to small
 * images so that a forged header cannot ask for much memory. */

#include <math.h>

#include "convanim/png.h"
#include "fuzzutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[512];
    if (!fuzz_file(data, size, path, sizeof path))
        return 0;
    ca_image_limits lim = { .max_side = 1024, .max_pixels = 256.0 * 1024 };
    ca_image img = { (double *)1, 7, 7 };
    ca_error err = { CA_OK, "" };
    ca_status s = ca_png_read_gray(path, &lim, &img, &err);
    fuzz_check_status(s, &err);
    if (s == CA_OK) {
        FUZZ_REQUIRE(img.v != NULL && img.width >= 1 && img.height >= 1);
        FUZZ_REQUIRE(img.width <= lim.max_side && img.height <= lim.max_side);
        for (size_t i = 0; i < (size_t)img.width * (size_t)img.height; i++)
            FUZZ_REQUIRE(img.v[i] >= 0 && img.v[i] <= 1);
    } else {
        FUZZ_REQUIRE(img.v == NULL);
    }
    ca_image_free(&img);
    unlink(path);
    return 0;
}

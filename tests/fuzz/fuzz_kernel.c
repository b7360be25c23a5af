/* libFuzzer target: the kernel file loader, ca_kernel_load: rows of
 * numbers separated by commas, semicolons or blanks. */

#include <math.h>

#include "convanim/kernel.h"
#include "fuzzutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[512];
    if (!fuzz_file(data, size, path, sizeof path))
        return 0;
    ca_image k = { (double *)1, 7, 7 };
    ca_error err = { CA_OK, "" };
    ca_status s = ca_kernel_load(path, &k, &err);
    fuzz_check_status(s, &err);
    if (s == CA_OK) {
        FUZZ_REQUIRE(k.v != NULL && k.width >= 1 && k.height >= 1);
        for (size_t i = 0; i < (size_t)k.width * (size_t)k.height; i++)
            FUZZ_REQUIRE(isfinite(k.v[i]));
    } else {
        FUZZ_REQUIRE(k.v == NULL);
    }
    ca_image_free(&k);
    unlink(path);
    return 0;
}

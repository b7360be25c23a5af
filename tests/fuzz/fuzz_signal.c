/* libFuzzer target: the signal file loaders, ca_signal_read: a column of
 * numbers as CSV or text, or a .npy array (told apart by the magic). */

#include <math.h>

#include "convanim/signal.h"
#include "fuzzutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char empty[1];
    FILE *fp = size ? fmemopen((void *)data, size, "rb") : fmemopen(empty, 0, "rb");
    if (!fp)
        return 0;
    ca_signal_limits lim = { .max_samples = 1 << 16 };
    ca_signal sig = { .v = (double *)1, .n = 99 };
    ca_error err = { CA_OK, "" };
    ca_status s = ca_signal_read(fp, "fuzz.csv", &lim, &sig, &err);
    fuzz_check_status(s, &err);
    if (s == CA_OK) {
        FUZZ_REQUIRE(sig.v != NULL && sig.n >= 1 && sig.n <= lim.max_samples);
        for (size_t i = 0; i < sig.n; i++)
            FUZZ_REQUIRE(isfinite(sig.v[i]));
    } else {
        FUZZ_REQUIRE(sig.v == NULL && sig.n == 0);
    }
    ca_signal_free(&sig);
    fclose(fp);
    return 0;
}

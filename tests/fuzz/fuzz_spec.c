/* libFuzzer target: the signal spec parser, ca_signal_from_spec.
 *
 * The input's first line is the spec and the rest is standard input, for
 * specs that read "-". Specs with a '/' are skipped, so that the parser
 * opens no file outside the folder it runs in. */

#include <math.h>

#include "convanim/signal.h"
#include "fuzzutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size);
    size_t len = nl ? (size_t)(nl - data) : size;
    if (memchr(data, '/', len) || memchr(data, '\0', len))
        return 0;
    char *spec = malloc(len + 1);
    FUZZ_REQUIRE(spec != NULL);
    memcpy(spec, data, len);
    spec[len] = '\0';
    /* fmemopen wants at least one byte; an empty stdin is one NUL-free
     * empty string */
    static char empty[1];
    size_t rest = nl ? size - len - 1 : 0;
    FILE *in = rest ? fmemopen((void *)(nl + 1), rest, "rb") : fmemopen(empty, 0, "rb");

    /* a small limit keeps every allocation small and the limits exercised */
    ca_signal_limits lim = { .max_samples = 1 << 16 };
    ca_signal sig = { .v = (double *)1, .n = 99 };
    ca_error err = { CA_OK, "" };
    ca_status s = ca_signal_from_spec(spec, &lim, in, &sig, &err);
    fuzz_check_status(s, &err);
    if (s == CA_OK) {
        FUZZ_REQUIRE(sig.v != NULL && sig.n >= 1 && sig.n <= lim.max_samples);
        for (size_t i = 0; i < sig.n; i++)
            FUZZ_REQUIRE(isfinite(sig.v[i]));
    } else {
        FUZZ_REQUIRE(sig.v == NULL && sig.n == 0);
    }
    ca_signal_free(&sig);
    if (in)
        fclose(in);
    free(spec);
    return 0;
}

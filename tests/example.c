/* The README's library example: the notebook's sliding block, explained
 * sample by sample. `make test` builds and runs it. */
#include <stdio.h>

#include "convanim/conv.h"
#include "convanim/signal.h"

int main(void)
{
    ca_signal f = { 0 }, g = { 0 };
    ca_stepper *st = NULL;
    ca_error err;
    int rc = 1;

    if (ca_signal_from_spec("sawtooth:pad=5", NULL, NULL, &f, &err) != CA_OK ||
        ca_signal_from_spec("decay", NULL, NULL, &g, &err) != CA_OK ||
        ca_stepper_new(f.v, f.n, g.v, g.n, CA_CONV_FULL, false, &st, &err) != CA_OK) {
        fprintf(stderr, "example: %s\n", err.msg);
        goto done;
    }
    for (size_t n = 0; n < ca_stepper_length(st); n += 27) {
        ca_step s;
        ca_stepper_step(st, n, &s);
        printf("y[%zu] = %.6f, the sum of %zu products f[k]*g[%zu-k], k = %zu..%zu\n",
               n, s.y, s.f_hi - s.f_lo, n, s.f_lo, s.f_hi - 1);
    }
    rc = 0;
done:
    ca_stepper_free(st);
    ca_signal_free(&f);
    ca_signal_free(&g);
    return rc;
}

/* `make bench`: the 1D engine against a plain reference loop and, when
 * tests/bench_numpy.py could run, against numpy.convolve. Medians of
 * several runs, all measured in this one run. Arguments "NxM=ms" carry
 * numpy's medians for the same sizes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchutil.h"
#include "convanim/conv.h"
#include "convanim/signal.h"

/* The textbook double loop over the full output, for scale. */
static void plain_conv(const double *f, size_t nf, const double *g, size_t ng, double *y)
{
    for (size_t t = 0; t < nf + ng - 1; t++) {
        double s = 0;
        for (size_t k = t + 1 > ng ? t + 1 - ng : 0; k <= t && k < nf; k++)
            s += f[k] * g[t - k];
        y[t] = s;
    }
}

int main(int argc, char **argv)
{
    static const size_t sizes[][2] = { { 1000000, 1000 }, { 100000, 100 } };
    printf("%-14s %12s %12s %8s %12s %8s\n", "conv (full)", "convanim ms", "plain ms", "speed-up",
           "numpy ms", "vs numpy");
    for (size_t c = 0; c < sizeof sizes / sizeof sizes[0]; c++) {
        size_t nf = sizes[c][0], ng = sizes[c][1];
        ca_signal f, g;
        if (ca_signal_random(nf, 1, NULL, &f, NULL) != CA_OK ||
            ca_signal_random(ng, 2, NULL, &g, NULL) != CA_OK)
            return 1;
        double *y = malloc((nf + ng - 1) * sizeof *y);
        if (!y)
            return 1;
        double ours[RUNS], plain[RUNS];
        for (int r = 0; r < RUNS; r++) {
            double t0 = now_ms();
            if (ca_conv(f.v, nf, g.v, ng, CA_CONV_FULL, false, y, NULL) != CA_OK)
                return 1;
            double t1 = now_ms();
            plain_conv(f.v, nf, g.v, ng, y);
            double t2 = now_ms();
            ours[r] = t1 - t0;
            plain[r] = t2 - t1;
        }
        char label[32], key[64];
        snprintf(label, sizeof label, "%zux%zu", nf, ng);
        snprintf(key, sizeof key, "%s=", label);
        double ms = median(ours, RUNS), pl = median(plain, RUNS), np = 0;
        for (int i = 1; i < argc; i++)
            if (strncmp(argv[i], key, strlen(key)) == 0)
                np = atof(argv[i] + strlen(key));
        printf("%-14s %12.1f %12.1f %7.2fx", label, ms, pl, pl / ms);
        if (np > 0)
            printf(" %12.1f %7.2fx\n", np, np / ms);
        else
            printf(" %12s %8s\n", "-", "-");
        free(y);
        ca_signal_free(&f);
        ca_signal_free(&g);
    }
    if (argc < 2)
        printf("numpy: not available (install python3-numpy to compare), skipped\n");
    return 0;
}

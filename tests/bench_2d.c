#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "convanim/slide2d.h"
#include "benchutil.h"
#include "conv_arithmetic.h"

/* conv_arithmetic's GIFs against the presets that redo them with the
 * numbers drawn (conv_arithmetic.h: the sizes of theirs the issue
 * quotes), and the time all fifteen take together (each a whole run of
 * the command). The fewest bytes per frame of those three
 * (full_padding_no_strides' 435,605 over 49 frames): the others' sizes
 * are estimated as this times their frames, one per output cell as in
 * theirs. */
enum { THEIR_LEAST_PER_FRAME = 8890 };

static long their_bytes(const char *name)
{
    const size_t n = sizeof conv_arithmetic_gifs / sizeof conv_arithmetic_gifs[0];
    for (size_t i = 0; i < n; i++)
        if (strcmp(conv_arithmetic_gifs[i].name, name) == 0)
            return conv_arithmetic_gifs[i].bytes;
    return 0;
}

/* The output cells of a preset: its frames, and theirs. */
static long output_cells(const ca_slide2d_preset *p)
{
    int span = p->dilation * (p->kernel - 1);
    int o = p->transposed ? (p->input - 1) * p->stride - 2 * p->padding + span +
                                p->output_padding + 1
                          : (p->input + 2 * p->padding - span - 1) / p->stride + 1;
    return (long)o * o;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: bench_2d CONVANIM\n");
        return 2;
    }
    char dir[] = "/tmp/bench2d.XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    size_t n;
    const ca_slide2d_preset *p = ca_slide2d_presets(&n);
    double total[RUNS], cpu[RUNS];
    for (int r = 0; r < RUNS; r++) {
        struct rusage before, after;
        getrusage(RUSAGE_CHILDREN, &before);
        double t0 = now_ms();
        for (size_t i = 0; i < n; i++) {
            char cmd[1024];
            snprintf(cmd, sizeof cmd, "%s preset %s -o %s/%s.gif", argv[1], p[i].name, dir,
                     p[i].name);
            if (system(cmd) != 0) {
                fprintf(stderr, "bench_2d: %s failed\n", p[i].name);
                return 1;
            }
        }
        total[r] = now_ms() - t0;
        getrusage(RUSAGE_CHILDREN, &after);
        cpu[r] = (after.ru_utime.tv_sec - before.ru_utime.tv_sec +
                  after.ru_stime.tv_sec - before.ru_stime.tv_sec) * 1e3 +
                 (after.ru_utime.tv_usec - before.ru_utime.tv_usec +
                  after.ru_stime.tv_usec - before.ru_stime.tv_usec) / 1e3;
    }
    printf("\nconv_arithmetic's 15 animations as presets, at their default size:\n");
    printf("%-40s %9s %12s %6s   (~: estimated, %d B a frame)\n", "preset", "bytes", "theirs",
           "ratio", THEIR_LEAST_PER_FRAME);
    int over = 0, over_est = 0;
    for (size_t i = 0; i < n; i++) {
        char path[512];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s.gif", dir, p[i].name);
        if (stat(path, &st) != 0)
            return 1;
        long t = their_bytes(p[i].name);
        if (t) {
            printf("%-40s %9lld %12ld %6.2f\n", p[i].name, (long long)st.st_size, t,
                   (double)st.st_size / t);
            over += st.st_size * 3 > t;
        } else {
            t = output_cells(&p[i]) * THEIR_LEAST_PER_FRAME;
            printf("%-40s %9lld %11ld~ %6.2f\n", p[i].name, (long long)st.st_size, t,
                   (double)st.st_size / t);
            over_est += st.st_size * 3 > t;
        }
        remove(path);
    }
    rmdir(dir);
    /* the wall time holds each run's fsync of its GIF, which a disk shared
     * with other work can stretch; the processor time is the rendering */
    double ms = median(total, RUNS), cpu_ms = median(cpu, RUNS);
    printf("all 15: %.0f ms wall, %.0f ms of processor time (target: under 1000 ms); %d of "
           "the 3 known and %d of the 12 estimated over a third of theirs\n", ms, cpu_ms, over,
           over_est);
    return 0;
}

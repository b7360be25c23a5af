#include <signal.h>
#include <string.h>

#include "cli.h"

/* The one piece of global state the command line keeps: which of SIGHUP,
 * SIGINT and SIGTERM arrived. The handler only records it; the loops that
 * write files look at it between frames, abort their writers (removing
 * every temporary) and return, and main() then dies of the same signal. */
static volatile sig_atomic_t caught;

static void record(int sig)
{
    caught = sig;
}

void cli_catch_interrupts(void)
{
    static const int sigs[] = { SIGHUP, SIGINT, SIGTERM };
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = record;
    sigemptyset(&sa.sa_mask);
    /* No SA_RESTART: a read that blocks (a pipe or terminal that stays
     * silent, a fifo) must fail with EINTR and let the command end, or
     * the signal would wait for input that may never come. A write to a
     * regular file is not interrupted, so the frame loop still finds the
     * signal between frames and aborts cleanly. */
    sa.sa_flags = 0;
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction old;
        /* a signal ignored by whoever started us (nohup) stays ignored */
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(sigs[i], &sa, NULL);
    }
}

int cli_interrupted(void)
{
    return caught;
}

void cli_exit_if_interrupted(void)
{
    int sig = caught;
    if (!sig)
        return;
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Preloaded (LD_PRELOAD) into convanim by test_formats: dlopen() finds no
 * FFmpeg library (libav*), as on a system without them, and loads any
 * other as usual. */
#define _GNU_SOURCE

#include <dlfcn.h>
#include <string.h>

void *dlopen(const char *file, int mode)
{
    if (file && strncmp(file, "libav", 5) == 0)
        return NULL;
    void *(*real)(const char *, int);
    *(void **)&real = dlsym(RTLD_NEXT, "dlopen");
    return real ? real(file, mode) : NULL;
}

#include <dlfcn.h>
#include <stddef.h>
#include <string.h>

#include "out/ffmpeg.h"
#include "base/util.h"

/* Each library's soname and the Debian package that installs it. */
static const struct {
    const char *soname, *package;
} libs[CA_FFMPEG_LIBS] = {
    [CA_FFMPEG_AVUTIL] = { "libavutil.so." AV_STRINGIFY(LIBAVUTIL_VERSION_MAJOR),
                           "libavutil" AV_STRINGIFY(LIBAVUTIL_VERSION_MAJOR) },
    [CA_FFMPEG_AVCODEC] = { "libavcodec.so." AV_STRINGIFY(LIBAVCODEC_VERSION_MAJOR),
                            "libavcodec" AV_STRINGIFY(LIBAVCODEC_VERSION_MAJOR) },
    [CA_FFMPEG_AVFORMAT] = { "libavformat.so." AV_STRINGIFY(LIBAVFORMAT_VERSION_MAJOR),
                             "libavformat" AV_STRINGIFY(LIBAVFORMAT_VERSION_MAJOR) },
};

/* Where each function's pointer goes in a ca_ffmpeg. */
static const struct {
    int lib;
    const char *name;
    size_t offset;
} functions[] = {
#define CA_FFMPEG_ENTRY(lib, name) { CA_FFMPEG_##lib, #name, offsetof(ca_ffmpeg, name) },
    CA_FFMPEG_FUNCTIONS(CA_FFMPEG_ENTRY)
#undef CA_FFMPEG_ENTRY
};

/* dlerror's words, or a stand-in when it has none. */
static const char *why(void)
{
    const char *text = dlerror();
    return text ? text : "no reason given";
}

ca_status ca_ffmpeg_load(ca_ffmpeg *ff, ca_error *err)
{
    memset(ff, 0, sizeof *ff);
    for (int i = 0; i < CA_FFMPEG_LIBS; i++) {
        /* local: FFmpeg's names stay out of the process's namespace;
         * no delete: once loaded they stay mapped, as when linked, so what
         * their initializers allocated stays reachable (leak checkers) and
         * a second video does not run them again */
        ff->lib[i] = dlopen(libs[i].soname, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
        if (!ff->lib[i]) {
            ca_status s = ca_fail(err, CA_EIO, "WebM and MP4 need FFmpeg's %s (Debian's "
                                  "package %s), which cannot be loaded: %s", libs[i].soname,
                                  libs[i].package, why());
            ca_ffmpeg_unload(ff);
            return s;
        }
    }
    for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++) {
        void *symbol = dlsym(ff->lib[functions[i].lib], functions[i].name);
        if (!symbol) {
            ca_status s = ca_fail(err, CA_EIO, "%s has no function %s: %s",
                                  libs[functions[i].lib].soname, functions[i].name, why());
            ca_ffmpeg_unload(ff);
            return s;
        }
        /* POSIX: a function's address fits in, and converts through, a void * */
        memcpy((char *)ff + functions[i].offset, &symbol, sizeof symbol);
    }
    /* every x264 build exports its encoder under its build number */
    void *detect = dlsym(ff->lib[CA_FFMPEG_AVCODEC], "x264_encoder_open_164")
                       ? dlsym(ff->lib[CA_FFMPEG_AVCODEC], "x264_cpu_detect")
                       : NULL;
    memcpy(&ff->x264_cpu_detect, &detect, sizeof detect);
    return CA_OK;
}

void ca_ffmpeg_unload(ca_ffmpeg *ff)
{
    for (int i = CA_FFMPEG_LIBS - 1; i >= 0; i--)
        if (ff->lib[i])
            dlclose(ff->lib[i]);
    memset(ff, 0, sizeof *ff);
}

// A C++17 program on libconvanim.so alone, through the umbrella header:
// the headers compile as C++ without a warning, their names link as C
// names, and the shared library renders an animation into memory by
// itself. `make test` builds it with -Wall -Wextra -Werror and runs it.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "convanim.h"

namespace {

struct signal_free {
    void operator()(ca_signal *s) const { ca_signal_free(s); }
};
struct anim_free {
    void operator()(ca_anim *a) const { ca_anim_free(a); }
};
using signal_ptr = std::unique_ptr<ca_signal, signal_free>;

int fail(const char *what, const ca_error &err)
{
    std::fprintf(stderr, "cxx_program: %s: %s\n", what, err.msg);
    return 1;
}

}  // namespace

int main()
{
    ca_error err{};
    ca_signal f{}, g{};
    const char *fspec = "sawtooth:cycles=1,period=6,pad=2";
    if (ca_signal_from_spec(fspec, nullptr, nullptr, &f, &err) != CA_OK)
        return fail("f", err);
    signal_ptr f_owner(&f);
    if (ca_signal_from_spec("decay:n=6", nullptr, nullptr, &g, &err) != CA_OK)
        return fail("g", err);
    signal_ptr g_owner(&g);

    ca_anim_options opt;
    ca_anim_options_default(&opt);
    opt.scene.width = 320;
    opt.scene.height = 240;
    ca_anim *raw = nullptr;
    if (ca_anim_new(f.v, f.n, g.v, g.n, CA_CONV_FULL, false, &opt, &raw, &err) != CA_OK)
        return fail("ca_anim_new", err);
    std::unique_ptr<ca_anim, anim_free> anim(raw);

    ca_memory mem{};
    std::unique_ptr<unsigned char, decltype(&std::free)> bytes(nullptr, &std::free);
    ca_sink sink = ca_memory_sink(&mem);
    ca_gif *gif = nullptr;
    if (ca_gif_open(&sink, 320, 240, ca_anim_palette(anim.get()), 0, &gif, &err) != CA_OK)
        return fail("ca_gif_open", err);
    ca_frame_writer w = ca_gif_writer(gif);
    const size_t frames = ca_anim_timeline(anim.get())->frames;
    ca_status s = CA_OK;
    for (size_t i = 0; i < frames && s == CA_OK; i++)
        s = ca_anim_next(anim.get(), &w, 1, &err);
    if (s != CA_OK) {
        w.abort(w.ctx);
        bytes.reset(mem.data);
        return fail("ca_anim_next", err);
    }
    s = w.finish(w.ctx, &err);
    bytes.reset(mem.data);
    if (s != CA_OK)
        return fail("finish", err);

    // a GIF89a header, the size asked for, and the trailer
    const unsigned char *d = bytes.get();
    if (mem.size < 14 || std::memcmp(d, "GIF89a", 6) != 0 || (d[6] | d[7] << 8) != 320 ||
        (d[8] | d[9] << 8) != 240 || d[mem.size - 1] != 0x3B) {
        std::fprintf(stderr, "cxx_program: %zu bytes in memory are not a 320x240 GIF\n",
                     mem.size);
        return 1;
    }
    return 0;
}

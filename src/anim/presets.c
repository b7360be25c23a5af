
#include "convanim/anim.h"
#include "base/util.h"

/* The notebook's two examples, with its signals and settings; then the
 * continuous-time pairs a signals-and-systems course opens with. */
static const ca_preset presets[] = {
    { "sliding_block", "sawtooth:cycles=6,amplitude=1,period=10,pad=5", "decay:n=40,scale=20",
      "a block pushed by a sawtooth force, its velocity decaying by friction", false,
      CA_STYLE_LINE },
    { "gaussian_smoothing", "random:n=50,pad=5", "gaussian:n=30,min=-0.5,max=0.5,std=0.1",
      "random noise smoothed by a Gaussian kernel", false, CA_STYLE_LINE },
    { "rect_rect", "rect:width=1", "rect:width=1",
      "two unit pulses: the convolution is a triangle", true, CA_STYLE_DEFAULT },
    { "rect_exp", "rect:width=1", "exp:rate=1",
      "a pulse into a first-order system (an RC low-pass): charging, then decay", true,
      CA_STYLE_DEFAULT },
    { "gauss_gauss", "gauss:sigma=1", "gauss:sigma=0.5",
      "two Gaussians: a Gaussian again, its variances added", true, CA_STYLE_DEFAULT },
};

const ca_preset *ca_presets(size_t *count)
{
    *count = sizeof presets / sizeof presets[0];
    return presets;
}

ca_status ca_preset_find(const char *name, const ca_preset **out, ca_error *err)
{
    size_t count = sizeof presets / sizeof presets[0], i;
    const char *names[sizeof presets / sizeof presets[0]];
    for (i = 0; i < count; i++)
        names[i] = presets[i].name;
    ca_status s = ca_find_name("preset", name, names, count, &i, err);
    if (s == CA_OK)
        *out = &presets[i];
    return s;
}

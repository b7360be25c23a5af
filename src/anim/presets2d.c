#include <string.h>

#include "convanim/slide2d.h"

/* Dumoulin and Visin's conv_arithmetic animations, by their names, with
 * their sizes: i the input, k the kernel, p the padding, s the stride, d
 * the dilation, a the output padding. The transposed ones transpose the
 * direct convolution of the same name, so their input is its output. The
 * cells hold small whole numbers, the kernel's 0 to 2, so a class can
 * check every sum. */
static const ca_slide2d_preset presets[] = {
    { "no_padding_no_strides", 4, 3, 0, 1, 1, 0, false,
      "i = 4, k = 3, no padding, stride 1: o = 2" },
    { "arbitrary_padding_no_strides", 5, 4, 2, 1, 1, 0, false,
      "i = 5, k = 4, p = 2, stride 1: o = 6" },
    { "same_padding_no_strides", 5, 3, 1, 1, 1, 0, false,
      "i = 5, k = 3, p = 1 (half), stride 1: o = i = 5" },
    { "full_padding_no_strides", 5, 3, 2, 1, 1, 0, false,
      "i = 5, k = 3, p = 2 (full), stride 1: o = 7" },
    { "no_padding_strides", 5, 3, 0, 2, 1, 0, false, "i = 5, k = 3, no padding, s = 2: o = 2" },
    { "padding_strides", 5, 3, 1, 2, 1, 0, false, "i = 5, k = 3, p = 1, s = 2: o = 3" },
    { "padding_strides_odd", 6, 3, 1, 2, 1, 0, false,
      "i = 6, k = 3, p = 1, s = 2: o = 3, the last row and column never reached" },
    { "dilation", 7, 3, 0, 1, 2, 0, false, "i = 7, k = 3, d = 2: o = 3" },
    { "no_padding_no_strides_transposed", 2, 3, 0, 1, 1, 0, true,
      "the transpose of no_padding_no_strides: i = 2, o = 4" },
    { "arbitrary_padding_no_strides_transposed", 6, 4, 2, 1, 1, 0, true,
      "the transpose of arbitrary_padding_no_strides: i = 6, o = 5" },
    { "same_padding_no_strides_transposed", 5, 3, 1, 1, 1, 0, true,
      "the transpose of same_padding_no_strides: i = 5, o = 5" },
    { "full_padding_no_strides_transposed", 7, 3, 2, 1, 1, 0, true,
      "the transpose of full_padding_no_strides: i = 7, o = 5" },
    { "no_padding_strides_transposed", 2, 3, 0, 2, 1, 0, true,
      "the transpose of no_padding_strides: i = 2, spread 2 apart, o = 5" },
    { "padding_strides_transposed", 3, 3, 1, 2, 1, 0, true,
      "the transpose of padding_strides: i = 3, o = 5" },
    { "padding_strides_odd_transposed", 3, 3, 1, 2, 1, 1, true,
      "the transpose of padding_strides_odd: i = 3, a = 1, o = 6" },
};

const ca_slide2d_preset *ca_slide2d_presets(size_t *count)
{
    *count = sizeof presets / sizeof presets[0];
    return presets;
}

const ca_slide2d_preset *ca_slide2d_preset_named(const char *name)
{
    for (size_t i = 0; name && i < sizeof presets / sizeof presets[0]; i++)
        if (strcmp(presets[i].name, name) == 0)
            return &presets[i];
    return NULL;
}

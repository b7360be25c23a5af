#ifndef CONVANIM_TESTS_CONV_ARITHMETIC_H
#define CONVANIM_TESTS_CONV_ARITHMETIC_H

/* The sizes of conv_arithmetic's GIFs (Dumoulin and Visin's) that issue 14
 * quotes, for the presets that redo them with the numbers drawn: the
 * bench compares all fifteen with them, the CLI tests hold the three to a
 * third of these bytes. */
static const struct {
    const char *name;
    long bytes;
} conv_arithmetic_gifs[] = {
    { "no_padding_no_strides", 37751 },
    { "full_padding_no_strides", 435605 },
    { "arbitrary_padding_no_strides", 476750 },
};

#endif

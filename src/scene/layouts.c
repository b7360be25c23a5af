#include "scene/layout.h"
#include "base/util.h"

/* Every layout, in the order of ca_layout. */
static const scene_layout *const layouts[] = {
    [CA_LAYOUT_STACKED] = &scene_stacked,
    [CA_LAYOUT_PRODUCT] = &scene_product,
    [CA_LAYOUT_OVERLAY] = &scene_overlay,
};
#define COUNT (sizeof layouts / sizeof layouts[0])

/* The same views in continuous time: frames are times, not samples, so
 * each is a layout of its own (ctime_seed.c, ctime_product.c) drawing
 * with the helpers they share (ctime.c); the overlay has one picture for
 * both and does both in its file. */
static const scene_layout *const continuous[COUNT] = {
    [CA_LAYOUT_STACKED] = &scene_ctime_seed,
    [CA_LAYOUT_PRODUCT] = &scene_ctime_product,
    [CA_LAYOUT_OVERLAY] = &scene_overlay,
};

const scene_layout *scene_layout_of(ca_layout layout)
{
    return layouts[layout];
}

const scene_layout *scene_continuous_layout_of(ca_layout layout)
{
    return continuous[layout];
}

ca_status ca_layout_parse(const char *name, ca_layout *layout, ca_error *err)
{
    const char *names[COUNT];
    for (size_t i = 0; i < COUNT; i++)
        names[i] = layouts[i]->name;
    size_t i;
    ca_status s = ca_find_name("layout", name, names, COUNT, &i, err);
    if (s == CA_OK)
        *layout = (ca_layout)i;
    return s;
}

const char *ca_layout_name(ca_layout layout)
{
    return layouts[layout]->name;
}

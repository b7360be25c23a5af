#include <string.h>

#include "convanim/canvas.h"
#include "base/util.h"

enum { LEVELS = CA_PALETTE_LEVELS };

void ca_palette_init(ca_palette *pal, ca_rgb background)
{
    memset(pal, 0, sizeof *pal);
    for (int fg = 0; fg < CA_PALETTE_MAX_COLOURS; fg++)
        for (int under = 0; under < CA_PALETTE_MAX_COLOURS; under++)
            pal->ramp[fg][under] = -1;
    /* Unused indices read as solid background, so a stray index composites
     * like the background instead of reaching for a ramp that is not there. */
    memset(pal->level, LEVELS, sizeof pal->level);
    pal->rgb[0] = background;
    pal->count = 1;
    pal->ncolours = 1;
}

ca_status ca_palette_add_colour(ca_palette *pal, ca_rgb rgb, int *id, ca_error *err)
{
    if (pal->ncolours >= CA_PALETTE_MAX_COLOURS)
        return ca_fail(err, CA_ELIMIT, "palette: no room for another colour (at most %d)",
                       CA_PALETTE_MAX_COLOURS);
    if (pal->count >= CA_PALETTE_MAX_USED)
        return ca_fail(err, CA_ELIMIT,
                       "palette: no room for another colour (%d of %d entries in use)",
                       pal->count, CA_PALETTE_MAX_USED);
    int colour = pal->ncolours++, index = pal->count++;
    pal->rgb[index] = rgb;
    pal->solid[colour] = (uint8_t)index;
    pal->top[index] = pal->under[index] = (uint8_t)colour;
    pal->level[index] = LEVELS;
    if (id)
        *id = colour;
    return CA_OK;
}

/* Plain interpolation of the sRGB values, rounded: Agg (matplotlib) blends
 * anti-aliased edges the same way, so our edges look like theirs. */
static uint8_t mix(uint8_t under, uint8_t top, int level)
{
    return (uint8_t)((under * (LEVELS - level) + top * level + LEVELS / 2) / LEVELS);
}

ca_status ca_palette_add_ramp(ca_palette *pal, int fg, int under, ca_error *err)
{
    if (fg < 0 || fg >= pal->ncolours || under < 0 || under >= pal->ncolours || fg == under)
        return ca_fail(err, CA_EINPUT,
                       "palette: no ramp of colour %d over colour %d (%d colours defined)",
                       fg, under, pal->ncolours);
    if (pal->ramp[fg][under] >= 0)
        return CA_OK;
    if (pal->count + LEVELS - 1 > CA_PALETTE_MAX_USED)
        return ca_fail(err, CA_ELIMIT,
                       "palette: no room for the ramp of colour %d over colour %d "
                       "(%d of %d entries in use, a ramp needs %d)",
                       fg, under, pal->count, CA_PALETTE_MAX_USED, LEVELS - 1);
    ca_rgb t = pal->rgb[pal->solid[fg]], u = pal->rgb[pal->solid[under]];
    pal->ramp[fg][under] = (int16_t)pal->count;
    for (int level = 1; level < LEVELS; level++) {
        int index = pal->count++;
        pal->rgb[index] = (ca_rgb){ mix(u.r, t.r, level), mix(u.g, t.g, level),
                                    mix(u.b, t.b, level) };
        pal->top[index] = (uint8_t)fg;
        pal->under[index] = (uint8_t)under;
        pal->level[index] = (uint8_t)level;
    }
    return CA_OK;
}

#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "convanim/plot.h"
#include "testutil.h"

/* U+2212 MINUS SIGN in UTF-8, as its own literal so that a following digit
 * is not read as part of the escape. */
#define MINUS "\xe2\x88\x92"

static const ca_rgb WHITE = { 255, 255, 255 };

/* A white background (0), blue (1) and red (2), each with a ramp over the
 * background. */
static ca_palette pal;
enum { BG = 0, BLUE = 1, RED = 2 };

static void setup(void)
{
    ca_palette_init(&pal, WHITE);
    int id;
    ck_assert_int_eq(ca_palette_add_colour(&pal, (ca_rgb){ 31, 119, 180 }, &id, NULL), CA_OK);
    ck_assert_int_eq(id, BLUE);
    ck_assert_int_eq(ca_palette_add_colour(&pal, (ca_rgb){ 214, 39, 40 }, &id, NULL), CA_OK);
    ck_assert_int_eq(id, RED);
    ck_assert_int_eq(ca_palette_add_ramp(&pal, BLUE, BG, NULL), CA_OK);
    ck_assert_int_eq(ca_palette_add_ramp(&pal, RED, BG, NULL), CA_OK);
}

static ca_canvas new_canvas(int w, int h)
{
    ca_canvas c;
    ck_assert_int_eq(ca_canvas_new(w, h, &pal, pal.solid[BG], &c, NULL), CA_OK);
    return c;
}

static uint8_t px(const ca_canvas *c, int x, int y)
{
    return c->pixels[y * c->stride + x];
}

/* ---- ticks ------------------------------------------------------------ */

/* Expected values are what matplotlib 3.6 gives for the same range:
 * MaxNLocator(nbins, steps=[1, 2, 2.5, 5, 10]) (the steps AutoLocator uses),
 * keeping the ticks inside the view as the axis does, labelled by
 * ScalarFormatter (unicode minus, default power limits (-5, 6)). */
typedef struct mpl_case {
    double lo, hi;
    int nbins, n;
    double v[CA_TICKS_MAX];
    const char *label[CA_TICKS_MAX];
    const char *offset;
} mpl_case;

static const mpl_case MPL[] = {
    /* the sliding_block x axis, 0 .. 108, at the scene's 9 or 10 intervals */
    { 0, 108, 9, 6, { 0, 20, 40, 60, 80, 100 }, { "0", "20", "40", "60", "80", "100" }, "" },
    { 0, 108, 10, 6, { 0, 20, 40, 60, 80, 100 }, { "0", "20", "40", "60", "80", "100" }, "" },
    { 0, 108, 5, 5, { 0, 25, 50, 75, 100 }, { "0", "25", "50", "75", "100" }, "" },
    { -5.5, 115.5, 9, 6, { 0, 20, 40, 60, 80, 100 }, { "0", "20", "40", "60", "80", "100" },
      "" },
    /* [0, 1] with matplotlib's 5% margins */
    { -0.05, 1.05, 5, 5, { 0, 0.25, 0.5, 0.75, 1 }, { "0.00", "0.25", "0.50", "0.75", "1.00" },
      "" },
    { -0.05, 1.05, 4, 3, { 0, 0.5, 1 }, { "0.0", "0.5", "1.0" }, "" },
    { 0, 1, 5, 6, { 0, 0.2, 0.4, 0.6, 0.8, 1 }, { "0.0", "0.2", "0.4", "0.6", "0.8", "1.0" },
      "" },
    { 0, 1, 4, 5, { 0, 0.25, 0.5, 0.75, 1 }, { "0.00", "0.25", "0.50", "0.75", "1.00" }, "" },
    { 0, 1, 2, 3, { 0, 0.5, 1 }, { "0.0", "0.5", "1.0" }, "" },
    { -0.045, 0.945, 5, 5, { 0, 0.2, 0.4, 0.6, 0.8 }, { "0.0", "0.2", "0.4", "0.6", "0.8" }, "" },
    /* small numbers: labels scaled, the multiplier at the axis end */
    { -2.5e-5, 3e-5, 5, 3, { -2e-5, 0, 2e-5 }, { MINUS "2", "0", "2" }, "1e" MINUS "5" },
    { -2.5e-5, 3e-5, 9, 6, { -2e-5, -1e-5, 0, 1e-5, 2e-5, 3e-5 },
      { MINUS "2", MINUS "1", "0", "1", "2", "3" }, "1e" MINUS "5" },
    { 0, 1e-5, 5, 5, { 0, 2.5e-6, 5e-6, 7.5e-6, 1e-5 }, { "0.00", "0.25", "0.50", "0.75", "1.00" },
      "1e" MINUS "5" },
    /* large numbers */
    { 0, 2e6, 4, 5, { 0, 5e5, 1e6, 1.5e6, 2e6 }, { "0.0", "0.5", "1.0", "1.5", "2.0" }, "1e6" },
    { -1.5e6, 2.5e6, 4, 4, { -1e6, 0, 1e6, 2e6 }, { MINUS "1", "0", "1", "2" }, "1e6" },
    /* the range ca_plot_range gives a constant 3.0, and a constant 0.3 with
     * rounding noise */
    { 2.835, 3.165, 5, 3, { 2.9, 3.0, 3.1 }, { "2.9", "3.0", "3.1" }, "" },
    { 0.2835, 0.3165, 5, 3, { 0.29, 0.30, 0.31 }, { "0.29", "0.30", "0.31" }, "" },
    /* negative ranges */
    { -10, -2, 3, 2, { -10, -5 }, { MINUS "10", MINUS "5" }, "" },
    { -1.05, -0.05, 4, 4, { -1, -0.75, -0.5, -0.25 },
      { MINUS "1.00", MINUS "0.75", MINUS "0.50", MINUS "0.25" }, "" },
    { -1.1, 1.1, 4, 3, { -1, 0, 1 }, { MINUS "1", "0", "1" }, "" },
    { -1.1, 1.1, 5, 5, { -1, -0.5, 0, 0.5, 1 }, { MINUS "1.0", MINUS "0.5", "0.0", "0.5", "1.0" },
      "" },
    { -0.055, 0.055, 5, 5, { -0.05, -0.025, 0, 0.025, 0.05 },
      { MINUS "0.050", MINUS "0.025", "0.000", "0.025", "0.050" }, "" },
    /* 2.5 x 10^k steps */
    { 0, 12.5, 6, 6, { 0, 2.5, 5, 7.5, 10, 12.5 }, { "0.0", "2.5", "5.0", "7.5", "10.0", "12.5" },
      "" },
    { -3.3, 7.7, 5, 5, { -2.5, 0, 2.5, 5, 7.5 }, { MINUS "2.5", "0.0", "2.5", "5.0", "7.5" }, "" },
    /* one interval allowed: a smaller step so that two ticks show */
    { 0.83, 1.98, 1, 2, { 1, 1.5 }, { "1.0", "1.5" }, "" },
    { 7.8, 35.9, 1, 3, { 10, 20, 30 }, { "10", "20", "30" }, "" },
    { 0, 100, 15, 11, { 0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100 },
      { "0", "10", "20", "30", "40", "50", "60", "70", "80", "90", "100" }, "" },
};

START_TEST(ticks_and_labels_match_matplotlib)
{
    const mpl_case *m = &MPL[_i];
    ca_ticks t;
    char buf[64];
    ca_ticks_nice(m->lo, m->hi, m->nbins, &t);
    ck_assert_msg(t.n == m->n, "[%g, %g] / %d: %d ticks, matplotlib has %d", m->lo, m->hi,
                  m->nbins, t.n, m->n);
    double tol = 1e-9 * (m->hi - m->lo);
    for (int i = 0; i < m->n; i++) {
        ck_assert_msg(fabs(t.v[i] - m->v[i]) <= tol, "[%g, %g] / %d: tick %d is %.17g, not %g",
                      m->lo, m->hi, m->nbins, i, t.v[i], m->v[i]);
        ca_ticks_label(&t, i, buf, sizeof buf);
        ck_assert_msg(strcmp(buf, m->label[i]) == 0,
                      "[%g, %g] / %d: label %d is \"%s\", matplotlib shows \"%s\"", m->lo, m->hi,
                      m->nbins, i, buf, m->label[i]);
    }
    ca_ticks_offset_label(&t, buf, sizeof buf);
    ck_assert_msg(strcmp(buf, m->offset) == 0, "[%g, %g] / %d: offset \"%s\", not \"%s\"", m->lo,
                  m->hi, m->nbins, buf, m->offset);
}
END_TEST

/* A deterministic spread of ranges, every order of magnitude from 1e-9 to
 * 1e9, both signs, 1 to 20 intervals. */
static uint64_t lcg_state;

static double lcg_unit(void)
{
    lcg_state = lcg_state * 6364136223846793005u + 1442695040888963407u;
    return (double)(lcg_state >> 11) * 0x1p-53;
}

/* The nice steps either side of step (2.5 -> 2 and 5, 1 -> 0.5 and 2); false
 * when step is not 1, 2, 2.5 or 5 x 10^k. */
static bool nice_neighbours(double step, double *below, double *above)
{
    double p = pow(10, floor(log10(step))), m = step / p;
    static const double mant[] = { 1, 2, 2.5, 5, 10 }, lo[] = { 0.5, 1, 2, 2.5, 5 },
                        hi[] = { 2, 2.5, 5, 10, 20 };
    for (int k = 0; k < 5; k++)
        if (fabs(m - mant[k]) < 1e-9 * mant[k]) {
            *below = lo[k] * p;
            *above = hi[k] * p;
            return true;
        }
    return false;
}

/* Parses a label back: U+2212 becomes '-'. */
static double parse_label(const char *s)
{
    char tmp[64];
    if (strncmp(s, MINUS, 3) == 0)
        snprintf(tmp, sizeof tmp, "-%s", s + 3);
    else
        snprintf(tmp, sizeof tmp, "%s", s);
    char *end;
    double d = strtod(tmp, &end);
    ck_assert_msg(end != tmp && *end == '\0', "label \"%s\" is not a number", s);
    return d;
}

/* The first property the ticks of [lo, hi] with at most nb intervals
 * break, or NULL. */
static const char *tick_fault(double lo, double hi, int nb)
{
    int eff = nb < CA_TICKS_MAX - 1 ? nb : CA_TICKS_MAX - 1;
    ca_ticks t;
    ca_ticks_nice(lo, hi, nb, &t);
    if (!(t.n >= 2 && t.n <= CA_TICKS_MAX))
        return "tick count";
    double step = t.v[1] - t.v[0], span = hi - lo;
    double below, above;
    if (!nice_neighbours(step, &below, &above))
        return "step not 1, 2, 2.5 or 5 x 10^k";
    for (int i = 0; i < t.n; i++) {
        if (!(t.v[i] >= lo - 1e-9 * step && t.v[i] <= hi + 1e-9 * step))
            return "tick outside the range";
        if (!(fabs(t.v[i] / step - round(t.v[i] / step)) < 1e-6))
            return "tick not a multiple of the step";
        if (i > 0 && !(fabs(t.v[i] - t.v[i - 1] - step) < 1e-6 * step))
            return "ticks not evenly spaced and ascending";
    }
    /* every tick of the step that fits in the range is there */
    if (!(t.v[0] - step < lo - 1e-9 * step && t.v[t.n - 1] + step > hi + 1e-9 * step))
        return "a tick inside the range is missing";
    /* MaxNLocator: the smallest nice step with which the range spans at
     * most nb steps, so at most nb + 1 ticks; a smaller one only when
     * that shows fewer than 2 ticks, which can happen for nb <= 3 (then
     * matplotlib shows up to 5 ticks, e.g. 10, 20, 30 for 7.8 .. 35.9
     * with nb = 1) */
    bool fallback = span / step > eff * (1 + 1e-9);
    if (fallback) {
        if (!(eff <= 3 && t.n <= 5))
            return "too many intervals";
        if (!(floor(hi / above + 1e-9) - ceil(lo / above - 1e-9) < 1))
            return "a smaller step although the larger one shows two ticks";
    } else {
        if (!(t.n <= eff + 1))
            return "more than nb + 1 ticks";
        if (!(span / below > eff * (1 - 1e-9)))
            return "a smaller nice step would do";
    }

    /* labels: the same decimals everywhere, as few as show every tick
     * exactly, the multiplier only outside 1e-5 .. 1e6 */
    double big = fmax(fabs(t.v[0]), fabs(t.v[t.n - 1]));
    int oom = (int)floor(log10(big));
    if (!(t.exponent == (oom <= -5 || oom >= 6 ? oom : 0)))
        return "exponent";
    double unit = pow(10, t.exponent);
    bool needs_all = t.decimals == 0;
    for (int i = 0; i < t.n; i++) {
        char buf[64];
        ca_ticks_label(&t, i, buf, sizeof buf);
        if (strchr(buf, '-'))
            return "ASCII minus in a label";
        const char *dot = strchr(buf, '.');
        int dec = dot ? (int)strlen(dot + 1) : 0;
        if (dec != t.decimals)
            return "decimals differ between labels";
        if (!(fabs(parse_label(buf) * unit - t.v[i]) < 1e-6 * step))
            return "label does not show the tick";
        if (t.decimals > 0) {
            double v = t.v[i] / unit, q = pow(10, t.decimals - 1);
            needs_all |= fabs(round(v * q) / q - v) > 1e-6 * step / unit;
        }
    }
    if (!needs_all)
        return "one decimal fewer would do";
    return NULL;
}

START_TEST(ticks_are_nice_few_and_inside_for_many_ranges)
{
    lcg_state = 12345;
    /* one assertion for the lot: Check records every passing one */
    const char *fault = NULL;
    double lo = 0, hi = 0;
    int nb = 0;
    for (int trial = 0; trial < 20000 && !fault; trial++) {
        int e = (int)(lcg_unit() * 19) - 9;
        lo = (2 * lcg_unit() - 1) * pow(10, e);
        hi = lo + (0.01 + 3 * lcg_unit()) * pow(10, e);
        if (trial % 4 == 0) { /* limits on multiples of a nice step */
            double s = (trial % 8 ? 2.5 : 2) * pow(10, e);
            lo = round(lo / s) * s;
            hi = lo + (1 + (int)(lcg_unit() * 12)) * s;
        }
        nb = 1 + (int)(lcg_unit() * 20);
        fault = tick_fault(lo, hi, nb);
    }
    ck_assert_msg(!fault, "[%.17g, %.17g] / %d: %s", lo, hi, nb, fault);
}
END_TEST

START_TEST(ticks_for_a_degenerate_range_are_empty)
{
    ca_ticks t;
    static const double bad[][2] = {
        { 1, 1 }, { 2, 1 }, { NAN, 1 }, { 0, NAN }, { 0, INFINITY }, { -INFINITY, 0 },
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        memset(&t, 0x55, sizeof t);
        ca_ticks_nice(bad[k][0], bad[k][1], 5, &t);
        ck_assert_msg(t.n == 0 && t.exponent == 0 && t.decimals == 0, "[%g, %g]: %d ticks",
                      bad[k][0], bad[k][1], t.n);
    }
    ca_ticks_nice(0, 1, 0, &t);
    ck_assert_int_eq(t.n, 0);
    ca_ticks_nice(0, 1, -3, &t);
    ck_assert_int_eq(t.n, 0);
}
END_TEST

START_TEST(ticks_never_exceed_the_array)
{
    ca_ticks t;
    /* asking for 1000 intervals gets at most CA_TICKS_MAX - 1 */
    ca_ticks_nice(0, 15, 1000, &t);
    ck_assert_int_eq(t.n, CA_TICKS_MAX);
    for (int i = 0; i < t.n; i++)
        ck_assert_double_eq_tol(t.v[i], i, 1e-12);
    ca_ticks_nice(0, 16, 1000, &t);
    ck_assert_int_le(t.n, CA_TICKS_MAX);
    ck_assert_double_eq_tol(t.v[1] - t.v[0], 2, 1e-12);
    /* far from zero, relative to the span */
    ca_ticks_nice(1e6, 1e6 + 1, 15, &t);
    ck_assert_int_le(t.n, CA_TICKS_MAX);
    ck_assert_int_ge(t.n, 2);
}
END_TEST

/* ---- labels ----------------------------------------------------------- */

START_TEST(labels_use_a_true_minus_sign)
{
    ca_ticks t;
    char buf[32];
    ca_ticks_nice(-1.1, 1.1, 5, &t);
    ca_ticks_label(&t, 1, buf, sizeof buf);
    static const unsigned char want[] = { 0xe2, 0x88, 0x92, '0', '.', '5', 0 };
    ck_assert_int_eq(memcmp(buf, want, sizeof want), 0);
    ca_ticks_label(&t, 3, buf, sizeof buf);
    ck_assert_str_eq(buf, "0.5");
}
END_TEST

START_TEST(labels_never_show_minus_zero)
{
    char buf[32];
    /* -0.0, and values that round to zero from either side */
    ca_ticks t = { .v = { -0.0, -1e-12, 1e-12, -0.004 }, .n = 4, .decimals = 2 };
    for (int i = 0; i < t.n; i++) {
        ca_ticks_label(&t, i, buf, sizeof buf);
        ck_assert_msg(strcmp(buf, "0.00") == 0, "tick %d: \"%s\"", i, buf);
    }
    t = (ca_ticks){ .v = { -1e-20, -0.0 }, .n = 2, .decimals = 0, .exponent = -5 };
    for (int i = 0; i < t.n; i++) {
        ca_ticks_label(&t, i, buf, sizeof buf);
        ck_assert_str_eq(buf, "0");
    }
    /* the zero tick ca_ticks_nice makes when lo < 0 (ceil(-0.2) is -0.0) */
    ca_ticks_nice(-0.05, 1.05, 5, &t);
    ca_ticks_label(&t, 0, buf, sizeof buf);
    ck_assert_str_eq(buf, "0.00");
    /* a small negative value that does not round to zero keeps its sign */
    t = (ca_ticks){ .v = { -0.006 }, .n = 1, .decimals = 2 };
    ca_ticks_label(&t, 0, buf, sizeof buf);
    ck_assert_str_eq(buf, MINUS "0.01");
}
END_TEST

START_TEST(labels_have_the_same_decimals_on_every_tick)
{
    ca_ticks t;
    char buf[32];
    ca_ticks_nice(0, 1, 2, &t);
    ck_assert_int_eq(t.n, 3);
    static const char *const want[] = { "0.0", "0.5", "1.0" };
    for (int i = 0; i < 3; i++) {
        ca_ticks_label(&t, i, buf, sizeof buf);
        ck_assert_str_eq(buf, want[i]);
    }
}
END_TEST

START_TEST(offset_label_is_the_multiplier)
{
    char buf[32];
    ca_ticks t = { .n = 0, .exponent = 0 };
    memset(buf, 'x', sizeof buf);
    ca_ticks_offset_label(&t, buf, sizeof buf);
    ck_assert_str_eq(buf, "");
    t.exponent = -5;
    ca_ticks_offset_label(&t, buf, sizeof buf);
    ck_assert_str_eq(buf, "1e" MINUS "5");
    t.exponent = -12;
    ca_ticks_offset_label(&t, buf, sizeof buf);
    ck_assert_str_eq(buf, "1e" MINUS "12");
    t.exponent = 6;
    ca_ticks_offset_label(&t, buf, sizeof buf);
    ck_assert_str_eq(buf, "1e6");
}
END_TEST

START_TEST(labels_stay_inside_a_small_buffer)
{
    char buf[16];
    ca_ticks t = { .v = { -123456.75 }, .n = 1, .decimals = 2 };
    memset(buf, '#', sizeof buf);
    ca_ticks_label(&t, 0, buf, 6);
    ck_assert_uint_lt(strlen(buf), 6);
    for (size_t k = 6; k < sizeof buf; k++)
        ck_assert_int_eq(buf[k], '#');
    ca_ticks_label(&t, 0, buf, sizeof buf);
    ck_assert_str_eq(buf, MINUS "123456.75");
    t.exponent = -5;
    memset(buf, '#', sizeof buf);
    ca_ticks_offset_label(&t, buf, 3);
    ck_assert_uint_lt(strlen(buf), 3);
    for (size_t k = 3; k < sizeof buf; k++)
        ck_assert_int_eq(buf[k], '#');
}
END_TEST

/* ---- view ranges ------------------------------------------------------ */

static void expect_range(const double *v, size_t n, double want_lo, double want_hi)
{
    double lo, hi;
    ca_plot_range(v, n, &lo, &hi);
    double tol = 1e-12 * fmax(fabs(want_lo), fabs(want_hi));
    ck_assert_msg(fabs(lo - want_lo) <= tol && fabs(hi - want_hi) <= tol,
                  "range [%.17g, %.17g], want [%.17g, %.17g]", lo, hi, want_lo, want_hi);
}

/* Expected values: ax.plot(values) then ax.get_ylim() in matplotlib 3.6. */
START_TEST(range_has_a_five_percent_margin_each_side)
{
    static const double a[] = { 0, 1 }, b[] = { -1, 2, 0.5 }, c[] = { 0.9, 0, 0.3 };
    expect_range(a, 2, -0.05, 1.05);
    expect_range(b, 3, -1.15, 2.15);
    expect_range(c, 3, -0.045, 0.945);
    static const double d[] = { 1e-7, 3e-7, 2e-7 };
    expect_range(d, 3, 0.9e-7, 3.1e-7);
}
END_TEST

START_TEST(range_of_a_constant_signal_is_around_it)
{
    static const double three[] = { 3, 3, 3, 3 }, minus_two[] = { -2 }, one[] = { 3 };
    /* matplotlib: nonsingular() widens by 5% of the value, then the margins */
    expect_range(three, 4, 2.835, 3.165);
    expect_range(one, 1, 2.835, 3.165);
    expect_range(minus_two, 1, -2.11, -1.89);
    /* all zeros: plot.c widens to +-1 (matplotlib's nonsingular() widens to
     * +-0.05, giving -0.055 .. 0.055) */
    static const double zeros[] = { 0, 0, 0 };
    expect_range(zeros, 3, -1.1, 1.1);
    expect_range(zeros, 1, -1.1, 1.1);
    expect_range(NULL, 0, -1.1, 1.1);
    /* -0.0 is zero too */
    static const double mzero[] = { -0.0, 0.0 };
    expect_range(mzero, 2, -1.1, 1.1);
}
END_TEST

/* A flat signal with rounding noise in its last bit (as a sum in a different
 * order gives) is flat: matplotlib's nonsingular() treats a span below 1e-15
 * of the values as none, and shows 0.2835 .. 0.3165. */
START_TEST(range_of_a_signal_flat_but_for_rounding_is_around_it)
{
    static const double v[] = { 0.3, 0.30000000000000004, 0.3 };
    double lo, hi;
    ca_plot_range(v, 3, &lo, &hi);
    ck_assert_double_eq_tol(lo, 0.2835, 1e-12);
    ck_assert_double_eq_tol(hi, 0.3165, 1e-12);
    ca_ticks t;
    ca_ticks_nice(lo, hi, 5, &t);
    ck_assert_int_eq(t.n, 3);
    char buf[32];
    ca_ticks_label(&t, 1, buf, sizeof buf);
    ck_assert_str_eq(buf, "0.30");
}
END_TEST

START_TEST(range_skips_nan_samples)
{
    /* matplotlib leaves NaN out of the data limits too */
    static const double v[] = { NAN, 0, NAN, 1, NAN };
    expect_range(v, 5, -0.05, 1.05);
    static const double w[] = { 2, NAN };
    expect_range(w, 2, 1.89, 2.11);
}
END_TEST

START_TEST(range_always_contains_the_values)
{
    lcg_state = 99;
    double v[40];
    for (int trial = 0; trial < 2000; trial++) {
        size_t n = 1 + (size_t)(lcg_unit() * 40);
        double scale = pow(10, (int)(lcg_unit() * 21) - 10), shift = (lcg_unit() - 0.5) * scale;
        bool flat = trial % 5 == 0;
        for (size_t k = 0; k < n; k++)
            v[k] = flat ? shift : shift + (lcg_unit() - 0.5) * scale;
        double lo, hi, a = INFINITY, b = -INFINITY;
        ca_plot_range(v, n, &lo, &hi);
        for (size_t k = 0; k < n; k++) {
            a = fmin(a, v[k]);
            b = fmax(b, v[k]);
        }
        ck_assert_msg(lo < a && b < hi, "trial %d: [%g, %g] does not hold [%g, %g]", trial, lo,
                      hi, a, b);
        if (b - a > 1e-12 * fmax(fabs(a), fabs(b))) /* exactly 5% of the span each side */
            ck_assert_msg(fabs((a - lo) - 0.05 * (b - a)) <= 1e-9 * (b - a) &&
                              fabs((hi - b) - 0.05 * (b - a)) <= 1e-9 * (b - a),
                          "trial %d: margins", trial);
    }
}
END_TEST

/* Values near the ends of double: the range is finite, holds the values
 * with room to tell them apart, and its ticks are at least two, inside it,
 * ascending, labelled with numbers that times the multiplier give them. */
START_TEST(extreme_values_get_a_usable_range_and_ticks)
{
    static const struct {
        double v[3];
        size_t n;
    } cases[] = {
        { { 1e308, -1e308 }, 2 },
        { { DBL_MAX, -DBL_MAX }, 2 },
        { { DBL_MAX }, 1 },
        { { 4.9e-324 }, 1 },
        { { -4.9e-324 }, 1 },
        { { 0, 4.9e-324 }, 2 },
        { { 1e-310, 2e-310 }, 2 },
        { { 1e-310, 1e-310 + 4.9e-324 }, 2 },
        { { 3e-301, -1e300 }, 2 },
        { { 1e301, 1e301, 0 }, 3 },
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const double *v = cases[c].v;
        double lo, hi, a = INFINITY, b = -INFINITY;
        ca_plot_range(v, cases[c].n, &lo, &hi);
        for (size_t k = 0; k < cases[c].n; k++) {
            a = fmin(a, v[k]);
            b = fmax(b, v[k]);
        }
        ck_assert_msg(isfinite(lo) && isfinite(hi) && lo <= a && b <= hi && lo < hi,
                      "case %zu: [%g, %g] for [%g, %g]", c, lo, hi, a, b);
        ca_ticks t;
        ca_ticks_nice(lo, hi, 5, &t);
        ck_assert_msg(t.n >= 2, "case %zu: %d ticks on [%g, %g]", c, t.n, lo, hi);
        for (int k = 0; k < t.n; k++) {
            ck_assert_msg(t.v[k] >= lo && t.v[k] <= hi && isfinite(t.v[k]),
                          "case %zu: tick %g outside [%g, %g]", c, t.v[k], lo, hi);
            if (k > 0)
                ck_assert_msg(t.v[k] > t.v[k - 1], "case %zu: ticks %g, %g", c, t.v[k - 1],
                              t.v[k]);
            char label[64];
            ca_ticks_label(&t, k, label, sizeof label);
            double shown = parse_label(label) * pow(10, t.exponent % 100) *
                           pow(10, t.exponent - t.exponent % 100);
            double step = t.n > 1 ? (t.v[1] - t.v[0]) : 1;
            ck_assert_msg(fabs(shown - t.v[k]) <= 0.01 * fabs(step),
                          "case %zu: label %s (x1e%d) for tick %g", c, label, t.exponent,
                          t.v[k]);
        }
    }
}
END_TEST

/* A span past the largest double still maps its ends to the area's edges. */
START_TEST(axes_span_past_the_largest_double)
{
    ca_canvas c = new_canvas(100, 50);
    ca_axes ax = { c, -DBL_MAX, DBL_MAX, -1.5e308, 1.5e308 };
    ck_assert_double_eq_tol(ca_axes_px(&ax, -DBL_MAX), 0, 1e-9);
    ck_assert_double_eq_tol(ca_axes_px(&ax, DBL_MAX), 100, 1e-9);
    ck_assert_double_eq_tol(ca_axes_px(&ax, 0), 50, 1e-9);
    ck_assert_double_eq_tol(ca_axes_py(&ax, 1.5e308), 0, 1e-9);
    ck_assert_double_eq_tol(ca_axes_py(&ax, -1.5e308), 50, 1e-9);
    ck_assert_double_eq_tol(ca_axes_py(&ax, 0.75e308), 12.5, 1e-9);
    ca_canvas_free(&c);
}
END_TEST

/* ---- data to pixels --------------------------------------------------- */

/* The limits sit on the edges of the area, as matplotlib's axes limits sit
 * on the axes box: x0 at the left edge (0), x1 at the right edge (width), y0
 * at the bottom edge (height), y1 at the top (0). Pixel i then covers
 * [i, i + 1), centre i + 0.5, as in canvas.h. */
START_TEST(axes_map_limits_to_the_area_edges)
{
    ca_canvas c = new_canvas(100, 50);
    ca_axes ax = { c, -1, 9, -2, 3 };
    ck_assert_double_eq_tol(ca_axes_px(&ax, -1), 0, 1e-12);
    ck_assert_double_eq_tol(ca_axes_px(&ax, 9), 100, 1e-12);
    ck_assert_double_eq_tol(ca_axes_px(&ax, 4), 50, 1e-12);
    ck_assert_double_eq_tol(ca_axes_px(&ax, -0.95), 0.5, 1e-12);
    ck_assert_double_eq_tol(ca_axes_px(&ax, 8.95), 99.5, 1e-12);
    ck_assert_double_eq_tol(ca_axes_px(&ax, 19), 200, 1e-12);   /* no clamping */
    ck_assert_double_eq_tol(ca_axes_py(&ax, -2), 50, 1e-12);
    ck_assert_double_eq_tol(ca_axes_py(&ax, 3), 0, 1e-12);
    ck_assert_double_eq_tol(ca_axes_py(&ax, 0.5), 25, 1e-12);
    ck_assert_double_eq_tol(ca_axes_py(&ax, 0), 30, 1e-12);
    ck_assert_double_eq_tol(ca_axes_py(&ax, -7), 100, 1e-12);
    /* y grows upwards: larger values, smaller rows */
    for (double y = -2; y < 3; y += 0.25)
        ck_assert(ca_axes_py(&ax, y + 0.25) < ca_axes_py(&ax, y));
    ca_canvas_free(&c);
}
END_TEST

START_TEST(axes_coordinates_are_those_of_the_area_view)
{
    ca_canvas c = new_canvas(100, 60);
    ca_axes ax = { ca_canvas_sub(&c, 30, 20, 40, 20), 0, 4, 0, 2 };
    ck_assert_double_eq_tol(ca_axes_px(&ax, 0), 0, 1e-12);
    ck_assert_double_eq_tol(ca_axes_px(&ax, 4), 40, 1e-12);
    ck_assert_double_eq_tol(ca_axes_py(&ax, 0), 20, 1e-12);
    ck_assert_double_eq_tol(ca_axes_py(&ax, 2), 0, 1e-12);
    ca_canvas_free(&c);
}
END_TEST

/* ---- series ----------------------------------------------------------- */

/* A canvas of 40 x 21 pixels whose data x is its pixel x and whose y = 0 is
 * the centre of row 10. */
static ca_axes row10_axes(const ca_canvas *c)
{
    return (ca_axes){ *c, 0, 40, -1, 1 };
}

START_TEST(constant_series_is_one_solid_row)
{
    ca_canvas c = new_canvas(40, 21);
    ca_axes ax = { c, 0, 9, -1, 1 };
    double y[10] = { 0 }, xy[20];
    ca_plot_series(&ax, y, 10, 0, 1, 1, BLUE, xy);
    for (int j = 0; j < 21; j++)
        for (int i = 0; i < 40; i++)
            ck_assert_msg(px(&c, i, j) == pal.solid[j == 10 ? BLUE : BG], "pixel (%d, %d) is %d",
                          i, j, px(&c, i, j));
    ca_canvas_free(&c);
}
END_TEST

START_TEST(series_samples_sit_at_x_start_plus_i_x_step)
{
    ca_canvas c = new_canvas(40, 21);
    ca_axes ax = row10_axes(&c);
    double y[5] = { 0, 0, 0, 0, 0 }, xy[10];
    /* samples at x = 10.5, 12.5, ..., 18.5: pixels 10 .. 18 of row 10; a
     * 1-pixel line ends with a round cap of radius 0.5, which just misses
     * the centres of pixels 9 and 19 */
    ca_plot_series(&ax, y, 5, 10.5, 2, 1, RED, xy);
    for (int j = 0; j < 21; j++)
        for (int i = 0; i < 40; i++)
            ck_assert_msg(px(&c, i, j) == pal.solid[j == 10 && i >= 10 && i <= 18 ? RED : BG],
                          "pixel (%d, %d)", i, j);
    ca_canvas_free(&c);
}
END_TEST

START_TEST(rising_series_follows_its_samples)
{
    /* 10 x 10 pixels, data -0.5 .. 9.5 both ways: sample i at x = 9 - i
     * (a negative step) and y = i is the centre of pixel (9 - i, 9 - i) */
    ca_canvas c = new_canvas(10, 10);
    ca_axes ax = { c, -0.5, 9.5, -0.5, 9.5 };
    double y[10], xy[20];
    for (int i = 0; i < 10; i++)
        y[i] = i;
    ca_plot_series(&ax, y, 10, 9, -1, 1, BLUE, xy);
    for (int j = 0; j < 10; j++)
        for (int i = 0; i < 10; i++) {
            /* the line x = y in pixels; pixel centres more than one pixel
             * from it are untouched */
            double d = fabs((i + 0.5) - (j + 0.5)) / sqrt(2);
            if (i == j)
                ck_assert_msg(px(&c, i, j) == pal.solid[BLUE], "pixel (%d, %d)", i, j);
            else if (d >= 1)
                ck_assert_msg(px(&c, i, j) == pal.solid[BG], "pixel (%d, %d)", i, j);
        }
    ca_canvas_free(&c);
}
END_TEST

START_TEST(nan_sample_leaves_a_gap)
{
    ca_canvas c = new_canvas(40, 21);
    ca_axes ax = row10_axes(&c);
    double y[10] = { 0 }, xy[20];
    /* samples at x = 0.5, 4.5, ..., 36.5; sample 4 (x = 16.5) is missing, so
     * the segments 12.5 .. 16.5 and 16.5 .. 20.5 are left out */
    y[4] = NAN;
    ca_plot_series(&ax, y, 10, 0.5, 4, 1, BLUE, xy);
    for (int j = 0; j < 21; j++)
        for (int i = 0; i < 40; i++) {
            bool on = j == 10 && ((i >= 0 && i <= 12) || (i >= 20 && i <= 36));
            ck_assert_msg(px(&c, i, j) == pal.solid[on ? BLUE : BG], "pixel (%d, %d)", i, j);
        }
    ca_canvas_free(&c);
}
END_TEST

START_TEST(single_sample_is_a_dot_of_the_line_width)
{
    ca_canvas c = new_canvas(21, 21);
    ca_axes ax = { c, 0, 21, -1, 1 };
    double y[1] = { 0 }, xy[2];
    ca_plot_series(&ax, y, 1, 10.5, 1, 3, RED, xy);
    int painted = 0;
    for (int j = 0; j < 21; j++)
        for (int i = 0; i < 21; i++) {
            double d = hypot(i - 10, j - 10);
            if (d <= 1) /* coverage 1.5 + 0.5 - d >= 1 */
                ck_assert_msg(px(&c, i, j) == pal.solid[RED], "pixel (%d, %d)", i, j);
            if (d >= 2) /* coverage 0 */
                ck_assert_msg(px(&c, i, j) == pal.solid[BG], "pixel (%d, %d)", i, j);
            painted += px(&c, i, j) != pal.solid[BG];
        }
    ck_assert_int_eq(painted, 9); /* and the four diagonal neighbours, partly */
    ca_canvas_free(&c);
}
END_TEST

START_TEST(empty_or_all_nan_series_draws_nothing)
{
    ca_canvas c = new_canvas(20, 20);
    ca_axes ax = { c, 0, 20, -1, 1 };
    double nan1[1] = { NAN }, nan3[3] = { NAN, NAN, NAN }, xy[6];
    ca_plot_series(&ax, NULL, 0, 0, 1, 2, BLUE, xy);
    ca_plot_series(&ax, nan1, 1, 5, 1, 2, BLUE, xy);
    ca_plot_series(&ax, nan3, 3, 5, 1, 2, BLUE, xy);
    for (int j = 0; j < 20; j++)
        for (int i = 0; i < 20; i++)
            ck_assert_int_eq(px(&c, i, j), pal.solid[BG]);
    ca_canvas_free(&c);
}
END_TEST

START_TEST(series_stays_inside_its_area)
{
    ca_canvas c = new_canvas(60, 40);
    ca_rect damage = { 0, 0, 0, 0 };
    c.damage = &damage;
    /* a 40 x 21 area at (10, 5): y = 0 is row 15 of the canvas; the series
     * runs far outside the limits on every side */
    ca_axes ax = { ca_canvas_sub(&c, 10, 5, 40, 21), 0, 40, -1, 1 };
    double y[6] = { 0, 0, 50, -50, 0, 0 }, xy[12];
    ca_plot_series(&ax, y, 6, -30.5, 20, 4, BLUE, xy);
    int inside = 0;
    for (int j = 0; j < 40; j++)
        for (int i = 0; i < 60; i++) {
            if (i >= 10 && i < 50 && j >= 5 && j < 26)
                inside += px(&c, i, j) != pal.solid[BG];
            else
                ck_assert_msg(px(&c, i, j) == pal.solid[BG], "pixel (%d, %d) outside the area",
                              i, j);
        }
    ck_assert_int_gt(inside, 0);
    /* the damage rectangle is clipped to the area too */
    ck_assert(damage.x0 >= 10 && damage.x1 <= 50 && damage.y0 >= 5 && damage.y1 <= 26);
    ca_canvas_free(&c);
}
END_TEST

START_TEST(series_fills_the_scratch_with_pixel_coordinates)
{
    /* xy is the caller's scratch: after the call it holds the points drawn */
    ca_canvas c = new_canvas(40, 21);
    ca_axes ax = row10_axes(&c);
    double y[3] = { -1, 0, 1 }, xy[6];
    ca_plot_series(&ax, y, 3, 2, 3, 1, BLUE, xy);
    static const double want[] = { 2, 21, 5, 10.5, 8, 0 };
    for (int k = 0; k < 6; k++)
        ck_assert_double_eq_tol(xy[k], want[k], 1e-12);
    ca_canvas_free(&c);
}
END_TEST

/* ---- long series ------------------------------------------------------ */

/* Deterministic values in [-1, 1) (xorshift64*), so a failure replays. */
static void noise(double *v, size_t n, uint64_t seed)
{
    uint64_t x = seed;
    for (size_t i = 0; i < n; i++) {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        v[i] = (double)((x * 0x2545f4914f6cdd1dULL) >> 11) / (double)(1ULL << 52) - 1;
    }
}

static double *new_doubles(size_t n)
{
    double *v = malloc(n * sizeof *v);
    ck_assert_ptr_nonnull(v);
    return v;
}

/* Series with more samples than columns: x from x_start in x_step steps,
 * over an area of `width` columns showing x0 .. x1. */
typedef struct long_case {
    size_t n;
    int width;
    double x0, x1, x_start, x_step;
} long_case;

static const long_case LONG[] = {
    { 5000, 97, -1, 5000, 0, 1 },        /* 51.5 samples a column */
    { 3000, 101, 0, 1110, 1100, -0.37 }, /* g flipped: x falls as i grows */
    { 400, 150, 0, 400, 0, 1 },          /* two or three a column */
};

START_TEST(simplified_points_keep_each_columns_first_last_and_extent)
{
    const long_case *lc = &LONG[_i];
    ca_canvas c = new_canvas(lc->width, 50);
    ca_axes ax = { c, lc->x0, lc->x1, -1, 1 };
    double *y = new_doubles(lc->n), *all = new_doubles(2 * lc->n), *few = new_doubles(2 * lc->n);
    noise(y, lc->n, 7 + (uint64_t)_i);
    size_t na = ca_plot_points(&ax, y, lc->n, lc->x_start, lc->x_step, false, all);
    size_t nf = ca_plot_points(&ax, y, lc->n, lc->x_start, lc->x_step, true, few);
    ck_assert_uint_eq(na, lc->n);
    ck_assert_uint_lt(nf, na);
    /* walk both column by column: the same first and last point, the same
     * lowest and highest row, at most four points kept, all of them points
     * of the full series in its order */
    size_t a = 0, f = 0, columns = 0;
    const char *bad = NULL;
    while (a < na && !bad) {
        double col = floor(all[2 * a]);
        size_t a1 = a, f1 = f;
        double alo = INFINITY, ahi = -INFINITY, flo = INFINITY, fhi = -INFINITY;
        for (; a1 < na && floor(all[2 * a1]) == col; a1++) {
            alo = fmin(alo, all[2 * a1 + 1]);
            ahi = fmax(ahi, all[2 * a1 + 1]);
        }
        size_t match = a;
        for (; f1 < nf && floor(few[2 * f1]) == col; f1++) {
            flo = fmin(flo, few[2 * f1 + 1]);
            fhi = fmax(fhi, few[2 * f1 + 1]);
            while (match < a1 && (all[2 * match] != few[2 * f1] ||
                                  all[2 * match + 1] != few[2 * f1 + 1]))
                match++;
            if (match++ == a1)
                bad = "a kept point that is not one of the column's, in order";
        }
        if (f1 == f || f1 - f > 4)
            bad = "none or more than four points kept";
        else if (memcmp(&all[2 * a], &few[2 * f], 2 * sizeof *all) != 0 ||
                 memcmp(&all[2 * (a1 - 1)], &few[2 * (f1 - 1)], 2 * sizeof *all) != 0)
            bad = "another first or last point";
        else if (alo != flo || ahi != fhi)
            bad = "another lowest or highest row";
        a = a1;
        f = f1;
        columns++;
    }
    ck_assert_msg(!bad && f == nf, "column %zu: %s", columns, bad ? bad : "points left over");
    ck_assert_uint_le(nf, 4 * columns);
    free(y);
    free(all);
    free(few);
    ca_canvas_free(&c);
}
END_TEST

START_TEST(simplifying_keeps_every_sample_half_a_pixel_apart)
{
    /* 0.5 and 0.8 pixels a sample: no column holds three */
    static const double step[] = { 0.5, 0.8 };
    ca_canvas c = new_canvas(100, 50);
    ca_axes ax = { c, 0, 100, -1, 1 };
    double y[200], all[400], few[400];
    noise(y, 200, 3);
    for (int k = 0; k < 2; k++) {
        size_t n = (size_t)(100 / step[k]);
        size_t na = ca_plot_points(&ax, y, n, 0.25, step[k], false, all);
        size_t nf = ca_plot_points(&ax, y, n, 0.25, step[k], true, few);
        ck_assert_uint_eq(na, n);
        ck_assert_uint_eq(nf, n);
        ck_assert_mem_eq(all, few, 2 * n * sizeof *all);
    }
    ca_canvas_free(&c);
}
END_TEST

/* Pixel i of a and b: one solid and the other untouched background? */
static bool solid_against_nothing(const ca_canvas *a, const ca_canvas *b, int x, int y,
                                  int colour)
{
    uint8_t p = px(a, x, y), q = px(b, x, y);
    return (p == pal.solid[colour] && q == pal.solid[BG]) ||
           (q == pal.solid[colour] && p == pal.solid[BG]);
}

START_TEST(long_series_drawn_simplified_differs_only_in_antialiasing)
{
    /* 20,000 samples on 200 columns: the simplified line is the full one
     * moved less than a column sideways, so where one draws solid the
     * other draws something */
    enum { N = 20000, W = 200, H = 100 };
    ca_canvas full = new_canvas(W, H), fast = new_canvas(W, H);
    ca_axes fa = { full, -1, N, -1.2, 1.2 }, sa = { fast, -1, N, -1.2, 1.2 };
    double *y = new_doubles(N), *xy = new_doubles(2 * N);
    noise(y, N, 11);
    /* a slow swing under the noise, so columns differ in their extent */
    for (size_t i = 0; i < N; i++)
        y[i] = 0.6 * y[i] + 0.4 * sin(i * 0.002);
    size_t n = ca_plot_points(&fa, y, N, 0, 1, false, xy);
    ca_canvas_polyline(&full, xy, n, 2.2, BLUE);
    ca_plot_series(&sa, y, N, 0, 1, 2.2, BLUE, xy);
    int bad = -1, differ = 0;
    for (int j = 0; j < H; j++)
        for (int i = 0; i < W; i++) {
            differ += px(&full, i, j) != px(&fast, i, j);
            if (bad < 0 && solid_against_nothing(&full, &fast, i, j, BLUE))
                bad = j * W + i;
        }
    ck_assert_msg(bad < 0, "pixel (%d, %d) is solid in one and empty in the other", bad % W,
                  bad / W);
    /* not the same picture by accident: the simplified one is another */
    ck_assert_int_gt(differ, 0);
    free(y);
    free(xy);
    ca_canvas_free(&full);
    ca_canvas_free(&fast);
}
END_TEST

START_TEST(long_stems_drawn_as_an_area_differ_only_in_antialiasing)
{
    /* 6,000 stems on 150 columns merge into an area and a band of discs */
    enum { N = 6000, W = 150, H = 80 };
    ca_canvas full = new_canvas(W, H), fast = new_canvas(W, H);
    ca_axes fa = { full, -1, N, -1.2, 1.2 }, sa = { fast, -1, N, -1.2, 1.2 };
    double *y = new_doubles(N), *xy = new_doubles(2 * (N + 2));
    noise(y, N, 5);
    size_t n = ca_plot_points(&fa, y, N, 0, 1, false, xy);
    ca_plot_stem_tops(&full, xy, n, ca_axes_py(&fa, 0), 1, 3, RED);
    ca_plot_stems(&sa, y, N, 0, 1, 1, 3, RED, xy);
    int bad = -1;
    for (int j = 0; j < H; j++)
        for (int i = 0; i < W; i++)
            if (bad < 0 && solid_against_nothing(&full, &fast, i, j, RED))
                bad = j * W + i;
    ck_assert_msg(bad < 0, "pixel (%d, %d) is solid in one and empty in the other", bad % W,
                  bad / W);
    free(y);
    free(xy);
    ca_canvas_free(&full);
    ca_canvas_free(&fast);
}
END_TEST

START_TEST(series_draws_only_the_samples_that_can_show)
{
    /* 100,000 samples, 2 pixels apart, seen through 30 of them: not
     * simplified, so the same pixels and damage as drawing every one */
    enum { N = 100000 };
    double *y = new_doubles(N), *xy = new_doubles(2 * N);
    noise(y, N, 9);
    for (int stems = 0; stems < 2; stems++) {
        ca_canvas c[2];
        ca_rect damage[2] = { { 0, 0, 0, 0 }, { 0, 0, 0, 0 } };
        for (int k = 0; k < 2; k++) {
            c[k] = new_canvas(100, 60);
            c[k].damage = &damage[k];
            ca_axes ax = { ca_canvas_sub(&c[k], 20, 10, 60, 40), 50000.3, 50030.3, -1, 1 };
            if (k == 0) {
                size_t n = ca_plot_points(&ax, y, N, 0, 1, false, xy);
                if (stems)
                    ca_plot_stem_tops(&ax.area, xy, n, ca_axes_py(&ax, 0), 1, 2.5, RED);
                else
                    ca_plot_line(&ax.area, xy, n, 2.2, BLUE);
            } else if (stems) {
                ca_plot_stems(&ax, y, N, 0, 1, 1, 2.5, RED, xy);
            } else {
                ca_plot_series(&ax, y, N, 0, 1, 2.2, BLUE, xy);
            }
        }
        ck_assert_mem_eq(c[0].pixels, c[1].pixels, 100 * 60);
        ck_assert_mem_eq(&damage[0], &damage[1], sizeof damage[0]);
        ck_assert_int_gt(damage[0].x1, damage[0].x0);
        ca_canvas_free(&c[0]);
        ca_canvas_free(&c[1]);
    }
    free(y);
    free(xy);
}
END_TEST

static const tu_suite suite = { .name = "plot", .timeout = 60, .setup = setup,
    .loops = {
        { "ticks_and_labels_match_matplotlib", (int)(sizeof MPL / sizeof MPL[0]) },
        { "simplified_points_keep_each_columns_first_last_and_extent",
          (int)(sizeof LONG / sizeof LONG[0]) },
    },
};
TU_MAIN(suite, ticks_and_labels_match_matplotlib, ticks_are_nice_few_and_inside_for_many_ranges,
        ticks_for_a_degenerate_range_are_empty, ticks_never_exceed_the_array,
        labels_use_a_true_minus_sign, labels_never_show_minus_zero,
        labels_have_the_same_decimals_on_every_tick, offset_label_is_the_multiplier,
        labels_stay_inside_a_small_buffer, range_has_a_five_percent_margin_each_side,
        range_of_a_constant_signal_is_around_it,
        range_of_a_signal_flat_but_for_rounding_is_around_it, range_skips_nan_samples,
        range_always_contains_the_values, extreme_values_get_a_usable_range_and_ticks,
        axes_span_past_the_largest_double, axes_map_limits_to_the_area_edges,
        axes_coordinates_are_those_of_the_area_view, constant_series_is_one_solid_row,
        series_samples_sit_at_x_start_plus_i_x_step, rising_series_follows_its_samples,
        nan_sample_leaves_a_gap, single_sample_is_a_dot_of_the_line_width,
        empty_or_all_nan_series_draws_nothing, series_stays_inside_its_area,
        series_fills_the_scratch_with_pixel_coordinates,
        simplified_points_keep_each_columns_first_last_and_extent,
        simplifying_keeps_every_sample_half_a_pixel_apart,
        long_series_drawn_simplified_differs_only_in_antialiasing,
        long_stems_drawn_as_an_area_differ_only_in_antialiasing,
        series_draws_only_the_samples_that_can_show)

#include <math.h>

#include "convanim/continuous.h"
#include "convanim/integral.h"
#include "cliutil.h"
#include "testutil.h"

/* Continuous-time signals and the convolution integral: the generators'
 * formulas, supports and breakpoints, the spec parser's continuous half,
 * sampling, and y(t) against closed forms and against a brute-force
 * midpoint sum, at several steps; then the command line. */

static ca_csignal *cs(const char *spec)
{
    ca_csignal *s = NULL;
    ca_error err = { 0 };
    ca_status st = ca_csignal_from_spec(spec, NULL, NULL, &s, &err);
    ck_assert_msg(st == CA_OK, "%s: %s", spec, err.msg);
    ck_assert_ptr_nonnull(s);
    return s;
}

/* Fails unless spec is refused with `status` and a one-line message that
 * contains `needle`, leaving *out NULL. */
static void assert_refused(const char *spec, ca_status status, const char *needle)
{
    ca_csignal *s = (ca_csignal *)&s;
    ca_error err = { 0 };
    ca_signal_limits lim = { 1000 };
    ca_status got = ca_csignal_from_spec(spec, &lim, NULL, &s, &err);
    ck_assert_msg(got == status, "%s: status %d, want %d", spec, got, status);
    ck_assert_msg(strstr(err.msg, needle) != NULL, "%s: message '%s' lacks '%s'", spec,
                  err.msg, needle);
    ck_assert_msg(strchr(err.msg, '\n') == NULL, "message is not one line: %s", err.msg);
    ck_assert_ptr_null(s);
}

static void assert_near(double got, double want, double tol, const char *what, double t)
{
    ck_assert_msg(fabs(got - want) <= tol, "%s at t=%.17g: got %.17g, want %.17g (tol %g)",
                  what, t, got, want, tol);
}

START_TEST(generators_follow_their_formulas)
{
    ca_csignal *s = cs("rect:width=2,center=1,height=3");
    assert_near(ca_csignal_eval(s, 0), 3, 0, "rect", 0);
    assert_near(ca_csignal_eval(s, 1.99), 3, 0, "rect", 1.99);
    assert_near(ca_csignal_eval(s, 2), 0, 0, "rect", 2);
    assert_near(ca_csignal_eval(s, -0.01), 0, 0, "rect", -0.01);
    ca_csignal_free(s);

    s = cs("tri:width=4,center=1,height=2");
    assert_near(ca_csignal_eval(s, 1), 2, 1e-15, "tri", 1);
    assert_near(ca_csignal_eval(s, 0), 1, 1e-15, "tri", 0);
    assert_near(ca_csignal_eval(s, 2.5), 0.5, 1e-15, "tri", 2.5);
    assert_near(ca_csignal_eval(s, -1), 0, 0, "tri", -1);
    ca_csignal_free(s);

    s = cs("exp:rate=2,start=1,height=3");
    assert_near(ca_csignal_eval(s, 1), 3, 0, "exp", 1);
    assert_near(ca_csignal_eval(s, 1.5), 3 * exp(-1), 1e-15, "exp", 1.5);
    assert_near(ca_csignal_eval(s, 0.999), 0, 0, "exp", 0.999);
    ca_csignal_free(s);

    s = cs("step:at=-1,until=2,height=0.5");
    assert_near(ca_csignal_eval(s, -1), 0.5, 0, "step", -1);
    assert_near(ca_csignal_eval(s, 2), 0, 0, "step", 2);
    ca_csignal_free(s);

    s = cs("gauss:sigma=0.5,center=1");
    assert_near(ca_csignal_eval(s, 1), 1 / (0.5 * sqrt(2 * M_PI)), 1e-15, "gauss", 1);
    assert_near(ca_csignal_eval(s, 2), exp(-2) / (0.5 * sqrt(2 * M_PI)), 1e-15, "gauss", 2);
    ca_csignal_free(s);

    s = cs("sine:freq=2,phase=0.5,amplitude=3,from=-1,to=1");
    assert_near(ca_csignal_eval(s, 0.1), 3 * sin(2 * M_PI * 2 * 0.1 + 0.5), 1e-14, "sine", 0.1);
    assert_near(ca_csignal_eval(s, 1), 0, 0, "sine", 1);
    ca_csignal_free(s);

    s = cs("sinc:width=0.5,center=1");
    assert_near(ca_csignal_eval(s, 1), 1, 0, "sinc", 1);
    assert_near(ca_csignal_eval(s, 1.5), 0, 1e-15, "sinc", 1.5);
    assert_near(ca_csignal_eval(s, 1.25), 2 / M_PI, 1e-15, "sinc", 1.25);
    ca_csignal_free(s);

    s = cs("ramp:from=1,to=3");
    assert_near(ca_csignal_eval(s, 2.5), 1.5, 0, "ramp", 2.5);
    assert_near(ca_csignal_eval(s, 0.5), 0, 0, "ramp", 0.5);
    ca_csignal_free(s);

    s = cs("values:1;3;2,dt=0.5,t0=-1");
    assert_near(ca_csignal_eval(s, -1), 1, 0, "values", -1);
    assert_near(ca_csignal_eval(s, -0.75), 2, 1e-15, "values", -0.75);
    assert_near(ca_csignal_eval(s, -0.25), 2.5, 1e-15, "values", -0.25);
    assert_near(ca_csignal_eval_left(s, 0), 2, 1e-15, "values", 0);
    assert_near(ca_csignal_eval(s, 0), 0, 0, "values", 0);
    ca_csignal_free(s);
}
END_TEST

START_TEST(supports_breaks_and_jumps)
{
    double lo, hi;
    size_t n;
    ca_csignal *s = cs("rect:width=2,center=1");
    ca_csignal_support(s, &lo, &hi);
    ck_assert(lo == 0 && hi == 2);
    const double *b = ca_csignal_breaks(s, &n);
    ck_assert(n == 2 && b[0] == 0 && b[1] == 2);
    /* the value on the right at a jump, the one on the left from eval_left */
    ck_assert(ca_csignal_eval(s, 0) == 1 && ca_csignal_eval_left(s, 0) == 0);
    ck_assert(ca_csignal_eval(s, 2) == 0 && ca_csignal_eval_left(s, 2) == 1);
    ck_assert(ca_csignal_scale(s) == 2 && ca_csignal_smooth_length(s) == 0);
    ca_csignal_free(s);

    s = cs("tri");
    b = ca_csignal_breaks(s, &n);
    ck_assert(n == 3 && b[0] == -1 && b[1] == 0 && b[2] == 1);
    ck_assert(ca_csignal_scale(s) == 1);
    ca_csignal_free(s);

    /* exp ends where it falls to 1e-4 of its peak, unless until= says */
    s = cs("exp:rate=2,start=1");
    ca_csignal_support(s, &lo, &hi);
    ck_assert(lo == 1);
    assert_near(hi, 1 + log(1e4) / 2, 1e-15, "exp end", 0);
    assert_near(ca_csignal_eval_left(s, hi), 1e-4, 1e-15, "exp tail", hi);
    ck_assert(ca_csignal_scale(s) == 0.5 && ca_csignal_smooth_length(s) > 0);
    ca_csignal_free(s);
    s = cs("exp:until=3");
    ca_csignal_support(s, &lo, &hi);
    ck_assert(lo == 0 && hi == 3);
    ca_csignal_free(s);

    s = cs("gauss:sigma=2,center=1");
    ca_csignal_support(s, &lo, &hi);
    ck_assert(lo == -15 && hi == 17 && ca_csignal_scale(s) == 2);
    ca_csignal_free(s);

    s = cs("sinc:width=0.5");
    ca_csignal_support(s, &lo, &hi);
    ck_assert(lo == -4 && hi == 4);
    /* truncated where it is 0, so no jump there */
    assert_near(ca_csignal_eval_left(s, hi), 0, 1e-15, "sinc end", hi);
    ca_csignal_free(s);

    s = cs("sine:freq=4,from=0,to=2");
    ck_assert(ca_csignal_scale(s) == 0.25);
    ca_csignal_free(s);

    s = cs("values:0;1;0;2,dt=0.25,t0=1");
    b = ca_csignal_breaks(s, &n);
    ck_assert(n == 4 && b[0] == 1 && b[1] == 1.25 && b[2] == 1.5 && b[3] == 1.75);
    ck_assert(ca_csignal_scale(s) == 0.25);
    ca_csignal_free(s);
}
END_TEST

START_TEST(defaults_are_the_textbook_shapes)
{
    double lo, hi;
    static const struct { const char *spec; double lo, hi; } want[] = {
        { "rect", -0.5, 0.5 }, { "tri", -1, 1 }, { "step", 0, 5 }, { "gauss", -8, 8 },
        { "sine", 0, 1 }, { "sinc", -8, 8 }, { "ramp", 0, 1 }, { "values:1;2;3", 0, 2 },
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        ca_csignal *s = cs(want[i].spec);
        ca_csignal_support(s, &lo, &hi);
        ck_assert_msg(lo == want[i].lo && hi == want[i].hi, "%s: [%g, %g)", want[i].spec, lo,
                      hi);
        ca_csignal_free(s);
    }
    ca_csignal *s = cs("exp");
    ca_csignal_support(s, &lo, &hi);
    ck_assert(lo == 0 && fabs(hi - log(1e4)) < 1e-15);
    ca_csignal_free(s);
}
END_TEST

START_TEST(every_listed_generator_parses_with_defaults)
{
    char names[256];
    snprintf(names, sizeof names, "%s", ca_csignal_generator_names());
    int count = 0;
    for (char *name = strtok(names, ", "); name; name = strtok(NULL, ", ")) {
        char spec[64];
        snprintf(spec, sizeof spec, "%s%s", name, strcmp(name, "values") == 0 ? ":1;2" : "");
        ca_csignal *s = cs(spec);
        double lo, hi;
        ca_csignal_support(s, &lo, &hi);
        ck_assert_msg(lo < hi && ca_csignal_scale(s) > 0, "%s", spec);
        ca_csignal_free(s);
        count++;
    }
    ck_assert_int_eq(count, 9);
}
END_TEST

START_TEST(samples_come_from_files_and_streams)
{
    char dir[256], path[512], spec[600];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/x.csv", dir);
    tu_write_file(path, "0\n2\n1\n", 6);
    snprintf(spec, sizeof spec, "%s:dt=0.5,t0=2", path);
    ca_csignal *s = cs(spec);
    double lo, hi;
    ca_csignal_support(s, &lo, &hi);
    ck_assert(lo == 2 && hi == 3);
    assert_near(ca_csignal_eval(s, 2.25), 1, 1e-15, "file", 2.25);
    ca_csignal_free(s);
    snprintf(spec, sizeof spec, "%s:pad=1", path);
    assert_refused(spec, CA_EINPUT, "unknown key 'pad' (valid keys: dt, t0)");
    snprintf(spec, sizeof spec, "%s:dt=0", path);
    assert_refused(spec, CA_EINPUT, "x.csv: dt must be > 0 (got 0)");
    tu_rmtree(dir);

    FILE *in = fmemopen((void *)"1 2 4", 5, "r");
    ck_assert_ptr_nonnull(in);
    ca_error err = { 0 };
    ck_assert_int_eq(ca_csignal_from_spec("-:t0=-1", NULL, in, &s, &err), CA_OK);
    ca_csignal_support(s, &lo, &hi);
    ck_assert(lo == -1 && hi == 1);
    assert_near(ca_csignal_eval(s, 0.5), 3, 1e-15, "stdin", 0.5);
    ca_csignal_free(s);
    fclose(in);
}
END_TEST

START_TEST(bad_specs_name_the_culprit)
{
    assert_refused("", CA_EINPUT, "empty signal spec (continuous-time generators: rect,");
    assert_refused("rectt", CA_EINPUT, "'rectt' is neither a generator nor a file "
                   "(continuous-time generators: rect, tri, exp, step, gauss, sine, sinc, ramp, "
                   "values; did you mean 'rect'?)");
    assert_refused("rect:widht=2", CA_EINPUT,
                   "rect: unknown key 'widht' (valid keys: width, center, height; did you mean "
                   "'width'?)");
    assert_refused("rect:pad=2", CA_EINPUT, "rect: unknown key 'pad'");
    assert_refused("rect:width=0", CA_EINPUT, "rect: width must be > 0 (got 0)");
    assert_refused("tri:width=-1", CA_EINPUT, "tri: width must be > 0 (got -1)");
    assert_refused("gauss:sigma=0", CA_EINPUT, "gauss: sigma must be > 0 (got 0)");
    assert_refused("gauss:sigma=1e-320", CA_EINPUT, "gauss: sigma=9.99989e-321 makes the peak");
    assert_refused("exp:rate=-2", CA_EINPUT, "exp: rate must be > 0 (got -2)");
    assert_refused("exp:until=0", CA_EINPUT, "exp: until=0 must be after start=0");
    assert_refused("sinc:width=0", CA_EINPUT, "sinc: width must be > 0 (got 0)");
    assert_refused("sine:freq=0", CA_EINPUT, "sine: freq must be > 0 (got 0)");
    assert_refused("sine:from=1,to=1", CA_EINPUT, "sine: to=1 must be after from=1");
    assert_refused("step:at=5", CA_EINPUT, "step: until=5 must be after at=5");
    assert_refused("ramp:to=-1", CA_EINPUT, "ramp: to=-1 must be after from=0");
    assert_refused("rect:width=1e308,center=1.7e308", CA_EINPUT,
                   "rect: the support [1.2e+308, inf) is empty");
    assert_refused("rect:height=x", CA_EINPUT, "rect: height='x' is not a finite number");
    assert_refused("rect:width=1,width=2", CA_EINPUT, "rect: width given twice");
    assert_refused("values:1", CA_EINPUT,
                   "values: a continuous-time signal needs at least 2 samples (got 1)");
    assert_refused("values:1;2,dt=-1", CA_EINPUT, "values: dt must be > 0 (got -1)");
    assert_refused("values:1;2;3,dt=1e-16,t0=1", CA_EINPUT, "values: dt=1e-16 is too small");
    assert_refused("values:1;2,pad=1", CA_EINPUT, "values: unknown key 'pad' (valid keys: dt, t0)");
    assert_refused("values:", CA_EINPUT, "values: no samples");
    /* discrete-time generators are not continuous ones, and the other way */
    assert_refused("decay", CA_EINPUT, "decay is a discrete-time generator, not a "
                   "continuous-time one (continuous-time generators: rect,");
    assert_refused("box:n=3", CA_EINPUT, "box is a discrete-time generator");
    ca_signal d = { .v = (double *)1, .n = 1 };
    ca_error err = { 0 };
    ck_assert_int_eq(ca_signal_from_spec("rect:width=2", NULL, NULL, &d, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "rect is a continuous-time generator, not a discrete-time one "
                     "(discrete-time generators: sawtooth, decay, gaussian, random, delta, box, "
                     "step, sine, values)");
    ck_assert_ptr_null(d.v);
    /* step and sine are both, with their own keys */
    ck_assert_int_eq(ca_signal_from_spec("sine:n=4", NULL, NULL, &d, &err), CA_OK);
    ck_assert_uint_eq(d.n, 4);
    ca_signal_free(&d);
    assert_refused("sine:n=4", CA_EINPUT, "sine: unknown key 'n' (valid keys: freq, phase, "
                   "amplitude, from, to)");
}
END_TEST

START_TEST(trace_draws_edges_as_vertical_lines)
{
    ca_csignal *s = cs("rect:width=1,center=0.5,height=2");
    ca_trace tr;
    ca_error err = { 0 };
    ck_assert_int_eq(ca_csignal_trace(s, 0, 1, 0.25, NULL, &tr, &err), CA_OK);
    static const double t[] = { 0, 0, 0.25, 0.5, 0.75, 1, 1 }, v[] = { 0, 2, 2, 2, 2, 2, 0 };
    ck_assert_uint_eq(tr.n, 7);
    for (size_t i = 0; i < tr.n; i++)
        ck_assert_msg(tr.t[i] == t[i] && tr.v[i] == v[i], "point %zu: (%g, %g)", i, tr.t[i],
                      tr.v[i]);
    ca_trace_free(&tr);
    ca_trace_free(&tr);
    ca_csignal_free(s);

    /* a breakpoint between grid points is a point of its own; hi ends it */
    s = cs("tri:width=1,center=0.1");
    ck_assert_int_eq(ca_csignal_trace(s, -0.5, 0.5, 0.3, NULL, &tr, &err), CA_OK);
    static const double t2[] = { -0.5, -0.4, -0.2, 0.1, 0.4, 0.5 };
    ck_assert_uint_eq(tr.n, 6);
    for (size_t i = 0; i < tr.n; i++)
        assert_near(tr.t[i], t2[i], 1e-15, "trace t", t2[i]);
    assert_near(tr.v[3], 1, 0, "tri peak", 0.1);
    assert_near(tr.v[2], 0.4, 1e-15, "tri", -0.2);
    ca_trace_free(&tr);
    ca_csignal_free(s);

    /* samples on the grid are not listed twice */
    s = cs("values:0;1;3,dt=0.1");
    ck_assert_int_eq(ca_csignal_trace(s, 0, 0.2, 0.05, NULL, &tr, &err), CA_OK);
    ck_assert_uint_eq(tr.n, 6);
    assert_near(tr.v[2], 1, 1e-15, "sample", 0.1);
    ck_assert(tr.t[4] == 0.2 && tr.t[5] == 0.2 && tr.v[4] == 3 && tr.v[5] == 0);
    ca_trace_free(&tr);

    ck_assert_int_eq(ca_csignal_trace(s, 0, 1, 0, NULL, &tr, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "dt must be a number > 0 (got 0)");
    ck_assert_int_eq(ca_csignal_trace(s, 1, 0, 0.1, NULL, &tr, &err), CA_EINPUT);
    ca_signal_limits lim = { 1000 };
    ck_assert_int_eq(ca_csignal_trace(s, 0, 1, 1e-3, &lim, &tr, &err), CA_ELIMIT);
    ck_assert_str_eq(err.msg, "dt=0.001 makes 1008 points over [0, 1], over the limit of 1000");
    ck_assert_ptr_null(tr.t);
    ck_assert_uint_eq(tr.n, 0);
    ca_csignal_free(s);
}
END_TEST

/* Fails unless tr holds exactly the n points (t[i], v[i]), to 1e-15. */
static void assert_trace(const ca_trace *tr, const double *t, const double *v, size_t n)
{
    ck_assert_msg(tr->n == n, "%zu points, want %zu", tr->n, n);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(fabs(tr->t[i] - t[i]) <= 1e-15 && fabs(tr->v[i] - v[i]) <= 1e-15,
                      "point %zu: (%.17g, %.17g), want (%g, %g)", i, tr->t[i], tr->v[i], t[i],
                      v[i]);
}

START_TEST(flipped_and_product_traces_follow_h_of_t_minus_tau)
{
    ca_csignal *x = cs("rect:center=0.5"), *h = cs("exp:until=3");
    ca_trace tr;
    ca_error err = { 0 };
    /* h(1 - tau) is e^(tau - 1) for tau in (-2, 1] and jumps to 0 after 1 */
    ck_assert_int_eq(ca_csignal_trace_flipped(h, 1, -2.5, 1.5, 1, NULL, &tr, &err), CA_OK);
    const double t1[] = { -2.5, -2, -2, -1.5, -0.5, 0.5, 1, 1, 1.5 };
    const double v1[] = { 0, 0, exp(-3), exp(-2.5), exp(-1.5), exp(-0.5), 1, 0, 0 };
    assert_trace(&tr, t1, v1, 9);
    ca_trace_free(&tr);

    /* rect [0, 1) times the flipped rect slid to t = 0.5: 1 on [0, 0.5] */
    ca_csignal *r = cs("rect:center=0.5");
    ck_assert_int_eq(ca_csignal_trace_product(x, r, 0.5, -1, 1, 0.5, NULL, &tr, &err), CA_OK);
    const double t2[] = { -1, -0.5, 0, 0, 0.5, 0.5, 1 }, v2[] = { 0, 0, 0, 1, 1, 0, 0 };
    assert_trace(&tr, t2, v2, 7);
    ca_trace_free(&tr);

    /* where both factors are linear between the points, the trapezoids
     * under the product are its area, y(t) */
    ca_csignal *tri = cs("tri:width=1.5,center=0.2");
    for (double t = -0.5; t < 1.9; t += 0.3) {
        ck_assert_int_eq(ca_csignal_trace_product(r, tri, t, -2, 3, 0.07, NULL, &tr, &err),
                         CA_OK);
        double area = 0;
        for (size_t i = 1; i < tr.n; i++)
            area += (tr.t[i] - tr.t[i - 1]) * (tr.v[i] + tr.v[i - 1]) / 2;
        assert_near(area, ca_integral_at(r, tri, t), 1e-14, "product area", t);
        ca_trace_free(&tr);
    }
    ca_csignal_free(tri);
    ca_csignal_free(r);
    ca_csignal_free(x);
    ca_csignal_free(h);
}
END_TEST

START_TEST(default_dt_resolves_the_narrowest_feature)
{
    ca_csignal *s = cs("rect:width=2"), *g = cs("gauss:sigma=0.1");
    assert_near(ca_csignal_default_dt(s), 2.0 / 50, 1e-15, "rect dt", 0);
    assert_near(ca_csignal_default_dt(g), 0.1 / 50, 1e-15, "gauss dt", 0);
    assert_near(ca_integral_default_dt(s, g), 0.1 / 50, 1e-15, "rect*gauss dt", 0);
    assert_near(ca_integral_default_dt(g, s), 0.1 / 50, 1e-15, "gauss*rect dt", 0);
    ca_csignal_free(s);
    /* no more than 100,000 steps across the support */
    s = cs("rect:width=10000");
    assert_near(ca_integral_default_dt(s, g), (10000 + 1.6) / 100000, 1e-15, "wide dt", 0);
    ca_csignal_free(s);
    ca_csignal_free(g);
    /* nor more than an eighth of the panel limit */
    s = cs("sine:freq=1000,to=1");
    double dt = ca_integral_default_dt(s, s), lo, hi;
    ca_integral_support(s, s, &lo, &hi);
    double cost = (hi - lo) / dt * ca_integral_panels(s, s);
    ck_assert_msg(cost <= CA_INTEGRAL_MAX_PANELS / 8 * 1.0001, "cost %g", cost);
    ck_assert_msg(dt > 1e-3 / 50, "dt %g", dt);
    ca_csignal_free(s);
}
END_TEST

/* y(t) of x = spec_x and h = spec_h against want(t) at every point of the
 * trace at dt (0: the default), to within tol times the peak of want. */
typedef double (*oracle)(double t);

static void check_pair(const char *sx, const char *sh, double dt, oracle want, double tol)
{
    ca_csignal *x = cs(sx), *h = cs(sh);
    if (dt == 0)
        dt = ca_integral_default_dt(x, h);
    ca_trace tr;
    ca_error err = { 0 };
    ck_assert_msg(ca_integral_trace(x, h, dt, NULL, &tr, &err) == CA_OK, "%s", err.msg);
    double lo, hi, peak = 0, worst = 0;
    ca_integral_support(x, h, &lo, &hi);
    ck_assert(tr.n >= 2 && tr.t[0] == lo && tr.t[tr.n - 1] == hi);
    for (size_t i = 0; i < tr.n; i++)
        peak = fmax(peak, fabs(want(tr.t[i])));
    ck_assert(peak > 0);
    char what[256];
    snprintf(what, sizeof what, "%s * %s, dt=%g", sx, sh, dt);
    for (size_t i = 0; i < tr.n; i++) {
        if (i > 0)
            ck_assert_msg(tr.t[i] > tr.t[i - 1] && tr.t[i] - tr.t[i - 1] <= dt * (1 + 1e-9),
                          "%s: t[%zu] = %g after %g", what, i, tr.t[i], tr.t[i - 1]);
        assert_near(tr.v[i], want(tr.t[i]), tol * peak, what, tr.t[i]);
        worst = fmax(worst, fabs(tr.v[i] - want(tr.t[i])) / peak);
    }
    ca_trace_free(&tr);
    ca_csignal_free(x);
    ca_csignal_free(h);
}

static const double steps[] = { 0, 0.3, 0.07, 0.013 };

static double triangle(double t)
{
    return fmax(0, 1 - fabs(t));
}

/* rect [-0.5, 0.5) height 1 with rect [0, 2) height 0.5: the overlap's
 * length times the heights */
static double trapezoid(double t)
{
    return 0.5 * fmax(0, fmin(0.5, t) - fmax(-0.5, t - 2));
}

START_TEST(rect_with_rect_is_the_exact_triangle)
{
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        check_pair("rect", "rect", steps[i], triangle, 1e-14);
        check_pair("rect", "rect:width=2,center=1,height=0.5", steps[i], trapezoid, 1e-14);
        check_pair("rect:width=2,center=1,height=0.5", "rect", steps[i], trapezoid, 1e-14);
    }
}
END_TEST

/* rect [0, 1) with a e^(-a t), a = 3: the textbook 1 - e^(-a t) rise and
 * its fall, for the exponential that never ends */
static double rise_and_fall(double t)
{
    const double a = 3;
    if (t <= 0)
        return 0;
    return t <= 1 ? 1 - exp(-a * t) : (exp(a) - 1) * exp(-a * t);
}

/* the same with the exponential cut off at until = 2: the integral of
 * e^(-a (t - tau)) over the overlap [max(0, t - 2), min(1, t)] */
static double rise_and_fall_cut(double t)
{
    const double a = 3;
    double lo = fmax(0, t - 2), hi = fmin(1, t);
    return hi > lo ? exp(-a * (t - hi)) - exp(-a * (t - lo)) : 0;
}

START_TEST(rect_with_exp_rises_and_falls_exactly)
{
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        /* the default cut at 1e-4 of the peak stays well within 1e-3 */
        check_pair("rect:center=0.5", "exp:rate=3,height=3", steps[i], rise_and_fall, 2e-4);
        check_pair("exp:rate=3,height=3", "rect:center=0.5", steps[i], rise_and_fall, 2e-4);
        check_pair("rect:center=0.5", "exp:rate=3,height=3,until=2", steps[i],
                   rise_and_fall_cut, 1e-12);
    }
}
END_TEST

/* sigma 0.3 and 0.4 at 1 and -2: sigma 0.5 at -1 */
static double gauss_sum(double t)
{
    double z = (t + 1) / 0.5;
    return exp(-0.5 * z * z) / (0.5 * sqrt(2 * M_PI));
}

START_TEST(gauss_with_gauss_sums_the_variances)
{
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        check_pair("gauss:sigma=0.3,center=1", "gauss:sigma=0.4,center=-2", steps[i], gauss_sum,
                   1e-12);
}
END_TEST

/* tri = rect * rect, so tri * rect is the quadratic B-spline */
static double bspline2(double t)
{
    double a = fabs(t);
    if (a <= 0.5)
        return 0.75 - t * t;
    return a <= 1.5 ? (1.5 - a) * (1.5 - a) / 2 : 0;
}

/* exp rates 2 and 5, both cut at 4: (e^(-2t) - e^(-5t)) / 3 while t <= 4 */
static double exp_exp(double t)
{
    if (t <= 0)
        return 0;
    if (t <= 4)
        return (exp(-2 * t) - exp(-5 * t)) / 3;
    /* past 4 the overlap is [t - 4, 4] */
    double lo = t - 4;
    return exp(-5 * t) * (exp(3 * 4) - exp(3 * lo)) / 3;
}

/* the same rate 2 twice: t e^(-2t) while t <= 4 */
static double exp_exp_same(double t)
{
    if (t <= 0)
        return 0;
    return (t <= 4 ? t : 8 - t) * exp(-2 * t);
}

/* sin(2 pi t) on [0, 1) with rect [0, 0.5) */
static double sine_rect(double t)
{
    double lo = fmax(0, t - 0.5), hi = fmin(1, t);
    return hi > lo ? (cos(2 * M_PI * lo) - cos(2 * M_PI * hi)) / (2 * M_PI) : 0;
}

/* ramp t on [0, 1) with rect [0, 1): the integral of tau over the overlap */
static double ramp_rect(double t)
{
    double lo = fmax(0, t - 1), hi = fmin(1, t);
    return hi > lo ? (hi * hi - lo * lo) / 2 : 0;
}

START_TEST(more_pairs_match_their_closed_forms)
{
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        check_pair("tri", "rect", steps[i], bspline2, 1e-14);
        check_pair("exp:rate=2,until=4", "exp:rate=5,until=4", steps[i], exp_exp, 1e-12);
        check_pair("exp:rate=2,until=4", "exp:rate=2,until=4", steps[i], exp_exp_same, 1e-12);
        check_pair("sine:freq=1", "rect:width=0.5,center=0.25", steps[i], sine_rect, 1e-9);
        check_pair("ramp", "rect:center=0.5", steps[i], ramp_rect, 1e-14);
        check_pair("values:0;0.5;1,dt=0.5", "step:at=0,until=1", steps[i], ramp_rect, 1e-14);
    }
}
END_TEST

/* The midpoint sum of x(tau) h(t - tau) over 2^15 cells of the overlap: an
 * independent reference, off by at most about a cell's width times a jump.
 * At the times below it stays within 3e-8 of the peak from the engine's
 * values (3e-9 with 2^18 cells, eight times the work), far inside the
 * 1e-4 the test allows. */
static double brute_force(const ca_csignal *x, const ca_csignal *h, double t)
{
    double xl, xh, hl, hh;
    ca_csignal_support(x, &xl, &xh);
    ca_csignal_support(h, &hl, &hh);
    double lo = fmax(xl, t - hh), hi = fmin(xh, t - hl);
    if (!(lo < hi))
        return 0;
    const int cells = 1 << 15;
    double w = (hi - lo) / cells, sum = 0;
    for (int i = 0; i < cells; i++) {
        double tau = lo + (i + 0.5) * w;
        sum += ca_csignal_eval(x, tau) * ca_csignal_eval(h, t - tau);
    }
    return sum * w;
}

START_TEST(every_pair_matches_a_brute_force_sum)
{
    static const char *const specs[] = {
        "rect:width=0.7,center=0.2", "tri:width=1.5,height=-1", "exp:rate=4,start=-0.3",
        "step:at=0.1,until=0.9", "gauss:sigma=0.2,center=0.3", "sine:freq=2.5,phase=1,to=1.3",
        "sinc:width=0.15", "ramp:from=-0.5,to=0.25", "values:0.5;-1;2;0.25,dt=0.3,t0=-0.2",
    };
    enum { N = sizeof specs / sizeof specs[0] };
    for (size_t i = 0; i < N; i++) {
        for (size_t j = i; j < N; j++) {
            ca_csignal *x = cs(specs[i]), *h = cs(specs[j]);
            double lo, hi, ref[9], peak = 0;
            ca_integral_support(x, h, &lo, &hi);
            for (int k = 0; k < 9; k++) {
                ref[k] = brute_force(x, h, lo + (hi - lo) * (k + 0.5) / 9);
                peak = fmax(peak, fabs(ref[k]));
            }
            for (int k = 0; k < 9; k++) {
                double t = lo + (hi - lo) * (k + 0.5) / 9;
                char what[160];
                snprintf(what, sizeof what, "%s * %s", specs[i], specs[j]);
                assert_near(ca_integral_at(x, h, t), ref[k], 1e-4 * peak, what, t);
                /* convolution commutes, though the quadrature's nodes fall
                 * elsewhere the other way round */
                assert_near(ca_integral_at(h, x, t), ca_integral_at(x, h, t), 1e-9 * peak,
                            what, t);
            }
            ca_csignal_free(x);
            ca_csignal_free(h);
        }
    }
}
END_TEST

START_TEST(grid_and_limits)
{
    ca_csignal *x = cs("rect"), *h = cs("rect");
    double y[5];
    ca_error err = { 0 };
    ck_assert_int_eq(ca_integral_grid(x, h, -1, 0.5, 5, y, &err), CA_OK);
    static const double want[] = { 0, 0.5, 1, 0.5, 0 };
    for (int i = 0; i < 5; i++)
        assert_near(y[i], want[i], 1e-15, "grid", -1 + 0.5 * i);
    ck_assert(ca_integral_at(x, h, 5) == 0 && ca_integral_at(x, h, -1) == 0);

    ca_trace tr = { (double *)1, (double *)1, 1 };
    ck_assert_int_eq(ca_integral_trace(x, h, -0.1, NULL, &tr, &err), CA_EINPUT);
    ck_assert_str_eq(err.msg, "dt must be a number > 0 (got -0.1)");
    ck_assert(tr.t == NULL && tr.v == NULL && tr.n == 0);
    ck_assert_int_eq(ca_integral_trace(x, h, NAN, NULL, &tr, &err), CA_EINPUT);
    ca_signal_limits lim = { 100 };
    ck_assert_int_eq(ca_integral_trace(x, h, 0.01, &lim, &tr, &err), CA_ELIMIT);
    ck_assert_str_eq(err.msg,
                     "dt=0.01 makes 201 values of y(t) over [-1, 1], over the limit of 100");
    ck_assert_int_eq(ca_integral_trace(x, h, 1e-9, NULL, &tr, &err), CA_ELIMIT);
    ck_assert_msg(strstr(err.msg, "over the limit of 67108864") != NULL, "%s", err.msg);
    ca_csignal_free(x);
    ca_csignal_free(h);

    /* within the sample limit but over the panel limit */
    x = cs("sine:freq=100,to=10");
    ck_assert_int_eq(ca_integral_trace(x, x, 1e-5, NULL, &tr, &err), CA_ELIMIT);
    ck_assert_msg(strstr(err.msg, "quadrature panels each are over the limit of 134217728 "
                                  "panels") != NULL, "%s", err.msg);
    ck_assert_int_eq(ca_integral_grid(x, x, 0, 1e-5, 2000000, y, &err), CA_ELIMIT);
    ca_csignal_free(x);
}
END_TEST

/* The command line prints "t y" pairs that parse back. */
static size_t parse_pairs(const char *text, double *t, double *v, size_t cap)
{
    size_t n = 0;
    int used;
    while (n < cap && sscanf(text, "%lf %lf\n%n", &t[n], &v[n], &used) == 2) {
        text += used;
        n++;
    }
    ck_assert_msg(*text == '\0', "unparsed output: %.40s", text);
    return n;
}

START_TEST(cli_conv_prints_the_integral_within_1e3_of_its_peak)
{
    static struct { const char *f, *g; oracle want; } pairs[] = {
        { "rect", "rect", triangle },
        { "rect:center=0.5", "exp:rate=3,height=3", rise_and_fall },
        { "gauss:sigma=0.3,center=1", "gauss:sigma=0.4,center=-2", gauss_sum },
    };
    enum { CAP = 4096 };
    static double t[CAP], v[CAP];
    static run r;
    char dir[256], path[512];
    tu_mkdtemp(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/y.txt", dir);
    for (size_t p = 0; p < sizeof pairs / sizeof pairs[0]; p++) {
        cu_run_with(&r, NULL, "", path, "conv", "--continuous", "-f", pairs[p].f, "-g",
                    pairs[p].g, (const char *)NULL);
        ck_assert_msg(r.code == 0, "%s * %s: %s", pairs[p].f, pairs[p].g, r.err);
        size_t len;
        uint8_t *text = tu_read_all(path, &len);
        text[len ? len - 1 : 0] = '\0';
        size_t n = parse_pairs((const char *)text, t, v, CAP);
        free(text);
        ck_assert_msg(n > 50 && n < CAP, "%zu lines", n);
        double peak = 0;
        for (size_t i = 0; i < n; i++)
            peak = fmax(peak, pairs[p].want(t[i]));
        for (size_t i = 0; i < n; i++)
            assert_near(v[i], pairs[p].want(t[i]), 1e-3 * peak, pairs[p].g, t[i]);
    }
    tu_rmtree(dir);
    RUN(&r, "conv", "--continuous", "--dt", "0.25", "-f", "rect", "-g", "rect");
    ck_assert_int_eq(r.code, 0);
    ck_assert_str_eq(r.out, "-1 0\n-0.75 0.25\n-0.5 0.5\n-0.25 0.75\n0 1\n0.25 0.75\n"
                            "0.5 0.5\n0.75 0.25\n1 0\n");
}
END_TEST

START_TEST(cli_signal_prints_the_samples_and_both_sides_of_each_jump)
{
    static run r;
    RUN(&r, "signal", "--continuous", "--dt", "0.5", "step:at=0,until=1,height=2");
    ck_assert_int_eq(r.code, 0);
    ck_assert_str_eq(r.out, "0 0\n0 2\n0.5 2\n1 2\n1 0\n");
    RUN(&r, "signal", "--continuous", "tri");
    ck_assert_int_eq(r.code, 0);
    double t[256], v[256];
    size_t n = parse_pairs(r.out, t, v, 256);
    /* 50 steps per half width, both ends */
    ck_assert_uint_eq(n, 101);
    ck_assert(t[0] == -1 && t[50] == 0 && v[50] == 1 && t[100] == 1 && v[100] == 0);
}
END_TEST

static const tu_suite suite = { .name = "continuous", .timeout = 60 };
TU_MAIN(suite, generators_follow_their_formulas, supports_breaks_and_jumps,
        defaults_are_the_textbook_shapes, every_listed_generator_parses_with_defaults,
        samples_come_from_files_and_streams, bad_specs_name_the_culprit,
        trace_draws_edges_as_vertical_lines, flipped_and_product_traces_follow_h_of_t_minus_tau,
        default_dt_resolves_the_narrowest_feature, rect_with_rect_is_the_exact_triangle,
        rect_with_exp_rises_and_falls_exactly, gauss_with_gauss_sums_the_variances,
        more_pairs_match_their_closed_forms, every_pair_matches_a_brute_force_sum, grid_and_limits,
        cli_conv_prints_the_integral_within_1e3_of_its_peak,
        cli_signal_prints_the_samples_and_both_sides_of_each_jump)

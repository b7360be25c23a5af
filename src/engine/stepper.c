#include <stdlib.h>
#include <string.h>

#include "convanim/conv.h"
#include "base/util.h"

struct ca_stepper {
    double *f, *g, *y, *products;
    size_t nf, ng, len, offset;
    ca_conv_mode mode;
    bool correlate;
    long origin;              /* where output 0 stands */
};

void ca_stepper_free(ca_stepper *st)
{
    if (!st)
        return;
    free(st->f);
    free(st->g);
    free(st->y);
    free(st->products);
    free(st);
}

ca_status ca_stepper_new(const double *f, size_t nf, const double *g, size_t ng,
                         ca_conv_mode mode, bool correlate, ca_stepper **out, ca_error *err)
{
    *out = NULL;
    ca_status s = ca_conv_check(nf, ng, err);
    if (s != CA_OK)
        return s;
    ca_stepper *st = calloc(1, sizeof *st);
    if (!st)
        return ca_fail(err, CA_ENOMEM, "out of memory for the stepper");
    st->nf = nf;
    st->ng = ng;
    st->len = ca_conv_length(nf, ng, mode);
    st->offset = ca_conv_offset(nf, ng, mode, correlate);
    st->mode = mode;
    st->correlate = correlate;
    st->origin = ca_conv_origin(nf, ng, 0, 0, mode, correlate);
    st->f = malloc(nf * sizeof *st->f);
    st->g = malloc(ng * sizeof *st->g);
    st->y = malloc(st->len * sizeof *st->y);
    st->products = malloc((nf < ng ? nf : ng) * sizeof *st->products);
    if (!st->f || !st->g || !st->y || !st->products) {
        ca_stepper_free(st);
        return ca_fail(err, CA_ENOMEM, "out of memory for the stepper");
    }
    memcpy(st->f, f, nf * sizeof *f);
    memcpy(st->g, g, ng * sizeof *g);
    s = ca_conv(f, nf, g, ng, mode, correlate, st->y, err);
    if (s != CA_OK) {
        ca_stepper_free(st);
        return s;
    }
    *out = st;
    return CA_OK;
}

void ca_stepper_set_origins(ca_stepper *st, long f_origin, long g_origin)
{
    st->origin = ca_conv_origin(st->nf, st->ng, f_origin, g_origin, st->mode, st->correlate);
}

long ca_stepper_origin(const ca_stepper *st)
{
    return st->origin;
}

size_t ca_stepper_length(const ca_stepper *st)
{
    return st->len;
}

const double *ca_stepper_output(const ca_stepper *st)
{
    return st->y;
}

void ca_stepper_step(ca_stepper *st, size_t n, ca_step *step)
{
    size_t t = st->offset + n;
    size_t lo = t + 1 > st->ng ? t + 1 - st->ng : 0;
    size_t hi = t + 1 < st->nf ? t + 1 : st->nf;

    step->n = n;
    step->index = st->origin + (long)n;
    step->f_lo = lo;
    step->f_hi = hi;
    if (st->correlate) {
        /* full output t pairs f[k] with g[k - t + ng - 1] */
        step->g_origin = (long)t - (long)(st->ng - 1);
        step->g_dir = 1;
        step->g_lo = lo + st->ng - 1 - t;
        step->g_hi = hi + st->ng - 1 - t;
    } else {
        /* full output t pairs f[k] with g[t - k] */
        step->g_origin = (long)t;
        step->g_dir = -1;
        step->g_lo = t + 1 - hi;
        step->g_hi = t + 1 - lo;
    }
    for (size_t k = lo; k < hi; k++) {
        long j = ((long)k - step->g_origin) * step->g_dir;
        st->products[k - lo] = st->f[k] * st->g[j];
    }
    step->products = st->products;
    step->y = st->y[n];
}

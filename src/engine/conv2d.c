#include <math.h>

#include "convanim/conv2d.h"
#include "base/util.h"

/* Output samples along one side of n stride-1 samples. */
static int strided(int n, int s)
{
    return (n - 1) / s + 1;
}

ca_status ca_conv2d_size(int ih, int iw, int kh, int kw, ca_conv_mode mode, int sy, int sx,
                         int *oh, int *ow, ca_error *err)
{
    if (sy < 1 || sx < 1)
        return ca_fail(err, CA_EINPUT, "the stride must be at least 1 (got %d,%d)", sy,
                       sx);
    int h = ih, w = iw;
    if (mode == CA_CONV_FULL) {
        h = ih + kh - 1;
        w = iw + kw - 1;
    } else if (mode == CA_CONV_VALID) {
        if (kh > ih || kw > iw)
            return ca_fail(err, CA_EINPUT, "a %dx%d kernel does not fit in a %dx%d "
                           "image in valid mode (use full or same)", kw, kh, iw, ih);
        h = ih - kh + 1;
        w = iw - kw + 1;
    }
    *oh = strided(h, sy);
    *ow = strided(w, sx);
    return CA_OK;
}

void ca_conv2d_origin(int kh, int kw, ca_conv_mode mode, int *row0, int *col0)
{
    /* scipy's convolve2d keeps the middle of the full output for same,
     * leaning up and left when the kernel's side is even */
    *row0 = mode == CA_CONV_SAME ? (kh - 1) / 2 : mode == CA_CONV_VALID ? kh - 1 : 0;
    *col0 = mode == CA_CONV_SAME ? (kw - 1) / 2 : mode == CA_CONV_VALID ? kw - 1 : 0;
}

double ca_conv2d_at(const ca_image *image, const ca_image *kernel, int r, int c)
{
    /* kernel rows a with 0 <= r - a < image height, columns b likewise */
    int a0 = r - image->height + 1 > 0 ? r - image->height + 1 : 0;
    int a1 = r < kernel->height - 1 ? r : kernel->height - 1;
    int b0 = c - image->width + 1 > 0 ? c - image->width + 1 : 0;
    int b1 = c < kernel->width - 1 ? c : kernel->width - 1;
    double sum = 0;
    for (int a = a0; a <= a1; a++) {
        const double *k = kernel->v + (size_t)a * kernel->width;
        const double *f = image->v + (size_t)(r - a) * image->width + c;
        for (int b = b0; b <= b1; b++)
            sum += k[b] * f[-b];
    }
    return sum;
}

ca_status ca_conv2d(const ca_image *image, const ca_image *kernel, ca_conv_mode mode, int sy,
                    int sx, ca_image *out, ca_error *err)
{
    int oh, ow, r0, c0;
    out->v = NULL;
    out->width = out->height = 0;
    ca_status s = ca_conv2d_size(image->height, image->width, kernel->height, kernel->width,
                                 mode, sy, sx, &oh, &ow, err);
    if (s != CA_OK)
        return s;
    /* the output may be a kernel's size over the image limit in full mode */
    ca_image_limits lim = { .max_side = 2 * CA_IMAGE_DEFAULT_MAX_SIDE,
                            .max_pixels = 4 * CA_IMAGE_DEFAULT_MAX_PIXELS };
    if ((s = ca_image_new("the output", ow, oh, &lim, out, err)) != CA_OK)
        return s;
    ca_conv2d_origin(kernel->height, kernel->width, mode, &r0, &c0);
    for (int i = 0; i < oh; i++)
        for (int j = 0; j < ow; j++) {
            double v = ca_conv2d_at(image, kernel, r0 + i * sy, c0 + j * sx);
            /* finite pixels and weights can still overflow when multiplied
             * and summed; no picture or caption can show the result */
            if (!isfinite(v)) {
                ca_image_free(out);
                return ca_fail(err, CA_EINPUT, "the output overflows: row %d, column %d is %g; "
                               "scale the kernel down", i, j, v);
            }
            out->v[(size_t)i * ow + j] = v;
        }
    return CA_OK;
}

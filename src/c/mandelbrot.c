/*
 * Mandelbrot: the C reference of src/workload/mandelbrot.rs (Benchmarks Game "mandelbrot").
 * Pixel (x, y) of an n x n bitmap is c = (2x/n - 1.5) + (2y/n - 1)i; it is in the set (bit 1)
 * when z = z^2 + c, from z = 0, stays within |z|^2 <= 4 for 50 iterations. Writes the whole
 * PBM (P4) file: the header "P4\n<n> <n>\n", then each row packed 8 pixels a byte, most
 * significant bit first, padded with zero bits. Same algorithm and the same order of
 * floating-point operations as the Rust variant, in plain C99.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define MAX_ITER 50
#define LIMIT_SQUARED 4.0

/* Whether c = cr + ci*i stays within |z|^2 <= 4 for 50 iterations of z = z^2 + c. */
static int in_set(double cr, double ci)
{
    double zr = 0.0, zi = 0.0, tr = 0.0, ti = 0.0;
    int i;
    for (i = 0; i < MAX_ITER; i++) {
        zi = 2.0 * zr * zi + ci;
        zr = tr - ti + cr;
        tr = zr * zr;
        ti = zi * zi;
        if (tr + ti > LIMIT_SQUARED) {
            return 0;
        }
    }
    return 1;
}

/*
 * Writes the PBM file of the n x n bitmap to out and returns its length. If capacity is
 * smaller than that length, writes nothing and returns the length needed (out may then be
 * NULL). Returns 0 if n is too large for the header or the length to be represented.
 */
size_t pyrust_mandelbrot(uint64_t n, uint8_t *out, size_t capacity)
{
    char header[64];
    int header_len = snprintf(header, sizeof header, "P4\n%llu %llu\n",
                              (unsigned long long)n, (unsigned long long)n);
    size_t size = (size_t)n;
    size_t row_bytes = size / 8 + (size % 8 != 0);
    size_t total, x, y, pos;
    double scale = (double)size;

    if (header_len < 0 || (size_t)header_len >= sizeof header || (uint64_t)size != n) {
        return 0;
    }
    if (row_bytes != 0 && size > (SIZE_MAX - (size_t)header_len) / row_bytes) {
        return 0;
    }
    total = (size_t)header_len + row_bytes * size;
    if (capacity < total) {
        return total;
    }
    memcpy(out, header, (size_t)header_len);
    pos = (size_t)header_len;
    for (y = 0; y < size; y++) {
        double ci = 2.0 * (double)y / scale - 1.0;
        unsigned byte = 0;
        for (x = 0; x < size; x++) {
            double cr = 2.0 * (double)x / scale - 1.5;
            byte = byte << 1 | (unsigned)in_set(cr, ci);
            if (x % 8 == 7) {
                out[pos++] = (uint8_t)byte;
                byte = 0;
            }
        }
        if (size % 8 != 0) {
            out[pos++] = (uint8_t)(byte << (8 - size % 8));
        }
    }
    return pos;
}

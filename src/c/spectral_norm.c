/*
 * Spectral norm: the C reference of src/workload/spectral_norm.rs (Benchmarks Game
 * "spectral-norm"). The power method on A(i, j) = 1 / ((i + j)(i + j + 1) / 2 + i + 1),
 * truncated to n x n: ten rounds of v = AtA u; u = AtA v, then sqrt((u.v) / (v.v)).
 * Same algorithm and the same order of floating-point operations as the Rust variant
 * (every sum left to right, starting from zero), in plain C99.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/* 1 / A(i, j): an exact integer, so dividing by it is the definition's A(i, j) product. */
static double a_inverse(size_t i, size_t j)
{
    return (double)((i + j) * (i + j + 1) / 2 + i + 1);
}

/* out = A v */
static void mul_a(const double *v, double *out, size_t n)
{
    size_t i, j;
    for (i = 0; i < n; i++) {
        double sum = 0.0;
        for (j = 0; j < n; j++) {
            sum += v[j] / a_inverse(i, j);
        }
        out[i] = sum;
    }
}

/* out = At v */
static void mul_at(const double *v, double *out, size_t n)
{
    size_t i, j;
    for (i = 0; i < n; i++) {
        double sum = 0.0;
        for (j = 0; j < n; j++) {
            sum += v[j] / a_inverse(j, i);
        }
        out[i] = sum;
    }
}

/* out = AtA v, through tmp = A v */
static void mul_at_a(const double *v, double *out, double *tmp, size_t n)
{
    mul_a(v, tmp, n);
    mul_at(tmp, out, n);
}

/* The spectral norm of the n x n truncation of A (NaN if the vectors cannot be allocated). */
double pyrust_spectral_norm(uint64_t n64)
{
    size_t n = (size_t)n64;
    size_t i;
    int round;
    double vbv = 0.0, vv = 0.0;
    double *u = malloc(n * sizeof *u);
    double *v = malloc(n * sizeof *v);
    double *tmp = malloc(n * sizeof *tmp);
    if (n > 0 && (u == NULL || v == NULL || tmp == NULL)) {
        free(u);
        free(v);
        free(tmp);
        return NAN;
    }
    for (i = 0; i < n; i++) {
        u[i] = 1.0;
        v[i] = 0.0;
        tmp[i] = 0.0;
    }
    for (round = 0; round < 10; round++) {
        mul_at_a(u, v, tmp, n);
        mul_at_a(v, u, tmp, n);
    }
    for (i = 0; i < n; i++) {
        vbv += u[i] * v[i];
        vv += v[i] * v[i];
    }
    free(u);
    free(v);
    free(tmp);
    return sqrt(vbv / vv);
}

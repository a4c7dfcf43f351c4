/*
 * Fannkuch-redux: the C reference of src/workload/fannkuch_redux.rs (Benchmarks Game
 * "fannkuch-redux"). Every permutation of 0..n in the definition's count-based rotation
 * order; for each, the first k + 1 elements are reversed while the first element k is not
 * 0. Returns the checksum (flips added for even-numbered permutations, subtracted for odd
 * ones) and the maximum number of flips; the caller formats the definition's two lines.
 * Same algorithm as the Rust variant, in plain C99.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

struct pyrust_fannkuch_result {
    int64_t checksum;
    int64_t max_flips;
};

/* n below 1 is taken as 1, as in Rust. Returns max_flips = -1 if memory runs out. */
struct pyrust_fannkuch_result pyrust_fannkuch_redux(uint64_t n64)
{
    struct pyrust_fannkuch_result result = {0, 0};
    size_t n = n64 < 1 ? 1 : (size_t)n64;
    size_t *perm1 = malloc(n * sizeof *perm1);
    size_t *perm = malloc(n * sizeof *perm);
    size_t *count = malloc(n * sizeof *count);
    int even = 1;
    size_t r = n;
    size_t i;

    if (perm1 == NULL || perm == NULL || count == NULL) {
        result.max_flips = -1;
        goto done;
    }
    for (i = 0; i < n; i++) {
        perm1[i] = i;
    }
    for (;;) {
        while (r != 1) {
            count[r - 1] = r;
            r--;
        }
        /* A permutation that starts with 0 needs no flip and adds nothing. */
        if (perm1[0] != 0) {
            int64_t flips = 0;
            size_t k;
            for (i = 0; i < n; i++) {
                perm[i] = perm1[i];
            }
            k = perm[0];
            while (k != 0) {
                size_t lo = 0, hi = k;
                while (lo < hi) {
                    size_t t = perm[lo];
                    perm[lo] = perm[hi];
                    perm[hi] = t;
                    lo++;
                    hi--;
                }
                flips++;
                k = perm[0];
            }
            if (flips > result.max_flips) {
                result.max_flips = flips;
            }
            result.checksum += even ? flips : -flips;
        }
        even = !even;
        /* The next permutation: rotate the first r + 1 elements left until a counter is left. */
        for (;;) {
            size_t first;
            if (r == n) {
                goto done;
            }
            first = perm1[0];
            for (i = 0; i < r; i++) {
                perm1[i] = perm1[i + 1];
            }
            perm1[r] = first;
            count[r]--;
            if (count[r] > 0) {
                break;
            }
            r++;
        }
    }
done:
    free(perm1);
    free(perm);
    free(count);
    return result;
}

//! Fannkuch-redux: pancake flipping on every permutation of `0..n`, as defined by the Computer
//! Language Benchmarks Game ("fannkuch-redux"). For each permutation, in the definition's
//! order (the count-based rotation order), the first `k + 1` elements are reversed while the
//! first element `k` is not 0, and the flips are counted. The output is the definition's two
//! lines: the checksum (flips added for even-numbered permutations and subtracted for odd
//! ones) and `Pfannkuchen(n) = ` the maximum number of flips.

use rayon::prelude::*;

use super::{Category, Output, RustKernel, Sizes, Variant, Workload};

/// The fannkuch-redux workload: `n` is the number of elements permuted (`n!` permutations).
pub struct FannkuchRedux;

impl Workload for FannkuchRedux {
    fn name(&self) -> &'static str {
        "fannkuch_redux"
    }

    fn category(&self) -> Category {
        Category::InterpreterBound
    }

    fn description(&self) -> &'static str {
        "fannkuch-redux: pancake flips over all n! permutations (small-array integer work)"
    }

    fn sizes(&self) -> Sizes {
        Sizes {
            verify: 7,
            quick: 8,
            full: 9,
        }
    }

    fn variants(&self) -> &'static [Variant] {
        &[
            Variant::Rust,
            Variant::C,
            Variant::Python,
            Variant::Hybrid,
            Variant::PythonJit,
            Variant::RustPar,
            Variant::PythonThreads,
            Variant::PythonProcs,
        ]
    }

    fn rust(&self, n: u64) -> RustKernel {
        RustKernel::new(move || Output::Text(run(std::hint::black_box(n))))
    }

    fn c(&self, n: u64) -> Option<RustKernel> {
        Some(RustKernel::new(move || {
            let n = std::hint::black_box(n);
            let (checksum, max_flips) = crate::c::fannkuch_redux(n);
            Output::Text(output(n, checksum, max_flips))
        }))
    }

    fn rust_par(&self, n: u64) -> Option<RustKernel> {
        Some(RustKernel::new(move || {
            Output::Text(run_par(std::hint::black_box(n)))
        }))
    }
}

/// The definition's output for `n` (at least 1): `"{checksum}\nPfannkuchen({n}) = {max}"`.
pub fn run(n: u64) -> String {
    let n = usize::try_from(n.max(1)).expect("n fits in usize");
    report(n, tally(n, n, 0))
}

/// The same output, the permutations cut into the `n·(n-1)` blocks of `(n-2)!` consecutive
/// ones in the definition's order, tallied in parallel on the current rayon pool.
pub fn run_par(n: u64) -> String {
    let n = usize::try_from(n.max(1)).expect("n fits in usize");
    let m = n.saturating_sub(2).max(1);
    let block = factorial(m);
    let tally = (0..factorial(n) / block)
        .into_par_iter()
        .map(|b| tally(n, m, b * block))
        .reduce(Tally::default, Tally::merge);
    report(n, tally)
}

/// The checksum and the most flips over some of the permutations.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Tally {
    checksum: i64,
    max_flips: i64,
}

impl Tally {
    /// The tally of two disjoint sets of permutations.
    fn merge(self, other: Tally) -> Tally {
        Tally {
            checksum: self.checksum + other.checksum,
            max_flips: self.max_flips.max(other.max_flips),
        }
    }
}

/// The definition's two lines.
fn report(n: usize, tally: Tally) -> String {
    output(n as u64, tally.checksum, tally.max_flips)
}

/// The definition's two lines for `n` (at least 1), from any implementation's checksum and
/// most flips.
pub fn output(n: u64, checksum: i64, max_flips: i64) -> String {
    format!("{checksum}\nPfannkuchen({}) = {max_flips}", n.max(1))
}

/// `n!`, the number of permutations of `0..n`.
fn factorial(n: usize) -> usize {
    (1..=n)
        .try_fold(1usize, usize::checked_mul)
        .expect("n! fits in usize")
}

/// The tally of the `m!` permutations of `0..n` (`1 <= m <= n`) from number `start` on, a
/// multiple of `m!`, in the definition's order: the block in which only the first `m`
/// elements move. `tally(n, n, 0)` is every permutation.
fn tally(n: usize, m: usize, start: usize) -> Tally {
    // Also a hint to the optimiser: without it the loop below ran a few percent slower.
    assert!((1..=n).contains(&m), "1 <= m <= n");
    let mut perm1 = unrank(n, start);
    let mut perm = vec![0; n];
    let mut count = vec![0; n];
    let mut checksum: i64 = 0;
    let mut max_flips: i64 = 0;
    let mut even = start % 2 == 0;
    let mut r = m;
    loop {
        while r != 1 {
            count[r - 1] = r;
            r -= 1;
        }
        // A permutation that starts with 0 needs no flip and adds nothing.
        if perm1[0] != 0 {
            perm.copy_from_slice(&perm1);
            let mut flips: i64 = 0;
            let mut k = perm[0];
            while k != 0 {
                perm[..=k].reverse();
                flips += 1;
                k = perm[0];
            }
            max_flips = max_flips.max(flips);
            checksum += if even { flips } else { -flips };
        }
        even = !even;
        // The next permutation: rotate the first r + 1 elements left until a counter is left.
        loop {
            if r == m {
                return Tally {
                    checksum,
                    max_flips,
                };
            }
            perm1[..=r].rotate_left(1);
            count[r] -= 1;
            if count[r] > 0 {
                break;
            }
            r += 1;
        }
    }
}

/// Permutation number `index` of `0..n` in the definition's order. The order is a
/// mixed-radix counter: `index = Σ d_r · r!`, digit `d_r ∈ 0..=r` counting the rotations of
/// the first `r + 1` elements since that counter was last reset, so the permutation is the
/// identity rotated left by `d_r` over its first `r + 1` elements, from the highest `r` down.
fn unrank(n: usize, mut index: usize) -> Vec<usize> {
    let mut digits = vec![0; n];
    for (r, digit) in digits.iter_mut().enumerate().skip(1) {
        *digit = index % (r + 1);
        index /= r + 1;
    }
    let mut perm: Vec<usize> = (0..n).collect();
    for r in (1..n).rev() {
        perm[..=r].rotate_left(digits[r]);
    }
    perm
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_for_7_is_the_published_one() {
        assert_eq!(run(7), "228\nPfannkuchen(7) = 16");
    }

    #[test]
    fn small_cases_follow_the_definition() {
        // n = 3: 012 (0), 102 (1), 120 (2), 210 (1), 201 (2), 021 (0), signs + - + - + -
        assert_eq!(run(3), "2\nPfannkuchen(3) = 2");
        assert_eq!(run(1), "0\nPfannkuchen(1) = 0");
    }

    #[test]
    fn unrank_follows_the_definitions_order() {
        let order = [
            [0, 1, 2],
            [1, 0, 2],
            [1, 2, 0],
            [2, 1, 0],
            [2, 0, 1],
            [0, 2, 1],
        ];
        for (index, perm) in order.iter().enumerate() {
            assert_eq!(unrank(3, index), perm, "{index}");
        }
    }

    #[test]
    fn blocks_add_up_to_the_whole() {
        for n in [1, 3, 7, 8, 9] {
            assert_eq!(run_par(n), run(n), "n = {n}");
        }
        // Blocks of one permutation each: every one unranked, signed by its own parity.
        for n in [5, 7] {
            let whole = tally(n, n, 0);
            for m in 1..=n {
                let block = factorial(m);
                let split = (0..factorial(n) / block)
                    .map(|b| tally(n, m, b * block))
                    .fold(Tally::default(), Tally::merge);
                assert_eq!(split, whole, "n = {n}, m = {m}");
            }
        }
    }

    #[test]
    fn kernel_returns_text_output() {
        let mut kernel = FannkuchRedux.rust(5);
        assert_eq!(kernel.run(), Output::Text(run(5)));
        let mut kernel = FannkuchRedux.rust_par(5).expect("rust_par");
        assert_eq!(kernel.run(), Output::Text(run(5)));
    }
}

//! Fannkuch-redux: pancake flipping on every permutation of `0..n`, as defined by the Computer
//! Language Benchmarks Game ("fannkuch-redux"). For each permutation, in the definition's
//! order (the count-based rotation order), the first `k + 1` elements are reversed while the
//! first element `k` is not 0, and the flips are counted. The output is the definition's two
//! lines: the checksum (flips added for even-numbered permutations and subtracted for odd
//! ones) and `Pfannkuchen(n) = ` the maximum number of flips.

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
        &[Variant::Rust, Variant::C, Variant::Python, Variant::Hybrid]
    }

    fn rust(&self, n: u64) -> RustKernel {
        Box::new(move || Output::Text(run(std::hint::black_box(n))))
    }

    fn c(&self, n: u64) -> Option<RustKernel> {
        Some(Box::new(move || {
            let n = std::hint::black_box(n);
            let (checksum, max_flips) = crate::c::fannkuch_redux(n);
            Output::Text(format!(
                "{checksum}\nPfannkuchen({}) = {max_flips}",
                n.max(1)
            ))
        }))
    }
}

/// The definition's output for `n` (at least 1): `"{checksum}\nPfannkuchen({n}) = {max}"`.
pub fn run(n: u64) -> String {
    let n = usize::try_from(n.max(1)).expect("n fits in usize");
    let mut perm1: Vec<usize> = (0..n).collect();
    let mut perm = vec![0; n];
    let mut count = vec![0; n];
    let mut checksum: i64 = 0;
    let mut max_flips: i64 = 0;
    let mut even = true;
    let mut r = n;
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
            if r == n {
                return format!("{checksum}\nPfannkuchen({n}) = {max_flips}");
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
    fn kernel_returns_text_output() {
        let mut kernel = FannkuchRedux.rust(5);
        assert_eq!(kernel(), Output::Text(run(5)));
    }
}

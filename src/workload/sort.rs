//! Sort: sort `n` floats and `n` strings, each into a new vector, with the standard library's
//! stable sort (Python's `sorted` is stable too; with no NaN and no equal keys here the
//! results are the same either way, but this keeps the comparison stable merge-based sort
//! against stable merge-based sort). Floats are ordered by `f64::total_cmp`, strings by
//! bytes, which for these lowercase ASCII strings is Python's code point order.
//!
//! The input (built untimed, the same values as the Python module's `setup`) comes from the
//! shared generator: `n` floats in `[0, 1)`, one state each ([`Lcg::next_f64`]), then `n`
//! strings of 8 to 16 lowercase letters, 17 states each (a length, then 16 letters of which
//! the first `length` are used). The generator has a full period of 139,968 states, and 17 is
//! prime to it, so up to `n = 139,968` (the full size) every float and every string is
//! distinct: no run of duplicates that one sort algorithm exploits and another does not.
//!
//! Timed: copying the floats and sorting the copy; collecting `&str`s to the strings and
//! sorting those (like Python's `sorted`, which copies the list of references, not the
//! strings). The output is FNV-1a over 64-bit words of the sorted floats' bits, then of each
//! sorted string's length and zero-padded bytes. Both sides compute it untimed: Python in
//! `canonical`, Rust when the kernel is asked to finish ([`RustKernel::staged`]).
//!
//! There is no pure-Python `python` variant: the way to sort in Python, pure or not, is
//! `sorted`/`list.sort` (Timsort, in C). A sort written out in Python loops is code nobody
//! writes, so timing it would measure a strawman rather than Python. The workload is
//! library-bound: the idiomatic Python spends its time in C.

use super::data::Lcg;
use super::{Category, Fnv1aWords, Output, RustKernel, Sizes, Variant, Workload};

/// The sort workload: `n` floats and `n` strings.
pub struct Sort;

impl Workload for Sort {
    fn name(&self) -> &'static str {
        "sort"
    }

    fn category(&self) -> Category {
        Category::LibraryBound
    }

    fn description(&self) -> &'static str {
        "sort: stable comparison sorts of floats and of short strings"
    }

    fn sizes(&self) -> Sizes {
        Sizes {
            verify: 2_000,
            quick: 20_000,
            full: 139_968,
        }
    }

    fn variants(&self) -> &'static [Variant] {
        &[Variant::Rust, Variant::PythonC, Variant::Hybrid]
    }

    fn rust(&self, n: u64) -> RustKernel {
        let (floats, strings) = input(n);
        // The digest, like Python's `canonical`, is not part of the timed work.
        RustKernel::staged(move |finish| {
            let (floats, strings) = std::hint::black_box((&floats, &strings));
            let (floats, strings) = std::hint::black_box(sorted(floats, strings));
            finish.then(|| Output::Text(format!("{:016x}", digest(&floats, &strings))))
        })
    }
}

const LETTERS: &[u8; 26] = b"abcdefghijklmnopqrstuvwxyz";
/// Letters drawn per string; the first 8 to 16 of them are used.
const DRAWS: usize = 16;

/// `n` floats and `n` strings from the shared generator.
pub fn input(n: u64) -> (Vec<f64>, Vec<String>) {
    let n = usize::try_from(n).expect("n fits in usize");
    let mut lcg = Lcg::default();
    let floats = (0..n).map(|_| lcg.next_f64(1.0)).collect();
    let mut below = |k: u64| lcg.below(k) as usize;
    let strings = (0..n)
        .map(|_| {
            let len = 8 + below(9);
            let letters: Vec<u8> = (0..DRAWS).map(|_| LETTERS[below(26)]).collect();
            String::from_utf8(letters[..len].to_vec()).expect("ASCII letters")
        })
        .collect();
    (floats, strings)
}

/// Sorted copies: the floats themselves, and references to the strings (owned `String`s
/// here, `str`s borrowed from Python objects in `pyrust_kernels.sort`).
pub fn sorted<'a, S: AsRef<str>>(floats: &[f64], strings: &'a [S]) -> (Vec<f64>, Vec<&'a str>) {
    let mut floats = floats.to_vec();
    floats.sort_by(f64::total_cmp);
    let mut strings: Vec<&str> = strings.iter().map(AsRef::as_ref).collect();
    strings.sort();
    (floats, strings)
}

/// FNV-1a over 64-bit words: each float's bits, then each string's length and its bytes as
/// little-endian words, the last one zero-padded.
pub fn digest(floats: &[f64], strings: &[&str]) -> u64 {
    let mut h = Fnv1aWords::new();
    for x in floats {
        h.word(x.to_bits());
    }
    for s in strings {
        h.bytes(s.as_bytes());
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn input_is_the_python_modules_input() {
        // From python/pyrust_workloads/sort.py: setup(10).
        let (floats, strings) = input(10);
        assert_eq!(floats[0], 52_439.0 / 139_968.0);
        assert_eq!(strings[..3], ["rmirewkmx", "olsbcbvi", "rtseradquiu"]);
        assert!(strings.iter().all(|s| (8..=16).contains(&s.len())));
    }

    #[test]
    fn every_value_is_distinct_at_the_full_size() {
        let n = Sort.sizes().full;
        let (floats, strings) = input(n);
        let floats: HashSet<u64> = floats.iter().map(|x| x.to_bits()).collect();
        let strings: HashSet<&String> = strings.iter().collect();
        assert_eq!(floats.len() as u64, n);
        assert_eq!(strings.len() as u64, n);
    }

    #[test]
    fn results_are_the_sorted_inputs() {
        let (floats, strings) = input(2_000);
        let (sf, ss) = sorted(&floats, &strings);
        assert!(sf.is_sorted() && ss.is_sorted());
        let mut f = floats.clone();
        f.sort_unstable_by(f64::total_cmp);
        assert_eq!(sf, f);
        let mut s: Vec<&str> = strings.iter().map(String::as_str).collect();
        s.sort_unstable();
        assert_eq!(ss, s);
    }

    #[test]
    fn kernel_output_is_the_python_digest() {
        // From python/pyrust_workloads/sort.py: canonical(python_c(*setup(n))).
        for (n, expected) in [(10, "bf41207b278e6013"), (2_000, "183c88df4a45db23")] {
            let mut kernel = Sort.rust(n);
            assert_eq!(kernel.run(), Output::Text(expected.into()), "n = {n}");
        }
    }
}

//! Pidigits: the first `n` digits of pi by the unbounded spigot algorithm on big integers, as
//! defined by the Computer Language Benchmarks Game ("pi-digits"): Gibbons' streaming spigot,
//! step by step. The state is three big integers `numer = 1`, `accum = 0`, `denom = 1`. For
//! `k = 1, 2, ...` the next term is folded in (`accum = (accum + 2 numer)(2k + 1)`,
//! `denom *= 2k + 1`, `numer *= k`); when `numer <= accum` and the digits extracted with 3 and
//! with 4, `(3 numer + accum) / denom` and `(4 numer + accum) / denom`, agree, that digit is
//! the next one and is eliminated (`accum = 10 (accum - d denom)`, `numer *= 10`). One
//! `div_rem` gives the digit with 3 and its remainder; the digit with 4 agrees exactly when
//! `remainder + numer < denom` (the Python variant takes the same steps with `divmod`). There
//! is no input. The output is the definition's text: lines of 10 digits, each followed by
//! `"\t:<count>"`, the last line padded with spaces to 10 digits.
//!
//! The big integers are `num-bigint`'s `BigInt` (signed: `accum` dips below zero after an
//! elimination). It is pure safe Rust, the same kind of library as CPython's own `int`:
//! schoolbook and Karatsuba multiplication (plus Toom-3, unused here: every product has a
//! small factor), and the division of one big number by another that is the heart of this
//! loop. That makes this a like-for-like comparison of two bignum libraries; one structural
//! difference is Rust's 64-bit limbs against CPython's 30-bit digits, the other is division:
//! CPython divides this shape by schoolbook, while `num-bigint` 0.4.7 and later switch to
//! Burnikel-Ziegler for divisors over 64 limbs, which is slower than schoolbook for this shape
//! (a one-digit quotient). A GMP-backed crate (`rug`) would mostly measure GMP's hand-written
//! assembly instead. The idiomatic Python spends nearly all its time inside `int`'s C code,
//! so the workload is library-bound, and that Python is the only Python variant (there is no
//! separate `python_c`).

use std::fmt::Write;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{ToPrimitive, Zero};

use super::{Category, Output, RustKernel, Sizes, Variant, Workload};

/// The pidigits workload: `n` is the number of digits.
pub struct Pidigits;

impl Workload for Pidigits {
    fn name(&self) -> &'static str {
        "pidigits"
    }

    fn category(&self) -> Category {
        Category::LibraryBound
    }

    fn description(&self) -> &'static str {
        "pidigits: big-integer arithmetic in the unbounded spigot for the digits of pi"
    }

    fn sizes(&self) -> Sizes {
        Sizes {
            verify: 300,
            quick: 1_500,
            full: 4_000,
        }
    }

    fn variants(&self) -> &'static [Variant] {
        &[Variant::Rust, Variant::Python, Variant::Hybrid]
    }

    fn rust(&self, n: u64) -> RustKernel {
        RustKernel::new(move || Output::Text(run(std::hint::black_box(n))))
    }
}

/// Digits per line of output.
const LINE: u64 = 10;

/// The first `n` digits of pi, in the definition's format.
pub fn run(n: u64) -> String {
    let mut numer = BigInt::from(1u32);
    let mut accum = BigInt::zero();
    let mut denom = BigInt::from(1u32);
    let mut out = String::with_capacity(usize::try_from(n * 2 + 20).expect("n fits in usize"));
    let mut line = String::with_capacity(LINE as usize);
    let mut k: u32 = 0;
    let mut i: u64 = 0;
    while i < n {
        k += 1;
        let k2 = 2 * k + 1;
        accum += &numer * 2u32;
        accum *= k2;
        denom *= k2;
        numer *= k;
        if numer > accum {
            continue;
        }
        // Here accum >= numer > 0, so truncating div_rem is Python's floor divmod.
        let (d, rem) = (&numer * 3u32 + &accum).div_rem(&denom);
        if rem + &numer >= denom {
            continue;
        }
        let d = d.to_u32().expect("a digit");
        i += 1;
        line.push(char::from_digit(d, 10).expect("a decimal digit"));
        if i % LINE == 0 {
            writeln!(out, "{line}\t:{i}").expect("writing to a String");
            line.clear();
        }
        accum -= &denom * d;
        accum *= 10u32;
        numer *= 10u32;
    }
    if !line.is_empty() {
        writeln!(out, "{line:<10}\t:{n}").expect("writing to a String");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN_30: &str = include_str!("../../tests/known/pidigits_30.txt");

    #[test]
    fn first_30_digits_are_the_published_output() {
        assert_eq!(run(30), KNOWN_30);
    }

    #[test]
    fn a_short_last_line_is_padded_to_ten_digits() {
        assert_eq!(
            run(27),
            "3141592653\t:10\n5897932384\t:20\n6264338   \t:27\n"
        );
        assert_eq!(run(1), "3         \t:1\n");
        assert_eq!(run(0), "");
    }

    #[test]
    fn digits_100_match_pi() {
        let digits: String = run(100)
            .lines()
            .map(|l| l.split('\t').next().expect("digits").trim_end())
            .collect();
        assert_eq!(
            digits,
            "3141592653589793238462643383279502884197169399375105820974944592307816406286\
             208998628034825342117067"
        );
    }

    #[test]
    fn kernel_returns_text_output() {
        let mut kernel = Pidigits.rust(20);
        assert_eq!(kernel.run(), Output::Text(run(20)));
    }
}

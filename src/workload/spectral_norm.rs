//! Spectral norm: the largest singular value of the infinite matrix
//! `A(i, j) = 1 / ((i + j)(i + j + 1) / 2 + i + 1)`, truncated to `n x n`, by the power method,
//! as defined by the Computer Language Benchmarks Game ("spectral-norm"). Starting from
//! `u = (1, …, 1)`, ten rounds of `v = AᵀA u; u = AᵀA v`, with the matrix entries computed on
//! the fly, then `sqrt((u·v) / (v·v))`. The output is that norm as a float.
//!
//! [`run_par`] computes the entries of each matrix-vector product in parallel on the current
//! rayon pool; every entry is the same sum, in the same order, as in [`run`], so the norm is
//! bit-identical.

use rayon::prelude::*;

use super::{Category, Output, RustKernel, Sizes, Variant, Workload};

/// The spectral-norm workload: `n` is the order of the matrix.
pub struct SpectralNorm;

impl Workload for SpectralNorm {
    fn name(&self) -> &'static str {
        "spectral_norm"
    }

    fn category(&self) -> Category {
        Category::InterpreterBound
    }

    fn description(&self) -> &'static str {
        "spectral-norm: power method on an implicit n x n matrix (floating-point dot products)"
    }

    fn sizes(&self) -> Sizes {
        Sizes {
            verify: 100,
            quick: 150,
            full: 400,
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
        RustKernel::new(move || Output::Float(run(std::hint::black_box(n))))
    }

    fn c(&self, n: u64) -> Option<RustKernel> {
        Some(RustKernel::new(move || {
            Output::Float(crate::c::spectral_norm(std::hint::black_box(n)))
        }))
    }

    fn rust_par(&self, n: u64) -> Option<RustKernel> {
        Some(RustKernel::new(move || {
            Output::Float(run_par(std::hint::black_box(n)))
        }))
    }
}

/// The spectral norm of the `n x n` truncation of `A`.
pub fn run(n: u64) -> f64 {
    power_method(n, false)
}

/// The same norm, the entries of every product computed in parallel on the current rayon pool.
pub fn run_par(n: u64) -> f64 {
    power_method(n, true)
}

/// The power method, each matrix-vector product spread over the rayon pool if `parallel`.
fn power_method(n: u64, parallel: bool) -> f64 {
    let n = usize::try_from(n).expect("n fits in usize");
    let mut u = vec![1.0; n];
    let mut v = vec![0.0; n];
    let mut tmp = vec![0.0; n];
    for _ in 0..10 {
        mul_at_a(&u, &mut v, &mut tmp, parallel);
        mul_at_a(&v, &mut u, &mut tmp, parallel);
    }
    let vbv: f64 = u.iter().zip(&v).map(|(a, b)| a * b).sum();
    let vv: f64 = v.iter().map(|b| b * b).sum();
    (vbv / vv).sqrt()
}

/// `1 / A(i, j)`: an exact integer, so dividing by it is the definition's `A(i, j)` product.
fn a_inverse(i: usize, j: usize) -> f64 {
    ((i + j) * (i + j + 1) / 2 + i + 1) as f64
}

/// `out = A v`.
fn mul_a(v: &[f64], out: &mut [f64], parallel: bool) {
    fill(out, parallel, |i| {
        v.iter()
            .enumerate()
            .map(|(j, vj)| vj / a_inverse(i, j))
            .sum()
    });
}

/// `out = Aᵀ v`.
fn mul_at(v: &[f64], out: &mut [f64], parallel: bool) {
    fill(out, parallel, |i| {
        v.iter()
            .enumerate()
            .map(|(j, vj)| vj / a_inverse(j, i))
            .sum()
    });
}

/// `out = AᵀA v`, through `tmp = A v`.
fn mul_at_a(v: &[f64], out: &mut [f64], tmp: &mut [f64], parallel: bool) {
    mul_a(v, tmp, parallel);
    mul_at(tmp, out, parallel);
}

/// `out[i] = entry(i)` for every `i`: in order, or spread over the rayon pool if `parallel`.
fn fill(out: &mut [f64], parallel: bool, entry: impl Fn(usize) -> f64 + Sync) {
    if parallel {
        out.par_iter_mut()
            .enumerate()
            .for_each(|(i, o)| *o = entry(i));
    } else {
        for (i, o) in out.iter_mut().enumerate() {
            *o = entry(i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_for_100_is_the_published_value() {
        assert_eq!(format!("{:.9}", run(100)), "1.274219991");
    }

    #[test]
    fn matrix_starts_as_the_definition() {
        // A = [[1, 1/2, 1/4, ...], [1/3, 1/5, ...], [1/6, ...]]
        assert_eq!(a_inverse(0, 0), 1.0);
        assert_eq!(a_inverse(0, 1), 2.0);
        assert_eq!(a_inverse(1, 0), 3.0);
        assert_eq!(a_inverse(0, 2), 4.0);
        assert_eq!(a_inverse(1, 1), 5.0);
        assert_eq!(a_inverse(2, 0), 6.0);
    }

    #[test]
    fn parallel_norm_is_bit_identical_to_serial() {
        for n in [1, 10, 100, 257] {
            assert_eq!(run_par(n).to_bits(), run(n).to_bits(), "n = {n}");
        }
    }

    #[test]
    fn kernel_returns_a_float_output() {
        let mut kernel = SpectralNorm.rust(10);
        assert!(kernel.run().matches(&Output::Float(run(10))));
    }
}

//! Spectral norm: the largest singular value of the infinite matrix
//! `A(i, j) = 1 / ((i + j)(i + j + 1) / 2 + i + 1)`, truncated to `n x n`, by the power method,
//! as defined by the Computer Language Benchmarks Game ("spectral-norm"). Starting from
//! `u = (1, …, 1)`, ten rounds of `v = AᵀA u; u = AᵀA v`, with the matrix entries computed on
//! the fly, then `sqrt((u·v) / (v·v))`. The output is that norm as a float.

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
        &[Variant::Rust, Variant::C, Variant::Python, Variant::Hybrid]
    }

    fn rust(&self, n: u64) -> RustKernel {
        Box::new(move || Output::Float(run(std::hint::black_box(n))))
    }

    fn c(&self, n: u64) -> Option<RustKernel> {
        Some(Box::new(move || {
            Output::Float(crate::c::spectral_norm(std::hint::black_box(n)))
        }))
    }
}

/// The spectral norm of the `n x n` truncation of `A`.
pub fn run(n: u64) -> f64 {
    let n = usize::try_from(n).expect("n fits in usize");
    let mut u = vec![1.0; n];
    let mut v = vec![0.0; n];
    let mut tmp = vec![0.0; n];
    for _ in 0..10 {
        mul_at_a(&u, &mut v, &mut tmp);
        mul_at_a(&v, &mut u, &mut tmp);
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
fn mul_a(v: &[f64], out: &mut [f64]) {
    for (i, o) in out.iter_mut().enumerate() {
        *o = v
            .iter()
            .enumerate()
            .map(|(j, vj)| vj / a_inverse(i, j))
            .sum();
    }
}

/// `out = Aᵀ v`.
fn mul_at(v: &[f64], out: &mut [f64]) {
    for (i, o) in out.iter_mut().enumerate() {
        *o = v
            .iter()
            .enumerate()
            .map(|(j, vj)| vj / a_inverse(j, i))
            .sum();
    }
}

/// `out = AᵀA v`, through `tmp = A v`.
fn mul_at_a(v: &[f64], out: &mut [f64], tmp: &mut [f64]) {
    mul_a(v, tmp);
    mul_at(tmp, out);
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
    fn kernel_returns_a_float_output() {
        let mut kernel = SpectralNorm.rust(10);
        assert!(kernel().matches(&Output::Float(run(10))));
    }
}

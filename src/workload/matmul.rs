//! Matrix multiplication: `C = A x B` for two dense `n x n` matrices of `f64`, by the
//! definition `C[i][j] = sum over k of A[i][k] * B[k][j]` (n^3 multiply-adds). The
//! inputs are built before timing from the shared generator: `A` row by row, then `B` row by
//! row, each entry [`Lcg::next_f64`]`(1.0)`, in `[0, 1)`. The output is a checksum of the
//! whole product, the sum of all `n * n` entries of `C`, computed inside the timed closure
//! (O(n^2), against the O(n^3) product); the entries are positive, so the sum has no
//! cancellation and the summation order (loops here, pairwise sums or BLAS blocking in
//! Python) changes it only by about 1e-15 relative.
//!
//! The Rust variant is the plain triple loop over row-major `Vec<f64>`s in i-k-j order (the
//! innermost loop runs along a row of `B` and a row of `C`, so the compiler vectorizes it):
//! safe, single-threaded, no BLAS. The `python` variant is pure Python over lists of lists
//! (`sum(map(mul, row, col))` over the columns of `B`). The `python_c` variant is numpy,
//! `(A @ B).sum()`, which calls the BLAS numpy was built with: the numpy 2.4 wheels bundle
//! OpenBLAS 0.3.31, which splits a product this size over every core unless
//! `OPENBLAS_NUM_THREADS=1` is set. On the 2-core machine it was written on, the `python_c`
//! call for `n = 240` took 0.26 ms with OpenBLAS's default threads and 0.45 ms with
//! `OPENBLAS_NUM_THREADS=1`: unless that variable is set, `python_c` is not single-threaded
//! (OpenBLAS reported 2 threads and its `Haswell` kernel there: cache-blocked, AVX2 + FMA,
//! picked at run time, where Rust's plain loop is compiled for baseline x86-64, SSE2).
//!
//! The `rust_par` variant ([`multiply_par`]) hands the rows of `C` to the current rayon pool:
//! each row is the same i-k-j loop ([`multiply_row`]) as in [`multiply`], and the checksum is
//! the same sequential sum, so its output is bit-identical to `rust`'s.

use rayon::prelude::*;

use super::data::Lcg;
use super::{Category, Output, RustKernel, Sizes, Variant, Workload};

/// The matrix multiplication workload: `n` is the order of the square matrices.
pub struct Matmul;

impl Workload for Matmul {
    fn name(&self) -> &'static str {
        "matmul"
    }

    fn category(&self) -> Category {
        Category::LibraryBound
    }

    fn description(&self) -> &'static str {
        "matmul: dense n x n f64 matrix product (multiply-add loops; numpy/BLAS in Python)"
    }

    fn sizes(&self) -> Sizes {
        Sizes {
            verify: 40,
            quick: 120,
            full: 240,
        }
    }

    fn variants(&self) -> &'static [Variant] {
        &[
            Variant::Rust,
            Variant::Python,
            Variant::PythonC,
            Variant::Hybrid,
            Variant::RustPar,
            Variant::PythonThreads,
            Variant::PythonProcs,
        ]
    }

    fn rust(&self, n: u64) -> RustKernel {
        let n = usize::try_from(n).expect("n fits in usize");
        let (a, b) = input(n);
        RustKernel::new(move || {
            let c = multiply(std::hint::black_box(&a), std::hint::black_box(&b), n);
            Output::Float(std::hint::black_box(c).iter().sum())
        })
    }

    fn rust_par(&self, n: u64) -> Option<RustKernel> {
        let n = usize::try_from(n).expect("n fits in usize");
        let (a, b) = input(n);
        Some(RustKernel::new(move || {
            let c = multiply_par(std::hint::black_box(&a), std::hint::black_box(&b), n);
            Output::Float(std::hint::black_box(c).iter().sum())
        }))
    }
}

/// `A` and then `B`, each `n * n` values of the shared generator in `[0, 1)`, row-major.
pub fn input(n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut lcg = Lcg::default();
    let mut matrix = || (0..n * n).map(|_| lcg.next_f64(1.0)).collect::<Vec<f64>>();
    let a = matrix();
    let b = matrix();
    (a, b)
}

/// The product of the row-major `n x n` matrices `a` and `b`, row-major, in i-k-j order.
pub fn multiply(a: &[f64], b: &[f64], n: usize) -> Vec<f64> {
    let mut c = blank_product(a, b, n);
    if n > 0 {
        for (c_row, a_row) in c.chunks_exact_mut(n).zip(a.chunks_exact(n)) {
            multiply_row(a_row, b, c_row);
        }
    }
    c
}

/// The same product, its rows computed in parallel on the current rayon pool.
pub fn multiply_par(a: &[f64], b: &[f64], n: usize) -> Vec<f64> {
    let mut c = blank_product(a, b, n);
    if n > 0 {
        c.par_chunks_exact_mut(n)
            .zip(a.par_chunks_exact(n))
            .for_each(|(c_row, a_row)| multiply_row(a_row, b, c_row));
    }
    c
}

/// The zeroed `n x n` product, once `a` and `b` are checked to be `n x n`.
fn blank_product(a: &[f64], b: &[f64], n: usize) -> Vec<f64> {
    assert!(
        a.len() == n * n && b.len() == n * n,
        "both matrices are n x n"
    );
    vec![0.0; n * n]
}

/// One row of the product: `c_row += a_row x b`, `k` outer, `j` inner (`c_row` zeroed).
#[inline]
fn multiply_row(a_row: &[f64], b: &[f64], c_row: &mut [f64]) {
    for (&a_ik, b_row) in a_row.iter().zip(b.chunks_exact(c_row.len())) {
        for (c_ij, &b_kj) in c_row.iter_mut().zip(b_row) {
            *c_ij += a_ik * b_kj;
        }
    }
}

/// The sum of the entries of `A x B` for size `n`.
pub fn run(n: usize) -> f64 {
    let (a, b) = input(n);
    multiply(&a, &b, n).iter().sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_product_is_exact() {
        // [[1, 2], [3, 4]] x [[5, 6], [7, 8]] = [[19, 22], [43, 50]]
        let c = multiply(&[1.0, 2.0, 3.0, 4.0], &[5.0, 6.0, 7.0, 8.0], 2);
        assert_eq!(c, [19.0, 22.0, 43.0, 50.0]);
    }

    #[test]
    fn product_with_identity_is_the_matrix() {
        let n = 7;
        let (a, _) = input(n);
        let identity: Vec<f64> = (0..n * n)
            .map(|i| if i / n == i % n { 1.0 } else { 0.0 })
            .collect();
        assert_eq!(multiply(&a, &identity, n), a);
        assert_eq!(multiply(&identity, &a, n), a);
    }

    #[test]
    fn checksum_is_column_sums_of_a_dot_row_sums_of_b() {
        // sum_ij (AB)_ij = sum_k (sum_i A_ik) (sum_j B_kj): an independent O(n^2) route.
        let n = 40;
        let (a, b) = input(n);
        let expected: f64 = (0..n)
            .map(|k| {
                let col: f64 = (0..n).map(|i| a[i * n + k]).sum();
                let row: f64 = b[k * n..(k + 1) * n].iter().sum();
                col * row
            })
            .sum();
        assert!(Output::Float(run(n)).matches(&Output::Float(expected)));
    }

    #[test]
    fn inputs_follow_the_generator_a_first() {
        let (a, b) = input(3);
        let mut lcg = Lcg::default();
        let values: Vec<f64> = (0..18).map(|_| lcg.next_f64(1.0)).collect();
        assert_eq!(a, values[..9]);
        assert_eq!(b, values[9..]);
    }

    #[test]
    fn parallel_product_is_bit_identical_to_serial() {
        for n in [0, 1, 7, 40, 101] {
            let (a, b) = input(n);
            let (serial, parallel) = (multiply(&a, &b, n), multiply_par(&a, &b, n));
            assert!(
                serial
                    .iter()
                    .map(|x| x.to_bits())
                    .eq(parallel.iter().map(|x| x.to_bits())),
                "n = {n}"
            );
        }
    }

    #[test]
    fn parallel_kernel_matches_serial_kernel() {
        let (mut serial, mut parallel) = (Matmul.rust(40), Matmul.rust_par(40).unwrap());
        assert_eq!(parallel.run(), serial.run());
    }

    #[test]
    fn kernel_returns_a_float_output() {
        let mut kernel = Matmul.rust(10);
        assert!(kernel.run().matches(&Output::Float(run(10))));
    }
}

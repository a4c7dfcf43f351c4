//! N-queens: the number of ways to place `n` queens on an `n x n` chessboard so that no two
//! attack each other (OEIS A000170: 1, 0, 0, 2, 10, 4, 40, 92, 352, 724, 2680, 14200, ...),
//! counted by exhaustive backtracking, row by row. The occupied columns and the two sets of
//! attacked diagonals are bit masks: in each row the free squares are
//! `all & !(cols | left | right)`, the lowest free bit is taken in turn (`avail & -avail`),
//! and the diagonal masks move one bit left and right for the next row. A placement that
//! fills the last column is counted without another call. No symmetry is exploited. The input
//! is `n` alone; the output is the number of solutions.

use super::{Category, Output, RustKernel, Sizes, Variant, Workload};

/// The n-queens workload: `n` is the size of the board and the number of queens.
pub struct NQueens;

impl Workload for NQueens {
    fn name(&self) -> &'static str {
        "nqueens"
    }

    fn category(&self) -> Category {
        Category::InterpreterBound
    }

    fn description(&self) -> &'static str {
        "n-queens: recursive backtracking over bit masks (integer ops, calls, branches)"
    }

    fn sizes(&self) -> Sizes {
        Sizes {
            verify: 10,
            quick: 11,
            full: 12,
        }
    }

    fn variants(&self) -> &'static [Variant] {
        &[
            Variant::Rust,
            Variant::Python,
            Variant::Hybrid,
            Variant::PythonJit,
        ]
    }

    fn rust(&self, n: u64) -> RustKernel {
        RustKernel::new(move || Output::Int(run(std::hint::black_box(n))))
    }
}

/// The largest board: the left-diagonal mask is shifted once per row without being trimmed,
/// so it needs `2n` bits.
const MAX_N: u64 = 32;

/// The number of solutions on an `n x n` board.
pub fn run(n: u64) -> i64 {
    assert!(n <= MAX_N, "n-queens is defined here for n <= {MAX_N}");
    if n == 0 {
        return 1;
    }
    let all = (1u64 << n) - 1;
    let count = solve(all, 0, 0, 0);
    i64::try_from(count).expect("the count fits in i64")
}

/// Solutions that complete a board whose filled rows occupy `cols` and attack the next row on
/// `left` and `right`.
fn solve(all: u64, cols: u64, left: u64, right: u64) -> u64 {
    let mut count = 0;
    let mut avail = all & !(cols | left | right);
    while avail != 0 {
        let bit = avail & avail.wrapping_neg();
        avail ^= bit;
        let c = cols | bit;
        if c == all {
            count += 1;
        } else {
            count += solve(all, c, (left | bit) << 1, (right | bit) >> 1);
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::py::PyCall;
    use crate::workload::Variant;

    /// OEIS A000170, n = 0..=12.
    const A000170: [i64; 13] = [1, 1, 0, 0, 2, 10, 4, 40, 92, 352, 724, 2680, 14200];

    #[test]
    fn counts_are_the_published_values() {
        for (n, &expected) in A000170.iter().enumerate() {
            assert_eq!(run(n as u64), expected, "n = {n}");
        }
    }

    #[test]
    fn python_counts_are_the_published_values() {
        for n in [4, 6, 8, 10] {
            let python = PyCall::variant("pyrust_workloads.nqueens", Variant::Python, n, None)
                .and_then(|v| v.call())
                .expect("the python variant runs");
            assert_eq!(python, Output::Int(A000170[n as usize]), "n = {n}");
        }
    }

    #[test]
    fn kernel_returns_an_int_output() {
        let mut kernel = NQueens.rust(8);
        assert_eq!(kernel.run(), Output::Int(92));
    }
}

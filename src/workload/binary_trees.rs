//! Binary trees: allocation and traversal of many perfect binary trees, as defined by the
//! Computer Language Benchmarks Game ("binary-trees"). With `max_depth = max(6, n)`: a
//! "stretch" tree of depth `max_depth + 1` is built, checked and freed; a long-lived tree of
//! depth `max_depth` is built; then for each depth `d` from 4 to `max_depth` in steps of 2,
//! `2^(max_depth - d + 4)` trees of depth `d` are built, checked and freed; the long-lived
//! tree is checked last. A check counts a tree's nodes. The output is the definition's text,
//! one line per phase, each ending in a newline.
//!
//! A tree is `Tree(None)` (a leaf) or `Tree(Some(Box<(Tree, Tree)>))`: one heap allocation per
//! inner node that holds its two children, exactly what the Python variant's `(left, right)`
//! tuples are (CPython shares its constant leaf `(None, None)`, as Rust's `None` needs no heap).

use std::fmt::Write as _;

use rayon::prelude::*;

use super::{Category, Output, RustKernel, Sizes, Variant, Workload};

/// The binary-trees workload: `n` is the maximum depth (at least 6).
pub struct BinaryTrees;

impl Workload for BinaryTrees {
    fn name(&self) -> &'static str {
        "binary_trees"
    }

    fn category(&self) -> Category {
        Category::InterpreterBound
    }

    fn description(&self) -> &'static str {
        "binary-trees: allocate, walk and free many perfect binary trees (allocation-heavy)"
    }

    fn sizes(&self) -> Sizes {
        Sizes {
            verify: 10,
            quick: 12,
            full: 14,
        }
    }

    fn variants(&self) -> &'static [Variant] {
        &[
            Variant::Rust,
            Variant::Python,
            Variant::Hybrid,
            Variant::RustPar,
            Variant::PythonThreads,
            Variant::PythonProcs,
        ]
    }

    fn rust(&self, n: u64) -> RustKernel {
        RustKernel::new(move || Output::Text(run(std::hint::black_box(n))))
    }

    fn rust_par(&self, n: u64) -> Option<RustKernel> {
        Some(RustKernel::new(move || {
            Output::Text(run_par(std::hint::black_box(n)))
        }))
    }
}

/// The depth of the smallest trees.
const MIN_DEPTH: u32 = 4;

/// A perfect binary tree: a leaf, or an inner node that owns its two subtrees (also used by
/// the pause probe of `no-gc-pauses`, in `src/claims/no_gc_pauses/`).
pub struct Tree(Option<Box<(Tree, Tree)>>);

impl Tree {
    /// Builds a perfect tree of `depth` levels below the root, allocating each inner node.
    pub fn bottom_up(depth: u32) -> Tree {
        if depth == 0 {
            Tree(None)
        } else {
            Tree(Some(Box::new((
                Tree::bottom_up(depth - 1),
                Tree::bottom_up(depth - 1),
            ))))
        }
    }

    /// The number of nodes, leaves included.
    pub fn check(&self) -> u64 {
        match &self.0 {
            None => 1,
            Some(children) => 1 + children.0.check() + children.1.check(),
        }
    }
}

/// The definition's output for `n`.
pub fn run(n: u64) -> String {
    report(n, |depth, count| (0..count).map(|_| check_new(depth)).sum())
}

/// The same output, the trees of each phase built and checked in parallel on the current
/// rayon pool.
pub fn run_par(n: u64) -> String {
    report(n, |depth, count| {
        (0..count).into_par_iter().map(|_| check_new(depth)).sum()
    })
}

/// Builds a tree of `depth`, checks it and frees it.
fn check_new(depth: u32) -> u64 {
    Tree::bottom_up(depth).check()
}

/// The definition's output for `n`, where `checks(depth, count)` builds, checks and frees
/// `count` trees of `depth` and sums their checks.
fn report(n: u64, checks: impl Fn(u32, u64) -> u64) -> String {
    let max_depth = u32::try_from(n)
        .expect("depth fits in u32")
        .max(MIN_DEPTH + 2);
    let mut out = String::new();

    let stretch_depth = max_depth + 1;
    let check = checks(stretch_depth, 1);
    writeln!(
        out,
        "stretch tree of depth {stretch_depth}\t check: {check}"
    )
    .expect("String");

    let long_lived = Tree::bottom_up(max_depth);
    for depth in (MIN_DEPTH..=max_depth).step_by(2) {
        let iterations = 1u64 << (max_depth - depth + MIN_DEPTH);
        let check = checks(depth, iterations);
        writeln!(
            out,
            "{iterations}\t trees of depth {depth}\t check: {check}"
        )
        .expect("String");
    }

    let check = long_lived.check();
    writeln!(out, "long lived tree of depth {max_depth}\t check: {check}").expect("String");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_for_10_is_the_published_one() {
        let expected = "stretch tree of depth 11\t check: 4095\n\
                        1024\t trees of depth 4\t check: 31744\n\
                        256\t trees of depth 6\t check: 32512\n\
                        64\t trees of depth 8\t check: 32704\n\
                        16\t trees of depth 10\t check: 32752\n\
                        long lived tree of depth 10\t check: 2047\n";
        assert_eq!(run(10), expected);
    }

    #[test]
    fn depth_is_at_least_six() {
        assert_eq!(run(0), run(6));
        assert!(run(6).starts_with("stretch tree of depth 7\t check: 255\n"));
    }

    #[test]
    fn parallel_phases_give_the_same_output() {
        for n in [6, 10, 13] {
            assert_eq!(run_par(n), run(n), "n = {n}");
        }
    }

    #[test]
    fn kernel_returns_text_output() {
        let mut kernel = BinaryTrees.rust(6);
        assert_eq!(kernel.run(), Output::Text(run(6)));
        let mut kernel = BinaryTrees.rust_par(6).expect("rust_par");
        assert_eq!(kernel.run(), Output::Text(run(6)));
    }
}

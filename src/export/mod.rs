//! `pyrust-bench export`: a results file in the formats that benchmark trackers read, one small
//! file per format behind the [`Export`] trait, listed in [`EXPORTS`]. Every format keys an
//! entry by [`BenchResult::name`] and carries its median and 95% interval in ns.

mod bmf;
mod csv;
mod github_action_benchmark;

use crate::results::{BenchResult, Index, ResultsFile};
use crate::workload::Variant;

/// One export format.
pub trait Export: Sync {
    /// The name `--format` takes, e.g. `bmf`.
    fn id(&self) -> &'static str;
    /// What reads it, for `--help` and errors.
    fn describe(&self) -> &'static str;
    /// The results file in this format.
    fn render(&self, file: &ResultsFile) -> String;
}

/// Every format, in the order `--help` lists them.
pub const EXPORTS: &[&dyn Export] = &[
    &bmf::Bmf,
    &github_action_benchmark::GithubActionBenchmark,
    &csv::Csv,
];

/// The format named `id`.
pub fn find(id: &str) -> Option<&'static dyn Export> {
    EXPORTS.iter().copied().find(|e| e.id() == id)
}

/// An entry's median ÷ the embedded `rust` median of its workload at the same `n`, where both
/// were timed (for `rust` itself, 1).
fn ratio_to_rust(rust: &Index, r: &BenchResult) -> Option<f64> {
    let reference = rust
        .get(&r.workload, Variant::Rust)
        .filter(|e| e.n == r.n)?;
    Some(r.timing()?.median / reference.timing()?.median)
}

/// The interpreter an entry ran under, in words: `CPython 3.11.7` for the embedded one.
fn interpreter(file: &ResultsFile, r: &BenchResult) -> String {
    match &r.interpreter {
        Some(id) => id.label(),
        None => {
            let p = &file.environment.python;
            format!("{} {}", p.implementation, p.version)
        }
    }
}

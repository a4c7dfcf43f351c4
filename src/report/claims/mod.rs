//! The article's claims and the rules that turn measurements into verdicts, one file per
//! measured claim. Every verdict is computed from the results; a claim this version cannot
//! measure says so and gets `not-measured`, never a made-up verdict.

pub mod c_like;
pub mod dev_speed;
pub mod gc_pauses;
pub mod hybrid;
pub mod memory;
pub mod multicore;
pub mod speed;

use std::collections::HashMap;

use serde_json::json;

pub use c_like::C_LIKE_RULE;
pub use dev_speed::DEV_SPEED_RULE;
pub use gc_pauses::GC_RULE;
pub use hybrid::HYBRID_RULE;
pub use memory::MEMORY_RULE;
pub use multicore::MULTICORE_RULE;
pub use speed::SPEED_RULE;

use crate::results::{BenchResult, Claim, ResultsFile, Verdict};
use crate::workload::{Category, Variant};

/// A claim of the article: its id, the article's words, and how it is (or will be) measured.
#[derive(Debug, Clone, Copy)]
pub struct ClaimSpec {
    pub id: &'static str,
    pub article_says: &'static str,
    pub measured_by: &'static str,
}

/// Every claim under test, in report order: the verdict table, the sections and the charts
/// all follow it.
pub const CLAIMS: &[ClaimSpec] = &[
    ClaimSpec {
        id: "speed-10-100x",
        article_says: "Rust is \"10-100x faster than Python for CPU-bound work\"",
        measured_by: "pure-Python time ÷ single-thread Rust time per workload, split by category",
    },
    ClaimSpec {
        id: "c-like",
        article_says: "Runtime performance: \"Very fast (C-like)\"",
        measured_by: "Rust time ÷ the time of a plain C reference on the same kernels",
    },
    ClaimSpec {
        id: "hybrid-pyo3",
        article_says: "\"Write your hot path in Rust. PyO3 makes this practical\"",
        measured_by: "speedup of Python calling the Rust kernel, boundary costs, break-even",
    },
    ClaimSpec {
        id: "no-gc-pauses",
        article_says: "\"No garbage collector pauses\"",
        measured_by: "CPython cycle-collector pauses against Rust's per-operation latency",
    },
    ClaimSpec {
        id: "memory-footprint",
        article_says: "Rust fits where \"latency or memory usage is a hard constraint\"; \"small binaries\"",
        measured_by: "peak heap per workload, process start-up time, binary size",
    },
    ClaimSpec {
        id: "multicore",
        article_says: "(the article is silent on multi-core work)",
        measured_by: "speedup over one worker of rayon, Python threads and Python processes, at 1 to all cores",
    },
    ClaimSpec {
        id: "dev-speed",
        article_says: "Development speed: Python \"Very fast\", Rust \"Slow\"",
        measured_by: "a proxy only: non-blank, non-comment lines of each implementation",
    },
    ClaimSpec {
        id: "rust-tools-10-100x",
        article_says: "Ruff and Polars are \"10-100x faster than pure Python alternatives\"",
        measured_by: "not planned in this harness yet",
    },
    ClaimSpec {
        id: "api-servers",
        article_says: "\"If your API handles 1000 requests per second … two servers\"",
        measured_by: "not planned in this harness yet",
    },
];

/// The band the article claims for Rust's speedup over Python.
pub const BAND: (f64, f64) = (10.0, 100.0);

/// Where a ratio falls relative to [`BAND`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BandPosition {
    Below,
    Inside,
    Above,
}

impl BandPosition {
    /// Classifies a ratio.
    pub fn of(ratio: f64) -> Self {
        if ratio < BAND.0 {
            BandPosition::Below
        } else if ratio > BAND.1 {
            BandPosition::Above
        } else {
            BandPosition::Inside
        }
    }

    pub(crate) fn id(self) -> &'static str {
        match self {
            BandPosition::Below => "below",
            BandPosition::Inside => "inside",
            BandPosition::Above => "above",
        }
    }
}

/// How many times longer one variant took than `rust` on one workload.
#[derive(Debug, Clone, PartialEq)]
pub struct Speedup {
    pub workload: String,
    pub category: Category,
    pub variant: Variant,
    /// Median of the variant ÷ median of rust.
    pub ratio: f64,
    /// The ratio's bounds, from the ends of both confidence intervals.
    pub low: f64,
    pub high: f64,
}

/// `variant` time ÷ `rust` time for every workload where both were timed, in results order.
pub fn speedups(results: &[BenchResult], variant: Variant) -> Vec<Speedup> {
    let rust = Index::new(results);
    results
        .iter()
        .filter(|r| r.variant == variant)
        .filter_map(|slow| {
            let fast = rust.get(&slow.workload, Variant::Rust)?.timing()?;
            let slow_t = slow.timing()?;
            Some(Speedup {
                workload: slow.workload.clone(),
                category: slow.category,
                variant,
                ratio: slow_t.median / fast.median,
                low: slow_t.low / fast.high,
                high: slow_t.high / fast.low,
            })
        })
        .collect()
}

/// The single-thread entries of a results list by workload and variant: `results::find` in constant
/// time, for rules that look up every workload (files can hold 100,000 entries).
pub struct Index<'a> {
    entries: HashMap<(&'a str, Variant), &'a BenchResult>,
}

impl<'a> Index<'a> {
    pub fn new(results: &'a [BenchResult]) -> Self {
        let mut entries = HashMap::new();
        for r in results.iter().filter(|r| r.workers.is_none()) {
            entries.entry((r.workload.as_str(), r.variant)).or_insert(r);
        }
        Index { entries }
    }

    /// The entry of `variant` of `workload`, as `results::find` gives it.
    pub fn get(&self, workload: &str, variant: Variant) -> Option<&'a BenchResult> {
        self.entries.get(&(workload, variant)).copied()
    }
}

/// The geometric mean of positive values (`None` when empty).
pub fn geometric_mean(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let (sum, count) = values
        .into_iter()
        .fold((0.0, 0usize), |(s, c), v| (s + v.ln(), c + 1));
    (count > 0).then(|| (sum / count as f64).exp())
}

/// The claim `id` of [`CLAIMS`].
pub(crate) fn spec(id: &str) -> &'static ClaimSpec {
    CLAIMS
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("{id} is not a claim"))
}

pub(crate) fn not_measured(spec: &ClaimSpec, why: &str) -> Claim {
    Claim {
        id: spec.id.to_string(),
        verdict: Verdict::NotMeasured,
        summary: format!("Not measured: {why}."),
        evidence: json!({ "planned_measurement": spec.measured_by }),
    }
}

/// Every claim of [`CLAIMS`], with a verdict computed from `results` (and the line counts)
/// where this version measures it.
pub fn evaluate(file: &ResultsFile) -> Vec<Claim> {
    let results = &file.results;
    CLAIMS
        .iter()
        .map(|spec| match spec.id {
            "speed-10-100x" => speed::claim(results),
            "c-like" => c_like::claim(results),
            "dev-speed" => dev_speed::claim(&file.source_lines),
            "hybrid-pyo3" => hybrid::claim(results, file.boundary.as_ref()),
            "no-gc-pauses" => gc_pauses::claim(file.pauses.as_ref()),
            "memory-footprint" => memory::claim(results, file.footprint.as_ref()),
            "multicore" => multicore::claim(results, file.multicore.as_ref()),
            _ => not_measured(spec, "this version of pyrust-bench does not measure it yet"),
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::results::Status;

    pub(crate) fn timed(
        workload: &str,
        category: Category,
        variant: Variant,
        median: f64,
    ) -> BenchResult {
        BenchResult {
            workload: workload.into(),
            category,
            variant,
            n: 1,
            status: Status::Ok,
            message: None,
            median_ns: Some(median),
            ci_low_ns: Some(median * 0.9),
            ci_high_ns: Some(median * 1.1),
            output: None,
            mode: None,
            peak_bytes: None,
            workers: None,
        }
    }

    #[test]
    fn ratio_bounds_come_from_both_intervals() {
        let c = Category::InterpreterBound;
        let results = [
            timed("w", c, Variant::Rust, 100.0),
            timed("w", c, Variant::Python, 1000.0),
        ];
        let s = &speedups(&results, Variant::Python)[0];
        assert!((s.ratio - 10.0).abs() < 1e-9);
        assert!((s.low - 9.0 / 1.1).abs() < 1e-9 && (s.high - 11.0 / 0.9).abs() < 1e-9);
    }

    #[test]
    fn geometric_mean_of_known_values() {
        assert!((geometric_mean([10.0, 1000.0]).unwrap() - 100.0).abs() < 1e-9);
        assert_eq!(geometric_mean([]), None);
    }
}

//! The article's claims and the rules that turn measurements into verdicts. Every verdict is
//! computed from the results; a claim this version cannot measure says so and gets
//! `not-measured`, never a made-up verdict.

use std::collections::BTreeMap;

use serde_json::json;

use crate::results::{BenchResult, Claim, Verdict};
use crate::workload::{Category, Variant};

/// A claim of the article: its id, the article's words, and how it is (or will be) measured.
#[derive(Debug, Clone, Copy)]
pub struct ClaimSpec {
    pub id: &'static str,
    pub article_says: &'static str,
    pub measured_by: &'static str,
}

/// Every claim under test, in report order.
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
        id: "no-gc-pauses",
        article_says: "\"No garbage collector pauses\"",
        measured_by: "CPython cycle-collector pauses against Rust's per-operation latency",
    },
    ClaimSpec {
        id: "hybrid-pyo3",
        article_says: "\"Write your hot path in Rust. PyO3 makes this practical\"",
        measured_by: "speedup of Python calling the Rust kernel, boundary costs, break-even",
    },
    ClaimSpec {
        id: "memory-footprint",
        article_says: "Rust fits where \"latency or memory usage is a hard constraint\"; \"small binaries\"",
        measured_by: "peak heap per workload, process start-up time, binary size",
    },
    ClaimSpec {
        id: "dev-speed",
        article_says: "Development speed: Python \"Very fast\", Rust \"Slow\"",
        measured_by: "a proxy only: non-blank, non-comment lines of each implementation",
    },
    ClaimSpec {
        id: "multicore",
        article_says: "(the article is silent on multi-core work)",
        measured_by: "scaling with rayon against Python threads and processes",
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

    fn id(self) -> &'static str {
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
    results
        .iter()
        .filter(|r| r.variant == variant)
        .filter_map(|slow| {
            let fast = results
                .iter()
                .find(|r| r.workload == slow.workload && r.variant == Variant::Rust)?
                .timing()?;
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

/// The geometric mean of positive values (`None` when empty).
pub fn geometric_mean(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let (sum, count) = values
        .into_iter()
        .fold((0.0, 0usize), |(s, c), v| (s + v.ln(), c + 1));
    (count > 0).then(|| (sum / count as f64).exp())
}

/// The rule for `speed-10-100x`, per category, as stated in the report.
pub const SPEED_RULE: &str = "Per category: *holds* when the geometric mean of the python/rust ratios lies inside 10–100× and at least two thirds of the workloads do; *fails* when the geometric mean lies outside the band and fewer than one third of the workloads are inside it; *partly* otherwise. Overall: *holds* or *fails* when every measured category agrees, else *partly*.";

fn speed_verdict(geomean: f64, inside: usize, count: usize) -> Verdict {
    let share = inside as f64 / count as f64;
    let mean_inside = BandPosition::of(geomean) == BandPosition::Inside;
    if mean_inside && share >= 2.0 / 3.0 {
        Verdict::Holds
    } else if !mean_inside && share < 1.0 / 3.0 {
        Verdict::Fails
    } else {
        Verdict::Partly
    }
}

/// Claim `speed-10-100x` from the measured python/rust ratios.
pub fn speed_claim(results: &[BenchResult]) -> Claim {
    let ratios = speedups(results, Variant::Python);
    let spec = &CLAIMS[0];
    if ratios.is_empty() {
        return not_measured(spec, "no workload has both a python and a rust timing");
    }
    let mut by_category: BTreeMap<Category, Vec<&Speedup>> = BTreeMap::new();
    for s in &ratios {
        by_category.entry(s.category).or_default().push(s);
    }
    let mut per_category = serde_json::Map::new();
    let mut verdicts = Vec::new();
    let mut sentences = Vec::new();
    for (category, items) in &by_category {
        let count_of = |p| {
            items
                .iter()
                .filter(|s| BandPosition::of(s.ratio) == p)
                .count()
        };
        let (below, inside, above) = (
            count_of(BandPosition::Below),
            count_of(BandPosition::Inside),
            count_of(BandPosition::Above),
        );
        let geomean = geometric_mean(items.iter().map(|s| s.ratio)).unwrap_or(f64::NAN);
        let verdict = speed_verdict(geomean, inside, items.len());
        verdicts.push(verdict);
        let min = items.iter().map(|s| s.ratio).fold(f64::INFINITY, f64::min);
        let max = items.iter().map(|s| s.ratio).fold(0.0, f64::max);
        sentences.push(format!(
            "{category}: Rust was {min:.0}–{max:.0}× faster (geometric mean {geomean:.0}×) on {} workloads, {below} below, {inside} inside and {above} above the 10–100× band",
            items.len()
        ));
        per_category.insert(
            category.id().to_string(),
            json!({
                "workloads": items.len(), "below": below, "inside": inside, "above": above,
                "geometric_mean": geomean, "min": min, "max": max, "verdict": verdict.id(),
            }),
        );
    }
    let verdict = if verdicts.iter().all(|v| *v == verdicts[0]) {
        verdicts[0]
    } else {
        Verdict::Partly
    };
    let per_workload: Vec<_> = ratios
        .iter()
        .map(|s| {
            json!({
                "workload": s.workload, "category": s.category.id(), "ratio": s.ratio,
                "ci_low": s.low, "ci_high": s.high, "band": BandPosition::of(s.ratio).id(),
            })
        })
        .collect();
    Claim {
        id: spec.id.to_string(),
        verdict,
        summary: format!("{}.", sentences.join("; ")),
        evidence: json!({
            "band": [BAND.0, BAND.1],
            "rule": SPEED_RULE,
            "per_category": per_category,
            "per_workload": per_workload,
        }),
    }
}

fn not_measured(spec: &ClaimSpec, why: &str) -> Claim {
    Claim {
        id: spec.id.to_string(),
        verdict: Verdict::NotMeasured,
        summary: format!("Not measured: {why}."),
        evidence: json!({ "planned_measurement": spec.measured_by }),
    }
}

/// Every claim of [`CLAIMS`], with a verdict computed from `results` where this version
/// measures it.
pub fn evaluate(results: &[BenchResult]) -> Vec<Claim> {
    CLAIMS
        .iter()
        .map(|spec| match spec.id {
            "speed-10-100x" => speed_claim(results),
            _ => not_measured(spec, "this version of pyrust-bench does not measure it yet"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::Status;

    fn timed(workload: &str, category: Category, variant: Variant, median: f64) -> BenchResult {
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
        }
    }

    fn pair(name: &str, ratio: f64) -> [BenchResult; 2] {
        let c = Category::InterpreterBound;
        [
            timed(name, c, Variant::Rust, 1000.0),
            timed(name, c, Variant::Python, 1000.0 * ratio),
        ]
    }

    fn verdict_for(ratios: &[f64]) -> Verdict {
        let results: Vec<_> = ratios
            .iter()
            .enumerate()
            .flat_map(|(i, r)| pair(&format!("w{i}"), *r))
            .collect();
        speed_claim(&results).verdict
    }

    #[test]
    fn verdict_follows_the_measured_ratios() {
        assert_eq!(verdict_for(&[20.0, 40.0, 60.0]), Verdict::Holds);
        assert_eq!(verdict_for(&[2.0, 3.0, 4.0]), Verdict::Fails);
        assert_eq!(verdict_for(&[300.0, 500.0, 900.0]), Verdict::Fails);
        assert_eq!(verdict_for(&[5.0, 50.0, 500.0]), Verdict::Partly);
    }

    #[test]
    fn ratio_bounds_come_from_both_intervals() {
        let s = &speedups(&pair("w", 10.0), Variant::Python)[0];
        assert!((s.ratio - 10.0).abs() < 1e-9);
        assert!((s.low - 9.0 / 1.1).abs() < 1e-9 && (s.high - 11.0 / 0.9).abs() < 1e-9);
    }

    #[test]
    fn untimed_workloads_are_left_out_and_no_timing_means_not_measured() {
        let mut results = pair("w", 30.0).to_vec();
        results[1].status = Status::Mismatch;
        assert_eq!(speed_claim(&results).verdict, Verdict::NotMeasured);
    }

    #[test]
    fn geometric_mean_of_known_values() {
        assert!((geometric_mean([10.0, 1000.0]).unwrap() - 100.0).abs() < 1e-9);
        assert_eq!(geometric_mean([]), None);
    }
}

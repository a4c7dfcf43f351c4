//! The ratios several claims judge by: a variant's time over Rust's per workload
//! ([`speedups`]), the *idiomatic* Python rule that `speed-10-100x`, `hybrid-pyo3` and
//! `memory-footprint` share ([`idiomatic_speedups`], and the workloads it leaves out), the
//! article's 10–100× band, an index of the entries, and the geometric mean.

use std::collections::{HashMap, HashSet};

use serde_json::json;

use crate::render::chart::shorten;
use crate::results::{BenchResult, Index};
use crate::timing::median;
use crate::workload::{Category, Variant};

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
    /// Median of the variant ÷ median of rust; with rounds, the median of the per-round
    /// ratios.
    pub ratio: f64,
    /// The ratio's bounds: from the ends of both confidence intervals (the low end of one
    /// over the high end of the other, and the reverse), widened to cover every per-round
    /// ratio.
    pub low: f64,
    pub high: f64,
    /// The ratio in each of the interleaved rounds both variants were timed in (empty
    /// without rounds).
    pub rounds: Vec<f64>,
}

/// `slow ÷ fast` per round, when both were timed in the same number of rounds (two or more).
pub fn round_ratios(slow: &BenchResult, fast: &BenchResult) -> Vec<f64> {
    match (&slow.rounds_ns, &fast.rounds_ns) {
        (Some(s), Some(f)) if s.len() == f.len() && s.len() > 1 => {
            s.iter().zip(f).map(|(s, f)| s / f).collect()
        }
        _ => Vec::new(),
    }
}

/// `variant` time ÷ `rust` time for every workload where both were timed, in results order.
pub fn speedups(results: &[BenchResult], variant: Variant) -> Vec<Speedup> {
    let rust = Index::new(results);
    results
        .iter()
        .filter(|r| r.variant == variant)
        .filter_map(|slow| {
            let fast_entry = rust.get(&slow.workload, Variant::Rust)?;
            let (fast, slow_t) = (fast_entry.timing()?, slow.timing()?);
            let rounds = round_ratios(slow, fast_entry);
            let (mut low, mut high) = (slow_t.low / fast.high, slow_t.high / fast.low);
            let ratio = match rounds.is_empty() {
                true => slow_t.median / fast.median,
                false => median(&rounds),
            };
            for r in &rounds {
                (low, high) = (low.min(*r), high.max(*r));
            }
            Some(Speedup {
                workload: slow.workload.clone(),
                category: slow.category,
                variant,
                ratio,
                low,
                high,
                rounds,
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

/// Idiomatic-Python time ÷ Rust time per workload: `python_c` where the workload has one,
/// else `python`. A workload whose `python_c` was not timed (e.g. skipped because numpy is
/// missing) is left out, never judged on its pure Python instead: see [`idiomatic_left_out`].
pub fn idiomatic_speedups(results: &[BenchResult]) -> Vec<Speedup> {
    let has_python_c = workloads_with(results, Variant::PythonC);
    let mut all = speedups(results, Variant::PythonC);
    all.extend(
        speedups(results, Variant::Python)
            .into_iter()
            .filter(|s| !has_python_c.contains(s.workload.as_str())),
    );
    let order = first_positions(results);
    all.sort_by_key(|s| order.get(s.workload.as_str()).copied());
    all
}

/// Idiomatic-Python time ÷ hybrid time, per workload with both timed.
pub fn hybrid_speedups(results: &[BenchResult]) -> Vec<(String, f64)> {
    let hybrid: HashMap<String, f64> = speedups(results, Variant::Hybrid)
        .into_iter()
        .map(|h| (h.workload, h.ratio))
        .collect();
    idiomatic_speedups(results)
        .into_iter()
        .filter_map(|idiomatic| {
            let h = hybrid.get(&idiomatic.workload)?;
            Some((idiomatic.workload, idiomatic.ratio / h))
        })
        .collect()
}

/// A workload that no claim judges on its idiomatic Python, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct LeftOut {
    pub workload: String,
    pub category: Category,
    /// The variant it would have been judged on.
    pub variant: Variant,
    /// e.g. `python_c skipped: the Python package "numpy" is not installed …`.
    pub reason: String,
}

/// Every workload of `results` without an idiomatic ratio, in results order, with the
/// status (and the first line of the message) of the entry that was not timed.
pub fn idiomatic_left_out(results: &[BenchResult]) -> Vec<LeftOut> {
    let judged: HashSet<String> = idiomatic_speedups(results)
        .into_iter()
        .map(|s| s.workload)
        .collect();
    let has_python_c = workloads_with(results, Variant::PythonC);
    let index = Index::new(results);
    let mut seen = HashSet::new();
    results
        .iter()
        .filter(|r| !judged.contains(&r.workload) && seen.insert(r.workload.as_str()))
        .filter_map(|r| {
            let variant = if has_python_c.contains(r.workload.as_str()) {
                Variant::PythonC
            } else {
                Variant::Python
            };
            let untimed = [variant, Variant::Rust]
                .into_iter()
                .filter_map(|v| index.get(&r.workload, v))
                .find(|e| e.timing().is_none());
            let reason = match (index.get(&r.workload, variant), untimed) {
                (None, _) => format!("it has no {} entry", variant.id()),
                (_, Some(e)) => {
                    let first_line = e.message.as_deref().and_then(|m| m.lines().next());
                    match first_line {
                        Some(m) => format!("{} {}: {}", e.variant.id(), e.status.id(), m),
                        None => format!("{} {}", e.variant.id(), e.status.id()),
                    }
                }
                (Some(_), None) => return None,
            };
            Some(LeftOut {
                workload: r.workload.clone(),
                category: r.category,
                variant,
                reason,
            })
        })
        .collect()
}

fn workloads_with(results: &[BenchResult], variant: Variant) -> HashSet<&str> {
    results
        .iter()
        .filter(|r| r.variant == variant)
        .map(|r| r.workload.as_str())
        .collect()
}

fn first_positions(results: &[BenchResult]) -> HashMap<&str, usize> {
    let mut order = HashMap::new();
    for (i, r) in results.iter().enumerate() {
        order.entry(r.workload.as_str()).or_insert(i);
    }
    order
}

/// The left-out workloads in words, for a claim's summary: `matmul (python_c skipped: …)`.
pub fn left_out_text(left_out: &[LeftOut]) -> String {
    let shown: Vec<String> = left_out
        .iter()
        .take(10)
        .map(|l| format!("{} was not timed ({})", l.workload, shorten(&l.reason, 140)))
        .collect();
    match left_out.len() - shown.len() {
        0 => shown.join(", "),
        more => format!("{}, and {more} more", shown.join(", ")),
    }
}

/// The left-out workloads as evidence.
pub fn left_out_json(left_out: &[LeftOut]) -> serde_json::Value {
    left_out
        .iter()
        .map(|l| {
            json!({
                "workload": l.workload, "category": l.category.id(),
                "idiomatic_variant": l.variant.id(), "reason": l.reason,
            })
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
            rounds_ns: None,
            interpreter: None,
            first_call_ns: None,
            warmup_calls: None,
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

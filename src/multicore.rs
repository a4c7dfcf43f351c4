//! Multi-core work, which the article is silent on: what a pool costs to start, and how each
//! parallel variant scales with its pool size.
//!
//! The parallel variants themselves are ordinary variants of their workloads (`rust_par`,
//! `python_threads`, `python_procs`), timed once per pool size by the suite. This module adds
//! the one measurement they lack, the fixed cost of a Python pool (start it, run one empty
//! task per worker, shut it down), and turns the timings into speedup curves: each variant's
//! time with one worker divided by its time with `w` workers.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::py::{self, PyCall};
use crate::results::{BenchResult, Timing};
use crate::suite::{BenchId, Timer};
use crate::verify::Prepared;
use crate::workload::Variant;

/// The name a filter matches to run this pass.
pub const NAME: &str = "multicore";

/// What the multicore pass measured besides the workloads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Multicore {
    /// The cost of a pool before any work, per kind and pool size.
    pub startup: Vec<PoolStartup>,
}

/// Starting a Python pool, one empty task per worker, shutting it down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PoolStartup {
    /// `threads` or `procs`.
    pub kind: String,
    pub workers: u32,
    /// Median and 95% confidence interval, in ns.
    pub median_ns: f64,
    pub ci_low_ns: f64,
    pub ci_high_ns: f64,
}

/// The pool kinds of `python_threads` and `python_procs`, as `_parallel.py` names them.
pub const POOL_KINDS: [&str; 2] = ["threads", "procs"];

/// Times the start-up of every pool kind at every pool size in `worker_counts`.
pub fn measure_startup(worker_counts: &[usize], timer: &mut dyn Timer) -> Result<Multicore> {
    let mut startup = Vec::new();
    for kind in POOL_KINDS {
        for &workers in worker_counts {
            let call = PyCall::function(
                &format!("{}._parallel", py::PACKAGE),
                &format!("startup_{kind}"),
                &[],
                Some(workers as u64),
            )?;
            let id = BenchId {
                group: NAME.to_string(),
                function: format!("{kind}_startup"),
                value: workers.to_string(),
            };
            let t = timer.estimate_and_time(&id, &mut Prepared::Python(call))?;
            startup.push(PoolStartup {
                kind: kind.to_string(),
                workers: u32::try_from(workers).unwrap_or(u32::MAX),
                median_ns: t.median,
                ci_low_ns: t.low,
                ci_high_ns: t.high,
            });
        }
    }
    Ok(Multicore { startup })
}

/// One point of a speedup curve.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScalingPoint {
    pub workers: u32,
    /// Median time with this many workers, in ns.
    pub median_ns: f64,
    /// Time with one worker ÷ time with `workers`, and its bounds from both intervals' ends.
    pub speedup: f64,
    pub low: f64,
    pub high: f64,
}

impl ScalingPoint {
    /// Speedup per worker: 1 is perfect scaling.
    pub fn efficiency(&self) -> f64 {
        self.speedup / f64::from(self.workers)
    }
}

/// How one parallel variant of one workload scaled, from one worker up.
#[derive(Debug, Clone, PartialEq)]
pub struct Scaling {
    pub workload: String,
    pub variant: Variant,
    /// By pool size, starting at one worker.
    pub points: Vec<ScalingPoint>,
}

impl Scaling {
    /// The point with the most workers.
    pub fn widest(&self) -> &ScalingPoint {
        self.points
            .last()
            .expect("a curve has its one-worker point")
    }
}

/// The speedup curve of every timed parallel variant, in results order. A variant appears
/// only when it was timed with one worker (the baseline) and with at least one more size.
pub fn scaling(results: &[BenchResult]) -> Vec<Scaling> {
    // One pass: each parallel variant's timed pool sizes, keyed in first-seen order.
    let mut first_seen: HashMap<&str, usize> = HashMap::new();
    let mut timed: HashMap<(&str, Variant), Vec<(u32, Timing)>> = HashMap::new();
    for (i, r) in results.iter().enumerate() {
        first_seen.entry(r.workload.as_str()).or_insert(i);
        if !r.variant.is_parallel() {
            continue;
        }
        let points = timed.entry((r.workload.as_str(), r.variant)).or_default();
        if let (Some(workers), Some(t)) = (r.workers, r.timing()) {
            points.push((workers, t));
        }
    }
    let mut keys: Vec<(&str, Variant)> = timed.keys().copied().collect();
    // Workloads in results order; variants in declaration order (rust_par, threads, procs).
    keys.sort_by_key(|&(w, v)| (first_seen[w], v));
    keys.into_iter()
        .filter_map(|key| curve(key.0, key.1, timed.remove(&key).unwrap_or_default()))
        .collect()
}

/// The workloads that have at least one curve, in the curves' order.
pub fn workloads(curves: &[Scaling]) -> Vec<&str> {
    let mut names: Vec<&str> = curves.iter().map(|c| c.workload.as_str()).collect();
    names.dedup();
    names
}

fn curve(workload: &str, variant: Variant, mut timed: Vec<(u32, Timing)>) -> Option<Scaling> {
    timed.sort_by_key(|(w, _)| *w);
    let &(1, base) = timed.first()? else {
        return None;
    };
    let points: Vec<ScalingPoint> = timed
        .iter()
        .map(|&(workers, t)| ScalingPoint {
            workers,
            median_ns: t.median,
            speedup: base.median / t.median,
            low: base.low / t.high,
            high: base.high / t.low,
        })
        .collect();
    (points.len() >= 2).then(|| Scaling {
        workload: workload.to_string(),
        variant,
        points,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::Status;
    use crate::workload::Category;

    fn parallel(workload: &str, variant: Variant, workers: u32, ns: f64) -> BenchResult {
        BenchResult {
            workload: workload.into(),
            category: Category::InterpreterBound,
            variant,
            n: 1,
            status: Status::Ok,
            message: None,
            median_ns: Some(ns),
            ci_low_ns: Some(ns * 0.9),
            ci_high_ns: Some(ns * 1.1),
            output: None,
            mode: None,
            peak_bytes: None,
            workers: Some(workers),
        }
    }

    #[test]
    fn curves_divide_the_one_worker_time_and_need_a_baseline() {
        let results = vec![
            parallel("a", Variant::PythonThreads, 2, 1000.0),
            parallel("a", Variant::PythonThreads, 1, 1000.0),
            parallel("a", Variant::RustPar, 1, 100.0),
            parallel("a", Variant::RustPar, 2, 55.0),
            parallel("b", Variant::RustPar, 2, 50.0),
        ];
        let curves = scaling(&results);
        assert_eq!(curves.len(), 2, "b has no one-worker baseline");
        assert_eq!(curves[0].variant, Variant::RustPar, "report order");
        let widest = curves[0].widest();
        assert_eq!(widest.workers, 2);
        assert!((widest.speedup - 100.0 / 55.0).abs() < 1e-12);
        assert!((widest.efficiency() - 50.0 / 55.0).abs() < 1e-12);
        assert!(widest.low < widest.speedup && widest.speedup < widest.high);
        assert!((curves[1].widest().speedup - 1.0).abs() < 1e-12);
    }
}

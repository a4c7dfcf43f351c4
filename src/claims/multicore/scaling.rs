//! The speedup curves of the parallel variants, for the verdict, the section and the chart of
//! `multicore`: each variant's time with one worker divided by its time with `w` workers.

use std::collections::HashMap;

use crate::results::{BenchResult, Timing};
use crate::workload::Variant;

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
            rounds_ns: None,
            interpreter: None,
            first_call_ns: None,
            warmup_calls: None,
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

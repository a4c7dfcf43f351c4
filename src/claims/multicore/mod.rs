//! Claim `multicore`, which the article never makes: it is silent on multi-core work. The
//! claim tested is the common belief a reader brings to it: Rust spreads CPU-bound work over
//! every core, while CPython's threads cannot (one global interpreter lock runs bytecode at a
//! time) and its processes scale only after paying to start and to pickle.
//!
//! Judged per workload at the widest pool measured: rust_par's scaling efficiency (speedup
//! over itself with one worker, per worker) and python_threads' speedup; python_procs'
//! speedup, its pool's start-up cost, and its time against single-thread Rust are evidence.

mod chart;
pub mod pass;
pub mod scaling;

use std::collections::HashMap;
use std::fmt::Write;
use std::path::Path;

use serde_json::json;

use self::scaling::{Scaling, scaling};
use super::ratios::geometric_mean;
use super::{Pass, Spec, not_measured};
use crate::error::Result;
use crate::render::chart::{ChartFiles, render};
use crate::render::escape::text;
use crate::render::{View, format_duration, format_fixed, format_ratio};
use crate::results::{BenchResult, Claim, Multicore, ResultsFile, Verdict, find};
use crate::workload::Variant;

/// Claim `multicore`: what the article says and how it is measured.
pub const SPEC: Spec = Spec {
    id: "multicore",
    article_says: "(the article is silent on multi-core work)",
    measured_by: "speedup over one worker of rayon, Python threads and Python processes, at 1 to all cores",
};

/// The rule, as the report states it.
pub const MULTICORE_RULE: &str = "At the widest pool measured (at least 2 workers), per workload: rust_par's efficiency is its speedup over itself with one worker, divided by the workers; python_threads' speedup is over itself with one worker. *holds* when the geometric mean of rust_par's efficiency is at least 0.7 and that of python_threads' speedup at most 1.2 (threads barely help pure Python); *partly* when only one of the two is true; *fails* when neither is. python_procs' speedup and its pool's start-up cost are reported beside the verdict, not judged: processes do scale, at a price the report shows.";

/// rust_par's efficiency at or above which Rust counts as scaling.
const RUST_EFFICIENCY: f64 = 0.7;
/// python_threads' speedup at or below which threads count as not helping.
const THREADS_SPEEDUP: f64 = 1.2;

fn verdict(rust_efficiency: f64, threads_speedup: f64) -> Verdict {
    match (
        rust_efficiency >= RUST_EFFICIENCY,
        threads_speedup <= THREADS_SPEEDUP,
    ) {
        (true, true) => Verdict::Holds,
        (false, false) => Verdict::Fails,
        _ => Verdict::Partly,
    }
}

/// The claim, from the parallel variants' timings and the pool start-up costs.
pub fn claim(results: &[BenchResult], multicore: Option<&Multicore>) -> Claim {
    let spec = &SPEC;
    let curves = scaling(results);
    let of = |variant: Variant| -> Vec<&Scaling> {
        curves.iter().filter(|c| c.variant == variant).collect()
    };
    let (rust, threads, procs) = (
        of(Variant::RustPar),
        of(Variant::PythonThreads),
        of(Variant::PythonProcs),
    );
    if rust.is_empty() || threads.is_empty() {
        return not_measured(
            spec,
            "no rust_par and python_threads timings at 1 and at 2 or more workers (a machine with one core cannot show scaling)",
        );
    }
    let rust_efficiency =
        geometric_mean(rust.iter().map(|c| c.widest().efficiency())).unwrap_or(f64::NAN);
    let threads_speedup =
        geometric_mean(threads.iter().map(|c| c.widest().speedup)).unwrap_or(f64::NAN);
    let procs_speedup = geometric_mean(procs.iter().map(|c| c.widest().speedup));
    let workers = rust.iter().map(|c| c.widest().workers).max().unwrap_or(1);
    let startup = multicore.and_then(|m| {
        m.startup
            .iter()
            .find(|s| s.kind == "procs" && s.workers == workers)
    });
    // python_procs on every core against one Rust thread: what processes buy back.
    let procs_over_rust = geometric_mean(procs.iter().filter_map(|c| {
        let rust = find(results, &c.workload, Variant::Rust)?.timing()?;
        Some(c.widest().median_ns / rust.median)
    }));
    let per_workload: Vec<_> = curves
        .iter()
        .map(|c| {
            let p = c.widest();
            json!({
                "workload": c.workload, "variant": c.variant, "workers": p.workers,
                "speedup": p.speedup, "ci_low": p.low, "ci_high": p.high,
                "efficiency": p.efficiency(),
            })
        })
        .collect();
    let mut summary = format!(
        "The article is silent on multi-core work. With {workers} workers, rust_par ran {:.2}× as fast as with one ({:.0}% efficiency, geometric mean over {} workload{}); python_threads {threads_speedup:.2}×",
        rust_efficiency * f64::from(workers),
        rust_efficiency * 100.0,
        rust.len(),
        if rust.len() == 1 { "" } else { "s" },
    );
    if let Some(procs_speedup) = procs_speedup {
        summary.push_str(&format!("; python_procs {procs_speedup:.2}×"));
        if let Some(s) = startup {
            summary.push_str(&format!(
                ", after {} to start its pool",
                format_duration(s.median_ns)
            ));
        }
        if let Some(g) = procs_over_rust {
            summary.push_str(&format!(
                ", and on {workers} processes Python still took {g:.0}× the time of one Rust thread"
            ));
        }
    }
    summary.push('.');
    Claim {
        id: spec.id.to_string(),
        verdict: verdict(rust_efficiency, threads_speedup),
        summary,
        evidence: json!({
            "rule": MULTICORE_RULE,
            "workers": workers,
            "rust_par_efficiency": rust_efficiency,
            "python_threads_speedup": threads_speedup,
            "python_procs_speedup": procs_speedup,
            "python_procs_over_rust": procs_over_rust,
            "procs_pool_startup_ns": startup.map(|s| s.median_ns),
            "per_workload": per_workload,
        }),
    }
}

/// Claim `multicore` in [`crate::claims::CLAIMS`].
pub struct MulticoreScaling;

impl crate::claims::Claim for MulticoreScaling {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn verdict(&self, file: &ResultsFile) -> Claim {
        claim(&file.results, file.multicore.as_ref())
    }

    fn pass(&self) -> Option<&'static dyn Pass> {
        Some(&pass::PoolStartupPass)
    }

    fn section(&self, w: &mut String, view: &View) {
        section(w, view)
    }

    fn charts(&self, view: &View, dir: &Path) -> Result<Vec<ChartFiles>> {
        Ok(vec![render(&chart::ScalingChart, view, dir)?])
    }
}

fn section(w: &mut String, view: &View) {
    let results = view.file;
    let cores = results.environment.cores;
    let _ = writeln!(
        w,
        "\n## `multicore`: rayon against the GIL (the article is silent)\n"
    );
    let _ = writeln!(
        w,
        "**The article says nothing about multi-core work.** This section tests what a reader would ask first: `rust_par` spreads the work over a rayon pool; `python_threads` runs the same pure-Python split on a `concurrent.futures` thread pool, where one global interpreter lock (GIL) lets one thread run bytecode at a time; `python_procs` runs it on a pool of `spawn`ed processes, whose start-up and pickling are inside every timed call. Each is timed at 1 to {cores} workers and shown as a speedup over itself with one worker. This machine has **{cores} cores**, so {cores}× is the ceiling, and other processes on a shared machine take part of it. Rule: {MULTICORE_RULE}\n"
    );
    let curves = scaling(&results.results);
    if curves.is_empty() {
        let _ = writeln!(
            w,
            "Not measured: no parallel variant was timed at 1 and at 2 or more workers."
        );
        return;
    }
    let _ = writeln!(
        w,
        "| workload | rust_par ×1 ÷ rust | rust_par | python_threads | python_procs | python_procs ÷ rust |"
    );
    let _ = writeln!(w, "|---|---:|---:|---:|---:|---:|");
    let mut by_key: HashMap<(&str, Variant), &Scaling> = HashMap::with_capacity(curves.len());
    for c in &curves {
        by_key.entry((c.workload.as_str(), c.variant)).or_insert(c);
    }
    for name in scaling::workloads(&curves) {
        let curve = |v: Variant| by_key.get(&(name, v)).copied();
        let speedup = |v: Variant| {
            curve(v).map_or("–".to_string(), |c| {
                let p = c.widest();
                format!("{}× on {}", format_fixed(p.speedup, 2), p.workers)
            })
        };
        let rust = view.find(name, Variant::Rust).and_then(|r| r.timing());
        let over_rust =
            |v: Variant, point: fn(&Scaling) -> f64| Some(point(curve(v)?) / rust?.median);
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {} | {} |",
            view.workload(name),
            over_rust(Variant::RustPar, |c| c.points[0].median_ns)
                .map_or("–".to_string(), |x| format!("{}×", format_fixed(x, 2))),
            speedup(Variant::RustPar),
            speedup(Variant::PythonThreads),
            speedup(Variant::PythonProcs),
            over_rust(Variant::PythonProcs, |c| c.widest().median_ns)
                .map_or("–".to_string(), format_ratio),
        );
    }
    let _ = writeln!(
        w,
        "\n*rust_par ×1 ÷ rust* is what the parallel split costs on one thread; *python_procs ÷ rust* compares Python on every worker with one Rust thread."
    );
    let Some(m) = &results.multicore else {
        let _ = writeln!(w, "\nPool start-up: not measured in this results file.");
        return;
    };
    let _ = writeln!(
        w,
        "\n| Python pool: start, one empty task per worker, shut down | workers | median | 95% CI |"
    );
    let _ = writeln!(w, "|---|---:|---:|---|");
    for s in &m.startup {
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} – {} |",
            text(&s.kind),
            s.workers,
            format_duration(s.median_ns),
            format_duration(s.ci_low_ns),
            format_duration(s.ci_high_ns)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::ratios::tests::timed;
    use crate::workload::Category;

    /// Two workloads whose rust_par and python_threads scale by the given speedups at two
    /// workers.
    fn results(rust_speedup: f64, threads_speedup: f64) -> Vec<BenchResult> {
        let c = Category::InterpreterBound;
        let at = |name: &str, variant, workers: u32, ns: f64| {
            let mut r = timed(name, c, variant, ns);
            r.workers = Some(workers);
            r
        };
        ["a", "b"]
            .iter()
            .flat_map(|name| {
                [
                    timed(name, c, Variant::Rust, 100.0),
                    at(name, Variant::RustPar, 1, 100.0),
                    at(name, Variant::RustPar, 2, 100.0 / rust_speedup),
                    at(name, Variant::PythonThreads, 1, 5000.0),
                    at(name, Variant::PythonThreads, 2, 5000.0 / threads_speedup),
                ]
            })
            .collect()
    }

    #[test]
    fn verdict_can_hold_be_partly_or_fail() {
        let verdict = |r, t| claim(&results(r, t), None).verdict;
        assert_eq!(verdict(1.9, 1.0), Verdict::Holds);
        assert_eq!(verdict(1.1, 0.95), Verdict::Partly);
        assert_eq!(verdict(1.9, 1.8), Verdict::Partly);
        assert_eq!(verdict(1.2, 1.9), Verdict::Fails);
    }

    #[test]
    fn one_worker_only_is_not_measured() {
        let one: Vec<_> = results(1.9, 1.0)
            .into_iter()
            .filter(|r| r.workers != Some(2))
            .collect();
        let c = claim(&one, None);
        assert_eq!(c.verdict, Verdict::NotMeasured);
        assert!(c.summary.contains("one core"), "{}", c.summary);
    }

    #[test]
    fn summary_says_the_article_is_silent_and_gives_the_figures() {
        let c = claim(&results(1.9, 1.0), None);
        assert!(
            c.summary.starts_with("The article is silent"),
            "{}",
            c.summary
        );
        assert!(c.summary.contains("1.90×"), "{}", c.summary);
        assert!(c.summary.contains("95% efficiency"), "{}", c.summary);
    }
}

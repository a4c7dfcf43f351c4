//! Claim `no-gc-pauses`: Rust has "No garbage collector pauses". True of Rust by
//! construction; what the measurements settle is whether CPython's pauses are there to
//! avoid, and how large they are next to the work. CPython frees most memory by reference
//! counting; only its cycle collector pauses, and `gc.disable()` turns it off.

mod chart;
pub mod pass;

use std::fmt::Write;
use std::path::Path;

use serde_json::json;

use super::{Pass, Spec, not_measured};
use crate::error::Result;
use crate::render::chart::{ChartFiles, render};
use crate::render::escape::text;
use crate::render::{View, format_duration, format_fixed};
use crate::results::{Claim, Pauses, ResultsFile, Verdict};

/// Claim `no-gc-pauses`: what the article says and how it is measured.
pub const SPEC: Spec = Spec {
    id: "no-gc-pauses",
    article_says: "\"No garbage collector pauses\"",
    measured_by: "CPython cycle-collector pauses against Rust's per-operation latency",
};

/// The rule, as the report states it.
pub const GC_RULE: &str = "*fails* when CPython's cycle collector never paused during the probes (there would be no pauses to avoid); *partly* when it paused but its pauses took under 1% of the run time and none lasted 1 ms or more on every probe (real, but small next to the work, and `gc.disable()` removes them); *holds* otherwise.";

/// The claim, from the pause probes.
pub fn claim(pauses: Option<&Pauses>) -> Claim {
    let spec = &SPEC;
    let Some(pauses) = pauses.filter(|p| !p.workloads.is_empty()) else {
        return not_measured(spec, "no pause measurements in this results file");
    };
    let mut per_workload = Vec::new();
    let (mut any_pause, mut all_small) = (false, true);
    let mut sentences = Vec::new();
    for w in &pauses.workloads {
        let gc = &w.python_gc_on;
        let (total, share) = (gc.paused_ns(), gc.paused_share());
        let max = gc.pauses_ns.iter().copied().fold(0.0, f64::max);
        any_pause |= !gc.pauses_ns.is_empty();
        all_small &= share < 0.01 && max < 1e6;
        sentences.push(format!(
            "{}: {} collections, {} in all ({:.1}% of the run), the longest {}; Python's slowest operation took {} with GC on, {} with it off; Rust's p99.9 {}, max {}",
            w.workload,
            gc.pauses_ns.len(),
            format_duration(total),
            share * 100.0,
            format_duration(max),
            format_duration(gc.latency.max_ns),
            format_duration(w.python_gc_off.latency.max_ns),
            format_duration(w.rust.p999_ns),
            format_duration(w.rust.max_ns)
        ));
        per_workload.push(json!({
            "workload": w.workload, "collections": gc.pauses_ns.len(), "total_pause_ns": total,
            "max_pause_ns": max, "pause_share": share, "gc_on_run_ns": gc.run_ns,
            "gc_off_run_ns": w.python_gc_off.run_ns, "rust_p999_ns": w.rust.p999_ns,
            "rust_max_ns": w.rust.max_ns,
        }));
    }
    let verdict = if !any_pause {
        Verdict::Fails
    } else if all_small {
        Verdict::Partly
    } else {
        Verdict::Holds
    };
    Claim {
        id: spec.id.to_string(),
        verdict,
        summary: format!("{}.", sentences.join("; ")),
        evidence: json!({ "rule": GC_RULE, "per_workload": per_workload }),
    }
}

/// Claim `no-gc-pauses` in [`crate::claims::CLAIMS`].
pub struct NoGcPauses;

impl crate::claims::Claim for NoGcPauses {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn verdict(&self, file: &ResultsFile) -> Claim {
        claim(file.pauses.as_ref())
    }

    fn pass(&self) -> Option<&'static dyn Pass> {
        Some(&pass::PausesPass)
    }

    fn section(&self, w: &mut String, view: &View) {
        section(w, view)
    }

    fn charts(&self, view: &View, dir: &Path) -> Result<Vec<ChartFiles>> {
        Ok(vec![render(&chart::LatencyChart, view, dir)?])
    }
}

fn section(w: &mut String, view: &View) {
    let results = view.file;
    let _ = writeln!(
        w,
        "\n## `no-gc-pauses`: CPython's cycle collector against Rust\n"
    );
    let _ = writeln!(w, "Rule: {GC_RULE}\n");
    let _ = writeln!(
        w,
        "What a pause means for a program that serves requests: while the cycle collector runs, the interpreter does nothing else, so every request in flight waits for it; a pause shows up in the tail of the latency distribution (p99, max), not in the median or the throughput. CPython frees most objects by reference counting, with no pause at all; only objects in reference cycles wait for the collector, and `gc.disable()` (or `gc.freeze()`) is a common fix in latency-sensitive services. Measured in a pass of its own, not inside Criterion's timed loops.\n"
    );
    let Some(pauses) = results.pauses.as_ref().filter(|p| !p.workloads.is_empty()) else {
        let _ = writeln!(
            w,
            "Not measured: this results file has no pause measurements."
        );
        return;
    };
    let _ = writeln!(
        w,
        "| probe | operations | Python GC on: collections | pause total (share of run) | p50 / p99 / max pause | Python per-op p99 / max, GC on | GC off | Rust per-op p99 / p99.9 / max |"
    );
    let _ = writeln!(w, "|---|---:|---:|---:|---:|---:|---:|---:|");
    for p in &pauses.workloads {
        let gc = &p.python_gc_on;
        let mut sorted = gc.pauses_ns.clone();
        sorted.sort_by(f64::total_cmp);
        let pick = |q: f64| {
            sorted
                .get(((sorted.len() as f64 * q).ceil() as usize).saturating_sub(1))
                .copied()
                .unwrap_or(0.0)
        };
        let _ = writeln!(
            w,
            "| {} ({}) | {} | {} | {} ({}%) | {} / {} / {} | {} / {} | {} / {} | {} / {} / {} |",
            text(&p.workload),
            text(&p.operation),
            p.operations,
            sorted.len(),
            format_duration(gc.paused_ns()),
            format_fixed(100.0 * gc.paused_share(), 2),
            format_duration(pick(0.5)),
            format_duration(pick(0.99)),
            format_duration(pick(1.0)),
            format_duration(gc.latency.p99_ns),
            format_duration(gc.latency.max_ns),
            format_duration(p.python_gc_off.latency.p99_ns),
            format_duration(p.python_gc_off.latency.max_ns),
            format_duration(p.rust.p99_ns),
            format_duration(p.rust.p999_ns),
            format_duration(p.rust.max_ns)
        );
    }
    let _ = writeln!(
        w,
        "\n| probe | Python run, GC on | Python run, GC off | peak traced memory, GC on / off |"
    );
    let _ = writeln!(w, "|---|---:|---:|---:|");
    for p in &pauses.workloads {
        let peak = |b: Option<u64>| {
            b.map_or("–".to_string(), |b| {
                format!("{:.1} MiB", b as f64 / 1048576.0)
            })
        };
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} / {} |",
            text(&p.workload),
            format_duration(p.python_gc_on.run_ns),
            format_duration(p.python_gc_off.run_ns),
            peak(p.python_gc_on.peak_bytes),
            peak(p.python_gc_off.peak_bytes)
        );
    }
}

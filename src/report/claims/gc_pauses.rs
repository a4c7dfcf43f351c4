//! Claim `no-gc-pauses`: Rust has "No garbage collector pauses". True of Rust by
//! construction; what the measurements settle is whether CPython's pauses are there to
//! avoid, and how large they are next to the work. CPython frees most memory by reference
//! counting; only its cycle collector pauses, and `gc.disable()` turns it off.

use serde_json::json;

use super::{not_measured, spec};
use crate::pauses::Pauses;
use crate::report::charts::format_duration;
use crate::results::{Claim, Verdict};

/// The rule, as the report states it.
pub const GC_RULE: &str = "*fails* when CPython's cycle collector never paused during the probes (there would be no pauses to avoid); *partly* when it paused but its pauses took under 1% of the run time and none lasted 1 ms or more on every probe (real, but small next to the work, and `gc.disable()` removes them); *holds* otherwise.";

/// The claim, from the pause probes.
pub fn claim(pauses: Option<&Pauses>) -> Claim {
    let spec = spec("no-gc-pauses");
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

//! The `hybrid-pyo3` section of `REPORT.md`: what calling the Rust kernel gains each
//! workload, what crossing the boundary costs, and the break-even series.

use std::fmt::Write;

use super::HYBRID_RULE;
use super::figures::{per_call_ns, per_element_ns};
use super::pass::{ARGUMENTS, LOOP_CALLS, LOOPS};
use crate::claims::ratios::{Speedup, hybrid_speedups, idiomatic_speedups, speedups};
use crate::render::{View, by_workload, format_duration, format_fixed, format_ratio};
use crate::workload::Variant;

pub(super) fn write(w: &mut String, view: &View) {
    let results = view.file;
    let _ = writeln!(w, "\n## `hybrid-pyo3`: Python calling the Rust kernel\n");
    let _ = writeln!(w, "Rule: {HYBRID_RULE}\n");
    let gains = hybrid_speedups(&results.results);
    if gains.is_empty() {
        let _ = writeln!(w, "No workload has a timed `hybrid` variant.");
    } else {
        let _ = writeln!(
            w,
            "| workload | idiomatic Python | hybrid | rust | idiomatic ÷ hybrid | hybrid ÷ rust (boundary + Python glue) |"
        );
        let _ = writeln!(w, "|---|---:|---:|---:|---:|---:|");
        let (idiomatic, hybrid) = (
            idiomatic_speedups(&results.results),
            speedups(&results.results, Variant::Hybrid),
        );
        let idiomatic = by_workload(&idiomatic, |s: &Speedup| &s.workload);
        let hybrid = by_workload(&hybrid, |s: &Speedup| &s.workload);
        for (name, gain) in &gains {
            let variant = idiomatic
                .get(name.as_str())
                .map_or(Variant::Python, |s| s.variant);
            let over_rust = hybrid.get(name.as_str()).map_or(f64::NAN, |s| s.ratio);
            let _ = writeln!(
                w,
                "| {} | {} ({variant}) | {} | {} | **{}** | {} |",
                view.workload(name),
                view.median(name, variant),
                view.median(name, Variant::Hybrid),
                view.median(name, Variant::Rust),
                format_ratio(*gain),
                format_ratio(over_rust)
            );
        }
    }
    let Some(b) = &results.boundary else {
        let _ = writeln!(w, "\nBoundary costs: not measured in this results file.");
        return;
    };
    let _ = writeln!(
        w,
        "\nWhat crossing the boundary costs (Criterion medians; calls are timed {} at a time in a Python `for` loop, net of the empty loop):\n",
        LOOP_CALLS
    );
    let _ = writeln!(w, "| crossing | cost |");
    let _ = writeln!(w, "|---|---:|");
    for probe in LOOPS.iter().skip(1) {
        if let Some(ns) = per_call_ns(b, probe.id) {
            let _ = writeln!(
                w,
                "| {} | {} ns per call |",
                probe.label,
                format_fixed(ns, 1)
            );
        }
    }
    if let Some(ns) = results.environment.call_overhead_ns {
        let _ = writeln!(
            w,
            "| Rust → Python, no arguments (the harness's own call) | {} ns per call |",
            format_fixed(ns, 1)
        );
    }
    for probe in ARGUMENTS {
        match per_element_ns(b, probe.id) {
            Some(ns) => {
                let _ = writeln!(
                    w,
                    "| {} | {} ns per element |",
                    probe.label,
                    format_fixed(ns, 2)
                );
            }
            None => {
                let _ = writeln!(w, "| {} | not measured (see notes) |", probe.label);
            }
        }
    }
    let _ = writeln!(
        w,
        "\nBreak-even on a sum of squares of a `list[float]` (pure Python: `sum(map(mul, xs, xs))`, every loop in C; hybrid: `pyrust_kernels.sum_of_squares(xs)`, conversion included):\n"
    );
    let _ = writeln!(w, "| elements | pure Python | hybrid | Python ÷ hybrid |");
    let _ = writeln!(w, "|---:|---:|---:|---:|");
    for p in &b.break_even {
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} |",
            p.n,
            format_duration(p.python_ns),
            format_duration(p.hybrid_ns),
            format_ratio(p.python_ns / p.hybrid_ns)
        );
    }
}

//! Claim `hybrid-pyo3`: "Write your hot path in Rust. PyO3 makes this practical." Judged on
//! what a Python program gains when it calls the Rust kernel (`hybrid`) instead of running
//! its idiomatic Python, and on what crossing the boundary costs.

mod boundary_chart;
mod break_even_chart;
pub mod figures;
pub mod pass;
mod section;

use std::collections::HashSet;
use std::path::Path;

use serde_json::json;

use self::figures::BreakEven;
use super::ratios::{
    LeftOut, geometric_mean, hybrid_speedups, idiomatic_left_out, left_out_json, left_out_text,
};
use super::{Pass, Spec, not_measured};
use crate::error::Result;
use crate::render::chart::{ChartFiles, render};
use crate::render::{View, format_ratio};
use crate::results::{BenchResult, Boundary, Claim, ResultsFile, Verdict};
use crate::workload::Variant;

/// Claim `hybrid-pyo3`: what the article says and how it is measured.
pub const SPEC: Spec = Spec {
    id: "hybrid-pyo3",
    article_says: "\"Write your hot path in Rust. PyO3 makes this practical\"",
    measured_by: "speedup of Python calling the Rust kernel, boundary costs, break-even",
};

/// The rule, as the report states it.
pub const HYBRID_RULE: &str = "Per workload, idiomatic Python time ÷ hybrid time (the speedup a Python program gets by calling the Rust kernel, conversions included). *holds* when the hybrid is faster on at least two thirds of the workloads, the geometric-mean speedup is at least 2×, and the break-even of the boundary benchmark is at most 1000 elements; *fails* when the hybrid is slower on more than half of the workloads or never breaks even; *partly* otherwise.";

/// The workloads with a hybrid variant that are left out because their idiomatic Python
/// was not timed.
fn left_out(results: &[BenchResult]) -> Vec<LeftOut> {
    let with_hybrid: HashSet<&str> = results
        .iter()
        .filter(|r| r.variant == Variant::Hybrid)
        .map(|r| r.workload.as_str())
        .collect();
    idiomatic_left_out(results)
        .into_iter()
        .filter(|l| with_hybrid.contains(l.workload.as_str()))
        .collect()
}

/// The claim, from the hybrid timings and the boundary measurements.
pub fn claim(results: &[BenchResult], boundary: Option<&Boundary>) -> Claim {
    let spec = &SPEC;
    let gains = hybrid_speedups(results);
    let Some(boundary) = boundary.filter(|_| !gains.is_empty()) else {
        return not_measured(
            spec,
            "no hybrid timings or no boundary measurements in this results file",
        );
    };
    let wins = gains.iter().filter(|(_, g)| *g > 1.0).count();
    let geomean = geometric_mean(gains.iter().map(|(_, g)| *g)).unwrap_or(f64::NAN);
    let break_even = figures::break_even(&boundary.break_even);
    let break_even_elements = match break_even {
        BreakEven::AtOrBelow(n) => Some(n as f64),
        BreakEven::At(n) => Some(n),
        BreakEven::Never => None,
    };
    let share = wins as f64 / gains.len() as f64;
    let verdict =
        if share >= 2.0 / 3.0 && geomean >= 2.0 && break_even_elements.is_some_and(|n| n <= 1000.0)
        {
            Verdict::Holds
        } else if share < 0.5 || break_even_elements.is_none() {
            Verdict::Fails
        } else {
            Verdict::Partly
        };
    let call_ns = figures::per_call_ns(boundary, "loop_rust_noop");
    let python_call_ns = figures::per_call_ns(boundary, "loop_python_noop");
    let per_element_ns = figures::per_element_ns(boundary, "rust_sum_floats");
    let losers: Vec<&str> = gains
        .iter()
        .filter(|(_, g)| *g <= 1.0)
        .map(|(w, _)| w.as_str())
        .collect();
    let break_even_text = match break_even {
        BreakEven::AtOrBelow(n) => format!("from the smallest list measured ({n} element)"),
        BreakEven::At(n) => format!("from about {n:.0} elements"),
        BreakEven::Never => "never, within the sizes measured".to_string(),
    };
    let left_out = left_out(results);
    let left_out_sentence = match left_out.is_empty() {
        true => String::new(),
        false => format!(" Left out, because {}.", left_out_text(&left_out)),
    };
    let summary = format!(
        "Calling the Rust kernel made idiomatic Python faster on {wins} of {} workloads (geometric mean {}){}; a call from Python into Rust costs {} ({} for a Python function), a list[float] costs {} per element to convert, and on a sum of squares the hybrid wins {break_even_text}.{left_out_sentence}",
        gains.len(),
        format_ratio(geomean),
        if losers.is_empty() {
            String::new()
        } else {
            format!(", slower on {}", losers.join(", "))
        },
        call_ns.map_or("–".into(), |ns| format!("{ns:.0} ns")),
        python_call_ns.map_or("–".into(), |ns| format!("{ns:.0} ns")),
        per_element_ns.map_or("–".into(), |ns| format!("{ns:.1} ns")),
    );
    let per_workload: Vec<_> = gains
        .iter()
        .map(|(w, g)| json!({"workload": w, "idiomatic_over_hybrid": g}))
        .collect();
    Claim {
        id: spec.id.to_string(),
        verdict,
        summary,
        evidence: json!({
            "rule": HYBRID_RULE,
            "call_overhead_ns": call_ns,
            "python_call_ns": python_call_ns,
            "per_element_ns": per_element_ns,
            "bytes_per_element_ns": figures::per_element_ns(boundary, "rust_bytes_checksum"),
            "numpy_per_element_ns": figures::per_element_ns(boundary, "rust_buffer_sum"),
            "break_even": break_even_elements,
            "geometric_mean_speedup": geomean,
            "per_workload": per_workload,
            "left_out": left_out_json(&left_out),
        }),
    }
}

/// Claim `hybrid-pyo3` in [`crate::claims::CLAIMS`].
pub struct HybridPyo3;

impl crate::claims::Claim for HybridPyo3 {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn verdict(&self, file: &ResultsFile) -> Claim {
        claim(&file.results, file.boundary.as_ref())
    }

    fn pass(&self) -> Option<&'static dyn Pass> {
        Some(&pass::BoundaryPass)
    }

    fn section(&self, w: &mut String, view: &View) {
        section::write(w, view)
    }

    fn charts(&self, view: &View, dir: &Path) -> Result<Vec<ChartFiles>> {
        Ok(vec![
            render(&boundary_chart::BoundaryChart, view, dir)?,
            render(&break_even_chart::BreakEvenChart, view, dir)?,
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::ratios::tests::timed;
    use crate::results::{BreakEvenPoint, ProbeResult};
    use crate::workload::Category;

    fn boundary(break_even_at_one: bool) -> Boundary {
        let probe = |id: &str, median| ProbeResult {
            probe: id.into(),
            label: String::new(),
            n: 1000,
            calls: 1000,
            median_ns: median,
            ci_low_ns: median,
            ci_high_ns: median,
        };
        let hybrid_ns = if break_even_at_one { 50.0 } else { 500.0 };
        Boundary {
            probes: vec![
                probe("loop_empty", 10_000.0),
                probe("loop_rust_noop", 60_000.0),
            ],
            break_even: vec![BreakEvenPoint {
                n: 1,
                python_ns: 100.0,
                hybrid_ns,
            }],
        }
    }

    fn results(python_over_hybrid: &[f64]) -> Vec<BenchResult> {
        let c = Category::InterpreterBound;
        python_over_hybrid
            .iter()
            .enumerate()
            .flat_map(|(i, g)| {
                let name = format!("w{i}");
                [
                    timed(&name, c, Variant::Rust, 100.0),
                    timed(&name, c, Variant::Python, 1000.0),
                    timed(&name, c, Variant::Hybrid, 1000.0 / g),
                ]
            })
            .collect()
    }

    #[test]
    fn verdict_can_hold_be_partly_or_fail() {
        assert_eq!(
            claim(&results(&[10.0, 20.0, 5.0]), Some(&boundary(true))).verdict,
            Verdict::Holds
        );
        assert_eq!(
            claim(&results(&[3.0, 1.2, 0.9, 0.5]), Some(&boundary(true))).verdict,
            Verdict::Partly
        );
        assert_eq!(
            claim(&results(&[0.5, 0.8, 3.0]), Some(&boundary(true))).verdict,
            Verdict::Fails
        );
        assert_eq!(
            claim(&results(&[10.0, 20.0, 5.0]), Some(&boundary(false))).verdict,
            Verdict::Fails
        );
        assert_eq!(claim(&results(&[10.0]), None).verdict, Verdict::NotMeasured);
    }

    #[test]
    fn evidence_carries_the_boundary_costs() {
        let claim = claim(&results(&[10.0]), Some(&boundary(true)));
        assert_eq!(claim.evidence["call_overhead_ns"], 50.0);
        assert_eq!(claim.evidence["break_even"], 1.0);
    }
}

//! Claim `c-like`: Rust's runtime performance is "Very fast (C-like)". Judged on the Rust
//! time divided by the time of a plain C reference (`-O2`) on the same kernels.

use std::fmt::Write;

use serde_json::json;

use super::ratios::{geometric_mean, speedups};
use super::{Spec, not_measured};
use crate::render::escape::text;
use crate::render::{View, format_fixed};
use crate::results::{BenchResult, Claim, ResultsFile, Verdict};
use crate::workload::Variant;

/// Claim `c-like`: what the article says and how it is measured.
pub const SPEC: Spec = Spec {
    id: "c-like",
    article_says: "Runtime performance: \"Very fast (C-like)\"",
    measured_by: "Rust time ÷ the time of a plain C reference on the same kernels",
};

/// The rule, as the report states it.
pub const C_LIKE_RULE: &str = "Per kernel, Rust time ÷ C time (below 1 means Rust was faster). *holds* when the geometric mean is at most 1.25× and no kernel exceeds 2×; *fails* when the geometric mean exceeds 2×; *partly* otherwise.";

fn verdict(geomean: f64, worst: f64) -> Verdict {
    if geomean <= 1.25 && worst <= 2.0 {
        Verdict::Holds
    } else if geomean > 2.0 {
        Verdict::Fails
    } else {
        Verdict::Partly
    }
}

/// Rust time ÷ C time per kernel (the inverse of [`speedups`]' c ÷ rust), with its bounds.
pub fn rust_over_c(results: &[BenchResult]) -> Vec<(String, f64, f64, f64)> {
    speedups(results, Variant::C)
        .into_iter()
        .map(|s| (s.workload, 1.0 / s.ratio, 1.0 / s.high, 1.0 / s.low))
        .collect()
}

/// The claim, from the measured c and rust timings.
pub fn claim(results: &[BenchResult]) -> Claim {
    let spec = &SPEC;
    let kernels = rust_over_c(results);
    if kernels.is_empty() {
        return not_measured(spec, "no workload has both a c and a rust timing");
    }
    let geomean = geometric_mean(kernels.iter().map(|k| k.1)).unwrap_or(f64::NAN);
    let (worst_name, worst) = kernels
        .iter()
        .map(|k| (k.0.as_str(), k.1))
        .fold(("", 0.0), |acc, k| if k.1 > acc.1 { k } else { acc });
    let verdict = verdict(geomean, worst);
    let per_kernel: Vec<_> = kernels
        .iter()
        .map(|(w, r, lo, hi)| json!({"workload": w, "rust_over_c": r, "ci_low": lo, "ci_high": hi}))
        .collect();
    Claim {
        id: spec.id.to_string(),
        verdict,
        summary: format!(
            "Rust took {geomean:.2}× the time of -O2 C (geometric mean over {} kernels; slowest relative to C: {worst_name} at {worst:.2}×).",
            kernels.len(),
        ),
        evidence: json!({ "rule": C_LIKE_RULE, "geometric_mean": geomean, "per_kernel": per_kernel }),
    }
}

/// Claim `c-like` in [`crate::claims::CLAIMS`].
pub struct CLike;

impl crate::claims::Claim for CLike {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn verdict(&self, file: &ResultsFile) -> Claim {
        claim(&file.results)
    }

    fn section(&self, w: &mut String, view: &View) {
        section(w, view)
    }
}

fn section(w: &mut String, view: &View) {
    let _ = writeln!(w, "\n## `c-like`: Rust time ÷ C time\n");
    let _ = writeln!(w, "Rule: {C_LIKE_RULE}\n");
    let kernels = rust_over_c(&view.file.results);
    if kernels.is_empty() {
        let _ = writeln!(w, "No kernel was timed in both Rust and C.");
        return;
    }
    let compiler = &view.file.environment.c_compiler;
    let c_header = if compiler.is_empty() {
        "c".to_string()
    } else {
        format!("c ({})", text(compiler))
    };
    let _ = writeln!(w, "| kernel | n | {c_header} | rust | rust ÷ c (95% CI) |");
    let _ = writeln!(w, "|---|---:|---:|---:|---:|");
    for (name, ratio, low, high) in &kernels {
        let n = view.find(name, Variant::C).map_or(0, |r| r.n);
        let _ = writeln!(
            w,
            "| {} | {n} | {} | {} | **{}×** ({}–{}) |",
            view.workload(name),
            view.median(name, Variant::C),
            view.median(name, Variant::Rust),
            format_fixed(*ratio, 2),
            format_fixed(*low, 2),
            format_fixed(*high, 2),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::ratios::tests::timed;
    use crate::workload::Category;

    fn verdict_for(rust_over_c: &[f64]) -> Verdict {
        let c = Category::InterpreterBound;
        let results: Vec<_> = rust_over_c
            .iter()
            .enumerate()
            .flat_map(|(i, r)| {
                let name = format!("k{i}");
                [
                    timed(&name, c, Variant::Rust, 1000.0 * r),
                    timed(&name, c, Variant::C, 1000.0),
                ]
            })
            .collect();
        claim(&results).verdict
    }

    #[test]
    fn verdict_can_hold_be_partly_or_fail() {
        assert_eq!(verdict_for(&[0.9, 1.1, 1.2]), Verdict::Holds);
        assert_eq!(verdict_for(&[1.0, 1.0, 2.5]), Verdict::Partly);
        assert_eq!(verdict_for(&[2.5, 3.0, 2.2]), Verdict::Fails);
    }
}

//! Claim `c-like`: Rust's runtime performance is "Very fast (C-like)". Judged on the Rust
//! time divided by the time of a plain C reference (`-O2`) on the same kernels.

use serde_json::json;

use super::{geometric_mean, not_measured, spec, speedups};
use crate::results::{BenchResult, Claim, Verdict};
use crate::workload::Variant;

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
    let spec = spec("c-like");
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::claims::tests::timed;
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

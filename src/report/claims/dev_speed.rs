//! Claim `dev-speed`: Python is "Very fast" to develop in, Rust "Slow". Nothing here measures
//! development speed. The proxy, labelled as one everywhere, is the count of non-blank,
//! non-comment lines of each workload's Rust and Python implementations.

use std::collections::BTreeMap;

use serde_json::json;

use super::{geometric_mean, not_measured, spec};
use crate::report::charts::format_ratio;
use crate::results::{Claim, SourceLines, Verdict};

/// The rule, as the report states it.
pub const DEV_SPEED_RULE: &str = "A proxy, not a measure of development speed: Rust lines ÷ Python lines per workload (non-blank, non-comment; Rust without tests and harness glue, Python without docstrings). The proxy *agrees* with the article (holds) when Rust needs at least 1.5× the lines of Python on the geometric mean, *disagrees* (fails) when it needs no more than Python, and is *partly* in between.";

/// The claim, from the line counts.
pub fn claim(lines: &BTreeMap<String, SourceLines>) -> Claim {
    let spec = spec("dev-speed");
    let pairs: Vec<_> = lines
        .iter()
        .filter(|(_, l)| l.rust > 0 && l.python > 0)
        .collect();
    if pairs.is_empty() {
        return not_measured(spec, "no workload has line counts for both languages");
    }
    let geomean = geometric_mean(pairs.iter().map(|(_, l)| l.rust as f64 / l.python as f64))
        .unwrap_or(f64::NAN);
    let verdict = if geomean >= 1.5 {
        Verdict::Holds
    } else if geomean <= 1.0 {
        Verdict::Fails
    } else {
        Verdict::Partly
    };
    let (rust, python): (usize, usize) = pairs
        .iter()
        .fold((0, 0), |(r, p), (_, l)| (r + l.rust, p + l.python));
    Claim {
        id: spec.id.to_string(),
        verdict,
        summary: format!(
            "Proxy only (lines of code, not development time): the Rust implementations have {} the lines of the Python ones (geometric mean over {} workloads; {rust} vs {python} lines in all).",
            format_ratio(geomean),
            pairs.len()
        ),
        evidence: json!({
            "proxy": "non-blank, non-comment lines of code",
            "rule": DEV_SPEED_RULE,
            "rust_over_python_geometric_mean": geomean,
            "per_workload": lines,
        }),
    }
}

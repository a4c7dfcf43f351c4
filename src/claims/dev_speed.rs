//! Claim `dev-speed`: Python is "Very fast" to develop in, Rust "Slow". Nothing here measures
//! development speed. The proxy, labelled as one everywhere, is the count of non-blank,
//! non-comment lines of each workload's Rust and Python implementations.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::json;

use super::ratios::geometric_mean;
use super::{Spec, not_measured};
use crate::render::escape::text;
use crate::render::{View, format_ratio};
use crate::results::{Claim, ResultsFile, SourceLines, Verdict};

/// Claim `dev-speed`: what the article says and how it is measured.
pub const SPEC: Spec = Spec {
    id: "dev-speed",
    article_says: "Development speed: Python \"Very fast\", Rust \"Slow\"",
    measured_by: "a proxy only: non-blank, non-comment lines of each implementation",
};

/// The rule, as the report states it.
pub const DEV_SPEED_RULE: &str = "A proxy, not a measure of development speed: Rust lines ÷ Python lines per workload (non-blank, non-comment; Rust without tests and harness glue, Python without docstrings). The proxy *agrees* with the article (holds) when Rust needs at least 1.5× the lines of Python on the geometric mean, *disagrees* (fails) when it needs no more than Python, and is *partly* in between.";

/// The claim, from the line counts.
pub fn claim(lines: &BTreeMap<String, SourceLines>) -> Claim {
    let spec = &SPEC;
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

/// Claim `dev-speed` in [`crate::claims::CLAIMS`].
pub struct DevSpeed;

impl crate::claims::Claim for DevSpeed {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn verdict(&self, file: &ResultsFile) -> Claim {
        claim(&file.source_lines)
    }

    fn section(&self, w: &mut String, view: &View) {
        section(w, view)
    }
}

fn section(w: &mut String, view: &View) {
    let results = view.file;
    let _ = writeln!(w, "\n## `dev-speed`: lines of code, a proxy only\n");
    let _ = writeln!(
        w,
        "**This is not a measure of development speed.** Lines of code are a weak proxy for the effort of writing a program; the article's claim is about people, not lines. Rule: {DEV_SPEED_RULE}\n"
    );
    if results.source_lines.is_empty() {
        let _ = writeln!(w, "Not measured: this results file has no line counts.");
        return;
    }
    let _ = writeln!(
        w,
        "| workload | rust lines | python lines (all Python variants) | rust ÷ python |"
    );
    let _ = writeln!(w, "|---|---:|---:|---:|");
    for (name, lines) in &results.source_lines {
        let _ = writeln!(
            w,
            "| {} | {} | {} | {:.2}× |",
            text(name),
            lines.rust,
            lines.python,
            lines.rust as f64 / lines.python.max(1) as f64
        );
    }
}

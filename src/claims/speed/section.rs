//! The `speed-10-100x` section of `REPORT.md`: every workload's times, its pure and
//! idiomatic Python ratios, and where the idiomatic one falls against the band.

use std::collections::HashMap;
use std::fmt::Write;

use super::SPEED_RULE;
use crate::claims::ratios::{BAND, BandPosition, Speedup, idiomatic_speedups, speedups};
use crate::render::{View, by_workload, format_fixed, format_ratio};
use crate::workload::Variant;

pub(super) fn write(w: &mut String, view: &View) {
    let _ = writeln!(w, "\n## `speed-10-100x`: Python time ÷ Rust time\n");
    let _ = writeln!(w, "Rule: {SPEED_RULE}\n");
    let results = &view.file.results;
    let ratios = idiomatic_speedups(results);
    if ratios.is_empty() {
        let _ = writeln!(w, "No workload was timed in both languages.");
        return;
    }
    let (python, python_c) = (
        speedups(results, Variant::Python),
        speedups(results, Variant::PythonC),
    );
    let pure = by_workload(&python, |s: &Speedup| &s.workload);
    let with_c = by_workload(&python_c, |s: &Speedup| &s.workload);
    let ratio_of = |list: &HashMap<&str, &Speedup>, name: &str| {
        list.get(name)
            .map_or_else(|| "–".to_string(), |s| format_ratio(s.ratio))
    };
    let _ = writeln!(
        w,
        "| workload | category | n | rust | python | python_c | python ÷ rust | python_c ÷ rust | idiomatic ÷ rust (95% CI) | per round | vs 10–100× |"
    );
    let _ = writeln!(w, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    for s in &ratios {
        let n = view.find(&s.workload, Variant::Rust).map_or(0, |r| r.n);
        let band = match s.ratio.is_finite() && s.ratio >= 0.0 {
            true => BandPosition::of(s.ratio).id(),
            false => "–",
        };
        let _ = writeln!(
            w,
            "| {} | {} | {n} | {} | {} | {} | {} | {} | **{}** ({}–{}) | {} | {band} |",
            view.workload(&s.workload),
            s.category,
            view.median(&s.workload, Variant::Rust),
            view.median(&s.workload, Variant::Python),
            view.median(&s.workload, Variant::PythonC),
            ratio_of(&pure, &s.workload),
            ratio_of(&with_c, &s.workload),
            format_ratio(s.ratio),
            format_ratio(s.low),
            format_ratio(s.high),
            per_round(&s.rounds)
        );
    }
    let _ = writeln!(
        w,
        "\nThe band is the article's {}–{}×. *Idiomatic* is `python_c` where the workload has one (the Python that delegates to C: `json`, `re`, `hashlib`, numpy, …), else `python`. {RATIO_INTERVALS}",
        BAND.0, BAND.1
    );
}

/// How the report's ratios and their intervals are computed.
pub const RATIO_INTERVALS: &str = "In full mode every workload's variants are timed in interleaved rounds (rust, python, python_c, …, then rust, python, … again), and a ratio is computed in each round: the ratio shown is the median of the per-round ratios, and its interval covers both the bootstrap interval (from the low end of one variant's 95% confidence interval over the high end of the other's, to the reverse) and every per-round ratio, so that it also spans what drifted between rounds. A variant's own median and interval pool the samples of all its rounds. A quick run times once, and its intervals come from the confidence intervals alone.";

/// The per-round ratios, `8.4 · 7.4 · 8.5`, or `–` without rounds.
fn per_round(rounds: &[f64]) -> String {
    match rounds.is_empty() {
        true => "–".to_string(),
        false => rounds
            .iter()
            .map(|r| format_fixed(*r, if *r < 10.0 { 2 } else { 1 }))
            .collect::<Vec<_>>()
            .join(" · "),
    }
}

//! Claim `memory-footprint`: Rust fits where "memory usage is a hard constraint", with "small
//! binaries". Judged on the peak heap of each workload (Python's idiomatic variant against
//! Rust's), the bytes per element of a million records, and process start-up.

mod chart;
pub mod pass;
pub mod peaks;

use std::fmt::Write;
use std::path::Path;

use serde_json::json;

use super::ratios::{
    geometric_mean, idiomatic_left_out, idiomatic_speedups, left_out_json, left_out_text,
};
use super::{Pass, Spec, not_measured};
use crate::error::Result;
use crate::render::chart::{ChartFiles, render};
use crate::render::escape::{code, text};
use crate::render::{View, format_fixed, format_ratio};
use crate::results::{BenchResult, Claim, Footprint, Index, ResultsFile, Verdict};
use crate::workload::Variant;

/// Claim `memory-footprint`: what the article says and how it is measured.
pub const SPEC: Spec = Spec {
    id: "memory-footprint",
    article_says: "Rust fits where \"latency or memory usage is a hard constraint\"; \"small binaries\"",
    measured_by: "peak heap per workload, process start-up time, binary size",
};

/// The rule, as the report states it.
pub const MEMORY_RULE: &str = "Per workload, the idiomatic Python variant's peak heap ÷ the Rust variant's. *holds* when that ratio's geometric mean is at least 2×, Rust's records take fewer bytes per element than every Python structure, and the minimal Rust CLI starts faster than `python3 -c pass`; *fails* when the geometric mean is below 1× (Rust peaks higher); *partly* otherwise.";

/// Idiomatic Python peak ÷ Rust peak, per workload with both measured.
pub fn peak_ratios(results: &[BenchResult]) -> Vec<(String, f64)> {
    let index = Index::new(results);
    let peak = |workload: &str, variant: Variant| {
        index
            .get(workload, variant)
            .and_then(|r| r.peak_bytes)
            .filter(|p| *p > 0)
    };
    idiomatic_speedups(results)
        .iter()
        .filter_map(|s| {
            let python = peak(&s.workload, s.variant)?;
            let rust = peak(&s.workload, Variant::Rust)?;
            Some((s.workload.clone(), python as f64 / rust as f64))
        })
        .collect()
}

/// The claim, from the peaks and the footprint pass.
pub fn claim(results: &[BenchResult], footprint: Option<&Footprint>) -> Claim {
    let spec = &SPEC;
    let ratios = peak_ratios(results);
    let Some(footprint) = footprint.filter(|_| !ratios.is_empty()) else {
        return not_measured(
            spec,
            "no peak-memory or footprint measurements in this results file",
        );
    };
    let geomean = geometric_mean(ratios.iter().map(|r| r.1)).unwrap_or(f64::NAN);
    // Like for like: the Rust record that owns its name as a String, as Python's records do.
    let rust_rows = || {
        footprint
            .per_element
            .iter()
            .filter(|p| p.language == "Rust")
    };
    let rust_bytes = rust_rows()
        .find(|p| p.structure.contains("String"))
        .or_else(|| rust_rows().next())
        .map_or(f64::NAN, |p| p.bytes_per_element);
    let python_bytes = footprint
        .per_element
        .iter()
        .filter(|p| p.language == "Python")
        .map(|p| p.bytes_per_element)
        .fold(f64::INFINITY, f64::min);
    let startup = |prefix: &str| {
        footprint
            .startup
            .iter()
            .find(|s| s.program.starts_with(prefix))
            .map(|s| s.median_ms)
    };
    let (rust_start, python_start) = (startup("minimal Rust"), startup("python3 -c pass"));
    let starts_faster = matches!((rust_start, python_start), (Some(r), Some(p)) if r < p);
    let verdict = if geomean >= 2.0 && rust_bytes < python_bytes && starts_faster {
        Verdict::Holds
    } else if geomean < 1.0 {
        Verdict::Fails
    } else {
        Verdict::Partly
    };
    let ms = |v: Option<f64>| v.map_or("–".to_string(), |v| format!("{v:.1} ms"));
    let mib = |v: Option<u64>| {
        v.map_or("–".to_string(), |b| {
            format!("{:.1} MiB", b as f64 / 1048576.0)
        })
    };
    let left_out = idiomatic_left_out(results);
    let left_out_sentence = match left_out.is_empty() {
        true => String::new(),
        false => format!(" Left out, because {}.", left_out_text(&left_out)),
    };
    Claim {
        id: spec.id.to_string(),
        verdict,
        summary: format!(
            "Idiomatic Python peaked at {geomean:.1}× Rust's heap (geometric mean over {} workloads); a million small records take {python_bytes:.0} bytes each in the leanest Python structure against {rust_bytes:.0} in a Rust Vec<struct> with a String name; a minimal Rust CLI starts in {} against {} for `python3 -c pass`; the pyrust-bench binary is {} (it embeds libpython's link, plotters and Criterion), a minimal Rust CLI {}.{left_out_sentence}",
            ratios.len(),
            ms(rust_start),
            ms(python_start),
            mib(footprint.binary_bytes),
            mib(footprint.minimal_binary_bytes),
        ),
        evidence: json!({
            "rule": MEMORY_RULE,
            "peak_ratio_geometric_mean": geomean,
            "per_workload": ratios.iter().map(|(w, r)| json!({"workload": w, "python_over_rust_peak": r})).collect::<Vec<_>>(),
            "rust_bytes_per_element": rust_bytes,
            "python_bytes_per_element": python_bytes,
            "rust_startup_ms": rust_start,
            "python_startup_ms": python_start,
            "binary_bytes": footprint.binary_bytes,
            "minimal_binary_bytes": footprint.minimal_binary_bytes,
            "left_out": left_out_json(&left_out),
        }),
    }
}

/// Claim `memory-footprint` in [`crate::claims::CLAIMS`].
pub struct MemoryFootprint;

impl crate::claims::Claim for MemoryFootprint {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn verdict(&self, file: &ResultsFile) -> Claim {
        claim(&file.results, file.footprint.as_ref())
    }

    fn pass(&self) -> Option<&'static dyn Pass> {
        Some(&pass::FootprintPass)
    }

    fn section(&self, w: &mut String, view: &View) {
        section(w, view)
    }

    fn charts(&self, view: &View, dir: &Path) -> Result<Vec<ChartFiles>> {
        Ok(vec![render(&chart::MemoryChart, view, dir)?])
    }
}

fn section(w: &mut String, view: &View) {
    let results = view.file;
    let _ = writeln!(
        w,
        "\n## `memory-footprint`: peak heap, records, start-up, binary size\n"
    );
    let _ = writeln!(w, "Rule: {MEMORY_RULE}\n");
    let _ = writeln!(
        w,
        "Peaks are measured in a pass of their own after timing, one call per variant: Rust's heap through a counting global allocator, Python's through `tracemalloc` (both, summed, for `hybrid`; C's `malloc` is not counted). They appear in the *peak* column of every result.\n"
    );
    let ratios = peak_ratios(&results.results);
    if ratios.is_empty() {
        let _ = writeln!(w, "Peak heap: not measured in this results file.\n");
    } else {
        let _ = writeln!(w, "| workload | idiomatic Python peak ÷ Rust peak |");
        let _ = writeln!(w, "|---|---:|");
        for (name, ratio) in &ratios {
            let _ = writeln!(w, "| {} | {} |", view.workload(name), format_ratio(*ratio));
        }
    }
    let Some(f) = &results.footprint else {
        let _ = writeln!(
            w,
            "\nBytes per element, start-up and binary size: not measured in this results file."
        );
        return;
    };
    let _ = writeln!(w, "\n| one million records as | bytes per element |");
    let _ = writeln!(w, "|---|---:|");
    for p in &f.per_element {
        let _ = writeln!(
            w,
            "| {} ({}) | {} |",
            text(&p.structure),
            text(&p.language),
            format_fixed(p.bytes_per_element, 1)
        );
    }
    let _ = writeln!(w, "\n| process start-up | median | min – max | runs |");
    let _ = writeln!(w, "|---|---:|---:|---:|");
    for s in &f.startup {
        let _ = writeln!(
            w,
            "| {} ({}) | {} ms | {} – {} ms | {} |",
            text(&s.program),
            code(&s.command),
            format_fixed(s.median_ms, 1),
            format_fixed(s.min_ms, 1),
            format_fixed(s.max_ms, 1),
            s.runs
        );
    }
    let mib = |b: Option<u64>| {
        b.map_or("–".to_string(), |b| {
            format!("{:.2} MiB", b as f64 / 1048576.0)
        })
    };
    let _ = writeln!(
        w,
        "\nRelease binaries: `pyrust-bench` {} (it links libpython, plotters and Criterion); a minimal Rust CLI {}.",
        mib(f.binary_bytes),
        mib(f.minimal_binary_bytes)
    );
}

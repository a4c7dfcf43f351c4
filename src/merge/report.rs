//! The merged `REPORT.md`: the runs and what sets them apart, every claim's verdict in each
//! run, the idiomatic and the pure python/rust ratio of every workload side by side (with
//! their geometric means per category and their spread across runs), the other interpreters
//! each run timed, and the chart. `VERDICTS.md` is its verdict table alone, for a CI job's
//! summary. Every string from the data is escaped.

use std::collections::HashMap;
use std::fmt::Write;

use super::{MergedFile, common};
use crate::claims::CLAIMS;
use crate::claims::ratios::{Speedup, geometric_mean, idiomatic_speedups, speedups};
use crate::claims::speed::which_python::judged;
use crate::render::escape::text;
use crate::render::table::Table;
use crate::render::{NOT_A_FIGURE, format_fixed, format_ratio};
use crate::results::differences::differences;
use crate::results::{InterpreterRole, ResultsFile};
use crate::workload::{Category, Variant};

/// Renders the merged report; `chart` is the chart's path relative to it.
pub fn render(merged: &MergedFile, chart: &str) -> String {
    let runs = &merged.runs;
    let files: Vec<&ResultsFile> = runs.iter().map(|r| &r.results).collect();
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "# pyrust-bench: {} runs side by side\n", runs.len());
    let differing: Vec<&str> = differences(&files).iter().map(|a| a.name).collect();
    let shared: Vec<String> = common(merged)
        .into_iter()
        .map(|(_, value)| text(&value).to_string())
        .collect();
    let _ = writeln!(
        w,
        "Merged by `pyrust-bench merge` on {} from {} results files. The runs differ in: {}. In common: {}. Each run is labelled by what differs. This file is generated: edit the code, not the report.\n",
        text(&merged.generated_at),
        runs.len(),
        match differing.is_empty() {
            true => "nothing recorded".to_string(),
            false => differing.join(", "),
        },
        match shared.is_empty() {
            true => "nothing recorded".to_string(),
            false => shared.join("; "),
        }
    );
    if differing.contains(&"mode") {
        let _ = writeln!(
            w,
            "> **Mixed modes:** some runs are quick runs, which time smaller inputs more briefly: their figures are a smoke test and do not compare with a full run's.\n"
        );
    }

    let _ = writeln!(w, "## Runs\n");
    let mut table = Table::new(&[
        "run",
        "Python",
        "CPU",
        "OS",
        "rustc",
        "mode",
        "written",
        ">suite time",
        ">noise",
        "source",
    ]);
    for run in runs {
        let env = &run.results.environment;
        table.row(vec![
            run.label.clone(),
            format!("{} {}", env.python.implementation, env.python.version),
            format!("{} ({} cores)", env.cpu, env.cores),
            env.os.clone(),
            env.rustc.clone(),
            run.results.mode.to_string(),
            run.results.generated_at.clone(),
            env.suite_seconds
                .map_or(NOT_A_FIGURE.into(), |s| format!("{} s", format_fixed(s, 0))),
            env.calibration
                .as_ref()
                .and_then(|c| c.noise_pct())
                .map_or(NOT_A_FIGURE.into(), |n| format!("{}%", format_fixed(n, 1))),
            run.source.clone(),
        ]);
    }
    let _ = write!(w, "{}", table.to_markdown());

    let _ = writeln!(w, "\n## Verdicts\n");
    let _ = write!(w, "{}", verdict_table(merged));

    for (title, about, ratios) in [
        (
            "Idiomatic Python ÷ Rust",
            "The ratio `speed-10-100x` judges: `python_c` where the workload has one, else `python`. *spread* is the largest ratio over the smallest.",
            per_run(merged, idiomatic_speedups),
        ),
        (
            "Pure Python ÷ Rust",
            "The `python` variant: interpreted loops, standard library only.",
            per_run(merged, |r| speedups(r, Variant::Python)),
        ),
    ] {
        let _ = writeln!(w, "\n## {title}, per workload\n\n{about}\n");
        let _ = write!(w, "{}", ratio_table(merged, &ratios));
    }

    other_interpreters(w, merged);

    let _ = writeln!(w, "\n## Chart\n\n![runs]({chart})");
    out
}

/// `VERDICTS.md`: the verdict table, under a heading that names the runs.
pub fn verdicts(merged: &MergedFile) -> String {
    format!(
        "## pyrust-bench verdicts, {} runs\n\n{}",
        merged.runs.len(),
        verdict_table(merged)
    )
}

/// Every claim of [`CLAIMS`] with its verdict in each run.
fn verdict_table(merged: &MergedFile) -> String {
    let mut columns = vec!["claim".to_string(), "the article says".to_string()];
    columns.extend(merged.runs.iter().map(|r| r.label.clone()));
    let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
    let mut table = Table::new(&columns);
    for spec in CLAIMS.iter().map(|c| c.spec()) {
        let mut row = vec![spec.id.to_string(), spec.article_says.to_string()];
        row.extend(merged.runs.iter().map(|run| {
            run.results
                .claims
                .iter()
                .find(|c| c.id == spec.id)
                .map_or("not in this run".to_string(), |c| {
                    c.verdict.id().to_string()
                })
        }));
        table.row(row);
    }
    table.to_markdown()
}

/// One run's ratios by workload.
type Ratios = HashMap<String, Speedup>;

fn per_run(
    merged: &MergedFile,
    ratios: impl Fn(&[crate::results::BenchResult]) -> Vec<Speedup>,
) -> Vec<Ratios> {
    merged
        .runs
        .iter()
        .map(|run| {
            ratios(&run.results.results)
                .into_iter()
                .map(|s| (s.workload.clone(), s))
                .collect()
        })
        .collect()
}

/// Workloads in the order the runs first list them, with their category.
fn workloads(merged: &MergedFile) -> Vec<(&str, Category)> {
    let mut seen = std::collections::HashSet::new();
    merged
        .runs
        .iter()
        .flat_map(|run| &run.results.results)
        .filter(|r| seen.insert(r.workload.as_str()))
        .map(|r| (r.workload.as_str(), r.category))
        .collect()
}

/// A table of one ratio per workload and run, then the geometric mean of each category per
/// run; or a sentence when no run has the ratio.
fn ratio_table(merged: &MergedFile, ratios: &[Ratios]) -> String {
    if ratios.iter().all(HashMap::is_empty) {
        return "No run has both this Python variant and rust timed on any workload.\n".into();
    }
    let mut columns = vec![
        "workload".to_string(),
        "category".to_string(),
        "variant".to_string(),
    ];
    columns.extend(merged.runs.iter().map(|r| format!(">{}", r.label)));
    columns.push(">spread".into());
    let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
    let mut table = Table::new(&columns);
    for (workload, category) in workloads(merged) {
        let found: Vec<Option<&Speedup>> = ratios.iter().map(|r| r.get(workload)).collect();
        if found.iter().all(Option::is_none) {
            continue;
        }
        let variants: Vec<&str> = found.iter().flatten().map(|s| s.variant.id()).collect();
        let mut variant = variants.first().copied().unwrap_or_default().to_string();
        if variants.iter().any(|v| *v != variant) {
            variant = "differs per run".into();
        }
        let mut row = vec![workload.to_string(), category.to_string(), variant];
        row.extend(
            found
                .iter()
                .map(|s| s.map_or(NOT_A_FIGURE.into(), |s| format_ratio(s.ratio))),
        );
        row.push(spread(found.iter().flatten().map(|s| s.ratio)));
        table.row(row);
    }
    for category in [Category::InterpreterBound, Category::LibraryBound] {
        let means: Vec<Option<f64>> = ratios
            .iter()
            .map(|r| {
                geometric_mean(
                    r.values()
                        .filter(|s| s.category == category)
                        .map(|s| s.ratio),
                )
            })
            .collect();
        if means.iter().all(Option::is_none) {
            continue;
        }
        let mut row = vec![
            "geometric mean".to_string(),
            category.to_string(),
            String::new(),
        ];
        row.extend(
            means
                .iter()
                .map(|m| m.map_or(NOT_A_FIGURE.into(), format_ratio)),
        );
        row.push(spread(means.iter().flatten().copied()));
        table.row(row);
    }
    table.to_markdown()
}

/// The largest value over the smallest, `1.15×`; a dash for fewer than two values.
fn spread(values: impl Iterator<Item = f64>) -> String {
    let values: Vec<f64> = values.collect();
    if values.len() < 2 {
        return NOT_A_FIGURE.into();
    }
    let max = values.iter().copied().fold(f64::MIN, f64::max);
    let min = values.iter().copied().fold(f64::MAX, f64::min);
    format!("{}×", format_fixed(max / min, 2))
}

/// Per run, every other interpreter its pass `interpreters` timed: the geometric mean of its
/// pure-Python ÷ Rust ratios per category.
fn other_interpreters(w: &mut String, merged: &MergedFile) {
    let mut table = Table::new(&[
        "run",
        "interpreter",
        ">interpreter-bound",
        ">library-bound",
        ">workloads",
    ]);
    for run in &merged.runs {
        for j in judged(&run.results) {
            if j.run.role == InterpreterRole::EmbeddedExecutable {
                continue;
            }
            let ratios = speedups(&j.results, Variant::Python);
            if ratios.is_empty() {
                continue;
            }
            let mean = |category: Category| {
                geometric_mean(
                    ratios
                        .iter()
                        .filter(|s| s.category == category)
                        .map(|s| s.ratio),
                )
                .map_or(NOT_A_FIGURE.into(), format_ratio)
            };
            table.row(vec![
                run.label.clone(),
                j.label.clone(),
                mean(Category::InterpreterBound),
                mean(Category::LibraryBound),
                ratios.len().to_string(),
            ]);
        }
    }
    if table.is_empty() {
        return;
    }
    let _ = writeln!(
        w,
        "\n## Under other interpreters\n\nThe `python` variants under the interpreters each run's pass `interpreters` found (PyPy, other CPythons): the geometric mean of pure-Python time ÷ Rust, per category.\n"
    );
    let _ = write!(w, "{}", table.to_markdown());
}

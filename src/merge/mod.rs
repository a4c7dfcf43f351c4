//! `pyrust-bench merge A.json B.json … --out DIR`: several results files (from several
//! machines, operating systems or Python versions) side by side, in one report. The inputs
//! stay schema-1 results files; what `merge` writes is a format of its own, `merged.json`:
//!
//! ```json
//! { "merged_version": 1, "generated_at": "RFC 3339 time",
//!   "runs": [ { "label": "CPython 3.12.1", "source": "py312/latest.json",
//!               "results": { "schema_version": 1, … } } ] }
//! ```
//!
//! Each run is labelled by what differs between the runs (the Python, the CPU, the cores, the
//! OS, rustc, the mode; see [`crate::results::differences`]), and its claims are recomputed
//! with this version's rules. [`report`] writes `REPORT.md` and `VERDICTS.md` from it, and
//! [`chart`] the chart of every run's ratios.

pub mod chart;
pub mod report;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::render::chart::{ChartFiles, render};
use crate::results::differences::{aspects, differences};
use crate::results::store::{self, write_atomic};
use crate::results::{ResultsFile, environment};

/// The version of the merged format this crate writes and reads.
pub const MERGED_VERSION: u32 = 1;

/// The merged file's name inside the output folder.
pub const MERGED: &str = "merged.json";

/// The verdict table alone, for a CI job's summary.
pub const VERDICTS: &str = "VERDICTS.md";

/// `merged.json`: the runs, in the order they were given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MergedFile {
    /// Always [`MERGED_VERSION`].
    pub merged_version: u32,
    /// When `merge` wrote it (RFC 3339, UTC).
    pub generated_at: String,
    pub runs: Vec<Run>,
}

/// One results file among the merged ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Run {
    /// What sets this run apart from the others, e.g. `CPython 3.12.1`; unique in the file.
    pub label: String,
    /// The path it was read from, as given.
    pub source: String,
    /// The results file, with its claims recomputed.
    pub results: ResultsFile,
}

/// Reads every results file (with the checks of [`store::load`]) and merges them.
pub fn load_runs(paths: &[PathBuf]) -> Result<MergedFile> {
    let files = paths
        .iter()
        .map(|p| Ok((p.display().to_string(), store::load(p)?)))
        .collect::<Result<Vec<_>>>()?;
    Ok(merge(files))
}

/// Merges results files, given with their sources: labels them, and recomputes their claims.
pub fn merge(files: Vec<(String, ResultsFile)>) -> MergedFile {
    let labels = labels(&files.iter().map(|(_, f)| f).collect::<Vec<_>>());
    let runs = files
        .into_iter()
        .zip(labels)
        .map(|((source, mut results), label)| {
            results.claims = crate::claims::evaluate(&results);
            Run {
                label,
                source,
                results,
            }
        })
        .collect();
    MergedFile {
        merged_version: MERGED_VERSION,
        generated_at: environment::now_rfc3339(),
        runs,
    }
}

/// One label per file, naming the aspects on which the files differ (`CPython 3.12.1 · AMD
/// EPYC 7B13`); `run 1`, `run 2` … where they differ in nothing recorded. Labels that would
/// repeat get `#2`, `#3` …
pub fn labels(files: &[&ResultsFile]) -> Vec<String> {
    let differing = differences(files);
    let mut labels: Vec<String> = (0..files.len())
        .map(|i| {
            let parts: Vec<&str> = differing.iter().map(|a| a.values[i].as_str()).collect();
            match parts.is_empty() {
                true => format!("run {}", i + 1),
                false => parts.join(" · "),
            }
        })
        .collect();
    for i in 0..labels.len() {
        let repeats = labels[..i].iter().filter(|l| **l == labels[i]).count();
        if repeats > 0 {
            labels[i] = format!("{} #{}", labels[i], repeats + 1);
        }
    }
    labels
}

/// What the runs have in common, for the report's header: `CPython 3.11.7, rustc 1.95.0`.
pub fn common(merged: &MergedFile) -> Vec<(&'static str, String)> {
    let files: Vec<&ResultsFile> = merged.runs.iter().map(|r| &r.results).collect();
    aspects(&files)
        .into_iter()
        .filter(|a| !a.differs())
        .filter_map(|a| Some((a.name, a.values.into_iter().next()?)))
        .collect()
}

/// Reads a merged file: valid JSON, of [`MERGED_VERSION`], every run a valid results file.
pub fn load(path: &Path) -> Result<MergedFile> {
    let bad = |reason: String| Error::Results {
        path: path.to_path_buf(),
        reason,
    };
    let value = store::read_json(path)?;
    match value.get("merged_version").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(MERGED_VERSION) => {}
        Some(v) => {
            return Err(bad(format!(
                "merged_version {v} is not supported (this pyrust-bench reads merged_version {MERGED_VERSION}); merge the results files again with this version"
            )));
        }
        None => {
            return Err(bad(
                "no merged_version field: not a file written by `pyrust-bench merge`".into(),
            ));
        }
    }
    serde_json::from_value(value).map_err(|e| {
        bad(format!(
            "does not follow merged_version {MERGED_VERSION}: {e}"
        ))
    })
}

/// What [`write_all`] wrote.
#[derive(Debug)]
pub struct Written {
    pub merged: PathBuf,
    pub report: PathBuf,
    pub verdicts: PathBuf,
    pub chart: ChartFiles,
}

/// Writes `out/merged.json`, `out/REPORT.md`, `out/VERDICTS.md` and `out/charts/runs.*`.
pub fn write_all(merged: &MergedFile, out: &Path) -> Result<Written> {
    let dir = out.join("charts");
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let frame = chart::Frame::new(merged);
    let chart = render(&chart::Runs { merged }, &frame.view(), &dir)?;
    let written = Written {
        merged: out.join(MERGED),
        report: out.join(crate::report::REPORT),
        verdicts: out.join(VERDICTS),
        chart,
    };
    store::write_json(&written.merged, merged)?;
    let chart_path = format!(
        "charts/{}",
        written
            .chart
            .png
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    );
    write_atomic(
        &written.report,
        report::render(merged, &chart_path).as_bytes(),
    )?;
    write_atomic(&written.verdicts, report::verdicts(merged).as_bytes())?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(version: &str) -> ResultsFile {
        let mut f = ResultsFile::default();
        f.environment.python.implementation = "CPython".into();
        f.environment.python.version = version.into();
        f
    }

    #[test]
    fn runs_are_labelled_by_what_differs_and_labels_never_repeat() {
        let (a, b) = (file("3.11.7"), file("3.12.1"));
        assert_eq!(labels(&[&a, &b]), ["CPython 3.11.7", "CPython 3.12.1"]);
        assert_eq!(labels(&[&a, &a]), ["run 1", "run 2"]);
        assert_eq!(
            labels(&[&a, &b, &a]),
            ["CPython 3.11.7", "CPython 3.12.1", "CPython 3.11.7 #2"]
        );
    }
}

//! Reports: the claims and their verdict rules, one file per chart, and the markdown report.
//! Everything here is computed from a results file alone, so `pyrust-bench report` can
//! regenerate it without running anything.

pub mod charts;
pub mod claims;
pub mod markdown;

use std::path::{Path, PathBuf};

use crate::error::Result;
use crate::results::ResultsFile;
use crate::results::store::write_atomic;

/// The name of the report inside an output folder.
pub const REPORT: &str = "REPORT.md";

/// What [`write_all`] wrote.
#[derive(Debug)]
pub struct Written {
    pub report: PathBuf,
    pub charts: Vec<charts::ChartFiles>,
}

/// Draws every chart into `out/charts/` and writes `out/REPORT.md`.
pub fn write_all(results: &ResultsFile, out: &Path) -> Result<Written> {
    let charts = charts::render_all(results, &out.join("charts"))?;
    let relative: Vec<String> = charts
        .iter()
        .filter_map(|c| c.png.file_name())
        .map(|name| format!("charts/{}", name.to_string_lossy()))
        .collect();
    let report = out.join(REPORT);
    write_atomic(&report, markdown::render(results, &relative).as_bytes())?;
    Ok(Written { report, charts })
}

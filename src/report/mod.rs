//! The report: every claim's charts into `charts/`, and `REPORT.md`, whose frame (header,
//! verdicts, the article's Quick Comparison, the chart list, every result, the environment)
//! lives in [`markdown`] and whose sections come from the claims, in [`CLAIMS`] order.
//! Everything here is computed from a results file alone, so `pyrust-bench report` can
//! regenerate it without running anything.

mod environment;
pub mod markdown;

use std::path::{Path, PathBuf};

use crate::claims::CLAIMS;
use crate::error::{Error, Result};
use crate::render::View;
use crate::render::chart::ChartFiles;
use crate::results::ResultsFile;
use crate::results::store::write_atomic;

/// The name of the report inside an output folder.
pub const REPORT: &str = "REPORT.md";

/// What [`write_all`] wrote.
#[derive(Debug)]
pub struct Written {
    pub report: PathBuf,
    pub charts: Vec<ChartFiles>,
}

/// Draws every claim's charts into `out/charts/` and writes `out/REPORT.md`.
pub fn write_all(results: &ResultsFile, out: &Path) -> Result<Written> {
    let view = View::new(results);
    let dir = out.join("charts");
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let mut charts = Vec::new();
    for claim in CLAIMS {
        charts.extend(claim.charts(&view, &dir)?);
    }
    let relative: Vec<String> = charts
        .iter()
        .filter_map(|c| c.png.file_name())
        .map(|name| format!("charts/{}", name.to_string_lossy()))
        .collect();
    let report = out.join(REPORT);
    write_atomic(&report, markdown::render(&view, &relative).as_bytes())?;
    Ok(Written { report, charts })
}

//! The merged report's chart, `runs`: per workload, the idiomatic-Python time ÷ Rust (the
//! ratio `speed-10-100x` judges) with one marker per run, on the tiers chart's log axis with
//! the article's 10–100× band, so that a Python version or a machine that moves a workload
//! across the band shows at a glance.

use std::collections::HashSet;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::MergedFile;
use crate::claims::ratios::idiomatic_speedups;
use crate::claims::speed::tiers_chart::{Series, draw_markers, markers_size};
use crate::render::View;
use crate::render::chart::{Chart, DrawResult, draw_title_lines, shorten};
use crate::results::differences::differences;
use crate::results::{BenchResult, ResultsFile};
use crate::workload::Variant;

/// The runs' colours, in the order they were given (repeated past the eighth run).
const COLOURS: [RGBColor; 8] = [
    RGBColor(0x30, 0x69, 0x98),
    RGBColor(0xe6, 0x73, 0x00),
    RGBColor(0x2e, 0x8b, 0x57),
    RGBColor(0x8e, 0x44, 0xad),
    RGBColor(0xd6, 0x33, 0x84),
    RGBColor(0x00, 0x83, 0x8f),
    RGBColor(0x7b, 0x5e, 0x3b),
    RGBColor(0x9e, 0x9e, 0x20),
];

/// The rows every run's markers share: a results file holding, per workload, the first run's
/// `rust` entry that was timed (so that the chart's rows, categories and modes come from the
/// house code that draws one run).
pub struct Frame {
    rows: ResultsFile,
}

impl Frame {
    pub fn new(merged: &MergedFile) -> Self {
        let mut seen = HashSet::new();
        let results: Vec<BenchResult> = merged
            .runs
            .iter()
            .flat_map(|run| &run.results.results)
            .filter(|r| r.variant == Variant::Rust && r.workers.is_none() && r.timing().is_some())
            .filter(|r| seen.insert(r.workload.as_str()))
            .cloned()
            .collect();
        let rows = ResultsFile {
            results,
            mode: merged
                .runs
                .first()
                .map(|r| r.results.mode)
                .unwrap_or_default(),
            ..ResultsFile::default()
        };
        Frame { rows }
    }

    pub fn view(&self) -> View<'_> {
        View::new(&self.rows)
    }
}

/// See the module documentation.
pub struct Runs<'a> {
    pub merged: &'a MergedFile,
}

impl Chart for Runs<'_> {
    fn name(&self) -> &'static str {
        "runs"
    }

    fn size(&self, view: &View) -> (u32, u32) {
        markers_size(view)
    }

    fn draw<DB: DrawingBackend>(&self, view: &View, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let runs = &self.merged.runs;
        let files: Vec<&ResultsFile> = runs.iter().map(|r| &r.results).collect();
        let differing: Vec<&str> = differences(&files).iter().map(|a| a.name).collect();
        let subtitle = format!(
            "{} runs{}, merged {}",
            runs.len(),
            match differing.is_empty() {
                true => " of the same environment".to_string(),
                false => format!(" differing in {}", differing.join(", ")),
            },
            self.merged
                .generated_at
                .chars()
                .take(10)
                .collect::<String>()
        );
        let area = draw_title_lines(
            root,
            "Idiomatic-Python time relative to Rust, per run",
            &subtitle,
        )?;
        let series: Vec<Series> = runs
            .iter()
            .zip(COLOURS.iter().cycle())
            .map(|(run, colour)| Series {
                label: shorten(&run.label, 48),
                color: *colour,
                ratios: idiomatic_speedups(&run.results.results)
                    .into_iter()
                    .map(|s| (s.workload, s.ratio))
                    .collect(),
            })
            .collect();
        draw_markers(view, &area, &series)
    }
}

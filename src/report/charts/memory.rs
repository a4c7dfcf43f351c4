//! The memory chart: per workload, the peak heap of one call of each measured variant, on a
//! log axis (Rust through a counting allocator, Python through `tracemalloc`). A variant that
//! allocated nothing on the heap (a peak of 0 B) has no bar: a log axis cannot show zero.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::bar_rows::{self, BarRow, BarRowsStyle};
use super::{Chart, DrawResult, draw_note, draw_titles, format_bytes, palette};
use crate::results::ResultsFile;
use crate::workload::Variant;

/// See the module documentation.
pub struct MemoryChart;

const SHOWN: &[(Variant, RGBColor)] = &[
    (Variant::Python, palette::PYTHON),
    (Variant::PythonC, palette::PYTHON_C),
    (Variant::Hybrid, palette::HYBRID),
    (Variant::Rust, palette::RUST),
];

/// `(workload, variant, colour, peak)` for every measured peak, in results order.
fn peaks(results: &ResultsFile) -> Vec<(String, Variant, RGBColor, f64)> {
    results
        .results
        .iter()
        .filter_map(|r| {
            let color = SHOWN.iter().find(|(v, _)| *v == r.variant)?.1;
            Some((
                r.workload.clone(),
                r.variant,
                color,
                r.peak_bytes.filter(|p| *p > 0)? as f64,
            ))
        })
        .collect()
}

impl Chart for MemoryChart {
    fn name(&self) -> &'static str {
        "memory"
    }

    fn size(&self, results: &ResultsFile) -> (u32, u32) {
        (1100, 200 + 18 * peaks(results).len().max(1) as u32)
    }

    fn draw<DB: DrawingBackend>(
        &self,
        results: &ResultsFile,
        root: &DrawingArea<DB, Shift>,
    ) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let area = draw_titles(
            root,
            "Peak heap of one call, by workload and variant",
            results,
        )?;
        let bars = peaks(results);
        if bars.is_empty() {
            return draw_note(
                &area,
                "Not measured: no peak-memory measurements in this results file.",
            );
        }
        let rows: Vec<BarRow> = bars
            .into_iter()
            .map(|(workload, variant, color, peak)| BarRow {
                name: format!("{workload} / {variant}"),
                value: peak,
                color,
                label: format_bytes(peak),
            })
            .collect();
        let style = BarRowsStyle {
            x_desc: "peak heap during one call (log scale)",
            format_x: format_bytes,
            name_area: 250,
            font: 12,
        };
        bar_rows::draw(&area, &rows, &style)
    }
}

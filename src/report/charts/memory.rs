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

const SHOWN: &[Variant] = &[
    Variant::Python,
    Variant::PythonC,
    Variant::Hybrid,
    Variant::Rust,
];

/// A bar for every measured peak, in results order.
fn peaks(results: &ResultsFile) -> Vec<BarRow> {
    results
        .results
        .iter()
        .filter(|r| SHOWN.contains(&r.variant))
        .filter_map(|r| {
            let peak = r.peak_bytes.filter(|p| *p > 0)? as f64;
            Some(BarRow {
                name: format!("{} / {}", r.workload, r.variant),
                value: peak,
                color: palette::of(r.variant),
                label: format_bytes(peak),
            })
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
        let rows = peaks(results);
        if rows.is_empty() {
            return draw_note(
                &area,
                "Not measured: no peak-memory measurements in this results file.",
            );
        }
        let style = BarRowsStyle {
            x_desc: "peak heap during one call (log scale)",
            format_x: format_bytes,
            name_area: 250,
            font: 12,
        };
        bar_rows::draw(&area, &rows, &style)
    }
}

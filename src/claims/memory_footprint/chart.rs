//! The memory chart: per workload, the peak heap of one call of each measured variant, on a
//! log axis (Rust through a counting allocator, Python through `tracemalloc`). A variant that
//! allocated nothing on the heap (a peak of 0 B) has no bar: a log axis cannot show zero.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::render::View;
use crate::render::bar_rows::{self, BarRow, BarRowsStyle};
use crate::render::chart::{
    Chart, DrawResult, MAX_ROWS, NAME_CHARS, cap, draw_left_out, draw_note, draw_titles,
    note_height, palette, shorten,
};
use crate::render::format_bytes;
use crate::workload::Variant;

/// See the module documentation.
pub struct MemoryChart;

const SHOWN: &[Variant] = &[
    Variant::Python,
    Variant::PythonC,
    Variant::Hybrid,
    Variant::Rust,
];

/// At most this many bars: a few per workload, at a fixed bound on the chart's height.
const MAX_BARS: usize = 3 * MAX_ROWS;

/// A bar for every measured peak, in results order: the first [`MAX_BARS`], and how many
/// were left out.
fn peaks(view: &View) -> (Vec<BarRow>, usize) {
    let peaks: Vec<_> = view
        .file
        .results
        .iter()
        .filter(|r| SHOWN.contains(&r.variant))
        .filter_map(|r| Some((r, r.peak_bytes.filter(|p| *p > 0)? as f64)))
        .collect();
    let (peaks, left_out) = cap(peaks, MAX_BARS);
    let bars = peaks
        .into_iter()
        .map(|(r, peak)| BarRow {
            name: format!(
                "{}{} / {}",
                shorten(&r.workload, NAME_CHARS),
                if view.quick(&r.workload) {
                    " (quick)"
                } else {
                    ""
                },
                r.variant
            ),
            value: peak,
            color: palette::of(r.variant),
            label: format_bytes(peak),
        })
        .collect();
    (bars, left_out)
}

impl Chart for MemoryChart {
    fn name(&self) -> &'static str {
        "memory"
    }

    fn size(&self, view: &View) -> (u32, u32) {
        let (bars, left_out) = peaks(view);
        (
            1100,
            200 + 18 * bars.len().max(1) as u32 + note_height(left_out),
        )
    }

    fn draw<DB: DrawingBackend>(&self, view: &View, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let area = draw_titles(root, "Peak heap of one call, by workload and variant", view)?;
        let (rows, left_out) = peaks(view);
        if rows.is_empty() {
            return draw_note(
                &area,
                "Not measured: no peak-memory measurements in this results file.",
            );
        }
        let style = BarRowsStyle {
            x_desc: "peak heap during one call (log scale)",
            format_x: format_bytes,
            name_area: if view.modes.mixed() { 300 } else { 250 },
            font: 12,
        };
        let area = draw_left_out(&area, rows.len(), left_out, "peaks")?;
        bar_rows::draw(&area, &rows, &style)
    }
}

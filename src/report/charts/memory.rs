//! The memory chart: per workload, the peak heap of one call of each measured variant, on a
//! log axis (Rust through a counting allocator, Python through `tracemalloc`). A variant that
//! allocated nothing on the heap (a peak of 0 B) has no bar: a log axis cannot show zero.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{Chart, DrawResult, draw_note, draw_titles, format_bytes, house_style, palette};
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
        let rows = bars.len();
        let lowest = bars.iter().map(|b| b.3).fold(f64::INFINITY, f64::min);
        let highest = bars.iter().map(|b| b.3).fold(0.0, f64::max);
        let x_start = lowest / 3.0;
        let mut chart = ChartBuilder::on(&area)
            .margin(16)
            .margin_right(40)
            .x_label_area_size(50)
            .y_label_area_size(250)
            .build_cartesian_2d(
                (x_start..highest * 20.0).log_scale(),
                super::rows_axis(rows),
            )?;
        house_style(&mut chart.configure_mesh())
            .label_style(("sans-serif", 12))
            .disable_y_mesh()
            .y_labels(rows)
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => bars
                    .get(rows - 1 - *i)
                    .map(|b| format!("{} / {}", b.0, b.1))
                    .unwrap_or_default(),
                _ => String::new(),
            })
            .x_label_formatter(&|x| format_bytes(*x))
            .x_desc("peak heap during one call (log scale)")
            .draw()?;
        chart.draw_series(bars.iter().enumerate().map(|(i, (_, _, color, peak))| {
            let row = rows - 1 - i;
            let mut bar = Rectangle::new(
                [
                    (x_start, SegmentValue::Exact(row)),
                    (*peak, SegmentValue::Exact(row + 1)),
                ],
                color.mix(0.85).filled(),
            );
            bar.set_margin(2, 2, 0, 0);
            bar
        }))?;
        chart.draw_series(bars.iter().enumerate().map(|(i, (_, _, _, peak))| {
            EmptyElement::at((*peak, SegmentValue::CenterOf(rows - 1 - i)))
                + Text::new(
                    format_bytes(*peak),
                    (6, -6),
                    ("sans-serif", 12).into_font().color(&palette::INK),
                )
        }))?;
        Ok(())
    }
}

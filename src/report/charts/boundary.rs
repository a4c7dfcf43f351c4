//! The boundary-cost chart: what one call from Python into Rust costs (against a call into a
//! Python function, and the harness's own Rust → Python call), and what each element of an
//! argument costs to pass, as horizontal bars in ns.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::bar_rows::{self, BarRow, BarRowsStyle};
use super::{Chart, DrawResult, draw_note, draw_titles, palette};
use crate::boundary::{self, ARGUMENTS};
use crate::results::ResultsFile;

/// See the module documentation.
pub struct BoundaryChart;

/// The bars: label, ns, colour.
fn bars(results: &ResultsFile) -> Vec<(String, f64, RGBColor)> {
    let Some(b) = results.boundary.as_ref() else {
        return Vec::new();
    };
    let mut bars = Vec::new();
    for (probe, label, color) in [
        (
            "loop_python_noop",
            "call Python → Python, no arguments",
            palette::PYTHON,
        ),
        (
            "loop_rust_noop",
            "call Python → Rust, no arguments",
            palette::RUST,
        ),
        (
            "loop_python_add",
            "call Python → Python, two ints",
            palette::PYTHON,
        ),
        (
            "loop_rust_add",
            "call Python → Rust, two ints",
            palette::RUST,
        ),
    ] {
        if let Some(ns) = boundary::per_call_ns(b, probe) {
            bars.push((format!("{label}: {ns:.0} ns per call"), ns, color));
        }
    }
    if let Some(ns) = results.environment.call_overhead_ns {
        bars.push((
            format!("call Rust → Python (the harness): {ns:.0} ns per call"),
            ns,
            palette::C,
        ));
    }
    for probe in ARGUMENTS {
        if let Some(ns) = boundary::per_element_ns(b, probe.id) {
            bars.push((
                format!("{}: {ns:.2} ns per element", probe.label),
                ns,
                palette::PYTHON_C,
            ));
        }
    }
    // A log axis cannot show zero or negative costs (a slope can come out below zero in noise).
    bars.retain(|b| b.1.is_finite() && b.1 > 0.0);
    bars
}

impl Chart for BoundaryChart {
    fn name(&self) -> &'static str {
        "boundary"
    }

    fn size(&self, results: &ResultsFile) -> (u32, u32) {
        (1100, 200 + 50 * bars(results).len().max(1) as u32)
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
            "What crossing the Python/Rust boundary costs",
            results,
        )?;
        let bars = bars(results);
        if bars.is_empty() {
            return draw_note(
                &area,
                "Not measured: no boundary measurements in this results file.",
            );
        }
        let rows: Vec<BarRow> = bars
            .into_iter()
            .map(|(label, value, color)| BarRow {
                name: String::new(),
                value,
                color,
                label,
            })
            .collect();
        let style = BarRowsStyle {
            x_desc: "ns (log scale): per call for calls, per element for arguments",
            format_x: super::format_duration,
            name_area: 0,
            font: 15,
        };
        bar_rows::draw(&area, &rows, &style)
    }
}

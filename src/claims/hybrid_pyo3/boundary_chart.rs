//! The boundary-cost chart: what one call from Python into Rust costs (against a call into a
//! Python function, and the harness's own Rust → Python call), and what each element of an
//! argument costs to pass, as horizontal bars in ns.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::figures::{per_call_ns, per_element_ns};
use super::pass::{ARGUMENTS, LOOPS};
use crate::render::View;
use crate::render::bar_rows::{self, BarRow, BarRowsStyle};
use crate::render::chart::{Chart, DrawResult, draw_note, draw_titles, palette};
use crate::results::ResultsFile;

/// See the module documentation.
pub struct BoundaryChart;

/// The bars, each labelled with its figure (the labels carry the names).
fn bars(results: &ResultsFile) -> Vec<BarRow> {
    let Some(b) = results.boundary.as_ref() else {
        return Vec::new();
    };
    let bar = |label: String, value: f64, color| BarRow {
        name: String::new(),
        value,
        color,
        label,
    };
    let mut bars = Vec::new();
    // The empty loop is what every other loop is measured net of.
    for probe in LOOPS.iter().filter(|p| p.id != "loop_empty") {
        if let Some(ns) = per_call_ns(b, probe.id) {
            let color = match probe.id.starts_with("loop_rust") {
                true => palette::RUST,
                false => palette::PYTHON,
            };
            bars.push(bar(
                format!("call {}: {ns:.0} ns per call", probe.label),
                ns,
                color,
            ));
        }
    }
    if let Some(ns) = results.environment.call_overhead_ns {
        bars.push(bar(
            format!("call Rust → Python (the harness): {ns:.0} ns per call"),
            ns,
            palette::C,
        ));
    }
    for probe in ARGUMENTS {
        if let Some(ns) = per_element_ns(b, probe.id) {
            bars.push(bar(
                format!("{}: {ns:.2} ns per element", probe.label),
                ns,
                palette::PYTHON_C,
            ));
        }
    }
    // A log axis cannot show zero or negative costs (a slope can come out below zero in noise).
    bars.retain(|b| b.value.is_finite() && b.value > 0.0);
    bars
}

impl Chart for BoundaryChart {
    fn name(&self) -> &'static str {
        "boundary"
    }

    fn size(&self, view: &View) -> (u32, u32) {
        // The probes are the harness's own, so the bars are few.
        (1100, 200 + 50 * bars(view.file).len().max(1) as u32)
    }

    fn draw<DB: DrawingBackend>(&self, view: &View, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let area = draw_titles(root, "What crossing the Python/Rust boundary costs", view)?;
        let rows = bars(view.file);
        if rows.is_empty() {
            return draw_note(
                &area,
                "Not measured: no boundary measurements in this results file.",
            );
        }
        let style = BarRowsStyle {
            x_desc: "ns (log scale): per call for calls, per element for arguments",
            format_x: crate::render::format_duration,
            name_area: 0,
            font: 15,
        };
        bar_rows::draw(&area, &rows, &style)
    }
}

//! The boundary-cost chart: what one call from Python into Rust costs (against a call into a
//! Python function, and the harness's own Rust → Python call), and what each element of an
//! argument costs to pass, as horizontal bars in ns.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{Chart, DrawResult, draw_note, draw_titles, house_style, palette};
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
        let rows = bars.len();
        let lowest = bars
            .iter()
            .map(|b| b.1)
            .fold(f64::INFINITY, f64::min)
            .max(0.01);
        let highest = bars.iter().map(|b| b.1).fold(0.0, f64::max);
        let x_start = lowest / 3.0;
        let mut chart = ChartBuilder::on(&area)
            .margin(16)
            .margin_right(40)
            .x_label_area_size(56)
            .y_label_area_size(20)
            .build_cartesian_2d(
                (x_start..highest * 60.0).log_scale(),
                super::rows_axis(rows),
            )?;
        house_style(&mut chart.configure_mesh())
            .disable_y_mesh()
            .y_label_formatter(&|_| String::new())
            .x_label_formatter(&|x| super::format_duration(*x))
            .x_desc("ns (log scale): per call for calls, per element for arguments")
            .draw()?;
        let row_px = chart.plotting_area().dim_in_pixel().1 / rows as u32;
        chart.draw_series(bars.iter().enumerate().map(|(i, (_, ns, color))| {
            let row = rows - 1 - i;
            let mut bar = Rectangle::new(
                [
                    (x_start, SegmentValue::Exact(row)),
                    (*ns, SegmentValue::Exact(row + 1)),
                ],
                color.mix(0.85).filled(),
            );
            bar.set_margin(row_px / 5, row_px / 5, 0, 0);
            bar
        }))?;
        chart.draw_series(bars.iter().enumerate().map(|(i, (label, ns, _))| {
            EmptyElement::at((*ns, SegmentValue::CenterOf(rows - 1 - i)))
                + Text::new(
                    label.clone(),
                    (8, -8),
                    ("sans-serif", 15).into_font().color(&palette::INK),
                )
        }))?;
        Ok(())
    }
}

//! The latency chart: per pause probe, the distribution of per-operation latency (a CDF on a
//! log time axis) for Python with the cycle collector on, Python with it off, and Rust. A
//! collector pause shows as the long right tail of "GC on".

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{
    Chart, DrawResult, draw_legend, draw_note, draw_titles, format_duration, house_style, palette,
};
use crate::results::ResultsFile;

/// See the module documentation.
pub struct LatencyChart;

impl Chart for LatencyChart {
    fn name(&self) -> &'static str {
        "latency"
    }

    fn size(&self, results: &ResultsFile) -> (u32, u32) {
        let panels = results
            .pauses
            .as_ref()
            .map_or(1, |p| p.workloads.len().max(1)) as u32;
        (1100, 120 + 420 * panels)
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
            "Per-operation latency: CPython with GC on and off, and Rust",
            results,
        )?;
        let Some(pauses) = results.pauses.as_ref().filter(|p| !p.workloads.is_empty()) else {
            return draw_note(
                &area,
                "Not measured: no pause measurements in this results file.",
            );
        };
        for (panel, w) in area
            .split_evenly((pauses.workloads.len(), 1))
            .iter()
            .zip(&pauses.workloads)
        {
            let series = [
                ("Python, GC on", &w.python_gc_on.latency, palette::PYTHON),
                (
                    "Python, gc.disable()",
                    &w.python_gc_off.latency,
                    palette::PYTHON_C,
                ),
                ("Rust", &w.rust, palette::RUST),
            ];
            let all = series
                .iter()
                .flat_map(|s| s.1.quantiles_ns.iter().copied())
                .filter(|x| *x > 0.0);
            let lowest = all.clone().fold(f64::INFINITY, f64::min);
            let highest = all.fold(0.0, f64::max);
            if !lowest.is_finite() || highest <= 0.0 {
                continue;
            }
            let mut chart = ChartBuilder::on(panel)
                .caption(
                    format!("{}: {} per operation", w.workload, w.operation),
                    ("sans-serif", 18),
                )
                .margin(14)
                .margin_right(40)
                .x_label_area_size(50)
                .y_label_area_size(70)
                .build_cartesian_2d((lowest / 1.5..highest * 1.5).log_scale(), 0.0..1.0)?;
            house_style(&mut chart.configure_mesh())
                .x_desc("latency of one operation (log scale)")
                .y_desc("share of operations at or below")
                .x_label_formatter(&|x| format_duration(*x))
                .y_label_formatter(&|y| format!("{:.0}%", y * 100.0))
                .draw()?;
            for (label, latency, color) in series {
                let q = &latency.quantiles_ns;
                let count = q.len().max(2) as f64 - 1.0;
                let points = q
                    .iter()
                    .enumerate()
                    .filter(|(_, x)| **x > 0.0)
                    .map(|(i, x)| (*x, i as f64 / count));
                chart
                    .draw_series(LineSeries::new(points, color.stroke_width(3)))?
                    .label(format!(
                        "{label}: p50 {}, p99 {}, max {}",
                        format_duration(latency.p50_ns),
                        format_duration(latency.p99_ns),
                        format_duration(latency.max_ns)
                    ))
                    .legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(3))
                    });
            }
            draw_legend(&mut chart, SeriesLabelPosition::LowerRight)?;
        }
        Ok(())
    }
}

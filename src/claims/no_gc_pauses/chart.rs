//! The latency chart: per pause probe, the distribution of per-operation latency (a CDF on a
//! log time axis) for Python with the cycle collector on, Python with it off, and Rust. A
//! collector pause shows as the long right tail of "GC on".

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::render::View;
use crate::render::chart::{
    Chart, DrawResult, cap, draw_left_out, draw_legend, draw_note, draw_titles, house_style,
    note_height, palette, shorten,
};
use crate::render::{Span, format_duration};

/// At most this many panels, one per pause probe: a fixed bound on the chart's height.
const MAX_PANELS: usize = 8;

/// See the module documentation.
pub struct LatencyChart;

impl Chart for LatencyChart {
    fn name(&self) -> &'static str {
        "latency"
    }

    fn size(&self, view: &View) -> (u32, u32) {
        let probes = view.file.pauses.as_ref().map_or(0, |p| p.workloads.len());
        let panels = probes.clamp(1, MAX_PANELS) as u32;
        (
            1100,
            120 + 420 * panels + note_height(probes.saturating_sub(MAX_PANELS)),
        )
    }

    fn draw<DB: DrawingBackend>(&self, view: &View, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let area = draw_titles(
            root,
            "Per-operation latency: CPython with GC on and off, and Rust",
            view,
        )?;
        let pauses = view.file.pauses.as_ref();
        let Some(pauses) = pauses.filter(|p| !p.workloads.is_empty()) else {
            return draw_note(
                &area,
                "Not measured: no pause measurements in this results file.",
            );
        };
        let (probes, left_out) = cap(pauses.workloads.iter().collect(), MAX_PANELS);
        let area = draw_left_out(&area, probes.len(), left_out, "pause probes")?;
        for (panel, w) in area.split_evenly((probes.len(), 1)).iter().zip(probes) {
            let series = [
                ("Python, GC on", &w.python_gc_on.latency, palette::PYTHON),
                (
                    "Python, gc.disable()",
                    &w.python_gc_off.latency,
                    palette::PYTHON_C,
                ),
                ("Rust", &w.rust, palette::RUST),
            ];
            let x = Span::log(
                series.iter().flat_map(|s| s.1.quantiles_ns.iter().copied()),
                &[],
                1.5,
                1.5,
            );
            if !series
                .iter()
                .flat_map(|s| &s.1.quantiles_ns)
                .any(|q| x.place(*q).is_some())
            {
                continue;
            }
            let mut chart = ChartBuilder::on(panel)
                .caption(
                    format!(
                        "{}: {} per operation",
                        shorten(&w.workload, 40),
                        shorten(&w.operation, 80)
                    ),
                    ("sans-serif", 18),
                )
                .margin(14)
                .margin_right(40)
                .x_label_area_size(50)
                .y_label_area_size(70)
                .build_cartesian_2d(x.log_scale(), 0.0..1.0)?;
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
                    .filter_map(|(i, q)| Some((x.place(*q)?, i as f64 / count)));
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

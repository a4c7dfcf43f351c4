//! The break-even chart: how many times faster a Python call into the Rust kernel is than
//! pure Python, against the work done per call (list elements), on log–log axes, with the
//! 1× line where the hybrid starts to win.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::figures::{BreakEven, break_even};
use crate::render::View;
use crate::render::chart::{
    Chart, DrawResult, draw_legend, draw_note, draw_titles, house_style, palette,
};
use crate::render::{Span, format_ratio};

/// At most this many points carry their ratio as a label; the others are still drawn.
const MAX_LABELS: usize = 30;

/// See the module documentation.
pub struct BreakEvenChart;

impl Chart for BreakEvenChart {
    fn name(&self) -> &'static str {
        "break_even"
    }

    fn size(&self, _view: &View) -> (u32, u32) {
        (1100, 640)
    }

    fn draw<DB: DrawingBackend>(&self, view: &View, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let area = draw_titles(
            root,
            "When does calling Rust from Python pay? Sum of squares of a list[float]",
            view,
        )?;
        let points = view
            .file
            .boundary
            .as_ref()
            .map(|b| b.break_even.as_slice())
            .unwrap_or_default();
        if points.is_empty() {
            return draw_note(
                &area,
                "Not measured: no boundary measurements in this results file.",
            );
        }
        let ratios: Vec<(f64, f64)> = points
            .iter()
            .map(|p| (p.n as f64, p.python_ns / p.hybrid_ns))
            .collect();
        let x = Span::log(ratios.iter().map(|p| p.0), &[], 2.0, 2.0);
        let y = Span::log(ratios.iter().map(|p| p.1), &[1.0], 2.0, 2.0);
        // The points both axes can show.
        let speedups: Vec<(f64, f64)> = ratios
            .iter()
            .filter_map(|&(n, r)| Some((x.place(n)?, y.place(r)?)))
            .collect();
        let (x_min, x_max) = (x.low, x.high);
        let (y_min, y_max) = (y.low, y.high);
        let mut chart = ChartBuilder::on(&area)
            .margin(20)
            .margin_right(40)
            .x_label_area_size(56)
            .y_label_area_size(90)
            .build_cartesian_2d(x.log_scale(), y.log_scale())?;
        house_style(&mut chart.configure_mesh())
            .x_desc("elements per call (list length, log scale)")
            .y_desc("pure Python time ÷ hybrid time")
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|y| format_ratio(*y))
            .draw()?;
        chart
            .draw_series(LineSeries::new(
                [(x_min, 1.0), (x_max, 1.0)],
                palette::MUTED.stroke_width(2),
            ))?
            .label("1×: below, pure Python is faster")
            .legend(|(x, y)| {
                PathElement::new(vec![(x, y), (x + 18, y)], palette::MUTED.stroke_width(2))
            });
        chart
            .draw_series(LineSeries::new(
                speedups.iter().copied(),
                palette::RUST.stroke_width(3),
            ))?
            .label("Python calling the Rust kernel (conversion included)")
            .legend(|(x, y)| {
                PathElement::new(vec![(x, y), (x + 18, y)], palette::RUST.stroke_width(3))
            });
        chart.draw_series(
            speedups
                .iter()
                .map(|&(x, y)| Circle::new((x, y), 5, palette::RUST.filled())),
        )?;
        let every = speedups.len().div_ceil(MAX_LABELS).max(1);
        chart.draw_series(speedups.iter().step_by(every).map(|&(x, y)| {
            EmptyElement::at((x, y))
                + Text::new(
                    format_ratio(y),
                    (6, -20),
                    ("sans-serif", 14).into_font().color(&palette::INK),
                )
        }))?;
        let crossing = match break_even(points) {
            BreakEven::At(n) => Some((n, format!("break-even ≈ {n:.0} elements"))),
            BreakEven::AtOrBelow(n) => {
                Some((n as f64, format!("hybrid already faster at {n} element(s)")))
            }
            BreakEven::Never => None,
        };
        if let Some((n, label)) = crossing.and_then(|(n, label)| Some((x.place(n)?, label))) {
            chart
                .draw_series(LineSeries::new(
                    [(n, y_min), (n, y_max)],
                    palette::BAND.stroke_width(2),
                ))?
                .label(label)
                .legend(|(x, y)| {
                    PathElement::new(vec![(x, y), (x + 18, y)], palette::BAND.stroke_width(2))
                });
        }
        draw_legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
        Ok(())
    }
}

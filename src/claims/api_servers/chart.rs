//! The load chart: per endpoint, p99 latency against the offered rate, on log axes, one line
//! per framework through its open-loop steps, with the p99 objective as a dashed line. Where
//! a line crosses the objective is the framework's sustained rate; a line that stops short of
//! it was stopped by its next step (errors, or under 99% of the rate answered).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::frameworks::{self, ENDPOINTS};
use crate::render::Span;
use crate::render::View;
use crate::render::chart::{
    Chart, DrawResult, draw_legend, draw_note, draw_titles, house_style, palette,
};
use crate::results::{FrameworkRun, Status};

/// See the module documentation.
pub struct LatencyLoadChart;

/// The colour of a framework in both charts: Python stacks in the Python colours, granian
/// (a Rust server running Python) in the hybrid colour, the Rust stacks in Rust's.
pub fn colour(framework: &str) -> RGBColor {
    match framework {
        "fastapi-uvicorn" => palette::PYTHON,
        "fastapi-granian" => palette::HYBRID,
        "flask-gunicorn" => palette::PYTHON_C,
        "django-gunicorn" => palette::LIBRARY_BOUND,
        "axum" => palette::RUST,
        "actix-web" => RGBColor(0x6d, 0x1a, 0x00),
        _ => palette::MUTED,
    }
}

/// How the charts name a framework.
pub fn label(run: &FrameworkRun) -> String {
    frameworks::framework(&run.framework).map_or(run.framework.clone(), |f| f.label.to_string())
}

impl Chart for LatencyLoadChart {
    fn name(&self) -> &'static str {
        "api_latency"
    }

    fn size(&self, _view: &View) -> (u32, u32) {
        (1100, 120 + 460 * ENDPOINTS.len() as u32)
    }

    fn draw<DB: DrawingBackend>(&self, view: &View, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let area = draw_titles(
            root,
            "Web frameworks: p99 latency as the offered load grows (one server core)",
            view,
        )?;
        let Some(api) = view
            .file
            .api_servers
            .as_ref()
            .filter(|a| a.unavailable.is_none() && !a.frameworks.is_empty())
        else {
            return draw_note(
                &area,
                "Not measured: the pass api-servers has not run into this results file.",
            );
        };
        let runs: Vec<&FrameworkRun> = api
            .frameworks
            .iter()
            .filter(|f| f.status == Status::Ok)
            .collect();
        for (panel, endpoint) in area
            .split_evenly((ENDPOINTS.len(), 1))
            .iter()
            .zip(ENDPOINTS)
        {
            let objective = api
                .objectives_ms
                .get(endpoint.id)
                .copied()
                .unwrap_or(endpoint.p99_objective_ms);
            let steps: Vec<(&FrameworkRun, Vec<(f64, f64)>)> = runs
                .iter()
                .filter_map(|run| {
                    let e = run.endpoints.iter().find(|e| e.endpoint == endpoint.id)?;
                    let points = e
                        .steps
                        .iter()
                        .filter_map(|s| Some((s.offered_rps?, s.p99_ms.max(0.01))))
                        .collect();
                    Some((*run, points))
                })
                .collect();
            let x = Span::log(
                steps.iter().flat_map(|(_, p)| p.iter().map(|p| p.0)),
                &[],
                1.5,
                1.5,
            );
            let y = Span::log(
                steps.iter().flat_map(|(_, p)| p.iter().map(|p| p.1)),
                &[objective],
                1.5,
                1.5,
            );
            let mut chart = ChartBuilder::on(panel)
                .caption(
                    format!("{}: {}", endpoint.path, endpoint.stands_for),
                    ("sans-serif", 18),
                )
                .margin(14)
                .margin_right(40)
                .x_label_area_size(50)
                .y_label_area_size(70)
                .build_cartesian_2d(x.log_scale(), y.log_scale())?;
            house_style(&mut chart.configure_mesh())
                .x_desc("offered load, requests/s (log scale)")
                .y_desc("p99 latency, ms (log scale)")
                .x_label_formatter(&|v| format!("{v:.0}"))
                .y_label_formatter(&|v| {
                    if *v >= 1.0 {
                        format!("{v:.0}")
                    } else {
                        format!("{v:.2}")
                    }
                })
                .draw()?;
            let dashed = palette::MUTED.stroke_width(2);
            chart
                .draw_series(DashedLineSeries::new(
                    [(x.low, objective), (x.high, objective)],
                    8,
                    6,
                    dashed,
                ))?
                .label(format!("objective: p99 ≤ {objective} ms"))
                .legend(move |(px, py)| PathElement::new(vec![(px, py), (px + 18, py)], dashed));
            for (run, points) in steps {
                let color = colour(&run.framework);
                let shown: Vec<(f64, f64)> = points
                    .iter()
                    .filter_map(|(a, b)| Some((x.place(*a)?, y.place(*b)?)))
                    .collect();
                chart
                    .draw_series(LineSeries::new(shown.clone(), color.stroke_width(3)))?
                    .label(label(run))
                    .legend(move |(px, py)| {
                        PathElement::new(vec![(px, py), (px + 18, py)], color.stroke_width(3))
                    });
                chart.draw_series(shown.into_iter().map(|p| Circle::new(p, 4, color.filled())))?;
            }
            draw_legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
        }
        Ok(())
    }
}

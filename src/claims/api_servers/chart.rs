//! The load chart: per endpoint, p99 latency against the offered rate, on log axes, one line
//! per framework through its open-loop steps, with the p99 objective as a dashed line. Where
//! a line crosses the objective is the framework's sustained rate; a line that stops short of
//! it was stopped by its next step (errors, or under 99% of the rate answered).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::frameworks::ENDPOINTS;
use super::panels::{NOT_MEASURED, colour, draw_line, draw_reference, label, measured, panel};
use crate::render::Span;
use crate::render::View;
use crate::render::chart::{Chart, DrawResult, draw_legend, draw_note, draw_titles, house_style};
use crate::results::{FrameworkRun, Status};

/// See the module documentation.
pub struct LatencyLoadChart;

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
        let Some(api) = measured(view) else {
            return draw_note(&area, NOT_MEASURED);
        };
        let runs: Vec<&FrameworkRun> = api
            .frameworks
            .iter()
            .filter(|f| f.status == Status::Ok)
            .collect();
        for (area, endpoint) in area
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
            let mut chart = panel(area, endpoint, &x, &y)?;
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
            draw_reference(
                &mut chart,
                &x,
                objective,
                format!("objective: p99 ≤ {objective} ms"),
            )?;
            for (run, points) in steps {
                draw_line(
                    &mut chart,
                    (&x, &y),
                    &points,
                    label(run),
                    colour(&run.framework),
                )?;
            }
            draw_legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
        }
        Ok(())
    }
}

//! The fleet chart: per endpoint, the servers each framework needs at 1k, 10k and 100k
//! requests/s (N+1, at least 2, of the stated size), on log axes, with the article's "two
//! servers" as a dashed line. Frameworks whose throughput is a lower bound (the generator
//! ran out first) are marked "≥" in the legend: their true fleet is at most this.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::frameworks::ENDPOINTS;
use super::panels::{NOT_MEASURED, colour, draw_line, draw_reference, label, measured, panel};
use super::{ARTICLE_SERVERS, rate_label, servers_needed};
use crate::render::Span;
use crate::render::View;
use crate::render::chart::{Chart, DrawResult, draw_legend, draw_note, draw_titles, house_style};
use crate::results::Status;

/// A framework's line: its legend, its colour, and (rate, servers) points.
type Line = (String, RGBColor, Vec<(f64, f64)>);

/// See the module documentation.
pub struct FleetChart;

impl Chart for FleetChart {
    fn name(&self) -> &'static str {
        "api_servers"
    }

    fn size(&self, _view: &View) -> (u32, u32) {
        (1100, 120 + 420 * ENDPOINTS.len() as u32)
    }

    fn draw<DB: DrawingBackend>(&self, view: &View, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let Some(api) = measured(view) else {
            let area = draw_titles(root, "Servers needed", view)?;
            return draw_note(&area, NOT_MEASURED);
        };
        let sizing = &api.sizing;
        let area = draw_titles(
            root,
            &format!(
                "Servers needed ({}-core servers, N+1, at least {}) at each request rate",
                sizing.cores, sizing.minimum
            ),
            view,
        )?;
        let rates = &sizing.rates;
        for (area, endpoint) in area
            .split_evenly((ENDPOINTS.len(), 1))
            .iter()
            .zip(ENDPOINTS)
        {
            let lines: Vec<Line> = api
                .frameworks
                .iter()
                .filter(|f| f.status == Status::Ok)
                .filter_map(|run| {
                    let e = run.endpoints.iter().find(|e| e.endpoint == endpoint.id)?;
                    let points: Vec<(f64, f64)> = rates
                        .iter()
                        .filter_map(|&r| {
                            Some((r, servers_needed(r, e.rps_per_core, sizing)? as f64))
                        })
                        .collect();
                    let name = if e.generator_limited {
                        format!("{} (≥ its rate: at most this)", label(run))
                    } else {
                        label(run)
                    };
                    Some((name, colour(&run.framework), points))
                })
                .collect();
            let x = Span::log(rates.iter().copied(), &[], 1.6, 1.6);
            let y = Span::log(
                lines.iter().flat_map(|l| l.2.iter().map(|p| p.1)),
                &[1.0, ARTICLE_SERVERS as f64],
                1.0,
                2.0,
            );
            let mut chart = panel(area, endpoint, &x, &y)?;
            house_style(&mut chart.configure_mesh())
                .x_desc("requests per second (log scale)")
                .y_desc("servers (log scale)")
                .x_label_formatter(&|v| rate_label(*v))
                .y_label_formatter(&|v| format!("{v:.0}"))
                .draw()?;
            draw_reference(
                &mut chart,
                &x,
                ARTICLE_SERVERS as f64,
                "the article's two servers".into(),
            )?;
            for (name, color, points) in lines {
                let shown = draw_line(&mut chart, (&x, &y), &points, name, color)?;
                chart.draw_series(shown.iter().map(|&(px, py)| {
                    // Beside the point, not on it.
                    EmptyElement::at((px, py))
                        + Text::new(
                            format!("{py:.0}"),
                            (8, -16),
                            ("sans-serif", 13).into_font().color(&color),
                        )
                }))?;
            }
            draw_legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
        }
        Ok(())
    }
}

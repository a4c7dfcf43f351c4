//! What the two charts of `api-servers` share: a framework's colour and name, the measured
//! data (or none, for the "not measured" note), and one panel per endpoint on log-log axes
//! with a dashed reference line and one line per framework.

use std::error::Error as StdError;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::frameworks::{self, Endpoint};
use crate::render::Span;
use crate::render::View;
use crate::render::chart::{DrawResult, palette};
use crate::results::{ApiServers, FrameworkRun};

/// The note both charts draw when the pass left no figures.
pub const NOT_MEASURED: &str =
    "Not measured: the pass api-servers has not run into this results file.";

/// What the pass measured, if it ran any stack.
pub fn measured<'a>(view: &View<'a>) -> Option<&'a ApiServers> {
    view.file
        .api_servers
        .as_ref()
        .filter(|a| a.unavailable.is_none() && !a.frameworks.is_empty())
}

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

/// A panel: log axes on both sides.
pub type Panel<'a, DB> = ChartContext<'a, DB, Cartesian2d<LogCoord<f64>, LogCoord<f64>>>;

/// The panel of `endpoint` on `area`, captioned with what the endpoint stands for, over
/// `x` and `y`; the caller draws its mesh.
pub fn panel<'a, DB>(
    area: &'a DrawingArea<DB, Shift>,
    endpoint: &Endpoint,
    x: &Span,
    y: &Span,
) -> Result<Panel<'a, DB>, Box<dyn StdError>>
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
{
    Ok(ChartBuilder::on(area)
        .caption(
            format!("{}: {}", endpoint.path, endpoint.stands_for),
            ("sans-serif", 18),
        )
        .margin(14)
        .margin_right(40)
        .x_label_area_size(50)
        .y_label_area_size(70)
        .build_cartesian_2d(x.log_scale(), y.log_scale())?)
}

/// A dashed horizontal line at `value` across `x` (an objective, the article's fleet).
pub fn draw_reference<DB>(
    chart: &mut Panel<'_, DB>,
    x: &Span,
    value: f64,
    name: String,
) -> DrawResult
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
{
    let dashed = palette::MUTED.stroke_width(2);
    chart
        .draw_series(DashedLineSeries::new(
            [(x.low, value), (x.high, value)],
            8,
            6,
            dashed,
        ))?
        .label(name)
        .legend(move |(px, py)| PathElement::new(vec![(px, py), (px + 18, py)], dashed));
    Ok(())
}

/// One framework's line through the `points` that fit the axes, a marker on each, and its
/// legend entry; returns the points drawn.
pub fn draw_line<DB>(
    chart: &mut Panel<'_, DB>,
    (x, y): (&Span, &Span),
    points: &[(f64, f64)],
    name: String,
    color: RGBColor,
) -> Result<Vec<(f64, f64)>, Box<dyn StdError>>
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
{
    let shown: Vec<(f64, f64)> = points
        .iter()
        .filter_map(|(a, b)| Some((x.place(*a)?, y.place(*b)?)))
        .collect();
    chart
        .draw_series(LineSeries::new(shown.clone(), color.stroke_width(3)))?
        .label(name)
        .legend(move |(px, py)| {
            PathElement::new(vec![(px, py), (px + 18, py)], color.stroke_width(3))
        });
    chart.draw_series(shown.iter().map(|p| Circle::new(*p, 4, color.filled())))?;
    Ok(shown)
}

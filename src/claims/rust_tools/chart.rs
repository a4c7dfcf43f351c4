//! The tools chart: per comparison, the Python tool's time ÷ the Rust tool's on a log axis
//! with the article's 10–100× band shaded; in each row, the wall-time ratio as users see it
//! (upper bar, with its per-round range as a whisker) and the single-thread CPU ratio (lower
//! bar), the part of the gain the language itself explains.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{Figures, figures, short_name};
use crate::claims::ratios::BAND;
use crate::render::chart::{
    Chart, DrawResult, build_rows_chart, draw_band, draw_legend, draw_note, draw_rows_mesh,
    draw_titles, palette, shorten,
};
use crate::render::{Span, View, format_ratio};

/// See the module documentation.
pub struct ToolsChart;

const ROW: u32 = 78;

fn rows(view: &View) -> Vec<Figures> {
    view.file
        .rust_tools
        .iter()
        .flat_map(|t| t.comparisons.iter().filter_map(figures))
        .collect()
}

impl Chart for ToolsChart {
    fn name(&self) -> &'static str {
        "tools"
    }

    fn size(&self, view: &View) -> (u32, u32) {
        (1100, 220 + ROW * rows(view).len().clamp(1, 20) as u32)
    }

    fn draw<DB: DrawingBackend>(&self, view: &View, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let area = draw_titles(
            root,
            "Ruff and Polars: how many times faster than the Python tool",
            view,
        )?;
        let mut rows = rows(view);
        rows.truncate(20);
        if rows.is_empty() {
            return draw_note(
                &area,
                "Not measured: no comparison of the pass rust-tools ran to the end in this results file.",
            );
        }
        let count = rows.len();
        let x = Span::log(
            rows.iter().flat_map(|f| {
                [f.wall_low, f.wall_high, f.single_thread_ratio]
                    .into_iter()
                    .chain(f.query_ratio)
            }),
            &[1.0, BAND.1],
            1.5,
            6.0,
        );
        let mut chart = build_rows_chart(&area, view, 230, &x, count)?;
        let row_of = |i: usize| count - 1 - i;
        let names: Vec<String> = rows
            .iter()
            .map(|f| {
                let name = shorten(&short_name(f), 26);
                if f.counted {
                    name
                } else {
                    format!("{name} (not counted)")
                }
            })
            .collect();
        draw_rows_mesh(
            &mut chart,
            &names,
            &|x| format_ratio(*x),
            "Python tool's time ÷ Rust tool's time (log scale; further right = Rust faster)",
        )?;
        draw_band(&mut chart, BAND)?;
        let one = x.place(1.0).unwrap_or(x.low);
        let row_px = chart.plotting_area().dim_in_pixel().1 / count as u32;
        // Each row holds two bars: wall time (upper half), single-thread CPU (lower half).
        let bar = |ratio: f64, row: usize, upper: bool, color: RGBColor| {
            let mut r = Rectangle::new(
                [
                    (one, SegmentValue::Exact(row)),
                    (x.place(ratio).unwrap_or(one), SegmentValue::Exact(row + 1)),
                ],
                color.mix(0.85).filled(),
            );
            let (top, bottom) = if upper {
                (row_px / 8, row_px / 2 + 2)
            } else {
                (row_px / 2 + 2, row_px / 8)
            };
            r.set_margin(top, bottom, 0, 0);
            r
        };
        for (upper, color, label) in [
            (
                true,
                palette::RUST,
                "wall time, as users run them (Rust tool on every core)",
            ),
            (
                false,
                palette::MUTED,
                "CPU time, Rust tool on one thread (Polars: eager, no planner)",
            ),
        ] {
            chart
                .draw_series(rows.iter().enumerate().map(|(i, f)| {
                    let ratio = if upper {
                        f.wall_ratio
                    } else {
                        f.single_thread_ratio
                    };
                    bar(ratio, row_of(i), upper, color)
                }))?
                .label(label)
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 6), (x + 16, y + 6)], color.filled())
                });
        }
        // DataFrames: the query alone, imports excluded, as a marker on the wall-time bar.
        let queries: Vec<(f64, usize)> = rows
            .iter()
            .enumerate()
            .filter_map(|(i, f)| Some((x.place(f.query_ratio?)?, row_of(i))))
            .collect();
        if !queries.is_empty() {
            let style = palette::HYBRID.filled();
            let lift = -((row_px / 4) as i32);
            chart
                .draw_series(queries.into_iter().map(|(q, row)| {
                    EmptyElement::at((q, SegmentValue::CenterOf(row)))
                        + TriangleMarker::new((0, lift), 9, style)
                }))?
                .label("the query alone, imports excluded (DataFrames)")
                .legend(move |(x, y)| TriangleMarker::new((x + 8, y), 7, style));
        }
        let ink = palette::INK.stroke_width(2);
        let upper_y = -((row_px / 4) as i32);
        // The whiskers: every round's wall ratio lies between them, drawn across the upper bar
        // in the backend's pixels (the root area has no offset).
        for (i, f) in rows.iter().enumerate() {
            let (Some(low), Some(high)) = (x.place(f.wall_low), x.place(f.wall_high)) else {
                continue;
            };
            let centre = SegmentValue::CenterOf(row_of(i));
            let (lx, y) = chart.backend_coord(&(low, centre.clone()));
            let (hx, _) = chart.backend_coord(&(high, centre));
            let y = y + upper_y;
            root.draw(&PathElement::new(vec![(lx, y), (hx, y)], ink))?;
            for end in [lx, hx] {
                root.draw(&PathElement::new(vec![(end, y - 6), (end, y + 6)], ink))?;
            }
        }
        chart.draw_series(rows.iter().enumerate().flat_map(|(i, f)| {
            let at = |v: f64| x.place(v).unwrap_or(one);
            let row = row_of(i);
            [
                EmptyElement::at((
                    at(f.wall_high.max(f.wall_ratio)),
                    SegmentValue::CenterOf(row),
                )) + Text::new(
                    format_ratio(f.wall_ratio),
                    (8, upper_y - 9),
                    ("sans-serif", 17)
                        .into_font()
                        .style(FontStyle::Bold)
                        .color(&palette::INK),
                ),
                EmptyElement::at((at(f.single_thread_ratio), SegmentValue::CenterOf(row)))
                    + Text::new(
                        format_ratio(f.single_thread_ratio),
                        (8, (row_px / 4) as i32 - 8),
                        ("sans-serif", 15).into_font().color(&palette::INK),
                    ),
            ]
        }))?;
        draw_legend(&mut chart, SeriesLabelPosition::LowerRight)?;
        Ok(())
    }
}

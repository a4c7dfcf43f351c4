//! The speedup chart: per workload, how many times longer idiomatic Python (`python_c` where
//! it exists, else `python`) took than Rust, on a log axis, with the article's 10–100× band
//! shaded and the ratio's confidence interval as a whisker.

use std::collections::HashMap;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::claims::ratios::{BAND, hybrid_speedups, idiomatic_speedups};
use crate::render::View;
use crate::render::chart::{
    Chart, DrawResult, MAX_ROWS, build_rows_chart, cap, draw_band, draw_left_out, draw_legend,
    draw_note, draw_rows_mesh, draw_titles, note_height, palette, row_name,
};
use crate::render::{Span, format_ratio};
use crate::workload::{Category, Variant};

/// See the module documentation.
pub struct Speedup;

const ROW: u32 = 54;

impl Chart for Speedup {
    fn name(&self) -> &'static str {
        "speedup"
    }

    fn size(&self, view: &View) -> (u32, u32) {
        let rows = idiomatic_speedups(&view.file.results).len();
        let shown = rows.clamp(1, MAX_ROWS) as u32;
        (
            1100,
            200 + ROW * shown + note_height(rows.saturating_sub(MAX_ROWS)),
        )
    }

    fn draw<DB: DrawingBackend>(&self, view: &View, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let area = draw_titles(
            root,
            "How many times faster Rust is than idiomatic Python",
            view,
        )?;
        let idiomatic = idiomatic_speedups(&view.file.results);
        if idiomatic.is_empty() {
            return draw_note(&area, "No workload has both a python and a rust timing.");
        }
        let (ratios, left_out) = cap(idiomatic.iter().collect(), MAX_ROWS);
        let area = draw_left_out(&area, ratios.len(), left_out, "workloads")?;
        let rows = ratios.len();
        let gains = hybrid_speedups(&view.file.results);
        let gains: HashMap<&str, f64> = gains.iter().rev().map(|(w, g)| (w.as_str(), *g)).collect();
        let gain_of = |workload: &str| gains.get(workload).copied();
        let x = Span::log(
            ratios
                .iter()
                .flat_map(|s| [s.low, s.ratio, s.high])
                .chain(ratios.iter().filter_map(|s| gain_of(&s.workload))),
            &[1.0, BAND.1],
            1.5,
            // Room on the right for the value labels and the legend.
            8.0,
        );

        let mut chart = build_rows_chart(&area, view, 170, &x, rows)?;
        // Row 0 is drawn at the top.
        let row_of = |i: usize| rows - 1 - i;
        let names: Vec<String> = ratios.iter().map(|s| row_name(view, &s.workload)).collect();
        draw_rows_mesh(
            &mut chart,
            &names,
            &|x| format_ratio(*x),
            "idiomatic Python time ÷ Rust time (log scale; further right = Rust faster)",
        )?;

        draw_band(&mut chart, BAND)?;

        let row_px = chart.plotting_area().dim_in_pixel().1 / rows as u32;
        let one = x.place(1.0).unwrap_or(x.low);
        for (category, color) in [
            (Category::InterpreterBound, palette::PYTHON),
            (Category::LibraryBound, palette::LIBRARY_BOUND),
        ] {
            let bars: Vec<_> = ratios
                .iter()
                .enumerate()
                .filter(|(_, s)| s.category == category)
                .filter_map(|(i, s)| {
                    let r = row_of(i);
                    let mut bar = Rectangle::new(
                        [
                            (one, SegmentValue::Exact(r)),
                            (x.place(s.ratio)?, SegmentValue::Exact(r + 1)),
                        ],
                        color.mix(0.85).filled(),
                    );
                    bar.set_margin(row_px / 5, row_px / 5, 0, 0);
                    Some(bar)
                })
                .collect();
            if bars.is_empty() {
                continue;
            }
            chart
                .draw_series(bars)?
                .label(format!("{category} workloads"))
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 6), (x + 16, y + 6)], color.filled())
                });
        }

        // The hybrid tier: what idiomatic Python gains by calling the Rust kernel instead.
        let hybrid_at: Vec<(f64, usize)> = ratios
            .iter()
            .enumerate()
            .filter_map(|(i, s)| Some((x.place(gain_of(&s.workload)?)?, row_of(i))))
            .collect();
        if !hybrid_at.is_empty() {
            let style = palette::HYBRID.filled();
            chart
                .draw_series(hybrid_at.into_iter().map(|(g, row)| {
                    TriangleMarker::new((g, SegmentValue::CenterOf(row)), 9, style)
                }))?
                .label("hybrid: Python calling the Rust kernel")
                .legend(move |(x, y)| TriangleMarker::new((x + 8, y), 7, style));
        }

        // The whiskers, of the intervals the axis can show.
        let whiskers: Vec<(f64, f64, usize)> = ratios
            .iter()
            .enumerate()
            .filter_map(|(i, s)| Some((x.place(s.low)?, x.place(s.high)?, row_of(i))))
            .collect();
        let ink = palette::INK.stroke_width(2);
        chart.draw_series(whiskers.iter().map(|&(low, high, row)| {
            PathElement::new(
                vec![
                    (low, SegmentValue::CenterOf(row)),
                    (high, SegmentValue::CenterOf(row)),
                ],
                ink,
            )
        }))?;
        chart.draw_series(whiskers.iter().flat_map(|&(low, high, row)| {
            [low, high].map(|x| {
                EmptyElement::at((x, SegmentValue::CenterOf(row)))
                    + PathElement::new(vec![(0, -7), (0, 7)], ink)
            })
        }))?;
        chart.draw_series(ratios.iter().enumerate().map(|(i, s)| {
            let end = [s.high, s.ratio]
                .into_iter()
                .find_map(|v| x.place(v))
                .unwrap_or(one);
            EmptyElement::at((end, SegmentValue::CenterOf(row_of(i))))
                + Text::new(
                    match s.variant {
                        Variant::PythonC => format!("{} (python_c)", format_ratio(s.ratio)),
                        _ => format_ratio(s.ratio),
                    },
                    (8, -9),
                    ("sans-serif", 17)
                        .into_font()
                        .style(FontStyle::Bold)
                        .color(&palette::INK),
                )
        }))?;

        draw_legend(&mut chart, SeriesLabelPosition::LowerRight)?;
        Ok(())
    }
}

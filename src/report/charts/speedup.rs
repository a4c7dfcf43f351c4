//! The speedup chart: per workload, how many times longer idiomatic Python (`python_c` where
//! it exists, else `python`) took than Rust, on a log axis, with the article's 10–100× band
//! shaded and the ratio's confidence interval as a whisker.

use std::collections::HashMap;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{
    Chart, DrawResult, MAX_ROWS, Span, cap, draw_band, draw_left_out, draw_legend, draw_note,
    draw_titles, format_ratio, house_style, name_area, note_height, palette, row_name,
};
use crate::report::Figures;
use crate::report::claims::BAND;
use crate::workload::{Category, Variant};

/// See the module documentation.
pub struct Speedup;

const ROW: u32 = 54;

impl Chart for Speedup {
    fn name(&self) -> &'static str {
        "speedup"
    }

    fn size(&self, figures: &Figures) -> (u32, u32) {
        let rows = figures.idiomatic.len();
        let shown = rows.clamp(1, MAX_ROWS) as u32;
        (
            1100,
            200 + ROW * shown + note_height(rows.saturating_sub(MAX_ROWS)),
        )
    }

    fn draw<DB: DrawingBackend>(
        &self,
        figures: &Figures,
        root: &DrawingArea<DB, Shift>,
    ) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let area = draw_titles(
            root,
            "How many times faster Rust is than idiomatic Python",
            figures,
        )?;
        if figures.idiomatic.is_empty() {
            return draw_note(&area, "No workload has both a python and a rust timing.");
        }
        let (ratios, left_out) = cap(figures.idiomatic.iter().collect(), MAX_ROWS);
        let area = draw_left_out(&area, ratios.len(), left_out, "workloads")?;
        let rows = ratios.len();
        let gains: HashMap<&str, f64> = figures
            .gains
            .iter()
            .rev()
            .map(|(w, g)| (w.as_str(), *g))
            .collect();
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

        let mut chart = ChartBuilder::on(&area)
            .margin(16)
            .margin_right(40)
            .x_label_area_size(56)
            .y_label_area_size(name_area(figures, 170))
            .build_cartesian_2d(x.log_scale(), super::rows_axis(rows))?;
        // Row 0 is drawn at the top.
        let row_of = |i: usize| rows - 1 - i;
        let names: Vec<String> = ratios
            .iter()
            .map(|s| row_name(figures, &s.workload))
            .collect();
        house_style(&mut chart.configure_mesh())
            .disable_y_mesh()
            .y_labels(rows)
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => names.get(rows - 1 - *i).cloned().unwrap_or_default(),
                _ => String::new(),
            })
            .x_label_formatter(&|x| format_ratio(*x))
            .x_desc("idiomatic Python time ÷ Rust time (log scale; further right = Rust faster)")
            .draw()?;

        draw_band(&mut chart)?;

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

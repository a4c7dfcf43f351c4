//! The speedup chart: per workload, how many times longer idiomatic Python (`python_c` where
//! it exists, else `python`) took than Rust, on a log axis, with the article's 10–100× band
//! shaded and the ratio's confidence interval as a whisker.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{
    Chart, DrawResult, draw_band, draw_legend, draw_note, draw_titles, format_ratio, house_style,
    palette,
};
use crate::report::claims::BAND;
use crate::report::claims::hybrid::hybrid_speedups;
use crate::report::claims::speed::idiomatic_speedups;
use crate::results::ResultsFile;
use crate::workload::{Category, Variant};

/// See the module documentation.
pub struct Speedup;

const ROW: u32 = 54;

impl Chart for Speedup {
    fn name(&self) -> &'static str {
        "speedup"
    }

    fn size(&self, results: &ResultsFile) -> (u32, u32) {
        let rows = idiomatic_speedups(&results.results).len().max(1) as u32;
        (1100, 200 + ROW * rows)
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
            "How many times faster Rust is than idiomatic Python",
            results,
        )?;
        let ratios = idiomatic_speedups(&results.results);
        if ratios.is_empty() {
            return draw_note(&area, "No workload has both a python and a rust timing.");
        }
        let rows = ratios.len();
        let gains = hybrid_speedups(&results.results);
        let lowest = ratios
            .iter()
            .map(|s| s.low)
            .chain(gains.iter().map(|g| g.1))
            .fold(1.0, f64::min);
        let highest = ratios.iter().map(|s| s.high).fold(BAND.1, f64::max);
        // Room on the right for the value labels and the legend.
        let x_range = (lowest / 1.5)..(highest * 8.0);

        let mut chart = ChartBuilder::on(&area)
            .margin(16)
            .margin_right(40)
            .x_label_area_size(56)
            .y_label_area_size(170)
            .build_cartesian_2d(x_range.log_scale(), super::rows_axis(rows))?;
        // Row 0 is drawn at the top.
        let row_of = |i: usize| rows - 1 - i;
        let names: Vec<String> = ratios.iter().map(|s| s.workload.clone()).collect();
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
        for (category, color) in [
            (Category::InterpreterBound, palette::PYTHON),
            (Category::LibraryBound, palette::LIBRARY_BOUND),
        ] {
            let bars: Vec<_> = ratios
                .iter()
                .enumerate()
                .filter(|(_, s)| s.category == category)
                .map(|(i, s)| {
                    let r = row_of(i);
                    let mut bar = Rectangle::new(
                        [
                            (1.0, SegmentValue::Exact(r)),
                            (s.ratio, SegmentValue::Exact(r + 1)),
                        ],
                        color.mix(0.85).filled(),
                    );
                    bar.set_margin(row_px / 5, row_px / 5, 0, 0);
                    bar
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
            .filter_map(|(i, s)| {
                gains
                    .iter()
                    .find(|(w, _)| *w == s.workload)
                    .map(|(_, g)| (*g, row_of(i)))
            })
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

        let ink = palette::INK.stroke_width(2);
        chart.draw_series(ratios.iter().enumerate().map(|(i, s)| {
            PathElement::new(
                vec![
                    (s.low, SegmentValue::CenterOf(row_of(i))),
                    (s.high, SegmentValue::CenterOf(row_of(i))),
                ],
                ink,
            )
        }))?;
        chart.draw_series(ratios.iter().enumerate().flat_map(|(i, s)| {
            [s.low, s.high].map(|x| {
                EmptyElement::at((x, SegmentValue::CenterOf(row_of(i))))
                    + PathElement::new(vec![(0, -7), (0, 7)], ink)
            })
        }))?;
        chart.draw_series(ratios.iter().enumerate().map(|(i, s)| {
            EmptyElement::at((s.high, SegmentValue::CenterOf(row_of(i))))
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

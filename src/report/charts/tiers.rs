//! The tiers chart: per workload, every variant's time relative to `rust` (python, python_c,
//! c, and rust itself at 1×) on a log axis, with the article's 10–100× band shaded, and the
//! workloads grouped by category.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{
    Chart, DrawResult, draw_band, draw_legend, draw_note, draw_titles, format_ratio, house_style,
    palette,
};
use crate::report::claims::{BAND, speedups};
use crate::results::{BenchResult, ResultsFile};
use crate::workload::{Category, Variant};

/// See the module documentation.
pub struct Tiers;

const ROW: u32 = 34;

/// The variants drawn, with their colours.
/// Rust, the reference at 1×, is drawn first (as a tick) so that a C marker near 1× stays
/// visible on top of it.
const TIERS: &[Variant] = &[
    Variant::Rust,
    Variant::C,
    Variant::Hybrid,
    Variant::PythonC,
    Variant::Python,
];

/// One row of the chart: a category heading or a workload.
enum Row {
    Heading(Category),
    Workload(String),
}

/// Category headings followed by their workloads (those with a rust timing), in results order.
fn rows(results: &[BenchResult]) -> Vec<Row> {
    let mut rows = Vec::new();
    for category in [Category::InterpreterBound, Category::LibraryBound] {
        let mut names: Vec<&str> = Vec::new();
        for r in results.iter().filter(|r| {
            r.category == category && r.variant == Variant::Rust && r.timing().is_some()
        }) {
            if !names.contains(&r.workload.as_str()) {
                names.push(&r.workload);
            }
        }
        if !names.is_empty() {
            rows.push(Row::Heading(category));
            rows.extend(names.into_iter().map(|n| Row::Workload(n.to_string())));
        }
    }
    rows
}

impl Chart for Tiers {
    fn name(&self) -> &'static str {
        "tiers"
    }

    fn size(&self, results: &ResultsFile) -> (u32, u32) {
        (1100, 220 + ROW * rows(&results.results).len().max(1) as u32)
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
            "Every variant's time relative to Rust, by category",
            results,
        )?;
        let rows = rows(&results.results);
        if rows.is_empty() {
            return draw_note(&area, "No workload has a rust timing.");
        }
        let points: Vec<(Variant, RGBColor, Vec<_>)> = TIERS
            .iter()
            .map(|&v| {
                let ratios = match v {
                    Variant::Rust => Vec::new(),
                    _ => speedups(&results.results, v),
                };
                (v, palette::of(v), ratios)
            })
            .collect();
        let all = points
            .iter()
            .flat_map(|(_, _, r)| r.iter().map(|s| s.ratio));
        let lowest = all.clone().fold(1.0, f64::min);
        let highest = all.fold(BAND.1, f64::max);

        let count = rows.len();
        let mut chart = ChartBuilder::on(&area)
            .margin(16)
            .margin_right(40)
            .x_label_area_size(56)
            .y_label_area_size(190)
            // Room on the right for the legend.
            .build_cartesian_2d(
                (lowest / 2.0..highest * 25.0).log_scale(),
                super::rows_axis(count),
            )?;
        let row_index = |name: &str| {
            rows.iter()
                .position(|r| matches!(r, Row::Workload(n) if n == name))
                .map(|i| count - 1 - i)
        };
        house_style(&mut chart.configure_mesh())
            .disable_y_mesh()
            .y_labels(count)
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => match rows.get(count - 1 - *i) {
                    Some(Row::Heading(c)) => format!("{c}:"),
                    Some(Row::Workload(name)) => name.clone(),
                    None => String::new(),
                },
                _ => String::new(),
            })
            .x_label_formatter(&|x| format_ratio(*x))
            .x_desc("time ÷ Rust time (log scale; 1× = Rust, right = slower than Rust)")
            .draw()?;

        draw_band(&mut chart)?;

        // A faint line per workload from its fastest to its slowest variant.
        chart.draw_series(rows.iter().filter_map(|row| {
            let Row::Workload(name) = row else {
                return None;
            };
            let i = row_index(name)?;
            let ratios = points
                .iter()
                .flat_map(|(_, _, r)| r.iter().filter(|s| &s.workload == name).map(|s| s.ratio));
            let max = ratios.clone().fold(1.0, f64::max);
            let min = ratios.fold(1.0, f64::min);
            Some(PathElement::new(
                vec![
                    (min, SegmentValue::CenterOf(i)),
                    (max, SegmentValue::CenterOf(i)),
                ],
                BLACK.mix(0.25),
            ))
        }))?;

        for (variant, color, ratios) in &points {
            let style = color.filled();
            let at: Vec<(f64, usize)> = match variant {
                Variant::Rust => rows
                    .iter()
                    .filter_map(|r| match r {
                        Row::Workload(name) => row_index(name).map(|i| (1.0, i)),
                        Row::Heading(_) => None,
                    })
                    .collect(),
                _ => ratios
                    .iter()
                    .filter_map(|s| row_index(&s.workload).map(|i| (s.ratio, i)))
                    .collect(),
            };
            if at.is_empty() {
                continue;
            }
            if *variant == Variant::Rust {
                let tick =
                    move |x: i32, y: i32| Rectangle::new([(x - 2, y - 11), (x + 2, y + 11)], style);
                chart
                    .draw_series(at.into_iter().map(|(x, i)| {
                        EmptyElement::at((x, SegmentValue::CenterOf(i))) + tick(0, 0)
                    }))?
                    .label("rust (the reference)")
                    .legend(move |(x, y)| tick(x + 8, y));
            } else {
                chart
                    .draw_series(
                        at.into_iter()
                            .map(|(x, i)| Circle::new((x, SegmentValue::CenterOf(i)), 7, style)),
                    )?
                    .label(variant.id())
                    .legend(move |(x, y)| Circle::new((x + 8, y), 6, style));
            }
        }

        draw_legend(&mut chart, SeriesLabelPosition::UpperRight)?;
        Ok(())
    }
}

//! The per-workload times chart: the median time per call of every timed variant, grouped by
//! workload, on a log axis, each bar labelled with its time and its `n`.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{
    Chart, DrawResult, draw_legend, draw_note, draw_titles, format_duration, house_style, palette,
};
use crate::results::{BenchResult, ResultsFile};
use crate::workload::Variant;

/// See the module documentation.
pub struct Times;

/// Pixels per bar, and the padding of each row.
const BAR: u32 = 20;
const PAD: u32 = 16;

/// The variants this chart shows, top bar first.
const SHOWN: &[Variant] = &[
    Variant::Python,
    Variant::PythonC,
    Variant::Hybrid,
    Variant::C,
    Variant::Rust,
];

/// The most timed variants any workload has: the number of bar slots per row.
fn slots(results: &[BenchResult]) -> u32 {
    workloads(results)
        .iter()
        .map(|w| {
            results
                .iter()
                .filter(|r| &r.workload == w && r.timing().is_some())
                .count()
        })
        .max()
        .unwrap_or(1) as u32
}

/// The workloads with at least one timed variant, in results order.
fn workloads(results: &[BenchResult]) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for r in results.iter().filter(|r| r.timing().is_some()) {
        if !names.contains(&r.workload.as_str()) {
            names.push(&r.workload);
        }
    }
    names
}

impl Chart for Times {
    fn name(&self) -> &'static str {
        "times"
    }

    fn size(&self, results: &ResultsFile) -> (u32, u32) {
        (
            1100,
            200 + (PAD + BAR * slots(&results.results))
                * workloads(&results.results).len().max(1) as u32,
        )
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
            "Median time per call, by workload and variant",
            results,
        )?;
        let names = workloads(&results.results);
        if names.is_empty() {
            return draw_note(&area, "No timed workloads.");
        }
        let timed: Vec<&BenchResult> = results
            .results
            .iter()
            .filter(|r| r.timing().is_some())
            .collect();
        let medians = timed.iter().filter_map(|r| r.median_ns);
        let lowest = medians.clone().fold(f64::INFINITY, f64::min);
        let highest = medians.fold(0.0, f64::max);
        let rows = names.len();
        let x_start = lowest / 4.0;

        let mut chart = ChartBuilder::on(&area)
            .margin(16)
            .margin_right(40)
            .x_label_area_size(56)
            .y_label_area_size(170)
            .build_cartesian_2d(
                (x_start..highest * 40.0).log_scale(),
                super::rows_axis(rows),
            )?;
        let row_of = |name: &str| rows - 1 - names.iter().position(|n| *n == name).unwrap_or(0);
        house_style(&mut chart.configure_mesh())
            .disable_y_mesh()
            .y_labels(rows)
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => names
                    .get(rows - 1 - *i)
                    .map(|s| s.to_string())
                    .unwrap_or_default(),
                _ => String::new(),
            })
            .x_label_formatter(&|x| format_duration(*x))
            .x_desc("median time per call (log scale; shorter = faster)")
            .draw()?;

        // Each row's actual pixel height is split into one slot per timed variant of that
        // workload, top to bottom in SHOWN order.
        let row_px = chart.plotting_area().dim_in_pixel().1 / rows as u32;
        let slot = row_px.saturating_sub(PAD) / slots(&results.results);
        let slot_of = |r: &BenchResult| {
            SHOWN
                .iter()
                .filter(|v| {
                    timed
                        .iter()
                        .any(|t| t.workload == r.workload && t.variant == **v)
                })
                .position(|v| *v == r.variant)
                .unwrap_or(0) as u32
        };
        for variant in SHOWN {
            let color = palette::of(*variant);
            let mine: Vec<&&BenchResult> = timed.iter().filter(|r| r.variant == *variant).collect();
            if mine.is_empty() {
                continue;
            }
            let top_of = |r: &BenchResult| PAD / 2 + slot * slot_of(r);
            chart
                .draw_series(mine.iter().map(|r| {
                    let row = row_of(&r.workload);
                    let mut bar = Rectangle::new(
                        [
                            (x_start, SegmentValue::Exact(row)),
                            (r.median_ns.unwrap_or(x_start), SegmentValue::Exact(row + 1)),
                        ],
                        color.mix(0.85).filled(),
                    );
                    let top = top_of(r);
                    bar.set_margin(top, row_px.saturating_sub(top + slot - 2), 0, 0);
                    bar
                }))?
                .label(variant.id())
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 6), (x + 16, y + 6)], color.filled())
                });
            chart.draw_series(mine.iter().map(|r| {
                let median = r.median_ns.unwrap_or(x_start);
                let offset = (top_of(r) + slot / 2) as i32 - (row_px / 2) as i32;
                EmptyElement::at((median, SegmentValue::CenterOf(row_of(&r.workload))))
                    + Text::new(
                        format!("{} {}  (n={})", variant.id(), format_duration(median), r.n),
                        (6, offset - 7),
                        ("sans-serif", 13).into_font().color(&palette::INK),
                    )
            }))?;
        }
        draw_legend(&mut chart, SeriesLabelPosition::LowerRight)?;
        Ok(())
    }
}

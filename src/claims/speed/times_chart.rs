//! The per-workload times chart: the median time per call of every timed variant, grouped by
//! workload, on a log axis, each bar labelled with its time and its `n`.

use std::collections::HashMap;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::render::View;
use crate::render::chart::{
    Chart, DrawResult, MAX_ROWS, build_rows_chart, cap, draw_left_out, draw_legend, draw_note,
    draw_rows_mesh, draw_titles, note_height, palette, row_name,
};
use crate::render::{Span, format_duration};
use crate::results::BenchResult;
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

/// What the chart draws: the first [`MAX_ROWS`] workloads with a timed variant of [`SHOWN`],
/// in results order, and their timed entries.
struct Rows<'a> {
    names: Vec<&'a str>,
    /// How many workloads were left out.
    left_out: usize,
    /// Per workload shown: its row (counted from the bottom), and which of [`SHOWN`] it has
    /// timed, as bits.
    rows: HashMap<&'a str, (usize, u8)>,
    /// The timed entries of the workloads shown.
    timed: Vec<&'a BenchResult>,
    /// The most timed variants any workload shown has: the number of bar slots per row.
    slots: u32,
}

fn shown(variant: Variant) -> Option<usize> {
    SHOWN.iter().position(|v| *v == variant)
}

impl<'a> Rows<'a> {
    fn of(results: &'a [BenchResult]) -> Self {
        let timed = || {
            results
                .iter()
                .filter(|r| r.timing().is_some() && r.workers.is_none())
                .filter_map(|r| Some((r, shown(r.variant)?)))
        };
        let mut present: HashMap<&str, u8> = HashMap::new();
        let mut names = Vec::new();
        for (r, slot) in timed() {
            let bits = present.entry(&r.workload).or_insert_with(|| {
                names.push(r.workload.as_str());
                0
            });
            *bits |= 1 << slot;
        }
        let (names, left_out) = cap(names, MAX_ROWS);
        let count = names.len();
        let rows: HashMap<&str, (usize, u8)> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (*n, (count - 1 - i, present[n])))
            .collect();
        let slots = rows
            .values()
            .map(|(_, bits)| bits.count_ones())
            .max()
            .unwrap_or(1);
        let timed = timed()
            .map(|(r, _)| r)
            .filter(|r| rows.contains_key(r.workload.as_str()))
            .collect();
        Rows {
            names,
            left_out,
            rows,
            timed,
            slots: slots.max(1),
        }
    }
}

impl Chart for Times {
    fn name(&self) -> &'static str {
        "times"
    }

    fn size(&self, view: &View) -> (u32, u32) {
        let rows = Rows::of(&view.file.results);
        (
            1100,
            200 + (PAD + BAR * rows.slots) * rows.names.len().max(1) as u32
                + note_height(rows.left_out),
        )
    }

    fn draw<DB: DrawingBackend>(&self, view: &View, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let area = draw_titles(root, "Median time per call, by workload and variant", view)?;
        let Rows {
            names,
            left_out,
            rows: row_bits,
            timed,
            slots,
        } = Rows::of(&view.file.results);
        if names.is_empty() {
            return draw_note(&area, "No timed workloads.");
        }
        let area = draw_left_out(&area, names.len(), left_out, "workloads")?;
        let x = Span::log(timed.iter().filter_map(|r| r.median_ns), &[], 4.0, 40.0);
        let rows = names.len();

        let mut chart = build_rows_chart(&area, view, 170, &x, rows)?;
        let row_of = |r: &BenchResult| row_bits.get(r.workload.as_str()).map_or(0, |b| b.0);
        let labels: Vec<String> = names.iter().map(|name| row_name(view, name)).collect();
        draw_rows_mesh(
            &mut chart,
            &labels,
            &|x| format_duration(*x),
            "median time per call (log scale; shorter = faster)",
        )?;

        // Each row's actual pixel height is split into one slot per timed variant of that
        // workload, top to bottom in SHOWN order.
        let row_px = chart.plotting_area().dim_in_pixel().1 / rows as u32;
        let slot = row_px.saturating_sub(PAD) / slots;
        let slot_of = |r: &BenchResult| {
            let bits = row_bits.get(r.workload.as_str()).map_or(0, |b| b.1);
            let below = (1u8 << shown(r.variant).unwrap_or(0)) - 1;
            (bits & below).count_ones()
        };
        for variant in SHOWN {
            let color = palette::of(*variant);
            // The entries of this variant, with where their bars end.
            let mine: Vec<(&BenchResult, f64)> = timed
                .iter()
                .filter(|r| r.variant == *variant)
                .filter_map(|r| Some((*r, x.place(r.median_ns?)?)))
                .collect();
            if mine.is_empty() {
                continue;
            }
            let top_of = |r: &BenchResult| PAD / 2 + slot * slot_of(r);
            chart
                .draw_series(mine.iter().map(|&(r, median)| {
                    let row = row_of(r);
                    let mut bar = Rectangle::new(
                        [
                            (x.low, SegmentValue::Exact(row)),
                            (median, SegmentValue::Exact(row + 1)),
                        ],
                        color.mix(0.85).filled(),
                    );
                    let top = top_of(r);
                    bar.set_margin(
                        top,
                        row_px.saturating_sub((top + slot).saturating_sub(2)),
                        0,
                        0,
                    );
                    bar
                }))?
                .label(variant.id())
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 6), (x + 16, y + 6)], color.filled())
                });
            chart.draw_series(mine.iter().map(|&(r, median)| {
                let offset = (top_of(r) + slot / 2) as i32 - (row_px / 2) as i32;
                EmptyElement::at((median, SegmentValue::CenterOf(row_of(r))))
                    + Text::new(
                        format!(
                            "{} {}  (n={})",
                            variant.id(),
                            format_duration(r.median_ns.unwrap_or(f64::NAN)),
                            r.n
                        ),
                        (6, offset - 7),
                        ("sans-serif", 13).into_font().color(&palette::INK),
                    )
            }))?;
        }
        draw_legend(&mut chart, SeriesLabelPosition::LowerRight)?;
        Ok(())
    }
}

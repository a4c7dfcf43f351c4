//! The tiers chart: per workload, every variant's time relative to `rust` (python, python_c,
//! python_jit, hybrid, c, and rust itself at 1×) on a log axis, with the article's 10–100×
//! band shaded, and the workloads grouped by category. [`draw_markers`] draws any such set of
//! [`Series`]: the interpreters chart is the same picture with one series per interpreter, and
//! the merged report's chart with one series per run.

use std::collections::{HashMap, HashSet};

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::claims::ratios::{BAND, speedups};
use crate::render::View;
use crate::render::chart::{
    Chart, DrawResult, MAX_ROWS, build_rows_chart, draw_band, draw_left_out, draw_legend,
    draw_note, draw_rows_mesh, draw_titles, note_height, palette, row_name,
};
use crate::render::{Span, format_ratio};
use crate::results::BenchResult;
use crate::workload::{Category, Variant};

/// See the module documentation.
pub struct Tiers;

const ROW: u32 = 34;

/// The variants drawn, with their colours.
/// Rust, the reference at 1×, is drawn first (as a tick) so that a C marker near 1× stays
/// visible on top of it.
const TIERS: &[Variant] = &[
    Variant::C,
    Variant::Hybrid,
    Variant::PythonJit,
    Variant::PythonC,
    Variant::Python,
];

/// One set of markers: its legend label, its colour, and its ratio to `rust` per workload.
pub struct Series {
    pub label: String,
    pub color: RGBColor,
    pub ratios: Vec<(String, f64)>,
}

impl Series {
    /// `variant` ÷ `rust` per workload of `results`, labelled with the variant's id.
    pub fn of_variant(results: &[BenchResult], variant: Variant) -> Self {
        Series {
            label: variant.id().to_string(),
            color: palette::of(variant),
            ratios: speedups(results, variant)
                .into_iter()
                .map(|s| (s.workload, s.ratio))
                .collect(),
        }
    }
}

const CATEGORIES: [Category; 2] = [Category::InterpreterBound, Category::LibraryBound];

/// One row of the chart: a category heading or a workload.
enum Row<'a> {
    Heading(Category),
    Workload(&'a str),
}

/// Category headings followed by their workloads (those with a rust timing), in results order:
/// at most [`MAX_ROWS`] workloads, shared fairly between the categories. Also how many
/// workloads were left out.
fn rows(results: &[BenchResult]) -> (Vec<Row<'_>>, usize) {
    let mut seen = HashSet::new();
    let mut names: [Vec<&str>; 2] = [Vec::new(), Vec::new()];
    for r in results
        .iter()
        .filter(|r| r.variant == Variant::Rust && r.timing().is_some())
    {
        if let Some(c) = CATEGORIES.iter().position(|c| *c == r.category)
            && seen.insert((c, r.workload.as_str()))
        {
            names[c].push(&r.workload);
        }
    }
    // Each category gets half the rows, and the other's unused half.
    let half = MAX_ROWS / 2;
    let spare = |other: &Vec<&str>| half.saturating_sub(other.len());
    let allowed = [
        half + spare(&names[1]) + MAX_ROWS % 2,
        half + spare(&names[0]),
    ];
    let mut rows = Vec::new();
    let mut left_out = 0;
    for ((category, names), allowed) in CATEGORIES.into_iter().zip(names).zip(allowed) {
        if names.is_empty() {
            continue;
        }
        left_out += names.len().saturating_sub(allowed);
        rows.push(Row::Heading(category));
        rows.extend(names.into_iter().take(allowed).map(Row::Workload));
    }
    (rows, left_out)
}

impl Chart for Tiers {
    fn name(&self) -> &'static str {
        "tiers"
    }

    fn size(&self, view: &View) -> (u32, u32) {
        markers_size(view)
    }

    fn draw<DB: DrawingBackend>(&self, view: &View, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let series: Vec<Series> = TIERS
            .iter()
            .map(|v| Series::of_variant(&view.file.results, *v))
            .collect();
        let area = draw_titles(
            root,
            "Every variant's time relative to Rust, by category",
            view,
        )?;
        draw_markers(view, &area, &series)
    }
}

/// The size of a markers chart: a row per workload with a rust timing, and the headings.
pub fn markers_size(view: &View) -> (u32, u32) {
    let (rows, left_out) = rows(&view.file.results);
    (
        1100,
        220 + ROW * rows.len().max(1) as u32 + note_height(left_out),
    )
}

/// Draws each of `series` as markers on the rows of the workloads `view` has a rust timing
/// of, with Rust's 1× as a tick on every row and the article's band behind them, on `area`
/// (below the chart's titles).
pub fn draw_markers<DB: DrawingBackend>(
    view: &View,
    area: &DrawingArea<DB, Shift>,
    series: &[Series],
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let (rows, left_out) = rows(&view.file.results);
    if rows.is_empty() {
        return draw_note(area, "No workload has a rust timing.");
    }
    let workloads = rows
        .iter()
        .filter(|r| matches!(r, Row::Workload(_)))
        .count();
    let area = draw_left_out(area, workloads, left_out, "workloads")?;
    let count = rows.len();
    // The row of each workload shown, counted from the bottom.
    let row_index: HashMap<&str, usize> = rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| match r {
            Row::Workload(name) => Some((*name, count - 1 - i)),
            Row::Heading(_) => None,
        })
        .collect();
    // Every ratio shown: series, row, ratio.
    let row_index = &row_index;
    let points: Vec<(usize, usize, f64)> = series
        .iter()
        .enumerate()
        .flat_map(|(k, s)| {
            s.ratios
                .iter()
                .filter_map(move |(name, ratio)| Some((k, *row_index.get(name.as_str())?, *ratio)))
        })
        .collect();
    let x = Span::log(points.iter().map(|p| p.2), &[1.0, BAND.1], 2.0, 25.0);

    let mut chart = build_rows_chart(&area, view, 190, &x, count)?;
    let labels: Vec<String> = rows
        .iter()
        .map(|row| match row {
            Row::Heading(c) => format!("{c}:"),
            Row::Workload(name) => row_name(view, name),
        })
        .collect();
    draw_rows_mesh(
        &mut chart,
        &labels,
        &|x| format_ratio(*x),
        "time ÷ Rust time (log scale; 1× = Rust, right = slower than Rust)",
    )?;

    draw_band(&mut chart, BAND)?;

    // A faint line per workload from its fastest to its slowest variant (Rust's 1× included),
    // top row first.
    let mut extents: Vec<Option<(f64, f64)>> = rows
        .iter()
        .rev()
        .map(|r| matches!(r, Row::Workload(_)).then_some((1.0, 1.0)))
        .collect();
    for &(_, i, ratio) in &points {
        if let (Some(Some(e)), Some(ratio)) = (extents.get_mut(i), x.place(ratio)) {
            *e = (e.0.min(ratio), e.1.max(ratio));
        }
    }
    let one = x.place(1.0).unwrap_or(x.low);
    let workload_rows: Vec<usize> = (0..count).rev().filter(|i| extents[*i].is_some()).collect();
    chart.draw_series(workload_rows.iter().filter_map(|&i| {
        let (min, max) = extents[i]?;
        Some(PathElement::new(
            vec![
                (x.place(min).unwrap_or(one), SegmentValue::CenterOf(i)),
                (x.place(max).unwrap_or(one), SegmentValue::CenterOf(i)),
            ],
            BLACK.mix(0.25),
        ))
    }))?;

    // Rust is the reference at 1×, drawn as a tick on every row.
    let rust_style = palette::RUST.filled();
    let tick = move |x: i32, y: i32| Rectangle::new([(x - 2, y - 11), (x + 2, y + 11)], rust_style);
    chart
        .draw_series(
            workload_rows
                .iter()
                .map(|&i| EmptyElement::at((one, SegmentValue::CenterOf(i))) + tick(0, 0)),
        )?
        .label("rust (the reference)")
        .legend(move |(x, y)| tick(x + 8, y));
    for (k, s) in series.iter().enumerate() {
        let style = s.color.filled();
        let at: Vec<(f64, usize)> = points
            .iter()
            .filter(|p| p.0 == k)
            .filter_map(|&(_, i, ratio)| Some((x.place(ratio)?, i)))
            .collect();
        if at.is_empty() {
            continue;
        }
        chart
            .draw_series(
                at.into_iter()
                    .map(|(x, i)| Circle::new((x, SegmentValue::CenterOf(i)), 7, style)),
            )?
            .label(s.label.clone())
            .legend(move |(x, y)| Circle::new((x + 8, y), 6, style));
    }

    draw_legend(&mut chart, SeriesLabelPosition::UpperRight)?;
    Ok(())
}

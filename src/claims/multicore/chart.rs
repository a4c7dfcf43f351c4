//! The scaling chart: one panel per workload with parallel variants, each variant's speedup
//! over itself with one worker against the pool size, beside the ideal line (`w` workers,
//! `w`× as fast). On a machine with `c` cores, `c`× is the ceiling.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::scaling::{Scaling, scaling, workloads};
use crate::render::Span;
use crate::render::View;
use crate::render::chart::{
    Chart, DrawResult, cap, draw_left_out, draw_note, draw_titles, house_style, note_height,
    palette, row_name,
};
use crate::workload::{PARALLEL_VARIANTS, Variant};

/// See the module documentation.
pub struct ScalingChart;

/// Panels per row.
const COLUMNS: usize = 4;

/// At most this many panels, one per workload: a fixed bound on the chart's height.
const MAX_PANELS: usize = 4 * COLUMNS;

/// At most this many labels on the workers axis.
const MAX_X_LABELS: usize = 16;

impl Chart for ScalingChart {
    fn name(&self) -> &'static str {
        "scaling"
    }

    fn size(&self, view: &View) -> (u32, u32) {
        let names = workloads(&scaling(&view.file.results)).len();
        let panels = names.clamp(1, MAX_PANELS);
        (
            1300,
            130 + 330 * panels.div_ceil(COLUMNS) as u32
                + note_height(names.saturating_sub(MAX_PANELS)),
        )
    }

    fn draw<DB: DrawingBackend>(&self, view: &View, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let area = draw_titles(
            root,
            "Multi-core: speedup over one worker (the article is silent here)",
            view,
        )?;
        let all = scaling(&view.file.results);
        let names = workloads(&all);
        if names.is_empty() {
            return draw_note(
                &area,
                "Not measured: no parallel variant was timed at 1 and at 2 or more workers.",
            );
        }
        let (names, left_out) = cap(names, MAX_PANELS);
        let area = draw_left_out(&area, names.len(), left_out, "workloads")?;
        // The curves of the workloads shown (curves come grouped by workload).
        let last = names.last().copied().unwrap_or_default();
        let shown = all
            .iter()
            .position(|c| c.workload == last)
            .map_or(0, |first| {
                first
                    + all[first..]
                        .iter()
                        .take_while(|c| c.workload == last)
                        .count()
            });
        let curves: &[Scaling] = &all[..shown];
        let widest = curves.iter().map(|c| c.widest().workers).max().unwrap_or(1);
        let x_max = f64::from(widest);
        let y = Span::linear(
            curves
                .iter()
                .flat_map(|c| c.points.iter().flat_map(|p| [p.speedup, p.high])),
            &[0.0, x_max],
            0.0,
            0.1,
        );
        let y_max = y.high;
        let (legend, area) = area.split_vertically(36);
        draw_key(&legend)?;
        let rows = names.len().div_ceil(COLUMNS);
        let panels = area.split_evenly((rows, COLUMNS));
        for (panel, name) in panels.iter().zip(&names) {
            let mut chart = ChartBuilder::on(panel)
                .caption(row_name(view, name), ("sans-serif", 18))
                .margin(10)
                .margin_right(24)
                .x_label_area_size(44)
                .y_label_area_size(62)
                .build_cartesian_2d(0.8..x_max + 0.12 + 0.35 * x_max / 2.0, y.range())?;
            house_style(&mut chart.configure_mesh())
                .x_desc("workers")
                .y_desc("speedup")
                .x_labels((widest as usize + 1).min(MAX_X_LABELS))
                .x_label_formatter(&|x| match (x - x.round()).abs() < 1e-6 {
                    true => format!("{x:.0}"),
                    false => String::new(),
                })
                .y_label_formatter(&|y| format!("{y:.1}×"))
                .draw()?;
            chart.draw_series(DashedLineSeries::new(
                [(1.0, 1.0), (x_max, x_max)],
                8,
                6,
                palette::MUTED.stroke_width(2),
            ))?;
            for variant in PARALLEL_VARIANTS {
                let Some(curve) = curves
                    .iter()
                    .find(|c| c.workload == *name && c.variant == variant)
                else {
                    continue;
                };
                let color = palette::of(variant);
                let points: Vec<(f64, f64)> = curve
                    .points
                    .iter()
                    .filter_map(|p| Some((f64::from(p.workers), y.place(p.speedup)?)))
                    .collect();
                chart.draw_series(LineSeries::new(points.clone(), color.stroke_width(3)))?;
                chart.draw_series(curve.points.iter().filter_map(|p| {
                    let x = f64::from(p.workers);
                    let (low, high) = (y.place(p.low)?, y.place(p.high)?);
                    Some(PathElement::new(
                        vec![(x, low), (x, high)],
                        color.stroke_width(2),
                    ))
                }))?;
                chart.draw_series(
                    points
                        .iter()
                        .map(|&(x, y)| Circle::new((x, y), 4, color.filled())),
                )?;
            }
            // The final speedups, right of the last points, nudged apart where they would
            // overlap.
            let mut ends: Vec<(f64, Variant)> = curves
                .iter()
                .filter(|c| c.workload == *name)
                .filter_map(|c| Some((y.place(c.widest().speedup)?, c.variant)))
                .collect();
            ends.sort_by(|a, b| b.0.total_cmp(&a.0));
            let gap = 0.075 * y_max;
            let mut ceiling = f64::INFINITY;
            for (speedup, variant) in ends {
                let y = speedup.min(ceiling - gap);
                ceiling = y;
                chart.draw_series(std::iter::once(Text::new(
                    format!("{speedup:.2}×"),
                    (x_max + 0.06 * x_max / 2.0, y),
                    ("sans-serif", 14)
                        .into_font()
                        .color(&palette::of(variant))
                        .pos(Pos::new(HPos::Left, VPos::Center)),
                )))?;
            }
        }
        Ok(())
    }
}

/// One line above the panels: what each colour and the dashed line mean.
fn draw_key<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let font = ("sans-serif", 15).into_font().color(&palette::INK);
    let mut x = 60;
    let y = 18;
    for variant in PARALLEL_VARIANTS {
        let color = palette::of(variant);
        area.draw(&PathElement::new(
            vec![(x, y), (x + 24, y)],
            color.stroke_width(3),
        ))?;
        area.draw(&Text::new(variant.id(), (x + 32, y - 8), font.clone()))?;
        x += 190;
    }
    area.draw(&PathElement::new(
        vec![(x, y), (x + 10, y)],
        palette::MUTED.stroke_width(2),
    ))?;
    area.draw(&PathElement::new(
        vec![(x + 16, y), (x + 26, y)],
        palette::MUTED.stroke_width(2),
    ))?;
    area.draw(&Text::new(
        "ideal: w workers, w× as fast · bars: 95% CI · each variant against itself with one worker",
        (x + 34, y - 8),
        font,
    ))?;
    Ok(())
}

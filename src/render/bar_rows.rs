//! A chart shape two charts share: one horizontal bar per row on a log axis, each with a name
//! on the left and a label at its end (the boundary costs, the peak heaps).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::Span;
use super::chart::{DrawResult, house_style, palette, rows_axis};

/// One row: its name on the axis, its value, its colour, and the label at the bar's end.
pub struct BarRow {
    pub name: String,
    pub value: f64,
    pub color: RGBColor,
    pub label: String,
}

/// How the rows are drawn.
pub struct BarRowsStyle<'a> {
    pub x_desc: &'a str,
    pub format_x: fn(f64) -> String,
    /// Pixels for the row names on the left (0 when the labels carry the names).
    pub name_area: u32,
    pub font: u32,
}

/// Draws `rows`, first row at the top. The axis is logarithmic: a row whose value it cannot
/// show (zero, negative, not finite) keeps its name and label but has no bar.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    rows: &[BarRow],
    style: &BarRowsStyle,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let count = rows.len();
    // Room on the right for the labels.
    let x = Span::log(rows.iter().map(|r| r.value), &[], 3.0, 60.0);
    let mut chart = ChartBuilder::on(area)
        .margin(16)
        .margin_right(40)
        .x_label_area_size(56)
        .y_label_area_size(style.name_area.max(20))
        .build_cartesian_2d(x.log_scale(), rows_axis(count))?;
    house_style(&mut chart.configure_mesh())
        .label_style(("sans-serif", style.font))
        .disable_y_mesh()
        .y_labels(if style.name_area > 0 { count } else { 1 })
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) if style.name_area > 0 => rows
                .get(count - 1 - *i)
                .map(|r| r.name.clone())
                .unwrap_or_default(),
            _ => String::new(),
        })
        .x_label_formatter(&|x| (style.format_x)(*x))
        .x_desc(style.x_desc)
        .draw()?;
    let row_px = chart.plotting_area().dim_in_pixel().1 / count.max(1) as u32;
    chart.draw_series(rows.iter().enumerate().filter_map(|(i, r)| {
        let row = count - 1 - i;
        let mut bar = Rectangle::new(
            [
                (x.low, SegmentValue::Exact(row)),
                (x.place(r.value)?, SegmentValue::Exact(row + 1)),
            ],
            r.color.mix(0.85).filled(),
        );
        bar.set_margin(row_px / 6, row_px / 6, 0, 0);
        Some(bar)
    }))?;
    chart.draw_series(rows.iter().enumerate().map(|(i, r)| {
        let end = x.place(r.value).unwrap_or(x.low);
        EmptyElement::at((end, SegmentValue::CenterOf(count - 1 - i)))
            + Text::new(
                r.label.clone(),
                (8, -(style.font as i32) / 2),
                ("sans-serif", style.font).into_font().color(&palette::INK),
            )
    }))?;
    Ok(())
}

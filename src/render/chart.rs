//! The chart furniture every claim's charts share: the backend-generic [`Chart`] trait, drawn
//! once and written as both SVG and PNG; the two title lines, the house style of the axes,
//! the legend, the palette, row axes, and the caps that keep every chart drawable. PNG text
//! uses the bundled DejaVu Sans font through `ab_glyph`, so it renders on machines without
//! fontconfig.

use std::error::Error as StdError;
use std::path::{Path, PathBuf};
use std::sync::Once;

use plotters::chart::{ChartContext, MeshStyle};
use plotters::coord::Shift;
use plotters::coord::ranged1d::SegmentedCoord;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::coord::types::RangedCoordusize;
use plotters::coord::{CoordTranslate, cartesian::Cartesian2d};
use plotters::prelude::*;

use super::View;
use super::{Span, format_fixed};
use crate::error::{Error, Result};

/// What drawing returns: plotters' errors, boxed.
pub type DrawResult = std::result::Result<(), Box<dyn StdError>>;

/// A chart drawn from a results file and its [`View`].
pub trait Chart {
    /// The file stem, e.g. `speedup` for `speedup.svg` and `speedup.png`.
    fn name(&self) -> &'static str;
    /// Width and height in pixels, within [`MAX_SIZE`] whatever the file holds.
    fn size(&self, view: &View) -> (u32, u32);
    /// Draws onto `root`, which is already filled white.
    fn draw<DB: DrawingBackend>(&self, view: &View, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static;
}

/// The SVG and PNG files of one chart.
#[derive(Debug, Clone)]
pub struct ChartFiles {
    pub svg: PathBuf,
    pub png: PathBuf,
}

/// Draws one chart as SVG and as PNG, cut to [`MAX_SIZE`] should a chart ever ask for more.
pub fn render(chart: &impl Chart, view: &View, dir: &Path) -> Result<ChartFiles> {
    register_font();
    let (width, height) = chart.size(view);
    debug_assert!(
        width <= MAX_SIZE.0 && height <= MAX_SIZE.1,
        "{}: {width}×{height}",
        chart.name()
    );
    let size = (width.min(MAX_SIZE.0), height.min(MAX_SIZE.1));
    let files = ChartFiles {
        svg: dir.join(format!("{}.svg", chart.name())),
        png: dir.join(format!("{}.png", chart.name())),
    };
    let failed = |path: &Path| {
        let path = path.to_path_buf();
        move |e: Box<dyn StdError>| Error::Chart {
            path,
            reason: e.to_string(),
        }
    };
    draw_on(
        chart,
        view,
        SVGBackend::new(&files.svg, size).into_drawing_area(),
    )
    .map_err(failed(&files.svg))?;
    draw_on(
        chart,
        view,
        BitMapBackend::new(&files.png, size).into_drawing_area(),
    )
    .map_err(failed(&files.png))?;
    Ok(files)
}

fn draw_on<DB: DrawingBackend>(
    chart: &impl Chart,
    view: &View,
    root: DrawingArea<DB, Shift>,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE)?;
    chart.draw(view, &root)?;
    // Dropping the area would ignore write errors; present them instead.
    root.present()?;
    Ok(())
}

fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        for (style, bytes) in [
            (FontStyle::Normal, dejavu::sans::regular()),
            (FontStyle::Bold, dejavu::sans::bold()),
        ] {
            // The bundled font is known to parse; a failure leaves plotters' own error.
            let _ = plotters::style::register_font("sans-serif", style, bytes);
        }
    });
}

/// Colours shared by the charts, so a variant looks the same everywhere.
pub mod palette {
    use plotters::style::RGBColor;

    pub const RUST: RGBColor = RGBColor(0xb7, 0x41, 0x0e);
    pub const C: RGBColor = RGBColor(0x55, 0x55, 0x55);
    pub const PYTHON: RGBColor = RGBColor(0x30, 0x69, 0x98);
    pub const PYTHON_C: RGBColor = RGBColor(0x8e, 0x44, 0xad);
    pub const HYBRID: RGBColor = RGBColor(0xe0, 0x9f, 0x1f);
    pub const PYTHON_JIT: RGBColor = RGBColor(0xd6, 0x33, 0x84);
    pub const LIBRARY_BOUND: RGBColor = RGBColor(0x2a, 0x9d, 0x8f);
    pub const BAND: RGBColor = RGBColor(0x4c, 0xaf, 0x50);
    pub const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
    pub const MUTED: RGBColor = RGBColor(0x66, 0x66, 0x66);

    /// The colour of a variant in every chart. A parallel variant takes its language's colour,
    /// except `python_procs`, which must stand apart from `python_threads` on one panel.
    pub fn of(variant: crate::workload::Variant) -> RGBColor {
        use crate::workload::Variant;
        match variant {
            Variant::Rust | Variant::RustPar => RUST,
            Variant::C => C,
            Variant::Python | Variant::PythonThreads => PYTHON,
            Variant::PythonC => PYTHON_C,
            Variant::Hybrid => HYBRID,
            Variant::PythonJit => PYTHON_JIT,
            Variant::PythonProcs => LIBRARY_BOUND,
        }
    }
}

/// The two title lines every chart carries: what was measured, and with what.
pub fn draw_titles<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    view: &View,
) -> std::result::Result<DrawingArea<DB, Shift>, Box<dyn StdError>>
where
    DB::ErrorType: 'static,
{
    let results = view.file;
    let env = &results.environment;
    let subtitle = format!(
        "CPython {} vs {} · {} ({} cores) · {}, {}",
        shorten(&env.python.version, 16),
        shorten(env.rustc.split(" (").next().unwrap_or(&env.rustc), 24),
        shorten(&env.cpu, 40),
        env.cores,
        view.mode_label(),
        results.generated_at.chars().take(10).collect::<String>(),
    );
    draw_title_lines(root, title, &subtitle)
}

/// The two title lines, for a chart whose subtitle is not one run's environment (e.g. the
/// merged report's, which names several).
pub fn draw_title_lines<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    subtitle: &str,
) -> std::result::Result<DrawingArea<DB, Shift>, Box<dyn StdError>>
where
    DB::ErrorType: 'static,
{
    let area = root.titled(title, ("sans-serif", 24).into_font().color(&palette::INK))?;
    let area = area.titled(
        subtitle,
        ("sans-serif", 15).into_font().color(&palette::MUTED),
    )?;
    Ok(area)
}

/// Writes a one-line note (e.g. "Not measured: …") where a chart would be.
pub fn draw_note<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, note: &str) -> DrawResult
where
    DB::ErrorType: 'static,
{
    area.draw(&Text::new(
        note.to_string(),
        (40, 40),
        ("sans-serif", 18).into_font(),
    ))?;
    Ok(())
}

/// The house style of every chart's axes: readable labels, no minor grid, a faint major grid.
pub fn house_style<'m, 'a, 'b, X, Y, DB>(
    mesh: &'m mut MeshStyle<'a, 'b, X, Y, DB>,
) -> &'m mut MeshStyle<'a, 'b, X, Y, DB>
where
    X: Ranged<ValueType: std::fmt::Debug>,
    Y: Ranged<ValueType: std::fmt::Debug>,
    DB: DrawingBackend,
{
    mesh.label_style(("sans-serif", 15))
        .axis_desc_style(("sans-serif", 16))
        .light_line_style(WHITE.mix(0.0))
        .bold_line_style(BLACK.mix(0.08))
}

/// The vertical axis of [`rows_axis`]: equal rows, labelled at their centres.
pub type RowsAxis = SegmentedCoord<RangedCoordusize>;

/// A chart of [`build_rows_chart`]: one row per workload, on a log x axis.
pub type RowsChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<LogCoord<f64>, RowsAxis>>;

/// The house layout of a chart with one row per workload on a log x axis over `x`: the
/// margins, room for the x labels, and `name_width` pixels for the row names (wider when the
/// modes are mixed, see [`name_area`]). Draw its mesh with [`draw_rows_mesh`].
pub fn build_rows_chart<'a, DB>(
    area: &'a DrawingArea<DB, Shift>,
    view: &View,
    name_width: u32,
    x: &Span,
    rows: usize,
) -> std::result::Result<RowsChart<'a, DB>, Box<dyn StdError>>
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
{
    Ok(ChartBuilder::on(area)
        .margin(16)
        .margin_right(40)
        .x_label_area_size(56)
        .y_label_area_size(name_area(view, name_width))
        .build_cartesian_2d(x.log_scale(), rows_axis(rows))?)
}

/// Draws the house mesh of a chart with one row per label (the rows of [`rows_axis`]): no
/// horizontal grid, `labels` at the rows' centres with the first label on the top row, and
/// the x axis formatted by `x_label` and described by `x_desc`.
pub fn draw_rows_mesh<'a, DB, X, Y>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<X, Y>>,
    labels: &[String],
    x_label: &dyn Fn(&f64) -> String,
    x_desc: &str,
) -> DrawResult
where
    DB: DrawingBackend + 'a,
    DB::ErrorType: 'static,
    X: Ranged<ValueType = f64> + ValueFormatter<f64>,
    Y: Ranged<ValueType = SegmentValue<usize>> + ValueFormatter<SegmentValue<usize>>,
{
    let rows = labels.len();
    house_style(&mut chart.configure_mesh())
        .disable_y_mesh()
        .y_labels(rows)
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => rows
                .checked_sub(1 + *i)
                .and_then(|top_down| labels.get(top_down))
                .cloned()
                .unwrap_or_default(),
            _ => String::new(),
        })
        .x_label_formatter(x_label)
        .x_desc(x_desc)
        .draw()?;
    Ok(())
}

/// Shades the article's band of ratios, `(low, high)` (10–100× for the speed claims), across
/// every row of a ratio chart, with its legend entry.
pub fn draw_band<'a, DB, X, Y>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<X, Y>>,
    (low, high): (f64, f64),
) -> DrawResult
where
    DB: DrawingBackend + 'a,
    DB::ErrorType: 'static,
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = SegmentValue<usize>>,
{
    chart
        .draw_series(std::iter::once(Rectangle::new(
            [(low, SegmentValue::Exact(0)), (high, SegmentValue::Last)],
            palette::BAND.mix(0.16).filled(),
        )))?
        .label(format!(
            "the article's claim: {}–{}×",
            format_fixed(low, 0),
            format_fixed(high, 0)
        ))
        .legend(|(x, y)| {
            Rectangle::new(
                [(x, y - 6), (x + 16, y + 6)],
                palette::BAND.mix(0.35).filled(),
            )
        });
    Ok(())
}

/// Draws the legend of `chart`'s labelled series at `position`, in the house style.
pub fn draw_legend<'a, DB, CT>(
    chart: &mut ChartContext<'a, DB, CT>,
    position: SeriesLabelPosition,
) -> DrawResult
where
    DB: DrawingBackend + 'a,
    DB::ErrorType: 'static,
    CT: CoordTranslate,
{
    chart
        .configure_series_labels()
        .position(position)
        .label_font(("sans-serif", 15))
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.3))
        .draw()?;
    Ok(())
}

/// A vertical axis of `rows` equal rows (one per workload), labelled at their centres.
pub fn rows_axis(rows: usize) -> RowsAxis {
    // `0..k` holds k + 1 values, so `0..rows - 1` gives exactly `rows` segments.
    (0..rows.max(1) - 1).into_segmented()
}

/// At most this many rows (workloads, bars) in one chart: room for every workload of the
/// suite, and a fixed bound on every chart's height whatever the file holds. A chart with more
/// shows the first ones and says how many it left out; REPORT.md lists them all.
pub const MAX_ROWS: usize = 40;

/// No chart is larger than this, in pixels (width, height): every chart's size stays within it
/// by construction, and [`render`] enforces it.
pub const MAX_SIZE: (u32, u32) = (1300, 5000);

/// The height of the note a capped chart carries at its foot.
pub const NOTE_HEIGHT: u32 = 36;

/// The first `max` of `items`, and how many were left out.
pub fn cap<T>(mut items: Vec<T>, max: usize) -> (Vec<T>, usize) {
    let left_out = items.len().saturating_sub(max);
    items.truncate(max);
    (items, left_out)
}

/// The pixels a chart adds for its note when it leaves `left_out` items out.
pub fn note_height(left_out: usize) -> u32 {
    if left_out > 0 { NOTE_HEIGHT } else { 0 }
}

/// When `left_out` > 0, writes at the foot of `area` that the chart shows the first `shown`
/// `what` (e.g. "workloads") and leaves `left_out` out, and returns the area above the note;
/// else returns `area` whole.
pub fn draw_left_out<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    shown: usize,
    left_out: usize,
    what: &str,
) -> std::result::Result<DrawingArea<DB, Shift>, Box<dyn StdError>>
where
    DB::ErrorType: 'static,
{
    if left_out == 0 {
        return Ok(area.clone());
    }
    let height = area.dim_in_pixel().1;
    let (chart, note) = area.split_vertically(height.saturating_sub(NOTE_HEIGHT));
    note.draw(&Text::new(
        format!(
            "Showing the first {shown} of {} {what}: {left_out} more are left out of this chart. REPORT.md lists them all.",
            shown + left_out
        ),
        (40, 8),
        ("sans-serif", 16).into_font().color(&palette::MUTED),
    ))?;
    Ok(chart)
}

/// At most `max` characters of `text`, with `…` where it was cut: names from the results file
/// can be of any length, a chart's label area cannot.
pub fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max.saturating_sub(1)) {
        Some((end, _)) if text.chars().count() > max => format!("{}…", &text[..end]),
        _ => text.to_string(),
    }
}

/// The longest workload name a chart's label area shows in full.
pub const NAME_CHARS: usize = 22;

/// A workload's name as a row label: shortened to [`NAME_CHARS`], and marked `(quick)` when
/// its figures come from a quick run beside full ones.
pub fn row_name(view: &View, workload: &str) -> String {
    let name = shorten(workload, NAME_CHARS);
    match view.quick(workload) {
        true => format!("{name} (quick)"),
        false => name,
    }
}

/// The pixels for row labels of [`row_name`]s: `base`, and room for the `(quick)` marks when
/// the modes are mixed.
pub fn name_area(view: &View, base: u32) -> u32 {
    match view.modes.mixed() {
        true => base + 60,
        false => base,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_and_shortened_labels() {
        assert_eq!(cap((0..50).collect::<Vec<_>>(), 40).1, 10);
        assert_eq!(cap(vec![1, 2], 40), (vec![1, 2], 0));
        assert_eq!(shorten("reverse_complement", 22), "reverse_complement");
        assert_eq!(shorten("abcdefghij", 5), "abcd…");
        assert_eq!(shorten("ééééé", 5), "ééééé");
        assert_eq!(shorten("éééééé", 5), "éééé…");
    }
}

//! Charts: one file per chart, each drawn once through a backend-generic [`Chart`] and written
//! as both SVG and PNG. PNG text uses the bundled DejaVu Sans font through `ab_glyph`, so it
//! renders on machines without fontconfig.

pub mod bar_rows;
pub mod boundary;
pub mod break_even;
pub mod latency;
pub mod memory;
pub mod scaling;
pub mod speedup;
pub mod tiers;
pub mod times;

use std::error::Error as StdError;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Once;

use plotters::chart::{ChartContext, MeshStyle};
use plotters::coord::Shift;
use plotters::coord::combinators::LogCoord;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::coord::{CoordTranslate, cartesian::Cartesian2d};
use plotters::prelude::*;

use crate::error::{Error, Result};
use crate::report::Figures;

/// What drawing returns: plotters' errors, boxed.
pub type DrawResult = std::result::Result<(), Box<dyn StdError>>;

/// A chart drawn from a results file and its [`Figures`].
pub trait Chart {
    /// The file stem, e.g. `speedup` for `speedup.svg` and `speedup.png`.
    fn name(&self) -> &'static str;
    /// Width and height in pixels, within [`MAX_SIZE`] whatever the file holds.
    fn size(&self, figures: &Figures) -> (u32, u32);
    /// Draws onto `root`, which is already filled white.
    fn draw<DB: DrawingBackend>(
        &self,
        figures: &Figures,
        root: &DrawingArea<DB, Shift>,
    ) -> DrawResult
    where
        DB::ErrorType: 'static;
}

/// The SVG and PNG files of one chart.
#[derive(Debug, Clone)]
pub struct ChartFiles {
    pub svg: PathBuf,
    pub png: PathBuf,
}

/// Draws every chart into `dir`.
pub fn render_all(figures: &Figures, dir: &Path) -> Result<Vec<ChartFiles>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    Ok(vec![
        render(&speedup::Speedup, figures, dir)?,
        render(&tiers::Tiers, figures, dir)?,
        render(&times::Times, figures, dir)?,
        render(&boundary::BoundaryChart, figures, dir)?,
        render(&break_even::BreakEvenChart, figures, dir)?,
        render(&latency::LatencyChart, figures, dir)?,
        render(&memory::MemoryChart, figures, dir)?,
        render(&scaling::ScalingChart, figures, dir)?,
    ])
}

/// Draws one chart as SVG and as PNG, cut to [`MAX_SIZE`] should a chart ever ask for more.
pub fn render(chart: &impl Chart, figures: &Figures, dir: &Path) -> Result<ChartFiles> {
    register_font();
    let (width, height) = chart.size(figures);
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
        figures,
        SVGBackend::new(&files.svg, size).into_drawing_area(),
    )
    .map_err(failed(&files.svg))?;
    draw_on(
        chart,
        figures,
        BitMapBackend::new(&files.png, size).into_drawing_area(),
    )
    .map_err(failed(&files.png))?;
    Ok(files)
}

fn draw_on<DB: DrawingBackend>(
    chart: &impl Chart,
    figures: &Figures,
    root: DrawingArea<DB, Shift>,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE)?;
    chart.draw(figures, &root)?;
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
            Variant::PythonProcs => LIBRARY_BOUND,
        }
    }
}

/// The two title lines every chart carries: what was measured, and with what.
pub fn draw_titles<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    figures: &Figures,
) -> std::result::Result<DrawingArea<DB, Shift>, Box<dyn StdError>>
where
    DB::ErrorType: 'static,
{
    let results = figures.file;
    let env = &results.environment;
    let subtitle = format!(
        "CPython {} vs {} · {} ({} cores) · {}, {}",
        shorten(&env.python.version, 16),
        shorten(env.rustc.split(" (").next().unwrap_or(&env.rustc), 24),
        shorten(&env.cpu, 40),
        env.cores,
        figures.mode_label(),
        results.generated_at.chars().take(10).collect::<String>(),
    );
    let area = root.titled(title, ("sans-serif", 24).into_font().color(&palette::INK))?;
    let area = area.titled(
        &subtitle,
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

/// Shades the article's 10–100× band across every row of a ratio chart, with its legend entry.
pub fn draw_band<'a, DB, X, Y>(chart: &mut ChartContext<'a, DB, Cartesian2d<X, Y>>) -> DrawResult
where
    DB: DrawingBackend + 'a,
    DB::ErrorType: 'static,
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = SegmentValue<usize>>,
{
    let (low, high) = crate::report::claims::BAND;
    chart
        .draw_series(std::iter::once(Rectangle::new(
            [(low, SegmentValue::Exact(0)), (high, SegmentValue::Last)],
            palette::BAND.mix(0.16).filled(),
        )))?
        .label("the article's claim: 10–100×")
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
pub fn rows_axis(
    rows: usize,
) -> impl Ranged<ValueType = SegmentValue<usize>> + ValueFormatter<SegmentValue<usize>> {
    // `0..k` holds k + 1 values, so `0..rows - 1` gives exactly `rows` segments.
    (0..rows.max(1) - 1).into_segmented()
}

/// The values a log axis can show: positive, finite and within these bounds, so that padding
/// a range never overflows to infinity or underflows to zero, and plotters' key-point loop
/// (which multiplies from the low end until it passes the high end) always ends. Values
/// outside are left off the axis, like zero and negatives.
pub const LOG_LIMITS: (f64, f64) = (1e-100, 1e100);

/// The largest magnitude a linear axis shows, for the same reasons.
pub const LINEAR_LIMIT: f64 = 1e100;

/// An axis range plotters can always draw, whatever the data: finite, `low < high`, and for a
/// log axis positive and within [`LOG_LIMITS`]. Every chart takes its ranges from here and
/// places its values through [`Span::place`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    pub low: f64,
    pub high: f64,
    log: bool,
}

impl Span {
    /// A log axis from the smallest of `values` and `always` (e.g. 1× and the band's top) ÷
    /// `below`, to the largest × `above`. Values a log axis cannot show are skipped; with none
    /// left the axis is 1–10, and a range that is still a point gets a decade on either side.
    pub fn log(
        values: impl IntoIterator<Item = f64>,
        always: &[f64],
        below: f64,
        above: f64,
    ) -> Span {
        let showable = |x: &f64| *x >= LOG_LIMITS.0 && *x <= LOG_LIMITS.1;
        let (low, high) = match extent(
            values
                .into_iter()
                .chain(always.iter().copied())
                .filter(showable),
        ) {
            None => (1.0, 10.0),
            // Padding of at most 1000× keeps both ends finite and normal.
            Some((low, high)) => (low / below.clamp(1.0, 1e3), high * above.clamp(1.0, 1e3)),
        };
        let (low, high) = if low < high {
            (low, high)
        } else {
            (low / 10.0, high * 10.0)
        };
        Span {
            low,
            high,
            log: true,
        }
    }

    /// A linear axis over `values` and `always`, widened by `below` and `above` times its
    /// extent at either end. Values beyond ±[`LINEAR_LIMIT`] (or not finite) are skipped; with
    /// none left the axis is 0–1, and a range that is still a point gets room on either side.
    pub fn linear(
        values: impl IntoIterator<Item = f64>,
        always: &[f64],
        below: f64,
        above: f64,
    ) -> Span {
        let showable = |x: &f64| x.abs() <= LINEAR_LIMIT;
        let (low, high) = extent(
            values
                .into_iter()
                .chain(always.iter().copied())
                .filter(showable),
        )
        .unwrap_or((0.0, 1.0));
        let width = high - low;
        let (low, high) = (
            low - width * below.clamp(0.0, 1.0),
            high + width * above.clamp(0.0, 1.0),
        );
        let (low, high) = if low < high {
            (low, high)
        } else {
            let room = (low.abs() / 2.0).max(1.0);
            (low - room, high + room)
        };
        Span {
            low,
            high,
            log: false,
        }
    }

    /// The range, for a linear axis.
    pub fn range(&self) -> Range<f64> {
        self.low..self.high
    }

    /// The range as a log axis.
    pub fn log_scale(&self) -> LogCoord<f64> {
        self.range().log_scale().into()
    }

    /// Where the axis draws `x`: `None` when it cannot (outside [`LOG_LIMITS`] on a log
    /// axis, beyond ±[`LINEAR_LIMIT`] on a linear one), else `x` clamped into the span.
    pub fn place(&self, x: f64) -> Option<f64> {
        let showable = match self.log {
            true => (LOG_LIMITS.0..=LOG_LIMITS.1).contains(&x),
            false => x.abs() <= LINEAR_LIMIT,
        };
        showable.then(|| x.clamp(self.low, self.high))
    }
}

/// The smallest and largest of `values` (which hold no NaN: the callers' filters drop it).
fn extent(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    values.fold(None, |acc, x| match acc {
        None => Some((x, x)),
        Some((low, high)) => Some((low.min(x), high.max(x))),
    })
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
pub fn row_name(figures: &Figures, workload: &str) -> String {
    let name = shorten(workload, NAME_CHARS);
    match figures.quick(workload) {
        true => format!("{name} (quick)"),
        false => name,
    }
}

/// The pixels for row labels of [`row_name`]s: `base`, and room for the `(quick)` marks when
/// the modes are mixed.
pub fn name_area(figures: &Figures, base: u32) -> u32 {
    match figures.modes.mixed() {
        true => base + 60,
        false => base,
    }
}

/// What a formatter prints for a figure it cannot show: not finite, or negative where only a
/// size can be (a duration, a byte count, a ratio of two durations).
pub const NOT_A_FIGURE: &str = "–";

/// `x`, with −0 as 0: a zero is printed without a sign.
fn unsigned_zero(x: f64) -> f64 {
    if x == 0.0 { 0.0 } else { x }
}

/// `value` with `unit`, at a precision a person reads at a glance: `850 ns`, `1.23 ms`,
/// `45.6 ms`; in scientific notation where the digits would not fit (`4.9e-324 ns`).
fn readable(value: f64, unit: &str) -> String {
    if value >= 1e6 || (value > 0.0 && value < 0.005) {
        format!("{value:.1e} {unit}")
    } else if value >= 100.0 || value == value.trunc() {
        format!("{value:.0} {unit}")
    } else if value >= 10.0 {
        format!("{value:.1} {unit}")
    } else {
        format!("{value:.2} {unit}")
    }
}

/// A duration in ns, written with a unit a person reads at a glance: `850 ns`, `1.2 ms`.
/// A duration that is not finite or is negative is [`NOT_A_FIGURE`].
pub fn format_duration(ns: f64) -> String {
    let ns = unsigned_zero(ns);
    if !(ns.is_finite() && ns >= 0.0) {
        return NOT_A_FIGURE.to_string();
    }
    let (value, unit) = if ns >= 1e9 {
        (ns / 1e9, "s")
    } else if ns >= 1e6 {
        (ns / 1e6, "ms")
    } else if ns >= 1e3 {
        (ns / 1e3, "µs")
    } else {
        (ns, "ns")
    };
    readable(value, unit)
}

/// A byte count a person reads at a glance: `812 B`, `64 KiB`, `3.2 MiB`. A count that is
/// not finite or is negative is [`NOT_A_FIGURE`].
pub fn format_bytes(b: f64) -> String {
    let b = unsigned_zero(b);
    if !(b.is_finite() && b >= 0.0) {
        NOT_A_FIGURE.to_string()
    } else if b >= 1048576.0 * 1e6 {
        format!("{:.1e} MiB", b / 1048576.0)
    } else if b >= 1048576.0 {
        format!("{:.1} MiB", b / 1048576.0)
    } else if b >= 1024.0 {
        format!("{:.0} KiB", b / 1024.0)
    } else {
        format!("{b:.0} B")
    }
}

/// A ratio for an axis or a label: `3×`, `45×`, `0.5×`. A ratio that is not finite or is
/// negative (which no two durations give) is [`NOT_A_FIGURE`].
pub fn format_ratio(x: f64) -> String {
    let x = unsigned_zero(x);
    if !(x.is_finite() && x >= 0.0) {
        NOT_A_FIGURE.to_string()
    } else if x >= 1e6 || (x > 0.0 && x < 0.005) {
        format!("{x:.1e}×")
    } else if x < 1.0 {
        format!("{x:.2}×")
    } else if x >= 10.0 || x == x.trunc() {
        format!("{x:.0}×")
    } else {
        format!("{x:.1}×")
    }
}

/// A plain number with `decimals` decimals (negative allowed: e.g. a cost net of noise), in
/// scientific notation when it is too large to read; [`NOT_A_FIGURE`] when it is not finite.
pub fn format_fixed(x: f64, decimals: usize) -> String {
    let x = unsigned_zero(x);
    if !x.is_finite() {
        NOT_A_FIGURE.to_string()
    } else if x.abs() >= 1e12 {
        format!("{x:.2e}")
    } else {
        format!("{x:.decimals$}")
    }
}

#[cfg(test)]
mod tests {
    use plotters::coord::types::RangedCoordf64;

    use super::*;

    #[test]
    fn durations_carry_units() {
        assert_eq!(format_duration(850.0), "850 ns");
        assert_eq!(format_duration(1_234_000.0), "1.23 ms");
        assert_eq!(format_duration(45_600_000.0), "45.6 ms");
        assert_eq!(format_duration(2e9), "2 s");
        assert_eq!(format_ratio(42.4), "42×");
        assert_eq!(format_ratio(2.5), "2.5×");
        assert_eq!(format_ratio(0.217), "0.22×");
    }

    #[test]
    fn figures_that_are_not_sizes_print_as_a_dash() {
        for x in [
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            -53378613.9,
            -1e-9,
        ] {
            assert_eq!(format_duration(x), NOT_A_FIGURE, "{x}");
            assert_eq!(format_ratio(x), NOT_A_FIGURE, "{x}");
            assert_eq!(format_bytes(x), NOT_A_FIGURE, "{x}");
        }
        assert_eq!(format_fixed(f64::NAN, 2), NOT_A_FIGURE);
        assert_eq!(format_fixed(-0.25, 2), "-0.25");
        assert_eq!(format_ratio(-0.0), "0.00×");
        assert_eq!(format_fixed(-0.0, 2), "0.00");
        // Extremes stay short instead of printing hundreds of digits or rounding to zero.
        assert_eq!(format_duration(1e307), "1.0e298 s");
        assert_eq!(format_duration(5e-324), "4.9e-324 ns");
        assert_eq!(format_duration(0.0), "0 ns");
        assert_eq!(format_ratio(1e307), "1.0e307×");
        assert_eq!(format_ratio(5e-324), "4.9e-324×");
        assert_eq!(format_fixed(1e307, 1), "1.00e307");
        assert_eq!(format_bytes(1.8e19), "1.7e13 MiB");
    }

    /// Every span is finite and non-degenerate, positive on a log axis, and plotters can
    /// compute its key points (the loop that spun forever on a zero or infinite end).
    fn assert_drawable(span: Span, values: &[f64]) {
        assert!(
            span.low.is_finite() && span.high.is_finite(),
            "{values:?}: {span:?}"
        );
        assert!(span.low < span.high, "{values:?}: {span:?}");
        if span.log {
            assert!(span.low > 0.0, "{values:?}: {span:?}");
            let points = span.log_scale().key_points(12);
            assert!(
                !points.is_empty() && points.len() < 1000,
                "{values:?}: {points:?}"
            );
        } else {
            let axis: RangedCoordf64 = span.range().into();
            assert!(!axis.key_points(12).is_empty(), "{values:?}: {span:?}");
        }
        for &x in values {
            if let Some(placed) = span.place(x) {
                assert!(placed >= span.low && placed <= span.high, "{x} in {span:?}");
            }
        }
    }

    #[test]
    fn spans_are_drawable_whatever_the_values() {
        let cases: &[&[f64]] = &[
            &[],
            &[0.0],
            &[5e-324],
            &[1e307],
            &[-3.0],
            &[f64::NAN],
            &[f64::INFINITY, f64::NEG_INFINITY],
            &[42.0],
            &[42.0, 42.0, 42.0],
            &[0.0, 5e-324, 1e307, -1.0, f64::NAN, 3.0],
            &[1e-100, 1e100],
            &[2.0, 1e6],
        ];
        for values in cases {
            let log = Span::log(values.iter().copied(), &[], 60.0, 60.0);
            assert_drawable(log, values);
            assert_drawable(
                Span::log(values.iter().copied(), &[1.0, 100.0], 1.5, 8.0),
                values,
            );
            let linear = Span::linear(values.iter().copied(), &[], 0.0, 0.1);
            assert_drawable(linear, values);
            assert_drawable(
                Span::linear(values.iter().copied(), &[0.0, 2.0], 0.0, 0.1),
                values,
            );
            // A log axis places only what it can show.
            for &x in *values {
                let shown = x > 0.0 && x.is_finite() && (1e-100..=1e100).contains(&x);
                assert_eq!(log.place(x).is_some(), shown, "{x}");
            }
        }
        // A single value gets room on either side; ordinary values keep their padding.
        assert_eq!(Span::log([42.0], &[], 1.0, 1.0).range(), 4.2..420.0);
        assert_eq!(Span::log([2.0, 50.0], &[1.0], 2.0, 4.0).range(), 0.5..200.0);
        assert_eq!(Span::linear([3.0], &[0.0], 0.0, 0.1).range(), 0.0..3.3);
    }

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

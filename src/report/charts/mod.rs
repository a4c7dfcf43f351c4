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
use std::path::{Path, PathBuf};
use std::sync::Once;

use plotters::chart::{ChartContext, MeshStyle};
use plotters::coord::Shift;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::coord::{CoordTranslate, cartesian::Cartesian2d};
use plotters::prelude::*;

use crate::error::{Error, Result};
use crate::results::ResultsFile;

/// What drawing returns: plotters' errors, boxed.
pub type DrawResult = std::result::Result<(), Box<dyn StdError>>;

/// A chart drawn from a results file.
pub trait Chart {
    /// The file stem, e.g. `speedup` for `speedup.svg` and `speedup.png`.
    fn name(&self) -> &'static str;
    /// Width and height in pixels.
    fn size(&self, results: &ResultsFile) -> (u32, u32);
    /// Draws onto `root`, which is already filled white.
    fn draw<DB: DrawingBackend>(
        &self,
        results: &ResultsFile,
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
pub fn render_all(results: &ResultsFile, dir: &Path) -> Result<Vec<ChartFiles>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    Ok(vec![
        render(&speedup::Speedup, results, dir)?,
        render(&tiers::Tiers, results, dir)?,
        render(&times::Times, results, dir)?,
        render(&boundary::BoundaryChart, results, dir)?,
        render(&break_even::BreakEvenChart, results, dir)?,
        render(&latency::LatencyChart, results, dir)?,
        render(&memory::MemoryChart, results, dir)?,
        render(&scaling::ScalingChart, results, dir)?,
    ])
}

/// Draws one chart as SVG and as PNG.
pub fn render(chart: &impl Chart, results: &ResultsFile, dir: &Path) -> Result<ChartFiles> {
    register_font();
    let size = chart.size(results);
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
        results,
        SVGBackend::new(&files.svg, size).into_drawing_area(),
    )
    .map_err(failed(&files.svg))?;
    draw_on(
        chart,
        results,
        BitMapBackend::new(&files.png, size).into_drawing_area(),
    )
    .map_err(failed(&files.png))?;
    Ok(files)
}

fn draw_on<DB: DrawingBackend>(
    chart: &impl Chart,
    results: &ResultsFile,
    root: DrawingArea<DB, Shift>,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE)?;
    chart.draw(results, &root)?;
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
    results: &ResultsFile,
) -> std::result::Result<DrawingArea<DB, Shift>, Box<dyn StdError>>
where
    DB::ErrorType: 'static,
{
    let env = &results.environment;
    let subtitle = format!(
        "CPython {} vs {} · {} ({} cores) · {} mode, {}",
        env.python.version,
        env.rustc.split(" (").next().unwrap_or(&env.rustc),
        env.cpu,
        env.cores,
        results.mode,
        results
            .generated_at
            .get(..10)
            .unwrap_or(&results.generated_at),
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
}

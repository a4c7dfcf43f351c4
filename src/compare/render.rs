//! A [`Comparison`] as text for a terminal or as Markdown for a pull request's job summary:
//! the environments' differences first (a change may come from the machine), then the times,
//! the ratios, the verdicts, the entries only one file has, and a one-line tally.

use std::fmt::Write;

use super::{Change, Comparison};
use crate::render::escape::text;
use crate::render::format_duration;
use crate::render::table::Table;
use crate::results::differences;

/// How `compare` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Markdown,
}

/// How the heading names the two files, e.g. `base.json (quick mode, 2026-12-01)`.
pub struct Sides<'a> {
    pub base: &'a str,
    pub new: &'a str,
}

/// Renders `comparison` in `format`.
pub fn render(comparison: &Comparison, sides: &Sides, format: Format) -> String {
    let c = comparison;
    let md = format == Format::Markdown;
    let table = |t: &Table| if md { t.to_markdown() } else { t.to_text() };
    let heading = |title: &str| match md {
        true => format!("\n### {title}\n\n"),
        false => format!("\n{title}\n\n"),
    };
    let plain = |s: &str| match md {
        true => text(s).to_string(),
        false => s.to_string(),
    };
    let warn = |warning: &str| match md {
        true => format!("\n> **Warning:** {}\n", text(warning)),
        false => format!("\nwarning: {warning}\n"),
    };
    let mut out = String::new();
    let w = &mut out;
    if md {
        let _ = writeln!(w, "## pyrust-bench compare\n");
    }
    let _ = writeln!(
        w,
        "{}",
        plain(&format!(
            "NEW {} against BASE {}: NEW ÷ BASE per entry; no significant change where the 95% intervals overlap or the change is under {}%.",
            sides.new, sides.base, c.threshold_pct
        ))
    );
    if !c.differences.is_empty() {
        let warning = format!(
            "the environments differ, so a change may come from the machine rather than the code: {}",
            differences::describe(&c.differences)
        );
        let _ = write!(w, "{}", warn(&warning));
    }
    if let Some((rust, python)) = c.machine_speed_changed() {
        let warning = format!(
            "the machine ran at another speed: the calibration kernels took {rust:.2}× (Rust) and {python:.2}× (Python) as long in NEW as in BASE, so every time moves with it: judge by the python/rust ratios below rather than by the times"
        );
        let _ = write!(w, "{}", warn(&warning));
    }

    let _ = write!(w, "{}", heading("Times"));
    let mut times = Table::new(&[
        "entry",
        ">base",
        ">new",
        ">new ÷ base",
        ">interval",
        ">change",
        "",
    ]);
    for e in &c.entries {
        times.row(vec![
            e.name.clone(),
            format_duration(e.base.median),
            format_duration(e.new.median),
            format!("{:.3}×", e.ratio),
            format!("{:.3}–{:.3}×", e.low, e.high),
            format!("{:+.1}%", e.change_pct()),
            e.change.id().to_string(),
        ]);
    }
    let _ = write!(w, "{}", table(&times));

    if !c.ratios.is_empty() {
        let _ = write!(w, "{}", heading("Python ÷ Rust"));
        let mut ratios = Table::new(&["workload", "variant", ">base", ">new", ">change"]);
        for r in &c.ratios {
            ratios.row(vec![
                r.workload.clone(),
                r.variant.id().to_string(),
                ratio(r.base),
                ratio(r.new),
                format!("{:+.1}%", 100.0 * (r.new / r.base - 1.0)),
            ]);
        }
        let _ = write!(w, "{}", table(&ratios));
    }

    let _ = write!(w, "{}", heading("Verdicts"));
    if c.verdicts_changed.is_empty() {
        let _ = writeln!(w, "No verdict changed ({} claims).", c.verdicts_kept);
    } else {
        let mut verdicts = Table::new(&["claim", "base", "new", "now"]);
        for v in &c.verdicts_changed {
            verdicts.row(vec![
                v.id.clone(),
                v.base.id().to_string(),
                v.new.id().to_string(),
                v.summary.clone(),
            ]);
        }
        let _ = write!(w, "{}", table(&verdicts));
        let _ = writeln!(w, "\n{} other claims kept their verdict.", c.verdicts_kept);
    }

    for (title, names) in [
        ("Added (only in NEW)", &c.added),
        ("Removed (only in BASE)", &c.removed),
    ] {
        if !names.is_empty() {
            let _ = write!(w, "{}", heading(title));
            for name in names {
                let _ = writeln!(w, "- {}", plain(name));
            }
        }
    }
    if !c.untimed.is_empty() {
        let _ = write!(w, "{}", heading("Not timed in one of them"));
        let mut untimed = Table::new(&["entry", "base", "new"]);
        for u in &c.untimed {
            untimed.row(vec![
                u.name.clone(),
                u.base.id().to_string(),
                u.new.id().to_string(),
            ]);
        }
        let _ = write!(w, "{}", table(&untimed));
    }

    let _ = writeln!(
        w,
        "\n{} slower, {} faster, {} without significant change (threshold {}%); {} added, {} removed, {} not timed in one of them.",
        c.count(Change::Slower),
        c.count(Change::Faster),
        c.count(Change::Unchanged),
        c.threshold_pct,
        c.added.len(),
        c.removed.len(),
        c.untimed.len()
    );
    out
}

/// A ratio with three significant figures or one decimal: `0.123×`, `5.61×`, `128.6×`.
fn ratio(x: f64) -> String {
    match x {
        x if x < 1.0 => format!("{x:.3}×"),
        x if x < 10.0 => format!("{x:.2}×"),
        x => format!("{x:.1}×"),
    }
}

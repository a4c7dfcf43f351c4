//! The interpreters chart: per workload, the pure-Python time ÷ Rust under every interpreter
//! the pass `interpreters` ran, beside the embedded CPython and Numba (`python_jit`), on the
//! tiers chart's log axis with the article's 10–100× band.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::tiers_chart::{Series, draw_markers, markers_size};
use super::which_python::judged;
use crate::render::View;
use crate::render::chart::{Chart, DrawResult, draw_titles, palette};
use crate::results::InterpreterRole;
use crate::workload::Variant;

/// See the module documentation.
pub struct Interpreters;

/// Colours of the other interpreters, in the order the pass ran them.
const COLOURS: [RGBColor; 5] = [
    RGBColor(0x2e, 0x8b, 0x57),
    RGBColor(0xe6, 0x73, 0x00),
    RGBColor(0x00, 0x83, 0x8f),
    RGBColor(0x7b, 0x5e, 0x3b),
    RGBColor(0x9e, 0x9e, 0x20),
];

impl Interpreters {
    /// Whether there is anything to draw: the pass ran under at least one interpreter.
    pub fn applies(view: &View) -> bool {
        !judged(view.file).is_empty()
    }
}

impl Chart for Interpreters {
    fn name(&self) -> &'static str {
        "interpreters"
    }

    fn size(&self, view: &View) -> (u32, u32) {
        markers_size(view)
    }

    fn draw<DB: DrawingBackend>(&self, view: &View, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let results = &view.file.results;
        let mut series = vec![Series {
            label: format!(
                "CPython {} (embedded)",
                view.file.environment.python.version
            ),
            color: palette::PYTHON,
            ..Series::of_variant(results, Variant::Python)
        }];
        let others = judged(view.file);
        let others = others
            .iter()
            .filter(|j| j.run.role != InterpreterRole::EmbeddedExecutable);
        for (j, color) in others.zip(COLOURS.iter().cycle()) {
            series.push(Series {
                label: j.label.clone(),
                color: *color,
                ..Series::of_variant(&j.results, Variant::Python)
            });
        }
        series.push(Series {
            label: "python_jit (Numba)".into(),
            ..Series::of_variant(results, Variant::PythonJit)
        });
        let area = draw_titles(
            root,
            "Pure-Python time relative to Rust, per interpreter",
            view,
        )?;
        draw_markers(view, &area, &series)
    }
}

//! Axis ranges plotters can always draw: finite, non-degenerate, positive on log axes, and
//! within limits that keep plotters' key-point loops finite, whatever values a results file
//! holds. Every chart takes its ranges from [`Span`].

use std::ops::Range;

use plotters::coord::combinators::LogCoord;
use plotters::prelude::*;

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

#[cfg(test)]
mod tests {
    use plotters::coord::types::RangedCoordf64;

    use super::*;
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
}

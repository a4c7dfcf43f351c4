//! How figures are printed, in charts and in the report: durations, byte counts and ratios
//! at a precision a person reads at a glance, and a dash for a figure that cannot be shown
//! (not finite, or negative where only a size can be).

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

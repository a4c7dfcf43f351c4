//! What the boundary medians mean, for the verdict, the section and the charts of
//! `hybrid-pyo3`: the cost of one call, of one more element of an argument, and the
//! break-even of the hybrid against pure Python. Computed from the stored medians alone.

use crate::results::{Boundary, BreakEvenPoint};

/// The cost of one call in a `loop_*` probe, net of the empty loop, in ns.
pub fn per_call_ns(boundary: &Boundary, probe: &str) -> Option<f64> {
    let median = |id: &str| {
        boundary
            .probes
            .iter()
            .find(|p| p.probe == id)
            .map(|p| (p.median_ns, p.calls))
    };
    let (looped, calls) = median(probe)?;
    let (empty, _) = median("loop_empty")?;
    Some((looped - empty).max(0.0) / calls as f64)
}

/// The marginal cost of one more element of an argument probe: the least-squares slope of
/// the median against n, over sizes of at least 1000 elements, in ns.
pub fn per_element_ns(boundary: &Boundary, probe: &str) -> Option<f64> {
    let points: Vec<(f64, f64)> = boundary
        .probes
        .iter()
        .filter(|p| p.probe == probe && p.n >= 1_000)
        .map(|p| (p.n as f64, p.median_ns))
        .collect();
    if points.len() < 2 {
        return None;
    }
    let count = points.len() as f64;
    let mean_x = points.iter().map(|p| p.0).sum::<f64>() / count;
    let mean_y = points.iter().map(|p| p.1).sum::<f64>() / count;
    let covariance: f64 = points.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum();
    let variance: f64 = points.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
    (variance > 0.0).then(|| covariance / variance)
}

/// Where the hybrid overtakes pure Python.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BreakEven {
    /// Already at the smallest size measured.
    AtOrBelow(u64),
    /// Between two measured sizes: the crossing, interpolated on log–log axes.
    At(f64),
    /// Not within the sizes measured.
    Never,
}

/// The break-even of a series: the first size where the hybrid is faster, interpolated
/// between the measured sizes around it.
pub fn break_even(points: &[BreakEvenPoint]) -> BreakEven {
    let Some(first_win) = points.iter().position(|p| p.hybrid_ns < p.python_ns) else {
        return BreakEven::Never;
    };
    if first_win == 0 {
        return BreakEven::AtOrBelow(points[0].n);
    }
    let (a, b) = (&points[first_win - 1], &points[first_win]);
    let (ra, rb) = (
        (a.python_ns / a.hybrid_ns).ln(),
        (b.python_ns / b.hybrid_ns).ln(),
    );
    let t = if rb > ra { -ra / (rb - ra) } else { 1.0 };
    let (la, lb) = ((a.n as f64).ln(), (b.n as f64).ln());
    BreakEven::At((la + t * (lb - la)).exp())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::ProbeResult;

    fn probe(id: &str, n: u64, calls: u64, median: f64) -> ProbeResult {
        ProbeResult {
            probe: id.into(),
            label: String::new(),
            n,
            calls,
            median_ns: median,
            ci_low_ns: median,
            ci_high_ns: median,
        }
    }

    #[test]
    fn per_call_subtracts_the_empty_loop() {
        let boundary = Boundary {
            probes: vec![
                probe("loop_empty", 1000, 1000, 10_000.0),
                probe("loop_rust_noop", 1000, 1000, 50_000.0),
            ],
            break_even: vec![],
        };
        assert_eq!(per_call_ns(&boundary, "loop_rust_noop"), Some(40.0));
    }

    #[test]
    fn per_element_is_the_slope_over_large_sizes() {
        let boundary = Boundary {
            probes: [1, 1_000, 10_000, 100_000]
                .iter()
                .map(|&n| probe("rust_sum_floats", n, 1, 100.0 + 5.0 * n as f64))
                .collect(),
            break_even: vec![],
        };
        let slope = per_element_ns(&boundary, "rust_sum_floats").unwrap();
        assert!((slope - 5.0).abs() < 1e-9, "{slope}");
    }

    #[test]
    fn break_even_is_interpolated_between_sizes() {
        let point = |n, python_ns, hybrid_ns| BreakEvenPoint {
            n,
            python_ns,
            hybrid_ns,
        };
        // Ratio 0.5 at n=1, 2 at n=100: the crossing (ratio 1) is at n=10 on log–log axes.
        let series = [point(1, 50.0, 100.0), point(100, 200.0, 100.0)];
        match break_even(&series) {
            BreakEven::At(n) => assert!((n - 10.0).abs() < 1e-9, "{n}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            break_even(&[point(1, 200.0, 100.0)]),
            BreakEven::AtOrBelow(1)
        );
        assert_eq!(break_even(&[point(1, 50.0, 100.0)]), BreakEven::Never);
    }
}

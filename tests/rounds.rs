//! Interleaved rounds, with a fake timer: in each round every variant is timed once, in
//! variant order, before the next round starts; each round's median is kept; and a ratio's
//! interval covers every per-round ratio.

use std::time::Duration;

use pyrust_bench::claims::ratios::speedups;
use pyrust_bench::results::{Status, Timing};
use pyrust_bench::suite;
use pyrust_bench::timing::{BenchId, Round, Timer};
use pyrust_bench::verify::Prepared;
use pyrust_bench::workload::{self, Mode, Variant};

/// A timer that times nothing: it records what it was asked to time, in order, and answers
/// with a fixed time per variant and round.
#[derive(Default)]
struct Recorder {
    calls: Vec<(String, usize)>,
    last: f64,
}

/// Python is 9, 10 and 12 times slower than Rust in the three rounds; C as fast as Rust.
fn fake_ns(variant: &str, round: usize) -> f64 {
    let python = [900.0, 1000.0, 1200.0];
    match variant {
        "python" => python[round],
        "hybrid" => 300.0 + round as f64,
        _ => 100.0,
    }
}

impl Timer for Recorder {
    fn time(&mut self, _: &BenchId, _: &mut Prepared, _: Duration) -> pyrust_bench::Result<Timing> {
        unreachable!("a workload is timed in rounds")
    }

    fn time_round(
        &mut self,
        id: &BenchId,
        _: &mut Prepared,
        _: Duration,
        round: Round,
    ) -> pyrust_bench::Result<Timing> {
        assert_eq!(round.of, 3);
        self.calls.push((id.function.clone(), round.index));
        self.last = fake_ns(&id.function, round.index);
        Ok(Timing {
            median: self.last,
            low: self.last * 0.99,
            high: self.last * 1.01,
        })
    }

    fn samples(&self, _: &BenchId) -> Option<Vec<f64>> {
        Some(vec![self.last; 5])
    }
}

#[test]
fn rounds_alternate_the_variants_and_the_ratio_interval_covers_every_round() {
    let nbody = workload::find("nbody").unwrap();
    let mut timer = Recorder::default();
    let results = suite::run_workload_in_rounds(nbody, Mode::Quick, &[1], 3, &mut timer);
    // Every variant is timed, but python_jit where numba is missing (then skipped).
    assert!(
        results
            .iter()
            .all(|r| r.status == Status::Ok || r.variant == Variant::PythonJit),
        "{results:?}"
    );

    // Round by round, in variant order: rust, c, python, hybrid, python_jit, then again.
    let order: Vec<&str> = results
        .iter()
        .filter(|r| r.status == Status::Ok)
        .map(|r| r.variant.id())
        .collect();
    let expected: Vec<(String, usize)> = (0..3)
        .flat_map(|round| order.iter().map(move |v| (v.to_string(), round)))
        .collect();
    assert_eq!(timer.calls, expected);

    // Every round's median is kept; the variant's median pools the samples of all rounds.
    let python = results
        .iter()
        .find(|r| r.variant == Variant::Python)
        .unwrap();
    assert_eq!(
        python.rounds_ns.as_deref(),
        Some(&[900.0, 1000.0, 1200.0][..])
    );
    assert_eq!(python.median_ns, Some(1000.0));

    // The ratio is the median of the per-round ratios, and its interval covers all of them.
    let s = &speedups(&results, Variant::Python)[0];
    assert_eq!(s.rounds, [9.0, 10.0, 12.0]);
    assert_eq!(s.ratio, 10.0);
    assert!(s.low <= 9.0 && s.high >= 12.0, "{s:?}");
}

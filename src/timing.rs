//! The timer interface between the suite and Criterion: [`BenchId`], what Criterion calls one
//! benchmark, and [`Timer`], which times a verified, prepared call. `benches/suite.rs`
//! supplies Criterion as the timer; tests supply a cheap one. The workloads and the claims'
//! passes time through it, so it sits below both.

use std::time::Duration;

use crate::error::Result;
use crate::results::Timing;
use crate::verify::Prepared;
use crate::workload::{Variant, Workload};

/// What Criterion calls one benchmark: `group/function/value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenchId {
    pub group: String,
    pub function: String,
    pub value: String,
}

impl BenchId {
    /// The id of `variant` of `workload` at size `n`, on a pool of `workers` if parallel.
    pub fn variant(
        workload: &dyn Workload,
        variant: Variant,
        n: u64,
        workers: Option<usize>,
    ) -> Self {
        Self {
            group: workload.name().to_string(),
            function: variant.id().to_string(),
            value: match workers {
                Some(w) => format!("{n}_w{w}"),
                None => n.to_string(),
            },
        }
    }
}

/// Times a verified, prepared call. `estimate` is how long one call took when it was checked.
pub trait Timer {
    fn time(&mut self, id: &BenchId, prepared: &mut Prepared, estimate: Duration)
    -> Result<Timing>;

    /// Runs an unverified call once, for its estimate, then times it: for the harness's own
    /// probes, which have no variant to check against.
    fn estimate_and_time(&mut self, id: &BenchId, prepared: &mut Prepared) -> Result<Timing> {
        let (_, estimate) = prepared.run_timed()?;
        self.time(id, prepared, estimate)
    }

    /// The peak heap of one call of each of `variants` of `workload` at size `n`, as
    /// `(variant, bytes)`, when this timer measures peaks (the bench does, in a process of its
    /// own: see [`crate::claims::memory_footprint::peaks`]); else none.
    fn peaks(
        &mut self,
        _workload: &dyn Workload,
        _n: u64,
        _variants: &[Variant],
    ) -> Vec<(Variant, u64)> {
        Vec::new()
    }
}

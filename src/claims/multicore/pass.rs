//! The measurement pass of `multicore`: what a Python pool costs before any work (start it,
//! run one empty task per worker, shut it down), per pool kind and size. The parallel
//! variants themselves are ordinary variants of their workloads (`rust_par`,
//! `python_threads`, `python_procs`), timed once per pool size by the suite.

use crate::claims::{Measured, Pass, PassContext};
use crate::error::Result;
use crate::py::{self, PyCall};
use crate::results::{Multicore, PoolStartup};
use crate::timing::{BenchId, Timer};
use crate::verify::Prepared;

/// The name a filter matches to run this pass.
pub const NAME: &str = "multicore";

/// The pool kinds of `python_threads` and `python_procs`, as `_parallel.py` names them.
pub const POOL_KINDS: [&str; 2] = ["threads", "procs"];

/// Times the start-up of every pool kind at every pool size in `worker_counts`.
pub fn measure_startup(worker_counts: &[usize], timer: &mut dyn Timer) -> Result<Multicore> {
    let mut startup = Vec::new();
    for kind in POOL_KINDS {
        for &workers in worker_counts {
            let call = PyCall::function(
                &format!("{}._parallel", py::PACKAGE),
                &format!("startup_{kind}"),
                &[],
                Some(workers as u64),
            )?;
            let id = BenchId {
                group: NAME.to_string(),
                function: format!("{kind}_startup"),
                value: workers.to_string(),
            };
            let t = timer.estimate_and_time(&id, &mut Prepared::Python(call))?;
            startup.push(PoolStartup {
                kind: kind.to_string(),
                workers: u32::try_from(workers).unwrap_or(u32::MAX),
                median_ns: t.median,
                ci_low_ns: t.low,
                ci_high_ns: t.high,
            });
        }
    }
    Ok(Multicore { startup })
}

/// The multicore pass, which a filter selects as [`NAME`].
pub struct PoolStartupPass;

impl Pass for PoolStartupPass {
    fn name(&self) -> &'static str {
        NAME
    }

    fn describe(&self, context: &PassContext) -> String {
        format!(
            "starting Python thread and process pools of {:?} workers",
            context.worker_counts
        )
    }

    fn measure(&self, context: &mut PassContext) -> Result<Measured> {
        let multicore = measure_startup(context.worker_counts, context.timer)?;
        Ok(Measured::new(NAME, |file| file.multicore = Some(multicore)))
    }
}

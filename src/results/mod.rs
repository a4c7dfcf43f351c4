//! Results: the schema of `results/latest.json`, the environment every figure carries, the
//! atomic store, and the reader for Criterion's estimates.

pub mod criterion;
pub mod environment;
pub mod schema;
pub mod source_lines;
pub mod store;

pub use schema::{
    BenchResult, Boundary, BreakEvenPoint, Claim, Environment, ProbeResult, ResultsFile,
    SCHEMA_VERSION, Status, Timing, Verdict, find,
};
pub use source_lines::SourceLines;

//! Results: the schema of `results/latest.json` and what the claims' passes store in it, the
//! environment every figure carries, the atomic store, and the reader for Criterion's
//! estimates.

pub mod criterion;
pub mod differences;
pub mod environment;
pub mod machine;
pub mod passes;
pub mod schema;
pub mod source_lines;
pub mod store;

pub use passes::{
    Agreement, ApiServers, Boundary, BreakEvenPoint, CorpusSample, EndpointRun, Footprint,
    FrameworkRun, InterpreterId, InterpreterRole, InterpreterRun, Interpreters, Latency, LoadStep,
    Multicore, PairedTimes, PauseWorkload, Pauses, PerElement, PoolStartup, ProbeResult, PythonRun,
    RustTools, ServerSizing, Startup, ToolComparison, ToolCorpus, ToolRole, ToolRuns, TpchData,
};
pub use schema::{
    BenchResult, Calibration, Claim, Environment, Index, NOISE_WARNING_PCT, ResultsFile,
    SCHEMA_VERSION, Status, Timing, Verdict, find,
};
pub use source_lines::SourceLines;

//! The pass `rust-tools`: the real tools, pinned in `python/requirements/rust-tools.txt`
//! and installed into a virtualenv the harness manages ([`crate::venv`]), on real input that
//! no one here wrote: a sample of the interpreter's own standard library for the linters and
//! formatters, TPC-H tables from `tpchgen-cli` for the DataFrame libraries. The input is
//! built once per tool set and mode and cached; then every comparison of
//! [`super::contests`] runs. Tools that cannot be installed make the claim `not-measured`,
//! with the command that installs them; the run goes on.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::contests::{self, Setup, Tools};
use super::formatted;
use crate::claims::{Measured, Pass, PassContext};
use crate::error::{Error, Result};
use crate::process::python_output;
use crate::py::{interpreter_executable, python_dir};
use crate::results::{RustTools, ToolCorpus, TpchData};
use crate::venv::{self, Venv};
use crate::workload::Mode;

/// The name a filter matches to run this pass.
pub const NAME: &str = "rust-tools";

/// The requirements file, under `python/`.
pub const REQUIREMENTS: &str = "requirements/rust-tools.txt";

/// The packages whose versions the results record.
const PACKAGES: &[&str] = &[
    "ruff",
    "polars",
    "pyflakes",
    "pycodestyle",
    "black",
    "pandas",
    "pyarrow",
    "numpy",
    "tpchgen-cli",
];

/// How much the pass measures in a mode.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// Lines of the stdlib sample the linters read.
    pub lint_lines: u64,
    /// Lines of the sample the formatters read (Black is the slowest tool here).
    pub format_lines: u64,
    /// TPC-H scale factor.
    pub scale: f64,
    /// Timed runs per tool, after one warm-up run.
    pub runs: u32,
}

impl Plan {
    /// Sized so that the timed runs take about 2.5 minutes in full mode and half a minute in
    /// quick mode on 2 cores (the install and the input are built once, outside that).
    pub fn for_mode(mode: Mode) -> Plan {
        match mode {
            Mode::Full => Plan {
                lint_lines: 80_000,
                format_lines: 5_000,
                scale: 0.5,
                runs: 5,
            },
            Mode::Quick => Plan {
                lint_lines: 10_000,
                format_lines: 1_500,
                scale: 0.05,
                runs: 3,
            },
        }
    }
}

/// The longest one tool run may take before it is stopped.
pub const RUN_LIMIT: Duration = Duration::from_secs(300);

/// The pass, which a filter selects as [`NAME`].
pub struct RustToolsPass;

impl Pass for RustToolsPass {
    fn name(&self) -> &'static str {
        NAME
    }

    fn describe(&self, context: &PassContext) -> String {
        let plan = Plan::for_mode(context.mode);
        format!(
            "Ruff against pyflakes, pycodestyle and Black on {}k lines of the standard library, Polars against pandas on TPC-H Q1 and Q3 at scale {}; {} runs of each after a warm-up",
            plan.lint_lines / 1000,
            plan.scale,
            plan.runs
        )
    }

    fn measure(&self, context: &mut PassContext) -> Result<Measured> {
        let measured = match measure(Plan::for_mode(context.mode), context.mode) {
            Ok(measured) => measured,
            Err(e) => {
                let why = e.install_advice(NAME).ok_or(e)?;
                context.notes.push(format!("{NAME}: not measured: {why}"));
                RustTools {
                    unavailable: Some(why),
                    ..RustTools::default()
                }
            }
        };
        Ok(Measured::new(NAME, |file| file.rust_tools = Some(measured)))
    }
}

/// Installs the tools (once), builds the input (once), and runs every comparison.
pub fn measure(plan: Plan, mode: Mode) -> Result<RustTools> {
    let requirements = python_dir().join(REQUIREMENTS);
    let venv = venv::ensure(
        "rust-tools",
        &requirements,
        Path::new(&interpreter_executable()),
    )?;
    let tools = Tools::new(&venv);
    let versions = versions(&venv)?;
    let python = versions.get("python").cloned().unwrap_or_default();
    // The input depends on the tools (the venv's key) and on the plan's sizes.
    let work = venv::cache_dir().join("rust-tools").join(format!(
        "{}-{mode}-{}-{}",
        venv.key, plan.lint_lines, plan.format_lines
    ));
    let corpus = build_corpus(&tools, &work, plan)?;
    let tpch = build_tpch(&tools, &work, plan.scale)?;
    let setup = Setup {
        tools,
        target_version: target_version(&python),
        work: work.clone(),
        runs: plan.runs,
    };
    let comparisons = contests::run_all(&setup, &corpus, &tpch)?;
    Ok(RustTools {
        unavailable: None,
        versions,
        corpus: Some(corpus),
        tpch: Some(tpch.data),
        runs: plan.runs,
        comparisons,
    })
}

/// `py311` for Python `3.11.7`: Ruff's and Black's `--target-version`.
pub fn target_version(python: &str) -> String {
    let mut parts = python.split('.');
    match (parts.next(), parts.next()) {
        (Some(major), Some(minor)) => format!("py{major}{minor}"),
        _ => "py39".to_string(),
    }
}

/// The virtualenv's Python version and every package's.
fn versions(venv: &Venv) -> Result<std::collections::BTreeMap<String, String>> {
    let script = format!(
        "import importlib.metadata as m, json, platform\nv = {{p: m.version(p) for p in {PACKAGES:?}}}\nv['python'] = platform.python_version()\nprint(json.dumps(v))"
    );
    let text = python_output(venv.python(), &["-c", &script], None)?;
    serde_json::from_str(text.trim()).map_err(|e| {
        Error::Interpreter(format!(
            "{}: the versions could not be read: {e}",
            venv.python().display()
        ))
    })
}

/// The stdlib sample (`work/corpus/lint`, `work/corpus/format`), built by
/// `pyrust_tools.corpus` once and described by `work/corpus.json`.
fn build_corpus(tools: &Tools, work: &Path, plan: Plan) -> Result<ToolCorpus> {
    let summary = work.join("corpus.json");
    if let Ok(text) = std::fs::read_to_string(&summary)
        && let Ok(corpus) = serde_json::from_str(&text)
    {
        return Ok(corpus);
    }
    std::fs::create_dir_all(work).map_err(|e| Error::io(work, e))?;
    eprintln!("  {NAME}: sampling the standard library (once)");
    let out = work.join("corpus");
    let text = python_output(
        tools.python.clone(),
        &[
            "-m",
            "pyrust_tools.corpus",
            out.to_str().unwrap_or_default(),
            "--lint-lines",
            &plan.lint_lines.to_string(),
            "--format-lines",
            &plan.format_lines.to_string(),
        ],
        None,
    )?;
    let corpus: ToolCorpus = serde_json::from_str(text.trim()).map_err(|e| {
        Error::Interpreter(format!(
            "pyrust_tools.corpus printed no corpus summary: {e}"
        ))
    })?;
    formatted::prepare_formatted(tools, work, &target_version(&corpus.python))?;
    crate::results::store::write_json(&summary, &corpus)?;
    Ok(corpus)
}

/// The TPC-H tables and where they are.
pub struct Tpch {
    pub dir: PathBuf,
    pub data: TpchData,
}

/// The TPC-H tables at `scale`, generated and converted by `pyrust_tools.tpch prepare` once.
fn build_tpch(tools: &Tools, work: &Path, scale: f64) -> Result<Tpch> {
    let dir = work.join(format!("tpch-{scale}"));
    let summary = dir.join("tpch.json");
    if let Ok(text) = std::fs::read_to_string(&summary)
        && let Ok(data) = serde_json::from_str(&text)
    {
        return Ok(Tpch { dir, data });
    }
    eprintln!("  {NAME}: generating TPC-H at scale {scale} with tpchgen-cli (once)");
    let text = python_output(
        tools.python.clone(),
        &[
            "-m",
            "pyrust_tools.tpch",
            "prepare",
            dir.to_str().unwrap_or_default(),
            "--scale",
            &scale.to_string(),
        ],
        None,
    )?;
    let line = text
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .unwrap_or("");
    let data: TpchData = serde_json::from_str(line).map_err(|e| {
        Error::Interpreter(format!("pyrust_tools.tpch prepare printed no summary: {e}"))
    })?;
    crate::results::store::write_json(&summary, &data)?;
    Ok(Tpch { dir, data })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_versions_follow_the_interpreter() {
        assert_eq!(target_version("3.11.7"), "py311");
        assert_eq!(target_version("3.13.0"), "py313");
        assert_eq!(target_version(""), "py39");
    }
}

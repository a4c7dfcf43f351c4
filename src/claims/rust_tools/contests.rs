//! The comparisons of the pass `rust-tools`, one Rust tool against its Python alternative
//! each, and how each is run: a warm-up round whose output is checked (findings compared,
//! frames compared), then timed rounds in which the tools take turns (A B A B …), so that a
//! change of the machine's speed touches both sides alike. A tool that fails for a reason
//! other than its findings makes its comparison `error`; results that differ make it
//! `mismatch`, and it is not timed. Either way the next comparison goes on.
//!
//! The pairs do the same work: `ruff check --select F` against pyflakes; the pycodestyle
//! rules Ruff implements as stable rules, at pycodestyle's line length, against pycodestyle
//! with the same selection (its `--select` does skip the other checks); `ruff format --check`
//! against `black --check` with one worker and a fresh cache, each on a copy of the sample it
//! formatted itself; and TPC-H Q1 and Q3 in Polars (lazy on every thread, lazy on one
//! thread, eager on one thread) against pandas, each query in a process of its own.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;

use super::findings::{self, Finding, Report};
use super::formatted::{FORMAT_AGREEMENT, read_cached};
use super::frames::{self, Frame};
use super::pass::{NAME, RUN_LIMIT, Tpch};
use crate::error::{Error, Result};
use crate::process::{self, RunError, python_output};
use crate::py::python_dir;
use crate::results::{Agreement, Status, ToolComparison, ToolCorpus, ToolRole, ToolRuns};
use crate::venv::Venv;

/// The line length both pycodestyle and Ruff check against (pycodestyle's default).
pub const LINE_LENGTH: u32 = 79;

/// The programs of the virtualenv.
#[derive(Debug, Clone)]
pub struct Tools {
    pub python: PathBuf,
    pub ruff: PathBuf,
    pub pyflakes: PathBuf,
    pub pycodestyle: PathBuf,
    pub black: PathBuf,
}

impl Tools {
    pub fn new(venv: &Venv) -> Self {
        Tools {
            python: venv.python(),
            ruff: venv.bin("ruff"),
            pyflakes: venv.bin("pyflakes"),
            pycodestyle: venv.bin("pycodestyle"),
            black: venv.bin("black"),
        }
    }
}

/// What every comparison needs.
pub struct Setup {
    pub tools: Tools,
    /// `py311`: Ruff's and Black's target, matched to the interpreter under test.
    pub target_version: String,
    /// The cached input lives here, and the runs' output under `runs/`.
    pub work: PathBuf,
    pub runs: u32,
}

/// One tool of a comparison: how to run it, and which exit codes mean "it worked".
pub(super) struct Tool {
    role: ToolRole,
    program: PathBuf,
    args: Vec<String>,
    env: Vec<(&'static str, String)>,
    cwd: PathBuf,
    pub(super) expected: &'static [i32],
    /// A fresh, empty folder per run in this variable (Black's cache).
    pub(super) fresh_dir_env: Option<&'static str>,
}

impl Tool {
    pub(super) fn new(role: ToolRole, program: &Path, args: &[&str], cwd: &Path) -> Self {
        Tool {
            role,
            program: program.to_path_buf(),
            args: args.iter().map(|a| a.to_string()).collect(),
            env: Vec::new(),
            cwd: cwd.to_path_buf(),
            expected: &[0, 1],
            fresh_dir_env: None,
        }
    }

    fn env(mut self, key: &'static str, value: &str) -> Self {
        self.env.push((key, value.to_string()));
        self
    }

    /// The command line as a user would type it: the variables set, the program's name, its
    /// arguments (paths under its working folder relative to it).
    fn command_line(&self) -> String {
        let cwd = format!("{}/", self.cwd.display());
        let name = self
            .program
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.env
            .iter()
            .filter(|(k, _)| *k != "PYTHONPATH")
            .map(|(k, v)| format!("{k}={v}"))
            .chain(std::iter::once(name))
            .chain(
                self.args
                    .iter()
                    .map(|a| a.strip_prefix(&cwd).unwrap_or(a).to_string()),
            )
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Runs the tool once, its stdout to `out`.
    pub(super) fn run(&self, out: &Path, scratch: &Path) -> Result<process::Run, RunError> {
        let mut command = Command::new(&self.program);
        command.args(&self.args).current_dir(&self.cwd);
        // "Every thread" means the tool's own default, whatever the caller's environment says.
        for key in ["RAYON_NUM_THREADS", "POLARS_MAX_THREADS", "PYTHONPATH"] {
            command.env_remove(key);
        }
        command.env("PYTHONDONTWRITEBYTECODE", "1");
        for (key, value) in &self.env {
            command.env(key, value);
        }
        let fresh = self.fresh_dir_env.map(|key| {
            let dir = scratch.join(format!("{key}-{}", fresh_number()));
            let _ = fs::create_dir_all(&dir);
            command.env(key, &dir);
            dir
        });
        let run = process::run(&mut command, out, RUN_LIMIT)
            .and_then(|r| r.expect(&self.command_line(), self.expected));
        if let Some(dir) = fresh {
            let _ = fs::remove_dir_all(dir);
        }
        run
    }
}

/// A number no earlier call returned, for fresh folders.
fn fresh_number() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// How a comparison checks its warm-up round.
enum Check {
    /// Lint findings, on these codes; pyflakes' output goes through `findings.py`.
    Findings { codes: Vec<String>, pyflakes: bool },
    /// The formatters' agreement was measured when the copies were made.
    Formatted(Agreement),
    /// Every engine's frame must equal the last tool's (pandas').
    Frames,
}

/// One comparison before it runs.
struct Contest {
    id: String,
    kind: &'static str,
    input: String,
    rust_tool: String,
    python_tool: String,
    tools: Vec<Tool>,
    check: Check,
}

/// Every comparison, in order, run one after another.
pub fn run_all(setup: &Setup, corpus: &ToolCorpus, tpch: &Tpch) -> Result<Vec<ToolComparison>> {
    let contests = contests(setup, corpus, tpch)?;
    let runs_dir = setup.work.join("runs");
    let _ = fs::remove_dir_all(&runs_dir);
    fs::create_dir_all(&runs_dir).map_err(|e| Error::io(&runs_dir, e))?;
    let count = contests.len();
    let mut done = Vec::new();
    for (i, contest) in contests.into_iter().enumerate() {
        eprintln!(
            "  {NAME} [{}/{count}] {}: {} against {}, a warm-up round, then {} timed rounds",
            i + 1,
            contest.id,
            contest.rust_tool,
            contest.python_tool,
            setup.runs
        );
        let result = run_contest(setup, contest, &runs_dir);
        if let Some(message) = &result.message {
            eprintln!("    {}: {}: {message}", result.id, result.status.id());
        }
        done.push(result);
    }
    let _ = fs::remove_dir_all(&runs_dir);
    Ok(done)
}

fn contests(setup: &Setup, corpus: &ToolCorpus, tpch: &Tpch) -> Result<Vec<Contest>> {
    let t = &setup.tools;
    let target = setup.target_version.as_str();
    let lint_dir = setup.work.join("corpus").join("lint");
    let sample = |s: &crate::results::CorpusSample, what: &str| {
        format!(
            "{what}: {} files, {} lines of the Python {} standard library (every {}th file)",
            s.files, s.lines, corpus.python, s.stride
        )
    };
    let lint_input = sample(&corpus.lint, "lint sample");
    let ruff_codes = ruff_stable_codes(&t.ruff)?;
    let codes_of = |linter: &str| -> Vec<String> {
        ruff_codes
            .iter()
            .filter(|r| r.linter == linter)
            .map(|r| r.code.clone())
            .collect()
    };
    let pyflakes_codes = codes_of("Pyflakes");
    let pycodestyle_own: BTreeSet<String> = serde_json::from_str(
        python_output(
            t.python.clone(),
            &["-m", "pyrust_tools.findings", "--pycodestyle-codes"],
            None,
        )?
        .trim(),
    )
    .map_err(|e| Error::Interpreter(format!("pycodestyle's codes could not be read: {e}")))?;
    let style_codes: Vec<String> = codes_of("pycodestyle")
        .into_iter()
        .filter(|c| pycodestyle_own.contains(c))
        // Syntax and I/O errors (E9) are not style rules; W505 is off unless configured.
        .filter(|c| !c.starts_with("E9") && c != "W505")
        .collect();
    let style_select = style_codes.join(",");
    let line_length = LINE_LENGTH.to_string();
    let ruff_check = |select: &str, extra: &[&str]| -> Vec<String> {
        let mut args: Vec<String> = [
            "check",
            "--isolated",
            "--no-cache",
            "--target-version",
            target,
            "--select",
            select,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        args.extend(extra.iter().map(|s| s.to_string()));
        args.extend(["--output-format", "concise", "."].map(String::from));
        args
    };
    let with_args = |role, program: &Path, args: Vec<String>, cwd: &Path| Tool {
        args,
        ..Tool::new(role, program, &[], cwd)
    };
    let ruff_pair = |a: Vec<String>, cwd: &Path| {
        [
            with_args(ToolRole::Rust, &t.ruff, a.clone(), cwd),
            with_args(ToolRole::RustOneThread, &t.ruff, a, cwd).env("RAYON_NUM_THREADS", "1"),
        ]
    };
    let mut contests = Vec::new();
    let [rust, rust_one] = ruff_pair(ruff_check("F", &[]), &lint_dir);
    contests.push(Contest {
        id: "lint-pyflakes".to_string(),
        kind: "lint",
        input: lint_input.clone(),
        rust_tool: "ruff check --select F".to_string(),
        python_tool: "pyflakes".to_string(),
        tools: vec![
            rust,
            rust_one,
            Tool::new(ToolRole::Python, &t.pyflakes, &["."], &lint_dir),
        ],
        check: Check::Findings {
            codes: pyflakes_codes,
            pyflakes: true,
        },
    });
    let [rust, rust_one] = ruff_pair(
        ruff_check(&style_select, &["--line-length", &line_length]),
        &lint_dir,
    );
    contests.push(Contest {
        id: "lint-pycodestyle".to_string(),
        kind: "lint",
        input: lint_input,
        rust_tool: format!(
            "ruff check (the {} pycodestyle rules both implement)",
            style_codes.len()
        ),
        python_tool: "pycodestyle".to_string(),
        tools: vec![
            rust,
            rust_one,
            Tool::new(
                ToolRole::Python,
                &t.pycodestyle,
                &[
                    "--max-line-length",
                    &line_length,
                    "--select",
                    &style_select,
                    ".",
                ],
                &lint_dir,
            ),
        ],
        check: Check::Findings {
            codes: style_codes,
            pyflakes: false,
        },
    });
    let format_dir = setup.work.join("corpus");
    let agreement: Agreement = read_cached(&setup.work.join(FORMAT_AGREEMENT))?;
    let ruff_format = [
        "format",
        "--check",
        "--isolated",
        "--no-cache",
        "--target-version",
        target,
        ".",
    ];
    let [rust, rust_one] = ruff_pair(
        ruff_format.iter().map(|s| s.to_string()).collect(),
        &format_dir.join("format-ruff"),
    );
    let mut black = Tool::new(
        ToolRole::Python,
        &t.black,
        &[
            "--check",
            "--quiet",
            "--workers",
            "1",
            "--target-version",
            target,
            ".",
        ],
        &format_dir.join("format-black"),
    );
    black.fresh_dir_env = Some("BLACK_CACHE_DIR");
    contests.push(Contest {
        id: "format-black".to_string(),
        kind: "format",
        input: sample(&corpus.format, "format sample"),
        rust_tool: "ruff format --check".to_string(),
        python_tool: "black --check --workers 1".to_string(),
        tools: vec![rust, rust_one, black],
        check: Check::Formatted(agreement),
    });
    for query in ["q1", "q3"] {
        let data = tpch.dir.to_string_lossy().into_owned();
        let engine = |role, engine: &str, out: &str| {
            let mut tool = Tool::new(
                role,
                &t.python,
                &["-m", "pyrust_tools.tpch", "run", engine, query, &data, out],
                &setup.work,
            )
            .env("PYTHONPATH", &python_dir().to_string_lossy());
            tool.expected = &[0];
            tool
        };
        let out = |engine: &str| {
            setup
                .work
                .join("runs")
                .join(format!("{query}-{engine}.json"))
                .to_string_lossy()
                .into_owned()
        };
        contests.push(Contest {
            id: format!("tpch-{query}"),
            kind: "dataframe",
            input: format!(
                "TPC-H {} at scale {} ({} lineitem rows)",
                query.to_uppercase(),
                tpch.data.scale,
                tpch.data.rows.get("lineitem").copied().unwrap_or(0)
            ),
            rust_tool: "Polars (lazy)".to_string(),
            python_tool: "pandas".to_string(),
            tools: vec![
                engine(ToolRole::Rust, "polars-lazy", &out("lazy")),
                engine(ToolRole::RustOneThread, "polars-lazy", &out("lazy1"))
                    .env("POLARS_MAX_THREADS", "1"),
                engine(ToolRole::RustEagerOneThread, "polars-eager", &out("eager1"))
                    .env("POLARS_MAX_THREADS", "1"),
                engine(ToolRole::Python, "pandas", &out("pandas")),
            ],
            check: Check::Frames,
        });
    }
    Ok(contests)
}

/// Runs one comparison: the warm-up round and its check, then the timed rounds.
fn run_contest(setup: &Setup, contest: Contest, runs_dir: &Path) -> ToolComparison {
    let mut result = ToolComparison {
        id: contest.id.clone(),
        kind: contest.kind.to_string(),
        input: contest.input.clone(),
        rust_tool: contest.rust_tool.clone(),
        python_tool: contest.python_tool.clone(),
        status: Status::Ok,
        message: None,
        tools: contest
            .tools
            .iter()
            .map(|t| ToolRuns {
                role: t.role,
                command: t.command_line(),
                wall_ns: Vec::new(),
                cpu_ns: Vec::new(),
                inner_ns: Vec::new(),
            })
            .collect(),
        agreement: None,
    };
    let out = |tool: &Tool| -> PathBuf {
        // The query processes name their own output file; the linters' stdout is theirs.
        match tool.args.last() {
            Some(last) if tool.args.iter().any(|a| a == "pyrust_tools.tpch") => PathBuf::from(last),
            _ => runs_dir.join(format!("{}-{:?}.out", contest.id, tool.role)),
        }
    };
    let stdout = |tool: &Tool| runs_dir.join(format!("{}-{:?}.stdout", contest.id, tool.role));
    // The warm-up round, checked.
    for tool in &contest.tools {
        if let Err(e) = tool.run(&stdout(tool), runs_dir) {
            result.status = Status::Error;
            result.message = Some(e.to_string());
            return result;
        }
    }
    let checked = match &contest.check {
        Check::Findings { codes, pyflakes } => {
            let report = |tool: &Tool| -> Result<Report, String> {
                if *pyflakes && tool.role == ToolRole::Python {
                    pyflakes_report(&setup.tools.python, &stdout(tool))
                } else {
                    let text = fs::read_to_string(stdout(tool)).map_err(|e| e.to_string())?;
                    Ok(findings::parse_concise(&text))
                }
            };
            let (rust, python) = (&contest.tools[0], &contest.tools[contest.tools.len() - 1]);
            match (report(rust), report(python)) {
                (Ok(r), Ok(p)) => Ok(Some(findings::agreement(&r, &p, codes))),
                (Err(e), _) | (_, Err(e)) => Err((Status::Error, e)),
            }
        }
        Check::Formatted(agreement) => Ok(Some(agreement.clone())),
        Check::Frames => check_frames(&contest.tools, &out),
    };
    match checked {
        Ok(agreement) => result.agreement = agreement,
        Err((status, message)) => {
            result.status = status;
            result.message = Some(message);
            return result;
        }
    }
    // The timed rounds: every tool once per round, in turn.
    for _ in 0..setup.runs {
        for (tool, runs) in contest.tools.iter().zip(result.tools.iter_mut()) {
            match tool.run(&stdout(tool), runs_dir) {
                Ok(run) => {
                    runs.wall_ns.push(run.wall_ns);
                    runs.cpu_ns.push(run.cpu_ns);
                    if matches!(contest.check, Check::Frames) {
                        // Without it the figures use whole-process times only.
                        if let Some(ns) = query_ns(&out(tool)) {
                            runs.inner_ns.push(ns);
                        }
                    }
                }
                Err(e) => {
                    result.status = Status::Error;
                    result.message = Some(format!("during the timed rounds: {e}"));
                    return result;
                }
            }
        }
    }
    result
}

/// The query's own time that a query process wrote beside its frame.
fn query_ns(out: &Path) -> Option<f64> {
    let value = crate::results::store::read_json(out).ok()?;
    value["query_ns"].as_f64()
}

/// Every engine's frame against the last tool's; a difference is a `mismatch`.
fn check_frames(
    tools: &[Tool],
    out: &dyn Fn(&Tool) -> PathBuf,
) -> Result<Option<Agreement>, (Status, String)> {
    let read = |tool: &Tool| -> Result<Frame, (Status, String)> {
        let path = out(tool);
        let text = fs::read_to_string(&path)
            .map_err(|e| (Status::Error, format!("{}: {e}", path.display())))?;
        Frame::parse(&text).map_err(|e| (Status::Error, format!("{}: {e}", path.display())))
    };
    let reference_tool = &tools[tools.len() - 1];
    let reference = read(reference_tool)?;
    for tool in &tools[..tools.len() - 1] {
        if let Some(d) = frames::difference(&read(tool)?, &reference) {
            return Err((
                Status::Mismatch,
                format!(
                    "`{}` and `{}` returned different results ({d}); not timed",
                    tool.command_line(),
                    reference_tool.command_line()
                ),
            ));
        }
    }
    Ok(None)
}

/// pyflakes' stdout (and the stderr beside it) as a report, through `findings.py`.
pub fn pyflakes_report(python: &Path, stdout: &Path) -> Result<Report, String> {
    #[derive(Deserialize)]
    struct Parsed {
        findings: Vec<(String, u32, String)>,
        unparseable: Vec<String>,
        unmatched: Vec<String>,
    }
    let stderr = stdout.with_extension("err");
    let text = python_output(
        python.to_path_buf(),
        &[
            "-m",
            "pyrust_tools.findings",
            &stdout.to_string_lossy(),
            &stderr.to_string_lossy(),
        ],
        None,
    )
    .map_err(|e| e.to_string())?;
    let parsed: Parsed = serde_json::from_str(text.trim()).map_err(|e| e.to_string())?;
    if let Some(line) = parsed.unmatched.first() {
        return Err(format!(
            "{} line(s) of pyflakes' output match no pyflakes message, e.g. {line:?}",
            parsed.unmatched.len()
        ));
    }
    Ok(Report {
        findings: parsed
            .findings
            .iter()
            .map(|(file, line, code)| Finding::new(file, *line, code))
            .collect(),
        unparseable: parsed
            .unparseable
            .iter()
            .map(|f| f.trim_start_matches("./").to_string())
            .collect(),
    })
}

/// One stable rule of `ruff rule --all`.
#[derive(Debug)]
struct RuffRule {
    code: String,
    linter: String,
}

/// Ruff's stable rules with a code (what `--select` turns on without `--preview`).
fn ruff_stable_codes(ruff: &Path) -> Result<Vec<RuffRule>> {
    let output = Command::new(ruff)
        .args(["rule", "--all", "--output-format", "json"])
        .output()
        .map_err(|e| Error::Interpreter(format!("{} could not be started: {e}", ruff.display())))?;
    let rules: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout)
        .map_err(|e| Error::Interpreter(format!("`ruff rule --all` printed no rule list: {e}")))?;
    Ok(rules
        .iter()
        .filter(|r| !r["preview"].as_bool().unwrap_or(false))
        .filter_map(|r| {
            Some(RuffRule {
                code: r["code"].as_str()?.to_string(),
                linter: r["linter"].as_str()?.to_string(),
            })
        })
        .collect())
}

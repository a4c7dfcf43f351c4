//! The pass `rust-tools` against the real tools on a planted corpus whose findings are known:
//! an unused import (F401), an undefined name (F821), a long line (E501), trailing
//! whitespace (W291), and a file no tool can parse, which must be left out on both sides.
//! The tools come from the harness-managed virtualenv (installed on first use); on a machine
//! that cannot install them, the test says why and checks the not-installed path instead.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use pyrust_bench::claims::rust_tools::contests::pyflakes_report;
use pyrust_bench::claims::rust_tools::findings::{Report, agreement, parse_concise};
use pyrust_bench::claims::rust_tools::pass::REQUIREMENTS;
use pyrust_bench::py::{interpreter_executable, python_dir};
use pyrust_bench::venv::{self, Venv};

const PLANTED: &str = "import os\n\n\ndef f():\n    return undefined_name\n\n\nx = 1   \nlong = \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"\n";
const BROKEN: &str = "def broken(:\n    pass\n";

fn tools() -> Option<Venv> {
    match venv::ensure(
        "rust-tools",
        &python_dir().join(REQUIREMENTS),
        Path::new(&interpreter_executable()),
    ) {
        Ok(venv) => Some(venv),
        Err(e) => {
            eprintln!("the tools are not installed here, so the planted corpus is not linted: {e}");
            assert!(e.to_string().contains("pip install -r"), "{e}");
            None
        }
    }
}

fn findings(report: &Report) -> BTreeSet<(String, u32, String)> {
    report
        .findings
        .iter()
        .map(|f| (f.file.clone(), f.line, f.code.clone()))
        .collect()
}

fn known(list: &[(u32, &str)]) -> BTreeSet<(String, u32, String)> {
    list.iter()
        .map(|(line, code)| ("planted.py".to_string(), *line, code.to_string()))
        .collect()
}

/// Runs `program args` in `dir` with its stdout and stderr in `out` and `out.err`, as the
/// pass does.
fn run(program: &Path, args: &[&str], dir: &Path, out: &Path) -> Report {
    let output = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env_remove("PYTHONPATH")
        .output()
        .unwrap();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{program:?} {args:?}: {output:?}"
    );
    std::fs::write(out, &output.stdout).unwrap();
    std::fs::write(out.with_extension("err"), &output.stderr).unwrap();
    parse_concise(&String::from_utf8_lossy(&output.stdout))
}

#[test]
fn the_linters_find_the_planted_findings_and_agree() {
    let Some(venv) = tools() else { return };
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(corpus.join("planted.py"), PLANTED).unwrap();
    std::fs::write(corpus.join("broken.py"), BROKEN).unwrap();
    let out = |name: &str| dir.path().join(name);
    let ruff = |select: &str, name: &str| {
        run(
            &venv.bin("ruff"),
            &[
                "check",
                "--isolated",
                "--no-cache",
                "--select",
                select,
                "--line-length",
                "79",
                "--output-format",
                "concise",
                ".",
            ],
            &corpus,
            &out(name),
        )
    };

    let ruff_f = ruff("F", "ruff-f.out");
    assert_eq!(findings(&ruff_f), known(&[(1, "F401"), (5, "F821")]));
    assert!(ruff_f.unparseable.contains("broken.py"), "{ruff_f:?}");
    run(&venv.bin("pyflakes"), &["."], &corpus, &out("pyflakes.out"));
    let pyflakes = pyflakes_report(&venv.python(), &out("pyflakes.out")).unwrap();
    assert_eq!(findings(&pyflakes), known(&[(1, "F401"), (5, "F821")]));
    assert!(pyflakes.unparseable.contains("broken.py"), "{pyflakes:?}");
    let codes = ["F401".to_string(), "F821".to_string()];
    let a = agreement(&ruff_f, &pyflakes, &codes);
    assert_eq!(
        (a.common, a.only_rust, a.only_python, a.excluded_files),
        (2, 0, 0, 1)
    );

    let ruff_style = ruff("E501,W291", "ruff-style.out");
    let pycodestyle = run(
        &venv.bin("pycodestyle"),
        &["--max-line-length", "79", "--select", "E501,W291", "."],
        &corpus,
        &out("pycodestyle.out"),
    );
    let planted = known(&[(8, "W291"), (9, "E501")]);
    assert_eq!(findings(&ruff_style), planted);
    let pycodestyle_planted: BTreeSet<_> = findings(&pycodestyle)
        .into_iter()
        .filter(|f| f.0 == "planted.py")
        .collect();
    assert_eq!(pycodestyle_planted, planted);
    let codes = ["E501".to_string(), "W291".to_string()];
    assert_eq!(agreement(&ruff_style, &pycodestyle, &codes).share(), 1.0);
}

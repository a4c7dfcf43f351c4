//! Optional packages: without numpy the numpy variants are `skipped` with a message that
//! says how to install it for the interpreter pyrust-bench runs, and packages of an active
//! virtualenv are visible to the embedded interpreter. Both run the CLI as a child process,
//! so that the environment switches apply before the interpreter starts.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn cli(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pyrust-bench"));
    command
        .args(args)
        .env_remove("VIRTUAL_ENV")
        .env_remove("PYRUST_HIDE_MODULES");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn numpy_variants_are_skipped_with_an_install_hint_when_numpy_is_missing() {
    let out = cli(&["verify", "matmul"], &[("PYRUST_HIDE_MODULES", "numpy")]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(
        out.status.success(),
        "a skipped variant is not a failure:\n{stdout}\n{stderr}"
    );
    let row = stdout
        .lines()
        .find(|l| l.contains("python_c"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(row.contains("skipped"), "{row}");
    assert!(
        stdout
            .lines()
            .any(|l| l.contains("matmul") && l.contains(" python ") && l.contains(" ok ")),
        "{stdout}"
    );
    assert!(
        stderr.contains("\"numpy\" is not installed") && stderr.contains("-m pip install numpy"),
        "{stderr}"
    );
    let executable = env!("PYRUST_BUILD_PYTHON_EXECUTABLE");
    assert!(
        stderr.contains(executable),
        "the hint must name the interpreter ({executable}):\n{stderr}"
    );
}

/// A virtualenv made by the build interpreter, holding a stand-in `numpy` package.
/// The virtualenv is in a private temporary folder, removed when the value is dropped.
fn virtualenv_with_probe() -> (tempfile::TempDir, PathBuf) {
    let folder = tempfile::Builder::new()
        .prefix("pyrust-venv-")
        .tempdir()
        .unwrap();
    let venv = folder.path().join("venv");
    let status = Command::new(env!("PYRUST_BUILD_PYTHON_EXECUTABLE"))
        .args(["-m", "venv", "--without-pip"])
        .arg(&venv)
        .status()
        .unwrap();
    assert!(status.success(), "python -m venv failed");
    let site = std::fs::read_dir(venv.join("lib"))
        .unwrap()
        .map(|e| e.unwrap().path().join("site-packages"))
        .find(|p| p.is_dir())
        .expect("the venv has a site-packages");
    let package = site.join("numpy");
    std::fs::create_dir_all(&package).unwrap();
    std::fs::write(
        package.join("__init__.py"),
        "__version__ = '0.0-venv-probe'\n",
    )
    .unwrap();
    (folder, venv)
}

#[test]
fn packages_of_an_active_virtualenv_are_visible() {
    let (_folder, venv) = virtualenv_with_probe();
    let venv_str = venv.to_str().unwrap();
    let inside = cli(&["env"], &[("VIRTUAL_ENV", venv_str)]);
    let stdout = text(&inside.stdout);
    assert!(inside.status.success(), "{}", text(&inside.stderr));
    assert!(
        stdout.contains("numpy 0.0-venv-probe"),
        "the venv's package is not visible:\n{stdout}"
    );
    let python = Path::new(venv_str).join("bin/python");
    assert!(
        stdout.contains(&format!("\"executable\": \"{}\"", python.display())),
        "{stdout}"
    );

    let outside = cli(&["env"], &[]);
    assert!(
        !text(&outside.stdout).contains("0.0-venv-probe"),
        "the probe leaked outside the venv"
    );
}

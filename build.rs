//! Build script: makes the runtime libpython the one PyO3 built against, and records the
//! build environment (interpreter, rustc, profile, crate versions) for the results file.

use std::env;
use std::process::Command;

fn main() {
    // An rpath to the build interpreter's LIBDIR, so that the loader does not pick another
    // libpython3.x.so (with another sys.path) at run time.
    pyo3_build_config::add_libpython_rpath_link_args();

    compile_c_references();

    let config = pyo3_build_config::get();
    let executable = config.executable().unwrap_or_default().to_string();
    set("PYRUST_BUILD_PYTHON_EXECUTABLE", &executable);
    set("PYRUST_BUILD_PYTHON_LIBDIR", config.lib_dir().unwrap_or(""));
    let (version, base_prefix) = describe_interpreter(&executable)
        .unwrap_or_else(|| (config.version().to_string(), String::new()));
    set("PYRUST_BUILD_PYTHON_VERSION", &version);
    set("PYRUST_BUILD_PYTHON_BASE_PREFIX", &base_prefix);

    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    set(
        "PYRUST_RUSTC_VERSION",
        &command_output(&rustc, &["--version"]).unwrap_or_default(),
    );
    for (var, key) in [
        ("PROFILE", "PYRUST_PROFILE"),
        ("OPT_LEVEL", "PYRUST_OPT_LEVEL"),
        ("DEBUG", "PYRUST_DEBUG"),
        ("TARGET", "PYRUST_TARGET"),
    ] {
        set(key, &env::var(var).unwrap_or_default());
    }
    let rustflags = env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    set("PYRUST_RUSTFLAGS", &rustflags.replace('\u{1f}', " "));

    let lock = std::fs::read_to_string("Cargo.lock").unwrap_or_default();
    for (krate, key) in [
        ("pyo3", "PYRUST_PYO3_VERSION"),
        ("criterion", "PYRUST_CRITERION_VERSION"),
    ] {
        set(
            key,
            &locked_version(&lock, krate).unwrap_or_else(|| "unknown".into()),
        );
    }

    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=Cargo.lock");
    println!("cargo:rerun-if-env-changed=PYO3_PYTHON");
}

/// Compiles `src/c/*.c` (the C reference kernels) at `-O2` into one static library.
fn compile_c_references() {
    println!("cargo:rerun-if-changed=src/c");
    let mut sources: Vec<_> = std::fs::read_dir("src/c")
        .map(|dir| {
            dir.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "c"))
                .collect()
        })
        .unwrap_or_default();
    set("PYRUST_C_COMPILER", &c_compiler_version());
    if sources.is_empty() {
        return;
    }
    sources.sort();
    for source in &sources {
        println!("cargo:rerun-if-changed={}", source.display());
    }
    cc::Build::new()
        .files(&sources)
        .opt_level(2)
        .flag_if_supported("-std=c99")
        .warnings(true)
        .compile("pyrust_c");
}

/// The C compiler's first `--version` line, for the results' environment.
fn c_compiler_version() -> String {
    let compiler = cc::Build::new().get_compiler();
    command_output(&compiler.path().to_string_lossy(), &["--version"])
        .and_then(|v| v.lines().next().map(str::to_string))
        .unwrap_or_default()
}

fn set(key: &str, value: &str) {
    println!("cargo:rustc-env={key}={}", value.trim());
}

fn command_output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The full version and `sys.base_prefix` of the build interpreter.
fn describe_interpreter(executable: &str) -> Option<(String, String)> {
    let script = "import platform, sys; print(platform.python_version()); print(sys.base_prefix)";
    let text = command_output(executable, &["-c", script])?;
    let mut lines = text.lines();
    Some((lines.next()?.to_string(), lines.next()?.to_string()))
}

/// The version of `krate` recorded in Cargo.lock.
fn locked_version(lock: &str, krate: &str) -> Option<String> {
    let entry = format!("name = \"{krate}\"\nversion = \"");
    let start = lock.find(&entry)? + entry.len();
    let end = lock[start..].find('"')?;
    Some(lock[start..start + end].to_string())
}

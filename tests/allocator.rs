//! The timed process carries no instrument that the timed code pays for: the bench that
//! Criterion times installs no global allocator (so Rust runs on the system allocator), and
//! the counting allocator lives only in the `pyrust-bench` binary, whose `peaks` command the
//! bench runs in a process of its own.

use std::path::Path;

/// The lines of a Rust source file that are code, not comments.
fn code_lines(path: &str) -> Vec<String> {
    let source = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("reading {path}: {e}"));
    source
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with("//"))
        .map(String::from)
        .collect()
}

#[test]
fn the_timed_bench_installs_no_global_allocator() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/suite");
    let bench: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .flat_map(|path| {
            code_lines(
                path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
                    .unwrap()
                    .to_str()
                    .unwrap(),
            )
        })
        .collect();
    assert!(
        bench.len() > 100,
        "the bench's sources were not found in {}",
        dir.display()
    );
    assert!(
        !bench.iter().any(|l| l.contains("global_allocator")),
        "the bench installs a global allocator: the timed code would pay for it"
    );
    assert!(
        !bench.iter().any(|l| l.contains("CountingAllocator")),
        "the bench uses the counting allocator"
    );
    // The counting allocator is where the peaks are measured, in the CLI.
    let cli = code_lines("src/main.rs");
    assert!(cli.iter().any(|l| l.contains("#[global_allocator]")));
}

#[test]
fn the_peaks_child_counts_the_rust_heap() {
    // binary_trees at its verification size builds trees of thousands of nodes: a counting
    // allocator sees them, the system allocator would report nothing.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pyrust-bench"))
        .args(["peaks", "binary_trees", "rust"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let peaks: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
    let rust = peaks["peaks"][0][1].as_u64().unwrap_or(0);
    assert_eq!(peaks["peaks"][0][0], "rust", "{text}");
    assert!(rust > 10_000, "{text}");
}

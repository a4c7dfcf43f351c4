//! Reading and writing results files: strict, readable errors on the way in, atomic writes
//! on the way out, and the merge that lets a filtered run keep the other workloads' entries.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::schema::{BenchResult, ResultsFile, SCHEMA_VERSION};
use crate::error::{Error, Result};

/// The results folder: `$PYRUST_RESULTS_DIR`, or `results/` in the repo.
pub fn results_dir() -> PathBuf {
    std::env::var_os("PYRUST_RESULTS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("results"))
}

/// The file name of the results inside a results folder.
pub const LATEST: &str = "latest.json";

/// Reads a results file. Every failure names the path and says what is wrong.
pub fn load(path: &Path) -> Result<ResultsFile> {
    let bad = |reason: String| Error::Results {
        path: path.to_path_buf(),
        reason,
    };
    let bytes = fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        bad("not a text file (it is not UTF-8); is it really a results JSON file?".into())
    })?;
    let value: Value = serde_json::from_str(&text).map_err(|e| {
        bad(format!(
            "not valid JSON at line {} column {}: {e}",
            e.line(),
            e.column()
        ))
    })?;
    match value.get("schema_version") {
        Some(Value::Number(v)) if v.as_u64() == Some(u64::from(SCHEMA_VERSION)) => {}
        Some(found) => {
            return Err(Error::Schema {
                path: path.to_path_buf(),
                found: found.to_string(),
                supported: SCHEMA_VERSION,
            });
        }
        None => {
            return Err(bad(
                "no schema_version field: not a pyrust-bench results file".into(),
            ));
        }
    }
    serde_json::from_value(value).map_err(|e| {
        bad(format!(
            "does not follow schema_version {SCHEMA_VERSION}: {e}"
        ))
    })
}

/// Writes `results` to `path` atomically (see [`write_atomic`]).
pub fn save(path: &Path, results: &ResultsFile) -> Result<()> {
    let mut json = serde_json::to_string_pretty(results).map_err(|e| Error::Results {
        path: path.to_path_buf(),
        reason: format!("cannot serialise: {e}"),
    })?;
    json.push('\n');
    write_atomic(path, json.as_bytes())
}

/// Writes a file atomically: a temporary file in the same folder, synced, then renamed over
/// the old one, so a killed run never leaves a half-written file behind.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("file"),
        std::process::id()
    ));
    let write = || -> std::io::Result<()> {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()
    };
    if let Err(e) = write() {
        let _ = fs::remove_file(&tmp);
        return Err(Error::io(&tmp, e));
    }
    fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
}

/// Merges a run into the previous file: entries of the workloads that ran are replaced, the
/// others are kept, and the order follows `order` (the registry), unknown workloads last.
pub fn merge_results(
    previous: Vec<BenchResult>,
    run: Vec<BenchResult>,
    order: &[&str],
) -> Vec<BenchResult> {
    let ran: std::collections::HashSet<String> = run.iter().map(|r| r.workload.clone()).collect();
    let mut merged: Vec<BenchResult> = previous
        .into_iter()
        .filter(|r| !ran.contains(&r.workload))
        .chain(run)
        .collect();
    let rank = |name: &str| order.iter().position(|o| *o == name).unwrap_or(order.len());
    merged.sort_by_key(|r| (rank(&r.workload), r.variant, r.workers));
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("pyrust-store-{}-{name}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        dir.join(LATEST)
    }

    #[test]
    fn corrupt_json_names_path_and_line() {
        let path = scratch("corrupt");
        fs::write(&path, "{\n  \"schema_version\": 1,\n  oops\n}").unwrap();
        let msg = load(&path).unwrap_err().to_string();
        assert!(msg.contains(&path.display().to_string()), "{msg}");
        assert!(msg.contains("line 3"), "{msg}");
    }

    #[test]
    fn binary_file_is_refused_readably() {
        let path = scratch("binary");
        fs::write(&path, [0xff, 0xfe, 0x00, 0x89, b'P', b'N', b'G']).unwrap();
        let msg = load(&path).unwrap_err().to_string();
        assert!(msg.contains("not a text file"), "{msg}");
    }

    #[test]
    fn future_schema_is_refused_with_the_version() {
        let path = scratch("future");
        fs::write(&path, r#"{"schema_version": 2, "results": []}"#).unwrap();
        let err = load(&path).unwrap_err();
        assert!(matches!(err, Error::Schema { .. }), "{err}");
        assert!(err.to_string().contains("schema_version 2"), "{err}");
    }

    #[test]
    fn missing_file_names_the_path() {
        let path = scratch("missing").with_file_name("nope.json");
        let msg = load(&path).unwrap_err().to_string();
        assert!(msg.contains("nope.json"), "{msg}");
    }
}

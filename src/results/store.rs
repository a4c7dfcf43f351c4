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

/// Reads a results file. Every failure names the path and says what is wrong; an entry that
/// breaks the schema, or holds a time that no measurement can produce (zero, negative,
/// subnormal, absurdly large), is named by its place, e.g. `results[12] (nbody/python)`,
/// and its field.
pub fn load(path: &Path) -> Result<ResultsFile> {
    let bad = |reason: String| Error::Results {
        path: path.to_path_buf(),
        reason,
    };
    let value = read_json(path)?;
    if let Some(version) = value.get("merged_version") {
        return Err(bad(format!(
            "a merged file (merged_version {version}, written by `pyrust-bench merge`), not a results file: pass the results files (latest.json) of the runs it merged"
        )));
    }
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
    validate::numbers(&value).map_err(&bad)?;
    serde_path_to_error::deserialize(&value).map_err(|e| {
        let place = validate::describe(&value, &e.path().to_string());
        bad(format!(
            "{place}does not follow schema_version {SCHEMA_VERSION}: {}",
            e.inner()
        ))
    })
}

/// Checks, before a file is trusted, that its figures could have been measured.
mod validate {
    use serde_json::Value;

    /// The shortest time any measurement here can take, in ns: nothing runs in less than a
    /// hundredth of a cycle.
    pub const MIN_TIME_NS: f64 = 0.01;
    /// The longest, in ns: about 11.6 days, far beyond any call the suite makes.
    pub const MAX_TIME_NS: f64 = 1e15;

    /// The timing fields of an entry: a measured time, never zero.
    const TIMES: &[&str] = &[
        "median_ns",
        "ci_low_ns",
        "ci_high_ns",
        "rounds_ns",
        "first_call_ns",
        "python_ns",
        "hybrid_ns",
    ];

    /// Every `*_ns`, `*_ms` and `*_bytes` number must be finite, non-negative and below
    /// the maximum; the fields of [`TIMES`] must be at least [`MIN_TIME_NS`]; an interval's
    /// low end may not exceed its high end.
    pub fn numbers(value: &Value) -> Result<(), String> {
        walk(value, "", value)
    }

    fn walk(node: &Value, at: &str, root: &Value) -> Result<(), String> {
        match node {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .try_for_each(|(i, item)| walk(item, &format!("{at}[{i}]"), root)),
            Value::Object(fields) => {
                for (key, field) in fields {
                    let here = if at.is_empty() {
                        key.clone()
                    } else {
                        format!("{at}.{key}")
                    };
                    check_field(key, field, at, root)?;
                    walk(field, &here, root)?;
                }
                if let (Some(low), Some(high)) = (
                    fields.get("ci_low_ns").and_then(Value::as_f64),
                    fields.get("ci_high_ns").and_then(Value::as_f64),
                ) && low > high
                {
                    return Err(format!(
                        "{}ci_low_ns ({low}) is above ci_high_ns ({high})",
                        describe(root, at)
                    ));
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn check_field(key: &str, field: &Value, at: &str, root: &Value) -> Result<(), String> {
        let (unit, max) = if key.ends_with("_ns") {
            ("ns", MAX_TIME_NS)
        } else if key.ends_with("_ms") {
            ("ms", MAX_TIME_NS / 1e6)
        } else if key.ends_with("_bytes") || key == "bytes_per_element" {
            ("bytes", 1e18)
        } else {
            return Ok(());
        };
        let min = if TIMES.contains(&key) {
            MIN_TIME_NS
        } else {
            0.0
        };
        let numbers: Vec<&Value> = match field {
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        for number in numbers {
            let Some(x) = number.as_f64() else { continue };
            if !(x.is_finite() && x >= min && x <= max) {
                let range = if min > 0.0 {
                    format!("from {min} to {max:e} {unit}")
                } else {
                    format!("from 0 to {max:e} {unit}")
                };
                return Err(format!(
                    "{}{key} is {number}, which no measurement gives (expected a number {range}); the file was edited or damaged: regenerate it with `cargo bench`",
                    describe(root, at)
                ));
            }
        }
        Ok(())
    }

    /// `at` (a path such as `results[3].median_ns`) as a reader would name it: `results[3]
    /// (nbody/python): `, with a trailing separator; empty for the top level.
    pub fn describe(root: &Value, at: &str) -> String {
        if at.is_empty() || at == "." {
            return String::new();
        }
        let entry = at
            .strip_prefix("results[")
            .and_then(|rest| rest.split(']').next())
            .and_then(|i| i.parse::<usize>().ok());
        let Some(index) = entry else {
            return format!("{at}: ");
        };
        let result = &root["results"][index];
        let name = |key: &str| result[key].as_str().unwrap_or("?").to_string();
        let mut label = format!("{}/{}", name("workload"), name("variant"));
        if let Some(w) = result["workers"].as_u64() {
            label.push_str(&format!("×{w}"));
        }
        let field = at
            .split_once(']')
            .map(|(_, rest)| rest.trim_start_matches('.'))
            .unwrap_or_default();
        match field {
            "" => format!("results[{index}] ({label}): "),
            field => format!("results[{index}] ({label}), field {field}: "),
        }
    }
}

/// A JSON file as a value, with an error that names the path and says what is wrong: not
/// text, or not JSON at line N. Shared by every reader of the files this crate writes.
pub fn read_json(path: &Path) -> Result<Value> {
    let bad = |reason: String| Error::Results {
        path: path.to_path_buf(),
        reason,
    };
    let bytes = fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        bad("not a text file (it is not UTF-8); is it really a results JSON file?".into())
    })?;
    serde_json::from_str(&text).map_err(|e| {
        bad(format!(
            "not valid JSON at line {} column {}: {e}",
            e.line(),
            e.column()
        ))
    })
}

/// Writes `results` to `path` atomically (see [`write_atomic`]).
pub fn save(path: &Path, results: &ResultsFile) -> Result<()> {
    write_json(path, results)
}

/// Writes `value` to `path` as pretty JSON with a final newline, atomically.
pub fn write_json(path: &Path, value: &impl serde::Serialize) -> Result<()> {
    let mut json = serde_json::to_string_pretty(value).map_err(|e| Error::Results {
        path: path.to_path_buf(),
        reason: format!("cannot serialise: {e}"),
    })?;
    json.push('\n');
    write_atomic(path, json.as_bytes())
}

/// Writes a file atomically: a temporary file in the same folder, synced, then renamed over
/// the old one, and the folder synced, so a killed run never leaves a half-written file
/// behind and a finished one survives a crash.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let tmp = dir.join(format!(
        ".{}{TMP_MARK}{}",
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
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        Error::io(path, e)
    })?;
    sync_folder(dir)
}

/// Makes a rename in `dir` durable. Filesystems that cannot sync a folder say so with
/// `EINVAL`; that is not an error.
fn sync_folder(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    match fs::File::open(dir).and_then(|d| d.sync_all()) {
        Err(e) if e.kind() != std::io::ErrorKind::InvalidInput => return Err(Error::io(dir, e)),
        _ => {}
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// What marks a temporary file of [`write_atomic`]: `.latest.json.tmp-PID`.
const TMP_MARK: &str = ".tmp-";

/// Makes sure a run can save into `dir` before it measures anything: the folder (and its
/// `charts/`) exists or can be made, and a file can be created in both. Temporary files left
/// by killed runs are removed on the way. The error names the folder and says what to do.
pub fn ensure_writable(dir: &Path) -> Result<()> {
    let unwritable = |at: &Path, e: std::io::Error| Error::Unwritable {
        path: at.to_path_buf(),
        cause: e,
    };
    if dir.exists() && !dir.is_dir() {
        return Err(unwritable(
            dir,
            std::io::Error::other("it is a file, not a folder"),
        ));
    }
    for folder in [dir.to_path_buf(), dir.join("charts")] {
        fs::create_dir_all(&folder).map_err(|e| unwritable(&folder, e))?;
        let probe = folder.join(format!(".write-probe{TMP_MARK}{}", std::process::id()));
        let created = fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&probe)
            .and_then(|mut f| f.write_all(b"ok"));
        let _ = fs::remove_file(&probe);
        created.map_err(|e| unwritable(&folder, e))?;
    }
    remove_stale_temporaries(dir);
    Ok(())
}

/// Removes the temporary files of runs that died before their rename: `.NAME.tmp-PID`
/// whose process is gone (on Linux, no `/proc/PID`; elsewhere, older than a day).
pub fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .filter(|n| n.starts_with('.'))
            .and_then(|n| n.rsplit_once(TMP_MARK))
            .and_then(|(_, pid)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !process_alive(pid, &entry) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

fn process_alive(pid: u32, entry: &fs::DirEntry) -> bool {
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_none_or(|age| age.as_secs() < 24 * 3600)
    }
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

    /// A private folder (mode 0700, removed when dropped) and the results path in it.
    fn scratch() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(LATEST);
        (dir, path)
    }

    /// The committed results file, with one field of one result replaced.
    fn committed_with(index: usize, field: &str, value: Value) -> String {
        let committed = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("results")
            .join(LATEST);
        let mut file: Value = serde_json::from_slice(&fs::read(committed).unwrap()).unwrap();
        file["results"][index][field] = value;
        file.to_string()
    }

    #[test]
    fn impossible_times_are_refused_with_the_result_and_the_field() {
        let (_dir, path) = scratch();
        for bad in [
            serde_json::json!(0.0),
            serde_json::json!(5e-324),
            serde_json::json!(1e307),
            serde_json::json!(-53.0),
        ] {
            fs::write(&path, committed_with(0, "median_ns", bad.clone())).unwrap();
            let msg = load(&path).unwrap_err().to_string();
            assert!(
                msg.contains("results[0] (nbody/rust)") && msg.contains("median_ns"),
                "{bad}: {msg}"
            );
        }
        fs::write(
            &path,
            committed_with(1, "ci_low_ns", serde_json::json!(1e14)),
        )
        .unwrap();
        let msg = load(&path).unwrap_err().to_string();
        assert!(
            msg.contains("results[1]") && msg.contains("above ci_high_ns"),
            "{msg}"
        );
    }

    #[test]
    fn a_schema_error_names_the_result_and_the_field() {
        let (_dir, path) = scratch();
        fs::write(
            &path,
            committed_with(2, "status", serde_json::json!("fine")),
        )
        .unwrap();
        let msg = load(&path).unwrap_err().to_string();
        assert!(
            msg.contains("results[2] (nbody/python), field status") && msg.contains("fine"),
            "{msg}"
        );
    }

    #[test]
    fn the_committed_results_load() {
        let committed = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("results")
            .join(LATEST);
        load(&committed).unwrap();
    }

    #[test]
    fn stale_temporaries_of_dead_runs_are_removed_and_live_ones_kept() {
        let (dir, _) = scratch();
        // A pid far above any pid_max, so that no such process exists.
        let dead = dir.path().join(".latest.json.tmp-4000000000");
        let ours = dir
            .path()
            .join(format!(".REPORT.md.tmp-{}", std::process::id()));
        let unrelated = dir.path().join("notes.tmp-12");
        for f in [&dead, &ours, &unrelated] {
            fs::write(f, "x").unwrap();
        }
        ensure_writable(dir.path()).unwrap();
        assert!(!dead.exists() && ours.exists() && unrelated.exists());
    }

    #[test]
    fn an_unwritable_results_folder_is_refused_before_anything_runs() {
        let (dir, _) = scratch();
        let file = dir.path().join("a-file");
        fs::write(&file, "x").unwrap();
        for target in [file.clone(), file.join("below")] {
            let err = ensure_writable(&target).unwrap_err();
            assert!(matches!(err, Error::Unwritable { .. }), "{err}");
            let msg = err.to_string();
            assert!(
                msg.contains("PYRUST_RESULTS_DIR") && msg.contains("a-file"),
                "{msg}"
            );
        }
        ensure_writable(&dir.path().join("new/results")).unwrap();
        assert!(dir.path().join("new/results/charts").is_dir());
    }

    #[test]
    fn an_io_error_prints_the_os_message_once() {
        let (dir, _) = scratch();
        let missing = dir.path().join("nope.json");
        let err = load(&missing).unwrap_err();
        let chain = format!("{:#}", anyhow::Error::from(err));
        assert_eq!(chain.matches("No such file").count(), 1, "{chain}");
    }

    #[test]
    fn corrupt_json_names_path_and_line() {
        let (_dir, path) = scratch();
        fs::write(&path, "{\n  \"schema_version\": 1,\n  oops\n}").unwrap();
        let msg = load(&path).unwrap_err().to_string();
        assert!(msg.contains(&path.display().to_string()), "{msg}");
        assert!(msg.contains("line 3"), "{msg}");
    }

    #[test]
    fn binary_file_is_refused_readably() {
        let (_dir, path) = scratch();
        fs::write(&path, [0xff, 0xfe, 0x00, 0x89, b'P', b'N', b'G']).unwrap();
        let msg = load(&path).unwrap_err().to_string();
        assert!(msg.contains("not a text file"), "{msg}");
    }

    #[test]
    fn future_schema_is_refused_with_the_version() {
        let (_dir, path) = scratch();
        fs::write(&path, r#"{"schema_version": 2, "results": []}"#).unwrap();
        let err = load(&path).unwrap_err();
        assert!(matches!(err, Error::Schema { .. }), "{err}");
        assert!(err.to_string().contains("schema_version 2"), "{err}");
    }

    #[test]
    fn missing_file_names_the_path() {
        let (_dir, path) = scratch();
        let path = path.with_file_name("nope.json");
        let msg = load(&path).unwrap_err().to_string();
        assert!(msg.contains("nope.json"), "{msg}");
    }
}

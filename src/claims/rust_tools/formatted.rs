//! The formatters' input, made once: the stdlib sample copied three times, formatted by
//! Black in one copy and by Ruff in another (each then checks its own copy, so the timed
//! runs measure `--check` on already formatted code), and the line-by-line agreement of the
//! two formatted copies, cached beside them for the comparison to read.

use std::fs;
use std::path::Path;

use serde::Deserialize;

use super::contests::{Tool, Tools};
use super::pass::NAME;
use crate::error::{Error, Result};
use crate::process::{RunError, tempdir_in};
use crate::results::{Agreement, ToolRole};

/// Where the formatters' agreement is cached, under the work folder.
pub(super) const FORMAT_AGREEMENT: &str = "format-agreement.json";

pub(super) fn read_cached<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T> {
    let value = crate::results::store::read_json(path)?;
    serde_json::from_value(value).map_err(|e| Error::Results {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })
}

/// Makes the formatters' copies of the format sample (`corpus/format-black`, formatted by
/// Black; `corpus/format-ruff`, by Ruff), leaves out on both sides a file Black cannot
/// format, and measures their agreement: how many of Black's files `ruff format` leaves
/// unchanged.
pub fn prepare_formatted(tools: &Tools, work: &Path, target: &str) -> Result<()> {
    let corpus = work.join("corpus");
    let sample = corpus.join("format");
    let copies = ["format-black", "format-ruff", "format-agreement"].map(|d| corpus.join(d));
    for copy in &copies {
        copy_tree(&sample, copy)?;
    }
    let [black_dir, ruff_dir, agreement_dir] = &copies;
    let scratch = tempdir_in(work)?;
    let failed =
        |e: RunError| Error::Interpreter(format!("{NAME}: formatting the sample failed: {e}"));
    let mut black = Tool::new(
        ToolRole::Python,
        &tools.black,
        &["--quiet", "--workers", "1", "--target-version", target, "."],
        black_dir,
    );
    black.expected = &[0, 123];
    black.fresh_dir_env = Some("BLACK_CACHE_DIR");
    let run = black
        .run(&scratch.join("black.out"), &scratch)
        .map_err(failed)?;
    // "error: cannot format ./x.py: …": left out on both sides.
    let unformattable: Vec<String> = run
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("error: cannot format ")?.split(": ").next())
        .map(|f| f.trim_start_matches("./").to_string())
        .collect();
    for file in &unformattable {
        for copy in &copies {
            let _ = fs::remove_file(copy.join(file));
        }
    }
    copy_tree(black_dir, agreement_dir)?;
    for dir in [ruff_dir, agreement_dir] {
        let ruff = Tool::new(
            ToolRole::Rust,
            &tools.ruff,
            &[
                "format",
                "--isolated",
                "--no-cache",
                "--target-version",
                target,
                ".",
            ],
            dir,
        );
        ruff.run(&scratch.join("ruff.out"), &scratch)
            .map_err(failed)?;
    }
    let agreement = format_agreement(black_dir, agreement_dir, unformattable.len() as u64)?;
    let _ = fs::remove_dir_all(agreement_dir);
    let _ = fs::remove_dir_all(&scratch);
    crate::results::store::write_json(&work.join(FORMAT_AGREEMENT), &agreement)
}

/// Lines alike in `black` (Black's output) and `ruff` (Ruff's output of Black's output),
/// and the files that differ.
fn format_agreement(black: &Path, ruff: &Path, excluded: u64) -> Result<Agreement> {
    let mut files = Vec::new();
    list_files(black, black, &mut files)?;
    let (mut common, mut changed, mut differing) = (0, 0, Vec::new());
    for file in &files {
        let read = |dir: &Path| -> Result<String> {
            let path = dir.join(file);
            let bytes = fs::read(&path).map_err(|e| Error::io(&path, e))?;
            Ok(String::from_utf8_lossy(&bytes).into_owned())
        };
        let (a, b) = (read(black)?, read(ruff)?);
        let (same, lines_changed) = lines_alike(&a, &b);
        common += same;
        changed += lines_changed;
        if lines_changed > 0 || a != b {
            differing.push((file.clone(), lines_changed));
        }
    }
    let files_differing = differing.len() as u64;
    differing.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    differing.truncate(5);
    Ok(Agreement {
        items: "lines".to_string(),
        common,
        only_rust: changed,
        only_python: 0,
        excluded_files: excluded,
        codes: vec!["default style, line length 88".to_string()],
        largest_differences: differing,
        files: Some(files.len() as u64),
        files_differing: Some(files_differing),
    })
}

/// How many lines of `a` are still in `b` (as a multiset: each line of `b` matches once), and
/// how many changed: the larger of the lines removed and the lines added.
pub fn lines_alike(a: &str, b: &str) -> (u64, u64) {
    let mut left: std::collections::HashMap<&str, i64> = std::collections::HashMap::new();
    for line in b.lines() {
        *left.entry(line).or_default() += 1;
    }
    let mut same = 0u64;
    for line in a.lines() {
        if let Some(n) = left.get_mut(line).filter(|n| **n > 0) {
            *n -= 1;
            same += 1;
        }
    }
    let removed = a.lines().count() as u64 - same;
    let added = b.lines().count() as u64 - same;
    (same, removed.max(added))
}

/// The files under `dir`, relative to `root`, with `/`.
fn list_files(root: &Path, dir: &Path, files: &mut Vec<String>) -> Result<()> {
    let entries = fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let path = entry.map_err(|e| Error::io(dir, e))?.path();
        if path.is_dir() {
            list_files(root, &path, files)?;
        } else if let Ok(relative) = path.strip_prefix(root) {
            files.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
    files.sort();
    Ok(())
}

/// Copies the tree `from` into a fresh `to`.
fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    let _ = fs::remove_dir_all(to);
    let mut files = Vec::new();
    list_files(from, from, &mut files)?;
    for file in files {
        let target = to.join(&file);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        fs::copy(from.join(&file), &target).map_err(|e| Error::io(&target, e))?;
    }
    Ok(())
}

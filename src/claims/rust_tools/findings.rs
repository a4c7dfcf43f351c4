//! The linters' findings as (file, line, code) sets, and how far two sets agree. Ruff and
//! pycodestyle print `path:line:col: CODE message`; pyflakes prints only messages, which
//! `python/pyrust_tools/findings.py` maps to codes. A file a tool could not parse (Ruff's
//! `invalid-syntax`, pycodestyle's `E9xx`, pyflakes' stderr) is left out on both sides and
//! counted, so that a parser difference is never counted as a finding difference.

use std::collections::{BTreeMap, BTreeSet};

use crate::results::Agreement;

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Finding {
    /// The path relative to the corpus, with `/`.
    pub file: String,
    pub line: u32,
    pub code: String,
}

impl Finding {
    pub fn new(file: &str, line: u32, code: &str) -> Self {
        Finding {
            file: relative(file),
            line,
            code: code.to_string(),
        }
    }
}

/// A tool's report: its findings and the files it could not parse.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub findings: BTreeSet<Finding>,
    pub unparseable: BTreeSet<String>,
}

/// `./a/b.py` and `a/b.py` are the same file.
fn relative(path: &str) -> String {
    path.trim_start_matches("./").to_string()
}

/// Whether `code` looks like a rule code (`F401`, `W291`).
fn is_code(code: &str) -> bool {
    let letters = code.chars().take_while(char::is_ascii_uppercase).count();
    letters > 0 && code.len() > letters && code[letters..].chars().all(|c| c.is_ascii_digit())
}

/// Parses `path:line:col: CODE message` lines (Ruff's `concise` format and pycodestyle's).
/// A syntax error (`invalid-syntax`, `SyntaxError`, or a code in `E9xx`) marks its file
/// unparseable; lines that are not findings (summaries) are skipped.
pub fn parse_concise(text: &str) -> Report {
    let mut report = Report::default();
    for line in text.lines() {
        let mut parts = line.splitn(4, ':');
        let (Some(file), Some(row), Some(_col), Some(rest)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let Ok(row) = row.trim().parse::<u32>() else {
            continue;
        };
        let word = rest.split_whitespace().next().unwrap_or("");
        let word = word.trim_end_matches(':');
        if word == "invalid-syntax" || word == "SyntaxError" || word.starts_with("E9") {
            report.unparseable.insert(relative(file));
        } else if is_code(word) {
            report.findings.insert(Finding::new(file, row, word));
        }
    }
    report
}

/// How far `rust` and `python` agree on the codes in `codes`, leaving out the files either
/// could not parse. The share is the intersection over the union (Jaccard).
pub fn agreement(rust: &Report, python: &Report, codes: &[String]) -> Agreement {
    let excluded: BTreeSet<&String> = rust.unparseable.union(&python.unparseable).collect();
    let keep = |report: &Report| -> BTreeSet<Finding> {
        report
            .findings
            .iter()
            .filter(|f| !excluded.contains(&f.file) && codes.contains(&f.code))
            .cloned()
            .collect()
    };
    let (rust, python) = (keep(rust), keep(python));
    let mut differences: BTreeMap<String, u64> = BTreeMap::new();
    for f in rust.symmetric_difference(&python) {
        *differences.entry(f.code.clone()).or_default() += 1;
    }
    let mut largest: Vec<(String, u64)> = differences.into_iter().collect();
    largest.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    largest.truncate(5);
    Agreement {
        items: "findings".to_string(),
        common: rust.intersection(&python).count() as u64,
        only_rust: rust.difference(&python).count() as u64,
        only_python: python.difference(&rust).count() as u64,
        excluded_files: excluded.len() as u64,
        codes: codes.to_vec(),
        largest_differences: largest,
        files: None,
        files_differing: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What Ruff and pycodestyle printed for the planted corpus of the integration test.
    const RUFF: &str = "broken.py:1:12: invalid-syntax: Expected a parameter\n\
        planted.py:1:8: F401 [*] `os` imported but unused\n\
        planted.py:5:12: F821 Undefined name `undefined_name`\n\
        planted.py:8:6: W291 [*] Trailing whitespace\n\
        planted.py:9:80: E501 Line too long (99 > 79)\n\
        Found 6 errors.\n[*] 2 fixable with `--fix`.\n";
    const PYCODESTYLE: &str = "./planted.py:8:6: W291 trailing whitespace\n\
        ./planted.py:9:80: E501 line too long (99 > 79 characters)\n\
        ./broken.py:1:12: E999 SyntaxError: invalid syntax\n";

    fn codes(list: &[&str]) -> Vec<String> {
        list.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn concise_lines_become_findings_and_syntax_errors_unparseable_files() {
        let ruff = parse_concise(RUFF);
        assert_eq!(
            ruff.findings
                .iter()
                .map(|f| (f.file.as_str(), f.line, f.code.as_str()))
                .collect::<Vec<_>>(),
            [
                ("planted.py", 1, "F401"),
                ("planted.py", 5, "F821"),
                ("planted.py", 8, "W291"),
                ("planted.py", 9, "E501"),
            ]
        );
        assert_eq!(ruff.unparseable, BTreeSet::from(["broken.py".to_string()]));
        let pycodestyle = parse_concise(PYCODESTYLE);
        assert_eq!(pycodestyle.findings.len(), 2);
        assert!(pycodestyle.unparseable.contains("broken.py"));
    }

    #[test]
    fn agreement_counts_the_shared_codes_outside_unparseable_files() {
        let ruff = parse_concise(RUFF);
        let pycodestyle = parse_concise(PYCODESTYLE);
        let a = agreement(&ruff, &pycodestyle, &codes(&["E501", "W291"]));
        assert_eq!((a.common, a.only_rust, a.only_python), (2, 0, 0));
        assert_eq!(a.excluded_files, 1);
        assert_eq!(a.share(), 1.0);
        // With F401 in the codes, Ruff's unused import has no counterpart.
        let a = agreement(&ruff, &pycodestyle, &codes(&["E501", "W291", "F401"]));
        assert_eq!((a.common, a.only_rust, a.only_python), (2, 1, 0));
        assert!((a.share() - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(a.largest_differences, [("F401".to_string(), 1)]);
    }

    #[test]
    fn a_finding_in_a_file_one_tool_cannot_parse_is_left_out_on_both_sides() {
        let mut python = parse_concise(PYCODESTYLE);
        python
            .findings
            .insert(Finding::new("./broken.py", 2, "W291"));
        let a = agreement(&parse_concise(RUFF), &python, &codes(&["W291"]));
        assert_eq!((a.common, a.only_rust, a.only_python), (1, 0, 0));
    }
}

//! What differs between the environments of several results files: the Python, the CPU, the
//! core count, the OS, rustc and the run mode. `compare` warns with it that two runs were not
//! measured alike, and `merge` labels each run by it.

use super::ResultsFile;

/// One aspect of the environment, and its value in each file, in the files' order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Aspect {
    /// e.g. `Python`.
    pub name: &'static str,
    pub values: Vec<String>,
}

impl Aspect {
    /// Whether the files disagree on it.
    pub fn differs(&self) -> bool {
        self.values.windows(2).any(|w| w[0] != w[1])
    }
}

/// How an aspect's value is read from a file.
type Read = fn(&ResultsFile) -> String;

/// The aspects every file records, in the order labels name them.
const ASPECTS: &[(&str, Read)] = &[
    ("Python", |f| {
        let p = &f.environment.python;
        format!("{} {}", p.implementation, p.version)
    }),
    ("CPU", |f| f.environment.cpu.clone()),
    ("cores", |f| format!("{} cores", f.environment.cores)),
    ("OS", |f| f.environment.os.clone()),
    ("rustc", |f| {
        // `rustc 1.95.0 (hash date)`: the version says enough.
        let rustc = &f.environment.rustc;
        rustc.split(" (").next().unwrap_or(rustc).to_string()
    }),
    ("mode", |f| format!("{} mode", f.mode)),
];

/// Every aspect, with its value in each of `files`.
pub fn aspects(files: &[&ResultsFile]) -> Vec<Aspect> {
    ASPECTS
        .iter()
        .map(|(name, value)| Aspect {
            name,
            values: files.iter().map(|f| value(f)).collect(),
        })
        .collect()
}

/// The aspects on which `files` disagree.
pub fn differences(files: &[&ResultsFile]) -> Vec<Aspect> {
    aspects(files).into_iter().filter(Aspect::differs).collect()
}

/// The differences in one line, for a warning: `Python CPython 3.11.7 → CPython 3.12.1;
/// CPU A → B` (for two files), or with the values joined by ` | ` for more.
pub fn describe(differences: &[Aspect]) -> String {
    differences
        .iter()
        .map(|a| {
            let separator = if a.values.len() == 2 { " → " } else { " | " };
            format!("{} {}", a.name, a.values.join(separator))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(version: &str, cpu: &str) -> ResultsFile {
        let mut f = ResultsFile::default();
        f.environment.python.implementation = "CPython".into();
        f.environment.python.version = version.into();
        f.environment.cpu = cpu.into();
        f.environment.rustc = "rustc 1.95.0 (abc 2026-01-01)".into();
        f
    }

    #[test]
    fn only_what_differs_is_named() {
        let (a, b) = (file("3.11.7", "EPYC"), file("3.12.1", "EPYC"));
        let d = differences(&[&a, &b]);
        assert_eq!(d.len(), 1);
        assert_eq!(describe(&d), "Python CPython 3.11.7 → CPython 3.12.1");
        assert!(differences(&[&a, &a.clone()]).is_empty());
        let c = file("3.13.0", "Xeon");
        assert_eq!(
            describe(&differences(&[&a, &b, &c])),
            "Python CPython 3.11.7 | CPython 3.12.1 | CPython 3.13.0; CPU EPYC | EPYC | Xeon"
        );
    }
}

//! Regex-redux: regular-expression matching and substitution over DNA text, as defined by the
//! Computer Language Benchmarks Game ("regex-redux"). The input is the fasta output for `n`
//! (about `10n` characters; generating it is untimed setup). The kernel deletes the header
//! lines and newlines (`>.*\n|\n` replaced by nothing), counts the non-overlapping matches of
//! nine variant patterns (`agggtaaa|tttaccct`, …) in the cleaned sequence, then applies five
//! substitutions in order (`tHa[Nt]` by `<4>`, `aND|caN|Ha[DS]|WaS` by `<3>`, `a[NSt]|BY` by
//! `<2>`, `<[^>]*>` by `|`, `\|[^|][^|]*\|` by `-`). The output is the definition's text: one
//! `pattern count` line per variant, a blank line, then the lengths of the input, of the
//! cleaned sequence and of the substituted sequence, one a line. The `regex` crate does the
//! work; its patterns are compiled before the timed closure, as the Python variant's `re`
//! patterns are compiled at import.
//!
//! There is no pure-Python `python` variant: without `re`, Python would need a hand-written
//! regular-expression engine, which is not what anyone writes. The Python side is only the
//! idiomatic `python_c` (the `re` module).

use std::fmt::Write;

use regex::{NoExpand, Regex};

use super::{Category, Output, RustKernel, Sizes, Variant, Workload};

/// The regex-redux workload: the input is the fasta output for `n`.
pub struct RegexRedux;

impl Workload for RegexRedux {
    fn name(&self) -> &'static str {
        "regex_redux"
    }

    fn category(&self) -> Category {
        Category::LibraryBound
    }

    fn description(&self) -> &'static str {
        "regex-redux: regular-expression counts and substitutions over DNA text"
    }

    fn sizes(&self) -> Sizes {
        Sizes {
            verify: 1_000,
            quick: 20_000,
            full: 125_000,
        }
    }

    fn variants(&self) -> &'static [Variant] {
        &[Variant::Rust, Variant::PythonC, Variant::Hybrid]
    }

    fn rust(&self, n: u64) -> RustKernel {
        let fasta = super::fasta::run(n);
        let patterns = Patterns::new();
        RustKernel::new(move || Output::Text(patterns.run(std::hint::black_box(&fasta))))
    }
}

/// Header lines and newlines: what cleaning deletes.
const CLEAN: &str = ">.*\n|\n";

/// The variant patterns whose matches are counted.
const VARIANTS: [&str; 9] = [
    "agggtaaa|tttaccct",
    "[cgt]gggtaaa|tttaccc[acg]",
    "a[act]ggtaaa|tttacc[agt]t",
    "ag[act]gtaaa|tttac[agt]ct",
    "agg[act]taaa|ttta[agt]cct",
    "aggg[acg]aaa|ttt[cgt]ccct",
    "agggt[cgt]aa|tt[acg]accct",
    "agggta[cgt]a|t[acg]taccct",
    "agggtaa[cgt]|[acg]ttaccct",
];

/// The substitutions, applied in this order: pattern, replacement.
const SUBSTITUTIONS: [(&str, &str); 5] = [
    ("tHa[Nt]", "<4>"),
    ("aND|caN|Ha[DS]|WaS", "<3>"),
    ("a[NSt]|BY", "<2>"),
    ("<[^>]*>", "|"),
    ("\\|[^|][^|]*\\|", "-"),
];

/// The definition's patterns, compiled.
pub struct Patterns {
    clean: Regex,
    variants: Vec<Regex>,
    substitutions: Vec<(Regex, &'static str)>,
}

impl Default for Patterns {
    fn default() -> Self {
        Self::new()
    }
}

impl Patterns {
    /// Compiles every pattern of the definition.
    pub fn new() -> Self {
        let compile = |pattern| Regex::new(pattern).expect("the definition's patterns compile");
        Self {
            clean: compile(CLEAN),
            variants: VARIANTS.iter().map(|p| compile(p)).collect(),
            substitutions: SUBSTITUTIONS
                .iter()
                .map(|&(p, replacement)| (compile(p), replacement))
                .collect(),
        }
    }

    /// The definition's report for a FASTA text.
    pub fn run(&self, fasta: &str) -> String {
        let sequence = self.clean.replace_all(fasta, "");
        let mut report = String::new();
        for (source, variant) in VARIANTS.iter().zip(&self.variants) {
            let count = variant.find_iter(&sequence).count();
            writeln!(report, "{source} {count}").expect("writing to a String");
        }
        let cleaned_len = sequence.len();
        let mut substituted = sequence.into_owned();
        for (pattern, replacement) in &self.substitutions {
            substituted = pattern
                .replace_all(&substituted, NoExpand(replacement))
                .into_owned();
        }
        write!(
            report,
            "\n{}\n{}\n{}\n",
            fasta.len(),
            cleaned_len,
            substituted.len()
        )
        .expect("writing to a String");
        report
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(n: u64) -> String {
        Patterns::new().run(&super::super::fasta::run(n))
    }

    #[test]
    fn counts_and_lengths_for_fasta_1000_are_the_published_values() {
        // Published for regex-dna, which counts the same nine variants on the same input.
        let counts = "agggtaaa|tttaccct 1\n\
                      [cgt]gggtaaa|tttaccc[acg] 0\n\
                      a[act]ggtaaa|tttacc[agt]t 0\n\
                      ag[act]gtaaa|tttac[agt]ct 0\n\
                      agg[act]taaa|ttta[agt]cct 1\n\
                      aggg[acg]aaa|ttt[cgt]ccct 0\n\
                      agggt[cgt]aa|tt[acg]accct 0\n\
                      agggta[cgt]a|t[acg]taccct 0\n\
                      agggtaa[cgt]|[acg]ttaccct 2\n\
                      \n10245\n10000\n";
        let got = report(1000);
        assert!(got.starts_with(counts), "{got}");
        assert_eq!(got.lines().count(), 13);
    }

    #[test]
    fn report_for_fasta_250000_is_the_published_output() {
        let known = include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/known/regexredux_fasta250000.txt"
        ));
        assert_eq!(report(250_000), known);
    }

    #[test]
    fn substitutions_apply_in_order() {
        // tHaNcaNDBY -> <4>caNDBY -> <4><3>DBY -> <4><3>D<2> -> ||D| -> |-
        let got = Patterns::new().run(">h\ntHaNc\naNDBY\n");
        assert!(got.ends_with("\n15\n10\n2\n"), "{got}");
    }

    #[test]
    fn kernel_returns_text_output() {
        let mut kernel = RegexRedux.rust(100);
        assert_eq!(kernel.run(), Output::Text(report(100)));
    }
}

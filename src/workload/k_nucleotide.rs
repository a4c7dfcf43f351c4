//! K-nucleotide: counting every DNA k-mer with a hash table, as defined by the Computer
//! Language Benchmarks Game ("k-nucleotide"). The input is the `>THREE` sequence of the fasta
//! output for `n` (`5n` characters), uppercased, its newlines removed; extracting it is
//! untimed setup. For each `k` in 1, 2, 3, 4, 6, 12 and 18, the kernel counts every k-mer of
//! the sequence (every reading frame) in a hash table of its own, grown as it goes. Each
//! k-mer is keyed by its 2-bit encoding (A=0, C=1, G=2, T=3) packed into a `u64` and rolled
//! along the sequence, as most of the Benchmarks Game programs key it; the Python `python`
//! variant keys its `dict` the same way. The table is the standard library's `HashMap` with
//! its default hasher. The output is the definition's text: the percentage of each 1-mer and
//! of each 2-mer (3 decimals, by descending frequency, then key), a blank line after each of
//! those two blocks, then `count\tkmer` for GGT, GGTA, GGTATT, GGTATTTTAATT and
//! GGTATTTTAATTTATAGT.
//!
//! Interpreter-bound: the idiomatic Python (`collections.Counter` over str slices) counts in
//! C, but still steps a generator of bytecode once per k-mer, and about half its time goes
//! there; it is no faster than the pure-Python loop.
//!
//! `rust_par` cuts the sequence, for each of the seven lengths, into 4 pieces per thread of
//! the current rayon pool, consecutive pieces sharing `k - 1` codes so that every k-mer is in
//! exactly one piece, and counts each piece in a table of its own with the serial code. The
//! 1-mer and 2-mer tables are summed; of the longer ones only the reported k-mer's count is
//! added up.

use std::collections::HashMap;
use std::fmt::Write;

use rayon::prelude::*;

use super::{Category, Output, RustKernel, Sizes, Variant, Workload, merge_counts};

/// The k-nucleotide workload: the sequence is the `5n` characters of fasta's `>THREE`.
pub struct KNucleotide;

impl Workload for KNucleotide {
    fn name(&self) -> &'static str {
        "k_nucleotide"
    }

    fn category(&self) -> Category {
        Category::InterpreterBound
    }

    fn description(&self) -> &'static str {
        "k-nucleotide: hash-table counts of every DNA k-mer for seven values of k"
    }

    fn sizes(&self) -> Sizes {
        Sizes {
            verify: 1_000,
            quick: 10_000,
            full: 75_000,
        }
    }

    fn variants(&self) -> &'static [Variant] {
        &[
            Variant::Rust,
            Variant::Python,
            Variant::PythonC,
            Variant::Hybrid,
            Variant::RustPar,
            Variant::PythonThreads,
            Variant::PythonProcs,
        ]
    }

    fn rust(&self, n: u64) -> RustKernel {
        let sequence = sequence_three(&super::fasta::run(n));
        RustKernel::new(move || Output::Text(run(std::hint::black_box(&sequence))))
    }

    fn rust_par(&self, n: u64) -> Option<RustKernel> {
        let sequence = sequence_three(&super::fasta::run(n));
        Some(RustKernel::new(move || {
            Output::Text(run_par(std::hint::black_box(&sequence)))
        }))
    }
}

/// The lengths whose every k-mer's frequency the definition reports.
const FRAMES: [usize; 2] = [1, 2];

/// The k-mers whose counts the definition reports, after the frequencies of 1- and 2-mers.
const REPORTED: [&str; 5] = [
    "GGT",
    "GGTA",
    "GGTATT",
    "GGTATTTTAATT",
    "GGTATTTTAATTTATAGT",
];

/// The nucleotides in the order of their 2-bit codes.
const NUCLEOTIDES: [u8; 4] = *b"ACGT";

/// The `>THREE` sequence of a FASTA text, uppercased and without newlines (untimed setup).
pub fn sequence_three(fasta: &str) -> Vec<u8> {
    let start = fasta
        .find(">THREE")
        .expect("fasta output has a >THREE section");
    fasta[start..]
        .lines()
        .skip(1)
        .flat_map(str::bytes)
        .map(|b| b.to_ascii_uppercase())
        .collect()
}

/// The definition's report for an uppercase sequence of A, C, G and T.
pub fn run(sequence: &[u8]) -> String {
    let codes = codes(sequence);
    let tables = FRAMES.map(|k| count(&codes, k));
    let found = REPORTED.map(|kmer| occurrences(&count(&codes, kmer.len()), kmer));
    report(&tables, &found)
}

/// The same report, every count split over the current rayon pool: each piece of
/// [`pieces`] is counted by [`count`], the tables of 1- and 2-mers are merged, and of the
/// longer k-mers only the reported one's counts are summed.
pub fn run_par(sequence: &[u8]) -> String {
    let codes = codes(sequence);
    let parts = 4 * rayon::current_num_threads();
    let (tables, found) = rayon::join(
        || {
            FRAMES.map(|k| {
                pieces(&codes, k, parts)
                    .into_par_iter()
                    .map(|piece| count(piece, k))
                    .reduce(HashMap::new, merge_counts)
            })
        },
        || {
            REPORTED.map(|kmer| {
                pieces(&codes, kmer.len(), parts)
                    .into_par_iter()
                    .map(|piece| occurrences(&count(piece, kmer.len()), kmer))
                    .sum()
            })
        },
    );
    report(&tables, &found)
}

/// The 2-bit codes of a sequence.
fn codes(sequence: &[u8]) -> Vec<u8> {
    sequence.iter().map(|&b| code(b)).collect()
}

/// The report from the counts of every 1- and 2-mer and of each [`REPORTED`] k-mer.
fn report(tables: &[HashMap<u64, u32>; 2], found: &[u32; 5]) -> String {
    let mut report = String::new();
    for (k, counts) in FRAMES.into_iter().zip(tables) {
        frequencies(&mut report, counts, k);
        report.push('\n');
    }
    for (kmer, found) in REPORTED.into_iter().zip(found) {
        writeln!(report, "{found}\t{kmer}").expect("writing to a String");
    }
    report
}

/// How often `kmer` occurs according to a table of k-mers of its length.
fn occurrences(counts: &HashMap<u64, u32>, kmer: &str) -> u32 {
    counts.get(&encode(kmer.as_bytes())).copied().unwrap_or(0)
}

/// `codes` cut into at most `parts` pieces, consecutive ones overlapping by `k - 1` codes,
/// so that each k-mer of `codes` is a k-mer of exactly one piece.
fn pieces(codes: &[u8], k: usize, parts: usize) -> Vec<&[u8]> {
    let starts = (codes.len() + 1).saturating_sub(k);
    let size = starts.div_ceil(parts.max(1)).max(1);
    (0..starts)
        .step_by(size)
        .map(|start| &codes[start..(start + size).min(starts) + k - 1])
        .collect()
}

/// The 2-bit code of a nucleotide.
fn code(nucleotide: u8) -> u8 {
    match nucleotide {
        b'A' => 0,
        b'C' => 1,
        b'G' => 2,
        b'T' => 3,
        other => panic!("not a nucleotide: {:?}", char::from(other)),
    }
}

/// The packed key of a k-mer: its 2-bit codes, the first one highest.
fn encode(kmer: &[u8]) -> u64 {
    kmer.iter().fold(0, |key, &b| key << 2 | u64::from(code(b)))
}

/// The k-mer of a packed key.
fn decode(key: u64, k: usize) -> String {
    (0..k)
        .rev()
        .map(|i| char::from(NUCLEOTIDES[(key >> (2 * i) & 3) as usize]))
        .collect()
}

/// How often each k-mer occurs in `codes`, every reading frame included: the key is rolled
/// one code at a time and masked to its last `k` codes.
fn count(codes: &[u8], k: usize) -> HashMap<u64, u32> {
    assert!(
        (1..=32).contains(&k),
        "k-mers of 1 to 32 nucleotides fit a u64"
    );
    let mut counts = HashMap::new();
    if codes.len() < k {
        return counts;
    }
    let mask = u64::MAX >> (64 - 2 * k);
    let (head, tail) = codes.split_at(k - 1);
    let mut key = head.iter().fold(0, |key, &c| key << 2 | u64::from(c));
    for &c in tail {
        key = (key << 2 | u64::from(c)) & mask;
        *counts.entry(key).or_insert(0) += 1;
    }
    counts
}

/// Appends `kmer percentage` lines, by descending count then ascending k-mer. For k-mers of
/// one length, the order of packed keys is the alphabetical order of the k-mers.
fn frequencies(report: &mut String, counts: &HashMap<u64, u32>, k: usize) {
    let total: u32 = counts.values().sum();
    let mut sorted: Vec<(u64, u32)> = counts.iter().map(|(&key, &n)| (key, n)).collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for (key, n) in sorted {
        let percent = f64::from(100 * n) / f64::from(total);
        writeln!(report, "{} {percent:.3}", decode(key, k)).expect("writing to a String");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_for_fasta_1000_is_the_published_output() {
        let known = include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/known/knucleotide_fasta1000.txt"
        ));
        let sequence = sequence_three(&super::super::fasta::run(1000));
        assert_eq!(sequence.len(), 5000);
        assert_eq!(run(&sequence), known);
    }

    #[test]
    fn counts_every_reading_frame() {
        let counts = count(&[0, 0, 0, 0], 2);
        assert_eq!(counts.len(), 1);
        assert_eq!(counts[&encode(b"AA")], 3);
        let counts = count(&[3, 3, 3], 3);
        assert_eq!(counts[&encode(b"TTT")], 1);
        assert!(count(&[1, 2], 3).is_empty());
    }

    #[test]
    fn keys_round_trip_and_sort_alphabetically() {
        for kmer in REPORTED {
            assert_eq!(decode(encode(kmer.as_bytes()), kmer.len()), kmer);
        }
        assert!(encode(b"AT") < encode(b"CA"));
        assert!(encode(b"GT") < encode(b"TA"));
    }

    #[test]
    fn equal_frequencies_are_sorted_by_key() {
        let mut report = String::new();
        frequencies(&mut report, &count(&[3, 2, 1, 0], 1), 1);
        assert_eq!(report, "A 25.000\nC 25.000\nG 25.000\nT 25.000\n");
    }

    #[test]
    fn pieces_hold_every_kmer_once() {
        let codes: Vec<u8> = (0..23u8).map(|i| i % 4).collect();
        for k in [1, 2, 5, 18, 23, 24] {
            for parts in [1, 2, 3, 7, 40] {
                let merged = pieces(&codes, k, parts)
                    .into_iter()
                    .map(|piece| count(piece, k))
                    .fold(HashMap::new(), merge_counts);
                assert_eq!(merged, count(&codes, k), "k = {k}, parts = {parts}");
            }
        }
    }

    #[test]
    fn parallel_counts_give_the_same_report() {
        for n in [100, 1000, 7_000] {
            let sequence = sequence_three(&super::super::fasta::run(n));
            assert_eq!(run_par(&sequence), run(&sequence), "n = {n}");
        }
    }

    #[test]
    fn kernel_returns_text_output() {
        let sequence = sequence_three(&super::super::fasta::run(100));
        let mut kernel = KNucleotide.rust(100);
        assert_eq!(kernel.run(), Output::Text(run(&sequence)));
    }
}

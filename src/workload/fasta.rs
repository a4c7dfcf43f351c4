//! Fasta: generation of DNA sequences in FASTA format, as defined by the Computer Language
//! Benchmarks Game ("fasta"). Three sequences, 60 characters a line: `>ONE`, `2n` characters
//! that repeat the ALU sequence; `>TWO`, `3n` characters drawn at random from the IUB
//! ambiguity codes; `>THREE`, `5n` characters drawn at random from the Homo sapiens
//! nucleotide frequencies. Each random character takes the next value of the shared
//! generator ([`Lcg::next_f64`]) and picks the first symbol whose cumulative probability
//! exceeds it (a binary search). Generating the random data is the workload itself, so it
//! is timed. The output is the whole FASTA text.

use super::data::Lcg;
use super::{Category, Output, RustKernel, Sizes, Variant, Workload};

/// The fasta workload: `n` scales the three sequences to `2n`, `3n` and `5n` characters.
pub struct Fasta;

impl Workload for Fasta {
    fn name(&self) -> &'static str {
        "fasta"
    }

    fn category(&self) -> Category {
        Category::InterpreterBound
    }

    fn description(&self) -> &'static str {
        "fasta: DNA sequences from a repeat and from a random generator (text output)"
    }

    fn sizes(&self) -> Sizes {
        Sizes {
            verify: 1_000,
            quick: 25_000,
            full: 250_000,
        }
    }

    fn variants(&self) -> &'static [Variant] {
        &[Variant::Rust, Variant::Python, Variant::Hybrid]
    }

    fn rust(&self, n: u64) -> RustKernel {
        RustKernel::new(move || Output::Text(run(std::hint::black_box(n))))
    }
}

/// Characters per line of sequence.
const LINE: usize = 60;

/// The Alu repeat sequence of the definition (287 characters).
const ALU: &str = concat!(
    "GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGG",
    "GAGGCCGAGGCGGGCGGATCACCTGAGGTCAGGAGTTCGAGA",
    "CCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAAT",
    "ACAAAAATTAGCCGGGCGTGGTGGCGCGCGCCTGTAATCCCA",
    "GCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGG",
    "AGGCGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCC",
    "AGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA",
);

/// The IUB ambiguity codes and their probabilities.
const IUB: [(u8, f64); 15] = [
    (b'a', 0.27),
    (b'c', 0.12),
    (b'g', 0.12),
    (b't', 0.27),
    (b'B', 0.02),
    (b'D', 0.02),
    (b'H', 0.02),
    (b'K', 0.02),
    (b'M', 0.02),
    (b'N', 0.02),
    (b'R', 0.02),
    (b'S', 0.02),
    (b'V', 0.02),
    (b'W', 0.02),
    (b'Y', 0.02),
];

/// The Homo sapiens nucleotide frequencies.
const HOMO_SAPIENS: [(u8, f64); 4] = [
    (b'a', 0.302_954_942_668_0),
    (b'c', 0.197_988_300_492_1),
    (b'g', 0.197_547_306_639_1),
    (b't', 0.301_509_450_200_8),
];

/// The whole FASTA text for `n`.
pub fn run(n: u64) -> String {
    let n = usize::try_from(n).expect("n fits in usize");
    let chars = 10 * n;
    let mut out: Vec<u8> = Vec::with_capacity(chars + chars / LINE + 100);
    out.extend_from_slice(b">ONE Homo sapiens alu\n");
    repeat(&mut out, ALU.as_bytes(), 2 * n);
    let mut lcg = Lcg::default();
    out.extend_from_slice(b">TWO IUB ambiguity codes\n");
    random(&mut out, &IUB, 3 * n, &mut lcg);
    out.extend_from_slice(b">THREE Homo sapiens frequency\n");
    random(&mut out, &HOMO_SAPIENS, 5 * n, &mut lcg);
    String::from_utf8(out).expect("fasta output is ASCII")
}

/// Appends `count` characters that cycle through `seq`, in lines of [`LINE`].
fn repeat(out: &mut Vec<u8>, seq: &[u8], count: usize) {
    let mut cycle = seq.iter().copied().cycle();
    let mut left = count;
    while left > 0 {
        let len = left.min(LINE);
        out.extend(cycle.by_ref().take(len));
        out.push(b'\n');
        left -= len;
    }
}

/// Appends `count` characters drawn with `lcg` from `table`, in lines of [`LINE`].
fn random(out: &mut Vec<u8>, table: &[(u8, f64)], count: usize, lcg: &mut Lcg) {
    let symbols: Vec<u8> = table.iter().map(|&(symbol, _)| symbol).collect();
    let cumulative = cumulative(table);
    let mut left = count;
    while left > 0 {
        let len = left.min(LINE);
        for _ in 0..len {
            let r = lcg.next_f64(1.0);
            out.push(symbols[cumulative.partition_point(|&c| c <= r)]);
        }
        out.push(b'\n');
        left -= len;
    }
}

/// The running sums of the probabilities, added in order as the definition does.
fn cumulative(table: &[(u8, f64)]) -> Vec<f64> {
    table
        .iter()
        .scan(0.0, |acc, &(_, p)| {
            *acc += p;
            Some(*acc)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::data::IM;
    use super::*;

    #[test]
    fn output_for_1000_starts_as_published() {
        let text = run(1000);
        assert!(text.starts_with(
            ">ONE Homo sapiens alu\n\
             GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGGGAGGCCGAGGCGGGCGGA\n"
        ));
        let two = text.find(">TWO").expect("a TWO section");
        assert!(text[two..].starts_with(
            ">TWO IUB ambiguity codes\n\
             cttBtatcatatgctaKggNcataaaSatgtaaaDcDRtBggDtctttataattcBgtcg\n"
        ));
        assert!(text.contains("\n>THREE Homo sapiens frequency\n"));
    }

    #[test]
    fn lines_are_60_characters_and_counted_as_defined() {
        let text = run(1000);
        assert!(text.ends_with('\n'));
        let lines: Vec<&str> = text.lines().collect();
        // 3 headers + ceil(2000/60) + ceil(3000/60) + ceil(5000/60)
        assert_eq!(lines.len(), 3 + 34 + 50 + 84);
        assert!(lines.iter().all(|l| l.starts_with('>') || l.len() <= LINE));
        assert_eq!(
            text.len() - text.lines().map(str::len).sum::<usize>(),
            lines.len()
        );
        assert_eq!(lines.iter().filter(|l| l.len() == 20).count(), 2);
    }

    #[test]
    fn every_random_value_finds_a_symbol() {
        let largest = f64::from(IM - 1) / f64::from(IM);
        for table in [&IUB[..], &HOMO_SAPIENS[..]] {
            assert!(*cumulative(table).last().expect("non-empty") > largest);
        }
        assert_eq!(ALU.len(), 287);
    }

    #[test]
    fn kernel_returns_text_output() {
        let mut kernel = Fasta.rust(100);
        assert_eq!(kernel.run(), Output::Text(run(100)));
    }
}

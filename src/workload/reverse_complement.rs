//! Reverse-complement: the reverse complement of every sequence of a FASTA file, as defined
//! by the Computer Language Benchmarks Game ("reverse-complement"). The input is the fasta
//! output for `n` as bytes (about `10n` of them; generating it is untimed setup). Each
//! sequence's header line is kept; its lines are joined, reversed, and every nucleotide code
//! (upper or lower case) is replaced by the uppercase code of its complement, by the
//! definition's table (A-T, C-G, U-A, M-K, R-Y, W-W, S-S, V-B, H-D, N-N); the result is
//! written in lines of 60. The output is the whole FASTA text as bytes.

use super::{Category, Output, RustKernel, Sizes, Variant, Workload};

/// The reverse-complement workload: the input is the fasta output for `n`.
pub struct ReverseComplement;

impl Workload for ReverseComplement {
    fn name(&self) -> &'static str {
        "reverse_complement"
    }

    fn category(&self) -> Category {
        Category::LibraryBound
    }

    fn description(&self) -> &'static str {
        "reverse-complement: byte translation and reversal of DNA sequences (text in, text out)"
    }

    fn sizes(&self) -> Sizes {
        Sizes {
            verify: 1_000,
            quick: 150_000,
            full: 1_000_000,
        }
    }

    fn variants(&self) -> &'static [Variant] {
        &[
            Variant::Rust,
            Variant::Python,
            Variant::PythonC,
            Variant::Hybrid,
        ]
    }

    fn rust(&self, n: u64) -> RustKernel {
        let fasta = super::fasta::run(n).into_bytes();
        RustKernel::new(move || Output::Bytes(run(std::hint::black_box(&fasta))))
    }
}

/// Characters per line of sequence.
const LINE: usize = 60;

/// Each nucleotide code, and the code of its complement.
const PAIRS: [(u8, u8); 16] = [
    (b'A', b'T'),
    (b'C', b'G'),
    (b'G', b'C'),
    (b'T', b'A'),
    (b'U', b'A'),
    (b'M', b'K'),
    (b'R', b'Y'),
    (b'W', b'W'),
    (b'S', b'S'),
    (b'Y', b'R'),
    (b'K', b'M'),
    (b'V', b'B'),
    (b'H', b'D'),
    (b'D', b'H'),
    (b'B', b'V'),
    (b'N', b'N'),
];

/// The complement of every byte: upper- and lowercase codes map to the uppercase complement,
/// every other byte to itself.
const COMPLEMENT: [u8; 256] = complement_table();

const fn complement_table() -> [u8; 256] {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = b as u8;
        b += 1;
    }
    let mut i = 0;
    while i < PAIRS.len() {
        let (code, complement) = PAIRS[i];
        table[code as usize] = complement;
        table[code.to_ascii_lowercase() as usize] = complement;
        i += 1;
    }
    table
}

/// The reverse-complemented FASTA text of `fasta`.
pub fn run(fasta: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(fasta.len());
    for record in fasta.split(|&b| b == b'>').skip(1) {
        let (header, body) = match record.iter().position(|&b| b == b'\n') {
            Some(end) => (&record[..end], &record[end + 1..]),
            None => (record, &[][..]),
        };
        out.push(b'>');
        out.extend_from_slice(header);
        out.push(b'\n');
        // Straight into `out`, re-wrapped as it goes: no per-record buffer to allocate.
        let mut column = 0;
        for &b in body.iter().rev().filter(|&&b| b != b'\n') {
            out.push(COMPLEMENT[usize::from(b)]);
            column += 1;
            if column == LINE {
                out.push(b'\n');
                column = 0;
            }
        }
        if column > 0 {
            out.push(b'\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_for_fasta_1000_is_the_published_output() {
        let known = include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/known/revcomp_fasta1000.txt"
        ));
        let fasta = super::super::fasta::run(1000);
        assert_eq!(run(fasta.as_bytes()), known);
    }

    #[test]
    fn complements_both_cases_and_rewraps_lines() {
        let fasta = b">a b\nacgtumrwsykvhdbn\nACGT\n>c\n";
        assert_eq!(run(fasta), b">a b\nACGTNVHDBMRSWYKAACGT\n>c\n".to_vec());
        let long = format!(">x\n{}\n{}\n", "A".repeat(LINE), "C".repeat(LINE + 1));
        let expected = format!(">x\n{}\nG{}\nT\n", "G".repeat(LINE), "T".repeat(LINE - 1));
        assert_eq!(run(long.as_bytes()), expected.into_bytes());
    }

    #[test]
    fn complement_is_an_involution_on_uppercase_codes() {
        for (code, complement) in PAIRS {
            let back = COMPLEMENT[usize::from(complement)];
            assert!(back == code || (code == b'U' && back == b'T'));
        }
        assert_eq!(COMPLEMENT[usize::from(b'\n')], b'\n');
    }

    #[test]
    fn kernel_returns_bytes_output() {
        let mut kernel = ReverseComplement.rust(100);
        assert_eq!(
            kernel.run(),
            Output::Bytes(run(super::super::fasta::run(100).as_bytes()))
        );
    }
}

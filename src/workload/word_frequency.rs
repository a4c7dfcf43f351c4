//! Word frequency: split a text into words, count every distinct word, and report the 20
//! most frequent, by count (descending) and then by word (ascending), one `"word count"` line
//! each, every line ending in `\n`. The output is those 20 lines; the timed work is the split,
//! the counting and the ranking of all distinct words.
//!
//! The input text is built before timing, identically in Python: a vocabulary of 1000
//! pseudo-words, word `k` spelled by the bijective base-70 numeral of `k + 1` over the 70
//! syllables consonant + vowel (`ba, be, ..., zu, baba, babe, ...`), so that frequent words
//! are short; a Zipf distribution over them, word `k` weighing `720720 / (k + 1)` (integer
//! division); and `n` words drawn with the shared generator, each raw value `r` scaled to
//! `u = r * total / 139968` in integers and mapped to the first word whose cumulative weight
//! exceeds `u`. The words are joined by spaces, 12 to a line.
//!
//! The Rust variant is `split_whitespace` into a `HashMap<&str, usize>` (the standard
//! library's default SipHash hasher), then a sort of the distinct words. The Python variants
//! are a dict loop over `str.split()` (`python`) and `collections.Counter` (`python_c`),
//! whose counting loop runs in C.
//!
//! `rust_par` cuts the text at whitespace into 4 pieces per thread of the current rayon pool,
//! counts each piece into a map of its own with the serial code ([`count_words`]), sums the
//! maps pairwise and ranks the total as `rust` does.

use std::collections::HashMap;

use rayon::prelude::*;

use super::data::Lcg;
use super::{Category, Output, RustKernel, Sizes, Variant, Workload, merge_counts};

/// The word frequency workload: `n` is the number of words in the text.
pub struct WordFrequency;

impl Workload for WordFrequency {
    fn name(&self) -> &'static str {
        "word_frequency"
    }

    fn category(&self) -> Category {
        Category::LibraryBound
    }

    fn description(&self) -> &'static str {
        "word_frequency: split a text and count its words in a hash map (strings, hashing)"
    }

    fn sizes(&self) -> Sizes {
        Sizes {
            verify: 20_000,
            quick: 300_000,
            full: 2_000_000,
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
        let text = text(n);
        RustKernel::new(move || Output::Text(top_words(std::hint::black_box(&text))))
    }

    fn rust_par(&self, n: u64) -> Option<RustKernel> {
        let text = text(n);
        Some(RustKernel::new(move || {
            Output::Text(top_words_par(std::hint::black_box(&text)))
        }))
    }
}

/// How many words the output lists.
pub const TOP: usize = 20;
/// The number of distinct words the text is drawn from.
pub const VOCABULARY: usize = 1000;
/// The Zipf weight of word `k` is `ZIPF_SCALE / (k + 1)`.
const ZIPF_SCALE: u64 = 720_720;
/// Words per line of the text.
const LINE_WORDS: usize = 12;
/// The syllables words are spelled with: consonant + vowel.
const CONSONANTS: &[u8] = b"bdfgklmnprstvz";
const VOWELS: &[u8] = b"aeiou";

/// Word `k` of the vocabulary: the bijective base-70 numeral of `k + 1` in syllables.
pub fn word(k: usize) -> String {
    let syllables = CONSONANTS.len() * VOWELS.len();
    let mut digits = Vec::new();
    let mut x = k + 1;
    while x > 0 {
        x -= 1;
        digits.push(x % syllables);
        x /= syllables;
    }
    digits
        .iter()
        .rev()
        .flat_map(|&d| [CONSONANTS[d / VOWELS.len()], VOWELS[d % VOWELS.len()]])
        .map(char::from)
        .collect()
}

/// The input: `n` words drawn from the Zipf distribution, 12 to a line.
pub fn text(n: u64) -> String {
    let words: Vec<String> = (0..VOCABULARY).map(word).collect();
    let cumulative: Vec<u64> = (0..VOCABULARY as u64)
        .scan(0, |acc, k| {
            *acc += ZIPF_SCALE / (k + 1);
            Some(*acc)
        })
        .collect();
    let total = *cumulative.last().expect("a non-empty vocabulary");
    let mut lcg = Lcg::default();
    let mut text = String::new();
    for i in 0..usize::try_from(n).expect("n fits in usize") {
        let u = lcg.below(total);
        text.push_str(&words[cumulative.partition_point(|&c| c <= u)]);
        text.push(if (i + 1) % LINE_WORDS == 0 { '\n' } else { ' ' });
    }
    if n > 0 && !text.ends_with('\n') {
        text.pop();
        text.push('\n');
    }
    text
}

/// The [`TOP`] most frequent words of `text`, by count descending then word ascending, as
/// `"word count\n"` lines.
pub fn top_words(text: &str) -> String {
    ranked(count_words(text))
}

/// The same lines, the text's pieces ([`pieces`]) counted in parallel on the current rayon
/// pool and their counts summed.
pub fn top_words_par(text: &str) -> String {
    ranked(
        pieces(text, 4 * rayon::current_num_threads())
            .into_par_iter()
            .map(count_words)
            .reduce(HashMap::new, merge_counts),
    )
}

/// How often each word of `text` occurs.
fn count_words(text: &str) -> HashMap<&str, usize> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for w in text.split_whitespace() {
        *counts.entry(w).or_insert(0) += 1;
    }
    counts
}

/// `text` cut into at most `parts` pieces of about equal length, each cut just before a
/// whitespace character, so that each word of `text` is a word of exactly one piece.
fn pieces(text: &str, parts: usize) -> Vec<&str> {
    let size = text.len().div_ceil(parts.max(1)).max(1);
    let mut pieces = Vec::with_capacity(parts);
    let mut rest = text;
    while rest.len() > size {
        let mut at = size;
        while !rest.is_char_boundary(at) {
            at += 1;
        }
        let Some(gap) = rest[at..].find(char::is_whitespace) else {
            break;
        };
        let (piece, tail) = rest.split_at(at + gap);
        pieces.push(piece);
        rest = tail;
    }
    pieces.push(rest);
    pieces
}

/// The [`TOP`] entries of a word count, by count descending then word ascending, as lines.
fn ranked(counts: HashMap<&str, usize>) -> String {
    let mut entries: Vec<(&str, usize)> = counts.into_iter().collect();
    entries.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    entries
        .iter()
        .take(TOP)
        .map(|(w, c)| format!("{w} {c}\n"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabulary_is_spelled_in_bijective_base_70() {
        assert_eq!(word(0), "ba");
        assert_eq!(word(1), "be");
        assert_eq!(word(69), "zu");
        assert_eq!(word(70), "baba");
        assert_eq!(word(71), "babe");
        let distinct: std::collections::HashSet<String> = (0..VOCABULARY).map(word).collect();
        assert_eq!(distinct.len(), VOCABULARY);
    }

    #[test]
    fn text_has_n_words_in_lines_of_twelve() {
        let t = text(30);
        assert_eq!(t.split_whitespace().count(), 30);
        assert_eq!(t.lines().count(), 3);
        assert!(t.ends_with('\n') && !t.contains(" \n"));
        assert_eq!(t.lines().next().map(|l| l.split(' ').count()), Some(12));
        assert_eq!(text(0), "");
        assert_eq!(text(24).lines().count(), 2);
    }

    #[test]
    fn ties_are_broken_by_word_and_only_twenty_are_listed() {
        assert_eq!(top_words("b a c\nb a\n"), "a 2\nb 2\nc 1\n");
        let many: String = (0..30).map(|k| word(k) + " ").collect();
        let top = top_words(&many);
        assert_eq!(top.lines().count(), TOP);
        assert!(top.starts_with("ba 1\nbe 1\nbi 1\n"));
        assert_eq!(top_words(""), "");
    }

    #[test]
    fn frequent_words_follow_the_zipf_weights() {
        let top = top_words(&text(100_000));
        let lines: Vec<&str> = top.lines().collect();
        assert!(lines[0].starts_with("ba "), "{top}");
        assert!(lines[1].starts_with("be "), "{top}");
        let count = |line: &str| -> f64 { line.split(' ').nth(1).unwrap().parse().unwrap() };
        // Weight ratio 1 : 1/2, total weight about 7.485 * 720720.
        let ratio = count(lines[1]) / count(lines[0]);
        assert!((ratio - 0.5).abs() < 0.02, "{ratio}");
    }

    #[test]
    fn parallel_counts_give_the_same_lines() {
        for n in [0, 1, 1000, 50_000] {
            let t = text(n);
            assert_eq!(top_words_par(&t), top_words(&t), "n = {n}");
        }
    }

    #[test]
    fn pieces_are_cut_at_whitespace() {
        let odd = " a\tbé  a\n\u{3000}c bé\u{85}a déjà vu\u{3000}\u{3000}a";
        let words: Vec<&str> = odd.split_whitespace().collect();
        for parts in [1, 2, 3, 5, 8, 100] {
            let cut = pieces(odd, parts);
            assert!(cut.len() <= parts);
            assert_eq!(cut.concat(), odd);
            let rejoined: Vec<&str> = cut.iter().flat_map(|p| p.split_whitespace()).collect();
            assert_eq!(rejoined, words, "parts = {parts}");
        }
        assert_eq!(pieces("", 4), [""]);
        assert_eq!(pieces("oneword", 4), ["oneword"]);
    }

    #[test]
    fn kernel_returns_the_top_lines() {
        let mut kernel = WordFrequency.rust(1000);
        assert_eq!(kernel.run(), Output::Text(top_words(&text(1000))));
    }
}

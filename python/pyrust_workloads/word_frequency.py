"""Word frequency: count the words of a text and list the 20 most frequent.

The words are split on whitespace and counted; the 20 most frequent are ranked by count
(descending) and then by word (ascending), and returned as ``"word count\\n"`` lines in one
str. The timed work is the split, the counting and the ranking of all distinct words.

``setup(n)`` builds the text before timing, identically to ``src/workload/word_frequency.rs``:
a vocabulary of 1000 pseudo-words, word ``k`` spelled by the bijective base-70 numeral of
``k + 1`` over the 70 syllables consonant + vowel (``ba, be, ..., zu, baba, babe, ...``); a
Zipf distribution over them, word ``k`` weighing ``720720 // (k + 1)``; and ``n`` words drawn
with the shared generator (``_data``), each raw value ``r`` scaled to
``u = r * total // 139968`` and mapped to the first word whose cumulative weight exceeds
``u`` (``bisect``; computed once per raw value, since the generator has only 139968 of them).
The words are joined by spaces, 12 to a line.

``python(text)`` counts in a dict in a Python loop over ``str.split()``; ``python_c(text)``
counts with ``collections.Counter``, whose counting loop runs in C. Both rank with the same
``sorted`` key (``Counter.most_common`` would break ties by first appearance, not by word).

``python_threads(text, workers)`` and ``python_procs(text, workers)`` run ``python``'s dict
loop on a pool of threads or processes (see ``_parallel``): the text is cut just before
whitespace into 4 pieces per worker, so that no word is split, each piece (a str, pickled to
a process) is counted by ``python``'s own task ``count_words``, and the counts are summed and
ranked.

``hybrid(text)`` passes the same str to the Rust kernel,
``pyrust_kernels.word_frequency(text)``, which reads it in place. Called from ``hybrid``, the
kernel is the Rust variant's own code behind the PyO3 module ``pyrust_kernels``
(``src/hybrid/kernels.rs``); its timing includes crossing the boundary.
"""

from bisect import bisect
from collections import Counter
from itertools import accumulate

from . import _parallel
from ._data import IA, IC, IM, SEED
from ._kernels import pyrust_kernels

DEFAULT_N = 2_000_000

TOP = 20
VOCABULARY = 1000
ZIPF_SCALE = 720_720
LINE_WORDS = 12
SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]


def word(k):
    """Word ``k`` of the vocabulary: the bijective base-70 numeral of ``k + 1``."""
    digits = []
    x = k + 1
    while x:
        x, d = divmod(x - 1, len(SYLLABLES))
        digits.append(SYLLABLES[d])
    return "".join(reversed(digits))


def setup(n):
    """The text: ``n`` words drawn from the Zipf distribution, 12 to a line."""
    words = [word(k) for k in range(VOCABULARY)]
    cumulative = list(accumulate([ZIPF_SCALE // (k + 1) for k in range(VOCABULARY)]))
    total = cumulative[-1]
    by_raw = [words[bisect(cumulative, r * total // IM)] for r in range(IM)]
    drawn = []
    append = drawn.append
    seed = SEED
    for _ in range(n):
        seed = (seed * IA + IC) % IM
        append(by_raw[seed])
    lines = [" ".join(drawn[i : i + LINE_WORDS]) for i in range(0, n, LINE_WORDS)]
    return ("".join([line + "\n" for line in lines]),)


def ranked(counts):
    """The ``TOP`` entries of a word -> count mapping, by count then word, as lines."""
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP]
    return "".join([f"{w} {c}\n" for w, c in top])


def count_words(text):
    """``{word: count}`` of the whitespace-separated words of ``text``."""
    counts = {}
    get = counts.get
    for w in text.split():
        counts[w] = get(w, 0) + 1
    return counts


def python(text):
    """The 20 most frequent words of ``text``, counted in a Python loop."""
    return ranked(count_words(text))


def pieces(text, parts):
    """``text`` cut into at most ``parts`` pieces of about equal length, each cut just before
    a whitespace character, so that every word of ``text`` is a word of exactly one piece."""
    size = max(-(-len(text) // parts), 1)
    cuts = [0]
    while len(text) - cuts[-1] > size:
        at = cuts[-1] + size
        while at < len(text) and not text[at].isspace():
            at += 1
        if at == len(text):
            break
        cuts.append(at)
    cuts.append(len(text))
    return [text[start:stop] for start, stop in zip(cuts, cuts[1:])]


def parallel(text, workers, pmap):
    """The same lines, the text's ``pieces`` (4 per worker) counted by ``pmap`` and summed."""
    counts = {}
    for part in pmap(count_words, pieces(text, 4 * workers)):
        _parallel.add_counts(counts, part)
    return ranked(counts)


python_threads, python_procs = _parallel.variants(parallel)


def python_c(text):
    """The 20 most frequent words of ``text``, counted by ``collections.Counter``."""
    return ranked(Counter(text.split()))


def hybrid(text):
    """The same 20 lines, from the Rust kernel (the str is read in place)."""
    return pyrust_kernels.word_frequency(text)


if __name__ == "__main__":
    print(python(*setup(DEFAULT_N)), end="")

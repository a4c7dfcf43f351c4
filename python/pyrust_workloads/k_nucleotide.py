"""K-nucleotide: counting every DNA k-mer with a hash table.

The Computer Language Benchmarks Game's "k-nucleotide" definition. The input is the
``>THREE`` sequence of the fasta output for ``n`` (``5n`` characters), uppercased, its
newlines removed (``setup(n)``, untimed). For each ``k`` in 1, 2, 3, 4, 6, 12 and 18, every
k-mer of the sequence (every reading frame) is counted in a dict of its own. Both variants
return the definition's text as a str: the percentage of each 1-mer and of each 2-mer
(3 decimals, by descending frequency, then key), a blank line after each of those two
blocks, then ``count\\tkmer`` for GGT, GGTA, GGTATT, GGTATTTTAATT and GGTATTTTAATTTATAGT.

``python``: the algorithm of ``src/workload/k_nucleotide.rs``. Each k-mer is keyed by its
2-bit codes (A=0, C=1, G=2, T=3) packed into an int and rolled along the sequence, which is
faster in CPython than slicing a str for every key (small ints hash to themselves).
``python_c``: the idiomatic way, ``collections.Counter`` over str slices; the counting runs
in C, but one generator step per k-mer still runs as bytecode.

``python_threads(sequence, workers)`` and ``python_procs(sequence, workers)`` run the seven
counts of ``python`` on a pool of threads or processes (see ``_parallel``): the 2-bit codes
are cut, for each ``k``, into ``workers`` pieces that overlap by ``k - 1`` codes (so every
k-mer is in exactly one piece), each piece is counted by ``python``'s own task ``tally``, and
the counts are summed. Only the 1-mer and 2-mer tables come back whole; for the reported
k-mers a task returns its one count.

``hybrid(sequence)`` passes the same str to the Rust kernel,
``pyrust_kernels.k_nucleotide(sequence)``, which reads it in place and returns the report.
Called from ``hybrid``, the kernel is the Rust variant's own code behind the PyO3 module
``pyrust_kernels`` (``src/hybrid/kernels.rs``); its timing includes crossing the boundary.
"""

from collections import Counter

from . import _parallel
from ._kernels import pyrust_kernels
from .fasta import python as fasta

DEFAULT_N = 75_000

FRAMES = (1, 2)
REPORTED = ("GGT", "GGTA", "GGTATT", "GGTATTTTAATT", "GGTATTTTAATTTATAGT")

NUCLEOTIDES = "ACGT"
CODES = bytes.maketrans(NUCLEOTIDES.encode(), bytes(range(4)))


def setup(n):
    """The ``>THREE`` sequence of ``fasta(n)``, uppercased, as the argument tuple."""
    text = fasta(n)
    body = text[text.index(">THREE") :].split("\n", 1)[1]
    return (body.replace("\n", "").upper(),)


def frequencies(counts):
    """``kmer percentage`` lines of ``{kmer: count}``, by descending count then kmer."""
    total = sum(counts.values())
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return "".join([f"{kmer} {100 * n / total:.3f}\n" for kmer, n in ranked])


def encode(kmer):
    """The packed key of a k-mer."""
    key = 0
    for c in kmer.encode().translate(CODES):
        key = key << 2 | c
    return key


def decode(key, k):
    """The k-mer of a packed key."""
    return "".join([NUCLEOTIDES[key >> 2 * i & 3] for i in reversed(range(k))])


def count(codes, k):
    """``{packed key: count}`` of every k-mer in the bytes of 2-bit ``codes``."""
    counts = {}
    get = counts.get
    mask = (1 << 2 * k) - 1
    key = 0
    for c in codes[: k - 1]:
        key = key << 2 | c
    for c in codes[k - 1 :]:
        key = (key << 2 | c) & mask
        counts[key] = get(key, 0) + 1
    return counts


def tally(task):
    """``count(codes, k)``, where ``task`` is ``(codes, k, wanted)``: whole if ``wanted`` is
    None, else ``{wanted: count}`` for the packed key ``wanted`` alone."""
    codes, k, wanted = task
    counts = count(codes, k)
    if wanted is None:
        return counts
    return {wanted: counts.get(wanted, 0)}


def jobs():
    """``(k, wanted)`` of each count the report needs, in report order: every 1-mer and
    2-mer, then each reported k-mer alone."""
    return [(k, None) for k in FRAMES] + [
        (len(kmer), encode(kmer)) for kmer in REPORTED
    ]


def report(tallies):
    """The definition's text from the ``tally`` of each of ``jobs()``."""
    out = []
    for k, counts in zip(FRAMES, tallies):
        out.append(frequencies({decode(key, k): n for key, n in counts.items()}))
        out.append("\n")
    for kmer, counts in zip(REPORTED, tallies[len(FRAMES) :]):
        out.append(f"{counts.get(encode(kmer), 0)}\t{kmer}\n")
    return "".join(out)


def python(sequence):
    """The definition's report, with dicts keyed by packed k-mers."""
    codes = sequence.encode().translate(CODES)
    return report([tally((codes, k, wanted)) for k, wanted in jobs()])


def parallel(sequence, workers, pmap):
    """The same report, each count cut into ``workers`` overlapping pieces of the codes,
    tallied by ``pmap`` and summed."""
    codes = sequence.encode().translate(CODES)
    owners = []
    tasks = []
    for job, (k, wanted) in enumerate(jobs()):
        for start, stop in _parallel.chunks(max(len(codes) - k + 1, 0), workers):
            owners.append(job)
            tasks.append((codes[start : stop + k - 1], k, wanted))
    tallies = [{} for _ in jobs()]
    for job, counts in zip(owners, pmap(tally, tasks)):
        _parallel.add_counts(tallies[job], counts)
    return report(tallies)


python_threads, python_procs = _parallel.variants(parallel)


def count_c(sequence, k):
    """``Counter`` of every k-mer of ``sequence``, as str slices."""
    return Counter(sequence[i : i + k] for i in range(len(sequence) - k + 1))


def python_c(sequence):
    """The definition's report, with ``collections.Counter`` over str slices."""
    report = []
    for k in FRAMES:
        report.append(frequencies(count_c(sequence, k)))
        report.append("\n")
    for kmer in REPORTED:
        report.append(f"{count_c(sequence, len(kmer))[kmer]}\t{kmer}\n")
    return "".join(report)


def hybrid(sequence):
    """The same report, from the Rust kernel (the str is read in place)."""
    return pyrust_kernels.k_nucleotide(sequence)


if __name__ == "__main__":
    print(python(*setup(DEFAULT_N)), end="")

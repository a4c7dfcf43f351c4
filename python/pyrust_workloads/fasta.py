"""Fasta: DNA sequences in FASTA format, from a repeat and from a random generator.

The Computer Language Benchmarks Game's "fasta" definition, 60 characters a line:
``>ONE``, ``2n`` characters that repeat the ALU sequence; ``>TWO``, ``3n`` characters drawn at
random from the IUB ambiguity codes; ``>THREE``, ``5n`` characters drawn at random from the
Homo sapiens nucleotide frequencies. Each random character takes the next value of the
shared generator (``_data``: ``seed = (seed * 3877 + 29573) % 139968``, from 42, scaled to
``seed / 139968``) and picks the first symbol whose cumulative probability exceeds it
(``bisect``). ``python(n)`` returns the whole FASTA text as a str.

Same algorithm as ``src/workload/fasta.rs``; the generator's step is inlined in the loop.

``hybrid(n)`` returns the same text from the Rust kernel, ``pyrust_kernels.fasta(n)``. Called
from ``hybrid``, the kernel is the Rust variant's own code behind the PyO3 module
``pyrust_kernels`` (``src/hybrid/kernels.rs``); its timing includes crossing the boundary.
"""

from bisect import bisect
from itertools import accumulate

from ._data import IA, IC, IM, SEED
from ._kernels import pyrust_kernels

DEFAULT_N = 250_000

LINE = 60

ALU = (
    "GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGG"
    "GAGGCCGAGGCGGGCGGATCACCTGAGGTCAGGAGTTCGAGA"
    "CCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAAT"
    "ACAAAAATTAGCCGGGCGTGGTGGCGCGCGCCTGTAATCCCA"
    "GCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGG"
    "AGGCGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCC"
    "AGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA"
)

IUB = (
    ("a", 0.27),
    ("c", 0.12),
    ("g", 0.12),
    ("t", 0.27),
    ("B", 0.02),
    ("D", 0.02),
    ("H", 0.02),
    ("K", 0.02),
    ("M", 0.02),
    ("N", 0.02),
    ("R", 0.02),
    ("S", 0.02),
    ("V", 0.02),
    ("W", 0.02),
    ("Y", 0.02),
)

HOMO_SAPIENS = (
    ("a", 0.3029549426680),
    ("c", 0.1979883004921),
    ("g", 0.1975473066391),
    ("t", 0.3015094502008),
)


def repeat_lines(seq, count):
    """``count`` characters cycling through ``seq``, as lines of ``LINE``."""
    text = seq * (count // len(seq) + 1)
    return [text[i : min(i + LINE, count)] + "\n" for i in range(0, count, LINE)]


def random_lines(table, count, seed):
    """``count`` characters drawn from ``table``, as lines; also the generator's last state."""
    symbols = "".join([symbol for symbol, _ in table])
    cumulative = list(accumulate([p for _, p in table]))
    lines = []
    for start in range(0, count, LINE):
        chars = []
        append = chars.append
        for _ in range(min(LINE, count - start)):
            seed = (seed * IA + IC) % IM
            append(symbols[bisect(cumulative, seed / IM)])
        append("\n")
        lines.append("".join(chars))
    return lines, seed


def python(n):
    """The whole FASTA text for ``n``."""
    out = [">ONE Homo sapiens alu\n"]
    out += repeat_lines(ALU, 2 * n)
    out.append(">TWO IUB ambiguity codes\n")
    lines, seed = random_lines(IUB, 3 * n, SEED)
    out += lines
    out.append(">THREE Homo sapiens frequency\n")
    lines, seed = random_lines(HOMO_SAPIENS, 5 * n, seed)
    out += lines
    return "".join(out)


def hybrid(n):
    """The same FASTA text, from the Rust kernel."""
    return pyrust_kernels.fasta(n)


if __name__ == "__main__":
    print(python(DEFAULT_N), end="")

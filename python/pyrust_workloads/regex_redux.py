"""Regex-redux: regular-expression matching and substitution over DNA text.

The Computer Language Benchmarks Game's "regex-redux" definition. The input is the fasta
output for ``n`` as a str (``setup(n)``, untimed). Header lines and newlines are deleted
(``>.*\\n|\\n``), the non-overlapping matches of nine variant patterns are counted in the
cleaned sequence, then five substitutions are applied in order. ``python_c`` returns the
definition's text as a str: one ``pattern count`` line per variant, a blank line, then the
lengths of the input, of the cleaned sequence and of the substituted sequence, one a line.

``python_c`` is the idiomatic Python: the ``re`` module, its patterns compiled at import (as
``src/workload/regex_redux.rs`` compiles its ``regex`` patterns before timing). There is no
pure-Python ``python`` variant: it would need a hand-written regular-expression engine.

``hybrid(text)`` passes the same str to the Rust kernel, ``pyrust_kernels.regex_redux(text)``
(the ``regex`` crate), which reads it in place. Called from ``hybrid``, the kernel is the Rust
variant's own code behind the PyO3 module ``pyrust_kernels`` (``src/hybrid/kernels.rs``); its
timing includes crossing the boundary.
"""

import re

from ._kernels import pyrust_kernels
from .fasta import python as fasta

DEFAULT_N = 125_000

CLEAN = re.compile(">.*\n|\n")

VARIANTS = tuple(
    re.compile(pattern)
    for pattern in (
        "agggtaaa|tttaccct",
        "[cgt]gggtaaa|tttaccc[acg]",
        "a[act]ggtaaa|tttacc[agt]t",
        "ag[act]gtaaa|tttac[agt]ct",
        "agg[act]taaa|ttta[agt]cct",
        "aggg[acg]aaa|ttt[cgt]ccct",
        "agggt[cgt]aa|tt[acg]accct",
        "agggta[cgt]a|t[acg]taccct",
        "agggtaa[cgt]|[acg]ttaccct",
    )
)

# Applied in this order: pattern, replacement.
SUBSTITUTIONS = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        ("tHa[Nt]", "<4>"),
        ("aND|caN|Ha[DS]|WaS", "<3>"),
        ("a[NSt]|BY", "<2>"),
        ("<[^>]*>", "|"),
        ("\\|[^|][^|]*\\|", "-"),
    )
)


def setup(n):
    """The fasta output for ``n``, as the argument tuple."""
    return (fasta(n),)


def python_c(text):
    """The definition's report for a FASTA text, with the ``re`` module."""
    sequence = CLEAN.sub("", text)
    report = [
        f"{variant.pattern} {len(variant.findall(sequence))}\n" for variant in VARIANTS
    ]
    substituted = sequence
    for pattern, replacement in SUBSTITUTIONS:
        substituted = pattern.sub(replacement, substituted)
    report.append(f"\n{len(text)}\n{len(sequence)}\n{len(substituted)}\n")
    return "".join(report)


def hybrid(text):
    """The same report, from the Rust kernel (the ``regex`` crate)."""
    return pyrust_kernels.regex_redux(text)


if __name__ == "__main__":
    print(python_c(*setup(DEFAULT_N)), end="")

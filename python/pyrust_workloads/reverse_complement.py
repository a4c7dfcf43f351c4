"""Reverse-complement: the reverse complement of every sequence of a FASTA file.

The Computer Language Benchmarks Game's "reverse-complement" definition. The input is the
fasta output for ``n`` as bytes (``setup(n)``, untimed). Each sequence's header line is
kept; its lines are joined, reversed, and every nucleotide code (upper or lower case) is
replaced by the uppercase code of its complement, by the definition's table (A-T, C-G, U-A,
M-K, R-Y, W-W, S-S, V-B, H-D, N-N); the result is written in lines of 60. Both variants
return the whole FASTA text as bytes, as ``src/workload/reverse_complement.rs`` does.

``python``: one list comprehension over the reversed bytes, each byte looked up in a
256-entry list. ``python_c``: the idiomatic way, ``bytes.translate`` and a ``[::-1]`` slice.

``hybrid(data)`` passes the same bytes to the Rust kernel,
``pyrust_kernels.reverse_complement(data)``, which reads them in place and returns new bytes.
Called from ``hybrid``, the kernel is the Rust variant's own code behind the PyO3 module
``pyrust_kernels`` (``src/hybrid/kernels.rs``); its timing includes crossing the boundary.
"""

from ._kernels import pyrust_kernels
from .fasta import python as fasta

DEFAULT_N = 1_000_000

LINE = 60

CODES = b"ACGTUMRWSYKVHDBN"
COMPLEMENTS = b"TGCAAKYWSRMBDHVN"
# Upper- and lowercase codes map to the uppercase complement, every other byte to itself.
TABLE = bytes.maketrans(CODES + CODES.lower(), COMPLEMENTS + COMPLEMENTS)
TABLE_LIST = list(TABLE)


def setup(n):
    """The fasta output for ``n``, as bytes, in the argument tuple."""
    return (fasta(n).encode("ascii"),)


def records(data):
    """``(header, sequence lines)`` of every record of a FASTA text."""
    for record in data.split(b">")[1:]:
        header, _, body = record.partition(b"\n")
        yield header, body


def wrap(header, reversed_sequence):
    """The record's lines: the header, then the sequence in lines of ``LINE``."""
    lines = [b">" + header + b"\n"]
    lines += [
        reversed_sequence[i : i + LINE] + b"\n"
        for i in range(0, len(reversed_sequence), LINE)
    ]
    return lines


def python(data):
    """The reverse-complemented FASTA text, one byte at a time."""
    table = TABLE_LIST
    out = []
    for header, body in records(data):
        sequence = body.replace(b"\n", b"")
        out += wrap(header, bytes([table[b] for b in reversed(sequence)]))
    return b"".join(out)


def python_c(data):
    """The reverse-complemented FASTA text, with ``bytes.translate``."""
    out = []
    for header, body in records(data):
        out += wrap(header, body.replace(b"\n", b"").translate(TABLE)[::-1])
    return b"".join(out)


def hybrid(data):
    """The same bytes, from the Rust kernel (``data`` is read in place)."""
    return pyrust_kernels.reverse_complement(data)


if __name__ == "__main__":
    import sys

    sys.stdout.buffer.write(python(*setup(DEFAULT_N)))

"""The shared input generator, twin of ``src/workload/data.rs``.

The linear congruential generator of the Benchmarks Game's fasta:
``seed = (seed * 3877 + 29573) % 139968``, starting from ``seed = 42``. Every workload that
needs data builds it with this generator, so Rust and Python see identical inputs.

``fnv1a_words`` is the digest of outputs too large to compare as text, twin of
``Fnv1aWords`` in ``src/workload/mod.rs``.
"""

import sys
from array import array

IM = 139968
IA = 3877
IC = 29573
SEED = 42


class Lcg:
    """The generator's state; ``next_raw`` and ``next_float`` advance it."""

    __slots__ = ("seed",)

    def __init__(self, seed=SEED):
        self.seed = seed

    def next_raw(self):
        self.seed = (self.seed * IA + IC) % IM
        return self.seed

    def next_float(self, maximum=1.0):
        return maximum * self.next_raw() / IM

    def below(self, k):
        """A value in ``0..k`` from the next state, scaled (its high part, not ``% k``)."""
        return self.next_raw() * k // IM


def fnv1a_words(buf):
    """FNV-1a over the little-endian 64-bit words of ``buf`` (a multiple of 8 bytes long)."""
    words = array("Q", bytes(buf))
    if sys.byteorder == "big":
        words.byteswap()
    h = 0xCBF29CE484222325
    for w in words:
        h = ((h ^ w) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h

"""The shared input generator, twin of ``src/workload/data.rs``.

The linear congruential generator of the Benchmarks Game's fasta:
``seed = (seed * 3877 + 29573) % 139968``, starting from ``seed = 42``. Every workload that
needs data builds it with this generator, so Rust and Python see identical inputs.
"""

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

"""Memory probes for claim ``memory-footprint``, measured with ``tracemalloc``.

``traced_peak(function, args)`` is the Python side of "peak heap per workload": the most
memory that Python allocated at once during one call. ``bytes_per_element(n)`` builds ``n``
records in three idiomatic ways and returns what each costs per record.

A record has three fields with deterministic values, the same as the Rust ``Record`` in
``src/claims/memory_footprint/pass.rs``: ``id = i`` (an int), ``value = i * 0.5`` (a float) and
``name = f"r{i % 1000}"`` (a short str, a new object per record, as the Rust side holds a
new ``String`` per record).

``tracemalloc`` counts the bytes Python requested from its allocators, not what pymalloc or
malloc reserve around them; the Rust side counts requested bytes too. Memory that is never
requested through Python's allocators (such as the interpreter's frame stack) is not seen.
"""

import gc
import tracemalloc
from contextlib import contextmanager

DEFAULT_N = 1_000_000

NAMES = 1000


class Record:
    """A plain class: each instance keeps its attributes in a (lazily created) ``__dict__``."""

    def __init__(self, id, value, name):
        self.id = id
        self.value = value
        self.name = name


class SlotRecord:
    """The same record with ``__slots__``: the attributes live in the instance itself."""

    __slots__ = ("id", "name", "value")

    def __init__(self, id, value, name):
        self.id = id
        self.value = value
        self.name = name


def objects(n):
    """``n`` records as a list of plain class instances."""
    return [Record(i, i * 0.5, f"r{i % NAMES}") for i in range(n)]


def slot_objects(n):
    """``n`` records as a list of ``__slots__`` class instances."""
    return [SlotRecord(i, i * 0.5, f"r{i % NAMES}") for i in range(n)]


def dicts(n):
    """``n`` records as a list of dicts with the keys ``id``, ``value`` and ``name``."""
    return [{"id": i, "value": i * 0.5, "name": f"r{i % NAMES}"} for i in range(n)]


STRUCTURES = {
    "Python list of class instances": objects,
    "Python list of __slots__ class instances": slot_objects,
    "Python list of dicts": dicts,
}


@contextmanager
def _tracing():
    """Traces allocations inside the block; if ``tracemalloc`` was already tracing, it is left
    tracing afterwards."""
    already_tracing = tracemalloc.is_tracing()
    if not already_tracing:
        tracemalloc.start()
    try:
        yield
    finally:
        if not already_tracing:
            tracemalloc.stop()


def traced_peak(function, args):
    """Calls ``function(*args)`` once and returns the peak bytes traced during the call,
    counted above the traced memory at the start."""
    with _tracing():
        tracemalloc.reset_peak()
        start = tracemalloc.get_traced_memory()[0]
        function(*args)
        return tracemalloc.get_traced_memory()[1] - start


def traced_growth(build, n):
    """Bytes traced after ``build(n)`` minus before it, per element, while the result is alive."""
    gc.collect()
    with _tracing():
        before = tracemalloc.get_traced_memory()[0]
        built = build(n)
        after = tracemalloc.get_traced_memory()[0]
        del built
        return (after - before) / n


def bytes_per_element(n=DEFAULT_N):
    """For each structure of ``STRUCTURES``, the traced bytes per record of ``n`` records."""
    return {name: traced_growth(build, n) for name, build in STRUCTURES.items()}


if __name__ == "__main__":
    for structure, size in bytes_per_element().items():
        print(f"{structure}: {size:.1f} bytes per element")

"""Sort: sort ``n`` floats and ``n`` strings, each into a new list.

The input (built untimed by ``setup(n)``, the same values as ``src/workload/sort.rs``) comes
from the shared generator (``_data.Lcg``): ``n`` floats in ``[0, 1)``, one state each
(``next_float()``), then ``n`` strings of 8 to 16 lowercase letters, 17 states each (a length,
then 16 letters of which the first ``length`` are used). The generator has a full period of
139,968 states, and 17 is prime to it, so up to ``n = 139,968`` (the full size) every float and
every string is distinct: no run of duplicates that one sort algorithm exploits and another
does not.

Timed: ``sorted(floats)`` and ``sorted(strings)``, CPython's Timsort (stable) in C, with its
specialised comparisons for lists of floats and of one-byte strings. ``python_c`` returns both
sorted lists; ``canonical`` turns them, untimed, into an FNV-1a digest over 64-bit words
(each float's bits, then each string's UTF-8 length and zero-padded bytes).

There is no pure-Python ``python`` variant: the way to sort in Python, pure or not, is
``sorted``/``list.sort``. A sort written out in Python loops is code nobody writes, so timing
it would be a strawman rather than a measurement of Python.

``hybrid(floats, strings)`` passes the same two lists to the Rust kernel,
``pyrust_kernels.sort``, which copies the floats and borrows the strings on the way in, sorts
with Rust's stable sort, and returns two new lists, as ``python_c`` does. Called from
``hybrid``, the kernel is the Rust variant's own code behind the PyO3 module ``pyrust_kernels``
(``src/hybrid/kernels.rs``); its timing includes crossing the boundary.
"""

import struct

from ._data import Lcg, fnv1a_words
from ._kernels import pyrust_kernels

DEFAULT_N = 139_968

LETTERS = "abcdefghijklmnopqrstuvwxyz"


def setup(n):
    """``(floats, strings)``: ``n`` of each, from the shared generator."""
    lcg = Lcg()
    floats = [lcg.next_float() for _ in range(n)]
    below = lcg.below
    strings = []
    for _ in range(n):
        length = 8 + below(9)
        letters = [LETTERS[below(26)] for _ in range(16)]
        strings.append("".join(letters[:length]))
    return floats, strings


def python_c(floats, strings):
    """Both inputs sorted, as new lists, by the built-in Timsort."""
    return sorted(floats), sorted(strings)


def canonical(result):
    """FNV-1a over the little-endian 64-bit words of the sorted floats' bits, then of each
    sorted string's length and zero-padded UTF-8 bytes, as 16 hex digits."""
    floats, strings = result
    buf = bytearray(struct.pack(f"<{len(floats)}d", *floats))
    pack = struct.Struct("<Q").pack
    for s in strings:
        b = s.encode()
        buf += pack(len(b))
        buf += b
        buf += bytes(-len(b) % 8)
    return f"{fnv1a_words(buf):016x}"


def hybrid(floats, strings):
    """Both inputs sorted, as new lists, by the Rust kernel."""
    return pyrust_kernels.sort(floats, strings)


if __name__ == "__main__":
    print(canonical(python_c(*setup(DEFAULT_N))))

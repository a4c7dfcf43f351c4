"""Fannkuch-redux: pancake flipping on every permutation of ``0..n``.

The Computer Language Benchmarks Game's "fannkuch-redux" definition: for each permutation,
in the definition's order (the count-based rotation order), reverse the first ``k + 1``
elements while the first element ``k`` is not 0, counting the flips. ``python(n)`` returns
the definition's two lines as a str: the checksum (flips added for even-numbered
permutations, subtracted for odd ones), then ``Pfannkuchen(n) = `` the maximum flip count.

Same algorithm as ``src/workload/fannkuch_redux.rs``.

``python_threads(n, workers)`` and ``python_procs(n, workers)`` cut the ``n!`` permutations,
in the definition's order, into the ``n * (n - 1)`` blocks of ``(n - 2)!`` consecutive ones
in which only the first ``n - 2`` elements move, and tally 4 runs of blocks per worker on a
pool of threads or processes (see ``_parallel``). A block starts from its first permutation,
built from its number (the order is a mixed-radix counter), and signs each flip count by
that number's parity, so the summed checksum and the largest flip count are the serial ones;
``python`` is the same loop over the one block of all ``n!``.

``hybrid(n)`` returns the same two lines from the Rust kernel,
``pyrust_kernels.fannkuch_redux(n)``. Called from ``hybrid``, the kernel is the Rust variant's
own code behind the PyO3 module ``pyrust_kernels`` (``src/hybrid/kernels.rs``); its timing
includes crossing the boundary.
"""

from math import factorial

from . import _jit, _parallel
from ._kernels import pyrust_kernels

DEFAULT_N = 9


def python(n):
    """The definition's output for ``n`` (at least 1)."""
    n = max(n, 1)
    return _report(n, _tally_block(n, n, 0))


def parallel(n, workers, pmap):
    """The same output, the ``n * (n - 1)`` blocks of ``(n - 2)!`` consecutive permutations
    cut into 4 runs per worker, tallied by ``pmap``."""
    n = max(n, 1)
    m = max(n - 2, 1)
    runs = _parallel.chunks(factorial(n) // factorial(m), 4 * workers)
    tallies = pmap(_tally_blocks, [(n, m, first, stop) for first, stop in runs])
    checksum = sum(checksum for checksum, _ in tallies)
    max_flips = max(max_flips for _, max_flips in tallies)
    return _report(n, (checksum, max_flips))


python_threads, python_procs = _parallel.variants(parallel)


def _report(n, tally):
    checksum, max_flips = tally
    return f"{checksum}\nPfannkuchen({n}) = {max_flips}"


def _tally_blocks(task):
    """``(checksum, max_flips)`` over blocks ``first <= b < stop`` of ``m!`` permutations of
    ``0..n``: ``task`` is ``(n, m, first, stop)``."""
    n, m, first, stop = task
    size = factorial(m)
    checksum = max_flips = 0
    for b in range(first, stop):
        block_checksum, block_max = _tally_block(n, m, b * size)
        checksum += block_checksum
        max_flips = max(max_flips, block_max)
    return checksum, max_flips


def _tally_block(n, m, start):
    """``(checksum, max_flips)`` over the ``m!`` permutations of ``0..n`` (``1 <= m <= n``)
    from number ``start`` on, a multiple of ``m!``, in the definition's order: the block in
    which only the first ``m`` elements move. ``_tally_block(n, n, 0)`` is every permutation.
    """
    perm1 = _unrank(n, start)
    insert, pop = perm1.insert, perm1.pop
    count = [0] * n
    checksum = max_flips = 0
    even = start % 2 == 0
    r = m
    while True:
        while r != 1:
            count[r - 1] = r
            r -= 1
        # A permutation that starts with 0 needs no flip and adds nothing.
        k = perm1[0]
        if k:
            perm = perm1[:]
            flips = 0
            while k:
                perm[: k + 1] = perm[k::-1]
                flips += 1
                k = perm[0]
            max_flips = max(max_flips, flips)
            if even:
                checksum += flips
            else:
                checksum -= flips
        even = not even
        # The next permutation: rotate the first r + 1 elements left until a counter is left.
        while True:
            if r == m:
                return checksum, max_flips
            insert(r, pop(0))
            count[r] -= 1
            if count[r] > 0:
                break
            r += 1


def _unrank(n, index):
    """Permutation number ``index`` of ``0..n`` in the definition's order. The order is a
    mixed-radix counter, ``index = sum(d[r] * r!)`` with digit ``0 <= d[r] <= r`` counting
    the rotations of the first ``r + 1`` elements since that counter was last reset: the
    permutation is the identity rotated left by ``d[r]`` over its first ``r + 1`` elements,
    from the highest ``r`` down."""
    digits = [0] * n
    for r in range(1, n):
        index, digits[r] = divmod(index, r + 1)
    perm = list(range(n))
    for r in range(n - 1, 0, -1):
        d = digits[r]
        perm[: r + 1] = perm[d : r + 1] + perm[:d]
    return perm


def hybrid(n):
    """The same output, from the Rust kernel."""
    return pyrust_kernels.fannkuch_redux(n)


def setup_python_jit(n):
    """Numba's compiled kernel, ``_numba.fannkuch_redux``, and its arguments. Importing ``_numba``
    needs numba: without it the variant is skipped. The kernel compiles on its first call."""
    return (_jit.kernel("fannkuch_redux"), n)


def python_jit(kernel, *args):
    """The same two lines, from this algorithm compiled by Numba (``_numba.fannkuch_redux``)."""
    return kernel(*args)


if __name__ == "__main__":
    print(python(DEFAULT_N))

"""Fannkuch-redux: pancake flipping on every permutation of ``0..n``.

The Computer Language Benchmarks Game's "fannkuch-redux" definition: for each permutation,
in the definition's order (the count-based rotation order), reverse the first ``k + 1``
elements while the first element ``k`` is not 0, counting the flips. ``python(n)`` returns
the definition's two lines as a str: the checksum (flips added for even-numbered
permutations, subtracted for odd ones), then ``Pfannkuchen(n) = `` the maximum flip count.

Same algorithm as ``src/workload/fannkuch_redux.rs``.

``hybrid(n)`` returns the same two lines from the Rust kernel,
``pyrust_kernels.fannkuch_redux(n)``. Called from ``hybrid``, the kernel is the Rust variant's
own code behind the PyO3 module ``pyrust_kernels`` (``src/hybrid/kernels.rs``); its timing
includes crossing the boundary.
"""

from ._kernels import pyrust_kernels

DEFAULT_N = 9


def python(n):
    """The definition's output for ``n`` (at least 1)."""
    n = max(n, 1)
    perm1 = list(range(n))
    insert, pop = perm1.insert, perm1.pop
    count = [0] * n
    checksum = max_flips = 0
    even = True
    r = n
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
            if r == n:
                return f"{checksum}\nPfannkuchen({n}) = {max_flips}"
            insert(r, pop(0))
            count[r] -= 1
            if count[r] > 0:
                break
            r += 1


def hybrid(n):
    """The same output, from the Rust kernel."""
    return pyrust_kernels.fannkuch_redux(n)


if __name__ == "__main__":
    print(python(DEFAULT_N))

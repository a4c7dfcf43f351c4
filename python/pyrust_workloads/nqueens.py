"""N-queens: the number of ways to place ``n`` non-attacking queens on an ``n x n`` board.

Exhaustive backtracking, row by row (OEIS A000170: 1, 0, 0, 2, 10, 4, 40, 92, 352, 724, ...).
The occupied columns and the two sets of attacked diagonals are bit masks (Python ints): in
each row the free squares are ``full & ~(cols | left | right)``, the lowest free bit is taken
in turn (``avail & -avail``), and the diagonal masks move one bit left and right for the next
row. A placement that fills the last column is counted without another call. No symmetry is
exploited. ``python(n)`` returns the number of solutions as an int.

Same algorithm as ``src/workload/nqueens.rs``.

``hybrid(n)`` returns the same count from the Rust kernel, ``pyrust_kernels.nqueens(n)``.
Called from ``hybrid``, the kernel is the Rust variant's own code behind the PyO3 module
``pyrust_kernels`` (``src/hybrid/kernels.rs``); its timing includes crossing the boundary.
"""

from . import _jit
from ._kernels import pyrust_kernels

DEFAULT_N = 12


def python(n):
    """The number of solutions on an ``n x n`` board."""
    if n == 0:
        return 1
    full = (1 << n) - 1

    def solve(cols, left, right):
        count = 0
        avail = full & ~(cols | left | right)
        while avail:
            bit = avail & -avail
            avail ^= bit
            c = cols | bit
            if c == full:
                count += 1
            else:
                count += solve(c, (left | bit) << 1, (right | bit) >> 1)
        return count

    return solve(0, 0, 0)


def hybrid(n):
    """The same count, from the Rust kernel."""
    return pyrust_kernels.nqueens(n)


def setup_python_jit(n):
    """Numba's compiled kernel, ``_numba.nqueens``, and its arguments. Importing ``_numba``
    needs numba: without it the variant is skipped. The kernel compiles on its first call."""
    return (_jit.kernel("nqueens"), n)


def python_jit(kernel, *args):
    """The same count, from this algorithm compiled by Numba (``_numba.nqueens``)."""
    return kernel(*args)


if __name__ == "__main__":
    print(python(DEFAULT_N))

"""Matrix multiplication: ``C = A x B`` for two dense ``n x n`` matrices of floats.

By the definition ``C[i][j] = sum over k of A[i][k] * B[k][j]``. ``setup(n)`` builds the
inputs before timing from the shared generator (``_data.Lcg``): ``A`` row by row, then ``B``
row by row, each entry ``next_float()``, in ``[0, 1)``, as lists of lists. Both variants
return the sum of all ``n * n`` entries of ``C`` as a float (a checksum of the whole
product; the entries are positive, so summation order moves it by about 1e-15 relative).

``python(a, b)`` is pure Python: the columns of ``B`` once (``zip(*b)``), then every entry
as ``sum(map(mul, row, col))``, which keeps the inner loop in built-ins. ``python_c(a, b)``
is numpy, ``(a @ b).sum()``, on arrays made by ``setup_python_c(n)`` from the same lists;
``@`` calls the BLAS numpy was built with (OpenBLAS in the PyPI wheels, which uses every
core unless ``OPENBLAS_NUM_THREADS=1``). numpy is imported only by that variant.

``python_threads(a, b, workers)`` and ``python_procs(a, b, workers)`` transpose ``B`` once,
cut the rows of ``A`` into 4 bands per worker, and send each band with the columns of ``B``
to a pool of threads or processes (see ``_parallel``); each task returns the sums of its rows
of ``C``, and those are added up in row order. ``python(a, b)`` is the same task over all the
rows, so the checksums are identical. A process pool pickles the whole of ``B`` (as columns)
once per task.

The Rust variant (``src/workload/matmul.rs``) is the plain i-k-j triple loop.

``hybrid(a, b)`` passes the same lists of lists to the Rust kernel, ``pyrust_kernels.matmul(a,
b)``, which converts them, entry by entry, into row-major vectors and runs the Rust variant's
triple loop. Called from ``hybrid``, the kernel is the Rust variant's own code behind the PyO3
module ``pyrust_kernels`` (``src/hybrid/kernels.rs``); its timing includes crossing the
boundary.
"""

from operator import mul

from . import _parallel
from ._data import Lcg
from ._kernels import pyrust_kernels

DEFAULT_N = 240


def setup(n):
    """``(A, B)``: ``n x n`` lists of lists, ``A`` first, from the shared generator."""
    lcg = Lcg()
    a = [[lcg.next_float() for _ in range(n)] for _ in range(n)]
    b = [[lcg.next_float() for _ in range(n)] for _ in range(n)]
    return a, b


def setup_python_c(n):
    """``(A, B)`` of ``setup(n)`` as numpy arrays of float64."""
    import numpy as np

    a, b = setup(n)
    return np.array(a, dtype=np.float64), np.array(b, dtype=np.float64)


def python(a, b):
    """The sum of the entries of ``a x b``, in pure Python."""
    return sum(_row_sums((a, list(zip(*b)))), 0.0)


def _row_sums(task):
    """The sum of each row of ``rows x B``: ``task`` is ``(rows, cols)``, ``rows`` some rows
    of ``A`` and ``cols`` the columns of ``B``."""
    rows, cols = task
    return [sum([sum(map(mul, row, col)) for col in cols]) for row in rows]


def parallel(a, b, workers, pmap):
    """The same sum, the rows of ``a`` cut into 4 bands per worker and multiplied by ``pmap``."""
    cols = list(zip(*b))
    bands = _parallel.chunks(len(a), 4 * workers)
    parts = pmap(_row_sums, [(a[i0:i1], cols) for i0, i1 in bands])
    return sum([s for part in parts for s in part], 0.0)


python_threads, python_procs = _parallel.variants(parallel)


def python_c(a, b):
    """The sum of the entries of ``a @ b``, by numpy."""
    return float((a @ b).sum())


def hybrid(a, b):
    """The sum of the entries of ``a x b``, from the Rust kernel."""
    return pyrust_kernels.matmul(a, b)


if __name__ == "__main__":
    print(repr(python(*setup(DEFAULT_N))))

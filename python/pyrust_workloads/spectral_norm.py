"""Spectral norm: the largest singular value of an implicit matrix, by the power method.

The Computer Language Benchmarks Game's "spectral-norm" definition: the infinite matrix
``A(i, j) = 1 / ((i + j)(i + j + 1) / 2 + i + 1)``, truncated to ``n x n``, its entries
computed on the fly. From ``u = (1, ..., 1)``, ten rounds of ``v = AtA u; u = AtA v``, then
``sqrt((u . v) / (v . v))``. ``python(n)`` returns that norm as a float.

Same arithmetic, in the same order, as ``src/workload/spectral_norm.rs``: every product
``u_j * A(i, j)`` is the division ``u_j / (1 / A(i, j))`` by an exact integer. The integers are
read from tables of triangular numbers ``T(k) = k (k + 1) / 2`` instead of being multiplied
out for every entry: ``1 / A(i, j) = T(i + j) + 1 + i`` and ``1 / A(j, i) = T(i + j + 1) - i``.

``python_threads(n, workers)`` and ``python_procs(n, workers)`` cut each of the 40
matrix-vector products into 4 bands of rows per worker, run the bands on a pool of threads or
processes (see ``_parallel``) and join them before the next product: every task gets the
vector and the slice of the table its rows read, and returns its entries. ``python(n)`` runs
the same task function over all the rows at once, so the norm is identical.

``hybrid(n)`` returns the same norm from the Rust kernel, ``pyrust_kernels.spectral_norm(n)``.
Called from ``hybrid``, the kernel is the Rust variant's own code behind the PyO3 module
``pyrust_kernels`` (``src/hybrid/kernels.rs``); its timing includes crossing the boundary.
"""

from math import sqrt

from . import _jit, _parallel
from ._kernels import pyrust_kernels

DEFAULT_N = 400


def python(n):
    """The spectral norm of the ``n x n`` truncation of ``A``."""
    return _power_method(n, 1, _parallel.serial_map)


def _power_method(n, parts, pmap):
    """The norm, the rows of every product cut into ``parts`` bands computed by ``pmap``."""
    tri_a = [k * (k + 1) // 2 + 1 for k in range(2 * n)]  # T(k) + 1
    tri_at = [(k + 1) * (k + 2) // 2 for k in range(2 * n)]  # T(k + 1)
    bands = _parallel.chunks(n, parts)

    def mul(v, tri, sign):
        # The rows i0 <= i < i1 read tri[i0 : i1 + n - 1].
        tasks = [(v, tri[i0 : i1 + n - 1], i0, i1, sign) for i0, i1 in bands]
        out = []
        for entries in pmap(_entries, tasks):
            out += entries
        return out

    def mul_at_a(v):
        return mul(mul(v, tri_a, 1), tri_at, -1)

    u = [1.0] * n
    for _ in range(10):
        v = mul_at_a(u)
        u = mul_at_a(v)
    vbv = sum([a * b for a, b in zip(u, v)])
    vv = sum([b * b for b in v])
    return sqrt(vbv / vv)


def _entries(task):
    """Entries ``i0 <= i < i1`` of ``A v`` (``sign`` 1, ``tri`` from ``T(k) + 1``) or of
    ``At v`` (``sign`` -1, ``tri`` from ``T(k + 1)``): ``task`` is ``(v, tri, i0, i1, sign)``,
    ``tri`` the table from index ``i0`` on. Entry ``i`` is ``sum_j v_j / (tri[i + j] + sign i)``.
    """
    v, tri, i0, i1, sign = task
    n = len(v)
    return [
        sum([vj / (t + d) for vj, t in zip(v, tri[k : k + n])])
        for k, d in enumerate(range(sign * i0, sign * i1, sign))
    ]


def parallel(n, workers, pmap):
    """The same norm, every product cut into 4 bands of rows per worker run by ``pmap``."""
    return _power_method(n, 4 * workers, pmap)


python_threads, python_procs = _parallel.variants(parallel)


def hybrid(n):
    """The same norm, from the Rust kernel."""
    return pyrust_kernels.spectral_norm(n)


def setup_python_jit(n):
    """Numba's compiled kernel, ``_numba.spectral_norm``, and its arguments. Importing ``_numba``
    needs numba: without it the variant is skipped. The kernel compiles on its first call."""
    return (_jit.kernel("spectral_norm"), n)


def python_jit(kernel, *args):
    """The same norm, from this algorithm compiled by Numba (``_numba.spectral_norm``)."""
    return kernel(*args)


if __name__ == "__main__":
    print(f"{python(DEFAULT_N):.9f}")

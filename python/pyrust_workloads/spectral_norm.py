"""Spectral norm: the largest singular value of an implicit matrix, by the power method.

The Computer Language Benchmarks Game's "spectral-norm" definition: the infinite matrix
``A(i, j) = 1 / ((i + j)(i + j + 1) / 2 + i + 1)``, truncated to ``n x n``, its entries
computed on the fly. From ``u = (1, ..., 1)``, ten rounds of ``v = AtA u; u = AtA v``, then
``sqrt((u . v) / (v . v))``. ``python(n)`` returns that norm as a float.

Same arithmetic, in the same order, as ``src/workload/spectral_norm.rs``: every product
``u_j * A(i, j)`` is the division ``u_j / (1 / A(i, j))`` by an exact integer. The integers are
read from tables of triangular numbers ``T(k) = k (k + 1) / 2`` instead of being multiplied
out for every entry: ``1 / A(i, j) = T(i + j) + 1 + i`` and ``1 / A(j, i) = T(i + j + 1) - i``.

``hybrid(n)`` returns the same norm from the Rust kernel, ``pyrust_kernels.spectral_norm(n)``.
Called from ``hybrid``, the kernel is the Rust variant's own code behind the PyO3 module
``pyrust_kernels`` (``src/hybrid/kernels.rs``); its timing includes crossing the boundary.
"""

from math import sqrt

from ._kernels import pyrust_kernels

DEFAULT_N = 400


def python(n):
    """The spectral norm of the ``n x n`` truncation of ``A``."""
    tri_a = [k * (k + 1) // 2 + 1 for k in range(2 * n)]  # T(k) + 1
    tri_at = [(k + 1) * (k + 2) // 2 for k in range(2 * n)]  # T(k + 1)
    rows = range(n)

    def mul_a(v):
        # (A v)_i = sum_j v_j / (T(i + j) + 1 + i)
        return [sum([vj / (t + i) for vj, t in zip(v, tri_a[i : i + n])]) for i in rows]

    def mul_at(v):
        # (At v)_i = sum_j v_j / (T(i + j + 1) - i)
        return [
            sum([vj / (t - i) for vj, t in zip(v, tri_at[i : i + n])]) for i in rows
        ]

    u = [1.0] * n
    for _ in range(10):
        v = mul_at(mul_a(u))
        u = mul_at(mul_a(v))
    vbv = sum([a * b for a, b in zip(u, v)])
    vv = sum([b * b for b in v])
    return sqrt(vbv / vv)


def hybrid(n):
    """The same norm, from the Rust kernel."""
    return pyrust_kernels.spectral_norm(n)


if __name__ == "__main__":
    print(f"{python(DEFAULT_N):.9f}")

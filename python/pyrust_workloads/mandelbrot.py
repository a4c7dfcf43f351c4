"""Mandelbrot: the Mandelbrot set drawn on an ``n x n`` bitmap.

The Computer Language Benchmarks Game's "mandelbrot" definition: pixel ``(x, y)`` is
``c = (2x/n - 1.5) + (2y/n - 1)i``; it is in the set (bit 1) when ``z = z*z + c``, from
``z = 0``, stays within ``|z|^2 <= 4`` for 50 iterations. ``python(n)`` returns the whole
portable bitmap file as bytes: the header ``P4\\n{n} {n}\\n``, then each row packed 8 pixels
a byte, most significant bit first, padded with zero bits.

Same arithmetic, in the same order, as ``src/workload/mandelbrot.rs``. Plain floats beat
``complex`` here, and they keep the escape test exactly the definition's ``|z|^2 > 4``.

``python_threads(n, workers)`` and ``python_procs(n, workers)`` draw bands of rows on a pool
of threads or processes (see ``_parallel``) and join them.

``hybrid(n)`` returns the same PBM bytes from the Rust kernel,
``pyrust_kernels.mandelbrot(n)``. Called from ``hybrid``, the kernel is the Rust variant's own
code behind the PyO3 module ``pyrust_kernels`` (``src/hybrid/kernels.rs``); its timing includes
crossing the boundary.
"""

from . import _jit, _parallel
from ._kernels import pyrust_kernels

DEFAULT_N = 400

MAX_ITER = 50
LIMIT_SQUARED = 4.0


def python(n):
    """The PBM (P4) file of the ``n x n`` bitmap."""
    return _header(n) + _rows((n, 0, n))


def _header(n):
    return b"P4\n%d %d\n" % (n, n)


def _rows(task):
    """Rows ``y0 <= y < y1`` of the ``n x n`` bitmap, packed: ``task`` is ``(n, y0, y1)``."""
    n, y0, y1 = task
    rows = bytearray()
    append = rows.append
    crs = [2.0 * x / n - 1.5 for x in range(n)]
    iterations = range(MAX_ITER)
    limit = LIMIT_SQUARED
    for y in range(y0, y1):
        ci = 2.0 * y / n - 1.0
        byte = 0
        bits = 0
        for cr in crs:
            zr = zi = tr = ti = 0.0
            for _ in iterations:
                zi = 2.0 * zr * zi + ci
                zr = tr - ti + cr
                tr = zr * zr
                ti = zi * zi
                if tr + ti > limit:
                    byte <<= 1
                    break
            else:
                byte = byte << 1 | 1
            bits += 1
            if bits == 8:
                append(byte)
                byte = bits = 0
        if bits:
            append(byte << (8 - bits))
    return bytes(rows)


def parallel(n, workers, pmap):
    """The same file, its rows cut into 4 bands per worker and drawn by ``pmap``."""
    bands = _parallel.chunks(n, 4 * workers)
    return _header(n) + b"".join(pmap(_rows, [(n, y0, y1) for y0, y1 in bands]))


python_threads, python_procs = _parallel.variants(parallel)


def hybrid(n):
    """The same PBM file, from the Rust kernel."""
    return pyrust_kernels.mandelbrot(n)


def setup_python_jit(n):
    """Numba's compiled kernel, ``_numba.mandelbrot``, and its arguments. Importing ``_numba``
    needs numba: without it the variant is skipped. The kernel compiles on its first call."""
    return (_jit.kernel("mandelbrot"), n)


def python_jit(kernel, *args):
    """The same PBM bytes, from this algorithm compiled by Numba (``_numba.mandelbrot``)."""
    return kernel(*args)


if __name__ == "__main__":
    import sys

    sys.stdout.buffer.write(python(DEFAULT_N))

"""Boundary probes for claim ``hybrid-pyo3``: what it costs Python to call into Rust.

Each ``loop_*`` function makes ``k`` calls in a plain ``for`` loop (and returns ``k``), so that one timed call from
the harness measures ``k`` crossings; ``loop_empty`` measures the loop alone, to be subtracted.
The ``rust_*`` functions make one call with a prepared argument (a ``list[float]``, ``bytes``,
a numpy array) of ``n`` elements, to measure the per-element cost of converting it.
``sum_of_squares_*`` is the break-even kernel: pure Python against the Rust kernel, on the
same ``list[float]``.
"""

from operator import mul

from ._kernels import pyrust_kernels

LOOP_CALLS = 1000


def _python_noop():
    pass


def _python_add(a, b):
    return a + b


def loop_empty(k):
    for _ in range(k):
        pass
    return k


def loop_python_noop(k):
    f = _python_noop
    for _ in range(k):
        f()
    return k


def loop_rust_noop(k):
    f = pyrust_kernels.noop
    for _ in range(k):
        f()
    return k


def loop_python_add(k):
    f = _python_add
    for i in range(k):
        f(i, 1)
    return k


def loop_rust_add(k):
    f = pyrust_kernels.add
    for i in range(k):
        f(i, 1)
    return k


def setup_floats(n):
    return ([float(i % 1000) / 7.0 for i in range(n)],)


def rust_sum_floats(values):
    return pyrust_kernels.sum_floats(values)


def setup_bytes(n):
    return (bytes(i % 251 for i in range(n)),)


def rust_bytes_checksum(data):
    return pyrust_kernels.bytes_checksum(data)


def setup_numpy(n):
    import numpy

    return (numpy.arange(n, dtype=numpy.float64) / 7.0,)


def rust_buffer_sum(array):
    return pyrust_kernels.buffer_sum(array)


def sum_of_squares_python(values):
    # The fastest pure-Python form: map, mul and sum all loop in C.
    return sum(map(mul, values, values))


def sum_of_squares_hybrid(values):
    return pyrust_kernels.sum_of_squares(values)

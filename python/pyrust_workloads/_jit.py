"""Where the ``python_jit`` variants get their Numba kernels: ``kernel(name)`` imports
``_numba`` (which needs numba and numpy, so that without them the variant is skipped) and
returns its function ``name``.

The import is made under one lock. Without it, two threads that set up a ``python_jit``
variant at once while numba is missing (the tests do) could see CPython hand the second one
the first one's half-initialised, failed module, and fail with "cannot import name" instead
of numba's own ``ModuleNotFoundError``.
"""

import importlib
import threading

_LOCK = threading.Lock()


def kernel(name):
    """The function ``name`` of ``_numba``; raises numba's ``ModuleNotFoundError`` without it."""
    with _LOCK:
        module = importlib.import_module(f"{__package__}._numba")
    return getattr(module, name)

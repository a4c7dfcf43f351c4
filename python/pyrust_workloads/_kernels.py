"""The Rust kernels that the ``hybrid`` variants call: the ``pyrust_kernels`` module.

Inside pyrust-bench it is built into the embedded interpreter. Elsewhere it comes from
``pip install .`` in a pyrust-bench checkout; without it, a ``hybrid`` variant fails with a
``ModuleNotFoundError`` that says so, while every other variant still runs.
"""

try:
    import pyrust_kernels
except ImportError:

    class _Missing:
        def __getattr__(self, name):
            raise ModuleNotFoundError(
                f"pyrust_kernels.{name} is not available: the pyrust_kernels module is not"
                " installed; run `pip install .` in the pyrust-bench checkout",
                name="pyrust_kernels",
            )

    pyrust_kernels = _Missing()

__all__ = ["pyrust_kernels"]

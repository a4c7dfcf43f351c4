"""Functions the harness itself calls: the empty call used to measure call overhead, the
calibration kernel timed at the start and at the end of a run, and a description of the
running interpreter for the results file."""

import platform
import sys


def noop():
    """Does nothing: timing a call to it measures the cost of calling Python from Rust."""


def calibrate(n):
    """A fixed pure-Python loop (the twin of the Rust one in ``src/timing.rs``): its time at
    the start and at the end of a run says how much the machine's speed drifted."""
    x = 1
    for _ in range(n):
        x = (x * 3877 + 29573) % 139968
    return x


def describe():
    """The runtime interpreter, as a dict of strings."""
    return {
        "version": platform.python_version(),
        "sys_version": sys.version,
        "implementation": platform.python_implementation(),
        "executable": sys.executable,
        "prefix": sys.prefix,
        "base_prefix": sys.base_prefix,
    }


def optional_packages(names):
    """For each optional package, its version, or None when it cannot be imported."""
    import importlib

    found = {}
    for name in names:
        try:
            module = importlib.import_module(name)
        except ImportError:
            found[name] = None
        else:
            found[name] = str(getattr(module, "__version__", "unknown version"))
    return found

"""What every app serves, so that the apps differ only in their framework.

- ``/json``: ``{"message":"Hello, World!"}``, serialized per request (the TechEmpower JSON
  test): the framework's fixed cost per request.
- ``/cpu?n=N``: the number of N-queens solutions, by the ``python`` variant of the workload
  ``nqueens`` (``pyrust_workloads.nqueens``), the same algorithm as the Rust servers'; about
  0.5 ms of CPython at ``n=8``.
- ``/io?ms=M``: a sleep of ``M`` ms, standing in for a database or an upstream call.

Bodies are compact JSON (no spaces), as serde_json writes them. A bad parameter gets a 400
and a one-line error.
"""

import json

from pyrust_workloads.nqueens import python as nqueens

MESSAGE = "Hello, World!"
MAX_N = 14
MAX_MS = 1000
N_ERROR = {"error": f"n must be an integer from 0 to {MAX_N}"}
MS_ERROR = {"error": f"ms must be an integer from 0 to {MAX_MS}"}


def dumps(obj):
    """Compact JSON text, as the Rust servers write it."""
    return json.dumps(obj, separators=(",", ":"))


def parse(text, top):
    """``text`` as an int from 0 to ``top``, else ``None``."""
    try:
        value = int(text)
    except (TypeError, ValueError):
        return None
    return value if 0 <= value <= top else None


def json_object():
    """The body of ``/json``, as an object."""
    return {"message": MESSAGE}


def cpu_object(n):
    """The body of ``/cpu?n=N`` as an object, or ``None`` for a bad ``n``."""
    n = parse(n, MAX_N)
    return None if n is None else {"n": n, "solutions": nqueens(n)}


def io_millis(ms):
    """The milliseconds ``/io`` sleeps, or ``None`` for a bad ``ms``."""
    return parse(ms, MAX_MS)

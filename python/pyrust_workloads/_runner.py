"""The standalone runner: one workload variant at size ``n``, under whichever interpreter runs
this file, in a process of its own. The harness uses it to time the ``python`` variants under
PyPy and other CPython versions, and under the embedded interpreter's own executable as a
check on the embedding.

    python -m pyrust_workloads._runner WORKLOAD VARIANT N [--min-time S] [--min-samples K]
                                       [--max-samples M] [--warmup-time S]
    python -m pyrust_workloads._runner --describe
    python -m pyrust_workloads._runner WORKLOAD VARIANT N --serve

The steps, as for the embedded variants: ``setup_<variant>(n)`` (or ``setup(n)``), untimed;
then the first call, timed on its own as the cold call, whose output (through the module's
``canonical``) is printed for the harness to check against Rust's; then the warm-up, which a
JIT needs: calls go on until two in a row agree within ``AGREE`` or the warm-up time is spent;
then the timed calls, each with ``time.perf_counter_ns``, until both ``--min-time`` and
``--min-samples`` are reached (or ``--max-samples``).

It prints one JSON object on stdout: ``output`` ({"type", "value"}), ``first_call_ns``,
``warmup_calls``, ``warmed`` (whether two warm-up calls agreed) and ``samples_ns``; or
``error`` with the traceback, and ``missing_module`` when an import failed. The harness
computes the median and its interval. Standard library only; Python 3.9+ and PyPy 3.9+.

With ``--serve`` it prints the ``output`` and ``first_call_ns`` line, then times one call
for each ``time`` line it reads on stdin and prints the ns, until ``quit`` or the end of its
input. The harness uses it to interleave calls here with calls in the embedded interpreter,
one by one, so that a change of the machine's speed affects both sides alike.
"""

import argparse
import importlib
import json
import os
import platform
import sys
import sysconfig
import time
import traceback

#: Two consecutive warm-up calls within this relative difference end the warm-up.
AGREE = 0.05
#: Warm-up calls at most, whatever the time.
MAX_WARMUP_CALLS = 200


def describe():
    """The interpreter running this file, as the harness records it."""
    pypy = getattr(sys, "pypy_version_info", None)
    return {
        "implementation": platform.python_implementation(),
        "version": platform.python_version(),
        "executable": sys.executable,
        "pypy_version": ".".join(str(p) for p in pypy[:3]) if pypy else None,
        "gil_disabled": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
    }


def encode(value):
    """An output as the harness reads it: int, float, str or bytes (hex)."""
    if isinstance(value, bool):
        raise TypeError("outputs must be int, float, str or bytes, not bool")
    if isinstance(value, int):
        return {"type": "int", "value": str(value)}
    if isinstance(value, float):
        return {"type": "float", "value": value}
    if isinstance(value, str):
        return {"type": "text", "value": value}
    if isinstance(value, (bytes, bytearray)):
        return {"type": "bytes", "value": bytes(value).hex()}
    raise TypeError(
        f"outputs must be int, float, str or bytes, not {type(value).__name__}"
    )


def prepare(module, variant, n):
    """The variant's function and its arguments, made by its setup (untimed)."""
    function = getattr(module, variant)
    for name in (f"setup_{variant}", "setup"):
        setup = getattr(module, name, None)
        if setup is not None:
            return function, tuple(setup(n))
    return function, (n,)


def timed_call(function, args):
    """The duration of one call in ns. Its result is dropped inside the timing, as the
    embedded timer's is (Criterion drops what a routine returns in its timed loop)."""
    started = time.perf_counter_ns()
    function(*args)
    return time.perf_counter_ns() - started


def warm_up(function, args, budget_ns):
    """Calls until two in a row agree within ``AGREE``, or the budget is spent."""
    previous = None
    spent = calls = 0
    while calls < MAX_WARMUP_CALLS:
        elapsed = timed_call(function, args)
        calls += 1
        spent += elapsed
        if previous is not None and abs(elapsed - previous) <= AGREE * min(
            elapsed, previous
        ):
            return calls, True
        if spent >= budget_ns:
            return calls, False
        previous = elapsed
    return calls, False


def measure(workload, variant, n, min_time, min_samples, max_samples, warmup_time):
    """Everything the harness needs of one variant, as a dict."""
    function, args, output, first_call_ns = first_call(workload, variant, n)
    warmup_calls, warmed = warm_up(function, args, warmup_time * 1e9)
    samples = []
    spent = 0
    while len(samples) < max_samples and (
        len(samples) < min_samples or spent < min_time * 1e9
    ):
        elapsed = timed_call(function, args)
        samples.append(elapsed)
        spent += elapsed
    return {
        "output": output,
        "first_call_ns": first_call_ns,
        "warmup_calls": warmup_calls,
        "warmed": warmed,
        "samples_ns": samples,
    }


def first_call(workload, variant, n):
    """The variant's function and arguments, and its cold call's output and time."""
    module = importlib.import_module(f"pyrust_workloads.{workload}")
    function, args = prepare(module, variant, n)
    started = time.perf_counter_ns()
    result = function(*args)
    first_call_ns = time.perf_counter_ns() - started
    canonical = getattr(module, "canonical", None)
    output = encode(canonical(result) if canonical is not None else result)
    return function, args, output, first_call_ns


def serve(workload, variant, n):
    """The cold call, then one timed call per ``time`` line on stdin."""
    function, args, output, first_call_ns = first_call(workload, variant, n)
    print(json.dumps({"output": output, "first_call_ns": first_call_ns}), flush=True)
    for line in sys.stdin:
        if line.strip() != "time":
            break
        print(timed_call(function, args), flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m pyrust_workloads._runner", description=__doc__.split("\n")[0]
    )
    parser.add_argument("workload", nargs="?")
    parser.add_argument("variant", nargs="?")
    parser.add_argument("n", nargs="?", type=int)
    parser.add_argument("--describe", action="store_true")
    parser.add_argument("--serve", action="store_true")
    parser.add_argument("--min-time", type=float, default=1.0)
    parser.add_argument("--min-samples", type=int, default=5)
    parser.add_argument("--max-samples", type=int, default=1000)
    parser.add_argument("--warmup-time", type=float, default=2.0)
    args = parser.parse_args(argv)
    # As in the embedded interpreter: tests play "not installed" with PYRUST_HIDE_MODULES.
    for name in os.environ.get("PYRUST_HIDE_MODULES", "").split(","):
        if name.strip():
            sys.modules[name.strip()] = None
    if args.describe:
        print(json.dumps(describe()))
        return 0
    if args.workload is None or args.variant is None or args.n is None:
        parser.error("WORKLOAD, VARIANT and N are required (or --describe)")
    try:
        if args.serve:
            serve(args.workload, args.variant, args.n)
            return 0
        measured = measure(
            args.workload,
            args.variant,
            args.n,
            args.min_time,
            args.min_samples,
            args.max_samples,
            args.warmup_time,
        )
    except ImportError as e:
        missing = getattr(e, "name", None) or ""
        print(
            json.dumps(
                {
                    "error": traceback.format_exc(),
                    "missing_module": missing.split(".")[0] or None,
                }
            )
        )
        return 1
    except Exception:  # noqa: BLE001 (whatever the variant raised goes to the harness)
        print(json.dumps({"error": traceback.format_exc()}))
        return 1
    print(json.dumps(measured))
    return 0


if __name__ == "__main__":
    sys.exit(main())

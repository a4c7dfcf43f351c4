"""Garbage-collector probes for claim ``no-gc-pauses``: CPython's cycle-collector pauses.

Two allocation-heavy workloads run one operation at a time, each operation timed with
``time.perf_counter_ns``; a ``gc.callbacks`` callback records how long every collection
takes. ``run_<workload>(operations, gc_enabled)`` returns ``{"run_ns": int, "latencies_ns":
[int per operation], "pauses_ns": [int per collection], "checksum": int}``; the checksum lets
the harness check that the Rust twin (``src/claims/no_gc_pauses/pass.rs``) did the same work.
``peak_<workload>(operations, gc_enabled)`` returns the ``tracemalloc`` peak, in bytes, of a
separate, identical run. With ``gc_enabled=False`` the collector is off (``gc.disable()``)
for the run; its previous state is restored afterwards.

- ``binary_trees``: one operation builds a tree of depth ``TREE_DEPTH`` and checks it, with
  the tuple trees of ``pyrust_workloads.binary_trees``, while a long-lived tree of depth
  ``LONG_LIVED_DEPTH`` stays alive, as in the benchmark. Tuple trees have no cycles:
  reference counting frees them, but fresh allocations still trigger generation-0
  collections. Only fresh ones: CPython recycles up to 2000 freed 2-tuples through a free
  list that bypasses the collector's count, so a tree of depth 11 or less (2047 tuples at
  most) triggers almost no collection at all. Depth 12 (4095 tuples) does, as the
  benchmark's deeper trees do. (CPython also stops tracking a tuple whose items are
  untracked, so the long-lived tree costs the collector little after its first collection.)
- ``service_loop``: one operation is one service-like request: a request dict with a
  headers dict and a list of item dicts, a response dict that goes into a bounded cache of
  ``CACHE_SIZE`` recent responses (long-lived state), and an int result. Every
  ``CYCLE_EVERY``-th request gives its items a back-reference to the request (a parent <->
  child cycle), which only the cycle collector can free. Inputs come from the shared
  generator, ``pyrust_workloads._data.Lcg``.
"""

import gc
import time
from contextlib import contextmanager

from pyrust_workloads._data import Lcg
from pyrust_workloads._memory import traced_peak
from pyrust_workloads.binary_trees import check_tree, make_tree

TREE_DEPTH = 12
LONG_LIVED_DEPTH = 16

CACHE_SIZE = 10_000
CYCLE_EVERY = 8
MAX_ITEMS = 8
USERS = 1000
SKUS = 5000


def _binary_trees():
    """The binary-trees operation, and the long-lived tree it keeps alive."""
    long_lived = make_tree(LONG_LIVED_DEPTH)

    def operation(_):
        return check_tree(make_tree(TREE_DEPTH))

    return operation, long_lived


def _service_loop():
    """The request handler, and its cache of recent responses."""
    next_raw = Lcg().next_raw
    cache = [None] * CACHE_SIZE

    def operation(i):
        count = 1 + next_raw() % MAX_ITEMS
        user = next_raw() % USERS
        request = {
            "id": i,
            "user": user,
            "path": "/orders",
            "headers": {"accept": "application/json", "trace": f"{i:x}"},
        }
        items = [
            {"sku": next_raw() % SKUS, "qty": 1 + next_raw() % 4} for _ in range(count)
        ]
        request["items"] = items
        if i % CYCLE_EVERY == 0:
            for item in items:
                item["order"] = request  # request -> items -> item -> request: a cycle
        total = 0
        for item in items:
            total += item["sku"] * item["qty"]
        cache[i % CACHE_SIZE] = {
            "status": 200,
            "id": i,
            "total": total,
            "skus": [item["sku"] for item in items],
        }
        return total + count

    return operation, cache


WORKLOADS = {"binary_trees": _binary_trees, "service_loop": _service_loop}


@contextmanager
def _collector(gc_enabled):
    """A full collection first, so that runs start equal; then the collector on or off for
    the block, and its previous state restored afterwards."""
    was_enabled = gc.isenabled()
    gc.collect()
    if gc_enabled:
        gc.enable()
    else:
        gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
        else:
            gc.disable()


def _run(workload, operations, gc_enabled):
    """One timed run: per-operation latencies and the collector's pauses."""
    # The long-lived tree or the cache stays referenced until the run returns.
    operation, _keep_alive = WORKLOADS[workload]()
    perf_counter_ns = time.perf_counter_ns
    latencies = [0] * operations
    pauses = []
    started = [0]

    def on_collection(phase, info):
        if phase == "start":
            started[0] = perf_counter_ns()
        else:
            pauses.append(perf_counter_ns() - started[0])

    checksum = 0
    with _collector(gc_enabled):
        gc.callbacks.append(on_collection)
        try:
            run_started = perf_counter_ns()
            for i in range(operations):
                t0 = perf_counter_ns()
                checksum += operation(i)
                latencies[i] = perf_counter_ns() - t0
            run_ns = perf_counter_ns() - run_started
        finally:
            gc.callbacks.remove(on_collection)
    return {
        "run_ns": run_ns,
        "latencies_ns": latencies,
        "pauses_ns": pauses,
        "checksum": checksum,
    }


def _peak(workload, operations, gc_enabled):
    """The tracemalloc peak, in bytes, of the same work as ``_run``'s, setup included; the
    timing (latency list, callback) is left out, as it is not the workload's memory."""

    def work():
        operation, _keep_alive = WORKLOADS[workload]()
        for i in range(operations):
            operation(i)

    with _collector(gc_enabled):
        return traced_peak(work, ())


def run_binary_trees(operations, gc_enabled):
    """``operations`` trees of depth ``TREE_DEPTH`` built and checked, one at a time."""
    return _run("binary_trees", operations, gc_enabled)


def run_service_loop(operations, gc_enabled):
    """``operations`` requests handled, one at a time."""
    return _run("service_loop", operations, gc_enabled)


def peak_binary_trees(operations, gc_enabled):
    """Peak traced memory of ``run_binary_trees(operations, gc_enabled)``, in bytes."""
    return _peak("binary_trees", operations, gc_enabled)


def peak_service_loop(operations, gc_enabled):
    """Peak traced memory of ``run_service_loop(operations, gc_enabled)``, in bytes."""
    return _peak("service_loop", operations, gc_enabled)


if __name__ == "__main__":
    for name in WORKLOADS:
        for enabled in (True, False):
            result = _run(name, 2000, enabled)
            pauses = result["pauses_ns"]
            print(
                f"{name} gc={'on' if enabled else 'off'}: {result['run_ns'] / 1e6:.1f} ms, "
                f"{len(pauses)} collections, {sum(pauses) / 1e6:.2f} ms paused"
            )

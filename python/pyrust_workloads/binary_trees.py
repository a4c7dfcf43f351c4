"""Binary trees: allocation and traversal of many perfect binary trees.

The Computer Language Benchmarks Game's "binary-trees" definition, with
``max_depth = max(6, n)``: a "stretch" tree of depth ``max_depth + 1`` is built, checked and
dropped; a long-lived tree of depth ``max_depth`` is built; then for each depth ``d`` from 4
to ``max_depth`` in steps of 2, ``2 ** (max_depth - d + 4)`` trees of depth ``d`` are built,
checked and dropped; the long-lived tree is checked last. A check counts a tree's nodes.
``python(n)`` returns the definition's text as a str, one line per phase, each ending in a
newline.

A node is the tuple ``(left, right)``, a leaf is ``(None, None)``: one allocation per inner
node, as in ``src/workload/binary_trees.rs`` (CPython shares the constant leaf tuple, as the
Rust leaf needs no heap).

``python_threads(n, workers)`` and ``python_procs(n, workers)`` cut each phase's short-lived
trees into 4 batches per worker (``python`` runs each phase as one batch) and build and check
all the batches on a pool of threads or processes (see ``_parallel``): a task is just
``(depth, count)`` and returns its summed checks, so no tree crosses the pool. The stretch
and long-lived trees stay in the caller, in the definition's order.

``hybrid(n)`` returns the same text from the Rust kernel, ``pyrust_kernels.binary_trees(n)``,
whose trees are Rust boxes, not Python tuples. Called from ``hybrid``, the kernel is the Rust
variant's own code behind the PyO3 module ``pyrust_kernels`` (``src/hybrid/kernels.rs``); its
timing includes crossing the boundary.
"""

from . import _parallel
from ._kernels import pyrust_kernels

DEFAULT_N = 14

MIN_DEPTH = 4


def make_tree(depth):
    """A perfect tree with ``depth`` levels below the root."""
    if depth:
        depth -= 1
        return (make_tree(depth), make_tree(depth))
    return (None, None)


def check_tree(node):
    """The number of nodes, leaves included."""
    left, right = node
    if left is None:
        return 1
    return 1 + check_tree(left) + check_tree(right)


def python(n):
    """The definition's output for ``n``."""
    return _run(n, 1, _parallel.serial_map)


def parallel(n, workers, pmap):
    """The same output, each phase's trees cut into 4 batches per worker, all the batches
    built and checked by one ``pmap``."""
    return _run(n, 4 * workers, pmap)


python_threads, python_procs = _parallel.variants(parallel)


def _run(n, batches, pmap):
    """The definition's output for ``n``, each phase's short-lived trees cut into (at most)
    ``batches`` batches, all of them built and checked by ``pmap(_check_trees, ...)``."""
    max_depth = max(MIN_DEPTH + 2, n)
    stretch_depth = max_depth + 1
    check = _check_trees((stretch_depth, 1))
    lines = [f"stretch tree of depth {stretch_depth}\t check: {check}\n"]

    long_lived = make_tree(max_depth)
    phases = [
        (depth, 1 << (max_depth - depth + MIN_DEPTH))
        for depth in range(MIN_DEPTH, max_depth + 1, 2)
    ]
    tasks = [
        (depth, stop - start)
        for depth, iterations in phases
        for start, stop in _parallel.chunks(iterations, batches)
    ]
    checks = dict.fromkeys([depth for depth, _ in phases], 0)
    for (depth, _), check in zip(tasks, pmap(_check_trees, tasks)):
        checks[depth] += check
    for depth, iterations in phases:
        lines.append(
            f"{iterations}\t trees of depth {depth}\t check: {checks[depth]}\n"
        )

    check = check_tree(long_lived)
    lines.append(f"long lived tree of depth {max_depth}\t check: {check}\n")
    return "".join(lines)


def _check_trees(task):
    """Builds, checks and drops ``count`` trees of ``depth``, and sums their checks: ``task``
    is ``(depth, count)``."""
    depth, count = task
    check = 0
    for _ in range(count):
        check += check_tree(make_tree(depth))
    return check


def hybrid(n):
    """The same report, from the Rust kernel."""
    return pyrust_kernels.binary_trees(n)


if __name__ == "__main__":
    print(python(DEFAULT_N), end="")

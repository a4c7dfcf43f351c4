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

``hybrid(n)`` returns the same text from the Rust kernel, ``pyrust_kernels.binary_trees(n)``,
whose trees are Rust boxes, not Python tuples. Called from ``hybrid``, the kernel is the Rust
variant's own code behind the PyO3 module ``pyrust_kernels`` (``src/hybrid/kernels.rs``); its
timing includes crossing the boundary.
"""

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
    max_depth = max(MIN_DEPTH + 2, n)
    lines = []

    stretch_depth = max_depth + 1
    check = check_tree(make_tree(stretch_depth))
    lines.append(f"stretch tree of depth {stretch_depth}\t check: {check}\n")

    long_lived = make_tree(max_depth)
    for depth in range(MIN_DEPTH, max_depth + 1, 2):
        iterations = 1 << (max_depth - depth + MIN_DEPTH)
        check = 0
        for _ in range(iterations):
            check += check_tree(make_tree(depth))
        lines.append(f"{iterations}\t trees of depth {depth}\t check: {check}\n")

    check = check_tree(long_lived)
    lines.append(f"long lived tree of depth {max_depth}\t check: {check}\n")
    return "".join(lines)


def hybrid(n):
    """The same report, from the Rust kernel."""
    return pyrust_kernels.binary_trees(n)


if __name__ == "__main__":
    print(python(DEFAULT_N), end="")

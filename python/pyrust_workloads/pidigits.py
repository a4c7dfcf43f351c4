"""Pidigits: the first ``n`` digits of pi, by the unbounded spigot algorithm on big integers.

The Computer Language Benchmarks Game's "pi-digits" definition: Gibbons' streaming spigot,
step by step. The state is three big integers ``numer = 1``, ``accum = 0``, ``denom = 1``.
For ``k = 1, 2, ...`` the next term is folded in (``accum = (accum + 2 numer) (2k + 1)``,
``denom *= 2k + 1``, ``numer *= k``); when ``numer <= accum`` and the digits extracted with
3 and with 4, ``(3 numer + accum) // denom`` and ``(4 numer + accum) // denom``, agree, that
digit is the next one, and it is eliminated (``accum = 10 (accum - d denom)``,
``numer *= 10``). ``python(n)`` returns the definition's text: lines of 10 digits, each
followed by ``"\\t:<count>"``, the last line padded with spaces to 10 digits.

Same steps as ``src/workload/pidigits.rs``: one ``divmod`` gives the digit with 3 and its
remainder, and the digit with 4 agrees exactly when ``remainder + numer < denom``. The big
integer arithmetic is Python's own ``int`` (written in C), so the workload is library-bound.
There is no ``python_c`` variant: this already is the idiomatic, C-backed Python.

``hybrid(n)`` returns the same text from the Rust kernel, ``pyrust_kernels.pidigits(n)``, whose
big integers are ``num-bigint``'s. Called from ``hybrid``, the kernel is the Rust variant's own
code behind the PyO3 module ``pyrust_kernels`` (``src/hybrid/kernels.rs``); its timing includes
crossing the boundary.
"""

from ._kernels import pyrust_kernels

DEFAULT_N = 5_000


def python(n):
    """The first ``n`` digits of pi, in the definition's format."""
    numer, accum, denom = 1, 0, 1
    k = i = 0
    digits = []
    lines = []
    while i < n:
        k += 1
        k2 = 2 * k + 1
        accum = (accum + 2 * numer) * k2
        denom *= k2
        numer *= k
        if numer > accum:
            continue
        d, rem = divmod(3 * numer + accum, denom)
        if rem + numer >= denom:
            continue
        i += 1
        digits.append(str(d))
        if len(digits) == 10:
            lines.append(f"{''.join(digits)}\t:{i}\n")
            digits = []
        accum = (accum - d * denom) * 10
        numer *= 10
    if digits:
        lines.append(f"{''.join(digits):<10}\t:{n}\n")
    return "".join(lines)


def hybrid(n):
    """The same digits, from the Rust kernel."""
    return pyrust_kernels.pidigits(n)


if __name__ == "__main__":
    print(python(DEFAULT_N), end="")

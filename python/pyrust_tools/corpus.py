"""The corpus of the linters and formatters: the standard library of the interpreter that
runs this file (its ``Lib/``, found through ``sysconfig``), without what every linter
excludes, sampled to a number of lines, and copied into a folder of its own.

    python -m pyrust_tools.corpus OUT --lint-lines N --format-lines M

Excluded: ``site-packages``, ``__pycache__``, and the deliberately broken test data
(``test/tokenizedata``, ``test/encoded_modules``, ``lib2to3/tests/data``, ``badsyntax_*``,
``bad_coding*``). A file that this interpreter cannot compile (encoding, syntax) is excluded
too and counted. The sample takes every k-th file in path order, with the smallest k whose
sample has at most N lines (0 means every file). ``OUT/lint`` gets the lint sample and
``OUT/format`` the format sample. It prints one JSON object: the stdlib path, the Python
version, the counts, and each sample's files, lines and stride.
"""

import argparse
import json
import os
import shutil
import sys
import sysconfig
import tokenize

BROKEN_DIRS = ("test/tokenizedata", "test/encoded_modules", "lib2to3/tests/data")
BROKEN_PREFIXES = ("badsyntax_", "bad_coding")
SKIPPED_DIRS = ("site-packages", "__pycache__")


def is_broken(relative):
    """Whether ``relative`` (a path with ``/``) is deliberately broken test data."""
    name = relative.rsplit("/", 1)[-1]
    if name.startswith(BROKEN_PREFIXES):
        return True
    return any(
        relative.startswith(d + "/") or ("/" + d + "/") in relative for d in BROKEN_DIRS
    )


def candidates(stdlib):
    """Every ``.py`` file under ``stdlib``, as sorted relative paths, and the broken count."""
    found, broken = [], 0
    for root, dirs, files in os.walk(stdlib):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS)
        for name in files:
            if not name.endswith(".py"):
                continue
            relative = os.path.relpath(os.path.join(root, name), stdlib).replace(
                os.sep, "/"
            )
            if is_broken(relative):
                broken += 1
            else:
                found.append(relative)
    return sorted(found), broken


def line_count(path):
    """The file's lines, or None when this interpreter cannot read or compile it."""
    try:
        with tokenize.open(path) as f:
            source = f.read()
        compile(source, path, "exec", dont_inherit=True)
    except (SyntaxError, UnicodeDecodeError, ValueError, OSError):
        return None
    return len(source.splitlines())


def sample(files, lines, limit):
    """Every k-th of ``files`` for the smallest k whose sample has at most ``limit`` lines."""
    total = sum(lines[f] for f in files)
    stride = 1
    if limit > 0:
        while stride < len(files) and sum(lines[f] for f in files[::stride]) > limit:
            stride += 1
    chosen = files[::stride]
    return chosen, {
        "files": len(chosen),
        "lines": sum(lines[f] for f in chosen),
        "stride": stride,
        "of_lines": total,
    }


def copy(stdlib, files, out):
    """Copies ``files`` from ``stdlib`` into the fresh folder ``out``."""
    if os.path.exists(out):
        shutil.rmtree(out)
    for relative in files:
        target = os.path.join(out, relative)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(os.path.join(stdlib, relative), target)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--lint-lines", type=int, default=0)
    parser.add_argument("--format-lines", type=int, default=0)
    args = parser.parse_args(argv)
    stdlib = sysconfig.get_path("stdlib")
    files, broken = candidates(stdlib)
    lines, unparseable = {}, []
    for relative in files:
        count = line_count(os.path.join(stdlib, relative))
        if count is None:
            unparseable.append(relative)
        else:
            lines[relative] = count
    readable = [f for f in files if f in lines]
    lint, lint_info = sample(readable, lines, args.lint_lines)
    fmt, format_info = sample(readable, lines, args.format_lines)
    copy(stdlib, lint, os.path.join(args.out, "lint"))
    copy(stdlib, fmt, os.path.join(args.out, "format"))
    report = {
        "stdlib": stdlib,
        "python": sys.version.split()[0],
        "candidates": len(files) + broken,
        "excluded_broken": broken,
        "excluded_unparseable": unparseable,
        "lint": lint_info,
        "format": format_info,
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()

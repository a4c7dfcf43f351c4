"""Worker pools for the parallel variants ``python_threads`` and ``python_procs``.

A workload splits its pure-Python algorithm into independent tasks once, in a function
``parallel(*args, workers, pmap)`` (``args`` are what its ``python`` variant takes), and both
variants run that same split: ``pmap(fn, items)`` returns ``[fn(item) for item in items]``,
computed on the pool. The module gets both variants from one line,
``python_threads, python_procs = _parallel.variants(parallel)``.

- ``threads``: a ``concurrent.futures.ThreadPoolExecutor``. Every thread needs CPython's one
  global interpreter lock (GIL) to run bytecode, so pure-Python tasks take turns.
- ``procs``: a ``ProcessPoolExecutor`` on the ``spawn`` start method. Each worker is a fresh
  interpreter; the pool is started inside the timed call, and every task and result is
  pickled, so those costs are part of the figure. ``spawn`` rather than ``fork``: forking a
  multi-threaded process (the benchmark harness is one) is unsafe.

A process pool starts ``sys.executable``. Inside the Rust harness that is the interpreter PyO3
was built against (or the active virtualenv's python), set by the harness at start-up; it is
handed to ``multiprocessing.set_executable`` here, before every pool, so that a stale value
cached by ``multiprocessing`` cannot start the Rust binary instead.

A worker starts as ``python -c 'from multiprocessing.spawn import spawn_main; ...'`` (the
resource tracker that ``spawn`` starts alongside, likewise), and ``-c`` puts the current
directory first on ``sys.path``: a ``multiprocessing`` package planted there would run in the
worker before ``spawn_main`` can hand it this process's ``sys.path``. ``_safe_worker_path``
keeps the current directory off the workers' path; see there.

Tasks and their functions must be picklable: module-level functions and plain data.
"""

import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool

KINDS = ("threads", "procs")


def run(kind, workers, parallel, *args):
    """``parallel(*args, workers, pmap)`` on a pool of ``workers`` threads or processes."""
    if kind not in KINDS:
        raise ValueError(f"unknown pool kind {kind!r}; expected one of {KINDS}")
    if not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers must be a positive int, got {workers!r}")
    if kind == "threads":
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return parallel(*args, workers, _pmap(pool))
    _safe_worker_path()
    context = multiprocessing.get_context("spawn")
    context.set_executable(sys.executable)
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            return parallel(*args, workers, _pmap(pool))
    except BrokenProcessPool as e:
        raise RuntimeError(
            f"a worker process of the pool of {workers} died before it returned "
            f"(killed, out of memory, or exited; its interpreter is {sys.executable}). "
            "Run the variant with workers=1 in plain python to see the task fail."
        ) from e


def _safe_worker_path():
    """Keeps the current directory off the ``sys.path`` of the processes ``spawn`` starts.

    - 3.11+ (``sys.flags.safe_path`` exists): ``PYTHONSAFEPATH=1``, which each child reads
      at its start-up. ``spawn`` cannot give a child an environment of its own, only this
      process's, so it goes into ``os.environ``. Harmless: an interpreter reads it only when
      it starts (this one's ``sys.path`` stays as it is), and the one thing it changes in the
      Python processes started from here later is that the current directory (or a script's
      folder) is not put first on their path; no child of the harness relies on that.
    - 3.9-3.10 (no such setting): ``-I`` (isolated mode) on the children's command line,
      which leaves out the current directory, and with it ``PYTHON*`` variables and the
      user's site-packages: a worker needs neither, since ``spawn`` hands it this process's
      ``sys.path`` before it imports anything of ours. The worker's and the resource
      tracker's command lines both take their options from
      ``multiprocessing.util._args_from_interpreter_flags``, so that is wrapped; the
      ``multiprocessing`` of those versions no longer changes.
    """
    if hasattr(sys.flags, "safe_path"):
        if not os.environ.get("PYTHONSAFEPATH"):
            os.environ["PYTHONSAFEPATH"] = "1"
        return
    from multiprocessing import util

    flags = util._args_from_interpreter_flags
    if flags.__name__ == "_isolated_flags":
        return

    def _isolated_flags():
        args = flags()
        return args if "-I" in args else [*args, "-I"]

    util._args_from_interpreter_flags = _isolated_flags


def variants(parallel):
    """The ``python_threads`` and ``python_procs`` variants of a workload whose split is
    ``parallel``: each takes the ``python`` variant's arguments, then ``workers``, and runs
    ``parallel`` on a pool of that many threads or processes."""

    def on(kind):
        def variant(*args_then_workers):
            *args, workers = args_then_workers
            return run(kind, workers, parallel, *args)

        variant.__name__ = variant.__qualname__ = f"python_{kind}"
        variant.__module__ = parallel.__module__
        variant.__doc__ = f"``parallel`` on a pool of ``workers`` {kind}."
        return variant

    return on("threads"), on("procs")


def _pmap(pool):
    def pmap(fn, items):
        return list(pool.map(fn, items))

    return pmap


def serial_map(fn, items):
    """``pmap`` without a pool: ``fn`` over ``items`` in this thread, for the serial variant."""
    return [fn(item) for item in items]


def add_counts(total, counts):
    """Adds the counts of one task into ``total`` (both dicts of key to count)."""
    get = total.get
    for key, n in counts.items():
        total[key] = get(key, 0) + n


def chunks(count, parts):
    """``range(count)`` cut into ``parts`` contiguous ``(start, stop)`` pieces, the first ones
    one longer when it does not divide evenly; empty pieces are left out."""
    size, extra = divmod(count, parts)
    bounds = []
    start = 0
    for i in range(parts):
        stop = start + size + (i < extra)
        if stop > start:
            bounds.append((start, stop))
        start = stop
    return bounds


def _worker_identity(_):
    return os.getpid(), sys.executable


def identify_workers(kind, workers):
    """``(pid, sys.executable)`` as seen by each of ``workers`` tasks, run on a pool: how the
    tests check that a process pool started real Python interpreters."""
    return run(
        kind, workers, lambda n, w, pmap: pmap(_worker_identity, range(n)), workers
    )


def startup_threads(workers):
    """Starts a thread pool, runs one empty task per worker, and shuts the pool down: the
    fixed cost ``python_threads`` pays before any work."""
    return len(identify_workers("threads", workers))


def startup_procs(workers):
    """The same for a process pool: the fixed cost ``python_procs`` pays before any work."""
    return len(identify_workers("procs", workers))

"""Helpers of the pass ``rust-tools``, which times Ruff and Polars against pyflakes,
pycodestyle, Black and pandas. They run in the harness-managed virtualenv that has those
tools, never inside the timed processes' work: ``corpus`` builds the stdlib sample the
linters and formatters read, ``findings`` turns the Python linters' output into
(file, line, code) rows, and ``tpch`` prepares the TPC-H data and runs one query per process.
"""

"""Python variants of the pyrust-bench workloads.

One module per workload, named after it. Each module has a docstring, its defaults at the top,
and one function per variant, named after the variant: ``python(n)`` for pure Python. Every
function returns the same output as the Rust variant (an int, a float, a str or bytes).
"""

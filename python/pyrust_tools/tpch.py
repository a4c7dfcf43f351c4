"""TPC-H Q1 and Q3 in Polars and in pandas, one query per process, and the data they read.

    python -m pyrust_tools.tpch prepare DATA --scale S
    python -m pyrust_tools.tpch run ENGINE QUERY DATA OUT

``prepare`` runs ``tpchgen-cli`` (from the same virtualenv) for ``lineitem``, ``orders`` and
``customer`` at scale factor ``S``, then rewrites each table with types both libraries read
well: decimals become float64, string views plain strings, and dates timestamps (pandas
would read date32 as Python objects). This is setup, never timed.

``run`` executes one query, written from the TPC-H specification's SQL, with ``ENGINE`` one
of ``polars-lazy`` (scan, the optimizer plans the whole query), ``polars-eager`` (each step
runs as written) or ``pandas``. Every engine reads only the columns its query uses and
applies the same filters, joins, aggregates and order. It writes the result to ``OUT`` as
JSON, ``{"columns": [...], "rows": [[...], ...], "query_ns": T}``, with dates as
``YYYY-MM-DD``, so that the harness can check that the engines agree before it times them.
``T`` is the query's own time, from reading the tables to the result, measured after the
library was imported: the harness times the whole process, and ``T`` shows how much of it
the import was. Threads are the library's business: ``POLARS_MAX_THREADS`` caps Polars.
"""

import datetime
import importlib
import json
import os
import subprocess
import sys
import time

TABLES = ("lineitem", "orders", "customer")

Q1_COLUMNS = [
    "l_returnflag",
    "l_linestatus",
    "l_quantity",
    "l_extendedprice",
    "l_discount",
    "l_tax",
    "l_shipdate",
]
Q1_CUTOFF = datetime.datetime(1998, 12, 1) - datetime.timedelta(days=90)

Q3_SEGMENT = "BUILDING"
Q3_DATE = datetime.datetime(1995, 3, 15)
Q3_COLUMNS = {
    "customer": ["c_custkey", "c_mktsegment"],
    "orders": ["o_orderkey", "o_custkey", "o_orderdate", "o_shippriority"],
    "lineitem": ["l_orderkey", "l_extendedprice", "l_discount", "l_shipdate"],
}


def path(data, table):
    return os.path.join(data, table + ".parquet")


def prepare(data, scale):
    """Generates the tables at ``scale`` into ``DATA/raw`` and converts them into ``DATA``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    raw = os.path.join(data, "raw")
    generator = os.path.join(os.path.dirname(sys.executable), "tpchgen-cli")
    command = [
        generator,
        "parquet",
        "-s",
        str(scale),
        "-T",
        ",".join(TABLES),
        "-o",
        raw,
    ]
    subprocess.run(command + ["--overwrite"], check=True)
    rows = {}
    for table in TABLES:
        source = pq.read_table(path(raw, table))
        fields = []
        for field in source.schema:
            kind = field.type
            if pa.types.is_decimal(kind):
                kind = pa.float64()
            elif pa.types.is_string_view(kind) or pa.types.is_large_string(kind):
                kind = pa.string()
            elif pa.types.is_date(kind):
                kind = pa.timestamp("ms")
            fields.append(pa.field(field.name, kind))
        converted = source.cast(pa.schema(fields))
        pq.write_table(converted, path(data, table))
        rows[table] = converted.num_rows
        os.remove(path(raw, table))
    os.rmdir(raw)
    print(json.dumps({"scale": scale, "rows": rows}))


def q1_polars(data, lazy):
    import polars as pl

    if lazy:
        frame = pl.scan_parquet(path(data, "lineitem"))
    else:
        frame = pl.read_parquet(path(data, "lineitem"), columns=Q1_COLUMNS)
    disc_price = pl.col("l_extendedprice") * (1 - pl.col("l_discount"))
    result = (
        frame.filter(pl.col("l_shipdate") <= Q1_CUTOFF)
        .group_by("l_returnflag", "l_linestatus")
        .agg(
            pl.col("l_quantity").sum().alias("sum_qty"),
            pl.col("l_extendedprice").sum().alias("sum_base_price"),
            disc_price.sum().alias("sum_disc_price"),
            (disc_price * (1 + pl.col("l_tax"))).sum().alias("sum_charge"),
            pl.col("l_quantity").mean().alias("avg_qty"),
            pl.col("l_extendedprice").mean().alias("avg_price"),
            pl.col("l_discount").mean().alias("avg_disc"),
            pl.len().alias("count_order"),
        )
        .sort("l_returnflag", "l_linestatus")
    )
    return result.collect() if lazy else result


def q3_polars(data, lazy):
    import polars as pl

    def table(name):
        if lazy:
            return pl.scan_parquet(path(data, name))
        return pl.read_parquet(path(data, name), columns=Q3_COLUMNS[name])

    customer = table("customer").filter(pl.col("c_mktsegment") == Q3_SEGMENT)
    orders = table("orders").filter(pl.col("o_orderdate") < Q3_DATE)
    lineitem = table("lineitem").filter(pl.col("l_shipdate") > Q3_DATE)
    result = (
        customer.join(orders, left_on="c_custkey", right_on="o_custkey")
        .join(lineitem, left_on="o_orderkey", right_on="l_orderkey")
        .group_by("o_orderkey", "o_orderdate", "o_shippriority")
        .agg(
            (pl.col("l_extendedprice") * (1 - pl.col("l_discount")))
            .sum()
            .alias("revenue")
        )
        .select(
            pl.col("o_orderkey").alias("l_orderkey"),
            "revenue",
            "o_orderdate",
            "o_shippriority",
        )
        .sort(["revenue", "o_orderdate"], descending=[True, False])
        .head(10)
    )
    return result.collect() if lazy else result


def q1_pandas(data):
    import pandas as pd

    frame = pd.read_parquet(path(data, "lineitem"), columns=Q1_COLUMNS)
    frame = frame[frame["l_shipdate"] <= Q1_CUTOFF]
    disc_price = frame["l_extendedprice"] * (1 - frame["l_discount"])
    frame = frame.assign(
        disc_price=disc_price, charge=disc_price * (1 + frame["l_tax"])
    )
    result = (
        frame.groupby(["l_returnflag", "l_linestatus"], sort=True)
        .agg(
            sum_qty=("l_quantity", "sum"),
            sum_base_price=("l_extendedprice", "sum"),
            sum_disc_price=("disc_price", "sum"),
            sum_charge=("charge", "sum"),
            avg_qty=("l_quantity", "mean"),
            avg_price=("l_extendedprice", "mean"),
            avg_disc=("l_discount", "mean"),
            count_order=("l_quantity", "size"),
        )
        .reset_index()
    )
    return result


def q3_pandas(data):
    import pandas as pd

    def table(name):
        return pd.read_parquet(path(data, name), columns=Q3_COLUMNS[name])

    customer = table("customer")
    customer = customer[customer["c_mktsegment"] == Q3_SEGMENT]
    orders = table("orders")
    orders = orders[orders["o_orderdate"] < Q3_DATE]
    lineitem = table("lineitem")
    lineitem = lineitem[lineitem["l_shipdate"] > Q3_DATE]
    joined = customer.merge(orders, left_on="c_custkey", right_on="o_custkey").merge(
        lineitem, left_on="o_orderkey", right_on="l_orderkey"
    )
    joined = joined.assign(
        revenue=joined["l_extendedprice"] * (1 - joined["l_discount"])
    )
    result = (
        joined.groupby(["o_orderkey", "o_orderdate", "o_shippriority"], sort=False)[
            "revenue"
        ]
        .sum()
        .reset_index()
        .rename(columns={"o_orderkey": "l_orderkey"})
    )
    result = result[["l_orderkey", "revenue", "o_orderdate", "o_shippriority"]]
    result = result.sort_values(["revenue", "o_orderdate"], ascending=[False, True])
    return result.head(10)


QUERIES = {
    ("polars-lazy", "q1"): lambda data: q1_polars(data, lazy=True),
    ("polars-eager", "q1"): lambda data: q1_polars(data, lazy=False),
    ("pandas", "q1"): q1_pandas,
    ("polars-lazy", "q3"): lambda data: q3_polars(data, lazy=True),
    ("polars-eager", "q3"): lambda data: q3_polars(data, lazy=False),
    ("pandas", "q3"): q3_pandas,
}


def cell(value):
    """One cell as JSON: dates as ``YYYY-MM-DD``, numpy scalars as Python numbers."""
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    if hasattr(value, "item"):
        return value.item()
    return value


def rows_of(result):
    """The columns and rows of a Polars or pandas frame."""
    if hasattr(result, "iter_rows"):
        return list(result.columns), [list(r) for r in result.iter_rows()]
    return [str(c) for c in result.columns], [
        list(r) for r in result.itertuples(index=False)
    ]


def run(engine, query, data, out):
    importlib.import_module("pandas" if engine == "pandas" else "polars")
    started = time.perf_counter_ns()
    columns, rows = rows_of(QUERIES[(engine, query)](data))
    query_ns = time.perf_counter_ns() - started
    frame = {"columns": columns, "rows": [[cell(v) for v in r] for r in rows]}
    frame["query_ns"] = query_ns
    with open(out, "w", encoding="utf-8") as f:
        json.dump(frame, f)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) == 4 and argv[0] == "prepare" and argv[2] == "--scale":
        prepare(argv[1], float(argv[3]))
    elif len(argv) == 5 and argv[0] == "run" and (argv[1], argv[2]) in QUERIES:
        run(*argv[1:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()

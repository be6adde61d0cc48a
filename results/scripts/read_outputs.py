#!/usr/bin/env python3
"""Reads a bpttlab run folder's CSVs with pandas as-is and checks them against Python's float().

    python3 results/scripts/read_outputs.py runs/NAME

For each of metrics.csv, alignment.csv and summary.csv: reads it with pandas.read_csv(path) (the
default parser) and with float_precision="round_trip", and compares every float column with the
values Python's csv module and float() read from the same fields (which are exact: bpttlab writes
Java's Double.toString, a decimal that reads back to the same double). Prints the dtypes and how
many values each pandas parser changed, and by how many units in the last place at most. Also
checks that the special values NaN, Infinity and -Infinity, an empty field and a quoted rule name
(one with commas) read as NaN, inf, -inf, NaN and the name.
"""
import csv
import io
import math
import sys

import numpy as np
import pandas as pd


def ulps(a, b):
    if a == b or (math.isnan(a) and math.isnan(b)):
        return 0
    return abs(int(np.float64(a).view(np.int64)) - int(np.float64(b).view(np.int64)))


def check(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for label, kwargs in (("default", {}), ("round_trip", {"float_precision": "round_trip"})):
        df = pd.read_csv(path, **kwargs)
        changed, worst, total = 0, 0, 0
        for col in df.columns:
            if df[col].dtype != np.float64:
                continue
            for value, row in zip(df[col], rows):
                text = row[col]
                exact = float(text) if text != "" else float("nan")
                total += 1
                u = ulps(value, exact)
                if u:
                    changed += 1
                    worst = max(worst, u)
        print(f"{path} [{label}]: {len(df)} rows; {changed} of {total} float values changed"
              f" (at most {worst} ulp)")
    print("  dtypes:", ", ".join(f"{c}={t}" for c, t in pd.read_csv(path).dtypes.items()))


def special_values():
    text = 'rule,x,y,z,w\n"tbptt:k1=5,k2=10",NaN,Infinity,-Infinity,\n'
    df = pd.read_csv(io.StringIO(text))
    assert df["rule"][0] == "tbptt:k1=5,k2=10"
    assert math.isnan(df["x"][0]) and df["y"][0] == math.inf and df["z"][0] == -math.inf
    assert math.isnan(df["w"][0])
    print("special values: NaN, Infinity, -Infinity, empty and a quoted rule read as expected")


if __name__ == "__main__":
    print("pandas", pd.__version__)
    for name in ("metrics.csv", "alignment.csv", "summary.csv"):
        check(f"{sys.argv[1]}/{name}")
    special_values()

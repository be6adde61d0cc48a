#!/usr/bin/env python3
"""Summarise a KernelBenchmark JMH JSON (-rf json) as a Markdown table: ns/op ± 99.9% error and
GFLOP/s (2·m·n² flops per call) for each kernel, shape and implementation, and the speed-up of the
Vector API ("vector") over the faster of the other two.

With --float32: the double kernels ("vector") beside the single-precision products ("float32",
Products.FLOAT32 rounding W in each call; "float32kept", W passed as a WeightMatrix whose float forms
are kept, as the cells multiply) and the speed-ups of each over vector instead.

With --split: each arithmetic on one thread ("vector", "float32kept") beside the same products
split over a ProductTeam of two threads ("split", "float32split"), and the speed-ups of the split.

usage: kernel_table.py [--float32 | --split] results.json [more.json ...]   (later files override earlier ones)
"""
import json
import sys

args = sys.argv[1:]
single = args[:1] == ["--float32"]
split = args[:1] == ["--split"]
if single or split:
    args = args[1:]
rows = {}
for path in args:
    for r in json.load(open(path)):
        name = r["benchmark"].rsplit(".", 1)[1]
        if "_" not in name:
            continue
        kernel, impl = name.split("_")
        m, n = int(r["params"]["m"]), int(r["params"]["n"])
        pm = r["primaryMetric"]
        rows.setdefault((kernel, m, n), {})[impl] = (pm["score"], pm["scoreError"])

impls = ["vector", "float32", "float32kept"] if single else ["plain", "ejml", "vector"]
order = ["multTransB", "multAddTransB", "multAdd", "multAddTransA"]
if split:
    pairs = [("vector", "split"), ("float32kept", "float32split")]
    print("| kernel | m | n | float64 1 thread ns/op | float64 2 threads ns/op | speed-up | "
          "float32 1 thread ns/op | float32 2 threads ns/op | speed-up |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for (kernel, m, n) in sorted(rows, key=lambda x: (order.index(x[0]) if x[0] in order else 9, x[1], x[2])):
        d = rows[(kernel, m, n)]
        cells = []
        for one, two in pairs:
            if kernel == "multAddTransA" and one == "float32kept":
                one = "float32"  # no weight matrix in the gradient's sum
            for i in (one, two):
                cells.append(f"{d[i][0]:,.0f} ± {d[i][1]:,.0f}" if i in d else "–")
            cells.append(f"{d[one][0] / d[two][0]:.2f}×" if one in d and two in d else "–")
        if any(c != "–" for c in cells):
            print(f"| {kernel} | {m} | {n} | " + " | ".join(cells) + " |")
    sys.exit(0)
print("| kernel | m | n | " + " | ".join(f"{i} ns/op" for i in impls) + " | "
      + " | ".join(f"{i} GFLOP/s" for i in impls)
      + (" | float32 speed-up | float32kept speed-up |" if single else " | vector speed-up |"))
print("|---|---:|---:|" + "---:|" * (2 * len(impls) + (2 if single else 1)))
for (kernel, m, n) in sorted(rows, key=lambda x: (order.index(x[0]) if x[0] in order else 9, x[1], x[2])):
    d = rows[(kernel, m, n)]
    flops = 2.0 * m * n * n
    times = [f"{d[i][0]:,.0f} ± {d[i][1]:,.0f}" if i in d else "–" for i in impls]
    gf = [f"{flops / d[i][0]:.1f}" if i in d else "–" for i in impls]
    if single:
        speed = " | ".join(f"{d['vector'][0] / d[i][0]:.2f}×" if "vector" in d and i in d else "–"
                           for i in ("float32", "float32kept"))
    else:
        others = [d[i][0] for i in ("plain", "ejml") if i in d]
        speed = f"{min(others) / d['vector'][0]:.2f}×" if others and "vector" in d else "–"
    print(f"| {kernel} | {m} | {n} | " + " | ".join(times) + " | " + " | ".join(gf) + f" | {speed} |")

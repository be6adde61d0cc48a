#!/usr/bin/env python3
"""The bpttlab-against-PyTorch table of docs/performance.md: BPTT (forward + backward) of the same
vanilla tanh RNN (32 inputs, 8 outputs, MSE, T = 1000), per configuration of n and batch: bpttlab's
BpttBenchmark.bptt (JMH JSON, ms per pass, float64, one thread) beside pytorch_rnn.py's CSV (median
ms per pass) for each PyTorch implementation, dtype and thread count, and the ratio PyTorch / bpttlab
(> 1: bpttlab is faster). With --products float32: bpttlab's rows with single-precision products
(BpttBenchmark -p products=float32) beside PyTorch's float32 columns only. With --threads 2:
bpttlab's rows with the products split over two threads (BpttBenchmark -p threads=2) beside
PyTorch's two-thread columns only.

usage: pytorch_table.py [--products float64|float32] [--threads 1|2] bptt.json pytorch.csv [more.csv ...]
"""
import csv
import json
import sys

args = sys.argv[1:]
products = "float64"
threads = 1
while args[:1] in (["--products"], ["--threads"]):
    if args[0] == "--products":
        products = args[1]
    else:
        threads = int(args[1])
    args = args[2:]

ours = {}
for r in json.load(open(args[0])):
    if not r["benchmark"].endswith(".bptt"):
        continue
    p = r["params"]
    if p.get("products", "float64") != products or int(p.get("threads", "1")) != threads:
        continue
    pm = r["primaryMetric"]
    scale = {"ms/op": 1.0, "us/op": 1e-3, "s/op": 1e3}[pm["scoreUnit"]]
    ours[(int(p["hidden"]), int(p["batch"]))] = (pm["score"] * scale, pm["scoreError"] * scale)

torch = {}
for path in args[1:]:
    for row in csv.DictReader(open(path)):
        key = (int(row["hidden"]), int(row["batch"]))
        torch.setdefault(key, {})[(row["impl"], row["dtype"], int(row["threads"]))] = float(
            row["median_ms"])

dtypes = ("float64", "float32") if products == "float64" else ("float32",)
columns = [(impl, dtype, t) for t in ((1, 2) if threads == 1 else (threads,)) for dtype in dtypes
           for impl in ("nn.RNN", "manual")]
present = [c for c in columns if any(c in d for d in torch.values())]
label = "1 thread" if threads == 1 else f"{threads} threads"
print(f"| n | batch | bpttlab ms ({products} products, {label}) | "
      + " | ".join(f"{i} {d} {t}T ms (ratio)" for i, d, t in present) + " |")
print("|---:|---:|---:|" + "---:|" * len(present))
for key in sorted(set(ours) | set(torch)):
    n, b = key
    mine = ours.get(key)
    cells = []
    for c in present:
        v = torch.get(key, {}).get(c)
        if v is None:
            cells.append("–")
        elif mine:
            cells.append(f"{v:,.1f} ({v / mine[0]:.2f}×)")
        else:
            cells.append(f"{v:,.1f}")
    m = f"{mine[0]:,.1f} ± {mine[1]:,.1f}" if mine else "–"
    print(f"| {n} | {b} | {m} | " + " | ".join(cells) + " |")

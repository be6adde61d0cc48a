#!/usr/bin/env python3
"""The bpttlab-against-PyTorch table of docs/performance.md: BPTT (forward + backward) of the same
vanilla tanh RNN (32 inputs, 8 outputs, MSE, T = 1000), per configuration of n and batch: bpttlab's
BpttBenchmark.bptt (JMH JSON, ms per pass, float64, one thread) beside pytorch_rnn.py's CSV (median
ms per pass) for each PyTorch implementation, dtype and thread count, and the ratio PyTorch / bpttlab
(> 1: bpttlab is faster).

usage: pytorch_table.py bptt.json pytorch.csv [more.csv ...]
"""
import csv
import json
import sys

ours = {}
for r in json.load(open(sys.argv[1])):
    if not r["benchmark"].endswith(".bptt"):
        continue
    p = r["params"]
    pm = r["primaryMetric"]
    scale = {"ms/op": 1.0, "us/op": 1e-3, "s/op": 1e3}[pm["scoreUnit"]]
    ours[(int(p["hidden"]), int(p["batch"]))] = (pm["score"] * scale, pm["scoreError"] * scale)

torch = {}
for path in sys.argv[2:]:
    for row in csv.DictReader(open(path)):
        key = (int(row["hidden"]), int(row["batch"]))
        torch.setdefault(key, {})[(row["impl"], row["dtype"], int(row["threads"]))] = float(
            row["median_ms"])

columns = [(impl, dtype, threads) for threads in (1, 2) for dtype in ("float64", "float32")
           for impl in ("nn.RNN", "manual")]
present = [c for c in columns if any(c in d for d in torch.values())]
print("| n | batch | bpttlab ms (float64, 1 thread) | "
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

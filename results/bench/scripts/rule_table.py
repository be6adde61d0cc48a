#!/usr/bin/env python3
"""Summarise a RuleBenchmark JMH JSON (-rf json, optionally with -prof gc) as a Markdown table: for
each rule, cell, n and batch the time per step of the pass (µs ± 99.9% error), the forward step's
(the same network alone, from any RuleBenchmark.forward row of that cell, n and batch), their ratio, and with -prof gc the bytes allocated per step.

usage: rule_table.py results.json [more.json ...]   (later files override earlier ones)
"""
import json
import math
import sys

rows = {}
forward = {}
for path in sys.argv[1:]:
    for r in json.load(open(path)):
        kind = r["benchmark"].rsplit(".", 1)[1]
        p = r["params"]
        net = (p["cell"], int(p["hidden"]), int(p["batch"]))
        pm = r["primaryMetric"]
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        value = (pm["score"], pm["scoreError"], alloc["score"] if alloc else None)
        if kind == "forward":
            # the network alone: the same for every rule
            forward[net] = value
        else:
            rows.setdefault((p["rule"],) + net, {})["pass"] = value
for key, d in rows.items():
    if key[1:] in forward:
        d["forward"] = forward[key[1:]]

print("| rule | cell | n | batch | pass µs/step | forward µs/step | pass / forward | bytes/step (pass) |")
print("|---|---|---:|---:|---:|---:|---:|---:|")
for key in sorted(rows, key=lambda k: (k[0], ["rate", "lif", "alif"].index(k[1]), k[2], k[3])):
    d = rows[key]
    rule, cell, n, b = key

    def fmt(x):
        score, error = float(x[0]), float(x[1])  # JMH writes "NaN" for too few iterations
        err = "" if math.isnan(error) else (f" ± {error:,.1f}" if score >= 10 else f" ± {error:.2f}")
        return (f"{score:,.1f}" if score >= 10 else f"{score:.2f}") + err

    p = d.get("pass")
    f = d.get("forward")
    ratio = f"{p[0] / f[0]:.2f}" if p and f else "–"
    alloc = f"{p[2]:.0f}" if p and p[2] is not None else "–"
    print(f"| {rule} | {cell} | {n} | {b} | {fmt(p) if p else '–'} | {fmt(f) if f else '–'} | {ratio} | {alloc} |")

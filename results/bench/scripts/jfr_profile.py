#!/usr/bin/env python3
"""Where a benchmark's time went, from a Java Flight Recorder file: the share of execution samples
in which each bpttlab method is on the stack (inclusive), and the top frames (exclusive). How the
float32 pass at n = 512, batch 32 was taken apart (docs/performance.md, "float32 products").

usage: jfr_profile.py recording.jfr [rows]
  recording.jfr  from a JMH fork run with
                 -jvmArgsAppend "-XX:StartFlightRecording=filename=recording.jfr,settings=profile"
  rows           how many methods to list (default 30)
Runs `jfr print --stack-depth 64` (the JDK's jfr tool; its default depth, 5, cuts the stacks).
"""
import collections
import re
import subprocess
import sys

path = sys.argv[1]
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 30
text = subprocess.run(
    ["jfr", "print", "--stack-depth", "64", "--events", "jdk.ExecutionSample", path],
    check=True, capture_output=True, text=True).stdout
inclusive = collections.Counter()
top = collections.Counter()
samples = 0
for event in text.split("jdk.ExecutionSample")[1:]:
    m = re.search(r"stackTrace = \[(.*?)\n\s*\]", event, re.S)
    if not m:
        continue
    frames = [re.sub(r"\(.*", "", f.strip()) for f in m.group(1).strip().split("\n") if f.strip()]
    if not frames:
        continue
    samples += 1
    top[frames[0]] += 1
    for f in set(frames):
        inclusive[f] += 1
print(f"{samples} samples")
print("inclusive %  method")
for f, c in inclusive.most_common():
    if "org.bpttlab" in f and "jmh_generated" not in f:
        print(f"{100 * c / samples:10.1f}  {f}")
        rows -= 1
        if rows == 0:
            break
print("top-frame %  method")
for f, c in top.most_common(10):
    print(f"{100 * c / samples:10.1f}  {f}")

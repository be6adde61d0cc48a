#!/usr/bin/env python3
"""Disassemble one C2-compiled method from HotSpot's PrintAssembly output when no working hsdis is
installed (then the JVM prints each method's [MachCode] as hex words): the words are turned back into
bytes and handed to objdump. How the two speeds of Kernels.strip6x4 were told apart (docs/performance.md,
"Why multAdd and multAddTransA had two speeds").

usage: machcode_objdump.py print.txt FIRST LAST
  print.txt   the output of a JVM run with
              -XX:+UnlockDiagnosticVMOptions -XX:CompileCommand=print,org.bpttlab.kernels.Kernels::strip6x4
  FIRST LAST  the line range of one "Compiled method (c2) ..." block in it (grep -n "Compiled method")
prints objdump's Intel-syntax listing of that block's main code.
"""
import re
import subprocess
import sys
import tempfile

lines = open(sys.argv[1]).read().split("\n")[int(sys.argv[2]) - 1:int(sys.argv[3])]
code = bytearray()
inside = False
for line in lines:
    if line.startswith("[MachCode]"):
        inside = True
    elif line.startswith("[/MachCode]"):
        break
    elif inside:
        m = re.match(r"\s*0x[0-9a-f]+: (.*)", line)
        if m and not m.group(1).startswith(";"):
            for word in re.findall(r"\b[0-9a-f]{2,4}\b", m.group(1).split(";")[0]):
                code += bytes.fromhex(word)
with tempfile.NamedTemporaryFile(suffix=".bin") as f:
    f.write(code)
    f.flush()
    subprocess.run(["objdump", "-D", "-b", "binary", "-mi386:x86-64", "-M", "intel", f.name], check=True)

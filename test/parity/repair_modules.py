"""Copies SEIF's modules/instructions*.py into OUT_DIR/modules with the two repairs the published
files need (pipeline doc §0.4): the corrupted curly-quote lines of instructions_util.py restored to
IFEval's original, and any other corrupted em dash (bytes E2 80 3F) replaced.
Usage: repair_modules.py SRC_MODULES_DIR OUT_DIR"""
import os
import sys

src, out = sys.argv[1], os.path.join(sys.argv[2], "modules")
os.makedirs(out, exist_ok=True)
open(os.path.join(out, "__init__.py"), "w").close()
BROKEN = b"\xe2\x80\x3f"
for name in ("instructions.py", "instructions_registry.py", "instructions_util.py"):
    with open(os.path.join(src, name), "rb") as f:
        data = f.read()
    lines = data.split(b"\n")
    for i, line in enumerate(lines):
        if BROKEN in line and b"in text:" in line:
            lines[i] = b'  if "\xe2\x80\x9d" in text:'
        elif BROKEN in line and b"text.replace(" in line:
            lines[i] = b'    text = text.replace(".\xe2\x80\x9d", "\xe2\x80\x9d.")'
    data = b"\n".join(lines).replace(BROKEN, "\u2014 ".encode())
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)

"""SEIF Studio host check (uploaded to ~/.seif/bin/seif_preflight-v1.py). Reads a JSON request on stdin,
prints one JSON result. Never changes anything unless the request says "repair" (files the researcher
reviewed as a diff); originals are kept as <file>.orig.

Request: {"seifDir": "$HOME/SEIF", "workDir": "...", "ports": [55111, ...], "minFreeGb": 200,
          "repair": ["modules/instructions_util.py", ...]}
"""
import importlib.util
import json
import os
import re
import shutil
import socket
import subprocess
import sys

ASSETS_VERSION = 1
DASH = b"\xe2\x80\x3f"
# The published modules/instructions_util.py lost IFEval's curly-quote literal (lines 106-107).
BROKEN_QUOTE = [
    (re.compile(rb'^(\s*)if "\xe2\x80\x3f in text:\s*$'), '{0}if "\u201d" in text:'),
    (re.compile(rb'^(\s*)text = text\.replace\("\.\xe2\x80\x3f, "\xe2\x80\x3f\.?"\)\s*$'), '{0}text = text.replace(".\u201d", "\u201d.")'),
]
KEY_FILES = ["verl/trainer/main.py", "verl/utils/dataset.py", "examples/config.yaml", "examples/config1.yaml",
             "examples/reward_function/instruction_reward.py", "scripts/model_merger.py", "modules/instructions_util.py"]
MODULES = [("torch", True), ("vllm", True), ("ray", True), ("transformers", True), ("omegaconf", True),
           ("openai", False), ("requests", False), ("nltk", False), ("langdetect", False), ("absl", False), ("immutabledict", False)]


def expand(p):
    return os.path.expanduser(os.path.expandvars(p))


def repaired_lines(data):
    """[(line_no, before, after)] for every corrupted line, and the repaired bytes."""
    out, hunks = [], []
    for i, line in enumerate(data.split(b"\n"), 1):
        fixed = line
        for pat, repl in BROKEN_QUOTE:
            m = pat.match(line)
            if m:
                fixed = repl.format(m.group(1).decode()).encode("utf-8")
                break
        else:
            if DASH in line:
                fixed = line.replace(DASH, "\u2014 ".encode("utf-8"))
        if fixed != line:
            hunks.append((i, line.decode("utf-8", "replace"), fixed.decode("utf-8")))
        out.append(fixed)
    return hunks, b"\n".join(out)


def scan(seif):
    patches = []
    for root, dirs, files in os.walk(seif):
        dirs[:] = [d for d in dirs if d not in (".git", "__pycache__", "node_modules", ".venv")]
        for f in files:
            if not f.endswith((".py", ".sh", ".yaml")):
                continue
            full = os.path.join(root, f)
            try:
                data = open(full, "rb").read()
            except OSError:
                continue
            if DASH not in data:
                continue
            hunks, _ = repaired_lines(data)
            if hunks:
                patches.append({"file": os.path.relpath(full, seif), "hunks": [{"line": l, "before": b, "after": a} for l, b, a in hunks]})
    return sorted(patches, key=lambda p: p["file"])


def repair(seif, rels):
    done = []
    for rel in rels:
        full = os.path.realpath(os.path.join(seif, rel))
        if not full.startswith(os.path.realpath(seif) + os.sep):
            raise SystemExit(json.dumps({"error": "refusing to repair a file outside the SEIF checkout: %s" % rel}))
        data = open(full, "rb").read()
        _, fixed = repaired_lines(data)
        if fixed == data:
            continue
        if not os.path.exists(full + ".orig"):
            shutil.copy2(full, full + ".orig")
        tmp = full + ".seif-tmp"
        with open(tmp, "wb") as f:
            f.write(fixed)
        shutil.copymode(full, tmp)
        os.replace(tmp, full)
        done.append(rel)
    return done


def check(checks, cid, title, status, detail, **extra):
    checks.append(dict(id=cid, title=title, status=status, detail=detail, **extra))


def main():
    req = json.loads(sys.stdin.read() or "{}")
    seif = expand(req.get("seifDir", "$HOME/SEIF"))
    checks = []
    result = {"v": ASSETS_VERSION, "python": sys.version.split()[0], "seifDir": seif, "checks": checks}
    if req.get("repair"):
        result["repaired"] = repair(seif, req["repair"])
    missing = [f for f in KEY_FILES if not os.path.isfile(os.path.join(seif, f))]
    if not os.path.isdir(seif):
        check(checks, "checkout", "SEIF checkout", "fail", "no folder %s: clone https://github.com/Rainier-rq1/SEIF there or set seifDir" % seif)
    elif missing:
        check(checks, "checkout", "SEIF checkout", "fail", "%s lacks %s" % (seif, ", ".join(missing)))
    else:
        check(checks, "checkout", "SEIF checkout", "ok", seif)
    if os.path.isdir(seif):
        patches = scan(seif)
        result["patches"] = patches
        if patches:
            n = sum(len(p["hunks"]) for p in patches)
            check(checks, "corruption", "Corrupted bytes in SEIF's sources", "fail",
                  "%d line(s) in %d file(s) carry the broken em dash (E2 80 3F) or the broken quote literal: %s"
                  % (n, len(patches), ", ".join(p["file"] for p in patches)), fixable=True)
        else:
            check(checks, "corruption", "Corrupted bytes in SEIF's sources", "ok", "none")
        bad = []
        for f in KEY_FILES:
            full = os.path.join(seif, f)
            if f.endswith(".py") and os.path.isfile(full):
                try:
                    compile(open(full, "rb").read(), full, "exec")
                except (SyntaxError, ValueError) as e:
                    bad.append("%s (%s)" % (f, str(e).splitlines()[0][:120]))
        check(checks, "syntax", "SEIF's Python files compile", "fail" if bad else "ok", "; ".join(bad) or "all key files compile")
    sys.path.insert(0, seif)
    miss_req, miss_opt = [], []
    for mod, required in MODULES:
        try:
            found = importlib.util.find_spec(mod) is not None
        except Exception:
            found = False
        if not found:
            (miss_req if required else miss_opt).append(mod)
    status = "fail" if miss_req else "warn" if miss_opt else "ok"
    detail = ("missing: %s" % ", ".join(miss_req + miss_opt)) if (miss_req or miss_opt) else "torch, vllm, ray, transformers, omegaconf and the reward's modules import"
    check(checks, "imports", "Python packages (%s)" % sys.executable, status, detail)
    smi = shutil.which("nvidia-smi")
    if not smi:
        check(checks, "gpus", "GPUs (nvidia-smi)", "fail", "nvidia-smi not found: no NVIDIA driver on this host")
    else:
        try:
            out = subprocess.run([smi, "--query-gpu=index,name,memory.total,memory.used", "--format=csv,noheader"],
                                 capture_output=True, text=True, timeout=30)
            gpus = [l.strip() for l in out.stdout.splitlines() if l.strip()]
            result["gpus"] = gpus
            check(checks, "gpus", "GPUs (nvidia-smi)", "ok" if gpus else "fail", "%d GPU(s): %s" % (len(gpus), "; ".join(gpus)) if gpus else (out.stderr.strip() or "no GPU listed"))
        except Exception as e:
            check(checks, "gpus", "GPUs (nvidia-smi)", "fail", "nvidia-smi failed: %s" % e)
    work = expand(req.get("workDir", "$HOME"))
    probe = work
    while not os.path.exists(probe) and os.path.dirname(probe) != probe:
        probe = os.path.dirname(probe)
    du = shutil.disk_usage(probe)
    free_gb = du.free / 1e9
    need = float(req.get("minFreeGb", 200))
    result["freeGb"] = round(free_gb, 3)
    check(checks, "disk", "Free disk for checkpoints", "ok" if free_gb >= need else "fail",
          "%.1f GB free on %s (need %.0f GB)" % (free_gb, probe, need))
    busy = []
    for port in req.get("ports", []):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            s.bind(("0.0.0.0", int(port)))
        except OSError:
            busy.append(int(port))
        finally:
            s.close()
    result["busyPorts"] = busy
    check(checks, "ports", "Free ports for the role servers", "fail" if busy else "ok",
          ("in use: %s" % ", ".join(map(str, busy))) if busy else "free: %s" % ", ".join(map(str, req.get("ports", []))))
    print(json.dumps(result))


if __name__ == "__main__":
    main()

"""Runs SEIF's own IFEval checkers (modules/instructions*.py) over a parity corpus.

Reads JSONL cases {id, instruction_id_list, kwargs, response} on stdin and writes each case back
with "python": {strict: [bool], loose: [bool]} or {error: str} added, on stdout. Strict follows SEIF's validation
(`resp.strip() and check_following(resp)`); loose is IFEval's evaluation_lib (8 response variants).
kwargs go through SEIF's call_build_description (only parameters in the signature). langdetect is
seeded (DetectorFactory.seed = 0) so the verdicts are reproducible.
Usage: python3 run_python.py MODULES_PARENT_DIR < corpus.jsonl > verdicts.jsonl
(SEIF_PARITY_TIMING=1: also time two warm passes and print the CPU times as JSON on stderr.)
"""
import inspect
import json
import os
import sys
import time

sys.path.insert(0, sys.argv[1])

from langdetect import DetectorFactory  # noqa: E402

DetectorFactory.seed = 0

from modules import instructions_registry  # noqa: E402


def build(instruction_id, kwargs):
    instruction = instructions_registry.INSTRUCTION_DICT[instruction_id](instruction_id)
    valid = set(inspect.signature(instruction.build_description).parameters.keys())
    instruction.build_description(**{k: v for k, v in kwargs.items() if k in valid})
    return instruction


def loose_variants(response):
    r = response.split("\n")
    remove_first = "\n".join(r[1:]).strip()
    remove_last = "\n".join(r[:-1]).strip()
    remove_both = "\n".join(r[1:-1]).strip()
    return [
        response,
        response.replace("*", ""),
        remove_first,
        remove_last,
        remove_both,
        remove_first.replace("*", ""),
        remove_last.replace("*", ""),
        remove_both.replace("*", ""),
    ]


def verdicts(case):
    strict, loose = [], []
    for instruction_id, kwargs in zip(case["instruction_id_list"], case["kwargs"]):
        instruction = build(instruction_id, kwargs)
        response = case["response"]
        strict.append(bool(response.strip() and instruction.check_following(response)))
        loose.append(any(bool(v.strip() and instruction.check_following(v)) for v in loose_variants(response)))
    return strict, loose


def run(cases):
    out = []
    for case in cases:
        case = dict(case)
        try:
            strict, loose = verdicts(case)
            case["python"] = {"strict": strict, "loose": loose}
        except Exception as e:  # the harness records what SEIF would raise
            case["python"] = {"error": f"{type(e).__name__}: {e}"}
        out.append(case)
    return out


cases = [json.loads(line) for line in sys.stdin if line.strip()]
started = time.process_time()
results = run(cases)
first = time.process_time() - started
for case in results:
    sys.stdout.write(json.dumps(case, ensure_ascii=False) + "\n")
if os.environ.get("SEIF_PARITY_TIMING"):
    # Warm passes (langdetect profiles and Punkt loaded) for bench/verify.ts: the best of two.
    warm = float("inf")
    for _ in range(2):
        started = time.process_time()
        run(cases)
        warm = min(warm, time.process_time() - started)
    sys.stderr.write(json.dumps({"cases": len(cases), "first_cpu_seconds": first, "warm_cpu_seconds": warm}) + "\n")

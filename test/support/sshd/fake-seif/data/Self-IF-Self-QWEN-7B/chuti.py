"""Stand-in for SEIF's chuti.py: seeds (JSONL) -> instructions with constraints (JSONL, appended)."""
import argparse
import json
import os
import sys
import urllib.request

ap = argparse.ArgumentParser()
ap.add_argument("--input_jsonl", required=True)
ap.add_argument("--output_jsonl", required=True)
ap.add_argument("--num_workers", type=int, default=200)
ap.add_argument("--prompt_field", default="prompt")
a = ap.parse_args()
base = os.environ.get("VLLM_BASE_URL", "http://localhost:55111/v1")
try:
    urllib.request.urlopen(base + "/models", timeout=2).read()
except Exception as e:
    sys.exit("cannot reach %s: %s" % (base, e))
with open(a.input_jsonl, encoding="utf-8") as f, open(a.output_jsonl, "a", encoding="utf-8") as out:
    for i, line in enumerate(f):
        seed = json.loads(line)[a.prompt_field]
        cons = ["Answer in exactly %d sentences." % (i % 4 + 2), "Do not use any commas."]
        out.write(json.dumps({"seed_question": seed, "constraint": cons, "prompt": seed + "\n" + "\n".join(cons),
                              "kwargs": [{"num_bullets": 3}] * 2, "instruction_id_list": ["soft", "soft"]}) + "\n")
print("generated", i + 1, "rows", flush=True)

"""Stand-in for SEIF's scripts/model_merger.py: writes HF weights into <local_dir>/huggingface."""
import argparse
import os
import sys

ap = argparse.ArgumentParser()
ap.add_argument("--local_dir", required=True)
a = ap.parse_args()
if a.local_dir.rstrip("/").endswith("huggingface"):
    sys.exit("local_dir must not end in huggingface")
if not any(f.startswith("model_world_size_") for f in os.listdir(a.local_dir)):
    sys.exit("no model_world_size_*_rank_0.pt in %s" % a.local_dir)
hf = os.path.join(a.local_dir, "huggingface")
os.makedirs(hf, exist_ok=True)
with open(os.path.join(hf, "model.safetensors"), "wb") as f:
    f.write(b"\0" * 64)
print("Saved merged model to %s" % hf, flush=True)

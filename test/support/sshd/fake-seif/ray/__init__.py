"""Stand-in for the parts of `ray` a verl driver uses: init() joins the cluster at $RAY_ADDRESS (started by
`python -m ray.scripts.scripts start`, see scripts/scripts.py) or starts a local one; cluster_resources()."""
import json
import os
import sys

_local_gpus = None


def _cluster_dir():
    return os.path.join(os.environ.get("SEIF_RUN_DIR", "."), "ray-standin")


def nodes():
    d = _cluster_dir()
    if not os.path.isdir(d):
        return []
    return [json.load(open(os.path.join(d, f))) for f in sorted(os.listdir(d)) if f.endswith(".json")]


def init(local_gpus=8, **_kwargs):
    """Like ray.init(): with RAY_ADDRESS set, connect to that cluster (its head must be up)."""
    global _local_gpus
    address = os.environ.get("RAY_ADDRESS")
    if not address:
        _local_gpus = local_gpus
        print("2025-01-01 00:00:00,000\tINFO worker.py:1841 -- Started a local Ray instance.", flush=True)
        return
    if not any(n.get("head") for n in nodes()):
        sys.exit("ConnectionError: Could not find any running Ray instance at %s. Please specify the one to connect to by setting `--address` flag or `RAY_ADDRESS` environment variable." % address)
    print("2025-01-01 00:00:00,000\tINFO worker.py:1636 -- Connecting to existing Ray cluster at address: %s..." % address, flush=True)


def cluster_resources():
    if _local_gpus is not None:
        return {"GPU": float(_local_gpus)}
    return {"GPU": float(sum(n["gpus"] for n in nodes())), "nodes": len(nodes())}

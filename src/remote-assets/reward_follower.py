"""SEIF Studio reward entry point: the (commented) Follower block of SEIF's instruction_reward.py,
with its hard-coded verifier URL read from VERIFIER_VLLM_BASE_URL (set by the run's cmd.sh)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import seif_roles  # noqa: E402

ASSETS_VERSION = 1
_ns = seif_roles.load_reward("follower")
instruction_compute_score = seif_roles.guarded(_ns["instruction_compute_score"], "follower")
instruction_val_compute_score = _ns.get("instruction_val_compute_score")

"""SEIF Studio reward entry point: the Instructor block of SEIF's instruction_reward.py.
Servers come from FILTER_/ANSWER_/JUDGE_VLLM_BASE_URL and _MODEL (set by the run's cmd.sh)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import seif_roles  # noqa: E402

ASSETS_VERSION = 1
_ns = seif_roles.load_reward("instructor")
instruction_compute_score = seif_roles.guarded(_ns["instruction_compute_score"], "instructor")
instruction_val_compute_score = _ns.get("instruction_val_compute_score")

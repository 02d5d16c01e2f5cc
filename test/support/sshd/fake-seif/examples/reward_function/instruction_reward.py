# import os
# import sys
# import urllib.request
#
# openai_api_key = "EMPTY"
# openai_api_base = "http://YOUR_VLLM_HOST:55111/v1"
#
#
# def _server_up(base):
#     try:
#         with urllib.request.urlopen(base + "/models", timeout=2) as r:
#             return r.status == 200
#     except Exception:
#         return False
#
#
# def instruction_compute_score(answers, items):
#     # Like SEIF: a verifier outage ends the reward with sys.exit(0).
#     if not _server_up(openai_api_base):
#         sys.exit(0)
#     return [1.0 for _ in answers]
#
#
# def instruction_val_compute_score(answers, items):
#     return [(1, 1, 1, 1.0) for _ in answers]


import os
import sys
import urllib.request

ROLE = "instructor"


def _base(role, port):
    return os.environ.get(role + "_VLLM_BASE_URL") or os.environ.get("VLLM_BASE_URL") or "http://YOUR_VLLM_HOST:%d/v1" % port


def _server_up(base):
    try:
        with urllib.request.urlopen(base + "/models", timeout=2) as r:
            return r.status == 200
    except Exception:
        return False


def instruction_compute_score(answers, items):
    for role, port in (("FILTER", 55333), ("ANSWER", 55222), ("JUDGE", 55111)):
        if not _server_up(_base(role, port)):
            sys.exit(0)
    return [0.5 for _ in answers]


def instruction_val_compute_score(answers, items):
    return [(0, 0, 1, 0.0) for _ in answers]

"""SEIF Studio run helpers (uploaded into each run folder). Reads SEIF's own files, never edits them."""
import os
import re

ASSETS_VERSION = 1
# The published repo carries an em dash corrupted into E2 80 3F; Python refuses such files.
CORRUPT_DASH = b"\xe2\x80\x3f"


def seif_dir():
    return os.environ.get("SEIF_DIR") or os.getcwd()


def read_repaired(path):
    """SEIF source text with the corrupted em dashes repaired (in memory only)."""
    with open(path, "rb") as f:
        data = f.read()
    return data.replace(CORRUPT_DASH, "\u2014 ".encode("utf-8")).decode("utf-8")


def _uncomment(line):
    s = line.lstrip()
    if s.startswith("# "):
        return line[: len(line) - len(s)] + s[2:]
    if s.startswith("#"):
        return line[: len(line) - len(s)] + s[1:]
    return line


def follower_dataset_block(source, path):
    """The commented Follower `class RLHFDataset` block of verl/utils/dataset.py, uncommented."""
    lines = source.splitlines()
    start = next((i for i, l in enumerate(lines) if "Follower Training" in l and l.lstrip().startswith("#")), None)
    if start is None:
        raise RuntimeError("%s: no commented 'Follower Training' block found; SEIF Studio expects the published layout "
                           "(Instructor class active, Follower class commented)" % path)
    block = []
    for l in lines[start + 1:]:
        if l.strip() and not l.lstrip().startswith("#"):
            break
        block.append(_uncomment(l))
    text = "\n".join(block)
    if "class RLHFDataset" not in text:
        raise RuntimeError("%s: the Follower block has no class RLHFDataset" % path)
    return text + "\n"


def reward_blocks(source, path):
    """(follower_source, instructor_source) of examples/reward_function/instruction_reward.py:
    the Follower block is the commented part on top, the Instructor block the active code below."""
    lines = source.splitlines()
    first_code = next((i for i, l in enumerate(lines) if l.strip() and not l.lstrip().startswith("#")), len(lines))
    follower = "\n".join(_uncomment(l) for l in lines[:first_code]) + "\n"
    instructor = "\n".join(lines[first_code:]) + "\n"
    if "def instruction_compute_score" not in follower or "def instruction_compute_score" not in instructor:
        raise RuntimeError("%s: expected the published layout (Follower block commented on top, Instructor block active "
                           "below); restore the file (git checkout) instead of toggling blocks by hand" % path)
    return follower, instructor


def env_verifier_url(follower_source):
    """The Follower block hard-codes its verifier URL: read it from VERIFIER_VLLM_BASE_URL instead."""
    return re.sub(r'^openai_api_base\s*=\s*("[^"]*"|\'[^\']*\')',
                  lambda m: "openai_api_base = __import__('os').environ.get('VERIFIER_VLLM_BASE_URL', %s)" % m.group(1),
                  follower_source, count=1, flags=re.M)


def load_reward(role):
    """Module namespace of the role's reward block, compiled from SEIF's file (repaired in memory)."""
    import sys
    root = seif_dir()
    if root not in sys.path:
        sys.path.insert(0, root)
    path = os.path.join(root, "examples", "reward_function", "instruction_reward.py")
    follower, instructor = reward_blocks(read_repaired(path), path)
    source = env_verifier_url(follower) if role == "follower" else instructor
    ns = {"__name__": "seif_reward_" + role, "__file__": path}
    exec(compile(source, path + " (" + role + " block)", "exec"), ns)
    return ns


def guarded(fn, role):
    """SEIF's reward calls sys.exit(0) when a role server is down; that must fail the run, not end it as a success."""
    def call(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except SystemExit as e:
            raise RuntimeError("SEIF Studio: the %s reward stopped with sys.exit(%s): a role server (vLLM) is unreachable"
                               % (role, e.code)) from None
    call.__name__ = getattr(fn, "__name__", "reward")
    return call

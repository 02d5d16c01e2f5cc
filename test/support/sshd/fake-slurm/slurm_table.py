"""Job table of the stand-in Slurm (one JSON file per job) and what its commands share.

State lives in $SEIF_FAKE_SLURM_STATE (set per test sshd by testbed.ts):
  jobs/<id>.json   the job record (state PENDING -> RUNNING -> COMPLETED/FAILED/CANCELLED/TIMEOUT, exit code)
  jobs/<id>.lock   flock for read-modify-write of that record
  next_id          the job id counter
  config.json      knobs the tests set: {"pendingSeconds", "killWaitSeconds", "queueBlocked"}
The cluster: partitions gpu (default) and debug; nodes localhost (this machine), node2..node4 (names only:
srun runs every step here); 8 GPUs per node.
"""
import contextlib
import fcntl
import json
import os
import re
import sys
import time

NODES = ["localhost", "node2", "node3", "node4"]
PARTITIONS = ["gpu", "debug"]
GPUS_PER_NODE = 8
MIN_JOB_AGE = 300  # seconds squeue still shows a finished job (Slurm's MinJobAge default)
ACTIVE = ("PENDING", "RUNNING", "COMPLETING")
COMPACT = {"PENDING": "PD", "RUNNING": "R", "COMPLETING": "CG", "COMPLETED": "CD", "CANCELLED": "CA", "FAILED": "F", "TIMEOUT": "TO"}


def die(prog, message, code=1):
    for line in message.split("\n"):
        sys.stderr.write("%s: error: %s\n" % (prog, line))
    sys.exit(code)


def state_dir(prog):
    d = os.environ.get("SEIF_FAKE_SLURM_STATE")
    if not d or not os.path.isdir(d):
        die(prog, "Unable to contact slurm controller (connect failure)")
    os.makedirs(os.path.join(d, "jobs"), exist_ok=True)
    return d


def config(d):
    try:
        with open(os.path.join(d, "config.json")) as f:
            c = json.load(f)
    except (OSError, ValueError):
        c = {}
    return {"pendingSeconds": float(c.get("pendingSeconds", 0.3)), "killWaitSeconds": float(c.get("killWaitSeconds", 2)),
            "queueBlocked": bool(c.get("queueBlocked", False))}


def job_file(d, job_id):
    return os.path.join(d, "jobs", "%s.json" % job_id)


@contextlib.contextmanager
def locked(d, job_id):
    with open(os.path.join(d, "jobs", "%s.lock" % job_id), "a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        yield


def load(d, job_id):
    if not re.fullmatch(r"\d+", str(job_id)):
        return None
    try:
        with open(job_file(d, job_id)) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def save(d, job):
    path = job_file(d, job["id"])
    tmp = "%s.%d.tmp" % (path, os.getpid())
    with open(tmp, "w") as f:
        json.dump(job, f, indent=1)
    os.replace(tmp, path)


def all_jobs(d):
    out = []
    for name in os.listdir(os.path.join(d, "jobs")):
        if name.endswith(".json"):
            job = load(d, name[:-5])
            if job:
                out.append(job)
    return sorted(out, key=lambda j: int(j["id"]))


def next_id(d):
    with open(os.path.join(d, "next_id.lock"), "a") as lf:
        fcntl.flock(lf, fcntl.LOCK_EX)
        path = os.path.join(d, "next_id")
        try:
            n = int(open(path).read().strip())
        except (OSError, ValueError):
            n = 4200
        with open(path, "w") as f:
            f.write(str(n + 1))
        return str(n)


def elapsed(job, now=None):
    if not job.get("start_time"):
        return 0
    return max(0, int((job.get("end_time") or now or time.time()) - job["start_time"]))


def squeue_time(s):
    """squeue's %M: M:SS, H:MM:SS or D-HH:MM:SS."""
    d, rest = divmod(int(s), 86400)
    h, rest = divmod(rest, 3600)
    m, sec = divmod(rest, 60)
    if d:
        return "%d-%02d:%02d:%02d" % (d, h, m, sec)
    if h:
        return "%d:%02d:%02d" % (h, m, sec)
    return "%d:%02d" % (m, sec)


def sacct_time(s):
    """sacct's Elapsed: HH:MM:SS or D-HH:MM:SS."""
    d, rest = divmod(int(s), 86400)
    h, rest = divmod(rest, 3600)
    m, sec = divmod(rest, 60)
    return ("%d-" % d if d else "") + "%02d:%02d:%02d" % (h, m, sec)


def timestamp(t):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(t)) if t else "Unknown"


def parse_time_limit(text):
    """Slurm --time forms: M, M:S, H:M:S, D-H, D-H:M, D-H:M:S; returns seconds."""
    m = re.fullmatch(r"(?:(\d+)-)?(\d+)(?::(\d+))?(?::(\d+))?", text or "")
    if not m:
        return None
    days, a, b, c = m.groups()
    if days is not None:
        return int(days) * 86400 + int(a) * 3600 + int(b or 0) * 60 + int(c or 0)
    if c is not None:
        return int(a) * 3600 + int(b) * 60 + int(c)
    if b is not None:
        return int(a) * 60 + int(b)
    return int(a) * 60


def compress_nodes(nodes):
    """["localhost", "node2", "node3"] -> "localhost,node[2-3]" (Slurm's hostlist form)."""
    plain, numbered = [], {}
    for n in nodes:
        m = re.fullmatch(r"(.*?)(\d+)", n)
        if m:
            numbered.setdefault(m.group(1), []).append(int(m.group(2)))
        else:
            plain.append(n)
    parts = list(plain)
    for prefix, nums in numbered.items():
        if len(nums) == 1:
            parts.append("%s%d" % (prefix, nums[0]))
            continue
        ranges, start, prev = [], nums[0], nums[0]
        for x in nums[1:] + [None]:
            if x is not None and x == prev + 1:
                prev = x
                continue
            ranges.append(str(start) if start == prev else "%d-%d" % (start, prev))
            if x is not None:
                start = prev = x
        parts.append("%s[%s]" % (prefix, ",".join(ranges)))
    return ",".join(parts)


def expand_nodes(text):
    """"localhost,node[2-3]" -> ["localhost", "node2", "node3"]."""
    out = []
    for m in re.finditer(r"([^,\[]+)(?:\[([^\]]*)\])?", text or ""):
        prefix, ranges = m.group(1), m.group(2)
        if ranges is None:
            out.append(prefix)
            continue
        for r in ranges.split(","):
            a, _, b = r.partition("-")
            for i in range(int(a), int(b or a) + 1):
                out.append("%s%s" % (prefix, str(i).zfill(len(a))))
    return out


def split_option(args, i, short_value, long_value, flags=()):
    """One command-line option at args[i]: returns (name, value, next index); value None for a flag.
    Accepts --name=value, --name value, -X value and -Xvalue, like getopt_long."""
    a = args[i]
    if a.startswith("--"):
        name, eq, value = a[2:].partition("=")
        if name in flags:
            return name, None, i + 1
        if name not in long_value:
            return "?" + a, None, i + 1
        if eq:
            return name, value, i + 1
        if i + 1 >= len(args):
            return "!" + a, None, i + 1
        return name, args[i + 1], i + 2
    letter = a[1:2]
    if letter in flags:
        if len(a) > 2:  # -nP: one flag now, the rest stays at args[i]
            args[i] = "-" + a[2:]
            return letter, None, i
        return letter, None, i + 1
    if letter not in short_value:
        return "?" + a, None, i + 1
    if len(a) > 2:
        return letter, a[2:], i + 1
    if i + 1 >= len(args):
        return "!" + a, None, i + 1
    return letter, args[i + 1], i + 2

"""Stand-in for the `ray` CLI (python -m ray.scripts.scripts): `start --head|--address=A [--num-gpus=N] [--block]`
registers this node (SLURMD_NODENAME) in $SEIF_RUN_DIR/ray-standin/, `status --address=A` lists the live nodes
as `ray status` does ("Active:" then " 1 node_<id>" per node)."""
import argparse
import hashlib
import json
import os
import signal
import sys
import time

import ray

ap = argparse.ArgumentParser(prog="ray")
sub = ap.add_subparsers(dest="cmd", required=True)
start = sub.add_parser("start")
start.add_argument("--head", action="store_true")
start.add_argument("--address")
start.add_argument("--port", type=int, default=6379)
start.add_argument("--node-ip-address")
start.add_argument("--num-gpus", type=int, default=0)
start.add_argument("--num-cpus", type=int, default=0)
start.add_argument("--block", action="store_true")
status = sub.add_parser("status")
status.add_argument("--address")
a = ap.parse_args()

d = ray._cluster_dir()
node = os.environ.get("SLURMD_NODENAME") or os.uname().nodename
if a.cmd == "status":
    live = ray.nodes()
    if not any(n.get("head") for n in live):
        sys.exit("ConnectionError: Could not find any running Ray instance at %s." % a.address)
    print("======== Autoscaler status: 2025-01-01 00:00:00 ========\nNode status\n" + "-" * 63 + "\nActive:")
    for n in live:
        print(" 1 node_%s" % hashlib.sha1(n["node"].encode()).hexdigest()[:40])
    print("Pending:\n (no pending nodes)\nRecent failures:\n (no failures)")
    sys.exit(0)
if not a.head and not any(n.get("head") for n in ray.nodes()):
    sys.exit("ConnectionError: ray start --address=%s: no Ray head is running there" % a.address)
os.makedirs(d, exist_ok=True)
me = os.path.join(d, "%s.json" % node)
with open(me + ".tmp", "w") as f:
    json.dump({"node": node, "head": a.head, "gpus": a.num_gpus, "ip": a.node_ip_address, "pid": os.getpid()}, f)
os.replace(me + ".tmp", me)
print("Local node IP: %s\n\n--------------------\nRay runtime started.\n--------------------" % (a.node_ip_address or node), flush=True)
if a.block:
    print("--block\n  This command will now block forever until terminated by a signal.", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: (os.path.exists(me) and os.remove(me), sys.exit(0)))
    while True:
        time.sleep(3600)

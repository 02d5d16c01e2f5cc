"""Stand-in for `python3 -m verl.trainer.main` of SEIF's verl fork (stdlib only).

Prints what the real driver console shows with trainer.logger containing "console": Ray prefixes
"(Runner pid=N) ", the config as JSON, "Total training steps: N", per step "Step N" + yaml.dump of the
nested metrics (numpy float64 values as PyYAML's !!python/object/apply + !!binary), tqdm bars on stderr
with \\r, checkpoint lines and folders, latest_global_step.txt, "Load from checkpoint: ..." on resume.
Like verl it merges the YAML into a typed config first (a non-integer total_epochs fails before any
override applies), imports verl.utils.dataset.RLHFDataset and calls the reward function every step,
so a role server that is down ends the run through SEIF's sys.exit(0).
Like verl it checks that the Ray cluster has trainer.nnodes x trainer.n_gpus_per_node GPUs (ray stand-in).
Knobs: fake.json in the working directory {"steps", "stepSeconds", "failAtStep", "saveFreq"}.
"""
import base64
import importlib.util
import json
import math
import os
import signal
import struct
import sys
import time

INT_KEYS = {"total_epochs", "n_gpus_per_node", "nnodes", "save_freq", "val_freq", "rollout_batch_size", "n", "tensor_parallel_size"}


def scalar(text):
    t = text.strip()
    if t in ("null", "~", ""):
        return None
    if t in ("true", "false"):
        return t == "true"
    if t.startswith("[") and t.endswith("]"):
        return [scalar(x) for x in t[1:-1].split(",") if x.strip()]
    if len(t) >= 2 and t[0] == t[-1] and t[0] in "'\"":
        return t[1:-1]
    try:
        return int(t)
    except ValueError:
        pass
    try:
        return float(t)
    except ValueError:
        return t


def load_yaml(path):
    root, stack = {}, [(-1, None)]
    stack[0] = (-1, root)
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.split(" #")[0].rstrip()
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            indent = len(line) - len(line.lstrip())
            key, _, value = line.strip().partition(":")
            while stack[-1][0] >= indent:
                stack.pop()
            parent = stack[-1][1]
            if value.strip() == "":
                parent[key.strip()] = {}
                stack.append((indent, parent[key.strip()]))
            else:
                parent[key.strip()] = scalar(value)
    return root


def typed_check(cfg, path=""):
    for k, v in cfg.items():
        if isinstance(v, dict):
            typed_check(v, path + k + ".")
        elif k in INT_KEYS and not isinstance(v, int):
            raise SystemExit("omegaconf.errors.ValidationError: Value '%s' of type '%s' could not be converted to Integer\n    full_key: %s%s"
                             % (v, type(v).__name__, path, k))


def set_path(cfg, dotted, value):
    parts = dotted.split(".")
    for p in parts[:-1]:
        cfg = cfg.setdefault(p, {})
    cfg[parts[-1]] = scalar(value)


def yaml_float(v):
    if v != v:
        return ".nan"
    if v in (math.inf, -math.inf):
        return ".inf" if v > 0 else "-.inf"
    s = repr(v).lower()
    if "." not in s and "e" in s:
        s = s.replace("e", ".0e", 1)
    return s


class NpF64(float):
    pass


def yaml_dump(d, indent=0, state=None):
    state = state if state is not None else {"anchor": False}
    pad, out = " " * indent, []
    for k in sorted(d):
        v = d[k]
        if isinstance(v, dict):
            out.append("%s%s:" % (pad, k))
            out.extend(yaml_dump(v, indent + 2, state))
        elif isinstance(v, NpF64):
            out.append("%s%s: !!python/object/apply:numpy.core.multiarray.scalar" % (pad, k))
            if not state["anchor"]:
                state["anchor"] = True
                out += [pad + x for x in ["- &id001 !!python/object/apply:numpy.dtype", "  args:", "  - f8", "  - false", "  - true",
                                          "  state: !!python/tuple", "  - 3", "  - <", "  - null", "  - null", "  - null", "  - -1", "  - -1", "  - 0"]]
            else:
                out.append(pad + "- *id001")
            out += [pad + "- !!binary |", pad + "  " + base64.b64encode(struct.pack("<d", float(v))).decode()]
        elif isinstance(v, bool):
            out.append("%s%s: %s" % (pad, k, "true" if v else "false"))
        elif isinstance(v, int):
            out.append("%s%s: %d" % (pad, k, v))
        else:
            out.append("%s%s: %s" % (pad, k, yaml_float(float(v))))
    return out


def unflatten(flat):
    root = {}
    for key, val in flat.items():
        node = root
        parts = key.split("/")
        for p in parts[:-1]:
            node = node.setdefault(p, {})
        node[parts[-1]] = val
    return root


def load_reward(spec):
    path, _, name = spec.partition(":")
    mod_spec = importlib.util.spec_from_file_location("custom_reward", path)
    mod = importlib.util.module_from_spec(mod_spec)
    mod_spec.loader.exec_module(mod)
    return getattr(mod, name or "compute_score")


def main():
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    cfg_file = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("config=")), None)
    cfg = load_yaml(cfg_file) if cfg_file else {}
    typed_check(cfg)  # the YAML is merged into the typed config before any override
    for a in sys.argv[1:]:
        if "=" in a and not a.startswith("config="):
            k, v = a.split("=", 1)
            set_path(cfg, k, v)
    typed_check(cfg)
    knobs = {"steps": 6, "stepSeconds": 0.3, "failAtStep": 0, "saveFreq": 3}
    if os.path.exists("fake.json"):
        knobs.update(json.load(open("fake.json")))
    tr = cfg.get("trainer", {})
    console = "console" in (tr.get("logger") or [])
    runner = "(Runner pid=%d) " % os.getpid()

    def out(text, prefix=runner, stream=sys.stdout):
        for line in text.split("\n"):
            stream.write(prefix + line + "\n")
        stream.flush()

    import ray
    nnodes, per_node = int(tr.get("nnodes", 1)), int(tr.get("n_gpus_per_node", 8))
    ray.init(local_gpus=per_node)  # joins the cluster at $RAY_ADDRESS (multi-node), else a local one
    out(json.dumps(cfg, indent=2))
    available = int(ray.cluster_resources()["GPU"])
    if available < nnodes * per_node:
        out("ValueError: Total available GPUs %d is less than total desired GPUs %d." % (available, nnodes * per_node), stream=sys.stderr)
        sys.exit(1)
    from verl.utils.dataset import RLHFDataset
    out("Dataset class: RLHFDataset role=%s" % getattr(RLHFDataset, "ROLE", "?"))
    reward = load_reward(cfg["worker"]["reward"]["reward_function"])
    save = os.path.abspath(os.path.expandvars(tr["save_checkpoint_path"]))
    total = knobs["steps"] * int(tr.get("total_epochs", 1))
    out("Total training steps: %d" % total)
    start = 1
    if tr.get("load_checkpoint_path"):
        ck = tr["load_checkpoint_path"]
        out("Load from checkpoint: %s." % ck)
        start = int(ck.rstrip("/").rsplit("global_step_", 1)[1]) + 1
    t0 = time.time()
    n_gpus = int(tr.get("n_gpus_per_node", 8))
    for step in range(start, total + 1):
        time.sleep(knobs["stepSeconds"])
        if knobs["failAtStep"] and step == knobs["failAtStep"]:
            out('Traceback (most recent call last):\n  File "verl/trainer/ray_trainer.py", line 744, in fit\n'
                "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB", stream=sys.stderr)
            sys.exit(1)
        scores = reward(["<think>x</think><answer>y</answer>"], [{"prompt": "p"}])
        prog = step / total
        m = {"reward/overall": NpF64(sum(scores) / len(scores) * 0.5 + 0.4 * prog), "reward/format": NpF64(0.0),
             "actor/pg_loss": NpF64(0.01 * (-1) ** step), "actor/lr": NpF64(1.0e-06), "actor/kl_loss": NpF64(0.001 * step),
             "critic/score/mean": round(0.3 + 0.4 * prog, 3), "response_length/mean": 412.5 + step,
             "perf/total_num_tokens": 1234567 + step, "timing_s/step": knobs["stepSeconds"]}
        if knobs["saveFreq"] and step % knobs["saveFreq"] == 0 or step == total:
            d = os.path.join(save, "global_step_%d" % step, "actor")
            os.makedirs(os.path.join(d, "huggingface"), exist_ok=True)
            out("[rank-0]: Saving model to %s/model_world_size_%d_rank_0.pt." % (d, n_gpus), prefix="(WorkerDict pid=4000) ")
            open(os.path.join(d, "model_world_size_%d_rank_0.pt" % n_gpus), "wb").close()
            with open(os.path.join(save, "latest_global_step.txt"), "w") as f:
                f.write(str(step))
        if console:
            out("Step %d\n%s\n" % (step, "\n".join(yaml_dump(unflatten(m)))))
        el = time.time() - t0
        sys.stderr.write("\rRunning step: %3d%%|%-10s| %d/%d [%02d:%02d<00:00, %.2fs/it]"
                         % (100 * step // total, "#" * (10 * step // total), step, total, el // 60, el % 60, knobs["stepSeconds"]))
        sys.stderr.flush()
    sys.stderr.write("\n")


if __name__ == "__main__":
    main()

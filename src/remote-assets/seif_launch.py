"""SEIF Studio launcher (uploaded into each run folder).

  python3 seif_launch.py train --role instructor|follower -- <verl args: config=... a.b.c=value ...>
  python3 seif_launch.py script <SEIF script, e.g. data/Self-IF-Self-QWEN-7B/chuti.py> -- <its args>

`train` makes `verl.utils.dataset` resolve to the role's RLHFDataset class in every Python process of the
run (driver and Ray workers) through a sitecustomize overlay in the run folder, then runs verl's trainer.
SEIF's files stay untouched; corrupted bytes are repaired in memory only. Run from the SEIF checkout.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import seif_roles  # noqa: E402

ASSETS_VERSION = 1

SITECUSTOMIZE = '''# Written by SEIF Studio: verl.utils.dataset -> the run's role-specific module.
import importlib.abc
import importlib.util
import sys

_FILE = %r


class _RoleDataset(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "verl.utils.dataset":
            return importlib.util.spec_from_file_location(name, _FILE)
        return None


sys.meta_path.insert(0, _RoleDataset())
'''


def write(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def role_dataset_source(role, root):
    path = os.path.join(root, "verl", "utils", "dataset.py")
    source = seif_roles.read_repaired(path)
    if role == "follower":
        # Defined after the Instructor class, so this RLHFDataset is the one the module exports.
        block = seif_roles.follower_dataset_block(source, path)
        source += "\n\n# --- SEIF Studio: Follower RLHFDataset (from the commented block above) ---\n" + block
    compile(source, path + " (" + role + ")", "exec")
    return source


def train(role, args):
    if role not in ("instructor", "follower"):
        sys.exit("seif_launch: --role must be instructor or follower, not %r" % role)
    root = seif_roles.seif_dir()
    overlay = os.path.join(HERE, "overlay")
    os.makedirs(overlay, exist_ok=True)
    dataset_file = os.path.join(overlay, "seif_role_dataset.py")
    write(dataset_file, role_dataset_source(role, root))
    write(os.path.join(overlay, "sitecustomize.py"), SITECUSTOMIZE % dataset_file)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([overlay, root] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    env["SEIF_DIR"] = root
    env["SEIF_ROLE"] = role
    print("SEIF Studio launcher v%d: role=%s dataset=%s" % (ASSETS_VERSION, role, dataset_file), flush=True)
    os.execvpe(sys.executable, [sys.executable, "-m", "verl.trainer.main"] + args, env)


def script(path, args):
    root = seif_roles.seif_dir()
    full = os.path.join(root, path)
    source = seif_roles.read_repaired(full)
    sys.argv = [full] + args
    sys.path.insert(0, os.path.dirname(full))
    exec(compile(source, full, "exec"), {"__name__": "__main__", "__file__": full})


def main():
    argv = sys.argv[1:]
    rest = []
    if "--" in argv:
        i = argv.index("--")
        argv, rest = argv[:i], argv[i + 1:]
    if len(argv) >= 3 and argv[0] == "train" and argv[1] == "--role":
        return train(argv[2], rest)
    if len(argv) == 2 and argv[0] == "script":
        return script(argv[1], rest)
    sys.exit(__doc__)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""One job of the stand-in Slurm, started detached by sbatch: waits while PENDING, then runs the batch script
in its own process group (what scancel signals), enforces --time, and records the end: COMPLETED (exit 0),
FAILED (exit code), CANCELLED (scancel) or TIMEOUT, with Slurm's "code:signal" exit code. When the batch
script ends, every process left in its group is killed, as Slurm ends a job's steps."""
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import slurm_table as t  # noqa: E402

d = t.state_dir("slurmstepd")
job_id = sys.argv[1]


def update(**fields):
    with t.locked(d, job_id):
        job = t.load(d, job_id)
        job.update(fields)
        t.save(d, job)
        return job


def killpg(pgid, sig):
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def wait_for_start():
    """PENDING until the queue lets the job start; None when it was cancelled while queued."""
    while True:
        with t.locked(d, job_id):
            job = t.load(d, job_id)
            if job["state"] != "PENDING":
                return None
            cfg = t.config(d)
            if cfg["queueBlocked"]:
                if job["reason"] != "Resources":
                    job["reason"] = "Resources"
                    t.save(d, job)
            elif time.time() - job["submit_time"] >= cfg["pendingSeconds"]:
                job.update(state="RUNNING", reason="None", start_time=time.time(), nodelist=t.NODES[:job["nodes"]])
                t.save(d, job)
                return job
        time.sleep(0.1)


def output_path(job, pattern):
    name = pattern.replace("%%", "\0").replace("%j", job["id"]).replace("%x", job["name"]).replace("%u", job["user"])
    name = name.replace("%N", job["nodelist"][0]).replace("\0", "%")
    return os.path.join(job["workdir"], name)


def job_env(job):
    env = dict(os.environ)
    nodelist = t.compress_nodes(job["nodelist"])
    env.update(SLURM_JOB_ID=job["id"], SLURM_JOBID=job["id"], SLURM_JOB_NAME=job["name"], SLURM_SUBMIT_DIR=job["workdir"],
               SLURM_JOB_NODELIST=nodelist, SLURM_NODELIST=nodelist, SLURM_JOB_NUM_NODES=str(job["nodes"]),
               SLURM_NNODES=str(job["nodes"]), SLURMD_NODENAME=job["nodelist"][0], SLURM_JOB_PARTITION=job["partition"],
               SLURM_CLUSTER_NAME="seif-standin", SLURM_JOB_USER=job["user"], SLURM_JOB_UID=str(job["uid"]))
    if job.get("cpus_per_task"):
        env["SLURM_CPUS_PER_TASK"] = str(job["cpus_per_task"])
    if job["gpus"]:
        env["SLURM_GPUS_ON_NODE"] = str(job["gpus"])
        env["CUDA_VISIBLE_DEVICES"] = ",".join(str(i) for i in range(job["gpus"]))
    return env


def run(job):
    mode = "a" if job["open_mode"] == "append" else "w"
    out = open(output_path(job, job["output"]), mode)
    err = open(output_path(job, job["error"]), mode) if job.get("error") else out
    child = subprocess.Popen([job["script"]] + job["args"], cwd=job["workdir"], env=job_env(job), stdin=subprocess.DEVNULL,
                             stdout=out, stderr=err, preexec_fn=os.setpgrp)
    update(pgid=child.pid)
    timed_out_at = None
    killed = False
    while child.poll() is None:
        time.sleep(0.1)
        now = time.time()
        kill_wait = t.config(d)["killWaitSeconds"]
        cancel = t.load(d, job_id)["cancel_time"]
        if job["time_limit"] is not None and timed_out_at is None and now - job["start_time"] > job["time_limit"]:
            timed_out_at = now
            killpg(child.pid, signal.SIGTERM)
        since = min(x for x in (cancel, timed_out_at, float("inf")) if x is not None)
        if not killed and now - since > kill_wait:
            killed = True
            killpg(child.pid, signal.SIGKILL)
    rc = child.returncode
    killpg(child.pid, signal.SIGKILL)  # the job is over: so are its steps
    cancelled = t.load(d, job_id)["cancel_time"] is not None
    state = "CANCELLED" if cancelled else "TIMEOUT" if timed_out_at else "COMPLETED" if rc == 0 else "FAILED"
    update(state=state, end_time=time.time(), exit_code="%d:0" % rc if rc >= 0 else "0:%d" % -rc)


update(runner_pid=os.getpid())
started = wait_for_start()
if started:
    run(started)

#!/usr/bin/env bash
# seifctl v1 -- remote side of SEIF Studio's detached jobs. Uploaded to ~/.seif/bin/seifctl-v1 and invoked as
#   bash .seif/bin/seifctl-v1 <verb> <run-id> [numbers]
# (relative to $HOME; only validated tokens on the command line, so any login shell passes them unchanged).
# The job's command never travels on a command line: SEIF Studio uploads runs/<id>/cmd.sh first.
#
# ~/.seif/runs/<id>/
#   cmd.sh            the command (uploaded)             spec.json       what the run is (uploaded)
#   pid               wrapper pid = process group = session id (setsid)
#   proc_start        /proc/<pid>/stat start time (PID-reuse guard)    boot_id  (reboot guard)
#   log               stdout+stderr, append only (byte offsets are stable, so tails resume exactly)
#   exit_code         written atomically at the end; its presence means "finished"
#   exit_code.reserve pre-allocated at start, rewritten in place when the disk is full at the end
#   stop_requested    created by `stop` (a user stop, not a crash)
#   slurm_job_id      present for a run submitted with sbatch (sbatch.sh): Slurm, not setsid, runs it; SEIF
#                     Studio reads squeue/sacct and stops it with scancel; its sbatch.sh writes exit_code
set -u
VERSION=1
SEIF_HOME=${SEIF_HOME:-$HOME/.seif}
verb=${1:-}; id=${2:-}
die() { printf '{"error":"%s"}\n' "$1"; exit "${2:-2}"; }
case "$verb" in list|version) ;; *)
  case "$id" in ''|*[!A-Za-z0-9._-]*|.*|*..*) die "bad run id" ;; esac ;;
esac
d=$SEIF_HOME/runs/$id

now() { date +%s; }
stat_field() { [ -r "/proc/$1/stat" ] && sed 's/^.*) //' "/proc/$1/stat" | awk -v f="$2" '{print $f}'; }
alive() {  # the wrapper runs, is no zombie, and its pid was not recycled
  local st; st=$(stat_field "$1" 1) || return 1
  [ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ] && [ "$(stat_field "$1" 20)" = "$(cat "$d/proc_start" 2>/dev/null)" ]
}
session_pids() {  # live processes of the job's session (children that called setpgid stay in the session)
  ps -e -o pid= -o sid= -o stat= | awk -v s="$1" '$2 == s && $3 !~ /^Z/ { print $1 }'
}
slurm_active() {  # squeue still lists the job as queued or running
  case "$(squeue -h --jobs="$1" -o %T 2>/dev/null)" in
    PENDING|CONFIGURING|RUNNING|COMPLETING|SUSPENDED|STOPPED|SIGNALING|STAGE_OUT|RESIZING|REQUEUE*) return 0 ;;
    *) return 1 ;;
  esac
}
json_status() {
  local pid state ec size started ended sj boot_ok=true
  [ -d "$d" ] || { printf '{"v":%s,"id":"%s","state":"unknown"}\n' "$VERSION" "$id"; return; }
  pid=$(cat "$d/pid" 2>/dev/null); started=$(cat "$d/started_at" 2>/dev/null); ended=$(cat "$d/ended_at" 2>/dev/null)
  sj=$(tr -dc '0-9' < "$d/slurm_job_id" 2>/dev/null)
  size=$(stat -c %s "$d/log" 2>/dev/null || echo 0)
  [ "$(cat "$d/boot_id" 2>/dev/null)" = "$(cat /proc/sys/kernel/random/boot_id)" ] || boot_ok=false
  if [ -f "$d/exit_code" ]; then ec=$(tr -dc '0-9' < "$d/exit_code")
  else ec=$(tr -dc '0-9' < "$d/exit_code.reserve" 2>/dev/null); fi
  if [ -n "$ec" ]; then
    if [ -e "$d/stop_requested" ]; then state=stopped; elif [ "$ec" = 0 ]; then state=exited; else state=failed; fi
  elif [ -z "$pid" ]; then state=starting   # a Slurm run: SEIF Studio asks squeue/sacct
  elif $boot_ok && alive "$pid"; then state=running
  else state=lost   # vanished without an exit code: SIGKILL, OOM killer or reboot
  fi
  printf '{"v":%s,"id":"%s","state":"%s","pid":%s,"exit_code":%s,"log_size":%s,"started_at":%s,"ended_at":%s,"stop_requested":%s,"slurm_job_id":%s,"now":%s}\n' \
    "$VERSION" "$id" "$state" "${pid:-null}" "${ec:-null}" "$size" "${started:-null}" "${ended:-null}" \
    "$([ -e "$d/stop_requested" ] && echo true || echo false)" "$([ -n "$sj" ] && printf '"%s"' "$sj" || echo null)" "$(now)"
}

case "$verb" in
version) echo "$VERSION" ;;

start)
  [ -f "$d/cmd.sh" ] || die "no cmd.sh in $d"
  mkdir "$d/.started" 2>/dev/null || die "run $id was already started" 3   # atomic: never start twice
  : > "$d/log" 2>/dev/null || die "cannot write $d/log (disk full or permissions)" 4
  self=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
  setsid nohup bash "$self" _wrap "$id" </dev/null >/dev/null 2>&1 &
  for _ in $(seq 1 150); do [ -s "$d/proc_start" ] && break; sleep 0.02; done
  json_status ;;

_wrap)   # the detached wrapper: session leader, so its pid is the process group to signal
  cd "$d" || exit 1
  printf '%-31s\n' "" > exit_code.reserve 2>/dev/null
  cat /proc/sys/kernel/random/boot_id > boot_id
  now > started_at
  echo $$ > pid.tmp && mv -f pid.tmp pid
  stat_field $$ 20 > proc_start.tmp && mv -f proc_start.tmp proc_start
  trap 'touch stop_requested 2>/dev/null' TERM INT HUP
  export SEIF_RUN_ID=$id SEIF_RUN_DIR=$d PYTHONUNBUFFERED=1 RAY_COLOR_PREFIX=0
  # Foreground child: a background job of a non-interactive bash would ignore SIGINT.
  bash ./cmd.sh >> log 2>&1; rc=$?
  now > ended_at 2>/dev/null
  if ! { printf '%s\n' "$rc" > exit_code.tmp && mv -f exit_code.tmp exit_code; } 2>/dev/null; then
    printf '%-31s\n' "$rc" 1<> exit_code.reserve   # in place: needs no new disk blocks
  fi
  exit "$rc" ;;

status) json_status ;;

list)
  for r in "$SEIF_HOME"/runs/*/; do [ -d "$r" ] || continue; id=$(basename "$r"); d=$SEIF_HOME/runs/$id; json_status; done ;;

stop)    # stop <id> [grace_seconds]: TERM the process group, KILL what is left of the session after the grace
  grace=${3:-30}; case "$grace" in *[!0-9]*|'') die "bad grace" ;; esac
  pid=$(cat "$d/pid" 2>/dev/null) || die "run $id was never started" 3
  touch "$d/stop_requested"
  if alive "$pid"; then
    kill -TERM -- "-$pid" 2>/dev/null
    deadline=$(( $(date +%s%3N) + grace * 1000 ))   # milliseconds: a 1 s grace is a full second
    while [ "$(date +%s%3N)" -lt "$deadline" ] && [ -n "$(session_pids "$pid")" ]; do sleep 0.2; done
    left=$(session_pids "$pid")
    [ -n "$left" ] && kill -KILL $left 2>/dev/null
    for _ in $(seq 1 50); do alive "$pid" || break; sleep 0.1; done
    [ -f "$d/exit_code" ] || [ -n "$(tr -dc 0-9 < "$d/exit_code.reserve" 2>/dev/null)" ] || { echo 137 > "$d/exit_code"; now > "$d/ended_at"; }
  fi
  json_status ;;

follow)  # follow <id> <offset>: the log from a byte offset, live until the job ends
  off=${3:-0}; case "$off" in *[!0-9]*|'') die "bad offset" ;; esac
  pid=$(cat "$d/pid" 2>/dev/null); sj=$(tr -dc '0-9' < "$d/slurm_job_id" 2>/dev/null)
  if [ -n "$sj" ] && [ ! -f "$d/exit_code" ] && slurm_active "$sj"; then
    # A Slurm job (maybe still queued): follow the log until it has an exit code or leaves the queue.
    tail -c +$((off + 1)) -s 0.2 -F "$d/log" 2>/dev/null & t=$!
    # (tail ends on SIGPIPE when SEIF Studio went away: then stop polling too)
    while kill -0 "$t" 2>/dev/null && [ ! -f "$d/exit_code" ] && slurm_active "$sj"; do sleep 2; done
    sleep 0.5; kill "$t" 2>/dev/null; wait "$t" 2>/dev/null; exit 0
  elif [ -n "$pid" ] && alive "$pid"; then exec tail -c +$((off + 1)) -s 0.2 --pid="$pid" -f "$d/log" 2>/dev/null
  else exec tail -c +$((off + 1)) "$d/log"; fi ;;

*) die "usage: seifctl {start|status|stop|follow|list|version} <id> ..." ;;
esac

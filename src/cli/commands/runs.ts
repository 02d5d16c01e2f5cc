// `seif runs list|logs|stop --host H`: read and drive the job folders ~/.seif/runs/<id>/ on a host.
import { SeifError } from '../../core/errors';
import { HostPool, listJobs, stopJob, tailJob, assertRunId } from '../../core/remote/index';
import { parseFlags, requireFlag, type CliCommand, type CliIO } from '../command';

export const HOST_FLAGS = ['host', 'ssh-config', 'trust-host-fingerprint'];

/** A pool for CLI use: ssh config from --ssh-config or ~/.ssh/config; an unknown host key is trusted only
 * when it equals --trust-host-fingerprint; an encrypted key's passphrase comes from $SEIF_SSH_PASSPHRASE. */
export function cliPool(flags: Record<string, string | undefined>, io: CliIO): HostPool {
  const trusted = flags['trust-host-fingerprint'];
  return new HostPool({
    configFile: flags['ssh-config'],
    onUnknownHost: (info) => {
      if (trusted && trusted === info.fingerprint) return true;
      io.stderr(`host ${info.name} is not in known_hosts; its ${info.type} key fingerprint is ${info.fingerprint}. If that is right, re-run with --trust-host-fingerprint ${info.fingerprint}\n`);
      return false;
    },
    passphrase: () => io.env.SEIF_SSH_PASSPHRASE,
  });
}

const list: CliCommand = {
  name: 'runs list',
  summary: 'List SEIF jobs on a host (state, phase, exit code)',
  usage: 'usage: seif runs list --host H [--json] [--ssh-config FILE] [--trust-host-fingerprint SHA256:…]',
  async run(args, io) {
    const { flags, switches } = parseFlags(args, { values: HOST_FLAGS, switches: ['json'] });
    const host = requireFlag(flags, 'host');
    const pool = cliPool(flags, io);
    try {
      const jobs = await listJobs(await pool.get(host));
      if (switches.has('json')) io.stdout(`${JSON.stringify(jobs, null, 2)}\n`);
      else {
        const rows = jobs.map((j) => [j.id, j.state, j.spec?.phase ?? '', j.exitCode ?? '', j.startedAt ? new Date(j.startedAt * 1000).toISOString().slice(0, 19) : '', j.slurm ? `${j.slurm.jobId} ${j.slurm.rawState}` : ''].map(String));
        const head = ['RUN', 'STATE', 'PHASE', 'EXIT', 'STARTED (UTC)', 'SLURM JOB'];
        const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
        for (const r of [head, ...rows]) io.stdout(`${r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()}\n`);
      }
      return 0;
    } finally {
      await pool.closeAll();
    }
  },
};

const logs: CliCommand = {
  name: 'runs logs',
  summary: "Print a job's log from a byte offset; --follow streams it and survives reconnects",
  usage: 'usage: seif runs logs --host H --run ID [--follow] [--offset BYTES] [--ssh-config FILE]\n  Ends with "next offset: N" on stderr: pass it as --offset to continue without a lost or doubled line.',
  async run(args, io) {
    const { flags, switches } = parseFlags(args, { values: [...HOST_FLAGS, 'run', 'offset'], switches: ['follow'] });
    const host = requireFlag(flags, 'host');
    const id = assertRunId(requireFlag(flags, 'run'));
    const offset = Number(flags.offset ?? 0);
    if (!Number.isInteger(offset) || offset < 0) throw new SeifError(`--offset must be a byte offset ≥ 0, not ${flags.offset}`);
    const pool = cliPool(flags, io);
    let next = offset;
    try {
      const conn = await pool.get(host);
      const exists = await conn.readFile(`.seif/runs/${id}/spec.json`);
      if (!exists) throw new SeifError(`no run ${id} on ${host}`, `~/.seif/runs/${id}`);
      for await (const e of tailJob(() => pool.get(host), id, { offset, follow: switches.has('follow') })) {
        if (e.type === 'lines') {
          io.stdout(e.lines.map((l) => `${l}\n`).join(''));
          next = e.offset;
        } else if (e.type === 'reattached') io.stderr(`(reconnected to ${host} after ${e.afterMs} ms; resuming at byte ${e.offset})\n`);
        else {
          next = e.offset;
          io.stderr(`run ${id}: ${e.status.state}${e.status.exitCode !== null ? ` (exit ${e.status.exitCode})` : ''}\n`);
        }
      }
      io.stderr(`next offset: ${next}\n`);
      return 0;
    } finally {
      await pool.closeAll();
    }
  },
};

const stop: CliCommand = {
  name: 'runs stop',
  summary: "Stop a job: TERM to its process group, KILL after the grace period (a Slurm job: scancel)",
  usage: 'usage: seif runs stop --host H --run ID [--grace SECONDS] [--ssh-config FILE]',
  async run(args, io) {
    const { flags } = parseFlags(args, { values: [...HOST_FLAGS, 'run', 'grace'] });
    const host = requireFlag(flags, 'host');
    const id = assertRunId(requireFlag(flags, 'run'));
    const grace = Number(flags.grace ?? 30);
    if (!Number.isInteger(grace) || grace < 0) throw new SeifError(`--grace must be whole seconds ≥ 0, not ${flags.grace}`);
    const pool = cliPool(flags, io);
    try {
      const st = await stopJob(await pool.get(host), id, grace);
      if (st.state === 'unknown') throw new SeifError(`no run ${id} on ${host}`, `~/.seif/runs/${id}`);
      io.stdout(`${JSON.stringify(st)}\n`);
      return 0;
    } finally {
      await pool.closeAll();
    }
  },
};

export const commands: CliCommand[] = [list, logs, stop];

// A real sshd test bed on 127.0.0.1: a target and a jump host (own configs, keys, non-root user `seiftest`),
// a 256 KiB tmpfs for disk-full, a stand-in SEIF checkout, and a stand-in Slurm (sbatch, squeue, sacct, scancel)
// on the PATH of logins through the target's second port. Starts and stops itself in bounded time.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const BED_ROOT = process.env.SEIF_SSH_BED ?? '/tmp/seif-sshd-bed';
const HERE = __dirname;
const SSHD = '/usr/sbin/sshd';

export interface SshTestBed {
  dir: string;
  /** Unique tag of this instance (prefix run ids with it). */
  tag: string;
  user: string;
  home: string;
  targetPort: number;
  jumpPort: number;
  /** The target sshd's second port: logins there find the stand-in Slurm first on their PATH. */
  slurmPort: number;
  keys: { ed25519: string; rsa: string; encrypted: string; wrong: string };
  knownHosts: string;
  /** ssh config with Host bed-target, bed-slurm (same host, Slurm on the PATH), bed-jump, bed-via-jump (ProxyJump),
   * bed-enc (encrypted key). */
  sshConfig: string;
  /** Absolute path of a 256 KiB tmpfs owned by the test user. */
  tinyfs: string;
  /** Absolute path of the stand-in SEIF checkout on the "host". */
  seifDir: string;
  slurm: SlurmStandIn;
  /** Restarts the target sshd, optionally with a different host key (a reinstalled host). */
  restartTarget(options?: { newHostKey?: boolean }): Promise<void>;
  /** Runs a shell command as the test user on this machine (setup of test scenarios). */
  asUser(command: string): string;
  stop(): Promise<void>;
}

/** The stand-in Slurm of a bed (test/support/sshd/fake-slurm): its job table and knobs. */
export interface SlurmStandIn {
  /** Folder of the job table (jobs/<id>.json). */
  state: string;
  /** pendingSeconds (default 0.3), killWaitSeconds (2), queueBlocked (jobs stay PENDING, reason Resources). */
  configure(knobs: { pendingSeconds?: number; killWaitSeconds?: number; queueBlocked?: boolean }): void;
  /** A job's record as the stand-in keeps it (state, exit_code "code:signal", nodelist, pgid…). */
  job(id: string): SlurmJobRecord | undefined;
}

export interface SlurmJobRecord {
  id: string;
  name: string;
  state: 'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED' | 'TIMEOUT';
  exit_code: string;
  nodes: number;
  nodelist: string[];
  gpus: number;
  partition: string;
  workdir: string;
  pgid: number | null;
  runner_pid?: number;
  cancel_time: number | null;
}

/** Why the bed cannot run here (not root, no sshd), or undefined when it can. */
export function sshBedUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'the sshd test bed needs root (it creates the user seiftest and a tmpfs)';
  if (!fs.existsSync(SSHD)) return `${SSHD} missing: run scripts/setup.sh (installs openssh-server)`;
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitPort(port: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => (c.destroy(), resolve(true)));
      c.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`test sshd did not listen on 127.0.0.1:${port} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function sshdConfig(bed: string, dir: string, name: string, port: number, hostKey: string, slurm?: { port: number; bin: string; state: string }): string {
  return [
    `# Private test sshd "${name}" -- no Include line, so /etc/ssh/sshd_config is never read`,
    `Port ${port}`,
    ...(slurm ? [`Port ${slurm.port}`] : []),
    'ListenAddress 127.0.0.1',
    'AddressFamily inet',
    `HostKey ${hostKey}`,
    `PidFile ${dir}/${name}.pid`,
    `AuthorizedKeysFile ${bed}/authorized_keys.d/%u`,
    '# /tmp is mode 1777: StrictModes would reject the key file',
    'StrictModes no',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'PermitRootLogin no',
    'AllowTcpForwarding yes',
    'X11Forwarding no',
    'PrintMotd no',
    'PrintLastLog no',
    'MaxSessions 64',
    'MaxStartups 100:30:200',
    'LoginGraceTime 20',
    'Subsystem sftp internal-sftp',
    'LogLevel VERBOSE',
    ...(slurm
      ? ['# Logins on the second port find the stand-in Slurm first on their PATH', `Match LocalPort ${slurm.port}`, `    SetEnv PATH=${slurm.bin}:/usr/local/bin:/usr/bin:/bin SEIF_FAKE_SLURM_STATE=${slurm.state}`]
      : []),
    '',
  ].join('\n');
}

function keygen(file: string, comment: string): void {
  fs.rmSync(file, { force: true });
  fs.rmSync(`${file}.pub`, { force: true });
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file], { timeout: 10_000 });
}

export async function startSshTestBed(): Promise<SshTestBed> {
  const why = sshBedUnavailable();
  if (why) throw new Error(why);
  fs.mkdirSync(BED_ROOT, { recursive: true });
  execFileSync('flock', ['-w', '60', path.join(BED_ROOT, '.lock'), 'bash', path.join(HERE, 'setup-bed.sh'), BED_ROOT], { timeout: 90_000, stdio: 'pipe' });
  const tag = `t${process.pid}${crypto.randomBytes(2).toString('hex')}`;
  const dir = path.join(BED_ROOT, tag);
  fs.mkdirSync(dir, { recursive: true });
  fs.chmodSync(dir, 0o755);
  const home = path.join(BED_ROOT, 'home', 'seiftest');
  const tinyfsPath = path.join(dir, 'tinyfs');
  const seifDirPath = path.join(home, `seif-${tag}`);
  const [targetPort, jumpPort, slurmPort] = [await freePort(), await freePort(), await freePort()];
  const slurm = installSlurmStandIn(dir, slurmPort);
  const children = new Map<string, ChildProcess>();
  const start = async (name: string, port: number, hostKey: string) => {
    const conf = path.join(dir, `${name}.sshd_config`);
    fs.writeFileSync(conf, sshdConfig(BED_ROOT, dir, name, port, hostKey, name === 'target' ? slurm : undefined));
    // A supervisor shell: if this test process dies without cleaning up (killed by a timeout), it stops the
    // sshd and, for the target, unmounts the tmpfs and removes the instance folder.
    const cleanup = name === 'target' ? `umount ${tinyfsPath} 2>/dev/null; rm -rf ${dir} ${seifDirPath}` : ':';
    const supervisor = [
      `${SSHD} -D -f ${conf} -E ${path.join(dir, `${name}.log`)} & s=$!`,
      'trap \'kill $s 2>/dev/null; wait $s; exit 0\' TERM',
      `while kill -0 ${process.pid} 2>/dev/null && kill -0 $s 2>/dev/null; do sleep 0.5 & wait $!; done`,
      `kill $s 2>/dev/null; wait $s; kill -0 ${process.pid} 2>/dev/null || { ${cleanup}; }`,
    ].join('\n');
    const child = spawn('bash', ['-c', supervisor], { stdio: 'ignore' });
    children.set(name, child);
    await waitPort(port, 5000);
    if (name === 'target') await waitPort(slurmPort, 5000);
  };
  const stopChild = async (name: string) => {
    const child = children.get(name);
    children.delete(name);
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  const killAll = () => {
    for (const c of children.values()) if (c.exitCode === null) c.kill('SIGKILL');
  };
  process.once('exit', killAll);
  keygen(path.join(dir, 'target_key'), 'bed-target');
  keygen(path.join(dir, 'jump_key'), 'bed-jump');
  await start('target', targetPort, path.join(dir, 'target_key'));
  await start('jump', jumpPort, path.join(dir, 'jump_key'));

  const keys = {
    ed25519: path.join(BED_ROOT, 'keys', 'id_ed25519'),
    rsa: path.join(BED_ROOT, 'keys', 'id_rsa'),
    encrypted: path.join(BED_ROOT, 'keys', 'id_ed25519_enc'),
    wrong: path.join(BED_ROOT, 'keys', 'id_wrong'),
  };
  const pub = (f: string) => fs.readFileSync(`${f}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
  const knownHosts = path.join(dir, 'known_hosts');
  fs.writeFileSync(
    knownHosts,
    [targetPort, slurmPort].map((p) => `[127.0.0.1]:${p} ${pub(path.join(dir, 'target_key'))}\n`).join('') + `[127.0.0.1]:${jumpPort} ${pub(path.join(dir, 'jump_key'))}\n`,
  );
  const sshConfig = path.join(dir, 'ssh_config');
  fs.writeFileSync(
    sshConfig,
    [
      'Host bed-target',
      '    HostName 127.0.0.1',
      `    Port ${targetPort}`,
      'Host bed-slurm',
      '    HostName 127.0.0.1',
      `    Port ${slurmPort}`,
      'Host bed-jump',
      '    HostName 127.0.0.1',
      `    Port ${jumpPort}`,
      'Host bed-via-jump',
      '    HostName 127.0.0.1',
      `    Port ${targetPort}`,
      `    IdentityFile ${keys.rsa}`,
      '    ProxyJump bed-jump',
      'Host bed-enc',
      '    HostName 127.0.0.1',
      `    Port ${targetPort}`,
      `    IdentityFile ${keys.encrypted}`,
      'Host *',
      '    User seiftest',
      `    IdentityFile ${keys.ed25519}`,
      '    IdentitiesOnly yes',
      `    UserKnownHostsFile ${knownHosts}`,
      '',
    ].join('\n'),
  );
  const tinyfs = tinyfsPath;
  fs.mkdirSync(tinyfs);
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=256k,nr_inodes=64,uid=${uid('seiftest')},gid=${gid('seiftest')},mode=0755`, `seif-${tag}`, tinyfs], { timeout: 10_000 });
  const seifDir = seifDirPath;
  fs.cpSync(path.join(HERE, 'fake-seif'), seifDir, { recursive: true });
  execFileSync('chown', ['-R', 'seiftest:', seifDir]);
  const asUser = (command: string) =>
    execFileSync('runuser', ['-u', 'seiftest', '--', 'bash', '-c', command], { cwd: home, timeout: 30_000, encoding: 'utf8' });

  return {
    dir,
    tag,
    user: 'seiftest',
    home,
    targetPort,
    jumpPort,
    slurmPort,
    keys,
    knownHosts,
    sshConfig,
    tinyfs,
    seifDir,
    slurm: slurmStandIn(slurm.state),
    asUser,
    async restartTarget(options = {}) {
      await stopChild('target');
      if (options.newHostKey) keygen(path.join(dir, 'target_key'), 'bed-target-reinstalled');
      await start('target', targetPort, path.join(dir, 'target_key'));
    },
    async stop() {
      // Jobs this instance started (run ids carry the tag): stop their sessions, by recorded pid only.
      const runs = path.join(home, '.seif', 'runs');
      for (const id of fs.existsSync(runs) ? fs.readdirSync(runs) : []) {
        if (!id.includes(tag)) continue;
        let pid = 0;
        try {
          pid = Number(fs.readFileSync(path.join(runs, id, 'pid'), 'utf8').trim());
        } catch {}
        if (pid > 1 && !fs.existsSync(path.join(runs, id, 'exit_code'))) {
          try {
            process.kill(-pid, 'SIGKILL');
          } catch {}
        }
      }
      stopSlurmJobs(slurm.state);
      await stopChild('target');
      await stopChild('jump');
      process.removeListener('exit', killAll);
      // Run folders and work folders of this instance (names carry the tag).
      for (const base of [runs, home]) {
        for (const name of fs.existsSync(base) ? fs.readdirSync(base) : []) if (name.includes(tag)) fs.rmSync(path.join(base, name), { recursive: true, force: true });
      }
      try {
        execFileSync('umount', [tinyfs], { timeout: 10_000 });
      } catch {}
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(seifDir, { recursive: true, force: true });
    },
  };
}

/** Copies the stand-in Slurm into the instance folder (bin/, readable by the test user) with an empty job table. */
function installSlurmStandIn(dir: string, port: number): { port: number; bin: string; state: string } {
  const bin = path.join(dir, 'slurm', 'bin');
  const state = path.join(dir, 'slurm', 'state');
  fs.cpSync(path.join(HERE, 'fake-slurm'), bin, { recursive: true });
  for (const f of fs.readdirSync(bin)) fs.chmodSync(path.join(bin, f), f.endsWith('.md') ? 0o644 : 0o755);
  fs.chmodSync(path.join(dir, 'slurm'), 0o755);
  fs.mkdirSync(state);
  execFileSync('chown', ['-R', 'seiftest:', state]);
  return { port, bin, state };
}

function slurmStandIn(state: string): SlurmStandIn {
  return {
    state,
    configure(knobs) {
      const file = path.join(state, 'config.json');
      const now = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as object) : {};
      fs.writeFileSync(`${file}.tmp`, JSON.stringify({ ...now, ...knobs }));
      fs.renameSync(`${file}.tmp`, file);
    },
    job(id) {
      const file = path.join(state, 'jobs', `${id}.json`);
      return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as SlurmJobRecord) : undefined;
    },
  };
}

/** Ends what the stand-in Slurm still runs: the job runners first (so nothing is recorded after), then the jobs' process groups. */
function stopSlurmJobs(state: string): void {
  const jobs = path.join(state, 'jobs');
  const records = (fs.existsSync(jobs) ? fs.readdirSync(jobs) : []).filter((f) => f.endsWith('.json')).map((f) => {
    try {
      return JSON.parse(fs.readFileSync(path.join(jobs, f), 'utf8')) as SlurmJobRecord;
    } catch {
      return undefined;
    }
  });
  const kill = (pid: number | null | undefined) => {
    if (!pid || pid <= 1) return;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  };
  for (const r of records) if (r && (r.state === 'PENDING' || r.state === 'RUNNING')) kill(r.runner_pid);
  for (const r of records) if (r && r.state === 'RUNNING' && r.pgid) kill(-r.pgid);
}

function uid(user: string): number {
  return Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
}
function gid(user: string): number {
  return Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
}

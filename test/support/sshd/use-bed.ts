// One sshd test bed per test file: started before its tests, stopped after them, with a HostPool on its ssh
// config. Tests read `ctx.bed` / `ctx.pool` inside their bodies (they are set once `before` ran).
import { after, before } from 'node:test';
import { HostPool } from '../../../src/core/remote/index';
import { sshBedUnavailable, startSshTestBed, type SshTestBed } from './testbed';

/** Why the bed cannot run here (pass as a test's `skip`), or undefined. */
export const skip = sshBedUnavailable();
/** The bed's target host without Slurm, and the same host with the stand-in Slurm on the PATH. */
export const host = 'bed-target';
export const slurmHost = 'bed-slurm';

export interface SshTestBedContext {
  bed: SshTestBed;
  pool: HostPool;
}

export function useSshTestBed(): SshTestBedContext {
  const ctx = {} as SshTestBedContext;
  before(async () => {
    if (skip) return;
    ctx.bed = await startSshTestBed();
    ctx.pool = new HostPool({ configFile: ctx.bed.sshConfig, agent: false });
  });
  after(async () => {
    await ctx.pool?.closeAll();
    await ctx.bed?.stop();
  });
  return ctx;
}

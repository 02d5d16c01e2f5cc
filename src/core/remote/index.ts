// Public API of remote hosts: connections (one per host), detached jobs, log tails, verl log parsing.
export { HostPool, type HostPoolOptions } from './hostPool';
export { connectHost, SshConnection, type ConnectOptions, type ExecResult } from './connection';
export { resolveHost, listConfigHosts, type HostSpec, type ResolveOptions } from './hostSpec';
export { fingerprintOf, type HostKeyInfo } from './knownHosts';
export { launchJob, listJobs, jobStatus, stopJob, readJobLog, readJobFile, type JobStatus, type JobSpec, type JobState, type LaunchRequest } from './jobs';
export { tailJob, type TailEvent, type TailOptions } from './tail';
export { parseVerlLog, VerlLogParser, parseMetricsYaml, type VerlEvent, type VerlLogSummary, type Metrics } from './verlLog';
export { RunMonitor, judgeJob, type Outcome, type PhaseKind, type PhaseProgress } from './runStatus';
export { assertRunId, shQuote } from './shell';
export { detectSlurm, slurmSubmit, slurmJob, slurmCancel, assertSlurmJobId, type SlurmJob, type SlurmProbe } from './slurm';
export { parseSqueue, parseSacct, parseSbatchOutput, parseSlurmVersion, slurmStateOf, isSlurmActive, type SlurmState } from './slurmOutput';

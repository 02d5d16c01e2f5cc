// The dry run shown before a launch: every job's exact cmd.sh, its run folder files and, on a Slurm host, the
// sbatch script that runs it.
import { renderPlanCommands, type PhaseId, type RoundPlan } from '../../core/round/index';

export function dryRunMarkdown(plan: RoundPlan, host: string, phase?: PhaseId): string {
  const cmds = renderPlanCommands(plan).filter((c) => !phase || c.phase === phase);
  const slurm = cmds.some((c) => c.sbatch);
  const lines = [
    `# Dry run: round ${plan.round} of ${plan.family} on ${host}${phase ? ` (phase ${phase})` : ''}`,
    '',
    `Run prefix \`${plan.runPrefix}\` · SEIF \`${plan.seifDir}\` · work \`${plan.workDir}\` · Follower epochs ${plan.followerEpochs} · GPUs: servers ${plan.gpus.servers.join(',')} / trainer ${plan.gpus.trainer.join(',')}`,
    '',
    slurm
      ? `Scheduler: Slurm — each job is submitted with sbatch from its run folder (training on ${plan.gpus.nnodes} node${plan.gpus.nnodes > 1 ? 's' : ''}); squeue/sacct are polled, Stop is scancel.`
      : 'Scheduler: none — each job runs detached (setsid) on the host.',
    '',
    ...plan.warnings.map((w) => `> ⚠️ ${w}`),
    '',
  ];
  for (const c of cmds) {
    lines.push(`## ${c.phase} · ${c.job} (${c.kind}, GPUs ${c.gpus.join(',') || '–'})`, '', '```bash', c.script.trimEnd(), '```', '');
    if (c.files.length) lines.push(`Run folder files: ${c.files.map((f) => `\`${f.name}\``).join(', ')}`, '');
    if (c.sbatch) lines.push('sbatch.sh:', '', '```bash', c.sbatch.trimEnd(), '```', '');
  }
  return `${lines.join('\n')}\n`;
}

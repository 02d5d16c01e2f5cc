// "SEIF: Start Round" plan editing with quick picks: Follower epochs, GPUs per role, one phase or all, folders,
// and on a Slurm host the scheduler and the training nodes. Loops over the proposed plan until "launch".
import type * as vscode from 'vscode';
import { planRound, PHASE_ORDER, type PhaseId, type PlanOptions } from '../../core/round/index';
import type { Manifest } from '../../core/workspace/manifest';
import type { RemotePrompts } from './prompts';

export interface EditedPlan {
  options: PlanOptions;
  phase?: PhaseId;
}

type Item = vscode.QuickPickItem & { id: 'go' | 'epochs' | 'gpus' | 'phase' | 'dirs' | 'scheduler' | 'nodes' };

const HOST_PATH = /^(\$HOME(\/|$)|~\/|\/)[^\0\n]*$/;
const checkPath = (v: string) => (HOST_PATH.test(v.trim()) ? undefined : 'an absolute path, or one starting with $HOME/');

/** `hasSlurm`: the host runs Slurm, so the plan may run as sbatch jobs (and train on several nodes). */
export async function editPlan(prompts: RemotePrompts, manifest: Manifest, round: number, start: EditedPlan, hasSlurm: boolean): Promise<EditedPlan | undefined> {
  let { options, phase } = start;
  for (;;) {
    const plan = planRound(manifest, round, options);
    const items: Item[] = [
      { id: 'go', label: '$(rocket) Show the commands and launch', description: phase ? `phase ${phase} only` : 'all phases' },
      { id: 'epochs', label: 'Follower epochs', description: String(plan.followerEpochs), detail: round === 1 ? "SEIF's staged strategy: 3 in round 1" : "SEIF's staged strategy: 1 after round 1" },
      { id: 'gpus', label: 'GPUs', description: `${plan.gpus.total} on the host: role servers ${plan.gpus.servers.join(',')} · trainer ${plan.gpus.trainer.join(',')}` },
      { id: 'phase', label: 'Phase', description: phase ?? 'all (stops at the review gate)' },
      { id: 'dirs', label: 'SEIF checkout / work folder', description: `${plan.seifDir} · ${plan.workDir}` },
      ...(hasSlurm
        ? ([
            { id: 'scheduler', label: 'Scheduler', description: options.slurm ? 'Slurm: sbatch jobs' : 'detached setsid jobs on the login host' },
            ...(options.slurm ? [{ id: 'nodes', label: 'Training nodes (trainer.nnodes)', description: String(plan.gpus.nnodes) } as Item] : []),
          ] as Item[])
        : []),
    ];
    const picked = await prompts.pick(items, { title: `Round ${round} on ${options.host}`, placeHolder: 'Edit the plan, or launch', ignoreFocusOut: true });
    if (!picked) return undefined;
    if (picked.id === 'go') return { options, phase };
    if (picked.id === 'epochs') {
      const v = await prompts.pick(['1', '2', '3', '4', '5'], { placeHolder: 'Follower epochs' });
      if (v) options = { ...options, followerEpochs: Number(v) };
    } else if (picked.id === 'gpus') {
      const total = await prompts.pick(['2', '4', '8', '16'], { placeHolder: 'GPUs on the host' });
      if (!total) continue;
      const servers = await prompts.pick([...Array(Number(total) - 1).keys()].map((i) => String(i + 1)), { placeHolder: 'GPUs for the role servers (the rest trains; never shared)' });
      if (servers) options = { ...options, gpus: Number(total), serverGpus: Number(servers) };
    } else if (picked.id === 'phase') {
      const v = await prompts.pick(['all', ...PHASE_ORDER.filter((p) => p !== 'review')], { placeHolder: 'Run all phases or one alone' });
      if (v) phase = v === 'all' ? undefined : (v as PhaseId);
    } else if (picked.id === 'dirs') {
      const seifDir = await prompts.input({ prompt: 'SEIF checkout on the host ($HOME/… or absolute)', value: plan.seifDir, validateInput: checkPath });
      const workDir = seifDir === undefined ? undefined : await prompts.input({ prompt: 'Work folder for checkpoints and data ($HOME/… or absolute)', value: plan.workDir, validateInput: checkPath });
      if (seifDir && workDir && !checkPath(seifDir) && !checkPath(workDir)) options = { ...options, seifDir: seifDir.trim(), workDir: workDir.trim() };
    } else if (picked.id === 'scheduler') {
      const v = await prompts.pick(['Slurm: sbatch jobs', 'detached setsid jobs on the login host'], { placeHolder: 'How the phases run on this host' });
      if (v) options = v.startsWith('Slurm') ? { ...options, slurm: options.slurm ?? {} } : { ...options, slurm: undefined, nnodes: 1 };
    } else if (picked.id === 'nodes') {
      const v = await prompts.pick(['1', '2', '4', '8'], { placeHolder: 'Nodes for each training job (a Ray cluster over them; role servers take one node)' });
      if (v) options = { ...options, nnodes: Number(v) };
    }
  }
}

// Public API of SEIF rounds: plan (pure), host preflight, and the runner that drives the phases.
export { planRound, renderPlanCommands, type PlanOptions, type PlanCommand } from './plan';
export { runPreflight, repairSeifCheckout, renderRepairDiff, type PreflightResult, type PreflightCheck, type PreflightOptions, type RepairPatch } from './preflight';
export { runRound, probeServer, type RunRoundOptions, type RoundRunResult, type RoundEvents } from './runner';
export { savePlan, loadSavedPlan, latestSavedStep, planFile } from './planStore';
export { resolveSeifConfig, parseOverride, type ConfigValues } from './config';
export { renderSbatch, type SlurmOptions, type SbatchContext } from './slurm';
export { PHASE_ORDER, PHASE_TITLES, type PhaseId, type RoundPlan, type JobPlan, type PlannedPhase, type RoleServer } from './types';

// The one place that names commands, views, context keys, schemes and languages. package.json's
// contributes must match (test/integration/contributes.test.ts checks both directions).

export const Commands = {
  openWorkspace: 'seif.openWorkspace',
  refresh: 'seif.refresh',
  exportCurated: 'seif.exportCurated',
  accept: 'seif.accept',
  reject: 'seif.reject',
  undo: 'seif.undo',
  nextPending: 'seif.nextPending',
  previous: 'seif.previous',
  openInstruction: 'seif.openInstruction',
  filter: 'seif.filter',
  clearFilter: 'seif.clearFilter',
  loadMore: 'seif.loadMore',
  startRound: 'seif.startRound',
  showProblem: 'seif.showProblem',
  runJudger: 'seif.runJudger',
  loadResponses: 'seif.loadResponses',
  openDashboard: 'seif.openDashboard',
  showDriftRows: 'seif.showDriftRows',
  promoteConstraint: 'seif.promoteConstraint',
  promoteDataset: 'seif.promoteDataset',
  askMappingOpinion: 'seif.askMappingOpinion',
  evaluateRound: 'seif.evaluateRound',
  // LLM roles (src/extension/roles)
  runFilter: 'seif.runFilter',
  markFilterReviewed: 'seif.markFilterReviewed',
  sampleResponse: 'seif.sampleResponse',
  filterRound: 'seif.filterRound',
  generateInstructions: 'seif.generateInstructions',
  checkRoleHealth: 'seif.checkRoleHealth',
  setRoleApiKey: 'seif.setRoleApiKey',
  // Remote rounds (src/extension/remote)
  checkHost: 'seif.checkHost',
  continueRound: 'seif.continueRound',
  stopRun: 'seif.stopRun',
  resumeRun: 'seif.resumeRun',
  showRunLog: 'seif.showRunLog',
  reattachRuns: 'seif.reattachRuns',
} as const;
export type CommandId = (typeof Commands)[keyof typeof Commands];

export const Views = {
  container: 'seif',
  rounds: 'seif.rounds',
  runs: 'seif.runs',
} as const;

export const ContextKeys = {
  /** The active editor shows an instruction document: accept/reject/next/undo keys are live. */
  instructionFocused: 'seif.instructionFocused',
  /** A tree filter is active (shows "Clear Filter"). */
  filterActive: 'seif.filterActive',
  /** The folder holds SEIF data (rounds were detected). */
  hasRounds: 'seif.hasRounds',
} as const;

export const INSTRUCTION_SCHEME = 'seif-instruction';
export const INSTRUCTION_LANGUAGE = 'seif-instruction';
export const OUTPUT_CHANNEL = 'SEIF Studio';

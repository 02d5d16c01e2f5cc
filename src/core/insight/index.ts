// Public API of round insight: constraint mapping, round statistics, drift alarms.
export { mapConstraint, mapToIfeval, isIdMapping, type IdMapping, type CategoryMapping, type MappingResult } from './map';
export { mapConstraintWithOpinion, type SecondOpinion, type SecondOpinionRequest, type OpinionatedMapping } from './opinion';
export { computeRoundStats, type RoundStats, type RoundStatsOptions } from './stats';
export { driftAlarms, alarmsOverThreshold, DRIFT_KINDS, DEFAULT_THRESHOLDS, type DriftAlarm, type DriftKind, type DriftOptions } from './drift';
export { roundStatsOfFile } from './load';
export { RoundStatsThread, defaultStatsWorkerScript, type RoundStatsThreadOptions } from './statsThread';
export { conflictingPairs, mappingsConflict } from './conflicts';
export { SOFT_CATEGORIES, type SoftCategory } from './categories';
export type { RuleContext } from './rules/index';
export { roundCharts, chartCsv, type ChartSpec, type ChartSeries, type LabelledStats } from './charts';
export { evalChart } from './charts';
export { evaluateFollower, roundEvalRecord, setRoundEval, type FollowerEvaluation, type FollowerEvalOptions } from './ifevalRound';
export { readRunMetrics, workspaceRunMetrics, trainingCharts, metricOf, runMetricsPath, RUN_METRICS_FILE, TRAINING_METRICS, type RunMetrics, type RunStep, type TrainingMetric } from './runMetrics';
export { promotionCandidates, instructionCandidates, describePromotion, type PromotionCandidate } from './promote';

// Service level objectives: SLIs, periods, burn-rate windows, error budget policies, Sloth import.
// Public names of this folder: lib/index.ts re-exports exactly these (test/api/public-api.test.ts checks it).
export { BurnRateAlertKind } from './burn-rate-window';
export type { BurnRateWindow } from './burn-rate-window';
export type { ErrorBudgetAlertThreshold } from './error-budget-policy';
export { importSlothSpec, ServiceLevelObjective, SloRulePack } from './service-level-objective';
export type { SloRulePackOptions } from './service-level-objective';
export type {
  ResolvedSloAbsentAlert, ResolvedSloAlert, ServiceLevelObjectiveProps, SloAbsentAlertOptions, SloAlertOptions, SloDefinition,
} from './slo-definition';
export { Sli, SliKind } from './sli';
export type {
  AvailabilityGaugeSliProps, CounterEventsSliProps, ErrorRatioSliProps, EventsSliProps, LatencySliProps,
  SliBaseRecording, SliDataCheck, SliMatcher, SliRecordingContext, SliSelector,
} from './sli';
export type { SloDashboardBurnRateThreshold, SloDashboardData, SloDashboardQueries } from './slo-dashboard-data';
export { SloPeriod } from './slo-period';
export type { SlothImportOptions } from './sloth-import';
export { seedSlos } from './seed-slos';
export type { SeedSlosProps } from './seed-slos';

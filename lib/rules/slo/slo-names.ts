/**
 * Series and label names of SLO rules. The Sloth names are kept exactly so that Sloth's Grafana
 * dashboards and queries work unchanged; the two `*_events` records are ours (the base of the
 * traffic-weighted windows).
 */
export const SloRecord = {
  /** All events per second over 5m (ours; for a raw ratio SLI: a weight of 1 per sample). */
  TOTAL_EVENTS: 'slo:sli_total_events:rate5m',
  /** Bad events per second over 5m (ours; missing error series count as 0). */
  ERROR_EVENTS: 'slo:sli_error_events:rate5m',
  /** Sloth's objective as a ratio (0.999). */
  OBJECTIVE: 'slo:objective:ratio',
  /** Sloth's error budget as a ratio (0.001). */
  ERROR_BUDGET: 'slo:error_budget:ratio',
  /** Sloth's period length in days. */
  TIME_PERIOD_DAYS: 'slo:time_period:days',
  /** Sloth's burn rate over the 5m window (0 at zero traffic, never NaN). */
  CURRENT_BURN_RATE: 'slo:current_burn_rate:ratio',
  /** Sloth's burn rate over the period (traffic-weighted). */
  PERIOD_BURN_RATE: 'slo:period_burn_rate:ratio',
  /**
   * Ours: the time of each evaluation at which the SLI had data (value = that time, in seconds); its
   * earliest sample in the period tells how much of the period has data.
   */
  DATA_TIMESTAMP: 'slo:sli_data:timestamp',
  /** Ours: the share of the period covered since the SLI's first data in it (0..1; 1 once a whole period has data). */
  PERIOD_ELAPSED: 'slo:period_elapsed:ratio',
  /**
   * Sloth's share of the period's budget left (1 = untouched, ≤ 0 = exhausted), measured against the
   * budget of the whole period: 1 − errors so far / errors the period allows. Equal to Sloth's
   * `1 − period burn rate` once a whole period has data; before that, a fresh SLO has not spent what
   * the period allows.
   */
  PERIOD_ERROR_BUDGET_REMAINING: 'slo:period_error_budget_remaining:ratio',
  /** Sloth's info series (value 1, the SLO's metadata as labels). */
  INFO: 'sloth_slo_info',
} as const;

/** Sloth's error ratio record for a window, e.g. `slo:sli_error:ratio_rate5m`. */
export function errorRatioRecord(window: string): string {
  return `slo:sli_error:ratio_rate${window}`;
}

/** Sloth's labels on SLO series and alerts. */
export const SloLabel = {
  /** `<service>-<slo name>`, unique per SLO. */
  ID: 'sloth_id',
  /** The service. */
  SERVICE: 'sloth_service',
  /** The SLO name. */
  SLO: 'sloth_slo',
  /** The window of an error ratio record (never on alerts). */
  WINDOW: 'sloth_window',
  /** `page` or `ticket` on burn-rate alerts. */
  SEVERITY: 'sloth_severity',
  /** The objective in percent, on `sloth_slo_info`. */
  OBJECTIVE: 'sloth_objective',
} as const;

/**
 * The label that tells the error-budget-policy alerts apart: the step's remaining budget (`75%`,
 * `50%`, `25%`, `0%`; i.e. 25 %, 50 %, 75 % and all of the budget spent).
 */
export const ERROR_BUDGET_THRESHOLD_LABEL = 'error_budget_threshold';

/** The label that tells an SLO's absent-data alerts apart: `events` (no SLI data) or `threshold_bucket`. */
export const SLI_ABSENT_LABEL = 'sli_absent';

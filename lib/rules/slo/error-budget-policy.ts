import { DurationLike } from '../../core/duration';
import { Severity } from '../severity';

/**
 * One step of an error budget policy. The budget is the period's: the errors the whole period allows
 * (`(1 − objective) × the period's events`, the events extrapolated from the traffic seen so far),
 * and what is spent is the errors counted so far in the rolling period. A fresh SLO therefore starts
 * with its budget intact and spends it only as bad events accumulate.
 *
 * A step at `remainingPercent` > 0 fires while less than that share of the budget is left and the next
 * lower step does not apply (steps are bands: only the current one fires). It resolves when the
 * remaining budget rises above the step again (old errors leave the rolling period) or falls into
 * the next step.
 *
 * The step at 0 is the exhausted budget. It fires with `severity` while the budget is exhausted and
 * still being spent (the error ratio over the last hour is above the objective's, i.e. burn rate
 * above 1); when `severity` is critical, an exhausted budget that is no longer being spent (the
 * incident is over) fires as a warning instead, so nobody is paged for weeks while the incident's
 * errors age out of the rolling period. Both resolve when the budget recovers (is above 0 again).
 */
export interface ErrorBudgetAlertThreshold {
  /** The remaining budget, in percent, below which the step applies (0 = exhausted). */
  readonly remainingPercent: number;
  /**
   * How urgently someone must act at this step. For the exhausted step (0): while the budget is still
   * being spent; a critical exhausted step becomes a warning once the spending has stopped.
   */
  readonly severity: Severity;
  /**
   * How long the budget must stay in the step before the alert fires (damps flapping at the edge).
   * @default 15m
   */
  readonly for?: DurationLike;
}

/**
 * Seed 002 § 6.2's error budget policy as alerts: below 75 % left (25 % spent) is for the record
 * (info), below 50 % and 25 % left (75 % spent) need attention in working hours (warning; the seed's
 * "oncall" step at 25 % is a warning routed to the on-call channel, not a page), and an exhausted
 * budget that is still being spent pages (the seed's `page: true`); once the spending stops it stays a
 * warning until the budget recovers.
 */
export const DEFAULT_ERROR_BUDGET_POLICY: ReadonlyArray<ErrorBudgetAlertThreshold> = [
  { remainingPercent: 75, severity: Severity.INFO },
  { remainingPercent: 50, severity: Severity.WARNING },
  { remainingPercent: 25, severity: Severity.WARNING },
  { remainingPercent: 0, severity: Severity.CRITICAL },
];

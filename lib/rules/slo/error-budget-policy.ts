import { DurationLike } from '../../core/duration';
import { Severity } from '../severity';

/**
 * One step of an error budget policy: alert while the share of the period's budget left is below
 * `remainingPercent` (and not yet below the next lower step), with this severity. A step at 0
 * fires when the budget is exhausted (≤ 0).
 */
export interface ErrorBudgetAlertThreshold {
  /** The remaining budget, in percent, below which the step applies (0 = exhausted). */
  readonly remainingPercent: number;
  /** How urgently someone must act at this step. */
  readonly severity: Severity;
  /**
   * How long the budget must stay in the step before the alert fires (damps flapping at the edge).
   * @default 15m
   */
  readonly for?: DurationLike;
}

/**
 * Seed 002 § 6.2's error budget policy as alerts: below 75 % left is for the record (info), below
 * 50 % and 25 % need attention in working hours (warning; the seed's "oncall" step at 25 % is a
 * warning routed to the on-call channel, not a page), and an exhausted budget pages (the seed's
 * `page: true`).
 */
export const DEFAULT_ERROR_BUDGET_POLICY: ReadonlyArray<ErrorBudgetAlertThreshold> = [
  { remainingPercent: 75, severity: Severity.INFO },
  { remainingPercent: 50, severity: Severity.WARNING },
  { remainingPercent: 25, severity: Severity.WARNING },
  { remainingPercent: 0, severity: Severity.CRITICAL },
];

import { Duration } from '../../core/duration';
import { SloPeriod } from './slo-period';

/** Which kind of notification a multiwindow burn-rate condition raises (Sloth's `sloth_severity`). */
export const BurnRateAlertKind = {
  /** Fast burn: wake someone up (rendered with Severity.CRITICAL by default). */
  PAGE: 'page',
  /** Slow burn: open a ticket for working hours (rendered with Severity.WARNING by default). */
  TICKET: 'ticket',
} as const;

/** One of the {@link BurnRateAlertKind} values. */
export type BurnRateAlertKind = (typeof BurnRateAlertKind)[keyof typeof BurnRateAlertKind];

/**
 * One multiwindow condition: the error ratio over BOTH the long and the short window exceeds
 * `burnRateFactor × error budget`. The long window proves the burn is significant, the short one
 * that it is still happening (so the alert resets quickly after recovery).
 */
export interface BurnRateWindow {
  /** Page or ticket. */
  readonly kind: BurnRateAlertKind;
  /** The long window (e.g. 1h). */
  readonly longWindow: Duration;
  /** The short window (e.g. 5m), 1/12 of the long one. */
  readonly shortWindow: Duration;
  /** The share of the period's error budget this condition means is gone within the long window. */
  readonly budgetConsumed: number;
  /** How many times faster than "exactly on budget" the errors arrive (14.4 for 2 % in 1h of 30d). */
  readonly burnRateFactor: number;
}

// Google SRE workbook, "Alerting on SLOs", table 5-8: budget consumed per long window.
// Defining the windows by budget consumed (not by fixed factors) is what Sloth does for 28d too:
// 30d gives the well-known 14.4 / 6 / 3 / 1, 28d gives 13.44 / 5.6 / 2.8 / 0.933.
const WINDOW_SPECS: ReadonlyArray<{ kind: BurnRateAlertKind; long: Duration; short: Duration; consumed: number }> = [
  { kind: BurnRateAlertKind.PAGE, long: Duration.hours(1), short: Duration.minutes(5), consumed: 0.02 },
  { kind: BurnRateAlertKind.PAGE, long: Duration.hours(6), short: Duration.minutes(30), consumed: 0.05 },
  { kind: BurnRateAlertKind.TICKET, long: Duration.days(1), short: Duration.hours(2), consumed: 0.1 },
  { kind: BurnRateAlertKind.TICKET, long: Duration.days(3), short: Duration.hours(6), consumed: 0.1 },
];

/** The four multiwindow burn-rate conditions for a period, pages first. */
export function burnRateWindows(period: SloPeriod): ReadonlyArray<BurnRateWindow> {
  return WINDOW_SPECS.map((spec) => ({
    kind: spec.kind,
    longWindow: spec.long,
    shortWindow: spec.short,
    budgetConsumed: spec.consumed,
    burnRateFactor: roundRatio((spec.consumed * period.duration.toHours()) / spec.long.toHours()),
  }));
}

/** Every window the rules record an error ratio for (short to long, period excluded). */
export function alertWindows(period: SloPeriod): ReadonlyArray<Duration> {
  const all = burnRateWindows(period).flatMap((window) => [window.shortWindow, window.longWindow]);
  const unique = new Map<number, Duration>();
  for (const window of all) unique.set(window.totalMilliseconds, window);
  return [...unique.values()].sort((a, b) => a.compareTo(b));
}

/** Removes binary floating-point noise (0.1 × 720 / 24 → 3, (100 − 99.9) / 100 → 0.001). */
export function roundRatio(value: number): number {
  return Number(value.toPrecision(12));
}

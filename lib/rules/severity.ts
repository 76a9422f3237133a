/**
 * How urgently a human must act on an alert (the seeds' "Alert Severity Levels"):
 * critical pages 24/7, warning goes to chat within 30 minutes, info is read the next working day.
 * Rendered as the alert's `severity` label, which Alertmanager routes and inhibits on.
 */
export const Severity = {
  /** Page the on-call engineer now; requires a runbook URL. */
  CRITICAL: 'critical',
  /** Needs attention within working hours (chat notification). */
  WARNING: 'warning',
  /** For the record; reviewed the next day. */
  INFO: 'info',
} as const;

/** One of the {@link Severity} values. */
export type Severity = (typeof Severity)[keyof typeof Severity];

/** All severities, most urgent first. */
export const ALL_SEVERITIES: ReadonlyArray<Severity> = [Severity.CRITICAL, Severity.WARNING, Severity.INFO];

/** True when the value is one of the {@link Severity} values (guards input from plain JavaScript). */
export function isSeverity(value: unknown): value is Severity {
  return (ALL_SEVERITIES as ReadonlyArray<unknown>).includes(value);
}

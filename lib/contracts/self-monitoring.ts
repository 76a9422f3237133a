/**
 * Options of a component's `selfMonitoringRules()`: where the runbooks of its alerts live and which
 * team owns them.
 */
export interface SelfMonitoringOptions {
  /** Base of the runbook links (`<base>/<alert-name-in-kebab-case>`). @default DEFAULT_RUNBOOK_BASE_URL */
  readonly runbookBaseUrl?: string;
  /** The team label of the alerts. @default the pack's team, `platform` */
  readonly team?: string;
}

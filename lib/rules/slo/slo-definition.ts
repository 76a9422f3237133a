// The props and the resolved shape of an SLO, apart from the ServiceLevelObjective class, so that what
// builds from an SLO (its rules, its dashboard data, the Sloth import) does not import the class that
// calls it: no import loops in lib/rules/slo.
import type { Duration, DurationLike } from '../../core/duration';
import type { Severity } from '../severity';
import type { BurnRateWindow } from './burn-rate-window';
import type { ErrorBudgetAlertThreshold } from './error-budget-policy';
import type { Sli } from './sli';
import type { SloPeriod } from './slo-period';

/** Options of the page or the ticket burn-rate alert of an SLO. */
export interface SloAlertOptions {
  /**
   * Whether the alert is generated at all.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * The alert's severity.
   * @default Severity.CRITICAL for the page alert, Severity.WARNING for the ticket alert
   */
  readonly severity?: Severity;
  /**
   * Extra static labels on this alert only (e.g. `{ routing_key: 'myteam' }`).
   * @default none
   */
  readonly labels?: Record<string, string>;
  /**
   * Extra annotations on this alert only.
   * @default none
   */
  readonly annotations?: Record<string, string>;
}

/**
 * Options of the absent-data alert of an SLO: it fires when the SLI has no data (a missing or renamed
 * metric, a selector that matches nothing) and, for a latency SLI, when the histogram has no bucket at
 * the threshold. Without it such an SLO reads as perfect: no errors, budget intact, no burn.
 */
export interface SloAbsentAlertOptions {
  /**
   * Whether the alert is generated.
   * @default true (false for SLOs imported from Sloth, which has no such alert)
   */
  readonly enabled?: boolean;
  /**
   * The alert name.
   * @default `<Service><Name>SliAbsent`
   */
  readonly name?: string;
  /**
   * The alert's severity.
   * @default Severity.WARNING
   */
  readonly severity?: Severity;
  /**
   * How long the data must be missing before the alert fires (rollouts and scrape hiccups should not).
   * @default 10m
   */
  readonly for?: DurationLike;
}

/** Properties of a {@link ServiceLevelObjective}. */
export interface ServiceLevelObjectiveProps {
  /** The service the SLO belongs to (label `sloth_service`), e.g. `api-gateway`. */
  readonly service: string;
  /** The SLO's name within the service (label `sloth_slo`), e.g. `availability`. */
  readonly name: string;
  /** The share of good events the service promises, in percent, strictly between 0 and 100 (e.g. 99.9). */
  readonly objectivePercent: number;
  /** How good and bad events are measured. */
  readonly sli: Sli;
  /**
   * The rolling period over which the objective must hold.
   * @default SloPeriod.DAYS_30
   */
  readonly period?: SloPeriod;
  /**
   * What the SLO means, for people (alert descriptions, dashboards).
   * @default none
   */
  readonly description?: string;
  /**
   * Labels on every SLO series (and so on its alerts), e.g. `{ team: 'platform', tier: 'critical' }`.
   * Names starting with `sloth_` are reserved.
   * @default none
   */
  readonly labels?: Record<string, string>;
  /**
   * Name of the burn-rate alerts (the page and the ticket alert share it and differ by
   * `severity`/`sloth_severity`).
   * @default `<Service><Name>ErrorBudgetBurn` in UpperCamelCase, e.g. `ApiGatewayAvailabilityErrorBudgetBurn`
   */
  readonly alertName?: string;
  /**
   * Name of the error-budget-policy alerts.
   * @default `<Service><Name>ErrorBudgetLow`
   */
  readonly budgetAlertName?: string;
  /**
   * The owning team, as label `team` on every alert.
   * @default no team label (unless `labels` carries one, which reaches the alerts through the series)
   */
  readonly team?: string;
  /**
   * Extra static labels on every alert of the SLO.
   * @default none
   */
  readonly alertLabels?: Record<string, string>;
  /**
   * Extra annotations on every alert of the SLO.
   * @default none
   */
  readonly alertAnnotations?: Record<string, string>;
  /**
   * The summary of the burn-rate alerts (templates allowed).
   * @default `{{ $labels.sloth_service }} {{ $labels.sloth_slo }} SLO error budget burn rate is too fast.`
   */
  readonly alertSummary?: string;
  /**
   * The page alert (fast burn: 2 % of the budget in 1h, or 5 % in 6h).
   * @default enabled, Severity.CRITICAL
   */
  readonly pageAlert?: SloAlertOptions;
  /**
   * The ticket alert (slow burn: 10 % of the budget in 1d, or in 3d).
   * @default enabled, Severity.WARNING
   */
  readonly ticketAlert?: SloAlertOptions;
  /**
   * Base of the runbook links: each alert links `<runbookBaseUrl>/<alert-name-in-kebab-case>`. `null`
   * links no runbook (then a critical alert is refused: every critical alert needs one); the Sloth
   * import uses it so that no link to a page that does not exist is added.
   * @default "https://runbooks.example.com/slo"
   */
  readonly runbookBaseUrl?: string | null;
  /**
   * One runbook link for all of the SLO's alerts (overrides `runbookBaseUrl`).
   * @default `<runbookBaseUrl>/<alert-name-in-kebab-case>`
   */
  readonly runbookUrl?: string;
  /**
   * Dashboard link on every alert (annotation `dashboard_url`).
   * @default none
   */
  readonly dashboardUrl?: string;
  /**
   * Page only while the SLI's total events average at least this many per second over the alert's
   * long window, so that one error among a handful of requests at night pages nobody. Not available
   * for `Sli.errorRatio` (a raw ratio carries no traffic).
   * @default no guard
   */
  readonly minTrafficPerSecond?: number;
  /**
   * The error budget policy alerts; `[]` for none. See {@link ErrorBudgetAlertThreshold} for what each
   * step means and when it resolves.
   * @default DEFAULT_ERROR_BUDGET_POLICY (75 % info, 50 % and 25 % warning, exhausted critical while still spent)
   */
  readonly errorBudgetAlerts?: ReadonlyArray<ErrorBudgetAlertThreshold>;
  /**
   * The absent-data alert.
   * @default enabled, Severity.WARNING, for 10m
   */
  readonly absentAlert?: SloAbsentAlertOptions;
}

/** The absent-data alert with its options resolved. */
export interface ResolvedSloAbsentAlert {
  /** Whether the alert is emitted. */
  readonly enabled: boolean;
  /** The alert name. */
  readonly name: string;
  /** The alert's severity. */
  readonly severity: Severity;
  /** How long the data must be missing. */
  readonly for: Duration;
}

/** A page or ticket alert with its options resolved. */
export interface ResolvedSloAlert {
  /** Whether the alert is emitted (default true). */
  readonly enabled: boolean;
  /** The alert's severity. */
  readonly severity: Severity;
  /** Extra labels of the alert, validated (empty when none). */
  readonly labels: Readonly<Record<string, string>>;
  /** Extra annotations of the alert (empty when none). */
  readonly annotations: Readonly<Record<string, string>>;
}

/**
 * An SLO with every default applied and every value checked: what its rules
 * (`sloRuleGroup`) and its dashboard data ({@link sloDashboardData}) are built from. A
 * {@link ServiceLevelObjective} is one; the builders take this interface so that they do not import
 * the class that calls them.
 */
export interface SloDefinition {
  /** The service (`sloth_service`). */
  readonly service: string;
  /** The SLO name (`sloth_slo`). */
  readonly name: string;
  /** `<service>-<name>` (`sloth_id`). */
  readonly id: string;
  /** The objective in percent. */
  readonly objectivePercent: number;
  /** The objective as a ratio (0.999). */
  readonly objectiveRatio: number;
  /** The error budget as a ratio (0.001). */
  readonly errorBudgetRatio: number;
  /** The rolling period. */
  readonly period: SloPeriod;
  /** The SLI. */
  readonly sli: Sli;
  /** The description, if any. */
  readonly description?: string;
  /** The user labels on every series, sorted by name. */
  readonly labels: Readonly<Record<string, string>>;
  /** The burn-rate alert name. */
  readonly alertName: string;
  /** The error-budget-policy alert name. */
  readonly budgetAlertName: string;
  /** The team label of the alerts, if any. */
  readonly team?: string;
  /** Static labels on every alert. */
  readonly alertLabels: Readonly<Record<string, string>>;
  /** Extra annotations on every alert. */
  readonly alertAnnotations: Readonly<Record<string, string>>;
  /** The burn-rate alerts' summary. */
  readonly alertSummary: string;
  /** The page alert's options. */
  readonly pageAlert: ResolvedSloAlert;
  /** The ticket alert's options. */
  readonly ticketAlert: ResolvedSloAlert;
  /** Base of the runbook links, if any. */
  readonly runbookBaseUrl?: string;
  /** The one runbook link for all alerts, if set. */
  readonly runbookUrl?: string;
  /** The dashboard link, if set. */
  readonly dashboardUrl?: string;
  /** The paging traffic guard, if set. */
  readonly minTrafficPerSecond?: number;
  /** The error budget policy steps, highest remaining share first. */
  readonly errorBudgetAlerts: ReadonlyArray<ErrorBudgetAlertThreshold>;
  /** The absent-data alert. */
  readonly absentAlert: ResolvedSloAbsentAlert;
  /** The multiwindow burn-rate conditions for the period. */
  readonly burnRateWindows: ReadonlyArray<BurnRateWindow>;
  /** The model path used in error messages, e.g. `ServiceLevelObjective "api/availability"`. */
  readonly path: string;
  /** The PromQL selector of this SLO's series: `{sloth_id="…", sloth_service="…", sloth_slo="…"}`. */
  readonly selector: string;
}

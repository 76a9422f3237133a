import { ValidationError, show } from '../../core/validation-error';
import { validateLabelMap } from '../label-names';
import { withinModelPath } from '../model-path';
import { RuleGroup } from '../rule-group';
import { IRulePack } from '../rule-pack';
import { validateUrl } from '../runbook';
import { Severity, isSeverity } from '../severity';
import { BurnRateWindow, burnRateWindows, roundRatio } from './burn-rate-window';
import { DEFAULT_ERROR_BUDGET_POLICY, ErrorBudgetAlertThreshold } from './error-budget-policy';
import { Sli, SliKind } from './sli';
import { SloDashboardData, sloDashboardData } from './slo-dashboard-data';
import { SloLabel } from './slo-names';
import { SloPeriod } from './slo-period';
import { sloRuleGroup } from './slo-rules';
import { SloRulePack } from './slo-rule-pack';
import { SlothImportOptions, importSlothSpec } from './sloth-import';

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
   * Base of the runbook links: each alert links `<runbookBaseUrl>/<alert-name-in-kebab-case>`.
   * @default "https://runbooks.example.com/slo"
   */
  readonly runbookBaseUrl?: string;
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
   * The error budget policy alerts; `[]` for none.
   * @default DEFAULT_ERROR_BUDGET_POLICY (75 % info, 50 % and 25 % warning, exhausted critical)
   */
  readonly errorBudgetAlerts?: ReadonlyArray<ErrorBudgetAlertThreshold>;
}

/** The default base of SLO runbook links. */
export const DEFAULT_SLO_RUNBOOK_BASE_URL = 'https://runbooks.example.com/slo';

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

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
 * A service level objective: "`objectivePercent` % of the `sli`'s events are good over `period`".
 * Generates Sloth-compatible recording rules and multiwindow multi-burn-rate alerts (see
 * {@link ruleGroup}), error-budget-policy alerts, and the data for its dashboard.
 *
 * ```ts
 * const slo = new ServiceLevelObjective({
 *   service: 'api', name: 'availability', objectivePercent: 99.9,
 *   sli: Sli.eventsFromCounter({ metric: 'http_requests_total', selector: { service: 'api' }, errorSelector: { status_code: /5../ } }),
 * });
 * prometheus.addRules(slo.toRulePack());
 * ```
 */
export class ServiceLevelObjective {
  /**
   * The SLOs of a Sloth `prometheus/v1` spec (YAML text), or of Sloth's Kubernetes
   * `PrometheusServiceLevel` resources; unsupported fields are refused, never dropped.
   */
  public static fromSlothSpec(yamlText: string, options: SlothImportOptions = {}): ServiceLevelObjective[] {
    return importSlothSpec(yamlText, options);
  }

  /** The service (`sloth_service`). */
  public readonly service: string;
  /** The SLO name (`sloth_slo`). */
  public readonly name: string;
  /** `<service>-<name>` (`sloth_id`). */
  public readonly id: string;
  /** The objective in percent. */
  public readonly objectivePercent: number;
  /** The objective as a ratio (0.999). */
  public readonly objectiveRatio: number;
  /** The error budget as a ratio (0.001). */
  public readonly errorBudgetRatio: number;
  /** The rolling period. */
  public readonly period: SloPeriod;
  /** The SLI. */
  public readonly sli: Sli;
  /** The description, if any. */
  public readonly description?: string;
  /** The user labels on every series, sorted by name. */
  public readonly labels: Readonly<Record<string, string>>;
  /** The burn-rate alert name. */
  public readonly alertName: string;
  /** The error-budget-policy alert name. */
  public readonly budgetAlertName: string;
  /** The team label of the alerts, if any. */
  public readonly team?: string;
  /** Static labels on every alert. */
  public readonly alertLabels: Readonly<Record<string, string>>;
  /** Extra annotations on every alert. */
  public readonly alertAnnotations: Readonly<Record<string, string>>;
  /** The burn-rate alerts' summary. */
  public readonly alertSummary: string;
  /** The page alert's options. */
  public readonly pageAlert: ResolvedSloAlert;
  /** The ticket alert's options. */
  public readonly ticketAlert: ResolvedSloAlert;
  /** Base of the runbook links. */
  public readonly runbookBaseUrl: string;
  /** The one runbook link for all alerts, if set. */
  public readonly runbookUrl?: string;
  /** The dashboard link, if set. */
  public readonly dashboardUrl?: string;
  /** The paging traffic guard, if set. */
  public readonly minTrafficPerSecond?: number;
  /** The error budget policy steps, highest remaining share first. */
  public readonly errorBudgetAlerts: ReadonlyArray<ErrorBudgetAlertThreshold>;
  /** The multiwindow burn-rate conditions for the period. */
  public readonly burnRateWindows: ReadonlyArray<BurnRateWindow>;
  /** The model path used in error messages, e.g. `ServiceLevelObjective "api/availability"`. */
  public readonly path: string;
  // The rules, built (and so checked) once in the constructor; the SLO is immutable, so every group
  // made from it holds the same rules and only its name differs.
  private readonly rules: RuleGroup['rules'];

  constructor(props: ServiceLevelObjectiveProps) {
    if (props === undefined || props === null || typeof props !== 'object') {
      throw new ValidationError('ServiceLevelObjective', `${show(props)} is not SLO props; pass at least { service, name, objectivePercent, sli }.`);
    }
    const where = `ServiceLevelObjective ${show(`${props.service}/${props.name}`)}`;
    this.path = where;
    this.service = checkName(props.service, `${where} > service`, 'api-gateway');
    this.name = checkName(props.name, `${where} > name`, 'availability');
    this.id = `${this.service}-${this.name}`;

    const objective = props.objectivePercent;
    if (typeof objective !== 'number' || !Number.isFinite(objective) || objective <= 0 || objective >= 100) {
      throw new ValidationError(
        `${where} > objectivePercent`,
        `${show(objective)} is not a usable objective; give a percentage strictly between 0 and 100, e.g. 99.9 (100 leaves no error budget, so every error would page).`,
      );
    }
    if (objective < 1) {
      // 0.999 is a ratio (OpenSLO style) mistaken for a percentage: a 0.999 % SLO would never alert.
      throw new ValidationError(
        `${where} > objectivePercent`,
        `${show(objective)} looks like a ratio, but objectivePercent is a percentage; write ${show(Number((objective * 100).toFixed(6)))} (e.g. 99.9 for three nines).`,
      );
    }
    this.objectivePercent = objective;
    this.objectiveRatio = roundRatio(objective / 100);
    this.errorBudgetRatio = roundRatio((100 - objective) / 100);

    const period = props.period ?? SloPeriod.DAYS_30;
    if (!(period instanceof SloPeriod)) {
      throw new ValidationError(`${where} > period`, `${show(period)} is not an SLO period; use SloPeriod.DAYS_30 (the default), SloPeriod.DAYS_28, SloPeriod.DAYS_7 or SloPeriod.parse("28d").`);
    }
    this.period = period;
    this.burnRateWindows = burnRateWindows(period);

    if (!(props.sli instanceof Sli)) {
      throw new ValidationError(`${where} > sli`, `${show(props.sli)} is not an SLI; use Sli.events(...), Sli.eventsFromCounter(...), Sli.errorRatio(...), Sli.latency(...) or Sli.availabilityGauge(...).`);
    }
    this.sli = props.sli;

    if (props.description !== undefined && (typeof props.description !== 'string' || props.description.trim() === '')) {
      throw new ValidationError(`${where} > description`, `${show(props.description)} is empty; say what the SLO promises or leave \`description\` out.`);
    }
    this.description = props.description;

    this.labels = validateLabelMap(props.labels, `${where} > labels`);
    for (const key of Object.keys(this.labels)) {
      if (key.startsWith('sloth_')) {
        throw new ValidationError(`${where} > labels > ${show(key)}`, `${show(key)} starts with "sloth_", which the SLO rules set themselves; rename the label (e.g. ${show(key.replace(/^sloth_/, ''))}).`);
      }
    }

    const base = `${pascalCase(this.service)}${pascalCase(this.name)}`;
    this.alertName = props.alertName ?? `${base}ErrorBudgetBurn`;
    this.budgetAlertName = props.budgetAlertName ?? `${base}ErrorBudgetLow`;
    this.team = props.team;
    this.alertLabels = validateLabelMap(props.alertLabels, `${where} > alertLabels`, RESERVED_ALERT_LABELS);
    this.alertAnnotations = { ...(props.alertAnnotations ?? {}) };
    this.alertSummary = props.alertSummary ?? '{{ $labels.sloth_service }} {{ $labels.sloth_slo }} SLO error budget burn rate is too fast.';
    this.pageAlert = resolveAlert(props.pageAlert, Severity.CRITICAL, `${where} > pageAlert`);
    this.ticketAlert = resolveAlert(props.ticketAlert, Severity.WARNING, `${where} > ticketAlert`);

    this.runbookBaseUrl = validateUrl(props.runbookBaseUrl ?? DEFAULT_SLO_RUNBOOK_BASE_URL, `${where} > runbookBaseUrl`);
    if (props.runbookUrl !== undefined) this.runbookUrl = validateUrl(props.runbookUrl, `${where} > runbookUrl`);
    if (props.dashboardUrl !== undefined) this.dashboardUrl = validateUrl(props.dashboardUrl, `${where} > dashboardUrl`);

    if (props.minTrafficPerSecond !== undefined) {
      const min = props.minTrafficPerSecond;
      if (typeof min !== 'number' || !Number.isFinite(min) || min <= 0) {
        throw new ValidationError(`${where} > minTrafficPerSecond`, `${show(min)} is not a usable traffic guard; give events per second above 0 (e.g. 0.5), or leave it out for no guard.`);
      }
      if (this.sli.kind === SliKind.ERROR_RATIO) {
        throw new ValidationError(`${where} > minTrafficPerSecond`, `${show(min)} cannot apply to Sli.errorRatio, whose raw ratio carries no traffic; use Sli.events or Sli.eventsFromCounter to guard on traffic, or leave it out.`);
      }
      this.minTrafficPerSecond = min;
    }

    this.errorBudgetAlerts = checkBudgetPolicy(props.errorBudgetAlerts ?? DEFAULT_ERROR_BUDGET_POLICY, `${where} > errorBudgetAlerts`);

    // Build once now, so every bad value fails here with this SLO's path rather than at render time.
    this.rules = withinModelPath(where, () => sloRuleGroup(this, 'slo')).rules;
  }

  /** The PromQL selector of this SLO's series: `{sloth_id="…", sloth_service="…", sloth_slo="…"}`. */
  public get selector(): string {
    return `{${SloLabel.ID}=${JSON.stringify(this.id)}, ${SloLabel.SERVICE}=${JSON.stringify(this.service)}, ${SloLabel.SLO}=${JSON.stringify(this.name)}}`;
  }

  /**
   * The SLO's one rule group, named `<prefix>-<id>`: base recordings, error ratios per window,
   * Sloth's meta recordings, then the alerts (one group, so each rule sees the records above it
   * from the same evaluation).
   */
  public ruleGroup(prefix = 'slo'): RuleGroup {
    return withinModelPath(this.path, () => new RuleGroup(`${prefix}-${this.id}`, { rules: [...this.rules] }));
  }

  /** This SLO alone as a rule pack (name `slo-<id>`). */
  public toRulePack(): IRulePack {
    return new SloRulePack(`slo-${this.id}`, [this]);
  }

  /** Plain data from which the Grafana dashboard builder renders this SLO's dashboard. */
  public dashboardData(): SloDashboardData {
    return sloDashboardData(this);
  }
}

const RESERVED_ALERT_LABELS: Record<string, string> = {
  severity: 'use pageAlert.severity / ticketAlert.severity',
  team: 'use the `team` prop',
  sloth_severity: 'it is set to "page" or "ticket" by the rules',
  sloth_id: 'it comes from the SLO series',
  sloth_service: 'it comes from the SLO series',
  sloth_slo: 'it comes from the SLO series',
  sloth_window: 'alerts carry no window, so they keep one identity whichever window pair fires',
};

function checkName(value: unknown, where: string, example: string): string {
  if (typeof value !== 'string' || !NAME_PATTERN.test(value)) {
    throw new ValidationError(where, `${show(value)} is not a usable name; use letters, digits, "-", "_" and ".", starting with a letter or digit, e.g. ${show(example)}.`);
  }
  return value;
}

function resolveAlert(options: SloAlertOptions | undefined, severity: Severity, where: string): ResolvedSloAlert {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new ValidationError(where, `${show(options)} is not alert options; give e.g. { labels: { routing_key: "myteam" } } or { enabled: false }.`);
  }
  if (options?.severity !== undefined && !isSeverity(options.severity)) {
    throw new ValidationError(`${where} > severity`, `${show(options.severity)} is not a severity; use Severity.CRITICAL, Severity.WARNING or Severity.INFO.`);
  }
  return {
    enabled: options?.enabled ?? true,
    severity: options?.severity ?? severity,
    labels: validateLabelMap(options?.labels, `${where} > labels`, RESERVED_ALERT_LABELS),
    annotations: { ...(options?.annotations ?? {}) },
  };
}

function checkBudgetPolicy(steps: ReadonlyArray<ErrorBudgetAlertThreshold>, where: string): ReadonlyArray<ErrorBudgetAlertThreshold> {
  if (!Array.isArray(steps)) {
    throw new ValidationError(where, `${show(steps)} is not a list; give e.g. [{ remainingPercent: 50, severity: Severity.WARNING }], or [] for no budget alerts.`);
  }
  const sorted = [...steps].sort((a, b) => b.remainingPercent - a.remainingPercent);
  sorted.forEach((step, index) => {
    const at = `${where}[${steps.indexOf(step)}]`;
    const percent = step?.remainingPercent;
    if (typeof percent !== 'number' || !Number.isFinite(percent) || percent < 0 || percent >= 100) {
      throw new ValidationError(`${at} > remainingPercent`, `${show(percent)} is not a usable threshold; give the remaining budget in percent, at least 0 (exhausted) and below 100, e.g. 50.`);
    }
    if (!isSeverity(step.severity)) {
      throw new ValidationError(`${at} > severity`, `${show(step.severity)} is not a severity; use Severity.CRITICAL, Severity.WARNING or Severity.INFO.`);
    }
    if (index > 0 && sorted[index - 1].remainingPercent === percent) {
      throw new ValidationError(`${at} > remainingPercent`, `${show(percent)} appears twice; give each step a different threshold.`);
    }
  });
  return sorted;
}

/** `api-gateway` → `ApiGateway`, `requests.availability` → `RequestsAvailability`. */
export function pascalCase(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

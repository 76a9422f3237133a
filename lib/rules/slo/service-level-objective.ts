import { Duration, DurationLike, toDuration } from '../../core/duration';
import { ValidationError, show } from '../../core/validation-error';
import { validateLabelMap } from '../label-names';
import { withinModelPath } from '../model-path';
import { RuleGroup } from '../rule-group';
import { IRulePack } from '../rule-pack';
import { validateUrl } from '../runbook';
import { Severity, isSeverity } from '../severity';
import { checkUniqueGroupNames } from '../unique-group-names';
import { BurnRateWindow, burnRateWindows } from './burn-rate-window';
import { complementRatio, percentToRatio } from './decimal';
import { DEFAULT_ERROR_BUDGET_POLICY, ErrorBudgetAlertThreshold } from './error-budget-policy';
import { Sli, SliKind } from './sli';
import { SloDashboardData, sloDashboardData } from './slo-dashboard-data';
import {
  ResolvedSloAbsentAlert, ResolvedSloAlert, ServiceLevelObjectiveProps, SloAbsentAlertOptions, SloAlertOptions, SloDefinition,
} from './slo-definition';
import { SloLabel } from './slo-names';
import { SloPeriod } from './slo-period';
import { sloRuleGroup } from './slo-rules';
import { SlothImportOptions, readSlothSpec } from './sloth-import';

/** The default base of SLO runbook links. */
export const DEFAULT_SLO_RUNBOOK_BASE_URL = 'https://runbooks.example.com/slo';

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * The smallest error budget, as time of the period, that the rules can measure: they see the SLI in
 * evaluations up to a minute apart (and a failed scrape is at least that long), so a smaller budget
 * is spent whole by one bad evaluation before any alert could say anything but "exhausted".
 */
const MIN_MEASURABLE_ERROR_BUDGET = Duration.minutes(1);

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
export class ServiceLevelObjective implements SloDefinition {
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
  /** Base of the runbook links, if any. */
  public readonly runbookBaseUrl?: string;
  /** The one runbook link for all alerts, if set. */
  public readonly runbookUrl?: string;
  /** The dashboard link, if set. */
  public readonly dashboardUrl?: string;
  /** The paging traffic guard, if set. */
  public readonly minTrafficPerSecond?: number;
  /** The error budget policy steps, highest remaining share first. */
  public readonly errorBudgetAlerts: ReadonlyArray<ErrorBudgetAlertThreshold>;
  /** The absent-data alert. */
  public readonly absentAlert: ResolvedSloAbsentAlert;
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
    this.objectiveRatio = percentToRatio(objective);
    this.errorBudgetRatio = complementRatio(objective);

    const period = props.period ?? SloPeriod.DAYS_30;
    if (!(period instanceof SloPeriod)) {
      throw new ValidationError(`${where} > period`, `${show(period)} is not an SLO period; use SloPeriod.DAYS_30 (the default), SloPeriod.DAYS_28, SloPeriod.DAYS_7 or SloPeriod.parse("28d").`);
    }
    this.period = period;
    checkMeasurableBudget(objective, this.errorBudgetRatio, period, `${where} > objectivePercent`);
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

    if (props.runbookBaseUrl !== null) {
      this.runbookBaseUrl = validateUrl(props.runbookBaseUrl ?? DEFAULT_SLO_RUNBOOK_BASE_URL, `${where} > runbookBaseUrl`);
    }
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
    this.absentAlert = resolveAbsentAlert(props.absentAlert, `${base}SliAbsent`, `${where} > absentAlert`);

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

function resolveAbsentAlert(options: SloAbsentAlertOptions | undefined, name: string, where: string): ResolvedSloAbsentAlert {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new ValidationError(where, `${show(options)} is not alert options; give e.g. { severity: Severity.INFO } or { enabled: false }.`);
  }
  if (options?.severity !== undefined && !isSeverity(options.severity)) {
    throw new ValidationError(`${where} > severity`, `${show(options.severity)} is not a severity; use Severity.CRITICAL, Severity.WARNING or Severity.INFO.`);
  }
  if (options?.enabled !== undefined && typeof options.enabled !== 'boolean') {
    throw new ValidationError(`${where} > enabled`, `${show(options.enabled)} is not true or false.`);
  }
  const hold = toDuration(options?.for ?? Duration.minutes(10), `${where} > for`);
  return { enabled: options?.enabled ?? true, name: options?.name ?? name, severity: options?.severity ?? Severity.WARNING, for: hold };
}

/**
 * Refuses an objective whose error budget, as time of the period, is below what the rules can
 * measure (99.9999 % of 30d is 2.6 s), saying which objective is the highest that fits.
 */
function checkMeasurableBudget(objective: number, budgetRatio: number, period: SloPeriod, where: string): void {
  const budgetSeconds = budgetRatio * period.duration.toSeconds();
  const floor = MIN_MEASURABLE_ERROR_BUDGET.toSeconds();
  if (budgetSeconds >= floor) return;
  // The highest objective with 4 decimals whose budget is still at least the floor.
  const highest = Math.floor((1 - floor / period.duration.toSeconds()) * 1e6) / 1e4;
  const shown = budgetSeconds >= 1 ? `${budgetSeconds.toFixed(1)} s` : `${Number(budgetSeconds.toPrecision(2))} s`;
  throw new ValidationError(
    where,
    `${show(objective)} leaves an error budget of ${budgetRatio} of ${period}, which is ${shown} of bad time, below the ${MIN_MEASURABLE_ERROR_BUDGET.toPrometheus()} the rules can measure: ` +
      'they see the SLI in evaluations up to a minute apart, so one bad evaluation would spend the whole budget and the budget alerts could only ever say "exhausted". ' +
      `Use an objective of at most ${highest} for a ${period} period${period.days < 30 ? ', or a longer period' : ''}.`,
  );
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

/**
 * Refuses an SLO whose period is longer than the metrics retention of the Prometheus that evaluates
 * it: `sum_over_time(…[30d])` over 15 days of data silently measures 15 days.
 */
function checkPeriodFitsRetention(slo: ServiceLevelObjective, retention: Duration, where: string): void {
  if (slo.period.duration.compareTo(retention) <= 0) return;
  const fitting = [SloPeriod.DAYS_30, SloPeriod.DAYS_28, SloPeriod.DAYS_7].filter((period) => period.duration.compareTo(retention) <= 0);
  const periodFix = fitting.length > 0
    ? `use a period that fits (${fitting.map((period) => `SloPeriod.DAYS_${period.days}`).join(', ')})`
    : `no SLO period fits ${show(retention.toPrometheus())}`;
  throw new ValidationError(
    where,
    `${show(slo.period.toString())} is longer than the metrics retention ${show(retention.toPrometheus())}: the period rules would read at most ${retention.toPrometheus()} of data, so the ${slo.period} SLI and error budget would silently cover only ${retention.toPrometheus()}. ` +
      `Keep metrics at least ${slo.period} (retention.metrics: "${slo.period}", with storage sized for it); or ${periodFix}; ` +
      `or evaluate this SLO's rules where ${slo.period} of data exist (e.g. the ruler of the remote_write target, such as Mimir's, loading renderRuleFile(new SloRulePack(...).ruleGroups)) instead of in this Prometheus.`,
  );
}

/** `api-gateway` → `ApiGateway`, `requests.availability` → `RequestsAvailability`. */
export function pascalCase(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

/**
 * Turns Sloth spec YAML (one or more documents) into SLOs with the same ids, objectives, SLIs, labels
 * and alert names. Refuses what it cannot carry over faithfully (SLI plugins, unknown fields,
 * severities outside critical/warning/info unless `customSeverityLabel` is given), naming the field.
 */
export function importSlothSpec(yamlText: string, options: SlothImportOptions = {}): ServiceLevelObjective[] {
  return readSlothSpec(yamlText, options, (props) => new ServiceLevelObjective(props));
}

// SloRulePack lives with ServiceLevelObjective: an SLO makes its own pack (toRulePack) and a pack holds
// SLOs, so the two in one module is what keeps lib/rules/slo free of import loops.
/** Options of a {@link SloRulePack}. */
export interface SloRulePackOptions {
  /**
   * How long the Prometheus that evaluates the pack keeps metrics (its `retentionPeriod`). An SLO
   * whose period is longer is refused: its period rules would silently cover only the retention.
   * `MonitoringStack` passes its Prometheus's retention.
   * @default not checked
   */
  readonly metricsRetention?: DurationLike;
}

/**
 * SLOs as a rule pack: one group per SLO, named `<pack name>-<sloth_id>`, in the order given.
 * Refuses two SLOs with the same id (their series would collide), and, given the evaluator's metrics
 * retention, an SLO whose period is longer than the data.
 */
export class SloRulePack implements IRulePack {
  public readonly name: string;
  public readonly ruleGroups: ReadonlyArray<RuleGroup>;
  /** The SLOs, in order. */
  public readonly slos: ReadonlyArray<ServiceLevelObjective>;

  constructor(name: string, slos: ReadonlyArray<ServiceLevelObjective>, options: SloRulePackOptions = {}) {
    const where = `SloRulePack ${show(name)}`;
    if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
      throw new ValidationError(where, `name ${show(name)} is not usable as a group-name prefix; use letters, digits, "-", "_" and ".", e.g. "slo".`);
    }
    if (!Array.isArray(slos) || slos.length === 0) {
      throw new ValidationError(`${where} > slos`, `${show(slos)} holds no SLOs; pass at least one ServiceLevelObjective.`);
    }
    const ids = new Map<string, number>();
    slos.forEach((slo, index) => {
      if (slo === null || typeof slo !== 'object' || typeof (slo as ServiceLevelObjective).ruleGroup !== 'function') {
        throw new ValidationError(`${where} > slos[${index}]`, `${show(slo)} is not an SLO; pass \`new ServiceLevelObjective({...})\` or ServiceLevelObjective.fromSlothSpec(...) results.`);
      }
      const earlier = ids.get(slo.id);
      if (earlier !== undefined) {
        throw new ValidationError(
          `${where} > slos[${index}]`,
          `SLO id ${show(slo.id)} is already used by slos[${earlier}]; give each SLO a unique service/name pair.`,
        );
      }
      ids.set(slo.id, index);
    });
    if (options?.metricsRetention !== undefined) {
      const retention = toDuration(options.metricsRetention, `${where} > metricsRetention`);
      slos.forEach((slo, index) => checkPeriodFitsRetention(slo, retention, `${where} > slos[${index}] ${slo.path} > period`));
    }
    this.name = name;
    this.slos = [...slos];
    this.ruleGroups = slos.map((slo) => slo.ruleGroup(name));
    checkUniqueGroupNames(this.ruleGroups, where);
  }
}

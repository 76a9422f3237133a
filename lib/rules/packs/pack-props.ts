import { Duration, DurationLike, toDuration } from '../../core/duration';
import { ValidationError, show } from '../../core/validation-error';
import { AlertRuleProps } from '../alert-rule';
import { validateLabelName, validateMetricName } from '../label-names';
import { Selector } from '../label-matcher';
import { runbookUrlFor, validateUrl } from '../runbook';
import { Severity } from '../severity';

/** Properties every alerting rule pack takes. */
export interface AlertPackProps {
  /**
   * Base of the runbook links: each alert gets `runbook_url` = `<runbookBaseUrl>/<alert-name-in-kebab-case>`
   * (e.g. `https://runbooks.example.com/alerts/high-error-rate`). Required: critical alerts must link a runbook.
   */
  readonly runbookBaseUrl: string;
  /**
   * The owning team (label `team`).
   * @default the seeds' team for the pack ("platform"; "security" for SecurityRules)
   */
  readonly team?: string;
  /**
   * Dashboard link added to every alert as `dashboard_url` (templates such as
   * `{{ $labels.service }}` allowed).
   * @default no dashboard link
   */
  readonly dashboardUrl?: string;
  /**
   * Label matchers that select the series the pack watches, e.g. `{ namespace: 'shop' }`.
   * @default {} (all series of the metric)
   */
  readonly selector?: Selector;
  /**
   * The pack name and prefix of its group names; set it when adding the same pack twice.
   * @default the pack's own name (e.g. "service-health")
   */
  readonly name?: string;
  /**
   * Group evaluation interval.
   * @default 30s (the seeds' interval for alert groups)
   */
  readonly interval?: DurationLike;
  /**
   * Extra static labels on every alert of the pack (e.g. `{ page: 'true' }`).
   * @default none
   */
  readonly labels?: Record<string, string>;
}

/** The HTTP metrics of the services a pack reads: request counter, status code, duration histogram. */
export interface HttpMetricProps {
  /**
   * The request counter, labelled with the service and the status code.
   * @default "http_requests_total"
   */
  readonly requestsMetric?: string;
  /**
   * The request duration histogram (without `_bucket`), in seconds.
   * @default "http_request_duration_seconds"
   */
  readonly durationMetric?: string;
  /**
   * The label holding the HTTP status code.
   * @default "status_code"
   */
  readonly statusCodeLabel?: string;
  /**
   * Regex of the status codes that count as errors.
   * @default "5.."
   */
  readonly errorStatusRegex?: string;
}

/** {@link HttpMetricProps} with the defaults filled in, checked. */
export interface HttpMetrics {
  /** The request counter. */
  readonly requests: string;
  /** The request duration histogram (without `_bucket`). */
  readonly duration: string;
  /** The status code label. */
  readonly statusCode: string;
  /** Regex of the error status codes. */
  readonly errorRegex: string;
}

/** Resolves {@link HttpMetricProps}; `at(prop)` is the error path of a prop. */
export function httpMetrics(props: HttpMetricProps, at: (prop: string) => string): HttpMetrics {
  return {
    requests: metricName(props.requestsMetric, 'http_requests_total', at('requestsMetric')),
    duration: metricName(props.durationMetric, 'http_request_duration_seconds', at('durationMetric')),
    statusCode: labelName(props.statusCodeLabel, 'status_code', at('statusCodeLabel')),
    errorRegex: regexText(props.errorStatusRegex, '5..', at('errorStatusRegex')),
  };
}

/** Tuning of one alert in a pack; give `false` instead to leave that alert out. */
export interface AlertOptions {
  /**
   * The alert's threshold, in the unit its documentation states.
   * @default the seeds' threshold (see each pack)
   */
  readonly threshold?: number;
  /**
   * How long the condition must hold before the alert fires.
   * @default the seeds' `for` (see each pack)
   */
  readonly for?: DurationLike;
  /**
   * The alert's severity.
   * @default the seeds' severity (see each pack)
   */
  readonly severity?: Severity;
  /**
   * The alert's runbook link.
   * @default `<runbookBaseUrl>/<alert-name-in-kebab-case>`
   */
  readonly runbookUrl?: string;
}

/** The seeds' interval for alert and recording groups. */
export const DEFAULT_PACK_INTERVAL = Duration.seconds(30);

/** Defaults of one alert, as the seeds give them. */
export interface AlertDefaults {
  /** The threshold, in the unit the alert's documentation states. */
  readonly threshold: number;
  /**
   * How long the condition must hold.
   * @default none: fires at once
   */
  readonly for?: DurationLike;
  /** The alert's severity. */
  readonly severity: Severity;
}

/** One alert's options with the defaults filled in. */
export interface ResolvedAlert {
  /** The threshold, checked against the alert's range. */
  readonly threshold: number;
  /** How long the condition must hold; zero fires at once. */
  readonly for: Duration;
  /** The alert's severity. */
  readonly severity: Severity;
  /** The runbook link: the given one, or `<runbookBaseUrl>/<alert-name-in-kebab-case>`. */
  readonly runbookUrl: string;
}

/** What a pack needs to build its alerts: the common props, resolved and validated. */
export class AlertPackContext {
  /** The owning team: `props.team`, or the pack's default team (none: no team label). */
  public readonly team?: string;
  /** Base of the runbook links, validated. */
  public readonly runbookBaseUrl: string;
  /** Dashboard link added to every alert; undefined when not set. */
  public readonly dashboardUrl?: string;
  /** Extra static labels on every alert; undefined when not set. */
  public readonly labels?: Record<string, string>;
  /** Group evaluation interval (default 30s). */
  public readonly interval: Duration;

  /**
   * @param defaultTeam the team when `props.team` is not set.
   * @param where the pack's model path, the prefix of error paths.
   * @param defaultInterval the group interval when `props.interval` is not set.
   */
  constructor(props: AlertPackProps, defaultTeam: string | undefined, public readonly where: string, defaultInterval: DurationLike = DEFAULT_PACK_INTERVAL) {
    if (props === undefined || props === null) {
      throw new ValidationError(where, 'props are missing; pass at least { runbookBaseUrl: "https://runbooks.example.com/alerts" }.');
    }
    this.runbookBaseUrl = validateUrl(props.runbookBaseUrl, `${where} > runbookBaseUrl`);
    if (props.dashboardUrl !== undefined) this.dashboardUrl = validateUrl(props.dashboardUrl, `${where} > dashboardUrl`);
    this.team = props.team ?? defaultTeam;
    this.labels = props.labels;
    this.interval = toDuration(props.interval ?? defaultInterval, `${where} > interval`);
  }

  /**
   * The alert's options over its defaults, or undefined when the caller switched it off with `false`.
   * @param prop the pack prop holding the options (for error paths)
   * @param alertName the alert name (for the default runbook link)
   */
  public resolve(
    prop: string,
    alertName: string,
    options: AlertOptions | false | undefined,
    defaults: AlertDefaults,
    range?: NumberRange,
  ): ResolvedAlert | undefined {
    if (options === false) return undefined;
    const where = `${this.where} > ${prop}`;
    if (options !== undefined && (options === null || typeof options !== 'object')) {
      throw new ValidationError(where, `${show(options)} is not alert options; give e.g. { threshold: 0.1, for: "10m" }, or false to leave the alert out.`);
    }
    const threshold = checkNumber(options?.threshold ?? defaults.threshold, `${where} > threshold`, range);
    return {
      threshold,
      for: toDuration(options?.for ?? defaults.for ?? NO_WAIT, `${where} > for`),
      severity: options?.severity ?? defaults.severity,
      runbookUrl: options?.runbookUrl ?? runbookUrlFor(this.runbookBaseUrl, alertName),
    };
  }

  /** The props of an alert with the pack's team, labels, runbook and dashboard links. */
  public alertProps(name: string, resolved: ResolvedAlert, spec: { expr: string; summary: string; description?: string }): AlertRuleProps {
    return {
      name,
      expr: spec.expr,
      for: resolved.for.isZero() ? undefined : resolved.for,
      severity: resolved.severity,
      team: this.team,
      labels: this.labels,
      summary: spec.summary,
      description: spec.description,
      runbookUrl: resolved.runbookUrl,
      dashboardUrl: this.dashboardUrl,
    };
  }
}

const NO_WAIT = Duration.seconds(0);

/** Bounds for a number prop; `above` is exclusive, `atLeast` and `atMost` inclusive. */
export interface NumberRange {
  /** Exclusive lower bound. @default no bound */
  readonly above?: number;
  /** Inclusive lower bound. @default no bound */
  readonly atLeast?: number;
  /** Inclusive upper bound. @default no bound */
  readonly atMost?: number;
  /** What to give instead, for the error message (e.g. `give a number above 0`). */
  readonly hint: string;
}

/** Refuses a number that is not finite or out of range. */
export function checkNumber(value: unknown, where: string, range?: NumberRange): number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (range?.above === undefined || value > range.above) &&
    (range?.atLeast === undefined || value >= range.atLeast) &&
    (range?.atMost === undefined || value <= range.atMost);
  if (!ok) {
    throw new ValidationError(where, `${show(value)} is out of range; ${range?.hint ?? 'give a finite number'}.`);
  }
  return value as number;
}

/** A ratio threshold: more than 0, at most 1. */
export const RATIO: NumberRange = { above: 0, atMost: 1, hint: 'give a ratio above 0 and at most 1 (e.g. 0.05 for 5 %)' };
/** A strictly positive number. */
export const POSITIVE: NumberRange = { above: 0, hint: 'give a number above 0' };
/** A count of 0 or more. */
export const NON_NEGATIVE: NumberRange = { atLeast: 0, hint: 'give a number of 0 or more' };
/** A quantile: more than 0, less than 1. */
export const QUANTILE: NumberRange = { above: 0, atMost: 0.9999, hint: 'give a quantile between 0 and 1, e.g. 0.99' };

/** Validates a metric name prop, falling back to the default. */
export function metricName(value: string | undefined, fallback: string, where: string): string {
  return validateMetricName(value ?? fallback, where);
}

/** Validates a label name prop, falling back to the default. */
export function labelName(value: string | undefined, fallback: string, where: string): string {
  return validateLabelName(value ?? fallback, where);
}

/** Validates aggregation labels (the `by (...)` of `sum by`), falling back to the default. */
export function groupingLabels(value: ReadonlyArray<string> | undefined, fallback: ReadonlyArray<string>, where: string): string[] {
  const labels = value ?? fallback;
  if (!Array.isArray(labels) || labels.length === 0) {
    throw new ValidationError(where, `${show(labels)} names no labels; give the labels to aggregate by, e.g. ["service"].`);
  }
  labels.forEach((label, index) => validateLabelName(label, `${where}[${index}]`));
  if (new Set(labels).size !== labels.length) {
    throw new ValidationError(where, `${show(labels)} names a label twice; list each label once.`);
  }
  return [...labels];
}

/** `service` → `{{ $labels.service }}`; several labels joined with `/` (`shop/checkout`). */
export function labelsTemplate(labels: ReadonlyArray<string>): string {
  return labels.map((label) => `{{ $labels.${label} }}`).join('/');
}

/** A regex alternative matching any of the values literally (`tmpfs|overlay`). */
export function literalAlternatives(values: ReadonlyArray<string>): string {
  return values.map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
}

/** A PromQL number literal for a threshold. */
export function num(value: number): string {
  return String(value);
}

/** A ratio as a percentage for descriptions, without float noise (0.07 → 7, not 7.000000000000001). */
export function percent(ratio: number): string {
  return String(Number((ratio * 100).toPrecision(12)));
}

/** Refuses an empty regex prop (it would match only the empty label value). */
function regexText(value: string | undefined, fallback: string, where: string): string {
  const text = value ?? fallback;
  if (typeof text !== 'string' || text === '') {
    throw new ValidationError(where, `${show(text)} is empty; give an RE2 pattern such as "5..".`);
  }
  return text;
}

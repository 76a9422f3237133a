import { compileRe2 } from '../../alertmanager/re2-regex';
import { Duration, toDuration } from '../../core/duration';
import { ValidationError, show } from '../../core/validation-error';
import { KUBE_PROMETHEUS_STACK_RECORDS } from '../../rules/kube-prometheus-stack-records';
import { validateLabelMap } from '../../rules/label-names';
import { PromQLLabelMatcher } from '../../rules/promql';
import { closestName } from '../../rules/promql-functions';
import { isSeverity } from '../../rules/severity';
import { InheritedRules } from './inherited-rules';
import { KPS_RULE_CATALOGUE } from './kube-prometheus-stack-rules';
import { KpsRuleCatalogue } from './kps-rule-types';

/** The team every inherited alert is labelled with unless {@link InheritedRules.labels} says otherwise. */
export const DEFAULT_INHERITED_TEAM = 'platform';

/**
 * Groups off unless turned on: kps's `alertmanager.rules` select `job="<release>-alertmanager"`, the
 * chart's own Alertmanager, which this stack never enables (its Alertmanager is a release of its own,
 * scraped under another job), so they could never fire; the project's Alertmanager pack replaces them.
 */
export const INHERITED_GROUPS_OFF_BY_DEFAULT: ReadonlyArray<string> = ['alertmanager'];

/** An alert the cluster evaluates from kube-prometheus-stack's default rules, after this stack's changes. */
export interface InheritedAlert {
  /** The alert name. */
  readonly name: string;
  /** Its rule group (`kubernetes-apps`…). */
  readonly group: string;
  /** The `defaultRules.rules.<key>` that switches its group. */
  readonly groupKey: string;
  /** Its severity after overrides (`critical`, `warning`, `info`; `none` for Watchdog and InfoInhibitor). */
  readonly severity: string;
  /** Its `for` after overrides, in Prometheus notation (`0s` when none). */
  readonly for: string;
  /** The labels Alertmanager routes it by: the chart's, `severity` and this stack's labels (`team`…). */
  readonly labels: Readonly<Record<string, string>>;
  /** Its `team` label, when it has one. */
  readonly team?: string;
  /** The `job` matchers of its expression, for the release name of this Prometheus. */
  readonly jobMatchers: ReadonlyArray<PromQLLabelMatcher>;
  /** Its runbook. */
  readonly runbookUrl: string;
  /** Where it comes from, for messages: `kube-prometheus-stack 88.5.3 group "etcd"`. */
  readonly origin: string;
}

/** {@link InheritedRules} checked against the catalogue: the chart values and the alerts they give. */
export interface ResolvedInheritedRules {
  /** Whether the chart's default rules are created at all (`defaultRules.create`). */
  readonly create: boolean;
  /** The `defaultRules` values (without `create`). */
  readonly defaultRules: Readonly<Record<string, unknown>>;
  /** The chart's `customRules` (per-alert severity and `for`). */
  readonly customRules: Readonly<Record<string, Record<string, string>>>;
  /** Every alert the cluster evaluates from the default rules, in catalogue order. */
  readonly alerts: ReadonlyArray<InheritedAlert>;
  /** The rule groups rendered (names), recording groups too. */
  readonly groups: ReadonlyArray<string>;
  /** The series the rendered recording groups record, which the stack's own rules may read. */
  readonly recordedSeries: ReadonlySet<string>;
}

const ALLOWED_KEYS = ['groups', 'alerts', 'labels', 'groupLabels', 'thresholds'];
const THRESHOLD_KEYS = ['kubeletServerCertificateExpiration', 'kubeletClientCertificateExpiration', 'nodeFilesystemSelector', 'appNamespaces', 'keepFiringFor'];

/**
 * The one place inherited rules are checked: every group key and alert name against the catalogue
 * (an unknown one is refused with the closest valid name), labels and durations; `path` names the
 * construct. `enabled` false (the `kubernetesRules` prop) turns every default rule off.
 */
export function resolveInheritedRules(
  props: InheritedRules | undefined,
  path: string,
  options: {
    /** False when the `kubernetesRules` prop turns every default rule off. */
    readonly enabled: boolean;
    /** The release name, which names the operator's, Prometheus's and Alertmanager's jobs. */
    readonly releaseName: string;
    /** Group keys the platform preset switches off (ruleGroupsOffByPlatform of lib/prometheus/platform.ts, which applyControlPlane writes into the values). */
    readonly groupsOffByPlatform?: readonly string[];
    /** The catalogue to check against. @default KPS_RULE_CATALOGUE */
    readonly catalogue?: KpsRuleCatalogue;
  },
): ResolvedInheritedRules {
  const catalogue = options.catalogue ?? KPS_RULE_CATALOGUE;
  const where = `${path} inheritedRules`;
  const given = props ?? {};
  if (given === null || typeof given !== 'object' || Array.isArray(given)) {
    throw new ValidationError(where, `${show(given)} is not an object; write e.g. { groups: { etcd: false }, alerts: { KubeHpaMaxedOut: false } }.`);
  }
  for (const key of Object.keys(given)) {
    if (!ALLOWED_KEYS.includes(key)) throw new ValidationError(where, `unknown option ${show(key)}${suggest(key, ALLOWED_KEYS)}; the options are ${ALLOWED_KEYS.join(', ')}.`);
  }
  if (!options.enabled) {
    if (Object.keys(given).length > 0) {
      throw new ValidationError(path, 'kubernetesRules: false turns every inherited rule off, so inheritedRules has nothing to change; drop one of the two.');
    }
    return { create: false, defaultRules: {}, customRules: {}, alerts: [], groups: [], recordedSeries: new Set() };
  }
  const keys = [...new Set(catalogue.groups.map((group) => group.key))].sort();
  const names = [...new Set(catalogue.groups.flatMap((group) => group.alerts.map((alert) => alert.name)))].sort();
  const origin = `${catalogue.chart} ${catalogue.version}`;

  // Groups: the chart's defaults, minus the stack's default-off groups, then the props.
  const chartDefault = new Map<string, boolean>();
  for (const group of catalogue.groups) chartDefault.set(group.key, group.enabledByDefault);
  const on = new Map<string, boolean>();
  for (const [key, value] of chartDefault) on.set(key, value && !INHERITED_GROUPS_OFF_BY_DEFAULT.includes(key));
  // Written into the values: what differs from the chart's defaults, and every switch given (even one equal to the default).
  const written = new Set([...on.keys()].filter((key) => on.get(key) !== chartDefault.get(key)));
  const groupsGiven = objectOption(given.groups, `${where} > groups`, '{ etcd: false }');
  for (const [key, value] of Object.entries(groupsGiven)) {
    const at = `${where} > groups`;
    if (!keys.includes(key)) throw new ValidationError(at, `${show(key)} is not a rule group of ${origin}${suggest(key, keys)}; the groups are ${keys.join(', ')}.`);
    if (typeof value !== 'boolean') throw new ValidationError(`${at} > ${key}`, `${show(value)} is not true or false.`);
    if (value) {
      const needs = catalogue.groups.filter((group) => group.key === key && !group.enabledByDefault && group.requires.length > 0);
      if (needs.length > 0) throw new ValidationError(`${at} > ${key}`, `the chart renders this group only with ${needs[0].requires.join(' and ')}, which this stack does not set; leave it off.`);
    }
    on.set(key, value);
    written.add(key);
  }
  const platformOff = new Set(options.groupsOffByPlatform ?? []);

  // Alerts: disabled ones and overrides.
  const disabled = new Set<string>();
  const customRules: Record<string, Record<string, string>> = {};
  for (const [name, value] of Object.entries(objectOption(given.alerts, `${where} > alerts`, '{ KubeHpaMaxedOut: false }'))) {
    const at = `${where} > alerts > ${name}`;
    if (!names.includes(name)) throw new ValidationError(`${where} > alerts`, `${show(name)} is not an alert of ${origin}${suggest(name, names)}; the catalogue is KPS_RULE_CATALOGUE (docs/prometheus.md "Inherited rules").`);
    if (value === false) {
      disabled.add(name);
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new ValidationError(at, `${show(value)} is neither false (drop the alert) nor { severity?, for? }.`);
    }
    for (const key of Object.keys(value)) {
      if (key !== 'severity' && key !== 'for') {
        const fix = key === 'labels' ? ' kube-prometheus-stack has no per-alert labels: set groupLabels for its group, or disable it and add an own typed rule.' : '';
        throw new ValidationError(at, `unknown option ${show(key)}; an alert takes severity and for.${fix}`);
      }
    }
    const override: Record<string, string> = {};
    if (value.severity !== undefined) {
      if (!isSeverity(value.severity)) throw new ValidationError(at, `severity ${show(value.severity)} is not one of critical, warning, info (Severity.*).`);
      const rules = catalogue.groups.flatMap((group) => group.alerts).filter((alert) => alert.name === name);
      const severities = [...new Set(rules.map((alert) => alert.severity))];
      if (severities.length > 1) {
        throw new ValidationError(at, `${name} is ${rules.length} rules of the chart (${severities.join(', ')}); a severity override would give them all severity ${show(value.severity)}. Drop the severity, or disable the alert (false) and add an own typed rule.`);
      }
      override.severity = value.severity;
    }
    if (value.for !== undefined) override.for = toDuration(value.for, `${at} > for`).toPrometheus();
    if (Object.keys(override).length > 0) customRules[name] = override;
  }

  // Labels: every group's labels are written per group (additionalRuleGroupLabels), never both a global
  // and a group label of one name, which the chart would render as a duplicate YAML key.
  const common = { team: DEFAULT_INHERITED_TEAM, ...validateLabelMap(given.labels, `${where} > labels`, RESERVED) };
  const perGroup = objectOption(given.groupLabels, `${where} > groupLabels`, '{ etcd: { team: "control-plane" } }');
  const groupLabels: Record<string, Record<string, string>> = {};
  for (const key of keys) groupLabels[key] = { ...common };
  for (const [key, labels] of Object.entries(perGroup)) {
    if (!keys.includes(key)) throw new ValidationError(`${where} > groupLabels`, `${show(key)} is not a rule group of ${origin}${suggest(key, keys)}; the groups are ${keys.join(', ')}.`);
    Object.assign(groupLabels[key], validateLabelMap(labels, `${where} > groupLabels > ${key}`, RESERVED));
  }
  for (const group of catalogue.groups) {
    for (const alert of group.alerts) {
      const clash = Object.keys(alert.labels).find((label) => label in groupLabels[group.key]);
      if (clash !== undefined) throw new ValidationError(`${where}`, `label ${show(clash)} is set by the chart on ${alert.name} (group ${group.name}); choose another label name.`);
    }
  }

  const defaultRules: Record<string, unknown> = {
    rules: Object.fromEntries([...written].sort().map((key) => [key, on.get(key)])),
    disabled: Object.fromEntries([...disabled].sort().map((name) => [name, true])),
    additionalRuleGroupLabels: Object.fromEntries(keys.filter((key) => catalogue.groups.some((g) => g.key === key && g.alerts.length > 0)).map((key) => [key, groupLabels[key]])),
    ...thresholdValues(given.thresholds, `${where} > thresholds`),
  };

  // The alerts that result, as the chart renders them with these values.
  const alerts: InheritedAlert[] = [];
  const groups: string[] = [];
  const recordedSeries = new Set<string>();
  for (const group of catalogue.groups) {
    if (on.get(group.key) !== true || platformOff.has(group.key) || group.droppedWith.some((name) => disabled.has(name))) continue;
    groups.push(group.name);
    for (const file of KUBE_PROMETHEUS_STACK_RECORDS.filter((f) => f.file === group.file)) for (const record of file.records) recordedSeries.add(record);
    for (const alert of group.alerts) {
      if (disabled.has(alert.name)) continue;
      const severity = customRules[alert.name]?.severity ?? alert.severity;
      const labels: Record<string, string> = { ...alert.labels, ...groupLabels[group.key], severity };
      alerts.push({
        name: alert.name,
        group: group.name,
        groupKey: group.key,
        severity,
        for: customRules[alert.name]?.for ?? alert.for,
        labels,
        team: labels.team,
        jobMatchers: alert.jobMatchers.map((m) => ({ op: m.op, value: forRelease(m.value, catalogue.releaseName, options.releaseName) })),
        runbookUrl: alert.runbookUrl,
        origin: `${origin} group ${show(group.name)}`,
      });
    }
  }
  return { create: true, defaultRules, customRules, alerts, groups, recordedSeries };
}

const RESERVED: Readonly<Record<string, string>> = {
  severity: 'the severity is per alert: set alerts: { <Alert>: { severity } }',
  alertname: 'it is the alert name',
};

/** A job named after the catalogue's release (`kube-prometheus-stack-operator`) as named after this release. */
function forRelease(job: string, catalogueRelease: string, releaseName: string): string {
  return releaseName !== catalogueRelease && job.startsWith(`${catalogueRelease}-`) ? `${releaseName}-${job.slice(catalogueRelease.length + 1)}` : job;
}

function suggest(name: string, candidates: readonly string[]): string {
  const closest = closestName(name, candidates);
  return closest === undefined ? '' : ` (did you mean ${show(closest)}?)`;
}

function objectOption(value: unknown, where: string, example: string): Record<string, any> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ValidationError(where, `${show(value)} is not an object; write e.g. ${example}.`);
  return value as Record<string, any>;
}

/** The `defaultRules` values of the thresholds given (none for those not given, so the chart's defaults hold). */
function thresholdValues(thresholds: InheritedRules['thresholds'], where: string): Record<string, unknown> {
  const given = objectOption(thresholds, where, '{ nodeFilesystemSelector: \'fstype=~"ext[234]|xfs"\' }');
  for (const key of Object.keys(given)) {
    if (!THRESHOLD_KEYS.includes(key)) throw new ValidationError(where, `unknown threshold ${show(key)}${suggest(key, THRESHOLD_KEYS)}; the chart exposes ${THRESHOLD_KEYS.join(', ')}.`);
  }
  const values: Record<string, unknown> = {};
  for (const key of ['kubeletServerCertificateExpiration', 'kubeletClientCertificateExpiration'] as const) {
    const levels = objectOption(given[key], `${where} > ${key}`, '{ warning: "14d", critical: "2d" }');
    const seconds: Record<string, number> = {};
    for (const [level, value] of Object.entries(levels)) {
      if (level !== 'warning' && level !== 'critical') throw new ValidationError(`${where} > ${key}`, `${show(level)} is neither warning nor critical.`);
      const duration: Duration = toDuration(value, `${where} > ${key} > ${level}`);
      if (duration.isZero()) throw new ValidationError(`${where} > ${key} > ${level}`, 'must be longer than zero, e.g. "7d".');
      seconds[level] = Math.round(duration.toSeconds());
    }
    if (seconds.warning !== undefined && seconds.critical !== undefined && seconds.critical >= seconds.warning) {
      throw new ValidationError(`${where} > ${key}`, `critical (${seconds.critical}s before expiry) must be closer to expiry than warning (${seconds.warning}s), e.g. warning "7d", critical "1d".`);
    }
    if (Object.keys(seconds).length > 0) values[key] = seconds;
  }
  if (given.nodeFilesystemSelector !== undefined) {
    const selector = given.nodeFilesystemSelector;
    if (typeof selector !== 'string' || !/^\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(=~|!~|!=|=)\s*"[^"]*"(\s*,\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(=~|!~|!=|=)\s*"[^"]*")*\s*$/.test(selector)) {
      throw new ValidationError(`${where} > nodeFilesystemSelector`, `${show(selector)} is not a list of label matchers; write e.g. 'fstype=~"ext[234]|btrfs|xfs|zfs"'.`);
    }
    values.node = { fsSelector: selector };
  }
  if (given.appNamespaces !== undefined) {
    const scope = objectOption(given.appNamespaces, `${where} > appNamespaces`, '{ regex: "team-.*" }');
    if (typeof scope.regex !== 'string' || scope.regex === '' || scope.regex.includes('"')) {
      throw new ValidationError(`${where} > appNamespaces > regex`, `${show(scope.regex)} is not a regular expression of namespaces; write e.g. "team-.*" (no double quotes).`);
    }
    const compiled = compileRe2(scope.regex);
    if ('problem' in compiled) throw new ValidationError(`${where} > appNamespaces > regex`, `${show(scope.regex)} is not a regular expression Prometheus accepts: ${compiled.problem}.`);
    const operator = scope.operator ?? '=~';
    if (operator !== '=~' && operator !== '!~') throw new ValidationError(`${where} > appNamespaces > operator`, `${show(operator)} is neither "=~" (these namespaces) nor "!~" (all but these).`);
    values.appNamespacesTarget = scope.regex;
    values.appNamespacesOperator = operator;
  }
  if (given.keepFiringFor !== undefined) values.keepFiringFor = toDuration(given.keepFiringFor, `${where} > keepFiringFor`).toPrometheus();
  return values;
}

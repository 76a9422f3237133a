import type { PromQLLabelMatcher } from '../../rules/promql';

/** One alerting rule of kube-prometheus-stack's default rules, as the pinned chart renders it. */
export interface KpsAlert {
  /** The alert name (`alert:`); a few names have two rules, a warning and a critical one. */
  readonly name: string;
  /** The rule group it is in (`kubernetes-apps`, `etcd`…). */
  readonly group: string;
  /** The chart's default severity (`critical`, `warning`, `info`, or `none` for Watchdog and InfoInhibitor). */
  readonly severity: string;
  /** The chart's default `for` (`0s` when it has none). */
  readonly for: string;
  /** Its other static labels (besides `severity`), e.g. `long` and `short` of the API server's burn-rate alerts. */
  readonly labels: Readonly<Record<string, string>>;
  /** The PromQL expression, as rendered for the release name of the catalogue. */
  readonly expr: string;
  /** The `runbook_url` annotation. */
  readonly runbookUrl: string;
  /** The `job` matchers the expression uses, each once, in order of appearance (empty when it selects no job). */
  readonly jobMatchers: ReadonlyArray<PromQLLabelMatcher>;
}

/** One rule group of the default rules: the values that switch it, and its alerts. */
export interface KpsRuleGroup {
  /** The `defaultRules.rules.<key>` that switches it (also its `additionalRuleGroupLabels.<key>`); several groups may share a key. */
  readonly key: string;
  /** The rule group's name. */
  readonly name: string;
  /** The chart template it comes from, under templates/prometheus/rules-1.14/. */
  readonly file: string;
  /** Other values that must be true for the chart to render it (e.g. `kubeEtcd.enabled`). */
  readonly requires: ReadonlyArray<string>;
  /** Whether the chart's own defaults render it. */
  readonly enabledByDefault: boolean;
  /** Alerts whose `defaultRules.disabled` entry drops the whole group (a quirk of the chart's templates). */
  readonly droppedWith: ReadonlyArray<string>;
  /** How many recording rules it has. */
  readonly recordingRules: number;
  /** Its alerting rules, in the chart's order. */
  readonly alerts: ReadonlyArray<KpsAlert>;
}

/** The default rules of a kube-prometheus-stack version, per rule group. */
export interface KpsRuleCatalogue {
  /** The chart name. */
  readonly chart: string;
  /** The chart version read. */
  readonly version: string;
  /** The release name (and fullnameOverride) rendered, which names the operator's, Prometheus's and Alertmanager's jobs. */
  readonly releaseName: string;
  /** The rule groups, by name. */
  readonly groups: ReadonlyArray<KpsRuleGroup>;
}

/**
 * What the coverage check needs of an alert: its static labels and, when the labels do not carry
 * `alertname`, its name. Structural, so the rule model's `AlertRule` (`.name`, `.labels`) fits as is.
 */
export interface CoverageAlert {
  /** Static labels (severity, team, ...), possibly with `alertname`. */
  readonly labels: Readonly<Record<string, string>>;
  /** The alert name, used as `alertname` when the labels lack it. */
  readonly name?: string;
  /** Where the alert comes from when it is not the project's own rule (e.g. `kube-prometheus-stack 88.5.3 group "etcd"`), for messages. */
  readonly origin?: string;
}

/** What {@link alertLabelSets} reads of a rule group (the rule model's `RuleGroup` fits). */
export interface RuleGroupLike {
  /** The group's alerting rules. */
  readonly alertRules: ReadonlyArray<{ readonly name: string; readonly labels: Readonly<Record<string, string>> }>;
}

/** The label set an alert is routed with: its labels plus `alertname`. */
export function labelsOf(alert: CoverageAlert): Record<string, string> {
  const labels: Record<string, string> = { ...alert.labels };
  if (labels.alertname === undefined && alert.name !== undefined) labels.alertname = alert.name;
  return labels;
}

/**
 * The static label sets (`{ alertname, ...labels }`) of every alerting rule of the groups, ready
 * for `AlertmanagerConfig.checkCoverage` and `matchingReceivers`.
 */
export function alertLabelSets(groups: ReadonlyArray<RuleGroupLike>): Array<{ readonly labels: Record<string, string> }> {
  return groups.flatMap((group) => group.alertRules.map((rule) => ({ labels: { alertname: rule.name, ...rule.labels } })));
}

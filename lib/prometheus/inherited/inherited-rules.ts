import { DurationLike } from '../../core/duration';
import { Severity } from '../../rules/severity';
import { KpsAlertName, KpsRuleGroupKey } from './kube-prometheus-stack-rules';

/**
 * A change to one inherited alert: its severity (the chart's `customRules.<Alert>.severity`) and how
 * long it must hold before it fires (`customRules.<Alert>.for`). The chart has no per-alert labels;
 * give a group its labels with {@link InheritedRules.groupLabels}.
 */
export interface InheritedAlertOverride {
  /**
   * The alert's severity. Refused for a name the chart has as two rules (a warning and a critical one,
   * e.g. `KubePersistentVolumeFillingUp`): the chart would give both the same severity.
   * @default the chart's
   */
  readonly severity?: Severity;
  /** How long the condition must hold before the alert fires. @default the chart's */
  readonly for?: DurationLike;
}

/** Thresholds and scopes of the inherited rules that the chart exposes as values (`defaultRules.*`). */
export interface InheritedRuleThresholds {
  /** Kubelet server certificate expiry alerts (`KubeletServerCertificateExpiration`). @default the chart's: warning 7d, critical 1d */
  readonly kubeletServerCertificateExpiration?: { readonly warning?: DurationLike; readonly critical?: DurationLike };
  /** Kubelet client certificate expiry alerts (`KubeletClientCertificateExpiration`). @default the chart's: warning 7d, critical 1d */
  readonly kubeletClientCertificateExpiration?: { readonly warning?: DurationLike; readonly critical?: DurationLike };
  /**
   * The label matchers that pick the filesystems the node filesystem alerts watch
   * (`defaultRules.node.fsSelector`), e.g. `fstype=~"ext[234]|btrfs|xfs|zfs"`.
   * @default the chart's: `fstype!=""`
   */
  readonly nodeFilesystemSelector?: string;
  /**
   * The namespaces the workload alerts (`kubernetes-apps`: crash loops, rollouts, jobs…) watch, as a
   * regular expression (`defaultRules.appNamespacesTarget`), and whether it includes (`=~`) or
   * excludes (`!~`) them (`defaultRules.appNamespacesOperator`).
   * @default every namespace
   */
  readonly appNamespaces?: { readonly regex: string; readonly operator?: '=~' | '!~' };
  /** `keep_firing_for` of every inherited alert (`defaultRules.keepFiringFor`). @default none */
  readonly keepFiringFor?: DurationLike;
}

/**
 * Typed control of the alerts this stack inherits from kube-prometheus-stack's default rules
 * (`defaultRules`), validated against the pinned chart's catalogue (`KPS_RULE_CATALOGUE`). See
 * docs/prometheus.md "Inherited rules" for what is inherited and what is the project's own.
 */
export interface InheritedRules {
  /**
   * Rule groups on or off by their `defaultRules.rules.<key>`, e.g. `{ etcd: false }` where the control
   * plane is not scrapeable. A recording group turned off stops recording series other rules may read.
   * @default every group the chart renders by default, except `alertmanager` (off: this stack's
   * Alertmanager is its own release, which kps's alertmanager rules do not select; the Alertmanager
   * pack covers it)
   */
  readonly groups?: { readonly [key in KpsRuleGroupKey]?: boolean };
  /**
   * Per alert name: `false` to drop it (`defaultRules.disabled`), or a new severity or `for`
   * (`customRules`). Disabling `KubeSchedulerDown`, `KubeControllerManagerDown` or `KubeProxyDown` drops
   * its whole group (the chart's templates are written so).
   * @default none
   */
  readonly alerts?: { readonly [name in KpsAlertName]?: false | InheritedAlertOverride };
  /**
   * Labels of every inherited alert (merged over the default), e.g. the team Alertmanager routes them to.
   * @default { team: 'platform' }
   */
  readonly labels?: Readonly<Record<string, string>>;
  /** Labels of the alerts of one group (`additionalRuleGroupLabels`), over {@link labels}. @default none */
  readonly groupLabels?: { readonly [key in KpsRuleGroupKey]?: Readonly<Record<string, string>> };
  /** Thresholds and scopes the chart exposes. @default the chart's */
  readonly thresholds?: InheritedRuleThresholds;
}

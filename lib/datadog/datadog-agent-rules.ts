import { KUBERNETES_NAME } from '../core/input-checks';
import { ValidationError, show } from '../core/validation-error';
import { renderSeriesSelector } from '../rules/label-matcher';
import { AlertPack, PROMETHEUS_RULES, alertPack, alertSpecs } from '../rules/packs/alert-pack';
import { AlertOptions, AlertPackProps, NON_NEGATIVE, num } from '../rules/packs/pack-props';
import { IRulePack } from '../rules/rule-pack';
import { Severity } from '../rules/severity';

/**
 * The kube-state-metrics series the pack reads (kube-state-metrics v2 `daemonset` and `deployment`
 * collectors, docs/metrics/workload/daemonset-metrics.md and deployment-metrics.md; the subchart of
 * kube-prometheus-stack scrapes them with the object's `namespace` and `daemonset` / `deployment`
 * labels). The agent's own metrics are not read: the node agent serves its telemetry on
 * 127.0.0.1 only (docs/datadog.md).
 */
export const DATADOG_AGENT_KSM_METRICS = {
  daemonSetDesired: 'kube_daemonset_status_desired_number_scheduled',
  daemonSetScheduled: 'kube_daemonset_status_current_number_scheduled',
  daemonSetReady: 'kube_daemonset_status_number_ready',
  deploymentReplicas: 'kube_deployment_spec_replicas',
  deploymentAvailable: 'kube_deployment_status_replicas_available',
} as const;

/** Properties of {@link DatadogAgentRules}. */
export interface DatadogAgentRulesProps extends AlertPackProps {
  /**
   * The node agent DaemonSet's name (the chart's fullname, i.e. the release name).
   * @default "datadog"
   */
  readonly daemonSetName?: string;
  /**
   * The Cluster Agent Deployment's name (`<release>-cluster-agent`).
   * @default "datadog-cluster-agent"
   */
  readonly clusterAgentDeploymentName?: string;
  /**
   * DatadogAgentNotScheduled: nodes that should run a node agent and do not (a taint it does not tolerate,
   * no room for its requests); threshold = nodes.
   * @default above 0 for 15m, warning
   */
  readonly agentNotScheduled?: AlertOptions | false;
  /**
   * DatadogAgentNotReady: node agents scheduled but not ready (crash loop, failing checks, image pull);
   * those nodes send Datadog nothing; threshold = nodes.
   * @default above 0 for 15m, warning
   */
  readonly agentNotReady?: AlertOptions | false;
  /**
   * DatadogClusterAgentDegraded: fewer Cluster Agent replicas available than wanted; threshold = missing replicas.
   * @default above 0 for 15m, warning
   */
  readonly clusterAgentDegraded?: AlertOptions | false;
  /**
   * DatadogClusterAgentDown: no Cluster Agent replica available (node agents lose cluster metadata, cluster
   * checks stop, the admission controller injects nothing); takes no threshold.
   * @default for 5m, critical
   */
  readonly clusterAgentDown?: AlertOptions | false;
}

/** What the Datadog agent alerts read. */
interface DatadogAgentTerms {
  /** The node agent DaemonSet's series. */
  readonly ds: (metric: string) => string;
  /** The Cluster Agent Deployment's series. */
  readonly deploy: (metric: string) => string;
}

const alert = alertSpecs<DatadogAgentRulesProps, DatadogAgentTerms>();
const NODES = { ...NON_NEGATIVE, hint: 'give a number of nodes of 0 or more' };
const M = DATADOG_AGENT_KSM_METRICS;
const BY_DS = 'max by (namespace, daemonset)';
const BY_DEPLOY = 'max by (namespace, deployment)';

/** The Datadog agent alerts, in rule order. */
export const DATADOG_AGENT_ALERTS = [
  alert({
    name: 'DatadogAgentNotScheduled', prop: 'agentNotScheduled', severity: Severity.WARNING, for: '15m', threshold: 0, range: NODES,
    expr: (t) => `${BY_DS} (${t.ds(M.daemonSetDesired)}) - ${BY_DS} (${t.ds(M.daemonSetScheduled)}) > ${num(t.threshold)}`,
    summary: 'Datadog agent is not running on {{ $value }} nodes',
    description: (t) => `{{ $value }} nodes should run the Datadog agent {{ $labels.namespace }}/{{ $labels.daemonset }} and do not (threshold ${num(t.threshold)}, for ${t.for}): Datadog gets no metrics, logs or traces from them. Check the nodes' taints against the agent's tolerations, and room for its requests.`,
  }),
  alert({
    name: 'DatadogAgentNotReady', prop: 'agentNotReady', severity: Severity.WARNING, for: '15m', threshold: 0, range: NODES,
    expr: (t) => `${BY_DS} (${t.ds(M.daemonSetScheduled)}) - ${BY_DS} (${t.ds(M.daemonSetReady)}) > ${num(t.threshold)}`,
    summary: 'Datadog agent is not ready on {{ $value }} nodes',
    description: (t) => `{{ $value }} pods of the Datadog agent {{ $labels.namespace }}/{{ $labels.daemonset }} are scheduled but not ready (threshold ${num(t.threshold)}, for ${t.for}); read their events and logs (API key Secret, image pull, crash loop).`,
  }),
  alert({
    name: 'DatadogClusterAgentDegraded', prop: 'clusterAgentDegraded', severity: Severity.WARNING, for: '15m', threshold: 0, range: { ...NON_NEGATIVE, hint: 'give a number of replicas of 0 or more' },
    expr: (t) => `${BY_DEPLOY} (${t.deploy(M.deploymentReplicas)}) - ${BY_DEPLOY} (${t.deploy(M.deploymentAvailable)}) > ${num(t.threshold)}`,
    summary: 'Datadog Cluster Agent {{ $labels.deployment }} lacks replicas',
    description: (t) => `{{ $value }} replicas of {{ $labels.namespace }}/{{ $labels.deployment }} are not available (threshold ${num(t.threshold)}, for ${t.for}).`,
  }),
  alert({
    name: 'DatadogClusterAgentDown', prop: 'clusterAgentDown', severity: Severity.CRITICAL, for: '5m',
    noThreshold: 'fires when no replica of the Cluster Agent is available',
    expr: (t) => `${BY_DEPLOY} (${t.deploy(M.deploymentAvailable)}) == 0 and ${BY_DEPLOY} (${t.deploy(M.deploymentReplicas)}) > 0`,
    summary: 'Datadog Cluster Agent {{ $labels.deployment }} is down',
    description: (t) => `No replica of {{ $labels.namespace }}/{{ $labels.deployment }} has been available for ${t.for}: node agents lose cluster metadata, cluster checks stop and the admission controller injects nothing.`,
  }),
];

/** A Kubernetes object name prop, checked. */
function objectName(value: string | undefined, fallback: string, where: string): string {
  const name = value ?? fallback;
  if (typeof name !== 'string' || !KUBERNETES_NAME.test(name)) {
    throw new ValidationError(where, `${show(name)} is not a Kubernetes object name; give the name as the chart renders it, e.g. "${fallback}".`);
  }
  return name;
}

const DATADOG_AGENT = alertPack<DatadogAgentRulesProps, DatadogAgentTerms>({
  kind: 'DatadogAgentRules', name: 'datadog-agent', team: 'platform',
  terms: (props, at) => {
    const daemonSet = objectName(props.daemonSetName, 'datadog', at('daemonSetName'));
    const deployment = objectName(props.clusterAgentDeploymentName, 'datadog-cluster-agent', at('clusterAgentDeploymentName'));
    return {
      ds: (metric) => renderSeriesSelector(metric, props.selector, at('selector'), [`daemonset=${JSON.stringify(daemonSet)}`]),
      deploy: (metric) => renderSeriesSelector(metric, props.selector, at('selector'), [`deployment=${JSON.stringify(deployment)}`]),
    };
  },
  alerts: DATADOG_AGENT_ALERTS,
});

/**
 * The Datadog agent watched from kube-state-metrics: node agents not scheduled or not ready on some
 * nodes, the Cluster Agent degraded or down. The agents' own telemetry is not read: the node agent serves
 * it on 127.0.0.1 only, and the Cluster Agent's (scraped by `DatadogAgent.scrapedBy`) describes features
 * this stack leaves off (docs/datadog.md). `DatadogAgent.selfMonitoringRules()` gives the pack with the
 * release's namespace and object names.
 */
export class DatadogAgentRules extends AlertPack<DatadogAgentRulesProps> implements IRulePack {
  /** The pack for the agent the names and selector pick; throws a ValidationError for a bad threshold, name or selector. */
  public static create(props: DatadogAgentRulesProps): DatadogAgentRules {
    return new DatadogAgentRules(props);
  }

  private constructor(props: DatadogAgentRulesProps) {
    super(DATADOG_AGENT, props, PROMETHEUS_RULES);
  }
}

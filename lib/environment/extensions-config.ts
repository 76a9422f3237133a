import type { IngressRule } from '../contracts/network-peer';
import { checkIngressRules } from '../contracts/ingress-rule-checks';
import { ChartValuesOverride, checkChartValuesOverride } from '../core/chart-values-override';
import { isObjectMap } from '../core/input-checks';
import { ValidationError, show } from '../core/validation-error';

/**
 * Chart values per component for what no typed option covers yet (docs/extending.md): each is passed
 * to the component's `chartValues` prop, deep-merged last over its values, listed in the review, and
 * refused when it holds a credential. Keys are the components' toggles of `components`.
 */
export interface ChartValuesConfig {
  /** kube-prometheus-stack. @default none */
  readonly prometheus?: ChartValuesOverride;
  /** The alertmanager chart. @default none */
  readonly alertmanager?: ChartValuesOverride;
  /** The grafana chart. @default none */
  readonly grafana?: ChartValuesOverride;
  /** The loki chart. @default none */
  readonly loki?: ChartValuesOverride;
  /** The fluent-bit chart. @default none */
  readonly logShipper?: ChartValuesOverride;
  /** The jaeger chart. @default none */
  readonly jaeger?: ChartValuesOverride;
  /** The opentelemetry-collector chart. @default none */
  readonly otelCollector?: ChartValuesOverride;
  /** The datadog chart. @default none */
  readonly datadog?: ChartValuesOverride;
  /** The prometheus-blackbox-exporter chart (when the environment has probes). @default none */
  readonly blackboxExporter?: ChartValuesOverride;
}

/** The stack's NetworkPolicies beyond each component's own rules. */
export interface NetworkPoliciesConfig {
  /**
   * Further ingress rules by NetworkPolicy name (`alertmanager`, `grafana`, `loki-gateway`, `prometheus`,
   * a registered release's name; docs/security.md), e.g.
   * `{ alertmanager: [{ from: [NetworkPeer.namespace('ops')], ports: tcpPorts(9093) }] }`.
   * @default none
   */
  readonly extraIngress?: Readonly<Record<string, readonly IngressRule[]>>;
}

const CHART_VALUES_KEYS: ReadonlyArray<keyof ChartValuesConfig> = [
  'prometheus', 'alertmanager', 'grafana', 'loki', 'logShipper', 'jaeger', 'otelCollector', 'datadog', 'blackboxExporter',
];

/** Checks `chartValues` of an environment (`where` names it); `{}` when absent. */
export function checkChartValuesConfig(value: unknown, where: string): ChartValuesConfig {
  if (value === undefined) return {};
  if (!isObjectMap(value)) {
    throw new ValidationError(where, `chartValues ${show(value)} is not a map of component → chart values; write e.g. chartValues: { prometheus: { prometheusSpec: { … } } }.`);
  }
  const out: Record<string, ChartValuesOverride> = {};
  for (const [key, override] of Object.entries(value)) {
    if (!(CHART_VALUES_KEYS as readonly string[]).includes(key)) {
      throw new ValidationError(where, `chartValues.${key} is not a component; use one of ${CHART_VALUES_KEYS.map((k) => JSON.stringify(k)).join(', ')}.`);
    }
    if (override !== undefined) out[key] = checkChartValuesOverride(override, `${where} chartValues.${key}`, 'chartValues');
  }
  return out;
}

/** Checks `networkPolicies` of an environment (`where` names it); `{}` when absent. */
export function checkNetworkPoliciesConfig(value: unknown, where: string): NetworkPoliciesConfig {
  if (value === undefined) return {};
  if (!isObjectMap(value)) {
    throw new ValidationError(where, `networkPolicies ${show(value)} is not a map; write e.g. networkPolicies: { extraIngress: { alertmanager: [{ from: [NetworkPeer.namespace('ops')], ports: tcpPorts(9093) }] } }.`);
  }
  const { extraIngress, ...rest } = value as { extraIngress?: unknown };
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new ValidationError(where, `networkPolicies.${unknown[0]} is not an option; the option is extraIngress.`);
  if (extraIngress === undefined) return {};
  if (!isObjectMap(extraIngress)) {
    throw new ValidationError(where, `networkPolicies.extraIngress ${show(extraIngress)} is not a map of policy name → ingress rules; write e.g. { alertmanager: [{ from: [NetworkPeer.namespace('ops')], ports: tcpPorts(9093) }] }.`);
  }
  const rules: Record<string, readonly IngressRule[]> = {};
  for (const [name, list] of Object.entries(extraIngress)) rules[name] = checkIngressRules(list, `${where} networkPolicies.extraIngress.${name}`);
  return { extraIngress: rules };
}

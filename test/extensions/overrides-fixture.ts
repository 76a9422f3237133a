import { ChartValuesConfig, EnvironmentConfig, NetworkPeer, tcpPorts } from '../../lib';
import { devAlerting } from '../../stacks/alerting';

/*
 * One environment with every component on and a chart-values override for each (a key no typed option
 * sets), shared by the EnvironmentConfig test and the real-chart render test.
 */

/** An annotation no component sets, so finding it proves the override arrived. */
export const OWNER = { 'example.com/owner': 'sre' };

/** Per component: the override, and the path where it lands in the release values. */
export const OVERRIDES: Required<ChartValuesConfig> = {
  prometheus: { prometheus: { prometheusSpec: { logLevel: 'debug' } } },
  alertmanager: { podAnnotations: OWNER },
  grafana: { 'grafana.ini': { log: { level: 'debug' } } },
  loki: { loki: { server: { log_level: 'debug' } } },
  logShipper: { podAnnotations: OWNER },
  jaeger: { jaeger: { service: { annotations: OWNER } } },
  otelCollector: { podAnnotations: OWNER },
  datadog: { datadog: { logLevel: 'DEBUG' } },
  blackboxExporter: { podAnnotations: OWNER },
};

/** Every component on, each with its override, and an extra ingress for Alertmanager from namespace `ops`. */
export const EXTENDED: EnvironmentConfig = {
  name: 'ext',
  clusterName: 'ext-eu-1',
  region: 'eu-west-1',
  alerting: devAlerting,
  components: { datadog: true },
  datadog: { secretName: 'datadog-keys' },
  probes: [{ name: 'public-site', targets: ['https://www.example.com'], service: 'website' }],
  chartValues: OVERRIDES,
  networkPolicies: { extraIngress: { alertmanager: [{ from: [NetworkPeer.namespace('ops')], ports: tcpPorts(9093) }] } },
};

/** The value at a dot path (keys with dots given as one segment in `path`). */
export function at(value: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), value);
}

import { DashboardBuilder, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { ValidationError, show } from '../core/validation-error';
import { validateLabelMap } from '../rules/label-names';
import { Dashboard } from './dashboard';
import { datasourceVariable, matchers, statPanel, timeseriesPanel } from './panels';

/** Props of {@link serviceOverviewDashboard}. */
export interface ServiceOverviewProps {
  /** Service name, as in the `service` label of its metrics. */
  readonly service: string;
  /** Namespace its pods run in (for CPU, memory and restarts). */
  readonly namespace: string;
  /**
   * Label matchers that select the service's request metrics; a value starting with `~` is a regex.
   * @default { service: <service> }
   */
  readonly selector?: Record<string, string>;
  /** Regex of the service's pod names (for CPU, memory and restarts). @default '<service>-.*' */
  readonly podRegex?: string;
  /** Request counter with a status label. @default 'http_requests_total' (seed 002) */
  readonly requestsMetric?: string;
  /** Label of the HTTP status code. @default 'status_code' (seed 002) */
  readonly statusLabel?: string;
  /** Request duration histogram, without `_bucket`. @default 'http_request_duration_seconds' (seed 002) */
  readonly durationHistogram?: string;
  /** Dashboard uid. @default 'svc-<service>' */
  readonly uid?: string;
  /** Dashboard title. @default 'Service / <service>' */
  readonly title?: string;
}

const METRIC = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/**
 * The golden signals of one service (seed 002 § 5.1, made reusable): traffic, errors, latency
 * percentiles with exemplars (→ Jaeger), and saturation (CPU, memory, restarts of its pods).
 */
export function serviceOverviewDashboard(props: ServiceOverviewProps): Dashboard {
  const where = `serviceOverviewDashboard ${show(props.service)}`;
  if (typeof props.service !== 'string' || !/^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/i.test(props.service)) {
    throw new ValidationError(where, `service ${show(props.service)} is not a service name; use letters, digits, '-', '_' and '.'.`);
  }
  if (typeof props.namespace !== 'string' || !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(props.namespace)) {
    throw new ValidationError(where, `namespace ${show(props.namespace)} is not a Kubernetes namespace name; give the namespace the service's pods run in (e.g. "shop").`);
  }
  const requests = props.requestsMetric ?? 'http_requests_total';
  const histogram = props.durationHistogram ?? 'http_request_duration_seconds';
  const status = props.statusLabel ?? 'status_code';
  for (const [name, value] of [['requestsMetric', requests], ['durationHistogram', histogram], ['statusLabel', status]] as const) {
    if (!METRIC.test(value)) throw new ValidationError(where, `${name} ${show(value)} is not a valid Prometheus name.`);
  }
  const selector = validateLabelMap(props.selector ?? { service: props.service }, `${where} selector`);
  const sel = matchers(selector);
  const errors = matchers(selector, [`${status}=~"5.."`]);
  const pods = matchers({ namespace: props.namespace, pod: `~${props.podRegex ?? `${props.service}-.*`}` }, ['container!=""', 'container!="POD"']);
  const rate = (s: string) => `sum(rate(${requests}${s}[$__rate_interval]))`;
  const quantile = (q: string) => `histogram_quantile(${q}, sum by (le) (rate(${histogram}_bucket${sel}[$__rate_interval])))`;

  const builder = new DashboardBuilder(props.title ?? `Service / ${props.service}`)
    .uid(props.uid ?? `svc-${props.service}`)
    .tags(['service', props.service, 'golden-signals'])
    .description(`Golden signals of ${props.service}: traffic, errors, latency and saturation.`)
    .refresh('30s')
    .time({ from: 'now-6h', to: 'now' })
    .withVariable(datasourceVariable('prometheus'))
    .withRow(new RowBuilder('Golden signals'))
    .withPanel(statPanel({ title: 'Request rate', description: `Requests per second served by ${props.service}.`, unit: 'reqps', targets: [{ expr: rate(sel) }] }))
    .withPanel(statPanel({ title: 'Error ratio', description: 'Share of requests answered with a 5xx status. Above 1 % users notice; the SLO dashboards show the budget.', unit: 'percentunit', thresholds: [0.01, 0.05], targets: [{ expr: `${rate(errors)} / ${rate(sel)}` }] }))
    .withPanel(statPanel({ title: 'p99 latency', description: '99th percentile of request duration. Seed SLO: 99 % of requests within 500 ms.', unit: 's', thresholds: [0.5, 1], targets: [{ expr: quantile('0.99') }] }))
    .withPanel(statPanel({ title: 'Pod restarts', description: 'Container restarts of the service in the selected time range; restarts point at crashes or OOM kills.', unit: 'short', thresholds: [1, 5], targets: [{ expr: `sum(increase(kube_pod_container_status_restarts_total${pods}[$__range]))` }] }))
    .withPanel(timeseriesPanel({ title: 'Requests by status', description: 'Request rate by HTTP status code.', unit: 'reqps', targets: [{ expr: `sum by (${status}) (rate(${requests}${sel}[$__rate_interval]))`, legend: `{{${status}}}` }] }))
    .withPanel(timeseriesPanel({ title: 'Error ratio over time', description: 'Share of 5xx responses.', unit: 'percentunit', min: 0, targets: [{ expr: `${rate(errors)} / ${rate(sel)}`, legend: 'errors' }] }))
    .withPanel(timeseriesPanel({
      title: 'Latency percentiles', description: 'p50, p95 and p99 request duration; exemplars link to the trace of a slow request.', unit: 's', min: 0,
      targets: [{ expr: quantile('0.50'), legend: 'p50' }, { expr: quantile('0.95'), legend: 'p95' }, { expr: quantile('0.99'), legend: 'p99', exemplar: true }],
    }))
    .withRow(new RowBuilder('Saturation'))
    .withPanel(timeseriesPanel({ title: 'CPU usage', description: 'CPU cores used per pod (throttling starts at the CPU limit).', unit: 'short', min: 0, width: 8, targets: [{ expr: `sum by (pod) (rate(container_cpu_usage_seconds_total${pods}[$__rate_interval]))`, legend: '{{pod}}' }] }))
    .withPanel(timeseriesPanel({ title: 'Memory working set', description: 'Working-set memory per pod; the pod is OOM-killed when it reaches its limit.', unit: 'bytes', min: 0, width: 8, targets: [{ expr: `sum by (pod) (container_memory_working_set_bytes${pods})`, legend: '{{pod}}' }] }))
    .withPanel(timeseriesPanel({ title: 'Restarts', description: 'Container restarts per pod.', unit: 'short', min: 0, width: 8, targets: [{ expr: `sum by (pod) (increase(kube_pod_container_status_restarts_total${pods}[$__rate_interval]))`, legend: '{{pod}}' }] }));
  return Dashboard.fromBuilder(builder);
}

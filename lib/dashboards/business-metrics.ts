import { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { ValidationError, show } from '../core/validation-error';
import { Dashboard } from './dashboard';
import { barGaugePanel, datasourceVariable, pieChartPanel, statPanel, timeseriesPanel } from './panels';

/** Props of {@link businessMetricsDashboard}. */
export interface BusinessMetricsProps {
  /** Prefix of the business metrics (`<prefix>_api_calls_total`…). @default 'mindweave' (seed 002) */
  readonly metricPrefix?: string;
  /** Product name in the title. @default 'MindWeave' */
  readonly product?: string;
  /**
   * Dashboard uid (the metric prefix lowercased, `_` written as `-`, then `-business`).
   * @default '<prefix>-business'
   */
  readonly uid?: string;
}

/**
 * The business dashboard of seed 002 § 5.2 as a template over a metric prefix. Differences from the
 * seed, each deliberate: "24h" totals are `increase(…[$__range])` with the panel's time range fixed to
 * 24h (same numbers, and the lint's rate-interval rule holds); "active organizations" counts orgs with
 * calls in the range instead of every org ever seen (a raw counter is the wrong signal); every panel
 * has a unit and a description; the time series uses `$__rate_interval`.
 */
export function businessMetricsDashboard(props: BusinessMetricsProps = {}): Dashboard {
  const prefix = props.metricPrefix ?? 'mindweave';
  if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(prefix)) {
    throw new ValidationError('businessMetricsDashboard', `metricPrefix ${show(prefix)} is not a metric name prefix; use letters, digits and '_'.`);
  }
  const product = props.product ?? 'MindWeave';
  const m = (name: string) => `${prefix}_${name}`;
  const day = { timeFrom: '24h' };
  const builder = new DashboardBuilder(`${product} Business Metrics`)
    .uid(props.uid ?? `${prefix}-business`.toLowerCase().replace(/_/g, '-'))
    .tags([prefix, 'business', 'usage'])
    .description(`Usage and cost of ${product}: API calls, tokens, cost, organizations, MCP servers and policy violations.`)
    .refresh('5m')
    .time({ from: 'now-24h', to: 'now' })
    .withVariable(datasourceVariable('prometheus'))
    .withPanel(statPanel({ ...day, title: 'Total API calls (24h)', description: 'API calls in the last 24 hours.', unit: 'short', targets: [{ expr: `sum(increase(${m('api_calls_total')}[$__range]))` }] }))
    .withPanel(statPanel({ ...day, title: 'Total tokens (24h)', description: 'Tokens processed in the last 24 hours.', unit: 'short', targets: [{ expr: `sum(increase(${m('tokens_processed_total')}[$__range]))` }] }))
    .withPanel(statPanel({ ...day, title: 'Total cost (24h)', description: 'Cost in the last 24 hours, in US dollars (the metric counts cents).', unit: 'currencyUSD', targets: [{ expr: `sum(increase(${m('cost_cents_total')}[$__range])) / 100` }] }))
    .withPanel(statPanel({ ...day, title: 'Active organizations (24h)', description: 'Organizations that made at least one API call in the last 24 hours.', unit: 'short', targets: [{ expr: `count(sum by (org_id) (increase(${m('api_calls_total')}[$__range])) > 0)` }] }))
    .withPanel(statPanel({ title: 'Active MCP servers', description: 'MCP servers currently connected.', unit: 'short', targets: [{ expr: `sum(${m('mcp_servers_active')})` }] }))
    .withPanel(statPanel({ ...day, title: 'Policy violations (24h)', description: 'Policy violations in the last 24 hours; more than 10 needs a look, more than 100 an incident.', unit: 'short', thresholds: [10, 100], targets: [{ expr: `sum(increase(${m('policy_violations_total')}[$__range]))` }] }))
    .withPanel(pieChartPanel({ ...day, title: 'API calls by model (24h)', description: 'Share of API calls per model in the last 24 hours.', unit: 'short', targets: [{ expr: `sum by (model) (increase(${m('api_calls_total')}[$__range]))`, legend: '{{model}}' }] }))
    .withPanel(barGaugePanel({ ...day, title: 'Cost by organization, top 10 (24h)', description: 'The ten organizations with the highest cost in the last 24 hours, in US dollars.', unit: 'currencyUSD', targets: [{ expr: `topk(10, sum by (org_id) (increase(${m('cost_cents_total')}[$__range])) / 100)`, legend: '{{org_id}}' }] }))
    .withPanel(statPanel({ timeFrom: '1h', title: 'MCP tool invocations (1h)', description: 'MCP tool invocations in the last hour.', unit: 'short', width: 8, targets: [{ expr: `sum(increase(${m('mcp_tool_invocations_total')}[$__range]))` }] }))
    .withPanel(timeseriesPanel({ title: 'API calls over time', description: 'API calls per second by model.', unit: 'reqps', width: 24, targets: [{ expr: `sum by (model) (rate(${m('api_calls_total')}[$__rate_interval]))`, legend: '{{model}}' }] }));
  return Dashboard.fromBuilder(builder);
}

import { TerraformStack, Testing } from 'cdktf';
import {
  Alertmanager, AlertmanagerConfig, AlertmanagerProps, Receiver, SecretFile, SeverityPolicy, SeverityPolicyProps,
} from '../../lib/alertmanager';
import { DatadogAgent, DatadogAgentProps } from '../../lib/datadog';
import { EnvironmentConfig } from '../../lib/environment/environment-config';
import { Grafana, GrafanaProps } from '../../lib/grafana';
import { Jaeger, JaegerProps } from '../../lib/jaeger';
import { LogShipper, LogShipperProps } from '../../lib/log-shipper';
import { Loki, LokiProps, LokiTenancy } from '../../lib/loki';
import { OtelCollector, OtelCollectorProps } from '../../lib/otel-collector';
import { Prometheus } from '../../lib/prometheus/prometheus';
import { PrometheusProps } from '../../lib/prometheus/prometheus-props';
import { AlertRule, Severity } from '../../lib/rules';

/** Every construct of the catalogue lives in a stack of this name, so paths read `monitoring-test/<id>`. */
export const STACK = 'monitoring-test';

export function testStack(): TerraformStack {
  return new TerraformStack(Testing.app(), STACK);
}

/** The smallest valid environment; cases spread their one mistake over it. */
export function environment(overrides: Record<string, unknown> = {}): EnvironmentConfig {
  return { name: 'qa', clusterName: 'qa-eu-1', region: 'eu-west-1', ...overrides } as EnvironmentConfig;
}

/** A Sloth spec of one SLO with a page alert and no runbook; `objective` is written as given. */
export const SLO_SPEC = (objective: unknown) => `
version: "prometheus/v1"
service: "checkout"
slos:
  - name: "requests-availability"
    objective: ${objective}
    sli:
      events:
        error_query: sum(rate(http_requests_total{job="checkout",code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total{job="checkout"}[{{.window}}]))
    alerting:
      name: CheckoutHighErrorRate
      page_alert:
        labels: { severity: critical }
      ticket_alert:
        labels: { severity: warning }
`;

export const slackWebhook = () => SecretFile.from('alertmanager-slack', 'platform-webhook');

export function policyProps(overrides: Partial<SeverityPolicyProps> = {}): SeverityPolicyProps {
  return {
    teams: [{ name: 'platform', channel: '#platform-alerts', slack: slackWebhook() }],
    pageCritical: false,
    lowPriority: Receiver.slack('low-priority', { channel: '#alerts-low', apiUrl: slackWebhook() }),
    ...overrides,
  };
}

export const policy = (overrides: Partial<SeverityPolicyProps> = {}): AlertmanagerConfig => SeverityPolicy.create(policyProps(overrides));

export function alertRule(overrides: Record<string, unknown> = {}): AlertRule {
  return new AlertRule({
    name: 'HighErrorRate',
    expr: 'sum(rate(http_requests_total{code=~"5.."}[5m])) > 1',
    severity: Severity.WARNING,
    summary: 'High error rate',
    ...overrides,
  } as never);
}

export const prometheus = (props: Partial<PrometheusProps> = {}) => new Prometheus(testStack(), 'prometheus', { namespace: 'monitoring', ...props });
export const alertmanager = (props: Partial<AlertmanagerProps> = {}) =>
  new Alertmanager(testStack(), 'alertmanager', { namespace: 'monitoring', config: policy(), ...props });
export const grafana = (props: Partial<GrafanaProps> = {}) =>
  new Grafana(testStack(), 'grafana', { namespace: 'monitoring', adminSecret: { secretName: 'grafana-admin' }, ...props });
export const loki = (props: Partial<LokiProps> = {}) => new Loki(testStack(), 'loki', { namespace: 'monitoring', tenancy: LokiTenancy.singleTenant(), ...props });
export const jaeger = (props: Partial<JaegerProps> = {}) => new Jaeger(testStack(), 'jaeger', { namespace: 'monitoring', ...props });

export function logShipper(props: Partial<LogShipperProps> = {}): LogShipper {
  const stack = testStack();
  const target = new Loki(stack, 'loki', { namespace: 'monitoring', tenancy: LokiTenancy.singleTenant() });
  return new LogShipper(stack, 'log-shipper', { namespace: 'monitoring', loki: target, ...props });
}

export function otelCollector(props: Partial<OtelCollectorProps> = {}): OtelCollector {
  const stack = testStack();
  const backend = new Jaeger(stack, 'jaeger', { namespace: 'monitoring' });
  return new OtelCollector(stack, 'otel-collector', { namespace: 'monitoring', tracesBackend: backend, ...props });
}

export const datadog = (props: Partial<DatadogAgentProps> = {}) =>
  new DatadogAgent(testStack(), 'datadog', { namespace: 'monitoring', secretName: 'datadog-keys', clusterName: 'qa-eu-1', ...props });

/** Credentials people paste where a Secret NAME belongs (fake, but shaped like the real thing). */
export const PASTED = {
  slackWebhook: 'https://hooks.slack.com/services/T0000000/B0000000/XXXXXXXXXXXXXXXXXXXXXXXX',
  datadogApiKey: '0123456789abcdef0123456789abcdef',
  datadogAppKey: '0123456789abcdef0123456789abcdef01234567',
  pagerDutyRoutingKey: 'R0123456789ABCDEF0123456789ABCDE',
};

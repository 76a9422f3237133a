import { Testing } from 'cdktf';
import { EnvironmentConfig, MonitoringStack, resolveEnvironment, resolveEnvironments } from '../../lib';
import { environments } from '../../stacks';

const minimal: EnvironmentConfig = { name: 'dev', clusterName: 'dev-1', region: 'eu-west-1' };

describe('resolveEnvironment', () => {
  test('fills in the documented defaults', () => {
    const env = resolveEnvironment(minimal);
    expect(env.stackName).toBe('monitoring-dev');
    expect(env.namespace).toBe('monitoring');
    expect(env.scrapeInterval.toPrometheus()).toBe('15s');
    expect(env.retention.metrics.toPrometheus()).toBe('15d');
    expect(env.retention.logs.toPrometheus()).toBe('30d');
    expect(env.retention.traces.toPrometheus()).toBe('7d');
    expect(env.traceSampling).toBe(0.1);
    expect(env.components).toEqual({
      prometheus: true, alertmanager: false, grafana: true, loki: true, logShipper: true, jaeger: true, otelCollector: true, datadog: false,
    });
    expect(env.sizing.prometheus.replicas).toBe(1);
    expect(env.kubeconfig).toEqual({ path: '~/.kube/config', context: '' });
    expect(env.backend).toBeUndefined();
  });

  test('the example environments follow the seeds where the issue says so', () => {
    const [dev, staging, prod] = resolveEnvironments(environments);
    expect([dev.name, staging.name, prod.name]).toEqual(['dev', 'staging', 'prod']);
    // Not the seed's raw 15d: prod's SLOs (seed 002) have 30-day budgets, whose period rules need 30 days
    // of data in this Prometheus (issue 17; a shorter retention is refused at synth).
    expect(prod.retention.metrics.toDays()).toBe(30);
    expect(prod.retention.logs.toDays()).toBe(30);
    expect(prod.retention.traces.toDays()).toBe(7);
    expect(prod.traceSampling).toBe(0.1);
    expect(dev.traceSampling).toBe(1);
    expect(dev.retention.metrics.compareTo(prod.retention.metrics)).toBeLessThan(0);
    expect(dev.retention.logs.compareTo(prod.retention.logs)).toBeLessThan(0);
    expect(prod.sizing.prometheus.replicas).toBe(2);
    expect(prod.sizing.alertmanager.replicas).toBe(3);
  });

  // Each wrong config fails with the environment, the bad value and the fix in the message.
  test.each<[string, Partial<EnvironmentConfig>, RegExp]>([
    ['an upper-case name', { name: 'Prod' }, /environment "Prod": name "Prod" is not allowed; use up to 32 lowercase/],
    ['an empty cluster name', { clusterName: ' ' }, /clusterName " " is empty/],
    ['a bad namespace', { namespace: 'Monitoring_NS' }, /namespace "Monitoring_NS" is not a DNS-1123 label/],
    ['negative replicas', { sizing: { prometheus: { replicas: -1 } } }, /sizing.prometheus: replicas -1 must be a whole number of at least 1/],
    ['fractional replicas', { sizing: { loki: { replicas: 1.5 } } }, /sizing.loki: replicas 1.5/],
    ['negative storage', { sizing: { prometheus: { storageGiB: -10 } } }, /sizing.prometheus: storageGiB -10 must be zero/],
    ['a bad memory quantity', { sizing: { grafana: { resources: { requests: { cpu: '100m', memory: '-1Gi' }, limits: { cpu: '1', memory: '1Gi' } } } } }, /sizing.grafana resources requests: memory "-1Gi"/],
    ['log retention shorter than the scrape interval', { scrapeInterval: '1m', retention: { logs: '30s' } }, /retention.logs "30s" is not longer than the scrape interval "1m"/],
    ['trace retention shorter than the scrape interval', { scrapeInterval: '1m', retention: { traces: '1m' } }, /retention.traces "1m" is not longer than the scrape interval "1m"/],
    ['a bad retention text', { retention: { logs: '30 days' } }, /retention.logs: "30 days" is not a Prometheus duration/],
    ['sampling above 1', { traceSampling: 1.5 }, /traceSampling 1.5 is outside \[0, 1\]/],
    ['negative sampling', { traceSampling: -0.1 }, /traceSampling -0.1 is outside \[0, 1\]/],
    ['an unknown component', { components: { tempo: true } as never }, /components.tempo is not a component/],
    ['an S3 backend without region', { backend: { type: 's3', bucket: 'state-bucket' } as never }, /the S3 backend needs a region/],
    ['a bad bucket', { backend: { type: 'gcs', bucket: 'Bad Bucket' } }, /backend bucket "Bad Bucket" is not a valid bucket name/],
    ['Alertmanager without alerting', { components: { alertmanager: true } }, /components.alertmanager is on but `alerting` is not set, so no alert would reach anyone/],
    ['Alertmanager without Prometheus', { components: { prometheus: false }, alerting: {} as never }, /components.alertmanager is on without Prometheus/],
  ])('refuses %s', (_, change, message) => {
    expect(() => resolveEnvironment({ ...minimal, ...change })).toThrow(message);
  });

  // Checked once, by Prometheus (resolvePrometheus), when the stack builds it: the environment passes them on.
  test.each<[string, Partial<EnvironmentConfig>, RegExp]>([
    ['metrics retention shorter than the scrape interval', { scrapeInterval: '1m', retention: { metrics: '30s' } }, /monitoring-dev\/prometheus: retentionPeriod "30s" is not longer than the scrape interval "1m"/],
    ['a zero scrape interval', { scrapeInterval: '0s' }, /monitoring-dev\/prometheus: scrapeInterval "0s" must be longer than zero/],
  ])('leaves %s to Prometheus, which refuses it when the stack is built', (_, change, message) => {
    const environment = resolveEnvironment({ ...minimal, ...change });
    expect(() => new MonitoringStack(Testing.app(), environment)).toThrow(message);
  });

  test('refuses duplicate environment names', () => {
    expect(() => resolveEnvironments([minimal, { ...minimal, clusterName: 'other' }])).toThrow(
      'environment "dev": is defined twice; environment names must be unique because each becomes the stack "monitoring-dev".',
    );
  });
});

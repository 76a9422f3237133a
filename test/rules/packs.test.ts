import { Duration } from '../../lib/core/duration';
import { LabelMatcher } from '../../lib/rules/label-matcher';
import { DEPENDENCY_ALERTS, DependencyRules } from '../../lib/rules/packs/dependency-rules';
import { NodeRecordingRules } from '../../lib/rules/packs/node-recording-rules';
import { RESOURCE_ALERTS, ResourceRules } from '../../lib/rules/packs/resource-rules';
import { SECURITY_ALERTS, SecurityRules } from '../../lib/rules/packs/security-rules';
import { SERVICE_HEALTH_ALERTS, ServiceHealthRules } from '../../lib/rules/packs/service-health-rules';
import { ServiceRecordingRules } from '../../lib/rules/packs/service-recording-rules';
import { renderRuleFile } from '../../lib/rules/rule-file';
import { IRulePack } from '../../lib/rules/rule-pack';
import { Severity } from '../../lib/rules/severity';
import { describeWithTool, promtoolCheckRules } from '../support/tools';
import { RUNBOOKS, expectValidationError } from './rules-test-support';

const defaults = (): IRulePack[] => [
  ServiceHealthRules.forServices({ runbookBaseUrl: RUNBOOKS }),
  ResourceRules.forWorkloads({ runbookBaseUrl: RUNBOOKS }),
  DependencyRules.create({ runbookBaseUrl: RUNBOOKS }),
  SecurityRules.create({ runbookBaseUrl: RUNBOOKS }),
  ServiceRecordingRules.forServices(),
  NodeRecordingRules.forNodes(),
];

const custom = (): IRulePack[] => [
  ServiceHealthRules.forServices({
    name: 'shop-health',
    team: 'checkout',
    runbookBaseUrl: 'https://wiki.example.com/runbooks/',
    dashboardUrl: 'https://grafana.example.com/d/svc?var-service={{ $labels.service }}',
    selector: { namespace: LabelMatcher.regex('shop|cart'), job: LabelMatcher.notEquals('batch') },
    requestsMetric: 'grpc_server_handled_total',
    durationMetric: 'grpc_server_handling_seconds',
    statusCodeLabel: 'grpc_code',
    errorStatusRegex: 'Internal|Unavailable',
    groupBy: ['namespace', 'service'],
    interval: '1m',
    labels: { page: 'true' },
    serviceDown: { for: '3m' },
    highErrorRate: { threshold: 0.01, for: '2m', severity: Severity.WARNING },
    highLatency: { quantile: 0.95, threshold: 0.5, runbookUrl: 'https://wiki.example.com/latency' },
  }),
  ResourceRules.forWorkloads({
    name: 'shop-resources',
    runbookBaseUrl: RUNBOOKS,
    selector: { namespace: 'shop' },
    nodeSelector: { job: 'node-exporter' },
    excludedFilesystemTypes: ['tmpfs', 'nfs4'],
    highCpuUsage: { threshold: 0.95, for: Duration.minutes(15) },
    podRestartLoop: { threshold: 3, window: '30m' },
    highMemoryUsage: false,
  }),
  DependencyRules.create({
    name: 'shop-dependencies',
    runbookBaseUrl: RUNBOOKS,
    databasePool: { metric: 'hikaricp_connections', stateLabel: 'pool_state', availableState: 'idle', threshold: 2, selector: { app: 'orders' } },
    kafkaLag: { metric: 'kafka_consumergroup_lag', groupBy: ['consumergroup'], threshold: 500 },
    redisMemory: false,
    certificateExpiry: { threshold: 14, severity: Severity.CRITICAL },
  }),
  SecurityRules.create({
    name: 'shop-security',
    runbookBaseUrl: RUNBOOKS,
    selector: { namespace: 'shop' },
    bruteForce: { metric: 'auth_failures_total', groupBy: ['service', 'client_ip'], threshold: 2 },
    securityEvent: { severityLabel: 'level', criticalValue: 'high', window: '10m', for: '0s' },
  }),
  ServiceRecordingRules.forServices({ name: 'shop-metrics', selector: { namespace: 'shop' }, groupBy: ['namespace', 'service'], quantiles: [0.5, 0.999], window: '1m', interval: '1m' }),
  NodeRecordingRules.forNodes({ name: 'shop-nodes', selector: { job: 'node-exporter' }, excludedFilesystemTypes: [], window: '2m' }),
];

const allAlertNames = (packs: IRulePack[]) => packs.flatMap((p) => p.ruleGroups.flatMap((g) => g.alertRules.map((a) => a.name)));

/** One row of a pack's alert table, with the pack that reads it (built with the given props over the defaults). */
interface TableRow {
  /** The pack's model path, as errors start. */
  readonly pack: string;
  readonly name: string;
  /** The prop holding the alert's options. */
  readonly prop: string;
  readonly takesThreshold: boolean;
  readonly build: (props?: object) => IRulePack;
}
const rows = <P extends object>(
  pack: string,
  table: ReadonlyArray<{ readonly name: string; readonly prop?: keyof P; readonly noThreshold?: string }>,
  build: (props: P) => IRulePack,
): TableRow[] =>
  table.map((spec) => ({
    pack,
    name: spec.name,
    prop: String(spec.prop),
    takesThreshold: spec.noThreshold === undefined,
    build: (props = {}) => build({ runbookBaseUrl: RUNBOOKS, ...props } as P),
  }));
const ALERT_TABLES: TableRow[] = [
  ...rows('ServiceHealthRules "service-health"', SERVICE_HEALTH_ALERTS, ServiceHealthRules.forServices),
  ...rows('ResourceRules "resources"', RESOURCE_ALERTS, ResourceRules.forWorkloads),
  ...rows('DependencyRules "dependencies"', DEPENDENCY_ALERTS, DependencyRules.create),
  ...rows('SecurityRules "security"', SECURITY_ALERTS, SecurityRules.create),
];
const alertsOf = (pack: IRulePack) => pack.ruleGroups.flatMap((g) => g.alertRules);
const alertNamed = (pack: IRulePack, name: string) => alertsOf(pack).find((a) => a.name === name)!;
const tableCases = ALERT_TABLES.map((row) => [row.name, row] as const);

/** The seeds' facts of every alert: severity, `for`, team, runbook page and default threshold. */
const SEED_FACTS: ReadonlyArray<readonly [string, string, string, string, string, number]> = [
  ['ServiceDown', 'critical', '1m', 'platform', 'service-down', 0],
  ['HighErrorRate', 'critical', '5m', 'platform', 'high-error-rate', 0.05],
  ['HighLatency', 'warning', '5m', 'platform', 'high-latency', 2],
  ['HighCPUUsage', 'warning', '10m', 'platform', 'high-cpu-usage', 0.85],
  ['HighMemoryUsage', 'warning', '5m', 'platform', 'high-memory-usage', 0.9],
  ['PodRestartLoop', 'critical', '5m', 'platform', 'pod-restart-loop', 5],
  ['DiskSpaceLow', 'warning', '5m', 'platform', 'disk-space-low', 0.85],
  ['DatabaseConnectionPoolExhausted', 'critical', '5m', 'platform', 'database-connection-pool-exhausted', 5],
  ['KafkaConsumerLag', 'warning', '10m', 'platform', 'kafka-consumer-lag', 10000],
  ['RedisHighMemory', 'warning', '5m', 'platform', 'redis-high-memory', 0.9],
  ['CertificateExpiringSoon', 'warning', '1h', 'platform', 'certificate-expiring-soon', 30],
  ['BruteForceAttempt', 'warning', '2m', 'security', 'brute-force-attempt', 10],
  ['SecurityEvent', 'critical', '1m', 'security', 'security-event', 0],
];

describe('rule packs with default parameters', () => {
  test('carry exactly the seed alert names, in the order of their tables', () => {
    // GIVEN every pack with defaults THEN the seeds' alerts are all there, once
    const packs = defaults();
    const names = [
      'ServiceDown', 'HighErrorRate', 'HighLatency',
      'HighCPUUsage', 'HighMemoryUsage', 'PodRestartLoop', 'DiskSpaceLow',
      'DatabaseConnectionPoolExhausted', 'KafkaConsumerLag', 'RedisHighMemory', 'CertificateExpiringSoon',
      'BruteForceAttempt', 'SecurityEvent',
    ];
    expect(allAlertNames(packs)).toEqual(names);
    expect(ALERT_TABLES.map((row) => row.name)).toEqual(names);
    expect(SEED_FACTS.map(([name]) => name)).toEqual(names);
  });

  test.each(SEED_FACTS)('%s: the seeds\' severity %s, for %s, team %s, runbook page %s, threshold %s', (name, severity, forDuration, team, page, threshold) => {
    // GIVEN the packs with defaults WHEN the alert is looked up THEN it has the seeds' facts
    const alert = defaults().flatMap(alertsOf).find((a) => a.name === name)!;
    expect([alert.severity, alert.for?.toPrometheus(), alert.team]).toEqual([severity, forDuration, team]);
    expect(alert.runbookUrl).toBe(`${RUNBOOKS}/${page}`);
    expect(alert.expr).toMatch(new RegExp(`(>|<|==) ${String(threshold).replace('.', '\\.')}$`));
  });

  test.each(tableCases)('%s has summary, description and runbook_url, in that order', (_name, row) => {
    const alert = alertNamed(row.build(), row.name);
    expect(Object.keys(alert.annotations)).toEqual(['summary', 'description', 'runbook_url']);
    expect(alert.annotations.runbook_url).toMatch(/^https:\/\/runbooks\.example\.com\/alerts\/[a-z-]+$/);
  });

  test('runbook links are the base plus the alert name in kebab case', () => {
    const urls = defaults().flatMap((p) => p.ruleGroups.flatMap((g) => g.alertRules)).map((a) => a.runbookUrl);
    expect(urls).toContain(`${RUNBOOKS}/high-cpu-usage`);
    expect(urls).toContain(`${RUNBOOKS}/database-connection-pool-exhausted`);
    expect(urls).toContain(`${RUNBOOKS}/service-down`);
  });

  test('correct the seeds: sum by service, guarded ratios, rate on counters, quantiles over sum by (le, service)', () => {
    const health = ServiceHealthRules.forServices({ runbookBaseUrl: RUNBOOKS, selector: { namespace: 'shop' } });
    const [down, errors, latency] = health.ruleGroups[0].alertRules;
    expect(down.expr).toBe('up{namespace="shop"} == 0');
    expect(errors.expr).toBe(
      'sum by (service) (rate(http_requests_total{namespace="shop",status_code=~"5.."}[5m])) / (sum by (service) (rate(http_requests_total{namespace="shop"}[5m])) > 0) > 0.05',
    );
    expect(latency.expr).toBe('histogram_quantile(0.99, sum by (le, service) (rate(http_request_duration_seconds_bucket{namespace="shop"}[5m]))) > 2');
    const records = ServiceRecordingRules.forServices().ruleGroups[0].recordingRules.map((r) => r.record);
    expect(records).toEqual([
      'service:http_requests:rate5m',
      'service:http_errors:rate5m',
      'service:http_error_ratio:rate5m',
      'service:http_request_duration:p95:5m',
      'service:http_request_duration:p99:5m',
    ]);
    expect(NodeRecordingRules.forNodes().ruleGroups[0].recordingRules.map((r) => r.record)).toEqual([
      'node:cpu_utilization:avg5m',
      'node:memory_utilization:current',
      'node:disk_utilization:current',
    ]);
  });

  test('group names are the pack names (resources split pods and nodes); intervals 30s', () => {
    expect(defaults().flatMap((p) => p.ruleGroups.map((g) => `${g.name}@${g.interval}`))).toEqual([
      'service-health@30s', 'resources.pods@30s', 'resources.nodes@30s', 'dependencies@30s', 'security@30s', 'service-metrics@30s', 'node-metrics@30s',
    ]);
  });

  test('render deterministically', () => {
    expect(renderRuleFile(defaults().flatMap((p) => p.ruleGroups))).toBe(renderRuleFile(defaults().flatMap((p) => p.ruleGroups)));
  });
});

describe('every alert of the tables is tuned by its options prop', () => {
  test.each(tableCases)('%s is left out with false; the others keep their order', (_name, row) => {
    const all = allAlertNames([row.build()]);
    expect(all).toContain(row.name);
    expect(allAlertNames([row.build({ [row.prop]: false })])).toEqual(all.filter((name) => name !== row.name));
  });

  test.each(tableCases)('%s takes for, severity and runbookUrl from its options', (_name, row) => {
    const alert = alertNamed(row.build({ [row.prop]: { for: '7m', severity: Severity.INFO, runbookUrl: 'https://wiki.example.com/runbooks/x' } }), row.name);
    expect([alert.for?.toPrometheus(), alert.severity, alert.labels.severity, alert.runbookUrl]).toEqual(['7m', 'info', 'info', 'https://wiki.example.com/runbooks/x']);
  });

  test.each(tableCases.filter(([, row]) => row.takesThreshold))('%s compares with the threshold of its options and refuses one out of range', (_name, row) => {
    expect(alertNamed(row.build({ [row.prop]: { threshold: 0.5 } }), row.name).expr).toMatch(/[<>] 0\.5$/);
    expectValidationError(() => row.build({ [row.prop]: { threshold: -1 } }), `${row.pack} > ${row.prop} > threshold`, '-1 is out of range');
  });

  test.each(tableCases)('%s refuses options that are not an object', (_name, row) => {
    expectValidationError(() => row.build({ [row.prop]: 'off' }), `${row.pack} > ${row.prop}`, '"off" is not alert options', 'or false to leave the alert out');
  });

  test.each(tableCases)("%s carries the pack's team, labels and dashboard link", (_name, row) => {
    const alert = alertNamed(row.build({ team: 'shop', labels: { page: 'true' }, dashboardUrl: 'https://grafana.example.com/d/x' }), row.name);
    expect(alert.labels).toEqual({ severity: alert.severity, team: 'shop', page: 'true' });
    expect(alert.annotations.dashboard_url).toBe('https://grafana.example.com/d/x');
  });
});

describe('rule packs with custom parameters', () => {
  test('apply metric names, selectors, grouping, thresholds, severity, links and labels', () => {
    const [health, resources, deps, security, recording, nodes] = custom();
    const [down, errors, latency] = health.ruleGroups[0].alertRules;
    expect(health.ruleGroups[0].name).toBe('shop-health');
    expect(health.ruleGroups[0].interval?.toPrometheus()).toBe('1m');
    expect(down.expr).toBe('up{job!="batch",namespace=~"shop|cart"} == 0');
    expect(down.for?.toPrometheus()).toBe('3m');
    expect(errors.expr).toBe(
      'sum by (namespace, service) (rate(grpc_server_handled_total{job!="batch",namespace=~"shop|cart",grpc_code=~"Internal|Unavailable"}[5m])) / (sum by (namespace, service) (rate(grpc_server_handled_total{job!="batch",namespace=~"shop|cart"}[5m])) > 0) > 0.01',
    );
    expect(errors.severity).toBe('warning');
    expect(errors.labels).toEqual({ severity: 'warning', team: 'checkout', page: 'true' });
    expect(errors.annotations.summary).toBe('High error rate on {{ $labels.namespace }}/{{ $labels.service }}');
    expect(errors.annotations.runbook_url).toBe('https://wiki.example.com/runbooks/high-error-rate');
    expect(errors.annotations.dashboard_url).toBe('https://grafana.example.com/d/svc?var-service={{ $labels.service }}');
    expect(latency.expr).toContain('histogram_quantile(0.95, sum by (le, namespace, service) (rate(grpc_server_handling_seconds_bucket{');
    expect(latency.runbookUrl).toBe('https://wiki.example.com/latency');

    // switched-off alerts are absent, the rest keep their order
    expect(allAlertNames([resources])).toEqual(['HighCPUUsage', 'PodRestartLoop', 'DiskSpaceLow']);
    expect(resources.ruleGroups[1].alertRules[0].expr).toContain('node_filesystem_avail_bytes{job="node-exporter",fstype!~"tmpfs|nfs4"}');
    expect(resources.ruleGroups[0].alertRules[1].expr).toContain('[30m]');
    expect(allAlertNames([deps])).toEqual(['DatabaseConnectionPoolExhausted', 'KafkaConsumerLag', 'CertificateExpiringSoon']);
    expect(deps.ruleGroups[0].alertRules[0].expr).toBe('hikaricp_connections{app="orders",pool_state="idle"} < 2');
    expect(deps.ruleGroups[0].alertRules[1].expr).toBe('sum by (consumergroup) (kafka_consumergroup_lag) > 500');
    expect(security.ruleGroups[0].alertRules[1].expr).toBe('sum by (service, event_type) (increase(security_events_total{namespace="shop",level="high"}[10m])) > 0');
    expect(security.ruleGroups[0].alertRules[1].for).toBeUndefined();
    expect(recording.ruleGroups[0].recordingRules.map((r) => r.record)).toEqual([
      'namespace_service:http_requests:rate1m',
      'namespace_service:http_errors:rate1m',
      'namespace_service:http_error_ratio:rate1m',
      'namespace_service:http_request_duration:p50:1m',
      'namespace_service:http_request_duration:p99_9:1m',
    ]);
    expect(nodes.ruleGroups[0].recordingRules[2].expr).toBe('1 - node_filesystem_avail_bytes{job="node-exporter"} / (node_filesystem_size_bytes{job="node-exporter"} > 0)');
  });

  test('a pack with every alert switched off has no groups', () => {
    expect(SecurityRules.create({ runbookBaseUrl: RUNBOOKS, bruteForce: false, securityEvent: false }).ruleGroups).toEqual([]);
  });
});

describe('rule pack validation names the pack, the prop and the fix', () => {
  test.each<[string, () => unknown, string[]]>([
    ['missing runbook base', () => ServiceHealthRules.forServices({} as never), ['ServiceHealthRules "service-health" > runbookBaseUrl', 'undefined', 'absolute http(s) URL']],
    ['ratio threshold above 1', () => ServiceHealthRules.forServices({ runbookBaseUrl: RUNBOOKS, highErrorRate: { threshold: 5 } }), ['ServiceHealthRules "service-health" > highErrorRate > threshold', '5 is out of range', 'e.g. 0.05 for 5 %']],
    ['threshold on ServiceDown', () => ServiceHealthRules.forServices({ runbookBaseUrl: RUNBOOKS, serviceDown: { threshold: 1 } }), ['serviceDown > threshold', '1 has no meaning', 'tune `for` instead']],
    ['quantile of 1', () => ServiceHealthRules.forServices({ runbookBaseUrl: RUNBOOKS, highLatency: { quantile: 1 } }), ['highLatency > quantile', '1 is out of range']],
    ['bad for', () => ResourceRules.forWorkloads({ runbookBaseUrl: RUNBOOKS, highCpuUsage: { for: '10 min' } }), ['ResourceRules "resources" > highCpuUsage > for', '"10 min"', 'not a Prometheus duration']],
    ['bad metric name', () => ServiceHealthRules.forServices({ runbookBaseUrl: RUNBOOKS, requestsMetric: 'http-requests' }), ['ServiceHealthRules "service-health" > requestsMetric', '"http-requests"', 'not a valid Prometheus metric name']],
    ['bad selector label', () => ServiceHealthRules.forServices({ runbookBaseUrl: RUNBOOKS, selector: { 'k8s-namespace': 'shop' } }), ['ServiceHealthRules "service-health" > selector > "k8s-namespace"', 'not a valid Prometheus label name']],
    ['bad selector value', () => SecurityRules.create({ runbookBaseUrl: RUNBOOKS, selector: { namespace: 3 as unknown as string } }), ['SecurityRules "security" > selector > "namespace"', '3 is not a label matcher', 'LabelMatcher']],
    ['empty groupBy', () => DependencyRules.create({ runbookBaseUrl: RUNBOOKS, kafkaLag: { groupBy: [] } }), ['DependencyRules "dependencies" > kafkaLag > groupBy', '[]', 'e.g. ["service"]']],
    ['duplicate groupBy', () => ServiceRecordingRules.forServices({ groupBy: ['service', 'service'] }), ['ServiceRecordingRules "service-metrics" > groupBy', 'names a label twice']],
    ['reserved label on every alert', () => DependencyRules.create({ runbookBaseUrl: RUNBOOKS, labels: { severity: 'x' } }), ['DependencyRules "dependencies" > AlertRule "DatabaseConnectionPoolExhausted" > labels > "severity"', 'use the `severity` prop']],
    ['bad team', () => SecurityRules.create({ runbookBaseUrl: RUNBOOKS, team: '' }), ['SecurityRules "security" > AlertRule "BruteForceAttempt" > team', 'name the owning team']],
    ['bad window', () => NodeRecordingRules.forNodes({ window: '5' }), ['NodeRecordingRules "node-metrics" > window', '"5"']],
    ['bad quantile list', () => ServiceRecordingRules.forServices({ quantiles: [0.9, 95] }), ['ServiceRecordingRules "service-metrics" > quantiles[1]', '95 is out of range']],
    ['empty error regex', () => ServiceRecordingRules.forServices({ errorStatusRegex: '' }), ['errorStatusRegex', '"" is empty', 'RE2 pattern']],
    ['bad dashboard URL', () => ResourceRules.forWorkloads({ runbookBaseUrl: RUNBOOKS, dashboardUrl: '/d/x' }), ['ResourceRules "resources" > dashboardUrl', '"/d/x"']],
  ])('%s', (_name, build, parts) => {
    expectValidationError(build, ...parts);
  });
});

describeWithTool('promtool', 'every pack renders a valid rule file', () => {
  test.each([
    ['default', defaults],
    ['custom', custom],
  ])('promtool check rules accepts each pack with %s parameters', (_kind, build) => {
    for (const pack of build()) {
      const text = renderRuleFile(pack.ruleGroups);
      const result = promtoolCheckRules(text);
      const rules = pack.ruleGroups.reduce((n, g) => n + g.rules.length, 0);
      expect({ pack: pack.name, output: result.output }).toEqual({ pack: pack.name, output: expect.stringContaining(`SUCCESS: ${rules} rules found`) });
      expect(result.status).toBe(0);
    }
  });

  test('promtool check rules accepts all default packs in one file (group names unique)', () => {
    const result = promtoolCheckRules(renderRuleFile(defaults().flatMap((p) => p.ruleGroups)));
    expect(result.output).toContain('SUCCESS: 21 rules found');
    expect(result.status).toBe(0);
  });
});

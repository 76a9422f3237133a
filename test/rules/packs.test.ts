import { Duration } from '../../lib/core/duration';
import { LabelMatcher } from '../../lib/rules/label-matcher';
import { DependencyRules } from '../../lib/rules/packs/dependency-rules';
import { NodeRecordingRules } from '../../lib/rules/packs/node-recording-rules';
import { ResourceRules } from '../../lib/rules/packs/resource-rules';
import { SecurityRules } from '../../lib/rules/packs/security-rules';
import { ServiceHealthRules } from '../../lib/rules/packs/service-health-rules';
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

describe('rule packs with default parameters', () => {
  test('carry exactly the seed alert names, each with summary, description and runbook_url', () => {
    // GIVEN every pack with defaults THEN the seeds' alerts are all there, once
    const packs = defaults();
    expect(allAlertNames(packs)).toEqual([
      'ServiceDown', 'HighErrorRate', 'HighLatency',
      'HighCPUUsage', 'HighMemoryUsage', 'PodRestartLoop', 'DiskSpaceLow',
      'DatabaseConnectionPoolExhausted', 'KafkaConsumerLag', 'RedisHighMemory', 'CertificateExpiringSoon',
      'BruteForceAttempt', 'SecurityEvent',
    ]);
    for (const alert of packs.flatMap((p) => p.ruleGroups.flatMap((g) => g.alertRules))) {
      expect(Object.keys(alert.annotations)).toEqual(['summary', 'description', 'runbook_url']);
      expect(alert.annotations.runbook_url).toMatch(/^https:\/\/runbooks\.example\.com\/alerts\/[a-z-]+$/);
    }
  });

  test('use the seeds severities, for durations and teams', () => {
    const byName = new Map(defaults().flatMap((p) => p.ruleGroups.flatMap((g) => g.alertRules)).map((a) => [a.name, a]));
    const facts = (name: string) => [byName.get(name)!.severity, byName.get(name)!.for?.toPrometheus(), byName.get(name)!.team];
    expect(facts('ServiceDown')).toEqual(['critical', '1m', 'platform']);
    expect(facts('HighErrorRate')).toEqual(['critical', '5m', 'platform']);
    expect(facts('HighLatency')).toEqual(['warning', '5m', 'platform']);
    expect(facts('HighCPUUsage')).toEqual(['warning', '10m', 'platform']);
    expect(facts('PodRestartLoop')).toEqual(['critical', '5m', 'platform']);
    expect(facts('DatabaseConnectionPoolExhausted')).toEqual(['critical', '5m', 'platform']);
    expect(facts('CertificateExpiringSoon')).toEqual(['warning', '1h', 'platform']);
    expect(facts('BruteForceAttempt')).toEqual(['warning', '2m', 'security']);
    expect(facts('SecurityEvent')).toEqual(['critical', '1m', 'security']);
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

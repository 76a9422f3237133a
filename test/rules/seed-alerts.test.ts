import { DEPENDENCY_ALERTS, DependencyRules } from '../../lib/rules/packs/dependency-rules';
import { RESOURCE_ALERTS, ResourceRules } from '../../lib/rules/packs/resource-rules';
import { SECURITY_ALERTS, SecurityRules } from '../../lib/rules/packs/security-rules';
import { SERVICE_HEALTH_ALERTS, ServiceHealthRules } from '../../lib/rules/packs/service-health-rules';
import { renderRuleFile } from '../../lib/rules/rule-file';
import { describeWithTool } from '../support/tools';
import { ExpectedAlert, InputSeries, PromtoolTestCase, RUNBOOKS, promtoolTestRules } from './rules-test-support';

/**
 * `promtool test rules` for every seed alert with the packs' default parameters: the alert stays
 * silent while its `for` has not elapsed, fires (with the expected labels and rendered annotations)
 * once it has, and stays silent when the input is below its threshold. Series are sampled every
 * minute from time 0; the packs' groups evaluate every 30s. A 5m rate over a counter that starts at
 * 0 is lower than the steady rate until its window is full, so rate-based alerts become active
 * around 5m.
 */
interface SeedAlertCase {
  readonly alert: string;
  /** Input above the threshold (plus series the alert must ignore). */
  readonly above: ReadonlyArray<InputSeries>;
  /** Input below the threshold. */
  readonly below: ReadonlyArray<InputSeries>;
  /** An evaluation time at which the condition holds but `for` has not elapsed. */
  readonly pendingAt: string;
  /** An evaluation time after `for` has elapsed. */
  readonly firingAt: string;
  readonly expected: ReadonlyArray<ExpectedAlert>;
}

const ruleFile = renderRuleFile(
  [
    ServiceHealthRules.forServices({ runbookBaseUrl: RUNBOOKS, selector: { namespace: 'shop' } }),
    ResourceRules.forWorkloads({ runbookBaseUrl: RUNBOOKS, selector: { namespace: 'shop' } }),
    DependencyRules.create({ runbookBaseUrl: RUNBOOKS }),
    SecurityRules.create({ runbookBaseUrl: RUNBOOKS }),
  ].flatMap((pack) => pack.ruleGroups),
);

const platform = (severity: string) => ({ severity, team: 'platform' });
const runbook = (page: string) => `${RUNBOOKS}/${page}`;

const cases: SeedAlertCase[] = [
  {
    alert: 'ServiceDown',
    above: [
      { series: 'up{namespace="shop",job="checkout",instance="10.0.0.1:8080"}', values: '0x20' },
      // outside the selector: must not alert
      { series: 'up{namespace="other",job="batch",instance="10.0.0.9:8080"}', values: '0x20' },
    ],
    below: [{ series: 'up{namespace="shop",job="checkout",instance="10.0.0.1:8080"}', values: '1x20' }],
    pendingAt: '30s',
    firingAt: '2m',
    expected: [
      {
        exp_labels: { ...platform('critical'), namespace: 'shop', job: 'checkout', instance: '10.0.0.1:8080' },
        exp_annotations: {
          summary: 'Service checkout is down',
          description: 'Target 10.0.0.1:8080 of job checkout has been unreachable for more than 1m.',
          runbook_url: runbook('service-down'),
        },
      },
    ],
  },
  {
    alert: 'HighErrorRate',
    above: [
      // two pods of one service: 90 ok + 10 failed requests a minute in total → ratio 0.1
      { series: 'http_requests_total{namespace="shop",service="checkout",pod="a",status_code="200"}', values: '0+45x20' },
      { series: 'http_requests_total{namespace="shop",service="checkout",pod="b",status_code="200"}', values: '0+45x20' },
      { series: 'http_requests_total{namespace="shop",service="checkout",pod="a",status_code="500"}', values: '0+5x20' },
      { series: 'http_requests_total{namespace="shop",service="checkout",pod="b",status_code="503"}', values: '0+5x20' },
      // a service without traffic: neither an alert nor a division by zero
      { series: 'http_requests_total{namespace="shop",service="idle",pod="c",status_code="500"}', values: '0x20' },
    ],
    below: [
      { series: 'http_requests_total{namespace="shop",service="checkout",pod="a",status_code="200"}', values: '0+98x20' },
      { series: 'http_requests_total{namespace="shop",service="checkout",pod="a",status_code="500"}', values: '0+2x20' },
    ],
    pendingAt: '5m',
    firingAt: '7m',
    expected: [
      {
        exp_labels: { ...platform('critical'), service: 'checkout' },
        exp_annotations: {
          summary: 'High error rate on checkout',
          description: 'Error rate is 10% for checkout (threshold 5%, for 5m).',
          runbook_url: runbook('high-error-rate'),
        },
      },
    ],
  },
  {
    alert: 'HighLatency',
    above: ['0.5', '1', '2'].map((le) => ({ series: `http_request_duration_seconds_bucket{namespace="shop",service="checkout",le="${le}"}`, values: '0x20' }))
      .concat(['5', '+Inf'].map((le) => ({ series: `http_request_duration_seconds_bucket{namespace="shop",service="checkout",le="${le}"}`, values: '0+10x20' }))),
    below: ['0.5', '1', '2', '5', '+Inf'].map((le) => ({ series: `http_request_duration_seconds_bucket{namespace="shop",service="checkout",le="${le}"}`, values: '0+10x20' })),
    pendingAt: '5m',
    firingAt: '7m',
    expected: [
      {
        // all requests between 2 s and 5 s: p99 = 2 + 3 × 0.99 = 4.97 s
        exp_labels: { ...platform('warning'), service: 'checkout' },
        exp_annotations: {
          summary: 'High latency on checkout',
          description: 'p99 latency is 4.97s for checkout (threshold 2s, for 5m).',
          runbook_url: runbook('high-latency'),
        },
      },
    ],
  },
  {
    alert: 'HighCPUUsage',
    above: [
      // 0.9 cores used of a 1-core limit; the pod cgroup (container="") is not counted twice
      { series: 'container_cpu_usage_seconds_total{namespace="shop",pod="api-1",container="app"}', values: '0+54x30' },
      { series: 'container_cpu_usage_seconds_total{namespace="shop",pod="api-1",container=""}', values: '0+54x30' },
      { series: 'kube_pod_container_resource_limits{namespace="shop",pod="api-1",container="app",resource="cpu"}', values: '1x30' },
    ],
    below: [
      { series: 'container_cpu_usage_seconds_total{namespace="shop",pod="api-1",container="app"}', values: '0+30x30' },
      { series: 'kube_pod_container_resource_limits{namespace="shop",pod="api-1",container="app",resource="cpu"}', values: '1x30' },
    ],
    // the 5m rate reaches its full value once the window is full (5m): active from about 5m
    pendingAt: '10m',
    firingAt: '16m',
    expected: [
      {
        exp_labels: { ...platform('warning'), namespace: 'shop', pod: 'api-1' },
        exp_annotations: {
          summary: 'High CPU usage for pod shop/api-1',
          description: "CPU usage is 90% of the pod's CPU limit (threshold 85%, for 10m).",
          runbook_url: runbook('high-cpu-usage'),
        },
      },
    ],
  },
  {
    alert: 'HighMemoryUsage',
    above: [
      { series: 'container_memory_working_set_bytes{namespace="shop",pod="api-1",container="app"}', values: '950x20' },
      { series: 'kube_pod_container_resource_limits{namespace="shop",pod="api-1",container="app",resource="memory"}', values: '1000x20' },
      // a pod without a memory limit is not judged (no division by a missing or zero limit)
      { series: 'container_memory_working_set_bytes{namespace="shop",pod="nolimit",container="app"}', values: '950x20' },
    ],
    below: [
      { series: 'container_memory_working_set_bytes{namespace="shop",pod="api-1",container="app"}', values: '500x20' },
      { series: 'kube_pod_container_resource_limits{namespace="shop",pod="api-1",container="app",resource="memory"}', values: '1000x20' },
    ],
    pendingAt: '4m',
    firingAt: '6m',
    expected: [
      {
        exp_labels: { ...platform('warning'), namespace: 'shop', pod: 'api-1' },
        exp_annotations: {
          summary: 'High memory usage for pod shop/api-1',
          description: "Memory working set is 95% of the pod's memory limit (threshold 90%, for 5m); the pod is close to being OOM-killed.",
          runbook_url: runbook('high-memory-usage'),
        },
      },
    ],
  },
  {
    alert: 'PodRestartLoop',
    // stable for an hour, then 3 restarts a minute from 61m
    above: [{ series: 'kube_pod_container_status_restarts_total{namespace="shop",pod="api-1",container="app"}', values: '0x60 3+3x20' }],
    below: [{ series: 'kube_pod_container_status_restarts_total{namespace="shop",pod="api-1",container="app"}', values: '0x60 1+1x3 4x20' }],
    pendingAt: '64m',
    firingAt: '70m',
    expected: [
      {
        exp_labels: { ...platform('critical'), namespace: 'shop', pod: 'api-1' },
        exp_annotations: {
          summary: 'Pod shop/api-1 is in a restart loop',
          description: 'Pod shop/api-1 has restarted 30 times in the last 1h (threshold 5).',
          runbook_url: runbook('pod-restart-loop'),
        },
      },
    ],
  },
  {
    alert: 'DiskSpaceLow',
    above: [
      { series: 'node_filesystem_avail_bytes{instance="node-1",mountpoint="/",fstype="ext4"}', values: '10x20' },
      { series: 'node_filesystem_size_bytes{instance="node-1",mountpoint="/",fstype="ext4"}', values: '100x20' },
      // full tmpfs: ignored
      { series: 'node_filesystem_avail_bytes{instance="node-1",mountpoint="/run",fstype="tmpfs"}', values: '1x20' },
      { series: 'node_filesystem_size_bytes{instance="node-1",mountpoint="/run",fstype="tmpfs"}', values: '100x20' },
    ],
    below: [
      { series: 'node_filesystem_avail_bytes{instance="node-1",mountpoint="/",fstype="ext4"}', values: '50x20' },
      { series: 'node_filesystem_size_bytes{instance="node-1",mountpoint="/",fstype="ext4"}', values: '100x20' },
    ],
    pendingAt: '4m',
    firingAt: '6m',
    expected: [
      {
        exp_labels: { ...platform('warning'), instance: 'node-1', mountpoint: '/', fstype: 'ext4' },
        exp_annotations: {
          summary: 'Low disk space on node-1',
          description: 'Disk usage is 90% on node-1:/ (threshold 85%, for 5m).',
          runbook_url: runbook('disk-space-low'),
        },
      },
    ],
  },
  {
    alert: 'DatabaseConnectionPoolExhausted',
    above: [
      { series: 'db_connection_pool_size{instance="orders:9090",state="available"}', values: '2x20' },
      { series: 'db_connection_pool_size{instance="orders:9090",state="in_use"}', values: '1x20' },
    ],
    below: [{ series: 'db_connection_pool_size{instance="orders:9090",state="available"}', values: '10x20' }],
    pendingAt: '4m',
    firingAt: '6m',
    expected: [
      {
        exp_labels: { ...platform('critical'), instance: 'orders:9090', state: 'available' },
        exp_annotations: {
          summary: 'Database connection pool nearly exhausted on orders:9090',
          description: 'Only 2 connections are available in the pool of orders:9090 (threshold 5, for 5m).',
          runbook_url: runbook('database-connection-pool-exhausted'),
        },
      },
    ],
  },
  {
    alert: 'KafkaConsumerLag',
    // 6000 per partition is below 10000, but the group lags 12000 on the topic
    above: [
      { series: 'kafka_consumer_lag{consumergroup="billing",topic="orders",partition="0"}', values: '6000x20' },
      { series: 'kafka_consumer_lag{consumergroup="billing",topic="orders",partition="1"}', values: '6000x20' },
    ],
    below: [
      { series: 'kafka_consumer_lag{consumergroup="billing",topic="orders",partition="0"}', values: '3000x20' },
      { series: 'kafka_consumer_lag{consumergroup="billing",topic="orders",partition="1"}', values: '3000x20' },
    ],
    pendingAt: '9m',
    firingAt: '11m',
    expected: [
      {
        exp_labels: { ...platform('warning'), consumergroup: 'billing', topic: 'orders' },
        exp_annotations: {
          summary: 'High Kafka consumer lag on billing/orders',
          description: 'Consumer lag is 12k messages for billing/orders (threshold 10000, for 10m).',
          runbook_url: runbook('kafka-consumer-lag'),
        },
      },
    ],
  },
  {
    alert: 'RedisHighMemory',
    above: [
      { series: 'redis_memory_used_bytes{instance="redis-0"}', values: '95x20' },
      { series: 'redis_memory_max_bytes{instance="redis-0"}', values: '100x20' },
      // maxmemory unset (0): skipped, not +Inf
      { series: 'redis_memory_used_bytes{instance="redis-1"}', values: '95x20' },
      { series: 'redis_memory_max_bytes{instance="redis-1"}', values: '0x20' },
    ],
    below: [
      { series: 'redis_memory_used_bytes{instance="redis-0"}', values: '50x20' },
      { series: 'redis_memory_max_bytes{instance="redis-0"}', values: '100x20' },
    ],
    pendingAt: '4m',
    firingAt: '6m',
    expected: [
      {
        exp_labels: { ...platform('warning'), instance: 'redis-0' },
        exp_annotations: {
          summary: 'Redis memory usage high on redis-0',
          description: 'Redis memory usage is 95% of maxmemory on redis-0 (threshold 90%, for 5m).',
          runbook_url: runbook('redis-high-memory'),
        },
      },
    ],
  },
  {
    alert: 'CertificateExpiringSoon',
    // expires 10 days after the epoch the test starts at; at 2h24m (0.1 day) 9.9 days remain
    above: [{ series: 'probe_ssl_earliest_cert_expiry{instance="https://shop.example.com"}', values: '864000x200' }],
    below: [{ series: 'probe_ssl_earliest_cert_expiry{instance="https://shop.example.com"}', values: '5184000x200' }],
    pendingAt: '59m',
    firingAt: '144m',
    expected: [
      {
        exp_labels: { ...platform('warning'), instance: 'https://shop.example.com' },
        exp_annotations: {
          summary: 'TLS certificate of https://shop.example.com expires soon',
          description: 'The certificate of https://shop.example.com expires in 9.9 days (threshold 30 days).',
          runbook_url: runbook('certificate-expiring-soon'),
        },
      },
    ],
  },
  {
    alert: 'BruteForceAttempt',
    // two pods, 6 failed logins a second each: 12/s for the service
    above: [
      { series: 'failed_login_attempts_total{service="auth",pod="a"}', values: '0+360x20' },
      { series: 'failed_login_attempts_total{service="auth",pod="b"}', values: '0+360x20' },
    ],
    below: [
      { series: 'failed_login_attempts_total{service="auth",pod="a"}', values: '0+60x20' },
      { series: 'failed_login_attempts_total{service="auth",pod="b"}', values: '0+60x20' },
    ],
    // the 5m rate reaches its full value once the window is full (5m): active from about 5m
    pendingAt: '4m',
    firingAt: '8m',
    expected: [
      {
        exp_labels: { severity: 'warning', team: 'security', service: 'auth' },
        exp_annotations: {
          summary: 'Potential brute force attack on auth',
          description: '12 failed login attempts per second on auth (threshold 10/s, for 2m).',
          runbook_url: runbook('brute-force-attempt'),
        },
      },
    ],
  },
  {
    alert: 'SecurityEvent',
    // one critical event at 3m (and warning events, which must not page)
    above: [
      { series: 'security_events_total{service="auth",event_type="privilege_escalation",severity="critical"}', values: '0 0 0 1x10' },
      { series: 'security_events_total{service="auth",event_type="login_anomaly",severity="warning"}', values: '0+5x12' },
    ],
    below: [{ series: 'security_events_total{service="auth",event_type="login_anomaly",severity="warning"}', values: '0+5x12' }],
    pendingAt: '3m30s',
    firingAt: '5m',
    expected: [
      {
        exp_labels: { severity: 'critical', team: 'security', service: 'auth', event_type: 'privilege_escalation' },
        exp_annotations: {
          summary: 'Critical security event on auth/privilege_escalation',
          description: '1 critical security events on auth/privilege_escalation in the last 5m.',
          runbook_url: runbook('security-event'),
        },
      },
    ],
  },
];

/** The alerts of the packs' tables, in table order: each one is a promtool case below. */
const TABLE = [...SERVICE_HEALTH_ALERTS, ...RESOURCE_ALERTS, ...DEPENDENCY_ALERTS, ...SECURITY_ALERTS].map((spec) => spec.name);
const caseOf = (alert: string): SeedAlertCase => {
  const found = cases.find((c) => c.alert === alert);
  if (found === undefined) throw new Error(`no promtool case for ${alert}; add one to \`cases\``);
  return found;
};

describeWithTool('promtool', 'seed alerts under promtool test rules', () => {
  test('every seed alert has a case', () => {
    // GIVEN the packs' alerts THEN each one is exercised below (a new alert needs a new case)
    const inFile = [...ruleFile.matchAll(/- alert: (\w+)/g)].map((m) => m[1]);
    expect(cases.map((c) => c.alert).sort()).toEqual([...inFile].sort());
    expect(inFile).toHaveLength(13);
    expect(TABLE).toEqual(inFile);
  });

  test.each(TABLE.map((alert) => [alert]))('%s: silent before its `for`, fires after it, silent below its threshold', (alert) => {
    const c = caseOf(alert);
    // GIVEN input above the threshold, and input below it
    const tests: PromtoolTestCase[] = [
      {
        name: `${c.alert} above threshold`,
        interval: '1m',
        input_series: c.above,
        alert_rule_test: [
          { eval_time: c.pendingAt, alertname: c.alert, exp_alerts: [] },
          { eval_time: c.firingAt, alertname: c.alert, exp_alerts: c.expected },
        ],
      },
      {
        name: `${c.alert} below threshold`,
        interval: '1m',
        input_series: c.below,
        alert_rule_test: [{ eval_time: c.firingAt, alertname: c.alert, exp_alerts: [] }],
      },
    ];
    // WHEN promtool evaluates the rules over them
    const result = promtoolTestRules(ruleFile, tests);
    // THEN every expectation holds
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  test('a wrong expectation makes promtool fail (the harness can fail)', () => {
    const c = cases[0];
    const result = promtoolTestRules(ruleFile, [
      { interval: '1m', input_series: c.below, alert_rule_test: [{ eval_time: c.firingAt, alertname: c.alert, exp_alerts: c.expected }] },
    ]);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('FAILED');
  });
});

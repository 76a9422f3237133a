import { LabelMatcher } from '../../lib/rules/label-matcher';
import { NodeRecordingRules } from '../../lib/rules/packs/node-recording-rules';
import { ServiceHealthRules } from '../../lib/rules/packs/service-health-rules';
import { ServiceRecordingRules } from '../../lib/rules/packs/service-recording-rules';
import { renderRuleFile } from '../../lib/rules/rule-file';
import { Severity } from '../../lib/rules/severity';
import { describeWithTool } from '../support/tools';
import { RUNBOOKS, promtoolTestRules } from './rules-test-support';

/**
 * `promtool test rules` with promql_expr_test: the recording rules compute the expected values.
 * Counters grow linearly from 0 every minute; at 10m the 5m window is full, so rates are exact.
 */
describeWithTool('promtool', 'recording rules compute the expected values', () => {
  test('per-service request rate, error rate and ratio (0 without errors, absent without traffic), p95/p99', () => {
    // GIVEN checkout: two pods with 1 ok request/s each and one pod with 0.5 failed/s → 2.5/s, 0.5/s, ratio 0.2
    //       healthy: only ok requests → error rate 0 and ratio 0 (the seed's rule gave "no data")
    //       idle: a counter that never moves → rate 0, no ratio (the seed's rule gave NaN)
    //       latency: per 100 requests, 50 ≤ 0.1 s, 90 ≤ 0.5 s, 100 ≤ 1 s → p95 = 0.75 s, p99 = 0.95 s
    const ruleFile = renderRuleFile(ServiceRecordingRules.forServices({ selector: { namespace: 'shop' } }).ruleGroups);
    const input = [
      { series: 'http_requests_total{namespace="shop",service="checkout",pod="a",status_code="200"}', values: '0+60x10' },
      { series: 'http_requests_total{namespace="shop",service="checkout",pod="b",status_code="200"}', values: '0+60x10' },
      { series: 'http_requests_total{namespace="shop",service="checkout",pod="b",status_code="500"}', values: '0+30x10' },
      { series: 'http_requests_total{namespace="shop",service="healthy",pod="c",status_code="200"}', values: '0+60x10' },
      { series: 'http_requests_total{namespace="shop",service="idle",pod="d",status_code="200"}', values: '0x10' },
      // outside the selector: not counted
      { series: 'http_requests_total{namespace="other",service="checkout",pod="z",status_code="500"}', values: '0+600x10' },
      { series: 'http_request_duration_seconds_bucket{namespace="shop",service="checkout",pod="a",le="0.1"}', values: '0+50x10' },
      { series: 'http_request_duration_seconds_bucket{namespace="shop",service="checkout",pod="a",le="0.5"}', values: '0+90x10' },
      { series: 'http_request_duration_seconds_bucket{namespace="shop",service="checkout",pod="a",le="1"}', values: '0+100x10' },
      { series: 'http_request_duration_seconds_bucket{namespace="shop",service="checkout",pod="a",le="+Inf"}', values: '0+100x10' },
    ];
    const result = promtoolTestRules(ruleFile, [
      {
        interval: '1m',
        input_series: input,
        promql_expr_test: [
          {
            expr: 'service:http_requests:rate5m',
            eval_time: '10m',
            exp_samples: [
              { labels: 'service:http_requests:rate5m{service="checkout"}', value: 2.5 },
              { labels: 'service:http_requests:rate5m{service="healthy"}', value: 1 },
              { labels: 'service:http_requests:rate5m{service="idle"}', value: 0 },
            ],
          },
          {
            expr: 'service:http_errors:rate5m',
            eval_time: '10m',
            exp_samples: [
              { labels: 'service:http_errors:rate5m{service="checkout"}', value: 0.5 },
              { labels: 'service:http_errors:rate5m{service="healthy"}', value: 0 },
              { labels: 'service:http_errors:rate5m{service="idle"}', value: 0 },
            ],
          },
          {
            expr: 'service:http_error_ratio:rate5m',
            eval_time: '10m',
            exp_samples: [
              { labels: 'service:http_error_ratio:rate5m{service="checkout"}', value: 0.2 },
              { labels: 'service:http_error_ratio:rate5m{service="healthy"}', value: 0 },
            ],
          },
          // promtool compares floats exactly; interpolation leaves noise in the 16th digit, so round to 1 ms
          { expr: 'round(service:http_request_duration:p95:5m, 0.001)', eval_time: '10m', exp_samples: [{ labels: '{service="checkout"}', value: 0.75 }] },
          { expr: 'round(service:http_request_duration:p99:5m, 0.001)', eval_time: '10m', exp_samples: [{ labels: '{service="checkout"}', value: 0.95 }] },
        ],
      },
    ]);
    // THEN promtool confirms every value
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  test('node CPU, memory and disk utilisation', () => {
    // GIVEN a node whose two CPUs idle 25 % and 75 % (avg idle 0.5), with 25 of 100 bytes of memory
    //       available, and a 100-byte ext4 filesystem with 40 free (tmpfs ignored)
    const ruleFile = renderRuleFile(NodeRecordingRules.forNodes().ruleGroups);
    const result = promtoolTestRules(ruleFile, [
      {
        interval: '1m',
        input_series: [
          { series: 'node_cpu_seconds_total{instance="node-1",cpu="0",mode="idle"}', values: '0+15x10' },
          { series: 'node_cpu_seconds_total{instance="node-1",cpu="1",mode="idle"}', values: '0+45x10' },
          { series: 'node_cpu_seconds_total{instance="node-1",cpu="0",mode="user"}', values: '0+45x10' },
          { series: 'node_memory_MemAvailable_bytes{instance="node-1"}', values: '25x10' },
          { series: 'node_memory_MemTotal_bytes{instance="node-1"}', values: '100x10' },
          { series: 'node_filesystem_avail_bytes{instance="node-1",mountpoint="/",fstype="ext4"}', values: '40x10' },
          { series: 'node_filesystem_size_bytes{instance="node-1",mountpoint="/",fstype="ext4"}', values: '100x10' },
          { series: 'node_filesystem_avail_bytes{instance="node-1",mountpoint="/run",fstype="tmpfs"}', values: '0x10' },
          { series: 'node_filesystem_size_bytes{instance="node-1",mountpoint="/run",fstype="tmpfs"}', values: '100x10' },
        ],
        promql_expr_test: [
          { expr: 'node:cpu_utilization:avg5m', eval_time: '10m', exp_samples: [{ labels: 'node:cpu_utilization:avg5m{instance="node-1"}', value: 0.5 }] },
          { expr: 'node:memory_utilization:current', eval_time: '10m', exp_samples: [{ labels: 'node:memory_utilization:current{instance="node-1"}', value: 0.75 }] },
          {
            expr: 'node:disk_utilization:current',
            eval_time: '10m',
            exp_samples: [{ labels: 'node:disk_utilization:current{instance="node-1",mountpoint="/",fstype="ext4"}', value: 0.6 }],
          },
        ],
      },
    ]);
    // THEN promtool confirms every value
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  test('custom parameters: gRPC metrics per namespace and service fire HighErrorRate at the custom threshold', () => {
    // GIVEN the service health pack on gRPC metrics, grouped by namespace and service, threshold 1 %
    const ruleFile = renderRuleFile(
      ServiceHealthRules.forServices({
        runbookBaseUrl: RUNBOOKS,
        team: 'checkout',
        selector: { namespace: LabelMatcher.regex('shop|cart') },
        requestsMetric: 'grpc_server_handled_total',
        statusCodeLabel: 'grpc_code',
        errorStatusRegex: 'Internal|Unavailable',
        groupBy: ['namespace', 'service'],
        highErrorRate: { threshold: 0.01, for: '2m', severity: Severity.WARNING },
      }).ruleGroups,
    );
    // WHEN cart/basket fails 2 % of its calls and shop/search 0.5 %
    const result = promtoolTestRules(ruleFile, [
      {
        interval: '1m',
        input_series: [
          { series: 'grpc_server_handled_total{namespace="cart",service="basket",grpc_code="OK"}', values: '0+98x20' },
          { series: 'grpc_server_handled_total{namespace="cart",service="basket",grpc_code="Unavailable"}', values: '0+2x20' },
          { series: 'grpc_server_handled_total{namespace="shop",service="search",grpc_code="OK"}', values: '0+199x20' },
          { series: 'grpc_server_handled_total{namespace="shop",service="search",grpc_code="Internal"}', values: '0+1x20' },
        ],
        alert_rule_test: [
          { eval_time: '1m30s', alertname: 'HighErrorRate', exp_alerts: [] },
          {
            eval_time: '5m',
            alertname: 'HighErrorRate',
            exp_alerts: [
              {
                exp_labels: { severity: 'warning', team: 'checkout', namespace: 'cart', service: 'basket' },
                exp_annotations: {
                  summary: 'High error rate on cart/basket',
                  description: 'Error rate is 2% for cart/basket (threshold 1%, for 2m).',
                  runbook_url: `${RUNBOOKS}/high-error-rate`,
                },
              },
            ],
          },
        ],
      },
    ]);
    // THEN only cart/basket fires, with the custom labels and wording
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });
});

import { Release } from '@cdktf/provider-helm/lib/release';
import { TerraformStack, Testing } from 'cdktf';
import { Duration } from '../../lib/core/duration';
import { parse } from 'yaml';
import { LabelMatcher } from '../../lib/rules/label-matcher';
import { renderRuleFile } from '../../lib/rules/rule-file';
import { Loki, LokiDeploymentMode, LokiObjectStorage, LokiRules, LokiTenancy } from '../../lib/loki';
import { LOKI_METRICS } from '../../lib/loki/loki-rules';
import { lokiJobPattern } from '../../lib/loki/loki';
import { PeerRole } from '../../lib/contracts/network-peer';
import { Severity } from '../../lib/rules/severity';
import { describeWithTool, promtoolCheckRules } from '../support/tools';
import { releaseValues, synthJson } from '../support/synth';
import { PROD_LOKI_JOBS } from './loki-jobs';
import { PromtoolTestCase, RUNBOOKS, expectValidationError, promtoolTestRules } from '../rules/rules-test-support';

const ALL = ['LokiRequestErrors', 'LokiRequestPanics', 'LokiIngesterFlushFailures', 'LokiCompactionNotRunning', 'LokiRetentionNotRunning', 'LokiRulerEvaluationFailures'];
const SELECTOR = { namespace: 'monitoring', job: LabelMatcher.regex(lokiJobPattern('monitoring', 'loki')) };

function build(distributed: boolean) {
  const stack = new TerraformStack(Testing.app(), 'monitoring-test');
  const loki = new Loki(stack, 'loki', {
    namespace: 'monitoring',
    tenancy: LokiTenancy.singleTenant(),
    ...(distributed
      ? { deploymentMode: LokiDeploymentMode.DISTRIBUTED, objectStorage: LokiObjectStorage.s3({ bucketName: 'acme-logs', region: 'eu-west-1', credentialsSecret: 'loki-object-storage' }), chunksCacheMemoryMiB: 1024, resultsCacheMemoryMiB: 256 }
      : {}),
  });
  return { stack, loki };
}

describe('LokiRules', () => {
  test('GIVEN the defaults THEN six alerts over Loki 3.7 metric names, in three groups, each with a runbook', () => {
    const pack = LokiRules.create({ runbookBaseUrl: RUNBOOKS, selector: SELECTOR });
    expect(pack.name).toBe('loki');
    expect(pack.ruleGroups.map((g) => g.name)).toEqual(['loki', 'loki.compactor', 'loki.ruler']);
    const rules = pack.ruleGroups.flatMap((g) => g.alertRules);
    expect(rules.map((r) => r.name)).toEqual(ALL);
    expect(rules.map((r) => r.severity)).toEqual(['critical', 'critical', 'critical', 'critical', 'critical', 'warning']);
    for (const rule of rules) {
      expect(rule.runbookUrl).toMatch(/^https:\/\/runbooks\.example\.com\/alerts\/loki-/);
      // every series of every alert carries the job selector: no alert reads another job's metrics
      const selected = /loki_[a-z_]+\{job=~"monitoring\/loki\(-\.\+\)\?",namespace="monitoring"/g;
      expect(rule.expr).toMatch(selected);
      expect(rule.expr.replace(selected, '')).not.toMatch(/loki_[a-z]/);
    }
    const expr = Object.fromEntries(rules.map((r) => [r.name, r.expr]));
    expect(expr.LokiRequestErrors).toContain(`${LOKI_METRICS.requestDuration}_count{job=~"monitoring/loki(-.+)?",namespace="monitoring",status_code=~"5.."}`);
    expect(expr.LokiRetentionNotRunning).toBe('time() - max by (namespace, job) (max_over_time(loki_compactor_apply_retention_last_successful_run_timestamp_seconds{job=~"monitoring/loki(-.+)?",namespace="monitoring"}[6h])) > 21600');
    expect(expr.LokiCompactionNotRunning).toContain('[3h])) > 10800');
  });

  test('alerts can be tuned one by one and switched off; a group whose alerts are all off is left out', () => {
    const pack = LokiRules.create({
      runbookBaseUrl: RUNBOOKS, selector: SELECTOR, team: 'observability',
      retentionNotRunning: { threshold: 12, for: '2h', severity: Severity.WARNING }, compactionNotRunning: false, rulerEvaluationFailures: false,
    });
    expect(pack.ruleGroups.map((g) => g.name)).toEqual(['loki', 'loki.compactor']);
    const retention = pack.ruleGroups[1].alertRules[0];
    expect([retention.name, retention.severity, retention.for?.toPrometheus(), retention.team]).toEqual(['LokiRetentionNotRunning', 'warning', '2h', 'observability']);
    expect(retention.expr).toMatch(/\[12h\]\)\) > 43200$/);
  });

  test.each<[string, () => unknown, string[]]>([
    ['a ratio above 1', () => LokiRules.create({ runbookBaseUrl: RUNBOOKS, requestErrors: { threshold: 10 } }), ['LokiRules "loki" > requestErrors > threshold', '10 is out of range', 'ratio above 0']],
    ['a window of 0 hours', () => LokiRules.create({ runbookBaseUrl: RUNBOOKS, retentionNotRunning: { threshold: 0 } }), ['retentionNotRunning > threshold', '0 is out of range', 'hours above 0']],
    ['negative panics', () => LokiRules.create({ runbookBaseUrl: RUNBOOKS, requestPanics: { threshold: -1 } }), ['requestPanics > threshold', '-1 is out of range']],
    ['a bad selector label', () => LokiRules.create({ runbookBaseUrl: RUNBOOKS, selector: { 'bad-label': 'x' } }), ['LokiRules "loki" > selector', 'bad-label']],
    ['a missing runbook base', () => LokiRules.create({} as never), ['runbookBaseUrl']],
  ])('refuses %s', (_, fn, parts) => {
    expectValidationError(fn, ...parts);
  });

  describeWithTool('promtool', 'the rule file', () => {
    const text = renderRuleFile(LokiRules.create({ runbookBaseUrl: RUNBOOKS, selector: SELECTOR }).ruleGroups);
    const ns = 'namespace="monitoring"';
    /** `count` values from `start`, one per interval, each `step` more (explicit, so gaps can be written as `_`). */
    const ramp = (count: number, start: number, step: number) => Array.from({ length: count }, (_, i) => String(start + i * step));

    test('passes promtool check rules', () => {
      const result = promtoolCheckRules(text);
      expect([result.status, result.output]).toEqual([0, expect.stringContaining('SUCCESS: 6 rules found')]);
      expect(parse(text).groups.map((g: any) => g.interval)).toEqual(['30s', '30s', '30s']);
    });

    test('each alert fires above its threshold and stays silent below it, for Loki jobs only (promtool test rules)', () => {
      const route = 'route="loki_api_v1_push"';
      const group = 'rule_group="/etc/loki/rules/fake/shop-logs.yaml;shop-logs",user="fake"';
      const cases: PromtoolTestCase[] = [
        {
          name: 'requests, panics, flushes, ruler: above the thresholds',
          interval: '1m',
          input_series: [
            { series: `loki_request_duration_seconds_count{${ns},job="monitoring/loki-distributor",${route},status_code="500"}`, values: '0+20x40' },
            { series: `loki_request_duration_seconds_count{${ns},job="monitoring/loki-distributor",${route},status_code="204"}`, values: '0+60x40' },
            // the same failure under a job that is not Loki's: selected by no alert
            { series: `loki_request_duration_seconds_count{${ns},job="monitoring/grafana",${route},status_code="500"}`, values: '0+20x40' },
            { series: `loki_panic_total{${ns},job="monitoring/loki-querier",pod="loki-querier-0"}`, values: '0+1x40' },
            { series: `loki_ingester_chunks_flush_failures_total{${ns},job="monitoring/loki-ingester",pod="loki-ingester-0"}`, values: '0+1x40' },
            { series: `loki_ingester_chunks_flush_requests_total{${ns},job="monitoring/loki-ingester",pod="loki-ingester-0"}`, values: '0+10x40' },
            { series: `loki_prometheus_rule_evaluation_failures_total{${ns},job="monitoring/loki-ruler",pod="loki-ruler-0",${group}}`, values: '0+1x40' },
            { series: `loki_prometheus_rule_evaluations_total{${ns},job="monitoring/loki-ruler",pod="loki-ruler-0",${group}}`, values: '0+4x40' },
          ],
          alert_rule_test: [
            firing('30m', 'LokiRequestErrors', 'critical', { job: 'monitoring/loki-distributor', route: 'loki_api_v1_push' },
              'Loki monitoring/loki-distributor answers loki_api_v1_push with errors',
              '25% of the requests to loki_api_v1_push on monitoring/loki-distributor fail with a 5xx (threshold 10%, for 15m).'),
            firing('30m', 'LokiRequestPanics', 'critical', { job: 'monitoring/loki-querier' }, 'Loki monitoring/loki-querier panics',
              "monitoring/loki-querier panicked 10 times in the last 10 minutes (threshold 0); read the pod's logs for the stack trace."),
            firing('30m', 'LokiIngesterFlushFailures', 'critical', { job: 'monitoring/loki-ingester', pod: 'loki-ingester-0' }, 'Loki ingester loki-ingester-0 fails to flush chunks',
              "10% of the chunk flushes of monitoring/loki-ingester-0 fail (threshold 1%, for 15m); the chunks stay in memory and the WAL until the object store accepts them. Check the store's credentials and reachability."),
            firing('30m', 'LokiRulerEvaluationFailures', 'warning', { job: 'monitoring/loki-ruler', rule_group: '/etc/loki/rules/fake/shop-logs.yaml;shop-logs' },
              'Loki ruler fails to evaluate /etc/loki/rules/fake/shop-logs.yaml;shop-logs',
              '25% of the evaluations of rule group /etc/loki/rules/fake/shop-logs.yaml;shop-logs on monitoring/loki-ruler fail (threshold 1%, for 10m); its LogQL alerts and recording rules are not evaluated.'),
          ],
        },
        {
          name: 'requests, panics, flushes, ruler: below the thresholds',
          interval: '1m',
          input_series: [
            { series: `loki_request_duration_seconds_count{${ns},job="monitoring/loki-distributor",${route},status_code="500"}`, values: '0+1x40' },
            { series: `loki_request_duration_seconds_count{${ns},job="monitoring/loki-distributor",${route},status_code="204"}`, values: '0+60x40' },
            { series: `loki_panic_total{${ns},job="monitoring/loki-querier",pod="loki-querier-0"}`, values: '3x40' },
            { series: `loki_ingester_chunks_flush_failures_total{${ns},job="monitoring/loki-ingester",pod="loki-ingester-0"}`, values: '0x40' },
            { series: `loki_ingester_chunks_flush_requests_total{${ns},job="monitoring/loki-ingester",pod="loki-ingester-0"}`, values: '0+10x40' },
            { series: `loki_prometheus_rule_evaluation_failures_total{${ns},job="monitoring/loki-ruler",pod="loki-ruler-0",${group}}`, values: '0x40' },
            { series: `loki_prometheus_rule_evaluations_total{${ns},job="monitoring/loki-ruler",pod="loki-ruler-0",${group}}`, values: '0+4x40' },
          ],
          alert_rule_test: ['LokiRequestErrors', 'LokiRequestPanics', 'LokiIngesterFlushFailures', 'LokiRulerEvaluationFailures'].map((alertname) => ({ eval_time: '30m', alertname, exp_alerts: [] })),
        },
        {
          name: 'compactor: compaction stuck since 10m, retention never ran',
          interval: '10m',
          input_series: [
            { series: `${LOKI_METRICS.compactionLastSuccess}{${ns},job="monitoring/loki-compactor",pod="loki-compactor-0"}`, values: '600x48' },
            { series: `${LOKI_METRICS.retentionLastSuccess}{${ns},job="monitoring/loki-compactor",pod="loki-compactor-0"}`, values: '0x48' },
          ],
          alert_rule_test: [
            firing('5h', 'LokiCompactionNotRunning', 'critical', { job: 'monitoring/loki-compactor' }, 'Loki compactor of monitoring/loki-compactor has not compacted',
              'The compactor of monitoring/loki-compactor has not compacted the index successfully for more than 3 hours (for 1h); queries slow down and retention stops with it.'),
            // the window is not over yet, and then `for` holds it: silent before 7h
            { eval_time: '6h30m', alertname: 'LokiRetentionNotRunning', exp_alerts: [] },
            firing('8h', 'LokiRetentionNotRunning', 'critical', { job: 'monitoring/loki-compactor' }, 'Loki retention of monitoring/loki-compactor is not running',
              'The compactor of monitoring/loki-compactor has not applied retention successfully for more than 6 hours (for 1h): logs older than the retention period are no longer deleted and the store keeps growing.'),
          ],
        },
        {
          name: 'compactor: running every 10m; retention across a restart (the new process has not run yet)',
          interval: '10m',
          input_series: [
            { series: `${LOKI_METRICS.compactionLastSuccess}{${ns},job="monitoring/loki-compactor",pod="loki-compactor-0"}`, values: '0+600x48' },
            { series: `${LOKI_METRICS.retentionLastSuccess}{${ns},job="monitoring/loki-compactor",pod="loki-compactor-0"}`, values: [...ramp(25, 0, 600), ...Array(24).fill('_')].join(' ') },
            { series: `${LOKI_METRICS.retentionLastSuccess}{${ns},job="monitoring/loki-compactor",pod="loki-compactor-1"}`, values: [...Array(25).fill('_'), ...ramp(24, 0, 0)].join(' ') },
          ],
          alert_rule_test: [
            { eval_time: '8h', alertname: 'LokiCompactionNotRunning', exp_alerts: [] },
            { eval_time: '8h', alertname: 'LokiRetentionNotRunning', exp_alerts: [] },
          ],
        },
      ];
      const result = promtoolTestRules(text, cases);
      expect([result.status, result.output]).toEqual([0, expect.stringContaining('SUCCESS')]);
    });
  });
});

describe('Loki self-monitoring', () => {
  test('GIVEN Monolithic THEN the jobs are the single binary and the gateway exporter; the ServiceMonitor is on once scrapedBy, and the release then waits for Prometheus', () => {
    const { stack, loki } = build(false);
    expect(loki.metricsJobs).toEqual(['monitoring/loki', 'monitoring/loki-gateway-exporter']);
    // not scraped: no ServiceMonitor, whose CRD might not exist yet
    expect((releaseValues(loki) as any).monitoring).toEqual({ serviceMonitor: { enabled: false } });
    const kps = new Release(stack, 'kps', { name: 'kube-prometheus-stack', chart: 'kube-prometheus-stack' });
    const prometheus = { release: kps, releaseName: 'kube-prometheus-stack', scrapeInterval: Duration.seconds(30) };
    loki.scrapedBy(prometheus).scrapedBy(prometheus);
    expect((releaseValues(loki) as any).monitoring).toEqual({ serviceMonitor: { enabled: true } });
    expect(synthJson(stack).resource.helm_release[stack.getLogicalId(loki.release)].depends_on).toEqual(expect.arrayContaining(['helm_release.kps']));
    expectValidationError(() => loki.scrapedBy({ ...prometheus, releaseName: 'other' }), 'monitoring-test/loki', 'already scraped by the Prometheus release "kube-prometheus-stack"', 'call scrapedBy once');
  });

  test('GIVEN Distributed with caches THEN one job per component, the gateway exporter and the caches', () => {
    expect(build(true).loki.metricsJobs).toEqual(PROD_LOKI_JOBS);
  });

  test("selfMonitoringRules() selects every job of both modes with one pattern, and no other release's", () => {
    const jobs = [...build(false).loki.metricsJobs, ...build(true).loki.metricsJobs];
    const pack = build(true).loki.selfMonitoringRules({ runbookBaseUrl: 'https://wiki.example.com/rb', team: 'logs' });
    const rules = pack.ruleGroups.flatMap((g) => g.alertRules);
    expect(rules.map((r) => r.name)).toEqual(ALL);
    expect(rules.every((r) => r.team === 'logs' && r.runbookUrl!.startsWith('https://wiki.example.com/rb/'))).toBe(true);
    const pattern = new RegExp(`^${lokiJobPattern('monitoring', 'loki')}$`);
    expect(jobs.filter((job) => !pattern.test(job))).toEqual([]);
    expect(['monitoring/lokitest', 'logs/loki', 'monitoring/grafana', 'xmonitoring/loki'].filter((job) => pattern.test(job))).toEqual([]);
    // a release name's characters are taken literally
    expect(new RegExp(`^${lokiJobPattern('monitoring', 'loki.a')}$`).test('monitoring/lokiXa')).toBe(false);
  });

  test('Prometheus may reach every metrics port: the components and caches, and the gateway exporter', () => {
    const policies = build(true).loki.networkPolicies();
    const fromPrometheus = (name: string) => policies.find((p) => p.name === name)!.ingress.filter((rule) => rule.from !== 'anywhere' && rule.from.includes(PeerRole.PROMETHEUS)).flatMap((rule) => rule.ports ?? []).map((p) => p.port);
    expect(fromPrometheus('loki')).toEqual([3100, 9150]);
    expect(fromPrometheus('loki-gateway')).toEqual([4040]);
  });
});

/** One expected firing alert, with its templates rendered as promtool renders them. */
function firing(evalTime: string, alertname: string, severity: string, labels: Record<string, string>, summary: string, description: string) {
  return {
    eval_time: evalTime,
    alertname,
    exp_alerts: [{
      exp_labels: { severity, team: 'platform', namespace: 'monitoring', ...labels },
      exp_annotations: { summary, description, runbook_url: `${RUNBOOKS}/${alertname.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}` },
    }],
  };
}

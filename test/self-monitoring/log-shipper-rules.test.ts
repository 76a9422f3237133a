import { TerraformStack, Testing } from 'cdktf';
import { parse } from 'yaml';
import { LOG_SHIPPER_JOB, LogShipper, LogShipperRules } from '../../lib/log-shipper';
import { FLUENT_BIT_METRICS } from '../../lib/log-shipper/log-shipper-rules';
import { Loki, LokiTenancy } from '../../lib/loki';
import { renderRuleFile } from '../../lib/rules/rule-file';
import { PromtoolTestCase, RUNBOOKS, expectValidationError, promtoolTestRules } from '../rules/rules-test-support';
import { describeWithTool, promtoolCheckRules } from '../support/tools';

const ALERTS = ['FluentBitOutputRetrying', 'FluentBitLogsLost', 'FluentBitInputStalled', 'FluentBitDown'];
const podA = 'job="monitoring/fluent-bit",namespace="monitoring",pod="fluent-bit-a",node="node-a"';
const podB = 'job="monitoring/fluent-bit",namespace="monitoring",pod="fluent-bit-b",node="node-b"';
const runbook = (alert: string) => `${RUNBOOKS}/${alert.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}`;

describe('LogShipperRules', () => {
  test('GIVEN the defaults THEN four alerts over Fluent Bit 5.1 metric names, each selecting the ServiceMonitor job, with runbooks', () => {
    const pack = LogShipperRules.create({ runbookBaseUrl: RUNBOOKS });
    expect(pack.name).toBe('log-shipper');
    const rules = pack.ruleGroups.flatMap((g) => g.alertRules);
    expect(rules.map((r) => [r.name, r.severity])).toEqual([
      ['FluentBitOutputRetrying', 'warning'], ['FluentBitLogsLost', 'critical'], ['FluentBitInputStalled', 'warning'], ['FluentBitDown', 'critical'],
    ]);
    for (const rule of rules) {
      expect(rule.runbookUrl).toBe(runbook(rule.name));
      expect(rule.expr).toContain(`job="${LOG_SHIPPER_JOB}"`);
    }
    expect(rules[0].expr).toContain(FLUENT_BIT_METRICS.outputRetries);
    expect(rules[1].expr).toContain(FLUENT_BIT_METRICS.outputDroppedRecords);
    expect(rules[1].expr).toContain(FLUENT_BIT_METRICS.outputRetriesFailed);
    expect(rules[2].expr).toContain('kube_pod_info{created_by_kind!="DaemonSet",node!=""}');
    expect(rules[2].expr).toContain('kube_pod_status_phase{phase="Running"} == 1');
    // kube-state-metrics' series are not Fluent Bit's: the job selector is not put on them
    expect(rules[2].expr).not.toMatch(/kube_pod_info\{[^}]*job=/);
  });

  test('alerts can be tuned, switched off, and the job and selector changed', () => {
    const pack = LogShipperRules.create({ runbookBaseUrl: RUNBOOKS, job: 'logs', selector: { namespace: 'logging' }, outputRetrying: false, inputStalled: { threshold: 0.5, for: '1h' }, down: { severity: 'warning' as never } });
    const rules = pack.ruleGroups.flatMap((g) => g.alertRules);
    expect(rules.map((r) => r.name)).toEqual(['FluentBitLogsLost', 'FluentBitInputStalled', 'FluentBitDown']);
    const stalled = rules.find((r) => r.name === 'FluentBitInputStalled')!;
    expect(stalled.expr).toContain('fluentbit_input_records_total{namespace="logging",job="logs"}');
    expect(stalled.expr).toContain('<= 0.5');
    expect(stalled.for?.toPrometheus()).toBe('1h');
    expect(rules.find((r) => r.name === 'FluentBitDown')!.severity).toBe('warning');
    expect(LogShipperRules.create({ runbookBaseUrl: RUNBOOKS, outputRetrying: false, logsLost: false, inputStalled: false, down: false }).ruleGroups).toEqual([]);
  });

  test.each<[string, () => unknown, string[]]>([
    ['a threshold on an alert that has none', () => LogShipperRules.create({ runbookBaseUrl: RUNBOOKS, logsLost: { threshold: 3 } }), ['LogShipperRules "log-shipper" > logsLost > threshold', '3 has no meaning for FluentBitLogsLost']],
    ['a negative rate', () => LogShipperRules.create({ runbookBaseUrl: RUNBOOKS, outputRetrying: { threshold: -1 } }), ['outputRetrying > threshold', '-1 is out of range']],
    ['a job with a quote', () => LogShipperRules.create({ runbookBaseUrl: RUNBOOKS, job: 'a"b' }), ['LogShipperRules "log-shipper" > job', '"a\\"b" is not a job label value', '"monitoring/fluent-bit"']],
    ['a relative runbook base', () => LogShipperRules.create({ runbookBaseUrl: '/runbooks' }), ['runbookBaseUrl', 'is not an absolute http(s) URL']],
  ])('refuses %s with the path, the value and the fix', (_, fn, parts) => {
    expectValidationError(fn, ...parts);
  });

  test('LogShipper.selfMonitoringRules() is the pack with the job its ServiceMonitor sets, and the team given', () => {
    const stack = new TerraformStack(Testing.app(), 'monitoring-test');
    const loki = new Loki(stack, 'loki', { namespace: 'monitoring', tenancy: LokiTenancy.singleTenant() });
    const shipper = new LogShipper(stack, 'log-shipper', { namespace: 'monitoring', loki, releaseName: 'logs' });
    expect(shipper.jobName).toBe('monitoring/logs');
    const pack = shipper.selfMonitoringRules({ team: 'observability', runbookBaseUrl: RUNBOOKS });
    const rules = pack.ruleGroups.flatMap((g) => g.alertRules);
    expect(rules.map((r) => r.name)).toEqual(ALERTS);
    expect(rules.every((r) => r.team === 'observability' && r.expr.includes('job="monitoring/logs"'))).toBe(true);
    const other = new TerraformStack(Testing.app(), 'monitoring-other');
    const otherLoki = new Loki(other, 'loki', { namespace: 'monitoring', tenancy: LokiTenancy.singleTenant() });
    expect(new LogShipper(other, 'log-shipper', { namespace: 'monitoring', loki: otherLoki }).jobName).toBe(LOG_SHIPPER_JOB);
    expect(shipper.selfMonitoringRules().ruleGroups.flatMap((g) => g.alertRules)[0].runbookUrl).toMatch(/^https:\/\/runbooks\.example\.com\/alerts\//);
  });

  describeWithTool('promtool', 'the rule file', () => {
    const text = renderRuleFile(LogShipperRules.create({ runbookBaseUrl: RUNBOOKS }).ruleGroups);

    test('passes promtool check rules', () => {
      const result = promtoolCheckRules(text);
      expect([result.status, result.output]).toEqual([0, expect.stringContaining('SUCCESS: 4 rules found')]);
      expect(parse(text).groups[0].interval).toBe('30s');
    });

    test('each alert fires above its threshold and stays silent below it (promtool test rules)', () => {
      const firing = (alertname: string, severity: string, labels: Record<string, string>, summary: string, description: string) => ({
        eval_time: '50m', alertname,
        exp_alerts: [{ exp_labels: { severity, team: 'platform', ...labels }, exp_annotations: { summary, description, runbook_url: runbook(alertname) } }],
      });
      const output = { namespace: 'monitoring', pod: 'fluent-bit-a', node: 'node-a', name: 'es.1' };
      const cases: PromtoolTestCase[] = [
        {
          name: 'a failing output, a stuck input, a pod down',
          interval: '1m',
          input_series: [
            { series: `fluentbit_output_retries_total{${podA},name="es.1"}`, values: '0+6x60' },
            { series: `fluentbit_output_dropped_records_total{${podA},name="es.1"}`, values: '0+5x60' },
            { series: `fluentbit_output_retries_failed_total{${podA},name="es.1"}`, values: '0+1x60' },
            // node-a: application pods run there, but the tail input reads nothing
            { series: `fluentbit_input_records_total{${podA},name="tail.0"}`, values: '100x60' },
            { series: 'kube_pod_info{job="kube-state-metrics",namespace="shop",pod="checkout-1",node="node-a",created_by_kind="ReplicaSet"}', values: '1x60' },
            { series: 'kube_pod_status_phase{job="kube-state-metrics",namespace="shop",pod="checkout-1",phase="Running"}', values: '1x60' },
            { series: `up{${podA},instance="10.0.0.1:2020"}`, values: '1x60' },
            { series: `up{${podB},instance="10.0.0.2:2020"}`, values: '0x60' },
          ],
          alert_rule_test: [
            firing('FluentBitOutputRetrying', 'warning', output, 'Fluent Bit on node-a keeps retrying output es.1',
              'Output es.1 of monitoring/fluent-bit-a retries 100m chunks/s (threshold 0, for 15m): the backend refuses or cannot be reached. Logs pile up in the tail buffer; once it is full, reading pauses.'),
            firing('FluentBitLogsLost', 'critical', output, 'Fluent Bit on node-a lost logs of output es.1',
              "Output es.1 of monitoring/fluent-bit-a gave up records in the last 5 minutes (dropped records, or chunks whose retries ran out): those lines never reach the backend. Check the backend's errors (Fluent Bit logs them) and the output's Retry_Limit."),
            firing('FluentBitInputStalled', 'warning', { node: 'node-a' }, 'Fluent Bit reads no logs on node-a',
              'Fluent Bit on node-a reads 0 records/s (threshold 0, for 30m) although application pods run there: the tail input is stuck (paused on a full buffer, or the log path is wrong).'),
            firing('FluentBitDown', 'critical', { job: 'monitoring/fluent-bit', namespace: 'monitoring', pod: 'fluent-bit-b', node: 'node-b', instance: '10.0.0.2:2020' }, 'Fluent Bit is down (fluent-bit-b on node-b)',
              'Prometheus cannot scrape Fluent Bit pod monitoring/fluent-bit-b on node-b, or no target of job monitoring/fluent-bit exists (for 10m): the logs of that node are not being shipped.'),
          ],
        },
        {
          name: 'healthy: outputs deliver, inputs read, every pod up; a quiet node with only DaemonSet pods and a finished Job stays silent',
          interval: '1m',
          input_series: [
            { series: `fluentbit_output_retries_total{${podA},name="es.1"}`, values: '0x60' },
            { series: `fluentbit_output_dropped_records_total{${podA},name="es.1"}`, values: '0x60' },
            { series: `fluentbit_output_retries_failed_total{${podA},name="es.1"}`, values: '0x60' },
            { series: `fluentbit_input_records_total{${podA},name="tail.0"}`, values: '0+600x60' },
            { series: 'kube_pod_info{job="kube-state-metrics",namespace="shop",pod="checkout-1",node="node-a",created_by_kind="ReplicaSet"}', values: '1x60' },
            { series: 'kube_pod_status_phase{job="kube-state-metrics",namespace="shop",pod="checkout-1",phase="Running"}', values: '1x60' },
            { series: `fluentbit_input_records_total{${podB},name="tail.0"}`, values: '100x60' },
            { series: 'kube_pod_info{job="kube-state-metrics",namespace="monitoring",pod="fluent-bit-b",node="node-b",created_by_kind="DaemonSet"}', values: '1x60' },
            { series: 'kube_pod_status_phase{job="kube-state-metrics",namespace="monitoring",pod="fluent-bit-b",phase="Running"}', values: '1x60' },
            // …and a finished Job's pod, which writes no more logs
            { series: 'kube_pod_info{job="kube-state-metrics",namespace="batch",pod="report-1",node="node-b",created_by_kind="Job"}', values: '1x60' },
            { series: 'kube_pod_status_phase{job="kube-state-metrics",namespace="batch",pod="report-1",phase="Running"}', values: '0x60' },
            { series: 'kube_pod_status_phase{job="kube-state-metrics",namespace="batch",pod="report-1",phase="Succeeded"}', values: '1x60' },
            { series: `up{${podA},instance="10.0.0.1:2020"}`, values: '1x60' },
            { series: `up{${podB},instance="10.0.0.2:2020"}`, values: '1x60' },
          ],
          alert_rule_test: ALERTS.map((alertname) => ({ eval_time: '50m', alertname, exp_alerts: [] })),
        },
        {
          name: 'no shipper scraped at all (the ServiceMonitor is missing): FluentBitDown fires on absent()',
          interval: '1m',
          input_series: [{ series: 'up{job="kube-state-metrics",instance="ksm:8080"}', values: '1x30' }],
          alert_rule_test: [firing('FluentBitDown', 'critical', { job: 'monitoring/fluent-bit' }, 'Fluent Bit is down ( on )',
            'Prometheus cannot scrape Fluent Bit pod / on , or no target of job monitoring/fluent-bit exists (for 10m): the logs of that node are not being shipped.')].map((t) => ({ ...t, eval_time: '20m' })),
        },
      ];
      const result = promtoolTestRules(text, cases);
      expect([result.status, result.output]).toEqual([0, expect.stringContaining('SUCCESS')]);
    });

    test('a tuned threshold moves the boundary: 0.5 records/s counts as stalled, 2 records/s does not', () => {
      const tuned = renderRuleFile(LogShipperRules.create({ runbookBaseUrl: RUNBOOKS, inputStalled: { threshold: 1, for: '10m' }, outputRetrying: false, logsLost: false, down: false }).ruleGroups);
      const series = (perMinute: number): PromtoolTestCase => ({
        interval: '1m',
        input_series: [
          { series: `fluentbit_input_records_total{${podA},name="tail.0"}`, values: `0+${perMinute}x60` },
          { series: 'kube_pod_info{namespace="shop",pod="checkout-1",node="node-a",created_by_kind="ReplicaSet"}', values: '1x60' },
          { series: 'kube_pod_status_phase{namespace="shop",pod="checkout-1",phase="Running"}', values: '1x60' },
        ],
        alert_rule_test: [{
          eval_time: '40m', alertname: 'FluentBitInputStalled',
          exp_alerts: perMinute / 60 <= 1 ? [{
            exp_labels: { severity: 'warning', team: 'platform', node: 'node-a' },
            exp_annotations: {
              summary: 'Fluent Bit reads no logs on node-a', runbook_url: runbook('FluentBitInputStalled'),
              description: 'Fluent Bit on node-a reads 500m records/s (threshold 1, for 10m) although application pods run there: the tail input is stuck (paused on a full buffer, or the log path is wrong).',
            },
          }] : [],
        }],
      });
      const result = promtoolTestRules(tuned, [series(30), series(120)]);
      expect([result.status, result.output]).toEqual([0, expect.stringContaining('SUCCESS')]);
    });
  });
});

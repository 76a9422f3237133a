import { parse } from 'yaml';
import { renderRuleFile } from '../../lib/rules/rule-file';
import { TracingPipelineRules } from '../../lib/otel-collector';
import { COLLECTOR_METRICS } from '../../lib/otel-collector/tracing-pipeline-rules';
import { describeWithTool, promtoolCheckRules } from '../support/tools';
import { PromtoolTestCase, RUNBOOKS, expectValidationError, promtoolTestRules } from '../rules/rules-test-support';

const pod = 'namespace="monitoring",pod="otel-collector-0"';

describe('TracingPipelineRules', () => {
  test('GIVEN the defaults THEN four warnings with runbooks over the collector 0.1xx metric names', () => {
    const pack = TracingPipelineRules.create({ runbookBaseUrl: RUNBOOKS });
    expect(pack.name).toBe('tracing-pipeline');
    const rules = pack.ruleGroups[0].alertRules;
    expect(rules.map((r) => r.name)).toEqual(['OtelCollectorRefusingSpans', 'OtelCollectorDroppingSpans', 'OtelCollectorExporterFailing', 'OtelCollectorQueueNearlyFull']);
    for (const rule of rules) {
      expect(rule.severity).toBe('warning');
      expect(rule.runbookUrl).toMatch(/^https:\/\/runbooks\.example\.com\/alerts\/otel-collector-/);
    }
    expect(rules[0].expr).toContain('otelcol_receiver_refused_spans_total');
    expect(rules[1].expr).toContain('otelcol_exporter_enqueue_failed_spans_total');
    expect(rules[2].expr).toContain('otelcol_exporter_send_failed_spans_total');
    expect(rules[3].expr).toContain('otelcol_exporter_queue_capacity');
    expect(Object.values(COLLECTOR_METRICS).filter((m) => m.includes('spans')).every((m) => m.endsWith('_total'))).toBe(true);
  });

  test('alerts can be tuned, selected and switched off', () => {
    const pack = TracingPipelineRules.create({ runbookBaseUrl: RUNBOOKS, selector: { namespace: 'monitoring' }, queueNearlyFull: { threshold: 0.5 }, droppingSpans: false });
    const rules = pack.ruleGroups[0].alertRules;
    expect(rules.map((r) => r.name)).not.toContain('OtelCollectorDroppingSpans');
    expect(rules.find((r) => r.name === 'OtelCollectorQueueNearlyFull')!.expr).toMatch(/otelcol_exporter_queue_size\{namespace="monitoring"\}.* > 0\.5$/);
  });

  test.each<[string, () => unknown, string[]]>([
    ['a ratio above 1', () => TracingPipelineRules.create({ runbookBaseUrl: RUNBOOKS, exporterFailing: { threshold: 5 } }), ['TracingPipelineRules "tracing-pipeline" > exporterFailing > threshold', '5 is out of range', 'ratio above 0']],
    ['negative spans per second', () => TracingPipelineRules.create({ runbookBaseUrl: RUNBOOKS, refusingSpans: { threshold: -1 } }), ['refusingSpans > threshold', '-1 is out of range']],
    ['a relative runbook base', () => TracingPipelineRules.create({ runbookBaseUrl: '/runbooks' }), ['runbookBaseUrl', '"/runbooks" is not an absolute http(s) URL']],
  ])('refuses %s', (_, fn, parts) => {
    expectValidationError(fn, ...parts);
  });

  describeWithTool('promtool', 'the rule file', () => {
    const text = renderRuleFile(TracingPipelineRules.create({ runbookBaseUrl: RUNBOOKS }).ruleGroups);

    test('passes promtool check rules', () => {
      const result = promtoolCheckRules(text);
      expect([result.status, result.output]).toEqual([0, expect.stringContaining('SUCCESS: 4 rules found')]);
      expect(parse(text).groups[0].interval).toBe('30s');
    });

    test('each alert fires when it should and stays silent when it should (promtool test rules)', () => {
      const cases: PromtoolTestCase[] = [
        {
          name: 'firing',
          interval: '1m',
          input_series: [
            { series: `otelcol_receiver_refused_spans_total{${pod},receiver="otlp"}`, values: '0+60x30' },
            { series: `otelcol_exporter_enqueue_failed_spans_total{${pod},exporter="otlp/jaeger"}`, values: '0+60x30' },
            { series: `otelcol_exporter_send_failed_spans_total{${pod},exporter="otlp/jaeger"}`, values: '0+60x30' },
            { series: `otelcol_exporter_sent_spans_total{${pod},exporter="otlp/jaeger"}`, values: '0+600x30' },
            { series: `otelcol_exporter_queue_size{${pod},exporter="otlp/jaeger"}`, values: '4500x30' },
            { series: `otelcol_exporter_queue_capacity{${pod},exporter="otlp/jaeger"}`, values: '5000x30' },
          ],
          alert_rule_test: [
            firing('OtelCollectorRefusingSpans', { receiver: 'otlp' }, 'OTel collector otel-collector-0 refuses spans on otlp',
              'Receiver otlp of monitoring/otel-collector-0 refuses 1 spans/s (threshold 0, for 5m); applications lose these spans. Usually memory_limiter pressure: raise the memory limit or the replicas.'),
            firing('OtelCollectorDroppingSpans', { exporter: 'otlp/jaeger' }, 'OTel collector otel-collector-0 drops spans for otlp/jaeger',
              'monitoring/otel-collector-0 drops 1 spans/s because the queue of exporter otlp/jaeger is full (threshold 0, for 5m).'),
            firing('OtelCollectorExporterFailing', { exporter: 'otlp/jaeger' }, 'OTel collector exporter otlp/jaeger fails to send spans',
              'Exporter otlp/jaeger of monitoring/otel-collector-0 fails to send 9.091% of its spans (threshold 1%, for 10m); check that the backend is up and reachable.'),
            firing('OtelCollectorQueueNearlyFull', { exporter: 'otlp/jaeger' }, 'OTel collector queue of otlp/jaeger nearly full',
              'The sending queue of exporter otlp/jaeger on monitoring/otel-collector-0 is 90% full (threshold 80%, for 5m); spans are dropped when it is full.'),
          ],
        },
        {
          name: 'healthy',
          interval: '1m',
          input_series: [
            { series: `otelcol_receiver_refused_spans_total{${pod},receiver="otlp"}`, values: '0x30' },
            { series: `otelcol_exporter_enqueue_failed_spans_total{${pod},exporter="otlp/jaeger"}`, values: '0x30' },
            { series: `otelcol_exporter_send_failed_spans_total{${pod},exporter="otlp/jaeger"}`, values: '0x30' },
            { series: `otelcol_exporter_sent_spans_total{${pod},exporter="otlp/jaeger"}`, values: '0+600x30' },
            { series: `otelcol_exporter_queue_size{${pod},exporter="otlp/jaeger"}`, values: '100x30' },
            { series: `otelcol_exporter_queue_capacity{${pod},exporter="otlp/jaeger"}`, values: '5000x30' },
          ],
          alert_rule_test: ['OtelCollectorRefusingSpans', 'OtelCollectorDroppingSpans', 'OtelCollectorExporterFailing', 'OtelCollectorQueueNearlyFull'].map((name) => ({ eval_time: '20m', alertname: name, exp_alerts: [] })),
        },
      ];
      const result = promtoolTestRules(text, cases);
      expect([result.status, result.output]).toEqual([0, expect.stringContaining('SUCCESS')]);
    });
  });
});

/** One expected firing alert at 20m, with its templates rendered as promtool renders them. */
function firing(alertname: string, labels: Record<string, string>, summary: string, description: string) {
  return {
    eval_time: '20m',
    alertname,
    exp_alerts: [{
      exp_labels: { severity: 'warning', team: 'platform', namespace: 'monitoring', pod: 'otel-collector-0', ...labels },
      exp_annotations: { summary, description, runbook_url: `${RUNBOOKS}/${alertname.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}` },
    }],
  };
}

import { JaegerRules } from '../../lib/jaeger';
import { renderRuleFile } from '../../lib/rules/rule-file';
import { describeWithTool, promtoolCheckRules } from '../support/tools';
import { InputSeries, RUNBOOKS, expectValidationError } from '../rules/rules-test-support';
import { AlertScenario, runScenarios } from '../alertmanager/alert-scenarios';

/** The labels Jaeger's ServiceMonitor gives its series (job = <namespace>/<Service name>, Jaeger.jobName). */
const target = (pod: number, extra = '') => `job="monitoring/jaeger",namespace="monitoring",pod="jaeger-${pod}",instance="10.0.2.${pod}:8888"${extra}`;
const series = (metric: string, pod: number, values: string, extra = ''): InputSeries => ({ series: `${metric}{${target(pod, extra)}}`, values });
const storage = ',exporter="jaeger_storage_exporter"';
const otlp = ',receiver="otlp",transport="grpc"';
/** Two healthy replicas writing 100 spans/s each. */
const healthy = (): InputSeries[] => [0, 1].flatMap((pod) => [
  series('up', pod, '1x60'),
  series('otelcol_exporter_sent_spans_total', pod, '0+6000x60', storage),
  series('otelcol_exporter_send_failed_spans_total', pod, '0x60', storage),
  series('otelcol_exporter_enqueue_failed_spans_total', pod, '0x60', storage),
  series('otelcol_receiver_accepted_spans_total', pod, '0+6000x60', otlp),
  series('otelcol_receiver_refused_spans_total', pod, '0x60', otlp),
]);
const replace = (base: InputSeries[], ...replacements: InputSeries[]): InputSeries[] =>
  [...base.filter((s) => !replacements.some((r) => r.series === s.series)), ...replacements];

const SELECTOR = { job: 'monitoring/jaeger', namespace: 'monitoring' };

describe('JaegerRules', () => {
  test('GIVEN the defaults THEN the storage, queue, receiver, down and absent alerts over the v2 (collector) metric names', () => {
    const rules = JaegerRules.create({ runbookBaseUrl: RUNBOOKS, selector: SELECTOR }).ruleGroups.flatMap((g) => g.alertRules);
    expect(rules.map((r) => [r.name, r.severity])).toEqual([
      ['JaegerStorageWriteFailures', 'critical'], ['JaegerDroppingSpans', 'warning'], ['JaegerReceiverRefusingSpans', 'warning'], ['JaegerDown', 'warning'], ['JaegerAbsent', 'warning'],
    ]);
    for (const rule of rules) {
      expect(rule.runbookUrl).toMatch(/^https:\/\/runbooks\.example\.com\/alerts\/jaeger-/);
      expect(rule.expr).toContain('job="monitoring/jaeger",namespace="monitoring"');
    }
    expect(rules[0].expr).toContain('otelcol_exporter_send_failed_spans_total{job="monitoring/jaeger",namespace="monitoring",exporter="jaeger_storage_exporter"}');
  });

  test('alerts can be tuned and switched off one by one', () => {
    const rules = JaegerRules.create({ runbookBaseUrl: RUNBOOKS, refusingSpans: false, droppingSpans: { threshold: 10 } }).ruleGroups.flatMap((g) => g.alertRules);
    expect(rules.map((r) => r.name)).not.toContain('JaegerReceiverRefusingSpans');
    expect(rules.find((r) => r.name === 'JaegerDroppingSpans')!.expr).toMatch(/ > 10$/);
  });

  test.each<[string, () => unknown, string[]]>([
    ['a ratio above 1', () => JaegerRules.create({ runbookBaseUrl: RUNBOOKS, storageWriteFailures: { threshold: 3 } }), ['JaegerRules "jaeger" > storageWriteFailures > threshold', '3 is out of range']],
    ['negative spans per second', () => JaegerRules.create({ runbookBaseUrl: RUNBOOKS, droppingSpans: { threshold: -1 } }), ['droppingSpans > threshold', 'spans per second']],
    ['a threshold on absent', () => JaegerRules.create({ runbookBaseUrl: RUNBOOKS, absent: { threshold: 1 } }), ['absent > threshold', 'has no meaning for JaegerAbsent']],
  ])('refuses %s', (_, fn, parts) => {
    expectValidationError(fn, ...parts);
  });

  describeWithTool('promtool', 'the rule file', () => {
    const text = renderRuleFile(JaegerRules.create({ runbookBaseUrl: RUNBOOKS, selector: SELECTOR }).ruleGroups);

    test('passes promtool check rules', () => {
      const result = promtoolCheckRules(text);
      expect([result.status, result.output]).toEqual([0, expect.stringContaining('SUCCESS: 5 rules found')]);
    });

    test('each alert fires above its threshold and stays silent below it (promtool test rules)', () => {
      const base = healthy();
      const scenarios: AlertScenario[] = [
        { name: 'healthy: silence', series: base, firing: {} },
        // 10 spans/s failed against 100 sent: 9 % > 1 %.
        { name: 'storage writes failing', series: replace(base, series('otelcol_exporter_send_failed_spans_total', 0, '0+600x60', storage)), firing: { JaegerStorageWriteFailures: 1 } },
        // 0.5 spans/s failed: 0.5 % < 1 %.
        { name: 'rare storage write failures', series: replace(base, series('otelcol_exporter_send_failed_spans_total', 0, '0+30x60', storage)), firing: {} },
        // Another exporter's failures are not the storage's.
        { name: 'another exporter failing', series: [...base, series('otelcol_exporter_send_failed_spans_total', 0, '0+600x60', ',exporter="otlp/other"')], firing: {} },
        { name: 'storage queue full', series: replace(base, series('otelcol_exporter_enqueue_failed_spans_total', 1, '0+60x60', storage)), firing: { JaegerDroppingSpans: 1 } },
        {
          name: 'receiver refusing spans',
          series: replace(base, series('otelcol_receiver_refused_spans_total', 0, '0+60x60', otlp)),
          firing: { JaegerReceiverRefusingSpans: 1 },
          labels: [{ alertname: 'JaegerReceiverRefusingSpans', by: ['pod', 'receiver', 'transport'], samples: [{ labels: '{pod="jaeger-0", receiver="otlp", transport="grpc"}', value: 1 }] }],
        },
        { name: 'a replica down', series: replace(base, series('up', 0, '1x10 0x50')), firing: { JaegerDown: 1 } },
        { name: 'Jaeger not scraped at all (the annotation job does not count)', series: [{ series: 'up{job="kubernetes-pods",namespace="monitoring",app="jaeger"}', values: '1x60' }], firing: { JaegerAbsent: 1 } },
      ];
      const result = runScenarios(text, scenarios);
      expect([result.status, result.output]).toEqual([0, expect.stringContaining('SUCCESS')]);
    });
  });
});

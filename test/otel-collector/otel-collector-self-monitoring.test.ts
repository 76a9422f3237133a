import { TerraformStack, Testing } from 'cdktf';
import { releaseValues, synthJson } from '../support/synth';
import { Jaeger } from '../../lib/jaeger';
import { OtelCollector, TracingPipelineRules } from '../../lib/otel-collector';
import { LabelMatcher } from '../../lib/rules/label-matcher';
import { renderRuleFile } from '../../lib/rules/rule-file';
import { describeWithTool, promtoolCheckRules } from '../support/tools';
import { PromtoolTestCase, RUNBOOKS, expectValidationError, promtoolTestRules } from '../rules/rules-test-support';
import { stubScrapingPrometheus } from '../support/scraping-prometheus';

const FOUR = ['OtelCollectorRefusingSpans', 'OtelCollectorDroppingSpans', 'OtelCollectorExporterFailing', 'OtelCollectorQueueNearlyFull'];
const JOB = { namespace: 'monitoring', job: 'monitoring/otel-collector' };

function collector(releaseName?: string, spanMetrics?: false) {
  const stack = new TerraformStack(Testing.app(), 'monitoring-test');
  const jaeger = new Jaeger(stack, 'jaeger', { namespace: 'monitoring' });
  return new OtelCollector(stack, 'otel-collector', { namespace: 'monitoring', tracesBackend: jaeger, releaseName, spanMetrics });
}

describe('TracingPipelineRules with the collector job', () => {
  test('GIVEN a selector with the job THEN OtelCollectorDown joins the four, in its own group, and every series selects the job', () => {
    const pack = TracingPipelineRules.create({ runbookBaseUrl: RUNBOOKS, selector: JOB });
    expect(pack.ruleGroups.map((g) => g.name)).toEqual(['tracing-pipeline', 'tracing-pipeline.availability']);
    expect(pack.ruleGroups[0].alertRules.map((r) => r.name)).toEqual(FOUR);
    const down = pack.ruleGroups[1].alertRules[0];
    expect([down.name, down.severity, down.for?.toPrometheus(), down.expr]).toEqual(['OtelCollectorDown', 'critical', '5m', 'max by (namespace, job) (up{job="monitoring/otel-collector",namespace="monitoring"}) == 0 or absent(up{job="monitoring/otel-collector",namespace="monitoring"})']);
    for (const rule of pack.ruleGroups.flatMap((g) => g.alertRules)) {
      expect(rule.expr.match(/(otelcol_[a-z_]+|up)\{[^}]*\}/g)!.every((series) => series.includes('job="monitoring/otel-collector"'))).toBe(true);
      expect(rule.expr.replace(/(otelcol_[a-z_]+|up)\{[^}]*\}/g, '')).not.toMatch(/otelcol_|\bup\b/);
    }
  });

  test('GIVEN no job THEN OtelCollectorDown is left out (up{} would be every target); `false` leaves it out with a job', () => {
    expect(TracingPipelineRules.create({ runbookBaseUrl: RUNBOOKS, selector: { namespace: 'monitoring' } }).ruleGroups.map((g) => g.name)).toEqual(['tracing-pipeline']);
    expect(TracingPipelineRules.create({ runbookBaseUrl: RUNBOOKS, selector: JOB, collectorDown: false }).ruleGroups.flatMap((g) => g.alertRules).map((r) => r.name)).toEqual(FOUR);
    // a regex job counts as a job
    const regex = TracingPipelineRules.create({ runbookBaseUrl: RUNBOOKS, selector: { job: LabelMatcher.regex('.*/otel-collector') } });
    expect(regex.ruleGroups[1].alertRules[0].expr).toBe('max by (namespace, job) (up{job=~".*/otel-collector"}) == 0 or absent(up{job=~".*/otel-collector"})');
  });

  test.each<[string, () => unknown, string[]]>([
    ['collectorDown options without a job', () => TracingPipelineRules.create({ runbookBaseUrl: RUNBOOKS, collectorDown: { for: '10m' } }),
      ['TracingPipelineRules "tracing-pipeline" > collectorDown', '{"for":"10m"}', 'names no `job`', 'OtelCollector.metricsJob']],
    ['a threshold for collectorDown', () => TracingPipelineRules.create({ runbookBaseUrl: RUNBOOKS, selector: JOB, collectorDown: { threshold: 1 } }),
      ['collectorDown > threshold', "no target of the collector's job is up", 'remove `threshold`']],
  ])('refuses %s', (_, fn, parts) => {
    expectValidationError(fn, ...parts);
  });

  describeWithTool('promtool', 'the rule file with the job', () => {
    const text = renderRuleFile(TracingPipelineRules.create({ runbookBaseUrl: RUNBOOKS, selector: JOB }).ruleGroups);
    const target = (pod: string) => `up{namespace="monitoring",job="monitoring/otel-collector",pod="${pod}"}`;

    test('passes promtool check rules', () => {
      const result = promtoolCheckRules(text);
      expect([result.status, result.output]).toEqual([0, expect.stringContaining('SUCCESS: 5 rules found')]);
    });

    test('OtelCollectorDown fires when every replica is down or none is scraped, not while one is up nor for another job (promtool test rules)', () => {
      const downAlert = {
        exp_labels: { severity: 'critical', team: 'platform', namespace: 'monitoring', job: 'monitoring/otel-collector' },
        exp_annotations: {
          summary: 'OTel collector monitoring/otel-collector is down',
          description: "No target of monitoring/otel-collector has been up for 5m (every replica down, or none scraped): applications' spans and span metrics are lost.",
          runbook_url: `${RUNBOOKS}/otel-collector-down`,
        },
      };
      const cases: PromtoolTestCase[] = [
        { name: 'both replicas down', interval: '1m', input_series: [{ series: target('a'), values: '0x20' }, { series: target('b'), values: '0x20' }],
          alert_rule_test: [{ eval_time: '10m', alertname: 'OtelCollectorDown', exp_alerts: [downAlert] }] },
        { name: 'not scraped at all (another job is up)', interval: '1m', input_series: [{ series: 'up{namespace="monitoring",job="monitoring/grafana",pod="g"}', values: '1x20' }],
          alert_rule_test: [{ eval_time: '10m', alertname: 'OtelCollectorDown', exp_alerts: [downAlert] }] },
        { name: 'one replica of two up', interval: '1m', input_series: [{ series: target('a'), values: '0x20' }, { series: target('b'), values: '1x20' }],
          alert_rule_test: [{ eval_time: '10m', alertname: 'OtelCollectorDown', exp_alerts: [] }] },
        { name: 'down for less than 5m', interval: '1m', input_series: [{ series: target('a'), values: '1x6 0x14' }],
          alert_rule_test: [{ eval_time: '10m', alertname: 'OtelCollectorDown', exp_alerts: [] }] },
        { name: 'another job down, the collector up', interval: '1m', input_series: [{ series: target('a'), values: '1x20' }, { series: 'up{namespace="monitoring",job="monitoring/grafana",pod="g"}', values: '0x20' }],
          alert_rule_test: [{ eval_time: '10m', alertname: 'OtelCollectorDown', exp_alerts: [] }] },
        { name: "another job's refused spans", interval: '1m',
          input_series: [{ series: 'otelcol_receiver_refused_spans_total{namespace="monitoring",job="shop/otel-agent",pod="x",receiver="otlp"}', values: '0+60x30' }, { series: target('a'), values: '1x30' }],
          alert_rule_test: [{ eval_time: '20m', alertname: 'OtelCollectorRefusingSpans', exp_alerts: [] }] },
      ];
      const result = promtoolTestRules(text, cases);
      expect([result.status, result.output]).toEqual([0, expect.stringContaining('SUCCESS')]);
    });
  });
});

describe('OtelCollector self-monitoring', () => {
  test('GIVEN scrapedBy THEN the chart ServiceMonitor scrapes both ports under their stable jobs, no annotation remains, and the release waits for Prometheus', () => {
    const c = collector();
    const stack = TerraformStack.of(c);
    const kps = stubScrapingPrometheus(stack);
    expect(c.scrapedBy(kps)).toBe(c);
    const values = releaseValues(c);
    expect(values.serviceMonitor).toEqual({
      enabled: true,
      metricsEndpoints: [
        { port: 'metrics', path: '/metrics', relabelings: [{ action: 'replace', targetLabel: 'job', replacement: 'monitoring/otel-collector' }] },
        { port: 'spanmetrics', path: '/metrics', relabelings: [{ action: 'replace', targetLabel: 'job', replacement: 'monitoring/otel-collector-spanmetrics' }] },
      ],
    });
    // the annotation jobs would scrape the same ports a second time
    expect(JSON.stringify(values)).not.toContain('prometheus.io/');
    const own = synthJson(stack).resource.helm_release[stack.getLogicalId(c.release)];
    expect(own.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^helm_release\.prometheus-kube-prometheus-stack/)]));
    // the same Prometheus again changes nothing (no second monitor); another one is refused
    const before = synthJson(stack);
    expect(c.scrapedBy(kps)).toBe(c);
    expect(synthJson(stack)).toEqual(before);
    expectValidationError(() => c.scrapedBy(stubScrapingPrometheus(stack, 'other')),
      'monitoring-test/otel-collector: is already scraped by the Prometheus release "kube-prometheus-stack"; one monitor serves every Prometheus that selects it, so call scrapedBy once.');
  });

  test('GIVEN scrapedBy without span metrics THEN one endpoint', () => {
    const c = collector(undefined, false);
    c.scrapedBy(stubScrapingPrometheus(TerraformStack.of(c)));
    expect(releaseValues(c).serviceMonitor.metricsEndpoints.map((e: any) => e.port)).toEqual(['metrics']);
  });

  test('metricsJob is `<namespace>/<release>`, and selfMonitoringRules() selects it with the Down alert on', () => {
    const c = collector('traces-gw');
    expect([c.metricsJob, c.spanMetricsJob]).toEqual(['monitoring/traces-gw', 'monitoring/traces-gw-spanmetrics']);
    const pack = c.selfMonitoringRules({ team: 'tracing' });
    const rules = pack.ruleGroups.flatMap((g) => g.alertRules);
    expect(rules.map((r) => r.name)).toEqual([...FOUR, 'OtelCollectorDown']);
    expect(rules.every((r) => r.team === 'tracing' && r.runbookUrl!.startsWith('https://runbooks.example.com/alerts/otel-collector-'))).toBe(true);
    expect(rules[4].expr).toBe('max by (namespace, job) (up{job="monitoring/traces-gw",namespace="monitoring"}) == 0 or absent(up{job="monitoring/traces-gw",namespace="monitoring"})');
  });
});

import { renderRuleFile } from '../../lib/rules/rule-file';
import { ServiceLevelObjective, Sli } from '../../lib/rules/slo';
import { bucketBoundPattern } from '../../lib/rules/slo/bucket-bound';
import { describeWithTool } from '../support/tools';
import { promtoolTestSloCases, series } from './promtool-harness';

function slo(sli: Sli): ServiceLevelObjective {
  return new ServiceLevelObjective({ service: 'api', name: 'sli', objectivePercent: 99, sli, errorBudgetAlerts: [] });
}
const ID = { sloth_id: 'api-sli', sloth_service: 'api', sloth_slo: 'sli', sloth_window: '5m' };
const RATIO5M = 'slo:sli_error:ratio_rate5m{sloth_id="api-sli"}';

function histogram(le: string) {
  return [
    { series: 'http_request_duration_seconds_bucket{service="api",le="0.25"}', values: '0+50x30' },
    { series: `http_request_duration_seconds_bucket{service="api",le="${le}"}`, values: '0+90x30' },
    { series: 'http_request_duration_seconds_bucket{service="api",le="+Inf"}', values: '0+100x30' },
    { series: 'http_request_duration_seconds_count{service="api"}', values: '0+100x30' },
  ];
}

describe('latency bucket matching', () => {
  test('the le pattern matches the spellings exporters use, and only the threshold', () => {
    // GIVEN the pattern for 0.5 and for 1, anchored the way Prometheus anchors regex matchers
    const half = new RegExp(`^(?:${bucketBoundPattern(0.5, 't')})$`);
    const one = new RegExp(`^(?:${bucketBoundPattern(1, 't')})$`);
    // THEN
    for (const text of ['0.5', '0.50', '0.500', '.5', '5e-01', '5e-1']) expect(half.test(text)).toBe(true);
    for (const text of ['0.05', '5', '0.25', '1.5', '0.51', '+Inf']) expect(half.test(text)).toBe(false);
    for (const text of ['1', '1.0', '1.00', '1e+00', '1e0']) expect(one.test(text)).toBe(true);
    for (const text of ['10', '0.1', '11', '1.01']) expect(one.test(text)).toBe(false);
  });
});

describeWithTool('promtool', 'each SLI kind measures what it says', () => {
  const latency = slo(Sli.latency({ histogram: 'http_request_duration_seconds', selector: { service: 'api' }, thresholdSeconds: 0.5 }));

  test.each(['0.5', '0.50', '5e-01'])('latency: 10 %% slower than 0.5 s gives a 0.1 error ratio with le="%s"', (le) => {
    // GIVEN 100 requests a minute, 90 of them within the 0.5 s bucket spelled `le`
    // THEN bad = total − bucket = 10 %
    const result = promtoolTestSloCases(renderRuleFile([latency.ruleGroup()]), [
      { name: `le=${le}`, inputSeries: histogram(le), exprTests: [{ expr: `round(${RATIO5M}, 0.0001)`, evalTime: '20m', expSamples: [{ labels: series('', ID), value: 0.1 }] }] },
    ]);
    expect(result.output).toContain('SUCCESS');
  });

  test('latency: a threshold that is not a bucket bound gives no SLI data (not a page for every request), and the absent alert says why', () => {
    const wrong = new ServiceLevelObjective({
      service: 'api', name: 'sli', objectivePercent: 99, errorBudgetAlerts: [],
      sli: Sli.latency({ histogram: 'http_request_duration_seconds', selector: { service: 'api' }, thresholdSeconds: 0.3 }),
    });
    const result = promtoolTestSloCases(renderRuleFile([wrong.ruleGroup()]), [
      {
        name: 'no bucket',
        inputSeries: histogram('0.5'),
        exprTests: [
          { expr: RATIO5M, evalTime: '20m', expSamples: [] },
          { expr: 'ALERTS{alertstate="firing"}', evalTime: '20m', expSamples: [{ labels: series('ALERTS', { alertname: 'ApiSliSliAbsent', alertstate: 'firing', severity: 'warning', sli_absent: 'threshold_bucket', sloth_id: 'api-sli', sloth_service: 'api', sloth_slo: 'sli' }), value: 1 }] },
        ],
      },
    ]);
    expect(result.output).toContain('SUCCESS');
  });

  test('availability gauge: one of four targets down half the time gives 12.5 %', () => {
    // GIVEN four `up` series, one alternating 1/0 every minute
    const gauge = slo(Sli.availabilityGauge({ metric: 'up', selector: { job: 'api' } }));
    const up = (instance: string, values: string) => ({ series: `up{job="api",instance="${instance}"}`, values });
    const result = promtoolTestSloCases(renderRuleFile([gauge.ruleGroup()]), [
      {
        name: 'gauge',
        inputSeries: [up('a', '1x60'), up('b', '1x60'), up('c', '1x60'), up('d', '1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0')],
        exprTests: [{ expr: `round(${RATIO5M}, 0.001)`, evalTime: '30m', expSamples: [{ labels: series('', ID), value: 0.125 }] }],
      },
    ]);
    expect(result.output).toContain('SUCCESS');
  });

  test('raw error ratio: the ratio is recorded as given, and NaN (no data) is dropped, not averaged in', () => {
    // GIVEN a gauge ratio of 0.02 for 30 minutes, then gone
    const raw = slo(Sli.errorRatio({ errorRatioQuery: 'avg(avg_over_time(job:error_ratio{job="api"}[{{.window}}]))' }));
    const result = promtoolTestSloCases(renderRuleFile([raw.ruleGroup()]), [
      {
        name: 'raw',
        inputSeries: [{ series: 'job:error_ratio{job="api"}', values: '0.02x30' }],
        exprTests: [
          { expr: RATIO5M, evalTime: '20m', expSamples: [{ labels: series('slo:sli_error:ratio_rate5m', ID), value: 0.02 }] },
          { expr: 'round(slo:sli_error:ratio_rate30d{sloth_id="api-sli"}, 0.0001)', evalTime: '2h', expSamples: [{ labels: series('', { ...ID, sloth_window: '30d' }), value: 0.02 }] },
        ],
      },
    ]);
    expect(result.output).toContain('SUCCESS');
  });
});

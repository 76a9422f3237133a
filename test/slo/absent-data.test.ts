import { Severity } from '../../lib/rules/severity';
import { ServiceLevelObjective, ServiceLevelObjectiveProps, Sli } from '../../lib/rules/slo';
import { describeWithTool } from '../support/tools';
import { series } from './promtool-harness';
import { API_SLO_ID, API_SLO_SELECTOR, runSloPromtool } from './api-slo';

const ID = API_SLO_ID;
const SEL = API_SLO_SELECTOR;
const ABSENT = 'ApiAvailabilitySliAbsent';

function apiSlo(sli: Sli, extra: Partial<ServiceLevelObjectiveProps> = {}): ServiceLevelObjective {
  return new ServiceLevelObjective({ service: 'api', name: 'availability', objectivePercent: 99.9, sli, labels: { tier: 'critical' }, team: 'platform', ...extra });
}
const counterSli = Sli.eventsFromCounter({ metric: 'http_requests_total', selector: { service: 'api' }, errorSelector: { status_code: /5../ } });

function absentAlert(problem: string, labels: Record<string, string> = {}) {
  return {
    labels: series('ALERTS', { alertname: ABSENT, alertstate: 'firing', severity: Severity.WARNING, team: 'platform', tier: 'critical', sli_absent: problem, ...ID, ...labels }),
    value: 1,
  };
}

const run = runSloPromtool;

describe('absent-data alerts: the model', () => {
  test('one per way the SLI can lose its data; off when asked, and named, held and graded as asked', () => {
    const names = (slo: ServiceLevelObjective) => slo.ruleGroup().alertRules.filter((a) => a.labels.sli_absent !== undefined).map((a) => [a.name, a.labels.sli_absent, a.severity, a.for?.toPrometheus()]);
    expect(names(apiSlo(counterSli))).toEqual([[ABSENT, 'events', 'warning', '10m']]);
    const latency = Sli.latency({ histogram: 'http_request_duration_seconds', thresholdSeconds: 0.5 });
    expect(names(apiSlo(latency))).toEqual([[ABSENT, 'events', 'warning', '10m'], [ABSENT, 'threshold_bucket', 'warning', '10m']]);
    expect(names(apiSlo(counterSli, { absentAlert: { enabled: false } }))).toEqual([]);
    expect(names(apiSlo(counterSli, { absentAlert: { name: 'ApiBlind', severity: Severity.INFO, for: '30m' } }))).toEqual([['ApiBlind', 'events', 'info', '30m']]);
  });
});

describeWithTool('promtool', 'absent-data alerts: a missing SLI does not read as a perfect SLO', () => {
  test('a missing (renamed) SLI metric raises the absent alert, with the SLO labels', () => {
    // GIVEN the service's counter was renamed: only http_server_requests_total exists
    // THEN after 10 minutes the absent alert fires (the SLO itself would show budget 1 and no burn)
    run(apiSlo(counterSli), [
      {
        name: 'renamed metric',
        inputSeries: [{ series: 'http_server_requests_total{service="api",status_code="200"}', values: '0+1000x60' }],
        exprTests: [
          { expr: `ALERTS{alertname="${ABSENT}"}`, evalTime: '5m', expSamples: [{ ...absentAlert('events'), labels: absentAlert('events').labels.replace('firing', 'pending') }] },
          { expr: 'ALERTS{alertstate="firing"}', evalTime: '30m', expSamples: [absentAlert('events')] },
          { expr: `slo:period_error_budget_remaining:ratio${SEL}`, evalTime: '30m', expSamples: [{ labels: series('slo:period_error_budget_remaining:ratio', { ...ID, tier: 'critical', sloth_window: '30d' }), value: 1 }] },
        ],
      },
    ]);
  });

  test('the metric present (even without any error series) raises no absent alert', () => {
    run(apiSlo(counterSli), [
      {
        name: 'metric present',
        inputSeries: [{ series: 'http_requests_total{service="api",status_code="200"}', values: '0+1000x60' }],
        exprTests: [{ expr: `max_over_time(ALERTS{alertname="${ABSENT}"}[1h])`, evalTime: '1h', expSamples: [] }],
      },
    ]);
  });

  test('a latency histogram where some series lack the threshold bucket: the bucket alert fires and only the series with the bucket are measured', () => {
    // GIVEN pod a with buckets 0.25/0.5/+Inf (90 % within 0.5 s) and pod b, another version, without a 0.5 s bucket
    const slo = apiSlo(Sli.latency({ histogram: 'http_request_duration_seconds', selector: { service: 'api' }, thresholdSeconds: 0.5 }), { errorBudgetAlerts: [] });
    run(slo, [
      {
        name: 'partial buckets',
        inputSeries: [
          { series: 'http_request_duration_seconds_bucket{service="api",pod="a",le="0.5"}', values: '0+90x60' },
          { series: 'http_request_duration_seconds_bucket{service="api",pod="a",le="+Inf"}', values: '0+100x60' },
          { series: 'http_request_duration_seconds_count{service="api",pod="a"}', values: '0+100x60' },
          { series: 'http_request_duration_seconds_bucket{service="api",pod="b",le="0.3"}', values: '0+100x60' },
          { series: 'http_request_duration_seconds_bucket{service="api",pod="b",le="+Inf"}', values: '0+100x60' },
          { series: 'http_request_duration_seconds_count{service="api",pod="b"}', values: '0+100x60' },
        ],
        exprTests: [
          // THEN pod b's requests are not counted as slow: the error ratio is pod a's 10 %, not 55 %
          { expr: `round(slo:sli_error:ratio_rate5m${SEL}, 0.001)`, evalTime: '30m', expSamples: [{ labels: series('', { ...ID, tier: 'critical', sloth_window: '5m' }), value: 0.1 }] },
          // AND the absent alert names the missing bucket
          { expr: `ALERTS{alertname="${ABSENT}",alertstate="firing"}`, evalTime: '30m', expSamples: [absentAlert('threshold_bucket')] },
        ],
      },
    ]);
  });

  test('a latency histogram missing altogether raises the events alert, not the bucket alert', () => {
    const slo = apiSlo(Sli.latency({ histogram: 'http_request_duration_seconds', selector: { service: 'api' }, thresholdSeconds: 0.5 }));
    run(slo, [
      {
        name: 'no histogram',
        inputSeries: [{ series: 'up{job="api"}', values: '1x60' }],
        exprTests: [{ expr: `ALERTS{alertname="${ABSENT}",alertstate="firing"}`, evalTime: '30m', expSamples: [absentAlert('events')] }],
      },
    ]);
  });

  test('a raw error ratio: NaN at zero traffic is data (no alert), a missing metric is not', () => {
    const slo = apiSlo(Sli.errorRatio({ errorRatioQuery: 'sum(rate(errors_total{job="api"}[{{.window}}])) / sum(rate(requests_total{job="api"}[{{.window}}]))' }));
    run(slo, [
      {
        name: 'zero traffic',
        inputSeries: [
          { series: 'errors_total{job="api"}', values: '5x60' },
          { series: 'requests_total{job="api"}', values: '100x60' },
        ],
        // (pending at the very first evaluation, before rate() has two samples: what `for` is for)
        exprTests: [{ expr: `max_over_time(ALERTS{alertname="${ABSENT}",alertstate="firing"}[1h])`, evalTime: '1h', expSamples: [] }],
      },
      {
        name: 'metric gone',
        inputSeries: [{ series: 'errors_total{job="other"}', values: '5x60' }],
        exprTests: [{ expr: `ALERTS{alertname="${ABSENT}",alertstate="firing"}`, evalTime: '30m', expSamples: [absentAlert('events')] }],
      },
    ]);
  });
});

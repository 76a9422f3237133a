import { Severity } from '../../lib/rules/severity';
import { describeWithTool } from '../support/tools';
import { series } from './promtool-harness';
import { API_SLO_ID, API_SLO_SELECTOR, apiSlo, runSloPromtool } from './api-slo';

const BURN = 'ApiAvailabilityErrorBudgetBurn';
const ID = API_SLO_ID;
const SEL = API_SLO_SELECTOR;


/** Counters growing by `okPerMinute` and `errorsPerMinute` for `minutes` minutes. */
function traffic(okPerMinute: number, errorsPerMinute: number, minutes: number) {
  const out = [{ series: 'http_requests_total{service="api",status_code="200"}', values: `0+${okPerMinute}x${minutes}` }];
  if (errorsPerMinute >= 0) out.push({ series: 'http_requests_total{service="api",status_code="500"}', values: `0+${errorsPerMinute}x${minutes}` });
  return out;
}

function firing(kind: 'page' | 'ticket') {
  return {
    labels: series('ALERTS', {
      alertname: BURN,
      alertstate: 'firing',
      severity: kind === 'page' ? Severity.CRITICAL : Severity.WARNING,
      sloth_severity: kind,
      ...ID,
    }),
    value: 1,
  };
}

const run = runSloPromtool;

describeWithTool('promtool', 'SLO burn-rate alerts behave as promised', () => {
  test('a 2 % error rate against 99.9 % pages within minutes, and ticket too', () => {
    // GIVEN 2 % of requests failing from the start
    // WHEN the rules run for 10 minutes
    // THEN the page (and the ticket) fire by minute 5, with one identity: no window label
    run(apiSlo(), [
      {
        name: '2% errors',
        inputSeries: traffic(980, 20, 30),
        exprTests: [
          { expr: `ALERTS{alertname="${BURN}",alertstate="firing"}`, evalTime: '5m', expSamples: [firing('page'), firing('ticket')] },
          { expr: `slo:sli_error:ratio_rate5m${SEL}`, evalTime: '10m', expSamples: [{ labels: series('slo:sli_error:ratio_rate5m', { ...ID, sloth_window: '5m' }), value: 0.02 }] },
        ],
      },
    ]);
  });

  test('a 0.05 % error rate never raises a burn-rate alert over 6 hours', () => {
    // GIVEN 0.05 % errors (half the budget's rate) for 6 hours
    // THEN no page or ticket is ever pending or firing
    run(apiSlo(), [
      {
        name: '0.05% errors',
        inputSeries: traffic(1999, 1, 360),
        exprTests: [
          { expr: `max_over_time(ALERTS{alertname="${BURN}"}[6h])`, evalTime: '6h', expSamples: [] },
          { expr: `slo:sli_error:ratio_rate6h${SEL}`, evalTime: '6h', expSamples: [{ labels: series('slo:sli_error:ratio_rate6h', { ...ID, sloth_window: '6h' }), value: 0.0005 }] },
        ],
      },
    ]);
  });

  test('a slow burn (4× budget) opens a ticket without ever paging', () => {
    // GIVEN 0.4 % errors: above the ticket's 3× over 1d/2h, below the page's 6× over 6h/30m
    // THEN after 3 hours the ticket fires and the page never did
    run(apiSlo(), [
      {
        name: 'slow burn',
        inputSeries: traffic(996, 4, 180),
        exprTests: [
          { expr: `ALERTS{alertname="${BURN}",alertstate="firing"}`, evalTime: '3h', expSamples: [firing('ticket')] },
          { expr: `max_over_time(ALERTS{alertname="${BURN}",sloth_severity="page"}[3h])`, evalTime: '3h', expSamples: [] },
        ],
      },
    ]);
  });

  test('zero traffic alerts nothing and leaves the remaining budget a number (1), burn rates 0', () => {
    // GIVEN counters that exist but never move (a quiet service), for 5 hours
    // THEN no alert of any kind, the remaining budget is 1 (not NaN, not absent), burn rates are 0,
    // and the windowed error ratios are absent rather than NaN
    run(apiSlo(), [
      {
        name: 'zero traffic',
        inputSeries: [
          { series: 'http_requests_total{service="api",status_code="200"}', values: '1000+0x300' },
          { series: 'http_requests_total{service="api",status_code="500"}', values: '7+0x300' },
        ],
        exprTests: [
          { expr: 'max_over_time(ALERTS[5h])', evalTime: '5h', expSamples: [] },
          { expr: `slo:period_error_budget_remaining:ratio${SEL}`, evalTime: '5h', expSamples: [{ labels: series('slo:period_error_budget_remaining:ratio', { ...ID, sloth_window: '30d' }), value: 1 }] },
          { expr: `slo:current_burn_rate:ratio${SEL}`, evalTime: '5h', expSamples: [{ labels: series('slo:current_burn_rate:ratio', { ...ID, sloth_window: '5m' }), value: 0 }] },
          { expr: `slo:period_burn_rate:ratio${SEL}`, evalTime: '5h', expSamples: [{ labels: series('slo:period_burn_rate:ratio', { ...ID, sloth_window: '30d' }), value: 0 }] },
          { expr: `slo:sli_error:ratio_rate1h${SEL}`, evalTime: '5h', expSamples: [] },
        ],
      },
    ]);
  });

  test('a quiet night does not poison the period: traffic, then silence, keeps the error ratio of the traffic', () => {
    // GIVEN 1 hour at 0.05 % errors, then 3 hours of zero traffic
    // THEN the period SLI is still the traffic-weighted 0.05 % (period burn rate 0.5), not NaN, and the
    // remaining budget is a number: 60 errors spent of the 30 days' allowance, 1 − 0.5 × 239m/30d
    run(apiSlo({ errorBudgetAlerts: [] }), [
      {
        name: 'traffic then silence',
        inputSeries: [
          { series: 'http_requests_total{service="api",status_code="200"}', values: '0+1999x60 119940+0x180' },
          { series: 'http_requests_total{service="api",status_code="500"}', values: '0+1x60 60+0x180' },
        ],
        exprTests: [
          { expr: `round(slo:sli_error:ratio_rate30d${SEL} * 100000)`, evalTime: '4h', expSamples: [{ labels: series('', { ...ID, sloth_window: '30d' }), value: 50 }] },
          { expr: `round(slo:period_burn_rate:ratio${SEL}, 0.001)`, evalTime: '4h', expSamples: [{ labels: series('', { ...ID, sloth_window: '30d' }), value: 0.5 }] },
          { expr: `round(slo:period_error_budget_remaining:ratio${SEL}, 0.0001)`, evalTime: '4h', expSamples: [{ labels: series('', { ...ID, sloth_window: '30d' }), value: 0.9972 }] },
          { expr: 'max_over_time(ALERTS[4h])', evalTime: '4h', expSamples: [] },
        ],
      },
    ]);
  });

  test('a missing error series counts as zero errors', () => {
    // GIVEN traffic but no 5xx series at all (the service never failed since it started)
    // THEN bad events are 0 (not "no data"), the error ratio is 0 and the budget is untouched
    run(apiSlo(), [
      {
        name: 'no error series',
        inputSeries: traffic(1000, -1, 60),
        exprTests: [
          { expr: `slo:sli_error_events:rate5m${SEL}`, evalTime: '30m', expSamples: [{ labels: series('slo:sli_error_events:rate5m', { ...ID, sloth_window: '5m' }), value: 0 }] },
          { expr: `slo:sli_error:ratio_rate1h${SEL}`, evalTime: '30m', expSamples: [{ labels: series('slo:sli_error:ratio_rate1h', { ...ID, sloth_window: '1h' }), value: 0 }] },
          { expr: `slo:period_error_budget_remaining:ratio${SEL}`, evalTime: '30m', expSamples: [{ labels: series('slo:period_error_budget_remaining:ratio', { ...ID, sloth_window: '30d' }), value: 1 }] },
        ],
      },
    ]);
  });

  test('the period SLI is traffic-weighted, not an average of 5m ratios', () => {
    // GIVEN 1 hour of heavy traffic with 0.1 % errors, then 1 hour of light traffic with 10 % errors
    //   (heavy: 10000/min, 10 errors/min; light: 10/min, 1 error/min)
    // THEN the period error ratio is (600 + 60) / (600000 + 600) ≈ 0.0010989, while an average of
    //   5m ratios would say ≈ 0.05
    run(apiSlo({ errorBudgetAlerts: [] }), [
      {
        name: 'weighted',
        inputSeries: [
          { series: 'http_requests_total{service="api",status_code="200"}', values: '0+9990x60 599400+9x60' },
          { series: 'http_requests_total{service="api",status_code="500"}', values: '0+10x60 600+1x60' },
        ],
        exprTests: [
          { expr: `round(slo:sli_error:ratio_rate30d${SEL}, 0.0001)`, evalTime: '2h', expSamples: [{ labels: series('', { ...ID, sloth_window: '30d' }), value: 0.0011 }] },
        ],
      },
    ]);
  });

  test('the minimum-traffic guard stops pages at low traffic, but not tickets', () => {
    // GIVEN 2 % errors at 0.1 requests per second, with a guard of 1 request per second
    // THEN no page, but the ticket still fires
    run(apiSlo({ minTrafficPerSecond: 1 }), [
      {
        name: 'low traffic',
        inputSeries: traffic(588, 12, 30).map((s) => ({ ...s, values: s.values.replace(/\+(\d+)x/, (_m, n) => `+${Number(n) / 100}x`) })),
        exprTests: [
          { expr: `ALERTS{alertname="${BURN}",alertstate="firing"}`, evalTime: '20m', expSamples: [firing('ticket')] },
        ],
      },
    ]);
    // AND with enough traffic the same ratio pages
    run(apiSlo({ minTrafficPerSecond: 1 }), [
      {
        name: 'enough traffic',
        inputSeries: traffic(588, 12, 30),
        exprTests: [{ expr: `ALERTS{alertname="${BURN}",alertstate="firing"}`, evalTime: '20m', expSamples: [firing('page'), firing('ticket')] }],
      },
    ]);
  });
});

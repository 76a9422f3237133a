import { Severity } from '../../lib/rules/severity';
import { SloPeriod } from '../../lib/rules/slo';
import { describeWithTool } from '../support/tools';
import { series } from './promtool-harness';
import { API_SLO_ID, API_SLO_SELECTOR, apiSlo, runSloPromtool } from './api-slo';

const BUDGET = 'ApiAvailabilityErrorBudgetLow';
const ID = API_SLO_ID;
const SEL = API_SLO_SELECTOR;


/**
 * The two counters of a service taking 1000 requests a minute, of which `errors` per minute fail,
 * phase after phase (`[minutes, errorsPerMinute]`), in promtool's expanding notation.
 */
function phases(...list: Array<[minutes: number, errorsPerMinute: number]>) {
  const ok: string[] = [];
  const bad: string[] = [];
  let okTotal = 0;
  let badTotal = 0;
  list.forEach(([minutes, errors], index) => {
    // The first phase starts at 0 (a sample at minute 0); each later one continues from the last value.
    const first = index === 0 ? 0 : 1;
    const count = index === 0 ? minutes : minutes - 1;
    ok.push(`${okTotal + first * (1000 - errors)}+${1000 - errors}x${count}`);
    bad.push(`${badTotal + first * errors}+${errors}x${count}`);
    okTotal += (1000 - errors) * minutes;
    badTotal += errors * minutes;
  });
  return [
    { series: 'http_requests_total{service="api",status_code="200"}', values: ok.join(' ') },
    { series: 'http_requests_total{service="api",status_code="500"}', values: bad.join(' ') },
  ];
}

function budgetAlert(threshold: string, severity: Severity) {
  return {
    labels: series('ALERTS', { alertname: BUDGET, alertstate: 'firing', severity, error_budget_threshold: threshold, ...ID, sloth_window: '30d' }),
    value: 1,
  };
}

const run = runSloPromtool;

describe('phases (test helper)', () => {
  test('continues each counter where the last phase ended', () => {
    expect(phases([2, 10], [3, 0]).map((s) => s.values)).toEqual(['0+990x2 2980+1000x2', '0+10x2 20+0x2']);
  });
});

describeWithTool('promtool', 'error budget policy: the budget of the whole period', () => {
  test('a fresh SLO at half its allowed error rate raises no budget alert over a day of history', () => {
    // GIVEN a service deployed now, failing 0.05 % of its requests (half of the 0.1 % the objective allows)
    // WHEN a day of history has been evaluated
    // THEN no budget-policy step was ever pending or firing: one day at half the allowed rate spends
    //   1/60 of the 30 days' budget (Sloth's 1 − period burn rate would say half the budget is gone)
    run(apiSlo(), [
      {
        name: 'fresh and healthy',
        inputSeries: phases([1440, 0.5]),
        exprTests: [
          { expr: `max_over_time(ALERTS{alertname="${BUDGET}"}[1d])`, evalTime: '1d', expSamples: [] },
          { expr: `round(slo:period_burn_rate:ratio${SEL}, 0.01)`, evalTime: '1d', expSamples: [{ labels: series('', { ...ID, sloth_window: '30d' }), value: 0.5 }] },
          { expr: `round(slo:period_error_budget_remaining:ratio${SEL}, 0.001)`, evalTime: '1d', expSamples: [{ labels: series('', { ...ID, sloth_window: '30d' }), value: 0.983 }] },
          { expr: `round(slo:period_elapsed:ratio${SEL}, 0.001)`, evalTime: '1d', expSamples: [{ labels: series('', { ...ID, sloth_window: '30d' }), value: 0.033 }] },
        ],
      },
    ]);
  });

  test('an SLO that has truly spent 80 % of its period budget raises the 75 %-spent step (25 % left), and only it', () => {
    // GIVEN 1000 requests a minute; 4 hours failing 14.4 % (34 560 errors: 80 % of the 43 200 that 30
    //   days at 0.1 % allow), then 2 healthy hours
    // THEN the remaining budget is 20 %, and of the policy only the "25%" step fires (a warning)
    run(apiSlo(), [
      {
        name: '80 % spent',
        inputSeries: phases([240, 144], [120, 0]),
        exprTests: [
          { expr: `round(slo:period_error_budget_remaining:ratio${SEL}, 0.01)`, evalTime: '6h', expSamples: [{ labels: series('', { ...ID, sloth_window: '30d' }), value: 0.2 }] },
          { expr: `ALERTS{alertname="${BUDGET}",alertstate="firing"}`, evalTime: '6h', expSamples: [budgetAlert('25%', Severity.WARNING)] },
          { expr: `ALERTS{alertname="${BUDGET}",alertstate="pending"}`, evalTime: '6h', expSamples: [] },
        ],
      },
    ]);
  });

  test('the exhausted step pages while the budget is spent, stays a warning after the incident, and resolves when the budget recovers', () => {
    // GIVEN a 7-day SLO, 1000 requests a minute: a healthy day, an hour failing 50 % (30 000 errors,
    //   three times the 10 080 the 7 days allow), then healthy for 7 days and 2 hours
    // (evaluated every 5 minutes: 8 days of rules at 1m take minutes in promtool)
    const slo = apiSlo({ period: SloPeriod.DAYS_7 });
    const exhausted = (severity: Severity) => ({
      labels: series('ALERTS', { alertname: BUDGET, alertstate: 'firing', severity, error_budget_threshold: '0%', ...ID, sloth_window: '7d' }),
      value: 1,
    });
    const budgetFiring = `ALERTS{alertname="${BUDGET}",alertstate="firing"}`;
    run(slo, [
      {
        name: 'incident, aftermath, recovery',
        inputSeries: phases([1440, 0], [60, 500], [10260, 0]),
        exprTests: [
          // THEN during the incident the exhausted step pages (critical)
          { expr: budgetFiring, evalTime: '1d1h', expSamples: [exhausted(Severity.CRITICAL)] },
          // AND an hour after the incident, with the budget still exhausted, it is a warning, not a page
          { expr: budgetFiring, evalTime: '1d3h', expSamples: [exhausted(Severity.WARNING)] },
          { expr: `round(slo:period_error_budget_remaining:ratio${SEL}, 0.1)`, evalTime: '1d3h', expSamples: [{ labels: series('', { ...ID, sloth_window: '7d' }), value: -2 }] },
          // AND six days later still so: no page for the whole time the errors stay in the period
          { expr: budgetFiring, evalTime: '7d', expSamples: [exhausted(Severity.WARNING)] },
          { expr: `max_over_time(ALERTS{alertname="${BUDGET}",severity="critical"}[5d])`, evalTime: '7d', expSamples: [] },
          // AND once the incident has left the 7-day period, the budget is whole again and the step resolved
          { expr: `slo:period_error_budget_remaining:ratio${SEL}`, evalTime: '8d2h', expSamples: [{ labels: series('slo:period_error_budget_remaining:ratio', { ...ID, sloth_window: '7d' }), value: 1 }] },
          { expr: `ALERTS{alertname="${BUDGET}"}`, evalTime: '8d2h', expSamples: [] },
        ],
      },
    ], '5m');
  });
});

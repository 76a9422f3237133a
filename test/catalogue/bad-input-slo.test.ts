/**
 * Bad-input catalogue: SLOs and budgets (issue 17). Each row is a mistake that used to pass silently
 * and produce an SLO that says something else than it means; each must be refused with a
 * ValidationError that names where, what and how to fix it (see expect-clear-error.ts).
 */
import { Testing } from 'cdktf';
import { ServiceLevelObjective, Sli, SloPeriod, SloRulePack, importSlothSpec } from '../../lib/rules/slo';
import { MonitoringStack } from '../../lib/stack/monitoring-stack';
import { BadInputCase, catalogue, untyped } from './expect-clear-error';
import { SLO_SPEC, environment } from './fixtures';

const sli = () => Sli.eventsFromCounter({ metric: 'http_requests_total', selector: { job: 'checkout' }, errorSelector: { code: /5../ } });
const slo = (overrides: Record<string, unknown> = {}) =>
  new ServiceLevelObjective({ service: 'checkout', name: 'availability', objectivePercent: 99.9, sli: sli(), ...overrides } as never);
const latency = (overrides: Record<string, unknown> = {}) =>
  Sli.latency({ histogram: 'http_request_duration_seconds', thresholdSeconds: 0.3, buckets: [0.1, 0.25, 0.5, 1], ...overrides } as never);

const SLOS: BadInputCase[] = [
  ['MonitoringStack', 'a 30-day SLO on 15 days of metrics', () => new MonitoringStack(Testing.app(), environment({ retention: { metrics: '15d' }, slos: [slo()] })), [
    'monitoring-qa slos', 'ServiceLevelObjective "checkout/availability" > period', '"30d" is longer than the metrics retention "15d"',
    'retention.metrics: "30d"', 'SloPeriod.DAYS_7', 'the ruler of the remote_write target',
  ]],
  ['MonitoringStack', 'a 28-day SLO on the default retention', () => new MonitoringStack(Testing.app(), environment({ slos: [slo({ period: SloPeriod.DAYS_28 })] })), [
    'monitoring-qa slos', '"28d" is longer than the metrics retention', 'retention.metrics: "28d"',
  ]],
  ['SloRulePack', 'a 7-day SLO evaluated where 3 days are kept', () => new SloRulePack('slo', [slo({ period: SloPeriod.DAYS_7 })], { metricsRetention: '3d' }), [
    'SloRulePack "slo" > slos[0]', '"7d" is longer than the metrics retention "3d"', 'no SLO period fits "3d"', 'retention.metrics: "7d"',
  ]],
  ['ServiceLevelObjective', 'a budget below what the rules can measure (99.9999 % over 30d)', () => slo({ objectivePercent: 99.9999 }), [
    'ServiceLevelObjective "checkout/availability" > objectivePercent', '99.9999', 'budget of 0.000001 of 30d', '2.6 s', 'at most 99.9976',
  ]],
  ['ServiceLevelObjective', 'five nines over a week', () => slo({ objectivePercent: 99.999, period: SloPeriod.DAYS_7 }), [
    'ServiceLevelObjective "checkout/availability" > objectivePercent', '99.999', '6.0 s', 'at most 99.99 for a 7d period, or a longer period',
  ]],
  ['ServiceLevelObjective', 'absent-data alert severity typo', () => slo({ absentAlert: { severity: 'page' } }), [
    'ServiceLevelObjective "checkout/availability" > absentAlert > severity', '"page"', 'Severity.WARNING',
  ]],
  ['ServiceLevelObjective', 'absent-data alert hold as a number', () => slo({ absentAlert: { for: 10 } }), [
    'ServiceLevelObjective "checkout/availability" > absentAlert > for', '10',
  ]],
  ['Sli.latency', 'a threshold that is not one of the declared buckets', () => latency(), [
    'Sli.latency > thresholdSeconds', '0.3 is not a bucket bound of http_request_duration_seconds', '[0.1,0.25,0.5,1]', '(0.25 or 0.5)', 'add 0.3 to the histogram',
  ]],
  ['Sli.latency', 'buckets as text (from YAML)', () => latency({ thresholdSeconds: 0.5, buckets: [0.1, '0.5'] }), ['Sli.latency > buckets[1]', '"0.5"', 'positive numbers of seconds']],
  ['Sli.latency', 'buckets as one number', () => latency({ thresholdSeconds: 0.5, buckets: untyped(0.5) }), ['Sli.latency > buckets', '0.5', 'e.g. [0.1, 0.25, 0.5, 1]']],
  ['Sloth import', 'a critical page alert without a runbook', () => importSlothSpec(SLO_SPEC(99.9)), [
    'SlothSpec > slos[0] > alerting > annotations > "runbook_url"', 'undefined', 'page_alert alert is critical', 'runbookBaseUrl',
  ]],
];

catalogue('bad input: SLOs and budgets', SLOS);

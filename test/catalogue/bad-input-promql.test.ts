/**
 * Bad-input catalogue: PromQL checked like a compiler (issue 17). Type errors, unknown functions,
 * experimental features this stack does not enable, rule results that are not instant, and recorded
 * series that no rule records: each refused with a ValidationError that names where, the bad value and
 * the fix (see expect-clear-error.ts), where promtool or Prometheus would only refuse it at deploy time
 * (or, for a misspelled record, never: the alert just never fires).
 */
import { withPath } from '../../lib/core/validation-error';
import { RecordingRule, RuleGroup } from '../../lib/rules';
import { ServiceRecordingRules } from '../../lib/rules/packs';
import { checkRecordedSeries, kubePrometheusStackRecords } from '../../lib/rules/promql-record-references';
import { Sli } from '../../lib/rules/slo';
import { BadInputCase, catalogue } from './expect-clear-error';
import { alertRule, prometheus } from './fixtures';

const record = (expr: string) => new RecordingRule({ record: 'service:http_requests:rate5m', expr });

/**
 * A Prometheus with these alerts besides the seed recording pack, checked as its synth validation
 * checks it (test/rules/promql-record-references.test.ts shows the construct does, at synth).
 */
function prometheusReading(...exprs: string[]): void {
  const p = prometheus();
  p.addRules(ServiceRecordingRules.forServices({}));
  p.addRuleGroup(new RuleGroup('checkout.alerts', { rules: exprs.map((expr, i) => alertRule({ name: `CheckoutAlert${i}`, expr })) }));
  withPath(p.node.path, () => checkRecordedSeries(p.rulePacks(), { alsoRecorded: kubePrometheusStackRecords(), alsoRecordedBy: 'the kube-prometheus-stack default rules' }));
}

const TYPES: BadInputCase[] = [
  ['AlertRule', 'rate() of an instant vector', () => alertRule({ expr: 'rate(http_requests_total) > 1' }),
    ['AlertRule "HighErrorRate" > expr', '"rate(http_requests_total) > 1"', 'type error at line 1, column 6', 'rate() needs a range vector as argument 1, got an instant vector', 'e.g. rate(http_requests_total[5m])']],
  ['AlertRule', 'a misspelled function', () => alertRule({ expr: 'sum(rat(http_requests_total[5m])) > 1' }),
    ['AlertRule "HighErrorRate" > expr', '"sum(rat(http_requests_total[5m])) > 1"', 'unknown function rat; did you mean rate?', 'Write rate(...)']],
  ['AlertRule', 'a function Prometheus 3 removed', () => alertRule({ expr: 'holt_winters(x[1h], 0.3, 0.3) > 1' }),
    ['AlertRule "HighErrorRate" > expr', '"holt_winters(x[1h], 0.3, 0.3) > 1"', 'unknown function holt_winters', 'removed in Prometheus 3.0']],
  ['AlertRule', 'an experimental function', () => alertRule({ expr: 'mad_over_time(latency_seconds[1h]) > 1' }),
    ['AlertRule "HighErrorRate" > expr', '"mad_over_time(latency_seconds[1h]) > 1"', 'function mad_over_time is experimental', 'use a stable function']],
  ['AlertRule', 'sum of a range vector', () => alertRule({ expr: 'sum(http_requests_total[5m]) > 100' }),
    ['AlertRule "HighErrorRate" > expr', '"sum(http_requests_total[5m]) > 100"', 'sum aggregates an instant vector, got a range vector', 'sum_over_time(...)']],
  ['AlertRule', 'topk without k', () => alertRule({ expr: 'topk(sum by (pod) (rate(x[5m]))) > 1' }),
    ['AlertRule "HighErrorRate" > expr', 'topk takes 2 arguments (k, then an instant vector), got 1', 'topk(5, metric)']],
  ['AlertRule', 'histogram_quantile with the arguments swapped', () => alertRule({ expr: 'histogram_quantile(sum by (le) (rate(h_bucket[5m])), 0.99) > 2' }),
    ['AlertRule "HighErrorRate" > expr', 'histogram_quantile() needs a scalar as argument 1, got an instant vector', 'scalar(']],
  ['AlertRule', 'offset on a function instead of the selector', () => alertRule({ expr: 'rate(x[5m]) offset 1d > 1' }),
    ['AlertRule "HighErrorRate" > expr', '"rate(x[5m]) offset 1d > 1"', 'offset must follow a series selector', 'rate(http_requests_total[5m] offset 1h)']],
  ['AlertRule', 'a range after offset', () => alertRule({ expr: 'rate(x offset 1d [5m]) > 1' }),
    ['AlertRule "HighErrorRate" > expr', 'the range [5m] comes after offset', 'x[5m] offset 1d']],
  ['AlertRule', 'a comparison of two numbers', () => alertRule({ expr: 'scalar(sum(up)) > 2' }),
    ['AlertRule "HighErrorRate" > expr', 'a comparison between two scalars must use bool', 'scalar(sum(up)) > bool 2']],
  ['AlertRule', 'and with a number', () => alertRule({ expr: 'up == 0 and 1' }),
    ['AlertRule "HighErrorRate" > expr', 'the set operator and works between instant vectors, but its right operand is a scalar', 'vector(...)']],
  ['AlertRule', 'group_left with a set operator', () => alertRule({ expr: 'up == 0 unless on (job) group_left maintenance' }),
    ['AlertRule "HighErrorRate" > expr', 'no grouping (group_left) is allowed with the set operator unless', 'Remove group_left(...)']],
  ['AlertRule', 'a range vector compared', () => alertRule({ expr: 'http_requests_total[5m] > 1' }),
    ['AlertRule "HighErrorRate" > expr', 'the left operand of > is a range vector', 'rate(metric[5m])']],
  ['RecordingRule', 'a range vector recorded', () => record('http_requests_total{service="a"}[5m]'),
    ['RecordingRule "service:http_requests:rate5m" > expr', '"http_requests_total{service=\\"a\\"}[5m]"', 'gives a range vector', 'needs an instant vector or a scalar', 'rate(metric[5m])']],
  ['RecordingRule', 'a subquery of a range vector', () => record('max_over_time(rate(x[5m])[1h])'),
    ['RecordingRule "service:http_requests:rate5m" > expr', 'a range [1h] can only follow a series selector', ':1m]']],
  ['Sli', 'an SLI query summing a range', () => Sli.events({ errorQuery: 'sum(http_requests_total{code=~"5.."}[{{.window}}])', totalQuery: 'sum(rate(http_requests_total[{{.window}}]))' }),
    ['Sli.events > errorQuery (with {{.window}} = 5m)', 'sum(http_requests_total{code=~\\"5..\\"}[5m])', 'sum aggregates an instant vector, got a range vector', 'sum(rate(metric[5m]))']],
];

const RECORDS: BadInputCase[] = [
  ['Prometheus', 'an alert on a misspelled recorded series', () => prometheusReading('service:http_request:rate5m < 1'),
    ['monitoring-test/prometheus', 'AlertRule "CheckoutAlert0" > expr', '"service:http_request:rate5m < 1"', 'reads "service:http_request:rate5m"', 'the alert can never fire', 'Did you mean "service:http_requests:rate5m"?', 'add the RecordingRule']],
  ['Prometheus', 'an alert on a misspelled record of the chart\'s default rules', () => prometheusReading('instance:node_cpu_utilization:rate5m > 0.9'),
    ['monitoring-test/prometheus', '"instance:node_cpu_utilization:rate5m"', 'nor do the kube-prometheus-stack default rules', 'Did you mean "instance:node_cpu_utilisation:rate5m"?']],
  ['Prometheus', 'a recorded series named in a __name__ matcher', () => prometheusReading('{__name__="service:http_errors:rate1m"} > 0'),
    ['monitoring-test/prometheus', 'reads "service:http_errors:rate1m"', 'Did you mean "service:http_errors:rate5m"?']],
];

catalogue('bad input: PromQL types and functions', TYPES);
catalogue('bad input: recorded series nothing records', RECORDS);

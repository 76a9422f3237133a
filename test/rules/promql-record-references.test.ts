import { TerraformStack, Testing } from 'cdktf';
import { ValidationError } from '../../lib/core/validation-error';
import { Prometheus } from '../../lib/prometheus/prometheus';
import { Loki } from '../../lib/loki/loki';
import { LokiTenancy } from '../../lib/loki/tenancy';
import { LogRuleGroup } from '../../lib/loki/log-rule-group';
import { LogRecordingRule } from '../../lib/loki/log-recording-rule';
import { AlertRule, IRulePack, RecordingRule, RuleGroup, Severity } from '../../lib/rules';
import { NodeRecordingRules, ServiceRecordingRules } from '../../lib/rules/packs';
import { checkRecordedSeries, kubePrometheusStackRecords, recordedSeriesIn } from '../../lib/rules/promql-record-references';
import { expectValidationError } from './rules-test-support';

// Issue 17: a rule that reads a recorded series (level:metric:operations) that nothing records never
// has data; an alert on a misspelled record can never fire. Refused at synth, with the closest name.

const record = (name: string, expr = 'sum by (service) (rate(http_requests_total[5m]))') => new RecordingRule({ record: name, expr });
const alertOn = (expr: string, name = 'LowTraffic') => new AlertRule({ name, expr, severity: Severity.WARNING, summary: 'Low traffic' });
const pack = (name: string, ...rules: Array<AlertRule | RecordingRule>): IRulePack => ({ name, ruleGroups: [new RuleGroup(`${name}.rules`, { rules })] });

describe('recordedSeriesIn', () => {
  test.each([
    ['sum(service:http_requests:rate5m{service="a"}) / x', ['service:http_requests:rate5m']],
    ['a:b:c + a:b:c offset 1h + d:e:f[5m:1m] * on (x) e', ['a:b:c', 'd:e:f']],
    ['{__name__="a:b:c", job="x"} + {"d:e:f"} + {"__name__"="g:h:i"}', ['a:b:c', 'd:e:f', 'g:h:i']],
    // no recorded series: plain metrics, a subquery's colon, a regex over names, a label value with colons
    ['max_over_time(rate(x[5m])[1h:1m])', []],
    ['{__name__=~"service:.*"}', []],
    ['up{instance="host:9090"}', []],
    ['sum(rate(x[5m]', []],
  ])('%j reads %j', (expr, expected) => {
    expect(recordedSeriesIn(expr)).toEqual(expected);
  });

  test('names in string literals are read from the expression itself, not from its cached shape', () => {
    expect(recordedSeriesIn('{__name__="a:b:c"}')).toEqual(['a:b:c']);
    expect(recordedSeriesIn('{__name__="x:y:z"}')).toEqual(['x:y:z']);
    expect(recordedSeriesIn('{"__name__"="g:h:i"}')).toEqual(['g:h:i']);
    expect(recordedSeriesIn('{"a:b:c"}')).toEqual(['a:b:c']);
    expect(recordedSeriesIn('{"job"="a:b:c"}')).toEqual([]);
  });
});

describe('checkRecordedSeries', () => {
  test('an alert on a record of the same or of another pack, in any order, is accepted', () => {
    expect(() => checkRecordedSeries([pack('checkout', alertOn('service:http_requests:rate5m < 1'), record('service:http_requests:rate5m'))])).not.toThrow();
    expect(() => checkRecordedSeries([pack('alerts', alertOn('service:http_requests:rate5m < 1')), pack('records', record('service:http_requests:rate5m'))])).not.toThrow();
  });

  test('an alert on a misspelled record is refused with the path, the value, the closest record and the fix', () => {
    const packs = [pack('records', record('service:http_requests:rate5m')), pack('checkout', alertOn('sum(service:http_request:rate5m) < 1'))];
    const error = expectValidationError(
      () => checkRecordedSeries(packs),
      'rule pack "checkout" > RuleGroup "checkout.rules" > AlertRule "LowTraffic" > expr',
      '"sum(service:http_request:rate5m) < 1"',
      'reads "service:http_request:rate5m", a recorded series (level:metric:operations), but no recording rule of this Prometheus records it',
      'the alert can never fire',
      'Did you mean "service:http_requests:rate5m"?',
      'add the RecordingRule that records "service:http_request:rate5m"',
    );
    expect(error.path).toBe('rule pack "checkout" > RuleGroup "checkout.rules" > AlertRule "LowTraffic" > expr');
  });

  test('a recording rule over a missing record is refused too: it records nothing', () => {
    const packs = [pack('records', record('service:http_errors:ratio5m', 'service:http_errors:rate5m / service:http_requests:rate5m'), record('service:http_requests:rate5m'))];
    expectValidationError(() => checkRecordedSeries(packs), 'RecordingRule "service:http_errors:ratio5m" > expr', '"service:http_errors:rate5m"', 'this rule records nothing');
  });

  test('series recorded elsewhere (the chart\'s default rules) count when given', () => {
    const packs = [pack('nodes', alertOn('instance:node_cpu_utilisation:rate5m > 0.9', 'NodeBusy'))];
    expectValidationError(() => checkRecordedSeries(packs), '"instance:node_cpu_utilisation:rate5m"');
    expect(() => checkRecordedSeries(packs, { alsoRecorded: kubePrometheusStackRecords(), alsoRecordedBy: 'the chart' })).not.toThrow();
    const typo = [pack('nodes', alertOn('instance:node_cpu_utilization:rate5m > 0.9', 'NodeBusy'))];
    expectValidationError(
      () => checkRecordedSeries(typo, { alsoRecorded: kubePrometheusStackRecords(), alsoRecordedBy: 'the chart' }),
      'nor do the chart',
      'Did you mean "instance:node_cpu_utilisation:rate5m"?',
    );
  });

  test('the seed recording packs record what their own rules read', () => {
    expect(() => checkRecordedSeries([ServiceRecordingRules.forServices({}), NodeRecordingRules.forNodes()])).not.toThrow();
  });
});

describe('kubePrometheusStackRecords (read from the pinned chart by scripts/chart-recording-rules.ts)', () => {
  test.each([
    'node_namespace_pod_container:container_cpu_usage_seconds_total:sum_irate',
    'instance:node_cpu_utilisation:rate5m',
    'node_namespace_pod:kube_pod_info:',
    'namespace_workload_pod:kube_pod_owner:relabel',
    'apiserver_request:availability30d',
  ])('has %j', (name) => {
    expect(kubePrometheusStackRecords().has(name)).toBe(true);
  });

  test('leaves out the records of templates the chart switches off by default (Windows, the old per-resource files)', () => {
    expect([...kubePrometheusStackRecords()].some((name) => name.includes('windows'))).toBe(false);
  });
});

describe('the Prometheus construct refuses, at synth, a rule reading a series nothing records', () => {
  const build = (kubernetesRules?: boolean) => {
    const stack = new TerraformStack(Testing.app(), 'monitoring-test');
    const prometheus = new Prometheus(stack, 'prometheus', { namespace: 'monitoring', ...(kubernetesRules === undefined ? {} : { kubernetesRules }) });
    return { stack, prometheus };
  };

  test('a misspelled record: synth fails naming the construct, the rule, the value and the fix', () => {
    const { stack, prometheus } = build();
    prometheus.addRules(pack('checkout', alertOn('service:http_request:rate5m < 1')));
    prometheus.addRules(pack('records', record('service:http_requests:rate5m')));
    const [message, ...more] = prometheus.node.validate();
    expect(more).toEqual([]);
    expect(message).toContain('monitoring-test/prometheus: rule pack "checkout" > RuleGroup "checkout.rules" > AlertRule "LowTraffic" > expr: "service:http_request:rate5m < 1" reads "service:http_request:rate5m"');
    expect(message).toContain('Did you mean "service:http_requests:rate5m"?');
    expect(() => Testing.synth(stack, true)).toThrow(/monitoring-test\/prometheus: rule pack "checkout"[\s\S]*service:http_request:rate5m/);
  });

  test('records of a pack added after the alert, and the chart\'s default records, are fine', () => {
    const { stack, prometheus } = build();
    prometheus.addRules(pack('checkout', alertOn('service:http_requests:rate5m < 1')));
    prometheus.addRules(pack('records', record('service:http_requests:rate5m')));
    prometheus.addRules(pack('nodes', alertOn('instance:node_cpu_utilisation:rate5m > 0.9', 'NodeBusy')));
    expect(prometheus.node.validate()).toEqual([]);
    expect(() => Testing.synth(stack)).not.toThrow();
  });

  test('without the chart\'s default rules (kubernetesRules: false) their records are missing', () => {
    const { prometheus } = build(false);
    prometheus.addRules(pack('nodes', alertOn('instance:node_cpu_utilisation:rate5m > 0.9', 'NodeBusy')));
    const [message] = prometheus.node.validate();
    expect(message).toContain('"instance:node_cpu_utilisation:rate5m"');
    expect(message).not.toContain('kube-prometheus-stack default rules');
  });

  test('the error is a ValidationError where checked directly', () => {
    expect(() => checkRecordedSeries([pack('x', alertOn('a:b:c > 0'))])).toThrow(ValidationError);
  });
});

describe('series recorded elsewhere that rules may read', () => {
  const logErrors = 'app:log_errors:rate5m';

  test('GIVEN no writer of the series THEN an alert on it is refused; GIVEN externallyRecordedSeries THEN accepted', () => {
    const stack = new TerraformStack(Testing.app(), 'monitoring-test');
    const without = new Prometheus(stack, 'without', { namespace: 'monitoring' });
    without.addRules(pack('apps', alertOn(`${logErrors} > 1`)));
    expect(without.node.validate().join('\n')).toContain(`reads "${logErrors}"`);
    const told = new Prometheus(new TerraformStack(Testing.app(), 'monitoring-test'), 'told', { namespace: 'monitoring', externallyRecordedSeries: [logErrors] });
    told.addRules(pack('apps', alertOn(`${logErrors} > 1`)));
    expect(told.node.validate()).toEqual([]);
  });

  test('GIVEN Loki records the series into this Prometheus (recordingRulesTo) THEN Prometheus accepts alerts on it', () => {
    const stack = new TerraformStack(Testing.app(), 'monitoring-test');
    const prometheus = new Prometheus(stack, 'prometheus', { namespace: 'monitoring' });
    prometheus.addRules(pack('apps', alertOn(`${logErrors} > 1`)));
    const loki = new Loki(stack, 'loki', { namespace: 'monitoring', tenancy: LokiTenancy.singleTenant(), recordingRulesTo: prometheus });
    expect(prometheus.node.validate().join('\n')).toContain(`reads "${logErrors}"`);
    loki.addRules({
      name: 'apps',
      ruleGroups: [new LogRuleGroup('apps.logs', { rules: [new LogRecordingRule({ record: logErrors, expr: 'sum by (app) (rate({namespace="shop", level="error"} [5m]))' })] })],
    });
    expect(prometheus.node.validate()).toEqual([]);
  });

  test('GIVEN a name that is not a metric name THEN refused with the path and an example', () => {
    const stack = new TerraformStack(Testing.app(), 'monitoring-test');
    expect(() => new Prometheus(stack, 'prometheus', { namespace: 'monitoring', externallyRecordedSeries: ['app-errors'] })).toThrow(
      'monitoring-test/prometheus: externallyRecordedSeries[0] "app-errors" is not a metric name; write the recorded series\' name, e.g. "app:log_errors:rate5m".',
    );
  });
});

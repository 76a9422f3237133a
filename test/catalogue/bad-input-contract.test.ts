/**
 * Bad-input catalogue: the component contract's stack-wide constructs and the namespace reference,
 * given things a JavaScript or YAML-driven caller can pass. Each is refused with a ValidationError
 * naming where, what and the fix, never a TypeError from inside.
 */
import { Testing, TerraformStack } from 'cdktf';
import {
  DatadogAgent, Grafana, Jaeger, LogShipper, Loki, LokiTenancy, MonitoringDisruptionBudgets, MonitoringNetworkPolicies, NodeRecordingRules, OtelCollector, Prometheus,
  ServiceRecordingRules,
} from '../../lib';
import { expectValidationError } from '../support/refusal';

const newStack = () => new TerraformStack(Testing.app(), 'bad');

describe('the stack-wide constructs refuse what is not a component', () => {
  test('GIVEN components that is not a list THEN the path, the value and the fix', () => {
    expectValidationError(() => new MonitoringNetworkPolicies(newStack(), 'policies', { namespace: 'monitoring', components: 'prometheus' as never }),
      'bad/policies', 'components "prometheus" is not a list', 'components: [prometheus, alertmanager, grafana]');
  });

  test('GIVEN a name or props where a component belongs THEN which entry, and to pass the construct', () => {
    const stack = newStack();
    const prometheus = new Prometheus(stack, 'prometheus', { namespace: 'monitoring' });
    expectValidationError(() => new MonitoringNetworkPolicies(stack, 'policies', { namespace: 'monitoring', components: [prometheus, { releaseName: 'loki' } as never] }),
      'bad/policies', 'components[1] {"releaseName":"loki"} is not a component', 'pass the constructs themselves');
    expectValidationError(() => new MonitoringDisruptionBudgets(stack, 'budgets', { namespace: 'monitoring', components: [null as never] }),
      'bad/budgets', 'components[0] null is not a component');
  });

  test('GIVEN two replicated components with one release name THEN the budget name clash, not a constructs error', () => {
    const stack = newStack();
    const jaeger = new Jaeger(stack, 'jaeger', { namespace: 'monitoring', releaseName: 'tracing' });
    const collector = new OtelCollector(stack, 'collector', { namespace: 'monitoring', releaseName: 'tracing', tracesBackend: jaeger, replicas: 2 });
    // Jaeger on memory storage runs one replica; the clash needs two budgets: the collector's twice.
    expectValidationError(() => new MonitoringDisruptionBudgets(stack, 'budgets', { namespace: 'monitoring', components: [collector, collector] }),
      'bad/budgets', 'two components want a PodDisruptionBudget named "tracing"', 'different release names');
  });
});

describe('a namespace object must be a namespace of this program', () => {
  test('GIVEN an object whose resource is not a Terraform resource THEN the fix, not a WeakMap TypeError', () => {
    expectValidationError(() => new Prometheus(newStack(), 'prometheus', { namespace: { namespaceName: 'monitoring', resource: 'ns' } as never }),
      'bad/prometheus', 'namespace "monitoring" has a resource that is not a Terraform resource', 'pass the MonitoringNamespace itself');
  });
});

describe('the Datadog agent refuses lists that are not lists', () => {
  test.each([
    ['hostPortsInUse', 8126, 'hostPortsInUse 8126 is not a list'],
    ['tolerations', { key: 'x' }, 'tolerations {"key":"x"} is not a list'],
    ['clusterAgentTolerations', 'all', 'clusterAgentTolerations "all" is not a list'],
  ])('GIVEN %s as one value THEN wrap it in [ ]', (prop, value, message) => {
    expectValidationError(() => new DatadogAgent(newStack(), 'datadog', { namespace: 'monitoring', secretName: 'datadog-keys', clusterName: 'prod-eu-1', [prop]: value } as never),
      'bad/datadog', message, 'wrap it in [ ]');
  });
});

describe('a datasource header that carries credentials is refused, without repeating its value', () => {
  test('GIVEN an Authorization header on a datasource THEN the fix, not the token', () => {
    const stack = newStack();
    const datasource = {
      grafanaDatasource: () => ({ type: 'prometheus' as const, name: 'Mimir', uid: 'mimir', url: 'http://mimir.example.internal', httpHeaders: { Authorization: 'Bearer s3cr3t-token' } }),
    };
    const error = expectValidationError(
      () => new Grafana(stack, 'grafana', { namespace: 'monitoring', adminSecret: { secretName: 'grafana-admin' }, datasources: [datasource] }),
      'bad/grafana', 'HTTP header "Authorization" carries credentials', 'through a Secret',
    );
    expect(error.message).not.toContain('s3cr3t-token');
  });
});

describe('props given as null or the wrong type from JavaScript are refused, not a TypeError', () => {
  test('GIVEN a Loki deploymentMode that is not a string THEN the modes to choose from', () => {
    expectValidationError(() => new Loki(newStack(), 'loki', { namespace: 'monitoring', tenancy: LokiTenancy.singleTenant(), deploymentMode: 3 as never }),
      'bad/loki', 'deploymentMode 3 is not a deployment mode', 'LokiDeploymentMode.MONOLITHIC');
  });

  test('GIVEN the log shipper datadog: null THEN the shape to pass', () => {
    const stack = newStack();
    const loki = new Loki(stack, 'loki', { namespace: 'monitoring', tenancy: LokiTenancy.singleTenant() });
    expectValidationError(() => new LogShipper(stack, 'log-shipper', { namespace: 'monitoring', loki, datadog: null as never }),
      'bad/log-shipper', 'datadog null is not Datadog log options', '{ apiKeySecret: "datadog-keys" }');
  });

  test('GIVEN a recording pack built from null THEN the options to pass', () => {
    expectValidationError(() => ServiceRecordingRules.forServices(null as never), 'ServiceRecordingRules', 'props null are not the pack\'s options');
    expectValidationError(() => NodeRecordingRules.forNodes(null as never), 'NodeRecordingRules', 'props null are not the pack\'s options');
  });
});

import { Testing, TerraformStack } from 'cdktf';
import {
  Alertmanager, Grafana, Jaeger, LogShipper, Loki, LokiTenancy, MonitoringDisruptionBudgets, MonitoringNamespace,
  MonitoringNetworkPolicies, OtelCollector, Prometheus, ServiceHealthRules, clusterOverviewDashboard,
} from '../../lib';
import { prodPolicy } from '../alertmanager/fixtures';

/** Constructs composed by hand, without MonitoringStack, in one stack. */
function composeByHand(namespace: MonitoringNamespace | string, stack: TerraformStack): void {
  const prometheus = new Prometheus(stack, 'prometheus', { namespace });
  prometheus.addRules(ServiceHealthRules.forServices({ name: 'health', team: 'platform', selector: { namespace: 'shop' }, runbookBaseUrl: 'https://runbooks.example.com' }));
  const alertmanager = new Alertmanager(stack, 'alertmanager', { namespace, config: prodPolicy() });
  const loki = new Loki(stack, 'loki', { namespace, tenancy: LokiTenancy.singleTenant() });
  const logShipper = new LogShipper(stack, 'log-shipper', { namespace, loki });
  const jaeger = new Jaeger(stack, 'jaeger', { namespace });
  const otelCollector = new OtelCollector(stack, 'otel-collector', { namespace, tracesBackend: jaeger, replicas: 2 });
  const grafana = new Grafana(stack, 'grafana', { namespace, adminSecret: { secretName: 'grafana-admin' }, datasources: [prometheus, loki, jaeger] });
  grafana.addDashboard(clusterOverviewDashboard(), { folder: 'Platform' });
  new MonitoringNetworkPolicies(stack, 'policies', { namespace, components: [prometheus, alertmanager, grafana, loki, logShipper, jaeger, otelCollector] });
  new MonitoringDisruptionBudgets(stack, 'budgets', { namespace, components: [jaeger, otelCollector] });
}

function synth(build: (stack: TerraformStack) => void): Record<string, any> {
  const stack = new TerraformStack(Testing.app(), 'hand-made');
  build(stack);
  return JSON.parse(Testing.synth(stack));
}

/** Every resource of the stack but the namespace, with its depends_on. */
function dependents(json: Record<string, any>): Array<[string, string[] | undefined]> {
  return Object.entries<Record<string, any>>(json.resource)
    .filter(([type]) => type !== 'kubernetes_namespace')
    .flatMap(([type, resources]) => Object.entries<any>(resources).map(([id, r]) => [`${type}.${id}`, r.depends_on] as [string, string[] | undefined]));
}

describe('a stack composed by hand, without MonitoringStack', () => {
  test('GIVEN the components get a MonitoringNamespace THEN every release, dashboard, policy and budget waits for it', () => {
    const json = synth((stack) => composeByHand(new MonitoringNamespace(stack, 'ns', { name: 'observability' }), stack));
    const [namespaceId] = Object.keys(json.resource.kubernetes_namespace);
    const all = dependents(json);
    // every kind of resource the components create is here: the check covers releases, ConfigMaps, policies and budgets
    expect([...new Set(all.map(([address]) => address.split('.')[0]))].sort()).toEqual([
      'helm_release', 'kubernetes_config_map', 'kubernetes_network_policy_v1', 'kubernetes_pod_disruption_budget_v1',
    ]);
    for (const [address, dependsOn] of all) {
      expect([address, dependsOn]).toEqual([address, expect.arrayContaining([`kubernetes_namespace.${namespaceId}`])]);
    }
  });

  test('GIVEN the name of an existing namespace THEN nothing waits for a namespace resource, and the name is used', () => {
    const json = synth((stack) => composeByHand('observability', stack));
    expect(json.resource.kubernetes_namespace).toBeUndefined();
    for (const [address, dependsOn] of dependents(json)) {
      expect([address, (dependsOn ?? []).filter((d) => d.startsWith('kubernetes_namespace.'))]).toEqual([address, []]);
    }
    expect(new Set(Object.values<any>(json.resource.helm_release).map((r) => r.namespace))).toEqual(new Set(['observability']));
  });

  test('GIVEN a namespace prop that is neither THEN synth fails with the path, the value and the fix', () => {
    const stack = new TerraformStack(Testing.app(), 'bad');
    expect(() => new Prometheus(stack, 'prometheus', { namespace: { name: 'monitoring' } as never })).toThrow(
      /bad\/prometheus: namespace \{"name":"monitoring"\} is neither a MonitoringNamespace nor a namespace name; pass the stack's MonitoringNamespace/,
    );
    expect(() => new Prometheus(stack, 'prometheus2', { namespace: 'Monitoring' })).toThrow(/bad\/prometheus2: namespace "Monitoring" is not a Kubernetes namespace name/);
  });
});

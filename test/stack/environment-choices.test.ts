import { TerraformStack, Testing } from 'cdktf';
import { parse } from 'yaml';
import { Grafana, Loki, LokiTenancy, MonitoringStack, RemoteWrite, ReviewArtifacts } from '../../lib';
import { EnvironmentConfig } from '../../lib/environment/environment-config';
import { releaseValues, synthJson } from '../support/synth';

/*
 * Issue 17, "Defects from the new user's run" and "Long-term storage": what a MonitoringStack wires
 * (the Loki tenant into Grafana, the Datadog choices) and what its review says (Loki retention in the
 * environment's unit, the remote_write targets, one managed-by value). The bad inputs of the same run
 * are in test/catalogue/bad-input-defects.test.ts.
 */

const env = (overrides: Partial<EnvironmentConfig> = {}): EnvironmentConfig => ({ name: 'qa', clusterName: 'qa-eu-1', region: 'eu-west-1', ...overrides });
const stackOf = (overrides: Partial<EnvironmentConfig> = {}) => new MonitoringStack(Testing.app(), env(overrides));
const summaryOf = (stack: TerraformStack) => ReviewArtifacts.of(stack).render().get('summary.md')!;

/** Grafana's provisioned datasource of a type, as the chart receives it. */
function provisionedDatasource(grafana: Grafana, type: string): Record<string, any> {
  const provisioning = releaseValues(grafana).datasources['datasources.yaml'];
  const file = typeof provisioning === 'string' ? parse(provisioning) : provisioning;
  return file.datasources.find((d: any) => d.type === type);
}

describe('Loki multi-tenancy reaches Grafana', () => {
  test('GIVEN a multi-tenant Loki THEN Grafana sends X-Scope-OrgID WITH the tenant (without it the datasource cannot query)', () => {
    const stack = new TerraformStack(Testing.app(), 'monitoring-test');
    const loki = new Loki(stack, 'loki', { namespace: 'monitoring', tenancy: LokiTenancy.multiTenant('platform') });
    const grafana = new Grafana(stack, 'grafana', { namespace: 'monitoring', adminSecret: { secretName: 'grafana-admin' }, datasources: [loki] });
    const datasource = provisionedDatasource(grafana, 'loki');
    expect(datasource.jsonData.httpHeaderName1).toBe('X-Scope-OrgID');
    expect(datasource.secureJsonData).toEqual({ httpHeaderValue1: 'platform' });
  });

  test('GIVEN a single-tenant Loki THEN no header at all', () => {
    const stack = new TerraformStack(Testing.app(), 'monitoring-test');
    const loki = new Loki(stack, 'loki', { namespace: 'monitoring', tenancy: LokiTenancy.singleTenant() });
    const grafana = new Grafana(stack, 'grafana', { namespace: 'monitoring', adminSecret: { secretName: 'grafana-admin' }, datasources: [loki] });
    const datasource = provisionedDatasource(grafana, 'loki');
    expect(datasource.jsonData.httpHeaderName1).toBeUndefined();
    expect(datasource.secureJsonData).toBeUndefined();
  });

  test('GIVEN an environment with logTenant THEN Loki, the shipper and Grafana all use that tenant', () => {
    const stack = stackOf({ logTenant: 'acme-qa' });
    expect(releaseValues(stack.loki!).loki.auth_enabled).toBe(true);
    expect(stack.loki!.pushTenant).toBe('acme-qa');
    expect(stack.logShipper!.fluentBitConfig()).toContain('acme-qa');
    expect(provisionedDatasource(stack.grafana!, 'loki')).toMatchObject({ jsonData: { httpHeaderName1: 'X-Scope-OrgID' }, secureJsonData: { httpHeaderValue1: 'acme-qa' } });
    expect(summaryOf(stack)).toContain('- Loki: multi-tenant, this stack pushes and queries as tenant "acme-qa"');
    // without it, Loki stays single-tenant
    expect(releaseValues(stackOf().loki!).loki.auth_enabled).toBe(false);
  });
});

describe('Datadog: every billed extra is an explicit choice, off by default', () => {
  const DATADOG = { components: { datadog: true }, datadog: { secretName: 'datadog-keys' } } as const;

  test('GIVEN Datadog on and nothing else chosen THEN no annotation scraping, no log shipping, no trace export', () => {
    const stack = stackOf(DATADOG);
    // Prometheus runs, but that is no reason to pay for every annotated series twice
    expect(stack.prometheus).toBeDefined();
    expect(releaseValues(stack.datadog!).datadog.prometheusScrape.enabled).toBe(false);
    expect(stack.logShipper!.fluentBitConfig()).not.toMatch(/Name\s+datadog/);
    expect(releaseValues(stack.logShipper!).env).toEqual([]);
    const collector = stack.otelCollector!.collectorConfig() as any;
    expect(collector.exporters.datadog).toBeUndefined();
    expect(summaryOf(stack)).toContain('- Datadog (billed, EnvironmentConfig datadog.*): prometheusScrape (prometheus.io-annotated series as custom metrics) off; logs (every container\'s lines from Fluent Bit) off; traces (sampled traces and APM stats from the collector) off');
  });

  test('GIVEN each choice made THEN it is on, the collector computes APM stats with the datadog connector, and the review says ON', () => {
    const stack = stackOf({ ...DATADOG, datadog: { secretName: 'datadog-keys', prometheusScrape: true, logs: true, traces: true } });
    expect(releaseValues(stack.datadog!).datadog.prometheusScrape.enabled).toBe(true);
    expect(stack.logShipper!.fluentBitConfig()).toMatch(/Name\s+datadog/);
    const collector = stack.otelCollector!.collectorConfig() as any;
    expect(collector.exporters.datadog).toBeDefined();
    expect(collector.connectors['datadog/connector']).toEqual({});
    expect(collector.service.pipelines['metrics/datadog']).toEqual({ receivers: ['datadog/connector'], processors: ['batch'], exporters: ['datadog'] });
    expect(summaryOf(stack)).toMatch(/prometheusScrape \([^)]*\) ON; logs \([^)]*\) ON; traces \([^)]*\) ON/);
  });

  test('GIVEN Datadog off THEN no Datadog line in the review', () => {
    expect(summaryOf(stackOf())).not.toContain('- Datadog');
  });
});

describe('what the review says', () => {
  test('Loki retention is shown as the environment writes it (30d), not in Loki\'s hours (720h)', () => {
    const summary = summaryOf(stackOf({ retention: { logs: '30d' } }));
    const lokiRow = summary.split('\n').find((line) => line.startsWith('| Loki'))!;
    expect(lokiRow).toContain('| 30d |');
    expect(lokiRow).not.toContain('720h');
  });

  test('summary.md lists the remote_write targets: kind and URL, tenant, Secret names, never a credential', () => {
    const stack = stackOf({
      prometheus: { remoteWrite: [RemoteWrite.mimir({ url: 'https://mimir.example.com/api/v1/push', basicAuthSecret: 'mimir-credentials', tenant: 'acme-qa' })] },
      sizing: { prometheus: { replicas: 2 } },
    });
    const summary = summaryOf(stack);
    expect(summary).toContain('## Long-term storage (remote_write)');
    expect(summary).toContain('- mimir: https://mimir.example.com/api/v1/push (X-Scope-OrgID: "acme-qa"; basic auth from Secret "mimir-credentials")');
    expect(summary).toContain('HA group: `cluster="qa-eu-1"`');
  });

  test('every object the stack applies itself carries one managed-by value', () => {
    const json = synthJson(stackOf());
    const values = new Set<string>();
    for (const resources of Object.values<Record<string, any>>(json.resource)) {
      for (const resource of Object.values<any>(resources)) {
        const labels = resource.metadata?.labels ?? resource.manifest?.metadata?.labels ?? {};
        if (labels['app.kubernetes.io/managed-by'] !== undefined) values.add(labels['app.kubernetes.io/managed-by']);
      }
    }
    // dashboard ConfigMaps, NetworkPolicies and PodDisruptionBudgets alike
    expect([...values]).toEqual(['terraform']);
  });
});

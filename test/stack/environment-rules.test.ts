import { parse } from 'yaml';
import { MonitoringStack, ReviewArtifacts } from '../../lib';
import { buildRulePacks } from '../../lib/environment/rule-packs-config';
import { renderedExampleReleases } from '../support/rendered-releases';
import { buildExampleApp, releaseValues } from '../support/synth';
import { describeWithTool, promtoolCheckRules } from '../support/tools';

describe('rules of the example environments', () => {
  const { stacks } = buildExampleApp();
  const files = new Map(stacks.map((stack) => [stack.node.id, ReviewArtifacts.of(stack).render()] as const));

  test('every environment runs the seed packs and the self-monitoring pack of each component it runs, dev without the dependency pack', () => {
    const packsOf = (name: string) => [...files.get(name)!.keys()].filter((f) => f.startsWith('rules/')).sort();
    const selfMonitoring = ['rules/alertmanager.yaml', 'rules/grafana.yaml', 'rules/jaeger.yaml', 'rules/log-shipper.yaml', 'rules/loki.yaml', 'rules/tracing-pipeline.yaml'];
    expect(packsOf('monitoring-prod')).toEqual([
      ...selfMonitoring, 'rules/datadog-agent.yaml',
      'rules/dependencies.yaml', 'rules/node-metrics.yaml', 'rules/resources.yaml', 'rules/security.yaml', 'rules/service-health.yaml', 'rules/service-metrics.yaml', 'rules/slo.yaml',
    ].sort());
    expect(packsOf('monitoring-dev')).not.toContain('rules/dependencies.yaml');
    // Datadog runs in prod only: its agent's pack with it
    expect(packsOf('monitoring-dev')).not.toContain('rules/datadog-agent.yaml');
    expect(packsOf('monitoring-dev')).toEqual(expect.arrayContaining(['rules/service-health.yaml', ...selfMonitoring]));
  });

  test('the seeds alert names are all present in prod', () => {
    const prod = stacks.find((s) => s.node.id === 'monitoring-prod') as MonitoringStack;
    const names = prod.prometheus!.alertRules().map((a) => a.name).sort();
    expect(names).toEqual(expect.arrayContaining([
      'ServiceDown', 'HighErrorRate', 'HighLatency', 'HighCPUUsage', 'HighMemoryUsage', 'PodRestartLoop', 'DiskSpaceLow',
      'DatabaseConnectionPoolExhausted', 'KafkaConsumerLag', 'RedisHighMemory', 'CertificateExpiringSoon', 'BruteForceAttempt', 'SecurityEvent',
    ]));
    for (const alert of prod.prometheus!.alertRules()) {
      if (alert.severity === 'critical') expect([alert.name, alert.runbookUrl]).toEqual([alert.name, expect.stringMatching(/^https:\/\//)]);
    }
  });

  test('prod ships logs to Elasticsearch as well (seed 002) and queries Mimir from Grafana; dev does neither', () => {
    const byId = (id: string) => stacks.find((s) => s.node.id === id) as MonitoringStack;
    const outputs = (id: string) => String((releaseValues(byId(id).logShipper!) as any).config.outputs);
    expect(outputs('monitoring-prod')).toMatch(/Name\s+es\b[\s\S]*Host\s+elasticsearch\.example\.internal[\s\S]*HTTP_Passwd\s+\$\{ELASTICSEARCH_PASSWORD\}/);
    expect(outputs('monitoring-dev')).not.toMatch(/Name\s+es\b/);
    const datasourceNames = (id: string) => ((releaseValues(byId(id).grafana!) as any).datasources['datasources.yaml'].datasources as Array<{ name: string }>).map((d) => d.name);
    expect(datasourceNames('monitoring-prod')).toEqual(expect.arrayContaining(['Mimir (long-term)', 'Elasticsearch logs']));
    expect(datasourceNames('monitoring-dev')).not.toContain('Mimir (long-term)');
  });

  test('prod writes to Mimir with credentials from a Secret, and dev keeps short retention on one replica', () => {
    const prod = stacks.find((s) => s.node.id === 'monitoring-prod') as MonitoringStack;
    const dev = stacks.find((s) => s.node.id === 'monitoring-dev') as MonitoringStack;
    const prodSpec = (releaseValues(prod.prometheus!) as any).prometheus.prometheusSpec;
    expect(prodSpec.remoteWrite[0].basicAuth.password).toEqual({ name: 'mimir-credentials', key: 'password' });
    // 30d of metrics: the period of prod's SLOs (a shorter retention is refused at synth)
    expect(prodSpec).toMatchObject({ replicas: 2, retention: '30d', retentionSize: '180GiB', externalLabels: { cluster: 'prod-eu-1', region: 'eu-west-1', environment: 'prod' } });
    expect(prodSpec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage).toBe('200Gi');
    const devSpec = (releaseValues(dev.prometheus!) as any).prometheus.prometheusSpec;
    expect(devSpec).toMatchObject({ replicas: 1, retention: '3d', remoteWrite: [] });
  });

  test("prod's 2 replicas write to Mimir once: __replica__ per pod and the cluster label for the HA tracker, also as the chart renders them", () => {
    const prod = stacks.find((s) => s.node.id === 'monitoring-prod') as MonitoringStack;
    const prodSpec = (releaseValues(prod.prometheus!) as any).prometheus.prometheusSpec;
    expect(prodSpec).toMatchObject({ replicaExternalLabelName: '__replica__', prometheusExternalLabelName: 'prometheus', externalLabels: { cluster: 'prod-eu-1' } });
    const rendered = renderedExampleReleases();
    if (!rendered) return;
    const release = rendered.find((r) => r.stack === 'monitoring-prod' && r.chart === 'kube-prometheus-stack')!;
    const resource = release.objects.find((o) => o.kind === 'Prometheus')!;
    expect(resource.spec).toMatchObject({ replicas: 2, replicaExternalLabelName: '__replica__', prometheusExternalLabelName: 'prometheus', externalLabels: { cluster: 'prod-eu-1' } });
  });

  test('a pack switched on with bad settings fails naming the stack and the pack', () => {
    expect(() => buildRulePacks({ serviceHealth: { highErrorRate: { threshold: 5 } } }, 'monitoring-qa')).toThrow(/^monitoring-qa rulePacks.serviceHealth/);
    expect(() => buildRulePacks({ servicehealth: false } as never, 'monitoring-qa')).toThrow('monitoring-qa: rulePacks.servicehealth is not a rule pack');
  });

  describeWithTool('promtool', 'promtool check rules on every rendered rule file of every environment', () => {
    for (const [stack, artifacts] of files) {
      for (const [name, text] of artifacts) {
        if (!name.startsWith('rules/')) continue;
        test(`${stack}/${name}`, () => {
          expect(parse(text).groups.length).toBeGreaterThan(0);
          const result = promtoolCheckRules(text);
          expect(result.output).toContain('SUCCESS');
          expect(result.status).toBe(0);
        });
      }
    }
  });
});

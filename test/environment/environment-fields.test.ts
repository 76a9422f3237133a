import { join } from 'node:path';
import { Testing } from 'cdktf';
import { parse } from 'yaml';
import { ElasticsearchLogSink, EnvironmentConfig, MonitoringStack, Receiver, RemoteWrite, SamplingStrategy, SecretFile } from '../../lib';
import { unescapeTerraformTemplate } from '../../lib/core/terraform-escape';
import { devAlerting } from '../../stacks/alerting';
import { SHARED_CHARTS, sharedChartsPresent } from '../support/chart-values';
import { expectValidationError } from '../support/refusal';
import { renderCharts } from '../support/rendered-releases';
import { synthJson } from '../support/synth';
import { describeWithTool, renderedDocuments } from '../support/tools';

/*
 * Issue 19, "EnvironmentConfig cannot reach …": every field of that list is set from an EnvironmentConfig
 * and found in the synthesized Terraform (the helm_release values Helm receives), not only on the
 * construct; the two external URLs also through the pinned charts (helm template), and the severity
 * policy's `routes` in the Alertmanager configuration. One stack sets them all; a stack without them
 * shows each default; bad values are refused with the environment or construct path. Tenancy is the
 * existing `logTenant`; the services' scraping and the probes are in test/stack/environment-scraping.test.ts.
 */

type Obj = Record<string, any>;
// Alertmanager on (the built-in Loki rules exist only with it), routed by dev's severity policy.
const base = { name: 'qa', clusterName: 'qa-eu-1', region: 'eu-west-1', alerting: devAlerting } as const;

const FULL: EnvironmentConfig = {
  ...base,
  prometheus: {
    externalUrl: 'https://prometheus.example.com',
    kubeStateMetricsLabels: { pods: ['team', 'app.kubernetes.io/name'], namespaces: ['team'] },
    remoteWrite: [RemoteWrite.mimir({ url: 'https://mimir.example.com/api/v1/push', queryUrl: 'https://mimir.example.com/prometheus', tenant: 'qa', basicAuthSecret: 'mimir-qa' })],
  },
  alertmanager: { externalUrl: 'https://alertmanager.example.com' },
  loki: {
    streamRetention: [{ selector: '{namespace="dev"}', period: '7d', priority: 2 }],
    limits: { maxQuerySeries: 900, ingestionRateMB: 12, ingestionBurstSizeMB: 24 },
    rulesTeam: 'security',
  },
  logTenant: 'acme-qa',
  logShipper: {
    appLabel: 'app.kubernetes.io/name',
    elasticsearch: ElasticsearchLogSink.elasticsearch({ url: 'https://es.example.com:9200', logstashPrefix: 'qa-logs', credentials: { secretName: 'es-qa' }, ca: { secretName: 'es-ca' } }),
  },
  jaeger: {
    serviceSampling: { checkout: { strategy: SamplingStrategy.probabilistic(0.5), operations: { 'GET /cart': 1 } } },
    ingress: { host: 'jaeger.example.com', tlsSecretName: 'jaeger-tls' },
  },
  otelCollector: { tailSampling: { slowTraceThreshold: '3s', numTraces: 20000 } },
  traceSampling: 0.25,
  grafana: {
    plugins: ['grafana-polystat-panel@2.1.13'],
    auth: { anonymousViewer: true, disableLoginForm: true },
    extraIni: { 'auth.generic_oauth': { enabled: true, client_secret: '$__file{/etc/secrets/oauth/client-secret}' } },
  },
};

/** The values of every helm_release of a synthesized stack's Terraform JSON, by release name (each values document merged). */
function releasesOf(json: Obj): Record<string, Obj> {
  const out: Record<string, Obj> = {};
  for (const release of Object.values(json.resource.helm_release as Record<string, any>)) {
    const docs = ((release.values ?? []) as string[]).map((text) => parse(unescapeTerraformTemplate(text)) ?? {});
    out[release.name] = Object.assign({}, ...docs);
  }
  return out;
}

let fullJson: Obj | undefined;
/** The Terraform JSON of a stack with FULL, synthesized once: the values tests and the helm renders read the same output. */
const fullSynth = (): Obj => (fullJson ??= synthJson(new MonitoringStack(Testing.app(), FULL)));

/** The objects a manifests release delivers. */
const manifestsOf = (values: Obj): Obj[] => values.manifests ?? [];

describe('every field of issue 19 reaches the synthesized output', () => {
  let releases: Record<string, Obj>;
  beforeAll(() => {
    releases = releasesOf(fullSynth());
  });

  test('prometheus.externalUrl → kps prometheusSpec.externalUrl (the alerts\' generatorURL)', () => {
    expect(releases['kube-prometheus-stack'].prometheus.prometheusSpec.externalUrl).toBe('https://prometheus.example.com');
  });

  test('prometheus.kubeStateMetricsLabels → kube-state-metrics.metricLabelsAllowlist, resources sorted', () => {
    expect(releases['kube-prometheus-stack']['kube-state-metrics'].metricLabelsAllowlist).toEqual(['namespaces=[team]', 'pods=[team,app.kubernetes.io/name]']);
  });

  test('alertmanager.externalUrl → the alertmanager chart\'s baseURL (its --web.external-url)', () => {
    expect(releases.alertmanager.baseURL).toBe('https://alertmanager.example.com');
  });

  test('loki.streamRetention → limits_config.retention_stream', () => {
    expect(releases.loki.loki.limits_config.retention_stream).toEqual([{ selector: '{namespace="dev"}', priority: 2, period: '168h' }]);
  });

  test('loki.limits → limits_config', () => {
    expect(releases.loki.loki.limits_config).toMatchObject({ max_query_series: 900, ingestion_rate_mb: 12, ingestion_burst_size_mb: 24 });
  });

  test('logTenant (tenancy) → auth_enabled and the shipper\'s tenant', () => {
    expect(releases.loki.loki.auth_enabled).toBe(true);
    expect(JSON.stringify(releases['fluent-bit'])).toContain('acme-qa');
  });

  test('loki.rulesTeam → the team label of the built-in Loki rules (ConfigMap the ruler loads)', () => {
    const rules = Object.entries(releases).filter(([name]) => name.startsWith('loki-rules-'));
    expect(rules.length).toBeGreaterThan(0);
    for (const [, values] of rules) {
      const files = manifestsOf(values).flatMap((object) => Object.values(object.data ?? {}) as string[]);
      const labels = files.flatMap((file) => (parse(file).groups as Obj[]).flatMap((group) => group.rules.map((rule: Obj) => rule.labels?.team)));
      expect(labels.length).toBeGreaterThan(0);
      expect(new Set(labels)).toEqual(new Set(['security']));
    }
  });

  test('logShipper.appLabel → the `app` stream label of Fluent Bit\'s Loki output', () => {
    expect(JSON.stringify(releases['fluent-bit'])).toContain("app=$kubernetes['labels']['app.kubernetes.io/name']");
  });

  test('logShipper.elasticsearch → an es output in Fluent Bit\'s config and an Elasticsearch logs datasource in Grafana (issue 19 item 6)', () => {
    const outputs = String(releases['fluent-bit'].config.outputs);
    expect(outputs).toMatch(/Name\s+es\b/);
    expect(outputs).toMatch(/Host\s+es\.example\.com/);
    expect(outputs).toMatch(/Logstash_Prefix\s+qa-logs/);
    expect(outputs).toMatch(/tls\.verify\s+On/);
    expect(JSON.stringify(releases.grafana.datasources)).toContain('"name":"Elasticsearch logs"');
  });

  test('prometheus.remoteWrite queryUrl → a long-term Prometheus datasource in Grafana with the tenant header (issue 19 item 5)', () => {
    const provisioned = (releases.grafana.datasources['datasources.yaml'].datasources as Obj[]).find((d) => d.name === 'Mimir (long-term)');
    expect(provisioned).toMatchObject({ type: 'prometheus', url: 'https://mimir.example.com/prometheus' });
    expect(JSON.stringify(provisioned)).toContain('X-Scope-OrgID');
    // the local Prometheus stays the default datasource
    expect(provisioned!.isDefault ?? false).toBe(false);
  });

  test('jaeger.serviceSampling → the strategies file; with tail sampling the default head probability is 1', () => {
    const configMap = manifestsOf(releases['jaeger-sampling']).find((object) => object.kind === 'ConfigMap')!;
    const strategies = JSON.parse(Object.values(configMap.data)[0] as string);
    expect(strategies.default_strategy).toMatchObject({ type: 'probabilistic', param: 1 });
    expect(strategies.service_strategies).toEqual([
      { service: 'checkout', type: 'probabilistic', param: 0.5, operation_strategies: [{ operation: 'GET /cart', type: 'probabilistic', param: 1 }] },
    ]);
  });

  test('jaeger.ingress → the chart\'s query Ingress', () => {
    expect(releases.jaeger.jaeger.ingress).toMatchObject({ enabled: true, hosts: ['jaeger.example.com'] });
  });

  test('otelCollector.tailSampling → the tail_sampling processor, keeping traceSampling of the rest', () => {
    const config = releases['otel-collector'].alternateConfig;
    expect(config.processors.tail_sampling).toMatchObject({ num_traces: 20000 });
    const policies = config.processors.tail_sampling.policies as Obj[];
    expect(policies.find((p) => p.type === 'latency')!.latency.threshold_ms).toBe(3000);
    expect(policies.find((p) => p.type === 'probabilistic')!.probabilistic.sampling_percentage).toBe(25);
  });

  test('grafana.plugins, auth and extraIni → the grafana chart values', () => {
    const grafana = releases.grafana;
    expect(grafana.plugins).toEqual(['grafana-polystat-panel@2.1.13']);
    expect(grafana['grafana.ini']['auth.anonymous']).toMatchObject({ enabled: true, org_role: 'Viewer' });
    expect(grafana['grafana.ini'].auth).toMatchObject({ disable_login_form: true });
    expect(grafana['grafana.ini']['auth.generic_oauth']).toEqual({ enabled: true, client_secret: '$__file{/etc/secrets/oauth/client-secret}' });
  });
});

/** The values text Terraform hands Helm for a release (every values document, in order, unescaped). */
function valuesTextOf(json: Obj, releaseName: string): string[] {
  const release = Object.values(json.resource.helm_release as Record<string, any>).find((r) => r.name === releaseName)!;
  return (release.values as string[]).map(unescapeTerraformTemplate);
}

/** The objects the pinned chart renders with those values (helm template, as the render tests run it). */
function rendered(chart: string, values: string[], releaseName: string): Obj[] {
  const [result] = renderCharts([{ chartDir: join(SHARED_CHARTS, chart), values, name: releaseName, namespace: 'monitoring' }]);
  expect([result.status, result.stderr]).toEqual([0, expect.anything()]);
  return renderedDocuments(result.stdout) as Obj[];
}

describeWithTool('helm', 'the external URLs through the pinned charts', () => {
  const withCharts = sharedChartsPresent('rendering the external URLs') ? test : test.skip;

  withCharts('kube-prometheus-stack 88.5.3 puts prometheus.externalUrl on the Prometheus CR (the operator\'s --web.external-url)', () => {
    const objects = rendered('kube-prometheus-stack-88.5.3', valuesTextOf(fullSynth(), 'kube-prometheus-stack'), 'kube-prometheus-stack');
    const cr = objects.find((o) => o.kind === 'Prometheus')!;
    expect(cr.spec.externalUrl).toBe('https://prometheus.example.com');
  });

  withCharts('alertmanager 1.42.0 runs with --web.external-url from alertmanager.externalUrl', () => {
    const objects = rendered('alertmanager-1.42.0', valuesTextOf(fullSynth(), 'alertmanager'), 'alertmanager');
    const statefulSet = objects.find((o) => o.kind === 'StatefulSet')!;
    const args: string[] = statefulSet.spec.template.spec.containers.find((c: Obj) => c.name === 'alertmanager').args;
    expect(args).toContain('--web.external-url=https://alertmanager.example.com');
  });
});

describe('alerting.routes (SeverityPolicyProps) from the environment', () => {
  test('a team route of the environment comes before the policy\'s team routes and fallbacks in the synthesized config', () => {
    const payments = Receiver.slack('payments', { channel: '#payments', apiUrl: SecretFile.from('alertmanager-slack', 'payments-webhook') });
    const stack = new MonitoringStack(Testing.app(), { ...base, alerting: { ...devAlerting, routes: [{ matchers: ['team="payments"'], receiver: payments }] } });
    const config = releasesOf(synthJson(stack)).alertmanager.config;
    const receivers = (config.route.routes as Obj[]).map((route) => route.receiver);
    const own = receivers.indexOf('payments');
    expect(own).toBeGreaterThanOrEqual(0);
    // only the Watchdog/InfoInhibitor routes come first; every team route and fallback after it
    expect((config.route.routes as Obj[]).slice(0, own).every((route) => JSON.stringify(route.matchers).match(/Watchdog|InfoInhibitor/))).toBe(true);
    expect(receivers.slice(own + 1).length).toBeGreaterThan(0);
    expect((config.route.routes as Obj[])[own].matchers).toEqual(['team="payments"']);
  });
});

describe('without the fields, each component keeps its default', () => {
  test('an OpenSearch sink brings Grafana\'s OpenSearch plugin with it', () => {
    const stack = new MonitoringStack(Testing.app(), { ...base, logShipper: { elasticsearch: ElasticsearchLogSink.opensearch({ url: 'https://os.example.com' }) } });
    const released = releasesOf(synthJson(stack));
    expect(String(released['fluent-bit'].config.outputs)).toMatch(/Name\s+opensearch\b/);
    expect(released.grafana.plugins).toEqual(['grafana-opensearch-datasource']);
    expect(JSON.stringify(released.grafana.datasources)).toContain('"name":"OpenSearch logs"');
  });

  test('no external URLs, no label allowlist, team platform, head sampling at traceSampling, no tail sampling, no Jaeger Ingress, no Elasticsearch sink, no long-term datasource', () => {
    const stack = new MonitoringStack(Testing.app(), base);
    const releases = releasesOf(synthJson(stack));
    expect(releases['kube-prometheus-stack'].prometheus.prometheusSpec.externalUrl).toBeUndefined();
    expect(releases['kube-prometheus-stack']['kube-state-metrics'].metricLabelsAllowlist).toBeUndefined();
    expect(releases.alertmanager.baseURL).toBeUndefined();
    expect(releases.loki.loki.limits_config.retention_stream ?? []).toEqual([]);
    const rules = Object.entries(releases).filter(([name]) => name.startsWith('loki-rules-'));
    expect(JSON.stringify(rules)).toContain('team: platform');
    expect(JSON.stringify(releases['fluent-bit'])).toContain("app=$kubernetes['labels']['app']");
    expect(releases['otel-collector'].alternateConfig.processors.tail_sampling).toBeUndefined();
    expect(stack.jaeger!.sampling.render().default_strategy).toMatchObject({ param: 0.1 });
    expect(releases.jaeger.jaeger.ingress?.enabled ?? false).toBe(false);
    expect(releases.grafana.plugins ?? []).toEqual([]);
    // no Elasticsearch output, no long-term datasource
    expect(String(releases['fluent-bit'].config.outputs)).not.toMatch(/Name\s+(es|opensearch)\b/);
    expect((releases.grafana.datasources['datasources.yaml'].datasources as Obj[]).map((d) => d.name)).not.toContain('Mimir (long-term)');
  });
});

describe('bad values are refused, naming the environment or the component', () => {
  const build = (overrides: Partial<EnvironmentConfig>) => () => new MonitoringStack(Testing.app(), { ...base, ...overrides });

  test('an external URL with credentials or a query', () => {
    expectValidationError(build({ prometheus: { externalUrl: 'https://user:secret@prometheus.example.com' } }), 'monitoring-qa/prometheus', 'externalUrl', '***@', 'https://prometheus.example.com');
    expect(build({ prometheus: { externalUrl: 'https://user:secret@prometheus.example.com' } })).toThrow(/^(?!.*secret)/s);
    expectValidationError(build({ alertmanager: { externalUrl: 'alertmanager.example.com' } }), 'monitoring-qa/alertmanager', 'externalUrl');
  });

  test('kube-state-metrics labels: a bad resource, a bad label key, "*" mixed with names', () => {
    expectValidationError(build({ prometheus: { kubeStateMetricsLabels: { Pods: ['team'] } } }), 'kubeStateMetricsLabels key "Pods"', 'plural lowercase');
    expectValidationError(build({ prometheus: { kubeStateMetricsLabels: { pods: ['team label'] } } }), 'kubeStateMetricsLabels.pods entry "team label"');
    expectValidationError(build({ prometheus: { kubeStateMetricsLabels: { pods: ['*', 'team'] } } }), 'mixes "*"');
    expectValidationError(build({ prometheus: { kubeStateMetricsLabels: { pods: [] } } }), 'at least one label key');
  });

  test('tail sampling with two collector replicas', () => {
    expectValidationError(build({ otelCollector: { tailSampling: {} }, sizing: { otelCollector: { replicas: 2 } } }), 'otel-collector', 'replicas 2 with tailSampling');
  });

  test('a bad per-service strategy is refused with the environment\'s path', () => {
    expectValidationError(build({ jaeger: { serviceSampling: { checkout: { strategy: SamplingStrategy.probabilistic(2) } } } }), 'jaeger.serviceSampling', 'not within [0, 1]');
  });

  test('a stream retention shorter than a day, an empty rules team', () => {
    expectValidationError(build({ loki: { streamRetention: [{ selector: '{namespace="dev"}', period: '12h' }] } }), 'streamRetention[0] period', 'whole number of days');
    expectValidationError(build({ loki: { rulesTeam: '' } }), 'loki.rulesTeam');
  });

  test('a Grafana credential written in clear in extraIni', () => {
    expectValidationError(build({ grafana: { extraIni: { 'auth.generic_oauth': { client_secret: 'hunter2' } } } }), 'client_secret');
  });
});


import { Release } from '@cdktf/provider-helm/lib/release';
import { TerraformStack, Testing } from 'cdktf';
import { parse } from 'yaml';
import { Charts, ReviewArtifacts } from '../../lib';
import { Duration } from '../../lib/core/duration';
import { unescapeTerraformTemplate } from '../../lib/core/terraform-escape';
import { Jaeger, JaegerProps, JaegerStorage, SamplingStrategies, SamplingStrategy } from '../../lib/jaeger';
import { unknownChartKeys } from '../support/chart-values';
import { synthJson, releaseValues } from '../support/synth';
import { jaegerChartKeys } from './jaeger-chart-keys';
import { refusal } from '../support/refusal';

const ES = JaegerStorage.elasticsearch({
  urls: ['https://es.example.com:9200'],
  credentials: { secretName: 'jaeger-elasticsearch' },
  indexPrefix: 'prod',
});

function build(props: Partial<JaegerProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 'monitoring-test');
  const jaeger = new Jaeger(stack, 'jaeger', { namespace: 'monitoring', ...props });
  return { stack, jaeger };
}

function releases(json: Record<string, any>): Record<string, Record<string, any>> {
  return json.resource.helm_release;
}

function jaegerRelease(json: Record<string, any>): [string, Record<string, any>] {
  return Object.entries(releases(json)).find(([, r]) => r.chart === 'jaeger')!;
}

function valuesOf(release: Record<string, any>): Record<string, any> {
  return parse(unescapeTerraformTemplate(release.values[0]));
}

describe('Jaeger', () => {
  test('GIVEN prod on Elasticsearch with an ingress THEN Jaeger v2 is configured from Secrets, with retention and TLS', () => {
    // GIVEN
    const { stack, jaeger } = build({
      storage: ES, retention: '7d', replicas: 2, queryBasePath: '/jaeger',
      ingress: { host: 'jaeger.example.com', ingressClassName: 'nginx', tlsSecretName: 'jaeger-tls' },
    });
    // WHEN
    const json = synthJson(stack);
    const [, release] = jaegerRelease(json);
    const values = valuesOf(release);
    // THEN the pinned chart, installed with deliberate failure handling
    expect(release).toMatchObject({ chart: 'jaeger', version: '4.11.1', repository: Charts.jaeger.repository, namespace: 'monitoring', atomic: true, cleanup_on_fail: true });
    // storage: Elasticsearch with credentials only as env references to the Secret
    const backend = values.userconfig.extensions.jaeger_storage.backends.primary_store;
    expect(backend).toEqual({
      elasticsearch: {
        server_urls: ['https://es.example.com:9200'],
        indices: expect.objectContaining({ index_prefix: 'prod', spans: { shards: 3, replicas: 1 } }),
        auth: { basic: { username: '${env:ES_USERNAME}', password: '${env:ES_PASSWORD}' } },
      },
    });
    expect(values.jaeger.extraEnv).toEqual([
      { name: 'ES_USERNAME', valueFrom: { secretKeyRef: { name: 'jaeger-elasticsearch', key: 'username' } } },
      { name: 'ES_PASSWORD', valueFrom: { secretKeyRef: { name: 'jaeger-elasticsearch', key: 'password' } } },
    ]);
    // Terraform sees `$${env:...}` (escaped), so the cluster receives `${env:...}` literally
    expect(release.values[0]).toContain('password: $${env:ES_PASSWORD}');
    expect(release.values[0]).not.toMatch(/[^$]\$\{env:/);
    // retention: the chart's es-index-cleaner keeps 7 daily indices, with the same Secret and prefix
    expect(values.esIndexCleaner).toMatchObject({ enabled: true, numberOfDays: 7 });
    expect(values.esIndexCleaner.extraEnv).toContainEqual({ name: 'INDEX_PREFIX', value: 'prod' });
    expect(values.esIndexCleaner.extraEnv).toContainEqual({ name: 'ES_PASSWORD', valueFrom: { secretKeyRef: { name: 'jaeger-elasticsearch', key: 'password' } } });
    expect(values.storage.elasticsearch.url).toBe('https://es.example.com:9200');
    // OTLP on 4317/4318, query UI under its base path, remote sampling on 5778
    expect(values.userconfig.receivers.otlp.protocols).toEqual({ grpc: { endpoint: '0.0.0.0:4317' }, http: { endpoint: '0.0.0.0:4318' } });
    expect(values.userconfig.extensions.jaeger_query).toMatchObject({ base_path: '/jaeger', storage: { traces: 'primary_store' } });
    expect(values.userconfig.extensions.remote_sampling).toMatchObject({ file: { path: '/etc/jaeger/sampling/strategies.json' }, http: { endpoint: '0.0.0.0:5778' } });
    expect(values.userconfig.service.extensions).toEqual(['jaeger_storage', 'jaeger_query', 'remote_sampling', 'healthcheckv2']);
    // ingress with TLS by Secret name only
    expect(values.jaeger.ingress).toEqual({
      enabled: true, ingressClassName: 'nginx', annotations: {}, hosts: ['jaeger.example.com'],
      tls: [{ secretName: 'jaeger-tls', hosts: ['jaeger.example.com'] }], pathType: 'Prefix',
    });
    // the rendered values keep their key order (the shared part first, then Jaeger's tls and pathType)
    expect(Object.keys(values.jaeger.ingress)).toEqual(['enabled', 'ingressClassName', 'annotations', 'hosts', 'tls', 'pathType']);
    expect(values.jaeger).toMatchObject({ replicas: 2, securityContext: { runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } });
    expect(values.jaeger.resources.limits).toEqual({ cpu: '500m', memory: '1Gi' });
    // typed attributes
    expect(jaeger.otlpGrpcEndpoint).toBe('jaeger.monitoring.svc:4317');
    expect(jaeger.otlpHttpEndpoint).toBe('http://jaeger.monitoring.svc:4318');
    expect(jaeger.jaegerQueryUrl).toBe('http://jaeger.monitoring.svc:16686/jaeger');
    expect(jaeger.samplingEndpoint).toBe('http://jaeger.monitoring.svc:5778');
    expect(jaeger.grafanaDatasource()).toEqual({ type: 'jaeger', name: 'Jaeger', uid: 'jaeger', url: 'http://jaeger.monitoring.svc:16686/jaeger' });
  });

  test('GIVEN dev defaults THEN memory storage, one replica, no index cleaner, 10 % sampling with health at 0', () => {
    const { jaeger } = build();
    const values = releaseValues(jaeger) as any;
    expect(values.userconfig.extensions.jaeger_storage.backends.primary_store).toEqual({ memory: { max_traces: 100000 } });
    expect(values.esIndexCleaner).toEqual({ enabled: false });
    expect(values.storage).toBeUndefined();
    expect(values.jaeger.extraEnv).toEqual([]);
    expect(values.jaeger.ingress).toEqual({ enabled: false });
    expect(values.userconfig.extensions.jaeger_query.base_path).toBe('/');
    expect(jaeger.jaegerQueryUrl).toBe('http://jaeger.monitoring.svc:16686');
    const [configMap] = releaseValues(jaeger.samplingRelease).manifests;
    const strategies = JSON.parse(configMap.data['strategies.json']);
    expect(strategies.default_strategy.param).toBe(0.1);
    expect(strategies.default_strategy.operation_strategies).toContainEqual({ operation: '/healthz', type: 'probabilistic', param: 0 });
  });

  test('sampling strategies are a ConfigMap in their own release, mounted as a directory, and Jaeger waits for it', () => {
    // GIVEN
    const sampling = new SamplingStrategies({ defaultProbability: 1 }).addService('checkout', { strategy: SamplingStrategy.probabilistic(0.5), operations: { 'POST /pay': 1 } });
    const { stack } = build({ sampling });
    // WHEN
    const json = synthJson(stack);
    const [, release] = jaegerRelease(json);
    const [samplingId, samplingRelease] = Object.entries(releases(json)).find(([, r]) => r.name === 'jaeger-sampling')!;
    // THEN
    expect(release.depends_on).toEqual([`helm_release.${samplingId}`]);
    const [configMap] = valuesOf(samplingRelease).manifests;
    expect(configMap).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'jaeger-sampling-strategies', namespace: 'monitoring' } });
    expect(JSON.parse(configMap.data['strategies.json'])).toEqual(sampling.render());
    const values = valuesOf(release);
    expect(values.jaeger.extraVolumes).toEqual([{ name: 'sampling-strategies', configMap: { name: 'jaeger-sampling-strategies' } }]);
    // no subPath: ConfigMap updates reach the running pod, and reload_interval picks them up
    expect(values.jaeger.extraVolumeMounts).toEqual([{ name: 'sampling-strategies', mountPath: '/etc/jaeger/sampling', readOnly: true }]);
    expect(values.userconfig.extensions.remote_sampling.file.reload_interval).toBe('30s');
  });

  test('GIVEN Cassandra THEN retention is the schema trace TTL and credentials come from the Secret', () => {
    const { jaeger } = build({
      storage: JaegerStorage.cassandra({ servers: ['cassandra.db.svc'], credentials: { secretName: 'jaeger-cassandra', passwordKey: 'cassandra-password' } }),
      retention: '7d',
    });
    const values = releaseValues(jaeger) as any;
    expect(values.userconfig.extensions.jaeger_storage.backends.primary_store).toEqual({
      cassandra: {
        schema: { keyspace: 'jaeger_v1_dc1', create: true, trace_ttl: '168h' },
        connection: { servers: ['cassandra.db.svc'], port: 9042, auth: { basic: { username: '${env:CASSANDRA_USERNAME}', password: '${env:CASSANDRA_PASSWORD}' } } },
      },
    });
    expect(values.jaeger.extraEnv[1]).toEqual({ name: 'CASSANDRA_PASSWORD', valueFrom: { secretKeyRef: { name: 'jaeger-cassandra', key: 'cassandra-password' } } });
    expect(values.esIndexCleaner.enabled).toBe(false);
  });

  test('OpenSearch uses the opensearch backend and the same index cleaner', () => {
    const { jaeger } = build({ storage: JaegerStorage.opensearch({ urls: ['https://os.example.com:9200'] }), retention: '3d' });
    const values = releaseValues(jaeger) as any;
    expect(Object.keys(values.userconfig.extensions.jaeger_storage.backends.primary_store)).toEqual(['opensearch']);
    expect(values.userconfig.extensions.jaeger_storage.backends.primary_store.opensearch.auth).toBeUndefined();
    expect(values.esIndexCleaner).toMatchObject({ enabled: true, numberOfDays: 3 });
  });

  test('GIVEN a wildcard ingress host THEN it is accepted (unlike Grafana, whose host is its root URL) and rendered as given', () => {
    const values = releaseValues(build({ ingress: { host: '*.example.com' } }).jaeger) as any;
    expect(values.jaeger.ingress).toEqual({ enabled: true, annotations: {}, hosts: ['*.example.com'], pathType: 'Prefix' });
    expect(Object.keys(values.jaeger.ingress)).toEqual(['enabled', 'annotations', 'hosts', 'pathType']);
  });

  test('every Helm value key it sets exists in the pinned chart', () => {
    const keys = jaegerChartKeys();
    if (!keys) return;
    for (const props of [
      { storage: ES, replicas: 2, ingress: { host: 'jaeger.example.com', ingressClassName: 'nginx', tlsSecretName: 'jaeger-tls', annotations: { a: 'b' } } },
      { storage: JaegerStorage.cassandra({ servers: ['c'], credentials: { secretName: 'c' } }) },
      {},
    ] as Partial<JaegerProps>[]) {
      // The index cleaner's (pod) securityContext: Kubernetes objects the chart passes through toYaml.
      expect(unknownChartKeys(releaseValues(build(props).jaeger), keys, ['esIndexCleaner.securityContext', 'esIndexCleaner.podSecurityContext'])).toEqual([]);
    }
    // and the checker catches a key the chart does not have
    expect(unknownChartKeys({ jaeger: { replicaCount: 2 } }, keys)).toEqual(['jaeger.replicaCount']);
  });

  test('review artifacts: the strategies file and the component', () => {
    const { stack } = build({ storage: ES });
    const files = ReviewArtifacts.of(stack).render();
    expect(JSON.parse(files.get('jaeger/jaeger-sampling-strategies.json')!).default_strategy.param).toBe(0.1);
    expect(files.get('summary.md')).toContain('elasticsearch (https://es.example.com:9200)');
  });

  test('the Jaeger v2 config snapshot (paired with the assertions above)', () => {
    const config = releaseValues(build({ storage: ES, queryBasePath: '/jaeger' }).jaeger).userconfig;
    expect(config.exporters.jaeger_storage_exporter.trace_storage).toBe('primary_store');
    expect(config.extensions.healthcheckv2).toEqual({ use_v2: true, http: { endpoint: '0.0.0.0:13133' } });
    expect(config).toMatchSnapshot();
  });

  test('scrapedBy: one ServiceMonitor in its own release after the Prometheus release; the same Prometheus again returns it, another one is refused', () => {
    const { stack, jaeger } = build();
    const kps = { release: new Release(stack, 'kps', { name: 'kube-prometheus-stack', chart: 'kube-prometheus-stack' }), releaseName: 'kube-prometheus-stack', scrapeInterval: Duration.seconds(30) };
    const before = synthJson(stack);
    expect(valuesOf(jaegerRelease(before)[1]).jaeger.podLabels).toBeUndefined();
    const monitor = jaeger.scrapedBy(kps);
    expect(jaeger.scrapedBy(kps)).toBe(monitor);
    const json = synthJson(stack);
    const added = Object.keys(releases(json)).filter((id) => !(id in releases(before)));
    expect(added).toEqual([stack.getLogicalId(monitor.release)]);
    expect(releases(json)[added[0]]).toMatchObject({ name: 'kube-prometheus-stack-sm-jaeger', namespace: 'monitoring', depends_on: expect.arrayContaining(['helm_release.kps']) });
    // The pod leaves annotation discovery once the ServiceMonitor scrapes it.
    expect(valuesOf(jaegerRelease(json)[1]).jaeger.podLabels).toEqual({ 'observability.platform/scraped-by': 'monitor' });
    const { message } = refusal(() => jaeger.scrapedBy({ ...kps, releaseName: 'other' }));
    expect(message).toBe('monitoring-test/jaeger: is already scraped by the Prometheus release "kube-prometheus-stack"; one ServiceMonitor serves every Prometheus that selects it, so call scrapedBy once.');
    expect(synthJson(stack)).toEqual(json);
  });

  test.each<[string, Partial<JaegerProps>, string[]]>([
    ['several replicas on memory storage', { replicas: 2 }, ['monitoring-test/jaeger: replicas 2 with memory storage', 'JaegerStorage.elasticsearch']],
    ['zero replicas', { replicas: 0 }, ['monitoring-test/jaeger: replicas 0', 'at least 1']],
    ['retention in hours on Elasticsearch', { storage: ES, retention: '36h' }, ['monitoring-test/jaeger: retention "1d12h"', 'whole days', '"7d"']],
    ['a bad retention', { retention: '7 days' as never }, ['monitoring-test/jaeger retention: "7 days" is not a Prometheus duration']],
    ['credentials in the Elasticsearch URL', { storage: JaegerStorage.elasticsearch({ urls: ['https://elastic:secret@es:9200'] }) }, ['monitoring-test/jaeger: elasticsearch URL "https://es:9200" carries credentials', 'existing Secret']],
    ['no Elasticsearch URL', { storage: JaegerStorage.elasticsearch({ urls: [] }) }, ['elasticsearch urls []', 'at least one URL']],
    ['a non-URL', { storage: JaegerStorage.opensearch({ urls: ['os:9200'] }) }, ['opensearch URL "os:9200" is not an http(s) URL']],
    ['a bad Secret name', { storage: JaegerStorage.elasticsearch({ urls: ['https://es:9200'], credentials: { secretName: 'ES Creds' } }) }, ['monitoring-test/jaeger: credentials.secretName "ES Creds" is not a valid Kubernetes Secret name', 'name an existing Secret, e.g. credentials.secretName: "jaeger-elasticsearch".']],
    ['a bad index prefix', { storage: JaegerStorage.elasticsearch({ urls: ['https://es:9200'], indexPrefix: 'Prod*' }) }, ['indexPrefix "Prod*"', 'lowercase']],
    ['cassandra servers with ports', { storage: JaegerStorage.cassandra({ servers: ['c:9042'] }) }, ['cassandra servers ["c:9042"]', 'no ports']],
    ['zero max traces', { storage: JaegerStorage.memory({ maxTraces: 0 }) }, ['maxTraces 0', '100000']],
    ['a base path with a trailing slash', { queryBasePath: '/jaeger/' }, ['queryBasePath "/jaeger/"', '"/jaeger"']],
    ['an ingress host with a scheme', { ingress: { host: 'https://jaeger.example.com' } }, ['monitoring-test/jaeger: ingress.host "https://jaeger.example.com" is not a DNS host name', 'e.g. "jaeger.example.com" or "*.example.com"', 'no scheme']],
    ['a bad TLS Secret name', { ingress: { host: 'jaeger.example.com', tlsSecretName: 'Jaeger TLS' } }, ['monitoring-test/jaeger: ingress.tlsSecretName "Jaeger TLS" is not a valid Kubernetes Secret name', 'name an existing Secret, e.g. ingress.tlsSecretName: "jaeger-tls".']],
    ['a bad release name', { releaseName: 'Jaeger_Prod' }, ['releaseName "Jaeger_Prod"']],
    ['a request above its limit', { resources: { requests: { cpu: '2', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } } }, ['monitoring-test/jaeger resources: CPU request "2" exceeds its limit "1"']],
  ])('refuses %s with the construct path, the value and the fix', (_, props, parts) => {
    const { message } = refusal(() => build(props));
    for (const part of parts) expect(message).toContain(part);
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { TerraformStack, Testing } from 'cdktf';
import { parse } from 'yaml';
import { Charts, ReviewArtifacts } from '../../lib';
import { unescapeTerraformTemplate } from '../../lib/core/terraform-escape';
import { Jaeger } from '../../lib/jaeger';
import { OtelCollector, OtelCollectorProps } from '../../lib/otel-collector';
import { OTEL_COLLECTOR_CONTRIB_IMAGE } from '../../lib/otel-collector/otel-collector-values';
import { SHARED_CHARTS, chartDefaults, unknownChartKeys } from '../support/chart-values';
import { synthJson, releaseValues } from '../support/synth';
import { refusal } from '../support/refusal';

function build(props: Partial<OtelCollectorProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 'monitoring-test');
  const jaeger = new Jaeger(stack, 'jaeger', { namespace: 'monitoring' });
  const collector = new OtelCollector(stack, 'otel-collector', { namespace: 'monitoring', tracesBackend: jaeger, ...props });
  return { stack, jaeger, collector };
}

function collectorRelease(json: Record<string, any>): Record<string, any> {
  return Object.values(json.resource.helm_release as Record<string, any>).find((r) => r.chart === 'opentelemetry-collector');
}

/** The chart's values.schema.json, or undefined with a notice (a failure when CI=true). */
function chartSchema(): Record<string, unknown> | undefined {
  const file = join(SHARED_CHARTS, `opentelemetry-collector-${Charts.openTelemetryCollector.version}`, 'values.schema.json');
  if (!existsSync(file)) {
    if (process.env.CI === 'true') throw new Error(`${file} is missing; CI needs ../shared/charts.`);
    // eslint-disable-next-line no-console
    console.warn(`[skip] ${file} not found: schema validation skipped.`);
    return undefined;
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * The chart takes any port name under `ports` (its schema: patternProperties ".*"); values.yaml only
 * lists the defaults. With the schema present, extra port names are accepted; without it, they are not.
 */
function portNamesFreeForm(defaults: Record<string, unknown>, schema: Record<string, any> | undefined): Record<string, unknown> {
  if (!schema) return defaults;
  expect(Object.keys(schema.properties.ports.patternProperties)).toEqual(['.*']);
  return { ...defaults, ports: { ...(defaults.ports as object), spanmetrics: null } };
}

/** Helm's values merge: maps merge key by key, anything else replaces. */
function helmMerge(base: Record<string, any>, over: Record<string, any>): Record<string, any> {
  const out: Record<string, any> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const isMap = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
    out[key] = isMap(value) && isMap(base[key]) ? helmMerge(base[key], value) : value;
  }
  return out;
}

const ALL_OPTIONS: Partial<OtelCollectorProps> = {
  tailSampling: { probability: 0.1 },
  datadog: { apiKeySecretName: 'datadog-secret', site: 'datadoghq.eu' },
  spanMetrics: { dimensions: ['http.request.method'], histogramBucketsMs: [10, 100, 1000] },
};

describe('OtelCollector', () => {
  test('GIVEN the gateway defaults THEN OTLP in, memory_limiter + batch, traces to Jaeger by typed reference, span metrics to Prometheus', () => {
    // GIVEN
    const { stack, collector } = build();
    // WHEN
    const release = collectorRelease(synthJson(stack));
    const values = parse(unescapeTerraformTemplate(release.values[0]));
    // THEN the pinned chart, the contrib image, deployment mode
    expect(release).toMatchObject({ chart: 'opentelemetry-collector', version: '0.170.0', repository: Charts.openTelemetryCollector.repository, atomic: true });
    expect(values).toMatchObject({ mode: 'deployment', image: { repository: OTEL_COLLECTOR_CONTRIB_IMAGE }, command: { name: 'otelcol-contrib' }, replicaCount: 1 });
    expect(OTEL_COLLECTOR_CONTRIB_IMAGE).toBe('otel/opentelemetry-collector-contrib');
    const config = values.alternateConfig;
    expect(config.exporters['otlp/jaeger'].endpoint).toBe('jaeger.monitoring.svc:4317');
    expect(config.service.pipelines.traces).toEqual({ receivers: ['otlp'], processors: ['memory_limiter', 'batch'], exporters: ['otlp/jaeger', 'spanmetrics'] });
    expect(config.service.pipelines['metrics/spanmetrics']).toEqual({ receivers: ['spanmetrics'], processors: ['batch'], exporters: ['prometheus'] });
    expect(config.processors.memory_limiter).toMatchObject({ limit_percentage: 80 });
    expect(config.connectors.spanmetrics.exemplars).toEqual({ enabled: true });
    // the chart's default receivers are not merged in (alternateConfig replaces config)
    expect(Object.keys(config.receivers)).toEqual(['otlp']);
    // `${env:MY_POD_IP}` reaches the collector literally, escaped for Terraform
    expect(config.receivers.otlp.protocols.grpc.endpoint).toBe('${env:MY_POD_IP}:4317');
    expect(release.values[0]).toContain('$${env:MY_POD_IP}:4317');
    // no host ports: the node's 4317/4318 stay free for the Datadog agent
    expect(values.ports.otlp).toMatchObject({ enabled: true, containerPort: 4317, hostPort: 0 });
    expect(values.ports['otlp-http']).toMatchObject({ enabled: true, containerPort: 4318, hostPort: 0 });
    for (const legacy of ['jaeger-compact', 'jaeger-thrift', 'jaeger-grpc', 'zipkin']) expect(values.ports[legacy]).toEqual({ enabled: false });
    // Until scrapedBy (test/otel-collector/otel-collector-self-monitoring.test.ts), Prometheus finds own
    // metrics by pod annotations and span metrics by Service annotations, and there is no ServiceMonitor
    expect(values.podAnnotations).toEqual({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8888', 'prometheus.io/path': '/metrics' });
    expect(values.service.annotations['prometheus.io/port']).toBe('8889');
    expect(values.serviceMonitor).toBeUndefined();
    expect(config.service.telemetry.metrics.readers[0].pull.exporter.prometheus.port).toBe(8888);
    expect(config.exporters.prometheus.endpoint).toBe('${env:MY_POD_IP}:8889');
    expect(values.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(values.resources.limits).toEqual({ cpu: '1', memory: '1Gi' });
    expect(collector.otlpGrpcEndpoint).toBe('otel-collector.monitoring.svc:4317');
    expect(collector.otlpHttpEndpoint).toBe('http://otel-collector.monitoring.svc:4318');
    expect(collector.spanMetricsUrl).toBe('http://otel-collector.monitoring.svc:8889/metrics');
  });

  test('GIVEN tail sampling THEN span metrics see every span, and the sampled pipeline keeps errors, slow traces and a share', () => {
    const config = build({ tailSampling: { probability: 0.1, slowTraceThreshold: '1s' } }).collector.collectorConfig() as any;
    expect(config.service.pipelines.traces).toEqual({ receivers: ['otlp'], processors: ['memory_limiter'], exporters: ['spanmetrics', 'forward/sampling'] });
    expect(config.service.pipelines['traces/sampled']).toEqual({ receivers: ['forward/sampling'], processors: ['tail_sampling', 'batch'], exporters: ['otlp/jaeger'] });
    expect(config.processors.tail_sampling).toEqual({
      decision_wait: '10s',
      num_traces: 50000,
      policies: [
        { name: 'keep-errors', type: 'status_code', status_code: { status_codes: ['ERROR'] } },
        { name: 'keep-slow', type: 'latency', latency: { threshold_ms: 1000 } },
        { name: 'keep-share-of-rest', type: 'probabilistic', probabilistic: { sampling_percentage: 10 } },
      ],
    });
  });

  test('GIVEN Datadog THEN the API key comes from the Secret as an env var and never appears in values', () => {
    const { stack } = build({ datadog: { apiKeySecretName: 'datadog-secret' } });
    const release = collectorRelease(synthJson(stack));
    const values = parse(unescapeTerraformTemplate(release.values[0]));
    expect(values.extraEnvs).toEqual([{ name: 'DD_API_KEY', valueFrom: { secretKeyRef: { name: 'datadog-secret', key: 'api-key' } } }]);
    expect(values.alternateConfig.exporters.datadog).toEqual({ api: { key: '${env:DD_API_KEY}', site: 'datadoghq.com' } });
    expect(release.values[0]).toContain('key: $${env:DD_API_KEY}');
    expect(values.alternateConfig.service.pipelines.traces.exporters).toEqual(['otlp/jaeger', 'datadog', 'spanmetrics', 'datadog/connector']);
  });

  test('GIVEN Datadog THEN the datadog connector computes APM stats from every span and the datadog exporter sends them', () => {
    // without tail sampling: the one traces pipeline feeds the connector
    const plain = build({ datadog: { apiKeySecretName: 'datadog-secret' } }).collector.collectorConfig() as any;
    expect(plain.connectors['datadog/connector']).toEqual({});
    expect(plain.service.pipelines.traces.exporters).toContain('datadog/connector');
    expect(plain.service.pipelines['metrics/datadog']).toEqual({ receivers: ['datadog/connector'], processors: ['batch'], exporters: ['datadog'] });
    // with tail sampling: the connector sits on the unsampled pipeline, the exporter on the sampled one
    const sampled = build({ datadog: { apiKeySecretName: 'datadog-secret' }, tailSampling: { probability: 0.1 } }).collector.collectorConfig() as any;
    expect(sampled.service.pipelines.traces).toEqual({ receivers: ['otlp'], processors: ['memory_limiter'], exporters: ['spanmetrics', 'datadog/connector', 'forward/sampling'] });
    expect(sampled.service.pipelines['traces/sampled'].exporters).toEqual(['otlp/jaeger', 'datadog']);
    expect(sampled.service.pipelines['metrics/datadog'].exporters).toEqual(['datadog']);
    // and without Datadog, neither
    const none = build().collector.collectorConfig() as any;
    expect(none.connectors['datadog/connector']).toBeUndefined();
    expect(none.service.pipelines['metrics/datadog']).toBeUndefined();
  });

  test('span metrics can be switched off', () => {
    const { collector } = build({ spanMetrics: false });
    const values = releaseValues(collector) as any;
    expect(values.alternateConfig.connectors).toBeUndefined();
    expect(values.ports.spanmetrics).toBeUndefined();
    expect(values.service.annotations).toEqual({});
    expect(collector.spanMetricsUrl).toBeUndefined();
    expect(collector.spanMetricsJob).toBeUndefined();
  });

  test('every Helm value key exists in the pinned chart and the values pass its values.schema.json', () => {
    const defaults = chartDefaults(Charts.openTelemetryCollector);
    const schema = chartSchema();
    const validate = schema ? new Ajv({ strict: false, allErrors: true }).compile(schema) : undefined;
    for (const props of [{}, ALL_OPTIONS, { spanMetrics: false as const, replicas: 3 }]) {
      const values = releaseValues(build(props).collector);
      if (defaults) expect(unknownChartKeys(values, portNamesFreeForm(defaults, schema))).toEqual([]);
      if (validate) {
        // Helm validates the chart's defaults merged with ours.
        const ok = validate(helmMerge(defaults ?? {}, values));
        expect(validate.errors ?? []).toEqual([]);
        expect(ok).toBe(true);
      }
    }
    // and both checks catch a mistake
    if (defaults) expect(unknownChartKeys({ replicas: 2 }, defaults)).toEqual(['replicas']);
    if (validate) expect(validate(helmMerge(defaults ?? {}, { image: { repo: OTEL_COLLECTOR_CONTRIB_IMAGE } }))).toBe(false);
  });

  test('review artifacts: the collector config as YAML', () => {
    const { stack } = build(ALL_OPTIONS);
    const files = ReviewArtifacts.of(stack).render();
    const config = parse(files.get('otel-collector/otel-collector.yaml')!);
    expect(Object.keys(config.service.pipelines)).toEqual(['metrics/datadog', 'metrics/spanmetrics', 'traces', 'traces/sampled']);
    expect(files.get('summary.md')).toContain('OtelCollector');
  });

  test('the full collector config snapshot (paired with the assertions above)', () => {
    const config = build(ALL_OPTIONS).collector.collectorConfig() as any;
    expect(config.service.pipelines['traces/sampled'].exporters).toEqual(['otlp/jaeger', 'datadog']);
    expect(config).toMatchSnapshot();
  });

  test.each<[string, Partial<OtelCollectorProps>, string[]]>([
    ['tail sampling with several replicas', { replicas: 2, tailSampling: { probability: 0.1 } }, ['monitoring-test/otel-collector: replicas 2 with tailSampling', 'loadbalancing exporter', 'replicas: 1']],
    ['a tail-sampling probability above 1', { tailSampling: { probability: 10 } }, ['monitoring-test/otel-collector tailSampling > probability', 'probability 10', 'within [0, 1]']],
    ['a zero slow-trace threshold', { tailSampling: { probability: 0.1, slowTraceThreshold: '0s' } }, ['tailSampling > slowTraceThreshold', '"0s" would keep every trace']],
    ['a short decision wait', { tailSampling: { probability: 0.1, decisionWait: '500ms' } }, ['decisionWait', '"500ms" is too short']],
    ['zero replicas', { replicas: 0 }, ['monitoring-test/otel-collector: replicas 0']],
    ['a bad Datadog Secret name', { datadog: { apiKeySecretName: 'DD Key' } }, ['datadog.apiKeySecretName "DD Key" is not a valid Kubernetes Secret name', 'name an existing Secret, e.g. datadog.apiKeySecretName: "datadog-keys"']],
    ['a Datadog site with a scheme', { datadog: { apiKeySecretName: 'dd', site: 'https://datadoghq.eu' } }, ['datadog site "https://datadoghq.eu"', 'no scheme']],
    ['a bad span-metrics dimension', { spanMetrics: { dimensions: ['http method'] } }, ['spanMetrics dimension "http method"', '"http.request.method"']],
    ['decreasing buckets', { spanMetrics: { histogramBucketsMs: [100, 10] } }, ['histogramBucketsMs [100,10]', 'increasing']],
    ['a memory limit of 100 %', { memoryLimitPercentage: 100 }, ['memoryLimitPercentage 100', '10 to 95']],
    ['a backend without an OTLP endpoint', { tracesBackend: { namespace: 'm', serviceName: 's', otlpGrpcEndpoint: 'http://jaeger:4317', otlpHttpEndpoint: '' } }, ['tracesBackend "http://jaeger:4317"', 'host:port', 'Jaeger construct']],
    ['a bad release name', { releaseName: 'OTel' }, ['releaseName "OTel"']],
  ])('refuses %s with the construct path, the value and the fix', (_, props, parts) => {
    const { message } = refusal(() => build(props));
    for (const part of parts) expect(message).toContain(part);
  });
});

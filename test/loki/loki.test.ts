import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { parse } from 'yaml';
import { Charts, ReviewArtifacts } from '../../lib';
import { unescapeTerraformTemplate } from '../../lib/core/terraform-escape';
import {
  LogAlertRule, LogQueryRules, LogRecordingRule, LogRuleGroup, Loki, LokiDeploymentMode, LokiObjectStorage, LokiProps, LokiTenancy,
} from '../../lib/loki';
import { SHARED_CHARTS, chartDefaults, unknownChartKeys } from '../support/chart-values';
import { synthJson, releaseValues } from '../support/synth';
import { lokiSchemaValidator, withoutLokiConfigKeys } from './loki-schema';

const ALERTMANAGER = { namespace: 'monitoring', serviceName: 'alertmanager', portName: 'http', alertmanagerUrl: 'http://alertmanager.monitoring.svc:9093' };
const S3 = () => LokiObjectStorage.s3({ bucketName: 'acme-logs-prod', region: 'eu-west-1', credentialsSecret: 'loki-object-storage' });
const RUNBOOKS = 'https://runbooks.example.com/alerts';
/** Chart keys its templates read but its values.yaml does not list (the rules sidecar's own ClusterRole, docs/security.md). */
const TEMPLATE_ONLY_KEYS = ['rbac.useExistingRole'];

function build(props: Partial<LokiProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 'monitoring-test');
  const loki = new Loki(stack, 'loki', { namespace: 'monitoring', tenancy: LokiTenancy.singleTenant(), ...props });
  return { stack, loki };
}

const prod = (): Partial<LokiProps> => ({
  deploymentMode: LokiDeploymentMode.DISTRIBUTED,
  objectStorage: S3(),
  tenancy: LokiTenancy.multiTenant('platform'),
  streamRetention: [{ selector: '{namespace="dev"}', period: '7d' }, { selector: '{app="audit"}', period: '365d', priority: 2 }],
  alertmanager: ALERTMANAGER,
  recordingRulesTo: { prometheusUrl: 'http://kube-prometheus-stack-prometheus.monitoring.svc:9090' },
});

function chartReleaseValues(json: Record<string, any>, chart: string): Record<string, any> {
  const release = Object.values(json.resource.helm_release as Record<string, any>).find((r) => r.chart === chart)!;
  return parse(unescapeTerraformTemplate(release.values[0]));
}

describe('Loki', () => {
  test('GIVEN dev defaults THEN a small Monolithic Loki on its volume, gateway on, caches and canary off', () => {
    const { stack, loki } = build();
    const json = synthJson(stack);
    const release = Object.values(json.resource.helm_release as Record<string, any>)[0];
    expect(release).toMatchObject({ chart: 'loki', version: '18.11.0', repository: Charts.loki.repository, namespace: 'monitoring', atomic: true, cleanup_on_fail: true, timeout: 900 });
    const values = chartReleaseValues(json, 'loki');
    expect(values.deploymentMode).toBe('Monolithic');
    expect(values.singleBinary).toMatchObject({ replicas: 1, sidecar: true, persistence: { enabled: true, size: '50Gi' }, resources: { limits: { cpu: '1', memory: '2Gi' } } });
    expect(values.loki.commonConfig).toEqual({ replication_factor: 1 });
    expect(values.loki.storage).toEqual({ type: 'filesystem' });
    expect(values.loki.auth_enabled).toBe(false);
    expect(values.loki.schemaConfig.configs).toEqual([{ from: '2024-04-01', store: 'tsdb', object_store: 'filesystem', schema: 'v13', index: { prefix: 'loki_index_', period: '24h' } }]);
    expect(values.chunksCache).toEqual({ enabled: false });
    expect(values.resultsCache).toEqual({ enabled: false });
    expect(values.lokiCanary).toEqual({ enabled: false });
    expect(values.test).toEqual({ enabled: false });
    expect(values.minio).toEqual({ enabled: false });
    expect([values.read.replicas, values.write.replicas, values.backend.replicas]).toEqual([0, 0, 0]);
    expect(values.gateway).toMatchObject({ enabled: true, replicas: 1 });
    expect(values.gateway.resources.requests).toBeDefined();
    expect(values.gateway.resources.limits).toBeDefined();
    expect(values.loki.containerSecurityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(values.loki.podSecurityContext.runAsNonRoot).toBe(true);
    // typed attributes
    expect(loki.lokiUrl).toBe('http://loki-gateway.monitoring.svc:80');
    expect(loki.lokiPushUrl).toBe('http://loki-gateway.monitoring.svc:80/loki/api/v1/push');
    expect([loki.pushHost, loki.pushPort, loki.pushPath, loki.pushTenant]).toEqual(['loki-gateway.monitoring.svc', 80, '/loki/api/v1/push', undefined]);
    expect(loki.grafanaDatasource()).toEqual({ type: 'loki', name: 'Loki', uid: 'loki', url: 'http://loki-gateway.monitoring.svc:80', jsonData: { maxLines: 1000 } });
  });

  test('retention actually deletes: retention_period, compactor retention and delete_request_store together', () => {
    for (const [props, store] of [[{}, 'filesystem'], [prod(), 's3']] as const) {
      const values = releaseValues(build(props).loki) as any;
      expect(values.loki.limits_config.retention_period).toBe('720h');
      expect(values.loki.compactor).toMatchObject({ retention_enabled: true, delete_request_store: store });
      expect(values.loki.schemaConfig.configs[0].object_store).toBe(store);
    }
    const values = releaseValues(build({ ...prod(), retentionPeriod: '14d' }).loki) as any;
    expect(values.loki.limits_config.retention_period).toBe('336h');
    expect(values.loki.limits_config.retention_stream).toEqual([
      { selector: '{namespace="dev"}', priority: 1, period: '168h' },
      { selector: '{app="audit"}', priority: 2, period: '8760h' },
    ]);
  });

  test('limits: seed 000 ingestion limits, per-stream rate, streams, old samples refused, query limits', () => {
    const limits = (releaseValues(build().loki) as any).loki.limits_config;
    expect(limits).toMatchObject({
      ingestion_rate_mb: 10, ingestion_burst_size_mb: 20, per_stream_rate_limit: '3MB', per_stream_rate_limit_burst: '15MB',
      max_global_streams_per_user: 10000, reject_old_samples: true, reject_old_samples_max_age: '168h',
      max_query_length: '721h', max_query_parallelism: 32, max_entries_limit_per_query: 5000, max_query_series: 500, query_timeout: '5m',
      allow_structured_metadata: true,
    });
  });

  test('GIVEN prod THEN Distributed on S3 with credentials only from the Secret, caches sized, multi-tenant', () => {
    const { stack, loki } = build(prod());
    const json = synthJson(stack);
    const text = JSON.stringify(json);
    const values = chartReleaseValues(json, 'loki');
    expect(values.deploymentMode).toBe('Distributed');
    expect(values.singleBinary).toEqual({ replicas: 0 });
    expect(values.ingester).toMatchObject({ replicas: 3, zoneAwareReplication: { enabled: false }, persistence: { enabled: true, claims: [{ name: 'data', size: '10Gi' }] } });
    for (const component of ['distributor', 'querier', 'queryFrontend', 'queryScheduler', 'indexGateway']) {
      expect(values[component]).toMatchObject({ replicas: 2, resources: { requests: expect.any(Object), limits: expect.any(Object) } });
    }
    expect(values.compactor).toMatchObject({ replicas: 1 });
    expect(values.ruler).toMatchObject({ enabled: true, replicas: 1, sidecar: true });
    expect(values.loki.commonConfig).toEqual({ replication_factor: 3 });
    expect(values.loki.storage).toEqual({
      type: 's3', bucketNames: { chunks: 'acme-logs-prod', ruler: 'acme-logs-prod' },
      s3: { region: 'eu-west-1', s3ForcePathStyle: false, accessKeyId: '${AWS_ACCESS_KEY_ID}', secretAccessKey: '${AWS_SECRET_ACCESS_KEY}' },
    });
    expect(values.defaults.extraArgs).toEqual(['-config.expand-env=true']);
    expect(values.defaults.extraEnv).toEqual([
      { name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 'loki-object-storage', key: 'AWS_ACCESS_KEY_ID' } } },
      { name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 'loki-object-storage', key: 'AWS_SECRET_ACCESS_KEY' } } },
    ]);
    // ${VAR} reaches Loki literally: escaped for Terraform in the JSON
    expect(text).toContain('$${AWS_ACCESS_KEY_ID}');
    // memcached's container asks for 20 % above the cache for its own overhead, request = limit.
    expect(values.chunksCache).toEqual({ enabled: true, allocatedMemory: 2048, resources: { requests: { cpu: '100m', memory: '2458Mi' }, limits: { cpu: '1', memory: '2458Mi' } } });
    expect(values.resultsCache).toEqual({ enabled: true, allocatedMemory: 512, resources: { requests: { cpu: '100m', memory: '615Mi' }, limits: { cpu: '1', memory: '615Mi' } } });
    expect(values.loki.auth_enabled).toBe(true);
    expect(values.sidecar.rules.folder).toBe('/etc/loki/rules/platform');
    expect(values.loki.rulerConfig).toEqual({
      enable_api: true, storage: { type: 'local', local: { directory: '/etc/loki/rules' } }, wal: { dir: '/var/loki/ruler-wal' },
      alertmanager_url: 'http://alertmanager.monitoring.svc:9093',
      remote_write: { enabled: true, clients: { prometheus: { url: 'http://kube-prometheus-stack-prometheus.monitoring.svc:9090/api/v1/write' } } },
    });
    expect(loki.pushTenant).toBe('platform');
    // Grafana queries as the tenant: the header and its value (test/grafana: provisioned as httpHeaderName1/Value1)
    expect(loki.grafanaDatasource()).toMatchObject({ jsonData: { maxLines: 1000 }, httpHeaders: { 'X-Scope-OrgID': 'platform' } });
  });

  test('GCS and Azure credentials come from Secrets or workload identity, never values', () => {
    const gcs = releaseValues(build({ objectStorage: LokiObjectStorage.gcs({ bucketName: 'acme-logs', serviceAccountKeySecret: 'loki-gcs' }) }).loki) as any;
    expect(gcs.loki.storage.type).toBe('gcs');
    expect(gcs.defaults.extraVolumes).toEqual([{ name: 'secret-loki-gcs', secret: { secretName: 'loki-gcs' } }]);
    expect(gcs.defaults.extraEnv).toEqual([{ name: 'GOOGLE_APPLICATION_CREDENTIALS', value: '/etc/loki/gcs/key.json' }]);
    const wi = releaseValues(build({ objectStorage: LokiObjectStorage.gcs({ bucketName: 'acme-logs', workloadIdentityServiceAccount: 'loki@acme.iam.gserviceaccount.com' }) }).loki) as any;
    expect(wi.serviceAccount.annotations).toEqual({ 'iam.gke.io/gcp-service-account': 'loki@acme.iam.gserviceaccount.com' });
    const azure = releaseValues(build({ objectStorage: LokiObjectStorage.azure({ accountName: 'acmelogs', containerName: 'logs', accountKeySecret: 'loki-azure' }) }).loki) as any;
    expect(azure.loki.storage.azure).toEqual({ accountName: 'acmelogs', useManagedIdentity: false, accountKey: '${AZURE_ACCOUNT_KEY}' });
    expect(azure.defaults.extraEnv[0].valueFrom.secretKeyRef).toEqual({ name: 'loki-azure', key: 'account-key' });
    const irsa = releaseValues(build({ objectStorage: LokiObjectStorage.s3({ bucketName: 'acme-logs', region: 'us-east-1', iamRoleArn: 'arn:aws:iam::123456789012:role/loki' }) }).loki) as any;
    expect(irsa.defaults.extraEnv).toEqual([]);
    expect(irsa.serviceAccount.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/loki' });
  });

  test('gateway replicas: the value checked is the value rendered (1 Monolithic, 2 Distributed, else the prop)', () => {
    const gateway = (props: Partial<LokiProps>) => (releaseValues(build(props).loki) as any).gateway;
    expect(gateway({})).toMatchObject({ replicas: 1, podDisruptionBudget: { enabled: false } });
    expect(gateway(prod())).toMatchObject({ replicas: 2, podDisruptionBudget: { enabled: true, maxUnavailable: 1 } });
    expect(gateway({ ...prod(), gatewayReplicas: 3 })).toMatchObject({ replicas: 3 });
    expect(gateway({ ...prod(), gatewayReplicas: 1 })).toMatchObject({ replicas: 1, podDisruptionBudget: { enabled: false } });
    for (const bad of [0, 1.5]) {
      for (const props of [{}, prod()]) {
        expect(() => build({ ...props, gatewayReplicas: bad })).toThrow(`monitoring-test/loki: gatewayReplicas ${bad} must be a whole number of at least 1.`);
      }
    }
  });

  test('every value validates against the chart schema, and every key exists in the chart or Loki config', () => {
    const validate = lokiSchemaValidator();
    const defaults = chartDefaults(Charts.loki);
    const variants: Partial<LokiProps>[] = [
      { alertmanager: ALERTMANAGER },
      prod(),
      { objectStorage: LokiObjectStorage.gcs({ bucketName: 'acme-logs', serviceAccountKeySecret: 'loki-gcs' }), replicas: 2, storageClassName: 'standard', alertmanager: ALERTMANAGER },
      { deploymentMode: LokiDeploymentMode.DISTRIBUTED, objectStorage: LokiObjectStorage.azure({ accountName: 'acmelogs', containerName: 'logs', useManagedIdentity: true }), zoneAwareIngesters: true, alertmanager: ALERTMANAGER },
    ];
    for (const props of variants) {
      const { loki } = build(props);
      loki.addRules(LogQueryRules.create({ team: 'platform', runbookBaseUrl: RUNBOOKS }));
      const values = releaseValues(loki);
      if (validate) {
        const ok = validate(values);
        expect([ok, validate.errors]).toEqual([true, null]);
      }
      if (defaults) expect(withoutLokiConfigKeys(unknownChartKeys(values, defaults)).filter((path) => !TEMPLATE_ONLY_KEYS.includes(path))).toEqual([]);
    }
    // keys the chart's templates read without listing them in values.yaml: checked to be read there
    if (defaults) {
      const templates = join(SHARED_CHARTS, `loki-${Charts.loki.version}`, 'templates', 'backend');
      for (const path of TEMPLATE_ONLY_KEYS) expect(readFileSync(join(templates, 'clusterrolebinding.yaml'), 'utf8')).toContain(`.Values.${path}`);
    }
    // and the checks catch mistakes: a chart key that does not exist, and a Loki setting with a typo
    if (defaults) {
      expect(withoutLokiConfigKeys(unknownChartKeys({ singleBinary: { replica: 1 }, loki: { limits_config: { retention_periods: '1d' } } }, defaults)))
        .toEqual(['singleBinary.replica', 'loki.limits_config.retention_periods']);
    }
    if (validate) expect(validate({ gateway: { replicas: 'two' } })).toBe(false);
  });

  describe('rules', () => {
    test('each pack is a ConfigMap for the rules sidecar in its own release, plus a review file', () => {
      const { stack, loki } = build({ alertmanager: ALERTMANAGER });
      loki.addRules(LogQueryRules.create({ team: 'platform', runbookBaseUrl: RUNBOOKS }));
      const json = synthJson(stack);
      const rules = Object.values(json.resource.helm_release as Record<string, any>).find((r) => r.name === 'loki-rules-log-queries')!;
      expect(rules.chart).toMatch(/^assets\/manifests-chart\/[0-9A-F]+$/);
      const [configMap] = parse(unescapeTerraformTemplate(rules.values[0])).manifests;
      expect(configMap).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'loki-rules-log-queries', namespace: 'monitoring', labels: { loki_rule: '' } } });
      const values = chartReleaseValues(json, 'loki');
      expect(values.sidecar.rules).toMatchObject({ enabled: true, label: 'loki_rule', labelValue: '', folder: '/etc/loki/rules/fake' });
      expect(values.loki.rulerConfig.storage).toEqual({ type: 'local', local: { directory: '/etc/loki/rules' } });
      const files = ReviewArtifacts.of(stack).render();
      expect([...files.keys()]).toEqual(['loki-rules/log-queries.yaml', 'summary.md']);
      const file = files.get('loki-rules/log-queries.yaml')!;
      expect(file).toBe(configMap.data['log-queries.yaml']);
      expect(parse(file).groups.map((g: any) => g.name)).toEqual(['log-queries.errors', 'log-queries.security']);
      expect(parse(file).groups[0].rules[0].annotations.summary).toContain('{{ $labels.app }}');
      expect(files.get('summary.md')).toMatch(/\| warning \| platform \| HighErrorLogRate \| log-queries \|/);
    });

    test('refuses rules that would go nowhere, and duplicates', () => {
      const { loki } = build();
      loki.addRules(LogQueryRules.create({ team: 'platform', runbookBaseUrl: RUNBOOKS }));
      expect(() => releaseValues(loki)).toThrow('monitoring-test/loki: has 4 LogQL alert rules but no Alertmanager, so they would notify nobody; pass `alertmanager` or call sendAlertsTo(alertmanager).');
      loki.sendAlertsTo(ALERTMANAGER);
      expect((releaseValues(loki) as any).loki.rulerConfig.alertmanager_url).toBe('http://alertmanager.monitoring.svc:9093');
      expect(() => loki.addRules(LogQueryRules.create({ team: 'platform', runbookBaseUrl: RUNBOOKS }))).toThrow('monitoring-test/loki: rule pack "log-queries" is added twice');
      const group = new LogRuleGroup('log-queries.errors', { rules: [new LogRecordingRule({ record: 'app:log_lines:rate5m', expr: 'sum by (app) (rate({namespace="x"}[5m]))' })] });
      expect(() => loki.addRules({ name: 'other', ruleGroups: [group] })).toThrow(/rule group "log-queries.errors" of pack "other" is used twice/);
      expect(() => loki.addRules({ name: 'Bad Name', ruleGroups: [group] })).toThrow(/rule pack name "Bad Name" is not allowed/);
      const recording = new LogRuleGroup('recording', { rules: [new LogRecordingRule({ record: 'app:log_lines:rate5m', expr: 'sum by (app) (rate({namespace="x"}[5m]))' })] });
      loki.addRules({ name: 'recording', ruleGroups: [recording] });
      expect(() => releaseValues(loki)).toThrow(/has LogQL recording rules but no `recordingRulesTo`/);
      expect(loki.alertRules().every((rule) => rule instanceof LogAlertRule)).toBe(true);
    });
  });

  test('same input, byte-identical Terraform', () => {
    const render = () => {
      const { stack, loki } = build(prod());
      loki.addRules(LogQueryRules.create({ team: 'platform', runbookBaseUrl: RUNBOOKS }));
      return Testing.synth(stack);
    };
    expect(render()).toBe(render());
  });

  test.each<[string, Partial<LokiProps>, RegExp]>([
    ['SimpleScalable', { deploymentMode: 'SimpleScalable' as never }, /monitoring-test\/loki: deploymentMode "SimpleScalable" is not offered: SimpleScalable is deprecated and removed in Loki 4; use LokiDeploymentMode.MONOLITHIC/],
    ['an unknown mode', { deploymentMode: 'Single' as never }, /deploymentMode "Single" is not one of Monolithic, Distributed/],
    ['Distributed without object storage', { deploymentMode: LokiDeploymentMode.DISTRIBUTED }, /monitoring-test\/loki: deploymentMode "Distributed" without objectStorage would deploy nothing.*set objectStorage: LokiObjectStorage.s3/],
    ['retention below 24h', { retentionPeriod: '12h' }, /monitoring-test\/loki retentionPeriod: "12h" is not a whole number of days of at least 1d; .*write e.g. "7d"/],
    ['retention of a fraction of a day', { retentionPeriod: '36h' }, /retentionPeriod: "1d12h" is not a whole number of days/],
    ['unparseable retention', { retentionPeriod: '30 days' }, /retentionPeriod: "30 days" is not a Prometheus duration/],
    ['a bad stream selector', { streamRetention: [{ selector: 'namespace="dev"', period: '7d' }] }, /monitoring-test\/loki streamRetention\[0\] selector: "namespace=\\"dev\\"" is not valid LogQL/],
    ['a selector matching everything', { streamRetention: [{ selector: '{namespace=~".*"}', period: '7d' }] }, /streamRetention\[0\] selector: .* has no matcher that excludes the empty value/],
    ['a stream retention below 24h', { streamRetention: [{ selector: '{namespace="dev"}', period: '6h' }] }, /streamRetention\[0\] period: "6h" is not a whole number of days/],
    ['a duplicate stream selector', { streamRetention: [{ selector: '{a="b"}', period: '7d' }, { selector: '{a="b"}', period: '1d' }] }, /streamRetention\[1\]: selector "\{a=\\"b\\"\}" is given twice/],
    ['a negative priority', { streamRetention: [{ selector: '{a="b"}', period: '7d', priority: -1 }] }, /priority -1 must be a whole number of at least 0/],
    ['a negative ingestion rate', { limits: { ingestionRateMB: -5 } }, /monitoring-test\/loki: limits.ingestionRateMB -5 must be a positive number/],
    ['a burst below the rate', { limits: { ingestionRateMB: 10, ingestionBurstSizeMB: 5 } }, /limits.ingestionBurstSizeMB 5 is below ingestionRateMB 10; the burst must be at least the rate/],
    ['a stream rate above the tenant rate', { limits: { perStreamRateLimitMB: 20, perStreamRateLimitBurstMB: 30 } }, /limits.perStreamRateLimitMB 20 exceeds the tenant's ingestionRateMB 10/],
    ['zero max streams', { limits: { maxStreamsPerUser: 0 } }, /limits.maxStreamsPerUser 0 must be a whole number of at least 1/],
    ['a bad old-sample age', { limits: { rejectOldSamplesMaxAge: '1 week' } }, /limits.rejectOldSamplesMaxAge: "1 week" is not a Prometheus duration/],
    ['several Monolithic replicas on a filesystem', { replicas: 3 }, /replicas 3 of a Monolithic Loki on filesystem storage would give each replica its own logs/],
    ['fewer than 3 ingesters', { ...prod(), ingesterReplicas: 2 }, /ingesterReplicas 2 must be a whole number of at least 3/],
    ['ingesters in Monolithic mode', { ingesterReplicas: 3 }, /ingesterReplicas 3 only applies to LokiDeploymentMode.DISTRIBUTED/],
    ['no volume and no object storage', { storageGiB: 0 }, /storageGiB 0 with filesystem storage loses every log on restart/],
    ['a tiny cache', { chunksCacheMemoryMiB: 10 }, /chunksCacheMemoryMiB 10 must be 0 \(off\) or a whole number of MiB of at least 64/],
    ['a fractional results cache', { ...prod(), resultsCacheMemoryMiB: 100.5 }, /resultsCacheMemoryMiB 100.5 must be 0 \(off\) or a whole number of MiB of at least 64/],
    ['a fractional volume', { storageGiB: 1.5 }, /monitoring-test\/loki: storageGiB 1.5 must be 0 \(emptyDir\) or a whole positive size in GiB/],
    ['zero replicas', { replicas: 0 }, /monitoring-test\/loki: replicas 0 must be a whole number of at least 1/],
    ['a bad schema date', { schemaFrom: '2024/04/01' }, /schemaFrom "2024\/04\/01" is not a date YYYY-MM-DD/],
    ['no tenancy choice', { tenancy: undefined as never }, /tenancy undefined is not a choice; pass LokiTenancy.singleTenant\(\) or LokiTenancy.multiTenant/],
    ['a request above its limit', { resources: { requests: { cpu: '2', memory: '1Gi' }, limits: { cpu: '1', memory: '2Gi' } } }, /monitoring-test\/loki resources: CPU request "2" exceeds its limit "1"/],
    ['a bad release name', { releaseName: 'Loki_1' }, /releaseName "Loki_1" is not allowed/],
    ['S3 with keys and a role', { objectStorage: LokiObjectStorage.s3({ bucketName: 'logs', region: 'eu-west-1', credentialsSecret: 's', iamRoleArn: 'arn:aws:iam::123456789012:role/x' }) }, /monitoring-test\/loki objectStorage \(S3\): give exactly one of credentialsSecret or iamRoleArn \(got both\); credentials come from an existing Secret/],
    ['S3 without credentials', { objectStorage: LokiObjectStorage.s3({ bucketName: 'logs', region: 'eu-west-1' }) }, /give exactly one of credentialsSecret or iamRoleArn \(got neither\)/],
    ['a bad Secret name', { objectStorage: LokiObjectStorage.s3({ bucketName: 'logs', region: 'eu-west-1', credentialsSecret: 'Loki Keys' }) }, /monitoring-test\/loki objectStorage \(S3\): credentialsSecret "Loki Keys" is not a valid Kubernetes Secret name .*; name an existing Secret, e\.g\. credentialsSecret: "loki-object-storage"\./],
    ['credentials in the S3 endpoint', { objectStorage: LokiObjectStorage.s3({ bucketName: 'logs', region: 'eu-west-1', endpoint: 'https://key:secret@minio:9000', credentialsSecret: 's' }) }, /endpoint "https:\/\/\*\*\*@minio:9000" is not an http\(s\) URL without credentials/],
    ['a bad bucket', { objectStorage: LokiObjectStorage.gcs({ bucketName: 'Logs!', workloadIdentityServiceAccount: 'loki@p.iam.gserviceaccount.com' }) }, /objectStorage \(GCS\): bucket "Logs!" is not a bucket/],
    ['Azure with neither key nor identity', { objectStorage: LokiObjectStorage.azure({ accountName: 'acmelogs', containerName: 'logs' }) }, /objectStorage \(Azure\): give exactly one of accountKeySecret or useManagedIdentity/],
  ])('refuses %s with the construct path, the value and the fix', (_, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test('refuses a bad tenant id', () => {
    expect(() => LokiTenancy.multiTenant('team a')).toThrow(/tenant "team a" is not a valid Loki tenant id/);
  });
});

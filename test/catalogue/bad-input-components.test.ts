/**
 * Bad-input catalogue, part 3: Grafana (datasources, database, ingress, ini, dashboards and their
 * lint), Loki (LogQL rules, object storage, retention, limits), the log shipper, Jaeger (storage,
 * sampling), the OpenTelemetry collector (pipelines, tail sampling) and the Datadog agent.
 */
import { DatasourceType } from '../../lib/core/grafana-datasource';
import { Dashboard, serviceOverviewDashboard } from '../../lib/dashboards';
import { DatadogOtlpReceiver, DatadogSite, DatadogToleration } from '../../lib/datadog';
import { GrafanaDatabase } from '../../lib/grafana';
import { JaegerStorage, SamplingStrategies, SamplingStrategy } from '../../lib/jaeger';
import { LogAlertRule, LogRecordingRule, LogRuleGroup, LokiDeploymentMode, LokiObjectStorage, LokiTenancy } from '../../lib/loki';
import { CollectorConfig } from '../../lib/otel-collector/collector-config';
import { Severity } from '../../lib/rules';
import { BadInputCase, catalogue, untyped } from './expect-clear-error';
import { PASTED, datadog, grafana, jaeger, logShipper, loki, otelCollector } from './fixtures';

const datasource = (type: DatasourceType, uid: string) => ({ grafanaDatasource: () => ({ type, name: uid, uid, url: `http://${uid}.monitoring.svc:9090` }) });
const overview = () => serviceOverviewDashboard({ service: 'checkout', namespace: 'shop', uid: 'svc-checkout' });
const dashboard = (json: Record<string, unknown>) => Dashboard.fromJson({ uid: 'svc-checkout', title: 'Checkout', schemaVersion: 39, panels: [], ...json });

const GRAFANA: BadInputCase[] = [
  ['Grafana', 'admin password pasted as the Secret name', () => grafana({ adminSecret: { secretName: 'Sup3rS3cretAdminPassw0rd2024' } }), ['monitoring-test/grafana', 'adminSecret', 'looks like a credential', 'reference its name']],
  ['Grafana', 'adminSecret as a string (from JS)', () => grafana({ adminSecret: untyped('grafana-admin') }), ['monitoring-test/grafana', 'adminSecret', '"grafana-admin"', 'secretName']],
  ['Grafana', 'namespace as a number (from JS)', () => grafana({ namespace: untyped(1) }), ['monitoring-test/grafana', 'namespace 1', 'e.g. "monitoring"']],
  ['Grafana', 'two replicas on SQLite', () => grafana({ replicas: 2 }), ['monitoring-test/grafana', 'replicas 2', 'GrafanaDatabase.postgres']],
  ['Grafana', 'rootUrl without scheme', () => grafana({ rootUrl: 'grafana.example.com' }), ['monitoring-test/grafana', '"grafana.example.com"', 'e.g. "https://grafana.example.com/"']],
  ['Grafana', 'plugin id with a space', () => grafana({ plugins: ['grafana piechart panel'] }), ['monitoring-test/grafana', '"grafana piechart panel"', '"<id>@<version>"']],
  ['Grafana', 'plugins as a comma-separated string', () => grafana({ plugins: untyped('grafana-piechart-panel,grafana-clock-panel') }), ['monitoring-test/grafana', 'plugins', 'a list']],
  ['Grafana', 'two datasources with the same uid', () => grafana({ datasources: [datasource(DatasourceType.PROMETHEUS, 'metrics'), datasource(DatasourceType.LOKI, 'metrics')] }), ['monitoring-test/grafana', '"metrics"']],
  ['Grafana', 'ingress host with a scheme', () => grafana({ ingress: { host: 'https://grafana.example.com' } }), ['monitoring-test/grafana', '"https://grafana.example.com"', 'e.g.']],
  ['Grafana', 'admin password set through extraIni', () => grafana({ extraIni: { security: { admin_password: 'hunter2' } } }), ['monitoring-test/grafana', 'admin_password', 'Secret']],
  ['Grafana', 'ini value is an object (from JS)', () => grafana({ extraIni: { server: { domain: untyped({ host: 'x' }) } } }), ['monitoring-test/grafana', 'server', 'domain']],
  ['GrafanaDatabase', 'Postgres port as a string', () => grafana({ database: GrafanaDatabase.postgres({ host: 'db.example.com', port: untyped('5432'), name: 'grafana', user: 'grafana', passwordSecret: { secretName: 'grafana-db' } }) }), ['monitoring-test/grafana', 'port "5432"']],
  ['GrafanaDatabase', 'password pasted as the Secret name', () => grafana({ database: GrafanaDatabase.postgres({ host: 'db.example.com', name: 'grafana', user: 'grafana', passwordSecret: { secretName: 'pA55w0rdpA55w0rdpA55w0rd99' } }) }), ['monitoring-test/grafana', 'looks like a credential', 'reference its name']],
  ['Dashboard', 'no uid', () => Dashboard.fromJson({ title: 'Checkout' }), ['Dashboard "Checkout"', 'uid undefined', 'links break']],
  ['Dashboard', 'uid with a slash', () => Dashboard.fromJson({ uid: 'svc/checkout', title: 'Checkout' }), ['Dashboard "Checkout"', '"svc/checkout"', "letters, digits, '-' and '_'"]],
  ['Dashboard', 'empty title', () => Dashboard.fromJson({ uid: 'svc-checkout', title: ' ' }), ['Dashboard "svc-checkout"', '" "', 'give the dashboard a title']],
  ['Dashboard', 'added to a folder with a slash', () => grafana().addDashboard(dashboard({}), { folder: 'Teams/Checkout' }), ['monitoring-test/grafana dashboard "svc-checkout"', '"Teams/Checkout"', "(no '/')"]],
  ['Dashboard', 'the same dashboard twice', () => grafana().addDashboard(overview(), { folder: 'Services' }).addDashboard(overview(), { folder: 'Services' }), ['monitoring-test/grafana dashboard "svc-checkout"', 'uid "svc-checkout" is added twice', 'another uid']],
  ['Dashboard lint', 'hard-coded datasource uid in a panel', () => grafana().addDashboard(dashboard({
    panels: [{ type: 'timeseries', title: 'Requests', description: 'Requests per second', gridPos: { x: 0, y: 0, w: 12, h: 8 }, datasource: { type: 'prometheus', uid: 'P1809F7CD0C75ACF3' }, targets: [{ expr: 'sum(rate(http_requests_total[5m]))', refId: 'A' }] }],
  }), { folder: 'Services' }), ['monitoring-test/grafana dashboard "svc-checkout"', 'fails the dashboard lint', 'lintExclusions']],
  ['Dashboard lint', 'panel query that is not PromQL', () => grafana().addDashboard(dashboard({
    templating: { list: [{ type: 'datasource', name: 'datasource', query: 'prometheus' }] },
    panels: [{ type: 'timeseries', title: 'Requests', description: 'Requests per second', gridPos: { x: 0, y: 0, w: 12, h: 8 }, datasource: { type: 'prometheus', uid: '${datasource}' }, targets: [{ expr: 'sum(rate(http_requests_total[5m])', refId: 'A' }] }],
  }), { folder: 'Services' }), ['monitoring-test/grafana dashboard "svc-checkout"', 'sum(rate(http_requests_total[5m])', 'Fix the dashboard']],
];

const logAlert = (overrides: Record<string, unknown> = {}) =>
  new LogAlertRule({ name: 'PanicsLogged', expr: 'sum by (app) (count_over_time({namespace="shop"} |= "panic" [5m])) > 0', severity: Severity.WARNING, summary: 'Panics in {{ $labels.app }}', ...overrides } as never);
const s3 = (overrides: Record<string, unknown> = {}) => LokiObjectStorage.s3({ bucketName: 'acme-logs', region: 'eu-west-1', credentialsSecret: 'loki-object-storage', ...overrides } as never);

const distributedLoki = (objectStorage: LokiObjectStorage) => loki({ deploymentMode: LokiDeploymentMode.DISTRIBUTED, objectStorage });

const LOKI: BadInputCase[] = [
  ['Loki', 'Distributed without object storage', () => loki({ deploymentMode: LokiDeploymentMode.DISTRIBUTED }), ['monitoring-test/loki', 'objectStorage', 'LokiObjectStorage.s3']],
  ['Loki', 'deployment mode in the wrong case', () => loki({ deploymentMode: untyped('distributed') }), ['monitoring-test/loki', '"distributed"', 'LokiDeploymentMode']],
  ['Loki', 'tenancy missing (from JS)', () => loki({ tenancy: untyped(undefined) }), ['monitoring-test/loki', 'tenancy', 'LokiTenancy.singleTenant()']],
  ['Loki', 'retention in hours not a multiple of the 24h index period', () => loki({ retentionPeriod: '36h' }), ['monitoring-test/loki retentionPeriod', '"1d12h"', 'whole number of days', 'e.g. "7d"']],
  ['Loki', 'stream retention whose selector holds "{{" (Helm tpl would evaluate it)', () => loki({ streamRetention: [{ selector: '{app=~"a{{2}"}', period: '7d' }] }), ['monitoring-test/loki streamRetention[0] selector', '{app=~\\"a{{2}\\"}', 'Helm tpl would evaluate']],
  ['Loki', 'stream retention with a bad LogQL selector', () => loki({ streamRetention: [{ selector: 'namespace="dev"', period: '7d' }] }), ['monitoring-test/loki streamRetention[0] selector', 'namespace=\\"dev\\"', 'a valid stream selector looks like']],
  ['Loki', 'limits with a negative ingestion rate', () => loki({ limits: { ingestionRateMB: -4 } }), ['monitoring-test/loki', 'ingestionRateMB', '-4']],
  ['Loki', 'schemaFrom not a date', () => loki({ schemaFrom: '01/04/2024' }), ['monitoring-test/loki', '"01/04/2024"', 'YYYY-MM-DD']],
  ['LokiTenancy', 'tenant id with a slash', () => LokiTenancy.multiTenant('team/platform'), ['"team/platform"']],
  ['LokiObjectStorage', 'S3 bucket with uppercase', () => distributedLoki(s3({ bucketName: 'Acme-Logs' })), ['monitoring-test/loki', '"Acme-Logs"', 'lowercase']],
  ['LokiObjectStorage', 'AWS secret key pasted as the Secret name', () => distributedLoki(s3({ credentialsSecret: 'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY' })), ['monitoring-test/loki', 'credentialsSecret "wJal…" (38 characters)', 'looks like a credential', 'reference its name']],
  ['LogAlertRule', 'LogQL with an unclosed selector', () => logAlert({ expr: 'count_over_time({namespace="shop" |= "panic" [5m]) > 0' }), ['LogAlertRule "PanicsLogged" > expr', 'count_over_time']],
  ['LogAlertRule', 'PromQL given where LogQL is needed', () => logAlert({ expr: 'rate(http_requests_total[5m]) > 1' }), ['LogAlertRule "PanicsLogged" > expr', 'rate(http_requests_total[5m]) > 1']],
  ['LogRecordingRule', 'record name with a dash', () => new LogRecordingRule({ record: 'app:log-lines:rate5m', expr: 'sum by (app) (rate({namespace="shop"}[5m]))' }), ['"app:log-lines:rate5m"']],
  ['LogRuleGroup', 'no rules', () => new LogRuleGroup('shop.logs', { rules: [] }), ['"shop.logs"', 'rules']],
];

const LOG_SHIPPER: BadInputCase[] = [
  ['LogShipper', 'no Loki', () => logShipper({ loki: untyped(undefined) }), ['monitoring-test/log-shipper', 'loki undefined', 'pass the Loki construct']],
  ['LogShipper', 'static label with a dash', () => logShipper({ staticLabels: { 'k8s-cluster': 'qa' } }), ['monitoring-test/log-shipper', '"k8s-cluster"']],
  ['LogShipper', 'Datadog API key pasted as the Secret name', () => logShipper({ datadog: { apiKeySecret: PASTED.datadogApiKey } }), ['monitoring-test/log-shipper', 'apiKeySecret', '"0123…" (32 characters)', 'reference its name']],
  ['LogShipper', 'memory buffer zero', () => logShipper({ memBufLimitMB: 0 }), ['monitoring-test/log-shipper', 'memBufLimitMB 0']],
];

const JAEGER: BadInputCase[] = [
  ['Jaeger', 'two replicas on in-memory storage', () => jaeger({ replicas: 2 }), ['monitoring-test/jaeger', 'replicas 2', 'JaegerStorage.elasticsearch']],
  ['Jaeger', 'retention zero on Elasticsearch', () => jaeger({ retention: '0s', storage: JaegerStorage.elasticsearch({ urls: ['https://es.example.com:9200'] }) }), ['monitoring-test/jaeger', 'retention "0s"', 'e.g. "7d"']],
  ['Jaeger', 'base path without a leading slash', () => jaeger({ queryBasePath: 'jaeger' }), ['monitoring-test/jaeger', '"jaeger"', '"/jaeger"']],
  ['JaegerStorage', 'Elasticsearch URL without scheme', () => jaeger({ storage: JaegerStorage.elasticsearch({ urls: ['elasticsearch.logging.svc:9200'] }) }), ['monitoring-test/jaeger', '"elasticsearch.logging.svc:9200"', 'e.g. "http']],
  ['JaegerStorage', 'urls as a single string', () => jaeger({ storage: JaegerStorage.elasticsearch({ urls: untyped('http://elasticsearch:9200') }) }), ['monitoring-test/jaeger', 'urls "http://elasticsearch:9200"', 'e.g. ["https://es.example.com:9200"]']],
  ['JaegerStorage', 'password pasted as the credentials Secret', () => jaeger({ storage: JaegerStorage.elasticsearch({ urls: ['https://es.example.com:9200'], credentials: { secretName: 'elasticPassw0rdElasticPassw0rd' } }) }), ['monitoring-test/jaeger', 'looks like a credential', 'reference its name']],
  ['JaegerStorage', 'Cassandra port out of range', () => jaeger({ storage: JaegerStorage.cassandra({ servers: ['cassandra.db.svc'], port: 99999 }) }), ['monitoring-test/jaeger', '99999']],
  ['SamplingStrategies', 'default probability as a percentage', () => new SamplingStrategies({ defaultProbability: 10 }), ['defaultProbability', '10', '0.1']],
  ['SamplingStrategy', 'rate limit negative', () => new SamplingStrategies({ defaultProbability: 0.1 }).addService('checkout', { strategy: SamplingStrategy.rateLimiting(-5) }), ['"checkout"', 'rate limit -5', 'e.g. SamplingStrategy.rateLimiting(5)']],
  ['SamplingStrategies', 'operation probability as a negative percentage', () => new SamplingStrategies({ defaultProbability: 0.1, operations: { '/checkout': -50 } }), ['SamplingStrategies > operations > "/checkout"', 'probability -50', 'write e.g. 0.1 for 10 %']],
];

const OTEL: BadInputCase[] = [
  ['OtelCollector', 'no traces backend', () => otelCollector({ tracesBackend: untyped(undefined) }), ['monitoring-test/otel-collector', 'tracesBackend', 'pass the Jaeger construct']],
  ['OtelCollector', 'tail sampling on two replicas', () => otelCollector({ replicas: 2, tailSampling: { probability: 0.1 } }), ['monitoring-test/otel-collector', 'replicas 2', 'loadbalancing exporter']],
  ['OtelCollector', 'memory limit percentage 100', () => otelCollector({ memoryLimitPercentage: 100 }), ['monitoring-test/otel-collector', 'memoryLimitPercentage 100', 'from 10 to 95']],
  ['OtelCollector', 'Datadog API key pasted as the Secret name', () => otelCollector({ datadog: { apiKeySecretName: PASTED.datadogApiKey } }), ['monitoring-test/otel-collector', 'apiKeySecretName', '"0123…" (32 characters)', 'reference its name']],
  ['OtelCollector', 'span metrics dimension with a space', () => otelCollector({ spanMetrics: { dimensions: ['http method'] } }), ['monitoring-test/otel-collector', '"http method"']],
  ['TailSampling', 'probability as a percentage', () => otelCollector({ tailSampling: { probability: 25 } }), ['monitoring-test/otel-collector tailSampling > probability', '25']],
  ['TailSampling', 'decision wait below a second', () => otelCollector({ tailSampling: { probability: 0.1, decisionWait: '500ms' } }), ['tailSampling > decisionWait', '"500ms"', 'at least "1s"']],
  ['CollectorConfig', 'pipeline named after a signal that does not exist', () => new CollectorConfig('monitoring-test/otel-collector').addPipeline('spans', { receivers: ['otlp'], exporters: ['debug'] }), ['monitoring-test/otel-collector', '"spans"', 'e.g. "traces/tail"']],
  ['CollectorConfig', 'pipeline with an exporter that is not defined', () => new CollectorConfig('monitoring-test/otel-collector').addReceiver('otlp', {}).addPipeline('traces', { receivers: ['otlp'], exporters: ['otlp/jaeger'] }).render(), ['monitoring-test/otel-collector', '"otlp/jaeger"']],
];

const DATADOG: BadInputCase[] = [
  ['DatadogAgent', 'API key pasted as secretName', () => datadog({ secretName: PASTED.datadogApiKey }), ['monitoring-test/datadog', 'secretName "0123…" (32 characters)', 'looks like a credential', 'reference its name']],
  ['DatadogAgent', 'application key pasted as appKeySecretName', () => datadog({ appKeySecretName: PASTED.datadogAppKey }), ['monitoring-test/datadog', 'appKeySecretName', 'reference its name']],
  ['DatadogAgent', 'secretName empty', () => datadog({ secretName: '' }), ['monitoring-test/datadog', 'secretName ""', 'create secret generic datadog-keys']],
  ['DatadogAgent', 'site as a host name string', () => datadog({ site: untyped('datadoghq.eu') }), ['monitoring-test/datadog', '"datadoghq.eu"', 'DatadogSite.EU1']],
  ['DatadogAgent', 'cluster name with uppercase and spaces', () => datadog({ clusterName: 'QA Cluster' }), ['monitoring-test/datadog', '"QA Cluster"']],
  ['DatadogAgent', 'cluster name too long', () => datadog({ clusterName: `qa-${'x'.repeat(90)}` }), ['monitoring-test/datadog', '80']],
  ['DatadogAgent', 'env tag repeated in tags', () => datadog({ tags: { env: 'qa' } }), ['monitoring-test/datadog', 'tags.env "qa"', 'remove it from tags']],
  ['DatadogAgent', 'tag value is a number (from JS)', () => datadog({ tags: { team: untyped(7) } }), ['monitoring-test/datadog', 'team', '7']],
  ['DatadogAgent', 'tags as an array of "key:value"', () => datadog({ tags: untyped(['team:platform']) }), ['monitoring-test/datadog', 'tags ["team:platform"]', '{ team: "platform" }']],
  ['DatadogAgent', 'OTLP host ports that clash', () => datadog({ otlp: DatadogOtlpReceiver.hostPorts({ grpcPort: 4317, httpPort: 4317 }) }), ['monitoring-test/datadog', '4317']],
  ['DatadogAgent', 'OTLP given as a boolean (from JS)', () => datadog({ otlp: untyped(true) }), ['monitoring-test/datadog', 'otlp true', '.inCluster()']],
  ['DatadogAgent', 'toleration given as a Kubernetes object', () => datadog({ tolerations: untyped([{ key: 'dedicated', operator: 'Exists' }]) }), ['monitoring-test/datadog tolerations[0]', 'DatadogToleration.exists(key)']],
  ['DatadogToleration', 'empty taint key', () => datadog({ tolerations: [DatadogToleration.exists('')] }), ['monitoring-test/datadog tolerations[0]', '""']],
  ['DatadogAgent', 'Cluster Agent replicas zero', () => datadog({ clusterAgentReplicas: 0 }), ['monitoring-test/datadog', 'clusterAgentReplicas 0', 'whole number of at least 1']],
  ['DatadogAgent', 'host port out of range', () => datadog({ hostPortsInUse: [70000] }), ['monitoring-test/datadog', '70000', '1 to 65535']],
  ['DatadogSite', 'unknown site object', () => DatadogSite.check({ name: 'EU2' }, 'monitoring-test/datadog'), ['monitoring-test/datadog', 'EU2', 'DatadogSite.']],
];

catalogue('bad input: Grafana and dashboards', GRAFANA);
catalogue('bad input: Loki', LOKI);
catalogue('bad input: LogShipper', LOG_SHIPPER);
catalogue('bad input: Jaeger', JAEGER);
catalogue('bad input: OtelCollector', OTEL);
catalogue('bad input: DatadogAgent', DATADOG);

import { DatadogSite, EnvironmentConfig, GrafanaDatabase, JaegerStorage, LokiObjectStorage, RemoteWrite, seedSlos } from '../lib';
import { prodAlerting } from './alerting';
import { services } from './services';

/** Production: the seeds' retention (metrics 15d, logs 30d, traces 7d), 10 % trace sampling, HA. */
export const prod: EnvironmentConfig = {
  name: 'prod',
  clusterName: 'prod-eu-1',
  region: 'eu-west-1',
  retention: { metrics: '15d', logs: '30d', traces: '7d' },
  traceSampling: 0.1,
  alerting: prodAlerting,
  services,
  // The seed's SLOs (002 § 6.1): api-gateway availability and latency, usage-tracker ingestion and processing.
  slos: seedSlos(),
  prometheus: {
    // Long-term storage beyond 15 days: every sample also goes to Mimir (credentials from an existing Secret).
    remoteWrite: [RemoteWrite.mimir({ url: 'https://mimir.example.internal/api/v1/push', basicAuthSecret: 'mimir-credentials', tenant: 'prod-eu-1' })],
    retentionSizeGiB: 90,
  },
  // Teams that page from Datadog get the agent too (keys in the existing Secret `datadog-keys`).
  components: { datadog: true },
  datadog: { secretName: 'datadog-keys', site: DatadogSite.EU1, clusterAgentReplicas: 2 },
  // Loki in Distributed mode on S3 (keys in the existing Secret `loki-object-storage`).
  logStorage: LokiObjectStorage.s3({ bucketName: 'prod-eu-1-loki', region: 'eu-west-1', credentialsSecret: 'loki-object-storage' }),
  // Two Jaeger replicas share Elasticsearch (credentials in the existing Secret `jaeger-elasticsearch`).
  traceStorage: JaegerStorage.elasticsearch({ urls: ['https://elasticsearch.example.internal:9200'], credentials: { secretName: 'jaeger-elasticsearch' } }),
  // Two Grafana replicas share a PostgreSQL database (password in the existing Secret `grafana-database`).
  grafana: {
    database: GrafanaDatabase.postgres({ host: 'grafana-db.example.internal', name: 'grafana', user: 'grafana', passwordSecret: { secretName: 'grafana-database' } }),
    ingress: { host: 'grafana.example.com', tlsSecretName: 'grafana-tls' },
    businessDashboard: true,
  },
  sizing: {
    prometheus: {
      replicas: 2,
      resources: { requests: { cpu: '1', memory: '8Gi' }, limits: { cpu: '4', memory: '16Gi' } },
      storageGiB: 100,
    },
    alertmanager: { replicas: 3 },
    grafana: { replicas: 2 },
    loki: { replicas: 3, storageGiB: 100 },
    jaeger: { replicas: 2 },
    otelCollector: { replicas: 2 },
  },
  backend: { type: 's3', bucket: 'example-terraform-state', region: 'eu-west-1', dynamodbTable: 'terraform-locks' },
};

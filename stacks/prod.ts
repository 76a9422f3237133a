import { DatadogSite, ElasticsearchLogSink, EnvironmentConfig, GrafanaDatabase, JaegerStorage, LokiObjectStorage, RemoteWrite, seedSlos } from '../lib';
import { prodAlerting } from './alerting';
import { services } from './services';

/**
 * Production: metrics 30d (see below), the seeds' logs 30d and traces 7d, 10 % trace sampling, HA.
 */
export const prod: EnvironmentConfig = {
  name: 'prod',
  clusterName: 'prod-eu-1',
  region: 'eu-west-1',
  // EKS: the managed control plane (controller manager, scheduler, etcd) is not scrapeable, and the kube-proxy
  // add-on serves metrics on 127.0.0.1 only; their scrapes, alerts and dashboards are off (docs/prometheus.md).
  platform: 'eks',
  // Metrics 30d, not the seed's raw 15d: the seed's SLOs have monthly (30-day) budgets, and their
  // period rules read the whole period from this Prometheus; with 15d they would silently measure 15
  // days (synth refuses that). The alternative, evaluating the SLO rules in Mimir's ruler, is not
  // deployed by this stack. The storage below is doubled for the doubled retention.
  retention: { metrics: '30d', logs: '30d', traces: '7d' },
  traceSampling: 0.1,
  alerting: prodAlerting,
  services,
  // The public endpoints, checked from inside the cluster by the blackbox exporter: probe_success and the
  // certificate expiry (probe_ssl_earliest_cert_expiry) that the seed alert CertificateExpiringSoon reads.
  probes: [
    { name: 'grafana', targets: ['https://grafana.example.com/api/health'], service: 'grafana' },
    { name: 'api-gateway', targets: ['https://api.example.com'], service: 'api-gateway' },
  ],
  // Silence and "view" links in notifications point here (an authenticating proxy in front of
  // Alertmanager, which this stack does not create); without it they name the pod's in-cluster address.
  alertmanager: { externalUrl: 'https://alertmanager.example.com' },
  // The seed's SLOs (002 § 6.1): api-gateway availability and latency, usage-tracker ingestion and processing.
  slos: seedSlos(),
  prometheus: {
    // Long-term storage beyond 30 days: every sample also goes to Mimir (credentials from an existing Secret),
    // and Grafana queries it through Mimir's query frontend (datasource "Mimir (long-term)").
    remoteWrite: [RemoteWrite.mimir({
      url: 'https://mimir.example.internal/api/v1/push',
      queryUrl: 'https://mimir.example.internal/prometheus',
      basicAuthSecret: 'mimir-credentials',
      tenant: 'prod-eu-1',
    })],
    retentionSizeGiB: 180,
    // kube_pod_labels{label_team="…"}: lets alerts and dashboards select pods by their owning team.
    kubeStateMetricsLabels: { pods: ['team', 'app.kubernetes.io/name'] },
  },
  // Teams that page from Datadog get the agent too (keys in the existing Secret `datadog-keys`), and the
  // sampled traces with APM stats (billed per APM host and span: a choice, see docs/datadog.md). Logs and
  // Prometheus-annotation scraping stay off (billed per GB and per custom metric); pods opt in by annotation.
  components: { datadog: true },
  datadog: { secretName: 'datadog-keys', site: DatadogSite.EU1, clusterAgentReplicas: 2, traces: true },
  // The seeds ship logs to Elasticsearch as well (seed 002's Fluent Bit `es` output; seed 001 § 4.2's ELK
  // pipeline): the cluster Jaeger uses, its own index prefix, credentials and CA from existing Secrets.
  logShipper: {
    elasticsearch: ElasticsearchLogSink.elasticsearch({
      url: 'https://elasticsearch.example.internal:9200',
      logstashPrefix: 'kubernetes-logs',
      credentials: { secretName: 'elasticsearch-logs' },
      ca: { secretName: 'elasticsearch-ca' },
    }),
  },
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
      storageGiB: 200,
    },
    alertmanager: { replicas: 3 },
    grafana: { replicas: 2 },
    loki: { replicas: 3, storageGiB: 100 },
    jaeger: { replicas: 2 },
    otelCollector: { replicas: 2 },
  },
  backend: { type: 's3', bucket: 'example-terraform-state', region: 'eu-west-1', dynamodbTable: 'terraform-locks' },
};

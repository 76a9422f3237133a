import { COMPONENT_RESOURCES, memcachedResources } from '../core/component-resources';
import { ResourceRequirements } from '../core/resources';
import { HARDENED_CONTAINER, nonRootPod } from '../core/security-context';
import { IAlertmanagerEndpoint } from '../prometheus/alertmanager-endpoint';
import { lokiComponentsScaled } from './loki-components';
import { lokiDuration } from './retention';
import { ResolvedLoki } from './resolve-loki';

/** Requests and limits of the sidecars (rules loader, gateway access-log exporter). */
const SIDECAR_RESOURCES: ResourceRequirements = { requests: { cpu: '10m', memory: '64Mi' }, limits: { cpu: '100m', memory: '128Mi' } };
/** Where the ruler reads its rule files (the rules sidecar writes them there, one folder per tenant). */
const RULES_DIRECTORY = '/etc/loki/rules';

/**
 * Values of the loki chart from resolved settings and the Alertmanager the ruler sends to (set by the
 * props or later by `sendAlertsTo`). Every key exists in the pinned chart and validates against its
 * schema (tests).
 */
export function lokiValues(settings: ResolvedLoki, alertmanager: IAlertmanagerEndpoint | undefined, scraped = false): Record<string, unknown> {
  const { distributed, objectStorage: storage, replicas, resources, storageGiB } = settings;
  const storeType = storage?.type ?? 'filesystem';
  const limits = {
    ...settings.limits,
    retention_period: lokiDuration(settings.retentionPeriod),
    ...(settings.streamRetention.length > 0 ? { retention_stream: settings.streamRetention } : {}),
    // trace_id and friends arrive as structured metadata from the LogShipper, not as labels.
    allow_structured_metadata: true,
    volume_enabled: true,
    max_cache_freshness_per_query: '10m',
    split_queries_by_interval: '15m',
  };
  const env = [
    ...(storage?.env ?? []).map((e) => ({ name: e.envName, valueFrom: { secretKeyRef: { name: e.secretName, key: e.secretKey } } })),
    ...Object.entries(storage?.plainEnv ?? {}).map(([name, value]) => ({ name, value })),
  ];
  const rulerConfig: Record<string, unknown> = {
    enable_api: true,
    storage: { type: 'local', local: { directory: RULES_DIRECTORY } },
    wal: { dir: '/var/loki/ruler-wal' },
    ...(alertmanager ? { alertmanager_url: alertmanager.alertmanagerUrl } : {}),
    ...(settings.recordingRulesWriteUrl
      ? { remote_write: { enabled: true, clients: { prometheus: { url: settings.recordingRulesWriteUrl } } } }
      : {}),
  };
  const persistenceClaim = {
    enabled: storageGiB > 0,
    claims: [{ name: 'data', accessModes: ['ReadWriteOnce'], size: `${storageGiB}Gi`, storageClass: settings.storageClassName ?? null }],
  };
  const values: Record<string, unknown> = {
    deploymentMode: settings.deploymentMode,
    fullnameOverride: settings.releaseName,
    defaults: {
      // Object-store credentials arrive as env vars from existing Secrets; Loki expands ${VAR} in its config.
      extraArgs: ['-config.expand-env=true'],
      extraEnv: env,
      extraVolumes: (storage?.secretMounts ?? []).map((m) => ({ name: `secret-${m.secretName}`, secret: { secretName: m.secretName } })),
      extraVolumeMounts: (storage?.secretMounts ?? []).map((m) => ({ name: `secret-${m.secretName}`, mountPath: m.mountPath, readOnly: true })),
    },
    serviceAccount: { annotations: { ...(storage?.serviceAccountAnnotations ?? {}) } },
    loki: {
      auth_enabled: settings.tenancy.authEnabled,
      podSecurityContext: { ...nonRootPod(10001), fsGroupChangePolicy: 'OnRootMismatch' },
      containerSecurityContext: { ...HARDENED_CONTAINER },
      commonConfig: { replication_factor: settings.replicationFactor },
      schemaConfig: {
        configs: [{ from: settings.schemaFrom, store: 'tsdb', object_store: storeType, schema: 'v13', index: { prefix: 'loki_index_', period: '24h' } }],
      },
      storage: storage
        ? { type: storage.type, bucketNames: { chunks: storage.bucketName, ruler: storage.bucketName }, [storage.type]: storage.storage }
        : { type: 'filesystem' },
      limits_config: limits,
      // Without these the chart keeps logs forever: the compactor applies retention and deletes.
      compactor: {
        working_directory: '/var/loki/compactor',
        compaction_interval: '10m',
        retention_enabled: true,
        retention_delete_delay: '2h',
        retention_delete_worker_count: 150,
        delete_request_store: storeType,
      },
      rulerConfig,
    },
    gateway: {
      enabled: true,
      replicas: settings.gatewayReplicas,
      resources: settings.gatewayResources,
      verboseLogging: false,
      // nginx's unprivileged image (uid 101), as the chart's default, stated here so the stack's test sees it.
      podSecurityContext: nonRootPod(101),
      containerSecurityContext: { ...HARDENED_CONTAINER },
      podDisruptionBudget: disruptionBudget(settings.gatewayReplicas),
      // The access-log exporter sidecar (on by default) has no resources in the chart: sized as the other sidecars.
      metrics: { resources: SIDECAR_RESOURCES },
    },
    ruler: {
      enabled: true,
      replicas: distributed ? 1 : 0,
      sidecar: distributed,
      ...(distributed ? { resources } : {}),
    },
    // The rules sidecar loads every ConfigMap labelled loki_rule into the tenant's rules folder.
    sidecar: {
      resources: SIDECAR_RESOURCES,
      securityContext: { ...HARDENED_CONTAINER },
      rules: { enabled: true, label: 'loki_rule', labelValue: '', folder: `${RULES_DIRECTORY}/${settings.tenancy.tenant}`, resource: 'configmap' },
    },
    // The chart's ClusterRole grants configmaps AND secrets to the rules sidecar, and rbac.namespaced keeps
    // secrets: bind ours instead, ConfigMaps only (same name as the chart's; docs/security.md). The key is
    // read by the chart's templates/backend/clusterrole*.yaml, not listed in its values.yaml.
    rbac: { useExistingRole: `${settings.releaseName}-clusterrole` },
    extraObjects: [{
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: `${settings.releaseName}-clusterrole`, labels: { 'app.kubernetes.io/name': 'loki', 'app.kubernetes.io/instance': settings.releaseName } },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'watch', 'list'] }],
    }],
    singleBinary: distributed
      ? { replicas: 0 }
      : {
          replicas,
          resources,
          podDisruptionBudget: disruptionBudget(replicas),
          sidecar: true,
          persistence: { enabled: storageGiB > 0, size: `${storageGiB}Gi`, storageClass: settings.storageClassName ?? null },
        },
    // SimpleScalable targets stay at zero in both modes.
    read: { replicas: 0 },
    write: { replicas: 0 },
    backend: { replicas: 0 },
    // Dev-sized by default: the chart's caches ask for 8 GiB (chunks) and 1 GiB (results) of memory.
    chunksCache: cache(settings.chunksCacheMemoryMiB),
    resultsCache: cache(settings.resultsCacheMemoryMiB),
    // The caches' memcached and exporter containers (the chart's hardened defaults, stated explicitly).
    memcached: { podSecurityContext: nonRootPod(11211), containerSecurityContext: { ...HARDENED_CONTAINER, runAsNonRoot: true } },
    memcachedExporter: { resources: COMPONENT_RESOURCES.memcachedExporter, containerSecurityContext: { ...HARDENED_CONTAINER, runAsNonRoot: true } },
    // Once scraped (Loki.scrapedBy), the chart's ServiceMonitor scrapes every Loki Service with an
    // `http-metrics` port (not the headless ones): each component on 3100, the gateway's access-log
    // exporter on 4040, the caches' exporters on 9150. Its job is `<namespace>/<Service name>` (the
    // chart's jobPrefix, the mixin's convention), e.g. `monitoring/loki` (Monolithic) or
    // `monitoring/loki-ingester` (Distributed): see docs/loki.md.
    monitoring: { serviceMonitor: { enabled: scraped } },
    // The canary is a DaemonSet writing synthetic logs on every node, and the Helm test needs it: both off.
    lokiCanary: { enabled: false },
    test: { enabled: false },
    minio: { enabled: false },
  };
  if (distributed) {
    for (const { chartKey } of lokiComponentsScaled('replicas')) {
      values[chartKey] = { replicas, resources, podDisruptionBudget: disruptionBudget(replicas) };
    }
    values.ingester = {
      replicas: settings.ingesterReplicas,
      resources,
      podDisruptionBudget: disruptionBudget(settings.ingesterReplicas),
      zoneAwareReplication: { enabled: settings.zoneAwareIngesters },
      persistence: persistenceClaim,
    };
    values.compactor = { replicas: 1, resources };
  }
  return values;
}

function cache(memoryMiB: number): Record<string, unknown> {
  return memoryMiB > 0
    ? { enabled: true, allocatedMemory: memoryMiB, resources: memcachedResources(memoryMiB) }
    : { enabled: false };
}

/** One pod of a replicated component may be evicted at a time; a single replica gets no budget (it would block drains). */
function disruptionBudget(replicas: number): Record<string, unknown> {
  return replicas > 1 ? { enabled: true, maxUnavailable: 1 } : { enabled: false };
}

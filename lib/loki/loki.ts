import { Release } from '@cdktf/provider-helm/lib/release';
import { Construct } from 'constructs';
import { DisruptionBudgetSpec, IMonitoringComponent, NetworkPolicySpec, PeerIdentity } from '../contracts/monitoring-component';
import { PeerRole, recommendedPodLabels, tcpPorts } from '../contracts/network-peer';
import { INamespace, NamespaceProp, resolveNamespace } from '../core/namespace';
import { createChartRelease } from '../core/chart-release';
import { checkReleaseName } from '../core/input-checks';
import { Charts } from '../core/charts';
import { Duration, DurationLike } from '../core/duration';
import { DatasourceType, GrafanaDatasourceDescriptor, IGrafanaDatasource } from '../core/grafana-datasource';
import { ManifestsRelease } from '../core/manifests-release';
import { ResourceRequirements, validateResources } from '../core/resources';
import { ValidationError, show } from '../core/validation-error';
import { IAlertmanagerEndpoint } from '../prometheus/alertmanager-endpoint';
import { ReviewArtifacts } from '../review/review-artifacts';
import { renderLogRulesSummary } from '../review/log-rules-summary';
import { LokiDeploymentMode } from './deployment-mode';
import { LOKI_DEFAULTS } from './loki-defaults';
import { LokiLimits, renderLimits } from './limits';
import { LogAlertRule } from './log-alert-rule';
import { ILogRulePack, renderLogRuleFile } from './log-rule-pack';
import { ILokiPushTarget } from './loki-push-target';
import { LokiObjectStorage, ObjectStorageConfig } from './object-storage';
import { StreamRetention, lokiDuration, renderStreamRetention, validateRetentionPeriod } from './retention';
import { LokiTenancy } from './tenancy';
import { COMPONENT_RESOURCES, memcachedResources } from '../core/component-resources';
import { HARDENED_CONTAINER, nonRootPod } from '../core/security-context';

/** The nginx gateway's container port (its Service listens on 80). */
const GATEWAY_PORT = 8080;
/** Loki's HTTP port (API and metrics). */
const LOKI_HTTP_PORT = 3100;

/** Something that accepts Prometheus remote write (Loki's ruler writes recording-rule results there). */
export interface IRemoteWriteReceiver {
  /** Base URL of the Prometheus API; `/api/v1/write` is appended. */
  readonly prometheusUrl: string;
}

/** Props of {@link Loki}. */
export interface LokiProps {
  /** Namespace to install into (usually `MonitoringNamespace.namespaceName`). */
  readonly namespace: NamespaceProp;
  /**
   * The multi-tenancy choice, made explicitly: `LokiTenancy.singleTenant()` (`auth_enabled: false`)
   * or `LokiTenancy.multiTenant('platform')`.
   */
  readonly tenancy: LokiTenancy;
  /** Helm release name; also the prefix of every object (`<releaseName>-gateway`…). @default 'loki' */
  readonly releaseName?: string;
  /**
   * Monolithic (one StatefulSet) or Distributed (separate components on object storage).
   * @default LokiDeploymentMode.MONOLITHIC
   */
  readonly deploymentMode?: LokiDeploymentMode;
  /**
   * Where chunks and index live. Required for Distributed; Monolithic without it keeps them on the
   * single binary's persistent volume.
   * @default filesystem on the volume (Monolithic only)
   */
  readonly objectStorage?: LokiObjectStorage;
  /** How long logs are kept, then deleted by the compactor; whole days. @default 30d (seed 001 § 1.1) */
  readonly retentionPeriod?: DurationLike;
  /** Retention overrides per stream selector (e.g. `{namespace="dev"}` for 7d). @default none */
  readonly streamRetention?: StreamRetention[];
  /** Ingestion and query limits. @default see {@link LokiLimits} */
  readonly limits?: LokiLimits;
  /**
   * Monolithic: replicas of the single binary (more than 1 needs object storage). Distributed:
   * replicas of each stateless component (distributor, querier, query-frontend, query-scheduler,
   * index-gateway).
   * @default 1 (Monolithic), 2 (Distributed)
   */
  readonly replicas?: number;
  /** Ingesters (Distributed only); at least 3, since each stream is written to 3 of them. @default 3 */
  readonly ingesterReplicas?: number;
  /** Spread ingesters over three zone StatefulSets (needs nodes labelled with zones). @default false */
  readonly zoneAwareIngesters?: boolean;
  /** Requests and limits of each Loki container. @default DEFAULT_SIZING.loki.resources */
  readonly resources?: ResourceRequirements;
  /**
   * Persistent volume per pod, GiB: the single binary's data (Monolithic) or each ingester's WAL
   * (Distributed). 0 means emptyDir (data lost on restart; refused for Monolithic without object storage).
   * @default 50 (Monolithic), 10 (Distributed)
   */
  readonly storageGiB?: number;
  /** StorageClass of the volumes. @default the cluster's default StorageClass */
  readonly storageClassName?: string;
  /** Gateway (nginx) replicas. @default 1 (Monolithic), 2 (Distributed) */
  readonly gatewayReplicas?: number;
  /** Requests and limits of the gateway. @default 50m/64Mi requests, 500m/256Mi limits */
  readonly gatewayResources?: ResourceRequirements;
  /** Memory of the chunks cache (memcached), MiB; 0 turns it off. @default 0 (Monolithic), 2048 (Distributed) */
  readonly chunksCacheMemoryMiB?: number;
  /** Memory of the query results cache (memcached), MiB; 0 turns it off. @default 0 (Monolithic), 512 (Distributed) */
  readonly resultsCacheMemoryMiB?: number;
  /**
   * First day of the v13/tsdb schema, `YYYY-MM-DD`. Never change it after the first install (older data
   * would be read with the wrong schema); add a new period instead.
   * @default '2024-04-01'
   */
  readonly schemaFrom?: string;
  /** Where the ruler sends alerts; can also be set later with {@link Loki.sendAlertsTo}. @default none */
  readonly alertmanager?: IAlertmanagerEndpoint;
  /**
   * Prometheus that receives recording-rule results by remote write (it must run with the
   * remote-write receiver enabled). Required once a pack has recording rules.
   * @default none
   */
  readonly recordingRulesTo?: IRemoteWriteReceiver;
}

const PACK_NAME = /^[a-z0-9]([-a-z0-9]{0,40}[a-z0-9])?$/;
const DEFAULT_GATEWAY_RESOURCES: ResourceRequirements = { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } };
const SIDECAR_RESOURCES: ResourceRequirements = { requests: { cpu: '10m', memory: '64Mi' }, limits: { cpu: '100m', memory: '128Mi' } };
const RULES_DIRECTORY = '/etc/loki/rules';
/** Distributed components that scale with `replicas`, by chart key. */
const STATELESS_COMPONENTS = ['distributor', 'querier', 'queryFrontend', 'queryScheduler', 'indexGateway'] as const;

/**
 * Loki on the grafana-community loki chart: Monolithic for dev, Distributed on object storage for
 * prod; schema v13 on tsdb with a 24h index; retention that deletes (retention_period + compactor
 * retention + delete_request_store); ingestion and query limits; the nginx gateway as the one entry
 * for pushes and queries; the ruler fed by ConfigMaps (one small release per rule pack) and sending to
 * an Alertmanager.
 */
export class Loki extends Construct implements IGrafanaDatasource, ILokiPushTarget, IMonitoringComponent {
  /** Query URL (through the gateway), for Grafana and peers. */
  public readonly lokiUrl: string;
  /** Push URL (through the gateway), `.../loki/api/v1/push`. */
  public readonly lokiPushUrl: string;
  public readonly pushHost: string;
  public readonly pushPort = 80;
  public readonly pushPath = '/loki/api/v1/push';
  public readonly pushTenant?: string;
  /** Namespace Loki runs in. */
  public readonly namespace: string;
  /** The namespace as given, which the releases wait for when this program creates it. */
  private readonly namespaceRef: INamespace;
  /** Helm release name, also the prefix of every object (the `releaseName` prop, default `loki`). */
  public readonly releaseName: string;
  /** The deployment mode, as resolved (default Monolithic). */
  public readonly deploymentMode: LokiDeploymentMode;
  /** The multi-tenancy choice. */
  public readonly tenancy: LokiTenancy;
  /** How long logs are kept before the compactor deletes them (default 30d). */
  public readonly retentionPeriod: Duration;
  /** Replicas of the single binary (Monolithic) or of each stateless component (Distributed), as resolved. */
  public readonly replicas: number;
  /** Persistent volume size per replica in GiB, as resolved (50 Monolithic, 10 Distributed, unless set). */
  public readonly storageGiB: number;
  /** The loki chart release. */
  public readonly release: Release;

  private readonly props: LokiProps;
  private readonly storage?: ObjectStorageConfig;
  private readonly resources: ResourceRequirements;
  private readonly gatewayResources: ResourceRequirements;
  private readonly packs: ILogRulePack[] = [];
  private alertmanager?: IAlertmanagerEndpoint;

  constructor(scope: Construct, id: string, props: LokiProps) {
    super(scope, id);
    const path = this.node.path;
    this.props = props;
    this.namespaceRef = resolveNamespace(props.namespace, path);
    this.namespace = this.namespaceRef.namespaceName;
    this.releaseName = checkReleaseName(props.releaseName ?? 'loki', path);
    if (!(props.tenancy instanceof LokiTenancy)) {
      throw new ValidationError(path, `tenancy ${show(props.tenancy)} is not a choice; pass LokiTenancy.singleTenant() or LokiTenancy.multiTenant("<tenant>").`);
    }
    this.tenancy = props.tenancy;
    const mode = props.deploymentMode ?? LokiDeploymentMode.MONOLITHIC;
    if ((mode as string) === 'SimpleScalable' || (mode as string).includes('<->')) {
      throw new ValidationError(path, `deploymentMode ${show(mode)} is not offered: SimpleScalable is deprecated and removed in Loki 4; use LokiDeploymentMode.MONOLITHIC for small installs or LokiDeploymentMode.DISTRIBUTED with objectStorage for large ones.`);
    }
    if (!Object.values(LokiDeploymentMode).includes(mode)) {
      throw new ValidationError(path, `deploymentMode ${show(mode)} is not one of ${Object.values(LokiDeploymentMode).join(', ')} (LokiDeploymentMode.*).`);
    }
    this.deploymentMode = mode;
    const distributed = mode === LokiDeploymentMode.DISTRIBUTED;
    if (distributed && !props.objectStorage) {
      throw new ValidationError(path, `deploymentMode "Distributed" without objectStorage would deploy nothing (the chart needs a shared store for its components); set objectStorage: LokiObjectStorage.s3({...}) / .gcs({...}) / .azure({...}), or use LokiDeploymentMode.MONOLITHIC.`);
    }
    this.storage = props.objectStorage?.render(path);

    this.retentionPeriod = validateRetentionPeriod(props.retentionPeriod ?? '30d', `${path} retentionPeriod`);
    renderStreamRetention(props.streamRetention ?? [], path);
    renderLimits(props.limits, path);

    this.replicas = props.replicas ?? (distributed ? 2 : LOKI_DEFAULTS.replicas);
    wholeNumber(path, 'replicas', this.replicas, 1);
    if (!distributed && this.replicas > 1 && !this.storage) {
      throw new ValidationError(path, `replicas ${show(this.replicas)} of a Monolithic Loki on filesystem storage would give each replica its own logs; keep 1 replica or add objectStorage.`);
    }
    const ingesters = props.ingesterReplicas ?? 3;
    if (props.ingesterReplicas !== undefined && !distributed) {
      throw new ValidationError(path, `ingesterReplicas ${show(props.ingesterReplicas)} only applies to LokiDeploymentMode.DISTRIBUTED; leave it out or switch the mode.`);
    }
    wholeNumber(path, 'ingesterReplicas', ingesters, 3);
    this.storageGiB = props.storageGiB ?? (distributed ? 10 : LOKI_DEFAULTS.storageGiB);
    if (!(this.storageGiB === 0 || (typeof this.storageGiB === 'number' && this.storageGiB > 0 && Number.isInteger(this.storageGiB)))) {
      throw new ValidationError(path, `storageGiB ${show(this.storageGiB)} must be 0 (emptyDir) or a whole positive size in GiB.`);
    }
    if (this.storageGiB === 0 && !this.storage) {
      throw new ValidationError(path, `storageGiB 0 with filesystem storage loses every log on restart; give a volume size (e.g. 50) or add objectStorage.`);
    }
    wholeNumber(path, 'gatewayReplicas', props.gatewayReplicas ?? 1, 1);
    for (const [name, value] of [['chunksCacheMemoryMiB', props.chunksCacheMemoryMiB], ['resultsCacheMemoryMiB', props.resultsCacheMemoryMiB]] as const) {
      if (value !== undefined && !(Number.isInteger(value) && (value === 0 || value >= 64))) {
        throw new ValidationError(path, `${name} ${show(value)} must be 0 (off) or a whole number of MiB of at least 64.`);
      }
    }
    const schemaFrom = props.schemaFrom ?? '2024-04-01';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(schemaFrom) || Number.isNaN(Date.parse(schemaFrom))) {
      throw new ValidationError(path, `schemaFrom ${show(schemaFrom)} is not a date YYYY-MM-DD; keep the date of the first install (e.g. "2024-04-01").`);
    }
    this.resources = validateResources(props.resources ?? LOKI_DEFAULTS.resources, `${path} resources`);
    this.gatewayResources = validateResources(props.gatewayResources ?? DEFAULT_GATEWAY_RESOURCES, `${path} gatewayResources`);
    if (props.recordingRulesTo !== undefined && !/^https?:\/\/[^\s@]+$/.test(props.recordingRulesTo.prometheusUrl)) {
      throw new ValidationError(path, `recordingRulesTo.prometheusUrl ${show(props.recordingRulesTo.prometheusUrl)} is not an http(s) URL without credentials.`);
    }
    this.alertmanager = props.alertmanager;

    this.pushHost = `${this.releaseName}-gateway.${this.namespace}.svc`;
    this.lokiUrl = `http://${this.pushHost}:${this.pushPort}`;
    this.lokiPushUrl = `${this.lokiUrl}${this.pushPath}`;
    this.pushTenant = this.tenancy.authEnabled ? this.tenancy.tenant : undefined;

    this.release = createChartRelease(this, 'release', {
      chart: Charts.loki,
      releaseName: this.releaseName,
      namespace: this.namespaceRef,
      values: () => this.chartValues(),
      // StatefulSets with fresh volumes (and, Distributed, a dozen workloads) take a while.
      timeoutSeconds: distributed ? 1200 : 900,
    });

    const review = ReviewArtifacts.of(this);
    review.addComponent(() => ({
      component: `Loki (${this.deploymentMode})`,
      constructPath: path,
      namespace: this.namespace,
      chart: Charts.loki,
      replicas: this.replicas,
      retention: lokiDuration(this.retentionPeriod) + ((props.streamRetention ?? []).length > 0 ? ` (+${props.streamRetention!.length} stream overrides)` : ''),
      storage: this.storage ? `${this.storage.type}://${this.storage.bucketName}` : `${this.storageGiB}Gi`,
      resources: this.resources,
    }));
    review.addSummarySection({ title: 'Loki rules', order: 25, render: () => renderLogRulesSummary(this.packs) });
  }

  /**
   * Adds a LogQL rule pack: one ConfigMap (in its own small release) that the ruler's sidecar loads,
   * and one review file `loki-rules/<pack>.yaml`.
   */
  public addRules(pack: ILogRulePack): this {
    const path = this.node.path;
    if (typeof pack?.name !== 'string' || !PACK_NAME.test(pack.name)) {
      throw new ValidationError(path, `rule pack name ${show(pack?.name)} is not allowed; use lowercase letters, digits and '-' (it names a ConfigMap and a file), e.g. "shop-logs".`);
    }
    if (this.packs.some((existing) => existing.name === pack.name)) {
      throw new ValidationError(path, `rule pack ${show(pack.name)} is added twice; give the second one another \`name\`.`);
    }
    const groupNames = new Set(this.packs.flatMap((p) => p.ruleGroups.map((g) => g.name)));
    for (const group of pack.ruleGroups) {
      if (groupNames.has(group.name)) {
        throw new ValidationError(path, `rule group ${show(group.name)} of pack ${show(pack.name)} is used twice in this Loki; rename one of the groups.`);
      }
      groupNames.add(group.name);
    }
    if (pack.ruleGroups.length === 0) throw new ValidationError(path, `rule pack ${show(pack.name)} has no groups; add a LogRuleGroup or leave the pack out.`);
    this.packs.push(pack);
    const configMapName = `${this.releaseName}-rules-${pack.name}`;
    new ManifestsRelease(this, `rules-${pack.name}`, {
      releaseName: configMapName,
      namespace: this.namespaceRef,
      manifests: () => [{
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: configMapName, namespace: this.namespace, labels: { loki_rule: '', 'app.kubernetes.io/part-of': this.releaseName } },
        data: { [`${pack.name}.yaml`]: renderLogRuleFile(pack) },
      }],
    });
    ReviewArtifacts.of(this).addFile(`loki-rules/${pack.name}.yaml`, () => renderLogRuleFile(pack), path);
    return this;
  }

  /** Sends the ruler's alerts to an Alertmanager (the typed reference of the Alertmanager construct). */
  public sendAlertsTo(alertmanager: IAlertmanagerEndpoint): this {
    this.alertmanager = alertmanager;
    return this;
  }

  /** Grafana datasource with the fixed uid `loki` (derived fields for trace ids are Grafana's to add). */
  public grafanaDatasource(): GrafanaDatasourceDescriptor {
    return {
      type: DatasourceType.LOKI,
      name: 'Loki',
      uid: 'loki',
      url: this.lokiUrl,
      // Multi-tenant: Grafana must send X-Scope-OrgID; its value (the tenant) goes in secureJsonData.httpHeaderValue1.
      jsonData: { maxLines: 1000, ...(this.tenancy.authEnabled ? { httpHeaderName1: 'X-Scope-OrgID' } : {}) },
    };
  }

  /** Every LogQL alert rule added so far. */
  public alertRules(): LogAlertRule[] {
    return this.packs.flatMap((pack) => pack.ruleGroups.flatMap((group) => group.alertRules));
  }

  /** The rule packs added so far. */
  public rulePacks(): readonly ILogRulePack[] {
    return [...this.packs];
  }

  /** As a client: Loki's pods talk among themselves, and the ruler sends alerts. */
  public peerIdentities(): readonly PeerIdentity[] {
    return [{ role: PeerRole.LOKI, description: 'Loki', podLabels: recommendedPodLabels('loki', this.releaseName) }];
  }

  /** Pushes and queries enter through the gateway only; the other pods talk among themselves (HTTP, gRPC, memberlist, memcached) and are scraped. */
  public networkPolicies(): readonly NetworkPolicySpec[] {
    return [
      { name: 'loki-gateway', podLabels: recommendedPodLabels('loki', this.releaseName, 'gateway'), ingress: [{ from: [PeerRole.LOG_SHIPPER, PeerRole.GRAFANA], ports: tcpPorts(GATEWAY_PORT) }] },
      {
        name: 'loki',
        podLabels: recommendedPodLabels('loki', this.releaseName),
        exceptComponents: ['gateway'],
        ingress: [{ from: [PeerRole.LOKI] }, { from: [PeerRole.PROMETHEUS], ports: tcpPorts(LOKI_HTTP_PORT, 9150) }],
      },
    ];
  }

  /** None: the chart's own budgets cover the replicated components (values). */
  public disruptionBudgets(): readonly DisruptionBudgetSpec[] {
    return [];
  }

  /** loki chart values. Every key exists in the pinned chart and validates against its schema (tests). */
  public chartValues(): Record<string, unknown> {
    const path = this.node.path;
    const props = this.props;
    const distributed = this.deploymentMode === LokiDeploymentMode.DISTRIBUTED;
    const storeType = this.storage?.type ?? 'filesystem';
    const hasRecording = this.packs.some((pack) => pack.ruleGroups.some((group) => group.recordingRules.length > 0));
    if (this.alertRules().length > 0 && !this.alertmanager) {
      throw new ValidationError(path, `has ${this.alertRules().length} LogQL alert rules but no Alertmanager, so they would notify nobody; pass \`alertmanager\` or call sendAlertsTo(alertmanager).`);
    }
    if (hasRecording && !props.recordingRulesTo) {
      throw new ValidationError(path, `has LogQL recording rules but no \`recordingRulesTo\`; Loki stores no series itself, so pass the Prometheus that receives them by remote write.`);
    }
    const storage = this.storage;
    const limits = {
      ...renderLimits(props.limits, path),
      retention_period: lokiDuration(this.retentionPeriod),
      ...((props.streamRetention ?? []).length > 0 ? { retention_stream: renderStreamRetention(props.streamRetention!, path) } : {}),
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
      ...(this.alertmanager ? { alertmanager_url: this.alertmanager.alertmanagerUrl } : {}),
      ...(props.recordingRulesTo
        ? { remote_write: { enabled: true, clients: { prometheus: { url: `${props.recordingRulesTo.prometheusUrl.replace(/\/+$/, '')}/api/v1/write` } } } }
        : {}),
    };
    const persistenceClaim = {
      enabled: this.storageGiB > 0,
      claims: [{ name: 'data', accessModes: ['ReadWriteOnce'], size: `${this.storageGiB}Gi`, storageClass: props.storageClassName ?? null }],
    };
    const values: Record<string, unknown> = {
      deploymentMode: this.deploymentMode,
      fullnameOverride: this.releaseName,
      defaults: {
        // Object-store credentials arrive as env vars from existing Secrets; Loki expands ${VAR} in its config.
        extraArgs: ['-config.expand-env=true'],
        extraEnv: env,
        extraVolumes: (storage?.secretMounts ?? []).map((m) => ({ name: `secret-${m.secretName}`, secret: { secretName: m.secretName } })),
        extraVolumeMounts: (storage?.secretMounts ?? []).map((m) => ({ name: `secret-${m.secretName}`, mountPath: m.mountPath, readOnly: true })),
      },
      serviceAccount: { annotations: { ...(storage?.serviceAccountAnnotations ?? {}) } },
      loki: {
        auth_enabled: this.tenancy.authEnabled,
        podSecurityContext: { ...nonRootPod(10001), fsGroupChangePolicy: 'OnRootMismatch' },
        containerSecurityContext: { ...HARDENED_CONTAINER },
        commonConfig: { replication_factor: distributed ? 3 : 1 },
        schemaConfig: {
          configs: [{ from: props.schemaFrom ?? '2024-04-01', store: 'tsdb', object_store: storeType, schema: 'v13', index: { prefix: 'loki_index_', period: '24h' } }],
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
        replicas: props.gatewayReplicas ?? (distributed ? 2 : 1),
        resources: this.gatewayResources,
        verboseLogging: false,
        // nginx's unprivileged image (uid 101), as the chart's default, stated here so the stack's test sees it.
        podSecurityContext: nonRootPod(101),
        containerSecurityContext: { ...HARDENED_CONTAINER },
        podDisruptionBudget: disruptionBudget(props.gatewayReplicas ?? (distributed ? 2 : 1)),
        // The access-log exporter sidecar (on by default) has no resources in the chart: sized as the other sidecars.
        metrics: { resources: SIDECAR_RESOURCES },
      },
      ruler: {
        enabled: true,
        replicas: distributed ? 1 : 0,
        sidecar: distributed,
        ...(distributed ? { resources: this.resources } : {}),
      },
      // The rules sidecar loads every ConfigMap labelled loki_rule into the tenant's rules folder.
      sidecar: {
        resources: SIDECAR_RESOURCES,
        securityContext: { ...HARDENED_CONTAINER },
        rules: { enabled: true, label: 'loki_rule', labelValue: '', folder: `${RULES_DIRECTORY}/${this.tenancy.tenant}`, resource: 'configmap' },
      },
      // The chart's ClusterRole grants configmaps AND secrets to the rules sidecar, and rbac.namespaced keeps
      // secrets: bind ours instead, ConfigMaps only (same name as the chart's; docs/security.md). The key is
      // read by the chart's templates/backend/clusterrole*.yaml, not listed in its values.yaml.
      rbac: { useExistingRole: `${this.releaseName}-clusterrole` },
      extraObjects: [{
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: `${this.releaseName}-clusterrole`, labels: { 'app.kubernetes.io/name': 'loki', 'app.kubernetes.io/instance': this.releaseName } },
        rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'watch', 'list'] }],
      }],
      singleBinary: distributed
        ? { replicas: 0 }
        : {
            replicas: this.replicas,
            resources: this.resources,
            podDisruptionBudget: disruptionBudget(this.replicas),
            sidecar: true,
            persistence: { enabled: this.storageGiB > 0, size: `${this.storageGiB}Gi`, storageClass: props.storageClassName ?? null },
          },
      // SimpleScalable targets stay at zero in both modes.
      read: { replicas: 0 },
      write: { replicas: 0 },
      backend: { replicas: 0 },
      // Dev-sized by default: the chart's caches ask for 8 GiB (chunks) and 1 GiB (results) of memory.
      chunksCache: cache(props.chunksCacheMemoryMiB ?? (distributed ? 2048 : 0)),
      resultsCache: cache(props.resultsCacheMemoryMiB ?? (distributed ? 512 : 0)),
      // The caches' memcached and exporter containers (the chart's hardened defaults, stated explicitly).
      memcached: { podSecurityContext: nonRootPod(11211), containerSecurityContext: { ...HARDENED_CONTAINER, runAsNonRoot: true } },
      memcachedExporter: { resources: COMPONENT_RESOURCES.memcachedExporter, containerSecurityContext: { ...HARDENED_CONTAINER, runAsNonRoot: true } },
      // The canary is a DaemonSet writing synthetic logs on every node, and the Helm test needs it: both off.
      lokiCanary: { enabled: false },
      test: { enabled: false },
      minio: { enabled: false },
    };
    if (distributed) {
      for (const component of STATELESS_COMPONENTS) {
        values[component] = { replicas: this.replicas, resources: this.resources, podDisruptionBudget: disruptionBudget(this.replicas) };
      }
      values.ingester = {
        replicas: props.ingesterReplicas ?? 3,
        resources: this.resources,
        podDisruptionBudget: disruptionBudget(props.ingesterReplicas ?? 3),
        zoneAwareReplication: { enabled: props.zoneAwareIngesters ?? false },
        persistence: persistenceClaim,
      };
      values.compactor = { replicas: 1, resources: this.resources };
    }
    return values;
  }
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

function wholeNumber(path: string, name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new ValidationError(path, `${name} ${show(value)} must be a whole number of at least ${min}.`);
  }
}


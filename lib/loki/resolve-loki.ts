import { Duration } from '../core/duration';
import { checkNumberInRange, checkReleaseName, checkReplicas } from '../core/input-checks';
import { INamespace, resolveNamespace } from '../core/namespace';
import { ResourceRequirements, validateResources } from '../core/resources';
import { ValidationError, show } from '../core/validation-error';
import { IAlertmanagerEndpoint } from '../prometheus/alertmanager-endpoint';
import { LokiDeploymentMode } from './deployment-mode';
import { renderLimits } from './limits';
import { LOKI_DEFAULTS, LOKI_DISTRIBUTED_DEFAULTS } from './loki-defaults';
import { IRemoteWriteReceiver, LokiProps } from './loki-props';
import { ObjectStorageConfig } from './object-storage';
import { renderStreamRetention, validateRetentionPeriod } from './retention';
import { LokiTenancy } from './tenancy';

/** {@link LokiProps} checked, with every default applied: what the construct and its values are built from. */
export interface ResolvedLoki {
  /** The namespace as given, which the releases wait for when this program creates it. */
  readonly namespace: INamespace;
  /** Helm release name, also the prefix of every object. */
  readonly releaseName: string;
  /** The multi-tenancy choice. */
  readonly tenancy: LokiTenancy;
  /** The deployment mode (Monolithic unless given). */
  readonly deploymentMode: LokiDeploymentMode;
  /** Whether the mode is Distributed. */
  readonly distributed: boolean;
  /** Copies of each stream Loki writes: 3 (the ingesters) in Distributed mode, 1 in Monolithic. */
  readonly replicationFactor: number;
  /** The object storage, checked and rendered once; undefined for the filesystem on the volume (Monolithic). */
  readonly objectStorage?: ObjectStorageConfig;
  /** How long logs are kept: whole days, at least one. */
  readonly retentionPeriod: Duration;
  /** The `limits_config.retention_stream` entries, checked; empty for none. */
  readonly streamRetention: ReadonlyArray<Record<string, unknown>>;
  /** The ingestion and query entries of `limits_config`, checked and defaulted. */
  readonly limits: Readonly<Record<string, unknown>>;
  /** Replicas of the single binary (Monolithic) or of each stateless component (Distributed). */
  readonly replicas: number;
  /** Ingesters (rendered in Distributed mode only); at least the replication factor. */
  readonly ingesterReplicas: number;
  /** Whether the ingesters are spread over three zone StatefulSets. */
  readonly zoneAwareIngesters: boolean;
  /** Persistent volume per pod in GiB; 0 for an emptyDir (only with object storage). */
  readonly storageGiB: number;
  /** StorageClass of the volumes; undefined for the cluster's default. */
  readonly storageClassName?: string;
  /** Requests and limits of each Loki container (checked against each other). */
  readonly resources: ResourceRequirements;
  /** Gateway (nginx) replicas: exactly the number rendered. */
  readonly gatewayReplicas: number;
  /** Requests and limits of the gateway (checked against each other). */
  readonly gatewayResources: ResourceRequirements;
  /** Memory of the chunks cache in MiB: 0 (off) or at least 64. */
  readonly chunksCacheMemoryMiB: number;
  /** Memory of the query results cache in MiB: 0 (off) or at least 64. */
  readonly resultsCacheMemoryMiB: number;
  /** First day of the v13/tsdb schema, `YYYY-MM-DD`. */
  readonly schemaFrom: string;
  /** The Alertmanager given in the props (the construct's `sendAlertsTo` may replace it later). */
  readonly alertmanager?: IAlertmanagerEndpoint;
  /** Remote-write URL of the Prometheus that receives recording-rule results; undefined for none. */
  readonly recordingRulesWriteUrl?: string;
  /** The Prometheus that receives the recorded series, told which series Loki's rules record. */
  readonly recordingRulesTo?: IRemoteWriteReceiver;
}

/** Copies of each stream in Distributed mode, hence the fewest ingesters. */
const DISTRIBUTED_REPLICATION_FACTOR = 3;

/** The one place Loki's props are checked and defaulted; `path` names the construct in errors. */
export function resolveLoki(props: LokiProps, path: string): ResolvedLoki {
  const namespace = resolveNamespace(props.namespace, path);
  const releaseName = checkReleaseName(props.releaseName ?? 'loki', path);
  if (!(props.tenancy instanceof LokiTenancy)) {
    throw new ValidationError(path, `tenancy ${show(props.tenancy)} is not a choice; pass LokiTenancy.singleTenant() or LokiTenancy.multiTenant("<tenant>").`);
  }
  const deploymentMode = props.deploymentMode ?? LokiDeploymentMode.MONOLITHIC;
  if (typeof deploymentMode !== 'string') {
    throw new ValidationError(path, `deploymentMode ${show(deploymentMode)} is not a deployment mode; use LokiDeploymentMode.MONOLITHIC or LokiDeploymentMode.DISTRIBUTED.`);
  }
  if ((deploymentMode as string) === 'SimpleScalable' || (deploymentMode as string).includes('<->')) {
    throw new ValidationError(path, `deploymentMode ${show(deploymentMode)} is not offered: SimpleScalable is deprecated and removed in Loki 4; use LokiDeploymentMode.MONOLITHIC for small installs or LokiDeploymentMode.DISTRIBUTED with objectStorage for large ones.`);
  }
  if (!Object.values(LokiDeploymentMode).includes(deploymentMode)) {
    throw new ValidationError(path, `deploymentMode ${show(deploymentMode)} is not one of ${Object.values(LokiDeploymentMode).join(', ')} (LokiDeploymentMode.*).`);
  }
  const distributed = deploymentMode === LokiDeploymentMode.DISTRIBUTED;
  const modeDefaults = distributed ? LOKI_DISTRIBUTED_DEFAULTS : LOKI_DEFAULTS;
  if (distributed && !props.objectStorage) {
    throw new ValidationError(path, `deploymentMode "Distributed" without objectStorage would deploy nothing (the chart needs a shared store for its components); set objectStorage: LokiObjectStorage.s3({...}) / .gcs({...}) / .azure({...}), or use LokiDeploymentMode.MONOLITHIC.`);
  }
  const objectStorage = props.objectStorage?.render(path);

  const retentionPeriod = validateRetentionPeriod(props.retentionPeriod ?? LOKI_DEFAULTS.retentionPeriod, `${path} retentionPeriod`);
  const streamRetention = renderStreamRetention(props.streamRetention ?? [], path);
  const limits = renderLimits(props.limits, path);

  const replicas = checkReplicas(props.replicas ?? modeDefaults.replicas, path);
  if (!distributed && replicas > 1 && !objectStorage) {
    throw new ValidationError(path, `replicas ${show(replicas)} of a Monolithic Loki on filesystem storage would give each replica its own logs; keep 1 replica or add objectStorage.`);
  }
  if (props.ingesterReplicas !== undefined && !distributed) {
    throw new ValidationError(path, `ingesterReplicas ${show(props.ingesterReplicas)} only applies to LokiDeploymentMode.DISTRIBUTED; leave it out or switch the mode.`);
  }
  const ingesterReplicas = checkNumberInRange(props.ingesterReplicas ?? LOKI_DEFAULTS.ingesterReplicas, path, 'ingesterReplicas', { min: DISTRIBUTED_REPLICATION_FACTOR });
  const storageGiB = checkNumberInRange(props.storageGiB ?? modeDefaults.storageGiB, path, 'storageGiB', { min: 0 }, {
    requirement: 'must be 0 (emptyDir) or a whole positive size in GiB',
  });
  if (storageGiB === 0 && !objectStorage) {
    throw new ValidationError(path, `storageGiB 0 with filesystem storage loses every log on restart; give a volume size (e.g. 50) or add objectStorage.`);
  }
  // The value checked is the value rendered: the mode's default (2 gateways when Distributed) or the prop.
  const gatewayReplicas = checkNumberInRange(props.gatewayReplicas ?? modeDefaults.gatewayReplicas, path, 'gatewayReplicas', { min: 1 });
  // A null cache size is refused, not defaulted.
  const chunksCacheMemoryMiB = checkCacheMemory(props.chunksCacheMemoryMiB === undefined ? modeDefaults.chunksCacheMemoryMiB : props.chunksCacheMemoryMiB, path, 'chunksCacheMemoryMiB');
  const resultsCacheMemoryMiB = checkCacheMemory(props.resultsCacheMemoryMiB === undefined ? modeDefaults.resultsCacheMemoryMiB : props.resultsCacheMemoryMiB, path, 'resultsCacheMemoryMiB');
  const schemaFrom = props.schemaFrom ?? LOKI_DEFAULTS.schemaFrom;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(schemaFrom) || Number.isNaN(Date.parse(schemaFrom))) {
    throw new ValidationError(path, `schemaFrom ${show(schemaFrom)} is not a date YYYY-MM-DD; keep the date of the first install (e.g. "2024-04-01").`);
  }
  const resources = validateResources(props.resources ?? LOKI_DEFAULTS.resources, `${path} resources`);
  const gatewayResources = validateResources(props.gatewayResources ?? LOKI_DEFAULTS.gatewayResources, `${path} gatewayResources`);
  if (props.recordingRulesTo !== undefined && (typeof props.recordingRulesTo?.prometheusUrl !== 'string' || !/^https?:\/\/[^\s@]+$/.test(props.recordingRulesTo.prometheusUrl))) {
    throw new ValidationError(path, `recordingRulesTo.prometheusUrl ${show(props.recordingRulesTo?.prometheusUrl)} is not an http(s) URL without credentials; pass the Prometheus that receives Loki's recorded series (recordingRulesTo: prometheus).`);
  }

  return {
    namespace,
    releaseName,
    tenancy: props.tenancy,
    deploymentMode,
    distributed,
    replicationFactor: distributed ? DISTRIBUTED_REPLICATION_FACTOR : 1,
    objectStorage,
    retentionPeriod,
    streamRetention,
    limits,
    replicas,
    ingesterReplicas,
    zoneAwareIngesters: props.zoneAwareIngesters ?? false,
    storageGiB,
    storageClassName: props.storageClassName,
    resources,
    gatewayReplicas,
    gatewayResources,
    chunksCacheMemoryMiB,
    resultsCacheMemoryMiB,
    schemaFrom,
    alertmanager: props.alertmanager,
    recordingRulesTo: props.recordingRulesTo,
    recordingRulesWriteUrl: props.recordingRulesTo
      ? `${props.recordingRulesTo.prometheusUrl.replace(/\/+$/, '')}/api/v1/write`
      : undefined,
  };
}

/** A memcached size: 0 (off) or a whole number of MiB of at least 64. */
function checkCacheMemory(value: number, path: string, name: string): number {
  if (!(Number.isInteger(value) && (value === 0 || value >= 64))) {
    throw new ValidationError(path, `${name} ${show(value)} must be 0 (off) or a whole number of MiB of at least 64.`);
  }
  return value;
}

import { DurationLike } from '../core/duration';
import { NamespaceProp } from '../core/namespace';
import { ResourceRequirements } from '../core/resources';
import { IAlertmanagerEndpoint } from '../prometheus/alertmanager-endpoint';
import { LokiDeploymentMode } from './deployment-mode';
import { LokiLimits } from './limits';
import { LokiObjectStorage } from './object-storage';
import { StreamRetention } from './retention';
import { LokiTenancy } from './tenancy';
import type { ChartValuesOverride } from '../core/chart-values-override';

/** Something that accepts Prometheus remote write (Loki's ruler writes recording-rule results there). */
export interface IRemoteWriteReceiver {
  /** Base URL of the Prometheus API; `/api/v1/write` is appended. */
  readonly prometheusUrl: string;
  /** Told the series Loki's recording rules write, so that the receiver's own rules may read them. @default not told */
  acceptRecordedSeries?(names: Iterable<string>, recordedBy: string): unknown;
}

/** Props of {@link Loki}. */
export interface LokiProps {
  /** Namespace to install into (usually the stack's `MonitoringNamespace`, so the releases wait for it). */
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
  /** How long logs are kept, then deleted by the compactor; whole days. @default LOKI_DEFAULTS.retentionPeriod (30d, seed 001 § 1.1) */
  readonly retentionPeriod?: DurationLike;
  /** Retention overrides per stream selector (e.g. `{namespace="dev"}` for 7d). @default none */
  readonly streamRetention?: StreamRetention[];
  /** Ingestion and query limits. @default see {@link LokiLimits} */
  readonly limits?: LokiLimits;
  /**
   * Monolithic: replicas of the single binary (more than 1 needs object storage). Distributed:
   * replicas of each stateless component (distributor, querier, query-frontend, query-scheduler,
   * index-gateway).
   * @default LOKI_DEFAULTS.replicas (1) Monolithic, LOKI_DISTRIBUTED_DEFAULTS.replicas (2) Distributed
   */
  readonly replicas?: number;
  /** Ingesters (Distributed only); at least 3, since each stream is written to 3 of them. @default LOKI_DEFAULTS.ingesterReplicas (3) */
  readonly ingesterReplicas?: number;
  /** Spread ingesters over three zone StatefulSets (needs nodes labelled with zones). @default false */
  readonly zoneAwareIngesters?: boolean;
  /** Requests and limits of each Loki container. @default LOKI_DEFAULTS.resources */
  readonly resources?: ResourceRequirements;
  /**
   * Persistent volume per pod, GiB: the single binary's data (Monolithic) or each ingester's WAL
   * (Distributed). 0 means emptyDir (data lost on restart; refused for Monolithic without object storage).
   * @default LOKI_DEFAULTS.storageGiB (50) Monolithic, LOKI_DISTRIBUTED_DEFAULTS.storageGiB (10) Distributed
   */
  readonly storageGiB?: number;
  /** StorageClass of the volumes. @default the cluster's default StorageClass */
  readonly storageClassName?: string;
  /** Gateway (nginx) replicas. @default LOKI_DEFAULTS.gatewayReplicas (1) Monolithic, LOKI_DISTRIBUTED_DEFAULTS.gatewayReplicas (2) Distributed */
  readonly gatewayReplicas?: number;
  /** Requests and limits of the gateway. @default LOKI_DEFAULTS.gatewayResources (50m/64Mi requests, 500m/256Mi limits) */
  readonly gatewayResources?: ResourceRequirements;
  /** Memory of the chunks cache (memcached), MiB; 0 turns it off. @default LOKI_DEFAULTS.chunksCacheMemoryMiB (0) Monolithic, LOKI_DISTRIBUTED_DEFAULTS.chunksCacheMemoryMiB (2048) Distributed */
  readonly chunksCacheMemoryMiB?: number;
  /** Memory of the query results cache (memcached), MiB; 0 turns it off. @default LOKI_DEFAULTS.resultsCacheMemoryMiB (0) Monolithic, LOKI_DISTRIBUTED_DEFAULTS.resultsCacheMemoryMiB (512) Distributed */
  readonly resultsCacheMemoryMiB?: number;
  /**
   * First day of the v13/tsdb schema, `YYYY-MM-DD`. Never change it after the first install (older data
   * would be read with the wrong schema); add a new period instead.
   * @default LOKI_DEFAULTS.schemaFrom ('2024-04-01')
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
  /**
   * Chart values for what no typed prop covers yet, deep-merged last over the values this construct
   * renders (docs/extending.md): credentials refused, listed in the review, escaped like the rest.
   * @default none
   */
  readonly chartValues?: ChartValuesOverride;
}

import { Duration, DurationLike } from '../core/duration';
import { ResourceRequirements } from '../core/resources';
import { AlertmanagerConfig } from '../alertmanager/alertmanager-config';
import { SeverityPolicyProps } from '../alertmanager/severity-policy';
import type { DatadogEnvironmentOptions } from '../datadog/datadog-environment';
import { RemoteWrite } from '../prometheus/remote-write';
import type { JaegerStorage } from '../jaeger/jaeger-storage';
import type { LokiObjectStorage } from '../loki/object-storage';
import type { GrafanaDatabase } from '../grafana/grafana-database';
import type { GrafanaIngress } from '../grafana/grafana';
import type { ServiceOverviewProps } from '../dashboards/service-overview';
import { ServiceLevelObjective } from '../rules/slo/service-level-objective';
import { RulePacksConfig } from './rule-packs-config';

/** Which components an environment runs. */
export interface ComponentToggles {
  /** @default true */
  readonly prometheus?: boolean;
  /** @default true when the environment sets `alerting`, false otherwise */
  readonly alertmanager?: boolean;
  /** @default true */
  readonly grafana?: boolean;
  /** @default true */
  readonly loki?: boolean;
  /** @default true */
  readonly logShipper?: boolean;
  /** @default true */
  readonly jaeger?: boolean;
  /** @default true */
  readonly otelCollector?: boolean;
  /** Needs an existing Secret with the Datadog keys. @default false */
  readonly datadog?: boolean;
}

/** Replicas, resources and storage of one component. */
export interface ComponentSizing {
  /** @default per component, see {@link DEFAULT_SIZING} */
  readonly replicas?: number;
  /** @default per component, see {@link DEFAULT_SIZING} */
  readonly resources?: ResourceRequirements;
  /** Persistent volume size per replica, in GiB; 0 means no persistent storage. @default per component */
  readonly storageGiB?: number;
}

/** Sizing for each component that has some. */
export interface SizingConfig {
  readonly prometheus?: ComponentSizing;
  readonly alertmanager?: ComponentSizing;
  readonly grafana?: ComponentSizing;
  readonly loki?: ComponentSizing;
  readonly jaeger?: ComponentSizing;
  readonly otelCollector?: ComponentSizing;
}

/** How long each signal is kept. */
export interface RetentionConfig {
  /** Raw metrics in Prometheus. @default 15d (seed 001 § 1.1) */
  readonly metrics?: DurationLike;
  /** Logs in Loki. @default 30d (seed 001 § 1.1) */
  readonly logs?: DurationLike;
  /** Traces in Jaeger's storage. @default 7d (seed 001 § 1.1) */
  readonly traces?: DurationLike;
}

/** Prometheus settings that differ per environment (sizing and retention come from `sizing` and `retention`). */
export interface PrometheusEnvironmentOptions {
  /** Targets that receive every sample (Mimir, Thanos Receive). @default none */
  readonly remoteWrite?: RemoteWrite[];
  /** TSDB size cap in GiB, below `sizing.prometheus.storageGiB`. @default no size cap */
  readonly retentionSizeGiB?: number;
  /** StorageClass of Prometheus's volumes. @default the cluster's default StorageClass */
  readonly storageClassName?: string;
}

/** Grafana settings that differ per environment (replicas and resources come from `sizing.grafana`). */
export interface GrafanaEnvironmentOptions {
  /** Existing Secret with keys `admin-user` and `admin-password`. @default 'grafana-admin' */
  readonly adminSecretName?: string;
  /** External database; required for more than one replica. @default SQLite on the volume */
  readonly database?: GrafanaDatabase;
  /** @default no Ingress (reach Grafana with a port-forward) */
  readonly ingress?: GrafanaIngress;
  /** The business dashboard (seed 002 § 5.2). @default false */
  readonly businessDashboard?: boolean;
}

/** Terraform state in an S3 bucket. */
export interface S3BackendConfig {
  readonly type: 's3';
  readonly bucket: string;
  readonly region: string;
  /** @default `monitoring/<environment>/terraform.tfstate` */
  readonly key?: string;
  /** DynamoDB table for state locking. @default no locking table */
  readonly dynamodbTable?: string;
}

/** Terraform state in a GCS bucket. */
export interface GcsBackendConfig {
  readonly type: 'gcs';
  readonly bucket: string;
  /** @default `monitoring/<environment>` */
  readonly prefix?: string;
}

/** Where Terraform keeps the state. The default (no backend) is a local state file. */
export type BackendConfig = S3BackendConfig | GcsBackendConfig;

/** Defaults of the kubeconfig Terraform variables (`kubeconfig_path`, `kubeconfig_context`). */
export interface KubeconfigDefaults {
  /** @default '~/.kube/config' */
  readonly path?: string;
  /** @default '' (the kubeconfig's current context) */
  readonly context?: string;
}

/**
 * One environment (dev, staging, prod…): everything that differs between the stacks.
 * Only `name`, `clusterName` and `region` are required.
 */
export interface EnvironmentConfig {
  /** Short name; the stack is `monitoring-<name>`. Lowercase letters, digits and '-'. */
  readonly name: string;
  /** Cluster name; becomes Prometheus's `cluster` external label and Datadog's cluster name. */
  readonly clusterName: string;
  /** Cloud region; becomes Prometheus's `region` external label and a Datadog tag. */
  readonly region: string;
  /** Namespace of the monitoring stack. @default 'monitoring' */
  readonly namespace?: string;
  /** @default all components on except Datadog, and Alertmanager only with `alerting` */
  readonly components?: ComponentToggles;
  /** Prometheus scrape and rule evaluation interval. @default 15s (seed 001 § 2.1) */
  readonly scrapeInterval?: DurationLike;
  /** @default metrics 15d, logs 30d, traces 7d */
  readonly retention?: RetentionConfig;
  /** Fraction of traces kept, within [0, 1]. @default 0.1 (seed 001 § 1.1) */
  readonly traceSampling?: number;
  /** @default {@link DEFAULT_SIZING} for each component */
  readonly sizing?: SizingConfig;
  /** @default local state */
  readonly backend?: BackendConfig;
  /** @default path '~/.kube/config', current context */
  readonly kubeconfig?: KubeconfigDefaults;
  /** Extra labels for the namespace and tags for the components (team, cost centre…). @default {} */
  readonly labels?: Record<string, string>;
  /** @default no remote_write, no size cap, default StorageClass */
  readonly prometheus?: PrometheusEnvironmentOptions;
  /** The seeds' rule packs, each on by default; `false` switches one off. @default all on */
  readonly rulePacks?: RulePacksConfig;
  /**
   * Who is told about alerts: the props of the seeds' severity policy (`SeverityPolicy`), or a
   * complete `AlertmanagerConfig`. Required when Alertmanager is on: there is no receiver that
   * could notify someone without the names of your Secrets.
   * @default none
   */
  readonly alerting?: SeverityPolicyProps | AlertmanagerConfig;
  /** Service level objectives; each gets recording rules, burn-rate alerts and a dashboard. @default none */
  readonly slos?: readonly ServiceLevelObjective[];
  /** The Datadog agent's Secret, site and Cluster Agent replicas; `secretName` is required when `components.datadog` is on. @default none */
  readonly datadog?: DatadogEnvironmentOptions;
  /** Where Jaeger keeps traces; more than one Jaeger replica needs shared storage. @default JaegerStorage.memory() */
  readonly traceStorage?: JaegerStorage;
  /**
   * Object storage for logs. When given, Loki runs in Distributed mode on it; otherwise Monolithic on
   * a persistent volume of `sizing.loki.storageGiB`.
   * @default none (Monolithic)
   */
  readonly logStorage?: LokiObjectStorage;
  /** @default admin Secret 'grafana-admin', SQLite, no Ingress, no business dashboard */
  readonly grafana?: GrafanaEnvironmentOptions;
  /**
   * The services this environment watches: each gets a golden-signals dashboard (and a logs
   * dashboard when Loki runs).
   * @default none
   */
  readonly services?: readonly ServiceOverviewProps[];
}

/** A component's sizing with every default filled in. */
export interface ResolvedSizing {
  readonly replicas: number;
  readonly resources: ResourceRequirements;
  readonly storageGiB: number;
}

/** An environment with every default filled in and every value checked. */
export interface ResolvedEnvironment {
  readonly name: string;
  readonly stackName: string;
  readonly clusterName: string;
  readonly region: string;
  readonly namespace: string;
  readonly components: Required<ComponentToggles>;
  readonly scrapeInterval: Duration;
  readonly retention: { readonly metrics: Duration; readonly logs: Duration; readonly traces: Duration };
  readonly traceSampling: number;
  readonly sizing: { readonly [K in keyof Required<SizingConfig>]: ResolvedSizing };
  readonly backend?: BackendConfig;
  readonly kubeconfig: Required<KubeconfigDefaults>;
  readonly labels: Readonly<Record<string, string>>;
  readonly prometheus: PrometheusEnvironmentOptions;
  readonly rulePacks: RulePacksConfig;
  readonly alerting?: SeverityPolicyProps | AlertmanagerConfig;
  readonly slos: readonly ServiceLevelObjective[];
  readonly datadog: DatadogEnvironmentOptions;
  readonly traceStorage?: JaegerStorage;
  readonly logStorage?: LokiObjectStorage;
  readonly grafana: GrafanaEnvironmentOptions;
  readonly services: readonly ServiceOverviewProps[];
}

/** Sizing used when the environment does not say: a small single-replica footprint. */
export const DEFAULT_SIZING: { readonly [K in keyof Required<SizingConfig>]: ResolvedSizing } = {
  prometheus: {
    replicas: 1,
    resources: { requests: { cpu: '500m', memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi' } },
    storageGiB: 50,
  },
  alertmanager: {
    replicas: 1,
    resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '256Mi' } },
    storageGiB: 2,
  },
  grafana: {
    replicas: 1,
    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
    storageGiB: 10,
  },
  loki: {
    replicas: 1,
    resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '2Gi' } },
    storageGiB: 50,
  },
  jaeger: {
    replicas: 1,
    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '1Gi' } },
    storageGiB: 0,
  },
  otelCollector: {
    replicas: 1,
    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
    storageGiB: 0,
  },
};

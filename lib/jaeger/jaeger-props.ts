import { DurationLike } from '../core/duration';
import { IngressOptions } from '../core/ingress';
import { NamespaceProp } from '../core/namespace';
import { ResourceRequirements } from '../core/resources';
import { JaegerStorage } from './jaeger-storage';
import { SamplingStrategies } from './sampling-strategies';
import type { ChartValuesOverride } from '../core/chart-values-override';

/** Exposes the query UI outside the cluster. */
export interface JaegerIngressOptions extends IngressOptions {
  /** Host name, e.g. `jaeger.example.com`, or a wildcard such as `*.example.com`. */
  readonly host: string;
}

/** Props of {@link Jaeger}. */
export interface JaegerProps {
  /** Namespace to install into (usually the stack's `MonitoringNamespace`, so the releases wait for it). */
  readonly namespace: NamespaceProp;
  /**
   * Helm release name; also the Service name.
   * @default 'jaeger'
   */
  readonly releaseName?: string;
  /** Where traces are kept. @default JaegerStorage.memory() */
  readonly storage?: JaegerStorage;
  /**
   * How long traces are kept: the es-index-cleaner's days (Elasticsearch/OpenSearch, whole days) or the
   * schema's trace TTL (Cassandra). Memory storage keeps at most `maxTraces` until a restart.
   * @default 7d (seed 001 § 1.1)
   */
  readonly retention?: DurationLike;
  /**
   * Head-sampling strategies served to SDKs by Jaeger's remote sampling (port 5778).
   * @default probability 0.1 for every service, health endpoints at 0
   */
  readonly sampling?: SamplingStrategies;
  /**
   * Number of Jaeger replicas; more than one needs a shared storage.
   * @default JAEGER_DEFAULTS.replicas (1; more needs a shared storage, not memory)
   */
  readonly replicas?: number;
  /** Requests and limits of the Jaeger container. @default JAEGER_DEFAULTS.resources */
  readonly resources?: ResourceRequirements;
  /**
   * Path the query UI and API are served under, e.g. `/jaeger` behind a shared host.
   * @default '/'
   */
  readonly queryBasePath?: string;
  /** Ingress for the query UI. @default none (in-cluster only) */
  readonly ingress?: JaegerIngressOptions;
  /**
   * Chart values for what no typed prop covers yet, deep-merged last over the values this construct
   * renders (docs/extending.md): credentials refused, listed in the review, escaped like the rest.
   * @default none
   */
  readonly chartValues?: ChartValuesOverride;
}

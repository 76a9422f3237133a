import { NamespaceProp } from '../core/namespace';
import { ResourceRequirements } from '../core/resources';
import { ILokiPushTarget } from '../loki/loki-push-target';
import { DatadogLogsOutput } from './datadog-logs';
import { ElasticsearchLogSink } from './elasticsearch-output';
import type { ChartValuesOverride } from '../core/chart-values-override';

/** Props of {@link LogShipper}. */
export interface LogShipperProps {
  /** Namespace to install into (usually the stack's `MonitoringNamespace`, so the releases wait for it). */
  readonly namespace: NamespaceProp;
  /** Where logs go: the `Loki` construct (or another {@link ILokiPushTarget}). */
  readonly loki: ILokiPushTarget;
  /** Helm release name. @default 'fluent-bit' */
  readonly releaseName?: string;
  /** Constant stream labels, e.g. `{ cluster: 'prod-eu-1' }`; keep them few and low-cardinality. @default {} */
  readonly staticLabels?: Record<string, string>;
  /** Pod label whose value becomes the `app` stream label. @default 'app' (the seeds' convention) */
  readonly appLabel?: string;
  /** Also ship to Datadog (API key from an existing Secret). @default Loki only */
  readonly datadog?: DatadogLogsOutput;
  /**
   * Also ship to an existing Elasticsearch or OpenSearch cluster (`ElasticsearchLogSink.elasticsearch({...})`
   * or `.opensearch({...})`), beside Loki and Datadog.
   * @default none
   */
  readonly elasticsearch?: ElasticsearchLogSink;
  /** Requests and limits of each Fluent Bit pod. @default LOG_SHIPPER_DEFAULTS.resources (50m/64Mi requests, 500m/256Mi limits) */
  readonly resources?: ResourceRequirements;
  /** Tail memory buffer, MB; above it Fluent Bit pauses reading until Loki catches up. @default 50 */
  readonly memBufLimitMB?: number;
  /**
   * Chart values for what no typed prop covers yet, deep-merged last over the values this construct
   * renders (docs/extending.md): credentials refused, listed in the review, escaped like the rest.
   * @default none
   */
  readonly chartValues?: ChartValuesOverride;
}

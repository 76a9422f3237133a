import { NamespaceProp } from '../core/namespace';
import { ResourceRequirements } from '../core/resources';
import { IOtlpTracesBackend } from '../jaeger/otlp-traces-backend';
import { TailSamplingProps } from './tail-sampling';
import type { ChartValuesOverride } from '../core/chart-values-override';

/** Span metrics (RED metrics from spans) for Prometheus, and so for Grafana's traces-to-metrics. */
export interface SpanMetricsOptions {
  /**
   * Span attributes that become metric labels, besides service, span name, kind and status code.
   * Keep them low-cardinality (never ids or raw URLs).
   * @default ['http.request.method', 'http.response.status_code']
   */
  readonly dimensions?: ReadonlyArray<string>;
  /** Latency histogram buckets, in milliseconds. @default [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000] */
  readonly histogramBucketsMs?: ReadonlyArray<number>;
}

/** Sends traces to Datadog as well, with the API key from an existing Secret. */
export interface DatadogExporterOptions {
  /** Name of an existing Secret in the collector's namespace holding the API key. */
  readonly apiKeySecretName: string;
  /** Key of the API key in the Secret. @default 'api-key' (the Datadog chart's key name) */
  readonly apiKeySecretKey?: string;
  /** Datadog site. @default 'datadoghq.com' */
  readonly site?: string;
}

/** Props of {@link OtelCollector}. */
export interface OtelCollectorProps {
  /** Namespace to install into. */
  readonly namespace: NamespaceProp;
  /** Where traces go: the Jaeger construct (or any OTLP traces backend). */
  readonly tracesBackend: IOtlpTracesBackend;
  /**
   * Helm release name; also the Service name applications send OTLP to.
   * @default 'otel-collector'
   */
  readonly releaseName?: string;
  /** Number of collector replicas; tail sampling refuses more than 1. @default OTEL_COLLECTOR_DEFAULTS.replicas (1; tail sampling requires 1) */
  readonly replicas?: number;
  /** Requests and limits of the collector container. @default OTEL_COLLECTOR_DEFAULTS.resources */
  readonly resources?: ResourceRequirements;
  /**
   * Tail sampling: keep failed and slow traces plus a share of the rest.
   * @default none (the SDKs' head sampling decides alone)
   */
  readonly tailSampling?: TailSamplingProps;
  /** Span metrics exposed on :8889 for Prometheus; `false` to switch off. @default enabled with the defaults of SpanMetricsOptions */
  readonly spanMetrics?: SpanMetricsOptions | false;
  /** Also export traces to Datadog. @default none */
  readonly datadog?: DatadogExporterOptions;
  /** Memory the collector may use before refusing data, as a % of its memory limit. @default 80 */
  readonly memoryLimitPercentage?: number;
  /**
   * Chart values for what no typed prop covers yet, deep-merged last over the values this construct
   * renders (docs/extending.md): credentials refused, listed in the review, escaped like the rest.
   * @default none
   */
  readonly chartValues?: ChartValuesOverride;
}

import type { DurationLike } from '../core/duration';
import type { ResourceRequirements } from '../core/resources';
import type { BlackboxModule } from '../blackbox-exporter/blackbox-module';
import type { ServiceOverviewProps } from '../dashboards/service-overview';
import type { MonitorProps } from '../prometheus/monitors/monitors';
import type { JaegerIngressOptions } from '../jaeger/jaeger-props';
import type { ServiceSamplingProps } from '../jaeger/sampling-strategies';
import type { ElasticsearchLogSink } from '../log-shipper/elasticsearch-output';
import type { LokiLimits } from '../loki/limits';
import type { StreamRetention } from '../loki/retention';
import type { TailSamplingProps } from '../otel-collector/tail-sampling';

// The per-component options of an EnvironmentConfig that reach a component prop of the stack's wiring:
// each field here is passed on by MonitoringStack unchanged (the component checks it and names itself).

/** Alertmanager settings beyond sizing (the receivers come from `alerting`). */
export interface AlertmanagerEnvironmentOptions {
  /**
   * The URL users reach Alertmanager at (`--web.external-url`): the links in notifications (silence,
   * "view in Alertmanager") point there. An http(s) URL without credentials.
   * @default none (links point at the pod's in-cluster address)
   */
  readonly externalUrl?: string;
}

/** Loki settings beyond sizing, global retention (`retention.logs`), storage and tenant (`logTenant`). */
export interface LokiEnvironmentOptions {
  /** Retention per stream selector, e.g. `{ selector: '{namespace="dev"}', period: '7d' }`. @default none (every stream keeps `retention.logs`) */
  readonly streamRetention?: readonly StreamRetention[];
  /** Ingestion and query limits. @default see {@link LokiLimits} */
  readonly limits?: LokiLimits;
  /** The `team` label of the built-in Loki alert rules (LogQueryRules), which routes them. @default 'platform' */
  readonly rulesTeam?: string;
}

/** Fluent Bit settings. */
export interface LogShipperEnvironmentOptions {
  /** Pod label whose value becomes the `app` stream label. @default 'app' (the seeds' convention) */
  readonly appLabel?: string;
  /**
   * Ship every container's lines to an existing Elasticsearch or OpenSearch cluster as well, beside Loki
   * (`ElasticsearchLogSink.elasticsearch({...})` / `.opensearch({...})`, credentials and CA from Secrets);
   * Grafana gets a datasource for it with the same log→trace links.
   * @default none
   */
  readonly elasticsearch?: ElasticsearchLogSink;
}

/** Jaeger settings beyond sizing, storage (`traceStorage`) and the default probability (`traceSampling`). */
export interface JaegerEnvironmentOptions {
  /**
   * Head sampling per service (service name → strategy and per-operation probabilities), handed to the
   * SDKs by Jaeger's remote sampling, e.g. `{ checkout: { strategy: SamplingStrategy.probabilistic(0.5) } }`.
   * @default none (every service samples at `traceSampling`)
   */
  readonly serviceSampling?: Readonly<Record<string, ServiceSamplingProps>>;
  /** An Ingress for Jaeger's query UI. @default none (in-cluster only) */
  readonly ingress?: JaegerIngressOptions;
}

/** Tail sampling of the collector, with the kept share of ordinary traces taken from `traceSampling`. */
export type TailSamplingEnvironmentOptions = Omit<TailSamplingProps, 'probability'>;

/** OpenTelemetry collector settings beyond sizing. */
export interface OtelCollectorEnvironmentOptions {
  /**
   * Tail sampling: keep every failed and slow trace plus `traceSampling` of the rest. Jaeger's head
   * sampling then defaults to 1 (head and tail sampling would multiply); needs `sizing.otelCollector.replicas: 1`.
   * @default none (head sampling at `traceSampling` alone)
   */
  readonly tailSampling?: TailSamplingEnvironmentOptions;
}

/** How the stack scrapes one of the environment's `services`. */
export interface ServiceScrapeOptions {
  /**
   * Labels of the Kubernetes Service to scrape, in the entry's namespace.
   * @default { 'app.kubernetes.io/name': <service> }
   */
  readonly matchLabels?: Readonly<Record<string, string>>;
  /** Name of the Service port that serves the metrics. @default 'http-metrics' */
  readonly port?: string;
  /** HTTP path of the metrics. @default '/metrics' */
  readonly path?: string;
  /** How often to scrape. @default the environment's `scrapeInterval` */
  readonly interval?: DurationLike;
}

/** The blackbox exporter that runs when the environment has `probes`. */
export interface BlackboxExporterEnvironmentOptions {
  /** The exporter's modules. @default [BlackboxModule.http2xx()] */
  readonly modules?: readonly BlackboxModule[];
  /** Replicas. @default 1 */
  readonly replicas?: number;
  /** Requests and limits of the exporter. @default BLACKBOX_EXPORTER_DEFAULTS.resources */
  readonly resources?: ResourceRequirements;
}

/** Synthetic checks of endpoints through the blackbox exporter: one `Probe` object each. */
export interface EnvironmentProbe {
  /** Name of the Probe object and its `job` label; lowercase letters, digits and '-'. */
  readonly name: string;
  /** URLs (http modules) or `host:port` (tcp, grpc) to check. */
  readonly targets: readonly string[];
  /** A module of the exporter. @default 'http_2xx' */
  readonly module?: string;
  /**
   * The `service` label of the probe's own series (`probe_success`, `probe_ssl_earliest_cert_expiry`…),
   * set by metric relabeling; not of `up`, which is 0 when the exporter (not the service) is unreachable,
   * so that ServiceDown never blames the service for it.
   * @default none
   */
  readonly service?: string;
  /** How often to probe. @default the environment's `scrapeInterval` */
  readonly interval?: DurationLike;
}

/**
 * One of the services an environment watches: a golden-signals dashboard (and a logs dashboard when Loki
 * runs) and, unless `scrape: false`, a ServiceMonitor that scrapes its Kubernetes Service and sets the
 * `service` label to {@link ServiceOverviewProps.service} (what the seed packs, the dashboards and
 * Grafana's trace→metrics links select).
 */
export interface EnvironmentService extends ServiceOverviewProps {
  /**
   * How its metrics are scraped; `false` when something else scrapes them (annotations, a monitor of its own).
   * @default a ServiceMonitor for Services labelled `app.kubernetes.io/name: <service>`, port 'http-metrics', path '/metrics'
   */
  readonly scrape?: ServiceScrapeOptions | false;
}

/**
 * A ServiceMonitor or PodMonitor of your own, created by the stack with its Prometheus (the typed
 * constructs' props without `prometheus`): for what the `services` default does not cover, e.g. pods
 * without a Service. A PodMonitor's targets get no `service` label unless a relabeling sets it
 * (`Relabelings.serviceFromPodLabel('app.kubernetes.io/name')`).
 */
export interface EnvironmentMonitor extends Omit<MonitorProps, 'prometheus' | 'namespace' | 'name'> {
  /** Which object. */
  readonly kind: 'ServiceMonitor' | 'PodMonitor';
  /** The object's name (a DNS-1123 label); unique per kind in the environment. */
  readonly name: string;
  /** The namespace of the object (an existing one). @default the stack's namespace */
  readonly namespace?: string;
}

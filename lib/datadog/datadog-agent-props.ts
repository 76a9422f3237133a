import { NamespaceProp } from '../core/namespace';
import { DatadogAdmissionController } from './admission-controller';
import { DatadogApmTransport } from './apm-transport';
import { DatadogResources } from './datadog-resources';
import { DatadogSite } from './datadog-site';
import { DatadogLogCollection } from './log-collection';
import { DatadogOtlpReceiver } from './otlp-receiver';
import { DatadogToleration } from './toleration';
import type { ChartValuesOverride } from '../core/chart-values-override';

/** Props of {@link DatadogAgent}. */
export interface DatadogAgentProps {
  /** Namespace to install into (usually the stack's `MonitoringNamespace`, so the release waits for it); the Secret lives here too. */
  readonly namespace: NamespaceProp;
  /**
   * Name of an EXISTING Kubernetes Secret in `namespace` holding the API key under `api-key`
   * (and, unless `appKeySecretName` says otherwise, the application key under `app-key`).
   * Keys are never passed as values: they would land in Terraform state and plan output.
   */
  readonly secretName: string;
  /**
   * Existing Secret holding the application key under `app-key`.
   * @default secretName
   */
  readonly appKeySecretName?: string;
  /**
   * Existing Secret holding the Cluster Agent token under `token` (at least 32 characters).
   * @default the chart generates a token and keeps it in a Secret it creates (no value in our output)
   */
  readonly clusterAgentTokenSecretName?: string;
  /** The Datadog site the account lives on. @default DatadogSite.US1 */
  readonly site?: DatadogSite;
  /** Cluster name as Datadog shows it; checked against Datadog's rule (see cluster-name.ts). */
  readonly clusterName: string;
  /** The `env` tag (unified service tagging), e.g. the environment's name. @default no env tag */
  readonly environment?: string;
  /**
   * More host tags, e.g. `{ region: 'eu-west-1', team: 'platform', service: 'monitoring' }`; rendered
   * as sorted `key:value` entries of `datadog.tags`. `env` and `cluster` come from `environment` and
   * `clusterName` and may not be repeated here.
   * @default {}
   */
  readonly tags?: Record<string, string>;
  /** How applications reach the trace intake. @default DatadogApmTransport.SOCKET */
  readonly apm?: DatadogApmTransport;
  /**
   * Whether a log shipper (the Fluent Bit `LogShipper`) also collects container logs on these nodes.
   * The per-environment stack passes `components.logShipper`. With a shipper, `logCollection`
   * defaults to ANNOTATED_ONLY and ALL_CONTAINERS is refused (every line would be read twice).
   * @default false
   */
  readonly logShipperRunning?: boolean;
  /**
   * Which container logs the agent collects.
   * @default ANNOTATED_ONLY when `logShipperRunning`, else ALL_CONTAINERS
   */
  readonly logCollection?: DatadogLogCollection;
  /** Live process collection. @default false */
  readonly processCollection?: boolean;
  /**
   * Scrub all process arguments (command lines often carry passwords and tokens).
   * @default true
   */
  readonly stripProcessArguments?: boolean;
  /** Live container collection. @default true */
  readonly containerCollection?: boolean;
  /** Cloud Network Monitoring (NPM; runs system-probe with eBPF). @default false */
  readonly networkMonitoring?: boolean;
  /** Universal Service Monitoring (runs system-probe with eBPF). @default false */
  readonly universalServiceMonitoring?: boolean;
  /** Cloud Security Posture Management (compliance benchmarks). @default false */
  readonly cspm?: boolean;
  /** Cloud Workload Security (runtime threat detection). @default false */
  readonly cws?: boolean;
  /** The Cluster Agent's admission controller. @default DatadogAdmissionController.LABELLED_PODS_ONLY */
  readonly admissionController?: DatadogAdmissionController;
  /** The OTLP intake. @default DatadogOtlpReceiver.off() */
  readonly otlp?: DatadogOtlpReceiver;
  /**
   * Host ports that other workloads already bind on the nodes (e.g. an OpenTelemetry agent
   * DaemonSet's 4317/4318); the agent's host ports (APM, OTLP) must avoid them.
   * @default []
   */
  readonly hostPortsInUse?: number[];
  /**
   * OpenMetrics scraping of pods and services annotated `prometheus.io/scrape: "true"` (the same
   * annotations Prometheus discovers). Every scraped series is a Datadog custom metric (billed).
   * @default false
   */
  readonly prometheusScrape?: boolean;
  /** Cluster Agent replicas; with 2 or more a PodDisruptionBudget keeps one up. @default DATADOG_DEFAULTS.clusterAgentReplicas (1) */
  readonly clusterAgentReplicas?: number;
  /** Requests and limits of every container. @default DATADOG_DEFAULTS.resources */
  readonly resources?: DatadogResources;
  /** Tolerations of the node agent DaemonSet (e.g. `[DatadogToleration.all()]` to run on every node). @default [] */
  readonly tolerations?: DatadogToleration[];
  /** Tolerations of the Cluster Agent. @default [] */
  readonly clusterAgentTolerations?: DatadogToleration[];
  /**
   * Install the chart's bundled datadog-operator subchart (and its CRDs). Off by default: this
   * construct manages the agent through the chart, and a second manager of the same agent only
   * adds CRDs and a controller to upgrade.
   * @default false
   */
  readonly bundledOperator?: boolean;
  /** Helm release name; also the prefix of object names. @default 'datadog' */
  readonly releaseName?: string;
  /**
   * Chart values for what no typed prop covers yet, deep-merged last over the values this construct
   * renders (docs/extending.md): credentials refused, listed in the review, escaped like the rest.
   * @default none
   */
  readonly chartValues?: ChartValuesOverride;
}

import { ValidationError, show } from '../core/validation-error';
import { DatadogAgentProps } from './datadog-agent-props';
import { DatadogSite } from './datadog-site';

/** What an environment must add to turn the Datadog agent on. */
export interface DatadogEnvironmentOptions {
  /**
   * Existing Secret in the environment's namespace with keys `api-key` and `app-key`, e.g.
   * `datadog-keys`. Required whenever `components.datadog` is on.
   * @default none: required whenever `components.datadog` is on
   */
  readonly secretName?: string;
  /** The Datadog site the account lives on. @default DatadogSite.US1 */
  readonly site?: DatadogSite;
  /** Cluster Agent replicas. @default 1 (the example prod stack passes 2) */
  readonly clusterAgentReplicas?: number;
  /**
   * The agent also scrapes every pod and service annotated `prometheus.io/scrape` (which Prometheus
   * scrapes already). Every series it collects is a billed Datadog custom metric.
   * @default false
   */
  readonly prometheusScrape?: boolean;
  /**
   * The log shipper (Fluent Bit) also sends every container's log lines to Datadog's log intake, besides
   * Loki; billed per GB ingested (and per event indexed). Off, pods still opt in one by one through the
   * agent (`ad.datadoghq.com/<container>.logs` annotations). Needs `components.logShipper` (and Loki).
   * @default false
   */
  readonly logs?: boolean;
  /**
   * The OpenTelemetry collector also exports the sampled traces to Datadog, with APM stats computed by
   * the `datadog` connector from every span before sampling; billed per APM host and ingested span.
   * Needs `components.otelCollector` (and Jaeger).
   * @default false
   */
  readonly traces?: boolean;
}

/** The Datadog choices that cost money, each off unless the environment turns it on. */
export const DATADOG_BILLED_CHOICES = ['prometheusScrape', 'logs', 'traces'] as const;

/**
 * What {@link datadogAgentPropsForEnvironment} reads of an environment; a `ResolvedEnvironment` is one.
 * Declared here, by the component, so that the component does not import the environment layer.
 */
export interface DatadogEnvironmentContext {
  /** The environment's short name, the `env` tag. */
  readonly name: string;
  /** The Terraform stack name, named in errors. */
  readonly stackName: string;
  /** Cluster name. */
  readonly clusterName: string;
  /** Cloud region, the `region` tag. */
  readonly region: string;
  /** Namespace of the monitoring stack. */
  readonly namespace: string;
  /** Extra tags. */
  readonly labels: Readonly<Record<string, string>>;
  /** Whether the log shipper runs (then the agent does not collect container logs too). */
  readonly components: { readonly logShipper: boolean };
}

/**
 * The DatadogAgent props an environment implies: namespace (by name), cluster name, `env` tag (the
 * environment's name), `region` and the environment's labels as tags, and `logShipperRunning` from
 * `components.logShipper` (so container logs are not collected twice), and `prometheusScrape` (default
 * off: every series is billed). Spread the result, give the stack's `MonitoringNamespace` as `namespace`
 * so the release waits for it, and add features:
 * `new DatadogAgent(stack, 'datadog', { ...datadogAgentPropsForEnvironment(env, opts), namespace, cspm: true })`.
 * Throws when Datadog is enabled without a Secret name.
 */
export function datadogAgentPropsForEnvironment(environment: DatadogEnvironmentContext, options: DatadogEnvironmentOptions): DatadogAgentProps {
  if (options.secretName === undefined || options.secretName === '') {
    throw new ValidationError(
      environment.stackName,
      `components.datadog is on but no Datadog Secret is named (secretName ${show(options.secretName)}); create a Secret with keys api-key and app-key in namespace ${show(environment.namespace)} (kubectl -n ${environment.namespace} create secret generic datadog-keys --from-literal=api-key=... --from-literal=app-key=...) and pass secretName: "datadog-keys", or turn components.datadog off.`,
    );
  }
  return {
    namespace: environment.namespace,
    secretName: options.secretName,
    site: options.site,
    clusterName: environment.clusterName,
    environment: environment.name,
    tags: { ...environment.labels, region: environment.region },
    logShipperRunning: environment.components.logShipper,
    clusterAgentReplicas: options.clusterAgentReplicas,
    // Billed per custom metric: only when the environment says so (docs/datadog.md).
    prometheusScrape: options.prometheusScrape ?? false,
  };
}

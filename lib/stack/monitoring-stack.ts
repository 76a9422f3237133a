import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { EnvironmentConfig, ResolvedEnvironment } from '../environment/environment-config';
import { resolveEnvironment } from '../environment/resolve-environment';
import { DEFAULT_RUNBOOK_BASE_URL, buildRulePacks } from '../environment/rule-packs-config';
import { MonitoringNamespace } from '../namespace/monitoring-namespace';
import { Prometheus } from '../prometheus/prometheus';
import { Alertmanager } from '../alertmanager/alertmanager';
import { AlertmanagerConfig } from '../alertmanager/alertmanager-config';
import { SeverityPolicy } from '../alertmanager/severity-policy';
import { ValidationError, show, withPath } from '../core/validation-error';
import { SloRulePack } from '../rules/slo/service-level-objective';
import { DatadogAgent } from '../datadog/datadog-agent';
import { Jaeger } from '../jaeger/jaeger';
import { SamplingStrategies } from '../jaeger/sampling-strategies';
import { OtelCollector } from '../otel-collector/otel-collector';
import { TracingPipelineRules } from '../otel-collector/tracing-pipeline-rules';
import { LogShipper } from '../log-shipper/log-shipper';
import { LokiDeploymentMode } from '../loki/deployment-mode';
import { Loki } from '../loki/loki';
import { LogQueryRules } from '../loki/packs/log-query-rules';
import { LokiTenancy } from '../loki/tenancy';
import { Grafana } from '../grafana/grafana';
import { standardDashboards } from '../dashboards/standard-dashboards';
import { isGrafanaDatasource } from '../core/grafana-datasource';
import { datadogAgentPropsForEnvironment } from '../datadog/datadog-environment';
import { ReviewArtifacts } from '../review/review-artifacts';
import { MonitoringDisruptionBudgets } from '../security/monitoring-disruption-budgets';
import { MonitoringNetworkPolicies } from '../security/monitoring-network-policies';
import { ClusterProviders } from './cluster-providers';
import { configureStateBackend } from './state-backend';

/**
 * The monitoring stack of one environment: `monitoring-<name>`. Built from an
 * {@link EnvironmentConfig}; `main.ts` creates one per environment.
 */
export class MonitoringStack extends TerraformStack {
  /** The environment with every default filled in. */
  public readonly environment: ResolvedEnvironment;
  /** The Kubernetes and Helm providers and their kubeconfig variables. */
  public readonly providers: ClusterProviders;
  /** The monitoring namespace every component installs into. */
  public readonly namespace: MonitoringNamespace;
  /** Present when `components.prometheus` is on. */
  public readonly prometheus?: Prometheus;
  /** Present when `components.alertmanager` is on. */
  public readonly alertmanager?: Alertmanager;
  /** Present when `components.grafana` is on. */
  public readonly grafana?: Grafana;
  /** Present when `components.datadog` is on. */
  public readonly datadog?: DatadogAgent;
  /** Present when `components.loki` is on. */
  public readonly loki?: Loki;
  /** Present when `components.logShipper` and `components.loki` are on. */
  public readonly logShipper?: LogShipper;
  /** Present when `components.jaeger` is on. */
  public readonly jaeger?: Jaeger;
  /** Present when `components.otelCollector` and `components.jaeger` are on. */
  public readonly otelCollector?: OtelCollector;

  constructor(scope: Construct, config: EnvironmentConfig | ResolvedEnvironment) {
    const environment = 'stackName' in config ? config : resolveEnvironment(config);
    // Otherwise constructs throws "There is already a Construct with name …", which names no fix.
    if (scope.node.tryFindChild(environment.stackName) !== undefined) {
      throw new ValidationError(
        `environment ${show(environment.name)}`,
        `the stack ${show(environment.stackName)} already exists in this app; create one MonitoringStack per environment, and give a second environment a name of its own (e.g. ${show(`${environment.name}-2`)}); resolveEnvironments([...]) refuses duplicate names.`,
      );
    }
    super(scope, environment.stackName);
    this.environment = environment;
    configureStateBackend(this, environment.name, environment.backend);
    this.providers = new ClusterProviders(this, 'cluster', environment.kubeconfig);
    this.namespace = new MonitoringNamespace(this, 'namespace', {
      name: environment.namespace,
      labels: { environment: environment.name, ...environment.labels },
    });
    const { components } = environment;
    if (components.prometheus) this.prometheus = this.createPrometheus();
    if (components.alertmanager && this.prometheus) this.alertmanager = this.createAlertmanager(this.prometheus);
    if (components.loki) this.loki = this.createLoki();
    if (components.logShipper && this.loki) this.logShipper = this.createLogShipper(this.loki);
    if (components.jaeger) this.jaeger = this.createJaeger();
    if (components.otelCollector && this.jaeger) this.otelCollector = this.createOtelCollector(this.jaeger);
    if (components.grafana) this.grafana = this.createGrafana();
    if (components.datadog) this.datadog = this.createDatadogAgent();

    // Every alert source of the stack is known now: refuse alerts that would notify nobody here, with the
    // fix, rather than at synth among cdktf's "Validation failed" lines (the synth check stays, for later additions).
    this.alertmanager?.checkAlertCoverage();

    // Safe defaults (docs/security.md): only the intended peers reach each component; budgets where charts have none.
    const present = [this.prometheus, this.alertmanager, this.grafana, this.loki, this.logShipper, this.jaeger, this.otelCollector, this.datadog]
      .filter((component) => component !== undefined);
    new MonitoringNetworkPolicies(this, 'network-policies', { namespace: this.namespace, components: present });
    new MonitoringDisruptionBudgets(this, 'disruption-budgets', { namespace: this.namespace, components: present });

    ReviewArtifacts.of(this).addSummarySection({
      title: 'Environment',
      order: 0,
      render: () => renderEnvironment(environment),
    });
  }

  private get runbookBaseUrl(): string {
    return this.environment.rulePacks.runbookBaseUrl ?? DEFAULT_RUNBOOK_BASE_URL;
  }

  /**
   * The Datadog Secret, when Datadog is on and the environment chose to send it `signal` too
   * (`datadog.logs` / `datadog.traces`, off by default: each is billed).
   */
  private datadogSecretFor(signal: 'logs' | 'traces'): string | undefined {
    const { components, datadog } = this.environment;
    return components.datadog && datadog[signal] === true ? datadog.secretName : undefined;
  }

  private createPrometheus(): Prometheus {
    const env = this.environment;
    const sizing = env.sizing.prometheus;
    const prometheus = new Prometheus(this, 'prometheus', {
      namespace: this.namespace,
      scrapeInterval: env.scrapeInterval,
      externalLabels: { cluster: env.clusterName, region: env.region, environment: env.name },
      retentionPeriod: env.retention.metrics,
      retentionSizeGiB: env.prometheus.retentionSizeGiB,
      storageGiB: sizing.storageGiB,
      storageClassName: env.prometheus.storageClassName,
      replicas: sizing.replicas,
      resources: sizing.resources,
      remoteWrite: env.prometheus.remoteWrite,
    });
    for (const pack of buildRulePacks(env.rulePacks, this.node.path)) prometheus.addRules(pack);
    // The SLOs' period rules read their whole period from this Prometheus: refused when it keeps less.
    if (env.slos.length > 0) {
      prometheus.addRules(withPath(`${this.node.path} slos`, () => new SloRulePack('slo', env.slos, { metricsRetention: prometheus.retentionPeriod })));
    }
    return prometheus;
  }

  private createAlertmanager(prometheus: Prometheus): Alertmanager {
    const env = this.environment;
    // resolveEnvironment refuses Alertmanager without `alerting`.
    const alerting = env.alerting!;
    const config = alerting instanceof AlertmanagerConfig
      ? alerting
      : withPath(`${this.node.path} alerting`, () => SeverityPolicy.create(alerting));
    const sizing = env.sizing.alertmanager;
    const alertmanager = new Alertmanager(this, 'alertmanager', {
      namespace: this.namespace,
      config,
      replicas: sizing.replicas,
      storageGiB: sizing.storageGiB,
      resources: sizing.resources,
    });
    prometheus.sendAlertsTo(alertmanager);
    alertmanager.coverAlertsOf(prometheus);
    return alertmanager;
  }

  private createLoki(): Loki {
    const env = this.environment;
    const sizing = env.sizing.loki;
    const loki = new Loki(this, 'loki', {
      namespace: this.namespace,
      // Multi-tenant with logTenant: the shipper, the ruler and Grafana's datasource then all use that tenant.
      tenancy: env.logTenant !== undefined ? LokiTenancy.multiTenant(env.logTenant) : LokiTenancy.singleTenant(),
      retentionPeriod: env.retention.logs,
      resources: sizing.resources,
      // Object storage means Distributed mode on it; without, Monolithic on a volume.
      replicas: sizing.replicas,
      // Monolithic: the volume of the single binary; Distributed: the ingesters' volumes (their WAL).
      storageGiB: sizing.storageGiB,
      ...(env.logStorage !== undefined ? { deploymentMode: LokiDeploymentMode.DISTRIBUTED, objectStorage: env.logStorage } : {}),
    });
    if (this.alertmanager) {
      loki.sendAlertsTo(this.alertmanager);
      loki.addRules(LogQueryRules.create({ team: 'platform', runbookBaseUrl: this.runbookBaseUrl }));
      this.alertmanager.coverAlertsOf(loki);
    }
    return loki;
  }

  private createLogShipper(loki: Loki): LogShipper {
    const env = this.environment;
    const datadogSecret = this.datadogSecretFor('logs');
    return new LogShipper(this, 'log-shipper', {
      namespace: this.namespace,
      loki,
      staticLabels: { cluster: env.clusterName },
      // Only with datadog.logs: every container's lines, billed per GB. The agent then collects annotated pods only.
      datadog: datadogSecret
        ? { apiKeySecret: datadogSecret, site: env.datadog.site?.site, tags: { env: env.name, cluster: env.clusterName } }
        : undefined,
    });
  }

  private createJaeger(): Jaeger {
    const env = this.environment;
    const sizing = env.sizing.jaeger;
    return new Jaeger(this, 'jaeger', {
      namespace: this.namespace,
      storage: env.traceStorage,
      retention: env.retention.traces,
      sampling: new SamplingStrategies({ defaultProbability: env.traceSampling }),
      replicas: sizing.replicas,
      resources: sizing.resources,
    });
  }

  private createOtelCollector(jaeger: Jaeger): OtelCollector {
    const env = this.environment;
    const sizing = env.sizing.otelCollector;
    const datadogSecret = this.datadogSecretFor('traces');
    const collector = new OtelCollector(this, 'otel-collector', {
      namespace: this.namespace,
      tracesBackend: jaeger,
      replicas: sizing.replicas,
      resources: sizing.resources,
      // Only with datadog.traces: the sampled traces and APM stats (API key from the agent's Secret).
      datadog: datadogSecret ? { apiKeySecretName: datadogSecret, site: env.datadog.site?.site } : undefined,
    });
    this.prometheus?.addRules(TracingPipelineRules.create({ runbookBaseUrl: this.runbookBaseUrl }));
    return collector;
  }

  private createGrafana(): Grafana {
    const env = this.environment;
    const sizing = env.sizing.grafana;
    const options = env.grafana;
    // Every component created before Grafana that can be a datasource, in the order they were created.
    const datasources = this.node.children.filter(isGrafanaDatasource);
    const grafana = new Grafana(this, 'grafana', {
      namespace: this.namespace,
      adminSecret: { secretName: options.adminSecretName ?? 'grafana-admin' },
      datasources,
      replicas: sizing.replicas,
      resources: sizing.resources,
      database: options.database,
      // With an external database Grafana keeps nothing on disk worth a volume.
      storageGiB: options.database ? 0 : sizing.storageGiB,
      ingress: options.ingress,
    });
    grafana.addDashboards(
      standardDashboards({
        alertmanager: this.alertmanager !== undefined,
        services: env.services,
        serviceLogs: this.loki !== undefined,
        slos: env.slos,
        business: options.businessDashboard ?? false,
      }),
    );
    return grafana;
  }

  private createDatadogAgent(): DatadogAgent {
    const env = this.environment;
    // prometheusScrape only with datadog.prometheusScrape (every scraped series is a billed custom metric).
    return new DatadogAgent(this, 'datadog', {
      ...datadogAgentPropsForEnvironment(env, env.datadog),
      namespace: this.namespace,
    });
  }
}

function renderEnvironment(env: ResolvedEnvironment): string {
  const on = Object.entries(env.components).filter(([, enabled]) => enabled).map(([name]) => name);
  const off = Object.entries(env.components).filter(([, enabled]) => !enabled).map(([name]) => name);
  return [
    `- environment: ${env.name} (cluster ${env.clusterName}, region ${env.region})`,
    `- namespace: ${env.namespace}`,
    `- components on: ${on.join(', ') || 'none'}; off: ${off.join(', ') || 'none'}`,
    `- scrape interval: ${env.scrapeInterval.toPrometheus()}`,
    `- retention: metrics ${env.retention.metrics.toPrometheus()}, logs ${env.retention.logs.toPrometheus()}, traces ${env.retention.traces.toPrometheus()}`,
    `- trace sampling: ${Number((env.traceSampling * 100).toFixed(4))} %`,
    `- state: ${env.backend ? `${env.backend.type} bucket ${env.backend.bucket}` : 'local'}`,
    ...(env.components.loki && env.logTenant !== undefined ? [`- Loki: multi-tenant, this stack pushes and queries as tenant ${show(env.logTenant)}`] : []),
    ...(env.components.datadog ? [renderDatadogChoices(env)] : []),
  ].join('\n');
}

/** What this environment pays Datadog for beyond the agent: each billed choice, on or off. */
function renderDatadogChoices(env: ResolvedEnvironment): string {
  const choice = (on: boolean | undefined, what: string) => `${what} ${on === true ? 'ON' : 'off'}`;
  return `- Datadog (billed, EnvironmentConfig datadog.*): ${[
    choice(env.datadog.prometheusScrape, 'prometheusScrape (prometheus.io-annotated series as custom metrics)'),
    choice(env.datadog.logs, 'logs (every container\'s lines from Fluent Bit)'),
    choice(env.datadog.traces, 'traces (sampled traces and APM stats from the collector)'),
  ].join('; ')}`;
}

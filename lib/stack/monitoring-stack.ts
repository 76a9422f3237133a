import { ITerraformDependable, TerraformResource, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { EnvironmentConfig, ResolvedEnvironment } from '../environment/environment-config';
import { resolveEnvironment } from '../environment/resolve-environment';
import { DEFAULT_RUNBOOK_BASE_URL, buildRulePacks } from '../environment/rule-packs-config';
import { MonitoringNamespace } from '../namespace/monitoring-namespace';
import { Prometheus } from '../prometheus/prometheus';
import { describePlatform } from '../prometheus/platform';
import { Alertmanager } from '../alertmanager/alertmanager';
import { AlertmanagerConfig } from '../alertmanager/alertmanager-config';
import { SeverityPolicy } from '../alertmanager/severity-policy';
import { ValidationError, show, withPath } from '../core/validation-error';
import { SloRulePack } from '../rules/slo/service-level-objective';
import { DatadogAgent } from '../datadog/datadog-agent';
import { Jaeger } from '../jaeger/jaeger';
import { SamplingStrategies } from '../jaeger/sampling-strategies';
import { OtelCollector } from '../otel-collector/otel-collector';
import { LogShipper } from '../log-shipper/log-shipper';
import { SearchEngine } from '../log-shipper/elasticsearch-output';
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
import { BlackboxExporter } from '../blackbox-exporter/blackbox-exporter';
import { PodMonitor, Probe, ServiceMonitor } from '../prometheus/monitors/monitors';
import { DEFAULT_METRICS_PORT, serviceLabelRelabeling, serviceMonitorProps } from '../environment/service-scraping';
import type { IMonitoringComponent } from '../contracts/monitoring-component';
import { dependsOnEntries } from '../core/namespace';
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
  /** Present when the environment has `probes` (and Prometheus runs). */
  public readonly blackboxExporter?: BlackboxExporter;
  /** One per entry of the environment's `services` whose `scrape` is not false (Prometheus on). */
  public readonly serviceMonitors: readonly ServiceMonitor[] = [];
  /** One per entry of the environment's `probes`. */
  public readonly probes: readonly Probe[] = [];
  /** One per entry of the environment's `monitors` (ServiceMonitors and PodMonitors of your own). */
  public readonly monitors: ReadonlyArray<ServiceMonitor | PodMonitor> = [];

  /** The stack's NetworkPolicies (default deny, each component's own, `networkPolicies.extraIngress`). */
  public readonly networkPolicies: MonitoringNetworkPolicies;
  /** The PodDisruptionBudgets the stack creates where charts have none. */
  public readonly disruptionBudgets: MonitoringDisruptionBudgets;

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
    if (this.prometheus) {
      this.serviceMonitors = this.createServiceMonitors(this.prometheus);
      this.monitors = this.createMonitors(this.prometheus);
      if (environment.probes.length > 0) this.blackboxExporter = this.createBlackboxExporter();
      if (this.blackboxExporter) this.probes = this.createProbes(this.prometheus, this.blackboxExporter.scrapedBy(this.prometheus));
    }
    if (components.alertmanager && this.prometheus) this.alertmanager = this.createAlertmanager(this.prometheus);
    if (components.loki) this.loki = this.createLoki();
    if (components.logShipper && this.loki) this.logShipper = this.createLogShipper(this.loki);
    if (components.jaeger) this.jaeger = this.createJaeger();
    if (components.otelCollector && this.jaeger) this.otelCollector = this.createOtelCollector(this.jaeger);
    if (components.grafana) this.grafana = this.createGrafana();
    if (components.datadog) this.datadog = this.createDatadogAgent();
    if (this.prometheus) this.watchComponents(this.prometheus);

    // Every alert source of the stack is known now: refuse alerts that would notify nobody here, with the
    // fix, rather than at synth among cdktf's "Validation failed" lines (the synth check stays, for later additions).
    this.alertmanager?.checkAlertCoverage();

    // Safe defaults (docs/security.md): only the intended peers reach each component; budgets where charts have none.
    const present = [this.prometheus, this.alertmanager, this.grafana, this.loki, this.logShipper, this.jaeger, this.otelCollector, this.datadog, this.blackboxExporter]
      .filter((component) => component !== undefined);
    // Extra releases join later through addComponent (the policies are rebuilt with them).
    this.networkPolicies = new MonitoringNetworkPolicies(this, 'network-policies', {
      namespace: this.namespace, components: present, extraIngress: environment.networkPolicies.extraIngress,
    });
    this.disruptionBudgets = new MonitoringDisruptionBudgets(this, 'disruption-budgets', { namespace: this.namespace, components: present });

    ReviewArtifacts.of(this).addSummarySection({
      title: 'Environment',
      order: 0,
      render: () => renderEnvironment(environment),
    });
  }

  /**
   * Registers a component you add to this stack (an `ExtensionRelease`, a `BlackboxExporter`, any
   * {@link IMonitoringComponent} construct) so that it keeps the stack's wiring: its pods get their
   * NetworkPolicy (and the rules naming the roles it plays open to it), its disruption budgets are
   * created, and every Terraform resource under it waits for the namespace. Its review record is its
   * own (`ReviewArtifacts.of(this).addComponent`; `ExtensionRelease` and the shipped components register
   * theirs). Returns the component.
   */
  public addComponent<T extends IMonitoringComponent>(component: T): T {
    const where = `${this.node.path} addComponent`;
    if (component instanceof Construct && TerraformStack.of(component) !== this) {
      throw new ValidationError(where, `${show(component.node.path)} belongs to another stack; create it in this stack (scope: the MonitoringStack).`);
    }
    withPath(where, () => {
      this.networkPolicies.addComponent(component);
      this.disruptionBudgets.addComponent(component);
    });
    if (component instanceof Construct) waitForNamespace(component, this.namespace.resource);
    return component;
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

  /**
   * Self-monitoring (issue 16): Prometheus scrapes every component of the stack through its chart's
   * monitor (job `<namespace>/<release>`) and evaluates the component's own alert pack over that job.
   */
  private watchComponents(prometheus: Prometheus): void {
    const watched = [this.alertmanager, this.loki, this.logShipper, this.jaeger, this.otelCollector, this.grafana, this.datadog];
    for (const component of watched) {
      if (component === undefined) continue;
      component.scrapedBy(prometheus);
      prometheus.addRules(component.selfMonitoringRules({ runbookBaseUrl: this.runbookBaseUrl }));
    }
  }

  private createPrometheus(): Prometheus {
    const env = this.environment;
    const sizing = env.sizing.prometheus;
    const prometheus = new Prometheus(this, 'prometheus', {
      namespace: this.namespace,
      chartValues: this.environment.chartValues.prometheus,
      scrapeInterval: env.scrapeInterval,
      externalLabels: { cluster: env.clusterName, region: env.region, environment: env.name },
      retentionPeriod: env.retention.metrics,
      retentionSizeGiB: env.prometheus.retentionSizeGiB,
      storageGiB: sizing.storageGiB,
      storageClassName: env.prometheus.storageClassName,
      replicas: sizing.replicas,
      resources: sizing.resources,
      remoteWrite: env.prometheus.remoteWrite,
      externalUrl: env.prometheus.externalUrl,
      kubeStateMetricsLabels: env.prometheus.kubeStateMetricsLabels,
      inheritedRules: env.prometheus.inheritedRules,
      platform: env.platform,
      controlPlaneScrapes: env.prometheus.controlPlaneScrapes,
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
      chartValues: this.environment.chartValues.alertmanager,
      config,
      replicas: sizing.replicas,
      storageGiB: sizing.storageGiB,
      resources: sizing.resources,
      externalUrl: env.alertmanager.externalUrl,
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
      chartValues: this.environment.chartValues.loki,
      // Multi-tenant with logTenant: the shipper, the ruler and Grafana's datasource then all use that tenant.
      tenancy: env.logTenant !== undefined ? LokiTenancy.multiTenant(env.logTenant) : LokiTenancy.singleTenant(),
      retentionPeriod: env.retention.logs,
      streamRetention: env.loki.streamRetention ? [...env.loki.streamRetention] : undefined,
      limits: env.loki.limits,
      resources: sizing.resources,
      // Object storage means Distributed mode on it; without, Monolithic on a volume.
      replicas: sizing.replicas,
      // Monolithic: the volume of the single binary; Distributed: the ingesters' volumes (their WAL).
      storageGiB: sizing.storageGiB,
      ...(env.logStorage !== undefined ? { deploymentMode: LokiDeploymentMode.DISTRIBUTED, objectStorage: env.logStorage } : {}),
    });
    if (this.alertmanager) {
      loki.sendAlertsTo(this.alertmanager);
      loki.addRules(withPath(`${this.node.path} loki.rulesTeam`, () => LogQueryRules.create({ team: env.loki.rulesTeam ?? 'platform', runbookBaseUrl: this.runbookBaseUrl })));
      this.alertmanager.coverAlertsOf(loki);
    }
    return loki;
  }

  private createLogShipper(loki: Loki): LogShipper {
    const env = this.environment;
    const datadogSecret = this.datadogSecretFor('logs');
    return new LogShipper(this, 'log-shipper', {
      namespace: this.namespace,
      chartValues: this.environment.chartValues.logShipper,
      loki,
      staticLabels: { cluster: env.clusterName },
      appLabel: env.logShipper.appLabel,
      elasticsearch: env.logShipper.elasticsearch,
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
      chartValues: this.environment.chartValues.jaeger,
      storage: env.traceStorage,
      retention: env.retention.traces,
      sampling: this.headSampling(),
      replicas: sizing.replicas,
      resources: sizing.resources,
      ingress: env.jaeger.ingress,
    });
  }

  private createOtelCollector(jaeger: Jaeger): OtelCollector {
    const env = this.environment;
    const sizing = env.sizing.otelCollector;
    const datadogSecret = this.datadogSecretFor('traces');
    const collector = new OtelCollector(this, 'otel-collector', {
      namespace: this.namespace,
      chartValues: this.environment.chartValues.otelCollector,
      tracesBackend: jaeger,
      replicas: sizing.replicas,
      resources: sizing.resources,
      // Only with datadog.traces: the sampled traces and APM stats (API key from the agent's Secret).
      datadog: datadogSecret ? { apiKeySecretName: datadogSecret, site: env.datadog.site?.site } : undefined,
      // The kept share of ordinary traces is the environment's traceSampling (Jaeger's head sampling is then 1).
      tailSampling: env.otelCollector.tailSampling ? { ...env.otelCollector.tailSampling, probability: env.traceSampling } : undefined,
    });
    return collector;
  }

  private createGrafana(): Grafana {
    const env = this.environment;
    const sizing = env.sizing.grafana;
    const options = env.grafana;
    const where = `${this.node.path} prometheus.remoteWrite`;
    const datasources = [
      // Every component created before Grafana that can be a datasource, in the order they were created.
      ...this.node.children.filter(isGrafanaDatasource),
      // The long-term store Prometheus writes to, where it can be queried (RemoteWrite `queryUrl`).
      ...(this.prometheus ? (env.prometheus.remoteWrite ?? []) : [])
        .flatMap((target) => target.queryDatasource({ scrapeInterval: env.scrapeInterval.toPrometheus() }, where) ?? []),
      // The log shipper's Elasticsearch/OpenSearch sink, with the same log→trace links as Loki.
      ...(this.logShipper?.elasticsearch ? [this.logShipper.elasticsearch] : []),
    ];
    const opensearch = this.logShipper?.elasticsearch?.engine === SearchEngine.OPENSEARCH;
    const grafana = new Grafana(this, 'grafana', {
      namespace: this.namespace,
      chartValues: this.environment.chartValues.grafana,
      adminSecret: { secretName: options.adminSecretName ?? 'grafana-admin' },
      datasources,
      replicas: sizing.replicas,
      resources: sizing.resources,
      database: options.database,
      // With an external database Grafana keeps nothing on disk worth a volume.
      storageGiB: options.database ? 0 : sizing.storageGiB,
      ingress: options.ingress,
      // OpenSearch is not one of Grafana's core datasources: its plugin comes with the sink.
      plugins: opensearch ? [...(options.plugins ?? []), 'grafana-opensearch-datasource'] : options.plugins,
      auth: options.auth,
      extraIni: options.extraIni,
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

  /**
   * Jaeger's head sampling: `traceSampling` for every service, or 1 when the collector tail-samples at
   * `traceSampling` (the two would multiply, docs/tracing.md), plus the environment's per-service strategies.
   */
  private headSampling(): SamplingStrategies {
    const env = this.environment;
    const tail = env.otelCollector.tailSampling !== undefined && env.components.otelCollector;
    const sampling = new SamplingStrategies({ defaultProbability: tail ? 1 : env.traceSampling });
    for (const [service, props] of Object.entries(env.jaeger.serviceSampling ?? {})) {
      withPath(`${this.node.path} jaeger.serviceSampling`, () => sampling.addService(service, props));
    }
    return sampling;
  }

  /** A ServiceMonitor per watched service (unless `scrape: false`), setting `service` to the entry's name. */
  private createServiceMonitors(prometheus: Prometheus): ServiceMonitor[] {
    return this.environment.services.flatMap((entry) => {
      const props = serviceMonitorProps(entry, prometheus, this.namespace);
      return props ? [new ServiceMonitor(this, `service-monitor-${props.name}`, props)] : [];
    });
  }

  /** The environment's own ServiceMonitors and PodMonitors, with this stack's Prometheus. */
  private createMonitors(prometheus: Prometheus): Array<ServiceMonitor | PodMonitor> {
    return this.environment.monitors.map(({ kind, name, namespace, ...props }) => {
      const Kind = kind === 'PodMonitor' ? PodMonitor : ServiceMonitor;
      return new Kind(this, `${kind === 'PodMonitor' ? 'pod-monitor' : 'service-monitor'}-${name}`, { ...props, prometheus, name, namespace: namespace ?? this.namespace });
    });
  }

  private createBlackboxExporter(): BlackboxExporter {
    const options = this.environment.blackboxExporter;
    return new BlackboxExporter(this, 'blackbox-exporter', {
      namespace: this.namespace,
      chartValues: this.environment.chartValues.blackboxExporter,
      modules: options.modules ? [...options.modules] : undefined,
      replicas: options.replicas,
      resources: options.resources,
    });
  }

  /**
   * A Probe per `probes` entry, through the blackbox exporter. Its `service` is set on the probe's own
   * series (`probe_*`, by metric relabeling) but not on `up`: a probe's `up` is 0 when the exporter is
   * unreachable, which must not read as ServiceDown of the probed service.
   */
  private createProbes(prometheus: Prometheus, exporter: BlackboxExporter): Probe[] {
    return this.environment.probes.map((probe) => exporter.probe(this, `probe-${probe.name}`, {
      prometheus,
      namespace: this.namespace,
      name: probe.name,
      module: probe.module ?? 'http_2xx',
      targets: probe.targets,
      interval: probe.interval,
      metricRelabelings: probe.service !== undefined ? [serviceLabelRelabeling(probe.service)] : undefined,
    }));
  }

  private createDatadogAgent(): DatadogAgent {
    const env = this.environment;
    // prometheusScrape only with datadog.prometheusScrape (every scraped series is a billed custom metric).
    return new DatadogAgent(this, 'datadog', {
      ...datadogAgentPropsForEnvironment(env, env.datadog),
      namespace: this.namespace,
      chartValues: this.environment.chartValues.datadog,
    });
  }
}

function renderEnvironment(env: ResolvedEnvironment): string {
  const on = Object.entries(env.components).filter(([, enabled]) => enabled).map(([name]) => name);
  const off = Object.entries(env.components).filter(([, enabled]) => !enabled).map(([name]) => name);
  return [
    `- environment: ${env.name} (cluster ${env.clusterName}, region ${env.region})`,
    `- namespace: ${env.namespace}`,
    `- platform: ${describePlatform(env.platform)}`,
    `- components on: ${on.join(', ') || 'none'}; off: ${off.join(', ') || 'none'}`,
    `- scrape interval: ${env.scrapeInterval.toPrometheus()}`,
    `- retention: metrics ${env.retention.metrics.toPrometheus()}, logs ${env.retention.logs.toPrometheus()}, traces ${env.retention.traces.toPrometheus()}`,
    `- trace sampling: ${Number((env.traceSampling * 100).toFixed(4))} %`,
    `- state: ${env.backend ? `${env.backend.type} bucket ${env.backend.bucket}` : 'local'}`,
    ...(env.components.loki && env.logTenant !== undefined ? [`- Loki: multi-tenant, this stack pushes and queries as tenant ${show(env.logTenant)}`] : []),
    ...renderScraping(env),
    ...(env.components.datadog ? [renderDatadogChoices(env)] : []),
  ].join('\n');
}

/** The environment's services scraped by a ServiceMonitor, its probes and its own monitors (none without Prometheus). */
function renderScraping(env: ResolvedEnvironment): string[] {
  if (!env.components.prometheus) return [];
  const scraped = env.services.filter((s) => s.scrape !== false).map((s) => `${s.service} (namespace ${s.namespace}, port ${s.scrape ? s.scrape.port ?? DEFAULT_METRICS_PORT : DEFAULT_METRICS_PORT})`);
  const probes = env.probes.map((p) => `${p.name}: ${p.targets.join(', ')}`);
  return [
    ...(scraped.length > 0 ? [`- services scraped by ServiceMonitor, label service set: ${scraped.join('; ')}`] : []),
    ...(probes.length > 0 ? [`- probes (blackbox exporter): ${probes.join('; ')}`] : []),
    ...(env.monitors.length > 0 ? [`- monitors of the environment: ${env.monitors.map((m) => `${m.kind} ${m.name} (namespace ${m.namespace ?? env.namespace})`).join('; ')}`] : []),
  ];
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

/** Adds the namespace to `depends_on` of every Terraform resource under `scope` that does not wait for it yet. */
function waitForNamespace(scope: Construct, namespace: ITerraformDependable | undefined): void {
  if (namespace === undefined) return;
  const [entry] = dependsOnEntries([namespace]) ?? [];
  for (const node of scope.node.findAll()) {
    if (!(node instanceof TerraformResource)) continue;
    const current = node.dependsOn ?? [];
    if (!current.includes(entry)) node.dependsOn = [...current, entry];
  }
}

import { TerraformStack } from 'cdktf';
import { Release } from '@cdktf/provider-helm/lib/release';
import { Construct } from 'constructs';
import { EnvironmentConfig, ResolvedEnvironment } from '../environment/environment-config';
import { resolveEnvironment } from '../environment/resolve-environment';
import { DEFAULT_RUNBOOK_BASE_URL, buildRulePacks } from '../environment/rule-packs-config';
import { MonitoringNamespace } from '../namespace/monitoring-namespace';
import { Prometheus } from '../prometheus/prometheus';
import { Alertmanager } from '../alertmanager/alertmanager';
import { AlertmanagerConfig } from '../alertmanager/alertmanager-config';
import { SeverityPolicy } from '../alertmanager/severity-policy';
import { withPath } from '../core/validation-error';
import { SloRulePack } from '../rules/slo/slo-rule-pack';
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
import { IGrafanaDatasource } from '../core/grafana-datasource';
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
    super(scope, environment.stackName);
    this.environment = environment;
    configureStateBackend(this, environment.name, environment.backend);
    this.providers = new ClusterProviders(this, 'cluster', environment.kubeconfig);
    this.namespace = new MonitoringNamespace(this, 'namespace', {
      name: environment.namespace,
      labels: { environment: environment.name, ...environment.labels },
    });
    const namespace = this.namespace.namespaceName;
    const externalLabels = { cluster: environment.clusterName, region: environment.region, environment: environment.name };

    if (environment.components.prometheus) {
      const sizing = environment.sizing.prometheus;
      this.prometheus = new Prometheus(this, 'prometheus', {
        namespace,
        scrapeInterval: environment.scrapeInterval,
        externalLabels,
        retentionPeriod: environment.retention.metrics,
        retentionSizeGiB: environment.prometheus.retentionSizeGiB,
        storageGiB: sizing.storageGiB,
        storageClassName: environment.prometheus.storageClassName,
        replicas: sizing.replicas,
        resources: sizing.resources,
        remoteWrite: environment.prometheus.remoteWrite,
      });
      for (const pack of buildRulePacks(environment.rulePacks, this.node.path)) this.prometheus.addRules(pack);
      if (environment.slos.length > 0) this.prometheus.addRules(new SloRulePack('slo', environment.slos));
    }

    if (environment.components.alertmanager && this.prometheus && environment.alerting) {
      const alerting = environment.alerting;
      const config = alerting instanceof AlertmanagerConfig
        ? alerting
        : withPath(`${this.node.path} alerting`, () => SeverityPolicy.create(alerting));
      const sizing = environment.sizing.alertmanager;
      this.alertmanager = new Alertmanager(this, 'alertmanager', {
        namespace,
        config,
        replicas: sizing.replicas,
        storageGiB: sizing.storageGiB,
        resources: sizing.resources,
      });
      this.prometheus.sendAlertsTo(this.alertmanager);
      this.alertmanager.coverAlertsOf(this.prometheus);
    }

    const runbookBaseUrl = environment.rulePacks.runbookBaseUrl ?? DEFAULT_RUNBOOK_BASE_URL;
    if (environment.components.loki) {
      const sizing = environment.sizing.loki;
      const distributed = environment.logStorage !== undefined;
      this.loki = new Loki(this, 'loki', {
        namespace,
        tenancy: LokiTenancy.singleTenant(),
        retentionPeriod: environment.retention.logs,
        resources: sizing.resources,
        ...(distributed
          ? { deploymentMode: LokiDeploymentMode.DISTRIBUTED, objectStorage: environment.logStorage, replicas: sizing.replicas }
          : { replicas: sizing.replicas, storageGiB: sizing.storageGiB }),
      });
      if (this.alertmanager) {
        this.loki.sendAlertsTo(this.alertmanager);
        this.loki.addRules(LogQueryRules.create({ team: 'platform', runbookBaseUrl }));
        this.alertmanager.coverAlertsOf(this.loki);
      }
      if (environment.components.logShipper) {
        this.logShipper = new LogShipper(this, 'log-shipper', {
          namespace,
          loki: this.loki,
          staticLabels: { cluster: environment.clusterName },
          // Teams that page from Datadog search the same logs there; the Datadog agent then collects none.
          datadog:
            environment.components.datadog && environment.datadog.secretName
              ? { apiKeySecret: environment.datadog.secretName, site: environment.datadog.site?.site, tags: { env: environment.name, cluster: environment.clusterName } }
              : undefined,
        });
      }
    }

    if (environment.components.jaeger) {
      const sizing = environment.sizing.jaeger;
      this.jaeger = new Jaeger(this, 'jaeger', {
        namespace,
        storage: environment.traceStorage,
        retention: environment.retention.traces,
        sampling: new SamplingStrategies({ defaultProbability: environment.traceSampling }),
        replicas: sizing.replicas,
        resources: sizing.resources,
      });
    }
    if (environment.components.otelCollector && this.jaeger) {
      const sizing = environment.sizing.otelCollector;
      this.otelCollector = new OtelCollector(this, 'otel-collector', {
        namespace,
        tracesBackend: this.jaeger,
        replicas: sizing.replicas,
        resources: sizing.resources,
        // Teams that page from Datadog see the same traces there (API key from the agent's Secret).
        datadog:
          environment.components.datadog && environment.datadog.secretName
            ? { apiKeySecretName: environment.datadog.secretName, site: environment.datadog.site?.site }
            : undefined,
      });
      this.prometheus?.addRules(TracingPipelineRules.create({ runbookBaseUrl }));
    }

    if (environment.components.grafana) {
      const sizing = environment.sizing.grafana;
      const options = environment.grafana;
      const datasources = [this.prometheus, this.alertmanager, this.loki, this.jaeger].filter(
        (component): component is NonNullable<typeof component> => component !== undefined,
      ) as IGrafanaDatasource[];
      this.grafana = new Grafana(this, 'grafana', {
        namespace,
        adminSecret: { secretName: options.adminSecretName ?? 'grafana-admin' },
        datasources,
        replicas: sizing.replicas,
        resources: sizing.resources,
        database: options.database,
        // With an external database Grafana keeps nothing on disk worth a volume.
        storageGiB: options.database ? 0 : sizing.storageGiB,
        ingress: options.ingress,
      });
      this.grafana.addDashboards(
        standardDashboards({
          alertmanager: this.alertmanager !== undefined,
          services: environment.services,
          serviceLogs: this.loki !== undefined,
          slos: environment.slos,
          business: options.businessDashboard ?? false,
        }),
      );
    }

    if (environment.components.datadog) {
      this.datadog = new DatadogAgent(this, 'datadog', {
        ...datadogAgentPropsForEnvironment(environment, environment.datadog),
        // Beside Prometheus: Datadog also scrapes the pods annotated prometheus.io/scrape.
        prometheusScrape: environment.components.prometheus,
      });
    }

    // Safe defaults (docs/security.md): only the intended peers reach each component; budgets where charts have none.
    const components = { prometheus: this.prometheus, alertmanager: this.alertmanager, grafana: this.grafana, loki: this.loki, logShipper: this.logShipper, jaeger: this.jaeger, otelCollector: this.otelCollector, datadog: this.datadog };
    new MonitoringNetworkPolicies(this, 'network-policies', { namespace, ...components, dependsOn: [this.namespace.resource] });
    new MonitoringDisruptionBudgets(this, 'disruption-budgets', { namespace, jaeger: this.jaeger, otelCollector: this.otelCollector, dependsOn: [this.namespace.resource] });

    dependOnNamespace(this, this.namespace);

    ReviewArtifacts.of(this).addSummarySection({
      title: 'Environment',
      order: 0,
      render: () => renderEnvironment(environment),
    });
  }
}

/** Every Helm release of the stack installs into the namespace, so it waits for the namespace. */
function dependOnNamespace(stack: TerraformStack, namespace: MonitoringNamespace): void {
  for (const child of stack.node.findAll()) {
    if (child instanceof Release) {
      child.dependsOn = [...new Set([...(child.dependsOn ?? []), namespace.resource.fqn])];
    }
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
  ].join('\n');
}

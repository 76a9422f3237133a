import { TerraformStack } from 'cdktf';
import { Release } from '@cdktf/provider-helm/lib/release';
import { Construct } from 'constructs';
import { EnvironmentConfig, ResolvedEnvironment } from '../environment/environment-config';
import { resolveEnvironment } from '../environment/resolve-environment';
import { buildRulePacks } from '../environment/rule-packs-config';
import { MonitoringNamespace } from '../namespace/monitoring-namespace';
import { Prometheus } from '../prometheus/prometheus';
import { Alertmanager } from '../alertmanager/alertmanager';
import { AlertmanagerConfig } from '../alertmanager/alertmanager-config';
import { SeverityPolicy } from '../alertmanager/severity-policy';
import { withPath } from '../core/validation-error';
import { SloRulePack } from '../rules/slo/slo-rule-pack';
import { ReviewArtifacts } from '../review/review-artifacts';
import { ClusterProviders } from './cluster-providers';
import { configureStateBackend } from './state-backend';

/**
 * The monitoring stack of one environment: `monitoring-<name>`. Built from an
 * {@link EnvironmentConfig}; `main.ts` creates one per environment.
 */
export class MonitoringStack extends TerraformStack {
  public readonly environment: ResolvedEnvironment;
  public readonly providers: ClusterProviders;
  public readonly namespace: MonitoringNamespace;
  /** Present when `components.prometheus` is on. */
  public readonly prometheus?: Prometheus;
  /** Present when `components.alertmanager` is on. */
  public readonly alertmanager?: Alertmanager;

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

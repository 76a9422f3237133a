import { Release } from '@cdktf/provider-helm/lib/release';
import { Construct } from 'constructs';
import { DisruptionBudgetSpec, IMonitoringComponent, NetworkPolicySpec, PeerIdentity } from '../contracts/monitoring-component';
import { NetworkPeer, PeerRole, PodLabels, recommendedPodLabels, tcpPorts } from '../contracts/network-peer';
import { createChartRelease } from '../core/chart-release';
import { Charts } from '../core/charts';
import { COMPONENT_RESOURCES } from '../core/component-resources';
import { Duration } from '../core/duration';
import { ValidationError, show, withPath } from '../core/validation-error';
import { DatasourceType, GrafanaDatasourceDescriptor, IGrafanaDatasource } from '../core/grafana-datasource';
import { ReviewArtifacts } from '../review/review-artifacts';
import { AlertRule } from '../rules/alert-rule';
import { RuleGroup } from '../rules/rule-group';
import { IRulePack } from '../rules/rule-pack';
import { checkRecordedSeries } from '../rules/promql-record-references';
import { checkUniqueGroupNames } from '../rules/unique-group-names';
import { IAlertmanagerEndpoint } from './alertmanager-endpoint';
import { InheritedAlert } from './inherited/resolve-inherited-rules';
import { PrometheusProps } from './prometheus-props';
import { PrometheusRuleRelease } from './prometheus-rules';
import { prometheusValues } from './prometheus-values';
import { ResolvedPrometheus, resolvePrometheus } from './resolve-prometheus';
import { renderRulesSummary } from './rules-summary';

const PROMETHEUS_PORT = 9090;
/** The operator's config-reloader sidecar (its metrics and reload endpoint). */
const CONFIG_RELOADER_PORT = 8080;

/**
 * Prometheus on kube-prometheus-stack: the operator (with its CRDs and their upgrade job),
 * node-exporter, kube-state-metrics and one Prometheus. Rules are added as typed groups and packs, and
 * each pack is delivered as its own PrometheusRule in a small Helm release (see README design notes).
 */
export class Prometheus extends Construct implements IGrafanaDatasource, IMonitoringComponent {
  /** In-cluster URL of the Prometheus API, for datasources and peers. */
  public readonly prometheusUrl: string;
  /** Service name of Prometheus. */
  public readonly serviceName: string;
  /** Namespace Prometheus and the operator run in. */
  public readonly namespace: string;
  /** Helm release name, the prefix of object names (the `releaseName` prop, default `kube-prometheus-stack`). */
  public readonly releaseName: string;
  /** Number of Prometheus replicas. */
  public readonly replicas: number;
  /** How long raw samples are kept (default 15d). */
  public readonly retentionPeriod: Duration;
  /** How often targets are scraped (default 15s). */
  public readonly scrapeInterval: Duration;
  /** How often rules are evaluated (default: the scrape interval). */
  public readonly evaluationInterval: Duration;
  /** Labels added to every series and alert leaving Prometheus (empty when none). */
  public readonly externalLabels: Readonly<Record<string, string>>;
  /** Persistent volume size per replica, GiB (0: emptyDir). */
  public readonly storageGiB: number;
  /** The kube-prometheus-stack release (operator, CRDs, exporters, Prometheus). */
  public readonly release: Release;

  private readonly settings: ResolvedPrometheus;
  private readonly packs: IRulePack[] = [];
  // Names of the packs and groups added so far, so that each addRules checks duplicates in O(1).
  private readonly packNames = new Set<string>();
  /** Recorded series other writers bring, with who brings them: the props' and those registered later. */
  private readonly seriesRecordedElsewhere = new Map<string, string>();
  private readonly groupNames = new Set<string>();
  private alertmanager?: IAlertmanagerEndpoint;

  constructor(scope: Construct, id: string, props: PrometheusProps) {
    super(scope, id);
    const path = this.node.path;
    this.settings = resolvePrometheus(props, path);
    this.namespace = this.settings.namespace.namespaceName;
    this.releaseName = this.settings.releaseName;
    this.replicas = this.settings.replicas;
    for (const name of this.settings.externallyRecordedSeries) this.seriesRecordedElsewhere.set(name, 'externallyRecordedSeries');
    this.retentionPeriod = this.settings.retentionPeriod;
    this.scrapeInterval = this.settings.scrapeInterval;
    this.evaluationInterval = this.settings.evaluationInterval;
    this.externalLabels = this.settings.externalLabels;
    this.storageGiB = this.settings.storageGiB;
    this.alertmanager = this.settings.alertmanager;

    this.serviceName = `${this.releaseName}-prometheus`;
    this.prometheusUrl = `http://${this.serviceName}.${this.namespace}.svc:${PROMETHEUS_PORT}`;

    this.release = createChartRelease(this, 'release', {
      chart: Charts.kubePrometheusStack,
      releaseName: this.releaseName,
      chartValues: props.chartValues,
      namespace: this.settings.namespace,
      // Rendered at synth, so that an Alertmanager given later with sendAlertsTo counts.
      values: () => prometheusValues(this.settings, this.alertmanager),
      // CRDs, the upgrade job and a StatefulSet with a fresh volume take a while on a new cluster.
      timeoutSeconds: 900,
    });

    const review = ReviewArtifacts.of(this);
    review.addComponent(() => ({
      component: 'Prometheus',
      constructPath: path,
      namespace: this.namespace,
      chart: Charts.kubePrometheusStack,
      replicas: this.replicas,
      retention: this.retentionPeriod.toPrometheus() + (this.settings.retentionSizeGiB ? ` or ${this.settings.retentionSizeGiB}GiB` : ''),
      storage: this.storageGiB > 0 ? `${this.storageGiB}Gi` : 'emptyDir',
      resources: this.settings.resources,
      // The operator that turns the Prometheus resource into its StatefulSet (sized in prometheus-values.ts).
      otherWorkloads: [{ name: 'operator', replicas: 1, resources: COMPONENT_RESOURCES.prometheusOperator }],
    }));
    review.addSummarySection({ title: 'Prometheus rules', order: 20, render: () => renderRulesSummary(this.packs, this.settings.inheritedRules.alerts) });
    // At synth, when every pack is known: a rule reading a recorded series nothing records never has data.
    this.node.addValidation({ validate: () => this.recordedSeriesErrors() });
    review.addSummarySection({ title: 'Long-term storage (remote_write)', order: 19, render: () => this.renderRemoteWrite() });
  }

  /** Adds a rule pack; its groups become one PrometheusRule and one review file `rules/<pack>.yaml`. */
  public addRules(pack: IRulePack): this {
    withPath(this.node.path, () => {
      if (this.packNames.has(pack.name)) {
        throw new ValidationError(this.node.path, `rule pack ${show(pack.name)} is added twice; give the second one another \`name\`.`);
      }
      checkUniqueGroupNames(pack.ruleGroups, `${this.node.path} rule packs`, this.groupNames);
    });
    new PrometheusRuleRelease(this, `rules-${pack.name}`, {
      namespace: this.settings.namespace,
      releaseName: this.releaseName,
      pack,
      dependsOn: [this.release],
    });
    this.packs.push(pack);
    this.packNames.add(pack.name);
    for (const group of pack.ruleGroups) this.groupNames.add(group.name);
    ReviewArtifacts.of(this).addFile(`rules/${pack.name}.yaml`, () => PrometheusRuleRelease.ruleFile(pack), this.node.path);
    return this;
  }

  /** Adds one rule group, delivered and reviewed like a pack named after the group. */
  public addRuleGroup(group: RuleGroup): this {
    return this.addRules({ name: group.name.replace(/[^a-z0-9-]+/gi, '-').toLowerCase(), ruleGroups: [group] });
  }

  /** Sends alerts to an Alertmanager (the typed reference of the Alertmanager construct). */
  public sendAlertsTo(alertmanager: IAlertmanagerEndpoint): this {
    this.alertmanager = alertmanager;
    return this;
  }

  /** Grafana datasource with the fixed uid `prometheus`; exemplars link to traces when Grafana knows a Jaeger. */
  public grafanaDatasource(): GrafanaDatasourceDescriptor {
    return { type: DatasourceType.PROMETHEUS, name: 'Prometheus', uid: 'prometheus', url: this.prometheusUrl, jsonData: { timeInterval: this.scrapeInterval.toPrometheus() } };
  }

  /** Every alert rule added so far, for routing coverage checks. */
  public alertRules(): AlertRule[] {
    return this.packs.flatMap((pack) => pack.ruleGroups.flatMap((group) => [...group.alertRules]));
  }

  /**
   * The alerts the cluster evaluates from kube-prometheus-stack's default rules (the `inheritedRules`
   * prop applied to the chart's catalogue), for the review and routing coverage checks.
   */
  public inheritedAlerts(): readonly InheritedAlert[] {
    return this.settings.inheritedRules.alerts;
  }

  /** The rule packs added so far. */
  public rulePacks(): readonly IRulePack[] {
    return [...this.packs];
  }

  /** As a client: Prometheus scrapes the other components and sends alerts to Alertmanager. */
  public peerIdentities(): readonly PeerIdentity[] {
    return [{ role: PeerRole.PROMETHEUS, description: 'Prometheus', podLabels: this.prometheusPodLabels }];
  }

  /** The API and config-reloader for every pod of the namespace; the operator's webhook for the API server; kube-state-metrics for Prometheus. */
  public networkPolicies(): readonly NetworkPolicySpec[] {
    return [
      // Grafana, Loki's ruler remote write and any pod of the namespace query the API.
      { name: 'prometheus', podLabels: this.prometheusPodLabels, ingress: [{ from: [NetworkPeer.sameNamespace()], ports: tcpPorts(PROMETHEUS_PORT, CONFIG_RELOADER_PORT) }] },
      // The admission webhook is called by the API server, which is not a pod: any source, that port only.
      { name: 'prometheus-operator', podLabels: { app: 'kube-prometheus-stack-operator', release: this.releaseName }, ingress: [{ from: 'anywhere', ports: tcpPorts(10250) }] },
      { name: 'kube-state-metrics', podLabels: recommendedPodLabels('kube-state-metrics', this.releaseName), ingress: [{ from: [PeerRole.PROMETHEUS], ports: tcpPorts(8080, 8081) }] },
    ];
  }

  /** None: the chart's own budget covers Prometheus (values). */
  public disruptionBudgets(): readonly DisruptionBudgetSpec[] {
    return [];
  }

  /** The remote_write targets for summary.md: kind, URL (no credentials), tenant, auth by Secret name, HA labels. */
  private renderRemoteWrite(): string {
    const { remoteWriteTargets: targets, replicaExternalLabelName } = this.settings;
    if (targets.length === 0) return `None: metrics are kept in Prometheus only, for ${this.retentionPeriod.toPrometheus()}.`;
    const lines = targets.map((target) => {
      const details = [target.tenant, target.auth].filter((part) => part !== undefined);
      return `- ${target.kind}: ${target.url}${details.length > 0 ? ` (${details.join('; ')})` : ''}`;
    });
    const deduplicated = targets.filter((target) => target.ha !== undefined);
    if (this.replicas > 1 && deduplicated.length > 0) {
      lines.push('', `The ${this.replicas} replicas are told apart by the external label \`${replicaExternalLabelName}\`; deduplicated by:`);
      for (const { kind, ha } of deduplicated) {
        lines.push(`- ${kind}: ${ha!.deduplication}${ha!.clusterLabel ? ` (HA group: \`${ha!.clusterLabel}="${this.haGroupValue(ha!.clusterLabel)}"\`)` : ''}`);
      }
    } else if (this.replicas > 1) {
      lines.push('', `The ${this.replicas} replicas each send every series (external label \`${replicaExternalLabelName}\`); a generic receiver stores them ${this.replicas} times unless it deduplicates.`);
    }
    return lines.join('\n');
  }

  /**
   * Declares recorded series that another writer brings into this Prometheus (Loki's ruler through
   * remote write registers its recording rules here), so that this Prometheus's rules may read them.
   */
  public acceptRecordedSeries(names: Iterable<string>, recordedBy: string): this {
    for (const name of names) this.seriesRecordedElsewhere.set(name, recordedBy);
    return this;
  }

  /** The value of an HA group label: an external label, or the operator's `<namespace>/<Prometheus name>`. */
  private haGroupValue(label: string): string {
    return label === this.settings.prometheusExternalLabelName ? `${this.namespace}/${this.serviceName}` : this.externalLabels[label] ?? '';
  }

  /**
   * A rule that reads a recorded series (`level:metric:operations`) that no rule pack of this Prometheus
   * records, nor the chart's default rules when they are on (`kubernetesRules`), as a synth error.
   */
  private recordedSeriesErrors(): string[] {
    const also = new Set(this.seriesRecordedElsewhere.keys());
    const by = [...new Set(this.seriesRecordedElsewhere.values())];
    if (this.settings.inheritedRules.create) {
      // Only the recording groups this Prometheus renders (inheritedRules and the platform may switch some off).
      for (const name of this.settings.inheritedRules.recordedSeries) also.add(name);
      by.unshift('the kube-prometheus-stack default rules');
    }
    try {
      withPath(this.node.path, () => checkRecordedSeries(this.packs, { alsoRecorded: also, alsoRecordedBy: by.join(', ') || undefined }));
      return [];
    } catch (error) {
      if (error instanceof ValidationError) return [error.message];
      throw error;
    }
  }

  /** The labels the operator puts on the Prometheus pods of the Prometheus object `<release>-prometheus`. */
  private get prometheusPodLabels(): PodLabels {
    return { 'app.kubernetes.io/name': 'prometheus', prometheus: `${this.releaseName}-prometheus` };
  }
}

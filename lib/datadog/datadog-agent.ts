import { Release } from '@cdktf/provider-helm/lib/release';
import { Construct } from 'constructs';
import { DisruptionBudgetSpec, IMonitoringComponent, NetworkPolicySpec, PeerIdentity } from '../contracts/monitoring-component';
import { NetworkPeer, PeerRole, PodLabels, tcpPorts } from '../contracts/network-peer';
import { createChartRelease } from '../core/chart-release';
import { Charts } from '../core/charts';
import { IScrapingPrometheus, PodMonitor } from '../prometheus/monitors/monitors';
import { ScrapedOnce } from '../prometheus/monitors/scraped-once';
import { ReviewArtifacts } from '../review/review-artifacts';
import { IRulePack } from '../rules/rule-pack';
import { DatadogAdmissionController } from './admission-controller';
import { DATADOG_APM_PORT, DatadogApmTransport } from './apm-transport';
import { DatadogAgentProps } from './datadog-agent-props';
import { DatadogAgentRules } from './datadog-agent-rules';
import { datadogAgentValues } from './datadog-agent-values';
import { DatadogSite } from './datadog-site';
import { DatadogLogCollection } from './log-collection';
import { DATADOG_OTLP_DEFAULT_PORTS } from './otlp-receiver';
import { ResolvedDatadogAgent, resolveDatadogAgent } from './resolve-datadog-agent';
import { selfMonitoringPackProps } from '../rules/runbook';
import type { SelfMonitoringOptions } from '../contracts/self-monitoring';

/**
 * The Datadog agent (node DaemonSet) and Cluster Agent from the datadog chart, beside the
 * Prometheus stack: keys only from an existing Secret, typed site and features, no host-port or
 * log-collection clashes with the OpenTelemetry collector and the log shipper by default.
 */
export class DatadogAgent extends Construct implements IMonitoringComponent {
  /** Namespace the agent, the Cluster Agent and the key Secret live in. */
  public readonly namespace: string;
  /** Helm release name, also the prefix of object names (the `releaseName` prop, default `datadog`). */
  public readonly releaseName: string;
  /** The Datadog site the agent reports to. */
  public readonly site: DatadogSite;
  /** Cluster name as Datadog shows it (validated against Datadog's rule). */
  public readonly clusterName: string;
  /** Host tags as rendered (`key:value`, sorted). */
  public readonly tags: readonly string[];
  /** How applications reach the trace intake, as resolved (default socket). */
  public readonly apm: DatadogApmTransport;
  /** Which container logs the agent collects, as resolved from `logCollection` and `logShipperRunning`. */
  public readonly logCollection: DatadogLogCollection;
  /** The Cluster Agent's admission controller mode, as resolved. */
  public readonly admissionController: DatadogAdmissionController;
  /** Number of Cluster Agent replicas. */
  public readonly clusterAgentReplicas: number;
  /** Name of the Secret the API key is read from. */
  public readonly secretName: string;
  /** Name of the node-local Service (internalTrafficPolicy Local) in front of the agents. */
  public readonly localServiceName: string;
  /** OTLP/gRPC endpoint for applications, when the gRPC intake is on. */
  public readonly otlpGrpcEndpoint?: string;
  /** OTLP/HTTP endpoint for applications, when the HTTP intake is on. */
  public readonly otlpHttpEndpoint?: string;
  /** The datadog chart release. */
  public readonly release: Release;

  /**
   * The `job` label of the Cluster Agent's own metrics once {@link scrapedBy} is called:
   * `<namespace>/<release>-cluster-agent` (the operator names a PodMonitor's job `<namespace>/<PodMonitor name>`).
   */
  public readonly clusterAgentMetricsJob: string;

  private readonly settings: ResolvedDatadogAgent;
  /** The one Prometheus whose PodMonitor scrapes the Cluster Agent (scrapedBy), and that PodMonitor. */
  private readonly scrape = new ScrapedOnce<PodMonitor>(this.node.path, 'PodMonitor');

  constructor(scope: Construct, id: string, props: DatadogAgentProps) {
    super(scope, id);
    const path = this.node.path;
    this.settings = resolveDatadogAgent(props, path);
    const settings = this.settings;
    this.namespace = settings.namespace.namespaceName;
    this.releaseName = settings.releaseName;
    this.secretName = settings.secretName;
    this.site = settings.site;
    this.clusterName = settings.clusterName;
    this.tags = settings.tags;
    this.apm = settings.apm;
    this.admissionController = settings.admissionController;
    this.logCollection = settings.logCollection;
    this.clusterAgentReplicas = settings.clusterAgentReplicas;
    this.clusterAgentMetricsJob = `${this.namespace}/${this.clusterAgentName}`;

    this.localServiceName = settings.localServiceName;
    const localHost = `${this.localServiceName}.${this.namespace}.svc`;
    const endpoint = (port: number, hostPort: boolean) =>
      // With host ports, applications use the node IP (status.hostIP, injected as DD_AGENT_HOST by the admission controller).
      hostPort ? `http://$(DD_AGENT_HOST):${port}` : `http://${localHost}:${port}`;
    if (settings.otlp.grpc) this.otlpGrpcEndpoint = endpoint(settings.otlp.grpc.port, settings.otlp.grpc.hostPort);
    if (settings.otlp.http) this.otlpHttpEndpoint = endpoint(settings.otlp.http.port, settings.otlp.http.hostPort);

    this.release = createChartRelease(this, 'release', {
      chart: Charts.datadog,
      releaseName: this.releaseName,
      chartValues: props.chartValues,
      namespace: settings.namespace,
      values: () => datadogAgentValues(this.settings),
    });

    const review = ReviewArtifacts.of(this);
    review.addComponent(() => ({
      component: 'Datadog agent',
      constructPath: path,
      namespace: this.namespace,
      chart: Charts.datadog,
      // The node agent is a DaemonSet (no replica count: per node); the Cluster Agent is a Deployment.
      resources: settings.resources.agent,
      otherWorkloads: [{ name: 'cluster-agent', replicas: this.clusterAgentReplicas, resources: settings.resources.clusterAgent }],
    }));
    review.addSummarySection({ title: 'Datadog agent', order: 60, render: () => this.renderSummary() });
  }

  /** The features that are on, for the review summary and the docs. */
  public enabledFeatures(): string[] {
    const settings = this.settings;
    const features: Array<[boolean, string]> = [
      [this.apm !== DatadogApmTransport.OFF, `APM (${this.apm})`],
      [this.logCollection !== DatadogLogCollection.OFF, `logs (${this.logCollection})`],
      [settings.processCollection, 'process collection'],
      [settings.containerCollection, 'container collection'],
      [settings.networkMonitoring, 'network monitoring'],
      [settings.universalServiceMonitoring, 'universal service monitoring'],
      [settings.cspm, 'CSPM'],
      [settings.cws, 'CWS'],
      [this.admissionController !== DatadogAdmissionController.OFF, `admission controller (${this.admissionController})`],
      [settings.otlp.grpc !== undefined || settings.otlp.http !== undefined, 'OTLP intake'],
      [settings.prometheusScrape, 'OpenMetrics scraping of prometheus.io-annotated pods'],
      [settings.bundledOperator, 'bundled datadog-operator'],
    ];
    return features.filter(([on]) => on).map(([, name]) => name);
  }

  /**
   * Has `prometheus` scrape the Cluster Agent's own metrics (`/metrics` on its container port
   * `agentmetrics`, 5000; the chart has no ServiceMonitor/PodMonitor nor a Service port for it): a typed
   * PodMonitor `<release>-cluster-agent` in its own release after the Prometheus release (job
   * {@link clusterAgentMetricsJob}). The node agents cannot be scraped: their telemetry listens on
   * 127.0.0.1 only (docs/datadog.md). Throws when called twice with different Prometheuses.
   */
  public scrapedBy(prometheus: IScrapingPrometheus): this {
    this.scrape.by(prometheus, () => new PodMonitor(this, 'cluster-agent-monitor', {
      prometheus,
      namespace: this.settings.namespace,
      name: this.clusterAgentName,
      selector: { matchLabels: this.clusterAgentPodLabels },
      endpoints: [{ port: CLUSTER_AGENT_METRICS_PORT_NAME }],
    }));
    return this;
  }

  /**
   * The agent's self-monitoring alerts ({@link DatadogAgentRules}) over kube-state-metrics: this release's
   * node agent DaemonSet (`<release>`) and Cluster Agent Deployment (`<release>-cluster-agent`) in its
   * namespace. They need no scrape of the agent (kube-state-metrics reports the workloads; docs/datadog.md
   * says why the agents' own telemetry is not alerted on).
   */
  public selfMonitoringRules(options: SelfMonitoringOptions = {}): IRulePack {
    return DatadogAgentRules.create({
      ...selfMonitoringPackProps(options),
      selector: { namespace: this.namespace },
      daemonSetName: this.releaseName,
      clusterAgentDeploymentName: this.clusterAgentName,
    });
  }

  /** As a client: the node agents call the cluster agent. */
  public peerIdentities(): readonly PeerIdentity[] {
    return [{ role: PeerRole.DATADOG_AGENT, description: 'Datadog agent', podLabels: this.agentPodLabels }];
  }

  /** The cluster agent for the node agents and the API server (admission webhook); the node agents' intake for applications anywhere. */
  public networkPolicies(): readonly NetworkPolicySpec[] {
    return [
      {
        name: 'datadog-cluster-agent',
        podLabels: this.clusterAgentPodLabels,
        ingress: [
          { from: [PeerRole.DATADOG_AGENT], ports: tcpPorts(5005) },
          { from: 'anywhere', ports: tcpPorts(8000) },
          // The Cluster Agent's own metrics, for the PodMonitor of scrapedBy().
          { from: [PeerRole.PROMETHEUS], ports: tcpPorts(CLUSTER_AGENT_METRICS_PORT) },
        ],
      },
      // DogStatsD, APM and OTLP intake (through the node-local Service).
      {
        name: 'datadog-agent',
        podLabels: this.agentPodLabels,
        ingress: [{
          from: [NetworkPeer.allNamespaces()],
          ports: [
            { port: 8125, protocol: 'UDP' }, { port: DATADOG_APM_PORT },
            // The OTLP receiver's ports as configured (the defaults when it is off, as the chart's Service lists them).
            { port: this.settings.otlp.grpc?.port ?? DATADOG_OTLP_DEFAULT_PORTS.grpc }, { port: this.settings.otlp.http?.port ?? DATADOG_OTLP_DEFAULT_PORTS.http },
          ],
        }],
      },
    ];
  }

  /** None: the cluster agent's budget comes from the chart (values); the node agent is a DaemonSet. */
  public disruptionBudgets(): readonly DisruptionBudgetSpec[] {
    return [];
  }

  /** The Cluster Agent Deployment's name, and the PodMonitor's. */
  private get clusterAgentName(): string {
    return `${this.releaseName}-cluster-agent`;
  }

  /** The label the chart's Cluster Agent pods carry (and its own NetworkPolicy selects). */
  private get clusterAgentPodLabels(): PodLabels {
    return { app: this.clusterAgentName };
  }

  /** The node agent DaemonSet (named after the chart's fullname, the release). */
  private get agentPodLabels(): PodLabels {
    return { app: this.releaseName };
  }

  private renderSummary(): string {
    const lines = [
      `- site: ${this.site.name} (${this.site.site}), cluster: ${this.clusterName}`,
      `- keys: existing Secret ${this.secretName}${this.settings.appKeySecretName !== this.secretName ? ` (app key: ${this.settings.appKeySecretName})` : ''}`,
      `- tags: ${this.tags.join(', ')}`,
      `- features: ${this.enabledFeatures().join(', ') || 'none'}`,
      `- Cluster Agent replicas: ${this.clusterAgentReplicas}${this.clusterAgentReplicas > 1 ? ' (PodDisruptionBudget minAvailable 1)' : ''}`,
    ];
    return lines.join('\n');
  }
}

/** The Cluster Agent's metrics port (`metrics_port`, the chart's container port `agentmetrics`). */
const CLUSTER_AGENT_METRICS_PORT = 5000;
/** Its name in the chart's Cluster Agent container. */
const CLUSTER_AGENT_METRICS_PORT_NAME = 'agentmetrics';

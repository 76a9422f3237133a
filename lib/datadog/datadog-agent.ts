import { Release } from '@cdktf/provider-helm/lib/release';
import { Construct } from 'constructs';
import { DisruptionBudgetSpec, IMonitoringComponent, NetworkPolicySpec, PeerIdentity } from '../contracts/monitoring-component';
import { NetworkPeer, PeerRole, PodLabels, tcpPorts } from '../contracts/network-peer';
import { INamespace, NamespaceProp, resolveNamespace } from '../core/namespace';
import { createChartRelease } from '../core/chart-release';
import { refuseCredentialAsSecretName } from '../core/secret-reference';
import { checkOptionalStringMap, checkReleaseName } from '../core/input-checks';
import { Charts } from '../core/charts';
import { ValidationError, show } from '../core/validation-error';
import { ReviewArtifacts } from '../review/review-artifacts';
import { DatadogAdmissionController } from './admission-controller';
import { DATADOG_APM_PORT, DatadogApmTransport } from './apm-transport';
import { validateDatadogClusterName } from './cluster-name';
import { DatadogResources, resolveDatadogResources } from './datadog-resources';
import { DatadogSite } from './datadog-site';
import { renderDatadogTags } from './datadog-tags';
import { DatadogLogCollection } from './log-collection';
import { DatadogOtlpReceiver, ResolvedDatadogOtlpReceiver } from './otlp-receiver';
import { DatadogToleration } from './toleration';
import { HARDENED_CONTAINER, RUNTIME_DEFAULT_SECCOMP } from '../core/security-context';

/** Props of {@link DatadogAgent}. */
export interface DatadogAgentProps {
  /** Namespace to install into (usually `MonitoringNamespace.namespaceName`); the Secret lives here too. */
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
  /** Cluster Agent replicas; with 2 or more a PodDisruptionBudget keeps one up. @default 1 */
  readonly clusterAgentReplicas?: number;
  /** Requests and limits of every container. @default DEFAULT_DATADOG_RESOURCES */
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
}

const SECRET_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const RESERVED_TAGS = ['env', 'cluster'];

/**
 * The Datadog agent (node DaemonSet) and Cluster Agent from the datadog chart, beside the
 * Prometheus stack: keys only from an existing Secret, typed site and features, no host-port or
 * log-collection clashes with the OpenTelemetry collector and the log shipper by default.
 */
export class DatadogAgent extends Construct implements IMonitoringComponent {
  /** Namespace the agent, the Cluster Agent and the key Secret live in. */
  public readonly namespace: string;
  /** The namespace as given, which the releases wait for when this program creates it. */
  private readonly namespaceRef: INamespace;
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

  private readonly props: DatadogAgentProps;
  private readonly appKeySecretName: string;
  private readonly resources: Required<DatadogResources>;
  private readonly otlp: ResolvedDatadogOtlpReceiver;
  private readonly tolerations: Record<string, string>[];
  private readonly clusterAgentTolerations: Record<string, string>[];

  constructor(scope: Construct, id: string, props: DatadogAgentProps) {
    super(scope, id);
    const path = this.node.path;
    this.props = props;
    this.namespaceRef = resolveNamespace(props.namespace, path);
    this.namespace = this.namespaceRef.namespaceName;
    this.releaseName = checkReleaseName(props.releaseName ?? 'datadog', path);
    this.secretName = checkSecretName(path, 'secretName', props.secretName);
    this.appKeySecretName = props.appKeySecretName === undefined ? this.secretName : checkSecretName(path, 'appKeySecretName', props.appKeySecretName);
    if (props.clusterAgentTokenSecretName !== undefined) checkSecretName(path, 'clusterAgentTokenSecretName', props.clusterAgentTokenSecretName);
    this.site = DatadogSite.check(props.site ?? DatadogSite.US1, path);
    this.clusterName = validateDatadogClusterName(props.clusterName, path);

    const userTags = checkOptionalStringMap(props.tags, path, 'tags', '{ team: "platform" }');
    for (const reserved of RESERVED_TAGS) {
      if (Object.prototype.hasOwnProperty.call(userTags, reserved)) {
        throw new ValidationError(path, `tags.${reserved} ${show(userTags[reserved])} is set from ${reserved === 'env' ? 'environment' : 'clusterName'}; remove it from tags.`);
      }
    }
    this.tags = renderDatadogTags(
      { ...userTags, cluster: this.clusterName, ...(props.environment !== undefined ? { env: props.environment } : {}) },
      `${path} tags`,
    );

    this.apm = oneOf(path, 'apm', props.apm ?? DatadogApmTransport.SOCKET, DatadogApmTransport, 'DatadogApmTransport');
    this.admissionController = oneOf(path, 'admissionController', props.admissionController ?? DatadogAdmissionController.LABELLED_PODS_ONLY, DatadogAdmissionController, 'DatadogAdmissionController');
    const logShipper = props.logShipperRunning === true;
    this.logCollection = oneOf(
      path,
      'logCollection',
      props.logCollection ?? (logShipper ? DatadogLogCollection.ANNOTATED_ONLY : DatadogLogCollection.ALL_CONTAINERS),
      DatadogLogCollection,
      'DatadogLogCollection',
    );
    if (logShipper && this.logCollection === DatadogLogCollection.ALL_CONTAINERS) {
      throw new ValidationError(
        path,
        `logCollection ${show(this.logCollection)} would collect every container log a second time, because the log shipper (Fluent Bit) also runs; use DatadogLogCollection.ANNOTATED_ONLY (pods opt in with ad.datadoghq.com/<container>.logs) or OFF, or turn the log shipper off (components.logShipper: false).`,
      );
    }

    const hostPortsInUse = props.hostPortsInUse ?? [];
    for (const port of hostPortsInUse) {
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        throw new ValidationError(path, `hostPortsInUse entry ${show(port)} is not a port number from 1 to 65535.`);
      }
    }
    const apmHostPort = this.apm === DatadogApmTransport.HOST_PORT || this.apm === DatadogApmTransport.SOCKET_AND_HOST_PORT;
    if (apmHostPort && hostPortsInUse.includes(DATADOG_APM_PORT)) {
      throw new ValidationError(path, `apm ${show(this.apm)} binds host port ${DATADOG_APM_PORT}, which hostPortsInUse declares taken; use DatadogApmTransport.SOCKET (no host port) or free the port.`);
    }
    const otlp = props.otlp ?? DatadogOtlpReceiver.off();
    if (!(otlp instanceof DatadogOtlpReceiver)) {
      throw new ValidationError(path, `otlp ${show(otlp)} is not a DatadogOtlpReceiver; use DatadogOtlpReceiver.off(), .inCluster() or .hostPorts({...}).`);
    }
    this.otlp = otlp.resolve(path, hostPortsInUse, apmHostPort ? { APM: DATADOG_APM_PORT } : {});

    this.clusterAgentReplicas = props.clusterAgentReplicas ?? 1;
    if (!Number.isInteger(this.clusterAgentReplicas) || this.clusterAgentReplicas < 1) {
      throw new ValidationError(path, `clusterAgentReplicas ${show(this.clusterAgentReplicas)} must be a whole number of at least 1 (2 in prod keeps the admission webhook up during node drains).`);
    }
    this.resources = resolveDatadogResources(props.resources, path);
    this.tolerations = (props.tolerations ?? []).map((t, i) => renderToleration(t, `${path} tolerations[${i}]`));
    this.clusterAgentTolerations = (props.clusterAgentTolerations ?? []).map((t, i) => renderToleration(t, `${path} clusterAgentTolerations[${i}]`));

    this.localServiceName = `${this.releaseName}-agent-local`;
    const localHost = `${this.localServiceName}.${this.namespace}.svc`;
    const endpoint = (port: number, hostPort: boolean) =>
      // With host ports, applications use the node IP (status.hostIP, injected as DD_AGENT_HOST by the admission controller).
      hostPort ? `http://$(DD_AGENT_HOST):${port}` : `http://${localHost}:${port}`;
    if (this.otlp.grpc) this.otlpGrpcEndpoint = endpoint(this.otlp.grpc.port, this.otlp.grpc.hostPort);
    if (this.otlp.http) this.otlpHttpEndpoint = endpoint(this.otlp.http.port, this.otlp.http.hostPort);

    this.release = createChartRelease(this, 'release', {
      chart: Charts.datadog,
      releaseName: this.releaseName,
      namespace: this.namespaceRef,
      values: () => this.chartValues(),
    });

    const review = ReviewArtifacts.of(this);
    review.addComponent(() => ({
      component: 'Datadog agent',
      constructPath: path,
      namespace: this.namespace,
      chart: Charts.datadog,
      // The node agent is a DaemonSet (no replica count: per node); the Cluster Agent is a Deployment.
      resources: this.resources.agent,
      otherWorkloads: [{ name: 'cluster-agent', replicas: this.clusterAgentReplicas, resources: this.resources.clusterAgent }],
    }));
    review.addSummarySection({ title: 'Datadog agent', order: 60, render: () => this.renderSummary() });
  }

  /** The features that are on, for the review summary and the docs. */
  public enabledFeatures(): string[] {
    const p = this.props;
    const features: Array<[boolean, string]> = [
      [this.apm !== DatadogApmTransport.OFF, `APM (${this.apm})`],
      [this.logCollection !== DatadogLogCollection.OFF, `logs (${this.logCollection})`],
      [p.processCollection === true, 'process collection'],
      [p.containerCollection !== false, 'container collection'],
      [p.networkMonitoring === true, 'network monitoring'],
      [p.universalServiceMonitoring === true, 'universal service monitoring'],
      [p.cspm === true, 'CSPM'],
      [p.cws === true, 'CWS'],
      [this.admissionController !== DatadogAdmissionController.OFF, `admission controller (${this.admissionController})`],
      [this.otlp.grpc !== undefined || this.otlp.http !== undefined, 'OTLP intake'],
      [p.prometheusScrape === true, 'OpenMetrics scraping of prometheus.io-annotated pods'],
      [p.bundledOperator === true, 'bundled datadog-operator'],
    ];
    return features.filter(([on]) => on).map(([, name]) => name);
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
        podLabels: { app: `${this.releaseName}-cluster-agent` },
        ingress: [{ from: [PeerRole.DATADOG_AGENT], ports: tcpPorts(5005) }, { from: 'anywhere', ports: tcpPorts(8000) }],
      },
      // DogStatsD, APM and OTLP intake (through the node-local Service).
      {
        name: 'datadog-agent',
        podLabels: this.agentPodLabels,
        ingress: [{ from: [NetworkPeer.allNamespaces()], ports: [{ port: 8125, protocol: 'UDP' }, { port: 8126 }, { port: 4317 }, { port: 4318 }] }],
      },
    ];
  }

  /** None: the cluster agent's budget comes from the chart (values); the node agent is a DaemonSet. */
  public disruptionBudgets(): readonly DisruptionBudgetSpec[] {
    return [];
  }

  /** The node agent DaemonSet (named after the chart's fullname, the release). */
  private get agentPodLabels(): PodLabels {
    return { app: this.releaseName };
  }

  /** datadog chart values. Every key exists in the pinned chart (checked by the tests). */
  public chartValues(): Record<string, unknown> {
    const p = this.props;
    const r = this.resources;
    const logsOn = this.logCollection !== DatadogLogCollection.OFF;
    const otlpProtocol = (protocol: { port: number; hostPort: boolean } | undefined, defaultPort: number) => ({
      enabled: protocol !== undefined,
      endpoint: `0.0.0.0:${protocol?.port ?? defaultPort}`,
      // The chart's default is true; a host port is only bound when asked for explicitly.
      useHostPort: protocol?.hostPort ?? false,
    });
    const otlpOn = this.otlp.grpc !== undefined || this.otlp.http !== undefined;
    const admissionOn = this.admissionController !== DatadogAdmissionController.OFF;
    return {
      fullnameOverride: this.releaseName,
      datadog: {
        // Keys come only from existing Secrets: `apiKey`/`appKey` are never set.
        apiKeyExistingSecret: this.secretName,
        appKeyExistingSecret: this.appKeySecretName,
        site: this.site.site,
        clusterName: this.clusterName,
        tags: [...this.tags],
        // kube-state-metrics already runs in the Prometheus stack; Datadog uses its own
        // kubernetes_state_core check in the Cluster Agent instead of a second KSM.
        kubeStateMetricsEnabled: false,
        logs: {
          enabled: logsOn,
          containerCollectAll: this.logCollection === DatadogLogCollection.ALL_CONTAINERS,
        },
        apm: {
          socketEnabled: this.apm === DatadogApmTransport.SOCKET || this.apm === DatadogApmTransport.SOCKET_AND_HOST_PORT,
          portEnabled: this.apm === DatadogApmTransport.HOST_PORT || this.apm === DatadogApmTransport.SOCKET_AND_HOST_PORT,
          port: DATADOG_APM_PORT,
        },
        processAgent: {
          processCollection: p.processCollection === true,
          stripProcessArguments: p.stripProcessArguments !== false,
          containerCollection: p.containerCollection !== false,
        },
        networkMonitoring: { enabled: p.networkMonitoring === true },
        serviceMonitoring: { enabled: p.universalServiceMonitoring === true },
        securityAgent: {
          compliance: { enabled: p.cspm === true },
          runtime: { enabled: p.cws === true },
        },
        otlp: {
          receiver: {
            protocols: {
              grpc: otlpProtocol(this.otlp.grpc, 4317),
              http: otlpProtocol(this.otlp.http, 4318),
            },
          },
          logs: { enabled: this.otlp.logs },
        },
        prometheusScrape: { enabled: p.prometheusScrape === true, serviceEndpoints: false, version: 2 },
        // The bundled operator subchart is on in the chart's defaults; off unless asked for.
        operator: { enabled: p.bundledOperator === true },
        // The datadog-crds subchart's condition: keep it (and workload autoscaling) off.
        autoscaling: { workload: { enabled: false } },
      },
      clusterAgent: {
        enabled: true,
        replicas: this.clusterAgentReplicas,
        ...(p.clusterAgentTokenSecretName !== undefined ? { tokenExistingSecret: p.clusterAgentTokenSecretName } : {}),
        resources: r.clusterAgent,
        tolerations: this.clusterAgentTolerations,
        // One replica with minAvailable 1 would block every node drain: a PDB only with 2+ replicas.
        pdb: this.clusterAgentReplicas > 1 ? { create: true, minAvailable: 1 } : { create: false },
        admissionController: {
          enabled: admissionOn,
          mutateUnlabelled: this.admissionController === DatadogAdmissionController.ALL_PODS,
        },
        // The image's dd-agent user (uid 100, group root), numeric so that the kubelet can verify runAsNonRoot.
        securityContext: { runAsNonRoot: true, runAsUser: 100, seccompProfile: RUNTIME_DEFAULT_SECCOMP },
        containers: {
          clusterAgent: {
            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
          },
          initContainers: { resources: r.initContainers, securityContext: { ...HARDENED_CONTAINER } },
        },
      },
      agents: {
        tolerations: this.tolerations,
        containers: {
          agent: { resources: r.agent },
          traceAgent: { resources: r.traceAgent },
          processAgent: { resources: r.processAgent },
          systemProbe: { resources: r.systemProbe },
          securityAgent: { resources: r.securityAgent },
          // The node agent runs as root (host sockets, /proc, /var/log/pods): see the exceptions in
          // lib/security/safe-defaults-exceptions.ts. Its init containers only copy configuration into volumes.
          initContainers: { resources: r.initContainers, securityContext: { allowPrivilegeEscalation: false, seccompProfile: RUNTIME_DEFAULT_SECCOMP } },
        },
        localService: { overrideName: this.localServiceName, forceLocalServiceEnabled: otlpOn },
      },
    };
  }

  private renderSummary(): string {
    const lines = [
      `- site: ${this.site.name} (${this.site.site}), cluster: ${this.clusterName}`,
      `- keys: existing Secret ${this.secretName}${this.appKeySecretName !== this.secretName ? ` (app key: ${this.appKeySecretName})` : ''}`,
      `- tags: ${this.tags.join(', ')}`,
      `- features: ${this.enabledFeatures().join(', ') || 'none'}`,
      `- Cluster Agent replicas: ${this.clusterAgentReplicas}${this.clusterAgentReplicas > 1 ? ' (PodDisruptionBudget minAvailable 1)' : ''}`,
    ];
    return lines.join('\n');
  }
}

function checkSecretName(path: string, name: string, value: unknown): string {
  if (value === undefined || value === null || value === '') {
    throw new ValidationError(
      path,
      `${name} ${show(value)} names no Secret; the Datadog agent reads its keys only from an existing Kubernetes Secret. Create one with keys api-key and app-key (kubectl -n <namespace> create secret generic datadog-keys --from-literal=api-key=... --from-literal=app-key=...) and pass ${name}: "datadog-keys".`,
    );
  }
  refuseCredentialAsSecretName(value, path, name, 'datadog-keys');
  if (typeof value !== 'string' || !SECRET_NAME.test(value)) {
    throw new ValidationError(path, `${name} ${show(value)} is not a valid Kubernetes Secret name; use lowercase letters, digits, '-' and '.', e.g. "datadog-keys".`);
  }
  return value;
}

function oneOf<T extends string>(path: string, name: string, value: T, options: Record<string, T>, typeName: string): T {
  if (!Object.values(options).includes(value)) {
    throw new ValidationError(path, `${name} ${show(value)} is not one of ${Object.values(options).join(', ')} (${typeName}.*).`);
  }
  return value;
}

function renderToleration(toleration: DatadogToleration, where: string): Record<string, string> {
  if (!(toleration instanceof DatadogToleration)) {
    throw new ValidationError(where, `${show(toleration)} is not a DatadogToleration; use DatadogToleration.all(), DatadogToleration.exists(key) or DatadogToleration.equal(key, value).`);
  }
  return toleration.render(where);
}

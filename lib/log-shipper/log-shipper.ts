import { Release } from '@cdktf/provider-helm/lib/release';
import { Construct } from 'constructs';
import { DisruptionBudgetSpec, IMonitoringComponent, NetworkPolicySpec, PeerIdentity } from '../contracts/monitoring-component';
import { PeerRole, PodLabels, recommendedPodLabels, tcpPorts } from '../contracts/network-peer';
import { INamespace, NamespaceProp, resolveNamespace } from '../core/namespace';
import { createChartRelease } from '../core/chart-release';
import { refuseCredentialAsSecretName } from '../core/secret-reference';
import { checkReleaseName } from '../core/input-checks';
import { Charts } from '../core/charts';
import { ResourceRequirements, validateResources } from '../core/resources';
import { ValidationError, show } from '../core/validation-error';
import { ILokiPushTarget } from '../loki/loki-push-target';
import { ReviewArtifacts } from '../review/review-artifacts';
import { DatadogLogsOutput } from './datadog-logs';
import { FLUENT_BIT_HTTP_PORT, FluentBitPipeline, renderFluentBitPipeline } from './fluent-bit-pipeline';

/** Props of {@link LogShipper}. */
export interface LogShipperProps {
  /** Namespace to install into (usually `MonitoringNamespace.namespaceName`). */
  readonly namespace: NamespaceProp;
  /** Where logs go: the `Loki` construct (or another {@link ILokiPushTarget}). */
  readonly loki: ILokiPushTarget;
  /** Helm release name. @default 'fluent-bit' */
  readonly releaseName?: string;
  /** Constant stream labels, e.g. `{ cluster: 'prod-eu-1' }`; keep them few and low-cardinality. @default {} */
  readonly staticLabels?: Record<string, string>;
  /** Pod label whose value becomes the `app` stream label. @default 'app' (the seeds' convention) */
  readonly appLabel?: string;
  /** Also ship to Datadog (API key from an existing Secret). @default Loki only */
  readonly datadog?: DatadogLogsOutput;
  /** Requests and limits of each Fluent Bit pod. @default 50m/64Mi requests, 500m/256Mi limits */
  readonly resources?: ResourceRequirements;
  /** Tail memory buffer, MB; above it Fluent Bit pauses reading until Loki catches up. @default 50 */
  readonly memBufLimitMB?: number;
}

const DNS_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const DEFAULT_RESOURCES: ResourceRequirements = { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } };

/**
 * Fluent Bit as a DaemonSet (fluent-bit chart): tails every container's log, adds Kubernetes
 * metadata, parses JSON application logs and pushes them to Loki through the typed push target, with
 * labels namespace/app/container/level only; optionally to Datadog as well. Promtail, the old
 * choice, is end-of-life.
 */
export class LogShipper extends Construct implements IMonitoringComponent {
  /** Namespace the DaemonSet runs in. */
  public readonly namespace: string;
  /** The namespace as given, which the releases wait for when this program creates it. */
  private readonly namespaceRef: INamespace;
  /** Helm release name (the `releaseName` prop, default `fluent-bit`). */
  public readonly releaseName: string;
  /** Where the shipper pushes. */
  public readonly lokiPushUrl: string;
  /** The fluent-bit chart release. */
  public readonly release: Release;

  private readonly props: LogShipperProps;
  private readonly resources: ResourceRequirements;
  private readonly pipeline: FluentBitPipeline;

  constructor(scope: Construct, id: string, props: LogShipperProps) {
    super(scope, id);
    const path = this.node.path;
    this.props = props;
    this.namespaceRef = resolveNamespace(props.namespace, path);
    this.namespace = this.namespaceRef.namespaceName;
    this.releaseName = checkReleaseName(props.releaseName ?? 'fluent-bit', path);
    if (!props.loki || typeof props.loki.pushHost !== 'string' || !Number.isInteger(props.loki.pushPort)) {
      throw new ValidationError(path, `loki ${show(props.loki)} is not a Loki push target; pass the Loki construct (\`loki: loki\`).`);
    }
    const memBuf = props.memBufLimitMB ?? 50;
    if (!Number.isInteger(memBuf) || memBuf < 5) {
      throw new ValidationError(path, `memBufLimitMB ${show(memBuf)} must be a whole number of at least 5.`);
    }
    if (props.datadog !== undefined) {
      refuseCredentialAsSecretName(props.datadog.apiKeySecret, path, 'datadog.apiKeySecret', 'datadog-keys');
      if (typeof props.datadog.apiKeySecret !== 'string' || !DNS_NAME.test(props.datadog.apiKeySecret)) {
        throw new ValidationError(path, `datadog.apiKeySecret ${show(props.datadog.apiKeySecret)} is not a valid Kubernetes Secret name; name an existing Secret, e.g. "datadog-keys".`);
      }
      if (props.datadog.apiKeySecretKey !== undefined && !/^[-._a-zA-Z0-9]+$/.test(props.datadog.apiKeySecretKey)) {
        throw new ValidationError(path, `datadog.apiKeySecretKey ${show(props.datadog.apiKeySecretKey)} is not a valid Secret key (letters, digits, '-', '_', '.').`);
      }
    }
    this.resources = validateResources(props.resources ?? DEFAULT_RESOURCES, `${path} resources`);
    this.lokiPushUrl = props.loki.lokiPushUrl;
    this.pipeline = renderFluentBitPipeline(
      { loki: props.loki, appLabel: props.appLabel ?? 'app', staticLabels: props.staticLabels ?? {}, memBufLimitMB: memBuf, datadog: props.datadog },
      path,
    );

    this.release = createChartRelease(this, 'release', {
      chart: Charts.fluentBit,
      releaseName: this.releaseName,
      namespace: this.namespaceRef,
      values: () => this.chartValues(),
    });

    const review = ReviewArtifacts.of(this);
    review.addComponent(() => ({
      component: props.datadog ? 'LogShipper (Fluent Bit → Loki + Datadog)' : 'LogShipper (Fluent Bit → Loki)',
      constructPath: path,
      namespace: this.namespace,
      chart: Charts.fluentBit,
      resources: this.resources,
    }));
    review.addFile('log-shipper/fluent-bit.conf', () => this.fluentBitConfig(), path);
  }

  /** The whole Fluent Bit configuration as the pods read it, for review. */
  public fluentBitConfig(): string {
    const p = this.pipeline;
    return [p.service, p.inputs, p.filters, p.outputs].join('\n');
  }

  /** As a client: Fluent Bit pushes to Loki's gateway. */
  public peerIdentities(): readonly PeerIdentity[] {
    return [{ role: PeerRole.LOG_SHIPPER, description: 'Fluent Bit', podLabels: this.podLabels }];
  }

  /** Metrics for Prometheus only. */
  public networkPolicies(): readonly NetworkPolicySpec[] {
    return [{ name: 'fluent-bit', podLabels: this.podLabels, ingress: [{ from: [PeerRole.PROMETHEUS], ports: tcpPorts(FLUENT_BIT_HTTP_PORT) }] }];
  }

  /** None: a DaemonSet, one pod per node. */
  public disruptionBudgets(): readonly DisruptionBudgetSpec[] {
    return [];
  }

  private get podLabels(): PodLabels {
    return recommendedPodLabels('fluent-bit', this.releaseName);
  }

  /** fluent-bit chart values. Every key exists in the pinned chart (checked by the tests). */
  public chartValues(): Record<string, unknown> {
    const datadog = this.props.datadog;
    return {
      kind: 'DaemonSet',
      fullnameOverride: this.releaseName,
      testFramework: { enabled: false },
      // Reading host logs under /var/log needs root; everything else is locked down.
      podSecurityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      securityContext: {
        runAsUser: 0,
        runAsNonRoot: false,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      },
      resources: this.resources,
      // Control-plane and tainted nodes have logs too.
      tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }],
      podAnnotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(FLUENT_BIT_HTTP_PORT), 'prometheus.io/path': '/api/v2/metrics/prometheus' },
      env: datadog
        ? [{ name: 'DD_API_KEY', valueFrom: { secretKeyRef: { name: datadog.apiKeySecret, key: datadog.apiKeySecretKey ?? 'api-key' } } }]
        : [],
      config: {
        service: this.pipeline.service,
        inputs: this.pipeline.inputs,
        filters: this.pipeline.filters,
        outputs: this.pipeline.outputs,
      },
    };
  }
}

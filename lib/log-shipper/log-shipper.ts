import { Release } from '@cdktf/provider-helm/lib/release';
import { Construct } from 'constructs';
import { DisruptionBudgetSpec, IMonitoringComponent, NetworkPolicySpec, PeerIdentity } from '../contracts/monitoring-component';
import { PeerRole, PodLabels, recommendedPodLabels, tcpPorts } from '../contracts/network-peer';
import { createChartRelease } from '../core/chart-release';
import { Charts } from '../core/charts';
import { ReviewArtifacts } from '../review/review-artifacts';
import { FLUENT_BIT_HTTP_PORT } from './fluent-bit-pipeline';
import { LogShipperProps } from './log-shipper-props';
import { logShipperValues } from './log-shipper-values';
import { ResolvedLogShipper, resolveLogShipper } from './resolve-log-shipper';

/**
 * Fluent Bit as a DaemonSet (fluent-bit chart): tails every container's log, adds Kubernetes
 * metadata, parses JSON application logs and pushes them to Loki through the typed push target, with
 * labels namespace/app/container/level only; optionally to Datadog as well. Promtail, the old
 * choice, is end-of-life.
 */
export class LogShipper extends Construct implements IMonitoringComponent {
  /** Namespace the DaemonSet runs in. */
  public readonly namespace: string;
  /** Helm release name (the `releaseName` prop, default `fluent-bit`). */
  public readonly releaseName: string;
  /** Where the shipper pushes. */
  public readonly lokiPushUrl: string;
  /** The fluent-bit chart release. */
  public readonly release: Release;

  private readonly settings: ResolvedLogShipper;

  constructor(scope: Construct, id: string, props: LogShipperProps) {
    super(scope, id);
    const path = this.node.path;
    this.settings = resolveLogShipper(props, path);
    this.namespace = this.settings.namespace.namespaceName;
    this.releaseName = this.settings.releaseName;
    this.lokiPushUrl = this.settings.lokiPushUrl;

    this.release = createChartRelease(this, 'release', {
      chart: Charts.fluentBit,
      releaseName: this.releaseName,
      namespace: this.settings.namespace,
      values: () => logShipperValues(this.settings),
    });

    const review = ReviewArtifacts.of(this);
    review.addComponent(() => ({
      component: this.settings.datadogApiKey ? 'LogShipper (Fluent Bit → Loki + Datadog)' : 'LogShipper (Fluent Bit → Loki)',
      constructPath: path,
      namespace: this.namespace,
      chart: Charts.fluentBit,
      resources: this.settings.resources,
    }));
    review.addFile('log-shipper/fluent-bit.conf', () => this.fluentBitConfig(), path);
  }

  /** The whole Fluent Bit configuration as the pods read it, for review. */
  public fluentBitConfig(): string {
    const p = this.settings.pipeline;
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
}

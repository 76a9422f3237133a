import type { ITerraformDependable } from 'cdktf';
import type { PeerIdentity } from '../contracts/monitoring-component';
import type { IngressRule, PodLabels } from '../contracts/network-peer';
import type { ChartValuesOverride } from '../core/chart-values-override';
import type { HelmChartRef } from '../core/charts';
import type { NamespaceProp } from '../core/namespace';
import type { ResourceRequirements } from '../core/resources';

/**
 * Props of {@link ExtensionRelease}: a Helm release of a pinned chart (`chart` and `values`) or of
 * Kubernetes objects (`manifests`, delivered like the rule packs), plus what the stack's network
 * policies, disruption budgets and review need to know about its pods.
 */
export interface ExtensionReleaseProps {
  /** Namespace to install into: the stack's `MonitoringNamespace` (the release then waits for it) or an existing namespace's name. */
  readonly namespace: NamespaceProp;
  /** Helm release name (unique in the namespace); also the name of its NetworkPolicy and PodDisruptionBudget. */
  readonly releaseName: string;
  /** A pinned chart from its repository; give this or `manifests`. @default none */
  readonly chart?: HelmChartRef;
  /** The chart's values, literal (Secrets by name); a function is called at synth. @default {} */
  readonly values?: Readonly<Record<string, unknown>> | (() => Record<string, unknown>);
  /** Kubernetes objects to deliver instead of a chart (custom resources included); a function is called at synth. @default none */
  readonly manifests?: ReadonlyArray<Record<string, unknown>> | (() => ReadonlyArray<Record<string, unknown>>);
  /** Chart values merged last over `values`, listed in the review (charts only). @default none */
  readonly chartValues?: ChartValuesOverride;
  /** What it is, for the review's component table (e.g. `Webhook proxy`). @default 'Extension' */
  readonly description?: string;
  /** Labels of the release's pods: what its NetworkPolicy and disruption budget select. @default none (no pods, e.g. only custom resources) */
  readonly podLabels?: PodLabels;
  /**
   * Who may reach the pods (the namespace's default deny blocks everything else), e.g.
   * `[{ from: [PeerRole.ALERTMANAGER], ports: tcpPorts(8080) }]` for a webhook proxy.
   * @default none: only the default deny applies, nothing reaches the pods
   */
  readonly ingress?: readonly IngressRule[];
  /** Roles the pods play as clients of the stack's components (rarely: the stack runs one component per role). @default none */
  readonly peerIdentities?: readonly PeerIdentity[];
  /** Whether the stack creates a PodDisruptionBudget (maxUnavailable 1) for the pods; for 2+ replicas whose chart has none. @default false */
  readonly disruptionBudget?: boolean;
  /** Replicas of the main workload, for the review. @default not shown (per node) */
  readonly replicas?: number;
  /** Requests and limits per replica, for the review's sizing. @default not shown */
  readonly resources?: ResourceRequirements;
  /** Terraform resources to apply first besides the namespace (e.g. the Prometheus release for its CRDs). @default none */
  readonly dependsOn?: ITerraformDependable[];
}

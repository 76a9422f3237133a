import { Release } from '@cdktf/provider-helm/lib/release';
import { Construct } from 'constructs';
import { DisruptionBudgetSpec, IMonitoringComponent, NetworkPolicySpec, PeerIdentity } from '../contracts/monitoring-component';
import { checkIngressRules } from '../contracts/ingress-rule-checks';
import { IngressRule, PodLabels } from '../contracts/network-peer';
import { createChartRelease } from '../core/chart-release';
import { checkChartValuesOverride } from '../core/chart-values-override';
import { checkOptionalStringMap, checkReleaseName, checkReplicas } from '../core/input-checks';
import { ManifestsRelease } from '../core/manifests-release';
import { INamespace, resolveNamespace } from '../core/namespace';
import { ResourceRequirements, validateResources } from '../core/resources';
import { ValidationError, show } from '../core/validation-error';
import { ReviewArtifacts } from '../review/review-artifacts';
import { ExtensionReleaseProps } from './extension-release-props';

export type { ExtensionReleaseProps } from './extension-release-props';

/**
 * A release of your own next to the stack's components (a webhook proxy, an exporter, custom
 * resources) that keeps the stack's wiring: it waits for the namespace, its values go through the one
 * escaping path (credentials refused), it appears in the review, and it is an
 * {@link IMonitoringComponent}, so once registered with `MonitoringStack.addComponent` (or given to
 * `MonitoringNetworkPolicies`) its pods get a NetworkPolicy that lets in exactly its `ingress`, e.g.
 * `ingress: [{ from: [PeerRole.ALERTMANAGER], ports: tcpPorts(8080) }]`.
 */
export class ExtensionRelease extends Construct implements IMonitoringComponent {
  /** The namespace the release installs into. */
  public readonly namespace: string;
  /** The Helm release name. */
  public readonly releaseName: string;
  /** The helm_release (of the chart, or of the package's manifests chart). */
  public readonly release: Release;

  private readonly podLabels?: PodLabels;
  private readonly ingress: readonly IngressRule[];
  private readonly identities: readonly PeerIdentity[];
  private readonly budget: boolean;

  constructor(scope: Construct, id: string, props: ExtensionReleaseProps) {
    super(scope, id);
    const path = this.node.path;
    if (typeof props !== 'object' || props === null) throw new ValidationError(path, `props ${show(props)} are missing; pass { namespace, releaseName, chart or manifests }.`);
    const namespace: INamespace = resolveNamespace(props.namespace, path);
    this.namespace = namespace.namespaceName;
    this.releaseName = checkReleaseName(props.releaseName, path);
    if ((props.chart === undefined) === (props.manifests === undefined)) {
      throw new ValidationError(path, `give exactly one of chart (a pinned Helm chart with values) and manifests (Kubernetes objects); got ${props.chart === undefined ? 'neither' : 'both'}.`);
    }
    this.podLabels = props.podLabels === undefined ? undefined : checkOptionalStringMap(props.podLabels, path, 'podLabels', "{ 'app.kubernetes.io/name': 'webhook-proxy' }");
    if (this.podLabels !== undefined && Object.keys(this.podLabels).length === 0) {
      throw new ValidationError(path, "podLabels {} would select every pod of the namespace; give the labels of this release's pods, e.g. { 'app.kubernetes.io/instance': 'webhook-proxy' }.");
    }
    this.ingress = props.ingress === undefined ? [] : checkIngressRules(props.ingress, `${path} ingress`);
    this.identities = props.peerIdentities ?? [];
    this.budget = props.disruptionBudget ?? false;
    if ((this.ingress.length > 0 || this.budget || this.identities.length > 0) && this.podLabels === undefined) {
      throw new ValidationError(path, "ingress, disruptionBudget and peerIdentities need podLabels (the labels of the release's pods), e.g. podLabels: { 'app.kubernetes.io/instance': 'webhook-proxy' }.");
    }
    const replicas = props.replicas === undefined ? undefined : checkReplicas(props.replicas, path);
    const resources: ResourceRequirements | undefined = props.resources === undefined ? undefined : validateResources(props.resources, `${path} resources`);

    if (props.chart !== undefined) {
      const staticValues = typeof props.values === 'function' || props.values === undefined ? undefined : checkChartValuesOverride(props.values, path, 'values');
      const values = props.values;
      this.release = createChartRelease(this, 'release', {
        chart: props.chart,
        releaseName: this.releaseName,
        namespace,
        chartValues: props.chartValues,
        values: () => (typeof values === 'function' ? { ...checkChartValuesOverride(values(), path, 'values') } : { ...(staticValues ?? {}) }),
        dependsOn: props.dependsOn,
      });
    } else {
      if (props.chartValues !== undefined) throw new ValidationError(path, 'chartValues applies to a chart release; with manifests, change the objects themselves.');
      const manifests = props.manifests!;
      if (typeof manifests !== 'function' && !Array.isArray(manifests)) throw new ValidationError(path, `manifests ${show(manifests)} is not a list of Kubernetes objects; pass e.g. [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: {} }].`);
      this.release = new ManifestsRelease(this, 'manifests', {
        releaseName: this.releaseName,
        namespace,
        manifests: () => {
          const objects = typeof manifests === 'function' ? manifests() : manifests;
          objects.forEach((object, index) => checkChartValuesOverride(object, `${path} manifests[${index}]`, 'manifest'));
          return objects;
        },
        dependsOn: props.dependsOn,
      }).release;
    }

    ReviewArtifacts.of(this).addComponent(() => ({
      component: props.description ?? 'Extension',
      constructPath: path,
      namespace: this.namespace,
      ...(props.chart !== undefined ? { chart: props.chart } : {}),
      ...(replicas !== undefined ? { replicas } : {}),
      ...(resources !== undefined ? { resources } : {}),
    }));
  }

  /** The roles given in `peerIdentities`. */
  public peerIdentities(): readonly PeerIdentity[] {
    return this.identities;
  }

  /** One policy named after the release, letting in `ingress`; none without ingress (the default deny then applies). */
  public networkPolicies(): readonly NetworkPolicySpec[] {
    if (this.podLabels === undefined || this.ingress.length === 0) return [];
    return [{ name: this.releaseName, podLabels: this.podLabels, ingress: this.ingress }];
  }

  /** One budget named after the release when `disruptionBudget` is on. */
  public disruptionBudgets(): readonly DisruptionBudgetSpec[] {
    return this.budget && this.podLabels !== undefined ? [{ name: this.releaseName, podLabels: this.podLabels }] : [];
  }
}

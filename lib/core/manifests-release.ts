import { AssetType, ITerraformDependable, Lazy, TerraformAsset, TerraformStack } from 'cdktf';
import { Release } from '@cdktf/provider-helm/lib/release';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { packageRoot } from './package-root';
import { renderChartValues } from './chart-release';

/** Props of {@link ManifestsRelease}. */
export interface ManifestsReleaseProps {
  /** Helm release name (unique in the namespace). */
  readonly releaseName: string;
  readonly namespace: string;
  /** The Kubernetes objects, rendered at synth. */
  readonly manifests: () => ReadonlyArray<Record<string, unknown>>;
  /** Usually the release that installs the CRDs of these objects. */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Delivers Kubernetes objects, custom resources included, as a small Helm release of the package's
 * own `charts/manifests` chart. Unlike `kubernetes_manifest`, Helm does not need the CRD when
 * Terraform plans, so a PrometheusRule installs in the same `cdktf deploy` as the operator; and each
 * group of objects is its own resource, so changing one alert changes one small release.
 */
export class ManifestsRelease extends Construct {
  public readonly release: Release;

  constructor(scope: Construct, id: string, props: ManifestsReleaseProps) {
    super(scope, id);
    const chart = manifestsChart(this);
    this.release = new Release(this, 'release', {
      name: props.releaseName,
      namespace: props.namespace,
      chart: chart.path,
      atomic: true,
      cleanupOnFail: true,
      wait: true,
      timeout: 300,
      maxHistory: 5,
      values: [Lazy.stringValue({ produce: () => renderChartValues({ manifests: props.manifests() }) })],
      dependsOn: props.dependsOn,
    });
  }
}

/** One copy of the chart per stack, under `cdktf.out/stacks/<stack>/assets/`, shared by all releases. */
function manifestsChart(scope: Construct): TerraformAsset {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild('manifests-chart');
  if (existing instanceof TerraformAsset) return existing;
  return new TerraformAsset(stack, 'manifests-chart', {
    path: join(packageRoot(), 'charts', 'manifests'),
    type: AssetType.DIRECTORY,
  });
}

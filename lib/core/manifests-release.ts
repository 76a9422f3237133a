import { AssetType, ITerraformDependable, TerraformAsset, TerraformStack, Token } from 'cdktf';
import { Release } from '@cdktf/provider-helm/lib/release';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { packageRoot } from './package-root';
import { renderChartValues, renderChartValuesAsJson } from './chart-release';
import { INamespace, dependsOnEntries } from './namespace';
import { SynthValues } from './synth-values';
import { withoutStackTraces } from './without-stack-traces';

/** Props of {@link ManifestsRelease}. */
export interface ManifestsReleaseProps {
  /** Helm release name (unique in the namespace). */
  readonly releaseName: string;
  /** Namespace the release (and its namespaced objects) installs into; the release waits for it. */
  readonly namespace: INamespace;
  /** The Kubernetes objects, rendered at synth. */
  readonly manifests: () => ReadonlyArray<Record<string, unknown>>;
  /** Besides the namespace: usually the release that installs the CRDs of these objects. @default none */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * Write the values as indented JSON instead of YAML. Helm reads JSON as YAML, and JSON costs nothing
   * to render, which matters for objects generated in bulk (a rule pack per service). Not for objects
   * that carry multi-line text (a ConfigMap with a file): JSON puts such text on one line, so the plan
   * would show the whole file as changed.
   * @default false (YAML)
   */
  readonly valuesAsJson?: boolean;
}

/**
 * Delivers Kubernetes objects, custom resources included, as a small Helm release of the package's
 * own `charts/manifests` chart. Unlike `kubernetes_manifest`, Helm does not need the CRD when
 * Terraform plans, so a PrometheusRule installs in the same `cdktf deploy` as the operator; and each
 * group of objects is its own resource, so changing one alert changes one small release.
 */
export class ManifestsRelease extends Construct {
  /** The Helm release of the package's `charts/manifests` chart that carries the objects. */
  public readonly release: Release;

  constructor(scope: Construct, id: string, props: ManifestsReleaseProps) {
    super(scope, id);
    const chart = manifestsChart(this);
    this.release = withoutStackTraces(() => new Release(this, 'release', {
      name: props.releaseName,
      namespace: props.namespace.namespaceName,
      chart: chart.path,
      atomic: true,
      cleanupOnFail: true,
      wait: true,
      timeout: 300,
      maxHistory: 5,
      values: [
        Token.asString(
          new SynthValues(() => {
            const values = { manifests: props.manifests() };
            return props.valuesAsJson ? renderChartValuesAsJson(values) : renderChartValues(values);
          }),
        ),
      ],
    }));
    this.release.dependsOn = dependsOnEntries([props.namespace.resource, ...(props.dependsOn ?? [])]);
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

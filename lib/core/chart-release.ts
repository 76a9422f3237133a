import { ITerraformDependable, Token } from 'cdktf';
import { Release } from '@cdktf/provider-helm/lib/release';
import { Construct } from 'constructs';
import { HelmChartRef } from './charts';
import { ChartValuesOverride, checkChartValuesOverride, mergeChartValues, recordChartValuesOverride } from './chart-values-override';
import { INamespace, dependsOnEntries } from './namespace';
import { SynthValues } from './synth-values';
import { escapeTerraformTemplate } from './terraform-escape';
import { toYaml } from './yaml';
import { withoutStackTraces } from './without-stack-traces';

/** Props of {@link createChartRelease}. */
export interface ChartReleaseProps {
  /** The pinned chart. */
  readonly chart: HelmChartRef;
  /** Helm release name. */
  readonly releaseName: string;
  /** Namespace the release installs into; the release waits for it when this program creates it. */
  readonly namespace: INamespace;
  /** Renders the chart values; called at synth, so later `add*` calls on the construct count. */
  readonly values: () => Record<string, unknown>;
  /** How long Helm waits for the release's resources to become ready, in seconds. @default 600 */
  readonly timeoutSeconds?: number;
  /** Terraform resources that must be applied before this release, besides the namespace. @default none */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * Chart values deep-merged last over `values` (see {@link ChartValuesOverride}): checked here (no
   * credentials, no tokens), listed in the review, escaped like the rest.
   * @default none
   */
  readonly chartValues?: ChartValuesOverride;
}

/**
 * A helm_release with deliberate failure handling: `atomic` and `cleanup_on_fail` so a failed install
 * does not leave a release that blocks the next apply, a longer timeout than Helm's 300 s (operators
 * and StatefulSets take time), and bounded history. Values are YAML with Terraform's template
 * characters escaped, so `{{ $labels.x }}` and `${datasource}` arrive literally.
 */
export function createChartRelease(scope: Construct, id: string, props: ChartReleaseProps): Release {
  const override = props.chartValues === undefined ? undefined : checkChartValuesOverride(props.chartValues, scope.node.path);
  if (override !== undefined) {
    recordChartValuesOverride(scope, { constructPath: scope.node.path, releaseName: props.releaseName, chart: props.chart, values: override });
  }
  const release = withoutStackTraces(() => new Release(scope, id, {
    name: props.releaseName,
    namespace: props.namespace.namespaceName,
    repository: props.chart.repository,
    chart: props.chart.chart,
    version: props.chart.version,
    atomic: true,
    cleanupOnFail: true,
    wait: true,
    timeout: props.timeoutSeconds ?? 600,
    maxHistory: 10,
    values: [Token.asString(new SynthValues(() => renderChartValues(mergeChartValues(props.values(), override))))],
  }));
  release.dependsOn = dependsOnEntries([props.namespace.resource, ...(props.dependsOn ?? [])]);
  return release;
}

/** The values text as it appears in Terraform JSON (escaped). */
export function renderChartValues(values: Record<string, unknown>): string {
  return escapeLiteralValues(toYaml(values));
}

/**
 * The values as indented JSON, which Helm reads as YAML (JSON is YAML). For the releases that carry
 * generated objects (rule packs, one per service at scale): a serializer that costs nothing, while a
 * changed alert is still a changed line in the plan. People read those objects as YAML in the review
 * artifacts instead.
 */
export function renderChartValuesAsJson(values: Record<string, unknown>): string {
  return escapeLiteralValues(`${JSON.stringify(values, null, 2)}\n`);
}

function escapeLiteralValues(text: string): string {
  // Escaping would break a cdktf token (`${TfToken[...]}`); values must be literal text.
  if (Token.isUnresolved(text)) {
    throw new Error('chart values contain a cdktf token; pass literal values (Secrets by name, not by reference).');
  }
  return escapeTerraformTemplate(text);
}

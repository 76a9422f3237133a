import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ManifestsRelease } from '../core/manifests-release';
import { INamespace } from '../core/namespace';
import { ValidationError, show } from '../core/validation-error';
import { renderRuleFile } from '../rules/rule-file';
import { IRulePack } from '../rules/rule-pack';

/** Props of {@link PrometheusRuleRelease}. */
export interface PrometheusRuleReleaseProps {
  /** Namespace of the PrometheusRule (Prometheus's namespace). */
  readonly namespace: INamespace;
  /** The kube-prometheus-stack release name, used as the `release` label and the name prefix. */
  readonly releaseName: string;
  /** The rule pack; its name names the release and the PrometheusRule. */
  readonly pack: IRulePack;
  /** The kube-prometheus-stack release, which installs the PrometheusRule CRD. */
  readonly dependsOn: ITerraformDependable[];
}

const PACK_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * The largest PrometheusRule a pack may become, in bytes of JSON: Kubernetes objects are limited to
 * about 1 MiB (etcd's request limit; Helm also keeps each release in a Secret of at most 1 MiB), and
 * the operator copies each PrometheusRule's rules into a ConfigMap, which holds at most 1 MiB.
 */
export const MAX_PROMETHEUS_RULE_BYTES = 1024 * 1024;

/**
 * One rule pack as one PrometheusRule in its own small Helm release (`<release>-rules-<pack>`),
 * installed after the operator's release. One alert changed is one release changed, by a few lines.
 */
export class PrometheusRuleRelease extends ManifestsRelease {
  /** The rule file of a pack, as promtool and the review artifacts read it. */
  public static ruleFile(pack: IRulePack): string {
    return renderRuleFile(pack.ruleGroups);
  }

  /** The PrometheusRule object of a pack. */
  public static manifest(pack: IRulePack, namespace: string, releaseName: string): Record<string, unknown> {
    return {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: {
        name: `${releaseName}-${pack.name}`,
        namespace,
        // Not needed with ruleSelectorNilUsesHelmValues=false, but keeps the rules selected if a user
        // turns the chart's release-label selector back on.
        labels: { release: releaseName, 'app.kubernetes.io/part-of': 'monitoring', 'monitoring.platform/rule-pack': pack.name },
      },
      spec: { groups: pack.ruleGroups.map((group) => group.toJSON()) },
    };
  }

  constructor(scope: Construct, id: string, props: PrometheusRuleReleaseProps) {
    const helmReleaseName = `${props.releaseName}-rules-${props.pack.name}`;
    if (!PACK_NAME.test(props.pack.name) || helmReleaseName.length > 53) {
      throw new ValidationError(
        scope.node.path,
        `rule pack name ${show(props.pack.name)} cannot name the Helm release ${show(helmReleaseName)}; use lowercase letters, digits and '-' and keep the release name within Helm's 53 characters.`,
      );
    }
    // Refused here, where the pack is added, rather than by the API server at deploy time.
    const bytes = Buffer.byteLength(JSON.stringify(PrometheusRuleRelease.manifest(props.pack, props.namespace.namespaceName, props.releaseName)));
    if (bytes > MAX_PROMETHEUS_RULE_BYTES) {
      throw new ValidationError(
        scope.node.path,
        `rule pack ${show(props.pack.name)} makes a PrometheusRule of ${bytes} bytes, above the ${MAX_PROMETHEUS_RULE_BYTES} bytes (1 MiB) that a Kubernetes object and the operator's rule ConfigMap can hold; split it into several packs (e.g. one per service or team, each with its own \`name\`).`,
      );
    }
    super(scope, id, {
      releaseName: helmReleaseName,
      namespace: props.namespace,
      manifests: () => [PrometheusRuleRelease.manifest(props.pack, props.namespace.namespaceName, props.releaseName)],
      dependsOn: props.dependsOn,
      // Structured objects, one release per pack and thousands at scale: JSON renders for free, and a
      // changed rule is still one changed line. Reviewers read the pack as YAML in rules/<pack>.yaml.
      valuesAsJson: true,
    });
  }
}

import { createHash } from 'node:crypto';
import { ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { renderChartValuesAsJson } from '../core/chart-release';
import { ManifestsRelease } from '../core/manifests-release';
import { INamespace } from '../core/namespace';
import { ValidationError, show } from '../core/validation-error';
import { RuleGroup } from '../rules/rule-group';
import { renderRuleFile } from '../rules/rule-file';
import { IRulePack } from '../rules/rule-pack';
import { SloRulePack } from '../rules/slo/service-level-objective';
import { SynthValues } from '../core/synth-values';

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
 *
 * An SLO pack ({@link SloRulePack}) is delivered as one PrometheusRule per SLO (named
 * `<release>-<group>`, the group being `<pack>-<sloth_id>`), each in its own `values` entry of the same
 * release (the chart renders the merged `manifests` map): one SLO changed is one small values entry
 * changed, not the whole pack's text rewritten.
 */
export class PrometheusRuleRelease extends ManifestsRelease {
  /** The rule file of a pack, as promtool and the review artifacts read it. */
  public static ruleFile(pack: IRulePack): string {
    return renderRuleFile(pack.ruleGroups);
  }

  /** The PrometheusRule object of a pack. */
  public static manifest(pack: IRulePack, namespace: string, releaseName: string): Record<string, unknown> {
    return prometheusRule(pack, `${releaseName}-${pack.name}`, namespace, releaseName, pack.ruleGroups);
  }

  constructor(scope: Construct, id: string, props: PrometheusRuleReleaseProps) {
    const helmReleaseName = `${props.releaseName}-rules-${props.pack.name}`;
    if (!PACK_NAME.test(props.pack.name) || helmReleaseName.length > 53) {
      throw new ValidationError(
        scope.node.path,
        `rule pack name ${show(props.pack.name)} cannot name the Helm release ${show(helmReleaseName)}; use lowercase letters, digits and '-' and keep the release name within Helm's 53 characters.`,
      );
    }
    // Refused here, where the pack is added, rather than by the API server at deploy time. The objects are
    // built again at synth rather than kept: thousands of packs at scale would hold them all in memory.
    const bytes = Buffer.byteLength(JSON.stringify(PrometheusRuleRelease.manifest(props.pack, props.namespace.namespaceName, props.releaseName)));
    if (bytes > MAX_PROMETHEUS_RULE_BYTES) {
      throw new ValidationError(
        scope.node.path,
        `rule pack ${show(props.pack.name)} makes a PrometheusRule of ${bytes} bytes, above the ${MAX_PROMETHEUS_RULE_BYTES} bytes (1 MiB) that a Kubernetes object and the operator's rule ConfigMap can hold; split it into several packs (e.g. one per service or team, each with its own \`name\`).`,
      );
    }
    const perGroup = props.pack instanceof SloRulePack;
    super(scope, id, {
      releaseName: helmReleaseName,
      namespace: props.namespace,
      manifests: () => [PrometheusRuleRelease.manifest(props.pack, props.namespace.namespaceName, props.releaseName)],
      dependsOn: props.dependsOn,
      // Structured objects, one release per pack and thousands at scale: JSON renders for free, and a
      // changed rule is still one changed line. Reviewers read the pack as YAML in rules/<pack>.yaml.
      valuesAsJson: true,
    });
    if (perGroup) {
      // One values entry per SLO, each a `manifests` map of one object: Helm merges the maps.
      this.release.values = props.pack.ruleGroups.map((group) =>
        Token.asString(new SynthValues(() => {
          // Named `<release>-<group>`, the group name made a valid object name.
          const key = objectName(group.name);
          return renderChartValuesAsJson({ manifests: { [key]: prometheusRule(props.pack, `${props.releaseName}-${key}`, props.namespace.namespaceName, props.releaseName, [group]) } });
        })),
      );
    }
  }
}

/** A PrometheusRule of groups of a pack, labelled with the pack. */
function prometheusRule(pack: IRulePack, name: string, namespace: string, releaseName: string, groups: ReadonlyArray<RuleGroup>): Record<string, unknown> {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name,
      namespace,
      // Not needed with ruleSelectorNilUsesHelmValues=false, but keeps the rules selected if a user
      // turns the chart's release-label selector back on.
      labels: { release: releaseName, 'app.kubernetes.io/part-of': 'monitoring', 'monitoring.platform/rule-pack': pack.name },
    },
    spec: { groups: groups.map((group) => group.toJSON()) },
  };
}

/** A group name as part of a Kubernetes object name: lowercase, `-` for other characters, a hash when changed. */
function objectName(groupName: string): string {
  const name = groupName.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return name === groupName ? name : `${name}-${createHash('sha256').update(groupName).digest('hex').slice(0, 8)}`;
}

import { NetworkPolicyV1, NetworkPolicyV1SpecIngressFrom } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { Construct } from 'constructs';
import { NetworkPeer, PodLabels, PolicyPort } from '../contracts/network-peer';
import { INamespace, dependsOnEntries } from '../core/namespace';
import { MANAGED_BY_LABEL } from '../core/managed-by';
import { withoutStackTraces } from '../core/without-stack-traces';

/** An ingress rule whose peers are resolved: `from` these peers (or any source), on these ports (or every port). */
export interface ResolvedIngressRule {
  /** 'anywhere' allows any source, including the API server and other nodes (e.g. admission webhooks). */
  readonly from: readonly NetworkPeer[] | 'anywhere';
  /** The ports the peers may reach. @default every port */
  readonly ports?: readonly PolicyPort[];
}

/** Props of {@link ComponentNetworkPolicy}. */
export interface ComponentNetworkPolicyProps {
  /** Namespace of the policy and of the pods it selects; the policy waits for it. */
  readonly namespace: INamespace;
  /** Name of the NetworkPolicy object. */
  readonly name: string;
  /** Labels of the pods the policy applies to; `{}` selects every pod of the namespace. */
  readonly podLabels: PodLabels;
  /** Pods with one of these `app.kubernetes.io/component` values are left out. @default none */
  readonly exceptComponents?: readonly string[];
  /** The allowed ingress; none means every ingress is denied. */
  readonly ingress: readonly ResolvedIngressRule[];
}

/**
 * One ingress NetworkPolicy (networking.k8s.io/v1) for the pods of a component: once a policy
 * selects a pod, only what some policy's rule allows reaches it. Egress is not restricted
 * (docs/security.md says why).
 */
export class ComponentNetworkPolicy extends Construct {
  /** The NetworkPolicy resource. */
  public readonly resource: NetworkPolicyV1;

  constructor(scope: Construct, id: string, props: ComponentNetworkPolicyProps) {
    super(scope, id);
    const exceptions = props.exceptComponents ?? [];
    this.resource = withoutStackTraces(() => new NetworkPolicyV1(this, 'policy', {
      metadata: { name: props.name, namespace: props.namespace.namespaceName, labels: { ...MANAGED_BY_LABEL, 'app.kubernetes.io/part-of': 'monitoring' } },
      spec: {
        podSelector: {
          matchLabels: { ...props.podLabels },
          ...(exceptions.length > 0 ? { matchExpressions: [{ key: 'app.kubernetes.io/component', operator: 'NotIn', values: [...exceptions] }] } : {}),
        },
        policyTypes: ['Ingress'],
        // A rule whose peers are all absent allows nothing, and must not be rendered: an empty `from` allows everyone.
        ingress: props.ingress.filter((rule) => rule.from === 'anywhere' || rule.from.length > 0).map((rule) => ({
          ...(rule.from === 'anywhere' ? {} : { from: rule.from.map((peer) => ({ ...peer.selector }) as NetworkPolicyV1SpecIngressFrom) }),
          ...(rule.ports ? { ports: rule.ports.map((p) => ({ port: String(p.port), protocol: p.protocol ?? 'TCP' })) } : {}),
        })),
      },
    }));
    this.resource.dependsOn = dependsOnEntries([props.namespace.resource]);
  }
}

import { Construct } from 'constructs';
import { IMonitoringComponent, NetworkPolicySpec, PeerIdentity, checkComponents } from '../contracts/monitoring-component';
import { IngressRule, NetworkPeer, PeerRole } from '../contracts/network-peer';
import { NamespaceProp, resolveNamespace } from '../core/namespace';
import { ValidationError, show } from '../core/validation-error';
import { ComponentNetworkPolicy, ResolvedIngressRule } from './component-network-policy';

/** Props of {@link MonitoringNetworkPolicies}. */
export interface MonitoringNetworkPoliciesProps {
  /** Namespace of the components (and of the policies); the policies wait for it when this program creates it. */
  readonly namespace: NamespaceProp;
  /** The stack's components; each brings the policies for its own pods and the roles its pods play as clients. */
  readonly components: readonly IMonitoringComponent[];
}

/**
 * The stack's ingress NetworkPolicies: a default deny for the namespace, then each component's own
 * policies (the table in docs/security.md), with the peers it names by role resolved to the pods of
 * the components that play them. A role no component plays is left out, so a rule only opens to
 * what the stack runs.
 */
export class MonitoringNetworkPolicies extends Construct {
  /** The policies by name, for tests and review. */
  public readonly policies: ReadonlyMap<string, ComponentNetworkPolicy>;

  constructor(scope: Construct, id: string, props: MonitoringNetworkPoliciesProps) {
    super(scope, id);
    const namespace = resolveNamespace(props.namespace, this.node.path);
    const components = checkComponents(props.components, this.node.path);
    const peers = peersByRole(components.flatMap((component) => component.peerIdentities()), this.node.path);
    const policies = new Map<string, ComponentNetworkPolicy>();
    // Anything of the namespace no other policy allows (hook jobs, a forgotten pod) receives nothing.
    const specs: NetworkPolicySpec[] = [{ name: 'default-deny-ingress', podLabels: {}, ingress: [] }, ...components.flatMap((c) => c.networkPolicies())];
    for (const spec of specs) {
      if (policies.has(spec.name)) throw new ValidationError(this.node.path, `two components want a NetworkPolicy named ${show(spec.name)}; policy names must be unique in the namespace, and the shipped components name theirs by kind (one component of each kind per stack).`);
      const ingress = spec.ingress.map((rule) => resolveRule(rule, peers));
      policies.set(spec.name, new ComponentNetworkPolicy(this, spec.name, { namespace, name: spec.name, podLabels: spec.podLabels, exceptComponents: spec.exceptComponents, ingress }));
    }
    this.policies = policies;
  }
}

function peersByRole(identities: readonly PeerIdentity[], path: string): ReadonlyMap<PeerRole, NetworkPeer> {
  const peers = new Map<PeerRole, NetworkPeer>();
  for (const identity of identities) {
    if (peers.has(identity.role)) throw new ValidationError(path, `two components play the network role ${show(identity.role)}; the stack runs one component of each kind.`);
    peers.set(identity.role, NetworkPeer.pods(identity.description, identity.podLabels));
  }
  return peers;
}

/** The rule with its roles replaced by the pods that play them; roles nobody plays drop out. */
function resolveRule(rule: IngressRule, peers: ReadonlyMap<PeerRole, NetworkPeer>): ResolvedIngressRule {
  if (rule.from === 'anywhere') return { from: 'anywhere', ports: rule.ports };
  const from = rule.from.flatMap((peer) => (peer instanceof NetworkPeer ? [peer] : peers.has(peer) ? [peers.get(peer)!] : []));
  return { from, ports: rule.ports };
}

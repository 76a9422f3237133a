import { Construct } from 'constructs';
import { IMonitoringComponent, NetworkPolicySpec, PeerIdentity, checkComponents } from '../contracts/monitoring-component';
import { IngressRule, NetworkPeer, PeerRole } from '../contracts/network-peer';
import { compareText } from '../core/compare-text';
import { isObjectMap } from '../core/input-checks';
import { INamespace, NamespaceProp, resolveNamespace } from '../core/namespace';
import { ValidationError, show } from '../core/validation-error';
import { checkIngressRules } from '../contracts/ingress-rule-checks';
import { ComponentNetworkPolicy, ResolvedIngressRule } from './component-network-policy';

/** Props of {@link MonitoringNetworkPolicies}. */
export interface MonitoringNetworkPoliciesProps {
  /** Namespace of the components (and of the policies); the policies wait for it when this program creates it. */
  readonly namespace: NamespaceProp;
  /**
   * The stack's components; each brings the policies for its own pods and the roles its pods play as
   * clients. More can be added later with {@link MonitoringNetworkPolicies.addComponent}.
   */
  readonly components: readonly IMonitoringComponent[];
  /**
   * Further ingress rules per NetworkPolicy, by the policy's name (`alertmanager`, `grafana`, `loki-gateway`,
   * `prometheus`, a registered release's name…; docs/security.md lists them), added to the component's own
   * rules, e.g. `{ alertmanager: [{ from: [NetworkPeer.namespace('ops')], ports: tcpPorts(9093) }] }`.
   * A name no component's policy has is refused at synth.
   * @default none
   */
  readonly extraIngress?: Readonly<Record<string, readonly IngressRule[]>>;
}

/**
 * The stack's ingress NetworkPolicies: a default deny for the namespace, then each component's own
 * policies (the table in docs/security.md), with the peers it names by role resolved to the pods of
 * the components that play them. A role no component plays is left out, so a rule only opens to
 * what the stack runs.
 */
export class MonitoringNetworkPolicies extends Construct {
  private readonly namespace: INamespace;
  private readonly components: IMonitoringComponent[] = [];
  private readonly extraIngress: ReadonlyMap<string, readonly IngressRule[]>;
  private built = new Map<string, ComponentNetworkPolicy>();

  constructor(scope: Construct, id: string, props: MonitoringNetworkPoliciesProps) {
    super(scope, id);
    this.namespace = resolveNamespace(props.namespace, this.node.path);
    this.extraIngress = checkExtraIngress(props.extraIngress, this.node.path);
    this.components.push(...checkComponents(props.components, this.node.path));
    this.build();
    this.node.addValidation({ validate: () => this.unknownExtraIngress() });
  }

  /** The policies by name, for tests and review. */
  public get policies(): ReadonlyMap<string, ComponentNetworkPolicy> {
    return this.built;
  }

  /**
   * Adds a component after construction (an extra release registered with the stack): its policies
   * join the others, its peer identities open the rules that name their roles, and the policies are
   * rebuilt so that every rule sees every component. Refuses a policy name that is taken.
   */
  public addComponent(component: IMonitoringComponent): void {
    const [checked] = checkComponents([component], this.node.path);
    if (this.components.includes(checked)) {
      throw new ValidationError(this.node.path, 'this component is already part of the network policies; add each component once.');
    }
    this.components.push(checked);
    try {
      this.build();
    } catch (error) {
      this.components.pop();
      this.build();
      throw error;
    }
  }

  /** (Re)creates every policy from the current components; logical ids stay the same. */
  private build(): void {
    const peers = peersByRole(this.components.flatMap((component) => component.peerIdentities()), this.node.path);
    // Anything of the namespace no other policy allows (hook jobs, a forgotten pod) receives nothing.
    const specs: NetworkPolicySpec[] = [{ name: 'default-deny-ingress', podLabels: {}, ingress: [] }, ...this.components.flatMap((c) => c.networkPolicies())];
    const names = new Set<string>();
    for (const spec of specs) {
      if (names.has(spec.name)) throw new ValidationError(this.node.path, `two components want a NetworkPolicy named ${show(spec.name)}; policy names must be unique in the namespace, and the shipped components name theirs by kind (one component of each kind per stack; give an extra release another name).`);
      names.add(spec.name);
    }
    for (const name of this.built.keys()) this.node.tryRemoveChild(name);
    const policies = new Map<string, ComponentNetworkPolicy>();
    for (const spec of specs) {
      const rules = [...spec.ingress, ...(spec.name === 'default-deny-ingress' ? [] : this.extraIngress.get(spec.name) ?? [])];
      const ingress = rules.map((rule) => resolveRule(rule, peers));
      policies.set(spec.name, new ComponentNetworkPolicy(this, spec.name, { namespace: this.namespace, name: spec.name, podLabels: spec.podLabels, exceptComponents: spec.exceptComponents, ingress }));
    }
    this.built = policies;
  }

  /** At synth: extra ingress for a policy no component has (a typo, or a component that is off). */
  private unknownExtraIngress(): string[] {
    return [...this.extraIngress.keys()].filter((name) => name === 'default-deny-ingress' || !this.built.has(name)).map((name) =>
      `${this.node.path}: extraIngress names the NetworkPolicy ${show(name)}, which no component of the stack has; use one of ${[...this.built.keys()].filter((n) => n !== 'default-deny-ingress').map((n) => JSON.stringify(n)).join(', ')} (or switch on / register the component it is for).`);
  }
}

function checkExtraIngress(value: unknown, where: string): ReadonlyMap<string, readonly IngressRule[]> {
  if (value === undefined) return new Map();
  if (!isObjectMap(value)) {
    throw new ValidationError(where, `extraIngress ${show(value)} is not a map of policy name → ingress rules; pass e.g. { alertmanager: [{ from: [NetworkPeer.namespace('ops')], ports: tcpPorts(9093) }] }.`);
  }
  const out = new Map<string, readonly IngressRule[]>();
  for (const [name, rules] of Object.entries(value).sort(([a], [b]) => compareText(a, b))) {
    if (!Array.isArray(rules)) throw new ValidationError(where, `extraIngress.${name} ${show(rules)} is not a list of ingress rules; pass e.g. [{ from: [NetworkPeer.namespace('ops')], ports: tcpPorts(9093) }].`);
    out.set(name, checkIngressRules(rules, `${where} extraIngress.${name}`));
  }
  return out;
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

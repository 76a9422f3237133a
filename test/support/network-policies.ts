import { selects } from './label-selectors';

/*
 * networking.k8s.io/v1 ingress semantics over the stack's kubernetes_network_policy_v1 resources
 * (Terraform's snake_case form): a pod no policy selects accepts everything; a pod some policy selects
 * accepts only what a rule of one of those policies allows.
 */

type Obj = Record<string, any>;

/** A pod, as policies see it. */
export interface PolicyPod {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Named container ports, for policies that name a port. @default none */
  readonly namedPorts?: Readonly<Record<string, number>>;
}

/** A source of traffic: a pod, or something outside the pod network (the API server, a node). */
export type Source = PolicyPod | 'outside the pod network';

/** The stack's NetworkPolicies (kubernetes_network_policy_v1 resources of the Terraform JSON). */
export function policiesOf(json: Obj): Obj[] {
  return Object.values(json.resource?.kubernetes_network_policy_v1 ?? {});
}

/** Ingress policies of the target's namespace that select it. */
function selectingPolicies(policies: readonly Obj[], target: PolicyPod): Obj[] {
  return policies.filter((p) => p.metadata.namespace === target.namespace && (p.spec.policy_types ?? ['Ingress']).includes('Ingress') && selects(p.spec.pod_selector, target.labels));
}

function portAllowed(rule: Obj, target: PolicyPod, port: number, protocol: string): boolean {
  if (!rule.ports || rule.ports.length === 0) return true;
  return rule.ports.some((rp: Obj) => {
    if ((rp.protocol ?? 'TCP') !== protocol) return false;
    if (rp.port === undefined) return true;
    const first = /^\d+$/.test(String(rp.port)) ? Number(rp.port) : target.namedPorts?.[rp.port];
    return first !== undefined && port >= first && port <= Number(rp.end_port ?? first);
  });
}

function peerAllows(peer: Obj, policyNamespace: string, source: Source): boolean {
  if (source === 'outside the pod network') return false;
  if (peer.ip_block) return false;
  const namespaceOk = peer.namespace_selector ? selects(peer.namespace_selector, { 'kubernetes.io/metadata.name': source.namespace }) : source.namespace === policyNamespace;
  return namespaceOk && (peer.pod_selector ? selects(peer.pod_selector, source.labels) : true);
}

/** Whether `source` may open a connection to `target` on `port`. */
export function reachable(policies: readonly Obj[], target: PolicyPod, source: Source, port: number, protocol: 'TCP' | 'UDP' = 'TCP'): boolean {
  const selecting = selectingPolicies(policies, target);
  if (selecting.length === 0) return true;
  return selecting.some((p) => (p.spec.ingress ?? []).some((rule: Obj) =>
    portAllowed(rule, target, port, protocol) && (!rule.from || rule.from.length === 0 || rule.from.some((peer: Obj) => peerAllows(peer, p.metadata.namespace, source)))));
}

/** Whether some source at all may reach `target` on `port` (a rule of a selecting policy opens that port). */
export function openToSomeone(policies: readonly Obj[], target: PolicyPod, port: number, protocol: string): boolean {
  const selecting = selectingPolicies(policies, target);
  if (selecting.length === 0) return true;
  return selecting.some((p) => (p.spec.ingress ?? []).some((rule: Obj) => portAllowed(rule, target, port, protocol)));
}

import { ValidationError, show } from '../core/validation-error';
import { IngressRule, NetworkPeer, PeerRole } from './network-peer';

const ROLES = new Set<string>(Object.values(PeerRole));

/** Checks one {@link IngressRule} given by a user (peers, ports); `where` names it in errors. */
function checkIngressRule(rule: unknown, where: string): void {
  const candidate = rule as Partial<IngressRule> | undefined;
  if (typeof candidate !== 'object' || candidate === null) throw new ValidationError(where, `${show(rule)} is not an ingress rule; pass { from: [...peers], ports: tcpPorts(...) }.`);
  if (candidate.from !== 'anywhere') {
    if (!Array.isArray(candidate.from) || candidate.from.length === 0) {
      throw new ValidationError(where, `from ${show(candidate.from)} is not a non-empty list of peers; use NetworkPeer.namespace('ops'), NetworkPeer.pods(...), a PeerRole such as PeerRole.PROMETHEUS, or 'anywhere'.`);
    }
    candidate.from.forEach((peer) => {
      if (!(peer instanceof NetworkPeer) && !ROLES.has(peer as string)) {
        throw new ValidationError(where, `peer ${show(peer)} is neither a NetworkPeer nor a PeerRole; use NetworkPeer.namespace('ops'), NetworkPeer.pods(...) or one of ${[...ROLES].map((r) => JSON.stringify(r)).join(', ')}.`);
      }
    });
  }
  if (candidate.ports !== undefined) {
    if (!Array.isArray(candidate.ports)) throw new ValidationError(where, `ports ${show(candidate.ports)} is not a list; use tcpPorts(9093).`);
    for (const port of candidate.ports) {
      if (!Number.isInteger(port?.port) || port.port < 1 || port.port > 65535) throw new ValidationError(where, `port ${show(port)} is not a port number 1-65535; use tcpPorts(9093).`);
    }
  }
}

/** Checks a list of {@link IngressRule}s; `where` names the list in errors. */
export function checkIngressRules(rules: unknown, where: string): readonly IngressRule[] {
  if (!Array.isArray(rules)) throw new ValidationError(where, `${show(rules)} is not a list of ingress rules; pass e.g. [{ from: [NetworkPeer.namespace('ops')], ports: tcpPorts(9093) }].`);
  rules.forEach((rule, index) => checkIngressRule(rule, `${where}[${index}]`));
  return rules as IngressRule[];
}

import { PodLabels } from './pod-selectors';

/** A port a NetworkPolicy opens. */
export interface PolicyPort {
  /** The container port number. */
  readonly port: number;
  /** The port's protocol. @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP';
}

/** Who may connect: pods of the policy's namespace, a namespace, every namespace, or any source. */
export class NetworkPeer {
  /** Pods with these labels in the policy's own namespace. */
  public static pods(description: string, labels: PodLabels): NetworkPeer {
    return new NetworkPeer(description, { podSelector: { matchLabels: { ...labels } } });
  }

  /** Every pod of the policy's own namespace. */
  public static sameNamespace(): NetworkPeer {
    return new NetworkPeer('every pod of the namespace', { podSelector: {} });
  }

  /** Every pod of the namespace named `name` (by its `kubernetes.io/metadata.name` label). */
  public static namespace(name: string): NetworkPeer {
    return new NetworkPeer(`namespace ${name}`, { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } });
  }

  /** Every pod of every namespace (not sources outside the pod network). */
  public static allNamespaces(): NetworkPeer {
    return new NetworkPeer('every namespace', { namespaceSelector: {} });
  }

  private constructor(
    /** What the peer is, for documentation and review. */
    public readonly description: string,
    /** The `from` entry in the Kubernetes NetworkPolicy's camelCase form. */
    public readonly selector: Readonly<Record<string, unknown>>,
  ) {}
}

/** One ingress rule: `from` these peers (or any source), on these ports (or every port). */
export interface IngressRule {
  /** 'anywhere' allows any source, including the API server and other nodes (e.g. admission webhooks). */
  readonly from: readonly NetworkPeer[] | 'anywhere';
  /** The ports the peers may reach. @default every port */
  readonly ports?: readonly PolicyPort[];
}

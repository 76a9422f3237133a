/** A label set that selects pods (`matchLabels`). */
export type PodLabels = Readonly<Record<string, string>>;

/**
 * The roles in which a component's pods call other components. A component names its clients by
 * role (Alertmanager accepts alerts from `PROMETHEUS`, `LOKI` and `GRAFANA`); the stack's network
 * policies resolve each role to the pods of the component that plays it, and leave out roles that no
 * component of the stack plays.
 */
export const PeerRole = {
  PROMETHEUS: 'prometheus',
  ALERTMANAGER: 'alertmanager',
  GRAFANA: 'grafana',
  LOKI: 'loki',
  LOG_SHIPPER: 'log-shipper',
  OTEL_COLLECTOR: 'otel-collector',
  DATADOG_AGENT: 'datadog-agent',
} as const;
/** One {@link PeerRole} value. */
export type PeerRole = (typeof PeerRole)[keyof typeof PeerRole];

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

/**
 * One ingress rule: `from` these peers (or any source), on these ports (or every port). A peer is a
 * {@link NetworkPeer}, or a {@link PeerRole} that the stack resolves to the pods playing it.
 */
export interface IngressRule {
  /** 'anywhere' allows any source, including the API server and other nodes (e.g. admission webhooks). */
  readonly from: ReadonlyArray<NetworkPeer | PeerRole> | 'anywhere';
  /** The ports the peers may reach. @default every port */
  readonly ports?: readonly PolicyPort[];
}

/** TCP ports, for an {@link IngressRule}. */
export function tcpPorts(...ports: number[]): PolicyPort[] {
  return ports.map((port) => ({ port }));
}

/** The labels the charts put on their pods after Kubernetes' recommended labels (`app.kubernetes.io/*`). */
export function recommendedPodLabels(name: string, instance: string, component?: string): PodLabels {
  return { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': instance, ...(component ? { 'app.kubernetes.io/component': component } : {}) };
}

/**
 * The ONE list of places where a component of the stack legitimately departs from the safe
 * defaults (docs/security.md). test/security/safe-defaults.test.ts fails on any departure not
 * listed here, and on any entry here that no environment needs any more.
 */

/** A safe default, as the safe-defaults test checks it per container (or per component). */
export type SafeDefaultCheck =
  | 'runAsNonRoot'
  | 'allowPrivilegeEscalation'
  | 'capabilities'
  | 'readOnlyRootFilesystem'
  | 'seccomp'
  | 'resources'
  | 'hostNamespaces'
  | 'networkPolicy';

/** One allowed departure: these containers of this chart may fail these checks, for this reason. */
export interface SafeDefaultException {
  /** Chart name of the Helm release. */
  readonly chart: string;
  /** Container names (as the chart renders them). */
  readonly containers: readonly string[];
  /** The safe defaults these containers may fail. */
  readonly checks: readonly SafeDefaultCheck[];
  /** Why, for the reviewer. */
  readonly reason: string;
}

/** Every allowed departure from the safe defaults, with its reason. */
export const SAFE_DEFAULT_EXCEPTIONS: readonly SafeDefaultException[] = [
  {
    chart: 'kube-prometheus-stack',
    containers: ['node-exporter'],
    checks: ['hostNamespaces', 'networkPolicy'],
    reason: "node-exporter reports the node's network interfaces and processes, so it runs in the host's network and PID namespaces; NetworkPolicies do not apply to host-network pods (it still runs as nobody, read-only, without capabilities).",
  },
  {
    chart: 'grafana',
    containers: ['grafana'],
    checks: ['readOnlyRootFilesystem'],
    reason: 'plugin installation and the search index write outside the data volume; the container stays non-root without capabilities or privilege escalation.',
  },
  {
    chart: 'fluent-bit',
    containers: ['fluent-bit'],
    checks: ['runAsNonRoot'],
    reason: 'the container logs under /var/log/pods on the host are readable by root only; Fluent Bit reads them as root, with no capabilities, no privilege escalation and a read-only root filesystem.',
  },
  {
    chart: 'datadog',
    containers: ['agent', 'trace-agent'],
    checks: ['runAsNonRoot', 'allowPrivilegeEscalation', 'capabilities', 'seccomp', 'hostNamespaces'],
    reason: "the node agent runs as root to read the container runtime's socket, /proc, cgroups and host logs, in the host's PID namespace (chart default datadog.useHostPID, for DogStatsD origin detection: tagging a metric with the container that sent it); the chart owns these containers' securityContext (read-only root filesystem kept). Turning on NPM/USM/CWS/discovery adds system-probe and security-agent, which need added capabilities: list them here after review.",
  },
  {
    chart: 'datadog',
    containers: ['init-volume', 'init-config'],
    checks: ['runAsNonRoot', 'capabilities', 'readOnlyRootFilesystem', 'hostNamespaces'],
    reason: "the node agent's init containers run as root (the pod's user) to copy and generate its configuration into shared volumes, in the agent pod's host PID namespace; no privilege escalation, RuntimeDefault seccomp.",
  },
];

/*
 * Departures the render found that are NOT accepted (they are not in the allowlist,
 * lib/security/safe-defaults-exceptions.ts, nor in docs/security.md): each names the values fix and
 * the file that owns it. They keep the suite green while the owner applies the fix; the tests fail
 * when an entry is no longer needed, so it is removed with the fix.
 */

/** A container departure waiting for its fix. */
export interface PendingContainerFix {
  readonly chart: string;
  readonly containers: readonly string[];
  /** The fix, with the values key and the file that owns it. */
  readonly fix: string;
}

export const PENDING_CONTAINER_FIXES: readonly PendingContainerFix[] = [
  {
    chart: 'datadog',
    containers: ['system-probe', 'seccomp-setup'],
    fix: 'datadog 3.240.0 turns on Service Discovery by itself for agents >= 7.78 (`datadog.discovery.enabled` unset), which adds system-probe (root, 9 added capabilities incl. SYS_ADMIN, a Localhost seccomp profile) and its seccomp-setup init container: set `datadog.discovery.enabled: false` in lib/datadog/datadog-agent.ts, or review and list them.',
  },
];

/** A Role or ClusterRole that reads Secrets, waiting for its fix. */
export interface PendingRoleFix {
  readonly chart: string;
  readonly kind: 'ClusterRole' | 'Role';
  readonly name: string;
  readonly fix: string;
}

export const PENDING_ROLE_FIXES: readonly PendingRoleFix[] = [
  {
    chart: 'datadog',
    kind: 'ClusterRole',
    name: 'datadog-ksm-core',
    fix: 'the cluster agent lists and watches every Secret of the cluster for kubernetes_state.secret.* metrics: set `datadog.kubeStateMetricsCore.collectSecretMetrics: false` in lib/datadog/datadog-agent.ts.',
  },
  {
    chart: 'datadog',
    kind: 'Role',
    name: 'datadog-dca-flare',
    fix: 'reads every Secret of the namespace so `agent flare` can include the Helm values: set `clusterAgent.rbac.flareAdditionalPermissions: false` in lib/datadog/datadog-agent.ts.',
  },
];

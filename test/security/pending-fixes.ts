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

export const PENDING_CONTAINER_FIXES: readonly PendingContainerFix[] = [];

/** A Role or ClusterRole that reads Secrets, waiting for its fix. */
export interface PendingRoleFix {
  readonly chart: string;
  readonly kind: 'ClusterRole' | 'Role';
  readonly name: string;
  readonly fix: string;
}

export const PENDING_ROLE_FIXES: readonly PendingRoleFix[] = [];

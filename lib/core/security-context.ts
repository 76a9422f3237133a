/**
 * The hardened Kubernetes security contexts the stack's charts receive, in one place so every
 * component gets the same settings and the safe-defaults test has one definition to hold them to.
 */

/** The container runtime's default seccomp profile (blocks ~40 rarely used, risky syscalls). */
export const RUNTIME_DEFAULT_SECCOMP = { type: 'RuntimeDefault' } as const;

/**
 * Container securityContext: no privilege escalation, no Linux capabilities, a read-only root
 * filesystem (writes go to mounted volumes), the runtime's seccomp profile.
 */
export const HARDENED_CONTAINER = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: RUNTIME_DEFAULT_SECCOMP,
} as const;

/** Options of {@link nonRootPod}. */
export interface NonRootPodOptions {
  /** Group of the processes. @default the user id */
  readonly gid?: number;
  /** Group that owns mounted volumes. @default the group id */
  readonly fsGroup?: number;
}

/** Pod securityContext: a fixed non-root user and group, volumes owned by the group, RuntimeDefault seccomp. */
export function nonRootPod(uid: number, options: NonRootPodOptions = {}): Record<string, unknown> {
  const gid = options.gid ?? uid;
  return { runAsNonRoot: true, runAsUser: uid, runAsGroup: gid, fsGroup: options.fsGroup ?? gid, seccompProfile: RUNTIME_DEFAULT_SECCOMP };
}

/**
 * {@link HARDENED_CONTAINER} restricted to some of its keys, for charts whose values.yaml lists a
 * non-empty securityContext default: only keys the chart lists are set there, the rest comes from
 * the pod securityContext (seccomp) or is listed in the safe-defaults exceptions.
 */
export function hardenedContainerWith<K extends keyof typeof HARDENED_CONTAINER>(...keys: K[]): Pick<typeof HARDENED_CONTAINER, K> {
  const out: Partial<typeof HARDENED_CONTAINER> = {};
  for (const key of keys) (out as Record<string, unknown>)[key] = HARDENED_CONTAINER[key];
  return out as Pick<typeof HARDENED_CONTAINER, K>;
}

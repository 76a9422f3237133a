import { SAFE_DEFAULT_EXCEPTIONS, SafeDefaultCheck } from '../../lib/security/safe-defaults-exceptions';

/** A departure from the safe defaults (docs/security.md) by one container. */
export interface Violation {
  readonly chart: string;
  /** The object that makes the pod, e.g. `Deployment/grafana`. */
  readonly owner?: string;
  readonly container: string;
  readonly check: SafeDefaultCheck;
  readonly detail: string;
}

type Obj = Record<string, any>;

/** `chart / container / check`, the key of the allowlist. */
export const violationKey = (v: { chart: string; container: string; check: string }) => `${v.chart} / ${v.container} / ${v.check}`;

/** A pod to check: where it comes from, its PodSpec. */
export interface CheckedPod {
  readonly chart: string;
  readonly owner: string;
  readonly spec: Obj;
}

/**
 * Every departure of a pod's containers (init containers and sidecars included) from the safe
 * defaults: requests and limits for cpu and memory, non-root, no privilege escalation and not
 * privileged, all capabilities dropped and none added, read-only root filesystem, RuntimeDefault
 * seccomp (container or pod), no host network / PID / IPC namespace.
 */
export function podViolations(pod: CheckedPod): Violation[] {
  const podSc: Obj = pod.spec.securityContext ?? {};
  const out: Violation[] = [];
  const containers: Obj[] = [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])];
  if (containers.length === 0) throw new Error(`${pod.chart} ${pod.owner}: a pod without containers; the pod model is wrong.`);
  for (const c of containers) {
    const sc: Obj = c.securityContext ?? {};
    const fail = (check: SafeDefaultCheck, detail: string) => out.push({ chart: pod.chart, owner: pod.owner, container: c.name, check, detail: `${pod.owner} ${c.name}: ${detail}` });
    const runAsNonRoot = sc.runAsNonRoot ?? podSc.runAsNonRoot;
    const runAsUser = sc.runAsUser ?? podSc.runAsUser;
    if (runAsNonRoot !== true || runAsUser === 0) fail('runAsNonRoot', `runAsNonRoot ${runAsNonRoot}, runAsUser ${runAsUser}`);
    if (sc.allowPrivilegeEscalation !== false || sc.privileged === true) fail('allowPrivilegeEscalation', `allowPrivilegeEscalation ${sc.allowPrivilegeEscalation}, privileged ${sc.privileged}`);
    if (!(sc.capabilities?.drop ?? []).includes('ALL') || (sc.capabilities?.add ?? []).length > 0) fail('capabilities', `capabilities ${JSON.stringify(sc.capabilities)}`);
    if (sc.readOnlyRootFilesystem !== true) fail('readOnlyRootFilesystem', `readOnlyRootFilesystem ${sc.readOnlyRootFilesystem}`);
    const seccomp = sc.seccompProfile ?? podSc.seccompProfile;
    if (seccomp?.type !== 'RuntimeDefault') fail('seccomp', `seccompProfile ${JSON.stringify(seccomp)}`);
    const missing = ['requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory'].filter((path) => {
      const [kind, resource] = path.split('.');
      return !c.resources?.[kind]?.[resource];
    });
    if (missing.length > 0) fail('resources', `resources lack ${missing.join(', ')}`);
    const host = ['hostNetwork', 'hostPID', 'hostIPC'].filter((k) => pod.spec[k] === true);
    if (host.length > 0) fail('hostNamespaces', host.join(', '));
  }
  return out;
}

/** Violations the one allowlist (lib/security/safe-defaults-exceptions.ts) does not cover. */
export function unlisted(violations: readonly Violation[]): Violation[] {
  return violations.filter((v) => !SAFE_DEFAULT_EXCEPTIONS.some((e) => e.chart === v.chart && e.containers.includes(v.container) && e.checks.includes(v.check)));
}

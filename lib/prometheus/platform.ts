import { ValidationError, show } from '../core/validation-error';

/**
 * The Kubernetes distribution a cluster runs, which decides what of its control plane Prometheus can
 * scrape (see {@link PLATFORM_EXPOSURE}). `generic` keeps kube-prometheus-stack's defaults.
 */
export type Platform = 'eks' | 'gke' | 'aks' | 'kubeadm' | 'k3s' | 'generic';

/** Every {@link Platform}, in the order the docs list them. */
export const PLATFORMS: readonly Platform[] = ['eks', 'gke', 'aks', 'kubeadm', 'k3s', 'generic'];

/**
 * A control-plane scrape of kube-prometheus-stack: the chart's top-level values key that creates the
 * component's Service and ServiceMonitor (`kubeControllerManager.enabled`…).
 */
export type ControlPlaneScrape =
  | 'kubeApiServer'
  | 'kubelet'
  | 'kubeControllerManager'
  | 'kubeScheduler'
  | 'kubeEtcd'
  | 'kubeProxy'
  | 'coreDns'
  | 'kubeDns';

/** Every {@link ControlPlaneScrape}, in the chart's order. */
export const CONTROL_PLANE_SCRAPE_KEYS: readonly ControlPlaneScrape[] = [
  'kubeApiServer', 'kubelet', 'kubeControllerManager', 'kubeScheduler', 'kubeEtcd', 'kubeProxy', 'coreDns', 'kubeDns',
];

/** Switches of single control-plane scrapes, overriding the platform's preset (`{ kubeProxy: true }`). */
export type ControlPlaneScrapes = Partial<Record<ControlPlaneScrape, boolean>>;

/**
 * What one control-plane scrape brings in the pinned kube-prometheus-stack (88.5.3): the `job` its
 * ServiceMonitor produces, the `defaultRules.rules.<key>` groups that read that job (the chart also
 * gates them on `<scrape>.enabled`) and the dashboards (ConfigMaps `<release>-<name>`) gated on it.
 */
export interface ControlPlaneScrapeInfo {
  /** The `job` label of its targets (the Service's `jobLabel`). */
  readonly job: string;
  /** The `defaultRules.rules` keys of the rule groups that select that job. */
  readonly ruleGroups: readonly string[];
  /** The chart dashboards that show only this component. */
  readonly dashboards: readonly string[];
}

/** {@link ControlPlaneScrapeInfo} of each scrape, read from the pinned chart's templates (test/prometheus/platform-render.test.ts checks it). */
export const CONTROL_PLANE_SCRAPES: Readonly<Record<ControlPlaneScrape, ControlPlaneScrapeInfo>> = {
  kubeApiServer: {
    job: 'apiserver',
    ruleGroups: ['kubeApiserverAvailability', 'kubeApiserverBurnrate', 'kubeApiserverHistogram', 'kubeApiserverSlos'],
    dashboards: ['apiserver'],
  },
  kubelet: { job: 'kubelet', ruleGroups: ['kubelet'], dashboards: ['kubelet'] },
  kubeControllerManager: { job: 'kube-controller-manager', ruleGroups: ['kubeControllerManager'], dashboards: ['controller-manager'] },
  kubeScheduler: { job: 'kube-scheduler', ruleGroups: ['kubeSchedulerAlerting', 'kubeSchedulerRecording'], dashboards: ['scheduler'] },
  kubeEtcd: { job: 'kube-etcd', ruleGroups: ['etcd'], dashboards: ['etcd'] },
  kubeProxy: { job: 'kube-proxy', ruleGroups: ['kubeProxy'], dashboards: ['proxy'] },
  coreDns: { job: 'coredns', ruleGroups: [], dashboards: ['k8s-coredns'] },
  kubeDns: { job: 'kube-dns', ruleGroups: [], dashboards: [] },
};

/**
 * How a platform exposes one component's metrics:
 * - `scraped`: reachable by default, so the preset scrapes it;
 * - `off`: not reachable by default, but can be after configuring the cluster (a metrics bind address),
 *   so the preset does not scrape it and `controlPlaneScrapes` may switch it on;
 * - `hidden`: the platform does not run it where Prometheus can reach it (a managed control plane):
 *   not scraped, and switching it on is refused.
 */
export type ScrapeExposure = 'scraped' | 'off' | 'hidden';

/** One cell of {@link PLATFORM_EXPOSURE}: the exposure and, unless scraped, why. */
export interface PlatformExposure {
  /** Whether the preset scrapes it, and whether the user may. */
  readonly exposure: ScrapeExposure;
  /** Why it is not scraped (with the source), shown in errors; empty for scraped ones. */
  readonly why: string;
}

const scraped: PlatformExposure = { exposure: 'scraped', why: '' };
const managed = (platform: string, source: string): PlatformExposure => ({
  exposure: 'hidden',
  why: `${platform} runs it in the managed control plane, which Prometheus cannot reach (${source})`,
});
const K3S_SERVER: PlatformExposure = {
  exposure: 'hidden',
  why: 'k3s runs it inside the k3s server process, not as a pod the chart\'s Service could select (the chart would need the server nodes\' IPs in `endpoints`)',
};
const KUBEADM_LOOPBACK = (what: string, fix: string): PlatformExposure => ({
  exposure: 'off',
  why: `kubeadm binds ${what} to 127.0.0.1 (kube-prometheus#718, kubernetes/kubeadm#2388, helm-charts#1966); switch it on after setting ${fix} in the kubeadm configuration`,
});
const NOT_DNS: PlatformExposure = { exposure: 'off', why: 'the platform\'s cluster DNS is the other one (CoreDNS vs kube-dns)' };

/**
 * What each platform exposes of its control plane, the one table the presets come from. Sources:
 * managed control planes — prometheus-community/helm-charts#4106 and #3368, aws/containers-roadmap#1298
 * (EKS), prometheus-operator/kube-prometheus#1531 (GKE) and its `addons/managed-cluster.libsonnet`
 * (used by its eks, gke and aks platforms), Azure/AKS#883; kube-proxy — helm-charts#977 and
 * aws/containers-roadmap#657 (the EKS add-on binds metrics to 127.0.0.1:10249 and restores that
 * setting), helm-charts#1704 (AKS's kube-proxy pods do not carry the chart's selector `k8s-app:
 * kube-proxy`), GKE Dataplane V2 and AKS with Cilium have no kube-proxy; kubeadm — it binds the
 * controller manager, the scheduler, etcd's metrics and kube-proxy's to 127.0.0.1 (kube-prometheus#718,
 * kubernetes/kubeadm#2388, helm-charts#1966): off until the kubeadm configuration opens them (then
 * `controlPlaneScrapes` switches them on; kube-prometheus's `platforms/kubeadm.libsonnet` likewise
 * only adds the Services and leaves opening the addresses to the user).
 * kube-prometheus has no k3s platform; k3s runs the controller manager, scheduler and kube-proxy in
 * one process (the chart's `jobNameOverride: k3s-server` hint) and etcd only with embedded etcd.
 */
export const PLATFORM_EXPOSURE: Readonly<Record<Platform, Readonly<Record<ControlPlaneScrape, PlatformExposure>>>> = {
  eks: {
    kubeApiServer: scraped,
    kubelet: scraped,
    kubeControllerManager: managed('EKS', 'helm-charts#4106, containers-roadmap#1298'),
    kubeScheduler: managed('EKS', 'helm-charts#4106, containers-roadmap#1298'),
    kubeEtcd: managed('EKS', 'helm-charts#4106'),
    kubeProxy: { exposure: 'off', why: 'the EKS kube-proxy add-on binds its metrics to 127.0.0.1:10249 and restores that setting (helm-charts#977, containers-roadmap#657); switch it on after setting metricsBindAddress 0.0.0.0:10249 in the add-on\'s configuration' },
    coreDns: scraped,
    kubeDns: NOT_DNS,
  },
  gke: {
    kubeApiServer: scraped,
    kubelet: scraped,
    kubeControllerManager: managed('GKE', 'kube-prometheus#1531'),
    kubeScheduler: managed('GKE', 'kube-prometheus#1531'),
    kubeEtcd: managed('GKE', 'kube-prometheus#1531'),
    kubeProxy: { exposure: 'off', why: 'GKE Dataplane V2 (and Autopilot) has no kube-proxy, and the legacy dataplane\'s kube-proxy serves metrics on 127.0.0.1 only' },
    coreDns: NOT_DNS,
    kubeDns: scraped,
  },
  aks: {
    kubeApiServer: scraped,
    kubelet: scraped,
    kubeControllerManager: managed('AKS', 'helm-charts#1704, Azure/AKS#883'),
    kubeScheduler: managed('AKS', 'helm-charts#1704, Azure/AKS#883'),
    kubeEtcd: managed('AKS', 'Azure/AKS#883'),
    kubeProxy: { exposure: 'off', why: 'AKS\'s kube-proxy pods do not carry the chart\'s Service selector `k8s-app: kube-proxy` (helm-charts#1704), and Azure CNI powered by Cilium has no kube-proxy' },
    coreDns: scraped,
    kubeDns: NOT_DNS,
  },
  kubeadm: {
    kubeApiServer: scraped,
    kubelet: scraped,
    kubeControllerManager: KUBEADM_LOOPBACK('the controller manager', 'controllerManager.extraArgs bind-address: 0.0.0.0'),
    kubeScheduler: KUBEADM_LOOPBACK('the scheduler', 'scheduler.extraArgs bind-address: 0.0.0.0'),
    kubeEtcd: KUBEADM_LOOPBACK('etcd\'s metrics', 'etcd.local.extraArgs listen-metrics-urls: http://0.0.0.0:2381'),
    kubeProxy: KUBEADM_LOOPBACK('kube-proxy\'s metrics', 'KubeProxyConfiguration metricsBindAddress: 0.0.0.0:10249'),
    coreDns: scraped,
    kubeDns: NOT_DNS,
  },
  k3s: {
    kubeApiServer: scraped,
    kubelet: scraped,
    kubeControllerManager: K3S_SERVER,
    kubeScheduler: K3S_SERVER,
    kubeEtcd: { exposure: 'hidden', why: 'k3s keeps its datastore in the server process (SQLite, or embedded etcd whose metrics need --etcd-expose-metrics and the server nodes\' IPs)' },
    kubeProxy: K3S_SERVER,
    coreDns: scraped,
    kubeDns: NOT_DNS,
  },
  generic: {
    kubeApiServer: scraped,
    kubelet: scraped,
    kubeControllerManager: scraped,
    kubeScheduler: scraped,
    kubeEtcd: scraped,
    kubeProxy: scraped,
    coreDns: scraped,
    kubeDns: { exposure: 'off', why: 'kube-prometheus-stack scrapes CoreDNS by default' },
  },
};

/** The platform and its control-plane scrapes, decided: what the chart values are built from. */
export interface ResolvedControlPlane {
  /** The platform, `generic` unless given. */
  readonly platform: Platform;
  /** Whether each control-plane scrape is on (the preset, then the user's switches). */
  readonly scrapes: Readonly<Record<ControlPlaneScrape, boolean>>;
  /** Where the platform was given (the construct path), for errors raised when the values are rendered. */
  readonly where: string;
}

/**
 * Applies the platform's preset and the user's switches; refuses an unknown platform or scrape, and
 * switching on what the platform hides (with the reason and its source).
 */
export function resolveControlPlane(platform: unknown, overrides: unknown, where: string): ResolvedControlPlane {
  const chosen = platform ?? 'generic';
  if (typeof chosen !== 'string' || !(PLATFORMS as readonly string[]).includes(chosen)) {
    throw new ValidationError(where, `platform ${show(platform)} is not one of ${PLATFORMS.map((p) => `'${p}'`).join(', ')}; name the cluster's distribution, or 'generic' for kube-prometheus-stack's defaults.`);
  }
  const table = PLATFORM_EXPOSURE[chosen as Platform];
  if (overrides !== undefined && (overrides === null || typeof overrides !== 'object' || Array.isArray(overrides))) {
    throw new ValidationError(where, `controlPlaneScrapes ${show(overrides)} is not an object; write e.g. { kubeProxy: false }.`);
  }
  const given = (overrides ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(given)) {
    if (!(CONTROL_PLANE_SCRAPE_KEYS as readonly string[]).includes(key)) {
      throw new ValidationError(where, `controlPlaneScrapes.${key} is not a control-plane scrape; use one of ${CONTROL_PLANE_SCRAPE_KEYS.join(', ')}.`);
    }
    if (value !== undefined && typeof value !== 'boolean') {
      throw new ValidationError(where, `controlPlaneScrapes.${key} ${show(value)} is not true or false.`);
    }
    const cell = table[key as ControlPlaneScrape];
    if (value === true && cell.exposure === 'hidden') {
      throw new ValidationError(where, `controlPlaneScrapes.${key} is true, but on platform '${chosen}' ${cell.why}: its alerts would fire from the first day; leave it out, or choose platform 'generic' if this cluster does expose it.`);
    }
  }
  const scrapes = {} as Record<ControlPlaneScrape, boolean>;
  for (const key of CONTROL_PLANE_SCRAPE_KEYS) {
    const value = given[key] as boolean | undefined;
    scrapes[key] = value ?? table[key].exposure === 'scraped';
  }
  return { platform: chosen as Platform, scrapes, where };
}

/** The control-plane scrapes that are off, in the chart's order. */
function unscraped(control: ResolvedControlPlane): ControlPlaneScrape[] {
  return CONTROL_PLANE_SCRAPE_KEYS.filter((key) => !control.scrapes[key]);
}

/**
 * The `defaultRules.rules` keys of the control-plane scrapes that are off (their groups select jobs no
 * target has): what {@link applyControlPlane} switches off, and what the inherited rules leave out.
 */
export function ruleGroupsOffByPlatform(control: ResolvedControlPlane): string[] {
  return unscraped(control).flatMap((key) => [...CONTROL_PLANE_SCRAPES[key].ruleGroups]);
}

/**
 * Refuses a rule group switched on explicitly (`defaultRules.rules.<group>: true`, from the typed
 * inherited-rule settings) whose control-plane scrape is off: its alerts could never see a target and
 * the `…Down` ones would fire. Called when the Prometheus is resolved, so the mistake surfaces where it
 * is made, and again by {@link applyControlPlane} on the values it writes.
 */
export function refuseRuleGroupsWithoutScrape(rules: Readonly<Record<string, unknown>>, control: ResolvedControlPlane): void {
  for (const key of unscraped(control)) {
    const group = CONTROL_PLANE_SCRAPES[key].ruleGroups.find((name) => rules[name] === true);
    if (group !== undefined) {
      throw new ValidationError(control.where, `the inherited rule group ${show(group)} is switched on, but ${key} is not scraped on platform '${control.platform}' (${PLATFORM_EXPOSURE[control.platform][key].why || 'switched off in controlPlaneScrapes'}), so its alerts would select job ${show(CONTROL_PLANE_SCRAPES[key].job)}, which no target has; leave the group at its default, or scrape ${key}.`);
    }
  }
}

/**
 * Writes the control-plane scrapes into kube-prometheus-stack values: `<scrape>.enabled` for each
 * (which also gates the chart's dashboards and rule groups of that component) and
 * `defaultRules.rules.<group>: false` for the rule groups of each scrape that is off; a group the
 * values switch on while its scrape is off is refused ({@link refuseRuleGroupsWithoutScrape}).
 */
export function applyControlPlane(values: Record<string, unknown>, control: ResolvedControlPlane): Record<string, unknown> {
  const defaultRules = { ...((values.defaultRules ?? {}) as Record<string, unknown>) };
  const rules = { ...((defaultRules.rules ?? {}) as Record<string, unknown>) };
  refuseRuleGroupsWithoutScrape(rules, control);
  const out: Record<string, unknown> = { ...values };
  for (const key of CONTROL_PLANE_SCRAPE_KEYS) {
    out[key] = { ...((values[key] ?? {}) as Record<string, unknown>), enabled: control.scrapes[key] };
  }
  for (const key of unscraped(control)) {
    for (const group of CONTROL_PLANE_SCRAPES[key].ruleGroups) rules[group] = false;
  }
  defaultRules.rules = rules;
  out.defaultRules = defaultRules;
  return out;
}

/**
 * One line for the review's environment section, e.g. `eks (control plane not scraped:
 * kubeControllerManager, kubeScheduler, kubeEtcd, kubeProxy, kubeDns)`, so that the review diff
 * shows a platform change with what it stops scraping.
 */
export function describePlatform(platform: Platform): string {
  const off = CONTROL_PLANE_SCRAPE_KEYS.filter((key) => PLATFORM_EXPOSURE[platform][key].exposure !== 'scraped');
  return `${platform} (control plane not scraped: ${off.join(', ') || 'none'})`;
}

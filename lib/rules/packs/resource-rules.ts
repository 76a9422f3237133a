import { DurationLike, toDuration } from '../../core/duration';
import { LabelMatcher, Selector, renderSeriesSelector } from '../label-matcher';
import { IRulePack } from '../rule-pack';
import { Severity } from '../severity';
import { AlertPack, PROMETHEUS_RULES, alertPack, alertSpecs } from './alert-pack';
import { AlertOptions, AlertPackProps, NumberRange, POSITIVE, RATIO, literalAlternatives, num, percent } from './pack-props';

/** Tuning of PodRestartLoop: the threshold counts restarts within `window`. */
export interface RestartAlertOptions extends AlertOptions {
  /**
   * The window the restarts are counted over.
   * @default 1h
   */
  readonly window?: DurationLike;
}

/** Properties of {@link ResourceRules}. */
export interface ResourceRulesProps extends AlertPackProps {
  /**
   * Label matchers for node-exporter series (DiskSpaceLow); `selector` picks the workloads' pods.
   * @default {} (all nodes)
   */
  readonly nodeSelector?: Selector;
  /**
   * Filesystem types DiskSpaceLow ignores (in-memory and read-only image filesystems).
   * @default ["tmpfs", "overlay", "squashfs", "ramfs"]
   */
  readonly excludedFilesystemTypes?: ReadonlyArray<string>;
  /**
   * HighCPUUsage: a pod's CPU use (cAdvisor) as a ratio of its CPU limits (kube-state-metrics).
   * @default above 0.85 for 10m, warning
   */
  readonly highCpuUsage?: AlertOptions | false;
  /**
   * HighMemoryUsage: a pod's working set (cAdvisor) as a ratio of its memory limits.
   * @default above 0.9 for 5m, warning
   */
  readonly highMemoryUsage?: AlertOptions | false;
  /**
   * PodRestartLoop: container restarts of a pod within the window (kube-state-metrics).
   * @default more than 5 in 1h, for 5m, critical
   */
  readonly podRestartLoop?: RestartAlertOptions | false;
  /**
   * DiskSpaceLow: the used ratio of a node filesystem (node-exporter).
   * @default above 0.85 for 5m, warning
   */
  readonly diskSpaceLow?: AlertOptions | false;
}

/** What the resource alerts read. */
interface ResourceTerms {
  /** A series selector of the workloads' pods (the pack's selector), plus fixed matchers. */
  readonly pod: (metric: string, fixed?: string[]) => string;
  /** A series selector of the nodes (the nodeSelector), plus fixed matchers. */
  readonly node: (metric: string, fixed?: string[]) => string;
  /** The filesystem types DiskSpaceLow ignores. */
  readonly excludedFilesystemTypes: ReadonlyArray<string>;
}

// cAdvisor also reports the pod cgroup (container="") and the pause container (container="POD").
const CONTAINERS = ['container!=""', 'container!="POD"'];

const RESTARTS: NumberRange = { above: 0, hint: 'give a restart count above 0' };

const alert = alertSpecs<ResourceRulesProps, ResourceTerms>();

/** The resource alerts, in rule order: the pods' group, then the nodes'. */
export const RESOURCE_ALERTS = [
  alert({
    name: 'HighCPUUsage', prop: 'highCpuUsage', group: 'pods', severity: Severity.WARNING, for: '10m', threshold: 0.85, range: POSITIVE,
    expr: (t) =>
      `sum by (namespace, pod) (rate(${t.pod('container_cpu_usage_seconds_total', CONTAINERS)}[5m])) / ` +
      `(sum by (namespace, pod) (${t.pod('kube_pod_container_resource_limits', ['resource="cpu"'])}) > 0) > ${num(t.threshold)}`,
    summary: 'High CPU usage for pod {{ $labels.namespace }}/{{ $labels.pod }}',
    description: (t) => `CPU usage is {{ $value | humanizePercentage }} of the pod's CPU limit (threshold ${percent(t.threshold)}%, for ${t.for}).`,
  }),
  alert({
    name: 'HighMemoryUsage', prop: 'highMemoryUsage', group: 'pods', severity: Severity.WARNING, for: '5m', threshold: 0.9, range: POSITIVE,
    expr: (t) =>
      `sum by (namespace, pod) (${t.pod('container_memory_working_set_bytes', CONTAINERS)}) / ` +
      `(sum by (namespace, pod) (${t.pod('kube_pod_container_resource_limits', ['resource="memory"'])}) > 0) > ${num(t.threshold)}`,
    summary: 'High memory usage for pod {{ $labels.namespace }}/{{ $labels.pod }}',
    description: (t) =>
      `Memory working set is {{ $value | humanizePercentage }} of the pod's memory limit (threshold ${percent(t.threshold)}%, for ${t.for}); the pod is close to being OOM-killed.`,
  }),
  alert({
    name: 'PodRestartLoop', prop: 'podRestartLoop', group: 'pods', severity: Severity.CRITICAL, for: '5m', threshold: 5, range: RESTARTS,
    settings: (options, at) => ({ window: toDuration(options?.window ?? '1h', at('window')) }),
    expr: (t) => `sum by (namespace, pod) (increase(${t.pod('kube_pod_container_status_restarts_total')}[${t.window}])) > ${num(t.threshold)}`,
    summary: 'Pod {{ $labels.namespace }}/{{ $labels.pod }} is in a restart loop',
    description: (t) => `Pod {{ $labels.namespace }}/{{ $labels.pod }} has restarted {{ $value | humanize }} times in the last ${t.window} (threshold ${num(t.threshold)}).`,
  }),
  alert({
    name: 'DiskSpaceLow', prop: 'diskSpaceLow', group: 'nodes', severity: Severity.WARNING, for: '5m', threshold: 0.85, range: RATIO,
    settings: (_options, _at, p) => {
      const fixed = p.excludedFilesystemTypes.length > 0 ? [LabelMatcher.notRegex(literalAlternatives(p.excludedFilesystemTypes)).render('fstype')] : [];
      return { fs: (metric: string) => p.node(metric, fixed) };
    },
    expr: (t) => `1 - ${t.fs('node_filesystem_avail_bytes')} / (${t.fs('node_filesystem_size_bytes')} > 0) > ${num(t.threshold)}`,
    summary: 'Low disk space on {{ $labels.instance }}',
    description: (t) => `Disk usage is {{ $value | humanizePercentage }} on {{ $labels.instance }}:{{ $labels.mountpoint }} (threshold ${percent(t.threshold)}%, for ${t.for}).`,
  }),
];

const RESOURCES = alertPack<ResourceRulesProps, ResourceTerms>({
  kind: 'ResourceRules', name: 'resources', team: 'platform',
  terms: (props, at) => ({
    pod: (metric, fixed) => renderSeriesSelector(metric, props.selector, at('selector'), fixed),
    node: (metric, fixed) => renderSeriesSelector(metric, props.nodeSelector, at('nodeSelector'), fixed),
    excludedFilesystemTypes: props.excludedFilesystemTypes ?? ['tmpfs', 'overlay', 'squashfs', 'ramfs'],
  }),
  alerts: RESOURCE_ALERTS,
});

/**
 * The seeds' resource alerts. Pods (group `<name>.pods`, cAdvisor and kube-state-metrics):
 * HighCPUUsage, HighMemoryUsage (both relative to the pod's limits, so pods without limits are not
 * judged) and PodRestartLoop. Nodes (group `<name>.nodes`, node-exporter): DiskSpaceLow.
 */
export class ResourceRules extends AlertPack<ResourceRulesProps> implements IRulePack {
  /** The pack for the pods the selector picks and the nodes the nodeSelector picks. */
  public static forWorkloads(props: ResourceRulesProps): ResourceRules {
    return new ResourceRules(props);
  }

  private constructor(props: ResourceRulesProps) {
    super(RESOURCES, props, PROMETHEUS_RULES);
  }
}

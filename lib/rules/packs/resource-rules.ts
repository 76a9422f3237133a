import { Duration, DurationLike, toDuration } from '../../core/duration';
import { show } from '../../core/validation-error';
import { AlertRule } from '../alert-rule';
import { LabelMatcher, Selector, renderSeriesSelector } from '../label-matcher';
import { withinModelPath } from '../model-path';
import { RuleGroup } from '../rule-group';
import { IRulePack } from '../rule-pack';
import { Severity } from '../severity';
import { AlertOptions, AlertPackContext, AlertPackProps, POSITIVE, RATIO, literalAlternatives, num, percent } from './pack-props';

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

/**
 * The seeds' resource alerts. Pods (group `<name>.pods`, cAdvisor and kube-state-metrics):
 * HighCPUUsage, HighMemoryUsage (both relative to the pod's limits, so pods without limits are not
 * judged) and PodRestartLoop. Nodes (group `<name>.nodes`, node-exporter): DiskSpaceLow.
 */
export class ResourceRules implements IRulePack {
  /** The pack for the pods the selector picks and the nodes the nodeSelector picks. */
  public static forWorkloads(props: ResourceRulesProps): ResourceRules {
    return new ResourceRules(props);
  }

  public readonly name: string;
  public readonly ruleGroups: ReadonlyArray<RuleGroup>;

  private constructor(props: ResourceRulesProps) {
    this.name = props?.name ?? 'resources';
    const where = `ResourceRules ${show(this.name)}`;
    this.ruleGroups = withinModelPath(where, () => {
      const ctx = new AlertPackContext(props, 'platform', where);
      const pod = (metric: string, fixed: string[] = []) => renderSeriesSelector(metric, props.selector, `${where} > selector`, fixed);
      const podRules: AlertRule[] = [];
      // cAdvisor also reports the pod cgroup (container="") and the pause container (container="POD").
      const containers = ['container!=""', 'container!="POD"'];

      const cpu = ctx.resolve('highCpuUsage', 'HighCPUUsage', props.highCpuUsage, { threshold: 0.85, for: Duration.minutes(10), severity: Severity.WARNING }, POSITIVE);
      if (cpu) {
        podRules.push(
          ctx.alert('HighCPUUsage', cpu, {
            expr:
              `sum by (namespace, pod) (rate(${pod('container_cpu_usage_seconds_total', containers)}[5m])) / ` +
              `(sum by (namespace, pod) (${pod('kube_pod_container_resource_limits', ['resource="cpu"'])}) > 0) > ${num(cpu.threshold)}`,
            summary: 'High CPU usage for pod {{ $labels.namespace }}/{{ $labels.pod }}',
            description: `CPU usage is {{ $value | humanizePercentage }} of the pod's CPU limit (threshold ${percent(cpu.threshold)}%, for ${cpu.for}).`,
          }),
        );
      }

      const memory = ctx.resolve('highMemoryUsage', 'HighMemoryUsage', props.highMemoryUsage, { threshold: 0.9, for: Duration.minutes(5), severity: Severity.WARNING }, POSITIVE);
      if (memory) {
        podRules.push(
          ctx.alert('HighMemoryUsage', memory, {
            expr:
              `sum by (namespace, pod) (${pod('container_memory_working_set_bytes', containers)}) / ` +
              `(sum by (namespace, pod) (${pod('kube_pod_container_resource_limits', ['resource="memory"'])}) > 0) > ${num(memory.threshold)}`,
            summary: 'High memory usage for pod {{ $labels.namespace }}/{{ $labels.pod }}',
            description: `Memory working set is {{ $value | humanizePercentage }} of the pod's memory limit (threshold ${percent(memory.threshold)}%, for ${memory.for}); the pod is close to being OOM-killed.`,
          }),
        );
      }

      const restarts = ctx.resolve('podRestartLoop', 'PodRestartLoop', props.podRestartLoop, { threshold: 5, for: Duration.minutes(5), severity: Severity.CRITICAL }, { above: 0, hint: 'give a restart count above 0' });
      if (restarts) {
        const window = toDuration((props.podRestartLoop || undefined)?.window ?? Duration.hours(1), `${where} > podRestartLoop > window`);
        podRules.push(
          ctx.alert('PodRestartLoop', restarts, {
            expr: `sum by (namespace, pod) (increase(${pod('kube_pod_container_status_restarts_total')}[${window}])) > ${num(restarts.threshold)}`,
            summary: 'Pod {{ $labels.namespace }}/{{ $labels.pod }} is in a restart loop',
            description: `Pod {{ $labels.namespace }}/{{ $labels.pod }} has restarted {{ $value | humanize }} times in the last ${window} (threshold ${num(restarts.threshold)}).`,
          }),
        );
      }

      const nodeRules: AlertRule[] = [];
      const disk = ctx.resolve('diskSpaceLow', 'DiskSpaceLow', props.diskSpaceLow, { threshold: 0.85, for: Duration.minutes(5), severity: Severity.WARNING }, RATIO);
      if (disk) {
        const fstypes = props.excludedFilesystemTypes ?? ['tmpfs', 'overlay', 'squashfs', 'ramfs'];
        const fixed = fstypes.length > 0 ? [LabelMatcher.notRegex(literalAlternatives(fstypes)).render('fstype')] : [];
        const fs = (metric: string) => renderSeriesSelector(metric, props.nodeSelector, `${where} > nodeSelector`, fixed);
        nodeRules.push(
          ctx.alert('DiskSpaceLow', disk, {
            expr: `1 - ${fs('node_filesystem_avail_bytes')} / (${fs('node_filesystem_size_bytes')} > 0) > ${num(disk.threshold)}`,
            summary: 'Low disk space on {{ $labels.instance }}',
            description: `Disk usage is {{ $value | humanizePercentage }} on {{ $labels.instance }}:{{ $labels.mountpoint }} (threshold ${percent(disk.threshold)}%, for ${disk.for}).`,
          }),
        );
      }

      const groups: RuleGroup[] = [];
      if (podRules.length > 0) groups.push(new RuleGroup(`${this.name}.pods`, { interval: ctx.interval, rules: podRules }));
      if (nodeRules.length > 0) groups.push(new RuleGroup(`${this.name}.nodes`, { interval: ctx.interval, rules: nodeRules }));
      return groups;
    });
  }
}

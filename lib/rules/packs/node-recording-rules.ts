import { Duration, toDuration } from '../../core/duration';
import { show } from '../../core/validation-error';
import { LabelMatcher, renderSeriesSelector } from '../label-matcher';
import { withinModelPath } from '../model-path';
import { RecordingRule } from '../recording-rule';
import { RuleGroup } from '../rule-group';
import { IRulePack } from '../rule-pack';
import { DEFAULT_PACK_INTERVAL, literalAlternatives } from './pack-props';
import { RecordingPackProps } from './recording-pack-props';

/** Properties of {@link NodeRecordingRules}. */
export interface NodeRecordingRulesProps extends RecordingPackProps {
  /**
   * Filesystem types the disk utilisation ignores (in-memory and read-only image filesystems).
   * @default ["tmpfs", "overlay", "squashfs", "ramfs"]
   */
  readonly excludedFilesystemTypes?: ReadonlyArray<string>;
}

/**
 * The seeds' node recording rules over node-exporter metrics (names as in the seeds):
 * `node:cpu_utilization:avg5m` (per instance, 0..1), `node:memory_utilization:current` (per
 * instance, 0..1) and `node:disk_utilization:current` (per filesystem, 0..1). Unlike the seeds,
 * divisions skip a zero size instead of recording NaN, and in-memory filesystems are left out.
 */
export class NodeRecordingRules implements IRulePack {
  /** The pack for the nodes the selector picks. */
  public static forNodes(props: NodeRecordingRulesProps = {}): NodeRecordingRules {
    return new NodeRecordingRules(props);
  }

  public readonly name: string;
  public readonly ruleGroups: ReadonlyArray<RuleGroup>;

  private constructor(props: NodeRecordingRulesProps) {
    this.name = props?.name ?? 'node-metrics';
    const where = `NodeRecordingRules ${show(this.name)}`;
    this.ruleGroups = withinModelPath(where, () => {
      const window = toDuration(props.window ?? Duration.minutes(5), `${where} > window`);
      const series = (metric: string, fixed: string[] = []) => renderSeriesSelector(metric, props.selector, `${where} > selector`, fixed);
      const fstypes = props.excludedFilesystemTypes ?? ['tmpfs', 'overlay', 'squashfs', 'ramfs'];
      const fsFixed = fstypes.length > 0 ? [LabelMatcher.notRegex(literalAlternatives(fstypes)).render('fstype')] : [];
      const rules = [
        new RecordingRule({
          record: `node:cpu_utilization:avg${window}`,
          expr: `1 - avg by (instance) (rate(${series('node_cpu_seconds_total', ['mode="idle"'])}[${window}]))`,
        }),
        new RecordingRule({
          record: 'node:memory_utilization:current',
          expr: `1 - ${series('node_memory_MemAvailable_bytes')} / (${series('node_memory_MemTotal_bytes')} > 0)`,
        }),
        new RecordingRule({
          record: 'node:disk_utilization:current',
          expr: `1 - ${series('node_filesystem_avail_bytes', fsFixed)} / (${series('node_filesystem_size_bytes', fsFixed)} > 0)`,
        }),
      ];
      const interval = toDuration(props.interval ?? DEFAULT_PACK_INTERVAL, `${where} > interval`);
      return [new RuleGroup(this.name, { interval, rules })];
    });
  }
}

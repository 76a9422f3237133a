import { Duration, toDuration } from '../../core/duration';
import { LabelMatcher, renderSeriesSelector } from '../label-matcher';
import { RecordSpec, RecordingPack, RecordingPackDefinition } from './recording-pack';
import { literalAlternatives } from './pack-props';
import { RecordingPackProps } from './recording-pack-props';

/** Properties of {@link NodeRecordingRules}. */
export interface NodeRecordingRulesProps extends RecordingPackProps {
  /**
   * Filesystem types the disk utilisation ignores (in-memory and read-only image filesystems).
   * @default ["tmpfs", "overlay", "squashfs", "ramfs"]
   */
  readonly excludedFilesystemTypes?: ReadonlyArray<string>;
}

/** What the node records read. */
interface NodeRecordTerms {
  /** The rate window. */
  readonly window: Duration;
  /** A series selector of the pack's selector, plus fixed matchers. */
  readonly series: (metric: string, fixed?: string[]) => string;
  /** The matcher that leaves out the excluded filesystem types (none when no type is excluded). */
  readonly filesystems: string[];
}

/** The node records, in evaluation order. */
const NODE_RECORDS: ReadonlyArray<RecordSpec<NodeRecordTerms>> = [
  {
    record: (t) => `node:cpu_utilization:avg${t.window}`,
    expr: (t) => `1 - avg by (instance) (rate(${t.series('node_cpu_seconds_total', ['mode="idle"'])}[${t.window}]))`,
  },
  {
    record: () => 'node:memory_utilization:current',
    expr: (t) => `1 - ${t.series('node_memory_MemAvailable_bytes')} / (${t.series('node_memory_MemTotal_bytes')} > 0)`,
  },
  {
    record: () => 'node:disk_utilization:current',
    expr: (t) => `1 - ${t.series('node_filesystem_avail_bytes', t.filesystems)} / (${t.series('node_filesystem_size_bytes', t.filesystems)} > 0)`,
  },
];

const NODE_METRICS: RecordingPackDefinition<NodeRecordingRulesProps, NodeRecordTerms> = {
  kind: 'NodeRecordingRules', name: 'node-metrics',
  terms: (props, at) => {
    const window = toDuration(props.window ?? Duration.minutes(5), at('window'));
    const fstypes = props.excludedFilesystemTypes ?? ['tmpfs', 'overlay', 'squashfs', 'ramfs'];
    return {
      window,
      series: (metric, fixed) => renderSeriesSelector(metric, props.selector, at('selector'), fixed),
      filesystems: fstypes.length > 0 ? [LabelMatcher.notRegex(literalAlternatives(fstypes)).render('fstype')] : [],
    };
  },
  records: NODE_RECORDS,
};

/**
 * The seeds' node recording rules over node-exporter metrics (names as in the seeds):
 * `node:cpu_utilization:avg5m` (per instance, 0..1), `node:memory_utilization:current` (per
 * instance, 0..1) and `node:disk_utilization:current` (per filesystem, 0..1). Unlike the seeds,
 * divisions skip a zero size instead of recording NaN, and in-memory filesystems are left out.
 */
export class NodeRecordingRules extends RecordingPack<NodeRecordingRulesProps> {
  /** The pack for the nodes the selector picks. */
  public static forNodes(props: NodeRecordingRulesProps = {}): NodeRecordingRules {
    return new NodeRecordingRules(props);
  }

  private constructor(props: NodeRecordingRulesProps) {
    super(NODE_METRICS, props);
  }
}

import { DurationLike } from '../../core/duration';
import { Selector } from '../label-matcher';

/** Properties every recording rule pack takes. */
export interface RecordingPackProps {
  /**
   * Label matchers that select the series the pack aggregates, e.g. `{ namespace: 'shop' }`.
   * @default {} (all series of the metric)
   */
  readonly selector?: Selector;
  /**
   * The pack name and its group name; set it when adding the same pack twice.
   * @default the pack's own name (e.g. "service-metrics")
   */
  readonly name?: string;
  /**
   * Group evaluation interval.
   * @default 30s (the seeds' interval for recording groups)
   */
  readonly interval?: DurationLike;
  /**
   * The rate window, also in the record names (`rate5m`).
   * @default 5m
   */
  readonly window?: DurationLike;
}

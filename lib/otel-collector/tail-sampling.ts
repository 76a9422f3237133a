import { Duration, DurationLike, toDuration } from '../core/duration';
import { ValidationError, show } from '../core/validation-error';
import { checkProbability } from '../jaeger/sampling-strategies';

/** Props of {@link TailSampling}. */
export interface TailSamplingProps {
  /** Share of the remaining traces (neither failed nor slow) kept, within [0, 1] (the environment's `traceSampling`). */
  readonly probability: number;
  /** Keep every trace at least this long. @default 2s */
  readonly slowTraceThreshold?: DurationLike;
  /** Keep every trace with a span whose status is ERROR. @default true */
  readonly keepErrors?: boolean;
  /** How long after its first span a trace is decided (late spans of a decided trace follow the decision). @default 10s */
  readonly decisionWait?: DurationLike;
  /** Traces held in memory while waiting; size it to traces/s × decisionWait × 2. @default 50000 */
  readonly numTraces?: number;
}

/**
 * The collector's `tail_sampling` processor: decides per complete trace, so it can keep every failed
 * and every slow trace, plus a probabilistic share of the rest (policies are OR-ed). Needs every span of
 * a trace at the same collector instance: the OtelCollector refuses it with more than one replica.
 */
export class TailSampling {
  /** Share of the remaining traces kept, within [0, 1]. */
  public readonly probability: number;
  /** Traces at least this long are kept (default 2s). */
  public readonly slowTraceThreshold: Duration;
  /** Whether traces with an ERROR span are kept (default true). */
  public readonly keepErrors: boolean;
  /** How long after its first span a trace is decided (default 10s). */
  public readonly decisionWait: Duration;
  /** Traces held in memory while waiting for a decision (default 50000). */
  public readonly numTraces: number;

  constructor(props: TailSamplingProps, where = 'TailSampling') {
    if (props === undefined || props === null) {
      throw new ValidationError(where, 'props are missing; pass at least { probability: 0.1 }.');
    }
    this.probability = checkProbability(props.probability, `${where} > probability`);
    this.slowTraceThreshold = toDuration(props.slowTraceThreshold ?? '2s', `${where} > slowTraceThreshold`);
    this.decisionWait = toDuration(props.decisionWait ?? '10s', `${where} > decisionWait`);
    this.keepErrors = props.keepErrors ?? true;
    this.numTraces = props.numTraces ?? 50000;
    if (this.slowTraceThreshold.isZero()) {
      throw new ValidationError(`${where} > slowTraceThreshold`, `${show(this.slowTraceThreshold.toPrometheus())} would keep every trace; give e.g. "2s".`);
    }
    if (this.decisionWait.toSeconds() < 1) {
      throw new ValidationError(`${where} > decisionWait`, `${show(this.decisionWait.toPrometheus())} is too short for the spans of a trace to arrive; give at least "1s" (default "10s").`);
    }
    if (!Number.isInteger(this.numTraces) || this.numTraces < 100) {
      throw new ValidationError(`${where} > numTraces`, `${show(this.numTraces)} must be a whole number of at least 100; size it to traces/s × decisionWait × 2.`);
    }
  }

  /** The `tail_sampling` processor configuration. */
  public render(): Record<string, unknown> {
    const policies: Record<string, unknown>[] = [];
    if (this.keepErrors) policies.push({ name: 'keep-errors', type: 'status_code', status_code: { status_codes: ['ERROR'] } });
    policies.push({ name: 'keep-slow', type: 'latency', latency: { threshold_ms: this.slowTraceThreshold.totalMilliseconds } });
    policies.push({ name: 'keep-share-of-rest', type: 'probabilistic', probabilistic: { sampling_percentage: Number((this.probability * 100).toPrecision(12)) } });
    return { decision_wait: `${this.decisionWait.toSeconds()}s`, num_traces: this.numTraces, policies };
  }
}

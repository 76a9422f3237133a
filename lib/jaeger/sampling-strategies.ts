import { checkNumberInRange } from '../core/input-checks';
import { ValidationError, show } from '../core/validation-error';
import { compareText } from '../core/compare-text';

/**
 * Operations that carry no useful traces (probes and scrapes): sampled at probability 0 unless the
 * caller chooses otherwise. Names are matched exactly against the span name SDKs report.
 */
export const HEALTH_OPERATIONS: ReadonlyArray<string> = ['/health', '/healthz', '/ready', '/readyz', '/livez', '/metrics'];

/** Kinds of Jaeger sampling strategy. */
export const SamplingStrategyType = {
  PROBABILISTIC: 'probabilistic',
  RATE_LIMITING: 'ratelimiting',
} as const;
/** One kind of sampling strategy (a {@link SamplingStrategyType} value). */
export type SamplingStrategyType = (typeof SamplingStrategyType)[keyof typeof SamplingStrategyType];

/**
 * How a service's SDK samples new traces, as Jaeger's remote sampling hands it out:
 * `SamplingStrategy.probabilistic(0.1)` keeps 10 % of traces, `SamplingStrategy.rateLimiting(5)`
 * keeps at most 5 traces per second per SDK instance.
 */
export class SamplingStrategy {
  /** Keeps each new trace with this probability, within [0, 1]. */
  public static probabilistic(probability: number): SamplingStrategy {
    return new SamplingStrategy(SamplingStrategyType.PROBABILISTIC, probability);
  }

  /** Keeps at most this many traces per second in each SDK instance (a positive number). */
  public static rateLimiting(maxTracesPerSecond: number): SamplingStrategy {
    return new SamplingStrategy(SamplingStrategyType.RATE_LIMITING, maxTracesPerSecond);
  }

  private constructor(
    /** The strategy kind. */
    public readonly type: SamplingStrategyType,
    /** Probability (probabilistic) or traces per second (rate limiting), unchecked until rendered. */
    public readonly param: number,
  ) {}

  /** Checks the parameter; returns Jaeger's `{ type, param }`. */
  public render(where: string): { type: SamplingStrategyType; param: number } {
    if (this.type === SamplingStrategyType.PROBABILISTIC) {
      checkProbability(this.param, where);
    } else if (typeof this.param !== 'number' || !Number.isFinite(this.param) || this.param <= 0) {
      throw new ValidationError(where, `rate limit ${show(this.param)} is not a positive number of traces per second; give e.g. SamplingStrategy.rateLimiting(5).`);
    }
    return { type: this.type, param: this.param };
  }
}

/** Per-service sampling, added with {@link SamplingStrategies.addService}. */
export interface ServiceSamplingProps {
  /** The service's strategy for operations without an override. */
  readonly strategy: SamplingStrategy;
  /**
   * Per-operation probabilities (span name → probability in [0, 1]). Jaeger supports only
   * probabilistic operation strategies, and only under a probabilistic service strategy.
   * @default none (the default strategy's operation overrides still apply)
   */
  readonly operations?: Record<string, number>;
}

/** Props of {@link SamplingStrategies}. */
export interface SamplingStrategiesProps {
  /** Probability for every service without its own strategy, within [0, 1] (the environment's `traceSampling`). */
  readonly defaultProbability: number;
  /**
   * Operations never sampled, in every probabilistic service (probes, scrapes).
   * @default HEALTH_OPERATIONS
   */
  readonly unsampledOperations?: ReadonlyArray<string>;
  /**
   * Per-operation probabilities for every service (span name → probability in [0, 1]).
   * @default none
   */
  readonly operations?: Record<string, number>;
}

/**
 * Head sampling handed to SDKs by Jaeger's remote sampling (file-based strategies): a default
 * probability, per-service and per-operation overrides, and health endpoints at 0. A pure model:
 * `render()` gives the strategies file Jaeger reads (`default_strategy`, `service_strategies`,
 * `operation_strategies`). Validated as it is built: probabilities within [0, 1], positive rate
 * limits, no rate limiting inside operation strategies, no service or operation given twice.
 */
export class SamplingStrategies {
  /** The default probability. */
  public readonly defaultProbability: number;
  private readonly defaultOperations: ReadonlyArray<[string, number]>;
  private readonly services = new Map<string, ServiceSamplingProps>();

  constructor(props: SamplingStrategiesProps) {
    const where = 'SamplingStrategies';
    if (props === undefined || props === null) {
      throw new ValidationError(where, 'props are missing; pass at least { defaultProbability: 0.1 }.');
    }
    this.defaultProbability = checkProbability(props.defaultProbability, `${where} > defaultProbability`);
    const unsampled = props.unsampledOperations ?? HEALTH_OPERATIONS;
    if (!Array.isArray(unsampled)) {
      throw new ValidationError(`${where} > unsampledOperations`, `${show(unsampled)} is not a list of operation names; give e.g. ["/healthz"] or [] for none.`);
    }
    const ops = new Map<string, number>();
    unsampled.forEach((op, index) => addOperation(ops, op, 0, `${where} > unsampledOperations[${index}]`));
    for (const [op, probability] of Object.entries(props.operations ?? {})) {
      addOperation(ops, op, probability, `${where} > operations > ${show(op)}`);
    }
    this.defaultOperations = [...ops.entries()];
  }

  /** Adds a service's own strategy; a service may be added once. */
  public addService(service: string, props: ServiceSamplingProps): this {
    const where = `SamplingStrategies > service ${show(service)}`;
    if (typeof service !== 'string' || service.trim() === '' || service !== service.trim()) {
      throw new ValidationError(where, `service name ${show(service)} is empty or padded with spaces; give the service.name the SDK reports, e.g. "checkout".`);
    }
    if (this.services.has(service)) {
      throw new ValidationError(where, `service ${show(service)} is added twice; give each service one strategy (merge its operations into one addService call).`);
    }
    if (!(props?.strategy instanceof SamplingStrategy)) {
      throw new ValidationError(where, `strategy ${show(props?.strategy)} is not a SamplingStrategy; use SamplingStrategy.probabilistic(0.5) or SamplingStrategy.rateLimiting(5).`);
    }
    props.strategy.render(`${where} > strategy`);
    const operations = Object.entries(props.operations ?? {});
    if (operations.length > 0 && props.strategy.type !== SamplingStrategyType.PROBABILISTIC) {
      throw new ValidationError(where, `operations ${show(operations.map(([op]) => op))} under a rate-limiting strategy are ignored by Jaeger; use SamplingStrategy.probabilistic(...) for the service, or drop the operations.`);
    }
    const ops = new Map<string, number>();
    for (const [op, probability] of operations) addOperation(ops, op, probability, `${where} > operations > ${show(op)}`);
    this.services.set(service, props);
    return this;
  }

  /** The services with their own strategy, in the order added. */
  public serviceNames(): string[] {
    return [...this.services.keys()];
  }

  /** Jaeger's sampling strategies document (services sorted by name, so output is stable). */
  public render(): Record<string, unknown> {
    const defaultStrategy: Record<string, unknown> = { type: SamplingStrategyType.PROBABILISTIC, param: this.defaultProbability };
    if (this.defaultOperations.length > 0) defaultStrategy.operation_strategies = renderOperations(this.defaultOperations);
    const services = [...this.services.entries()].sort(([a], [b]) => compareText(a, b));
    return {
      // Jaeger merges the default operation strategies into every probabilistic service strategy.
      default_strategy: defaultStrategy,
      service_strategies: services.map(([service, props]) => {
        const rendered: Record<string, unknown> = { service, ...props.strategy.render(`SamplingStrategies > service ${show(service)}`) };
        const ops = Object.entries(props.operations ?? {});
        if (ops.length > 0) rendered.operation_strategies = renderOperations(ops);
        return rendered;
      }),
    };
  }

  /** The strategies file as Jaeger reads it: deterministic, pretty-printed JSON. */
  public toJsonText(): string {
    return `${JSON.stringify(this.render(), null, 2)}\n`;
  }
}

function renderOperations(ops: ReadonlyArray<[string, number]>): Record<string, unknown>[] {
  return [...ops]
    .sort(([a], [b]) => compareText(a, b))
    .map(([operation, param]) => ({ operation, type: SamplingStrategyType.PROBABILISTIC, param }));
}

function addOperation(ops: Map<string, number>, op: unknown, probability: unknown, where: string): void {
  if (typeof op !== 'string' || op.trim() === '') {
    throw new ValidationError(where, `operation name ${show(op)} is empty; give the span name, e.g. "GET /api/orders".`);
  }
  if (probability instanceof SamplingStrategy) {
    throw new ValidationError(where, `${show(probability.type)} strategy for operation ${show(op)} is not supported: Jaeger's operation strategies are probabilistic only; give a probability in [0, 1] instead.`);
  }
  checkProbability(probability, where);
  if (ops.has(op)) {
    throw new ValidationError(where, `operation ${show(op)} is given twice (also ${show(ops.get(op))}); keep one probability for it.`);
  }
  ops.set(op, probability as number);
}

/** Refuses anything but a number within [0, 1]. */
export function checkProbability(value: unknown, where: string): number {
  return checkNumberInRange(value, where, 'probability', { min: 0, max: 1, integer: false }, {
    requirement: 'is not within [0, 1]',
    hint: '; write e.g. 0.1 for 10 %, 1 to keep every trace, 0 for none',
  });
}

import { HEALTH_OPERATIONS, SamplingStrategies, SamplingStrategy } from '../../lib/jaeger/sampling-strategies';
import { expectValidationError } from '../support/refusal';

describe('SamplingStrategies (pure model, no cdktf)', () => {
  test('GIVEN the prod default THEN 10 % everywhere and health endpoints at 0 in the default strategy', () => {
    // GIVEN / WHEN
    const doc = new SamplingStrategies({ defaultProbability: 0.1 }).render() as any;
    // THEN
    expect(doc.default_strategy.type).toBe('probabilistic');
    expect(doc.default_strategy.param).toBe(0.1);
    expect(doc.default_strategy.operation_strategies.map((o: any) => o.operation)).toEqual([...HEALTH_OPERATIONS].sort());
    for (const op of doc.default_strategy.operation_strategies) expect(op).toMatchObject({ type: 'probabilistic', param: 0 });
    expect(doc.service_strategies).toEqual([]);
  });

  test('per-service and per-operation overrides render as Jaeger strategies, services sorted', () => {
    // GIVEN
    const sampling = new SamplingStrategies({ defaultProbability: 1, unsampledOperations: ['/healthz'], operations: { 'GET /static': 0.01 } })
      .addService('payments', { strategy: SamplingStrategy.probabilistic(0.5), operations: { 'POST /charge': 1 } })
      .addService('batch-jobs', { strategy: SamplingStrategy.rateLimiting(2) });
    // WHEN
    const doc = sampling.render();
    // THEN
    expect(doc).toEqual({
      default_strategy: {
        type: 'probabilistic', param: 1,
        operation_strategies: [
          { operation: '/healthz', type: 'probabilistic', param: 0 },
          { operation: 'GET /static', type: 'probabilistic', param: 0.01 },
        ],
      },
      service_strategies: [
        { service: 'batch-jobs', type: 'ratelimiting', param: 2 },
        { service: 'payments', type: 'probabilistic', param: 0.5, operation_strategies: [{ operation: 'POST /charge', type: 'probabilistic', param: 1 }] },
      ],
    });
    expect(sampling.serviceNames()).toEqual(['payments', 'batch-jobs']);
  });

  test('the JSON text is deterministic and parses back to the same document', () => {
    const build = () => new SamplingStrategies({ defaultProbability: 0.25 }).addService('a', { strategy: SamplingStrategy.probabilistic(1) }).toJsonText();
    expect(build()).toBe(build());
    expect(JSON.parse(build())).toEqual(new SamplingStrategies({ defaultProbability: 0.25 }).addService('a', { strategy: SamplingStrategy.probabilistic(1) }).render());
    expect(build().endsWith('\n')).toBe(true);
  });

  test.each<[string, () => unknown, string[]]>([
    ['a default probability above 1', () => new SamplingStrategies({ defaultProbability: 10 }), ['SamplingStrategies > defaultProbability', 'probability 10', 'within [0, 1]', 'e.g. 0.1']],
    ['a negative default probability', () => new SamplingStrategies({ defaultProbability: -0.1 }), ['probability -0.1', 'within [0, 1]']],
    ['NaN', () => new SamplingStrategies({ defaultProbability: NaN }), ['probability NaN']],
    ['a service probability above 1', () => new SamplingStrategies({ defaultProbability: 0.1 }).addService('api', { strategy: SamplingStrategy.probabilistic(1.5) }), ['service "api" > strategy', 'probability 1.5']],
    ['a zero rate limit', () => new SamplingStrategies({ defaultProbability: 0.1 }).addService('api', { strategy: SamplingStrategy.rateLimiting(0) }), ['rate limit 0', 'SamplingStrategy.rateLimiting(5)']],
    ['rate limiting inside an operation strategy', () => new SamplingStrategies({ defaultProbability: 0.1, operations: { 'GET /x': SamplingStrategy.rateLimiting(5) as never } }), ['operations > "GET /x"', '"ratelimiting" strategy', 'probabilistic only']],
    ['operations under a rate-limited service', () => new SamplingStrategies({ defaultProbability: 0.1 }).addService('api', { strategy: SamplingStrategy.rateLimiting(5), operations: { 'GET /x': 0.5 } }), ['service "api"', 'ignored by Jaeger', 'SamplingStrategy.probabilistic']],
    ['an operation probability above 1', () => new SamplingStrategies({ defaultProbability: 0.1 }).addService('api', { strategy: SamplingStrategy.probabilistic(0.1), operations: { 'GET /x': 2 } }), ['service "api" > operations > "GET /x"', 'probability 2']],
    ['a duplicate service', () => new SamplingStrategies({ defaultProbability: 0.1 }).addService('api', { strategy: SamplingStrategy.probabilistic(0.1) }).addService('api', { strategy: SamplingStrategy.probabilistic(0.2) }), ['service "api"', 'added twice', 'one addService call']],
    ['an operation both unsampled and overridden', () => new SamplingStrategies({ defaultProbability: 0.1, unsampledOperations: ['/healthz'], operations: { '/healthz': 0.5 } }), ['operations > "/healthz"', 'given twice', 'also 0']],
    ['an empty operation name', () => new SamplingStrategies({ defaultProbability: 0.1, unsampledOperations: [''] }), ['unsampledOperations[0]', 'operation name ""', 'e.g. "GET /api/orders"']],
    ['an empty service name', () => new SamplingStrategies({ defaultProbability: 0.1 }).addService(' ', { strategy: SamplingStrategy.probabilistic(0.1) }), ['service name " "', 'service.name']],
    ['a missing strategy', () => new SamplingStrategies({ defaultProbability: 0.1 }).addService('api', { strategy: 0.5 as never }), ['strategy 0.5 is not a SamplingStrategy', 'SamplingStrategy.probabilistic(0.5)']],
  ])('refuses %s with where, the bad value and the fix', (_, fn, parts) => {
    expectValidationError(fn, ...parts);
  });
});

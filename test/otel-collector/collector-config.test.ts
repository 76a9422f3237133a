import { CollectorConfig } from '../../lib/otel-collector/collector-config';
import { expectValidationError } from '../support/refusal';

function minimal(): CollectorConfig {
  return new CollectorConfig('gateway')
    .addReceiver('otlp')
    .addProcessor('memory_limiter')
    .addProcessor('batch')
    .addExporter('otlp/jaeger', { endpoint: 'jaeger:4317' });
}

function expectError(fn: () => unknown, ...parts: string[]): void {
  expectValidationError(fn, ...parts);
}

describe('CollectorConfig (pure model)', () => {
  test('GIVEN a valid pipeline with a connector THEN it renders the collector config', () => {
    // GIVEN
    const config = minimal()
      .addConnector('spanmetrics', {})
      .addExporter('prometheus', { endpoint: '0.0.0.0:8889' })
      .addExtension('health_check', {})
      .addPipeline('traces', { receivers: ['otlp'], processors: ['memory_limiter', 'batch'], exporters: ['otlp/jaeger', 'spanmetrics'] })
      .addPipeline('metrics/spanmetrics', { receivers: ['spanmetrics'], exporters: ['prometheus'] });
    // WHEN
    const out = config.render() as any;
    // THEN
    expect(Object.keys(out)).toEqual(['receivers', 'processors', 'exporters', 'connectors', 'extensions', 'service']);
    expect(out.connectors).toEqual({ spanmetrics: {} });
    expect(out.service.extensions).toEqual(['health_check']);
    expect(out.service.pipelines['metrics/spanmetrics']).toEqual({ receivers: ['spanmetrics'], processors: [], exporters: ['prometheus'] });
    expect(config.pipelineIds()).toEqual(['traces', 'metrics/spanmetrics']);
  });

  test.each<[string, () => unknown, string[]]>([
    ['an undefined exporter', () => minimal().addPipeline('traces', { receivers: ['otlp'], processors: ['memory_limiter', 'batch'], exporters: ['otlp/tempo'] }).render(), ['gateway: pipeline "traces" uses exporter "otlp/tempo", which is not defined', '["otlp/jaeger"]']],
    ['an undefined processor', () => minimal().addPipeline('traces', { receivers: ['otlp'], processors: ['memory_limiter', 'batch', 'tail_sampling'], exporters: ['otlp/jaeger'] }).render(), ['processor "tail_sampling", which is not defined']],
    ['an undefined receiver', () => minimal().addPipeline('traces', { receivers: ['zipkin'], processors: ['memory_limiter', 'batch'], exporters: ['otlp/jaeger'] }).render(), ['receiver "zipkin", which is not defined']],
    ['an unknown component type', () => minimal().addProcessor('memorylimiter'), ['processor type "memorylimiter"', 'not a known processor', 'memory_limiter']],
    ['a bad component id', () => minimal().addExporter('OTLP Jaeger'), ['exporter id "OTLP Jaeger"', '"otlp/jaeger"']],
    ['a component defined twice', () => minimal().addReceiver('otlp'), ['receiver "otlp" is defined twice', '"otlp/second"']],
    ['a bad pipeline id', () => minimal().addPipeline('spans', { receivers: ['otlp'], exporters: ['otlp/jaeger'] }), ['pipeline id "spans"', '"traces/tail"']],
    ['a pipeline added twice', () => minimal().addPipeline('traces', { receivers: ['otlp'], exporters: ['otlp/jaeger'] }).addPipeline('traces', { receivers: ['otlp'], exporters: ['otlp/jaeger'] }), ['pipeline "traces" is added twice']],
    ['a pipeline without exporters', () => minimal().addPipeline('traces', { receivers: ['otlp'], exporters: [] }).render(), ['pipeline "traces" has no exporters']],
    ['memory_limiter not first', () => minimal().addPipeline('traces', { receivers: ['otlp'], processors: ['batch', 'memory_limiter'], exporters: ['otlp/jaeger'] }).render(), ['"memory_limiter" at position 2', 'must be the first processor']],
    ['a connector used on one side only', () => minimal().addConnector('spanmetrics').addPipeline('traces', { receivers: ['otlp'], processors: ['memory_limiter', 'batch'], exporters: ['otlp/jaeger', 'spanmetrics'] }).render(), ['connector "spanmetrics" is not used as a receiver', 'export to it from one and receive from it in another']],
    ['a defined but unused exporter', () => minimal().addExporter('debug').addPipeline('traces', { receivers: ['otlp'], processors: ['memory_limiter', 'batch'], exporters: ['otlp/jaeger'] }).render(), ['exporter "debug" is defined but no pipeline uses it']],
    ['no pipelines', () => minimal().render(), ['no pipelines']],
    ['a processor listed twice', () => minimal().addPipeline('traces', { receivers: ['otlp'], processors: ['memory_limiter', 'batch', 'batch'], exporters: ['otlp/jaeger'] }).render(), ['lists a processor twice']],
  ])('refuses %s', (_, fn, parts) => expectError(fn, ...parts));
});

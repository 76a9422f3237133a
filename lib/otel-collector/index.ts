// The OpenTelemetry collector: the construct, tail sampling, the tracing pipeline's alerts.
// Public names of this folder: lib/index.ts re-exports exactly these (test/api/public-api.test.ts checks it).
export { TailSampling } from './tail-sampling';
export type { TailSamplingProps } from './tail-sampling';
export { OtelCollector } from './otel-collector';
export type { DatadogExporterOptions, OtelCollectorProps, SpanMetricsOptions } from './otel-collector-props';
export { TracingPipelineRules } from './tracing-pipeline-rules';
export type { TracingPipelineRulesProps } from './tracing-pipeline-rules';

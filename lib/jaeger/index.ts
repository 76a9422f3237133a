// Jaeger: the construct, its trace storage and sampling strategies.
// Public names of this folder: lib/index.ts re-exports exactly these (test/api/public-api.test.ts checks it).
export { SamplingStrategies, SamplingStrategy, SamplingStrategyType } from './sampling-strategies';
export type { SamplingStrategiesProps, ServiceSamplingProps } from './sampling-strategies';
export { JaegerStorage, JaegerStorageType } from './jaeger-storage';
export type {
  CassandraStorageOptions, MemoryStorageOptions, SearchStorageOptions, SecretEnvVar, StorageCredentials,
} from './jaeger-storage';
export type { IOtlpTracesBackend } from './otlp-traces-backend';
export { Jaeger } from './jaeger';
export type { JaegerIngressOptions, JaegerProps } from './jaeger-props';
export { JaegerRules } from './jaeger-rules';
export type { JaegerRulesProps } from './jaeger-rules';

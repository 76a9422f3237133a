// The seeds' rule packs and their props.
// Public names of this folder: lib/rules/index.ts re-exports exactly these (test/api/public-api.test.ts checks it).
export type { AlertOptions, AlertPackProps, HttpMetricProps } from './pack-props';
export type { RecordingPackProps } from './recording-pack-props';
export { ServiceHealthRules } from './service-health-rules';
export type { LatencyAlertOptions, ServiceHealthRulesProps } from './service-health-rules';
export { ResourceRules } from './resource-rules';
export type { ResourceRulesProps, RestartAlertOptions } from './resource-rules';
export { DependencyRules } from './dependency-rules';
export type {
  CertificateExpiryOptions, DatabasePoolOptions, DependencyAlertOptions, DependencyRulesProps, KafkaLagOptions,
  RedisMemoryOptions,
} from './dependency-rules';
export { SecurityRules } from './security-rules';
export type { BruteForceOptions, SecurityEventOptions, SecurityRulesProps } from './security-rules';
export { ServiceRecordingRules } from './service-recording-rules';
export type { ServiceRecordingRulesProps } from './service-recording-rules';
export { NodeRecordingRules } from './node-recording-rules';
export type { NodeRecordingRulesProps } from './node-recording-rules';

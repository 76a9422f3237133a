// The Prometheus rule model: alerting and recording rules, rule groups, label matchers, severities, the
// rule file renderer; and the seeds' rule packs (./packs).
// Public names of this folder: lib/index.ts re-exports exactly these (test/api/public-api.test.ts checks it).
export { Severity } from './severity';
export { LabelMatcher, MatchOperator } from './label-matcher';
export type { Selector } from './label-matcher';
export { AlertRule, AlertRuleBase } from './alert-rule';
export type { AlertDefinitionProps, AlertRuleProps, RuleLanguage } from './alert-rule';
export { RecordingRule, RecordingRuleBase } from './recording-rule';
export type { RecordingRuleProps } from './recording-rule';
export { RuleGroup, RuleGroupBase } from './rule-group';
export type { RuleGroupBaseProps, RuleGroupProps } from './rule-group';
export type { IRulePack } from './rule-pack';
export { renderRuleFile } from './rule-file';
export {
  DependencyRules, NodeRecordingRules, ResourceRules, SecurityRules, ServiceHealthRules, ServiceRecordingRules,
} from './packs';
export type {
  AlertOptions, AlertPackProps, BruteForceOptions, CertificateExpiryOptions, DatabasePoolOptions,
  DependencyAlertOptions, DependencyRulesProps, HttpMetricProps, KafkaLagOptions, LatencyAlertOptions,
  NodeRecordingRulesProps, RecordingPackProps, RedisMemoryOptions, ResourceRulesProps, RestartAlertOptions,
  SecurityEventOptions, SecurityRulesProps, ServiceHealthRulesProps, ServiceRecordingRulesProps,
} from './packs';

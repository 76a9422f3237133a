// Loki: the construct, its storage, tenancy, retention and limits, LogQL rules and packs.
// Public names of this folder: lib/index.ts re-exports exactly these (test/api/public-api.test.ts checks it).
export { LogAlertRule } from './log-alert-rule';
export type { LogAlertRuleProps } from './log-alert-rule';
export { LogRecordingRule } from './log-recording-rule';
export type { LogRecordingRuleProps } from './log-recording-rule';
export { LogRuleGroup } from './log-rule-group';
export type { LogRuleGroupProps } from './log-rule-group';
export type { ILogRulePack } from './log-rule-pack';
export { LogQueryRules } from './packs';
export type { LogQueryRulesProps } from './packs';
export { LokiDeploymentMode } from './deployment-mode';
export { LokiTenancy } from './tenancy';
export { LokiObjectStorage } from './object-storage';
export type {
  AzureStorageProps, GcsStorageProps, ObjectStorageConfig, S3StorageProps, SecretEnv,
} from './object-storage';
export type { StreamRetention } from './retention';
export type { LokiLimits } from './limits';
export type { ILokiPushTarget } from './loki-push-target';
export { Loki } from './loki';
export { LokiRules } from './loki-rules';
export type { LokiRulesProps } from './loki-rules';
export type { IRemoteWriteReceiver, LokiProps } from './loki-props';

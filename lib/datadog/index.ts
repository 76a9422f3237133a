// The Datadog agent and its typed options. DatadogSlos (Datadog SLOs and burn-rate monitors through
// @cdktf/provider-datadog) is deliberately NOT exported here: it lives in './datadog-slos', which
// lib/index.ts loads on first use only, so that importing the library never loads the optional provider.
// Public names of this folder: lib/index.ts re-exports exactly these (test/api/public-api.test.ts checks it).
export { DatadogAdmissionController } from './admission-controller';
export { DatadogApmTransport } from './apm-transport';
export { DatadogAgent } from './datadog-agent';
export { DatadogAgentRules } from './datadog-agent-rules';
export type { DatadogAgentRulesProps } from './datadog-agent-rules';
export type { DatadogAgentProps } from './datadog-agent-props';
export type { DatadogEnvironmentOptions } from './datadog-environment';
export type { DatadogResources } from './datadog-resources';
export { DatadogSite } from './datadog-site';
export { DatadogMetricQuery, DatadogSloQueries } from './datadog-slo-queries';
export type { DatadogCountQueryProps } from './datadog-slo-queries';
export { DatadogLogCollection } from './log-collection';
export { DatadogOtlpReceiver } from './otlp-receiver';
export type {
  DatadogOtlpHostPortOptions, DatadogOtlpInClusterOptions, ResolvedDatadogOtlpReceiver,
} from './otlp-receiver';
export { DatadogTaintEffect, DatadogToleration } from './toleration';

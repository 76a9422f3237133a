// The Datadog agent and its typed options. DatadogSlos (Datadog SLOs and burn-rate monitors through
// @cdktf/provider-datadog) is deliberately NOT exported here: it lives in './datadog-slos', a
// separate entry point, so that importing the library never loads the optional provider.
export * from './admission-controller';
export * from './apm-transport';
export * from './cluster-name';
export * from './datadog-agent';
export * from './datadog-environment';
export * from './datadog-resources';
export * from './datadog-site';
export * from './datadog-slo-queries';
export * from './datadog-tags';
export * from './log-collection';
export * from './otlp-receiver';
export * from './toleration';

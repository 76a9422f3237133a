/**
 * Typed CDK-for-Terraform constructs for a Kubernetes observability stack: Prometheus, Alertmanager,
 * Grafana, Loki, Jaeger, the Datadog agent, log shipping and an OpenTelemetry collector.
 *
 * @packageDocumentation
 */
import type * as DatadogSlosModule from './datadog/datadog-slos';

// The public API, by name. What is not listed here is internal: this repository's tests and scripts
// import it by deep path. `npm run api` writes the surface to api/monitoring-constructs.api.md, which
// test/api/public-api.test.ts compares, so a change to it shows up in review. Each folder index.ts
// used below lists exactly the names taken from it. Provider classes are never re-exported.

// Values of the model: durations, Kubernetes resources, the one error type
export { Duration } from './core/duration';
export type { DurationLike } from './core/duration';
export type { ComputeResources, ResourceRequirements } from './core/resources';
export type { SizingDefaults } from './core/sizing';
export { ValidationError } from './core/validation-error';
export { PodAntiAffinity } from './core/pod-anti-affinity';
export type { IngressOptions } from './core/ingress';

// Chart pins, and the release that delivers Kubernetes objects through Helm
export { Charts } from './core/charts';
export type { HelmChartRef } from './core/charts';
export { ManifestsRelease } from './core/manifests-release';
export type { ManifestsReleaseProps } from './core/manifests-release';

// Typed references between components (implemented by the constructs)
export type { INamespace, NamespaceProp } from './core/namespace';
export { DatasourceType } from './core/grafana-datasource';
export type { GrafanaDatasourceDescriptor, IGrafanaDatasource } from './core/grafana-datasource';
export type { GrafanaBasicAuthSecret, GrafanaSecretHeader, GrafanaSecretKey } from './core/grafana-datasource';
export type { IAlertmanagerEndpoint } from './prometheus/alertmanager-endpoint';

// The component contract: what a component tells the network policies, disruption budgets and review
export { NetworkPeer, PeerRole } from './contracts';
export type {
  DisruptionBudgetSpec, IMonitoringComponent, IngressRule, NetworkPolicySpec, PeerIdentity, PodLabels, PolicyPort, SelfMonitoringOptions,
} from './contracts';
export type { ComponentReview, SummarySection, WorkloadReview } from './review/component-review';

// Environments, the per-environment stack, the app that writes review artifacts
export type {
  BackendConfig, ComponentSizing, ComponentToggles, EnvironmentConfig, GcsBackendConfig, GrafanaEnvironmentOptions,
  KubeconfigDefaults, PrometheusEnvironmentOptions, ResolvedEnvironment, ResolvedSizing, RetentionConfig,
  S3BackendConfig, SizingConfig,
} from './environment/environment-config';
export { resolveEnvironment, resolveEnvironments } from './environment/resolve-environment';
export type { RulePacksConfig } from './environment/rule-packs-config';
export type {
  AlertmanagerEnvironmentOptions, BlackboxExporterEnvironmentOptions, EnvironmentMonitor, EnvironmentProbe, EnvironmentService, JaegerEnvironmentOptions,
  LogShipperEnvironmentOptions, LokiEnvironmentOptions, OtelCollectorEnvironmentOptions, ServiceScrapeOptions, TailSamplingEnvironmentOptions,
} from './environment/component-options';
export { APPLICATION_SERVICE_WINS } from './prometheus/annotation-scrape-configs';
export { MonitoringStack } from './stack/monitoring-stack';
export { ClusterProviders } from './stack/cluster-providers';
export { MonitoringApp } from './review/monitoring-app';
export { ReviewArtifacts } from './review/review-artifacts';
export { MonitoringNamespace, PodSecurityLevel } from './namespace/monitoring-namespace';
export type { MonitoringNamespaceProps } from './namespace/monitoring-namespace';

// Prometheus rules: alerting and recording rules, rule groups, label matchers, severities, rule files;
// the seeds' rule packs and their props
export {
  AlertRule, AlertRuleBase, DependencyRules, LabelMatcher, MatchOperator, NodeRecordingRules, RecordingRule,
  RecordingRuleBase, renderRuleFile, ResourceRules, RuleGroup, RuleGroupBase, SecurityRules, ServiceHealthRules,
  ServiceRecordingRules, Severity,
} from './rules';
export type {
  AlertDefinitionProps, AlertOptions, AlertPackProps, AlertRuleProps, BruteForceOptions, CertificateExpiryOptions,
  DatabasePoolOptions, DependencyAlertOptions, DependencyRulesProps, HttpMetricProps, IRulePack, KafkaLagOptions,
  LatencyAlertOptions, NodeRecordingRulesProps, RecordingPackProps, RecordingRuleProps, RedisMemoryOptions,
  ResourceRulesProps, RestartAlertOptions, RuleGroupBaseProps, RuleGroupProps, RuleLanguage, SecurityEventOptions,
  SecurityRulesProps, Selector, ServiceHealthRulesProps, ServiceRecordingRulesProps,
} from './rules';

// Service level objectives: SLIs, periods, burn-rate windows, error budget policies, Sloth import
export {
  BurnRateAlertKind, importSlothSpec, seedSlos, ServiceLevelObjective, Sli, SliKind, SloPeriod, SloRulePack,
} from './rules/slo';
export type {
  AvailabilityGaugeSliProps, BurnRateWindow, CounterEventsSliProps, ErrorBudgetAlertThreshold, ErrorRatioSliProps,
  EventsSliProps, LatencySliProps, ResolvedSloAbsentAlert, ResolvedSloAlert, SeedSlosProps, ServiceLevelObjectiveProps,
  SliBaseRecording, SliDataCheck, SliMatcher, SliRecordingContext, SliSelector, SloAbsentAlertOptions, SloAlertOptions,
  SloDashboardBurnRateThreshold, SloDashboardData, SloDashboardQueries, SloDefinition, SloRulePackOptions, SlothImportOptions,
} from './rules/slo';

// Prometheus
export { Prometheus } from './prometheus/prometheus';
export type { PrometheusProps } from './prometheus/prometheus-props';
export { RemoteWrite } from './prometheus/remote-write';
export type { RemoteWriteDatasourceOptions } from './prometheus/remote-write';
export type { InheritedAlertOverride, InheritedRules, InheritedRuleThresholds } from './prometheus/inherited/inherited-rules';
export { DEFAULT_INHERITED_TEAM, INHERITED_GROUPS_OFF_BY_DEFAULT } from './prometheus/inherited/resolve-inherited-rules';
export type { InheritedAlert } from './prometheus/inherited/resolve-inherited-rules';
export { KPS_RULE_CATALOGUE } from './prometheus/inherited/kube-prometheus-stack-rules';
export type { KpsAlertName, KpsRuleGroupKey } from './prometheus/inherited/kube-prometheus-stack-rules';
export type { KpsAlert, KpsRuleCatalogue, KpsRuleGroup } from './prometheus/inherited/kps-rule-types';
export type { PromQLLabelMatcher } from './rules/promql';
export { CONTROL_PLANE_SCRAPES, CONTROL_PLANE_SCRAPE_KEYS, PLATFORM_EXPOSURE, PLATFORMS } from './prometheus/platform';
export type {
  ControlPlaneScrape, ControlPlaneScrapeInfo, ControlPlaneScrapes, Platform, PlatformExposure, ScrapeExposure,
} from './prometheus/platform';
export type {
  GenericRemoteWriteProps, MimirHaLabels, MimirRemoteWriteProps, RemoteWriteCommonProps, RemoteWriteHa, RemoteWriteSummary,
  ThanosReceiveRemoteWriteProps,
} from './prometheus/remote-write';
export type { ScrapeLimits } from './prometheus/annotation-scrape-configs';
export { PodMonitor, Probe, ScrapeConfig, ServiceMonitor } from './prometheus/monitors/monitors';
export type {
  IScrapingPrometheus, MonitorBaseProps, MonitorProps, ProbeProps, ScrapeConfigProps, ScrapeEndpoint,
} from './prometheus/monitors/monitors';
export { Relabelings } from './prometheus/monitors/scrape-checks';
export type {
  LabelSelector, LabelSelectorRequirement, MonitorNamespaceSelector, RelabelAction, RelabelConfig,
} from './prometheus/monitors/scrape-checks';

// Alertmanager: configuration, routing tree, receivers, matchers, inhibit rules, time intervals, the seeds' policy
export {
  Alertmanager, AlertmanagerConfig, InhibitRule, Matcher, MatcherOperator, NotificationTemplate, Receiver, ReceiverType,
  Route, SecretFile, SeverityPolicy, TimeInterval, useTemplate,
} from './alertmanager';
export type {
  AlertmanagerConfigProps, AlertmanagerGlobalProps, AlertmanagerProps, BasicAuthProps, BusinessHoursProps,
  CommonReceiverProps, CoverageAlert, DiscordReceiverProps, EmailReceiverProps, IAlertSource, InhibitRuleProps,
  JiraReceiverProps, MatcherLike, MsTeamsV2ReceiverProps, OpsGenieReceiverProps, OpsGenieResponder, PagerDutyReceiverProps, RootRouteProps, RouteMatch, RouteOptions,
  RouteProps, RouteTimingProps, SecretMount, SecretVolume, SeverityPolicyProps, SeverityTimings, SlackReceiverProps,
  SnsReceiverProps, TeamRoutingProps, TelegramReceiverProps, TimeOfDayRange, TimePeriodProps, WebexReceiverProps,
  WebhookReceiverProps,
} from './alertmanager';
export { AlertmanagerRules } from './alertmanager';
export type { AlertmanagerRulesProps, HeartbeatProps, HeartbeatReceiverProps } from './alertmanager';

// Grafana: the construct, its database, ingress, sign-in and grafana.ini settings
export { Grafana, GrafanaDatabase } from './grafana';
export { GrafanaRules } from './grafana';
export type { GrafanaRulesProps } from './grafana';
export type {
  AddDashboardOptions, DatasourceCorrelations, ExternalDatabaseProps, GrafanaAdminSecret, GrafanaAuthSettings,
  GrafanaIngress, GrafanaIniSections, GrafanaIniValue, GrafanaProps, RenderedDatabase, SecretKeyReference,
} from './grafana';

// Dashboards: the model, the shipped dashboards, the panel helpers to build your own, the lint
export {
  alertmanagerSelfMonitoringDashboard, barGaugePanel, businessMetricsDashboard, clusterOverviewDashboard, Dashboard,
  DashboardFolder, datasourceVariable, lintDashboard, LintRule, logsPanel, LOKI_DATASOURCE, lokiTimeseriesPanel,
  pieChartPanel, PROMETHEUS_DATASOURCE, prometheusSelfMonitoringDashboard, serviceLogsDashboard,
  serviceOverviewDashboard, sloDashboard, standardDashboards, statPanel, timeseriesPanel,
} from './dashboards';
export type {
  BusinessMetricsProps, ClusterOverviewProps, DashboardJson, DashboardModelBuilder, FolderedDashboard, LintFinding,
  NumericPanelProps, PromTarget, ServiceLogsProps, ServiceOverviewProps, StandardDashboardsProps,
} from './dashboards';

// Loki: the construct, its storage, tenancy, retention and limits, LogQL rules and packs
export {
  LogAlertRule, LogQueryRules, LogRecordingRule, LogRuleGroup, Loki, LokiDeploymentMode, LokiObjectStorage, LokiTenancy,
} from './loki';
export type {
  AzureStorageProps, GcsStorageProps, ILogRulePack, ILokiPushTarget, IRemoteWriteReceiver, LogAlertRuleProps,
  LogQueryRulesProps, LogRecordingRuleProps, LogRuleGroupProps, LokiLimits, LokiProps, ObjectStorageConfig,
  S3StorageProps, SecretEnv, StreamRetention,
} from './loki';
export { LokiRules } from './loki';
export type { LokiRulesProps } from './loki';

// Log shipping
export { LogShipper } from './log-shipper';
export type { DatadogLogsOutput, LogShipperProps } from './log-shipper';
export { ElasticsearchLogSink, LOG_SHIPPER_JOB, LogShipperRules, SearchEngine } from './log-shipper';
export type { ElasticsearchLogSinkProps, LogShipperRulesProps, ResolvedElasticsearchSink, SearchCaSecret, SearchCredentialsSecret } from './log-shipper';

// Tracing: Jaeger, its storage and sampling strategies; the OpenTelemetry collector
export {
  Jaeger, JaegerStorage, JaegerStorageType, SamplingStrategies, SamplingStrategy, SamplingStrategyType,
} from './jaeger';
export type {
  CassandraStorageOptions, IOtlpTracesBackend, JaegerIngressOptions, JaegerProps, MemoryStorageOptions,
  SamplingStrategiesProps, SearchStorageOptions, SecretEnvVar, ServiceSamplingProps, StorageCredentials,
} from './jaeger';
export { JaegerRules } from './jaeger';
export type { JaegerRulesProps } from './jaeger';
export { OtelCollector, TailSampling, TracingPipelineRules } from './otel-collector';
export type {
  DatadogExporterOptions, OtelCollectorProps, SpanMetricsOptions, TailSamplingProps, TracingPipelineRulesProps,
} from './otel-collector';

// Datadog: the agent and its typed options, SLO queries
export {
  DatadogAdmissionController, DatadogAgent, DatadogApmTransport, DatadogLogCollection, DatadogMetricQuery,
  DatadogOtlpReceiver, DatadogSite, DatadogSloQueries, DatadogTaintEffect, DatadogToleration,
} from './datadog';
export type {
  DatadogAgentProps, DatadogCountQueryProps, DatadogEnvironmentOptions, DatadogOtlpHostPortOptions,
  DatadogOtlpInClusterOptions, DatadogResources, ResolvedDatadogOtlpReceiver,
} from './datadog';
export { DatadogAgentRules } from './datadog';
export type { DatadogAgentRulesProps } from './datadog';

// Datadog SLOs and burn-rate monitors. They need @cdktf/provider-datadog, an optional peer dependency:
// the two values below load it on first use (a getter), so that importing this package never does.
export type { DatadogSloEntry, DatadogSloNotifications, DatadogSloResources, DatadogSlosProps } from './datadog/datadog-slos';
/** Datadog SLOs and burn-rate monitors for SLOs of the SLO model; loads @cdktf/provider-datadog when first used. */
export declare const DatadogSlos: typeof DatadogSlosModule.DatadogSlos;
/** Datadog SLOs and burn-rate monitors for SLOs of the SLO model. */
export type DatadogSlos = DatadogSlosModule.DatadogSlos;
/** What to do with a burn-rate window longer than Datadog allows; loads @cdktf/provider-datadog when first used. */
export declare const DatadogLongWindowPolicy: typeof DatadogSlosModule.DatadogLongWindowPolicy;
/** One of the {@link DatadogLongWindowPolicy} values. */
export type DatadogLongWindowPolicy = DatadogSlosModule.DatadogLongWindowPolicy;
for (const name of ['DatadogSlos', 'DatadogLongWindowPolicy'] as const) {
  // module.exports, not exports: tsx (esbuild) replaces the exports object of a module written with ES syntax.
  Object.defineProperty(module.exports, name, { enumerable: true, get: () => (require('./datadog/datadog-slos') as typeof DatadogSlosModule)[name] });
}

// Blackbox exporter: the construct, its typed modules, Probes through it
export { BlackboxExporter, BlackboxModule, BlackboxProber } from './blackbox-exporter/blackbox-exporter';
export type { BlackboxExporterProps, BlackboxModuleOptions, BlackboxProbeProps, GrpcModuleOptions, HttpModuleOptions, IcmpModuleOptions, TcpModuleOptions } from './blackbox-exporter/blackbox-exporter';

// Security: network policies and disruption budgets
export { ComponentNetworkPolicy, MonitoringDisruptionBudgets, MonitoringNetworkPolicies } from './security';
export type {
  ComponentNetworkPolicyProps, MonitoringDisruptionBudgetsProps, MonitoringNetworkPoliciesProps, ResolvedIngressRule,
} from './security';

// Extension points: chart-values overrides, your own releases in the stack's wiring (docs/extending.md)
export type { ChartValue, ChartValuesOverride } from './core/chart-values-override';
export { ExtensionRelease } from './extension-release/extension-release';
export type { ExtensionReleaseProps } from './extension-release/extension-release';
export type { ChartValuesConfig, NetworkPoliciesConfig } from './environment/extensions-config';
export { tcpPorts } from './contracts';

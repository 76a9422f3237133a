/**
 * Bad-input catalogue, part 1: the environment config, the namespace, Prometheus (remote_write, rule
 * packs) and the rule model (AlertRule, RecordingRule, RuleGroup, PromQL). Each row is a mistake a
 * platform engineer really makes; each must be refused with a ValidationError that names where, what
 * and how to fix it (see expect-clear-error.ts).
 */
import { MonitoringNamespace } from '../../lib/namespace/monitoring-namespace';
import { MonitoringStack } from '../../lib/stack/monitoring-stack';
import { resolveEnvironment, resolveEnvironments } from '../../lib/environment/resolve-environment';
import { RemoteWrite } from '../../lib/prometheus/remote-write';
import { AlertRule, RecordingRule, RuleGroup, Severity } from '../../lib/rules';
import { validatePromQL } from '../../lib/rules/promql';
import { Testing } from 'cdktf';
import { BadInputCase, catalogue, untyped } from './expect-clear-error';
import { PASTED, alertRule, environment, policyProps, prometheus, testStack } from './fixtures';

const ENVIRONMENT: BadInputCase[] = [
  ['EnvironmentConfig', 'name with a space', () => resolveEnvironment(environment({ name: 'qa 2' })), ['environment "qa 2"', 'name "qa 2"', 'e.g. "prod"']],
  ['EnvironmentConfig', 'name is a number (from JS)', () => resolveEnvironment(environment({ name: 7 })), ['environment 7', 'name 7', 'lowercase letters']],
  ['EnvironmentConfig', 'clusterName missing', () => resolveEnvironment(environment({ clusterName: undefined })), ['environment "qa"', 'clusterName undefined', 'name the cluster']],
  ['EnvironmentConfig', 'region is whitespace', () => resolveEnvironment(environment({ region: '  ' })), ['environment "qa"', 'region "  "', 'name the cluster and region']],
  ['EnvironmentConfig', 'namespace with uppercase', () => resolveEnvironment(environment({ namespace: 'Monitoring' })), ['environment "qa"', 'namespace "Monitoring"', 'e.g. "monitoring"']],
  ['EnvironmentConfig', 'scrapeInterval as a number of seconds', () => resolveEnvironment(environment({ scrapeInterval: 15 })), ['environment "qa" scrapeInterval', '15', 'e.g. "30s"']],
  ['EnvironmentConfig', 'retention in words', () => resolveEnvironment(environment({ retention: { metrics: '15 days' } })), ['environment "qa" retention.metrics', '"15 days"', '"15d"']],
  ['EnvironmentConfig', 'traceSampling as a percentage', () => resolveEnvironment(environment({ traceSampling: 10 })), ['environment "qa"', 'traceSampling 10', '0.1 keeps 10 %']],
  // show() renders NaN and Infinity as JSON does (null); see docs/errors.md "Known limits".
  ['EnvironmentConfig', 'traceSampling NaN', () => resolveEnvironment(environment({ traceSampling: NaN })), ['environment "qa"', 'traceSampling', 'outside [0, 1]', '0.1 keeps 10 %']],
  ['EnvironmentConfig', 'component name typo', () => resolveEnvironment(environment({ components: { grafanna: true } })), ['environment "qa"', 'components.grafanna', 'use one of prometheus']],
  ['EnvironmentConfig', 'replicas 0 to switch a component off', () => resolveEnvironment(environment({ sizing: { loki: { replicas: 0 } } })), ['environment "qa" sizing.loki', 'replicas 0', 'switch the component off']],
  ['EnvironmentConfig', 'negative storage', () => resolveEnvironment(environment({ sizing: { prometheus: { storageGiB: -50 } } })), ['environment "qa" sizing.prometheus', 'storageGiB -50', 'positive size in GiB']],
  ['EnvironmentConfig', 'memory without unit suffix typo', () => resolveEnvironment(environment({ sizing: { grafana: { resources: { requests: { cpu: '100m', memory: '256MB' }, limits: { cpu: '1', memory: '1Gi' } } } } })), ['environment "qa" sizing.grafana resources requests', 'memory "256MB"', '"512Mi"']],
  ['EnvironmentConfig', 'resources without limits', () => resolveEnvironment(environment({ sizing: { grafana: { resources: { requests: { cpu: '100m', memory: '256Mi' } } } } })), ['environment "qa" sizing.grafana resources', 'limits', 'requests and limits']],
  ['EnvironmentConfig', 'Alertmanager on without alerting', () => resolveEnvironment(environment({ components: { alertmanager: true } })), ['environment "qa"', 'components.alertmanager', 'switch Alertmanager off']],
  ['EnvironmentConfig', 'S3 backend bucket with uppercase', () => resolveEnvironment(environment({ backend: { type: 's3', bucket: 'Acme_State', region: 'eu-west-1' } })), ['environment "qa"', 'bucket "Acme_State"', 'lowercase letters']],
  ['EnvironmentConfig', 'backend type typo', () => resolveEnvironment(environment({ backend: { type: 'S3', bucket: 'acme-state' } })), ['environment "qa"', 'backend type "S3"', "type: 's3'"]],
  ['EnvironmentConfig', 'the same environment twice', () => resolveEnvironments([environment(), environment()]), ['environment "qa"', 'defined twice', 'must be unique']],
  ['EnvironmentConfig', 'labels as an array', () => resolveEnvironment(environment({ labels: ['team=platform'] })), ['environment "qa"', 'labels', '{ team: "platform" }']],
  ['EnvironmentConfig', 'services as an object instead of an array', () => resolveEnvironment(environment({ services: { service: 'checkout', namespace: 'shop' } })), ['environment "qa"', 'services', 'a list']],
  ['EnvironmentConfig', 'Datadog on without a Secret', () => new MonitoringStack(Testing.app(), environment({ components: { datadog: true } })), ['monitoring-qa', 'secretName undefined', 'create secret generic']],
  ['EnvironmentConfig', 'alerting team with a pasted Slack webhook as Secret name', () => new MonitoringStack(Testing.app(), environment({ alerting: policyProps({ teams: [{ name: 'platform', channel: '#alerts', slack: untyped(PASTED.slackWebhook) }] }) })), ['monitoring-qa alerting', 'SecretFile.from']],
];

const NAMESPACE: BadInputCase[] = [
  ['MonitoringNamespace', 'name with uppercase', () => new MonitoringNamespace(testStack(), 'namespace', { name: 'Monitoring' }), ['monitoring-test/namespace', '"Monitoring"', 'e.g. "monitoring"']],
  ['MonitoringNamespace', 'name is a number (from JS)', () => new MonitoringNamespace(testStack(), 'namespace', { name: untyped(42) }), ['monitoring-test/namespace', 'name 42', 'e.g. "monitoring"']],
  ['MonitoringNamespace', 'enforce level typo', () => new MonitoringNamespace(testStack(), 'namespace', { enforce: untyped('restricteed') }), ['monitoring-test/namespace', '"restricteed"', 'use one of privileged, baseline, restricted']],
  ['MonitoringNamespace', 'label value with a space', () => new MonitoringNamespace(testStack(), 'namespace', { labels: { team: 'platform team' } }), ['monitoring-test/namespace', 'team="platform team"', 'is not a Kubernetes label value', 'empty or up to 63 letters']],
  ['MonitoringNamespace', 'label value is a number (from JS)', () => new MonitoringNamespace(testStack(), 'namespace', { labels: { tier: untyped(1) } }), ['monitoring-test/namespace', 'tier=1', 'quote it']],
];

const PROMETHEUS: BadInputCase[] = [
  ['Prometheus', 'namespace missing', () => prometheus({ namespace: untyped(undefined) }), ['monitoring-test/prometheus', 'namespace undefined', 'MonitoringNamespace']],
  ['Prometheus', 'releaseName with uppercase', () => prometheus({ releaseName: 'KubePrometheus' }), ['monitoring-test/prometheus', '"KubePrometheus"', 'lowercase letters']],
  ['Prometheus', 'replicas as a string (from JS)', () => prometheus({ replicas: untyped('2') }), ['monitoring-test/prometheus', 'replicas "2"', 'whole number']],
  ['Prometheus', 'retention shorter than the scrape interval', () => prometheus({ retentionPeriod: '10s', scrapeInterval: '30s' }), ['monitoring-test/prometheus', 'retentionPeriod "10s"', 'the seeds keep 15d']],
  ['Prometheus', 'retentionSizeGiB equal to the volume', () => prometheus({ storageGiB: 100, retentionSizeGiB: 100 }), ['monitoring-test/prometheus', 'retentionSizeGiB 100', 'e.g. 90 of 100']],
  // Was accepted before this catalogue (Infinity > 0); the value renders as null, like NaN above.
  ['Prometheus', 'storageGiB Infinity', () => prometheus({ storageGiB: Infinity }), ['monitoring-test/prometheus', 'storageGiB', 'positive size in GiB']],
  ['Prometheus', 'external label with a dash', () => prometheus({ externalLabels: { 'k8s-cluster': 'prod' } }), ['monitoring-test/prometheus', '"k8s-cluster"', 'letters, digits']],
  ['Prometheus', 'podAntiAffinity typo', () => prometheus({ podAntiAffinity: untyped('strict') }), ['monitoring-test/prometheus', '"strict"', 'PodAntiAffinity.*']],
  ['Prometheus', 'remoteWrite as a single object instead of an array', () => prometheus({ remoteWrite: untyped(RemoteWrite.mimir({ url: 'https://mimir.example.com/api/v1/push' })) }), ['monitoring-test/prometheus', 'remoteWrite', 'a list']],
  ['Prometheus', 'the same rule pack twice', () => prometheus().addRules({ name: 'api', ruleGroups: [] }).addRules({ name: 'api', ruleGroups: [] }), ['monitoring-test/prometheus', 'rule pack "api"', 'another `name`']],
  ['Prometheus', 'the same group name in two packs', () => {
    const group = () => new RuleGroup('api.rules', { rules: [alertRule()] });
    return prometheus().addRules({ name: 'a', ruleGroups: [group()] }).addRules({ name: 'b', ruleGroups: [group()] });
  }, ['monitoring-test/prometheus', '"api.rules"']],
  ['RemoteWrite', 'URL without scheme', () => prometheus({ remoteWrite: [RemoteWrite.mimir({ url: 'mimir.example.com/api/v1/push' })] }), ['monitoring-test/prometheus', '"mimir.example.com/api/v1/push"', 'e.g. "https://mimir.example.com/api/v1/push"']],
  ['RemoteWrite', 'password in the URL', () => prometheus({ remoteWrite: [RemoteWrite.mimir({ url: 'https://user:hunter2@mimir.example.com/push' })] }), ['monitoring-test/prometheus', 'carries credentials', 'existing Secret']],
  ['RemoteWrite', 'bearer token pasted as Secret name', () => prometheus({ remoteWrite: [RemoteWrite.thanosReceive({ url: 'https://thanos.example.com/api/v1/receive', bearerTokenSecret: PASTED.datadogApiKey })] }), ['monitoring-test/prometheus', 'bearerTokenSecret', 'looks like a credential', 'reference its name']],
  ['RemoteWrite', 'metricNameRegex that does not compile', () => prometheus({ remoteWrite: [RemoteWrite.mimir({ url: 'https://mimir.example.com/push', metricNameRegex: 'slo:(.*' })] }), ['monitoring-test/prometheus', '"slo:(.*"', 'regular expression']],
];

const RULES: BadInputCase[] = [
  ['AlertRule', 'name with spaces', () => alertRule({ name: 'High Error Rate' }), ['AlertRule "High Error Rate"', 'e.g. "HighErrorRate"']],
  ['AlertRule', 'PromQL with a missing bracket', () => alertRule({ expr: 'rate(http_requests_total[5m] > 1' }), ['AlertRule "HighErrorRate" > expr', 'rate(http_requests_total[5m] > 1']],
  ['AlertRule', 'severity typo', () => alertRule({ severity: 'crit' }), ['AlertRule "HighErrorRate" > severity', '"crit"', 'Severity.CRITICAL']],
  ['AlertRule', 'critical without a runbook', () => alertRule({ severity: Severity.CRITICAL }), ['AlertRule "HighErrorRate" > runbookUrl', 'set runbookUrl']],
  ['AlertRule', 'for as a number of minutes', () => alertRule({ for: 5 }), ['AlertRule "HighErrorRate" > for', '5', '"5m"']],
  ['AlertRule', 'empty summary', () => alertRule({ summary: '' }), ['AlertRule "HighErrorRate" > summary', '""', 'one-line summary']],
  ['AlertRule', 'unclosed template in the description', () => alertRule({ description: 'Errors on {{ $labels.service }' }), ['AlertRule "HighErrorRate" > description', '{{']],
  ['AlertRule', 'label value is a number (from JS)', () => alertRule({ labels: { tier: 1 } }), ['AlertRule "HighErrorRate" > labels', 'value 1', 'quote it']],
  ['AlertRule', 'severity set as a label', () => alertRule({ labels: { severity: 'critical' } }), ['AlertRule "HighErrorRate" > labels', '"severity"', 'use the `severity` prop']],
  ['AlertRule', 'props is null (from JS)', () => new AlertRule(untyped(null)), ['AlertRule undefined', 'e.g. "HighErrorRate"']],
  ['RecordingRule', 'record name without colons has a dash', () => new RecordingRule({ record: 'service-http:rate5m', expr: 'sum(rate(x[5m]))' }), ['RecordingRule', '"service-http:rate5m"']],
  ['RecordingRule', 'expr missing', () => new RecordingRule({ record: 'service:http_requests:rate5m', expr: untyped(undefined) }), ['service:http_requests:rate5m', 'expr', 'undefined']],
  ['RuleGroup', 'no rules', () => new RuleGroup('api.rules', { rules: [] }), ['RuleGroup "api.rules" > rules', 'add at least one AlertRule']],
  ['RuleGroup', 'rules given as plain objects', () => new RuleGroup('api.rules', { rules: untyped([{ alert: 'X', expr: 'up == 0' }]) }), ['RuleGroup "api.rules" > rules[0]', 'new AlertRule({...})']],
  ['RuleGroup', 'limit negative', () => new RuleGroup('api.rules', { rules: [alertRule()], limit: -1 }), ['RuleGroup "api.rules" > limit', '-1', 'e.g. 1000']],
  ['RuleGroup', 'the same alert twice', () => new RuleGroup('api.rules', { rules: [alertRule(), alertRule()] }), ['RuleGroup "api.rules"', '"HighErrorRate"']],
  ['RuleGroup', 'empty name', () => new RuleGroup('', { rules: [alertRule()] }), ['RuleGroup ""', 'name']],
  ['PromQL', 'expression is a number (from JS)', () => validatePromQL(42, 'AlertRule "X" > expr'), ['AlertRule "X" > expr', '42 is not a string', 'write a PromQL expression']],
];

catalogue('bad input: environment config', ENVIRONMENT);
catalogue('bad input: MonitoringNamespace', NAMESPACE);
catalogue('bad input: Prometheus and remote_write', PROMETHEUS);
catalogue('bad input: rule model', RULES);

/**
 * Credentials pasted where the NAME of an existing Secret (or a SecretFile) belongs: the most costly
 * mistake of the catalogue, because the value would land in Terraform state, plan output and the
 * review artifacts. Each must be refused with a message that says to reference a Secret, and the
 * message itself must not repeat the credential (error output ends up in CI logs).
 */
import { Testing } from 'cdktf';
import { AlertmanagerConfig, Receiver, SecretFile } from '../../lib/alertmanager';
import { GrafanaDatabase } from '../../lib/grafana';
import { JaegerStorage } from '../../lib/jaeger';
import { LokiDeploymentMode, LokiObjectStorage } from '../../lib/loki';
import { RemoteWrite } from '../../lib/prometheus/remote-write';
import { MonitoringStack } from '../../lib/stack/monitoring-stack';
import { credentialKind } from '../../lib/core/secret-reference';
import { expectClearError, untyped } from './expect-clear-error';
import { PASTED, datadog, environment, grafana, jaeger, logShipper, loki, otelCollector, prometheus, slackWebhook } from './fixtures';

type PastedSecretCase = [construct: string, description: string, build: () => unknown, pasted: string, expected: string[]];

const REFERENCE = 'reference its name';
const SECRET_FILE = 'SecretFile.from("<existing-secret>", "<key>")';

const CASES: PastedSecretCase[] = [
  ['DatadogAgent', 'API key as secretName', () => datadog({ secretName: PASTED.datadogApiKey }), PASTED.datadogApiKey, ['monitoring-test/datadog', 'secretName "0123…" (32 characters)', REFERENCE]],
  ['DatadogAgent', 'application key as appKeySecretName', () => datadog({ appKeySecretName: PASTED.datadogAppKey }), PASTED.datadogAppKey, ['monitoring-test/datadog', 'appKeySecretName "0123…" (40 characters)', REFERENCE]],
  ['DatadogAgent', 'token as clusterAgentTokenSecretName', () => datadog({ clusterAgentTokenSecretName: 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4' }), 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4', ['monitoring-test/datadog', 'clusterAgentTokenSecretName', REFERENCE]],
  ['EnvironmentConfig', 'Datadog API key as datadog.secretName', () => new MonitoringStack(Testing.app(), environment({ components: { datadog: true }, datadog: { secretName: PASTED.datadogApiKey } })), PASTED.datadogApiKey, ['monitoring-qa/', '"0123…" (32 characters)', REFERENCE]],
  ['SecretFile', 'Slack webhook URL as the Secret name', () => SecretFile.from(PASTED.slackWebhook, 'url'), PASTED.slackWebhook, ['SecretFile.from("https://hooks.slack.com/…", "url")', REFERENCE]],
  ['Receiver', 'Slack webhook URL as apiUrl', () => Receiver.slack('team-platform', { channel: '#alerts', apiUrl: untyped(PASTED.slackWebhook) }), PASTED.slackWebhook, ['Receiver "team-platform" > apiUrl', '"https://hooks.slack.com/…"', SECRET_FILE]],
  ['Receiver', 'PagerDuty routing key as routingKey', () => Receiver.pagerDuty('on-call', { routingKey: untyped(PASTED.pagerDutyRoutingKey) }), PASTED.pagerDutyRoutingKey, ['Receiver "on-call" > routingKey', '"R012…" (32 characters)', SECRET_FILE]],
  ['AlertmanagerConfig', 'SMTP password as smtpAuthPassword', () => new AlertmanagerConfig({ route: { receiver: 'slack' }, receivers: [Receiver.slack('slack', { channel: '#a', apiUrl: slackWebhook() })], global: { smtpAuthPassword: untyped('hunter2hunter2') } }), 'hunter2hunter2', ['AlertmanagerConfig > global > smtpAuthPassword', '"hun…" (14 characters)', 'SecretFile.from']],
  ['RemoteWrite', 'token as bearerTokenSecret', () => prometheus({ remoteWrite: [RemoteWrite.thanosReceive({ url: 'https://thanos.example.com/api/v1/receive', bearerTokenSecret: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9' })] }), 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', ['monitoring-test/prometheus', 'bearerTokenSecret', REFERENCE]],
  ['RemoteWrite', 'password as basicAuthSecret', () => prometheus({ remoteWrite: [RemoteWrite.mimir({ url: 'https://mimir.example.com/api/v1/push', basicAuthSecret: 'MimirPassw0rdMimirPassw0rd' })] }), 'MimirPassw0rdMimirPassw0rd', ['monitoring-test/prometheus', 'basicAuthSecret', REFERENCE]],
  ['Grafana', 'admin password as adminSecret.secretName', () => grafana({ adminSecret: { secretName: 'Sup3rS3cretAdminPassw0rd2024' } }), 'Sup3rS3cretAdminPassw0rd2024', ['monitoring-test/grafana', 'adminSecret.secretName', REFERENCE]],
  ['GrafanaDatabase', 'database password as passwordSecret.secretName', () => grafana({ database: GrafanaDatabase.postgres({ host: 'db.example.com', name: 'grafana', user: 'grafana', passwordSecret: { secretName: 'pA55w0rdpA55w0rdpA55w0rd99' } }) }), 'pA55w0rdpA55w0rdpA55w0rd99', ['monitoring-test/grafana', 'passwordSecret.secretName', REFERENCE]],
  ['LokiObjectStorage', 'AWS secret access key as credentialsSecret', () => loki({ deploymentMode: LokiDeploymentMode.DISTRIBUTED, objectStorage: LokiObjectStorage.s3({ bucketName: 'acme-logs', region: 'eu-west-1', credentialsSecret: 'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY' }) }), 'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY', ['monitoring-test/loki objectStorage (S3)', 'credentialsSecret', REFERENCE]],
  ['JaegerStorage', 'Elasticsearch password as credentials.secretName', () => jaeger({ storage: JaegerStorage.elasticsearch({ urls: ['https://es.example.com:9200'], credentials: { secretName: 'elasticPassw0rdElasticPassw0rd' } }) }), 'elasticPassw0rdElasticPassw0rd', ['monitoring-test/jaeger', 'credentials.secretName', REFERENCE]],
  ['LogShipper', 'Datadog API key as datadog.apiKeySecret', () => logShipper({ datadog: { apiKeySecret: PASTED.datadogApiKey } }), PASTED.datadogApiKey, ['monitoring-test/log-shipper', 'datadog.apiKeySecret', REFERENCE]],
  ['OtelCollector', 'Datadog API key as datadog.apiKeySecretName', () => otelCollector({ datadog: { apiKeySecretName: PASTED.datadogApiKey } }), PASTED.datadogApiKey, ['monitoring-test/otel-collector', 'datadog.apiKeySecretName', REFERENCE]],
];

describe('bad input: credentials pasted where a Secret name belongs', () => {
  test.each(CASES.map((row) => [`${row[0]}: ${row[1]}`, row] as const))('%s', (_name, [, , build, pasted, expected]) => {
    const error = expectClearError(build, expected);
    expect(error.message).not.toContain(pasted);
    expect(error.path).not.toContain(pasted);
  });
});

describe('credentialKind tells Secret names from pasted credentials', () => {
  test.each(['datadog-keys', 'alertmanager-slack', 'grafana-admin', 'loki-object-storage', 'jaeger-elasticsearch', 'remote-write-auth', 'tls.grafana.example.com', 'prometheus-k8s-db-backup-2024'])(
    'a real Secret name %s passes',
    (name) => expect(credentialKind(name)).toBeUndefined(),
  );
  test.each([PASTED.slackWebhook, PASTED.datadogApiKey, PASTED.datadogAppKey, PASTED.pagerDutyRoutingKey, 'xoxb-1234-5678-abcdef', 'AKIAIOSFODNN7EXAMPLE'])(
    'a credential %s is recognised',
    (value) => expect(credentialKind(value)).toBeDefined(),
  );
});

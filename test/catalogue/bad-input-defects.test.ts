/**
 * Bad-input catalogue, issue 17: the mistakes of a new user's run that did not give a clear error at
 * synth (a TypeError from a dependency, a `constructs` error without a fix, cdktf's "Validation failed"
 * wall, a password repeated in the message, or nothing at all), and the long-term storage inputs
 * (Mimir tenants, HA labels). Each must be refused with a ValidationError naming where, what and the fix.
 */
import { Testing } from 'cdktf';
import { AlertmanagerConfig, Receiver } from '../../lib/alertmanager';
import { GrafanaDatabase } from '../../lib/grafana';
import { RemoteWrite } from '../../lib/prometheus/remote-write';
import { resolveEnvironment } from '../../lib/environment/resolve-environment';
import { MonitoringStack } from '../../lib/stack/monitoring-stack';
import { BadInputCase, catalogue, expectClearError, untyped } from './expect-clear-error';
import { environment, prometheus, slackWebhook } from './fixtures';

const MIMIR = 'https://mimir.example.com/api/v1/push';
const mimir = (props: Record<string, unknown> = {}) => RemoteWrite.mimir({ url: MIMIR, ...props });
const stack = (overrides: Record<string, unknown> = {}) => new MonitoringStack(Testing.app(), environment(overrides));

/** A root route to a Receiver.none, the only other route for one team: the seed packs' alerts fall through. */
const dropEverythingElse = () => new AlertmanagerConfig({
  route: { receiver: 'null', routes: [{ matchers: ['team="payments"'], receiver: 'payments' }] },
  receivers: [Receiver.none('null'), Receiver.slack('payments', { channel: '#payments', apiUrl: slackWebhook() })],
});

const grafanaDatabase = (secretName: string) => ({
  grafana: { database: GrafanaDatabase.postgres({ host: 'grafana-db.example.internal', name: 'grafana', user: 'grafana', passwordSecret: { secretName } }) },
});

const LONG_TERM_STORAGE: BadInputCase[] = [
  ['RemoteWrite', 'Mimir tenant with a space', () => prometheus({ remoteWrite: [mimir({ tenant: 'acme prod' })] }), ['monitoring-test/prometheus', 'tenant "acme prod"', 'not a valid Mimir tenant id', `!-_.*'()`, 'e.g. "acme-prod"']],
  ['RemoteWrite', 'Mimir tenant empty', () => prometheus({ remoteWrite: [mimir({ tenant: '' })] }), ['monitoring-test/prometheus', 'tenant ""', 'leave tenant out']],
  ['RemoteWrite', 'Mimir tenant ".."', () => prometheus({ remoteWrite: [mimir({ tenant: '..' })] }), ['monitoring-test/prometheus', 'tenant ".."', 'not "." or ".."']],
  ['RemoteWrite', 'Mimir tenant of 151 characters', () => prometheus({ remoteWrite: [mimir({ tenant: 'a'.repeat(151) })] }), ['monitoring-test/prometheus', `tenant "${'a'.repeat(151)}"`, '1 to 150']],
  ['RemoteWrite', 'Mimir tenant as a number (from JS)', () => prometheus({ remoteWrite: [mimir({ tenant: untyped(42) })] }), ['monitoring-test/prometheus', 'tenant 42', 'e.g. "acme-prod"']],
  ['RemoteWrite', 'Mimir with 2 replicas and no cluster external label', () => prometheus({ replicas: 2, remoteWrite: [mimir()] }), ['monitoring-test/prometheus', 'external labels "cluster" and "__replica__"', 'stored 2 times', 'externalLabels: { cluster: "prod-eu-1" }']],
  ['RemoteWrite', 'Mimir HA labels of an unusable name', () => prometheus({ remoteWrite: [mimir({ haLabels: { replicaLabel: 'replica-id' } })] }), ['monitoring-test/prometheus', 'replicaLabel "replica-id"', 'e.g. "__replica__"']],
  ['RemoteWrite', 'Mimir HA cluster and replica label the same', () => prometheus({ remoteWrite: [mimir({ haLabels: { clusterLabel: 'cluster', replicaLabel: 'cluster' } })] }), ['monitoring-test/prometheus', 'both "cluster"', 'must differ']],
  ['RemoteWrite', 'Mimir and Thanos Receive on different replica labels', () => prometheus({ replicas: 2, externalLabels: { cluster: 'qa' }, remoteWrite: [mimir(), RemoteWrite.thanosReceive({ url: 'https://thanos.example.com/api/v1/receive' })] }), ['monitoring-test/prometheus', 'mimir "__replica__", thanos-receive "prometheus_replica"', '--query.replica-label=__replica__']],
  ['RemoteWrite', 'generic receiver with basic auth and a bearer token', () => prometheus({ remoteWrite: [RemoteWrite.generic({ url: 'https://metrics.example.com/write', basicAuthSecret: 'a', bearerTokenSecret: 'b' })] }), ['monitoring-test/prometheus', 'both basicAuthSecret and bearerTokenSecret', 'keep the one']],
  ['RemoteWrite', 'a plain object instead of RemoteWrite.mimir (from JS)', () => prometheus({ remoteWrite: [untyped({ url: MIMIR })] }), ['monitoring-test/prometheus', 'remoteWrite[0] {"url":', 'RemoteWrite.mimir({...})']],
  ['EnvironmentConfig', 'Mimir tenant with a space, through the environment', () => stack({ prometheus: { remoteWrite: [mimir({ tenant: 'acme prod' })] } }), ['monitoring-qa/prometheus', 'tenant "acme prod"', 'e.g. "acme-prod"']],
];

const NEW_USER: BadInputCase[] = [
  // (b) configs from JavaScript or YAML: the TypeScript types do not hold
  ['EnvironmentConfig', 'services entry without namespace (crashed in dashboards/panels)', () => stack({ services: [{ service: 'checkout' }] }), ['environment "qa"', 'services[0].namespace undefined', '(service "checkout")', 'namespace: "shop"']],
  ['EnvironmentConfig', 'services entry with an empty namespace (was accepted)', () => resolveEnvironment(environment({ services: [{ service: 'checkout', namespace: '' }] })), ['environment "qa"', 'services[0].namespace ""', 'namespace: "shop"']],
  ['EnvironmentConfig', 'services entry with an uppercase namespace', () => resolveEnvironment(environment({ services: [{ service: 'checkout', namespace: 'Shop' }] })), ['environment "qa"', 'services[0].namespace "Shop"', 'lowercase']],
  ['EnvironmentConfig', 'services entry without service', () => resolveEnvironment(environment({ services: [{ namespace: 'shop' }] })), ['environment "qa"', 'services[0].service undefined', 'e.g. { service: "checkout", namespace: "shop" }']],
  ['EnvironmentConfig', 'services entry that is a string', () => resolveEnvironment(environment({ services: ['checkout'] })), ['environment "qa"', 'services[0] "checkout" is not a service', '{ service: "checkout", namespace: "shop" }']],
  // (c) errors that came from constructs or cdktf, or repeated a password
  ['MonitoringStack', 'two stacks for one environment', () => {
    const app = Testing.app();
    new MonitoringStack(app, environment());
    return new MonitoringStack(app, environment());
  }, ['environment "qa"', 'stack "monitoring-qa" already exists', 'one MonitoringStack per environment', 'e.g. "qa-2"']],
  ['MonitoringStack', 'root receiver is a Receiver.none (was cdktf\'s "Validation failed" at synth)', () => stack({ alerting: dropEverythingElse() }), ['monitoring-qa/alertmanager', 'the root route\'s receiver "null" is a Receiver.none', 'alerts that no child route selects would notify nobody', '"ServiceDown"', 'Make the root receiver one that notifies someone']],
  ['GrafanaDatabase', 'password pasted as passwordSecret.secretName', () => stack(grafanaDatabase('Tr0ub4dor&3')), ['monitoring-qa/grafana GrafanaDatabase.postgres', 'passwordSecret.secretName "Tr…" (11 characters)', 'looks like a credential (a password)', 'secretName: "grafana-database"']],
  // (d) the billed Datadog choices
  ['EnvironmentConfig', 'datadog.logs as a string (from YAML)', () => resolveEnvironment(environment({ components: { datadog: true }, datadog: { secretName: 'datadog-keys', logs: 'yes' } })), ['environment "qa"', 'datadog.logs "yes" is not true or false', 'datadog: { logs: true }']],
  ['EnvironmentConfig', 'datadog.logs without the log shipper', () => resolveEnvironment(environment({ components: { datadog: true, logShipper: false }, datadog: { secretName: 'datadog-keys', logs: true } })), ['environment "qa"', 'datadog.logs is on', 'components.logShipper false', 'leave datadog.logs off']],
  ['EnvironmentConfig', 'datadog.traces without the collector', () => resolveEnvironment(environment({ components: { datadog: true, otelCollector: false }, datadog: { secretName: 'datadog-keys', traces: true } })), ['environment "qa"', 'datadog.traces is on', 'components.otelCollector false', 'leave datadog.traces off']],
  // (a) the Loki tenant the stack now wires
  ['EnvironmentConfig', 'logTenant with a space', () => resolveEnvironment(environment({ logTenant: 'acme prod' })), ['environment "qa"', 'tenant "acme prod"', 'e.g. "platform"']],
];

catalogue('bad input: long-term storage (remote_write)', LONG_TERM_STORAGE);
catalogue('bad input: the new user\'s run', NEW_USER);

describe('the messages of the new user\'s run', () => {
  test('a password pasted as the Grafana database Secret name is never repeated', () => {
    for (const password of ['Tr0ub4dor&3', 'P@ssw0rd!', 'Hunter2Hunter2']) {
      const error = expectClearError(() => stack(grafanaDatabase(password)), ['passwordSecret.secretName', 'looks like a credential']);
      expect(error.message).not.toContain(password);
      expect(error.message).not.toContain(password.slice(0, 4));
    }
  });

  test('a root Receiver.none is refused when the stack is built, in a message that stays short', () => {
    const error = expectClearError(() => stack({ alerting: dropEverythingElse() }), ['monitoring-qa/alertmanager']);
    // three alerts in full, the rest by name: not one line per alert of every pack
    expect(error.message.match(/reaches only receiver/g)).toHaveLength(3);
    expect(error.message).toMatch(/and \d+ more \("/);
    expect(error.message.length).toBeLessThan(2000);
  });
});

import { Testing } from 'cdktf';
import { ChartValuesConfig, EnvironmentConfig, MonitoringStack, ReviewArtifacts, resolveEnvironment } from '../../lib';
import { devAlerting } from '../../stacks/alerting';
import { policiesOf, reachable } from '../support/network-policies';
import { expectValidationError } from '../support/refusal';
import { releaseValues, synthJson } from '../support/synth';
import { EXTENDED, OVERRIDES, OWNER, at } from './overrides-fixture';

/*
 * EnvironmentConfig reaches the extension points: `chartValues.<component>` lands in that component's
 * helm_release values (as Helm reads them back from the Terraform JSON) next to what the construct
 * sets, and `networkPolicies.extraIngress` lands in the NetworkPolicy; bad values are refused with the
 * environment's name.
 */

const stack = new MonitoringStack(Testing.app(), EXTENDED);

/** Per field of ChartValuesConfig: the stack's component, the override's path, and a key the construct itself sets there. */
const FIELDS: ReadonlyArray<[keyof ChartValuesConfig, { release: any }, string[], unknown, string[]]> = [
  ['prometheus', stack.prometheus!, ['prometheus', 'prometheusSpec', 'logLevel'], 'debug', ['prometheus', 'prometheusSpec', 'retention']],
  ['alertmanager', stack.alertmanager!, ['podAnnotations'], OWNER, ['replicaCount']],
  ['grafana', stack.grafana!, ['grafana.ini', 'log', 'level'], 'debug', ['grafana.ini']],
  ['loki', stack.loki!, ['loki', 'server', 'log_level'], 'debug', ['loki', 'limits_config']],
  ['logShipper', stack.logShipper!, ['podAnnotations'], OWNER, ['config']],
  ['jaeger', stack.jaeger!, ['jaeger', 'service', 'annotations'], OWNER, ['jaeger']],
  ['otelCollector', stack.otelCollector!, ['podAnnotations'], OWNER, ['alternateConfig']],
  ['datadog', stack.datadog!, ['datadog', 'logLevel'], 'DEBUG', ['datadog', 'apiKeyExistingSecret']],
  ['blackboxExporter', stack.blackboxExporter!, ['podAnnotations'], OWNER, ['config']],
];

describe('EnvironmentConfig.chartValues', () => {
  test('every field of ChartValuesConfig is covered here', () => {
    expect(FIELDS.map(([key]) => key).sort()).toEqual(Object.keys(OVERRIDES).sort());
  });

  test.each(FIELDS)('chartValues.%s reaches the synthesized release values, merged with the construct\'s own', (_key, component, path, expected, ownPath) => {
    const values = releaseValues(component);
    // maps merge with what the construct puts there (e.g. the collector's own pod annotations)
    expect(at(values, path)).toEqual(typeof expected === 'object' ? expect.objectContaining(expected) : expected);
    // the construct's own values are still there: the override is merged, not a replacement
    expect(at(values, ownPath)).toBeDefined();
  });

  test('without chartValues, none of those paths is set', () => {
    const plain = new MonitoringStack(Testing.app(), { ...EXTENDED, chartValues: undefined });
    expect(at(releaseValues(plain.alertmanager!), ['podAnnotations', 'example.com/owner'])).toBeUndefined();
    expect(at(releaseValues(plain.prometheus!), ['prometheus', 'prometheusSpec', 'logLevel'])).toBeUndefined();
  });

  test('the review lists each environment override', () => {
    const summary = ReviewArtifacts.of(stack).render().get('summary.md')!;
    expect(summary).toContain('- alertmanager (`monitoring-ext/alertmanager`, alertmanager 1.42.0):\n  - `podAnnotations.example.com/owner`: `"sre"`');
    expect(summary).toContain('`prometheus.prometheusSpec.logLevel`: `"debug"`');
  });

  test.each([
    ['an unknown component', { prometheuss: {} }, 'chartValues.prometheuss is not a component'],
    ['a credential', { grafana: { adminPassword: 'pw' } }, 'environment "bad" chartValues.grafana: chartValues path "adminPassword" looks like a credential'],
    ['not a map', { loki: 'debug' }, 'chartValues "debug" is not a map'],
  ])('refuses %s with the environment name', (_what, chartValues, message) => {
    expectValidationError(() => resolveEnvironment({ ...EXTENDED, name: 'bad', chartValues: chartValues as never }), message);
  });
});

describe('EnvironmentConfig.networkPolicies', () => {
  test('extraIngress reaches the NetworkPolicy: Alertmanager accepts namespace ops on 9093', () => {
    const policies = policiesOf(synthJson(stack));
    const alertmanager = { namespace: 'monitoring', labels: stack.alertmanager!.peerIdentities()[0].podLabels };
    expect(reachable(policies, alertmanager, { namespace: 'ops', labels: { app: 'bot' } }, 9093)).toBe(true);
    const plain = new MonitoringStack(Testing.app(), { name: 'plain', clusterName: 'c', region: 'r', alerting: devAlerting });
    expect(reachable(policiesOf(synthJson(plain)), { namespace: 'monitoring', labels: plain.alertmanager!.peerIdentities()[0].podLabels }, { namespace: 'ops', labels: { app: 'bot' } }, 9093)).toBe(false);
  });

  test.each([
    ['an unknown option', { extraIngres: {} }, 'networkPolicies.extraIngres is not an option'],
    ['rules that are not a list', { extraIngress: { alertmanager: { from: 'anywhere' } } }, 'networkPolicies.extraIngress.alertmanager'],
    ['a peer that is a string', { extraIngress: { grafana: [{ from: ['ops'] }] } }, 'neither a NetworkPeer nor a PeerRole'],
  ])('refuses %s', (_what, networkPolicies, message) => {
    expectValidationError(() => resolveEnvironment({ ...EXTENDED, name: 'bad', networkPolicies: networkPolicies as never } as EnvironmentConfig), 'environment "bad"', message);
  });

  test('a policy name no component has is flagged at synth', () => {
    const typo = new MonitoringStack(Testing.app(), { ...EXTENDED, name: 'typo', networkPolicies: { extraIngress: { alertmanger: [{ from: 'anywhere' }] } } });
    expect(() => Testing.synth(typo, true)).toThrow(/extraIngress names the NetworkPolicy "alertmanger"/);
  });
});

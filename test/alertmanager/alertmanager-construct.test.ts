import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { TerraformStack, Testing } from 'cdktf';
import { parse } from 'yaml';
import {
  AlertRule, Alertmanager, ClusterProviders, AlertmanagerConfig, AlertmanagerProps, Charts, MonitoringStack, Receiver, RuleGroup, SecretFile, Severity,
} from '../../lib';
import { unescapeTerraformTemplate } from '../../lib/core/terraform-escape';
import { SHARED_CHARTS, chartDefaults, unknownChartKeys } from '../support/chart-values';
import { buildExampleApp, synthJson, releaseValues } from '../support/synth';
import { amtoolCheckConfig, describeWithTool } from '../support/tools';
import { forAmtool025 } from './amtool-compat';
import { prodPolicy } from './fixtures';

function build(props: Partial<AlertmanagerProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 'monitoring-test');
  new ClusterProviders(stack, 'cluster', { path: '~/.kube/config', context: '' });
  const alertmanager = new Alertmanager(stack, 'alertmanager', { namespace: 'monitoring', config: prodPolicy(), ...props });
  return { stack, alertmanager };
}

function alertSource(...alerts: AlertRule[]) {
  return { alertRules: () => new RuleGroup('g', { rules: alerts }).alertRules };
}

describe('Alertmanager construct', () => {
  test('deploys the pinned chart with the typed config, secrets mounted as files, and a 3-replica cluster', () => {
    const { stack, alertmanager } = build({ replicas: 3, storageGiB: 5, externalUrl: 'https://alertmanager.example.com' });
    const [release] = Object.values(synthJson(stack).resource.helm_release) as any[];
    expect(release).toMatchObject({ chart: 'alertmanager', version: '1.42.0', repository: Charts.alertmanager.repository, atomic: true });
    const values = parse(unescapeTerraformTemplate(release.values[0]));
    expect(values).toMatchObject({
      fullnameOverride: 'alertmanager', replicaCount: 3, baseURL: 'https://alertmanager.example.com',
      podAntiAffinity: 'hard', podDisruptionBudget: { maxUnavailable: 1 },
      persistence: { enabled: true, size: '5Gi' },
      securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
    });
    expect(values.config.route.receiver).toBe('default');
    expect(Object.keys(values.templates)).toEqual(['monitoring.tmpl']);
    // every Secret the receivers read is mounted read-only where the config points
    expect(values.extraSecretMounts).toEqual([
      { name: 'receiver-secret-0', secretName: 'alertmanager-pagerduty', mountPath: '/etc/alertmanager-secrets/alertmanager-pagerduty', subPath: '', readOnly: true },
      { name: 'receiver-secret-1', secretName: 'alertmanager-slack', mountPath: '/etc/alertmanager-secrets/alertmanager-slack', subPath: '', readOnly: true },
      { name: 'receiver-secret-2', secretName: 'alertmanager-smtp', mountPath: '/etc/alertmanager-secrets/alertmanager-smtp', subPath: '', readOnly: true },
    ]);
    const configText = JSON.stringify(values.config);
    expect(configText).toContain('"api_url_file":"/etc/alertmanager-secrets/alertmanager-slack/platform-webhook"');
    expect(configText).not.toMatch(/"(api_url|routing_key|auth_password|api_key)":/);
    expect(alertmanager.alertmanagerUrl).toBe('http://alertmanager.monitoring.svc:9093');
    expect(alertmanager.grafanaDatasource()).toMatchObject({ type: 'alertmanager', uid: 'alertmanager', jsonData: { implementation: 'prometheus' } });
  });

  test('sets every root-route key the chart defaults, so Helm merges in nothing the review does not show', () => {
    const defaults = chartDefaults(Charts.alertmanager);
    if (!defaults) return;
    const ours = (releaseValues(build().alertmanager) as any).config.route;
    for (const key of Object.keys((defaults as any).config.route)) expect([key, ours[key]]).toEqual([key, expect.anything()]);
  });

  test('every value key exists in the pinned chart and the values satisfy its schema', () => {
    const defaults = chartDefaults(Charts.alertmanager);
    if (!defaults) return;
    const values = releaseValues(build({ replicas: 3, storageClassName: 'gp3', externalUrl: 'https://am.example.com' }).alertmanager);
    const freeForm = [
      'config', // Alertmanager's own configuration file, rendered whole (checked by amtool)
      'securityContext', 'podSecurityContext', // Kubernetes objects the chart passes through
      'persistence.storageClass', // documented in a comment of values.yaml
    ];
    expect(unknownChartKeys(values, defaults, freeForm)).toEqual([]);
    expect(unknownChartKeys({ ...values, replicas: 3 }, defaults, freeForm)).toEqual(['replicas']);
    const schemaFile = join(SHARED_CHARTS, 'alertmanager-1.42.0', 'values.schema.json');
    expect(existsSync(schemaFile)).toBe(true);
    const validate = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
    const merged = { ...defaults, ...values };
    expect([validate(merged), validate.errors]).toEqual([true, null]);
  });

  test('one replica: no PDB, no anti-affinity, emptyDir when storage is 0', () => {
    const values = releaseValues(build({ storageGiB: 0 }).alertmanager) as any;
    expect(values).toMatchObject({ replicaCount: 1, podAntiAffinity: '', podDisruptionBudget: {}, persistence: { enabled: false } });
  });

  describe('coverage of alerts at synth', () => {
    const page = (team: string) => new AlertRule({ name: 'CheckoutDown', expr: 'up == 0', severity: Severity.CRITICAL, team, summary: 's', runbookUrl: 'https://runbooks.example.com/x' });

    test('GIVEN every alert reaches someone THEN synth passes', () => {
      const { stack, alertmanager } = build();
      alertmanager.coverAlertsOf(alertSource(page('business')));
      expect(() => Testing.synth(stack, true)).not.toThrow();
    });

    test('GIVEN an alert that would notify nobody THEN synth fails naming the construct and the alert', () => {
      const config = new AlertmanagerConfig({
        route: { receiver: 'drop', routes: [{ matchers: ['team="platform"'], receiver: Receiver.slack('platform', { channel: '#p', apiUrl: SecretFile.from('s', 'k') }) }] },
        receivers: [Receiver.none('drop')],
      });
      const { stack, alertmanager } = build({ config });
      alertmanager.coverAlertsOf(alertSource(page('business')));
      expect(() => alertmanager.checkAlertCoverage()).toThrow(/monitoring-test\/alertmanager.*CheckoutDown/s);
      expect(() => Testing.synth(stack, true)).toThrow(/monitoring-test\/alertmanager.*CheckoutDown/s);
    });
  });

  test.each<[string, Partial<AlertmanagerProps>, RegExp]>([
    ['zero replicas', { replicas: 0 }, /monitoring-test\/alertmanager: replicas 0 must be a whole number of at least 1/],
    ['negative storage', { storageGiB: -2 }, /storageGiB -2 must be 0/],
    ['an external URL with credentials', { externalUrl: 'https://admin:pw@am.example.com' }, /externalUrl "https:\/\/\*\*\*@am.example.com" is not an http\(s\) URL without credentials/],
    ['a bad release name', { releaseName: 'Alert_Manager' }, /releaseName "Alert_Manager" is not allowed/],
    ['a config that is not a config', { config: { route: {} } as never }, /config \{"route":\{\}\} is not an AlertmanagerConfig/],
    ['a bad anti-affinity', { podAntiAffinity: 'always' as never }, /podAntiAffinity "always" is not one of soft, hard/],
    ['a request above its limit', { resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '512Mi' } } }, /monitoring-test\/alertmanager resources: memory request "1Gi" exceeds its limit "512Mi"/],
  ])('refuses %s with the construct path, the value and the fix', (_, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test('an external URL with credentials is refused without repeating the password', () => {
    expect(() => build({ externalUrl: 'https://admin:hunter2@am.example.com' })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('hunter2') }));
  });
});

describe('Alertmanager in the example environments', () => {
  const { stacks } = buildExampleApp();

  test('prod runs 3 clustered replicas, and Prometheus sends to it through the typed reference', () => {
    const prod = stacks.find((s) => s.node.id === 'monitoring-prod') as MonitoringStack;
    expect(prod.alertmanager!.replicas).toBe(3);
    expect((releaseValues(prod.prometheus!) as any).prometheus.prometheusSpec.alertingEndpoints).toEqual([
      { namespace: 'monitoring', name: 'alertmanager', port: 'http', apiVersion: 'v2' },
    ]);
  });

  test('every alert of every rule pack of every environment reaches a receiver that notifies someone', () => {
    for (const stack of stacks as MonitoringStack[]) {
      expect(() => stack.alertmanager!.checkAlertCoverage()).not.toThrow();
      expect(stack.prometheus!.alertRules().length).toBeGreaterThan(5);
    }
  });

  test('dev pages nobody; prod pages the owning team for critical alerts', () => {
    const [dev, , prod] = stacks as MonitoringStack[];
    const critical = { alertname: 'ServiceDown', severity: 'critical', team: 'platform' };
    expect(dev.alertmanager!.config.matchingReceivers(critical)).toEqual(['platform-slack']);
    expect(prod.alertmanager!.config.matchingReceivers(critical)).toEqual(['platform-pagerduty', 'platform-slack']);
  });

  describeWithTool('amtool', 'amtool check-config for every environment', () => {
    for (const stack of stacks as MonitoringStack[]) {
      test(stack.node.id, () => {
        // prod's heartbeat webhook reads its URL from a file (url_file, Alertmanager >= 0.27): amtool 0.25 reads it as a url.
        const { text, replaced } = forAmtool025(stack.alertmanager!.config.render());
        expect(replaced).toBe(stack.node.id === 'monitoring-prod' ? 1 : 0);
        const result = amtoolCheckConfig(text);
        expect(result.output).toContain('SUCCESS');
        expect(result.status).toBe(0);
      });
    }
  });
});

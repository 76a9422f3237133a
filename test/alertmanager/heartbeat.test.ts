import { join } from 'node:path';
import { Receiver, SecretFile, SeverityPolicy } from '../../lib/alertmanager';
import { MonitoringStack } from '../../lib';
import { toYaml } from '../../lib/core/yaml';
import { buildExampleApp, releaseValues } from '../support/synth';
import { describeWithTool, runTool, writeTempFiles } from '../support/tools';
import { renderedExampleReleases } from '../support/rendered-releases';
import { expectValidationError } from '../support/refusal';
import { AMTOOL_025_URL, forAmtool025 } from './amtool-compat';
import { prodPolicy } from './fixtures';

/**
 * The dead man's switch: Watchdog → a heartbeat webhook whose URL comes from a Secret file, pinging every
 * interval, never resolved. Checked on the typed model, on the synthesized example environments (prod has
 * it, dev does not), with amtool's route test on the configuration the prod release really carries, and on
 * the rendered chart (the Secret mounted where url_file points).
 */

const HEARTBEAT_URL = SecretFile.from('alertmanager-heartbeat', 'url');

describe('Receiver.heartbeat', () => {
  test('POSTs to the URL read from the Secret file, never a resolved notification', () => {
    const receiver = Receiver.heartbeat('heartbeat', { url: HEARTBEAT_URL });
    expect(receiver.render('/etc/alertmanager-secrets')).toEqual({
      name: 'heartbeat',
      webhook_configs: [{ send_resolved: false, url_file: '/etc/alertmanager-secrets/alertmanager-heartbeat/url' }],
    });
    expect(receiver.secretFiles()).toEqual([HEARTBEAT_URL]);
    expect(receiver.notifiesSomeone).toBe(true);
  });

  test('refuses a pasted ping URL without repeating it, and missing props', () => {
    const error = expectValidationError(
      () => Receiver.heartbeat('heartbeat', { url: 'https://hc-ping.com/0f3c5a1e-5b1d-4c8e-9d7a-2b9e6f1a7c44' as never }),
      'Receiver "heartbeat" > url', 'SecretFile.from(',
    );
    expect(error.message).not.toContain('2b9e6f1a7c44');
    expectValidationError(() => Receiver.heartbeat('heartbeat', undefined as never), 'Receiver "heartbeat"', 'is not heartbeat props');
  });
});

describe('SeverityPolicy heartbeat', () => {
  const base = () => ({
    teams: [{ name: 'platform', channel: '#platform-alerts', slack: SecretFile.from('alertmanager-slack', 'platform-webhook') }],
    pageCritical: false,
    lowPriority: Receiver.slack('low-priority', { channel: '#low', apiUrl: SecretFile.from('alertmanager-slack', 'low') }),
  });

  test('routes Watchdog, first of all routes, to the heartbeat with heartbeat timings', () => {
    const config = SeverityPolicy.create({ ...base(), heartbeat: { url: HEARTBEAT_URL } });
    expect(config.matchingReceivers({ alertname: 'Watchdog', severity: 'none' })).toEqual(['heartbeat']);
    // Even a Watchdog with a team and severity critical (labels added by a rule's team) goes only to the heartbeat.
    expect(config.matchingReceivers({ alertname: 'Watchdog', severity: 'critical', team: 'platform' })).toEqual(['heartbeat']);
    const route = (config.toJSON() as any).route.routes[0];
    expect(route).toEqual({
      receiver: 'heartbeat', matchers: ['alertname="Watchdog"'], group_by: ['alertname'],
      group_wait: '0s', group_interval: '1m', repeat_interval: '50s',
    });
    // Only Watchdog: another alert never pings (a ping would hide a broken Watchdog).
    expect(config.matchingReceivers({ alertname: 'ServiceDown', severity: 'warning', team: 'platform' })).toEqual(['platform-slack']);
    expect(config.matchingReceivers({ alertname: 'InfoInhibitor' })).toEqual(['null']);
  });

  test('the interval sets group_interval, and repeat_interval 10s less', () => {
    const route = (SeverityPolicy.create({ ...base(), heartbeat: { url: HEARTBEAT_URL, interval: '5m', receiverName: 'deadmansswitch' } }).toJSON() as any).route.routes[0];
    expect(route).toMatchObject({ receiver: 'deadmansswitch', group_interval: '5m', repeat_interval: '4m50s' });
  });

  test.each<[string, object, string[]]>([
    ['an interval too short', { heartbeat: { url: HEARTBEAT_URL, interval: '10s' } }, ['SeverityPolicy > heartbeat > interval', '"10s" is not a heartbeat interval', 'between 30s and 15m']],
    ['an interval too long', { heartbeat: { url: HEARTBEAT_URL, interval: '1h' } }, ['heartbeat > interval', '"1h"']],
    ['both heartbeat and watchdog', { heartbeat: { url: HEARTBEAT_URL }, watchdog: Receiver.none('blackhole') }, ['SeverityPolicy > heartbeat', 'both heartbeat and watchdog ("blackhole")']],
    ['a URL as text', { heartbeat: { url: 'https://hc-ping.com/abc' } }, ['Receiver "heartbeat" > url', 'not a SecretFile']],
    ['no heartbeat object', { heartbeat: 'https://hc-ping.com/abc' }, ['SeverityPolicy > heartbeat', 'is not a heartbeat']],
  ])('refuses %s', (_, extra, parts) => {
    expectValidationError(() => SeverityPolicy.create({ ...base(), ...extra } as never), ...parts);
  });

  test('without heartbeat, Watchdog still goes to the null receiver (unchanged default)', () => {
    expect(SeverityPolicy.create(base()).matchingReceivers({ alertname: 'Watchdog' })).toEqual(['null']);
    expect(prodPolicy().matchingReceivers({ alertname: 'Watchdog' })).toEqual(['null']);
  });
});

describe("the example environments' dead man's switch", () => {
  const { stacks } = buildExampleApp();
  const stack = (name: string) => (stacks as MonitoringStack[]).find((s) => s.node.id === `monitoring-${name}`)!;
  /** The Alertmanager configuration exactly as the release carries it to the chart. */
  const shippedConfig = (name: string) => {
    const { enabled: _, ...config } = releaseValues(stack(name).alertmanager!).config;
    return config as Record<string, any>;
  };

  test('prod: Watchdog reaches the heartbeat webhook, whose URL file is a mounted Secret', () => {
    const values = releaseValues(stack('prod').alertmanager!);
    const heartbeat = values.config.receivers.find((r: any) => r.name === 'heartbeat');
    expect(heartbeat).toEqual({ name: 'heartbeat', webhook_configs: [{ send_resolved: false, url_file: '/etc/alertmanager-secrets/alertmanager-heartbeat/url' }] });
    expect(values.extraSecretMounts).toEqual(expect.arrayContaining([
      expect.objectContaining({ secretName: 'alertmanager-heartbeat', mountPath: '/etc/alertmanager-secrets/alertmanager-heartbeat', readOnly: true }),
    ]));
    expect(stack('prod').alertmanager!.config.matchingReceivers({ alertname: 'Watchdog', severity: 'none' })).toEqual(['heartbeat']);
  });

  test('dev and staging: no heartbeat, Watchdog is dropped on purpose', () => {
    for (const name of ['dev', 'staging']) {
      const config = shippedConfig(name);
      expect(config.receivers.map((r: any) => r.name)).not.toContain('heartbeat');
      expect(stack(name).alertmanager!.config.matchingReceivers({ alertname: 'Watchdog' })).toEqual(['null']);
    }
  });

  describeWithTool('amtool', 'amtool config routes test on the configuration the release carries', () => {
    const routes = (name: string, expected?: string) => {
      const { text, replaced } = forAmtool025(toYaml(shippedConfig(name)));
      const dir = writeTempFiles({ 'alertmanager.yaml': text });
      const args = ['config', 'routes', 'test', `--config.file=${join(dir, 'alertmanager.yaml')}`, ...(expected ? [`--verify.receivers=${expected}`] : []), 'alertname=Watchdog', 'severity=none'];
      return { result: runTool('amtool', args), replaced };
    };

    test('prod: alertname="Watchdog" → heartbeat (and amtool would say so if it were not)', () => {
      const { result, replaced } = routes('prod', 'heartbeat');
      expect(replaced).toBe(1);
      expect([result.status, result.stdout.trim()]).toEqual([0, 'heartbeat']);
      // Negative control: amtool fails the same test when told to expect the null receiver.
      expect(routes('prod', 'null').result.status).not.toBe(0);
    });

    test('dev: alertname="Watchdog" → null, not a heartbeat', () => {
      const { result, replaced } = routes('dev', 'null');
      expect(replaced).toBe(0);
      expect([result.status, result.stdout.trim()]).toEqual([0, 'null']);
      expect(routes('dev', 'heartbeat').result.status).not.toBe(0);
    });

    test('the amtool stand-in URL never reaches a real config', () => {
      expect(JSON.stringify(shippedConfig('prod'))).not.toContain(AMTOOL_025_URL);
    });
  });

  test('rendered prod chart: the Alertmanager pods mount the heartbeat Secret at the url_file directory', () => {
    const rendered = renderedExampleReleases();
    if (!rendered) return;
    const release = rendered.find((r) => r.stack === 'monitoring-prod' && r.chart === 'alertmanager')!;
    const sts = release.objects.find((o) => o.kind === 'StatefulSet')!;
    const volume = sts.spec.template.spec.volumes.find((v: any) => v.secret?.secretName === 'alertmanager-heartbeat');
    expect(volume).toBeDefined();
    const mount = sts.spec.template.spec.containers.find((c: any) => c.name === 'alertmanager').volumeMounts.find((m: any) => m.name === volume.name);
    expect(mount).toMatchObject({ mountPath: '/etc/alertmanager-secrets/alertmanager-heartbeat', readOnly: true });
  });
});

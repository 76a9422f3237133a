import { Receiver, SecretFile, SeverityPolicy } from '../../lib/alertmanager';
import { PROD_ROUTING_TABLE, prodPolicy } from './fixtures';
import { refusal } from '../support/refusal';


const team = (name: string, pager = true) => ({
  name,
  channel: `#${name}-alerts`,
  slack: SecretFile.from('alertmanager-slack', name),
  ...(pager ? { pagerDuty: SecretFile.from('alertmanager-pagerduty', name) } : {}),
});
const lowPriority = Receiver.slack('low-priority', { channel: '#alerts-low', apiUrl: SecretFile.from('alertmanager-slack', 'low') });

describe('SeverityPolicy', () => {
  test.each(PROD_ROUTING_TABLE.map((row) => [JSON.stringify(row.labels), row.labels, row.receivers] as const))(
    'routes %s as the seeds say',
    (_title, labels, receivers) => {
      expect(prodPolicy().matchingReceivers(labels)).toEqual(receivers);
    },
  );

  test('critical alerts page and reach chat; with pageCritical false (dev) they reach chat only', () => {
    // GIVEN a dev policy without paging
    const dev = SeverityPolicy.create({ teams: [team('platform', false)], lowPriority, pageCritical: false });
    // THEN critical goes to the team's chat only, and no PagerDuty receiver or secret exists
    expect(dev.matchingReceivers({ team: 'platform', severity: 'critical' })).toEqual(['platform-slack']);
    expect(dev.receivers.map((r) => r.type)).not.toContain('pagerduty');
    expect(dev.secretMounts().map((m) => m.secretName)).toEqual(['alertmanager-slack', 'alertmanager-slack']);
  });

  test('a team that would page nobody is refused with the fix', () => {
    const error = refusal(() => SeverityPolicy.create({ teams: [team('platform'), team('business', false)], lowPriority }));
    expect(error.path).toBe('SeverityPolicy > teams[1] > pagerDuty');
    expect(error.message).toContain('"business"');
    expect(error.message).toContain('pageCritical: false');
  });

  test('duplicate and malformed team names are refused', () => {
    const duplicate = refusal(() => SeverityPolicy.create({ teams: [team('platform'), team('platform')], lowPriority }));
    expect(duplicate.path).toBe('SeverityPolicy > teams[1] > name');
    expect(duplicate.message).toContain('listed twice');
    const bad = refusal(() => SeverityPolicy.create({ teams: [{ ...team('platform'), name: 'Platform Team' }], lowPriority }));
    expect(bad.message).toContain('"Platform Team"');
  });

  test('a low-priority receiver that notifies nobody is refused', () => {
    const error = refusal(() => SeverityPolicy.create({ teams: [], lowPriority: Receiver.none('null') }));
    expect(error.path).toBe('SeverityPolicy > lowPriority');
    expect(error.message).toContain('info alerts would be lost');
  });

  test('inhibition: critical mutes warning of the same alertname and service; ServiceDown mutes High* in the namespace', () => {
    const [criticalMutesWarning, serviceDownMutesHigh] = prodPolicy().inhibitRules;
    const crit = { alertname: 'HighErrorRate', service: 'api', severity: 'critical' };
    expect(criticalMutesWarning.inhibits(crit, { ...crit, severity: 'warning' })).toBe(true);
    expect(criticalMutesWarning.inhibits(crit, { ...crit, severity: 'warning', service: 'web' })).toBe(false);
    expect(criticalMutesWarning.inhibits(crit, { ...crit, severity: 'info' })).toBe(false);
    const down = { alertname: 'ServiceDown', namespace: 'shop' };
    expect(serviceDownMutesHigh.inhibits(down, { alertname: 'HighLatency', namespace: 'shop' })).toBe(true);
    expect(serviceDownMutesHigh.inhibits(down, { alertname: 'HighLatency', namespace: 'pay' })).toBe(false);
    expect(serviceDownMutesHigh.inhibits(down, { alertname: 'SlowHighLatency', namespace: 'shop' })).toBe(false);
  });

  test('groups by alertname, service and namespace, with the seeds\' timings', () => {
    const route = prodPolicy().toJSON().route as Record<string, unknown>;
    expect(route.group_by).toEqual(['alertname', 'service', 'namespace']);
    expect([route.group_wait, route.group_interval, route.repeat_interval]).toEqual(['30s', '5m', '4h']);
    const [watchdog, infoInhibitor, platform] = route.routes as any[];
    expect(watchdog).toMatchObject({ matchers: ['alertname="Watchdog"'], receiver: 'null' });
    expect(infoInhibitor).toMatchObject({ matchers: ['alertname="InfoInhibitor"'], receiver: 'null' });
    expect(platform.routes[0]).toMatchObject({ receiver: 'platform-pagerduty', continue: true, group_wait: '10s' });
    expect(platform.routes[3]).toMatchObject({ receiver: 'low-priority', repeat_interval: '1d', active_time_intervals: ['business-hours'] });
  });

  test('a dead man\'s switch receives the Watchdog heartbeat when given', () => {
    const deadMansSwitch = Receiver.webhook('heartbeat', { url: 'https://heartbeat.example.com/ping' });
    const config = prodPolicy({ watchdog: deadMansSwitch });
    expect(config.matchingReceivers({ alertname: 'Watchdog', severity: 'none' })).toEqual(['heartbeat']);
    expect(config.matchingReceivers({ alertname: 'InfoInhibitor', severity: 'none' })).toEqual(['null']);
  });

  test('the routing tree text shows every route for review', () => {
    const tree = prodPolicy().routingTree();
    expect(tree.split('\n')[0]).toBe('default  receiver: default');
    expect(tree).toContain('  {team="platform"}  receiver: platform-slack');
    expect(tree).toContain('    {severity="critical"}  receiver: platform-pagerduty  continue');
  });
});

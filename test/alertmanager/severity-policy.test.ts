import { Receiver, SecretFile, SeverityPolicy } from '../../lib/alertmanager';
import { PAYMENTS_ROUTE, PAYMENTS_ROUTING_TABLE, PROD_ROUTING_TABLE, paymentsPolicy, prodPolicy } from './fixtures';
import { expectValidationError, refusal } from '../support/refusal';


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

  test('inhibition: critical mutes warning of the same alertname and service', () => {
    const [criticalMutesWarning] = prodPolicy().inhibitRules;
    const crit = { alertname: 'HighErrorRate', service: 'api', severity: 'critical' };
    expect(criticalMutesWarning.inhibits(crit, { ...crit, severity: 'warning' })).toBe(true);
    expect(criticalMutesWarning.inhibits(crit, { ...crit, severity: 'warning', service: 'web' })).toBe(false);
    expect(criticalMutesWarning.inhibits(crit, { ...crit, severity: 'info' })).toBe(false);
  });

  describe('inhibition: ServiceDown mutes the High* alerts of its own service only', () => {
    // Whether any of the policy's inhibit rules mutes `target` while `firing` fire, as Alertmanager decides.
    const muted = (firing: Record<string, string>[], target: Record<string, string>) =>
      prodPolicy().inhibitRules.some((rule) => firing.some((source) => rule.inhibits(source, target)));
    const platform = (severity: string) => ({ severity, team: 'platform' });
    // The labels the seed packs' alerts carry (test/rules/seed-alerts.test.ts checks them with promtool):
    // ServiceDown is `up == 0`, so it has the target's labels; through a ServiceMonitor the operator adds
    // namespace, service and pod. HighErrorRate and HighLatency are `sum by (service)` (ServiceHealthRules'
    // default groupBy), or `sum by (namespace, service)` with groupBy ["namespace", "service"].
    // HighCPUUsage and HighMemoryUsage are per pod: `sum by (namespace, pod)`.
    const downA = { alertname: 'ServiceDown', ...platform('critical'), job: 'checkout', instance: '10.0.0.1:8080', namespace: 'shop', service: 'checkout', pod: 'checkout-0' };
    const errorsOf = (service: string, namespace?: string) => ({ alertname: 'HighErrorRate', ...platform('critical'), service, ...(namespace ? { namespace } : {}) });
    const latencyOf = (service: string, namespace?: string) => ({ alertname: 'HighLatency', ...platform('warning'), service, ...(namespace ? { namespace } : {}) });

    test('a ServiceDown of service A mutes A\'s HighErrorRate and HighLatency (default grouping: by service)', () => {
      expect(muted([downA], errorsOf('checkout'))).toBe(true);
      expect(muted([downA], latencyOf('checkout'))).toBe(true);
    });

    test('... and with grouping by namespace and service', () => {
      expect(muted([downA], errorsOf('checkout', 'shop'))).toBe(true);
      expect(muted([downA], latencyOf('checkout', 'shop'))).toBe(true);
    });

    test('a ServiceDown of service A does not mute service B\'s HighErrorRate or HighLatency in the same namespace', () => {
      expect(muted([downA], errorsOf('cart', 'shop'))).toBe(false);
      expect(muted([downA], latencyOf('cart', 'shop'))).toBe(false);
      expect(muted([downA], errorsOf('cart'))).toBe(false);
    });

    test('nor A\'s namesake in another namespace, when the alert names its namespace', () => {
      expect(muted([downA], errorsOf('checkout', 'pay'))).toBe(false);
    });

    test('nor the per-pod CPU and memory alerts of the namespace (one crashlooping pod must not mute them)', () => {
      expect(muted([downA], { alertname: 'HighCPUUsage', ...platform('warning'), namespace: 'shop', pod: 'cart-1' })).toBe(false);
      expect(muted([downA], { alertname: 'HighMemoryUsage', ...platform('warning'), namespace: 'shop', pod: 'checkout-0' })).toBe(false);
    });

    test('a ServiceDown that names no service (an annotation-scraped pod) mutes nothing', () => {
      const downPod = { alertname: 'ServiceDown', ...platform('critical'), job: 'kubernetes-pods', instance: '10.0.0.9:8080', namespace: 'shop', pod: 'worker-0' };
      expect(muted([downPod], errorsOf('cart', 'shop'))).toBe(false);
      expect(muted([downPod], { alertname: 'HighCPUUsage', ...platform('warning'), namespace: 'shop', pod: 'cart-1' })).toBe(false);
      expect(muted([downPod], { alertname: 'HighMemoryUsage', ...platform('warning'), namespace: 'shop', pod: 'cart-1' })).toBe(false);
    });

    test('only ServiceDown mutes, and only High* alerts', () => {
      expect(muted([{ ...downA, alertname: 'ServiceDegraded' }], errorsOf('checkout'))).toBe(false);
      expect(muted([downA], { alertname: 'SlowHighLatency', ...platform('warning'), service: 'checkout' })).toBe(false);
    });
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

describe('SeverityPolicy routes: your own routes before the team routes and fallbacks', () => {
  test.each(PAYMENTS_ROUTING_TABLE.map((row) => [JSON.stringify(row.labels), row.labels, row.receivers] as const))(
    'routes %s',
    (_title, labels, receivers) => {
      expect(paymentsPolicy().matchingReceivers(labels)).toEqual(receivers);
    },
  );

  test('they are rendered after Watchdog/InfoInhibitor and before the first team route, and their receiver is registered', () => {
    const config = paymentsPolicy();
    const matchers = config.route.routes.map((r) => r.matchers.map((m) => m.toString()).join(','));
    expect(matchers.slice(0, 4)).toEqual(['alertname="Watchdog"', 'alertname="InfoInhibitor"', 'team="payments"', 'team="platform"']);
    expect(config.render()).toContain('api_key_file: /etc/alertmanager-secrets/alertmanager-opsgenie/payments');
    expect(config.secretMounts().map((m) => `${m.secretName}/${m.key}`)).toContain('alertmanager-opsgenie/payments');
  });

  test('without them, an appended route is shadowed (the table above can fail)', () => {
    const config = prodPolicy();
    config.route.addRoute(PAYMENTS_ROUTE);
    expect(config.matchingReceivers({ team: 'payments', severity: 'critical' })).not.toEqual(['payments-opsgenie']);
    expect(config.matchingReceivers({ team: 'payments', severity: 'warning' })).toEqual(['payments-opsgenie']);
  });

  test('bad routes are refused with their path, value and fix', () => {
    expectValidationError(() => prodPolicy({ routes: { matchers: ['team="payments"'] } as never }), 'SeverityPolicy > routes', 'is not a list of routes', 'team="payments"');
    expectValidationError(() => prodPolicy({ routes: [{ matchers: ['team="payments"'], receiver: 'nowhere' }] }), 'route > routes[2] (team="payments") > receiver', '"nowhere"', 'add it to receivers');
    expectValidationError(() => prodPolicy({ routes: [{ matchers: ['team=payments"'] }] }), 'route > routes[2] > matchers[0]', 'team=payments', 'quote the value');
  });
});

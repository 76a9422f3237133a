import {
  AlertmanagerConfig,
  Matcher,
  Receiver,
  SecretFile,
  TimeInterval,
} from '../../lib/alertmanager';
import { alertLabelSets, RuleGroupLike } from '../../lib/alertmanager/coverage-alert';
import { NOTIFICATION_TEMPLATE_FILE } from '../../lib/alertmanager/notification-templates';
import { AlertRule } from '../../lib/rules/alert-rule';
import { RuleGroup } from '../../lib/rules/rule-group';
import { Severity } from '../../lib/rules/severity';
import { prodPolicy } from './fixtures';
import { refusal } from '../support/refusal';


const slack = (name: string) => Receiver.slack(name, { channel: '#c', apiUrl: SecretFile.from('alertmanager-slack', name) });

describe('AlertmanagerConfig validation', () => {
  test('a route naming an undefined receiver: the path names the route, the value and the fix', () => {
    // GIVEN a third child route with a receiver nobody defined
    const error = refusal(
      () =>
        new AlertmanagerConfig({
          receivers: [slack('default'), slack('team-platform')],
          route: {
            receiver: 'default',
            routes: [
              { matchers: ['team="platform"'], receiver: 'team-platform' },
              { matchers: ['team="business"'], receiver: 'team-platform' },
              { matchers: ['team="security"'], receiver: 'team-security' },
            ],
          },
        }),
    );
    // THEN
    expect(error.path).toBe('route > routes[2] (team="security") > receiver');
    expect(error.message).toContain('"team-security" is not defined');
    expect(error.message).toContain('add it to receivers');
  });

  test('a nested route with a bad matcher names the nested path', () => {
    const error = refusal(
      () =>
        new AlertmanagerConfig({
          receivers: [slack('default')],
          route: { receiver: 'default', routes: [{ matchers: ['team="a"'], routes: [{ matchers: ['severity=~"(?!x)"'] }] }] },
        }),
    );
    expect(error.path).toBe('route > routes[0] (team="a") > routes[0] > matchers[0]');
    expect(error.message).toContain('"(?!x)"');
    expect(error.message).toContain('not supported by RE2');
  });

  test('receiver names must be unique', () => {
    const error = refusal(() => new AlertmanagerConfig({ receivers: [slack('a'), Receiver.none('a')], route: { receiver: 'a' } }));
    expect(error.message).toContain('"a" is used twice');
    expect(error.message).toContain('unique name');
  });

  test('the root route needs a default receiver and refuses matchers and continue', () => {
    const noDefault = refusal(() => new AlertmanagerConfig({ receivers: [slack('a')], route: {} as never }));
    expect(noDefault.path).toBe('route');
    expect(noDefault.message).toContain('set receiver to the default receiver');

    const withMatchers = refusal(
      () => new AlertmanagerConfig({ receivers: [slack('a')], route: { receiver: 'a', matchers: ['a="b"'] } as never }),
    );
    expect(withMatchers.message).toContain('cannot have matchers');
    expect(withMatchers.message).toContain('["a=\\"b\\""]');
    expect(withMatchers.message).toContain('child route');
  });

  test('a time interval reference must exist', () => {
    const error = refusal(
      () =>
        new AlertmanagerConfig({
          receivers: [slack('a')],
          timeIntervals: [TimeInterval.businessHours('office')],
          route: { receiver: 'a', routes: [{ matchers: ['severity="info"'], muteTimeIntervals: ['weekends'] }] },
        }),
    );
    expect(error.path).toBe('route > routes[0] (severity="info") > muteTimeIntervals');
    expect(error.message).toContain('"weekends" is not defined');
    expect(error.message).toContain('(defined: "office")');
  });

  test('zero group_interval, bad durations and bad group_by are refused with the route path', () => {
    const zero = refusal(() => new AlertmanagerConfig({ receivers: [slack('a')], route: { receiver: 'a', groupInterval: '0s' } }));
    expect(zero.path).toBe('route > groupInterval');
    expect(zero.message).toContain('"0s" is zero');

    const bad = refusal(() => new AlertmanagerConfig({ receivers: [slack('a')], route: { receiver: 'a', routes: [{ groupWait: '5 minutes' }] } }));
    expect(bad.path).toBe('route > routes[0] > groupWait');
    expect(bad.message).toContain('"5 minutes"');

    const groupBy = refusal(() => new AlertmanagerConfig({ receivers: [slack('a')], route: { receiver: 'a', groupBy: ['...', 'team'] } }));
    expect(groupBy.message).toContain('mixes "..."');
  });

  test('email receivers need SMTP settings somewhere', () => {
    const error = refusal(
      () => new AlertmanagerConfig({ receivers: [Receiver.email('mail', { to: 'a@example.com', from: 'b@example.com' })], route: { receiver: 'mail' } }),
    );
    expect(error.path).toBe('Receiver "mail" > smarthost');
    expect(error.message).toContain('global.smtpSmarthost');
  });

  test('routes added after construction are validated at render', () => {
    // GIVEN a valid configuration
    const config = new AlertmanagerConfig({ receivers: [slack('a')], route: { receiver: 'a' } });
    // WHEN a route to an unknown receiver is added later
    config.route.addRoute({ matchers: [Matcher.eq('team', 'x')], receiver: 'nobody' });
    // THEN render refuses it
    const error = refusal(() => config.render());
    expect(error.path).toBe('route > routes[0] (team="x") > receiver');
  });

  test('Receiver and TimeInterval objects given to routes are registered', () => {
    const weekends = new TimeInterval('weekends', [{ weekdays: ['saturday', 'sunday'] }]);
    const config = new AlertmanagerConfig({
      route: { receiver: slack('a'), routes: [{ matchers: ['team="b"'], receiver: slack('b'), muteTimeIntervals: [weekends] }] },
    });
    expect(config.receivers.map((r) => r.name)).toEqual(['a', 'b']);
    expect(config.toJSON().time_intervals).toEqual([weekends.toJSON()]);
  });
});

describe('TimeInterval validation', () => {
  test.each([
    [() => new TimeInterval('w', [{ weekdays: ['saturday:sunday'] }]), 'weekdays[0]', '"saturday:sunday" ends before it starts'],
    [() => new TimeInterval('w', [{ weekdays: ['funday'] }]), 'weekdays[0]', '"funday" is not a weekday name'],
    [() => new TimeInterval('w', [{ times: [{ start: '17:00', end: '09:00' }] }]), 'times[0]', 'two ranges'],
    [() => new TimeInterval('w', [{ times: [{ start: '9:00', end: '17:00' }] }]), 'times[0]', '"9:00" is not a time of day'],
    [() => new TimeInterval('w', [{ location: 'Mars/Olympus' }]), 'location', '"Mars/Olympus" is not an IANA time zone'],
    [() => new TimeInterval('w', [{ daysOfMonth: ['0'] }]), 'daysOfMonth[0]', '"0" is not a day'],
    [() => new TimeInterval('w', []), 'TimeInterval "w"', 'non-empty list'],
  ])('refuses bad periods (%#)', (fn, where, message) => {
    const error = refusal(fn);
    expect(error.path).toContain(where);
    expect(error.message).toContain(message);
  });

  // Canonical zones and the links Alertmanager's tzdata also accepts (Intl lists only the canonical ones).
  test.each(['Europe/Berlin', 'America/New_York', 'UTC', 'US/Pacific', 'Etc/GMT+2'])('accepts the IANA time zone %s', (location) => {
    expect(new TimeInterval('w', [{ location }]).toJSON().time_intervals).toEqual([{ location }]);
  });
});

describe('rendering, secrets and templates', () => {
  test('credentials appear only as file paths under the secrets directory', () => {
    // GIVEN the prod policy
    const config = prodPolicy();
    // WHEN rendered
    const yaml = config.render();
    // THEN every credential field is a *_file field pointing into the secrets directory
    expect(yaml).toContain('api_url_file: /etc/alertmanager-secrets/alertmanager-slack/platform-webhook');
    expect(yaml).toContain('routing_key_file: /etc/alertmanager-secrets/alertmanager-pagerduty/platform');
    expect(yaml).toContain('auth_password_file: /etc/alertmanager-secrets/alertmanager-smtp/password');
    expect(yaml).not.toMatch(/^\s*(api_url|routing_key|service_key|auth_password|api_key):/m);
    // AND the construct learns exactly those files, deduplicated and sorted
    expect(config.secretMounts().map((m) => m.mountPath)).toEqual([
      '/etc/alertmanager-secrets/alertmanager-pagerduty/on-call',
      '/etc/alertmanager-secrets/alertmanager-pagerduty/platform',
      '/etc/alertmanager-secrets/alertmanager-pagerduty/security',
      '/etc/alertmanager-secrets/alertmanager-slack/business-webhook',
      '/etc/alertmanager-secrets/alertmanager-slack/general-webhook',
      '/etc/alertmanager-secrets/alertmanager-slack/platform-webhook',
      '/etc/alertmanager-secrets/alertmanager-slack/security-webhook',
      '/etc/alertmanager-secrets/alertmanager-smtp/password',
    ]);
    expect(config.secretVolumes()).toEqual([
      { secretName: 'alertmanager-pagerduty', mountPath: '/etc/alertmanager-secrets/alertmanager-pagerduty', keys: ['on-call', 'platform', 'security'] },
      { secretName: 'alertmanager-slack', mountPath: '/etc/alertmanager-secrets/alertmanager-slack', keys: ['business-webhook', 'general-webhook', 'platform-webhook', 'security-webhook'] },
      { secretName: 'alertmanager-smtp', mountPath: '/etc/alertmanager-secrets/alertmanager-smtp', keys: ['password'] },
    ]);
  });

  test('the same receiver secret used twice is mounted once', () => {
    const key = SecretFile.from('am', 'hook');
    const config = new AlertmanagerConfig({
      receivers: [Receiver.slack('a', { channel: '#a', apiUrl: key }), Receiver.slack('b', { channel: '#b', apiUrl: SecretFile.from('am', 'hook') })],
      route: { receiver: 'a' },
    });
    expect(config.secretMounts()).toEqual([{ secretName: 'am', key: 'hook', mountPath: '/etc/alertmanager-secrets/am/hook' }]);
  });

  test('templates are listed in the config and handed to the construct', () => {
    const config = prodPolicy();
    config.addTemplate('team.tmpl', '{{ define "team.x" }}x{{ end }}');
    expect(Object.keys(config.templates())).toEqual([NOTIFICATION_TEMPLATE_FILE, 'team.tmpl']);
    expect(config.toJSON().templates).toEqual(['/etc/alertmanager/monitoring.tmpl', '/etc/alertmanager/team.tmpl']);
    expect(config.templates()[NOTIFICATION_TEMPLATE_FILE]).toContain('.Annotations.runbook_url');
    expect(config.templates()[NOTIFICATION_TEMPLATE_FILE]).toContain('.Annotations.dashboard_url');
    // No Terraform template sequences in shipped text.
    expect(config.templates()[NOTIFICATION_TEMPLATE_FILE]).not.toMatch(/\$\{|%\{/);
  });

  test('rendering is deterministic', () => {
    expect(prodPolicy().render()).toBe(prodPolicy().render());
  });

  test('a webhook URL with credentials is refused (it would be visible in the config)', () => {
    const error = refusal(() => Receiver.webhook('hook', { url: 'https://user:pw@hooks.example.com/x' }));
    expect(error.path).toBe('Receiver "hook" > url');
    expect(error.message).toContain('basicAuth/bearerToken with a SecretFile');
  });

  test('a credential given as text instead of a SecretFile is refused', () => {
    const error = refusal(() => Receiver.pagerDuty('pd', { routingKey: 'abc123' as never }));
    expect(error.path).toBe('Receiver "pd" > routingKey');
    expect(error.message).toContain('SecretFile.from');
  });

  test('bad Secret names are refused', () => {
    const error = refusal(() => SecretFile.from('Alertmanager_Slack', 'k'));
    expect(error.message).toContain('"Alertmanager_Slack"');
    expect(error.message).toContain('lowercase');
  });
});

describe('checkCoverage', () => {
  test('an alert that falls through to a Receiver.none default is reported with its labels and the fix', () => {
    // GIVEN a config whose default receiver notifies nobody
    const config = new AlertmanagerConfig({
      receivers: [Receiver.none('null'), slack('platform')],
      route: { receiver: 'null', routes: [{ matchers: ['team="platform"'], receiver: 'platform' }] },
    });
    // WHEN checked with a platform alert and a team-less alert
    const error = refusal(() =>
      config.checkCoverage(
        [
          { name: 'HighErrorRate', labels: { team: 'platform', severity: 'critical' } },
          { name: 'Orphan', labels: { severity: 'warning' } },
        ],
        'monitoring-prod/alertmanager',
      ),
    );
    // THEN only the orphan is reported, with where, what and how to fix
    expect(error.path).toBe('monitoring-prod/alertmanager');
    expect(error.message).toContain('alert "Orphan" {alertname="Orphan", severity="warning"}');
    expect(error.message).not.toContain('HighErrorRate');
    expect(error.message).toContain('receiver "null" (route)');
    expect(error.message).toContain('route them explicitly to a Receiver.none');
  });

  test('an alert routed explicitly to a Receiver.none is accepted', () => {
    const config = new AlertmanagerConfig({
      receivers: [slack('default'), Receiver.none('drop')],
      route: { receiver: 'default', routes: [{ matchers: ['alertname="Watchdog"'], receiver: 'drop' }] },
    });
    expect(config.matchingReceivers({ alertname: 'Watchdog' })).toEqual(['drop']);
    expect(() => config.checkCoverage([{ labels: { alertname: 'Watchdog' } }])).not.toThrow();
  });

  test('every alert of a rule model group reaches someone under the prod policy', () => {
    // GIVEN rule-group-shaped input (the rule model's RuleGroup has alertRules with name and labels)
    const groups: RuleGroupLike[] = [
      {
        alertRules: [
          { name: 'ServiceDown', labels: { severity: 'critical', team: 'platform' } },
          { name: 'Orphan', labels: { severity: 'warning' } },
        ],
      },
    ];
    // WHEN label sets are built
    const sets = alertLabelSets(groups);
    // THEN they carry alertname, and the policy covers them
    expect(sets[0].labels).toEqual({ alertname: 'ServiceDown', severity: 'critical', team: 'platform' });
    expect(() => prodPolicy().checkCoverage(sets)).not.toThrow();
  });

  test('the rule model fits as is: RuleGroup → alertLabelSets, AlertRule → checkCoverage', () => {
    // GIVEN real rules of the rule model, one of a team the policy does not know, routed to a Receiver.none default
    const rules = [
      new AlertRule({ name: 'ServiceDown', expr: 'up == 0', severity: Severity.CRITICAL, team: 'platform', summary: 's', runbookUrl: 'https://runbooks.example.com/x' }),
      new AlertRule({ name: 'Lonely', expr: 'up == 0', severity: Severity.WARNING, summary: 's' }),
    ];
    const group = new RuleGroup('g', { rules });
    const config = new AlertmanagerConfig({
      receivers: [Receiver.none('null'), slack('platform')],
      route: { receiver: 'null', routes: [{ matchers: ['team="platform"'], receiver: 'platform' }] },
    });
    // WHEN the label sets are built from the group
    expect(alertLabelSets([group]).map((s) => s.labels)).toEqual([
      { alertname: 'ServiceDown', severity: 'critical', team: 'platform' },
      { alertname: 'Lonely', severity: 'warning' },
    ]);
    // THEN the coverage check (given the groups' sets, or the AlertRules themselves) reports only the lonely alert
    for (const input of [alertLabelSets([group]), group.alertRules]) {
      const error = refusal(() => config.checkCoverage(input));
      expect(error.message).toContain('alert "Lonely"');
      expect(error.message).not.toContain('"ServiceDown"');
    }
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AlertmanagerConfig, Receiver, SecretFile, TimeInterval } from '../../lib/alertmanager';
import { NOTIFICATION_TEMPLATE_FILE } from '../../lib/alertmanager/notification-templates';
import { amtoolCheckConfig, describeWithTool, runTool, writeTempFiles } from '../support/tools';
import { PAYMENTS_ROUTE, PAYMENTS_ROUTING_TABLE, PROD_ROUTING_TABLE, paymentsPolicy, prodPolicy } from './fixtures';

/** Writes the config with its template files next to it, so amtool parses the templates too. */
function writeWithTemplates(build: (templatesDirectory: string) => AlertmanagerConfig): string {
  const dir = writeTempFiles({});
  const config = build(dir);
  for (const [name, text] of Object.entries(config.templates())) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'alertmanager.yaml'), config.render());
  return join(dir, 'alertmanager.yaml');
}

function amtoolRoutes(configFile: string, labels: Record<string, string>, expected?: string[]) {
  const args = ['config', 'routes', 'test', `--config.file=${configFile}`];
  if (expected) args.push(`--verify.receivers=${expected.join(',')}`);
  for (const [name, value] of Object.entries(labels)) args.push(`${name}=${JSON.stringify(value)}`);
  return runTool('amtool', args);
}

describeWithTool('amtool', 'Alertmanager configuration checked by amtool 0.25', () => {
  test('the severity policy passes amtool check-config, templates included', () => {
    // GIVEN the prod policy rendered with its templates on disk
    const file = writeWithTemplates((dir) => prodPolicy({ templatesDirectory: dir }));
    // WHEN amtool checks it
    const result = runTool('amtool', ['check-config', file]);
    // THEN it is valid and amtool found the template and the three inhibit rules
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
    expect(result.output).toContain('3 inhibit rules');
    expect(result.output).toContain('1 templates');
  });

  test('amtool does parse the template files (a broken template fails), so the check above means something', () => {
    const dir = writeTempFiles({ 'broken.tmpl': '{{ define "x" }}{{ if }}{{ end }}' });
    const config = new AlertmanagerConfig({
      templatesDirectory: dir,
      receivers: [Receiver.none('null')],
      route: { receiver: 'null' },
    });
    const yaml = config.render().replace(`${dir}/${NOTIFICATION_TEMPLATE_FILE}`, `${dir}/broken.tmpl`);
    const result = amtoolCheckConfig(yaml);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('broken.tmpl');
  });

  test('every receiver kind and option renders fields that Alertmanager 0.25 accepts', () => {
    // GIVEN one receiver of each kind with all credential options
    const s = (key: string) => SecretFile.from('am-secrets', key);
    const config = new AlertmanagerConfig({
      global: {
        resolveTimeout: '10m',
        smtpSmarthost: 'smtp.example.com:587',
        smtpFrom: 'am@example.com',
        smtpAuthUsername: 'apikey',
        smtpAuthPassword: s('smtp'),
        smtpRequireTls: true,
        pagerDutyUrl: 'https://events.pagerduty.com/v2/enqueue',
        opsGenieApiUrl: 'https://api.eu.opsgenie.com/',
      },
      receivers: [
        Receiver.slack('slack', { channel: '#x', apiUrl: s('slack'), sendResolved: false }),
        Receiver.pagerDuty('pd', { routingKey: s('pd'), url: 'https://events.eu.pagerduty.com/v2/enqueue' }),
        Receiver.email('mail', { to: 'a@example.com, b@example.com', smarthost: 'mail:25', from: 'x@example.com', authUsername: 'u', authPassword: s('mail'), requireTls: false }),
        Receiver.webhook('hook-bearer', { url: 'https://hooks.example.com/a', bearerToken: s('token'), maxAlerts: 10 }),
        Receiver.webhook('hook-basic', { url: 'http://hooks.example.com/b', basicAuth: { username: 'am', password: s('basic') } }),
        Receiver.opsGenie('og', { apiKey: s('og'), responders: [{ type: 'team', name: 'platform' }] }),
        Receiver.none('null'),
      ],
      timeIntervals: [
        new TimeInterval('complex', [
          { times: [{ start: '00:00', end: '06:00' }, { start: '22:00', end: '24:00' }], weekdays: ['monday:friday', 'sunday'], daysOfMonth: ['1:7', '-1'], months: ['january:march', '12'], years: ['2026:2030'], location: 'America/New_York' },
        ]),
      ],
      route: {
        receiver: 'null',
        routes: [
          { matchers: ['kind="slack"'], receiver: 'slack', muteTimeIntervals: ['complex'] },
          { matchers: ['kind="pd"'], receiver: 'pd', activeTimeIntervals: ['complex'] },
          { matchers: ['kind=~"mail|email"'], receiver: 'mail' },
          { matchers: ['kind="hook"', 'auth!~"basic.*"'], receiver: 'hook-bearer' },
          { matchers: ['kind="hook"'], receiver: 'hook-basic' },
          { matchers: ['kind="og"'], receiver: 'og', groupBy: ['...'] },
        ],
      },
    });
    // WHEN amtool checks the rendered text (strict: unknown fields fail)
    const result = amtoolCheckConfig(config.render());
    // THEN
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
    expect(result.output).toContain('7 receivers');
  });

  test.each(PROD_ROUTING_TABLE.map((row) => [JSON.stringify(row.labels), row.labels, row.receivers] as const))(
    'amtool and matchingReceivers agree: %s',
    (_title, labels, receivers) => {
      // GIVEN the prod policy on disk
      const config = prodPolicy();
      const file = join(writeTempFiles({ 'alertmanager.yaml': config.render() }), 'alertmanager.yaml');
      // WHEN amtool routes the label set, verifying the expected receivers
      const result = amtoolRoutes(file, labels, receivers);
      // THEN amtool confirms the table, and so does the TypeScript evaluation
      expect(result.output.split('\n')[0]).toBe(receivers.join(','));
      expect(result.status).toBe(0);
      expect(config.matchingReceivers(labels)).toEqual(receivers);
    },
  );

  test('amtool --verify.receivers really fails on a wrong expectation (the table above can fail)', () => {
    const file = join(writeTempFiles({ 'alertmanager.yaml': prodPolicy().render() }), 'alertmanager.yaml');
    const result = amtoolRoutes(file, { team: 'platform', severity: 'critical' }, ['platform-slack']);
    expect(result.status).not.toBe(0);
  });

  test.each(PAYMENTS_ROUTING_TABLE.map((row) => [JSON.stringify(row.labels), row.labels, row.receivers] as const))(
    'a route given to the policy before its fallbacks receives its alerts (amtool and matchingReceivers): %s',
    (_title, labels, receivers) => {
      // GIVEN the prod policy with a payments → OpsGenie route in its own routes
      const config = paymentsPolicy();
      const file = join(writeTempFiles({ 'alertmanager.yaml': config.render() }), 'alertmanager.yaml');
      // WHEN amtool routes the label set, verifying the expected receivers
      const result = amtoolRoutes(file, labels, receivers);
      // THEN both agree with the table
      expect(result.output.split('\n')[0]).toBe(receivers.join(','));
      expect(result.status).toBe(0);
      expect(config.matchingReceivers(labels)).toEqual(receivers);
    },
  );

  test('the same route appended with addRoute is shadowed by the fallbacks (why the policy takes routes)', () => {
    // GIVEN the prod policy with the payments route appended after the fallbacks
    const config = prodPolicy();
    config.route.addRoute(PAYMENTS_ROUTE);
    const file = join(writeTempFiles({ 'alertmanager.yaml': config.render() }), 'alertmanager.yaml');
    // WHEN amtool routes a critical payments alert
    const critical = amtoolRoutes(file, { alertname: 'PaymentsDown', team: 'payments', severity: 'critical' });
    // THEN the fallbacks take it and OpsGenie never hears of it; a negative of the table above
    expect(critical.output.split('\n')[0]).toBe('on-call-pagerduty,default');
    expect(amtoolRoutes(file, { alertname: 'PaymentsDown', team: 'payments', severity: 'critical' }, ['payments-opsgenie']).status).not.toBe(0);
    expect(config.matchingReceivers({ team: 'payments', severity: 'critical' })).toEqual(['on-call-pagerduty', 'default']);
  });

  test('the policy with its own routes passes amtool check-config', () => {
    const result = amtoolCheckConfig(paymentsPolicy().render());
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  test('continue, nesting, inherited receivers and regexes: TypeScript follows amtool on a tricky tree', () => {
    // GIVEN a tree exercising continue at several depths and a child without its own receiver
    const r = (n: string) => Receiver.none(n);
    const config = new AlertmanagerConfig({
      receivers: ['root', 'a', 'b', 'c', 'd', 'e'].map(r),
      route: {
        receiver: 'root',
        routes: [
          { matchers: ['x=~"1|2"'], receiver: 'a', continue: true, routes: [{ matchers: ['y="1"'], receiver: 'b', continue: true }, { matchers: ['y!="2"'] }] },
          { matchers: ['x="1"'], receiver: 'c', routes: [{ matchers: ['z=~"(?i)high.*"'], receiver: 'd' }] },
          { matchers: ['x!~"3"'], receiver: 'e' },
        ],
      },
    });
    const file = join(writeTempFiles({ 'alertmanager.yaml': config.render() }), 'alertmanager.yaml');
    const cases: Record<string, string>[] = [
      { x: '1', y: '1', z: 'HIGHish' },
      { x: '1', y: '2' },
      { x: '2', y: '3' },
      { x: '2', y: '2' },
      { x: '3' },
      {},
      { x: '1', y: '1' },
    ];
    for (const labels of cases) {
      // WHEN both evaluate
      const amtool = amtoolRoutes(file, labels).output.split('\n')[0];
      // THEN they agree
      expect(`${JSON.stringify(labels)} -> ${config.matchingReceivers(labels).join(',')}`).toBe(`${JSON.stringify(labels)} -> ${amtool}`);
    }
  });

  test('the shipped templates render runbook and dashboard links with amtool template render', () => {
    // GIVEN the template file and a firing alert with runbook and dashboard annotations
    const data = {
      receiver: 'platform-slack',
      status: 'firing',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'HighErrorRate', severity: 'critical', service: 'checkout' },
          annotations: { summary: 'Errors above 5%', runbook_url: 'https://runbooks.example.com/high-error-rate', dashboard_url: 'https://grafana.example.com/d/svc' },
          startsAt: '2026-01-01T00:00:00Z',
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'http://prometheus',
          fingerprint: 'abc',
        },
      ],
      groupLabels: { alertname: 'HighErrorRate' },
      commonLabels: { alertname: 'HighErrorRate', severity: 'critical', service: 'checkout' },
      commonAnnotations: { summary: 'Errors above 5%' },
      externalURL: 'http://alertmanager',
    };
    const dir = writeTempFiles({ ...prodPolicy().templates(), 'data.json': JSON.stringify(data) });
    const render = (text: string) =>
      runTool('amtool', ['template', 'render', `--template.glob=${dir}/*.tmpl`, `--template.data=${dir}/data.json`, `--template.text=${text}`]);
    // WHEN the receivers' templates are rendered
    const slackText = render('{{ template "monitoring.slack.text" . }}');
    const title = render('{{ template "monitoring.slack.title" . }}');
    const pd = render('{{ template "monitoring.pagerduty.severity" . }}|{{ template "monitoring.runbook_url" . }}|{{ template "monitoring.dashboard_url" . }}');
    const html = render('{{ template "monitoring.email.html" . }}');
    // THEN links and labels are there
    expect(slackText.status).toBe(0);
    expect(slackText.output).toContain('*Runbook:* <https://runbooks.example.com/high-error-rate|');
    expect(slackText.output).toContain('*Dashboard:* <https://grafana.example.com/d/svc|');
    expect(slackText.output).toContain('`service=checkout`');
    expect(title.output).toContain('[FIRING:1] HighErrorRate (critical) service=checkout');
    expect(pd.output).toContain('critical|https://runbooks.example.com/high-error-rate|https://grafana.example.com/d/svc');
    expect(html.output).toContain('<a href="https://runbooks.example.com/high-error-rate">Runbook</a>');
  });
});


/**
 * Receivers of Alertmanager 0.27–0.34 (the alertmanager chart 1.42.0 deploys v0.34.0): Microsoft
 * Teams v2, Discord, Telegram, Webex, Jira, SNS and webhook `url_file`.
 *
 * Debian's amtool 0.25 cannot parse these fields ("field ... not found"), so they are held here to
 * the Alertmanager configuration reference (docs/configuration.md of prometheus/alertmanager,
 * https://prometheus.io/docs/alerting/0.34/configuration/): every rendered key must be a documented
 * field of its block, every required field must be present, and credentials appear only as
 * `*_file` paths. The table below is copied from that reference (field → required).
 */
import { parse } from 'yaml';
import { AlertmanagerConfig, Receiver, ReceiverType, SecretFile } from '../../lib/alertmanager';
import { expectValidationError } from '../support/refusal';
import { amtoolCheckConfig, describeWithTool } from '../support/tools';

type FieldTable = Readonly<Record<string, 'required' | 'optional'>>;

const HTTP_CONFIG: FieldTable = {
  basic_auth: 'optional', authorization: 'optional', oauth2: 'optional', enable_http2: 'optional', proxy_url: 'optional',
  no_proxy: 'optional', proxy_from_environment: 'optional', proxy_connect_header: 'optional', follow_redirects: 'optional',
  tls_config: 'optional', http_headers: 'optional',
};
const BASIC_AUTH: FieldTable = { username: 'optional', password: 'optional', password_file: 'optional' };
const AUTHORIZATION: FieldTable = { type: 'optional', credentials: 'optional', credentials_file: 'optional' };
const SIGV4: FieldTable = { region: 'optional', access_key: 'optional', secret_key: 'optional', profile: 'optional', role_arn: 'optional' };

/**
 * The 0.34 reference, per receiver block. "required" here means what this library always needs
 * (for the URL/credential pairs, the reference requires one of `x` and `x_file`: we require the file).
 */
const REFERENCE_0_34: Readonly<Record<string, FieldTable>> = {
  msteamsv2_configs: { send_resolved: 'optional', webhook_url: 'optional', webhook_url_file: 'required', title: 'optional', text: 'optional', http_config: 'optional' },
  discord_configs: {
    send_resolved: 'optional', webhook_url: 'optional', webhook_url_file: 'required', title: 'optional', message: 'optional',
    content: 'optional', username: 'optional', avatar_url: 'optional', http_config: 'optional',
  },
  telegram_configs: {
    send_resolved: 'optional', api_url: 'optional', bot_token: 'optional', bot_token_file: 'required', chat_id: 'required',
    message_thread_id: 'optional', message: 'optional', disable_notifications: 'optional', parse_mode: 'optional', http_config: 'optional',
  },
  webex_configs: { send_resolved: 'optional', api_url: 'optional', room_id: 'required', message: 'optional', http_config: 'required' },
  jira_configs: {
    send_resolved: 'optional', api_url: 'required', project: 'required', summary: 'optional', description: 'optional', labels: 'optional',
    priority: 'optional', issue_type: 'required', resolve_transition: 'optional', reopen_transition: 'optional',
    wont_fix_resolution: 'optional', reopen_duration: 'optional', fields: 'optional', http_config: 'required',
  },
  sns_configs: {
    send_resolved: 'optional', api_url: 'optional', sigv4: 'optional', topic_arn: 'required', subject: 'optional', phone_number: 'optional',
    target_arn: 'optional', message: 'optional', attributes: 'optional', http_config: 'optional',
  },
  webhook_configs: { send_resolved: 'optional', url: 'optional', url_file: 'optional', http_config: 'optional', max_alerts: 'optional', timeout: 'optional' },
};

/** Fields holding a secret in the clear (`<secret>` in the reference): must never be rendered. */
const CLEAR_SECRETS = ['webhook_url', 'bot_token', 'credentials', 'password', 'secret_key', 'access_key'];

/** Every mismatch between a rendered receiver block and the reference table. */
function checkAgainstReference(block: string, entry: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const check = (table: FieldTable, value: Record<string, unknown>, at: string) => {
    for (const key of Object.keys(value)) {
      if (!(key in table)) problems.push(`${at}.${key} is not a field of the 0.34 reference`);
      if (CLEAR_SECRETS.includes(key)) problems.push(`${at}.${key} is a secret in the clear`);
    }
    for (const [key, need] of Object.entries(table)) if (need === 'required' && value[key] === undefined) problems.push(`${at}.${key} is required but missing`);
  };
  const table = REFERENCE_0_34[block];
  if (!table) return [`${block} is not a receiver block of the table`];
  check(table, entry, block);
  const http = entry.http_config as Record<string, unknown> | undefined;
  if (http) {
    check(HTTP_CONFIG, http, `${block}.http_config`);
    if (http.basic_auth) check({ ...BASIC_AUTH, password_file: 'required' }, http.basic_auth as Record<string, unknown>, `${block}.http_config.basic_auth`);
    if (http.authorization) check({ ...AUTHORIZATION, credentials_file: 'required' }, http.authorization as Record<string, unknown>, `${block}.http_config.authorization`);
    if (http.basic_auth && http.authorization) problems.push(`${block}.http_config has both basic_auth and authorization`);
  }
  if (entry.sigv4) check(SIGV4, entry.sigv4 as Record<string, unknown>, `${block}.sigv4`);
  if (block === 'webhook_configs' && (entry.url === undefined) === (entry.url_file === undefined)) problems.push('webhook_configs needs exactly one of url and url_file');
  return problems;
}

const s = (key: string) => SecretFile.from('am-secrets', key);
const NEW_RECEIVERS: ReadonlyArray<[string, string, () => Receiver]> = [
  ['msteamsv2_configs', 'teams', () => Receiver.msTeamsV2('teams', { webhookUrl: s('teams') })],
  ['discord_configs', 'discord', () => Receiver.discord('discord', { webhookUrl: s('discord'), sendResolved: false })],
  ['telegram_configs', 'telegram', () => Receiver.telegram('telegram', { botToken: s('telegram'), chatId: -1001234567890, apiUrl: 'https://api.telegram.org' })],
  ['webex_configs', 'webex', () => Receiver.webex('webex', { botToken: s('webex'), roomId: 'Y2lzY29zcGFyazovL3VzL1JPT00vabc' })],
  ['jira_configs', 'jira-cloud', () => Receiver.jira('jira-cloud', {
    apiUrl: 'https://example.atlassian.net/rest/api/2/', project: 'OPS', issueType: 'Bug',
    basicAuth: { username: 'alerts@example.com', password: s('jira') }, labels: ['alertmanager', '{{ .CommonLabels.severity }}'],
    resolveTransition: 'Done', reopenTransition: 'To Do',
  })],
  ['jira_configs', 'jira-dc', () => Receiver.jira('jira-dc', { apiUrl: 'https://jira.example.com/rest/api/2', project: 'OPS', issueType: 'Incident', bearerToken: s('jira-pat') })],
  ['sns_configs', 'sns', () => Receiver.sns('sns', { topicArn: 'arn:aws:sns:eu-west-1:123456789012:alerts', roleArn: 'arn:aws:iam::123456789012:role/alertmanager-sns' })],
  ['webhook_configs', 'hook-file', () => Receiver.webhook('hook-file', { urlFile: s('heartbeat-url'), bearerToken: s('hook-token') })],
];

function renderedEntry(receiver: Receiver, block: string): Record<string, unknown> {
  const entry = receiver.render('/etc/alertmanager-secrets') as Record<string, unknown>;
  const list = entry[block] as Array<Record<string, unknown>>;
  expect(list).toHaveLength(1);
  return list[0];
}

describe('receivers of Alertmanager 0.34, held to its configuration reference', () => {
  test.each(NEW_RECEIVERS.map(([block, name, build]) => [`${name} (${block})`, block, build] as const))(
    '%s renders only documented fields, the required ones, and credentials only as files',
    (_title, block, build) => {
      const receiver = build();
      const entry = renderedEntry(receiver, block);
      expect(checkAgainstReference(block, entry)).toEqual([]);
      // every SecretFile of the receiver is a rendered *_file path, nothing else carries a secret
      const text = JSON.stringify(entry);
      for (const file of receiver.secretFiles()) expect(text).toContain(`"/etc/alertmanager-secrets/am-secrets/${file.key}"`);
      expect(receiver.notifiesSomeone).toBe(true);
    },
  );

  test('the reference check can fail: a misspelt field, a clear secret, a missing required field', () => {
    const teams = renderedEntry(Receiver.msTeamsV2('teams', { webhookUrl: s('teams') }), 'msteamsv2_configs');
    const { webhook_url_file: file, ...rest } = teams;
    expect(checkAgainstReference('msteamsv2_configs', { ...rest, webhook_url_fil: file })).toEqual([
      'msteamsv2_configs.webhook_url_fil is not a field of the 0.34 reference',
      'msteamsv2_configs.webhook_url_file is required but missing',
    ]);
    expect(checkAgainstReference('telegram_configs', { bot_token: 'x', bot_token_file: '/f', chat_id: 1 })).toEqual(['telegram_configs.bot_token is a secret in the clear']);
    expect(checkAgainstReference('webhook_configs', { url: 'https://a', url_file: '/f' })).toEqual(['webhook_configs needs exactly one of url and url_file']);
  });

  test('exact rendering of the Teams, Telegram, Webex, Jira, SNS and webhook url_file blocks', () => {
    const config = new AlertmanagerConfig({
      receivers: NEW_RECEIVERS.map(([, , build]) => build()),
      route: { receiver: 'teams', routes: NEW_RECEIVERS.map(([, name]) => ({ matchers: [`to="${name}"`], receiver: name })) },
    });
    const yaml = parse(config.render()) as { receivers: Array<Record<string, unknown>> };
    const byName = Object.fromEntries(yaml.receivers.map((r) => [r.name, r]));
    expect(byName.teams.msteamsv2_configs).toEqual([{
      send_resolved: true, webhook_url_file: '/etc/alertmanager-secrets/am-secrets/teams',
      title: '{{ template "monitoring.title" . }}', text: '{{ template "monitoring.text" . }}',
    }]);
    expect(byName.telegram.telegram_configs).toEqual([{
      send_resolved: true, api_url: 'https://api.telegram.org', bot_token_file: '/etc/alertmanager-secrets/am-secrets/telegram', chat_id: -1001234567890,
    }]);
    expect((byName.webex.webex_configs as Array<Record<string, unknown>>)[0].http_config).toEqual({
      authorization: { type: 'Bearer', credentials_file: '/etc/alertmanager-secrets/am-secrets/webex' },
    });
    expect((byName['jira-cloud'].jira_configs as Array<Record<string, unknown>>)[0].http_config).toEqual({
      basic_auth: { username: 'alerts@example.com', password_file: '/etc/alertmanager-secrets/am-secrets/jira' },
    });
    expect((byName.sns.sns_configs as Array<Record<string, unknown>>)[0].sigv4).toEqual({ region: 'eu-west-1', role_arn: 'arn:aws:iam::123456789012:role/alertmanager-sns' });
    expect((byName['hook-file'].webhook_configs as Array<Record<string, unknown>>)[0]).toEqual({
      send_resolved: true, url_file: '/etc/alertmanager-secrets/am-secrets/heartbeat-url',
      http_config: { authorization: { type: 'Bearer', credentials_file: '/etc/alertmanager-secrets/am-secrets/hook-token' } },
    });
    // the Secrets are mounted
    expect(config.secretMounts().map((m) => m.key)).toEqual(
      expect.arrayContaining(['teams', 'discord', 'telegram', 'webex', 'jira', 'jira-pat', 'heartbeat-url', 'hook-token']),
    );
    // SNS has no credential: the pod's AWS identity signs
    expect(Receiver.sns('x', { topicArn: 'arn:aws:sns:eu-west-1:123456789012:alerts' }).secretFiles()).toEqual([]);
  });

  test('the coverage check counts every new receiver as notifying (and Receiver.none still not)', () => {
    for (const [, name, build] of NEW_RECEIVERS) {
      const config = new AlertmanagerConfig({ receivers: [build()], route: { receiver: name } });
      expect(() => config.checkCoverage([{ name: 'HighErrorRate', labels: { severity: 'critical' } }], 'test')).not.toThrow();
    }
    expect(Object.values(ReceiverType).filter((t) => t !== ReceiverType.NONE)).toEqual(
      expect.arrayContaining(['msteamsv2', 'discord', 'telegram', 'webex', 'jira', 'sns']),
    );
    const dropped = new AlertmanagerConfig({ receivers: [Receiver.none('null')], route: { receiver: 'null' } });
    expectValidationError(() => dropped.checkCoverage([{ name: 'HighErrorRate', labels: {} }], 'test'), 'test', 'notifies nobody');
  });
});

describe('refusals of the new receivers (path, value, fix)', () => {
  test.each([
    ['webhook url with ?token=', () => Receiver.webhook('hb', { url: 'https://hc-ping.example.com/ping?token=abc123' }), ['Receiver "hb" > url', '"token="', 'urlFile: SecretFile.from']],
    ['webhook url with &apikey=', () => Receiver.webhook('hb', { url: 'https://x.example.com/p?x=1&apikey=abc' }), ['Receiver "hb" > url', '"apikey="', 'url_file']],
    ['webhook url with an Azure sig=', () => Receiver.webhook('hb', { url: 'https://prod.westeurope.logic.azure.com/workflows/1?sp=x&sig=abc' }), ['"sig="', 'urlFile']],
    ['webhook with neither url nor urlFile', () => Receiver.webhook('hb', {}), ['Receiver "hb"', 'neither url nor urlFile', 'SecretFile.from']],
    ['webhook with url and urlFile', () => Receiver.webhook('hb', { url: 'https://a.example.com', urlFile: s('u') }), ['Receiver "hb"', 'both url and urlFile', 'keep urlFile']],
    ['jira url with ?access_token=', () => Receiver.jira('j', { apiUrl: 'https://x.atlassian.net/rest/api/2/?access_token=abc', project: 'OPS', issueType: 'Bug', bearerToken: s('j') }), ['Receiver "j" > apiUrl', '"access_token="', 'Kubernetes Secret']],
    ['jira url without the API path', () => Receiver.jira('j', { apiUrl: 'https://x.atlassian.net/', project: 'OPS', issueType: 'Bug', bearerToken: s('j') }), ['Receiver "j" > apiUrl', '"https://x.atlassian.net/"', '/rest/api/2/']],
    ['jira without credentials', () => Receiver.jira('j', { apiUrl: 'https://x.atlassian.net/rest/api/2/', project: 'OPS', issueType: 'Bug' }), ['Receiver "j"', 'no credentials', 'basicAuth']],
    ['jira with both credentials', () => Receiver.jira('j', { apiUrl: 'https://x.atlassian.net/rest/api/2/', project: 'OPS', issueType: 'Bug', bearerToken: s('a'), basicAuth: { username: 'u', password: s('b') } }), ['Receiver "j"', 'both bearerToken and basicAuth']],
    ['jira without project', () => Receiver.jira('j', { apiUrl: 'https://x.atlassian.net/rest/api/2/', project: '', issueType: 'Bug', bearerToken: s('j') }), ['Receiver "j" > project', '""', '"OPS"']],
    ['telegram chat by @name', () => Receiver.telegram('t', { botToken: s('t'), chatId: '@alerts' as unknown as number }), ['Receiver "t" > chatId', '"@alerts"', 'integer id']],
    ['telegram bot token pasted', () => Receiver.telegram('t', { botToken: '123456:ABCdefGhIJKlmnoPQRstuVWxyz' as unknown as SecretFile, chatId: 1 }), ['Receiver "t" > botToken', 'SecretFile.from']],
    ['teams webhook URL pasted', () => Receiver.msTeamsV2('t', { webhookUrl: 'https://prod.westeurope.logic.azure.com/workflows/1?sig=abc' as unknown as SecretFile }), ['Receiver "t" > webhookUrl', 'SecretFile.from']],
    ['discord webhook URL pasted', () => Receiver.discord('d', { webhookUrl: 'https://discord.com/api/webhooks/1/abc' as unknown as SecretFile }), ['Receiver "d" > webhookUrl', 'SecretFile.from']],
    ['webex without room', () => Receiver.webex('w', { botToken: s('w'), roomId: ' ' }), ['Receiver "w" > roomId', '" "', 'room']],
    ['sns topic name instead of ARN', () => Receiver.sns('n', { topicArn: 'alerts' }), ['Receiver "n" > topicArn', '"alerts"', 'arn:aws:sns:eu-west-1:123456789012:alerts']],
    ['sns bad role ARN', () => Receiver.sns('n', { topicArn: 'arn:aws:sns:eu-west-1:123456789012:alerts', roleArn: 'alertmanager' }), ['Receiver "n" > roleArn', '"alertmanager"', 'arn:aws:iam::']],
  ] as const)('%s', (_title, build, parts) => {
    const error = expectValidationError(build, ...parts);
    expect(error.message).not.toContain('abc123');
  });

  test('a pasted credential in a query is not repeated in the message', () => {
    const error = expectValidationError(() => Receiver.webhook('hb', { url: 'https://hc.example.com/p?token=s3cr3tvalue' }), 'token');
    expect(error.message).not.toContain('s3cr3tvalue');
  });

  test('URLs without credentials in the query are still accepted (tokens in the path are the *_file forms\' job)', () => {
    expect(Receiver.webhook('hb', { url: 'https://hooks.example.com/alerts?team=platform&format=json' }).render('/s')).toMatchObject({
      webhook_configs: [{ url: 'https://hooks.example.com/alerts?team=platform&format=json' }],
    });
  });
});

describeWithTool('amtool', 'why the 0.34 receivers need the typed check: amtool 0.25 cannot read them', () => {
  test.each([['msteamsv2_configs', 'teams'], ['jira_configs', 'jira-dc'], ['url_file', 'hook-file']] as const)('amtool 0.25 rejects %s', (block, name) => {
    const build = NEW_RECEIVERS.find(([, n]) => n === name)![2];
    const result = amtoolCheckConfig(new AlertmanagerConfig({ receivers: [build()], route: { receiver: name } }).render());
    expect(result.status).not.toBe(0);
    expect(result.output).toContain(`field ${block} not found`);
  });
});

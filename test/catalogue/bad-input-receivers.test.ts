/**
 * Bad-input catalogue: the Alertmanager 0.34 receivers (Teams v2, Discord, Telegram, Webex, Jira, SNS,
 * webhook url_file) and the severity policy's own routes, given what a JavaScript or YAML-driven caller
 * can pass. Each is refused with a ValidationError naming where, the bad value and the fix — never a
 * TypeError from inside — and a credential in a URL's query is never repeated in the message.
 */
import { Receiver, SecretFile } from '../../lib/alertmanager';
import { prodPolicy } from '../alertmanager/fixtures';
import { expectValidationError } from '../support/refusal';

const secret = (key: string) => SecretFile.from('alertmanager-receivers', key);
const JIRA = { apiUrl: 'https://example.atlassian.net/rest/api/2/', project: 'OPS', issueType: 'Bug', bearerToken: secret('jira') };

type Case = [description: string, build: () => unknown, parts: string[]];

const CASES: Case[] = [
  // no props at all (a YAML entry with only a name)
  ['Teams v2 without props', () => Receiver.msTeamsV2('teams', undefined as never), ['Receiver "teams" > webhookUrl', 'undefined', 'SecretFile.from']],
  ['Discord without props', () => Receiver.discord('discord', null as never), ['Receiver "discord" > webhookUrl', 'SecretFile.from']],
  ['Telegram without props', () => Receiver.telegram('tg', undefined as never), ['Receiver "tg" > botToken', 'SecretFile.from']],
  ['Webex without props', () => Receiver.webex('wx', undefined as never), ['Receiver "wx" > botToken', 'SecretFile.from']],
  ['Jira without props', () => Receiver.jira('jira', undefined as never), ['Receiver "jira" > apiUrl', 'undefined', 'https://']],
  ['SNS without props', () => Receiver.sns('sns', undefined as never), ['Receiver "sns" > topicArn', 'undefined', 'arn:aws:sns:']],
  ['webhook without props', () => Receiver.webhook('hook', undefined as never), ['Receiver "hook"', 'neither url nor urlFile', 'urlFile: SecretFile.from']],
  // credentials in the clear
  ['Teams Workflows URL pasted as webhookUrl', () => Receiver.msTeamsV2('teams', { webhookUrl: 'https://prod-01.westeurope.logic.azure.com/workflows/abc?sig=XYZ' as never }), ['Receiver "teams" > webhookUrl', 'not a SecretFile', 'SecretFile.from']],
  ['webhook URL pasted as urlFile', () => Receiver.webhook('hook', { urlFile: 'https://hc-ping.com/0123-uuid' as never }), ['Receiver "hook" > urlFile', 'SecretFile.from']],
  ['a token in a webhook URL query', () => Receiver.webhook('hook', { url: 'https://hooks.example.com/in?token=T0KEN' }), ['Receiver "hook" > url', '"token="', 'urlFile: SecretFile.from("<secret>", "<key>") (url_file)']],
  ['a key in a webhook URL query', () => Receiver.webhook('hook', { url: 'https://hooks.example.com/in?key=T0KEN' }), ['Receiver "hook" > url', '"key="', 'url_file']],
  ['an access_token in a Telegram API URL', () => Receiver.telegram('tg', { botToken: secret('tg'), chatId: 1, apiUrl: 'https://tg.example.com/?access_token=T0KEN' }), ['Receiver "tg" > apiUrl', '"access_token="', 'Kubernetes Secret']],
  ['a sig in a PagerDuty URL', () => Receiver.pagerDuty('pd', { routingKey: secret('pd'), url: 'https://events.example.com/v2/enqueue?sig=T0KEN' }), ['Receiver "pd" > url', '"sig="', 'Kubernetes Secret']],
  ['user:password@ in a Jira URL', () => Receiver.jira('jira', { ...JIRA, apiUrl: 'https://me:T0KEN@example.atlassian.net/rest/api/2/' }), ['Receiver "jira" > apiUrl', 'user:password@', 'SecretFile']],
  // wrong shapes
  ['Telegram chat id as text', () => Receiver.telegram('tg', { botToken: secret('tg'), chatId: '-100123' as never }), ['Receiver "tg" > chatId', '"-100123"', 'integer id']],
  ['Telegram chat id 1.5', () => Receiver.telegram('tg', { botToken: secret('tg'), chatId: 1.5 }), ['Receiver "tg" > chatId', '1.5', 'integer id']],
  ['Webex room id missing', () => Receiver.webex('wx', { botToken: secret('wx') } as never), ['Receiver "wx" > roomId', 'undefined', 'room']],
  ['Jira labels as one string', () => Receiver.jira('jira', { ...JIRA, labels: 'alertmanager' as never }), ['Receiver "jira" > labels', '"alertmanager"', 'is not a list']],
  ['Jira basicAuth null', () => Receiver.jira('jira', { ...JIRA, bearerToken: undefined, basicAuth: null as never }), ['Receiver "jira" > basicAuth', 'null', 'username']],
  ['Jira issue type missing', () => Receiver.jira('jira', { ...JIRA, issueType: undefined as never }), ['Receiver "jira" > issueType', 'undefined', '"Bug"']],
  ['Jira resolveTransition as a number', () => Receiver.jira('jira', { ...JIRA, resolveTransition: 31 as never }), ['Receiver "jira" > resolveTransition', '31', '"Done"']],
  ['Discord title as a number', () => Receiver.discord('discord', { webhookUrl: secret('d'), title: 5 as never }), ['Receiver "discord" > title', '5', 'Go template']],
  ['SNS topic ARN of another service', () => Receiver.sns('sns', { topicArn: 'arn:aws:sqs:eu-west-1:123456789012:alerts' }), ['Receiver "sns" > topicArn', '"arn:aws:sqs:eu-west-1:123456789012:alerts"', 'arn:aws:sns:']],
  ['SNS region that is not one', () => Receiver.sns('sns', { topicArn: 'arn:aws:sns:eu-west-1:123456789012:alerts', region: 'Frankfurt' }), ['Receiver "sns" > region', '"Frankfurt"', 'eu-west-1']],
  // the severity policy's own routes
  ['policy routes as one object', () => prodPolicy({ routes: { receiver: 'default' } as never }), ['SeverityPolicy > routes', 'is not a list of routes', 'Receiver.opsGenie']],
  ['policy route to an unknown receiver', () => prodPolicy({ routes: [{ matchers: ['team="payments"'], receiver: 'payments-opsgenie' }] }), ['route > routes[2] (team="payments") > receiver', '"payments-opsgenie"', 'pass the Receiver object itself']],
];

describe('bad input: Alertmanager 0.34 receivers and policy routes', () => {
  test.each(CASES.map((row) => [row[0], row] as const))('%s', (_name, [, build, parts]) => {
    const error = expectValidationError(build, ...parts);
    expect(error.message).not.toContain('T0KEN');
    expect(error.message).not.toMatch(/TypeError|Cannot read properties/);
  });
});

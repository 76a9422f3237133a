/**
 * Bad-input catalogue, part 2: Alertmanager (construct, config, routes, receivers, matchers, time
 * intervals, the severity policy) and SLOs (ServiceLevelObjective, Sli, Sloth import).
 */
import {
  Alertmanager, AlertmanagerConfig, Matcher, Receiver, Route, SecretFile, SeverityPolicy, TimeInterval,
} from '../../lib/alertmanager';
import { ServiceLevelObjective, Sli, SloPeriod, importSlothSpec } from '../../lib/rules/slo';
import { BadInputCase, catalogue, untyped } from './expect-clear-error';
import { Prometheus } from '../../lib/prometheus/prometheus';
import { PASTED, SLO_SPEC, alertmanager, policyProps, slackWebhook, testStack } from './fixtures';

const teamSlack = () => Receiver.slack('team-platform', { channel: '#platform-alerts', apiUrl: slackWebhook() });
const config = (overrides: Record<string, unknown> = {}) =>
  new AlertmanagerConfig({ route: { receiver: 'team-platform' }, receivers: [teamSlack()], ...overrides } as never);

const ALERTMANAGER: BadInputCase[] = [
  ['Alertmanager', 'config given as plain YAML-like object', () => alertmanager({ config: untyped({ route: { receiver: 'x' } }) }), ['monitoring-test/alertmanager', 'config', 'SeverityPolicy.create({...})']],
  ['Alertmanager', 'a construct passed as config', () => {
    const stack = testStack();
    const wrong = new Prometheus(stack, 'prometheus', { namespace: 'monitoring' });
    return new Alertmanager(stack, 'alertmanager', { namespace: 'monitoring', config: untyped(wrong) });
  }, ['monitoring-test/alertmanager', 'config [Prometheus]', 'SeverityPolicy.create({...})']],
  ['Alertmanager', 'namespace empty', () => alertmanager({ namespace: '' }), ['monitoring-test/alertmanager', 'namespace ""', 'e.g. "monitoring"']],
  ['Alertmanager', 'replicas 1.5', () => alertmanager({ replicas: 1.5 }), ['monitoring-test/alertmanager', 'replicas 1.5', 'whole number']],
  ['Alertmanager', 'storage negative', () => alertmanager({ storageGiB: -2 }), ['monitoring-test/alertmanager', 'storageGiB -2', 'positive size in GiB']],
  ['Alertmanager', 'externalUrl without scheme', () => alertmanager({ externalUrl: 'alertmanager.example.com' }), ['monitoring-test/alertmanager', '"alertmanager.example.com"', 'e.g. "https://alertmanager.example.com"']],
  ['Alertmanager', 'CPU limit below the request', () => alertmanager({ resources: { requests: { cpu: '500m', memory: '64Mi' }, limits: { cpu: '200m', memory: '256Mi' } } }), ['monitoring-test/alertmanager resources', 'CPU request "500m"', 'raise the limit']],
  ['AlertmanagerConfig', 'no route', () => new AlertmanagerConfig(untyped({ receivers: [] })), ['AlertmanagerConfig', 'no route', 'set route:']],
  ['AlertmanagerConfig', 'route to a receiver that does not exist', () => config({ route: { receiver: 'team-plaform' } }), ['route > receiver', '"team-plaform"', 'add it to receivers']],
  ['AlertmanagerConfig', 'two receivers with the same name', () => config({ receivers: [teamSlack(), teamSlack2()] }), ['AlertmanagerConfig > receivers', '"team-platform"', 'unique name']],
  ['AlertmanagerConfig', 'receivers as a single receiver instead of a list', () => config({ receivers: teamSlack() }), ['AlertmanagerConfig', 'receivers', 'a list']],
  ['AlertmanagerConfig', 'SMTP password pasted as text', () => config({ global: { smtpAuthPassword: untyped('hunter2hunter2') } }), ['AlertmanagerConfig', 'smtpAuthPassword', 'SecretFile.from']],
  ['AlertmanagerConfig', 'smarthost without port', () => config({ global: { smtpSmarthost: 'smtp.example.com' } }), ['smtpSmarthost', '"smtp.example.com"', 'e.g. "smtp.example.com:587"']],
  ['Route', 'matchers on the root route', () => new Route(untyped({ receiver: 'x', matchers: ['team="a"'] })), ['route', 'root route cannot have matchers', 'child route']],
  ['Route', 'groupBy as a comma-separated string', () => new Route({ receiver: 'x', groupBy: untyped('alertname,team') }), ['route > groupBy', '"alertname,team"']],
  ['Route', 'repeatInterval zero', () => new Route({ receiver: 'x', repeatInterval: '0s' }), ['route > repeatInterval', '0s']],
  ['Route', 'continue as a string', () => new Route({ receiver: 'x', routes: [{ receiver: 'y', continue: untyped('yes') }] }), ['route > routes[0] > continue', '"yes"', 'true or false']],
  ['Matcher', 'colon instead of an operator', () => Matcher.parse('severity:"critical"'), ['Matcher', 'severity:\\\"critical\\\"', 'e.g. \'team="platform"\'']],
  ['Matcher', 'regex that RE2 cannot compile', () => Matcher.regex('service', '(?<name>api)'), ['service']],
  ['Matcher', 'label name with a dash', () => Matcher.eq('k8s-team', 'platform'), ['"k8s-team"']],
  ['Receiver', 'Slack channel missing', () => Receiver.slack('team-platform', untyped({ apiUrl: slackWebhook() })), ['Receiver "team-platform"', 'channel', 'e.g.']],
  ['Receiver', 'Slack webhook URL pasted instead of a SecretFile', () => Receiver.slack('team-platform', { channel: '#a', apiUrl: untyped(PASTED.slackWebhook) }), ['Receiver "team-platform"', '"https://hooks.slack.com/…"', 'SecretFile.from']],
  ['Receiver', 'name with a space', () => Receiver.none('drop these'), ['Receiver "drop these"', 'e.g. "team-platform"']],
  ['Receiver', 'webhook URL with credentials', () => Receiver.webhook('hook', { url: 'https://bot:secret@hooks.example.com/alerts' }), ['Receiver "hook"', 'carries credentials', 'SecretFile']],
  ['SecretFile', 'Slack webhook URL pasted as the Secret name', () => SecretFile.from(PASTED.slackWebhook, 'url'), ['SecretFile.from("https://hooks.slack.com/…"', 'looks like a credential', 'reference its name']],
  ['SecretFile', 'PagerDuty routing key pasted as the Secret name', () => SecretFile.from(PASTED.pagerDutyRoutingKey, 'routing-key'), ['"R012…" (32 characters)', 'looks like a credential', 'reference its name']],
  ['SecretFile', 'Secret name with uppercase', () => SecretFile.from('Alertmanager-Slack', 'webhook'), ['SecretFile.from("Alertmanager-Slack", "webhook")', 'secretName "Alertmanager-Slack" is not a valid Kubernetes Secret name', 'e.g. secretName: "alertmanager-slack"']],
  ['TimeInterval', 'weekday typo', () => new TimeInterval('weekend', [{ weekdays: ['saturday', 'sundy'] }]), ['TimeInterval "weekend" > periods[0]', '"sundy"']],
  ['TimeInterval', 'time of day past 24:00', () => new TimeInterval('night', [{ times: [{ start: '22:00', end: '25:00' }] }]), ['TimeInterval "night" > periods[0]', '"25:00"']],
  ['TimeInterval', 'unknown time zone', () => TimeInterval.businessHours('business-hours', { location: 'Europe/Berln' }), ['TimeInterval "business-hours"', '"Europe/Berln"']],
  ['TimeInterval', 'no periods', () => new TimeInterval('never', []), ['TimeInterval "never"', 'non-empty list', 'e.g. [{ weekdays']],
  ['SeverityPolicy', 'no teams', () => SeverityPolicy.create(policyProps({ teams: untyped(undefined) })), ['SeverityPolicy > teams', 'not a list of teams', 'write e.g.']],
  ['SeverityPolicy', 'team listed twice', () => SeverityPolicy.create(policyProps({ teams: [{ name: 'platform', channel: '#a', slack: slackWebhook() }, { name: 'platform', channel: '#b', slack: slackWebhook() }] })), ['"platform"', 'listed twice', 'list each team once']],
  ['SeverityPolicy', 'team name with uppercase', () => SeverityPolicy.create(policyProps({ teams: [{ name: 'Platform', channel: '#a', slack: slackWebhook() }] })), ['"Platform"', 'e.g. "platform"']],
  ['SeverityPolicy', 'lowPriority receiver that drops alerts', () => SeverityPolicy.create(policyProps({ lowPriority: Receiver.none('null') })), ['SeverityPolicy > lowPriority', '"null"', 'give a Slack channel']],
  ['SeverityPolicy', 'critical timing with a typo', () => SeverityPolicy.create(policyProps({ timings: { critical: { groupWait: '10 s' } } })), ['"10 s"', 'e.g. "30s"']],
];

function teamSlack2(): Receiver {
  return Receiver.pagerDuty('team-platform', { routingKey: SecretFile.from('alertmanager-pagerduty', 'platform') });
}

const sli = () => Sli.errorRatio({ errorRatioQuery: 'sum(rate(http_requests_total{code=~"5.."}[{{.window}}])) / sum(rate(http_requests_total[{{.window}}]))' });
const slo = (overrides: Record<string, unknown> = {}) =>
  new ServiceLevelObjective({ service: 'checkout', name: 'availability', objectivePercent: 99.9, sli: sli(), ...overrides } as never);

const SLOS: BadInputCase[] = [
  ['ServiceLevelObjective', 'objective given as a ratio', () => slo({ objectivePercent: 0.999 }), /ServiceLevelObjective "checkout\/availability" > objectivePercent: 0\.999 .*e\.g\. 99\.9/],
  ['ServiceLevelObjective', 'objective 100', () => slo({ objectivePercent: 100 }), ['ServiceLevelObjective "checkout/availability" > objectivePercent', '100', 'no error budget']],
  ['ServiceLevelObjective', 'objective as a string "99.9%"', () => slo({ objectivePercent: '99.9%' }), ['ServiceLevelObjective "checkout/availability" > objectivePercent', '"99.9%"', 'e.g. 99.9']],
  ['ServiceLevelObjective', 'SLI given as a query string', () => slo({ sli: 'sum(rate(errors[5m]))' }), ['ServiceLevelObjective "checkout/availability" > sli', 'Sli.events(...)']],
  ['ServiceLevelObjective', 'service name with a space', () => slo({ service: 'check out' }), ['ServiceLevelObjective "check out/availability" > service', '"check out"', 'e.g. "api-gateway"']],
  ['ServiceLevelObjective', 'period as text', () => slo({ period: '30d' }), ['> period', '"30d"', 'SloPeriod.parse("28d")']],
  ['ServiceLevelObjective', 'props undefined (from JS)', () => new ServiceLevelObjective(untyped(undefined)), ['ServiceLevelObjective', 'undefined', '{ service, name, objectivePercent, sli }']],
  ['Sli', 'error ratio query without the window placeholder', () => Sli.errorRatio({ errorRatioQuery: 'sum(rate(errors[5m])) / sum(rate(requests[5m]))' }), ['Sli', '{{.window}}']],
  ['Sli', 'latency threshold negative', () => Sli.latency({ histogram: 'http_request_duration_seconds', thresholdSeconds: -0.3 }), ['Sli', '-0.3']],
  ['Sli', 'counter metric name with a dash', () => Sli.eventsFromCounter({ metric: 'http-requests-total' }), ['Sli', '"http-requests-total"']],
  ['SloPeriod', 'zero days', () => SloPeriod.days(0), ['SloPeriod', '0']],
  ['Sloth import', 'objective 100 in the spec', () => importSlothSpec(SLO_SPEC(100)), ['SlothSpec', 'objective', '100']],
  ['Sloth import', 'YAML that does not parse', () => importSlothSpec('version: "prometheus/v1"\nservice: [checkout\n'), ['SlothSpec', 'not valid YAML', 'line 3', 'Fix the YAML']],
  ['Sloth import', 'wrong spec version', () => importSlothSpec(SLO_SPEC(99.9).replace('prometheus/v1', 'prometheus/v2')), ['SlothSpec', '"prometheus/v2"', 'prometheus/v1']],
  ['Sloth import', 'empty text', () => importSlothSpec('  '), ['SlothSpec', '"  "', 'Sloth spec']],
];

catalogue('bad input: Alertmanager', ALERTMANAGER);
catalogue('bad input: SLOs', SLOS);

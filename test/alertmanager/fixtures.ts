import { AlertmanagerConfig, Receiver, SecretFile, SeverityPolicy, SeverityPolicyProps, TimeInterval } from '../../lib/alertmanager';

/** The prod-like policy most tests use: three teams, on-call pager, email for info. */
export function prodPolicy(overrides: Partial<SeverityPolicyProps> = {}): AlertmanagerConfig {
  return SeverityPolicy.create({
    teams: [
      {
        name: 'platform',
        channel: '#platform-alerts',
        slack: SecretFile.from('alertmanager-slack', 'platform-webhook'),
        pagerDuty: SecretFile.from('alertmanager-pagerduty', 'platform'),
      },
      {
        name: 'security',
        channel: '#security-alerts',
        slack: SecretFile.from('alertmanager-slack', 'security-webhook'),
        pagerDuty: SecretFile.from('alertmanager-pagerduty', 'security'),
      },
      { name: 'business', channel: '#business-alerts', slack: SecretFile.from('alertmanager-slack', 'business-webhook') },
    ],
    onCallPagerDuty: SecretFile.from('alertmanager-pagerduty', 'on-call'),
    lowPriority: Receiver.email('low-priority', {
      to: 'alerts@example.com',
      authUsername: 'apikey',
      authPassword: SecretFile.from('alertmanager-smtp', 'password'),
    }),
    defaultReceiver: Receiver.slack('default', { channel: '#alerts-general', apiUrl: SecretFile.from('alertmanager-slack', 'general-webhook') }),
    businessHours: TimeInterval.businessHours('business-hours', { location: 'Europe/Berlin' }),
    global: { smtpSmarthost: 'smtp.example.com:587', smtpFrom: 'alertmanager@example.com' },
    ...overrides,
  });
}

/**
 * Label sets → the receivers Alertmanager must pick, in order, for {@link prodPolicy}.
 * Both amtool and the TypeScript evaluation are held to this one table.
 */
export const PROD_ROUTING_TABLE: ReadonlyArray<{ labels: Record<string, string>; receivers: string[] }> = [
  { labels: { alertname: 'ServiceDown', team: 'platform', severity: 'critical' }, receivers: ['platform-pagerduty', 'platform-slack'] },
  { labels: { alertname: 'HighLatency', team: 'platform', severity: 'warning' }, receivers: ['platform-slack'] },
  { labels: { alertname: 'CertExpiresSoon', team: 'platform', severity: 'info' }, receivers: ['low-priority'] },
  { labels: { alertname: 'Odd', team: 'platform', severity: 'page-me-maybe' }, receivers: ['platform-slack'] },
  { labels: { alertname: 'Odd', team: 'platform' }, receivers: ['platform-slack'] },
  { labels: { alertname: 'BruteForce', team: 'security', severity: 'critical' }, receivers: ['security-pagerduty', 'security-slack'] },
  { labels: { alertname: 'AuthFailures', team: 'security', severity: 'warning' }, receivers: ['security-slack'] },
  // business has no pager of its own: the on-call pager pages for it.
  { labels: { alertname: 'CheckoutDown', team: 'business', severity: 'critical' }, receivers: ['on-call-pagerduty', 'business-slack'] },
  { labels: { alertname: 'LowConversion', team: 'business', severity: 'warning' }, receivers: ['business-slack'] },
  { labels: { alertname: 'DailyReport', team: 'business', severity: 'info' }, receivers: ['low-priority'] },
  // No known team.
  { labels: { alertname: 'NodeDown', severity: 'critical' }, receivers: ['on-call-pagerduty', 'default'] },
  { labels: { alertname: 'NodeDown', team: 'unknown', severity: 'critical' }, receivers: ['on-call-pagerduty', 'default'] },
  { labels: { alertname: 'DiskFilling', severity: 'warning' }, receivers: ['default'] },
  { labels: { alertname: 'Note', severity: 'info' }, receivers: ['low-priority'] },
  // kube-prometheus's heartbeat and InfoInhibitor are dropped on purpose unless a dead man's switch is given.
  { labels: { alertname: 'Watchdog', severity: 'none' }, receivers: ['null'] },
  { labels: { alertname: 'InfoInhibitor', severity: 'none' }, receivers: ['null'] },
  // Labels that only look like a team or severity.
  { labels: { alertname: 'X', team: 'Platform', severity: 'critical' }, receivers: ['on-call-pagerduty', 'default'] },
  { labels: { alertname: 'X', team: 'platform', severity: 'Critical' }, receivers: ['platform-slack'] },
];

/** A route of the payments team (not one of the policy's teams) to OpsGenie, before the fallbacks. */
export const PAYMENTS_ROUTE = {
  matchers: ['team="payments"'],
  receiver: Receiver.opsGenie('payments-opsgenie', { apiKey: SecretFile.from('alertmanager-opsgenie', 'payments') }),
};

/** {@link prodPolicy} with {@link PAYMENTS_ROUTE} given as the policy's own `routes`. */
export function paymentsPolicy(): AlertmanagerConfig {
  return prodPolicy({ routes: [PAYMENTS_ROUTE] });
}

/**
 * Label sets → receivers for {@link paymentsPolicy}: every payments alert reaches OpsGenie, including
 * the critical and info ones the fallbacks would otherwise take; the other teams are unchanged.
 */
export const PAYMENTS_ROUTING_TABLE: ReadonlyArray<{ labels: Record<string, string>; receivers: string[] }> = [
  { labels: { alertname: 'PaymentsDown', team: 'payments', severity: 'critical' }, receivers: ['payments-opsgenie'] },
  { labels: { alertname: 'PaymentsSlow', team: 'payments', severity: 'warning' }, receivers: ['payments-opsgenie'] },
  { labels: { alertname: 'PaymentsReport', team: 'payments', severity: 'info' }, receivers: ['payments-opsgenie'] },
  { labels: { alertname: 'ServiceDown', team: 'platform', severity: 'critical' }, receivers: ['platform-pagerduty', 'platform-slack'] },
  { labels: { alertname: 'NodeDown', severity: 'critical' }, receivers: ['on-call-pagerduty', 'default'] },
  { labels: { alertname: 'Watchdog', team: 'payments', severity: 'none' }, receivers: ['null'] },
];

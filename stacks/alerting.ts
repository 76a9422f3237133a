import { Receiver, SecretFile, SeverityPolicyProps, TeamRoutingProps, TimeInterval } from '../lib';

// Credentials live in Secrets created outside Terraform (e.g. by external-secrets):
//   alertmanager-slack      keys platform-webhook, security-webhook, business-webhook, general-webhook
//   alertmanager-pagerduty  keys platform, security, on-call
//   alertmanager-smtp       key password
//   alertmanager-heartbeat  key url (prod: the heartbeat service's ping URL, e.g. https://hc-ping.com/<uuid>)
const slack = (key: string) => SecretFile.from('alertmanager-slack', key);
const pagerDuty = (key: string) => SecretFile.from('alertmanager-pagerduty', key);

/** The teams that own alerts (the `team` label of the rule packs), with their chat channels. */
function teams(withPagers: boolean): TeamRoutingProps[] {
  return [
    { name: 'platform', channel: '#platform-alerts', slack: slack('platform-webhook'), ...(withPagers ? { pagerDuty: pagerDuty('platform') } : {}) },
    { name: 'security', channel: '#security-alerts', slack: slack('security-webhook'), ...(withPagers ? { pagerDuty: pagerDuty('security') } : {}) },
    { name: 'business', channel: '#business-alerts', slack: slack('business-webhook') },
  ];
}

const defaultReceiver = Receiver.slack('default', { channel: '#alerts-general', apiUrl: slack('general-webhook') });

/** dev: chat only, nobody is paged. */
export const devAlerting: SeverityPolicyProps = {
  teams: teams(false),
  pageCritical: false,
  lowPriority: Receiver.slack('low-priority', { channel: '#alerts-dev', apiUrl: slack('general-webhook') }),
  defaultReceiver,
};

/** staging: one on-call pager for every team's critical alerts; info by email. */
export const stagingAlerting: SeverityPolicyProps = {
  teams: teams(false),
  onCallPagerDuty: pagerDuty('on-call'),
  lowPriority: Receiver.email('low-priority', { to: 'alerts-staging@example.com', authUsername: 'apikey', authPassword: SecretFile.from('alertmanager-smtp', 'password') }),
  defaultReceiver,
  global: { smtpSmarthost: 'smtp.example.com:587', smtpFrom: 'alertmanager@example.com' },
};

/**
 * prod: per-team pagers (on-call for teams without one), info by email on the next business day, and a
 * dead man's switch: the always-firing Watchdog pings a heartbeat service every minute, which pages
 * (its own way) when the pings stop (docs/alertmanager.md, "Dead man's switch").
 */
export const prodAlerting: SeverityPolicyProps = {
  ...stagingAlerting,
  heartbeat: { url: SecretFile.from('alertmanager-heartbeat', 'url'), interval: '1m' },
  teams: teams(true),
  lowPriority: Receiver.email('low-priority', { to: 'alerts@example.com', authUsername: 'apikey', authPassword: SecretFile.from('alertmanager-smtp', 'password') }),
  businessHours: TimeInterval.businessHours('business-hours', { location: 'Europe/Berlin' }),
};

// Alertmanager: the construct, its typed configuration (routes, receivers, matchers, inhibit rules, time intervals).
// Public names of this folder: lib/index.ts re-exports exactly these (test/api/public-api.test.ts checks it).
export { AlertmanagerConfig } from './alertmanager-config';
export type {
  AlertmanagerConfigProps, AlertmanagerGlobalProps, SecretMount, SecretVolume,
} from './alertmanager-config';
export type { CoverageAlert } from './coverage-alert';
export { InhibitRule } from './inhibit-rule';
export type { InhibitRuleProps } from './inhibit-rule';
export { Matcher, MatcherOperator } from './matcher';
export type { MatcherLike } from './matcher';
export { NotificationTemplate, useTemplate } from './notification-templates';
export { Receiver, ReceiverType } from './receiver';
export type {
  BasicAuthProps, CommonReceiverProps, DiscordReceiverProps, EmailReceiverProps, HeartbeatReceiverProps, JiraReceiverProps,
  MsTeamsV2ReceiverProps, OpsGenieReceiverProps, OpsGenieResponder, PagerDutyReceiverProps, SlackReceiverProps,
  SnsReceiverProps, TelegramReceiverProps, WebexReceiverProps, WebhookReceiverProps,
} from './receiver';
export { Route } from './route';
export type { RootRouteProps, RouteMatch, RouteOptions, RouteProps, RouteTimingProps } from './route';
export { SecretFile } from './secret-file';
export { SeverityPolicy } from './severity-policy';
export type { HeartbeatProps, SeverityPolicyProps, SeverityTimings, TeamRoutingProps } from './severity-policy';
export { TimeInterval } from './time-interval';
export type { BusinessHoursProps, TimeOfDayRange, TimePeriodProps } from './time-interval';
export { Alertmanager } from './alertmanager';
export type { IAlertSource } from './alertmanager';
export type { AlertmanagerProps } from './alertmanager-props';
export { AlertmanagerRules } from './alertmanager-rules';
export type { AlertmanagerRulesProps } from './alertmanager-rules';

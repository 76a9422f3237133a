import { CREDENTIAL_QUERY_PARAMETER, credentialKind, redactCredential } from '../core/secret-reference';
import { ValidationError, show } from '../core/validation-error';
import { NotificationTemplate, useTemplate } from './notification-templates';
import { SecretFile } from './secret-file';

// Names go into amtool's comma-separated `--verify.receivers` and into notifications: keep them plain.
const RECEIVER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const HOST_PORT = /^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9A-Fa-f:]+\]:\d{1,5}$/;

/** The kind of notification integration a {@link Receiver} uses. */
export const ReceiverType = {
  SLACK: 'slack',
  PAGERDUTY: 'pagerduty',
  EMAIL: 'email',
  WEBHOOK: 'webhook',
  OPSGENIE: 'opsgenie',
  /** Microsoft Teams through a Workflows webhook (`msteamsv2_configs`, Alertmanager >= 0.28). */
  MSTEAMS_V2: 'msteamsv2',
  /** Discord webhook (`discord_configs`). */
  DISCORD: 'discord',
  /** Telegram bot (`telegram_configs`). */
  TELEGRAM: 'telegram',
  /** Webex room through a bot (`webex_configs`). */
  WEBEX: 'webex',
  /** Jira issues (`jira_configs`, Alertmanager >= 0.28). */
  JIRA: 'jira',
  /** Amazon SNS topic (`sns_configs`). */
  SNS: 'sns',
  /** Discards notifications, on purpose. */
  NONE: 'none',
} as const;

/** One of the {@link ReceiverType} values. */
export type ReceiverType = (typeof ReceiverType)[keyof typeof ReceiverType];

/** Options every notifying receiver shares. */
export interface CommonReceiverProps {
  /**
   * Also notify when the alert resolves.
   * @default true
   */
  readonly sendResolved?: boolean;
}

/** Props of {@link Receiver.slack}. */
export interface SlackReceiverProps extends CommonReceiverProps {
  /** Channel (`#platform-alerts`) or user (`@someone`) to post to. */
  readonly channel: string;
  /** The Slack incoming-webhook URL, read from a Secret (`api_url_file`). */
  readonly apiUrl: SecretFile;
  /**
   * Message title (Go template).
   * @default the shipped `monitoring.slack.title` template: status, count, alertname, severity, service
   */
  readonly title?: string;
  /**
   * Message text (Go template).
   * @default the shipped `monitoring.slack.text` template: summary, description, runbook and dashboard links, labels
   */
  readonly text?: string;
  /**
   * Attachment colour (Go template).
   * @default the shipped `monitoring.slack.color` template: danger for critical, warning otherwise, good when resolved
   */
  readonly color?: string;
}

/** Props of {@link Receiver.pagerDuty}. */
export interface PagerDutyReceiverProps extends CommonReceiverProps {
  /** The Events API v2 integration (routing) key, read from a Secret (`routing_key_file`). */
  readonly routingKey: SecretFile;
  /**
   * Incident description (Go template).
   * @default the shipped `monitoring.pagerduty.description` template: title and summary
   */
  readonly description?: string;
  /**
   * Events API URL (not a secret).
   * @default the global `pagerduty_url` (PagerDuty's public Events API v2)
   */
  readonly url?: string;
}

/** Props of {@link Receiver.email}. */
export interface EmailReceiverProps extends CommonReceiverProps {
  /** Recipient address(es), comma separated. */
  readonly to: string;
  /**
   * Sender address.
   * @default the global `smtpFrom` (required there when not set here)
   */
  readonly from?: string;
  /**
   * SMTP server as `host:port`.
   * @default the global `smtpSmarthost` (required there when not set here)
   */
  readonly smarthost?: string;
  /**
   * SMTP user name (not a secret).
   * @default the global `smtpAuthUsername`, if any
   */
  readonly authUsername?: string;
  /**
   * SMTP password, read from a Secret (`auth_password_file`).
   * @default the global `smtpAuthPassword`, if any
   */
  readonly authPassword?: SecretFile;
  /**
   * Require STARTTLS.
   * @default the global setting (Alertmanager's default: true)
   */
  readonly requireTls?: boolean;
  /**
   * Subject (Go template).
   * @default the shipped `monitoring.email.subject` template
   */
  readonly subject?: string;
  /**
   * HTML body (Go template).
   * @default the shipped `monitoring.email.html` template, with runbook and dashboard links
   */
  readonly html?: string;
}

/** HTTP basic authentication whose password comes from a Secret. */
export interface BasicAuthProps {
  /** User name (not a secret). */
  readonly username: string;
  /** Password, read from a Secret (`password_file`). */
  readonly password: SecretFile;
}

/** Props of {@link Receiver.heartbeat}. */
export interface HeartbeatReceiverProps {
  /**
   * The heartbeat service's ping URL (healthchecks.io, Dead Man's Snitch, Cronitor, Better Stack…), read
   * from a Secret (`url_file`): such URLs carry their own token, so the whole URL is the credential.
   */
  readonly url: SecretFile;
}

/** Props of {@link Receiver.webhook}. */
export interface WebhookReceiverProps extends CommonReceiverProps {
  /**
   * Endpoint to POST to, written into the rendered configuration: it must not carry credentials
   * (no `user:password@`, no `?token=`/`?key=`/`sig=` in the query); put them in `bearerToken` or
   * `basicAuth`, or give the whole URL as `urlFile`. Exactly one of `url` and `urlFile`.
   * @default none (then `urlFile` is required)
   */
  readonly url?: string;
  /**
   * The whole endpoint URL read from a Secret (`url_file`, Alertmanager >= 0.27; the deployed chart
   * runs 0.34) — for URLs that carry their own token. amtool 0.25 cannot read this field.
   * @default none (then `url` is required)
   */
  readonly urlFile?: SecretFile;
  /**
   * Bearer token, read from a Secret (`http_config.authorization.credentials_file`).
   * @default no Authorization header
   */
  readonly bearerToken?: SecretFile;
  /**
   * Basic authentication (`http_config.basic_auth`).
   * @default none
   */
  readonly basicAuth?: BasicAuthProps;
  /**
   * Most alerts sent in one message; 0 means all.
   * @default 0
   */
  readonly maxAlerts?: number;
}

/** Props of {@link Receiver.msTeamsV2}. */
export interface MsTeamsV2ReceiverProps extends CommonReceiverProps {
  /** The Teams Workflows ("Post to a channel when a webhook request is received") URL, read from a Secret (`webhook_url_file`). */
  readonly webhookUrl: SecretFile;
  /**
   * Card title (Go template).
   * @default the shipped `monitoring.title` template
   */
  readonly title?: string;
  /**
   * Card text (Go template).
   * @default the shipped `monitoring.text` template: summary, description, runbook and dashboard links
   */
  readonly text?: string;
}

/** Props of {@link Receiver.discord}. */
export interface DiscordReceiverProps extends CommonReceiverProps {
  /** The Discord channel webhook URL, read from a Secret (`webhook_url_file`). */
  readonly webhookUrl: SecretFile;
  /**
   * Embed title (Go template).
   * @default the shipped `monitoring.title` template
   */
  readonly title?: string;
  /**
   * Embed body (Go template).
   * @default the shipped `monitoring.text` template
   */
  readonly message?: string;
}

/** Props of {@link Receiver.telegram}. */
export interface TelegramReceiverProps extends CommonReceiverProps {
  /** The bot token, read from a Secret (`bot_token_file`). */
  readonly botToken: SecretFile;
  /** The chat to post to (`chat_id`, an integer; groups and channels are negative). */
  readonly chatId: number;
  /**
   * Message (Go template), in the `parse_mode` Alertmanager uses (HTML by default).
   * @default Alertmanager's `telegram.default.message`
   */
  readonly message?: string;
  /**
   * Bot API URL (not a secret).
   * @default the global `telegram_api_url` (`https://api.telegram.org`)
   */
  readonly apiUrl?: string;
}

/** Props of {@link Receiver.webex}. */
export interface WebexReceiverProps extends CommonReceiverProps {
  /** The bot's access token, read from a Secret (`http_config.authorization.credentials_file`). */
  readonly botToken: SecretFile;
  /** The room to post to (`room_id`). */
  readonly roomId: string;
  /**
   * Message (Go template, Markdown).
   * @default the shipped `monitoring.text` template
   */
  readonly message?: string;
  /**
   * Messages API URL (not a secret).
   * @default the global `webex_api_url` (`https://webexapis.com/v1/messages`)
   */
  readonly apiUrl?: string;
}

/** Props of {@link Receiver.jira}. */
export interface JiraReceiverProps extends CommonReceiverProps {
  /** The REST API URL with its full path, e.g. `https://example.atlassian.net/rest/api/2/` (`api_url`; this library sets no global `jira_api_url`). */
  readonly apiUrl: string;
  /** The project key issues are created in (`project`), e.g. `OPS`. */
  readonly project: string;
  /** The issue type (`issue_type`), e.g. `Bug`. */
  readonly issueType: string;
  /**
   * Jira Cloud: the account's email (user name) and API token from a Secret (`http_config.basic_auth.password_file`).
   * Give exactly one of `basicAuth` and `bearerToken`.
   * @default none
   */
  readonly basicAuth?: BasicAuthProps;
  /**
   * Jira Data Center: a personal access token from a Secret (`http_config.authorization.credentials_file`).
   * @default none
   */
  readonly bearerToken?: SecretFile;
  /**
   * Issue labels (Go templates allowed).
   * @default none
   */
  readonly labels?: ReadonlyArray<string>;
  /**
   * Name of the workflow transition that resolves an issue (`resolve_transition`).
   * @default none: issues are not resolved automatically
   */
  readonly resolveTransition?: string;
  /**
   * Name of the workflow transition that reopens an issue (`reopen_transition`).
   * @default none: a new issue each time
   */
  readonly reopenTransition?: string;
}

/** Props of {@link Receiver.sns}. */
export interface SnsReceiverProps extends CommonReceiverProps {
  /** The topic to publish to (`topic_arn`), e.g. `arn:aws:sns:eu-west-1:123456789012:alerts`. */
  readonly topicArn: string;
  /**
   * AWS region for signing (`sigv4.region`).
   * @default the region in the topic ARN
   */
  readonly region?: string;
  /**
   * A role to assume (`sigv4.role_arn`). Credentials themselves come from the pod's AWS identity
   * (IRSA / EKS Pod Identity environment): Alertmanager's `sigv4` has no file form of `secret_key`, so
   * static keys are not offered here.
   * @default none: the pod's own identity
   */
  readonly roleArn?: string;
  /**
   * Subject for email subscriptions (Go template).
   * @default the shipped `monitoring.title` template
   */
  readonly subject?: string;
  /**
   * Message (Go template).
   * @default the shipped `monitoring.text` template
   */
  readonly message?: string;
}

/** An OpsGenie responder. */
export interface OpsGenieResponder {
  /** `team`, `user`, `escalation` or `schedule`. */
  readonly type: 'team' | 'user' | 'escalation' | 'schedule';
  /** The responder's name. */
  readonly name: string;
}

/** Props of {@link Receiver.opsGenie}. */
export interface OpsGenieReceiverProps extends CommonReceiverProps {
  /** The API key, read from a Secret (`api_key_file`). */
  readonly apiKey: SecretFile;
  /**
   * API URL (not a secret), e.g. `https://api.eu.opsgenie.com/`.
   * @default the global `opsgenie_api_url` (`https://api.opsgenie.com/`)
   */
  readonly apiUrl?: string;
  /**
   * Who is notified.
   * @default the routing rules of the OpsGenie integration
   */
  readonly responders?: ReadonlyArray<OpsGenieResponder>;
  /**
   * Priority (Go template giving P1..P5).
   * @default the shipped `monitoring.opsgenie.priority` template: P1 critical, P3 warning, P5 otherwise
   */
  readonly priority?: string;
}

/**
 * Where Alertmanager sends notifications. Created through the factories (`Receiver.slack(...)`,
 * `Receiver.pagerDuty(...)`, ...); credentials are always {@link SecretFile}s, never text.
 */
export class Receiver {
  /** Posts to a Slack channel through an incoming webhook whose URL is in a Secret. */
  public static slack(name: string, props: SlackReceiverProps): Receiver {
    const where = receiverPath(name);
    requireString(props?.channel, `${where} > channel`, '"#platform-alerts"');
    if (/\s/.test(props.channel)) {
      throw new ValidationError(`${where} > channel`, `${show(props.channel)} contains whitespace; write the channel as "#name" or "@user".`);
    }
    requireSecret(props.apiUrl, `${where} > apiUrl`);
    return new Receiver(name, ReceiverType.SLACK, [props.apiUrl], (secretsDirectory) => ({
      slack_configs: [
        {
          send_resolved: props.sendResolved ?? true,
          api_url_file: props.apiUrl.path(secretsDirectory),
          channel: props.channel,
          color: props.color ?? useTemplate(NotificationTemplate.SLACK_COLOR),
          title: props.title ?? useTemplate(NotificationTemplate.SLACK_TITLE),
          text: props.text ?? useTemplate(NotificationTemplate.SLACK_TEXT),
        },
      ],
    }));
  }

  /** Pages through the PagerDuty Events API v2 with an integration key from a Secret. */
  public static pagerDuty(name: string, props: PagerDutyReceiverProps): Receiver {
    const where = receiverPath(name);
    requireSecret(props?.routingKey, `${where} > routingKey`);
    if (props.url !== undefined) requireHttpUrl(props.url, `${where} > url`);
    return new Receiver(name, ReceiverType.PAGERDUTY, [props.routingKey], (secretsDirectory) => ({
      pagerduty_configs: [
        {
          send_resolved: props.sendResolved ?? true,
          routing_key_file: props.routingKey.path(secretsDirectory),
          ...(props.url !== undefined ? { url: props.url } : {}),
          description: props.description ?? useTemplate(NotificationTemplate.PAGERDUTY_DESCRIPTION),
          severity: useTemplate(NotificationTemplate.PAGERDUTY_SEVERITY),
          // Merged with Alertmanager's default details (firing, resolved, num_firing, num_resolved).
          details: {
            runbook_url: useTemplate(NotificationTemplate.RUNBOOK_URL),
            dashboard_url: useTemplate(NotificationTemplate.DASHBOARD_URL),
          },
        },
      ],
    }));
  }

  /** Sends email; SMTP settings default to the configuration's global ones. */
  public static email(name: string, props: EmailReceiverProps): Receiver {
    const where = receiverPath(name);
    requireString(props?.to, `${where} > to`, '"oncall@example.com"');
    for (const address of props.to.split(',')) {
      if (!/^[^\s@]+@[^\s@]+$/.test(address.trim())) {
        throw new ValidationError(`${where} > to`, `${show(address.trim())} is not an email address; write e.g. "oncall@example.com" (several separated by commas).`);
      }
    }
    if (props.from !== undefined && !/^[^\s@]+@[^\s@]+$/.test(props.from) && !/<[^\s@]+@[^\s@]+>$/.test(props.from)) {
      throw new ValidationError(`${where} > from`, `${show(props.from)} is not an email address; write e.g. "alertmanager@example.com".`);
    }
    if (props.smarthost !== undefined) requireHostPort(props.smarthost, `${where} > smarthost`);
    if (props.authPassword !== undefined) requireSecret(props.authPassword, `${where} > authPassword`);
    const secrets = props.authPassword ? [props.authPassword] : [];
    const needs = { smarthost: props.smarthost === undefined, from: props.from === undefined };
    return new Receiver(name, ReceiverType.EMAIL, secrets, (secretsDirectory) => ({
      email_configs: [
        {
          send_resolved: props.sendResolved ?? true,
          to: props.to,
          ...(props.from !== undefined ? { from: props.from } : {}),
          ...(props.smarthost !== undefined ? { smarthost: props.smarthost } : {}),
          ...(props.authUsername !== undefined ? { auth_username: props.authUsername } : {}),
          ...(props.authPassword !== undefined ? { auth_password_file: props.authPassword.path(secretsDirectory) } : {}),
          ...(props.requireTls !== undefined ? { require_tls: props.requireTls } : {}),
          headers: { Subject: props.subject ?? useTemplate(NotificationTemplate.EMAIL_SUBJECT) },
          html: props.html ?? useTemplate(NotificationTemplate.EMAIL_HTML),
        },
      ],
    }), needs);
  }

  /**
   * POSTs Alertmanager's webhook JSON to a URL: `url` (not secret, refused when it carries
   * credentials) or `urlFile` (the whole URL from a Secret, `url_file`); authentication from Secrets.
   */
  public static webhook(name: string, props: WebhookReceiverProps): Receiver {
    const where = receiverPath(name);
    if ((props?.url === undefined) === (props?.urlFile === undefined)) {
      throw new ValidationError(
        where,
        props?.url === undefined
          ? 'has neither url nor urlFile; give url: "https://hooks.example.com/alerts", or urlFile: SecretFile.from("<secret>", "<key>") when the URL carries a token.'
          : 'has both url and urlFile; Alertmanager accepts only one: keep urlFile (from a Secret) when the URL carries a token, url otherwise.',
      );
    }
    if (props.url !== undefined) requireHttpUrl(props.url, `${where} > url`, 'urlFile: SecretFile.from("<secret>", "<key>") (url_file)');
    if (props.urlFile !== undefined) requireSecret(props.urlFile, `${where} > urlFile`);
    const auth = checkHttpAuth(props.bearerToken, props.basicAuth, where);
    const maxAlerts = props.maxAlerts ?? 0;
    if (!Number.isInteger(maxAlerts) || maxAlerts < 0) {
      throw new ValidationError(`${where} > maxAlerts`, `${show(props.maxAlerts)} is not a whole number >= 0; use 0 for "all alerts".`);
    }
    const secrets = [props.urlFile, ...auth.secrets].filter((s): s is SecretFile => s !== undefined);
    return new Receiver(name, ReceiverType.WEBHOOK, secrets, (secretsDirectory) => {
      const httpConfig = auth.render(secretsDirectory);
      return {
        webhook_configs: [
          {
            send_resolved: props.sendResolved ?? true,
            ...(props.url !== undefined ? { url: props.url } : {}),
            ...(props.urlFile !== undefined ? { url_file: props.urlFile.path(secretsDirectory) } : {}),
            ...(maxAlerts !== 0 ? { max_alerts: maxAlerts } : {}),
            ...(httpConfig ? { http_config: httpConfig } : {}),
          },
        ],
      };
    });
  }

  /**
   * A dead man's switch: POSTs to a heartbeat service's ping URL (from a Secret, `url_file`) each time the
   * always-firing `Watchdog` alert is notified; the service alerts its own way when the pings stop, that
   * is when Prometheus, Alertmanager or the path between them is broken. Never sends resolved
   * notifications (a resolved Watchdog is no heartbeat). Route only `Watchdog` here, with short timings:
   * `SeverityPolicyProps.heartbeat` does both.
   */
  public static heartbeat(name: string, props: HeartbeatReceiverProps): Receiver {
    const where = receiverPath(name);
    if (props === null || typeof props !== 'object') {
      throw new ValidationError(where, `${show(props)} is not heartbeat props; write { url: SecretFile.from("alertmanager-heartbeat", "url") }.`);
    }
    requireSecret(props.url, `${where} > url`);
    return Receiver.webhook(name, { urlFile: props.url, sendResolved: false });
  }

  // The factories below need Alertmanager >= 0.27/0.28 (the alertmanager chart 1.42.0 deploys v0.34.0).
  // Field names from the Alertmanager configuration reference, docs/configuration.md of
  // github.com/prometheus/alertmanager (https://prometheus.io/docs/alerting/0.34/configuration/):
  // <msteamsv2_config>, <discord_config>, <telegram_config>, <webex_config>, <jira_config>,
  // <sns_config> with <sigv4_config>, <webhook_config> url_file, <http_config>. Debian's amtool 0.25
  // cannot parse them; test/alertmanager/receivers-0.34.test.ts holds the rendering to that reference.

  /** Posts an adaptive card to Microsoft Teams through a Workflows webhook whose URL is in a Secret. */
  public static msTeamsV2(name: string, props: MsTeamsV2ReceiverProps): Receiver {
    const where = receiverPath(name);
    requireSecret(props?.webhookUrl, `${where} > webhookUrl`);
    optionalStrings(props, ['title', 'text'], where);
    return new Receiver(name, ReceiverType.MSTEAMS_V2, [props.webhookUrl], (secretsDirectory) => ({
      msteamsv2_configs: [
        {
          send_resolved: props.sendResolved ?? true,
          webhook_url_file: props.webhookUrl.path(secretsDirectory),
          title: props.title ?? useTemplate(NotificationTemplate.TITLE),
          text: props.text ?? useTemplate(NotificationTemplate.TEXT),
        },
      ],
    }));
  }

  /** Posts to a Discord channel through a webhook whose URL is in a Secret. */
  public static discord(name: string, props: DiscordReceiverProps): Receiver {
    const where = receiverPath(name);
    requireSecret(props?.webhookUrl, `${where} > webhookUrl`);
    optionalStrings(props, ['title', 'message'], where);
    return new Receiver(name, ReceiverType.DISCORD, [props.webhookUrl], (secretsDirectory) => ({
      discord_configs: [
        {
          send_resolved: props.sendResolved ?? true,
          webhook_url_file: props.webhookUrl.path(secretsDirectory),
          title: props.title ?? useTemplate(NotificationTemplate.TITLE),
          message: props.message ?? useTemplate(NotificationTemplate.TEXT),
        },
      ],
    }));
  }

  /** Sends Telegram messages through a bot whose token is in a Secret. */
  public static telegram(name: string, props: TelegramReceiverProps): Receiver {
    const where = receiverPath(name);
    requireSecret(props?.botToken, `${where} > botToken`);
    if (!Number.isSafeInteger(props.chatId) || props.chatId === 0) {
      throw new ValidationError(`${where} > chatId`, `${show(props.chatId)} is not a Telegram chat id; give the integer id of the chat, e.g. -1001234567890 for a group (not its @name).`);
    }
    if (props.apiUrl !== undefined) requireHttpUrl(props.apiUrl, `${where} > apiUrl`);
    if (props.message !== undefined) requireString(props.message, `${where} > message`, '"{{ template \"telegram.default.message\" . }}"');
    return new Receiver(name, ReceiverType.TELEGRAM, [props.botToken], (secretsDirectory) => ({
      telegram_configs: [
        {
          send_resolved: props.sendResolved ?? true,
          ...(props.apiUrl !== undefined ? { api_url: props.apiUrl } : {}),
          bot_token_file: props.botToken.path(secretsDirectory),
          chat_id: props.chatId,
          ...(props.message !== undefined ? { message: props.message } : {}),
        },
      ],
    }));
  }

  /** Posts to a Webex room as a bot whose token is in a Secret. */
  public static webex(name: string, props: WebexReceiverProps): Receiver {
    const where = receiverPath(name);
    requireSecret(props?.botToken, `${where} > botToken`);
    requireString(props.roomId, `${where} > roomId`, '"Y2lzY29zcGFyazovL3VzL1JPT00v..." (the room\'s id)');
    if (props.apiUrl !== undefined) requireHttpUrl(props.apiUrl, `${where} > apiUrl`);
    optionalStrings(props, ['message'], where);
    return new Receiver(name, ReceiverType.WEBEX, [props.botToken], (secretsDirectory) => ({
      webex_configs: [
        {
          send_resolved: props.sendResolved ?? true,
          ...(props.apiUrl !== undefined ? { api_url: props.apiUrl } : {}),
          room_id: props.roomId,
          message: props.message ?? useTemplate(NotificationTemplate.TEXT),
          http_config: { authorization: { type: 'Bearer', credentials_file: props.botToken.path(secretsDirectory) } },
        },
      ],
    }));
  }

  /** Creates Jira issues; the API token comes from a Secret (basic auth for Cloud, bearer for Data Center). */
  public static jira(name: string, props: JiraReceiverProps): Receiver {
    const where = receiverPath(name);
    requireHttpUrl(props?.apiUrl, `${where} > apiUrl`);
    if (!/\/rest\/api\/[23]\/?$/.test(new URL(props.apiUrl).pathname)) {
      throw new ValidationError(`${where} > apiUrl`, `${show(props.apiUrl)} does not end in the REST API path; Alertmanager needs the full path, e.g. "https://example.atlassian.net/rest/api/2/".`);
    }
    requireString(props.project, `${where} > project`, '"OPS" (the project key)');
    requireString(props.issueType, `${where} > issueType`, '"Bug"');
    const auth = checkHttpAuth(props.bearerToken, props.basicAuth, where);
    if (auth.secrets.length === 0) {
      throw new ValidationError(where, 'has no credentials; Jira refuses anonymous requests: give basicAuth { username: "<account email>", password: SecretFile.from(...) } (Jira Cloud) or bearerToken: SecretFile.from(...) (Data Center).');
    }
    if (props.labels !== undefined && !Array.isArray(props.labels)) {
      throw new ValidationError(`${where} > labels`, `${show(props.labels)} is not a list; write e.g. ["alertmanager", "{{ .CommonLabels.severity }}"].`);
    }
    (props.labels ?? []).forEach((label, i) => requireString(label, `${where} > labels[${i}]`, '"alertmanager"'));
    optionalStrings(props, ['resolveTransition', 'reopenTransition'], where);
    return new Receiver(name, ReceiverType.JIRA, auth.secrets, (secretsDirectory) => ({
      jira_configs: [
        {
          send_resolved: props.sendResolved ?? true,
          api_url: props.apiUrl,
          project: props.project,
          issue_type: props.issueType,
          summary: useTemplate(NotificationTemplate.TITLE),
          ...(props.labels && props.labels.length > 0 ? { labels: [...props.labels] } : {}),
          ...(props.resolveTransition !== undefined ? { resolve_transition: props.resolveTransition } : {}),
          ...(props.reopenTransition !== undefined ? { reopen_transition: props.reopenTransition } : {}),
          http_config: auth.render(secretsDirectory),
        },
      ],
    }));
  }

  /** Publishes to an Amazon SNS topic with the pod's AWS identity (no static keys: `sigv4` has no file form). */
  public static sns(name: string, props: SnsReceiverProps): Receiver {
    const where = receiverPath(name);
    const arn = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/.exec(typeof props?.topicArn === 'string' ? props.topicArn : '');
    if (!arn) {
      throw new ValidationError(`${where} > topicArn`, `${show(props?.topicArn)} is not an SNS topic ARN; write e.g. "arn:aws:sns:eu-west-1:123456789012:alerts".`);
    }
    const region = props.region ?? arn[1];
    if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
      throw new ValidationError(`${where} > region`, `${show(region)} is not an AWS region; write e.g. "eu-west-1".`);
    }
    if (props.roleArn !== undefined && !/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(props.roleArn)) {
      throw new ValidationError(`${where} > roleArn`, `${show(props.roleArn)} is not an IAM role ARN; write e.g. "arn:aws:iam::123456789012:role/alertmanager-sns".`);
    }
    optionalStrings(props, ['subject', 'message'], where);
    return new Receiver(name, ReceiverType.SNS, [], () => ({
      sns_configs: [
        {
          send_resolved: props.sendResolved ?? true,
          topic_arn: props.topicArn,
          sigv4: { region, ...(props.roleArn !== undefined ? { role_arn: props.roleArn } : {}) },
          subject: props.subject ?? useTemplate(NotificationTemplate.TITLE),
          message: props.message ?? useTemplate(NotificationTemplate.TEXT),
        },
      ],
    }));
  }

  /** Creates OpsGenie alerts with an API key from a Secret. */
  public static opsGenie(name: string, props: OpsGenieReceiverProps): Receiver {
    const where = receiverPath(name);
    requireSecret(props?.apiKey, `${where} > apiKey`);
    if (props.apiUrl !== undefined) requireHttpUrl(props.apiUrl, `${where} > apiUrl`);
    const responders = (props.responders ?? []).map((r, i) => {
      const at = `${where} > responders[${i}]`;
      if (!['team', 'user', 'escalation', 'schedule'].includes(r?.type)) {
        throw new ValidationError(at, `type ${show(r?.type)} is not an OpsGenie responder type; use "team", "user", "escalation" or "schedule".`);
      }
      requireString(r.name, `${at} > name`, '"platform"');
      return { type: r.type, name: r.name };
    });
    return new Receiver(name, ReceiverType.OPSGENIE, [props.apiKey], (secretsDirectory) => ({
      opsgenie_configs: [
        {
          send_resolved: props.sendResolved ?? true,
          api_key_file: props.apiKey.path(secretsDirectory),
          ...(props.apiUrl !== undefined ? { api_url: props.apiUrl } : {}),
          message: useTemplate(NotificationTemplate.TITLE),
          description: useTemplate(NotificationTemplate.TEXT),
          priority: props.priority ?? useTemplate(NotificationTemplate.OPSGENIE_PRIORITY),
          ...(responders.length > 0 ? { responders } : {}),
        },
      ],
    }));
  }

  /**
   * A receiver that notifies nobody, on purpose: routing alerts here explicitly is how a user
   * says "drop these" (the coverage check accepts it only through a route that selects them).
   */
  public static none(name: string): Receiver {
    return new Receiver(name, ReceiverType.NONE, [], () => ({}));
  }

  private constructor(
    /** Unique name routes refer to. */
    public readonly name: string,
    /** The integration. */
    public readonly type: ReceiverType,
    private readonly secrets: ReadonlyArray<SecretFile>,
    private readonly renderIntegrations: (secretsDirectory: string) => Record<string, unknown>,
    /** Which global SMTP settings (`smtpSmarthost`, `smtpFrom`) this receiver relies on. */
    public readonly needsGlobalSmtp: { readonly smarthost: boolean; readonly from: boolean } = { smarthost: false, from: false },
  ) {
    if (typeof name !== 'string' || !RECEIVER_NAME.test(name)) {
      throw new ValidationError(
        receiverPath(name),
        `name ${show(name)} is not valid; use letters, digits, "-", "_" and ".", starting with a letter or digit (e.g. "team-platform").`,
      );
    }
  }

  /** False only for {@link Receiver.none}. */
  public get notifiesSomeone(): boolean {
    return this.type !== ReceiverType.NONE;
  }

  /** The Secrets whose files this receiver reads. */
  public secretFiles(): ReadonlyArray<SecretFile> {
    return this.secrets;
  }

  /** The `receivers[]` entry, with secret file paths under `secretsDirectory`. */
  public render(secretsDirectory: string): Record<string, unknown> {
    return { name: this.name, ...this.renderIntegrations(secretsDirectory) };
  }
}

function receiverPath(name: unknown): string {
  return `Receiver ${show(name)}`;
}

function requireString(value: unknown, where: string, example: string): asserts value is string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError(where, `${show(value)} must be a non-empty string, e.g. ${example}.`);
  }
}

function requireSecret(value: unknown, where: string): asserts value is SecretFile {
  if (!(value instanceof SecretFile)) {
    throw new ValidationError(
      where,
      // A string here is most likely the credential itself: show only its start.
      typeof value === 'string'
        ? `${redactCredential(value)} is ${credentialKind(value) ?? 'a string'}, not a SecretFile: it looks like the credential itself; credentials are never written into the configuration: put it in a Kubernetes Secret and reference it with SecretFile.from("<existing-secret>", "<key>").`
        : `${show(value)} is not a SecretFile; credentials are never written into the configuration: use SecretFile.from("<existing-secret>", "<key>").`,
    );
  }
}

/**
 * Refuses anything but an http(s) URL without credentials (no `user:password@`, no `?token=` and the
 * like). `fileForm` names the `*_file` form that takes the whole URL from a Secret, when the field has one.
 */
function requireHttpUrl(value: unknown, where: string, fileForm?: string): asserts value is string {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new ValidationError(where, `${show(value)} is not an http(s) URL; write e.g. "https://hooks.example.com/alerts".`);
  }
  const instead = fileForm ? `give the whole URL from a Secret with ${fileForm}` : 'put the credential in a Kubernetes Secret and use the receiver\'s SecretFile option (bearerToken/basicAuth or the *_file form)';
  if (url.username !== '' || url.password !== '') {
    throw new ValidationError(
      where,
      `the URL carries credentials ("user:password@"), which would appear in the rendered configuration; remove them and use basicAuth/bearerToken with a SecretFile${fileForm ? `, or ${instead}` : ''}.`,
    );
  }
  const parameter = [...url.searchParams.keys()].find((name) => CREDENTIAL_QUERY_PARAMETER.test(name));
  if (parameter !== undefined) {
    throw new ValidationError(
      where,
      `the URL ${show(`${url.origin}${url.pathname}?${parameter}=…`)} carries a credential in its query ("${parameter}="), which would appear in the rendered configuration and Terraform state; ${instead}.`,
    );
  }
}

/** Optional Go-template or name fields: a string when given. */
function optionalStrings(props: object, keys: ReadonlyArray<string>, where: string): void {
  for (const key of keys) {
    const value = (props as Record<string, unknown>)[key];
    if (value !== undefined) requireString(value, `${where} > ${key}`, '"Done" or a Go template such as "{{ .CommonLabels.alertname }}"');
  }
}

/** Bearer token or basic auth from Secrets (never both), rendered as an `http_config`. */
function checkHttpAuth(bearerToken: SecretFile | undefined, basicAuth: BasicAuthProps | undefined, where: string) {
  if (bearerToken !== undefined) requireSecret(bearerToken, `${where} > bearerToken`);
  if (basicAuth !== undefined) {
    if (basicAuth === null || typeof basicAuth !== 'object') {
      throw new ValidationError(`${where} > basicAuth`, `${show(basicAuth)} is not basic auth; write { username: "alertmanager", password: SecretFile.from("<secret>", "<key>") }.`);
    }
    requireString(basicAuth.username, `${where} > basicAuth > username`, '"alertmanager"');
    requireSecret(basicAuth.password, `${where} > basicAuth > password`);
    if (bearerToken !== undefined) {
      throw new ValidationError(where, 'both bearerToken and basicAuth are set; Alertmanager sends one Authorization header, so give only one.');
    }
  }
  const secrets = [bearerToken, basicAuth?.password].filter((s): s is SecretFile => s !== undefined);
  const render = (secretsDirectory: string): Record<string, unknown> | undefined => {
    if (bearerToken) return { authorization: { type: 'Bearer', credentials_file: bearerToken.path(secretsDirectory) } };
    if (basicAuth) return { basic_auth: { username: basicAuth.username, password_file: basicAuth.password.path(secretsDirectory) } };
    return undefined;
  };
  return { secrets, render };
}

/** Validates `host:port` SMTP addresses. */
export function requireHostPort(value: unknown, where: string): asserts value is string {
  if (typeof value !== 'string' || !HOST_PORT.test(value)) {
    throw new ValidationError(where, `${show(value)} is not "host:port"; write e.g. "smtp.example.com:587".`);
  }
}

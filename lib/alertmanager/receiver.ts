import { credentialKind, redactCredential } from '../core/secret-reference';
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

/** Props of {@link Receiver.webhook}. */
export interface WebhookReceiverProps extends CommonReceiverProps {
  /**
   * Endpoint to POST to. Alertmanager 0.25 has no `url_file`, so the URL appears in the rendered
   * configuration: it must not carry credentials (no `user:password@`); put them in
   * `bearerToken` or `basicAuth`, which are read from Secrets.
   */
  readonly url: string;
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
   * POSTs Alertmanager's webhook JSON to a URL. The URL is not secret (Alertmanager 0.25 has no
   * `url_file`); authentication comes from Secrets.
   */
  public static webhook(name: string, props: WebhookReceiverProps): Receiver {
    const where = receiverPath(name);
    requireHttpUrl(props?.url, `${where} > url`);
    if (props.bearerToken !== undefined) requireSecret(props.bearerToken, `${where} > bearerToken`);
    if (props.basicAuth !== undefined) {
      requireString(props.basicAuth.username, `${where} > basicAuth > username`, '"alertmanager"');
      requireSecret(props.basicAuth.password, `${where} > basicAuth > password`);
      if (props.bearerToken !== undefined) {
        throw new ValidationError(where, 'both bearerToken and basicAuth are set; Alertmanager sends one Authorization header, so give only one.');
      }
    }
    const maxAlerts = props.maxAlerts ?? 0;
    if (!Number.isInteger(maxAlerts) || maxAlerts < 0) {
      throw new ValidationError(`${where} > maxAlerts`, `${show(props.maxAlerts)} is not a whole number >= 0; use 0 for "all alerts".`);
    }
    const secrets = [props.bearerToken, props.basicAuth?.password].filter((s): s is SecretFile => s !== undefined);
    return new Receiver(name, ReceiverType.WEBHOOK, secrets, (secretsDirectory) => {
      const httpConfig: Record<string, unknown> = {};
      if (props.bearerToken) httpConfig.authorization = { type: 'Bearer', credentials_file: props.bearerToken.path(secretsDirectory) };
      if (props.basicAuth) {
        httpConfig.basic_auth = { username: props.basicAuth.username, password_file: props.basicAuth.password.path(secretsDirectory) };
      }
      return {
        webhook_configs: [
          {
            send_resolved: props.sendResolved ?? true,
            url: props.url,
            ...(maxAlerts !== 0 ? { max_alerts: maxAlerts } : {}),
            ...(Object.keys(httpConfig).length > 0 ? { http_config: httpConfig } : {}),
          },
        ],
      };
    });
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

function requireHttpUrl(value: unknown, where: string): asserts value is string {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new ValidationError(where, `${show(value)} is not an http(s) URL; write e.g. "https://hooks.example.com/alerts".`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new ValidationError(
      where,
      `the URL carries credentials ("user:password@"), which would appear in the rendered configuration; remove them and use basicAuth/bearerToken with a SecretFile.`,
    );
  }
}

/** Validates `host:port` SMTP addresses. */
export function requireHostPort(value: unknown, where: string): asserts value is string {
  if (typeof value !== 'string' || !HOST_PORT.test(value)) {
    throw new ValidationError(where, `${show(value)} is not "host:port"; write e.g. "smtp.example.com:587".`);
  }
}

import { DurationLike, toDuration } from '../core/duration';
import { checkOptionalList } from '../core/input-checks';
import { ValidationError, show } from '../core/validation-error';
import { redactCredential } from '../core/secret-reference';
import { toYaml } from '../core/yaml';
import { CoverageAlert, labelsOf } from './coverage-alert';
import { InhibitRule, InhibitRuleProps } from './inhibit-rule';
import { NOTIFICATION_TEMPLATE_FILE, NOTIFICATION_TEMPLATE_TEXT } from './notification-templates';
import { Receiver, requireHostPort } from './receiver';
import { RootRouteProps, Route, RouteMatch } from './route';
import { SecretFile } from './secret-file';
import { TimeInterval } from './time-interval';

/** Where the Alertmanager construct mounts Secrets, one directory per Secret. */
export const DEFAULT_SECRETS_DIRECTORY = '/etc/alertmanager-secrets';
/** Where the alertmanager chart mounts its ConfigMap (configuration and `templates:` files). */
export const DEFAULT_TEMPLATES_DIRECTORY = '/etc/alertmanager';

const TEMPLATE_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*\.tmpl$/;
const ABSOLUTE_DIR = /^\/[A-Za-z0-9_.\-/]*[A-Za-z0-9_.-]$/;

/** Alertmanager's `global:` settings that this library manages. */
export interface AlertmanagerGlobalProps {
  /**
   * How long after its last update an alert without an end time is declared resolved.
   * @default 5m
   */
  readonly resolveTimeout?: DurationLike;
  /**
   * SMTP server `host:port` for email receivers that do not set their own.
   * @default none (email receivers must then set `smarthost`)
   */
  readonly smtpSmarthost?: string;
  /**
   * Sender address for email receivers that do not set their own.
   * @default none (email receivers must then set `from`)
   */
  readonly smtpFrom?: string;
  /**
   * SMTP user name.
   * @default none
   */
  readonly smtpAuthUsername?: string;
  /**
   * SMTP password, read from a Secret (`smtp_auth_password_file`).
   * @default none
   */
  readonly smtpAuthPassword?: SecretFile;
  /**
   * Require STARTTLS for SMTP.
   * @default true (Alertmanager's default)
   */
  readonly smtpRequireTls?: boolean;
  /**
   * PagerDuty Events API URL.
   * @default Alertmanager's default, `https://events.pagerduty.com/v2/enqueue`
   */
  readonly pagerDutyUrl?: string;
  /**
   * OpsGenie API URL.
   * @default Alertmanager's default, `https://api.opsgenie.com/`
   */
  readonly opsGenieApiUrl?: string;
}

/** Props of {@link AlertmanagerConfig}. */
export interface AlertmanagerConfigProps {
  /**
   * Global settings.
   * @default resolve timeout 5m, no SMTP defaults
   */
  readonly global?: AlertmanagerGlobalProps;
  /** The routing tree; its receiver is the default receiver. */
  readonly route: RootRouteProps;
  /**
   * Receivers. Receiver objects given directly to routes are added too.
   * @default the receivers the routes give as objects
   */
  readonly receivers?: ReadonlyArray<Receiver>;
  /**
   * Inhibition rules.
   * @default none
   */
  readonly inhibitRules?: ReadonlyArray<InhibitRuleProps>;
  /**
   * Time intervals routes may refer to by name. TimeInterval objects given directly to routes are added too.
   * @default none
   */
  readonly timeIntervals?: ReadonlyArray<TimeInterval>;
  /**
   * Extra template files (name ending in `.tmpl` → Go template text), next to the shipped `monitoring.tmpl`.
   * @default none
   */
  readonly templates?: Readonly<Record<string, string>>;
  /**
   * Directory under which each Secret is mounted (`<dir>/<secret>/<key>`). Kept outside the
   * chart's ConfigMap mount: a mount inside a read-only ConfigMap volume can fail to start.
   * @default '/etc/alertmanager-secrets'
   */
  readonly secretsDirectory?: string;
  /**
   * Directory the template files are mounted in (the chart mounts its ConfigMap, which holds
   * `templates:`, at `/etc/alertmanager`).
   * @default '/etc/alertmanager'
   */
  readonly templatesDirectory?: string;
}

/** One Secret key mounted as a file. */
export interface SecretMount {
  /** Name of the existing Kubernetes Secret. */
  readonly secretName: string;
  /** Key in the Secret. */
  readonly key: string;
  /** The file path Alertmanager reads, `<secretsDirectory>/<secretName>/<key>`. */
  readonly mountPath: string;
}

/** One Secret mounted as a directory (for the chart's `extraSecretMounts`). */
export interface SecretVolume {
  /** Name of the existing Kubernetes Secret. */
  readonly secretName: string;
  /** The directory, `<secretsDirectory>/<secretName>`. */
  readonly mountPath: string;
  /** Keys the configuration reads from it, sorted. */
  readonly keys: ReadonlyArray<string>;
}

/**
 * An Alertmanager configuration: global settings, the routing tree, receivers, inhibition rules,
 * time intervals and notification templates. Validated when created and again when rendered
 * (routes and receivers may be added in between); renders deterministic YAML.
 *
 * Besides `render()`, it tells a deployer what to mount (`secretMounts()`, `secretVolumes()`,
 * `templates()`), and answers routing questions exactly as Alertmanager does
 * (`matchingReceivers()`, `checkCoverage()`).
 */
export class AlertmanagerConfig {
  /** The routing tree's root. */
  public readonly route: Route;
  /** See {@link AlertmanagerConfigProps.secretsDirectory}. */
  public readonly secretsDirectory: string;
  /** See {@link AlertmanagerConfigProps.templatesDirectory}. */
  public readonly templatesDirectory: string;
  private readonly global: AlertmanagerGlobalProps;
  private readonly receiverList: Receiver[] = [];
  private readonly inhibitRuleList: InhibitRule[] = [];
  private readonly timeIntervalList: TimeInterval[] = [];
  private readonly extraTemplates: Record<string, string> = {};

  constructor(props: AlertmanagerConfigProps) {
    if (props === null || typeof props !== 'object' || props.route === undefined) {
      throw new ValidationError('AlertmanagerConfig', 'no route given; set route: { receiver: <default receiver>, routes: [...] }.');
    }
    this.secretsDirectory = checkDirectory(props.secretsDirectory ?? DEFAULT_SECRETS_DIRECTORY, 'AlertmanagerConfig > secretsDirectory');
    this.templatesDirectory = checkDirectory(props.templatesDirectory ?? DEFAULT_TEMPLATES_DIRECTORY, 'AlertmanagerConfig > templatesDirectory');
    this.global = checkGlobal(props.global ?? {});
    for (const receiver of checkOptionalList(props.receivers, 'AlertmanagerConfig', 'receivers', 'Receiver.slack(...)')) this.addReceiver(receiver);
    for (const interval of checkOptionalList(props.timeIntervals, 'AlertmanagerConfig', 'timeIntervals', 'TimeInterval.businessHours(...)')) this.addTimeInterval(interval);
    for (const rule of checkOptionalList(props.inhibitRules, 'AlertmanagerConfig', 'inhibitRules', "{ sourceMatchers: [...], targetMatchers: [...] }")) this.addInhibitRule(rule);
    for (const [name, text] of Object.entries(props.templates ?? {})) this.addTemplate(name, text);
    this.route = new Route(props.route);
    this.validate();
  }

  /** The receivers, in the order added. */
  public get receivers(): ReadonlyArray<Receiver> {
    return this.receiverList;
  }

  /** The inhibition rules, in the order added. */
  public get inhibitRules(): ReadonlyArray<InhibitRule> {
    return this.inhibitRuleList;
  }

  /** Adds a receiver; refuses a second receiver with the same name. */
  public addReceiver(receiver: Receiver): Receiver {
    if (!(receiver instanceof Receiver)) {
      throw new ValidationError('AlertmanagerConfig > receivers', `${show(receiver)} is not a Receiver; create one with Receiver.slack/pagerDuty/email/webhook/opsGenie/none(...).`);
    }
    const existing = this.receiverList.find((r) => r.name === receiver.name);
    if (existing === receiver) return receiver;
    if (existing) {
      throw new ValidationError(
        `AlertmanagerConfig > receivers`,
        `receiver name ${show(receiver.name)} is used twice (${existing.type} and ${receiver.type}); give each receiver a unique name.`,
      );
    }
    this.receiverList.push(receiver);
    return receiver;
  }

  /** Adds an inhibition rule. */
  public addInhibitRule(props: InhibitRuleProps | InhibitRule): InhibitRule {
    const rule = props instanceof InhibitRule ? props : new InhibitRule(props, `InhibitRule[${this.inhibitRuleList.length}]`);
    this.inhibitRuleList.push(rule);
    return rule;
  }

  /** Adds a time interval; refuses a second one with the same name. */
  public addTimeInterval(interval: TimeInterval): TimeInterval {
    if (!(interval instanceof TimeInterval)) {
      throw new ValidationError('AlertmanagerConfig > timeIntervals', `${show(interval)} is not a TimeInterval; create one with new TimeInterval(name, periods).`);
    }
    const existing = this.timeIntervalList.find((t) => t.name === interval.name);
    if (existing === interval) return interval;
    if (existing) {
      throw new ValidationError(`TimeInterval ${show(interval.name)}`, `the name ${show(interval.name)} is used twice; give each time interval a unique name.`);
    }
    this.timeIntervalList.push(interval);
    return interval;
  }

  /** Adds a template file (name ending in `.tmpl`); refuses duplicates and the shipped file's name. */
  public addTemplate(fileName: string, text: string): void {
    const where = `AlertmanagerConfig > templates > ${show(fileName)}`;
    if (typeof fileName !== 'string' || !TEMPLATE_FILE_NAME.test(fileName)) {
      throw new ValidationError(where, `file name ${show(fileName)} is not valid; use letters, digits, "-", "_", "." and end with ".tmpl" (e.g. "team.tmpl").`);
    }
    if (fileName === NOTIFICATION_TEMPLATE_FILE || fileName in this.extraTemplates) {
      throw new ValidationError(where, `a template file named ${show(fileName)} exists already; choose another name.`);
    }
    if (typeof text !== 'string' || text.trim() === '') {
      throw new ValidationError(where, `the template text ${show(text)} is empty; give Go template text with {{ define "name" }}...{{ end }}.`);
    }
    this.extraTemplates[fileName] = text;
  }

  /**
   * Checks the references across the configuration: every route's receiver exists, a default
   * receiver exists, time intervals exist, SMTP settings exist where email receivers need them.
   * Registers Receiver and TimeInterval objects given directly to routes.
   */
  public validate(): void {
    const routes = this.route.allRoutes();
    for (const route of routes) {
      if (route.receiverObject) this.withRoutePath(route, () => this.addReceiver(route.receiverObject!));
      for (const interval of route.timeIntervalObjects) this.addTimeInterval(interval);
    }
    const receiverNames = this.receiverList.map((r) => r.name);
    for (const route of routes) {
      if (route.receiver !== undefined && !receiverNames.includes(route.receiver)) {
        throw new ValidationError(
          `${route.path} > receiver`,
          `receiver ${show(route.receiver)} is not defined; add it to receivers (defined: ${receiverNames.map((n) => show(n)).join(', ') || 'none'}) or pass the Receiver object itself.`,
        );
      }
      const intervalNames = this.timeIntervalList.map((t) => t.name);
      for (const [field, list] of [['muteTimeIntervals', route.muteTimeIntervals], ['activeTimeIntervals', route.activeTimeIntervals]] as const) {
        for (const name of list) {
          if (!intervalNames.includes(name)) {
            throw new ValidationError(
              `${route.path} > ${field}`,
              `time interval ${show(name)} is not defined; add a TimeInterval named ${show(name)} to timeIntervals (defined: ${intervalNames.map((n) => show(n)).join(', ') || 'none'}).`,
            );
          }
        }
      }
    }
    for (const receiver of this.receiverList) {
      if (receiver.needsGlobalSmtp.smarthost && this.global.smtpSmarthost === undefined) {
        throw new ValidationError(`Receiver ${show(receiver.name)} > smarthost`, 'no SMTP server: set smarthost on the receiver or global.smtpSmarthost (e.g. "smtp.example.com:587").');
      }
      if (receiver.needsGlobalSmtp.from && this.global.smtpFrom === undefined) {
        throw new ValidationError(`Receiver ${show(receiver.name)} > from`, 'no sender address: set from on the receiver or global.smtpFrom (e.g. "alertmanager@example.com").');
      }
    }
  }

  /** The configuration as a plain object (validated). */
  public toJSON(): Record<string, unknown> {
    this.validate();
    const out: Record<string, unknown> = { global: this.renderGlobal() };
    out.templates = Object.keys(this.templates()).map((name) => `${this.templatesDirectory}/${name}`);
    out.route = this.route.toJSON();
    if (this.inhibitRuleList.length > 0) out.inhibit_rules = this.inhibitRuleList.map((r) => r.toJSON());
    out.receivers = this.receiverList.map((r) => r.render(this.secretsDirectory));
    if (this.timeIntervalList.length > 0) out.time_intervals = this.timeIntervalList.map((t) => t.toJSON());
    return out;
  }

  /** The `alertmanager.yml` text: deterministic, secrets only as file paths. */
  public render(): string {
    return toYaml(this.toJSON());
  }

  /** Every Secret key the configuration reads, as files: deduplicated, sorted by path. */
  public secretMounts(): SecretMount[] {
    const files = new Map<string, SecretFile>();
    for (const file of this.secretFiles()) files.set(file.path(this.secretsDirectory), file);
    return [...files.keys()].sort().map((mountPath) => {
      const file = files.get(mountPath)!;
      return { secretName: file.secretName, key: file.key, mountPath };
    });
  }

  /** The same, grouped per Secret (one volume each, mounted as a directory), sorted by name. */
  public secretVolumes(): SecretVolume[] {
    const bySecret = new Map<string, Set<string>>();
    for (const mount of this.secretMounts()) {
      if (!bySecret.has(mount.secretName)) bySecret.set(mount.secretName, new Set());
      bySecret.get(mount.secretName)!.add(mount.key);
    }
    return [...bySecret.keys()].sort().map((secretName) => ({
      secretName,
      mountPath: `${this.secretsDirectory}/${secretName}`,
      keys: [...bySecret.get(secretName)!].sort(),
    }));
  }

  /** The template files to mount in `templatesDirectory` (file name → text), sorted by name. */
  public templates(): Record<string, string> {
    const all: Record<string, string> = { [NOTIFICATION_TEMPLATE_FILE]: NOTIFICATION_TEMPLATE_TEXT, ...this.extraTemplates };
    const sorted: Record<string, string> = {};
    for (const name of Object.keys(all).sort()) sorted[name] = all[name];
    return sorted;
  }

  /** The routes an alert with these labels ends at, in Alertmanager's order. */
  public matchingRoutes(labels: Readonly<Record<string, string>>): RouteMatch[] {
    this.validate();
    return this.route.match(labels);
  }

  /**
   * The receivers an alert with these labels is sent to, in order, one entry per matching route
   * (like `amtool config routes test`, a receiver reached through two routes appears twice, as
   * Alertmanager then notifies it twice). Time intervals do not change routing, only muting.
   */
  public matchingReceivers(labels: Readonly<Record<string, string>>): string[] {
    return this.matchingRoutes(labels).map((m) => m.receiver);
  }

  /**
   * Throws when an alert (its static labels and `alertname`) reaches only receivers that notify
   * nobody, unless a route selects it and sends it to a `Receiver.none` on purpose. Falling through
   * to a `Receiver.none` default receiver is not on purpose. All such alerts are listed at once.
   * @param where the path to name in the error, e.g. the construct path.
   */
  public checkCoverage(alerts: ReadonlyArray<CoverageAlert>, where = 'AlertmanagerConfig'): void {
    const problems: string[] = [];
    const names: string[] = [];
    let allAtRoot = true;
    // Validated once for every alert (a stack checks a few hundred).
    this.validate();
    for (const alert of alerts) {
      const labels = labelsOf(alert);
      const matches = this.route.match(labels);
      const receivers = matches.map((m) => this.receiverList.find((r) => r.name === m.receiver));
      if (receivers.some((r) => r !== undefined && r.notifiesSomeone)) continue;
      const onPurpose = matches.every((m) => m.route.receiver !== undefined && m.route !== this.route);
      if (onPurpose) continue;
      allAtRoot &&= matches.every((m) => m.route === this.route);
      names.push(labels.alertname ?? '');
      problems.push(
        `alert ${show(labels.alertname ?? '')}${alert.origin ? ` (inherited: ${alert.origin})` : ''} ${renderLabels(labels)} reaches only ${matches.map((m) => `receiver ${show(m.receiver)} (${m.path})`).join(', ')}, which notifies nobody`,
      );
    }
    if (problems.length > 0) {
      // A root Receiver.none drops every alert no child route takes: say that first, and keep the list short.
      const root = this.receiverList.find((r) => r.name === this.route.receiver);
      const rootDrops = allAtRoot && root !== undefined && !root.notifiesSomeone;
      const lead = rootDrops
        ? `the root route's receiver ${show(root.name)} is a Receiver.none, so ${problems.length === 1 ? 'an alert' : `${problems.length} alerts`} that no child route selects would notify nobody: `
        : '';
      // The rest by name, each once, and at most MAX_NAMED_ALERTS of them (with the kube-prometheus-stack's
      // inherited alerts a stack has well over a hundred).
      const rest = [...new Set(names.slice(MAX_LISTED_ALERTS))];
      const named = rest.slice(0, MAX_NAMED_ALERTS).map((name) => show(name)).join(', ') + (rest.length > MAX_NAMED_ALERTS ? `, … ${rest.length - MAX_NAMED_ALERTS} other names` : '');
      const shown = problems.length > MAX_LISTED_ALERTS
        ? [...problems.slice(0, MAX_LISTED_ALERTS), `and ${problems.length - MAX_LISTED_ALERTS} more (${named})`]
        : problems;
      const fix = rootDrops ? `Make the root receiver one that notifies someone (route: { receiver: "team-platform", … } with e.g. Receiver.slack(...)), add` : 'Add';
      throw new ValidationError(
        where,
        `${lead}${shown.join('; ')}. ${fix} a route whose matchers select these alerts (e.g. 'team="..."' or 'severity="..."') and send them to a receiver that notifies someone, or route them explicitly to a Receiver.none if dropping them is intended.`,
      );
    }
  }

  /** The routing tree as indented text, for review summaries. */
  public routingTree(): string {
    this.validate();
    return `${this.route.describe().join('\n')}\n`;
  }

  private renderGlobal(): Record<string, unknown> {
    const g = this.global;
    const out: Record<string, unknown> = {
      resolve_timeout: toDuration(g.resolveTimeout ?? '5m', 'AlertmanagerConfig > global > resolveTimeout').toPrometheus(),
    };
    if (g.smtpSmarthost !== undefined) out.smtp_smarthost = g.smtpSmarthost;
    if (g.smtpFrom !== undefined) out.smtp_from = g.smtpFrom;
    if (g.smtpAuthUsername !== undefined) out.smtp_auth_username = g.smtpAuthUsername;
    if (g.smtpAuthPassword !== undefined) out.smtp_auth_password_file = g.smtpAuthPassword.path(this.secretsDirectory);
    if (g.smtpRequireTls !== undefined) out.smtp_require_tls = g.smtpRequireTls;
    if (g.pagerDutyUrl !== undefined) out.pagerduty_url = g.pagerDutyUrl;
    if (g.opsGenieApiUrl !== undefined) out.opsgenie_api_url = g.opsGenieApiUrl;
    return out;
  }

  private secretFiles(): SecretFile[] {
    const files = this.receiverList.flatMap((r) => [...r.secretFiles()]);
    if (this.global.smtpAuthPassword) files.push(this.global.smtpAuthPassword);
    return files;
  }

  private withRoutePath<T>(route: Route, fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      if (error instanceof ValidationError) throw new ValidationError(`${route.path} > receiver`, error.message.slice(error.path.length + 2));
      throw error;
    }
  }
}

function checkDirectory(dir: string, where: string): string {
  if (typeof dir !== 'string' || !ABSOLUTE_DIR.test(dir) || dir.includes('//') || dir.split('/').includes('..')) {
    throw new ValidationError(where, `${show(dir)} is not an absolute directory path; write e.g. "/etc/alertmanager-secrets" (no trailing "/", no "..").`);
  }
  return dir;
}

function checkGlobal(g: AlertmanagerGlobalProps): AlertmanagerGlobalProps {
  const where = 'AlertmanagerConfig > global';
  if (g.resolveTimeout !== undefined) toDuration(g.resolveTimeout, `${where} > resolveTimeout`);
  if (g.smtpSmarthost !== undefined) requireHostPort(g.smtpSmarthost, `${where} > smtpSmarthost`);
  if (g.smtpFrom !== undefined && !/[^\s@]+@[^\s@]+/.test(g.smtpFrom)) {
    throw new ValidationError(`${where} > smtpFrom`, `${show(g.smtpFrom)} is not an email address; write e.g. "alertmanager@example.com".`);
  }
  if (g.smtpAuthPassword !== undefined && !(g.smtpAuthPassword instanceof SecretFile)) {
    throw new ValidationError(`${where} > smtpAuthPassword`, `${typeof g.smtpAuthPassword === 'string' ? redactCredential(g.smtpAuthPassword) : show(g.smtpAuthPassword)} is not a SecretFile; put the password in a Kubernetes Secret and reference it with SecretFile.from("<existing-secret>", "<key>").`);
  }
  for (const key of ['pagerDutyUrl', 'opsGenieApiUrl'] as const) {
    const value = g[key];
    if (value === undefined) continue;
    let ok = false;
    try {
      const url = new URL(value);
      ok = (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
    } catch {
      ok = false;
    }
    if (!ok) throw new ValidationError(`${where} > ${key}`, `${show(value)} is not an http(s) URL without credentials; write e.g. "https://events.pagerduty.com/v2/enqueue".`);
  }
  return g;
}

/** Uncovered alerts listed in full in a coverage error; the rest by name. */
const MAX_LISTED_ALERTS = 3;
/** Names of further uncovered alerts a coverage error lists; beyond them, only their number. */
const MAX_NAMED_ALERTS = 20;

function renderLabels(labels: Readonly<Record<string, string>>): string {
  return `{${Object.keys(labels).sort().map((k) => `${k}=${show(labels[k])}`).join(', ')}}`;
}

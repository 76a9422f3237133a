import { ValidationError, show } from '../core/validation-error';

/** A `grafana.ini` value. */
export type GrafanaIniValue = string | number | boolean;

/** Extra `grafana.ini` settings: section → key → value, e.g. `{ 'auth.github': { enabled: true } }`. */
export type GrafanaIniSections = Record<string, Record<string, GrafanaIniValue>>;

/** Sign-in settings, the typed subset of `grafana.ini` that most installations change. */
export interface GrafanaAuthSettings {
  /** Let visitors browse without signing in, as Viewers. @default false */
  readonly anonymousViewer?: boolean;
  /** Let people create their own accounts. @default false */
  readonly allowSignUp?: boolean;
  /** Hide the user/password form (when an SSO provider is set up through `extraIni`). @default false */
  readonly disableLoginForm?: boolean;
}

/**
 * Keys that hold credentials: the grafana chart's `assertNoLeakedSecrets` list, plus any key whose name
 * says it is one. Their values may only be variable expansions, which Grafana resolves at start-up.
 */
const SENSITIVE_KEYS = new Set([
  'database.password', 'smtp.password', 'security.secret_key', 'security.admin_password', 'auth.basic.password',
  'auth.ldap.bind_password', 'azure.user_identity_client_secret', 'unified_alerting.ha_redis_password',
  'metrics.basic_auth_password', 'external_image_storage.s3.secret_key', 'external_image_storage.webdav.password',
  'external_image_storage.azure_blob.account_key',
]);
const SENSITIVE_NAME = /(password|secret|token|api_key|private_key|account_key)/i;
/** The chart's own test for an expansion (`$__env{X}`, `$__file{/path}`, `$__vault{…}`, `${X}`). */
const EXPANSION = /^\$(?:__(?:env|file|vault))?\{[^}]+\}$/;
const SECTION = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/;
const KEY = /^[a-zA-Z][a-zA-Z0-9_]*$/;

/** True when `section.key` holds a credential and must be a variable expansion. */
export function isSensitiveIniKey(section: string, key: string): boolean {
  return SENSITIVE_KEYS.has(`${section}.${key}`) || SENSITIVE_NAME.test(key);
}

/**
 * Checks the escape hatch: well-formed names, plain values, credentials only as expansions, and no key
 * that the construct already sets (it would be overridden silently otherwise).
 */
export function validateExtraIni(extra: GrafanaIniSections, managed: GrafanaIniSections, where: string): void {
  for (const [section, entries] of Object.entries(extra)) {
    const at = `${where} extraIni > [${section}]`;
    if (!SECTION.test(section)) throw new ValidationError(at, `section ${show(section)} is not a grafana.ini section name; use lowercase words joined by '.' or '_' (e.g. "auth.github").`);
    if (entries === null || typeof entries !== 'object' || Array.isArray(entries)) {
      throw new ValidationError(at, `${show(entries)} is not a map of keys to values; write { key: value }.`);
    }
    for (const [key, value] of Object.entries(entries)) {
      if (!KEY.test(key)) throw new ValidationError(at, `key ${show(key)} is not a grafana.ini key; use letters, digits and '_'.`);
      if (!['string', 'number', 'boolean'].includes(typeof value)) {
        throw new ValidationError(at, `${key} = ${show(value)} is not a string, number or boolean.`);
      }
      if (isSensitiveIniKey(section, key) && !(typeof value === 'string' && EXPANSION.test(value))) {
        throw new ValidationError(at, `${key} looks like a credential and its value is not a variable expansion; never put a secret in values: reference it as "$__file{/etc/secrets/<name>/<key>}" or "$__env{GF_…}" with the Secret mounted or passed as env.`);
      }
      if (managed[section] && key in managed[section]) {
        throw new ValidationError(at, `${key} is set by the construct (${show(managed[section][key])}); use the typed prop instead of extraIni.`);
      }
    }
  }
}

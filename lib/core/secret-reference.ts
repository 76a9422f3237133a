import { KUBERNETES_NAME, KUBERNETES_NAME_RULE } from './input-checks';
import { ValidationError, show } from './validation-error';

// A Secret NAME has separators ("datadog-keys", "alertmanager-slack"); what people paste by mistake
// is a URL (Slack webhooks) or one long run of letters and digits (API keys, routing keys, tokens).
const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;
const KEY_LIKE = /^[A-Za-z0-9_+/=]{24,}$/;
const KNOWN_TOKEN_PREFIX = /^(xox[abposr]-|sk_|pk_|ghp_|glpat-|AKIA[0-9A-Z]{12})/;
// Passwords: a character no Secret name (or a mistyped one: spaces, '_', '/', ':') has, or upper and lower
// case letters and digits run together without a separator, as password rules ask for.
const PASSWORD_CHARACTER = /[^A-Za-z0-9._\-\s/:]/;
const PASSWORD_MIX = /^(?=.*[A-Z])(?=.*[a-z])(?=.*[0-9])[A-Za-z0-9]{8,}$/;

/** What a value pasted where a Secret name belongs looks like, or undefined when it looks like a name. */
export function credentialKind(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (URL_LIKE.test(value)) return 'a URL (e.g. a webhook with its token)';
  if (KNOWN_TOKEN_PREFIX.test(value)) return 'a token';
  if (KEY_LIKE.test(value) && /[0-9]/.test(value)) return 'an API key';
  if (PASSWORD_CHARACTER.test(value) || PASSWORD_MIX.test(value)) return 'a password';
  return undefined;
}

/**
 * Shows a pasted credential without repeating it: a URL keeps its origin, a key its first four
 * characters (a short password fewer: a quarter of it at most), so that the message still says which
 * value was meant while logs stay clean.
 */
export function redactCredential(value: string): string {
  if (URL_LIKE.test(value)) {
    try {
      return `"${new URL(value).origin}/…"`;
    } catch {
      // fall through to the key form
    }
  }
  // A quarter at most, four at most: a short password keeps most of itself hidden.
  return `"${value.slice(0, Math.min(4, Math.floor(value.length / 4)))}…" (${value.length} characters)`;
}

/**
 * Refuses a credential given where the NAME of an existing Kubernetes Secret is expected. The value
 * would otherwise end up in Terraform state, plan output and the review artifacts.
 * @param prop the prop's name, e.g. `secretName`.
 * @param example a Secret name to show, e.g. `datadog-keys`.
 */
export function refuseCredentialAsSecretName(value: unknown, where: string, prop: string, example: string): void {
  const kind = credentialKind(value);
  if (kind === undefined) return;
  throw new ValidationError(
    where,
    `${prop} ${redactCredential(value as string)} looks like a credential (${kind}), not the name of a Secret; never paste keys into the configuration (they would land in Terraform state): put the value in a Kubernetes Secret (kubectl create secret generic ${example} --from-literal=...) and reference its name, e.g. ${prop}: "${example}".`,
  );
}

// Query parameters that carry a credential (`?token=…`, `?api_key=…`, a signed URL's `sig=`): a URL with
// one puts the credential into the rendered configuration, Terraform state and the review artifacts.
const CREDENTIAL_QUERY_PARAMETERS = 'token|key|apikey|api_key|api-key|access_token|auth|auth_token|secret|password|sig|signature|code|x-api-key';
/** A query parameter name that carries a credential. */
export const CREDENTIAL_QUERY_PARAMETER = new RegExp(`^(${CREDENTIAL_QUERY_PARAMETERS})$`, 'i');
/** Such a parameter anywhere in a text (a URL inside a value): `?token=` or `&sig=`. */
export const CREDENTIAL_QUERY_IN_TEXT = new RegExp(`[?&](${CREDENTIAL_QUERY_PARAMETERS})=`, 'i');

/** Quotes a URL for an error message with any `user:password@` part masked, so the message leaks nothing. */
export function showUrl(value: unknown): string {
  if (typeof value !== 'string') return show(value);
  return show(value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1***@'));
}

// Secret data keys: Kubernetes' ConfigMap/Secret key rule.
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/** Quotes a value for a message, shortened when it looks like a credential, so a message never repeats one. */
function showSafely(value: unknown): string {
  return credentialKind(value) === undefined ? show(value) : redactCredential(value as string);
}

/**
 * The NAME of an existing Kubernetes Secret given as a prop: refuses a pasted credential
 * ({@link refuseCredentialAsSecretName}), then anything Kubernetes would not accept as a Secret name.
 * @param where the construct path, for the error.
 * @param prop the prop's name as the caller wrote it, e.g. `credentials.secretName`.
 * @param example a Secret name to show, e.g. `elasticsearch-credentials`.
 * @returns the name.
 */
export function checkSecretName(where: string, prop: string, value: unknown, example: string): string {
  refuseCredentialAsSecretName(value, where, prop, example);
  if (typeof value !== 'string' || !KUBERNETES_NAME.test(value)) {
    throw new ValidationError(
      where,
      `${prop} ${showSafely(value)} is not a valid Kubernetes Secret name (${KUBERNETES_NAME_RULE}); name an existing Secret, e.g. ${prop}: "${example}".`,
    );
  }
  return value;
}

/**
 * A KEY inside a Kubernetes Secret given as a prop: letters, digits, '-', '_' and '.', at most 253
 * characters, not "." or "..".
 * @param where the construct path, for the error.
 * @param prop the prop's name as the caller wrote it, e.g. `credentials.passwordKey`.
 * @param example a key to show, typically the prop's default, e.g. `password`.
 * @returns the key.
 */
export function checkSecretKey(where: string, prop: string, value: unknown, example: string): string {
  if (typeof value !== 'string' || value.length > 253 || !SECRET_KEY.test(value) || value === '.' || value === '..') {
    throw new ValidationError(
      where,
      `${prop} ${showSafely(value)} is not a valid Secret key (at most 253 letters, digits, '-', '_' and '.', not "." or ".."); name a key of the Secret, e.g. ${prop}: "${example}".`,
    );
  }
  return value;
}

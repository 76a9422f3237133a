import { credentialKind, redactCredential, refuseCredentialAsSecretName } from '../core/secret-reference';
import { ValidationError, show } from '../core/validation-error';

// Kubernetes object names (DNS-1123 subdomain) and Secret data keys.
const SECRET_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * A credential kept in an existing Kubernetes Secret (created outside Terraform, so the value never
 * reaches Terraform state or plan output). Alertmanager reads it from a file: the Secret is mounted
 * into the pod and the configuration names the file (`api_url_file`, `routing_key_file`, ...).
 *
 * @example SecretFile.from('alertmanager-slack', 'platform-webhook')
 */
export class SecretFile {
  /**
   * A credential read from key `key` of the existing Secret `secretName`; throws a ValidationError for invalid names or a pasted credential.
   * @param secretName name of the existing Secret in the Alertmanager's namespace.
   * @param key the key inside the Secret whose value is the credential.
   */
  public static from(secretName: string, key: string): SecretFile {
    // A pasted webhook URL or key is never repeated in full, not even in the error's path.
    const shown = credentialKind(secretName) ? redactCredential(secretName) : show(secretName);
    const where = `SecretFile.from(${shown}, ${credentialKind(key) ? redactCredential(key) : show(key)})`;
    refuseCredentialAsSecretName(secretName, where, 'secretName', 'alertmanager-slack');
    if (typeof secretName !== 'string' || secretName.length > 253 || !SECRET_NAME.test(secretName)) {
      throw new ValidationError(
        where,
        `secret name ${show(secretName)} is not a valid Kubernetes Secret name; use lowercase letters, digits, "-" and ".", starting and ending with a letter or digit (e.g. "alertmanager-slack").`,
      );
    }
    if (typeof key !== 'string' || key.length > 253 || !SECRET_KEY.test(key) || key === '.' || key === '..') {
      throw new ValidationError(
        where,
        `key ${show(key)} is not a valid Secret key; use letters, digits, "-", "_" and "." (e.g. "platform-webhook").`,
      );
    }
    return new SecretFile(secretName, key);
  }

  private constructor(
    /** Name of the existing Kubernetes Secret. */
    public readonly secretName: string,
    /** Key inside the Secret. */
    public readonly key: string,
  ) {}

  /** The directory the whole Secret is mounted at, under `secretsDirectory`. */
  public directory(secretsDirectory: string): string {
    return `${secretsDirectory}/${this.secretName}`;
  }

  /** The file Alertmanager reads, e.g. `/etc/alertmanager-secrets/alertmanager-slack/platform-webhook`. */
  public path(secretsDirectory: string): string {
    return `${this.directory(secretsDirectory)}/${this.key}`;
  }

  /** A stable identity for deduplication. */
  public toString(): string {
    return `${this.secretName}/${this.key}`;
  }
}

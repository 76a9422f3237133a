import { checkSecretKey, checkSecretName, credentialKind, redactCredential } from '../core/secret-reference';
import { show } from '../core/validation-error';

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
    return new SecretFile(checkSecretName(where, 'secretName', secretName, 'alertmanager-slack'), checkSecretKey(where, 'key', key, 'platform-webhook'));
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

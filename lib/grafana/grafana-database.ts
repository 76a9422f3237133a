import { checkNumberInRange } from '../core/input-checks';
import { ValidationError, show } from '../core/validation-error';
import { checkSecretKey, checkSecretName } from '../core/secret-reference';

/** A key of an existing Kubernetes Secret. */
export interface SecretKeyReference {
  /** Name of the Secret, in Grafana's namespace. */
  readonly secretName: string;
  /** Key inside the Secret. @default 'password' */
  readonly key?: string;
}

/** Props of {@link GrafanaDatabase.postgres} and {@link GrafanaDatabase.mysql}. */
export interface ExternalDatabaseProps {
  /** Host name of the database server, e.g. `grafana-db.example.internal`. */
  readonly host: string;
  /** Port of the database server. @default 5432 for PostgreSQL, 3306 for MySQL */
  readonly port?: number;
  /** Database name. */
  readonly name: string;
  /** Database user. */
  readonly user: string;
  /** The Secret key holding the password; it reaches Grafana only as the env var GF_DATABASE_PASSWORD. */
  readonly passwordSecret: SecretKeyReference;
  /**
   * TLS mode (`ssl_mode`): PostgreSQL `disable|require|verify-ca|verify-full`, MySQL `true|false|skip-verify`.
   * @default 'require' for PostgreSQL, 'true' for MySQL
   */
  readonly sslMode?: string;
}

/** What the Grafana construct renders for a database: `[database]` settings and one env var from a Secret. */
export interface RenderedDatabase {
  /** The `[database]` section of grafana.ini, without the password. */
  readonly ini: Record<string, string>;
  /** The Secret key to expose as `GF_DATABASE_PASSWORD`; undefined for SQLite. */
  readonly passwordSecret?: { readonly name: string; readonly key: string };
}

const HOST = /^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?$/;
const SSL_MODES: Record<string, string[]> = {
  postgres: ['disable', 'require', 'verify-ca', 'verify-full'],
  mysql: ['true', 'false', 'skip-verify'],
};

/**
 * Where Grafana keeps users, dashboards' versions, annotations and alert state. The default SQLite file
 * lives on Grafana's own volume, which is why more than one replica needs an external database.
 */
export class GrafanaDatabase {
  /** SQLite on Grafana's volume (the chart's default). Single replica only. */
  public static sqlite(): GrafanaDatabase {
    return new GrafanaDatabase('sqlite3');
  }

  /** An external PostgreSQL: what HA Grafana needs. */
  public static postgres(props: ExternalDatabaseProps): GrafanaDatabase {
    return new GrafanaDatabase('postgres', props);
  }

  /** An external MySQL. */
  public static mysql(props: ExternalDatabaseProps): GrafanaDatabase {
    return new GrafanaDatabase('mysql', props);
  }

  private constructor(
    /** `sqlite3`, `postgres` or `mysql`, as grafana.ini spells it. */
    public readonly type: 'sqlite3' | 'postgres' | 'mysql',
    private readonly props?: ExternalDatabaseProps,
  ) {}

  /** Whether several Grafana replicas can share it. */
  public get isExternal(): boolean {
    return this.type !== 'sqlite3';
  }

  /** Checks the settings and renders them; `where` is the construct path for messages. */
  public render(where: string): RenderedDatabase {
    const props = this.props;
    if (!props) return { ini: { type: 'sqlite3' } };
    const kind = this.type === 'postgres' ? 'GrafanaDatabase.postgres' : 'GrafanaDatabase.mysql';
    const at = `${where} ${kind}`;
    if (typeof props.host !== 'string' || !HOST.test(props.host)) {
      throw new ValidationError(at, `host ${show(props.host)} is not a host name; give the database server's DNS name without scheme, port or credentials (e.g. "grafana-db.example.internal").`);
    }
    const port = checkNumberInRange(props.port ?? (this.type === 'postgres' ? 5432 : 3306), at, 'port', { min: 1, max: 65535 }, {
      requirement: 'is not a TCP port; use a whole number from 1 to 65535',
    });
    for (const [field, value] of [['name', props.name], ['user', props.user]] as const) {
      if (typeof value !== 'string' || !/^[A-Za-z0-9_][-A-Za-z0-9_.]*$/.test(value)) {
        throw new ValidationError(at, `${field} ${show(value)} is not a plain database identifier; use letters, digits, '_', '-' and '.'.`);
      }
    }
    const secret = props.passwordSecret;
    const secretName = checkSecretName(at, 'passwordSecret.secretName', secret?.secretName, 'grafana-database');
    const key = checkSecretKey(at, 'passwordSecret.key', secret.key ?? 'password', 'password');
    const sslMode = props.sslMode ?? (this.type === 'postgres' ? 'require' : 'true');
    if (!SSL_MODES[this.type].includes(sslMode)) {
      throw new ValidationError(at, `sslMode ${show(sslMode)} is not one of ${SSL_MODES[this.type].join(', ')}.`);
    }
    return {
      ini: { type: this.type, host: `${props.host}:${port}`, name: props.name, user: props.user, ssl_mode: sslMode },
      passwordSecret: { name: secretName, key },
    };
  }
}

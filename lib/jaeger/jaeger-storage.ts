import { Duration } from '../core/duration';
import { checkNumberInRange } from '../core/input-checks';
import { ValidationError, show } from '../core/validation-error';
import { checkSecretKey, checkSecretName } from '../core/secret-reference';

/** Kinds of trace storage Jaeger v2 is given here. */
export const JaegerStorageType = {
  MEMORY: 'memory',
  ELASTICSEARCH: 'elasticsearch',
  OPENSEARCH: 'opensearch',
  CASSANDRA: 'cassandra',
} as const;
/** One kind of trace storage (a {@link JaegerStorageType} value). */
export type JaegerStorageType = (typeof JaegerStorageType)[keyof typeof JaegerStorageType];

/** The storage options' defaults, each applied from here only (the options' @default tags document them). */
export const JAEGER_STORAGE_DEFAULTS = {
  maxTraces: 100000,
  usernameKey: 'username',
  passwordKey: 'password',
  indexPrefix: 'jaeger',
  shards: 3,
  indexReplicas: 1,
  cassandraPort: 9042,
  keyspace: 'jaeger_v1_dc1',
  createSchema: true,
} as const;

/** Options of {@link JaegerStorage.memory}. */
export interface MemoryStorageOptions {
  /** Traces kept in memory; the oldest go first. @default 100000 */
  readonly maxTraces?: number;
}

/** Credentials from an existing Kubernetes Secret: never a value, only where to find it. */
export interface StorageCredentials {
  /** Name of an existing Secret in the Jaeger namespace. */
  readonly secretName: string;
  /** Key of the user name in the Secret. @default 'username' */
  readonly usernameKey?: string;
  /** Key of the password in the Secret. @default 'password' */
  readonly passwordKey?: string;
}

/** Options of {@link JaegerStorage.elasticsearch} and {@link JaegerStorage.opensearch}. */
export interface SearchStorageOptions {
  /** Cluster URLs, e.g. `['https://es.example.com:9200']`; no credentials in them. */
  readonly urls: ReadonlyArray<string>;
  /** Basic-auth credentials. @default anonymous access */
  readonly credentials?: StorageCredentials;
  /** Prefix of Jaeger's daily indices (`<prefix>-jaeger-span-2026-01-31`). @default 'jaeger' */
  readonly indexPrefix?: string;
  /** Primary shards of each daily index. @default 3 */
  readonly shards?: number;
  /** Replica shards of each daily index. @default 1 */
  readonly indexReplicas?: number;
}

/** Options of {@link JaegerStorage.cassandra}. */
export interface CassandraStorageOptions {
  /** Contact points (host names), e.g. `['cassandra.db.svc']`. */
  readonly servers: ReadonlyArray<string>;
  /** CQL port of the contact points. @default 9042 */
  readonly port?: number;
  /** Keyspace of Jaeger's tables. @default 'jaeger_v1_dc1' */
  readonly keyspace?: string;
  /** Let Jaeger create the keyspace and tables. @default true */
  readonly createSchema?: boolean;
  /** Password-authenticator credentials. @default no authentication */
  readonly credentials?: StorageCredentials;
}

/** An environment variable set from a Secret key (`valueFrom.secretKeyRef`). */
export interface SecretEnvVar {
  /** Name of the environment variable. */
  readonly name: string;
  /** The Secret and key the value comes from, as a container `env` entry takes it. */
  readonly valueFrom: { readonly secretKeyRef: { readonly name: string; readonly key: string } };
}

const INDEX_PREFIX = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/**
 * Where Jaeger keeps traces: `JaegerStorage.memory()` for dev (lost on restart, one replica),
 * `JaegerStorage.elasticsearch(...)`, `.opensearch(...)` or `.cassandra(...)` for prod. Credentials are
 * only ever Secret references, rendered as `valueFrom.secretKeyRef` env vars that Jaeger's config reads
 * as `${env:...}`; retention is applied the way each backend does it (see {@link retentionSettings}).
 */
export class JaegerStorage {
  /** In-memory storage: for dev; traces are lost when the pod restarts. */
  public static memory(options: MemoryStorageOptions = {}): JaegerStorage {
    return new JaegerStorage(JaegerStorageType.MEMORY, options);
  }

  /** Elasticsearch 7/8, daily indices, old indices removed by the chart's es-index-cleaner CronJob. */
  public static elasticsearch(options: SearchStorageOptions): JaegerStorage {
    return new JaegerStorage(JaegerStorageType.ELASTICSEARCH, options);
  }

  /** OpenSearch 1/2, daily indices, old indices removed by the chart's es-index-cleaner CronJob. */
  public static opensearch(options: SearchStorageOptions): JaegerStorage {
    return new JaegerStorage(JaegerStorageType.OPENSEARCH, options);
  }

  /** Cassandra 4/5; retention is the schema's trace TTL. */
  public static cassandra(options: CassandraStorageOptions): JaegerStorage {
    return new JaegerStorage(JaegerStorageType.CASSANDRA, options);
  }

  private constructor(
    /** The backend kind. */
    public readonly type: JaegerStorageType,
    private readonly options: MemoryStorageOptions | SearchStorageOptions | CassandraStorageOptions,
  ) {}

  /** True when traces survive a restart and several replicas share them. */
  public get isShared(): boolean {
    return this.type !== JaegerStorageType.MEMORY;
  }

  /** True for Elasticsearch and OpenSearch (same index layout and cleaner). */
  public get isSearchEngine(): boolean {
    return this.type === JaegerStorageType.ELASTICSEARCH || this.type === JaegerStorageType.OPENSEARCH;
  }

  /** The search options (Elasticsearch/OpenSearch only). */
  public get searchOptions(): SearchStorageOptions | undefined {
    return this.isSearchEngine ? (this.options as SearchStorageOptions) : undefined;
  }

  /** Human description for the review summary (`elasticsearch (https://es:9200)`). */
  public describe(): string {
    if (this.type === JaegerStorageType.MEMORY) return `memory (max ${(this.options as MemoryStorageOptions).maxTraces ?? JAEGER_STORAGE_DEFAULTS.maxTraces} traces)`;
    if (this.isSearchEngine) return `${this.type} (${(this.options as SearchStorageOptions).urls.join(', ')})`;
    return `cassandra (${(this.options as CassandraStorageOptions).servers.join(', ')})`;
  }

  /**
   * The backend's block under `jaeger_storage.backends.<name>` of Jaeger v2's config.
   * @param retention how long traces are kept (Cassandra's trace TTL; the others apply it elsewhere)
   * @param where construct path, for error messages
   */
  public backendConfig(retention: Duration, where: string): Record<string, unknown> {
    this.validate(where);
    switch (this.type) {
      case JaegerStorageType.MEMORY:
        return { memory: { max_traces: (this.options as MemoryStorageOptions).maxTraces ?? JAEGER_STORAGE_DEFAULTS.maxTraces } };
      case JaegerStorageType.CASSANDRA: {
        const o = this.options as CassandraStorageOptions;
        const connection: Record<string, unknown> = { servers: [...o.servers], port: o.port ?? JAEGER_STORAGE_DEFAULTS.cassandraPort };
        if (o.credentials) connection.auth = { basic: { username: '${env:CASSANDRA_USERNAME}', password: '${env:CASSANDRA_PASSWORD}' } };
        return {
          cassandra: {
            schema: { keyspace: o.keyspace ?? JAEGER_STORAGE_DEFAULTS.keyspace, create: o.createSchema ?? JAEGER_STORAGE_DEFAULTS.createSchema, trace_ttl: `${retention.toHours()}h` },
            connection,
          },
        };
      }
      default: {
        const o = this.options as SearchStorageOptions;
        const index = { shards: o.shards ?? JAEGER_STORAGE_DEFAULTS.shards, replicas: o.indexReplicas ?? JAEGER_STORAGE_DEFAULTS.indexReplicas };
        const config: Record<string, unknown> = {
          server_urls: [...o.urls],
          indices: { index_prefix: o.indexPrefix ?? JAEGER_STORAGE_DEFAULTS.indexPrefix, spans: index, services: index, dependencies: index, sampling: index },
        };
        if (o.credentials) config.auth = { basic: { username: '${env:ES_USERNAME}', password: '${env:ES_PASSWORD}' } };
        return { [this.type]: config };
      }
    }
  }

  /** Env vars from Secrets that the config above refers to as `${env:...}`. */
  public secretEnv(): SecretEnvVar[] {
    const credentials = (this.options as SearchStorageOptions | CassandraStorageOptions).credentials;
    if (this.type === JaegerStorageType.MEMORY || !credentials) return [];
    const prefix = this.type === JaegerStorageType.CASSANDRA ? 'CASSANDRA' : 'ES';
    return [
      secretEnv(`${prefix}_USERNAME`, credentials.secretName, credentials.usernameKey ?? JAEGER_STORAGE_DEFAULTS.usernameKey),
      secretEnv(`${prefix}_PASSWORD`, credentials.secretName, credentials.passwordKey ?? JAEGER_STORAGE_DEFAULTS.passwordKey),
    ];
  }

  /** Checks every option; `where` is the construct path. */
  public validate(where: string): void {
    if (this.type === JaegerStorageType.MEMORY) {
      const maxTraces = (this.options as MemoryStorageOptions).maxTraces ?? JAEGER_STORAGE_DEFAULTS.maxTraces;
      checkNumberInRange(maxTraces, where, 'storage maxTraces', { min: 1 }, { hint: `; the default is ${JAEGER_STORAGE_DEFAULTS.maxTraces}` });
      return;
    }
    const o = this.options as SearchStorageOptions & CassandraStorageOptions;
    if (o.credentials !== undefined) {
      const c = o.credentials;
      checkSecretName(where, 'credentials.secretName', c?.secretName, `jaeger-${this.type}`);
      checkSecretKey(where, 'credentials.usernameKey', c.usernameKey ?? JAEGER_STORAGE_DEFAULTS.usernameKey, JAEGER_STORAGE_DEFAULTS.usernameKey);
      checkSecretKey(where, 'credentials.passwordKey', c.passwordKey ?? JAEGER_STORAGE_DEFAULTS.passwordKey, JAEGER_STORAGE_DEFAULTS.passwordKey);
    }
    if (this.type === JaegerStorageType.CASSANDRA) {
      if (!Array.isArray(o.servers) || o.servers.length === 0 || o.servers.some((s) => typeof s !== 'string' || !/^[a-zA-Z0-9.-]+$/.test(s))) {
        throw new ValidationError(where, `cassandra servers ${show(o.servers)} must be a non-empty list of host names (no ports, no credentials), e.g. ["cassandra.db.svc"].`);
      }
      if (o.port !== undefined) {
        checkNumberInRange(o.port, where, 'cassandra port', { min: 1, max: 65535 }, {
          requirement: 'is not a TCP port',
          hint: `; the default is ${JAEGER_STORAGE_DEFAULTS.cassandraPort}`,
        });
      }
      if (o.keyspace !== undefined && !/^[a-zA-Z][a-zA-Z0-9_]{0,47}$/.test(o.keyspace)) {
        throw new ValidationError(where, `cassandra keyspace ${show(o.keyspace)} is not a valid keyspace name; use letters, digits and '_', e.g. "jaeger_v1_dc1".`);
      }
      return;
    }
    if (!Array.isArray(o.urls) || o.urls.length === 0) {
      throw new ValidationError(where, `${this.type} urls ${show(o.urls)} must list at least one URL, e.g. ["https://es.example.com:9200"].`);
    }
    for (const url of o.urls) {
      if (typeof url !== 'string' || !/^https?:\/\/[^\s/]+/.test(url)) {
        throw new ValidationError(where, `${this.type} URL ${show(url)} is not an http(s) URL; write e.g. "https://es.example.com:9200".`);
      }
      if (/^https?:\/\/[^/]*@/.test(url)) {
        throw new ValidationError(where, `${this.type} URL ${show(url.replace(/\/\/[^/]*@/, '//'))} carries credentials; put them in an existing Secret and pass { credentials: { secretName } }.`);
      }
    }
    if (o.indexPrefix !== undefined && !INDEX_PREFIX.test(o.indexPrefix)) {
      throw new ValidationError(where, `indexPrefix ${show(o.indexPrefix)} is not a valid index prefix; use lowercase letters, digits, '-' and '_', e.g. "jaeger".`);
    }
    for (const [name, value, min] of [['shards', o.shards, 1], ['indexReplicas', o.indexReplicas, 0]] as const) {
      if (value !== undefined) checkNumberInRange(value, where, name, { min });
    }
  }
}

function secretEnv(name: string, secretName: string, key: string): SecretEnvVar {
  return { name, valueFrom: { secretKeyRef: { name: secretName, key } } };
}

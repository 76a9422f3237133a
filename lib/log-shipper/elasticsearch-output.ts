import { DatasourceType, GrafanaDatasourceDescriptor, IGrafanaDatasource } from '../core/grafana-datasource';
import { checkNumberInRange } from '../core/input-checks';
import { checkSecretKey, checkSecretName } from '../core/secret-reference';
import { ValidationError, show } from '../core/validation-error';

/** Which search engine the sink writes to: it picks Fluent Bit's output plugin and Grafana's datasource plugin. */
export const SearchEngine = {
  /** Elasticsearch 7.10+/8.x: Fluent Bit's `es` output, Grafana's core `elasticsearch` datasource. */
  ELASTICSEARCH: 'elasticsearch',
  /** OpenSearch 1.x/2.x: Fluent Bit's `opensearch` output, Grafana's `grafana-opensearch-datasource` plugin. */
  OPENSEARCH: 'opensearch',
} as const;
/** One of the {@link SearchEngine} values. */
export type SearchEngine = (typeof SearchEngine)[keyof typeof SearchEngine];

/** The existing Secret with the user name and password the shipper (and Grafana) authenticate with. */
export interface SearchCredentialsSecret {
  /** Name of the Secret, in the shipper's namespace (and Grafana's, for the datasource). */
  readonly secretName: string;
  /** Key of the user name. @default 'username' */
  readonly usernameKey?: string;
  /** Key of the password. @default 'password' */
  readonly passwordKey?: string;
}

/** The existing Secret with the PEM CA certificate that signed the cluster's HTTPS certificate. */
export interface SearchCaSecret {
  /** Name of the Secret, in the shipper's namespace (and Grafana's, for the datasource). */
  readonly secretName: string;
  /** Key of the PEM certificate. @default 'ca.crt' (cert-manager's and ECK's convention) */
  readonly key?: string;
}

/** Props of {@link ElasticsearchLogSink.elasticsearch} and {@link ElasticsearchLogSink.opensearch}. */
export interface ElasticsearchLogSinkProps {
  /**
   * HTTPS endpoint of the existing cluster, e.g. `https://logs.es.example.com:9200`, optionally with a path
   * prefix when it sits behind a reverse proxy (`https://proxy.example.com/es`). One endpoint: give the
   * cluster's load-balanced address (a Service or a load balancer), not one node. Only `https`: logs carry
   * personal data, and the credentials go with every request.
   */
  readonly url: string;
  /**
   * Daily indices `<prefix>-YYYY.MM.DD` (Fluent Bit's `Logstash_Format`), the seeds' layout; an index
   * lifecycle policy on the cluster deletes old days. Not together with `dataStream`.
   * @default 'kubernetes-logs' unless `dataStream` is set
   */
  readonly logstashPrefix?: string;
  /**
   * Write to this data stream instead (`Write_Operation create`), e.g. `logs-kubernetes-prod`, which
   * Elasticsearch's built-in `logs-*-*` template turns into a data stream (OpenSearch needs an index
   * template with `data_stream: {}`). Not together with `logstashPrefix`.
   * @default daily indices (logstashPrefix)
   */
  readonly dataStream?: string;
  /** User name and password from an existing Secret. @default no authentication */
  readonly credentials?: SearchCredentialsSecret;
  /**
   * The CA that signed the cluster's certificate, from an existing Secret (mounted as a file). The
   * certificate is always verified, host name included; there is no switch to turn that off.
   * @default the image's system CAs (a publicly trusted certificate)
   */
  readonly ca?: SearchCaSecret;
  /**
   * How many times Fluent Bit retries a chunk the cluster refused before giving it up (counted by
   * `fluentbit_output_retries_failed_total`, which LogShipperRules' FluentBitLogsLost alerts on);
   * `'unlimited'` keeps retrying (the tail buffer then fills and reading pauses).
   * @default 5 (seed 002)
   */
  readonly retryLimit?: number | 'unlimited';
  /**
   * Leave out the mapping type in bulk requests (`Suppress_Type_Name On`), which Elasticsearch 8 and
   * OpenSearch 2 require; set false only for Elasticsearch 7 / OpenSearch 1 that expect `_doc`.
   * @default true
   */
  readonly suppressTypeName?: boolean;
}

/** The checked settings of a sink, as the shipper's config, pod and Grafana read them. */
export interface ResolvedElasticsearchSink {
  /** Which engine. */
  readonly engine: SearchEngine;
  /** Host of the endpoint. */
  readonly host: string;
  /** Port of the endpoint (443 when the URL gives none). */
  readonly port: number;
  /** Path prefix of the endpoint, without a trailing slash; empty for none. */
  readonly path: string;
  /** The URL as given (checked). */
  readonly url: string;
  /** Daily-index prefix, or undefined with a data stream. */
  readonly logstashPrefix?: string;
  /** Data stream, or undefined with daily indices. */
  readonly dataStream?: string;
  /** The Secret and keys of the credentials; undefined without authentication. */
  readonly credentials?: Required<SearchCredentialsSecret>;
  /** The Secret and key of the CA; undefined for the system CAs. */
  readonly ca?: Required<SearchCaSecret>;
  /** `Retry_Limit` as Fluent Bit reads it. */
  readonly retryLimit: string;
  /** Whether `Suppress_Type_Name` is On. */
  readonly suppressTypeName: boolean;
}

/** Environment variables of the shipper's pods that carry the sink's credentials (Fluent Bit expands `${NAME}`). */
export const ELASTICSEARCH_ENV = { username: 'ELASTICSEARCH_USERNAME', password: 'ELASTICSEARCH_PASSWORD' } as const;
/** Where the CA Secret is mounted in the shipper's pods. */
export const ELASTICSEARCH_CA_DIR = '/fluent-bit/elasticsearch-ca';
/** The pod volume of the CA Secret. */
export const ELASTICSEARCH_CA_VOLUME = 'elasticsearch-ca';

// Elasticsearch and OpenSearch index / data stream names: lowercase, none of \ / * ? " < > | space , # :,
// not starting with - _ + or ., at most 255 bytes (the date suffix of daily indices takes 11).
const INDEX_NAME = /^[a-z0-9][a-z0-9._-]*$/;
const HOST = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** The daily-index prefix when neither `logstashPrefix` nor `dataStream` is given. */
const DEFAULT_LOGSTASH_PREFIX = 'kubernetes-logs';

/**
 * A log sink on an existing Elasticsearch or OpenSearch cluster, beside Loki (and Datadog): the
 * shipper writes every record (the seeds' JSON fields merged at the top level, `@timestamp`, the
 * `kubernetes` metadata with dots in label keys replaced) over verified TLS, credentials from an
 * existing Secret read into the pod's environment, the CA from a Secret mounted as a file. It is also a
 * Grafana datasource ({@link IGrafanaDatasource}) with the same log → trace links as Loki's.
 */
export class ElasticsearchLogSink implements IGrafanaDatasource {
  /** Elasticsearch (7.10+, 8.x): Fluent Bit's `es` output. */
  public static elasticsearch(props: ElasticsearchLogSinkProps): ElasticsearchLogSink {
    return new ElasticsearchLogSink(SearchEngine.ELASTICSEARCH, props);
  }

  /** OpenSearch (1.x, 2.x): Fluent Bit's `opensearch` output; Grafana needs the `grafana-opensearch-datasource` plugin. */
  public static opensearch(props: ElasticsearchLogSinkProps): ElasticsearchLogSink {
    return new ElasticsearchLogSink(SearchEngine.OPENSEARCH, props);
  }

  private constructor(
    /** Which engine the sink writes to. */
    public readonly engine: SearchEngine,
    private readonly props: ElasticsearchLogSinkProps,
  ) {}

  /** The endpoint as given. */
  public get url(): string {
    return this.props.url;
  }

  /** The Grafana index pattern of the logs: `<prefix>-*` for daily indices, else the data stream. */
  public get indexPattern(): string {
    return this.props.dataStream ?? `${this.props.logstashPrefix ?? DEFAULT_LOGSTASH_PREFIX}-*`;
  }

  /**
   * The logs datasource: the index pattern, `@timestamp`, the seeds' `message` and `level` fields,
   * credentials and CA from the same Secrets (Grafana reads them from its environment); the links from
   * `trace_id` to Jaeger are added by Grafana's datasource rendering when Jaeger is present.
   */
  public grafanaDatasource(): GrafanaDatasourceDescriptor {
    const sink = this.resolve('ElasticsearchLogSink');
    const opensearch = sink.engine === SearchEngine.OPENSEARCH;
    return {
      type: opensearch ? DatasourceType.OPENSEARCH : DatasourceType.ELASTICSEARCH,
      name: opensearch ? 'OpenSearch logs' : 'Elasticsearch logs',
      uid: opensearch ? 'opensearch-logs' : 'elasticsearch-logs',
      url: sink.url,
      jsonData: {
        // The core elasticsearch datasource reads `index` (Grafana 10+); the OpenSearch plugin `database`.
        ...(opensearch ? { database: this.indexPattern, flavor: 'opensearch', version: '2.0.0' } : { index: this.indexPattern }),
        timeField: '@timestamp',
        logMessageField: 'message',
        logLevelField: 'level',
        maxConcurrentShardRequests: 5,
      },
      ...(sink.credentials ? { basicAuth: { secretName: sink.credentials.secretName, userKey: sink.credentials.usernameKey, passwordKey: sink.credentials.passwordKey } } : {}),
      ...(sink.ca ? { tlsCaCert: { secretName: sink.ca.secretName, key: sink.ca.key } } : {}),
    };
  }

  /** The props checked, with defaults; `where` names the construct in errors. */
  public resolve(where: string): ResolvedElasticsearchSink {
    const props = this.props;
    const at = `${where} elasticsearch`;
    if (props === null || typeof props !== 'object') {
      throw new ValidationError(at, `${show(props)} is not sink options; pass e.g. ElasticsearchLogSink.elasticsearch({ url: "https://logs.example.com:9200" }).`);
    }
    const { host, port, path } = checkUrl(props.url, at);
    if (props.logstashPrefix !== undefined && props.dataStream !== undefined) {
      throw new ValidationError(at, `has both logstashPrefix ${show(props.logstashPrefix)} and dataStream ${show(props.dataStream)}; Fluent Bit writes either daily indices or a data stream, so keep one.`);
    }
    const dataStream = props.dataStream === undefined ? undefined : checkIndexName(props.dataStream, `${at}.dataStream`, 255, 'logs-kubernetes-prod');
    const logstashPrefix = dataStream !== undefined ? undefined : checkIndexName(props.logstashPrefix ?? DEFAULT_LOGSTASH_PREFIX, `${at}.logstashPrefix`, 244, DEFAULT_LOGSTASH_PREFIX);
    const credentials = props.credentials === undefined ? undefined : checkCredentials(props.credentials, at);
    const ca = props.ca === undefined ? undefined : checkCa(props.ca, at);
    let retryLimit: string;
    if (props.retryLimit === 'unlimited') {
      retryLimit = 'no_limits';
    } else {
      retryLimit = String(checkNumberInRange(props.retryLimit ?? 5, at, 'retryLimit', { min: 1, max: 100 }, {
        requirement: "must be a whole number of retries from 1 to 100, or 'unlimited'",
      }));
    }
    if (props.suppressTypeName !== undefined && typeof props.suppressTypeName !== 'boolean') {
      throw new ValidationError(at, `suppressTypeName ${show(props.suppressTypeName)} is not a boolean; leave it out for Elasticsearch 8 / OpenSearch 2.`);
    }
    return {
      engine: this.engine, host, port, path, url: props.url, logstashPrefix, dataStream, credentials, ca, retryLimit,
      suppressTypeName: props.suppressTypeName ?? true,
    };
  }
}

function checkUrl(url: unknown, at: string): { host: string; port: number; path: string } {
  const example = 'e.g. "https://logs.es.example.com:9200"';
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    throw new ValidationError(at, `url ${show(url)} is not an absolute URL; give the cluster's HTTPS endpoint, ${example}.`);
  }
  if (parsed.username || parsed.password) {
    throw new ValidationError(at, `url ${show(`${parsed.protocol}//${parsed.host}`)} carries credentials; they would reach Terraform state. Put them in an existing Secret and pass credentials: { secretName: "elasticsearch-credentials" }.`);
  }
  if (parsed.protocol === 'http:') {
    throw new ValidationError(at, `url ${show(String(url))} is plain http; logs and credentials would cross the network unencrypted. Use the cluster's https endpoint (and ca: { secretName } for a private CA), ${example}.`);
  }
  if (parsed.protocol !== 'https:') throw new ValidationError(at, `url ${show(String(url))} is not an https URL; ${example}.`);
  if (parsed.search || parsed.hash) {
    throw new ValidationError(at, `url ${show(String(url))} has a query or fragment, which Fluent Bit cannot send (and which may hold a token); give scheme, host, port and path only, ${example}.`);
  }
  const host = parsed.hostname;
  if (!HOST.test(host) && !/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) {
    throw new ValidationError(at, `url host ${show(host)} is not a DNS name or IPv4 address; ${example}.`);
  }
  const port = parsed.port === '' ? 443 : Number(parsed.port);
  const path = parsed.pathname === '/' ? '' : parsed.pathname.replace(/\/$/, '');
  if (!/^[-A-Za-z0-9._~/]*$/.test(path)) {
    throw new ValidationError(at, `url path ${show(path)} has characters that cannot go into Fluent Bit's config; use letters, digits and -._~/.`);
  }
  return { host, port, path };
}

function checkIndexName(name: unknown, at: string, maxLength: number, example: string): string {
  if (typeof name !== 'string' || !INDEX_NAME.test(name) || name.length > maxLength) {
    throw new ValidationError(at, `${show(name)} is not a valid index name: lowercase letters, digits, '-', '_' and '.', starting with a letter or digit, at most ${maxLength} characters (no \\ / * ? " < > | , # : or spaces), e.g. "${example}".`);
  }
  return name;
}

function checkCredentials(credentials: SearchCredentialsSecret, at: string): Required<SearchCredentialsSecret> {
  if (credentials === null || typeof credentials !== 'object') {
    throw new ValidationError(at, `credentials ${show(credentials)} is not a Secret reference; pass { secretName: "elasticsearch-credentials" } (keys username and password).`);
  }
  return {
    secretName: checkSecretName(at, 'credentials.secretName', credentials.secretName, 'elasticsearch-credentials'),
    usernameKey: checkSecretKey(at, 'credentials.usernameKey', credentials.usernameKey ?? 'username', 'username'),
    passwordKey: checkSecretKey(at, 'credentials.passwordKey', credentials.passwordKey ?? 'password', 'password'),
  };
}

function checkCa(ca: SearchCaSecret, at: string): Required<SearchCaSecret> {
  if (ca === null || typeof ca !== 'object') {
    throw new ValidationError(at, `ca ${show(ca)} is not a Secret reference; pass { secretName: "elasticsearch-ca" } (key ca.crt).`);
  }
  return { secretName: checkSecretName(at, 'ca.secretName', ca.secretName, 'elasticsearch-ca'), key: checkSecretKey(at, 'ca.key', ca.key ?? 'ca.crt', 'ca.crt') };
}

/** The `[OUTPUT]` entries of the sink, in order (the caller renders the section). */
export function elasticsearchOutputEntries(sink: ResolvedElasticsearchSink, match: string): Array<[string, string]> {
  return [
    ['Name', sink.engine === SearchEngine.OPENSEARCH ? 'opensearch' : 'es'],
    ['Match', match],
    ['Host', sink.host],
    ['Port', String(sink.port)],
    ...(sink.path !== '' ? [['Path', sink.path] as [string, string]] : []),
    // Expanded by Fluent Bit from the pod's environment, which reads the Secret: never the values here.
    ...(sink.credentials ? [['HTTP_User', `\${${ELASTICSEARCH_ENV.username}}`], ['HTTP_Passwd', `\${${ELASTICSEARCH_ENV.password}}`]] as Array<[string, string]> : []),
    ['tls', 'On'],
    ['tls.verify', 'On'],
    ['tls.verify_hostname', 'On'],
    ...(sink.ca ? [['tls.ca_file', `${ELASTICSEARCH_CA_DIR}/${sink.ca.key}`] as [string, string]] : []),
    ...(sink.dataStream !== undefined
      ? [['Index', sink.dataStream], ['Write_Operation', 'create']] as Array<[string, string]>
      : [['Logstash_Format', 'On'], ['Logstash_Prefix', sink.logstashPrefix!]] as Array<[string, string]>),
    ['Time_Key', '@timestamp'],
    ['Suppress_Type_Name', sink.suppressTypeName ? 'On' : 'Off'],
    // Kubernetes label keys such as app.kubernetes.io/name would otherwise clash with `app` in the mapping.
    ['Replace_Dots', 'On'],
    // An id from the record's hash: a chunk retried after a timeout is not indexed twice.
    ['Generate_ID', 'On'],
    // The cluster's reason for a refused record goes to the shipper's log.
    ['Trace_Error', 'On'],
    ['Retry_Limit', sink.retryLimit],
  ];
}

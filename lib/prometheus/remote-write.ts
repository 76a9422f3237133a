import { DatasourceType, GrafanaDatasourceDescriptor, GrafanaSecretHeader, IGrafanaDatasource } from '../core/grafana-datasource';
import { checkSecretName } from '../core/secret-reference';
import { ValidationError, show } from '../core/validation-error';
import { isValidLabelName } from '../rules/label-names';

/** Props shared by every remote_write target. */
export interface RemoteWriteCommonProps {
  /** Push URL, e.g. `https://mimir.example.com/api/v1/push`. */
  readonly url: string;
  /**
   * Label matchers (`{__name__=~"slo:.*"}` style regexes on metric names) of series to send; all when empty.
   * @default every series
   */
  readonly metricNameRegex?: string;
}

/**
 * The labels of Mimir's HA tracker (`-distributor.ha-tracker.cluster` / `.replica`, or the tenant's
 * `ha_cluster_label` / `ha_replica_label`): change them only when your Mimir does.
 */
export interface MimirHaLabels {
  /**
   * External label that names the HA group, equal on every replica; taken from Prometheus's
   * `externalLabels` (the stack sets `cluster` to the environment's cluster name).
   * @default 'cluster' (Mimir's default)
   */
  readonly clusterLabel?: string;
  /**
   * External label that tells the replicas apart; the operator sets it to each pod's name
   * (`replicaExternalLabelName`) and Mimir drops it after deduplication.
   * @default '__replica__' (Mimir's default)
   */
  readonly replicaLabel?: string;
}

/** Grafana Mimir, optionally multi-tenant. */
export interface MimirRemoteWriteProps extends RemoteWriteCommonProps {
  /**
   * Existing Secret with keys `username` and `password` for basic auth.
   * @default no authentication
   */
  readonly basicAuthSecret?: string;
  /**
   * Tenant, sent as `X-Scope-OrgID`: up to 150 letters, digits and `!-_.*'()`, not `.` or `..`.
   * @default no tenant header (Mimir's `anonymous` tenant when multi-tenancy is off)
   */
  readonly tenant?: string;
  /**
   * The labels Mimir's HA tracker deduplicates the replicas on (it stores one copy, from the elected replica).
   * @default { clusterLabel: 'cluster', replicaLabel: '__replica__' }
   */
  readonly haLabels?: MimirHaLabels;
  /**
   * Where Grafana queries what Prometheus wrote: the Prometheus API root of Mimir's query frontend, e.g.
   * `https://mimir.example.com/prometheus` (Grafana appends `/api/v1/query…`). With it,
   * {@link RemoteWrite.queryDatasource} gives a "Mimir (long-term)" datasource with the same tenant
   * (`X-Scope-OrgID`) and basic auth from the same Secret.
   * @default not queried from Grafana
   */
  readonly queryUrl?: string;
}

/** Thanos Receive. */
export interface ThanosReceiveRemoteWriteProps extends RemoteWriteCommonProps {
  /**
   * Existing Secret with key `token`, sent as a bearer token.
   * @default no authentication
   */
  readonly bearerTokenSecret?: string;
  /**
   * Tenant, sent as `THANOS-TENANT`.
   * @default Thanos's default tenant
   */
  readonly tenant?: string;
  /**
   * External label that tells the Prometheus replicas apart. Thanos Receive stores every replica's
   * series; the Querier merges them at query time (`--query.replica-label`) and the compactor
   * (`--deduplication.replica-label`) in storage, so give them this label.
   * @default 'prometheus_replica' (the operator's default, and kube-thanos's Querier replica label)
   */
  readonly replicaLabel?: string;
  /**
   * Where Grafana queries what Prometheus wrote: the Thanos Querier (or Query Frontend), e.g.
   * `http://thanos-query.thanos.svc:9090`. With it, {@link RemoteWrite.queryDatasource} gives a
   * "Thanos (long-term)" datasource with the same tenant (`THANOS-TENANT`) and bearer token from the same Secret.
   * @default not queried from Grafana
   */
  readonly queryUrl?: string;
}

/** Options of {@link RemoteWrite.queryDatasource}. */
export interface RemoteWriteDatasourceOptions {
  /** Display name. @default 'Mimir (long-term)' / 'Thanos (long-term)' */
  readonly name?: string;
  /** Fixed uid (dashboards may refer to it). @default 'mimir-long-term' / 'thanos-long-term' */
  readonly uid?: string;
  /** The scrape interval of the written series, Grafana's `timeInterval` (e.g. `15s`). @default Grafana's default */
  readonly scrapeInterval?: string;
}

/** Any other Prometheus remote-write receiver: no tenant and no deduplication that this library knows of. */
export interface GenericRemoteWriteProps extends RemoteWriteCommonProps {
  /**
   * Existing Secret with keys `username` and `password` for basic auth.
   * @default no basic auth
   */
  readonly basicAuthSecret?: string;
  /**
   * Existing Secret with key `token`, sent as a bearer token (not together with `basicAuthSecret`).
   * @default no bearer token
   */
  readonly bearerTokenSecret?: string;
}

/**
 * How a remote_write receiver deduplicates the series of Prometheus's replicas, and the external
 * labels that needs; the Prometheus construct sets them (kube-prometheus-stack
 * `replicaExternalLabelName`, with the cluster label among its `externalLabels`).
 */
export interface RemoteWriteHa {
  /** External label whose value differs per replica (the operator's `replicaExternalLabelName`, the pod name). */
  readonly replicaLabel: string;
  /** External label that names the HA group, equal on every replica; undefined when the receiver needs none. */
  readonly clusterLabel?: string;
  /** Where the duplicates go away, for the review. */
  readonly deduplication: string;
}

// Mimir's tenant ids (dskit tenant.ValidTenantID): letters, digits and !-_.*'(), at most 150, not "." or "..".
const MIMIR_TENANT = /^[a-zA-Z0-9!\-_.*'()]{1,150}$/;

/** What a remote_write target is, for the review. */
export interface RemoteWriteSummary {
  /** `mimir`, `thanos-receive` or `generic`. */
  readonly kind: string;
  /** Scheme, host and path of the URL: no user info, no query string. */
  readonly url: string;
  /** The tenant header sent, when any (`X-Scope-OrgID: "prod"`). */
  readonly tenant?: string;
  /** How Prometheus authenticates, by Secret name only (`basic auth from Secret "mimir-credentials"`). */
  readonly auth?: string;
  /** HA deduplication, when the receiver does some. */
  readonly ha?: RemoteWriteHa;
}

/**
 * A remote_write target. Credentials are never values: they are read by Prometheus from an existing
 * Kubernetes Secret in Prometheus's namespace. Each kind carries the HA labels its receiver
 * deduplicates Prometheus's replicas on ({@link RemoteWrite.ha}).
 */
export class RemoteWrite {
  /**
   * Grafana Mimir (or any Cortex-style endpoint) with optional basic auth and tenant; the replicas
   * carry `__replica__` and `cluster` for Mimir's HA tracker, which keeps one copy.
   */
  public static mimir(props: MimirRemoteWriteProps): RemoteWrite {
    const spec: Record<string, unknown> = { url: props.url };
    if (props.tenant !== undefined) spec.headers = { 'X-Scope-OrgID': props.tenant };
    if (props.basicAuthSecret !== undefined) {
      spec.basicAuth = basicAuth(props.basicAuthSecret);
    }
    const ha: RemoteWriteHa = {
      replicaLabel: props.haLabels?.replicaLabel ?? '__replica__',
      clusterLabel: props.haLabels?.clusterLabel ?? 'cluster',
      deduplication: "Mimir's HA tracker (accept_ha_samples) keeps the elected replica's samples",
    };
    return new RemoteWrite('mimir', props, spec, props.basicAuthSecret !== undefined ? [['basicAuthSecret', props.basicAuthSecret]] : [], ha, props.tenant, props.queryUrl);
  }

  /**
   * Thanos Receive, with optional bearer token and tenant; the replicas carry `prometheus_replica`,
   * on which the Querier and compactor deduplicate.
   */
  public static thanosReceive(props: ThanosReceiveRemoteWriteProps): RemoteWrite {
    const spec: Record<string, unknown> = { url: props.url };
    if (props.tenant) spec.headers = { 'THANOS-TENANT': props.tenant };
    if (props.bearerTokenSecret !== undefined) {
      spec.authorization = bearerToken(props.bearerTokenSecret);
    }
    const ha: RemoteWriteHa = {
      replicaLabel: props.replicaLabel ?? 'prometheus_replica',
      deduplication: 'the Thanos Querier (--query.replica-label) and compactor (--deduplication.replica-label); Receive stores every replica',
    };
    return new RemoteWrite('thanos-receive', props, spec, props.bearerTokenSecret !== undefined ? [['bearerTokenSecret', props.bearerTokenSecret]] : [], ha, props.tenant, props.queryUrl);
  }

  /** Any other remote-write receiver, with optional basic auth or bearer token; no HA labels required. */
  public static generic(props: GenericRemoteWriteProps): RemoteWrite {
    const spec: Record<string, unknown> = { url: props.url };
    const secrets: Array<[string, string]> = [];
    if (props.basicAuthSecret !== undefined) {
      spec.basicAuth = basicAuth(props.basicAuthSecret);
      secrets.push(['basicAuthSecret', props.basicAuthSecret]);
    }
    if (props.bearerTokenSecret !== undefined) {
      spec.authorization = bearerToken(props.bearerTokenSecret);
      secrets.push(['bearerTokenSecret', props.bearerTokenSecret]);
    }
    return new RemoteWrite('generic', props, spec, secrets, undefined, undefined, undefined);
  }

  private constructor(
    /** `mimir`, `thanos-receive` or `generic`. */
    public readonly kind: string,
    private readonly props: RemoteWriteCommonProps,
    private readonly spec: Record<string, unknown>,
    private readonly secrets: ReadonlyArray<[prop: string, name: string]>,
    /** The HA labels the receiver deduplicates replicas on; undefined for `generic`. */
    public readonly ha: RemoteWriteHa | undefined,
    private readonly tenant: string | undefined,
    private readonly queryUrl: string | undefined,
  ) {}

  /** Whether Grafana can query the target (a `queryUrl` was given). */
  public get queryable(): boolean {
    return this.queryUrl !== undefined;
  }

  /**
   * The Grafana datasource of the long-term store, when a `queryUrl` was given: Prometheus-type (so
   * Grafana adds the same exemplar → trace links as to the local Prometheus), with the tenant header
   * and the credentials of the write path, read by Grafana from the same Secret (never a value).
   * Undefined when the target is not queryable (no `queryUrl`, or `generic`).
   * @param where names the construct in errors.
   */
  public queryDatasource(options: RemoteWriteDatasourceOptions = {}, where = 'RemoteWrite'): IGrafanaDatasource | undefined {
    if (this.queryUrl === undefined) return undefined;
    const descriptor = this.queryDescriptor(options, where);
    return { grafanaDatasource: () => descriptor };
  }

  private queryDescriptor(options: RemoteWriteDatasourceOptions, where: string): GrafanaDatasourceDescriptor {
    const mimir = this.kind === 'mimir';
    const url = checkQueryUrl(this.queryUrl, this.kind, where);
    if (mimir && this.tenant !== undefined) checkMimirTenant(this.tenant, where);
    this.checkSecretNames(where);
    if (options.scrapeInterval !== undefined && !/^[0-9]+(ms|s|m|h)$/.test(options.scrapeInterval)) {
      throw new ValidationError(where, `queryDatasource scrapeInterval ${show(options.scrapeInterval)} is not a duration such as "15s".`);
    }
    const basicAuthSecret = this.secrets.find(([prop]) => prop === 'basicAuthSecret')?.[1];
    const tokenSecret = this.secrets.find(([prop]) => prop === 'bearerTokenSecret')?.[1];
    const tenantHeader = mimir ? 'X-Scope-OrgID' : 'THANOS-TENANT';
    const secretHttpHeaders: Record<string, GrafanaSecretHeader> = tokenSecret !== undefined ? { Authorization: { secretName: tokenSecret, key: 'token', prefix: 'Bearer ' } } : {};
    return {
      type: DatasourceType.PROMETHEUS,
      name: options.name ?? (mimir ? 'Mimir (long-term)' : 'Thanos (long-term)'),
      uid: options.uid ?? (mimir ? 'mimir-long-term' : 'thanos-long-term'),
      url,
      jsonData: {
        httpMethod: 'POST',
        prometheusType: mimir ? 'Mimir' : 'Thanos',
        ...(options.scrapeInterval !== undefined ? { timeInterval: options.scrapeInterval } : {}),
      },
      ...(this.tenant !== undefined && this.tenant !== '' ? { httpHeaders: { [tenantHeader]: this.tenant } } : {}),
      ...(basicAuthSecret !== undefined ? { basicAuth: { secretName: basicAuthSecret, userKey: 'username', passwordKey: 'password' } } : {}),
      ...(Object.keys(secretHttpHeaders).length > 0 ? { secretHttpHeaders } : {}),
    };
  }

  /** The URL, for the summary. */
  public get url(): string {
    return this.props.url;
  }

  /** The target for the review: kind, URL without credentials or query, tenant, auth by Secret name, HA. */
  public summary(): RemoteWriteSummary {
    let url = String(this.props.url);
    try {
      const parsed = new URL(url);
      url = `${parsed.origin}${parsed.pathname}`;
    } catch {
      // render() refuses it; nothing to show but the kind.
    }
    const auth = this.secrets.map(([prop, name]) => `${prop === 'basicAuthSecret' ? 'basic auth' : 'bearer token'} from Secret ${show(name)}`).join(', ');
    return {
      kind: this.kind,
      url,
      ...(this.tenant !== undefined && this.tenant !== '' ? { tenant: `${this.kind === 'mimir' ? 'X-Scope-OrgID' : 'THANOS-TENANT'}: ${show(this.tenant)}` } : {}),
      ...(auth ? { auth } : {}),
      ...(this.ha ? { ha: this.ha } : {}),
    };
  }

  /** Refuses a Secret name that is a credential itself or not a Kubernetes name. */
  private checkSecretNames(where: string): void {
    for (const [prop, secretName] of this.secrets) checkSecretName(where, prop, secretName, 'remote-write-auth');
  }

  /** The prometheus-operator RemoteWriteSpec; `where` names the construct for errors. */
  public render(where: string): Record<string, unknown> {
    let url: URL | undefined;
    try {
      url = new URL(this.props.url);
    } catch {
      url = undefined;
    }
    if (!url || !['http:', 'https:'].includes(url.protocol)) {
      throw new ValidationError(where, `remote_write URL ${show(this.props.url)} is not an http(s) URL; write e.g. "https://mimir.example.com/api/v1/push".`);
    }
    if (url.username || url.password) {
      throw new ValidationError(where, `remote_write URL ${show(url.origin)} carries credentials; put them in an existing Secret and pass its name (basicAuthSecret / bearerTokenSecret).`);
    }
    if (this.secrets.length > 1) {
      throw new ValidationError(where, `remote_write ${show(url.origin)} has both basicAuthSecret and bearerTokenSecret; Prometheus sends one kind of authentication, so keep the one your receiver expects.`);
    }
    this.checkSecretNames(where);
    if (this.kind === 'mimir' && this.tenant !== undefined) checkMimirTenant(this.tenant, where);
    if (this.ha) {
      for (const [prop, label] of [['replicaLabel', this.ha.replicaLabel], ['clusterLabel', this.ha.clusterLabel]] as const) {
        if (prop === 'clusterLabel' && label === undefined) continue;
        if (!isValidLabelName(label)) {
          throw new ValidationError(where, `remote_write ${this.kind} ${prop} ${show(label)} is not a valid Prometheus label name; use the label your ${this.kind === 'mimir' ? "Mimir's HA tracker" : 'Thanos Querier'} deduplicates on (e.g. ${show(prop === 'replicaLabel' ? (this.kind === 'mimir' ? '__replica__' : 'prometheus_replica') : 'cluster')}).`);
        }
      }
      if (this.ha.clusterLabel !== undefined && this.ha.clusterLabel === this.ha.replicaLabel) {
        throw new ValidationError(where, `remote_write ${this.kind} clusterLabel and replicaLabel are both ${show(this.ha.replicaLabel)}; the cluster label is equal on every replica and the replica label differs, so they must differ (Mimir's defaults: "cluster" and "__replica__").`);
      }
    }
    const spec = { ...this.spec };
    if (this.props.metricNameRegex !== undefined) {
      try {
        new RegExp(this.props.metricNameRegex);
      } catch {
        throw new ValidationError(where, `metricNameRegex ${show(this.props.metricNameRegex)} is not a valid regular expression.`);
      }
      spec.writeRelabelConfigs = [{ sourceLabels: ['__name__'], regex: this.props.metricNameRegex, action: 'keep' }];
    }
    return spec;
  }
}

/** The operator's basicAuth from an existing Secret with keys `username` and `password`. */
function basicAuth(secretName: string): Record<string, unknown> {
  return { username: { name: secretName, key: 'username' }, password: { name: secretName, key: 'password' } };
}

/** The operator's bearer-token authorization from an existing Secret with key `token`. */
function bearerToken(secretName: string): Record<string, unknown> {
  return { type: 'Bearer', credentials: { name: secretName, key: 'token' } };
}

/** The query URL checked: http(s), no credentials or query, and not the write path. */
function checkQueryUrl(queryUrl: unknown, kind: string, where: string): string {
  const example = kind === 'mimir' ? '"https://mimir.example.com/prometheus" (the query frontend\'s Prometheus API root)' : '"http://thanos-query.thanos.svc:9090" (the Querier)';
  let url: URL | undefined;
  try {
    url = new URL(String(queryUrl));
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol)) {
    throw new ValidationError(where, `remote_write ${kind} queryUrl ${show(queryUrl)} is not an http(s) URL; write e.g. ${example}.`);
  }
  if (url.username || url.password) {
    throw new ValidationError(where, `remote_write ${kind} queryUrl ${show(url.origin)} carries credentials; Grafana reads them from the remote_write Secret, so leave them out of the URL.`);
  }
  if (url.search || url.hash) {
    throw new ValidationError(where, `remote_write ${kind} queryUrl ${show(`${url.origin}${url.pathname}`)} has a query or fragment; give the API root only, e.g. ${example}.`);
  }
  if (/\/api\/v1\/(push|receive|query|query_range)\/?$/.test(url.pathname)) {
    throw new ValidationError(where, `remote_write ${kind} queryUrl ${show(`${url.origin}${url.pathname}`)} is an API endpoint, not the Prometheus API root Grafana appends /api/v1/query to; write e.g. ${example}.`);
  }
  return `${url.origin}${url.pathname.replace(/\/$/, '')}`;
}

/** Refuses a tenant Mimir would reject (every push then fails with 401/400 at run time). */
function checkMimirTenant(tenant: unknown, where: string): void {
  if (typeof tenant !== 'string' || !MIMIR_TENANT.test(tenant) || tenant === '.' || tenant === '..' || tenant === '__mimir_cluster') {
    throw new ValidationError(
      where,
      `remote_write mimir tenant ${show(tenant)} is not a valid Mimir tenant id (X-Scope-OrgID); use 1 to 150 letters, digits and !-_.*'() (not "." or ".."), e.g. "acme-prod", or leave tenant out for Mimir without multi-tenancy.`,
    );
  }
}

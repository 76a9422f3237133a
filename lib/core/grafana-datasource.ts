/** Kinds of Grafana datasource the stack's components provide. */
export const DatasourceType = {
  PROMETHEUS: 'prometheus',
  ALERTMANAGER: 'alertmanager',
  LOKI: 'loki',
  JAEGER: 'jaeger',
  /** Grafana's core Elasticsearch datasource. */
  ELASTICSEARCH: 'elasticsearch',
  /** The OpenSearch datasource plugin (install `grafana-opensearch-datasource` with Grafana's `plugins`). */
  OPENSEARCH: 'grafana-opensearch-datasource',
} as const;
/** One of the {@link DatasourceType} values: Grafana's datasource plugin id. */
export type DatasourceType = (typeof DatasourceType)[keyof typeof DatasourceType];

/** One key of an existing Kubernetes Secret that Grafana reads a datasource credential from. */
export interface GrafanaSecretKey {
  /** Name of the Secret, in Grafana's namespace. */
  readonly secretName: string;
  /** Key in the Secret. */
  readonly key: string;
}

/** Basic auth of a datasource, user and password from one existing Secret. */
export interface GrafanaBasicAuthSecret {
  /** Name of the Secret, in Grafana's namespace. */
  readonly secretName: string;
  /** Key of the user name. */
  readonly userKey: string;
  /** Key of the password. */
  readonly passwordKey: string;
}

/** A header whose value is read from a Secret, e.g. `Authorization: Bearer <token>`. */
export interface GrafanaSecretHeader extends GrafanaSecretKey {
  /** Text before the secret value, e.g. `Bearer `. @default '' */
  readonly prefix?: string;
}

/**
 * What a component tells Grafana about itself: a datasource with a fixed uid (dashboards and
 * correlations refer to it by uid), produced by the component from its own typed attributes.
 */
export interface GrafanaDatasourceDescriptor {
  /** Grafana datasource plugin id. */
  readonly type: DatasourceType;
  /** Display name. */
  readonly name: string;
  /** Fixed uid, stable across deploys. */
  readonly uid: string;
  /** In-cluster URL. */
  readonly url: string;
  /** Extra `jsonData` the component knows it needs (e.g. Alertmanager's implementation). @default {} */
  readonly jsonData?: Record<string, unknown>;
  /**
   * HTTP headers Grafana sends with every query, name → value (e.g. Loki's `X-Scope-OrgID` tenant when
   * multi-tenant), provisioned as `jsonData.httpHeaderName<n>` and `secureJsonData.httpHeaderValue<n>`.
   * Not for secrets: the values are written into the provisioning values (and Terraform state).
   * @default none
   */
  readonly httpHeaders?: Readonly<Record<string, string>>;
  /**
   * Basic auth from an existing Secret. Never a value: Grafana's pod reads each key into an environment
   * variable and the provisioning file names it (`$__env{…}`), see `datasourceSecretEnv`.
   * @default no basic auth
   */
  readonly basicAuth?: GrafanaBasicAuthSecret;
  /**
   * The PEM CA certificate of an https URL signed by a private CA, from an existing Secret (read like
   * {@link GrafanaDatasourceDescriptor.basicAuth}); sets `tlsAuthWithCACert`.
   * @default the system CAs
   */
  readonly tlsCaCert?: GrafanaSecretKey;
  /**
   * HTTP headers whose values come from Secrets (read like {@link GrafanaDatasourceDescriptor.basicAuth}),
   * e.g. `{ Authorization: { secretName: 'thanos-token', key: 'token', prefix: 'Bearer ' } }`.
   * @default none
   */
  readonly secretHttpHeaders?: Readonly<Record<string, GrafanaSecretHeader>>;
}

/** A component that Grafana can use as a datasource (`new Grafana(this, 'grafana', { datasources: [prometheus, loki] })`). */
export interface IGrafanaDatasource {
  /** The datasource Grafana provisions for this component. */
  grafanaDatasource(): GrafanaDatasourceDescriptor;
}

/** Whether `value` can be a Grafana datasource ({@link IGrafanaDatasource}). */
export function isGrafanaDatasource<T>(value: T): value is T & IGrafanaDatasource {
  return typeof (value as Partial<IGrafanaDatasource> | undefined)?.grafanaDatasource === 'function';
}

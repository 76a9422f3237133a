/** Kinds of Grafana datasource the stack's components provide. */
export const DatasourceType = {
  PROMETHEUS: 'prometheus',
  ALERTMANAGER: 'alertmanager',
  LOKI: 'loki',
  JAEGER: 'jaeger',
} as const;
/** One of the {@link DatasourceType} values: Grafana's datasource plugin id. */
export type DatasourceType = (typeof DatasourceType)[keyof typeof DatasourceType];

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

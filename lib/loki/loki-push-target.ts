/**
 * Where log shippers push to: a typed reference that the Loki construct implements (so a shipper is
 * wired with `loki: myLoki`, never with a copied URL), or that describes a Loki elsewhere.
 */
export interface ILokiPushTarget {
  /** In-cluster host of the push endpoint (Loki's gateway), e.g. `loki-gateway.monitoring.svc`. */
  readonly pushHost: string;
  /** Port of the push endpoint. */
  readonly pushPort: number;
  /** Path of the push API, `/loki/api/v1/push`. */
  readonly pushPath: string;
  /** The whole push URL, `http://<pushHost>:<pushPort><pushPath>`. */
  readonly lokiPushUrl: string;
  /** Tenant to push as (`X-Scope-OrgID`), or undefined when Loki runs single-tenant. */
  readonly pushTenant?: string;
}

/**
 * A typed reference to an Alertmanager that Prometheus (and Loki's ruler) send alerts to. The
 * Alertmanager construct implements it; so can a reference to one that runs elsewhere in the cluster.
 */
export interface IAlertmanagerEndpoint {
  /** Namespace of the Alertmanager Service. */
  readonly namespace: string;
  /** Name of the Alertmanager Service. */
  readonly serviceName: string;
  /** Name of the Service's HTTP port. */
  readonly portName: string;
  /** In-cluster URL, e.g. `http://alertmanager.monitoring.svc:9093`. */
  readonly alertmanagerUrl: string;
}

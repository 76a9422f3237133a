import { IGrafanaDatasource } from '../core/grafana-datasource';
import { IngressOptions } from '../core/ingress';
import { NamespaceProp } from '../core/namespace';
import { ResourceRequirements } from '../core/resources';
import { GrafanaDatabase } from './grafana-database';
import { DatasourceCorrelations } from './grafana-datasources';
import { GrafanaAuthSettings, GrafanaIniSections } from './grafana-ini';
import type { ChartValuesOverride } from '../core/chart-values-override';

/** The existing Secret with Grafana's admin user and password. */
export interface GrafanaAdminSecret {
  /** Name of the Secret, in Grafana's namespace. */
  readonly secretName: string;
  /** Key of the admin user name in the Secret. @default 'admin-user' */
  readonly userKey?: string;
  /** Key of the admin password in the Secret. @default 'admin-password' */
  readonly passwordKey?: string;
}

/** Public access through an Ingress. */
export interface GrafanaIngress extends IngressOptions {
  /** Host name, e.g. `grafana.example.com` (no wildcard); also `server.domain` and the root URL (https with a `tlsSecretName`, else http). */
  readonly host: string;
  /**
   * Namespace of the ingress controller: the only namespace whose pods may reach Grafana's port
   * (the NetworkPolicy of the stack, see docs/security.md).
   * @default GRAFANA_DEFAULTS.ingressNamespace ('ingress-nginx')
   */
  readonly ingressNamespace?: string;
}

/** Props of {@link Grafana}. */
export interface GrafanaProps {
  /** Namespace to install into. */
  readonly namespace: NamespaceProp;
  /** The admin credentials: an existing Secret (never a password in props). */
  readonly adminSecret: GrafanaAdminSecret;
  /** Helm release name; the Service is named after it (`<name>-grafana` unless it contains "grafana"). @default 'grafana' */
  readonly releaseName?: string;
  /** Components Grafana reads, by typed reference (Prometheus, Alertmanager, Loki, Jaeger). @default none */
  readonly datasources?: readonly IGrafanaDatasource[];
  /** How the datasources link to each other. @default see {@link DatasourceCorrelations} */
  readonly correlations?: DatasourceCorrelations;
  /** Number of Grafana replicas; more than one needs an external `database` and `storageGiB: 0`. @default GRAFANA_DEFAULTS.replicas (1) */
  readonly replicas?: number;
  /** Where Grafana keeps its state. More than one replica needs an external one. @default GrafanaDatabase.sqlite() */
  readonly database?: GrafanaDatabase;
  /** Persistent volume in GiB; 0 for none. @default GRAFANA_DEFAULTS.storageGiB (10) with SQLite, 0 with an external database */
  readonly storageGiB?: number;
  /** StorageClass of Grafana's volume (unused when `storageGiB` is 0). @default the cluster's default StorageClass */
  readonly storageClassName?: string;
  /** CPU and memory requests and limits of the Grafana container. @default GRAFANA_DEFAULTS.resources */
  readonly resources?: ResourceRequirements;
  /**
   * An Ingress in front of Grafana; its host also sets the root URL.
   * @default no Ingress (reach Grafana with a port-forward)
   */
  readonly ingress?: GrafanaIngress;
  /** Public URL, when it differs from the Ingress's. @default from the ingress, else Grafana's default */
  readonly rootUrl?: string;
  /** Plugins to install, `id` or `id@version`. @default none */
  readonly plugins?: readonly string[];
  /** Anonymous access, sign-up and login form settings. @default no anonymous access, no sign-up, login form shown */
  readonly auth?: GrafanaAuthSettings;
  /** More `grafana.ini`; credentials only as `$__file{…}`/`$__env{…}` expansions. @default {} */
  readonly extraIni?: GrafanaIniSections;
  /**
   * Load dashboards from ConfigMaps labelled `grafana_dashboard: "1"` in every namespace (so that
   * kube-prometheus-stack's dashboards appear too), rather than only Grafana's namespace.
   * @default true
   */
  readonly dashboardsFromAllNamespaces?: boolean;
  /**
   * Chart values for what no typed prop covers yet, deep-merged last over the values this construct
   * renders (docs/extending.md): credentials refused, listed in the review, escaped like the rest.
   * @default none
   */
  readonly chartValues?: ChartValuesOverride;
}

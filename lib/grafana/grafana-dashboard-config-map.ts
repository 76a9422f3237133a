import { ConfigMap } from '@cdktf/provider-kubernetes/lib/config-map';
import { Construct } from 'constructs';
import { INamespace, dependsOnEntries } from '../core/namespace';
import { escapeTerraformTemplate } from '../core/terraform-escape';
import { Dashboard } from '../dashboards/dashboard';
import { MANAGED_BY_LABEL } from '../core/managed-by';
import { withoutStackTraces } from '../core/without-stack-traces';

/** The label the Grafana sidecar watches, and its value. */
export const DASHBOARD_LABEL = { grafana_dashboard: '1' } as const;
/** The annotation whose value is the Grafana folder (sidecar `folderAnnotation`). */
export const FOLDER_ANNOTATION = 'grafana_folder';
/** A ConfigMap holds at most 1 MiB. */
export const MAX_CONFIG_MAP_BYTES = 1024 * 1024;

/** Props of {@link GrafanaDashboardConfigMap}. */
export interface GrafanaDashboardConfigMapProps {
  /** Namespace of the ConfigMap (the sidecar watches Grafana's, or every namespace); the ConfigMap waits for it. */
  readonly namespace: INamespace;
  /** Name of the ConfigMap. */
  readonly name: string;
  /** The dashboard; its JSON becomes the ConfigMap's `<uid>.json` entry. */
  readonly dashboard: Dashboard;
  /** Grafana folder the sidecar puts the dashboard in (the `grafana_folder` annotation). */
  readonly folder: string;
}

/**
 * One dashboard as one ConfigMap that the Grafana sidecar loads into a folder. `data` values are
 * Terraform strings, so Grafana's `${datasource}` is escaped for Terraform (and only for Terraform:
 * neither Helm nor Grafana's env expansion touch dashboard files).
 */
export class GrafanaDashboardConfigMap extends Construct {
  /** The ConfigMap resource. */
  public readonly configMap: ConfigMap;

  constructor(scope: Construct, id: string, props: GrafanaDashboardConfigMapProps) {
    super(scope, id);
    this.configMap = withoutStackTraces(() => new ConfigMap(this, 'config-map', {
      metadata: {
        name: props.name,
        namespace: props.namespace.namespaceName,
        labels: { ...DASHBOARD_LABEL, ...MANAGED_BY_LABEL },
        annotations: { [FOLDER_ANNOTATION]: props.folder },
      },
      data: { [`${props.dashboard.uid}.json`]: escapeTerraformTemplate(props.dashboard.toJsonString()) },
    }));
    this.configMap.dependsOn = dependsOnEntries([props.namespace.resource]);
  }
}

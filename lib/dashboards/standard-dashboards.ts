import type { ServiceLevelObjective } from '../rules/slo/service-level-objective';
import { BusinessMetricsProps, businessMetricsDashboard } from './business-metrics';
import { clusterOverviewDashboard } from './cluster-overview';
import { Dashboard } from './dashboard';
import { alertmanagerSelfMonitoringDashboard, prometheusSelfMonitoringDashboard } from './self-monitoring';
import { ServiceLogsProps, serviceLogsDashboard } from './service-logs';
import { ServiceOverviewProps, serviceOverviewDashboard } from './service-overview';
import { sloDashboard } from './slo-dashboard';

/** The Grafana folders the shipped dashboards go to. */
export const DashboardFolder = {
  PLATFORM: 'Platform',
  SERVICES: 'Services',
  SLOS: 'SLOs',
  BUSINESS: 'Business',
} as const;
/** The name of one shipped Grafana folder (a {@link DashboardFolder} value). */
export type DashboardFolder = (typeof DashboardFolder)[keyof typeof DashboardFolder];

/** A dashboard and the folder it belongs in. */
export interface FolderedDashboard {
  /** The dashboard. */
  readonly dashboard: Dashboard;
  /** Name of the Grafana folder, usually a {@link DashboardFolder} value. */
  readonly folder: string;
}

/** Props of {@link standardDashboards}. */
export interface StandardDashboardsProps {
  /** One overview (golden signals) per service. @default none */
  readonly services?: readonly ServiceOverviewProps[];
  /**
   * One logs dashboard per service, when Loki is present; `true` uses each service's name as
   * `service_name`. @default false
   */
  readonly serviceLogs?: boolean | readonly ServiceLogsProps[];
  /** One dashboard per SLO. @default none */
  readonly slos?: readonly ServiceLevelObjective[];
  /** The business dashboard (seed 002 § 5.2). @default false */
  readonly business?: boolean | BusinessMetricsProps;
  /** Alertmanager self-monitoring (only when there is an Alertmanager). @default true */
  readonly alertmanager?: boolean;
}

/**
 * The dashboards a monitoring stack ships: cluster, Prometheus (and Alertmanager) self-monitoring in
 * Platform; service overviews and logs in Services; one per SLO in SLOs; business in Business.
 */
export function standardDashboards(props: StandardDashboardsProps = {}): FolderedDashboard[] {
  const out: FolderedDashboard[] = [
    { dashboard: clusterOverviewDashboard(), folder: DashboardFolder.PLATFORM },
    { dashboard: prometheusSelfMonitoringDashboard(), folder: DashboardFolder.PLATFORM },
  ];
  if (props.alertmanager !== false) out.push({ dashboard: alertmanagerSelfMonitoringDashboard(), folder: DashboardFolder.PLATFORM });
  for (const service of props.services ?? []) out.push({ dashboard: serviceOverviewDashboard(service), folder: DashboardFolder.SERVICES });
  const logs = props.serviceLogs === true ? (props.services ?? []).map((s) => ({ service: s.service })) : props.serviceLogs || [];
  for (const service of logs) out.push({ dashboard: serviceLogsDashboard(service), folder: DashboardFolder.SERVICES });
  for (const slo of props.slos ?? []) out.push({ dashboard: sloDashboard(slo), folder: DashboardFolder.SLOS });
  if (props.business) out.push({ dashboard: businessMetricsDashboard(props.business === true ? {} : props.business), folder: DashboardFolder.BUSINESS });
  return out;
}

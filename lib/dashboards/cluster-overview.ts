import { DashboardBuilder, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { Dashboard } from './dashboard';
import { datasourceVariable, statPanel, timeseriesPanel } from './panels';

/** Props of {@link clusterOverviewDashboard}. */
export interface ClusterOverviewProps {
  /** Dashboard uid. @default 'cluster-overview' */
  readonly uid?: string;
  /** Dashboard title. @default 'Cluster / Overview' */
  readonly title?: string;
}

const FILESYSTEMS = '{fstype!~"tmpfs|overlay|squashfs", mountpoint!~"/run.*"}';

/**
 * Cluster and infrastructure: nodes (CPU, memory, disk, network from node-exporter) and workloads
 * (readiness, restarts, requested vs allocatable from kube-state-metrics).
 */
export function clusterOverviewDashboard(props: ClusterOverviewProps = {}): Dashboard {
  const builder = new DashboardBuilder(props.title ?? 'Cluster / Overview')
    .uid(props.uid ?? 'cluster-overview')
    .tags(['cluster', 'infrastructure'])
    .description('Nodes and workloads of the cluster: capacity, saturation and pod health.')
    .refresh('1m')
    .time({ from: 'now-6h', to: 'now' })
    .withVariable(datasourceVariable('prometheus'))
    .withRow(new RowBuilder('Capacity'))
    .withPanel(statPanel({ title: 'Ready nodes', description: 'Nodes whose Ready condition is true.', unit: 'short', targets: [{ expr: 'sum(kube_node_status_condition{condition="Ready", status="true"})' }] }))
    .withPanel(statPanel({ title: 'CPU requested', description: 'CPU requested by pods as a share of allocatable CPU; above 90 % new pods stop scheduling.', unit: 'percentunit', thresholds: [0.8, 0.9], targets: [{ expr: 'sum(kube_pod_container_resource_requests{resource="cpu"}) / sum(kube_node_status_allocatable{resource="cpu"})' }] }))
    .withPanel(statPanel({ title: 'Memory requested', description: 'Memory requested by pods as a share of allocatable memory.', unit: 'percentunit', thresholds: [0.8, 0.9], targets: [{ expr: 'sum(kube_pod_container_resource_requests{resource="memory"}) / sum(kube_node_status_allocatable{resource="memory"})' }] }))
    .withPanel(statPanel({ title: 'Pods not ready', description: 'Pods whose Ready condition is false.', unit: 'short', thresholds: [1, 5], targets: [{ expr: 'sum(kube_pod_status_ready{condition="false"})' }] }))
    .withRow(new RowBuilder('Nodes'))
    .withPanel(timeseriesPanel({ title: 'Node CPU utilisation', description: 'Share of CPU time not idle, per node.', unit: 'percentunit', min: 0, max: 1, targets: [{ expr: '1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[$__rate_interval]))', legend: '{{instance}}' }] }))
    .withPanel(timeseriesPanel({ title: 'Node memory utilisation', description: 'Share of memory not available, per node.', unit: 'percentunit', min: 0, max: 1, targets: [{ expr: '1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes', legend: '{{instance}}' }] }))
    .withPanel(timeseriesPanel({ title: 'Filesystem usage', description: 'Share of each real filesystem used; the seeds alert at 85 %.', unit: 'percentunit', min: 0, max: 1, thresholds: [0.85, 0.95], targets: [{ expr: `1 - node_filesystem_avail_bytes${FILESYSTEMS} / node_filesystem_size_bytes${FILESYSTEMS}`, legend: '{{instance}} {{mountpoint}}' }] }))
    .withPanel(timeseriesPanel({ title: 'Network traffic', description: 'Bytes received (+) and transmitted (−) per node.', unit: 'Bps', targets: [
      { expr: 'sum by (instance) (rate(node_network_receive_bytes_total{device!~"lo|veth.*"}[$__rate_interval]))', legend: '{{instance}} rx' },
      { expr: '-sum by (instance) (rate(node_network_transmit_bytes_total{device!~"lo|veth.*"}[$__rate_interval]))', legend: '{{instance}} tx' },
    ] }))
    .withRow(new RowBuilder('Workloads'))
    .withPanel(timeseriesPanel({ title: 'Container restarts by namespace', description: 'Restarts in each namespace; a steady rise is a crash loop.', unit: 'short', min: 0, targets: [{ expr: 'sum by (namespace) (increase(kube_pod_container_status_restarts_total[$__rate_interval]))', legend: '{{namespace}}' }] }))
    .withPanel(timeseriesPanel({ title: 'CPU usage by namespace', description: 'CPU cores used by the containers of each namespace.', unit: 'short', min: 0, targets: [{ expr: 'sum by (namespace) (rate(container_cpu_usage_seconds_total{container!="", container!="POD"}[$__rate_interval]))', legend: '{{namespace}}' }] }));
  return Dashboard.fromBuilder(builder);
}

import { COMPONENT_RESOURCES } from '../core/component-resources';
import { HARDENED_CONTAINER, hardenedContainerWith, nonRootPod } from '../core/security-context';
import { IAlertmanagerEndpoint } from './alertmanager-endpoint';
import { annotationScrapeConfigs } from './annotation-scrape-configs';
import { applyControlPlane } from './platform';
import { ResolvedPrometheus } from './resolve-prometheus';

/**
 * kube-prometheus-stack values from resolved settings and the Alertmanager alerts go to (set by the props
 * or later by `sendAlertsTo`). Every key exists in the pinned chart (checked by the tests).
 */
export function prometheusValues(settings: ResolvedPrometheus, alertmanager: IAlertmanagerEndpoint | undefined): Record<string, unknown> {
  const { replicas, storageGiB } = settings;
  const spec: Record<string, unknown> = {
    scrapeInterval: settings.scrapeInterval.toPrometheus(),
    evaluationInterval: settings.evaluationInterval.toPrometheus(),
    externalLabels: settings.externalLabels,
    // Written out, not left to the operator's defaults: the replica label is the one the remote_write
    // receivers deduplicate on (Mimir's HA tracker: `__replica__`, with the `cluster` external label).
    replicaExternalLabelName: settings.replicaExternalLabelName,
    prometheusExternalLabelName: settings.prometheusExternalLabelName,
    // The alerts' generatorURL (the "source" link in notifications); without it, the pod's address.
    ...(settings.externalUrl ? { externalUrl: settings.externalUrl } : {}),
    retention: settings.retentionPeriod.toPrometheus(),
    retentionSize: settings.retentionSizeGiB ? `${settings.retentionSizeGiB}GiB` : '',
    replicas,
    podAntiAffinity: settings.podAntiAffinity,
    resources: settings.resources,
    // Select every ServiceMonitor, PodMonitor, Probe, ScrapeConfig and PrometheusRule in every
    // namespace, not only those with this release's `release` label (the chart's default trap).
    serviceMonitorSelectorNilUsesHelmValues: false,
    podMonitorSelectorNilUsesHelmValues: false,
    probeSelectorNilUsesHelmValues: false,
    scrapeConfigSelectorNilUsesHelmValues: false,
    ruleSelectorNilUsesHelmValues: false,
    serviceMonitorNamespaceSelector: {},
    podMonitorNamespaceSelector: {},
    ruleNamespaceSelector: {},
    enforcedSampleLimit: settings.sampleLimit,
    enforcedLabelLimit: settings.labelLimit,
    enforcedLabelNameLengthLimit: 128,
    enforcedLabelValueLengthLimit: 2048,
    remoteWrite: settings.remoteWrite,
    additionalScrapeConfigs: settings.annotationDiscovery
      ? annotationScrapeConfigs({ sampleLimit: settings.sampleLimit, labelLimit: settings.labelLimit })
      : [],
    alertingEndpoints: alertmanager
      ? [{ namespace: alertmanager.namespace, name: alertmanager.serviceName, port: alertmanager.portName, apiVersion: 'v2' }]
      : [],
    storageSpec:
      storageGiB > 0
        ? {
            volumeClaimTemplate: {
              spec: {
                ...(settings.storageClassName ? { storageClassName: settings.storageClassName } : {}),
                accessModes: ['ReadWriteOnce'],
                resources: { requests: { storage: `${storageGiB}Gi` } },
              },
            },
          }
        : {},
  };
  // Safe defaults (docs/security.md): the operator's containers, set explicitly rather than trusted to the operator.
  spec.securityContext = nonRootPod(1000, { gid: 2000 });
  spec.containers = ['prometheus', 'config-reloader'].map((name) => ({ name, securityContext: HARDENED_CONTAINER }));
  spec.initContainers = [{ name: 'init-config-reloader', securityContext: HARDENED_CONTAINER }];
  if (settings.exemplarStorage) {
    spec.enableFeatures = ['exemplar-storage'];
    spec.exemplars = { maxSize: settings.maxExemplars };
  }
  // Keys below a non-empty chart default take only the keys the chart lists there; seccomp then comes from the pod.
  const containerSecurityContext = hardenedContainerWith('allowPrivilegeEscalation', 'readOnlyRootFilesystem', 'capabilities');
  const jobPod = { fsGroup: 65534, runAsGroup: 65534, runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: 'RuntimeDefault' } };
  const values: Record<string, unknown> = {
    fullnameOverride: settings.releaseName,
    // CRDs install with the chart and are upgraded by the chart's pre-upgrade job on later versions.
    crds: {
      enabled: true,
      upgradeJob: {
        enabled: true,
        forceConflicts: true,
        resources: COMPONENT_RESOURCES.hookJob,
        containerSecurityContext,
        podSecurityContext: jobPod,
      },
    },
    // Inherited rules (lib/prometheus/inherited): groups, disabled alerts, labels, thresholds; severity and `for` in customRules.
    defaultRules: { create: settings.inheritedRules.create, ...settings.inheritedRules.defaultRules },
    customRules: settings.inheritedRules.customRules,
    alertmanager: { enabled: false },
    grafana: {
      enabled: false,
      forceDeployDashboards: settings.kubernetesDashboards,
      defaultDashboardsEnabled: settings.kubernetesDashboards,
    },
    prometheusOperator: {
      resources: COMPONENT_RESOURCES.prometheusOperator,
      securityContext: jobPod,
      containerSecurityContext,
      prometheusConfigReloader: { resources: COMPONENT_RESOURCES.configReloader },
      admissionWebhooks: {
        patch: { resources: COMPONENT_RESOURCES.hookJob, securityContext: { runAsGroup: 2000, runAsNonRoot: true, runAsUser: 2000, seccompProfile: { type: 'RuntimeDefault' } } },
        createSecretJob: { securityContext: containerSecurityContext },
        patchWebhookJob: { securityContext: containerSecurityContext },
      },
    },
    nodeExporter: { enabled: true },
    // Subchart values (kube-state-metrics 8.4.0, prometheus-node-exporter 4.56.1): keys of their own values.yaml.
    // node-exporter keeps hostNetwork/hostPID (see the exceptions in lib/security/safe-defaults-exceptions.ts).
    'prometheus-node-exporter': {
      resources: COMPONENT_RESOURCES.nodeExporter,
      securityContext: nonRootPod(65534),
      containerSecurityContext: { ...HARDENED_CONTAINER },
    },
    kubeStateMetrics: { enabled: true },
    'kube-state-metrics': {
      resources: COMPONENT_RESOURCES.kubeStateMetrics,
      securityContext: { enabled: true, ...nonRootPod(65534) },
      containerSecurityContext: { ...HARDENED_CONTAINER },
      // kube-state-metrics' --metric-labels-allowlist (kube_<resource>_labels{label_<name>=…}); none by default. The
      // subchart's templates/deployment.yaml: `--metric-labels-allowlist={{ .Values.metricLabelsAllowlist | join "," }}`.
      ...(settings.kubeStateMetricsLabels.length > 0 ? { metricLabelsAllowlist: [...settings.kubeStateMetricsLabels] } : {}),
    },
    prometheus: {
      enabled: true,
      // One replica may be evicted at a time; with one replica a PDB would block every node drain.
      podDisruptionBudget: replicas > 1 ? { enabled: true, minAvailable: replicas - 1 } : { enabled: false },
      prometheusSpec: spec,
    },
  };
  // Last: the platform switches off the control-plane scrapes it does not expose, with their rule groups (lib/prometheus/platform.ts).
  return applyControlPlane(values, settings.controlPlane);
}

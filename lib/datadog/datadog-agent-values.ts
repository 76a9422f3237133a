import { HARDENED_CONTAINER, RUNTIME_DEFAULT_SECCOMP } from '../core/security-context';
import { DatadogAdmissionController } from './admission-controller';
import { DATADOG_APM_PORT, DatadogApmTransport } from './apm-transport';
import { DatadogLogCollection } from './log-collection';
import { DATADOG_OTLP_DEFAULT_PORTS } from './otlp-receiver';
import { ResolvedDatadogAgent } from './resolve-datadog-agent';

/** Values of the datadog chart from resolved settings. Every key exists in the pinned chart (checked by the tests). */
export function datadogAgentValues(settings: ResolvedDatadogAgent): Record<string, unknown> {
  const { apm, admissionController, logCollection, otlp, resources: r } = settings;
  const logsOn = logCollection !== DatadogLogCollection.OFF;
  const otlpProtocol = (protocol: { port: number; hostPort: boolean } | undefined, defaultPort: number) => ({
    enabled: protocol !== undefined,
    endpoint: `0.0.0.0:${protocol?.port ?? defaultPort}`,
    // The chart's default is true; a host port is only bound when asked for explicitly.
    useHostPort: protocol?.hostPort ?? false,
  });
  const otlpOn = otlp.grpc !== undefined || otlp.http !== undefined;
  const admissionOn = admissionController !== DatadogAdmissionController.OFF;
  return {
    fullnameOverride: settings.releaseName,
    datadog: {
      // Keys come only from existing Secrets: `apiKey`/`appKey` are never set.
      apiKeyExistingSecret: settings.secretName,
      appKeyExistingSecret: settings.appKeySecretName,
      site: settings.site.site,
      clusterName: settings.clusterName,
      tags: [...settings.tags],
      // kube-state-metrics already runs in the Prometheus stack; Datadog uses its own
      // kubernetes_state_core check in the Cluster Agent instead of a second KSM.
      kubeStateMetricsEnabled: false,
      // Without Secret metrics the Cluster Agent's kubernetes_state_core check needs no access to Secrets.
      kubeStateMetricsCore: { collectSecretMetrics: false },
      // The chart turns Service Discovery on by itself for agents >= 7.78, which adds a root system-probe
      // with SYS_ADMIN and eight more capabilities; it stays a choice (networkMonitoring/USM turn system-probe on).
      discovery: { enabled: false },
      logs: {
        enabled: logsOn,
        containerCollectAll: logCollection === DatadogLogCollection.ALL_CONTAINERS,
      },
      apm: {
        socketEnabled: apm === DatadogApmTransport.SOCKET || apm === DatadogApmTransport.SOCKET_AND_HOST_PORT,
        portEnabled: apm === DatadogApmTransport.HOST_PORT || apm === DatadogApmTransport.SOCKET_AND_HOST_PORT,
        port: DATADOG_APM_PORT,
      },
      processAgent: {
        processCollection: settings.processCollection,
        stripProcessArguments: settings.stripProcessArguments,
        containerCollection: settings.containerCollection,
      },
      networkMonitoring: { enabled: settings.networkMonitoring },
      serviceMonitoring: { enabled: settings.universalServiceMonitoring },
      securityAgent: {
        compliance: { enabled: settings.cspm },
        runtime: { enabled: settings.cws },
      },
      otlp: {
        receiver: {
          protocols: {
            grpc: otlpProtocol(otlp.grpc, DATADOG_OTLP_DEFAULT_PORTS.grpc),
            http: otlpProtocol(otlp.http, DATADOG_OTLP_DEFAULT_PORTS.http),
          },
        },
        logs: { enabled: otlp.logs },
      },
      prometheusScrape: { enabled: settings.prometheusScrape, serviceEndpoints: false, version: 2 },
      // The bundled operator subchart is on in the chart's defaults; off unless asked for.
      operator: { enabled: settings.bundledOperator },
      // The datadog-crds subchart's condition: keep it (and workload autoscaling) off.
      autoscaling: { workload: { enabled: false } },
    },
    clusterAgent: {
      enabled: true,
      replicas: settings.clusterAgentReplicas,
      ...(settings.clusterAgentTokenSecretName !== undefined ? { tokenExistingSecret: settings.clusterAgentTokenSecretName } : {}),
      resources: r.clusterAgent,
      tolerations: settings.clusterAgentTolerations,
      // One replica with minAvailable 1 would block every node drain: a PDB only with 2+ replicas.
      pdb: settings.clusterAgentReplicas > 1 ? { create: true, minAvailable: 1 } : { create: false },
      // `agent flare` would read every Secret of the namespace to attach the Helm values: not worth that access.
      rbac: { flareAdditionalPermissions: false },
      admissionController: {
        enabled: admissionOn,
        mutateUnlabelled: admissionController === DatadogAdmissionController.ALL_PODS,
      },
      // The image's dd-agent user (uid 100, group root), numeric so that the kubelet can verify runAsNonRoot.
      securityContext: { runAsNonRoot: true, runAsUser: 100, seccompProfile: RUNTIME_DEFAULT_SECCOMP },
      containers: {
        clusterAgent: {
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
        },
        initContainers: { resources: r.initContainers, securityContext: { ...HARDENED_CONTAINER } },
      },
    },
    agents: {
      tolerations: settings.tolerations,
      containers: {
        agent: { resources: r.agent },
        traceAgent: { resources: r.traceAgent },
        processAgent: { resources: r.processAgent },
        systemProbe: { resources: r.systemProbe },
        securityAgent: { resources: r.securityAgent },
        // The node agent runs as root (host sockets, /proc, /var/log/pods): see the exceptions in
        // lib/security/safe-defaults-exceptions.ts. Its init containers only copy configuration into volumes.
        initContainers: { resources: r.initContainers, securityContext: { allowPrivilegeEscalation: false, seccompProfile: RUNTIME_DEFAULT_SECCOMP } },
      },
      localService: { overrideName: settings.localServiceName, forceLocalServiceEnabled: otlpOn },
    },
  };
}

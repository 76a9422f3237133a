import { checkNumberInRange, checkOptionalList, checkOptionalStringMap, checkReleaseName } from '../core/input-checks';
import { INamespace, resolveNamespace } from '../core/namespace';
import { ResourceRequirements, validateResources } from '../core/resources';
import { checkSecretName } from '../core/secret-reference';
import { ValidationError, show } from '../core/validation-error';
import { DatadogAdmissionController } from './admission-controller';
import { DATADOG_APM_PORT, DatadogApmTransport } from './apm-transport';
import { validateDatadogClusterName } from './cluster-name';
import { DatadogAgentProps } from './datadog-agent-props';
import { DATADOG_DEFAULTS } from './datadog-defaults';
import { DatadogResources } from './datadog-resources';
import { DatadogSite } from './datadog-site';
import { renderDatadogTags } from './datadog-tags';
import { DatadogLogCollection } from './log-collection';
import { DatadogOtlpReceiver, ResolvedDatadogOtlpReceiver } from './otlp-receiver';
import { DatadogToleration } from './toleration';

/** {@link DatadogAgentProps} checked, with every default applied: what the construct and its values are built from. */
export interface ResolvedDatadogAgent {
  /** The namespace as given, which the release waits for when this program creates it. */
  readonly namespace: INamespace;
  /** The release name, also the prefix of object names. */
  readonly releaseName: string;
  /** The Secret the API key is read from. */
  readonly secretName: string;
  /** The Secret the application key is read from (`secretName` unless given). */
  readonly appKeySecretName: string;
  /** The Secret holding the Cluster Agent token; undefined when the chart generates it. */
  readonly clusterAgentTokenSecretName?: string;
  /** The Datadog site the agent reports to. */
  readonly site: DatadogSite;
  /** Cluster name as Datadog shows it (checked against Datadog's rule). */
  readonly clusterName: string;
  /** Host tags as rendered (`key:value`, sorted), `cluster` and `env` included. */
  readonly tags: readonly string[];
  /** How applications reach the trace intake. */
  readonly apm: DatadogApmTransport;
  /** Which container logs the agent collects (never all of them beside a log shipper). */
  readonly logCollection: DatadogLogCollection;
  /** The Cluster Agent's admission controller mode. */
  readonly admissionController: DatadogAdmissionController;
  /** The OTLP intake's ports, checked against the host ports in use and the agent's own. */
  readonly otlp: ResolvedDatadogOtlpReceiver;
  /** Live process collection. */
  readonly processCollection: boolean;
  /** Whether process arguments are scrubbed. */
  readonly stripProcessArguments: boolean;
  /** Live container collection. */
  readonly containerCollection: boolean;
  /** Cloud Network Monitoring (system-probe). */
  readonly networkMonitoring: boolean;
  /** Universal Service Monitoring (system-probe). */
  readonly universalServiceMonitoring: boolean;
  /** Cloud Security Posture Management. */
  readonly cspm: boolean;
  /** Cloud Workload Security. */
  readonly cws: boolean;
  /** OpenMetrics scraping of prometheus.io-annotated pods. */
  readonly prometheusScrape: boolean;
  /** The chart's bundled datadog-operator subchart. */
  readonly bundledOperator: boolean;
  /** Cluster Agent replicas (a PodDisruptionBudget from 2). */
  readonly clusterAgentReplicas: number;
  /** Requests and limits of every container (checked against each other). */
  readonly resources: Required<DatadogResources>;
  /** The node agents' tolerations, as the chart takes them. */
  readonly tolerations: Record<string, string>[];
  /** The Cluster Agent's tolerations, as the chart takes them. */
  readonly clusterAgentTolerations: Record<string, string>[];
  /** Name of the node-local Service (internalTrafficPolicy Local) in front of the agents. */
  readonly localServiceName: string;
}

const RESERVED_TAGS = ['env', 'cluster'];

/** The one place the Datadog agent's props are checked and defaulted; `path` names the construct in errors. */
export function resolveDatadogAgent(props: DatadogAgentProps, path: string): ResolvedDatadogAgent {
  const namespace = resolveNamespace(props.namespace, path);
  const releaseName = checkReleaseName(props.releaseName ?? 'datadog', path);
  const secretName = checkKeysSecretName(path, 'secretName', props.secretName);
  const appKeySecretName = props.appKeySecretName === undefined ? secretName : checkKeysSecretName(path, 'appKeySecretName', props.appKeySecretName);
  if (props.clusterAgentTokenSecretName !== undefined) checkKeysSecretName(path, 'clusterAgentTokenSecretName', props.clusterAgentTokenSecretName);
  const site = DatadogSite.check(props.site ?? DatadogSite.US1, path);
  const clusterName = validateDatadogClusterName(props.clusterName, path);

  const userTags = checkOptionalStringMap(props.tags, path, 'tags', '{ team: "platform" }');
  for (const reserved of RESERVED_TAGS) {
    if (Object.prototype.hasOwnProperty.call(userTags, reserved)) {
      throw new ValidationError(path, `tags.${reserved} ${show(userTags[reserved])} is set from ${reserved === 'env' ? 'environment' : 'clusterName'}; remove it from tags.`);
    }
  }
  const tags = renderDatadogTags(
    { ...userTags, cluster: clusterName, ...(props.environment !== undefined ? { env: props.environment } : {}) },
    `${path} tags`,
  );

  const apm = oneOf(path, 'apm', props.apm ?? DatadogApmTransport.SOCKET, DatadogApmTransport, 'DatadogApmTransport');
  const admissionController = oneOf(path, 'admissionController', props.admissionController ?? DatadogAdmissionController.LABELLED_PODS_ONLY, DatadogAdmissionController, 'DatadogAdmissionController');
  const logShipper = props.logShipperRunning === true;
  const logCollection = oneOf(
    path,
    'logCollection',
    props.logCollection ?? (logShipper ? DatadogLogCollection.ANNOTATED_ONLY : DatadogLogCollection.ALL_CONTAINERS),
    DatadogLogCollection,
    'DatadogLogCollection',
  );
  if (logShipper && logCollection === DatadogLogCollection.ALL_CONTAINERS) {
    throw new ValidationError(
      path,
      `logCollection ${show(logCollection)} would collect every container log a second time, because the log shipper (Fluent Bit) also runs; use DatadogLogCollection.ANNOTATED_ONLY (pods opt in with ad.datadoghq.com/<container>.logs) or OFF, or turn the log shipper off (components.logShipper: false).`,
    );
  }

  const hostPortsInUse = checkOptionalList(props.hostPortsInUse, path, 'hostPortsInUse', '8126');
  for (const port of hostPortsInUse) {
    checkNumberInRange(port, path, 'hostPortsInUse entry', { min: 1, max: 65535 }, { requirement: 'is not a port number from 1 to 65535' });
  }
  const apmHostPort = apm === DatadogApmTransport.HOST_PORT || apm === DatadogApmTransport.SOCKET_AND_HOST_PORT;
  if (apmHostPort && hostPortsInUse.includes(DATADOG_APM_PORT)) {
    throw new ValidationError(path, `apm ${show(apm)} binds host port ${DATADOG_APM_PORT}, which hostPortsInUse declares taken; use DatadogApmTransport.SOCKET (no host port) or free the port.`);
  }
  const otlp = props.otlp ?? DatadogOtlpReceiver.off();
  if (!(otlp instanceof DatadogOtlpReceiver)) {
    throw new ValidationError(path, `otlp ${show(otlp)} is not a DatadogOtlpReceiver; use DatadogOtlpReceiver.off(), .inCluster() or .hostPorts({...}).`);
  }
  const resolvedOtlp = otlp.resolve(path, hostPortsInUse, apmHostPort ? { APM: DATADOG_APM_PORT } : {});

  const clusterAgentReplicas = checkNumberInRange(props.clusterAgentReplicas ?? DATADOG_DEFAULTS.clusterAgentReplicas, path, 'clusterAgentReplicas', { min: 1 }, {
    hint: ' (2 in prod keeps the admission webhook up during node drains)',
  });
  const resources = resolveResources(props.resources, path);
  const tolerations = checkOptionalList(props.tolerations, path, 'tolerations', 'DatadogToleration.all()').map((t, i) => renderToleration(t, `${path} tolerations[${i}]`));
  const clusterAgentTolerations = checkOptionalList(props.clusterAgentTolerations, path, 'clusterAgentTolerations', 'DatadogToleration.all()').map((t, i) => renderToleration(t, `${path} clusterAgentTolerations[${i}]`));

  return {
    namespace,
    releaseName,
    secretName,
    appKeySecretName,
    clusterAgentTokenSecretName: props.clusterAgentTokenSecretName,
    site,
    clusterName,
    tags,
    apm,
    logCollection,
    admissionController,
    otlp: resolvedOtlp,
    processCollection: props.processCollection === true,
    stripProcessArguments: props.stripProcessArguments !== false,
    containerCollection: props.containerCollection !== false,
    networkMonitoring: props.networkMonitoring === true,
    universalServiceMonitoring: props.universalServiceMonitoring === true,
    cspm: props.cspm === true,
    cws: props.cws === true,
    prometheusScrape: props.prometheusScrape === true,
    bundledOperator: props.bundledOperator === true,
    clusterAgentReplicas,
    resources,
    tolerations,
    clusterAgentTolerations,
    localServiceName: `${releaseName}-agent-local`,
  };
}

/** Each container's requests and limits, defaulted from {@link DATADOG_DEFAULTS} and checked against each other. */
function resolveResources(resources: DatadogResources | undefined, path: string): Required<DatadogResources> {
  const out: Record<string, ResourceRequirements> = {};
  for (const name of Object.keys(DATADOG_DEFAULTS.resources) as Array<keyof DatadogResources>) {
    out[name] = validateResources(resources?.[name] ?? DATADOG_DEFAULTS.resources[name], `${path} resources.${name}`);
  }
  return out as Required<DatadogResources>;
}

/** A Secret the agent reads keys from: a missing one is told how to create, then the shared name check. */
function checkKeysSecretName(path: string, name: string, value: unknown): string {
  if (value === undefined || value === null || value === '') {
    throw new ValidationError(
      path,
      `${name} ${show(value)} names no Secret; the Datadog agent reads its keys only from an existing Kubernetes Secret. Create one with keys api-key and app-key (kubectl -n <namespace> create secret generic datadog-keys --from-literal=api-key=... --from-literal=app-key=...) and pass ${name}: "datadog-keys".`,
    );
  }
  return checkSecretName(path, name, value, 'datadog-keys');
}

function oneOf<T extends string>(path: string, name: string, value: T, options: Record<string, T>, typeName: string): T {
  if (!Object.values(options).includes(value)) {
    throw new ValidationError(path, `${name} ${show(value)} is not one of ${Object.values(options).join(', ')} (${typeName}.*).`);
  }
  return value;
}

function renderToleration(toleration: DatadogToleration, where: string): Record<string, string> {
  if (!(toleration instanceof DatadogToleration)) {
    throw new ValidationError(where, `${show(toleration)} is not a DatadogToleration; use DatadogToleration.all(), DatadogToleration.exists(key) or DatadogToleration.equal(key, value).`);
  }
  return toleration.render(where);
}

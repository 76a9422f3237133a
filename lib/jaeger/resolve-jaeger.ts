import { Duration, toDuration } from '../core/duration';
import { checkIngressOptions } from '../core/ingress';
import { checkReleaseName, checkReplicas } from '../core/input-checks';
import { INamespace, resolveNamespace } from '../core/namespace';
import { ResourceRequirements, validateResources } from '../core/resources';
import { ValidationError, show } from '../core/validation-error';
import { JAEGER_DEFAULTS } from './jaeger-defaults';
import { JaegerIngressOptions, JaegerProps } from './jaeger-props';
import { JaegerStorage } from './jaeger-storage';
import { SamplingStrategies } from './sampling-strategies';

/** {@link JaegerProps} checked, with every default applied: what the construct and its values are built from. */
export interface ResolvedJaeger {
  /** The namespace as given, which the releases wait for when this program creates it. */
  readonly namespace: INamespace;
  /** The release name, which is also the Service name (the chart's fullname). */
  readonly releaseName: string;
  /** Where traces are kept (checked). */
  readonly storage: JaegerStorage;
  /** How long traces are kept: whole days on Elasticsearch/OpenSearch, at least an hour on Cassandra. */
  readonly retention: Duration;
  /** Mutable: services may still be added until synthesis, which renders it. */
  readonly sampling: SamplingStrategies;
  /** Jaeger replicas; more than one only with a shared storage. */
  readonly replicas: number;
  /** Requests and limits of the Jaeger container (checked against each other). */
  readonly resources: ResourceRequirements;
  /** `/` or an absolute path without a trailing slash. */
  readonly queryBasePath: string;
  /** The query UI's Ingress (checked); undefined for none. */
  readonly ingress?: JaegerIngressOptions;
  /** Name of the ConfigMap that holds `strategies.json`. */
  readonly samplingConfigMapName: string;
}

const BASE_PATH = /^\/([A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*)?$/;

/** The one place Jaeger's props are checked and defaulted; `path` names the construct in errors. */
export function resolveJaeger(props: JaegerProps, path: string): ResolvedJaeger {
  const namespace = resolveNamespace(props.namespace, path);
  const releaseName = checkReleaseName(props.releaseName ?? 'jaeger', path);
  const storage = props.storage ?? JaegerStorage.memory();
  if (!(storage instanceof JaegerStorage)) {
    throw new ValidationError(path, `storage ${show(storage)} is not a JaegerStorage; use JaegerStorage.memory(), .elasticsearch(...), .opensearch(...) or .cassandra(...).`);
  }
  storage.validate(path);
  const retention = toDuration(props.retention ?? JAEGER_DEFAULTS.retention, `${path} retention`);
  if (storage.isSearchEngine && (retention.toDays() < 1 || !Number.isInteger(retention.toDays()))) {
    throw new ValidationError(path, `retention ${show(retention.toPrometheus())} must be whole days of at least 1 with ${storage.type} (indices are daily and removed per day); write e.g. "7d".`);
  }
  if (storage.type === 'cassandra' && retention.toHours() < 1) {
    throw new ValidationError(path, `retention ${show(retention.toPrometheus())} is shorter than an hour; Cassandra's trace TTL needs e.g. "7d".`);
  }
  const replicas = checkReplicas(props.replicas ?? JAEGER_DEFAULTS.replicas, path);
  if (replicas > 1 && !storage.isShared) {
    throw new ValidationError(path, `replicas ${show(replicas)} with memory storage would give each replica its own traces (queries would miss most of them); use 1 replica, or a shared storage such as JaegerStorage.elasticsearch(...).`);
  }
  const resources = validateResources(props.resources ?? JAEGER_DEFAULTS.resources, `${path} resources`);
  const queryBasePath = props.queryBasePath ?? '/';
  if (typeof queryBasePath !== 'string' || !BASE_PATH.test(queryBasePath)) {
    throw new ValidationError(path, `queryBasePath ${show(queryBasePath)} is not an absolute URL path without a trailing slash; write e.g. "/jaeger", or "/" for the root.`);
  }
  if (props.ingress !== undefined) {
    checkIngressOptions(path, 'ingress', props.ingress, { exampleHost: 'jaeger.example.com', exampleTlsSecret: 'jaeger-tls', wildcardHost: true });
  }
  const sampling = props.sampling ?? new SamplingStrategies({ defaultProbability: JAEGER_DEFAULTS.samplingProbability });
  if (!(sampling instanceof SamplingStrategies)) {
    throw new ValidationError(path, `sampling ${show(sampling)} is not SamplingStrategies; pass new SamplingStrategies({ defaultProbability: 0.1 }).`);
  }
  return {
    namespace,
    releaseName,
    storage,
    retention,
    sampling,
    replicas,
    resources,
    queryBasePath,
    ingress: props.ingress,
    samplingConfigMapName: `${releaseName}-sampling-strategies`,
  };
}

import { checkReleaseName, checkReplicas } from '../core/input-checks';
import { INamespace, resolveNamespace } from '../core/namespace';
import { PodAntiAffinity } from '../core/pod-anti-affinity';
import { ResourceRequirements, validateResources } from '../core/resources';
import { showUrl } from '../core/secret-reference';
import { ValidationError, show } from '../core/validation-error';
import { ALERTMANAGER_DEFAULTS } from './alertmanager-defaults';
import { AlertmanagerConfig } from './alertmanager-config';
import { AlertmanagerProps } from './alertmanager-props';

/** {@link AlertmanagerProps} checked, with every default applied: what the construct and its values are built from. */
export interface ResolvedAlertmanager {
  /** The namespace the release installs into. */
  readonly namespace: INamespace;
  /** The typed configuration. */
  readonly config: AlertmanagerConfig;
  /** The release name, which is also the Service name. */
  readonly serviceName: string;
  /** Number of replicas. */
  readonly replicas: number;
  /** Volume per replica in GiB; 0 means an emptyDir. */
  readonly storageGiB: number;
  /** StorageClass of the volumes; undefined for the cluster's default. */
  readonly storageClassName?: string;
  /** Requests and limits of the Alertmanager container. */
  readonly resources: ResourceRequirements;
  /** URL users reach Alertmanager at; undefined when not set. */
  readonly externalUrl?: string;
  /** The chart's `podAntiAffinity`: '' for none. */
  readonly podAntiAffinity: PodAntiAffinity | '';
}

/** The one place Alertmanager's props are checked and defaulted; `path` names the construct in errors. */
export function resolveAlertmanager(props: AlertmanagerProps, path: string): ResolvedAlertmanager {
  if (!(props.config instanceof AlertmanagerConfig)) {
    throw new ValidationError(path, `config ${show(props.config)} is not an AlertmanagerConfig; build one with new AlertmanagerConfig({...}) or SeverityPolicy.create({...}).`);
  }
  const namespace = resolveNamespace(props.namespace, path);
  const serviceName = checkReleaseName(props.releaseName ?? 'alertmanager', path);
  const replicas = checkReplicas(props.replicas ?? ALERTMANAGER_DEFAULTS.replicas, path);
  const storageGiB = props.storageGiB ?? ALERTMANAGER_DEFAULTS.storageGiB;
  if (typeof storageGiB !== 'number' || !(storageGiB === 0 || storageGiB > 0)) {
    throw new ValidationError(path, `storageGiB ${show(storageGiB)} must be 0 (emptyDir) or a positive size in GiB.`);
  }
  if (props.externalUrl !== undefined && !/^https?:\/\/[^\s/@]+(\/\S*)?$/.test(props.externalUrl)) {
    throw new ValidationError(path, `externalUrl ${showUrl(props.externalUrl)} is not an http(s) URL without credentials; write e.g. "https://alertmanager.example.com".`);
  }
  if (props.podAntiAffinity !== undefined && !Object.values(PodAntiAffinity).includes(props.podAntiAffinity)) {
    throw new ValidationError(path, `podAntiAffinity ${show(props.podAntiAffinity)} is not one of ${Object.values(PodAntiAffinity).join(', ')} (PodAntiAffinity.*).`);
  }
  const resources = validateResources(props.resources ?? ALERTMANAGER_DEFAULTS.resources, `${path} resources`);
  return {
    namespace,
    config: props.config,
    serviceName,
    replicas,
    storageGiB,
    storageClassName: props.storageClassName,
    resources,
    externalUrl: props.externalUrl,
    podAntiAffinity: props.podAntiAffinity ?? (replicas > 1 ? PodAntiAffinity.HARD : ''),
  };
}

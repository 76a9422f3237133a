import { checkReleaseName, checkReplicas } from '../core/input-checks';
import { INamespace, resolveNamespace } from '../core/namespace';
import { ResourceRequirements, validateResources } from '../core/resources';
import { ValidationError, show } from '../core/validation-error';
import { BLACKBOX_EXPORTER_DEFAULTS } from './blackbox-exporter-defaults';
import { BlackboxExporterProps } from './blackbox-exporter-props';
import { BlackboxModule, BlackboxProber } from './blackbox-module';

/** {@link BlackboxExporterProps} checked, with every default applied: what the construct and its values are built from. */
export interface ResolvedBlackboxExporter {
  /** The namespace the release installs into. */
  readonly namespace: INamespace;
  /** The release name, which is also the Service name. */
  readonly serviceName: string;
  /** Number of replicas. */
  readonly replicas: number;
  /** Requests and limits of the exporter container. */
  readonly resources: ResourceRequirements;
  /** The modules by name. */
  readonly modules: ReadonlyMap<string, BlackboxModule>;
  /** The exporter's `config.modules`, rendered and checked. */
  readonly moduleConfig: Readonly<Record<string, Record<string, unknown>>>;
  /** Whether a module probes with ICMP (the pods then get the unprivileged-ping sysctl). */
  readonly icmp: boolean;
}

/** The one place the blackbox exporter's props are checked and defaulted; `path` names the construct in errors. */
export function resolveBlackboxExporter(props: BlackboxExporterProps, path: string): ResolvedBlackboxExporter {
  const namespace = resolveNamespace(props.namespace, path);
  const serviceName = checkReleaseName(props.releaseName ?? 'blackbox-exporter', path);
  const replicas = checkReplicas(props.replicas ?? BLACKBOX_EXPORTER_DEFAULTS.replicas, path);
  const resources = validateResources(props.resources ?? BLACKBOX_EXPORTER_DEFAULTS.resources, `${path} resources`);
  const list = props.modules ?? [BlackboxModule.http2xx()];
  if (!Array.isArray(list) || list.length === 0) {
    throw new ValidationError(path, `modules ${show(props.modules)} must be a non-empty list of modules; write e.g. modules: [BlackboxModule.http2xx(), BlackboxModule.tcpConnect()].`);
  }
  const modules = new Map<string, BlackboxModule>();
  const moduleConfig: Record<string, Record<string, unknown>> = {};
  list.forEach((module, index) => {
    if (!(module instanceof BlackboxModule)) {
      throw new ValidationError(path, `modules[${index}] ${show(module)} is not a BlackboxModule; build it with BlackboxModule.http2xx(), .tcpConnect(), .icmp() or .grpc().`);
    }
    if (modules.has(module.name)) {
      throw new ValidationError(path, `modules: two modules are named ${show(module.name)}; give one a different name, e.g. BlackboxModule.http2xx({ name: "http_2xx_post", method: "POST" }).`);
    }
    moduleConfig[module.name] = module.render(path);
    modules.set(module.name, module);
  });
  return {
    namespace,
    serviceName,
    replicas,
    resources,
    modules,
    moduleConfig,
    icmp: list.some((module) => module.prober === BlackboxProber.ICMP),
  };
}

import { ValidationError, show } from '../core/validation-error';

/** The sections of a collector configuration that hold components. */
export const ComponentKind = {
  RECEIVER: 'receivers',
  PROCESSOR: 'processors',
  EXPORTER: 'exporters',
  CONNECTOR: 'connectors',
  EXTENSION: 'extensions',
} as const;
/** One component section of a collector configuration (a {@link ComponentKind} value). */
export type ComponentKind = (typeof ComponentKind)[keyof typeof ComponentKind];

/**
 * Component types of the contrib distribution (otel/opentelemetry-collector-contrib) that this library
 * knows; a type outside this list is refused as a likely typo (`memorylimiter`, `spanmetric`).
 */
export const KNOWN_COMPONENT_TYPES: { readonly [K in ComponentKind]: ReadonlyArray<string> } = {
  receivers: ['otlp', 'prometheus', 'jaeger', 'zipkin', 'hostmetrics', 'kubeletstats', 'k8s_cluster', 'k8sobjects', 'filelog'],
  processors: [
    'memory_limiter', 'batch', 'tail_sampling', 'probabilistic_sampler', 'k8sattributes', 'k8s_attributes',
    'resource', 'resourcedetection', 'attributes', 'filter', 'transform', 'groupbytrace',
  ],
  exporters: ['otlp', 'otlphttp', 'prometheus', 'prometheusremotewrite', 'datadog', 'debug', 'loadbalancing', 'loki'],
  connectors: ['spanmetrics', 'servicegraph', 'datadog', 'forward', 'count', 'routing'],
  extensions: ['health_check', 'pprof', 'zpages', 'basicauth', 'bearertokenauth', 'file_storage'],
};

/** The signals a pipeline can carry. */
export const Signal = { TRACES: 'traces', METRICS: 'metrics', LOGS: 'logs' } as const;
/** One telemetry signal (a {@link Signal} value). */
export type Signal = (typeof Signal)[keyof typeof Signal];

/** One pipeline: where data comes from, what happens to it in order, where it goes. */
export interface PipelineSpec {
  /** Receivers or connectors (as receivers). */
  readonly receivers: ReadonlyArray<string>;
  /** Processors, applied in order. @default none */
  readonly processors?: ReadonlyArray<string>;
  /** Exporters or connectors (as exporters). */
  readonly exporters: ReadonlyArray<string>;
}

const COMPONENT_ID = /^([a-z][a-z0-9_]*)(\/[A-Za-z0-9_.-]+)?$/;
const PIPELINE_ID = /^(traces|metrics|logs)(\/[A-Za-z0-9_.-]+)?$/;

/**
 * A typed OpenTelemetry collector configuration, validated as a whole when rendered: component ids
 * are `type[/name]` of a known type, nothing is defined twice, every pipeline's receivers, processors
 * and exporters exist in the right section, every connector is used on both sides (exporter of one
 * pipeline, receiver of another), `memory_limiter` comes first, and nothing defined is left unused.
 * A pure model: `render()` gives the plain object that becomes the collector's YAML.
 */
export class CollectorConfig {
  private readonly components: { [K in ComponentKind]: Map<string, Record<string, unknown>> } = {
    receivers: new Map(),
    processors: new Map(),
    exporters: new Map(),
    connectors: new Map(),
    extensions: new Map(),
  };
  private readonly pipelines = new Map<string, PipelineSpec>();
  private telemetry: Record<string, unknown> = {};

  /** @param where the owner's path, for error messages (e.g. a construct path). */
  constructor(private readonly where: string = 'CollectorConfig') {}

  /**
   * Defines receiver `id` (`type[/name]`, e.g. `otlp`) with its configuration; refuses an unknown type or a duplicate id.
   */
  public addReceiver(id: string, config: Record<string, unknown> = {}): this {
    return this.add(ComponentKind.RECEIVER, id, config);
  }
  /**
   * Defines processor `id` (`type[/name]`, e.g. `batch`) with its configuration; refuses an unknown type or a duplicate id.
   */
  public addProcessor(id: string, config: Record<string, unknown> = {}): this {
    return this.add(ComponentKind.PROCESSOR, id, config);
  }
  /**
   * Defines exporter `id` (`type[/name]`, e.g. `otlp/jaeger`) with its configuration; refuses an unknown type or a duplicate id.
   */
  public addExporter(id: string, config: Record<string, unknown> = {}): this {
    return this.add(ComponentKind.EXPORTER, id, config);
  }
  /**
   * Defines connector `id` (`type[/name]`, e.g. `spanmetrics`), an exporter of one pipeline and a receiver of another.
   */
  public addConnector(id: string, config: Record<string, unknown> = {}): this {
    return this.add(ComponentKind.CONNECTOR, id, config);
  }
  /**
   * Defines extension `id` (`type[/name]`, e.g. `health_check`) with its configuration; refuses an unknown type or a duplicate id.
   */
  public addExtension(id: string, config: Record<string, unknown> = {}): this {
    return this.add(ComponentKind.EXTENSION, id, config);
  }

  /** Adds a pipeline `traces`, `metrics` or `logs`, optionally `/name`d; checked when rendered. */
  public addPipeline(id: string, spec: PipelineSpec): this {
    if (typeof id !== 'string' || !PIPELINE_ID.test(id)) {
      throw new ValidationError(this.where, `pipeline id ${show(id)} is not "traces", "metrics" or "logs", optionally followed by "/name"; e.g. "traces/tail".`);
    }
    if (this.pipelines.has(id)) {
      throw new ValidationError(this.where, `pipeline ${show(id)} is added twice; give the second one another name, e.g. "${id.split('/')[0]}/other".`);
    }
    this.pipelines.set(id, spec);
    return this;
  }

  /** Sets `service.telemetry` (the collector's own metrics and logs). */
  public setTelemetry(telemetry: Record<string, unknown>): this {
    this.telemetry = telemetry;
    return this;
  }

  /** Whether a component of that kind and id exists. */
  public has(kind: ComponentKind, id: string): boolean {
    return this.components[kind].has(id);
  }

  /** Pipeline ids, in the order added. */
  public pipelineIds(): string[] {
    return [...this.pipelines.keys()];
  }

  /** Validates the whole configuration and returns it as the collector reads it. */
  public render(): Record<string, unknown> {
    this.validate();
    const section = (kind: ComponentKind) => Object.fromEntries(this.components[kind]);
    const out: Record<string, unknown> = {
      receivers: section(ComponentKind.RECEIVER),
      processors: section(ComponentKind.PROCESSOR),
      exporters: section(ComponentKind.EXPORTER),
    };
    if (this.components.connectors.size > 0) out.connectors = section(ComponentKind.CONNECTOR);
    out.extensions = section(ComponentKind.EXTENSION);
    out.service = {
      extensions: [...this.components.extensions.keys()],
      telemetry: this.telemetry,
      pipelines: Object.fromEntries(
        [...this.pipelines.entries()].map(([id, spec]) => [id, { receivers: [...spec.receivers], processors: [...(spec.processors ?? [])], exporters: [...spec.exporters] }]),
      ),
    };
    return out;
  }

  private add(kind: ComponentKind, id: string, config: Record<string, unknown>): this {
    const singular = kind.replace(/s$/, '');
    const match = typeof id === 'string' ? COMPONENT_ID.exec(id) : null;
    if (!match) {
      throw new ValidationError(this.where, `${singular} id ${show(id)} is not "type" or "type/name" (lowercase type, e.g. "otlp" or "otlp/jaeger").`);
    }
    if (!KNOWN_COMPONENT_TYPES[kind].includes(match[1])) {
      throw new ValidationError(this.where, `${singular} type ${show(match[1])} (in ${show(id)}) is not a known ${singular} of the contrib distribution; use one of ${KNOWN_COMPONENT_TYPES[kind].join(', ')}.`);
    }
    if (this.components[kind].has(id)) {
      throw new ValidationError(this.where, `${singular} ${show(id)} is defined twice; give the second one another name, e.g. "${match[1]}/second".`);
    }
    this.components[kind].set(id, config);
    return this;
  }

  private validate(): void {
    if (this.pipelines.size === 0) {
      throw new ValidationError(this.where, 'the collector has no pipelines; add at least one, e.g. addPipeline("traces", { receivers: ["otlp"], exporters: ["otlp/jaeger"] }).');
    }
    const used = new Set<string>();
    const connectorAsExporter = new Set<string>();
    const connectorAsReceiver = new Set<string>();
    for (const [id, spec] of this.pipelines) {
      const where = `pipeline ${show(id)}`;
      for (const [role, list] of [['receivers', spec.receivers], ['exporters', spec.exporters]] as const) {
        if (!Array.isArray(list) || list.length === 0) {
          throw new ValidationError(this.where, `${where} has no ${role}; a pipeline needs at least one receiver and one exporter.`);
        }
      }
      const processors = spec.processors ?? [];
      for (const [role, list] of [['receivers', spec.receivers], ['processors', processors], ['exporters', spec.exporters]] as const) {
        if (new Set(list).size !== list.length) {
          throw new ValidationError(this.where, `${where} lists a ${role.replace(/s$/, '')} twice in ${show(list)}; list each once.`);
        }
      }
      for (const receiver of spec.receivers) {
        if (this.components.receivers.has(receiver)) used.add(`receivers:${receiver}`);
        else if (this.components.connectors.has(receiver)) connectorAsReceiver.add(receiver);
        else throw this.missing(where, 'receiver', receiver, ComponentKind.RECEIVER);
      }
      for (const exporter of spec.exporters) {
        if (this.components.exporters.has(exporter)) used.add(`exporters:${exporter}`);
        else if (this.components.connectors.has(exporter)) connectorAsExporter.add(exporter);
        else throw this.missing(where, 'exporter', exporter, ComponentKind.EXPORTER);
      }
      processors.forEach((processor, index) => {
        if (!this.components.processors.has(processor)) throw this.missing(where, 'processor', processor, ComponentKind.PROCESSOR);
        used.add(`processors:${processor}`);
        if (processor.split('/')[0] === 'memory_limiter' && index !== 0) {
          throw new ValidationError(this.where, `${where} has ${show(processor)} at position ${index + 1}; memory_limiter must be the first processor, or data is buffered before it can refuse it.`);
        }
      });
    }
    for (const connector of this.components.connectors.keys()) {
      if (!connectorAsExporter.has(connector) || !connectorAsReceiver.has(connector)) {
        const side = connectorAsExporter.has(connector) ? 'receiver' : 'exporter';
        throw new ValidationError(this.where, `connector ${show(connector)} is not used as ${side === 'receiver' ? 'a receiver' : 'an exporter'} of any pipeline; a connector joins two pipelines: export to it from one and receive from it in another.`);
      }
    }
    for (const kind of [ComponentKind.RECEIVER, ComponentKind.PROCESSOR, ComponentKind.EXPORTER] as const) {
      for (const id of this.components[kind].keys()) {
        if (!used.has(`${kind}:${id}`)) {
          throw new ValidationError(this.where, `${kind.replace(/s$/, '')} ${show(id)} is defined but no pipeline uses it; add it to a pipeline or remove it.`);
        }
      }
    }
  }

  private missing(where: string, role: string, id: string, kind: ComponentKind): ValidationError {
    const known = [...this.components[kind].keys(), ...(kind === ComponentKind.PROCESSOR || kind === ComponentKind.EXTENSION ? [] : this.components.connectors.keys())];
    return new ValidationError(this.where, `${where} uses ${role} ${show(id)}, which is not defined; define it first or use one of ${show(known)}.`);
  }
}

/**
 * How a Distributed component is scaled: with `replicas` (stateless), with `ingesterReplicas`, or one
 * pod (the compactor and the ruler, which must not run twice).
 */
export type LokiComponentScaling = 'replicas' | 'ingesterReplicas' | 'single';

/** One workload of a Distributed Loki, as the loki chart names it. */
export interface LokiComponent {
  /** Its Service name after `<release>-` (so its job is `<namespace>/<release>-<name>`), e.g. `query-frontend`. */
  readonly name: string;
  /** Its key in the chart's values, e.g. `queryFrontend`. */
  readonly chartKey: string;
  /** How its replica count is set. */
  readonly scaling: LokiComponentScaling;
}

/**
 * The components the stack runs in Distributed mode, each with a Service on the `http-metrics` port.
 * The order is the order of `Loki.metricsJobs` and of the stateless components' keys in the values.
 */
export const LOKI_DISTRIBUTED_COMPONENTS: readonly LokiComponent[] = [
  { name: 'distributor', chartKey: 'distributor', scaling: 'replicas' },
  { name: 'ingester', chartKey: 'ingester', scaling: 'ingesterReplicas' },
  { name: 'querier', chartKey: 'querier', scaling: 'replicas' },
  { name: 'query-frontend', chartKey: 'queryFrontend', scaling: 'replicas' },
  { name: 'query-scheduler', chartKey: 'queryScheduler', scaling: 'replicas' },
  { name: 'index-gateway', chartKey: 'indexGateway', scaling: 'replicas' },
  { name: 'compactor', chartKey: 'compactor', scaling: 'single' },
  { name: 'ruler', chartKey: 'ruler', scaling: 'single' },
];

/** The Distributed components scaled the given way, in list order. */
export function lokiComponentsScaled(scaling: LokiComponentScaling): readonly LokiComponent[] {
  return LOKI_DISTRIBUTED_COMPONENTS.filter((component) => component.scaling === scaling);
}

import { compareText } from '../core/compare-text';
import { ComputeResources, cpuMillicores, memoryBytes } from '../core/resources';
import type { ComponentReview } from './component-review';

/** The machine-readable component table of a stack, next to summary.md. */
export const COMPONENTS_FILE = 'components.json';

/** Replicas of a workload: a fixed count, or one pod on every node (a DaemonSet). */
export type ReplicaCount = number | 'per node';

/** One sized workload of a component (`main` is the component's main workload). */
export interface WorkloadRecord {
  /** Workload name: `main`, or the component's name for it (e.g. `cluster-agent`). */
  readonly name: string;
  /** Replica count, or `per node` for a DaemonSet. */
  readonly replicas: ReplicaCount;
  /** Per replica; absent when the component leaves sizing to the chart. */
  readonly requests?: ComputeResources;
  /** Per replica; absent when the component leaves sizing to the chart. */
  readonly limits?: ComputeResources;
}

/** One component as `components.json` records it. */
export interface ComponentRecord {
  /** Construct path, the component's identity between two commits. */
  readonly path: string;
  /** Kind of component, e.g. `Prometheus`. */
  readonly component: string;
  /** Kubernetes namespace the component runs in. */
  readonly namespace: string;
  /** The Helm chart and its pinned version; absent for components without a chart. */
  readonly chart?: { readonly name: string; readonly version: string; readonly repository?: string };
  /** Retention of the data it keeps, e.g. `15d`; absent when it keeps none. */
  readonly retention?: string;
  /** Persistent storage per replica, e.g. `50Gi` or `emptyDir`; absent when not applicable. */
  readonly storage?: string;
  /** `main` first, then the others in the order the component gave them. */
  readonly workloads: ReadonlyArray<WorkloadRecord>;
}

/** Requests summed over a stack: fixed replicas, and what every node runs on top. */
export interface RequestTotals {
  /** CPU requested by fixed-replica workloads (replicas × requests), in millicores. */
  readonly fixedCpuMillicores: number;
  /** Memory requested by fixed-replica workloads (replicas × requests), in bytes. */
  readonly fixedMemoryBytes: number;
  /** CPU requested on every node by per-node workloads, in millicores. */
  readonly perNodeCpuMillicores: number;
  /** Memory requested on every node by per-node workloads, in bytes. */
  readonly perNodeMemoryBytes: number;
  /** The components with per-node workloads, e.g. `LogShipper`, for the reader. */
  readonly perNodeComponents: ReadonlyArray<string>;
}

/** The content of `components.json`. */
export interface ComponentsDocument {
  /** Version of this document's format. */
  readonly schema: 1;
  /** The stack's name, e.g. `monitoring-prod`. */
  readonly stack: string;
  /** The stack's components. */
  readonly components: ReadonlyArray<ComponentRecord>;
  /** Requests summed over the components. */
  readonly totals: RequestTotals;
}

/** The record of a component review, with its workloads flattened; sorted callers keep it deterministic. */
export function toComponentRecord(review: ComponentReview): ComponentRecord {
  const main: WorkloadRecord = {
    name: 'main',
    replicas: review.replicas ?? 'per node',
    ...(review.resources ? { requests: review.resources.requests, limits: review.resources.limits } : {}),
  };
  const others = (review.otherWorkloads ?? []).map((w): WorkloadRecord => ({
    name: w.name,
    replicas: w.replicas ?? 'per node',
    requests: w.resources.requests,
    limits: w.resources.limits,
  }));
  return {
    path: review.constructPath,
    component: review.component,
    namespace: review.namespace,
    ...(review.chart ? { chart: { name: review.chart.chart, version: review.chart.version, repository: review.chart.repository } } : {}),
    ...(review.retention !== undefined ? { retention: review.retention } : {}),
    ...(review.storage !== undefined ? { storage: review.storage } : {}),
    workloads: [main, ...others],
  };
}

/**
 * Sums requests: replicas × requests for fixed replica counts; per-node workloads separately, since
 * their total depends on the node count, which the program does not know.
 */
export function requestTotals(components: ReadonlyArray<ComponentRecord>): RequestTotals {
  let fixedCpu = 0;
  let fixedMemory = 0;
  let nodeCpu = 0;
  let nodeMemory = 0;
  const perNode = new Set<string>();
  for (const c of components) {
    for (const w of c.workloads) {
      if (!w.requests) continue;
      const cpu = cpuMillicores(w.requests.cpu, c.path);
      const memory = memoryBytes(w.requests.memory, c.path);
      if (w.replicas === 'per node') {
        nodeCpu += cpu;
        nodeMemory += memory;
        perNode.add(w.name === 'main' ? c.component : `${c.component} ${w.name}`);
      } else {
        fixedCpu += w.replicas * cpu;
        fixedMemory += w.replicas * memory;
      }
    }
  }
  return {
    fixedCpuMillicores: fixedCpu,
    fixedMemoryBytes: fixedMemory,
    perNodeCpuMillicores: nodeCpu,
    perNodeMemoryBytes: nodeMemory,
    perNodeComponents: [...perNode].sort(),
  };
}

/** `components.json` of a stack: components sorted by construct path, two-space indented. */
export function renderComponentsJson(stackName: string, reviews: ReadonlyArray<ComponentReview>): string {
  const components = reviews.map(toComponentRecord).sort((a, b) => compareText(a.path, b.path));
  const document: ComponentsDocument = { schema: 1, stack: stackName, components, totals: requestTotals(components) };
  return `${JSON.stringify(document, null, 2)}\n`;
}
